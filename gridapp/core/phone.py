"""Phone numbers: mainland mobile (11 digits, 1[3-9]x) or landline with area code."""

from __future__ import annotations

import re

from .errors import ValidationError

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_SPACE = re.compile(r"[\s\u3000]")


def normalize_phone(value: str | None, *, field: str = "联系电话") -> str | None:
    """Return the phone number without spaces, or None if empty; raise on a malformed number."""
    if value is None:
        return None
    if value.__class__ is str and _MOBILE.fullmatch(value):  # the common case: nothing to take out
        return value
    raw = _SPACE.sub("", str(value))
    if raw.startswith("+86"):
        raw = raw[3:]
    if not raw:
        return None
    if _MOBILE.match(raw) or _LANDLINE.match(raw):
        return raw
    raise ValidationError(f"联系电话“{raw}”格式不正确：手机号为 11 位，座机为“区号-号码”。", field=field)


def mask_phone(value: str | None) -> str:
    """First 3 + asterisks + last 4 for mobiles; landlines keep the area code and the last 4."""
    if not value:
        return ""
    digits = value.replace("-", "")
    if len(digits) <= 7:
        return "*" * len(value)
    if "-" in value:
        area, rest = value.split("-", 1)
        return f"{area}-{'*' * (len(rest) - 4)}{rest[-4:]}"
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
