"""Disputes (矛盾纠纷排查化解) as pure rules (standard library only): the event fields a dispute is registered
with (`DisputeInput`) and their check (`validate_dispute`), its open and handled states, overdue and
first-handling closure, and the short number said on the phone. The service (gridapp.services.disputes) and
the page import them from here; the definitions are in the service's docstring."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gridapp.core import codes
from gridapp.core.errors import ValidationError

from . import clock
from .fields import count, past_date, text
from .indicators import first_handling_closed

DEFAULT_DEADLINE_DAYS = 30  # 化解时限 when none is given: 30 days from the occurrence
PEOPLE_MAX = 100_000
TEXT_MAX = 1000
OPEN = ("registered", "mediating")
HANDLED = ("resolved", "escalated")


@dataclass(frozen=True)
class DisputeInput:
    name: str
    occurred_on: dt.date
    place: str
    category: str
    scale: str
    people: int
    summary: str | None = None
    parties: str | None = None
    deadline: dt.date | None = None  # default: occurred_on + DEFAULT_DEADLINE_DAYS
    grid_code: str | None = None  # default: the user's unit when it is a grid


def is_overdue(status: str, deadline: dt.date, today: dt.date) -> bool:
    return status in OPEN and deadline < today


def dispute_first_handling_facts(status: str, success: bool | None, resolved_on: dt.date | None,
                                 escalated_on: dt.date | None, deadline: dt.date, supervised: list[dt.date],
                                 today: dt.date | None = None) -> dict[str, bool]:
    """A dispute's facts for the shared first-handling rule (domain.indicators.first_handling_closed): escalated
    (reported up, or supervised on or before its resolution), overdue (open past its deadline), open, closed_ok
    (resolved successfully by the deadline)."""
    return {"escalated": escalated_on is not None or status == "escalated"
            or (resolved_on is not None and any(d <= resolved_on for d in supervised)),
            "overdue": today is not None and is_overdue(status, deadline, today),
            "open": status in OPEN,
            "closed_ok": status == "resolved" and bool(success) and resolved_on is not None and resolved_on <= deadline}


def closed_first_time(status: str, success: bool | None, resolved_on: dt.date | None, escalated_on: dt.date | None,
                      deadline: dt.date, supervised: list[dt.date]) -> bool:
    """Resolved successfully, never escalated, not supervised on or before the resolution, by the deadline: the
    shared first-handling rule's True (domain.indicators.first_handling_closed)."""
    return first_handling_closed(dispute_first_handling_facts(status, success, resolved_on, escalated_on, deadline,
                                                              supervised)) is True


def field_text(value: str | None, label: str, *, required: bool = False, limit: int = TEXT_MAX) -> str | None:
    """A dispute's text field (TEXT_MAX characters unless `limit`)."""
    return text(value, label, limit=limit, required=required)


def validate_dispute(data: DisputeInput, today: dt.date | None = None) -> dict[str, Any]:
    """Check a dispute's event fields; returns the cleaned column values (without the grid)."""
    today = today or clock.today()
    occurred = past_date(data.occurred_on, "发生日期", today)
    if data.category not in codes.DISPUTE_CATEGORY:
        raise ValidationError(f"事件类别“{data.category}”不是有效代码（01–16、99）。", field="事件类别")
    if data.scale not in codes.DISPUTE_SCALE:
        raise ValidationError(f"事件规模“{data.scale}”不是有效代码（01、02、03）。", field="事件规模")
    people = count(data.people, "涉及人数", minimum=1, maximum=PEOPLE_MAX)
    if data.scale == "01" and people > 10:
        raise ValidationError(f"个体性事件涉及 {people} 人？人数较多时事件规模应为群体性。", field="事件规模")
    parties = text(data.parties, "主要当事人", limit=500, no_id="矛盾纠纷台账")
    deadline = data.deadline or occurred + dt.timedelta(days=DEFAULT_DEADLINE_DAYS)
    if not isinstance(deadline, dt.date):
        raise ValidationError("请填写化解时限，例如 2026-01-31。", field="化解时限")
    if deadline < occurred:
        raise ValidationError(f"化解时限 {deadline} 不能早于发生日期（{occurred}）。", field="化解时限")
    return {"name": field_text(data.name, "名称", required=True, limit=100), "occurred_on": occurred,
            "place": field_text(data.place, "地点", required=True, limit=200), "category": data.category,
            "scale": data.scale, "people": people, "summary": field_text(data.summary, "简述"), "parties": parties,
            "deadline": deadline}


def short_number(number: str) -> str:
    """The number to read out on the phone, with the grid's name: "2026-0007-381" for
    "370303001001002-2026-0007-<16 hex node id>" (year, sequence, three digits of the node id). A number in
    another form is given back as it is."""
    parts = number.split("-")
    if len(parts) != 4 or not parts[2].isdigit():
        return number
    _grid, year, seq, node = parts
    try:
        tag = int(node[:8], 16) % 1000
    except ValueError:
        return number
    return f"{year}-{seq}-{tag:03d}"
