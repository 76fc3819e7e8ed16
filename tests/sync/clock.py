"""A simulated wall clock for the sync property tests: every HLC in the process reads it (through
`gridapp.core.hlc.wall_clock_ms`), so the clocks stamped on changes and packages depend only on the
sequence of steps, never on how fast the machine ran them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import gridapp.core.hlc as hlc

START_MS = 1_780_000_000_000  # 2026-05-28 UTC: any fixed time


class SimClock:
    """Moves one millisecond forward each time it is read."""

    def __init__(self, start: int = START_MS):
        self.ms = start

    def reset(self, start: int = START_MS) -> None:
        self.ms = start

    def __call__(self) -> int:
        self.ms += 1
        return self.ms


@contextmanager
def simulated_clock(clock: SimClock | None = None) -> Iterator[SimClock]:
    """Every HLC made without its own wall clock reads `clock` inside the block."""
    clock = clock or SimClock()
    saved = hlc.wall_clock_ms
    hlc.wall_clock_ms = clock
    try:
        yield clock
    finally:
        hlc.wall_clock_ms = saved
