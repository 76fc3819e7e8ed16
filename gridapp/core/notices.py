"""Notices from deep inside an operation to whichever front end is running it (stdlib only).

The database layer calls `waiting(text)` when it must wait for another program's write lock; the CLI prints
the text on stderr, the GUI's runner shows it in the status bar. Without a listener nothing is shown.
"""

from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[str], None] | None = None


def set_listener(fn: Callable[[str], None] | None) -> Callable[[str], None] | None:
    """Install `fn` (None: none); returns the listener it replaces."""
    global _listener
    previous, _listener = _listener, fn
    return previous


def waiting(text: str) -> None:
    fn = _listener
    if fn is not None:
        try:
            fn(text)
        except Exception:
            pass


def clear(fn: Callable[[str], None]) -> None:
    """Remove `fn` if it is the listener (a front end shutting down)."""
    global _listener
    if _listener == fn:
        _listener = None
