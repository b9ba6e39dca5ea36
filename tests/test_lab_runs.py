"""lab_runs.py: one training at a time app-wide, a bounded wait, cancel and leaving."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from indictok import lab
from indictok.app import lab_runs


@pytest.mark.app
def test_one_training_at_a_time_whatever_its_source_and_a_bounded_wait() -> None:
    never = threading.Event()
    assert list(lab_runs.waiting_for_turn(never)) == []  # free: taken at once
    try:
        waiting = [lab_runs.waiting_for_turn(never) for _ in range(lab_runs.MAX_WAITING)]
        for turn in waiting:
            assert next(turn) is None  # each waits (a page shows "another training is running")
        with pytest.raises(lab.LabError, match="the Lab is busy"):
            next(lab_runs.waiting_for_turn(never))
        cancel = threading.Event()
        cancel.set()
        for turn in waiting:
            turn.close()
        with pytest.raises(lab.StoppedError, match="cancelled"):
            list(lab_runs.waiting_for_turn(cancel))
    finally:
        lab_runs._turn.release()


@pytest.mark.app
def test_leaving_or_cancel_sets_the_running_training_s_flag() -> None:
    flag = threading.Event()
    lab_runs._cancels["s-test"] = flag
    lab_runs.cancel_training(SimpleNamespace(session_hash="s-test"))
    assert flag.is_set() and "s-test" in lab_runs._cancels  # cancelled, still its own
    lab_runs.end_session(SimpleNamespace(session_hash="s-test"))
    assert "s-test" not in lab_runs._cancels
    assert lab_runs.next_run() < lab_runs.next_run()  # each training has its own number


@pytest.mark.app
def test_the_api_s_bad_settings_are_a_message_before_any_work() -> None:
    assert lab_runs.train("नमस्ते", vocab_size=10) == {
        "error": "the vocabulary size must be from 257 to 5,000 "
        "(256 bytes + merges + 1 special token), not 10"
    }
    assert "the corpus is empty" in lab_runs.train("  ")["error"]
