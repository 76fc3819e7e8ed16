"""gridapp.core.ids: UUIDv7 row ids and node ids."""

from __future__ import annotations

import threading
import time
import types
import uuid

import pytest

from gridapp.core import ids
from gridapp.core.ids import is_uuid_hex, new_node_id, uuid7, uuid7_time_ms

T0 = 1_760_000_000_000


@pytest.fixture
def fresh_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reset the module's last-millisecond memory for this test (monkeypatch restores it afterwards)."""
    monkeypatch.setattr(ids, "_last_ms", 0)
    monkeypatch.setattr(ids, "_seq", 0)


@pytest.fixture
def frozen_time(monkeypatch: pytest.MonkeyPatch, fresh_state: None) -> None:
    """The system clock stands still at T0 (as on a fast machine within one millisecond)."""
    monkeypatch.setattr(ids, "time", types.SimpleNamespace(time=lambda: T0 / 1000))


def test_format_version_and_variant():
    value = uuid7()
    assert len(value) == 32 and value == value.lower()
    parsed = uuid.UUID(hex=value)
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122
    assert value[12] == "7"
    assert value[16] in "89ab"
    assert is_uuid_hex(value)


@pytest.mark.parametrize("rand", [b"\x00" * 8, b"\xff" * 8])
def test_random_tail_cannot_overwrite_version_or_variant(fresh_state, rand):
    value = uuid7(now_ms=T0, rand=rand)
    parsed = uuid.UUID(hex=value)
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert value[17:] == ("0" * 15 if rand[0] == 0 else "f" * 15)


def test_time_is_extracted(fresh_state):
    assert uuid7_time_ms(uuid7(now_ms=T0)) == T0


def test_time_of_a_default_id_is_now():
    before = int(time.time() * 1000)
    value = uuid7()
    after = int(time.time() * 1000)
    assert before <= uuid7_time_ms(value) <= after + 1


def test_strictly_increasing_in_a_tight_loop():
    values = [uuid7() for _ in range(20_000)]
    assert values == sorted(values)
    assert len(set(values)) == len(values)


def test_same_millisecond_burst_counts_up_then_borrows_the_next_millisecond(frozen_time):
    values = [uuid7() for _ in range(5000)]
    assert values == sorted(values)
    assert len(set(values)) == 5000
    assert uuid7_time_ms(values[0]) == T0
    assert uuid7_time_ms(values[4095]) == T0  # the 12-bit counter holds 4096 ids per millisecond
    assert uuid7_time_ms(values[4096]) == T0 + 1
    assert [int(v[13:16], 16) for v in values[:3]] == [0, 1, 2]


def test_clock_going_backwards_keeps_order(fresh_state):
    a = uuid7(now_ms=T0)
    b = uuid7(now_ms=T0 - 10_000)
    c = uuid7(now_ms=T0 + 1)
    assert a < b < c
    assert uuid7_time_ms(b) == T0


def test_unique_across_threads():
    out: list[list[str]] = [[] for _ in range(4)]

    def work(bucket: list[str]) -> None:
        bucket.extend(uuid7() for _ in range(3000))

    threads = [threading.Thread(target=work, args=(b,)) for b in out]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [v for b in out for v in b]
    assert len(set(everything)) == 12_000
    for bucket in out:
        assert bucket == sorted(bucket)


@pytest.mark.parametrize("value", [
    "", "0" * 31, "0" * 33, "g" * 32, "b3939b74-48a8-4081-8989-4e18f6de960c", "0189abcd-ef01-7000-8000-00000000000",
])
def test_is_uuid_hex_rejects(value):
    assert not is_uuid_hex(value)


def test_is_uuid_hex_accepts_any_32_hex():
    assert is_uuid_hex(uuid.uuid4().hex)


def test_node_ids_are_16_hex_and_distinct():
    nodes = {new_node_id() for _ in range(100)}
    assert len(nodes) == 100
    for node in nodes:
        assert len(node) == 16
        int(node, 16)


def test_uuid7s_continue_the_sequence_of_uuid7_and_stay_valid():
    from gridapp.core.ids import uuid7s

    made = [uuid7(), *uuid7s(5000), uuid7(), *uuid7s(1), *uuid7s(0)]
    assert made == sorted(made) and len(set(made)) == len(made)  # strictly increasing: the counter carries on
    for value in made:
        u = uuid.UUID(hex=value)
        assert u.version == 7 and u.variant == uuid.RFC_4122 and len(value) == 32
