"""The time left of a Lab training, steady and honest.

A training counts the corpus's chunks (no merge yet), learns the word stage's merges, and with
indic-superword-v1 counts again (the superword stage's word runs) before its last merges.
Merges get much faster as training goes: a merge costs about as much as its pair's count, and
the counts fall about as 1/j for the j-th merge learned. So the merge rate grows in
proportion to the merges learned, and the time of merges j..k is `cost × ln(k / j)`, where
`cost` is measured over the last half of the stage's merges so far (the time from merge j/2
to merge j is cost × ln 2). The superword stage's counting is estimated as PAUSE_RATIO times
the first counting. The shown value counts down with the clock and moves towards the new
estimate gradually (SMOOTHING), so it never jumps. Measured on train/hi.txt (150 KB to
7.5 MB, every split pattern): tests/test_lab.py holds the cases.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

PAUSE_RATIO = 2.5  # the superword stage (its counting and merges) ÷ the first counting: 1.5–2.5
SMOOTHING = 1.0  # seconds: how fast the shown value follows a new estimate
MIN_MERGES = 20  # merges of a stage before its rate is estimated


@dataclass
class TimeLeft:
    """Seconds left of a training of `total` merges whose last `superword` merges follow a
    second counting; `started` is when the first counting began. Feed it `first(...)` once
    (the first report of merges) and `update(now, done)` at each redraw."""

    total: int
    superword: int = 0
    started: float = 0.0
    counted: float | None = None  # seconds the first counting took
    stage_first: int = 0  # the stage's first merge (1-based, as reported)
    samples: list[tuple[float, int]] = field(default_factory=list)  # (time, merges of the stage)
    paused_at: float | None = None  # when the word stage ended (superword counting began)
    shown: float | None = None
    shown_at: float = 0.0

    @property
    def word_end(self) -> int:
        return self.total - self.superword

    def first(self, now: float, done: int) -> None:
        """The first report of merges done (after the alphabet's seeded merges, at once)."""
        if self.counted is None and done > 0:
            self.counted = now - self.started
            self.stage_first = done
            self.samples = [(now, 1)]

    def estimate(self, now: float, done: int) -> float | None:
        """The estimate now, unsmoothed; None while it cannot be told (still counting, or too
        few merges of the stage yet)."""
        if self.counted is None:
            return None
        pause = PAUSE_RATIO * self.counted if self.superword else 0.0
        if self.superword and done > self.word_end >= self.stage_first:  # the superword stage
            self.stage_first, self.samples = self.word_end + 1, [(now, done - self.word_end)]
            return None
        if self.superword and done == self.word_end:  # counting the word runs
            self.paused_at = self.paused_at or now
            return max(pause - (now - self.paused_at), 0.0)
        j = done - self.stage_first + 1
        if j > self.samples[-1][1]:
            self.samples.append((now, j))
        half = next((s for s in reversed(self.samples) if s[1] <= j / 2), None)
        if half is None or j < MIN_MERGES:
            return None
        cost = (now - half[0]) / math.log(j / half[1])
        end = self.word_end if done < self.word_end else self.total
        left = cost * math.log((end - self.stage_first + 1) / j)
        return left + (pause if done < self.word_end else 0.0)

    def update(self, now: float, done: int) -> float | None:
        """The seconds left to show now (None until there is an estimate)."""
        raw = self.estimate(now, done)
        if raw is None:
            if self.shown is not None:  # no new estimate: keep counting down
                self.shown, self.shown_at = max(self.shown - (now - self.shown_at), 0.0), now
            return self.shown
        if self.shown is None:
            self.shown = raw
        else:
            counted_down = max(self.shown - (now - self.shown_at), 0.0)
            pull = 1 - math.exp(-(now - self.shown_at) / SMOOTHING)
            self.shown = counted_down + pull * (raw - counted_down)
        self.shown_at = now
        return self.shown
