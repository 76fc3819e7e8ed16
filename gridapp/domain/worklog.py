"""A grid worker's own household visits (巡查走访, `patrol`) and daily work log (民情日志, `worklog`): the input
and its rules, standard library only. Not the police's 入户走访 (domain.visits).

Rules: a date not in the future (and not before fields.EARLIEST); free text trimmed, within its limit and without
ID numbers (these records keep names only); a patrol's household must lie in the worker's grid (checked against
the household's unit here, looked up by the service)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gridapp.core.errors import ValidationError

from . import fields

SITUATION_LIMIT = 2000
ISSUES_LIMIT = 2000
CONTENT_LIMIT = 5000
COMMENT_LIMIT = 1000
NO_ID = "巡查走访和民情日志"


@dataclass(frozen=True)
class PatrolInput:
    household_id: str
    visited_on: dt.date
    situation: str  # 走访情况
    issues: str | None = None  # 发现问题/诉求


@dataclass(frozen=True)
class WorklogInput:
    log_date: dt.date
    content: str  # 工作内容/民情


def check_patrol(data: PatrolInput, today: dt.date) -> dict[str, Any]:
    """The patrol's stored values, or ValidationError naming the field (the household is the service's)."""
    if not data.household_id:
        raise ValidationError("请选择走访的户。", field="户")
    return {
        "household_id": data.household_id,
        "visited_on": fields.past_date(data.visited_on, "走访日期", today),
        "situation": fields.text(data.situation, "走访情况", limit=SITUATION_LIMIT, required=True, no_id=NO_ID),
        "issues": fields.text(data.issues, "发现问题", limit=ISSUES_LIMIT, no_id=NO_ID),
    }


def check_worklog(data: WorklogInput, today: dt.date) -> dict[str, Any]:
    return {
        "log_date": fields.past_date(data.log_date, "日志日期", today),
        "content": fields.text(data.content, "日志内容", limit=CONTENT_LIMIT, required=True, no_id=NO_ID),
    }


def check_comment(text: Any) -> str:
    return fields.text(text, "批注", limit=COMMENT_LIMIT, required=True, no_id=NO_ID) or ""


def household_in_grid(household_unit: str, grid: str) -> None:
    """A grid worker visits households of their own grid only."""
    if household_unit != grid:
        raise ValidationError(f"所选户不在您的网格 {grid} 内（属于 {household_unit}）。", field="户")
