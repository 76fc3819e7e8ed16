"""What a unit of work changed: the tables its committed write transactions touched (stdlib only).

After Anki's OpChanges, with the difference that nobody declares them: `gridapp.db.database.Database.write`
records every table an INSERT, UPDATE or DELETE of the transaction named (ORM flushes, core statements and
the raw executemany of bulk imports and sync alike) and, once the transaction has committed, reports them
here. A front end that wants to know what an operation changed runs it inside `collecting()`; the GUI's
runner does so for every operation and tells the pages (`DbRunner.changed`). Without a collector (the CLI)
nothing is kept.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator

_local = threading.local()  # each thread collects for the operation it runs


@contextlib.contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect the tables written by the write transactions committed on this thread inside the block.
    Nested collectors each see what was committed inside them (the outer one too)."""
    outer: set[str] | None = getattr(_local, "tables", None)
    tables: set[str] = set()
    _local.tables = tables
    try:
        yield tables
    finally:
        _local.tables = outer
        if outer is not None:
            outer |= tables


def committed(tables: Iterable[str]) -> None:
    """A write transaction committed having written `tables` (called by the database layer)."""
    sink: set[str] | None = getattr(_local, "tables", None)
    if sink is not None:
        sink.update(tables)
