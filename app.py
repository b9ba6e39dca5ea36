"""Hugging Face Space entry point: `python app.py`. Nothing here reaches the network:
Gradio's analytics and Hugging Face telemetry are off before gradio is imported."""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from indictok.app import build_demo, launch_kwargs, queue_kwargs

demo = build_demo()

if __name__ == "__main__":
    demo.queue(**queue_kwargs()).launch(**launch_kwargs())
