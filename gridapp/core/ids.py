"""Device-made, time-ordered identifiers (UUIDv7, RFC 9562) for synced rows.

Two offline installations never mint the same id, and ids sort by creation time, which keeps
SQLite's B-tree inserts append-mostly.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_seq = 0


def uuid7(now_ms: int | None = None, rand: bytes | None = None) -> str:
    """Return a new UUIDv7 as a 32-character lowercase hex string.

    Within one process, ids are strictly increasing even when several are made in the same millisecond
    (the 12-bit rand_a field is used as a counter, as RFC 9562 §6.2 method 1 allows).
    """
    global _last_ms, _seq
    with _lock:
        ms = int(time.time() * 1000) if now_ms is None else now_ms
        if ms <= _last_ms:
            ms = _last_ms
            _seq += 1
            if _seq > 0xFFF:  # counter exhausted: borrow the next millisecond
                ms += 1
                _seq = 0
        else:
            _seq = 0
        _last_ms = ms
        seq = _seq
    tail = rand if rand is not None else os.urandom(8)
    value = (ms & 0xFFFFFFFFFFFF) << 80
    value |= 0x7 << 76
    value |= seq << 64
    value |= 0b10 << 62
    value |= int.from_bytes(tail, "big") & ((1 << 62) - 1)
    return f"{value:032x}"


def uuid7s(n: int) -> list[str]:
    """`n` new UUIDv7s at once (as `uuid7()` makes them, one lock and one read of randomness for all)."""
    global _last_ms, _seq
    tails = os.urandom(8 * n)
    out = []
    with _lock:
        ms = max(int(time.time() * 1000), _last_ms)
        seq = _seq if ms == _last_ms else -1
        low = (1 << 62) - 1
        for i in range(n):
            seq += 1
            if seq > 0xFFF:  # counter exhausted: borrow the next millisecond
                ms += 1
                seq = 0
            value = ((ms & 0xFFFFFFFFFFFF) << 80) | (0x7 << 76) | (seq << 64) | (0b10 << 62)
            out.append(f"{value | int.from_bytes(tails[8 * i:8 * i + 8], 'big') & low:032x}")
        _last_ms, _seq = ms, seq
    return out


def uuid7_time_ms(value: str) -> int:
    """The creation time (Unix ms) encoded in a UUIDv7 hex string."""
    return int(value[:12], 16)


def is_uuid_hex(value: str) -> bool:
    if len(value) != 32:
        return False
    try:
        uuid.UUID(hex=value)
    except ValueError:
        return False
    return True


def new_node_id() -> str:
    """A persistent installation identity: random, 16 hex characters (64 bits)."""
    return os.urandom(8).hex()


def stable_id(kind: str, key: str) -> str:
    """A row id every installation derives alike for the same natural key (e.g. an org unit's code), so
    the row made independently at two levels is one row when they sync. 32 hex characters."""
    import hashlib

    return hashlib.sha256(f"{kind}:{key}".encode()).hexdigest()[:32]
