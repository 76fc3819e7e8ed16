"""Org unit codes: city(4) / district(6) / town(9) / community(12) / grid(15 digits).

Codes nest by prefix, so a unit's parent is its code minus the last segment and a unit's subtree is
every code that starts with it (DOMAIN.md, "Org units and codes").
"""

from __future__ import annotations

from enum import Enum

from .errors import ValidationError


class Level(str, Enum):
    CITY = "city"
    DISTRICT = "district"
    TOWN = "town"
    COMMUNITY = "community"
    GRID = "grid"

    @property
    def digits(self) -> int:
        return LEVEL_DIGITS[self]

    @property
    def label_zh(self) -> str:
        return LEVEL_LABELS_ZH[self]

    @property
    def depth(self) -> int:
        return LEVELS.index(self)


LEVELS: list[Level] = [Level.CITY, Level.DISTRICT, Level.TOWN, Level.COMMUNITY, Level.GRID]
LEVEL_DIGITS = {Level.CITY: 4, Level.DISTRICT: 6, Level.TOWN: 9, Level.COMMUNITY: 12, Level.GRID: 15}
LEVEL_LABELS_ZH = {
    Level.CITY: "市",
    Level.DISTRICT: "区县",
    Level.TOWN: "镇(街道)",
    Level.COMMUNITY: "村(社区)",
    Level.GRID: "网格",
}
_BY_DIGITS = {v: k for k, v in LEVEL_DIGITS.items()}


def level_of(code: str) -> Level:
    """The level a code belongs to, from its length; raises ValidationError for a malformed code."""
    validate_code(code)
    return _BY_DIGITS[len(code)]


def validate_code(code: str, level: Level | None = None) -> str:
    if not isinstance(code, str) or not code.isascii() or not code.isdigit():
        raise ValidationError(f"单位编码“{code}”只能由数字组成。", field="单位编码")
    if len(code) not in _BY_DIGITS:
        raise ValidationError(
            f"单位编码“{code}”长度为 {len(code)} 位；应为 4（市）、6（区县）、9（镇街）、12（村社区）或 15（网格）位。",
            field="单位编码",
        )
    own = _BY_DIGITS[len(code)]
    if level is not None and own != level:
        raise ValidationError(
            f"单位编码“{code}”是{own.label_zh}级编码（{len(code)} 位），与所选层级“{level.label_zh}”"
            f"（{level.digits} 位）不符。",
            field="层级",
        )
    # the segment a level adds may not be all zeros (000 is not a town, 00 is not a district)
    if own != Level.CITY:
        parent_digits = LEVELS[own.depth - 1].digits
        if int(code[parent_digits:]) == 0:
            raise ValidationError(f"单位编码“{code}”的本级部分不能全为 0。", field="单位编码")
    if int(code[:2]) < 11 or int(code[2:4]) == 0:
        raise ValidationError(f"单位编码“{code}”的前四位不是有效的省市代码。", field="单位编码")
    return code


def parent_code(code: str) -> str | None:
    level = level_of(code)
    if level == Level.CITY:
        return None
    return code[: LEVELS[level.depth - 1].digits]


def ancestors(code: str) -> list[str]:
    """All ancestor codes from the city down to the parent."""
    level = level_of(code)
    return [code[: lv.digits] for lv in LEVELS[: level.depth]]


def is_within(code: str, scope: str) -> bool:
    """True when `code` is `scope` itself or lies in its subtree."""
    return code.startswith(scope)


def child_level(level: Level) -> Level | None:
    return LEVELS[level.depth + 1] if level != Level.GRID else None


# A grid's type (网格类型) and the households a grid should cover (the 300–500 household guidance).
GRID_TYPES = {"urban": "城市", "rural": "农村", "dedicated": "专属"}
GRID_HOUSEHOLDS_MIN, GRID_HOUSEHOLDS_MAX = 300, 500
# 人员 assigned to units (UnitAssignment.duty): which level each duty belongs to and its label
DUTIES = {"grid_worker": (Level.GRID, "专职网格员"), "grid_chief": (Level.COMMUNITY, "网格长（党组织书记）"),
          "police": (Level.COMMUNITY, "社区民警")}


def household_guidance(households: int | None) -> str | None:
    """A note when a grid's planned households lie outside 300–500 (guidance, not a rule), else None."""
    if households is None:
        return None
    if households < GRID_HOUSEHOLDS_MIN:
        return f"按规定每个网格一般覆盖 {GRID_HOUSEHOLDS_MIN}–{GRID_HOUSEHOLDS_MAX} 户，{households} 户偏少，可考虑与相邻网格合并。"
    if households > GRID_HOUSEHOLDS_MAX:
        return f"按规定每个网格一般覆盖 {GRID_HOUSEHOLDS_MIN}–{GRID_HOUSEHOLDS_MAX} 户，{households} 户偏多，可考虑拆分网格。"
    return None
