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


def _keys_of(syllables: list[str]) -> tuple[str, str]:
    syllables = [_NOT_ALNUM.sub("", s.lower()) for s in syllables]
    syllables = [s for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


_HAN = re.compile(r"[\u4e00-\u9fff]+")
_char_syllable: dict[str, str] = {}  # a Han character read on its own (pypinyin's first reading)
_phrases: Any = None  # pypinyin's phrase dictionary (names that contain a phrase are read as pypinyin reads them)


@lru_cache(maxsize=200_000)
def name_keys(name: str | None) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower case ASCII: 张三 -> ("zhangsan", "zs").

    Exactly pypinyin's `lazy_pinyin` reading. A name of Han characters none of whose parts (two characters
    or more) is in pypinyin's phrase dictionary is read character by character, and so is every such name
    in pypinyin (segments outside the dictionary are read per character): those characters' readings are
    kept, so that a ledger of 100,000 different names does not segment each one again (about 10x faster)."""
    global _phrases
    if not name:
        return "", ""
    # ~0.3 s of dictionaries: loaded by the first name written, not with the models at start-up
    from pypinyin import lazy_pinyin

    if _phrases is None:
        from pypinyin.constants import PHRASES_DICT

        _phrases = PHRASES_DICT
    n = len(name)
    if n <= 8 and _HAN.fullmatch(name) and not any(
            name[i:j] in _phrases for i in range(n - 1) for j in range(i + 2, n + 1)):
        syllables = []
        for c in name:
            s = _char_syllable.get(c)
            if s is None:
                s = _char_syllable[c] = "".join(lazy_pinyin(c))
            syllables.append(s)
        return _keys_of(syllables)
    return _keys_of(lazy_pinyin(name))


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
