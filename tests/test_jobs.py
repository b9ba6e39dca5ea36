"""Work on visitors' data in child processes (indictok/jobs.py) and the app's temporary files
(indictok/app/scratch.py): stopping is immediate, failures come back as messages, and only
the app's own folders are ever removed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TINY_CORPUS

from indictok import jobs, lab

pytestmark = pytest.mark.fast
TEXT = "".join(TINY_CORPUS)


def distinct_words(n: int) -> str:
    """n different words of Latin letters (a training on them takes many seconds)."""
    letters = "abcdefghijklmnopqrstuvwxyz"

    def word(i: int) -> str:
        out = ""
        while i:
            i, r = divmod(i, 26)
            out += letters[r]
        return out

    return " ".join(word(i * 7919 + 17) for i in range(n))


def run_to_end(job: jobs.Job) -> tuple[list[int], dict]:
    progress = []
    while True:
        event = job.next_event(0.5)
        if event is None:
            continue
        kind, value = event
        if kind == "done":
            return progress, value
        progress.append(value)


def test_a_training_job_answers_with_its_figures_zip_steps_and_model(tmp_path: Path) -> None:
    settings = lab.Settings(400, "indic-superword-v1", 0.1)
    job = jobs.Job("train", (("text", TEXT), settings, str(tmp_path)), seconds=60)
    _, answer = run_to_end(job)
    assert not job.running()
    assert answer["result"]["vocab_size"] == 400
    assert Path(answer["zip"]).is_file() and Path(answer["zip"]).parent == tmp_path
    assert answer["model"].startswith(b"indictok")  # the .model text format
    in_process = lab.train(TEXT, settings)
    assert answer["result"]["merges_sha256"] == lab.merges_sha256(in_process.tokenizer)
    assert answer["result"]["reference"]["reference_text"]["file"] == "assets/reference/hi.txt"


def test_a_job_stops_at_once_and_leaves_no_process(tmp_path: Path) -> None:
    """A training on 2 MB of distinct words runs for many seconds: stop() kills it now."""
    words = distinct_words(300_000)
    settings = lab.Settings(4999, "indic-v1", 0.0)
    job = jobs.Job("train", (("text", words), settings, str(tmp_path)), seconds=60)
    assert job.next_event(0.5) is None or job.running()
    pid = job.process.pid  # type: ignore[union-attr]
    started = time.monotonic()
    job.stop()
    assert time.monotonic() - started < 1.0
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, and reaped
    with pytest.raises(jobs.JobError, match="already ended"):
        job.next_event(0.1)


def test_the_time_cap_kills_the_child_with_the_callers_message(tmp_path: Path) -> None:
    words = distinct_words(300_000)
    job = jobs.Job(
        "train",
        (("text", words), lab.Settings(4999, "indic-v1", 0.0), str(tmp_path)),
        seconds=0.1,
        timeout_message="over the cap",
    )
    job.deadline = time.monotonic() + 1.0  # no grace in this test
    with pytest.raises(jobs.JobError, match="over the cap"):
        run_to_end(job)
    assert not job.running()


def test_the_jobs_own_errors_come_back_as_messages(tmp_path: Path) -> None:
    job = jobs.Job("train", (("text", " \n"), lab.Settings(), str(tmp_path)), seconds=30)
    with pytest.raises(jobs.JobError, match="the corpus is empty"):
        run_to_end(job)
    missing = str(tmp_path / "nowhere" / "corpus.txt")
    job = jobs.Job("train", (("file", missing), lab.Settings(), str(tmp_path)), seconds=30)
    with pytest.raises(jobs.JobError) as failed:
        run_to_end(job)
    assert str(tmp_path) not in str(failed.value)  # no server path in a visitor's message


def test_a_job_out_of_memory_says_so(tmp_path: Path) -> None:
    job = jobs.Job(
        "train",
        (("text", TEXT), lab.Settings(), str(tmp_path)),
        seconds=30,
        memory_bytes=64 * 1024**2,
    )
    with pytest.raises(jobs.JobError, match="memory"):
        run_to_end(job)


# ---- the scratch root -------------------------------------------------------------------


def test_leftovers_are_found_by_marker_only(tmp_path: Path) -> None:
    from indictok.app import scratch

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    gone = tmp_path / f"{scratch.PREFIX}gone"
    gone.mkdir()
    (gone / scratch.MARKER).write_text(dead.stdout.strip())
    alive = tmp_path / f"{scratch.PREFIX}alive"
    alive.mkdir()
    (alive / scratch.MARKER).write_text(str(os.getppid()))
    theirs = tmp_path / f"{scratch.PREFIX}theirs"  # our prefix, but no marker: not ours
    theirs.mkdir()
    assert scratch.remove_leftovers(tmp_path) == [gone]
    assert not gone.exists() and alive.is_dir() and theirs.is_dir()


def test_owned_folders_expire_and_are_replaced(tmp_path: Path) -> None:
    from indictok.app.scratch import Scratch

    root = Scratch(tmp_path)
    first = root.folder("lab", "session", 3600)
    second = root.folder("lab", "session", 3600)
    assert not first.exists() and second.is_dir()  # the owner's previous run is removed
    short = root.folder("lab", "api-1", -1)  # already past its age
    root.sweep()
    assert not short.exists() and second.is_dir()
    root.release("lab", "session")
    assert not second.exists()
    root.remove_all()
    assert not root.root.exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_remove_the_scratch_root(signum: int) -> None:
    script = (
        "import time\n"
        "from indictok.app import scratch\n"
        "scratch.install_signal_handlers()\n"
        "(scratch.SCRATCH.folder('lab', 's', 60) / 'x.zip').write_bytes(b'zip')\n"
        "print(scratch.SCRATCH.root, flush=True)\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    root = Path(child.stdout.readline().strip())
    assert root.is_dir()
    child.send_signal(signum)
    child.wait(timeout=20)
    assert not root.exists()


# ---- turns: one training app-wide, one grading per visitor --------------------------------


@pytest.mark.app
def test_a_visitor_grades_one_file_at_a_time() -> None:
    from indictok.app import uploads
    from indictok.app.errors import InputError

    with uploads.grading_turn("1.2.3.4"):
        with pytest.raises(InputError, match="a file of yours is being graded"):
            with uploads.grading_turn("1.2.3.4"):
                pass
        with uploads.grading_turn("5.6.7.8"):  # another visitor is not held up
            pass
    with uploads.grading_turn("1.2.3.4"):
        pass
