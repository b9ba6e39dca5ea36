"""`python app.py`, started as a Space starts it (none of our environment variables set), tries
no connection to anything but this machine: no analytics, no telemetry, no downloads."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.app
REPO = Path(__file__).resolve().parent.parent
# Loaded by Python at start-up (sitecustomize): records every host name looked up and every
# address connected to, before gradio or anything else is imported.
RECORDER = """
import json, os, socket
_log = open(os.environ["ITL_NET_LOG"], "a")
def _note(kind, what):
    _log.write(json.dumps([kind, str(what)]) + "\\n"); _log.flush()
_getaddrinfo = socket.getaddrinfo
_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
def getaddrinfo(host, *args, **kwargs):
    _note("lookup", host)
    return _getaddrinfo(host, *args, **kwargs)
def connect(self, address):
    _note("connect", address)
    return _connect(self, address)
def connect_ex(self, address):
    _note("connect", address)
    return _connect_ex(self, address)
socket.getaddrinfo = getaddrinfo
socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
_note("start", "recorder")
"""
LOCAL = ("127.0.0.1", "localhost", "::1", "0.0.0.0", "None")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_app_starts_and_serves_without_reaching_the_network(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(RECORDER)
    log = tmp_path / "net.jsonl"
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "HF_", "HUGGINGFACE"))
    }
    env.update(PYTHONPATH=str(tmp_path), ITL_NET_LOG=str(log), GRADIO_SERVER_PORT=str(port))
    server = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        for _ in range(120):
            try:
                page = urllib.request.urlopen(url, timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError("the app did not start within 60 s")
        assert "Indic Tokenizer Lab" in page
        time.sleep(3)  # analytics and version checks run in threads after launch
    finally:
        server.terminate()
        server.wait(timeout=30)
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert ["start", "recorder"] in events  # the recorder ran inside the server
    outside = [
        (kind, what)
        for kind, what in events
        if kind != "start" and not any(h in what for h in LOCAL)
    ]
    assert outside == []
