"""The web app (a Gradio Space). The only package, with app.py, that imports gradio.

`python app.py` (the Space) and `indictok serve` (an installed package) serve the same page.
Nothing here reaches the network: Gradio's analytics and Hugging Face telemetry are off
before gradio is imported.
"""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from .scratch import SCRATCH

os.environ.setdefault("GRADIO_TEMP_DIR", str(SCRATCH.root / "gradio"))

from .layout import build_demo as build_demo
from .layout import launch_kwargs as launch_kwargs
from .layout import queue_kwargs as queue_kwargs


def serve(host: str | None = None, port: int | None = None) -> None:
    """Serve the page until interrupted, on `host`:`port` (None: Gradio's defaults,
    $GRADIO_SERVER_NAME or 127.0.0.1, and $GRADIO_SERVER_PORT or 7860)."""
    demo = build_demo()
    demo.queue(**queue_kwargs()).launch(server_name=host, server_port=port, **launch_kwargs())
