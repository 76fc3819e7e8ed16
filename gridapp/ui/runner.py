"""One pattern for work off the GUI thread (after Anki's aqt/operations).

`DbRunner` owns a single worker thread, so database operations run one at a time in submission order
(the serial writer SQLite wants). An operation is a plain callable taking a `Progress`; its result or
error comes back to the GUI thread by queued signal and is handed to the callbacks given at submit.
Nobody declares what an operation changed: the database's write transactions know the tables they wrote
(`gridapp.core.changes`, as Anki's OpChanges), and after an operation whose writes committed the runner
emits `changed` with those table names; each page watches the tables it shows (`gridapp.ui.pages.Page`).
Widgets are never touched from the worker.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from gridapp.core import changes, notices
from gridapp.core.errors import Cancelled, GridappError
from gridapp.core.progress import Progress

log = logging.getLogger(__name__)

@dataclass
class Op:
    """A submitted operation: cancel it, or ask whether it finished."""

    id: int
    label: str
    progress: Progress
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[int, int, str], None] | None
    interactive: bool = False  # the user started it and watches its progress
    future: Future | None = None

    def cancel(self) -> None:
        self.progress.cancel()

    @property
    def done(self) -> bool:
        return self.future is not None and self.future.done()


class DbRunner(QObject):
    """The app's single serial executor for database work."""

    changed = Signal(frozenset)  # the names of the tables a finished operation's committed writes touched
    busy_changed = Signal(bool)
    _finished = Signal(int, object, object, object)  # op id, result, error, tables written (worker → GUI thread)
    _progressed = Signal(int, int, int, str)  # op id, done, total, text
    notice = Signal(str)  # a notice from the worker (waiting for another program's write lock), or a failure

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gridapp-db")
        self._ops: dict[int, Op] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._closed = False
        self._finished.connect(self._on_finished)
        self._progressed.connect(self._on_progress)
        notices.set_listener(self.notice.emit)  # emitted on the worker, delivered on the GUI thread

    @property
    def busy(self) -> bool:
        return bool(self._ops)

    @property
    def busy_with_user_work(self) -> bool:
        """True while an operation the user started and watches (an import, a package) is running."""
        return any(op.interactive for op in self._ops.values())

    def submit(self, fn: Callable[[Progress], Any], *, label: str = "",
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_progress: Callable[[int, int, str], None] | None = None, interactive: bool = False) -> Op:
        op_id = next(self._ids)
        progress = Progress(lambda d, t, x: self._progressed.emit(op_id, d, t, x))
        op = Op(op_id, label, progress, on_done, on_error, on_progress, interactive)
        if self._closed:  # the window is closing: a late refresh is dropped, not run on a closed database
            log.debug("operation %r dropped: the runner is shut down", label)
            op.cancel()
            return op
        was_idle = not self._ops
        self._ops[op_id] = op

        def work() -> None:
            with changes.collecting() as written:  # the tables the operation's committed writes touched
                try:
                    progress.check()
                    result = fn(progress)
                except BaseException as exc:  # handed to the GUI thread, which decides what to show
                    error: BaseException | None = exc
                    result = None
                else:
                    error = None
            self._finished.emit(op_id, result, error, frozenset(written))

        op.future = self._pool.submit(work)
        if was_idle:
            self.busy_changed.emit(True)
        return op

    @Slot(int, object, object, object)
    def _on_finished(self, op_id: int, result: Any, error: BaseException | None, written: frozenset[str]) -> None:
        op = self._ops.pop(op_id, None)
        if not self._ops:
            self.busy_changed.emit(False)
        try:
            if op is None:
                return
            if error is not None:
                if op.on_error is not None:
                    op.on_error(error)
                elif isinstance(error, GridappError) and not isinstance(error, Cancelled):
                    self.notice.emit(str(error))  # e.g. the database stayed locked: said, not only logged
                elif not isinstance(error, Cancelled):
                    log.error("operation %r failed", op.label, exc_info=error)
                return
            if op.on_done is not None:
                op.on_done(result)
        finally:
            # what committed changed the data, even when the operation failed after it (or its callback did)
            if written:
                self.changed.emit(written)

    @Slot(int, int, int, str)
    def _on_progress(self, op_id: int, done: int, total: int, text: str) -> None:
        op = self._ops.get(op_id)
        if op is not None and op.on_progress is not None:
            op.on_progress(done, total, text)

    def shutdown(self) -> None:
        """Cancel what is queued, let the running operation finish (it rolls back if cancelled)."""
        self._closed = True
        notices.clear(self.notice.emit)
        for op in list(self._ops.values()):
            op.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)
