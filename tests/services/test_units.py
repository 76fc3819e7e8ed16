"""gridapp.services.units: the installation's unit and the units below it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gridapp.core.errors import NotFound, ScopeError, ValidationError
from gridapp.core.orgcode import Level
from gridapp.db.models import ChangeLog, Meta, OrgUnit
from gridapp.services.units import UnitInfo, UnitService
from gridapp.sync.changelog import ChangeWriter, history

COMMUNITY = "370303001001"
GRID_1, GRID_2 = "370303001001001", "370303001001002"


def rows(db, model) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_before_initialisation_there_is_no_scope(db):
    units = UnitService(db)
    assert units.installation() is None
    with pytest.raises(ValidationError, match="尚未初始化"):
        units.scope()
    with pytest.raises(ValidationError, match="尚未初始化"):
        units.add(GRID_1, "第1网格")


def test_initialise_records_the_unit_through_the_change_log(db):
    units = UnitService(db)
    info = units.initialise(COMMUNITY, "  和平社区 ", Level.COMMUNITY)
    assert info == UnitInfo(COMMUNITY, "和平社区", Level.COMMUNITY, "370303001")
    assert units.installation() == info
    assert units.scope() == COMMUNITY
    assert db.meta("unit_code") == COMMUNITY
    assert info.label == "和平社区（370303001001）"
    with db.read() as s:
        row = s.execute(select(OrgUnit).where(OrgUnit.code == COMMUNITY)).scalar_one()
        assert (row.level, row.parent_code, row.unit_code) == ("community", "370303001", COMMUNITY)
        assert [c.op for c in history(s, "org_unit", row.id)] == ["insert"]


def test_initialise_accepts_the_level_as_text(db):
    assert UnitService(db).initialise("370303", "张店区", "district").level is Level.DISTRICT


@pytest.mark.parametrize(("code", "level", "field"), [
    ("370303", Level.TOWN, "层级"),  # a district code with the town level chosen
    ("370303001001001", Level.COMMUNITY, "层级"),
    ("37030300100", Level.COMMUNITY, "单位编码"),
    ("370303000", Level.TOWN, "单位编码"),
    ("37O303", Level.DISTRICT, "单位编码"),
])
def test_initialise_refuses_bad_codes_and_writes_nothing(db, code, level, field):
    with pytest.raises(ValidationError) as info:
        UnitService(db).initialise(code, "某单位", level)
    assert info.value.field == field
    assert db.meta("unit_code") is None
    assert rows(db, OrgUnit) == 0 and rows(db, ChangeLog) == 0


@pytest.mark.parametrize(("name", "words"), [("", "不能为空"), ("   ", "不能为空"), ("长" * 101, "100 个字")])
def test_initialise_refuses_a_bad_name(db, name, words):
    with pytest.raises(ValidationError, match=words) as info:
        UnitService(db).initialise(COMMUNITY, name, Level.COMMUNITY)
    assert info.value.field == "单位名称"
    assert UnitService(db).installation() is None


def test_initialising_again_with_the_same_code_changes_nothing(db):
    units = UnitService(db)
    first = units.initialise(COMMUNITY, "和平社区", Level.COMMUNITY)
    assert units.initialise(COMMUNITY, "和平社区", Level.COMMUNITY) == first
    assert rows(db, OrgUnit) == 1 and rows(db, ChangeLog) == 1


def test_an_installation_cannot_switch_to_another_unit(db):
    units = UnitService(db)
    units.initialise(COMMUNITY, "和平社区", Level.COMMUNITY)
    with pytest.raises(ValidationError) as info:
        units.initialise("370303001002", "建设社区", Level.COMMUNITY)
    assert "和平社区（370303001001）" in info.value.message
    assert db.meta("unit_code") == COMMUNITY
    assert rows(db, OrgUnit) == 1


def test_initialise_reuses_a_unit_row_that_already_exists(db):
    # e.g. the unit arrived in a package from the level above before first-run set-up
    with db.write() as s:
        ChangeWriter(db, s).insert(OrgUnit, {"code": COMMUNITY, "name": "和平社区", "level": "community",
                                             "parent_code": "370303001", "unit_code": COMMUNITY})
    UnitService(db).initialise(COMMUNITY, "和平社区", Level.COMMUNITY)
    assert rows(db, OrgUnit) == 1


def test_add_grids_below_the_installation(community):
    units = community.units
    assert [u.code for u in units.list()] == [COMMUNITY, GRID_1, GRID_2]
    info = units.get(GRID_2)
    assert (info.level, info.parent_code, info.name) == (Level.GRID, COMMUNITY, "第2网格")
    assert [u.code for u in units.list(Level.GRID)] == [GRID_1, GRID_2]
    assert units.list(Level.TOWN) == []


@pytest.mark.parametrize("code", [
    "370303001002001",  # a grid of the neighbouring community
    "370303001002",  # the neighbouring community itself
    "370303001",  # the town above
    COMMUNITY,  # the installation itself is not "below" it
])
def test_add_refuses_units_outside_the_subtree(community, code):
    with pytest.raises(ScopeError) as info:
        community.units.add(code, "越界单位")
    assert info.value.field == "单位编码"
    assert len(community.units.list()) == 3


def test_add_refuses_a_duplicate_code(community):
    with pytest.raises(ValidationError, match="已存在"):
        community.units.add(GRID_1, "重复网格")


def test_add_refuses_malformed_codes_and_names(community):
    with pytest.raises(ValidationError):
        community.units.add("370303001001000", "零号网格")
    with pytest.raises(ValidationError):
        community.units.add("3703030010010011", "十六位")
    with pytest.raises(ValidationError, match="不能为空"):
        community.units.add("370303001001003", " ")
    assert len(community.units.list()) == 3


def test_add_needs_the_parent_first(db):
    units = UnitService(db)
    units.initialise("370303001", "城东街道", Level.TOWN)
    with pytest.raises(ValidationError, match="上级单位 370303001001"):
        units.add(GRID_1, "第1网格")
    units.add(COMMUNITY, "和平社区")
    units.add(GRID_1, "第1网格")
    assert [u.level for u in units.list()] == [Level.TOWN, Level.COMMUNITY, Level.GRID]


def test_get_checks_scope_and_existence(community):
    with pytest.raises(ScopeError):
        community.units.get("370303001002001")
    with pytest.raises(NotFound):
        community.units.get("370303001001009")


def test_list_shows_only_live_units_in_scope(community):
    db = community.db
    with db.write() as s:
        w = ChangeWriter(db, s)
        # a neighbour's grid that arrived with a package, and one of our grids tombstoned
        w.insert(OrgUnit, {"code": "370303001002001", "name": "邻居网格", "level": "grid",
                           "parent_code": "370303001002", "unit_code": "370303001002001"})
        grid_2 = s.execute(select(OrgUnit.id).where(OrgUnit.code == GRID_2)).scalar_one()
        w.delete(OrgUnit, grid_2)
    assert [u.code for u in community.units.list()] == [COMMUNITY, GRID_1]
    with pytest.raises(NotFound):
        community.units.get(GRID_2)


def test_meta_is_not_synced(db):
    UnitService(db).initialise(COMMUNITY, "和平社区", Level.COMMUNITY)
    with db.read() as s:
        assert s.get(Meta, "unit_code").value == COMMUNITY
        logged = {c.table_name for c in s.execute(select(ChangeLog)).scalars()}
    assert logged == {"org_unit"}
