"""Derived search columns: values computed from a row's own fields, never written by hand, never synced.

A synced model may declare `__derived__` (the derived column names), `__derived_from__` (the fields they
depend on) and `derive(values) -> dict`. `ChangeWriter` fills them on every insert and on updates that touch
a source field; the sync merge recomputes them for every row it creates or changes. They are not part of the
change log (a change carries the source fields only), so they can never conflict and every node derives the
same values from the same merged fields.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_NOT_ALNUM = re.compile(r"[^0-9a-z]")


@lru_cache(maxsize=200_000)
def name_keys(name: str | None) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower case ASCII: 张三 -> ("zhangsan", "zs")."""
    if not name:
        return "", ""
    # ~0.3 s of dictionaries: loaded by the first name written, not with the models at start-up
    from pypinyin import lazy_pinyin

    syllables = [_NOT_ALNUM.sub("", s.lower()) for s in lazy_pinyin(name)]
    syllables = [s for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def reverse_digits(value: str | None) -> str | None:
    """A number written backwards, so that "ends with" becomes an indexed prefix search."""
    if not value:
        return None
    return value.replace("-", "")[::-1].upper()


def derive_resident(values: dict[str, Any]) -> dict[str, Any]:
    full, initials = name_keys(values.get("name"))
    return {"name_pinyin": full, "name_initials": initials,
            "id_rev": reverse_digits(values.get("id_number")), "phone_rev": reverse_digits(values.get("phone"))}


def derived_columns(model: type) -> frozenset[str]:
    return frozenset(getattr(model, "__derived__", ()))


def derive(model: type, values: dict[str, Any]) -> dict[str, Any]:
    fn = getattr(model, "derive", None)
    return fn(values) if fn is not None else {}
