"""scheduler.py: the app-wide workers, shared fairly (no timing is asserted: speed and
fairness are measured by scripts/attack.py)."""

from __future__ import annotations

import threading

import pytest

from indictok.app import limits
from indictok.app import scheduler as scheduler_module
from indictok.app.errors import InputError
from indictok.app.scheduler import Scheduler, cost, work_slot


def _hold(scheduler: Scheduler, work: int, release: threading.Event) -> threading.Event:
    """A thread holding one worker with `work` until `release`; returns 'it started'."""
    started = threading.Event()

    def run() -> None:
        with scheduler.slot(work):
            started.set()
            release.wait(30)

    threading.Thread(target=run, daemon=True).start()
    assert started.wait(30)
    return started


@pytest.mark.fast
def test_large_work_never_takes_the_last_worker() -> None:
    scheduler, release = Scheduler(workers=2, heavy_workers=1), threading.Event()
    _hold(scheduler, limits.LIGHT_COST + 1, release)
    with pytest.raises(InputError, match="busy"):  # a second large request must wait
        with scheduler.slot(limits.LIGHT_COST + 1, timeout=0.05):
            pass
    with scheduler.slot(200):  # a light one gets the worker kept free
        assert scheduler.running == 2 and scheduler.heavy_running == 1
    release.set()


@pytest.mark.fast
def test_light_work_goes_before_large_work_that_waits() -> None:
    scheduler, release = Scheduler(workers=1, heavy_workers=1), threading.Event()
    _hold(scheduler, 10, release)
    order: list[str] = []

    def ask(name: str, work: int) -> None:
        with scheduler.slot(work):
            order.append(name)

    heavy = threading.Thread(target=ask, args=("heavy", limits.LIGHT_COST * 5))
    heavy.start()
    while not scheduler._waiting:  # the large request is queued first
        threading.Event().wait(0.01)
    light = threading.Thread(target=ask, args=("light", 200))
    light.start()
    while len(scheduler._waiting) < 2:
        threading.Event().wait(0.01)
    release.set()
    heavy.join(30)
    light.join(30)
    assert order == ["light", "heavy"]


@pytest.mark.fast
def test_one_visitor_may_have_only_a_few_large_requests() -> None:
    scheduler, release = Scheduler(workers=4, heavy_workers=3), threading.Event()
    token = scheduler_module.VISITOR.set("203.0.113.7")
    try:
        for _ in range(limits.HEAVY_PER_VISITOR):
            threading.Thread(
                target=lambda: _run_as("203.0.113.7", scheduler, release), daemon=True
            ).start()
        while sum(scheduler.heavy_by_visitor.values()) < limits.HEAVY_PER_VISITOR:
            threading.Event().wait(0.01)
        with pytest.raises(InputError, match="large texts being tokenized"):
            with scheduler.slot(limits.LIGHT_COST + 1):
                pass
        with scheduler.slot(100):  # light work is never capped
            pass
    finally:
        scheduler_module.VISITOR.reset(token)
        release.set()


def _run_as(visitor: str, scheduler: Scheduler, release: threading.Event) -> None:
    scheduler_module.VISITOR.set(visitor)
    with scheduler.slot(limits.LIGHT_COST + 1):
        release.wait(30)


@pytest.mark.fast
def test_a_request_costs_characters_times_tokenizers() -> None:
    assert cost("abc", 4) == 12
    assert cost("", 0) == 1  # even an empty request takes a turn


@pytest.mark.fast
def test_work_slot_takes_one_of_the_app_wide_workers() -> None:
    before = scheduler_module.SCHEDULER.running
    with work_slot(10):
        assert scheduler_module.SCHEDULER.running == before + 1
    assert scheduler_module.SCHEDULER.running == before
