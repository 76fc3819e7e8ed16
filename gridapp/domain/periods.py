"""Periods (a year, a quarter, a month or a custom range of days) and month arithmetic: one type, one parser.

Two month steps, with two meanings, both needed:
- `add_months(day, n)`: the same day of the month n months later (the month's last day when it is shorter),
  e.g. a household visited on 31 August is next due on 28 February;
- `month_start(day, n)`: the first day of the month n months after `day`'s month (period boundaries).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gridapp.core.errors import ValidationError

KINDS = ("year", "quarter", "month", "range")
_FORMS = {"year": "年（2026）", "quarter": "季度（2026-Q1）", "month": "年-月（2026-03）",
          "range": "起止日期（2026-01-05~2026-02-20）"}
_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|\d{2}))?$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:~|～|至|到|/|--)\s*(\d{4}-\d{2}-\d{2})$")
YEARS = (2000, 2100)  # a period outside these years is a typing error


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (the month's last day when it is shorter)."""
    first = month_start(day, months)
    for d in (day.day, 30, 29, 28):
        try:
            return first.replace(day=d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def month_start(day: dt.date, months: int = 0) -> dt.date:
    """The first day of the month `months` after `day`'s month (0: of its own month)."""
    y, m = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + y, m + 1, 1)


@dataclass(frozen=True)
class Period:
    """A period of days, both ends included: `kind` year | quarter | month | range; `key` its text form."""

    kind: str
    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls("year", dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        first = dt.date(year, 3 * q - 2, 1)
        return cls("quarter", first, month_start(first, 3) - dt.timedelta(days=1))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        return cls("month", first, month_start(first, 1) - dt.timedelta(days=1))

    @classmethod
    def days(cls, start: dt.date, end: dt.date, label: str = "统计期") -> Period:
        if end < start:
            raise ValidationError(f"{label}的结束日期（{end}）不能早于开始日期（{start}）。", field=label)
        return cls("range", start, end)

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        """The year, quarter or month that contains `day`."""
        if kind == "year":
            return cls.year(day.year)
        if kind == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == "month":
            return cls.month(day.year, day.month)
        raise ValueError(f"not a calendar period kind: {kind!r}")

    @property
    def key(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        return f"{self.start.isoformat()}~{self.end.isoformat()}"

    def previous(self) -> Period:
        """The period of the same kind just before (a range: as many days just before)."""
        if self.kind == "range":
            days = self.end - self.start
            end = self.start - dt.timedelta(days=1)
            return Period("range", end - days, end)
        return Period.containing(self.kind, self.start - dt.timedelta(days=1))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def parse_period(text: str, kinds: tuple[str, ...] = ("year", "month"), label: str = "统计期") -> Period:
    """The one parser: '2026' (year), '2026-Q1' (quarter), '2026-03' (month) or '2026-01-05~2026-02-20'
    (a range, also with 至/到/～), of the `kinds` the caller accepts; refused in Chinese naming `label`."""
    t = (text or "").strip()
    forms = [_FORMS[k] for k in kinds]
    wanted = forms[0] if len(forms) == 1 else "、".join(forms[:-1]) + "或 " + forms[-1]
    bad = ValidationError(f"{label}“{text}”格式不对，应为 {wanted}。", field=label)
    m = _PERIOD.match(t)
    r = None if m else _RANGE.match(t)
    if m:
        year, part = int(m.group(1)), m.group(2)
        kind = "year" if part is None else "quarter" if part.startswith("Q") else "month"
    elif r:
        kind = "range"
    else:
        raise bad
    if kind not in kinds:
        raise bad
    if r:
        try:
            start, end = dt.date.fromisoformat(r.group(1)), dt.date.fromisoformat(r.group(2))
        except ValueError:
            raise bad from None
        period = Period.days(start, end, label)
    else:
        if not YEARS[0] <= year <= YEARS[1]:
            raise ValidationError(f"{label}“{text}”的年份不合理。", field=label)
        if kind == "year":
            period = Period.year(year)
        elif kind == "quarter":
            period = Period.quarter(year, int(part[1]))
        else:
            if not 1 <= int(part) <= 12:
                raise bad
            period = Period.month(year, int(part))
    if not (YEARS[0] <= period.start.year and period.end.year <= YEARS[1]):
        raise ValidationError(f"{label}“{text}”的年份不合理。", field=label)
    return period


def parse_days(text: str, kinds: tuple[str, ...] = ("year", "month"), label: str = "统计期") -> tuple[dt.date, dt.date]:
    """`parse_period`'s first and last day (the form the area summaries take)."""
    p = parse_period(text, kinds, label)
    return p.start, p.end


def period_days(period: str | tuple[dt.date, dt.date], kinds: tuple[str, ...] = ("year", "month"),
                label: str = "统计期") -> tuple[dt.date, dt.date]:
    """A summary's period as its first and last day: text (`parse_period`, of `kinds`) or two dates, the end not
    before the start; refused in Chinese naming `label`."""
    if isinstance(period, str):
        return parse_days(period, kinds, label)
    p = Period.days(*period, label=label)
    return p.start, p.end
