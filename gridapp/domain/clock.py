"""The one "today": the date in China (Asia/Shanghai, +08:00), the date of events (visits, disputes, tasks,
affair items, assessment periods). Every service and front end asks `today()`; tests fix it with `frozen`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator

from gridapp.core.localtime import now_china

_source: Callable[[], dt.date] | None = None


def today() -> dt.date:
    """Today's date in China, or the date a test fixed with `frozen`."""
    return _source() if _source is not None else now_china().date()


@contextlib.contextmanager
def frozen(day: dt.date | Callable[[], dt.date]) -> Iterator[None]:
    """Within the block `today()` is `day` (a date, or a callable asked each time) everywhere."""
    global _source
    before = _source
    _source = day if callable(day) else (lambda: day)
    try:
        yield
    finally:
        _source = before
