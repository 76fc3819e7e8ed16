"""The date cells of the ledgers (the residents' and the other areas'): one reading of a date written as text."""

from __future__ import annotations

import datetime as dt

import pytest

from gridapp.core.errors import ValidationError
from gridapp.services.ledger import _date
from gridapp.services.xlsx_ledger import cell_date


@pytest.mark.parametrize("text", ["2026-01-31", "2026/1/31", "2026.1.31", "2026年1月31日", "20260131"])
def test_the_ways_a_date_is_written(text):
    assert cell_date(text, "走访日期") == dt.date(2026, 1, 31)
    assert _date(text, "出生日期") == dt.date(2026, 1, 31)


def test_an_unreadable_or_impossible_date_is_refused_naming_the_column():
    with pytest.raises(ValidationError) as refused:
        cell_date("下周一", "走访日期")
    assert str(refused.value).endswith("走访日期“下周一”无法识别，请写成 2026-01-31。")
    assert refused.value.field == "走访日期"
    with pytest.raises(ValidationError) as refused:
        _date("1990年二月", "出生日期")
    assert str(refused.value).endswith("出生日期“1990年二月”无法识别，请写成 1990-01-31。")
    with pytest.raises(ValidationError) as refused:
        _date("1990-02-30", "出生日期")
    assert str(refused.value).endswith("出生日期“1990-02-30”不存在。") and refused.value.field == "出生日期"
    assert cell_date("", "走访日期") is None and _date(None) is None
