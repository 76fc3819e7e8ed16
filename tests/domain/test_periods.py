"""gridapp.domain.periods: one period type, one parser (every accepted form, refusals in Chinese), two month steps."""

from __future__ import annotations

import datetime as dt

import pytest

from gridapp.core.errors import ValidationError
from gridapp.domain.periods import Period, add_months, month_start, parse_days, parse_period

D = dt.date
ALL = ("year", "quarter", "month", "range")


@pytest.mark.parametrize(("text", "kind", "start", "end", "key"), [
    ("2026", "year", D(2026, 1, 1), D(2026, 12, 31), "2026"),
    (" 2026 ", "year", D(2026, 1, 1), D(2026, 12, 31), "2026"),
    ("2026-Q1", "quarter", D(2026, 1, 1), D(2026, 3, 31), "2026-Q1"),
    ("2026-Q4", "quarter", D(2026, 10, 1), D(2026, 12, 31), "2026-Q4"),
    ("2024-02", "month", D(2024, 2, 1), D(2024, 2, 29), "2024-02"),
    ("2026-12", "month", D(2026, 12, 1), D(2026, 12, 31), "2026-12"),
    ("2026-01-05~2026-02-20", "range", D(2026, 1, 5), D(2026, 2, 20), "2026-01-05~2026-02-20"),
    ("2026-01-05 至 2026-02-20", "range", D(2026, 1, 5), D(2026, 2, 20), "2026-01-05~2026-02-20"),
    ("2026-01-05到2026-01-05", "range", D(2026, 1, 5), D(2026, 1, 5), "2026-01-05~2026-01-05"),
])
def test_every_accepted_form(text, kind, start, end, key):
    p = parse_period(text, ALL)
    assert (p.kind, p.start, p.end, p.key) == (kind, start, end, key)
    assert parse_period(p.key, ALL) == p  # the key reads back


@pytest.mark.parametrize(("text", "kinds", "says"), [
    ("", ("year", "month"), "统计期“”格式不对，应为 年（2026）或 年-月（2026-03）。"),
    ("26", ("year", "month"), "格式不对"),
    ("2026/01", ("year", "month"), "格式不对"),
    ("2026-13", ("year", "month"), "格式不对"),
    ("2026-00", ("year", "month"), "格式不对"),
    ("2026-Q5", ALL, "格式不对"),
    ("2026-Q1", ("year", "month"), "格式不对"),  # a quarter where the caller takes none
    ("2026-03", ("month",), None),
    ("2026", ("month",), "统计期“2026”格式不对，应为 年-月（2026-03）。"),
    ("1999", ALL, "统计期“1999”的年份不合理。"),
    ("2026-02-30~2026-03-01", ALL, "格式不对"),
    ("2026-03-01~2026-02-01", ALL, "统计期的结束日期（2026-02-01）不能早于开始日期（2026-03-01）。"),
    ("2026-01-01~2026-02-01", ("year", "month"), "格式不对"),
])
def test_refusals_in_chinese(text, kinds, says):
    if says is None:
        assert parse_period(text, kinds).kind == "month"
        return
    with pytest.raises(ValidationError) as info:
        parse_period(text, kinds)
    assert says in info.value.message and info.value.field == "统计期"


def test_the_label_names_the_field():
    with pytest.raises(ValidationError) as info:
        parse_period("2026-Q9", ("year", "quarter", "month"), "考核期")
    assert info.value.message == "考核期“2026-Q9”格式不对，应为 年（2026）、季度（2026-Q1）或 年-月（2026-03）。"
    assert info.value.field == "考核期"


def test_previous_containing_and_days():
    assert [parse_period(t, ALL).previous().key for t in ("2026", "2026-Q1", "2026-Q3", "2026-01", "2026-07")] == [
        "2025", "2025-Q4", "2026-Q2", "2025-12", "2026-06"]
    assert Period.days(D(2026, 3, 1), D(2026, 3, 10)).previous() == Period("range", D(2026, 2, 19), D(2026, 2, 28))
    assert Period.containing("quarter", D(2026, 5, 17)).key == "2026-Q2"
    assert D(2026, 5, 17) in Period.containing("month", D(2026, 5, 1))
    assert parse_days("2026-03") == (D(2026, 3, 1), D(2026, 3, 31))


def test_the_two_month_steps_mean_different_things():
    # the same day n months on, clamped to a shorter month (a visit due again)
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2026, 3, 15), -3) == D(2025, 12, 15)
    # the first day of the month n months on (period boundaries)
    assert month_start(D(2026, 1, 31), 1) == D(2026, 2, 1)
    assert month_start(D(2026, 11, 20), 2) == D(2027, 1, 1)
    assert month_start(D(2026, 5, 9)) == D(2026, 5, 1)


def test_period_days_takes_text_or_two_dates_and_refuses_an_end_before_the_start():
    from gridapp.domain.periods import period_days

    assert period_days("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert period_days((dt.date(2026, 1, 5), dt.date(2026, 1, 5))) == (dt.date(2026, 1, 5), dt.date(2026, 1, 5))
    with pytest.raises(ValidationError, match="统计期的结束日期（2026-01-04）不能早于开始日期（2026-01-05）") as e:
        period_days((dt.date(2026, 1, 5), dt.date(2026, 1, 4)))
    assert e.value.field == "统计期"
    with pytest.raises(ValidationError, match="格式不对"):
        period_days("2026-13-01")
