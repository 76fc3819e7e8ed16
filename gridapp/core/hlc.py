"""Hybrid logical clock (Kulkarni et al.), packed into one 64-bit integer.

value = physical milliseconds << 16 | logical counter. Comparing the integers compares the clocks;
ties between nodes are broken by node id, so (hlc, node_id) is a total order every level agrees on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1
# A clock more than this far ahead of the wall clock is refused (a badly set PC clock).
MAX_DRIFT_MS = 24 * 3600 * 1000


def pack(physical_ms: int, counter: int) -> int:
    return (physical_ms << COUNTER_BITS) | counter


def unpack(value: int) -> tuple[int, int]:
    return value >> COUNTER_BITS, value & COUNTER_MASK


def physical_ms(value: int) -> int:
    return value >> COUNTER_BITS


class ClockDriftError(ValueError):
    pass


def wall_clock_ms() -> int:
    """The wall clock in Unix milliseconds: every clock made without its own `wall_ms` reads it through this
    name, so a test can replace it for the whole process (a deterministic simulated clock)."""
    return int(time.time() * 1000)


class HLC:
    """A thread-safe hybrid logical clock.

    `now()` stamps a local event; `observe(remote)` merges a clock seen in imported data so that every
    later local stamp is greater than anything this node has seen.
    """

    def __init__(self, last: int = 0, wall_ms: Callable[[], int] | None = None):
        self._last = last
        self._wall = wall_ms or (lambda: wall_clock_ms())  # looked up at each call (see wall_clock_ms)
        self._lock = threading.Lock()

    @property
    def last(self) -> int:
        return self._last

    def now(self) -> int:
        with self._lock:
            wall = self._wall()
            last_pt, last_c = unpack(self._last)
            if wall > last_pt:
                value = pack(wall, 0)
            else:
                if last_c >= COUNTER_MASK:
                    value = pack(last_pt + 1, 0)
                else:
                    value = pack(last_pt, last_c + 1)
            self._last = value
            return value

    def observe(self, remote: int) -> int:
        with self._lock:
            wall = self._wall()
            r_pt, _ = unpack(remote)
            if r_pt - wall > MAX_DRIFT_MS:
                raise ClockDriftError(f"remote clock is {(r_pt - wall) // 1000} s ahead of this PC")
            if remote > self._last:
                self._last = remote
            return self._last

    def reserve(self, n: int) -> int:
        """Stamp `n` consecutive local events at once (bulk writes); returns the first stamp."""
        first = self.now()
        with self._lock:
            self._last = max(self._last, first + n - 1)
        return first
