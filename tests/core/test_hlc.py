"""gridapp.core.hlc: the hybrid logical clock."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridapp.core.hlc import (
    COUNTER_MASK,
    HLC,
    MAX_DRIFT_MS,
    ClockDriftError,
    pack,
    physical_ms,
    unpack,
)

T0 = 1_760_000_000_000  # an arbitrary wall time in ms


class Wall:
    """A settable wall clock."""

    def __init__(self, ms: int = T0):
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_pack_unpack_round_trip_and_order():
    assert unpack(pack(T0, 5)) == (T0, 5)
    assert physical_ms(pack(T0, COUNTER_MASK)) == T0
    assert pack(T0, COUNTER_MASK) < pack(T0 + 1, 0)
    assert pack(T0, 1) < pack(T0, 2)


def test_wall_clock_moving_forward_resets_the_counter():
    wall = Wall()
    clock = HLC(wall_ms=wall)
    assert clock.now() == pack(T0, 0)
    wall.ms += 5
    assert clock.now() == pack(T0 + 5, 0)
    assert clock.last == pack(T0 + 5, 0)


def test_frozen_wall_clock_still_gives_increasing_stamps():
    clock = HLC(wall_ms=Wall())
    stamps = [clock.now() for _ in range(1000)]
    assert stamps == sorted(set(stamps))
    assert {physical_ms(s) for s in stamps} == {T0}
    assert unpack(stamps[-1]) == (T0, 999)


def test_wall_clock_set_back_never_makes_a_smaller_stamp():
    wall = Wall()
    clock = HLC(wall_ms=wall)
    first = clock.now()
    wall.ms -= 3_600_000  # someone set the PC clock back an hour
    second = clock.now()
    third = clock.now()
    assert first < second < third
    assert physical_ms(third) == T0


def test_a_clock_restored_from_disk_continues_above_its_last_value():
    wall = Wall(T0 - 10_000)  # the PC's clock is now behind what was persisted
    clock = HLC(last=pack(T0, 7), wall_ms=wall)
    assert clock.now() == pack(T0, 8)


def test_counter_overflow_borrows_the_next_millisecond():
    clock = HLC(last=pack(T0, COUNTER_MASK - 1), wall_ms=Wall())
    assert clock.now() == pack(T0, COUNTER_MASK)
    assert clock.now() == pack(T0 + 1, 0)
    assert clock.now() == pack(T0 + 1, 1)


def test_observe_a_remote_clock_ahead_moves_this_clock_past_it():
    clock = HLC(wall_ms=Wall())
    clock.now()
    remote = pack(T0 + 60_000, 42)  # another village's PC runs a minute ahead
    assert clock.observe(remote) == remote
    assert clock.now() == pack(T0 + 60_000, 43)


def test_observe_a_remote_clock_behind_changes_nothing():
    clock = HLC(wall_ms=Wall())
    mine = clock.now()
    assert clock.observe(pack(T0 - 60_000, 9)) == mine
    assert clock.last == mine


def test_observe_refuses_a_clock_too_far_ahead_and_keeps_its_own():
    wall = Wall()
    clock = HLC(wall_ms=wall)
    mine = clock.now()
    with pytest.raises(ClockDriftError, match="ahead"):
        clock.observe(pack(T0 + MAX_DRIFT_MS + 1, 0))
    assert clock.last == mine
    assert clock.now() == pack(T0, 1)


def test_observe_accepts_exactly_the_maximum_drift():
    clock = HLC(wall_ms=Wall())
    remote = pack(T0 + MAX_DRIFT_MS, 0)
    assert clock.observe(remote) == remote


def test_reserve_hands_out_a_block_that_later_stamps_stay_above():
    clock = HLC(wall_ms=Wall())
    before = clock.now()
    first = clock.reserve(100)
    assert first > before
    after = clock.now()
    assert after > first + 99
    assert clock.last == after


def test_reserve_across_a_counter_overflow_stays_ordered():
    clock = HLC(last=pack(T0, COUNTER_MASK - 10), wall_ms=Wall())
    first = clock.reserve(50)
    block = [first + i for i in range(50)]
    assert block == sorted(block)
    assert physical_ms(block[-1]) == T0 + 1  # the block spilled into the next millisecond
    assert clock.now() > block[-1]


def test_reserve_of_one_is_a_single_stamp():
    clock = HLC(wall_ms=Wall())
    first = clock.reserve(1)
    assert clock.last == first
    assert clock.now() == first + 1


def test_default_wall_clock_is_the_system_time():
    before = int(time.time() * 1000)
    stamp = HLC().now()
    after = int(time.time() * 1000)
    assert before <= physical_ms(stamp) <= after


def test_stamps_are_unique_across_threads():
    clock = HLC(wall_ms=Wall())
    results: list[list[int]] = [[] for _ in range(4)]

    def work(out: list[int]) -> None:
        for _ in range(2000):
            out.append(clock.now())

    threads = [threading.Thread(target=work, args=(out,)) for out in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stamps = [s for out in results for s in out]
    assert len(set(stamps)) == len(stamps) == 8000
    for out in results:  # each thread saw its own stamps increase
        assert out == sorted(out)


# A random walk of wall readings (forward, frozen, backwards), remote clocks and reservations:
# every local stamp is larger than every stamp and accepted remote clock before it.
events = st.lists(
    st.one_of(
        st.tuples(st.just("wall"), st.integers(min_value=-5_000, max_value=5_000)),
        st.tuples(st.just("now"), st.just(0)),
        st.tuples(st.just("observe"), st.integers(min_value=-10_000, max_value=10_000)),
        st.tuples(st.just("reserve"), st.integers(min_value=1, max_value=70_000)),
    ),
    max_size=60,
)


@given(events)
def test_local_stamps_always_exceed_everything_seen_before(steps):
    wall = Wall()
    clock = HLC(wall_ms=wall)
    highest = 0
    for kind, arg in steps:
        if kind == "wall":
            wall.ms += arg
        elif kind == "now":
            stamp = clock.now()
            assert stamp > highest
            highest = stamp
        elif kind == "observe":
            remote = pack(wall.ms + arg, abs(arg) % 100)
            clock.observe(remote)
            highest = max(highest, remote)
        else:
            first = clock.reserve(arg)
            assert first > highest
            highest = first + arg - 1
        assert clock.last >= highest
