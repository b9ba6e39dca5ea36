"""Every temporary file the app writes (Lab runs, exports, Gradio's uploads) lives in one
folder per app process, and every sub-folder has an owner and an expiry.

- The root is `<temp>/indictok-app-<random>/` with a marker file (MARKER) holding the app's
  pid; at start-up `remove_leftovers()` removes the roots whose marker names a process that is
  gone (a crash, a `kill -9`), found by that marker, never by a name pattern.
- `folder(kind, owner, max_age)` makes a fresh sub-folder for `owner` (a session, an API
  call); the owner's previous one of that kind is removed, and so is any folder past its age.
- `release(kind, owner)` removes an owner's folder now (the visitor left, a run failed).
- The root goes at exit and on SIGTERM and SIGINT (`install_signal_handlers`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

MARKER = ".indictok-app"  # written in the root; holds the pid of the process that owns it
PREFIX = "indictok-app-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def remove_leftovers(base: Path | None = None) -> list[Path]:
    """Remove the roots of app processes that are gone (their marker names a dead pid)."""
    removed = []
    for root in Path(base or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        marker = root / MARKER
        try:
            pid = int(marker.read_text("ascii").strip())
        except (OSError, ValueError):
            continue  # not ours (no marker, or one we did not write): left alone
        if pid != os.getpid() and not _pid_alive(pid):
            shutil.rmtree(root, ignore_errors=True)
            removed.append(root)
    return removed


class Scratch:
    """The app's temporary root and its owned, expiring sub-folders."""

    def __init__(self, base: Path | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=base))
        (self.root / MARKER).write_text(str(os.getpid()), "ascii")
        self._owned: dict[tuple[str, str], tuple[Path, float]] = {}  # -> (folder, expires)
        self._lock = threading.Lock()

    def folder(self, kind: str, owner: str, max_age: float) -> Path:
        """A fresh folder for `owner`'s `kind` of files, kept at most `max_age` seconds."""
        self.sweep()
        kind_root = self.root / kind
        kind_root.mkdir(exist_ok=True)
        path = Path(tempfile.mkdtemp(dir=kind_root))
        with self._lock:
            old = self._owned.pop((kind, owner), None)
            self._owned[(kind, owner)] = (path, time.monotonic() + max_age)
        if old is not None:
            shutil.rmtree(old[0], ignore_errors=True)
        return path

    def release(self, kind: str, owner: str) -> None:
        with self._lock:
            old = self._owned.pop((kind, owner), None)
        if old is not None:
            shutil.rmtree(old[0], ignore_errors=True)

    def sweep(self) -> None:
        """Remove every folder past its expiry."""
        now = time.monotonic()
        with self._lock:
            expired = [key for key, (_, until) in self._owned.items() if until < now]
            folders = [self._owned.pop(key)[0] for key in expired]
        for path in folders:
            shutil.rmtree(path, ignore_errors=True)

    def owned(self) -> list[Path]:
        with self._lock:
            return [path for path, _ in self._owned.values()]

    def remove_all(self) -> None:
        with self._lock:
            self._owned.clear()
        shutil.rmtree(self.root, ignore_errors=True)


SCRATCH = Scratch()
atexit.register(SCRATCH.remove_all)


def install_signal_handlers() -> None:
    """On SIGTERM and SIGINT: remove the temporary root, then stop as the signal would."""

    def stop(signum: int, frame: FrameType | None) -> Any:
        SCRATCH.remove_all()
        previous = _previous.get(signum)
        if callable(previous):
            return previous(signum, frame)
        raise SystemExit(128 + signum) if signum == signal.SIGTERM else KeyboardInterrupt

    _previous: dict[int, Any] = {}
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers (a test importing the app elsewhere)
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(ValueError, OSError):
            _previous[signum] = signal.signal(signum, stop)
