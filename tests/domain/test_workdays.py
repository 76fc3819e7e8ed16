import datetime as dt

import pytest

from gridapp.domain.workdays import WEEKDAYS_ONLY, WorkCalendar

D = dt.date
# National Day 2026 as the State Council set it: 1–7 Oct off, Sat 10 Oct worked (a made-up pair for the test
# would do as well; these are the published days)
NATIONAL_DAY = WorkCalendar.build(days_off=[D(2026, 10, d) for d in range(1, 8)], days_on=[D(2026, 10, 10)],
                                  years=[2026])


def test_weekdays_only_skips_weekends():
    fri = D(2026, 12, 4)
    assert WEEKDAYS_ONLY.add_workdays(fri, 1) == D(2026, 12, 7)  # Monday
    assert WEEKDAYS_ONLY.add_workdays(fri, 5) == D(2026, 12, 11)
    assert WEEKDAYS_ONLY.add_workdays(D(2026, 12, 5), 0) == D(2026, 12, 7)  # a Saturday start: Monday
    assert WEEKDAYS_ONLY.add_workdays(fri, 0) == fri


def test_holidays_and_make_up_days_count():
    # reported on Wed 30 Sep: one working day later is Thu 8 Oct (1–7 off)
    assert NATIONAL_DAY.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    # five working days from 30 Sep: 8, 9, 10 (Saturday worked), 12, 13
    assert NATIONAL_DAY.add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert NATIONAL_DAY.is_workday(D(2026, 10, 10)) and not NATIONAL_DAY.is_workday(D(2026, 10, 5))
    assert NATIONAL_DAY.workdays_between(D(2026, 9, 30), D(2026, 10, 13)) == 5
    assert NATIONAL_DAY.workdays_between(D(2026, 10, 13), D(2026, 9, 30)) == -5


def test_office_entries_win_and_make_the_year_known():
    assert not NATIONAL_DAY.covers(2027)
    cal = NATIONAL_DAY.with_overrides({D(2027, 1, 1): False, D(2027, 1, 9): True, D(2026, 10, 10): False})
    assert cal.covers(2027)
    assert not cal.is_workday(D(2027, 1, 1))  # a Friday off
    assert cal.is_workday(D(2027, 1, 9))  # a Saturday worked
    assert not cal.is_workday(D(2026, 10, 10))  # the office took the library's make-up day back


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="既是假日又是调休上班日"):
        WorkCalendar.build(days_off=[D(2026, 1, 1)], days_on=[D(2026, 1, 1)])
    with pytest.raises(ValueError, match="时限须在"):
        WEEKDAYS_ONLY.add_workdays(D(2026, 1, 1), -1)
