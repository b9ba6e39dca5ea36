"""Moved to indictok.tools.corpus; this name stays only until tests/test_browser.py (which
this change may not edit) imports it from there. Nothing in the package imports it."""

from .tools.corpus import eval_file, eval_files, read_lines

__all__ = ["eval_file", "eval_files", "read_lines"]
