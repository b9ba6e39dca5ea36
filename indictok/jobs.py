"""Long work on a visitor's data (the Lab's training) in a child process of its own, so that
stopping it is immediate and total: a killed process holds no core, no lock and no memory.

- `Job(op, args, seconds=...)` starts `python -m indictok.jobs`, sends it `(op, args)` and
  reads what it sends back: ("progress", value) while it works, then ("done", value).
- `Job.next_event(wait)` returns the next of them, or None after `wait` seconds; the child's
  own error, a crash, running out of its memory, or the time cap raise JobError with a
  message for the visitor (the child is killed first, so the CPU is idle when it returns).
- `Job.stop()` kills the child at once (Cancel, a visitor who left, the app stopping).

The child lowers its priority (NICENESS), so the page's tokenizing comes first on the cores,
and limits its address space (MEMORY_BYTES) before it reads its request. Frames are pickled
and length-prefixed, as in sandbox.py.
"""

from __future__ import annotations

import atexit
import os
import pickle
import select
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from .limits import GRACE_SECONDS
from .limits import TRAINING_MEMORY_BYTES as MEMORY_BYTES
from .sandbox import child_env, receive_frame, send_frame

NICENESS = 10  # below the server's threads: a training never slows a visitor's paste
PROGRESS_SECONDS = 0.1  # the child sends progress at most this often


_live: weakref.WeakSet[Job] = weakref.WeakSet()  # jobs whose child may still run
_live_lock = threading.Lock()


class JobError(RuntimeError):
    """The job ended without an answer; the message is for the visitor."""


class Job:
    """One child process doing one piece of work."""

    def __init__(
        self,
        op: str,
        args: tuple[Any, ...],
        *,
        seconds: float,
        timeout_message: str = "stopped at the time cap; nothing was kept",
        memory_bytes: int = MEMORY_BYTES,
    ) -> None:
        self.deadline = time.monotonic() + seconds + GRACE_SECONDS
        self.timeout_message = timeout_message
        self.memory_bytes = memory_bytes
        self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-m", "indictok.jobs", str(memory_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=child_env(),
            close_fds=True,
            start_new_session=True,
        )
        with _live_lock:
            _live.add(self)
        assert self.process.stdin is not None
        try:
            send_frame(self.process.stdin, (op, args))
            self.process.stdin.close()
        except OSError:
            self.stop()
            raise JobError("the worker process could not start") from None

    def next_event(self, wait: float) -> tuple[str, Any] | None:
        """("progress", value) or ("done", value); None if nothing came within `wait` s."""
        process = self.process
        if process is None or process.stdout is None:
            raise JobError("the job has already ended")
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.stop()
            raise JobError(self.timeout_message)
        ready, _, _ = select.select([process.stdout], [], [], min(wait, left))
        if not ready:
            return None
        try:
            kind, value = receive_frame(process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            self.stop()
            raise JobError(
                f"the worker process stopped (out of its {self.memory_bytes / 1024**3:g} GB "
                "memory limit, or a crash); nothing was kept"
            ) from None
        if kind == "error":
            self.stop()
            raise JobError(value)
        if kind == "done":
            self.stop()
        return kind, value

    def stop(self) -> None:
        """Kill the child (and anything it started) now, and reap it."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def stop_all() -> None:
    """Kill every job's child (the app is stopping)."""
    with _live_lock:
        jobs = list(_live)
    for job in jobs:
        job.stop()


atexit.register(stop_all)


# ---- the child -------------------------------------------------------------------------


def _operations() -> dict[str, Callable[..., Any]]:
    from . import lab

    return {"train": lab.train_job}


def _visitor_message(error: BaseException) -> str | None:
    """The message of an error the job raised for the visitor, else None (an internal one)."""
    from . import lab

    if isinstance(error, lab.LabError | lab.StoppedError):
        return str(error)
    if isinstance(error, MemoryError):
        return (
            f"the training needed more than the {MEMORY_BYTES / 1024**3:g} GB of memory a "
            "training may use; nothing was kept. Try a smaller corpus or vocabulary"
        )
    return None


def run(memory_bytes: int) -> None:
    """The child's life: limit itself, read one request, answer it, exit."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.nice(NICENESS)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames on the real stdout
    op, args = receive_frame(stdin)
    last = 0.0

    def emit(value: Any) -> None:
        nonlocal last
        if time.monotonic() - last >= PROGRESS_SECONDS:
            last = time.monotonic()
            send_frame(stdout, ("progress", value))

    try:
        answer = ("done", _operations()[op](emit, *args))
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as e:  # noqa: BLE001 - the child's boundary: every failure answers
        message = _visitor_message(e)
        answer = ("error", message or f"the job failed ({type(e).__name__}); nothing was kept")
    send_frame(stdout, answer)


if __name__ == "__main__":
    run(int(sys.argv[1]))
