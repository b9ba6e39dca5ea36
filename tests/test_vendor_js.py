"""The browser engine's vendored npm files (assets/vendor/) match their pinned sha256."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "vendor_js.py"


def _script():
    spec = importlib.util.spec_from_file_location("vendor_js", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.fast
def test_vendored_files_match_their_sha256():
    assert _script().problems() == []


@pytest.mark.fast
def test_an_altered_vendored_file_is_named(tmp_path, monkeypatch):
    vendor_js = _script()
    copy = tmp_path / "vendor"
    shutil.copytree(vendor_js.VENDOR, copy)
    (copy / "tiktoken" / "tiktoken_bg.mjs").write_text("// altered\n")
    monkeypatch.setattr(vendor_js, "VENDOR", copy)
    monkeypatch.setattr(vendor_js, "SUMS", copy / "SHA256SUMS")
    assert vendor_js.problems() == [
        "assets/vendor/tiktoken/tiktoken_bg.mjs differs from its sha256 in SHA256SUMS"
    ]
