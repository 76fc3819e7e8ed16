"""Working days in China: weekends, public holidays and make-up working days (调休), for time limits.

Time limits of events (受理 1 个工作日, 办理 5 个工作日 …) count working days. The State Council publishes each
year's holidays and the weekend days worked in exchange late in the year before; a maintained library
(`chinese-calendar`) carries them, the services load it into a `WorkCalendar`, and an office can add the days of a
year the library does not know yet (the office's entries win over the library's).

A year neither source covers counts Monday to Friday as working days and says so (`covers(year)` is False), so a
screen can tell the office to enter that year's holidays instead of computing silently wrong deadlines.
Standard library only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MAX_WORKDAYS = 365  # a time limit longer than a year of working days is an input error, not a deadline


@dataclass(frozen=True)
class WorkCalendar:
    """Which dates are working days. `days_off` are holidays on weekdays (and weekend holidays, harmlessly);
    `days_on` are weekend days worked (调休上班). `years` are the years whose holidays are known."""

    days_off: frozenset[dt.date] = frozenset()
    days_on: frozenset[dt.date] = frozenset()
    years: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def build(cls, days_off: Iterable[dt.date] = (), days_on: Iterable[dt.date] = (),
              years: Iterable[int] = ()) -> WorkCalendar:
        off, on = frozenset(days_off), frozenset(days_on)
        both = off & on
        if both:
            raise ValueError(f"同一天既是假日又是调休上班日：{min(both).isoformat()}")
        return cls(off, on, frozenset(years))

    def with_overrides(self, overrides: Mapping[dt.date, bool]) -> WorkCalendar:
        """This calendar with an office's entries applied: date → True (a working day) / False (a day off).
        A year with at least one entry counts as known (the office entered its holidays)."""
        off, on = set(self.days_off), set(self.days_on)
        for day, working in overrides.items():
            off.discard(day)
            on.discard(day)
            weekend = day.weekday() >= 5
            if working and weekend:
                on.add(day)
            elif not working and not weekend:
                off.add(day)
        return WorkCalendar(frozenset(off), frozenset(on), self.years | {d.year for d in overrides})

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_workday(self, day: dt.date) -> bool:
        if day in self.days_on:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < 5

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The date by which something started on `start` must be done with `n` working days: the n-th working
        day after `start` (the start day itself is not counted). n = 0 is the start day itself if it is a
        working day, else the next working day."""
        if not 0 <= n <= MAX_WORKDAYS:
            raise ValueError(f"时限须在 0 到 {MAX_WORKDAYS} 个工作日之间，收到 {n}")
        day = start
        if n == 0:
            while not self.is_workday(day):
                day += dt.timedelta(days=1)
            return day
        left = n
        while left:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
        if end < start:
            return -self.workdays_between(end, start)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count


WEEKDAYS_ONLY = WorkCalendar()
"""No holidays known: Monday to Friday. For tests and for a year nobody has entered yet."""
