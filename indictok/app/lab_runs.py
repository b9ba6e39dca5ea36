"""The Lab's trainings, one at a time app-wide, whatever their source, page or API (a lock
here; at most MAX_WAITING wait, told so on the page), each in a child process of its own
(indictok/jobs.py: niced, memory-capped, killed at once on Cancel, at the time cap
lab.TIME_CAP_SECONDS or when the visitor leaves), its files in a folder of the app's scratch
root (app/scratch.py) owned by the session (by the call for the API). `train` is `/train`.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from .. import jobs, lab
from .errors import InputError
from .limits import LAB_API_MAX_AGE as API_MAX_AGE
from .limits import LAB_FOLDER_MAX_AGE as FOLDER_MAX_AGE
from .limits import MAX_WAITING_TRAININGS as MAX_WAITING
from .scratch import SCRATCH

TRAIN: dict[str, Any] = {"concurrency_id": "train", "concurrency_limit": 1}
WAIT_STEP = 0.5
BUSY = (
    "the Lab is busy: {n} trainings are already waiting for their turn; try again in a few minutes"
)


_turn = threading.Lock()  # one training at a time app-wide, whatever its source, page or API
_waiting = 0  # trainings waiting for the turn
_cancels: dict[str, threading.Event] = {}  # session -> the flag its running training reads
_runs = itertools.count(1)  # each training's number, in its card's label
_lock = threading.Lock()


def waiting_for_turn(cancel: threading.Event) -> Iterator[None]:
    """Yields while another training runs, and returns holding the turn (the caller releases
    it); LabError when MAX_WAITING trainings already wait, StoppedError when cancelled."""
    global _waiting
    if _turn.acquire(blocking=False):
        return
    with _lock:
        if _waiting >= MAX_WAITING:
            raise lab.LabError(BUSY.format(n=_waiting))
        _waiting += 1
    try:
        while not _turn.acquire(timeout=WAIT_STEP):
            if cancel.is_set():
                raise lab.StoppedError(lab.CANCELLED)
            yield
    finally:
        with _lock:
            _waiting -= 1


def start_job(source: tuple[str, str], settings: lab.Settings, folder: Path) -> jobs.Job:
    cap = lab.TIME_CAP_SECONDS
    return jobs.Job(
        "train",
        (source, settings, str(folder)),
        seconds=cap,
        timeout_message=f"training stopped at the time cap ({cap:.0f} s); nothing was kept. "
        "Try a smaller corpus, a smaller vocabulary or another split pattern",
    )


def run_job(
    job: jobs.Job, progress: lab.Progress, cancel: threading.Event | None = None
) -> Iterator[dict[str, Any] | None]:
    """Yields None while the child trains (progress updated), then its answer; StoppedError
    when `cancel` is set (the child is killed at once), JobError when it fails."""
    try:
        while True:
            if cancel is not None and cancel.is_set():
                raise lab.StoppedError(lab.CANCELLED)
            event = job.next_event(WAIT_STEP / 2)
            if event is None:
                yield None
            elif event[0] == "progress":
                if event[1] == 0:
                    progress.start()  # the child begins its first counting
                else:
                    progress.advance(event[1])
                yield None
            else:
                yield event[1]
                return
    finally:
        job.stop()


def run_training(
    session: str, source: tuple[str, str], settings: lab.Settings, keep: float = FOLDER_MAX_AGE
) -> Iterator[tuple[lab.Progress, Any]]:
    """Wait for the turn, then train in a child; yields (progress, None) while it runs, then
    (progress, outcome): the child's answer, or the exception that stopped it. Cancel (or the
    visitor leaving) kills the child at once and removes its folder."""
    cancel = threading.Event()
    with _lock:
        _cancels[session] = cancel
    progress = lab.Progress.of(settings)
    try:
        try:
            for _ in waiting_for_turn(cancel):
                yield progress, WAITING
        except (lab.LabError, lab.StoppedError) as e:
            yield progress, e
            return
        try:
            folder = SCRATCH.folder("lab", session, keep)
            for answer in run_job(start_job(source, settings, folder), progress, cancel):
                yield progress, answer
        except (lab.StoppedError, jobs.JobError) as e:
            SCRATCH.release("lab", session)
            yield progress, e
        finally:
            _turn.release()
    finally:
        with _lock:
            if _cancels.get(session) is cancel:
                del _cancels[session]


WAITING = "waiting"  # run_training's outcome while another training holds the turn
WAITING_MESSAGE = "Another training is running; yours starts as soon as it ends."
PROGRESS_SECONDS = 0.25  # how often the page's progress bar is redrawn


def next_run() -> int:
    """The next training's number (in its card's label: "yours (#3)")."""
    return next(_runs)


def end_session(request: gr.Request) -> None:
    """The visitor left: stop their training and remove their folder."""
    session = request.session_hash or ""
    with _lock:
        cancel = _cancels.pop(session, None)
    if cancel is not None:
        cancel.set()
    SCRATCH.release("lab", session)


def cancel_training(request: gr.Request) -> None:
    with _lock:
        cancel = _cancels.get(request.session_hash or "")
    if cancel is not None:
        cancel.set()


def train(
    text: str,
    vocab_size: int = lab.DEFAULT_VOCAB,
    pattern: str = "indic-superword-v1",
    heldout: float = lab.DEFAULT_HELDOUT,
) -> dict[str, Any]:
    """Train your own byte-level BPE on a text, with our recipe (the same merges as
    `python -m indictok train --text FILE` with these settings).

    Args:
        text: the training text (UTF-8; at most 20,000,000 bytes, and the 2 MB request cap).
        vocab_size: ids in all, from 257 to 5,000 (256 bytes + merges + <|endoftext|>).
        pattern: "indic-superword-v1", "indic-v1", "cl100k" (GPT-4's) or "none".
        heldout: share of the last lines kept out of training and measured, 0 to 0.5.
    Returns:
        {"vocab_size", "merges_sha256", "heldout": {"bytes_per_token", "chars_per_token",
        "tokens_per_word", "tokens", ..., "compared"} (null if nothing is held out),
        "reference": the grader's report, "zip": the tokenizer in every format}, or
        {"error": message}.
    """
    owner = f"api-{next_run()}"
    outcome: Any = None
    try:
        settings = lab.check_settings(vocab_size, pattern, heldout)
        source = ("text", lab.check_corpus(text))
        *_, (_, outcome) = run_training(owner, source, settings, API_MAX_AGE)
    except (lab.LabError, InputError) as e:
        return {"error": str(e)}
    if isinstance(outcome, Exception):
        return {"error": str(outcome)}
    path = Path(outcome["zip"])
    file = {"path": str(path), "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}
    return {**outcome["result"], "zip": file}
