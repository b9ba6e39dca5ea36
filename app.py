"""Hugging Face Space entry point: `python app.py`."""

from indictok.ui import build_demo, launch_kwargs

demo = build_demo()

if __name__ == "__main__":
    demo.queue(default_concurrency_limit=4).launch(**launch_kwargs())
