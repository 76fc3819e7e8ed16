"""The working-day calendar the time limits use: China's public holidays and make-up working days from the
maintained `chinese-calendar` library, with the days offices entered (`work_calendar_day`) on top.

An office's entries apply to its subtree; an entry of a lower unit wins over one above it, and every entry wins
over the library (the library may lag: it knows a year only once the State Council has published it). A year
neither knows counts Monday to Friday, and `WorkCalendar.covers(year)` says so.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.core.errors import ValidationError
from gridapp.core.ids import stable_id
from gridapp.core.orgcode import ancestors
from gridapp.db.models import WorkCalendarDay
from gridapp.domain.workdays import WorkCalendar


@lru_cache(maxsize=1)
def library_calendar() -> WorkCalendar:
    """The library's holidays and make-up working days (loaded once)."""
    import chinese_calendar

    days_off = set(chinese_calendar.holidays)
    days_on = set(chinese_calendar.workdays)
    years = {d.year for d in days_off | days_on}
    return WorkCalendar.build(days_off - days_on, days_on, years)


def calendar_for(s: Session, unit_code: str) -> WorkCalendar:
    """The calendar for events held at `unit_code`: the library plus the entries of the unit and the units
    above it (the nearest unit's entry for a day wins)."""
    chain = [*ancestors(unit_code), unit_code]
    rows = s.execute(select(WorkCalendarDay.unit_code, WorkCalendarDay.day, WorkCalendarDay.working).where(
        WorkCalendarDay.unit_code.in_(chain), WorkCalendarDay.deleted.is_(False))).all()
    overrides: dict[dt.date, bool] = {}
    for _unit, day, working in sorted(rows, key=lambda r: len(r[0])):
        overrides[day] = bool(working)
    base = library_calendar()
    return base.with_overrides(overrides) if overrides else base


def day_id(unit_code: str, day: dt.date) -> str:
    return stable_id("work_calendar_day", f"{unit_code}:{day.isoformat()}")


def check_day(day: object, working: object, current: WorkCalendar) -> tuple[dt.date, bool]:
    """An office's entry, refused when it is no date or changes nothing in the calendar as it stands."""
    if not isinstance(day, dt.date):
        raise ValidationError("请填写日期，例如 2027-01-01。", field="日期")
    if not isinstance(working, bool):
        raise ValidationError("请说明该日是放假还是上班。", field="类型")
    if current.is_workday(day) == working:
        already = "上班" if working else "放假"
        raise ValidationError(f"{day} 本来就{already}，无需登记。", field="日期")
    return day, working
