"""gridapp.services.registry: buildings, households, residents and the rules every entry point obeys."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from gridapp.core.errors import NotFound, ScopeError, ValidationError
from gridapp.core.idnumber import make_id
from gridapp.db.models import Building, ChangeLog, Household, Resident
from gridapp.domain import clock
from gridapp.services.registry import RegistryService, ResidentInput, validate_resident
from gridapp.sync.changelog import ChangeWriter, history

ZHANG_ID = "11010519491231002X"  # female, 1949-12-31
LI_ID = make_id("370303", dt.date(1985, 6, 15), 123)  # male
WANG_ID = make_id("370303", dt.date(2001, 3, 8), 24)  # female


@pytest.fixture
def reg(community) -> RegistryService:
    return RegistryService(community.db, community.units.scope())


@pytest.fixture
def grid(community) -> str:
    return community.grids[0]


@pytest.fixture
def other_grid(community) -> str:
    return community.grids[1]


def person(grid: str, id_number: str = LI_ID, name: str = "李四", **kw) -> ResidentInput:
    return ResidentInput(grid_code=grid, id_number=id_number, name=name, **kw)


def count(db, model) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def resident(db, rid) -> Resident:
    with db.read() as s:
        return s.get(Resident, rid)


@pytest.fixture
def nothing_written(community):
    """Asserts at the end of the test block that no row and no change-log row was added."""
    db = community.db

    def snapshot() -> tuple[int, ...]:
        return tuple(count(db, m) for m in (Building, Household, Resident, ChangeLog))

    before = snapshot()
    return lambda: snapshot() == before


def refused(exc_type, fn, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        fn(*args, **kwargs)
    return info.value


# -- buildings and households -----------------------------------------------------------------------


def test_create_building_and_household(reg, community, grid):
    b = reg.create_building(grid, " 1号楼 ", address="和平路1号", floors=6)
    h = reg.create_household(grid, " 和平路1号1单元101 ", building_id=b, household_no="0001", room="101")
    with community.db.read() as s:
        building, household = s.get(Building, b), s.get(Household, h)
        assert (building.name, building.unit_code, building.kind) == ("1号楼", grid, "residential")
        assert (household.address, household.building_id, household.unit_code) == ("和平路1号1单元101", b, grid)
        assert [c.op for c in history(s, "household", h)] == ["insert"]


def test_building_needs_a_name_and_a_known_kind(reg, grid, nothing_written):
    assert refused(ValidationError, reg.create_building, grid, "  ").field == "楼栋名称"
    assert refused(ValidationError, reg.create_building, grid, "1号楼", kind="castle").field == "楼栋类型"
    assert nothing_written()


def test_household_needs_an_address(reg, grid, nothing_written):
    assert refused(ValidationError, reg.create_household, grid, "").field == "地址"
    assert nothing_written()


def test_household_refuses_a_building_of_another_grid(reg, grid, other_grid, community):
    b = reg.create_building(other_grid, "2号楼")
    err = refused(ValidationError, reg.create_household, grid, "某地址", building_id=b)
    assert err.field == "楼栋"
    assert count(community.db, Household) == 0


def test_household_refuses_an_unknown_building(reg, grid):
    refused(NotFound, reg.create_household, grid, "某地址", building_id="f" * 32)


# -- creating residents -----------------------------------------------------------------------------


def test_create_resident_derives_gender_and_birth_from_the_id(reg, community, grid):
    h = reg.create_household(grid, "和平路1号101")
    rid = reg.create_resident(person(grid, ZHANG_ID.lower(), " 张三 ", household_id=h, phone="138 1234 5678",
                                     relation_to_head="02"))
    row = resident(community.db, rid)
    assert (row.name, row.id_number, row.gender, row.birth_date) == ("张三", ZHANG_ID, "2", dt.date(1949, 12, 31))
    assert (row.phone, row.household_id, row.unit_code, row.status) == ("13812345678", h, grid, "active")
    with community.db.read() as s:
        [log] = history(s, "resident", rid)
    assert log.unit_code == grid and json.loads(log.fields)["id_number"] == ZHANG_ID


def test_consistent_gender_and_birth_are_accepted(reg, grid):
    assert reg.create_resident(person(grid, gender="1", birth_date=dt.date(1985, 6, 15)))


@pytest.mark.parametrize(("number", "words"), [
    ("11010519491231002", "18 位"),
    ("110105194912310021", "校验位"),
    ("110105491231002", "15 位"),
    ("", "不能为空"),
])
def test_invalid_id_number_is_refused_with_the_field_named(reg, grid, nothing_written, number, words):
    err = refused(ValidationError, reg.create_resident, person(grid, number))
    assert err.field == "公民身份号码"
    assert words in err.message
    assert nothing_written()


def test_gender_that_contradicts_the_id_is_refused(reg, grid, nothing_written):
    err = refused(ValidationError, reg.create_resident, person(grid, ZHANG_ID, gender="1"))
    assert err.field == "性别"
    assert "男" in err.message and "女" in err.message
    assert nothing_written()


def test_birth_date_that_contradicts_the_id_is_refused(reg, grid, nothing_written):
    err = refused(ValidationError, reg.create_resident, person(grid, ZHANG_ID, birth_date=dt.date(1949, 12, 30)))
    assert err.field == "出生日期"
    assert "1949-12-31" in err.message
    assert nothing_written()


@pytest.mark.parametrize(("change", "field"), [
    ({"name": "   "}, "姓名"),
    ({"name": "名" * 51}, "姓名"),
    ({"phone": "1234"}, "联系电话"),
    ({"ethnicity": "99"}, "民族"),
    ({"relation_to_head": "03"}, "与户主关系"),
    ({"resident_type": "7"}, "人口类型"),
])
def test_bad_fields_are_refused_with_the_field_named(reg, grid, nothing_written, change, field):
    data = dataclasses.replace(person(grid), **change)
    assert refused(ValidationError, reg.create_resident, data).field == field
    assert nothing_written()


def test_duplicate_active_id_is_refused(reg, grid, other_grid, community):
    reg.create_resident(person(grid, ZHANG_ID, "张三"))
    for where, number in ((grid, ZHANG_ID), (other_grid, ZHANG_ID.lower())):
        err = refused(ValidationError, reg.create_resident, person(where, number, "张三三"))
        assert err.field == "公民身份号码"
        assert "张三" in err.message and "重复" in err.message
    assert count(community.db, Resident) == 1


def test_a_person_who_moved_out_can_be_registered_again(reg, grid, other_grid, community):
    old = reg.create_resident(person(grid, ZHANG_ID, "张三"))
    reg.set_status(old, "moved_out", dt.date(2024, 5, 1))
    new = reg.create_resident(person(other_grid, ZHANG_ID, "张三"))
    assert new != old
    assert count(community.db, Resident) == 2


def test_grid_outside_the_installation_is_a_scope_error(reg, nothing_written):
    err = refused(ScopeError, reg.create_resident, person("370303001002001"))
    assert "370303001002001" in err.message
    refused(ScopeError, reg.create_building, "370303002001001", "楼")
    refused(ScopeError, reg.create_household, "370304001001001", "地址")
    assert nothing_written()


def test_unit_that_is_not_an_existing_grid_is_refused(reg, community, nothing_written):
    assert refused(ValidationError, reg.create_resident, person(community.code)).field == "网格"
    assert refused(ValidationError, reg.create_resident, person("370303001001009")).field == "网格"
    assert nothing_written()


def test_household_in_another_grid_is_refused(reg, grid, other_grid, nothing_written):
    h = reg.create_household(other_grid, "建设路2号")
    err = refused(ValidationError, reg.create_resident, person(grid, household_id=h))
    assert err.field == "户"


def test_household_outside_a_grid_workers_scope_is_a_scope_error(reg, community, grid, other_grid):
    h = reg.create_household(other_grid, "建设路2号")
    worker = RegistryService(community.db, grid)  # a grid worker sees only their own grid
    refused(ScopeError, worker.create_resident, person(grid, household_id=h))
    refused(ScopeError, worker.create_resident, person(other_grid))
    assert count(community.db, Resident) == 0


def test_unknown_or_tombstoned_household_is_not_found(reg, community, grid):
    refused(NotFound, reg.create_resident, person(grid, household_id="e" * 32))
    h = reg.create_household(grid, "和平路3号")
    with community.db.write() as s:
        ChangeWriter(community.db, s).delete(Household, h)
    refused(NotFound, reg.create_resident, person(grid, household_id=h))


# -- editing residents ------------------------------------------------------------------------------


def test_update_writes_only_the_changed_fields(reg, community, grid):
    rid = reg.create_resident(person(grid, phone="13812345678"))
    assert reg.update_resident(rid, {"phone": "0533-1234567", "name": "李四"}) is True
    with community.db.read() as s:
        log = history(s, "resident", rid)[-1]
    assert json.loads(log.fields) == {"phone": "0533-1234567"}
    assert resident(community.db, rid).phone == "0533-1234567"


def test_update_that_changes_nothing_returns_false(reg, community, grid):
    rid = reg.create_resident(person(grid))
    logs = count(community.db, ChangeLog)
    assert reg.update_resident(rid, {"name": "李四"}) is False
    assert count(community.db, ChangeLog) == logs


@pytest.mark.parametrize("fields", [{"status": "deceased"}, {"unit_code": "370303001001002"}, {"deleted": True},
                                    {"shoe_size": 42}, {"name": "王五", "row_hlc": 1}])
def test_update_refuses_unknown_fields_and_writes_nothing(reg, community, grid, fields):
    rid = reg.create_resident(person(grid))
    logs = count(community.db, ChangeLog)
    err = refused(ValidationError, reg.update_resident, rid, fields)
    assert "不能修改" in err.message
    for name in set(fields) - {"name"}:
        assert name in err.message
    assert count(community.db, ChangeLog) == logs
    assert resident(community.db, rid).name == "李四"


def test_update_validates_like_create(reg, community, grid):
    rid = reg.create_resident(person(grid))
    assert refused(ValidationError, reg.update_resident, rid, {"gender": "2"}).field == "性别"
    assert refused(ValidationError, reg.update_resident, rid, {"phone": "12345"}).field == "联系电话"
    assert refused(ValidationError, reg.update_resident, rid, {"name": ""}).field == "姓名"
    # a new ID number must agree with the stored birth date and gender unless they change with it
    assert refused(ValidationError, reg.update_resident, rid, {"id_number": ZHANG_ID}).field in ("性别", "出生日期")
    assert reg.update_resident(rid, {"id_number": WANG_ID, "gender": "2", "birth_date": dt.date(2001, 3, 8)})
    assert resident(community.db, rid).id_number == WANG_ID


def test_update_cannot_give_a_resident_another_active_residents_id(reg, community, grid):
    reg.create_resident(person(grid, ZHANG_ID, "张三"))
    rid = reg.create_resident(person(grid, LI_ID, "李四"))
    err = refused(ValidationError, reg.update_resident, rid,
                  {"id_number": ZHANG_ID, "gender": "2", "birth_date": dt.date(1949, 12, 31)})
    assert err.field == "公民身份号码"
    assert resident(community.db, rid).id_number == LI_ID


def test_reactivating_a_resident_refuses_a_duplicate_active_id(reg, community, grid, other_grid):
    old = reg.create_resident(person(grid, ZHANG_ID, "张三"))
    reg.set_status(old, "moved_out", dt.date(2024, 5, 1))
    reg.create_resident(person(other_grid, ZHANG_ID, "张三"))
    err = refused(ValidationError, reg.set_status, old, "active", dt.date(2024, 6, 1))
    assert err.field == "公民身份号码"
    assert resident(community.db, old).status == "moved_out"


def test_moving_into_a_household_of_another_grid_is_refused(reg, grid, other_grid):
    rid = reg.create_resident(person(grid))
    h = reg.create_household(other_grid, "建设路2号")
    assert refused(ValidationError, reg.update_resident, rid, {"household_id": h}).field == "户"
    same = reg.create_household(grid, "和平路1号")
    assert reg.update_resident(rid, {"household_id": same})


def test_update_outside_scope_and_of_missing_residents(reg, community, grid, other_grid):
    rid = reg.create_resident(person(grid))
    neighbour = RegistryService(community.db, other_grid)
    refused(ScopeError, neighbour.update_resident, rid, {"phone": "13812345678"})
    refused(ScopeError, neighbour.set_status, rid, "deceased", dt.date(2024, 1, 1))
    refused(NotFound, reg.update_resident, "d" * 32, {"phone": "13812345678"})
    with community.db.write() as s:
        ChangeWriter(community.db, s).delete(Resident, rid)
    refused(NotFound, reg.update_resident, rid, {"phone": "13812345678"})


# -- status changes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["moved_out", "deceased"])
def test_set_status_never_deletes(reg, community, grid, status):
    rid = reg.create_resident(person(grid))
    reg.set_status(rid, status, dt.date(2024, 5, 1))
    row = resident(community.db, rid)
    assert row is not None and row.deleted is False
    assert (row.status, row.status_date) == (status, dt.date(2024, 5, 1))
    assert count(community.db, Resident) == 1
    with community.db.read() as s:
        log = history(s, "resident", rid)[-1]
    assert log.op == "update"
    assert json.loads(log.fields) == {"status": status, "status_date": "2024-05-01"}


def test_set_status_refuses_unknown_status_and_future_dates(reg, community, grid):
    rid = reg.create_resident(person(grid))
    assert refused(ValidationError, reg.set_status, rid, "emigrated", dt.date(2024, 1, 1)).field == "状态"
    tomorrow = clock.today() + dt.timedelta(days=1)
    assert refused(ValidationError, reg.set_status, rid, "deceased", tomorrow).field == "日期"
    assert resident(community.db, rid).status == "active"


def test_validate_resident_returns_cleaned_values():
    out = validate_resident({"name": " 王五 ", "id_number": WANG_ID.lower(), "phone": "+86 139 0000 0000",
                             "relation_to_head": "30"})
    assert out["name"] == "王五" and out["gender"] == "2" and out["birth_date"] == dt.date(2001, 3, 8)
    assert out["phone"] == "13900000000"


def test_grid_labels_name_the_community_when_the_scope_spans_several(db):
    from gridapp.core.orgcode import Level
    from gridapp.services.registry import RegistryService
    from gridapp.services.units import UnitService

    units = UnitService(db)
    units.initialise("370303001", "城东街道", Level.TOWN)
    for comm, name in (("370303001001", "和平社区"), ("370303001002", "幸福社区")):
        units.add(comm, name)
        units.add(comm + "001", "第1网格")
    assert RegistryService(db, "370303001").grid_labels() == {
        "370303001001001": "和平社区 第1网格", "370303001002001": "幸福社区 第1网格"}
    assert RegistryService(db, "370303001002").grid_labels() == {"370303001002001": "第1网格"}
