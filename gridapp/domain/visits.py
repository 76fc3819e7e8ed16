"""Household visits (入户走访) as pure rules (standard library only): a visit's fields (`VisitInput`) and their
check (`validate_visit`). The service (gridapp.services.visits) and the page import them from here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import clock
from .fields import count, past_date, text

PRESENT_MAX = 30  # 在户人数 above this is a typing error, not a household
TEXT_MAX = 500


@dataclass(frozen=True)
class VisitInput:
    household_id: str
    visit_date: dt.date
    present: int
    content: str
    issues: str | None = None
    handling: str | None = None


def validate_visit(data: VisitInput, today: dt.date | None = None) -> dict[str, Any]:
    """Check a visit's fields; returns the cleaned column values (without household and visitor)."""
    today = today or clock.today()
    return {"visit_date": past_date(data.visit_date, "走访日期", today),
            "present": count(data.present, "在户人数", maximum=PRESENT_MAX),
            "content": text(data.content, "走访内容", limit=TEXT_MAX, required=True),
            "issues": text(data.issues, "问题/诉求", limit=TEXT_MAX),
            "handling": text(data.handling, "处理情况", limit=TEXT_MAX)}
