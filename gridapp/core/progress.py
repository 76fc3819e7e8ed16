"""A Qt-free progress/cancel channel handed to long operations.

The UI's background runner passes an implementation that emits signals; the CLI passes a silent or
printing one. Operations call `step()` often; it raises `Cancelled` once cancel was requested, so the
operation's transaction rolls back and nothing is half-written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import Cancelled


class Progress:
    def __init__(self, on_report: Callable[[int, int, str], None] | None = None):
        self._on_report = on_report
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def step(self, done: int, total: int, text: str = "") -> None:
        """Report progress and raise `Cancelled` if the user asked to stop."""
        if self._on_report is not None:
            self._on_report(done, total, text)
        self.check()


NULL_PROGRESS = Progress()
