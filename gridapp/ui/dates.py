"""Dates in the forms: Python dates to Qt's and back, and the one date box (calendar popup, yyyy-MM-dd)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_edit(day: dt.date, *, minimum: dt.date | None = None, maximum: dt.date | None = None) -> QDateEdit:
    """A date box showing `day`, limited to `minimum`..`maximum` when given."""
    box = QDateEdit()
    box.setCalendarPopup(True)
    box.setDisplayFormat("yyyy-MM-dd")
    if minimum is not None:
        box.setMinimumDate(qdate(minimum))
    if maximum is not None:
        box.setMaximumDate(qdate(maximum))
    box.setDate(qdate(day))
    return box
