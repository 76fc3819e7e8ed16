"""The checks every area's input shares (standard library only): a text field, a date not in the future, a
whole count, a code from a code table, and the shape of an ID number where only names belong. Each refuses in
Chinese naming the field (ValidationError.field)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from gridapp.core.errors import ValidationError

EARLIEST = dt.date(2000, 1, 1)  # a record's date before this is a typing error
ID_LIKE = re.compile(r"\d{17}[\dXx]|\d{15}")  # an ID number (18 or old 15 digits) typed into a text


def text(value: Any, label: str, *, limit: int, required: bool = False, no_id: str | None = None) -> str | None:
    """The trimmed text (None when empty); `no_id` names the ledger that keeps names only, and an ID number
    in the text is then refused."""
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"{label}应为文字。", field=label)
    v = (value or "").strip() or None
    if v is None and required:
        raise ValidationError(f"请填写{label}。", field=label)
    if v is not None:
        if len(v) > limit:
            raise ValidationError(f"{label}不能超过 {limit} 个字（现有 {len(v)} 个）。", field=label)
        if no_id is not None and ID_LIKE.search(v):
            raise ValidationError(f"{label}中不要填写身份证号码（{no_id}只记姓名）。", field=label)
    return v


def past_date(value: Any, label: str, today: dt.date, *, not_before: dt.date | None = None,
              before_label: str = "发生日期") -> dt.date:
    """A date from EARLIEST to today, and not before `not_before` (named `before_label`) when given."""
    if not isinstance(value, dt.date):
        raise ValidationError(f"请填写{label}，例如 2026-01-31。", field=label)
    if value > today:
        raise ValidationError(f"{label} {value} 不能晚于今天（{today}）。", field=label)
    if value < EARLIEST:
        raise ValidationError(f"{label} {value} 太早，请检查。", field=label)
    if not_before is not None and value < not_before:
        raise ValidationError(f"{label} {value} 不能早于{before_label}（{not_before}）。", field=label)
    return value


def count(value: Any, label: str, *, maximum: int, minimum: int = 0) -> int:
    """A whole number from `minimum` to `maximum`."""
    if value is None:
        raise ValidationError(f"请填写{label}。", field=label)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{label}应为整数。", field=label)
    if value < minimum:
        raise ValidationError(f"{label}不能小于 {minimum}。" if minimum != 1 else f"{label}至少为 1。", field=label)
    if value > maximum:
        raise ValidationError(f"{label} {value} 不合常理（最多 {maximum}），请检查。", field=label)
    return value


def count_or_none(value: Any, label: str, *, maximum: int, minimum: int = 0) -> int | None:
    """`count` for a number that may be left out (None)."""
    return None if value is None else count(value, label, maximum=maximum, minimum=minimum)


def code(value: Any, table: Mapping[str, str], label: str) -> str:
    """A code of `table` (its labels listed when it is not one)."""
    if value is None or value == "":
        raise ValidationError(f"请选择{label}。", field=label)
    if value not in table:
        valid = "、".join(f"{k} {v}" for k, v in table.items())
        raise ValidationError(f"{label}“{value}”不是有效代码，应为：{valid}。", field=label)
    return value
