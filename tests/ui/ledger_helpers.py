"""Reading a lazy ledger table (gridapp.ui.ledger_table) in a test: its pages come from the runner as a view
would ask for them."""

from __future__ import annotations

from typing import Any


def read_all(qtbot: Any, table: Any, timeout: int = 10000) -> list[Any]:
    """Every row object of the table, each page read (as scrolling through it would read them)."""
    qtbot.waitUntil(lambda: all(table.row(r) is not None for r in range(table.rowCount())), timeout=timeout)
    return [table.row(r) for r in range(table.rowCount())]


def texts(qtbot: Any, table: Any, column: int, timeout: int = 10000) -> list[str]:
    """The text of one column in every row, each page read."""
    read_all(qtbot, table, timeout)
    return [table.item(r, column).text() for r in range(table.rowCount())]
