"""八小工程 (the eight small projects) as pure rules (standard library only): a record's fields for its kind
(`ProjectInput`, KIND_FIELDS) and their check (`validate_project`). The service (gridapp.services.projects)
and the page import them from here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gridapp.core import codes
from gridapp.core.errors import ValidationError
from gridapp.core.orgcode import Level

from . import clock
from .fields import code, count_or_none, past_date, text

KINDS = tuple(codes.SMALL_PROJECT_KIND)
RECORD_LEVELS = (Level.GRID.value, Level.COMMUNITY.value)
COUNT_MAX = 100_000
TEXT_MAX = 2000

# the kind-specific columns and the kind each belongs to
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "convention": ("convention_text", "adoption"),
    "consultation": ("meeting_form", "topic", "decision"),
    "service": ("service_type", "served"),
    "mediation": ("dispute_id",),
    "safety": ("hazards_found", "hazards_fixed"),
    "worthy": ("person_name", "deeds"),
    "notable": ("person_name", "deeds"),
    "family_motto": ("household_id", "motto"),
}
EXTRA_FIELDS = ("convention_text", "adoption", "meeting_form", "topic", "decision", "service_type", "served",
                "dispute_id", "hazards_found", "hazards_fixed", "person_name", "deeds", "household_id", "motto")
LABELS = {
    "kind": "类别", "title": "名称", "held_on": "日期", "place": "地点", "participants": "参与人数",
    "content": "内容", "outcome": "成效", "responsible": "负责人", "convention_text": "公约内容",
    "adoption": "通过方式", "meeting_form": "议事形式", "topic": "议题", "decision": "议定事项",
    "service_type": "服务类型", "served": "服务人数", "dispute_id": "关联矛盾纠纷", "hazards_found": "发现隐患",
    "hazards_fixed": "整改隐患", "person_name": "姓名", "deeds": "事迹", "household_id": "关联户",
    "motto": "家训内容",
}
ADOPTION_CHOICES = ("村民会议表决", "居民会议表决", "村民代表会议表决", "居民代表会议表决", "户代表签字同意")


@dataclass(frozen=True)
class ProjectInput:
    kind: str
    title: str
    held_on: dt.date
    content: str
    responsible: str
    unit_code: str | None = None  # the grid or community; default: the user's unit when it is one
    place: str | None = None
    participants: int | None = None
    outcome: str | None = None
    convention_text: str | None = None
    adoption: str | None = None
    meeting_form: str | None = None
    topic: str | None = None
    decision: str | None = None
    service_type: str | None = None
    served: int | None = None
    dispute_id: str | None = None
    hazards_found: int | None = None
    hazards_fixed: int | None = None
    person_name: str | None = None
    deeds: str | None = None
    household_id: str | None = None
    motto: str | None = None


def record_text(value: Any, label: str, *, required: bool = False, limit: int = TEXT_MAX) -> str | None:
    """A record's text: names only, never an ID number."""
    return text(value, label, limit=limit, required=required, no_id="八小工程")


def _count(value: Any, label: str, *, required: bool = False, minimum: int = 0) -> int | None:
    if value is None and required:
        raise ValidationError(f"请填写{label}。", field=label)
    return count_or_none(value, label, maximum=COUNT_MAX, minimum=minimum)


def validate_project(data: ProjectInput, today: dt.date | None = None) -> dict[str, Any]:
    """Check a record's fields for its kind; returns the cleaned column values (without unit and links' checks:
    the service checks that a linked dispute or household lies in the record's unit)."""
    today = today or clock.today()
    kind = data.kind
    if kind not in codes.SMALL_PROJECT_KIND:
        valid = "、".join(f"{k} {v}" for k, v in codes.SMALL_PROJECT_KIND.items())
        raise ValidationError(f"类别“{kind}”无效，应为：{valid}。", field="类别")
    label = codes.SMALL_PROJECT_KIND[kind]
    day = past_date(data.held_on, "日期", today)
    own = KIND_FIELDS[kind]
    for name in EXTRA_FIELDS:
        value = getattr(data, name)
        if name not in own and value not in (None, ""):
            raise ValidationError(f"{label}记录不填写“{LABELS[name]}”。", field=LABELS[name])
    needs_people = kind in ("convention", "consultation", "service", "safety")
    values: dict[str, Any] = {
        "kind": kind, "title": record_text(data.title, "名称", required=True, limit=100), "held_on": day,
        "place": record_text(data.place, "地点", limit=200),
        "participants": _count(data.participants, "参与人数", required=needs_people, minimum=1 if needs_people else 0),
        "content": record_text(data.content, "内容", required=True), "outcome": record_text(data.outcome, "成效"),
        "responsible": record_text(data.responsible, "负责人", required=True, limit=50),
        **dict.fromkeys(EXTRA_FIELDS),
    }
    if kind == "convention":
        values["convention_text"] = record_text(data.convention_text, "公约内容", required=True, limit=8000)
        values["adoption"] = record_text(data.adoption, "通过方式", required=True, limit=100)
    elif kind == "consultation":
        values["meeting_form"] = code(data.meeting_form, codes.SMALL_PROJECT_MEETING_FORM, "议事形式")
        values["topic"] = record_text(data.topic, "议题", required=True, limit=200)
        values["decision"] = record_text(data.decision, "议定事项", required=True)
    elif kind == "service":
        values["service_type"] = code(data.service_type, codes.SMALL_PROJECT_SERVICE_TYPE, "服务类型")
        values["served"] = _count(data.served, "服务人数", required=True, minimum=1)
    elif kind == "mediation":
        values["dispute_id"] = (data.dispute_id or "").strip() or None
    elif kind == "safety":
        found = _count(data.hazards_found, "发现隐患", required=True)
        fixed = _count(data.hazards_fixed, "整改隐患", required=True)
        if fixed is not None and found is not None and fixed > found:
            raise ValidationError(f"整改隐患（{fixed}）不能多于发现隐患（{found}）。", field="整改隐患")
        values.update(hazards_found=found, hazards_fixed=fixed)
    elif kind in ("worthy", "notable"):
        values["person_name"] = record_text(data.person_name, "姓名", required=True, limit=50)
        values["deeds"] = record_text(data.deeds, "事迹", required=True)
    else:  # family_motto
        values["household_id"] = (data.household_id or "").strip() or None
        values["motto"] = record_text(data.motto, "家训内容", required=True, limit=1000)
    return values
