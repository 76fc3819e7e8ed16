"""gridapp.core.regions: a place typed by name or GB/T 2260 code, stored as the code, shown by name."""

from __future__ import annotations

import pytest

from gridapp.core import regions
from gridapp.core.errors import ValidationError


@pytest.mark.parametrize("typed", ["山东省淄博市张店区", "淄博市张店区", "张店区", "370303", " 山东省 淄博市　张店区 "])
def test_a_county_by_its_full_name_a_shorter_one_or_its_code(typed):
    assert regions.parse(typed, "籍贯") == "370303"


def test_provinces_prefectures_and_municipal_districts():
    assert regions.parse("山东省", "户籍地") == "370000"
    assert regions.parse("淄博市", "户籍地") == "370300"
    assert regions.parse("山东省淄博市", "户籍地") == "370300"
    assert regions.parse("北京市东城区", "户籍地") == "110101"
    assert regions.name_of("110101") == "北京市东城区"


def test_a_name_several_places_share_is_refused_with_the_candidates_named():
    with pytest.raises(ValidationError) as e:
        regions.parse("市中区", "现住地")
    assert e.value.field == "现住地"
    for place in ("山东省济南市市中区（370103）", "山东省枣庄市市中区（370402）", "四川省乐山市市中区（511102）"):
        assert place in e.value.message
    assert regions.parse("济南市市中区", "现住地") == "370103"  # with its city it is one place


@pytest.mark.parametrize("typed", ["火星区", "3703", "3703031", "张店"])
def test_an_unknown_name_or_a_code_of_the_wrong_length_is_refused(typed):
    with pytest.raises(ValidationError) as e:
        regions.parse(typed, "籍贯")
    assert "籍贯" in e.value.message and e.value.field == "籍贯"


def test_empty_is_none_and_an_unknown_code_is_kept_and_shown_as_it_is():
    assert regions.parse("", "籍贯") is None and regions.parse(None, "籍贯") is None
    assert regions.parse("379999", "籍贯") == "379999"  # an old code the table does not hold: records keep it
    assert regions.name_of("379999") == "379999" and regions.written("379999") == "379999"
    assert regions.name_of(None) == "" and regions.written(None) == ""


def test_what_an_export_writes_reads_back_to_the_same_code_for_every_county():
    table = regions._table()
    counties = [c for c in table.by_code if not c.endswith("00")]
    assert len(counties) > 2800
    for code in counties:
        assert regions.parse(regions.written(code), "户籍地") == code
