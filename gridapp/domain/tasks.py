"""Grid tasks (网格任务) as pure rules (standard library only): the frequencies, the period of a recurring
frequency containing a day, a task's status, and the limits of a task's texts. The service
(gridapp.services.tasks) and the page import them from here."""

from __future__ import annotations

import datetime as dt

from .periods import Period

RECURRING = ("01", "02", "03", "04", "05")  # 每日 每周 每月 每季度 每年
ON_DEMAND = "06"  # 按需
CALENDAR = {"03": "month", "04": "quarter", "05": "year"}  # the recurring frequencies that are calendar periods
STATUS = {"open": "待办", "overdue": "已逾期", "done": "已完成"}
NOTE_MAX = 1000
TITLE_MAX = 100


def period_of(frequency: str, on: dt.date) -> tuple[str, dt.date, dt.date]:
    """The period of a recurring frequency containing `on`: (key, first day, last day)."""
    if frequency == "01":
        return on.isoformat(), on, on
    if frequency == "02":
        year, week, weekday = on.isocalendar()
        start = on - dt.timedelta(days=weekday - 1)
        return f"{year}-W{week:02d}", start, start + dt.timedelta(days=6)
    if frequency in CALENDAR:
        p = Period.containing(CALENDAR[frequency], on)
        return p.key, p.start, p.end
    raise ValueError(f"not a recurring frequency: {frequency!r}")


def status_of(due: dt.date, done_on: dt.date | None, on: dt.date) -> str:
    if done_on is not None:
        return "done"
    return "overdue" if on > due else "open"
