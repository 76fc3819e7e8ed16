"""Free text a user types (titles, descriptions, reasons, opinions): one check for every ledger.

`free_text` trims, requires, limits the length and refuses what looks like an ID number (15 or 18 digits, the
last may be X): people are named, or picked from the resident records, never identified by a typed number
in free text (PIPL: the number lives only in the encrypted resident record, masked when shown).
"""

from __future__ import annotations

import re

from gridapp.core.errors import ValidationError

TEXT_MAX = 2000
ID_LIKE = re.compile(r"(?<!\d)(\d{17}[\dXx]|\d{15})(?!\d)")


def looks_like_id_number(text: str | None) -> bool:
    """Whether the text holds something shaped like a 15- or 18-digit ID number."""
    return bool(text) and ID_LIKE.search(text or "") is not None


def free_text(value: object, label: str, *, required: bool = False, limit: int = TEXT_MAX) -> str | None:
    """The trimmed text (None when empty), or ValidationError naming the field: missing when `required`,
    longer than `limit` characters, or holding an ID number."""
    v = str(value).strip() if value is not None else ""
    if not v:
        if required:
            raise ValidationError(f"请填写{label}。", field=label)
        return None
    if len(v) > limit:
        raise ValidationError(f"{label}不能超过 {limit} 个字（现有 {len(v)} 个）。", field=label)
    if ID_LIKE.search(v):
        raise ValidationError(f"{label}中不能写身份证号；涉及人员只写姓名，或从居民档案中选择。", field=label)
    return v
