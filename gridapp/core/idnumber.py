"""Citizen ID numbers (公民身份号码, GB 11643-1999): validation, 15→18 conversion, derived fields, masking."""

from __future__ import annotations

import datetime as dt
from operator import mul
from typing import NamedTuple

from .errors import ValidationError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_PAST = dt.date.today() - dt.timedelta(days=1)  # a day surely past (today is asked only for a later date)


_ZEROS = ord("0") * sum(WEIGHTS)  # what the weighted sum of the digits' character codes adds to that of the digits


def check_digit(first17: str) -> str:
    if len(first17) != 17:
        raise ValueError(f"check_digit needs 17 digits, got {len(first17)}")
    if first17.isascii() and first17.isdigit():  # the digits' character codes, read at once (an import checks 100,000 numbers)
        return CHECK_CHARS[(sum(map(mul, first17.encode("ascii"), WEIGHTS)) - _ZEROS) % 11]
    return CHECK_CHARS[sum(map(mul, map(int, first17), WEIGHTS)) % 11]


class IdInfo(NamedTuple):  # a tuple: made for every row an import checks (a frozen dataclass is slower to make)
    number: str
    region: str
    birth_date: dt.date
    gender: str  # GB/T 2261.1: "1" male, "2" female


_BIRTHS: dict[str, dt.date] = {}  # YYYYMMDD -> the date, for the dates that passed (an import meets each day often)


def _birth(digits8: str, number: str, field: str) -> dt.date:
    born = _BIRTHS.get(digits8)
    if born is not None:
        return born
    try:
        born = dt.date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        raise ValidationError(f"身份证号“{mask_id(number)}”中的出生日期 {digits8} 不存在。", field=field) from None
    if born.year < 1880 or (born > _PAST and born > dt.date.today()):
        raise ValidationError(f"身份证号“{mask_id(number)}”中的出生日期 {digits8} 不合理。", field=field)
    if born <= _PAST and len(_BIRTHS) < 100_000:  # a past day stays past (today's and later are asked anew)
        _BIRTHS[digits8] = born
    return born


def parse_id(number: str, *, field: str = "公民身份号码") -> IdInfo:
    """Validate an 18-character ID number and return what it encodes.

    Raises ValidationError with a Chinese message. A 15-digit number is refused here: convert it
    explicitly with `convert_15_to_18` (the caller decides; it is never stored silently as valid).
    """
    raw = (number or "").strip().upper()
    if not raw:
        raise ValidationError("身份证号不能为空。", field=field)
    if len(raw) == 15 and raw.isdigit():
        raise ValidationError("这是旧版 15 位身份证号，需先转换为 18 位后再录入。", field=field)
    if len(raw) != 18:
        raise ValidationError(f"身份证号应为 18 位，现为 {len(raw)} 位。", field=field)
    if not raw[:17].isdigit() or not (raw[17].isdigit() or raw[17] == "X"):
        raise ValidationError("身份证号前 17 位须为数字，最后一位为数字或 X。", field=field)
    if raw[:2] in ("00",) or int(raw[:2]) < 11 or int(raw[:2]) > 91:
        raise ValidationError(f"身份证号的地址码 {raw[:6]} 无效。", field=field)
    born = _birth(raw[6:14], raw, field)
    expected = check_digit(raw[:17])
    if raw[17] != expected:
        raise ValidationError("身份证号校验位不正确，请核对是否录错。", field=field)
    gender = "1" if int(raw[16]) % 2 == 1 else "2"
    return IdInfo(number=raw, region=raw[:6], birth_date=born, gender=gender)


def is_valid_id(number: str) -> bool:
    try:
        parse_id(number)
    except ValidationError:
        return False
    return True


def convert_15_to_18(old: str, *, field: str = "公民身份号码") -> str:
    """Convert an old 15-digit number (YYMMDD, all born 19xx) to the 18-character form."""
    raw = (old or "").strip()
    if len(raw) != 15 or not raw.isdigit():
        raise ValidationError("旧版身份证号应为 15 位数字。", field=field)
    first17 = raw[:6] + "19" + raw[6:]
    _birth(first17[6:14], first17 + "0", field)
    return first17 + check_digit(first17)


def make_id(region: str, birth: dt.date, seq: int) -> str:
    """Build a valid ID number (used by the demo-data generator and tests; never real people)."""
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def mask_id(number: str | None) -> str:
    """First 6 + asterisks + last 4 (GB/T 35273 de-identification on screen and paper)."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
