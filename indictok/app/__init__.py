"""The web app (a Gradio Space). The only package, with app.py, that imports gradio."""

from .layout import build_demo as build_demo
from .layout import launch_kwargs as launch_kwargs
from .layout import queue_kwargs as queue_kwargs
