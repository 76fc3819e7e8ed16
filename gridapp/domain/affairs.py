"""网格事务 (the grid affair list) as pure rules (standard library only): what a department fills in to apply
(`AffairInput`), its check (`validate_affair`) and the periods the admission uses. The service
(gridapp.services.affairs) and the page import them from here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gridapp.core import codes
from gridapp.core.errors import ValidationError

MIN_PUBLICITY_DAYS = 5  # 公示期至少天数（含首尾两天）
TEMPORARY_MAX_DAYS = 90  # 临时事项有效期最长天数
TEXT_LIMITS = {"name": 100, "department": 100, "basis": 1000, "duty": 1000, "required_data": 1000}
FIELD_LABELS = {
    "name": "事项名称", "department": "申请部门", "basis": "法律/政策依据", "duty": "网格员职责",
    "frequency": "频次", "deadline_days": "办理时限", "required_data": "所需数据", "temporary": "是否临时",
    "valid_from": "有效期起", "valid_to": "有效期止",
}


@dataclass(frozen=True)
class AffairInput:
    """What a department fills in to apply (or to propose an adjustment)."""

    name: str
    department: str
    basis: str | None = None
    duty: str | None = None
    frequency: str | None = None
    deadline_days: int | None = None
    required_data: str | None = None
    temporary: bool = False
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


def validate_affair(data: AffairInput, today: dt.date) -> dict[str, Any]:
    """Check an application's fields; returns the cleaned column values. Raises ValidationError naming the
    field (the form shows it next to the field)."""
    out: dict[str, Any] = {}
    for key in ("name", "department", "basis", "duty", "required_data"):
        value = (getattr(data, key) or "").strip() or None
        if value is not None and len(value) > TEXT_LIMITS[key]:
            raise ValidationError(f"{FIELD_LABELS[key]}不能超过 {TEXT_LIMITS[key]} 个字。", field=FIELD_LABELS[key])
        out[key] = value
    if not out["name"]:
        raise ValidationError("事项名称不能为空。", field="事项名称")
    if not out["department"]:
        raise ValidationError("申请部门不能为空。", field="申请部门")
    if data.frequency not in (None, "") and data.frequency not in codes.AFFAIR_FREQUENCY:
        raise ValidationError(f"频次代码“{data.frequency}”不在代码表中（"
                              + "、".join(f"{k} {v}" for k, v in codes.AFFAIR_FREQUENCY.items()) + "）。",
                              field="频次")
    out["frequency"] = data.frequency or None
    if data.deadline_days is not None and not 1 <= data.deadline_days <= 365:
        raise ValidationError("办理时限应为 1 到 365 天。", field="办理时限")
    out["deadline_days"] = data.deadline_days
    out["temporary"] = bool(data.temporary)
    if data.temporary:
        if data.valid_from is None or data.valid_to is None:
            raise ValidationError("临时事项必须写明有效期的起止日期。", field="有效期起")
        if data.valid_to < data.valid_from:
            raise ValidationError(f"有效期止（{data.valid_to}）不能早于有效期起（{data.valid_from}）。",
                                  field="有效期止")
        if data.valid_to < today:
            raise ValidationError(f"有效期止（{data.valid_to}）已经过去。", field="有效期止")
        days = (data.valid_to - data.valid_from).days + 1
        if days > TEMPORARY_MAX_DAYS:
            raise ValidationError(f"临时事项有效期最长 {TEMPORARY_MAX_DAYS} 天（现为 {days} 天）；长期事项请按正常程序申请准入。",
                                  field="有效期止")
        out["valid_from"], out["valid_to"] = data.valid_from, data.valid_to
    elif data.valid_from is not None or data.valid_to is not None:
        raise ValidationError("只有临时事项填写有效期；长期事项自准入之日起生效。", field="有效期起")
    else:
        out["valid_from"] = out["valid_to"] = None
    return out
