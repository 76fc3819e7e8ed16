"""gridapp.core.orgcode: org unit codes city(4)/district(6)/town(9)/community(12)/grid(15)."""

from __future__ import annotations

import pytest

from gridapp.core.errors import ValidationError
from gridapp.core.orgcode import (
    LEVELS,
    Level,
    ancestors,
    child_level,
    is_within,
    level_of,
    parent_code,
    validate_code,
)

CITY, DISTRICT, TOWN, COMMUNITY, GRID = "3703", "370303", "370303001", "370303001001", "370303001001001"
ALL = {Level.CITY: CITY, Level.DISTRICT: DISTRICT, Level.TOWN: TOWN, Level.COMMUNITY: COMMUNITY, Level.GRID: GRID}


@pytest.mark.parametrize(("level", "code"), ALL.items())
def test_level_follows_from_length(level, code):
    assert level_of(code) is level
    assert validate_code(code) == code
    assert validate_code(code, level) == code
    assert len(code) == level.digits


def test_levels_are_ordered_from_city_to_grid():
    assert [lv.depth for lv in LEVELS] == [0, 1, 2, 3, 4]
    assert [lv.digits for lv in LEVELS] == [4, 6, 9, 12, 15]
    assert [lv.label_zh for lv in LEVELS] == ["市", "区县", "镇(街道)", "村(社区)", "网格"]
    assert Level("grid") is Level.GRID


@pytest.mark.parametrize(("code", "parent"), [
    (CITY, None), (DISTRICT, CITY), (TOWN, DISTRICT), (COMMUNITY, TOWN), (GRID, COMMUNITY),
])
def test_parent_is_the_code_minus_its_last_segment(code, parent):
    assert parent_code(code) == parent


def test_ancestors_run_from_city_down_to_parent():
    assert ancestors(GRID) == [CITY, DISTRICT, TOWN, COMMUNITY]
    assert ancestors(TOWN) == [CITY, DISTRICT]
    assert ancestors(CITY) == []


def test_child_level():
    assert child_level(Level.CITY) is Level.DISTRICT
    assert child_level(Level.COMMUNITY) is Level.GRID
    assert child_level(Level.GRID) is None


def test_is_within_subtree():
    assert is_within(GRID, COMMUNITY)
    assert is_within(GRID, CITY)
    assert is_within(COMMUNITY, COMMUNITY)  # a unit is in its own scope
    assert not is_within(COMMUNITY, GRID)  # a parent is not inside its child
    assert not is_within("370303001002001", COMMUNITY)  # a grid of the neighbouring community
    assert not is_within("370304001001001", DISTRICT)  # same town number, other district


@pytest.mark.parametrize("code", [
    "", "37", "37030", "3703030", "37030300", "3703030010", "37030300100", "3703030010010",
    "37030300100100", "3703030010010010", "370303001001001001",
])
def test_wrong_length_is_refused_with_the_lengths_explained(code):
    with pytest.raises(ValidationError) as info:
        validate_code(code)
    err = info.value
    assert err.field == "单位编码"
    if code:
        assert f"长度为 {len(code)} 位" in err.message
        assert "15（网格）" in err.message


@pytest.mark.parametrize("code", ["3703a3", "370 303", "370303-001", " 3703", "３７０３", "370303001001OO1"])
def test_non_digits_are_refused(code):
    with pytest.raises(ValidationError, match="只能由数字组成"):
        validate_code(code)


def test_non_string_is_refused():
    with pytest.raises(ValidationError):
        validate_code(370303)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        level_of(None)  # type: ignore[arg-type]


def test_level_mismatch_names_both_levels():
    with pytest.raises(ValidationError) as info:
        validate_code(DISTRICT, Level.TOWN)
    err = info.value
    assert err.field == "层级"
    assert "区县级编码（6 位）" in err.message
    assert "镇(街道)" in err.message and "9 位" in err.message


@pytest.mark.parametrize("code", ["370300", "370303000", "370303001000", "370303001001000"])
def test_all_zero_segment_is_refused(code):
    with pytest.raises(ValidationError, match="本级部分不能全为 0"):
        validate_code(code)


@pytest.mark.parametrize("code", ["3700", "0903", "1000", "0000", "370000"])
def test_invalid_province_or_city_prefix_is_refused(code):
    with pytest.raises(ValidationError):
        validate_code(code)


def test_a_code_with_zeros_inside_a_segment_is_fine():
    assert validate_code("370303100") == "370303100"
    assert validate_code("370303001010010") == "370303001010010"


def test_parent_and_ancestors_refuse_malformed_codes():
    for fn in (parent_code, ancestors, level_of):
        with pytest.raises(ValidationError):
            fn("3703031")
