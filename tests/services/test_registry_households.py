"""Issue 14: households and buildings edited and attached (scope, permission, same grid), the person block's
codes and lengths checked, the full record in the edit form's details, a new record's list key."""

from __future__ import annotations

import datetime as dt

import pytest

from gridapp.core.errors import PermissionDenied, ScopeError, ValidationError
from gridapp.core.idnumber import make_id
from gridapp.core.permissions import Principal, Role
from gridapp.services.registry import RegistryService, ResidentInput


@pytest.fixture
def reg(community) -> RegistryService:
    return RegistryService(community.db, community.units.scope())


def as_role(community, role: Role, unit: str) -> RegistryService:
    return RegistryService(community.db, Principal("u-" + role.value, role.value, role, unit))


def test_a_household_is_put_in_a_building_of_its_grid_only(reg, community):
    g1, g2 = community.grids[0], community.grids[1]
    b1 = reg.create_building(g1, "1号楼")
    b2 = reg.create_building(g2, "2号楼")
    h = reg.create_household(g1, "某路1号")
    worker = as_role(community, Role.GRID_WORKER, g1)
    assert worker.update_household(h, {"building_id": b1, "household_no": " H001 ", "room": "101"})
    view = reg.household(h)
    assert (view.building_id, view.household_no, view.room) == (b1, "H001", "101")
    with pytest.raises(ValidationError, match="同一网格"):
        reg.update_household(h, {"building_id": b2})
    with pytest.raises(ValidationError, match="地址不能为空"):
        worker.update_household(h, {"address": "  "})
    assert worker.update_household(h, {"building_id": None})  # out of its building again
    assert reg.households_without_building(g1)[0][0] == h
    # another grid's worker: out of scope; a viewer: no permission
    with pytest.raises(ScopeError):
        as_role(community, Role.GRID_WORKER, g2).update_household(h, {"room": "102"})
    with pytest.raises(PermissionDenied):
        as_role(community, Role.VIEWER, community.code).update_household(h, {"room": "102"})
    assert reg.household(h).room == "101"


def test_a_building_is_edited_with_its_fields_checked(reg, community):
    g1 = community.grids[0]
    b = reg.create_building(g1, "1号楼")
    worker = as_role(community, Role.GRID_WORKER, g1)
    assert worker.update_building(b, {"name": "一号楼", "floors": 6, "kind": "mixed"})
    assert reg.building_details(b)["name"] == "一号楼" and reg.building_details(b)["floors"] == 6
    with pytest.raises(ValidationError, match="楼栋名称"):
        worker.update_building(b, {"name": ""})
    with pytest.raises(ValidationError, match="层数"):
        worker.update_building(b, {"floors": 0})
    with pytest.raises(ValidationError):
        worker.update_building(b, {"unit_code": community.grids[1]})
    with pytest.raises(ScopeError):
        as_role(community, Role.GRID_WORKER, community.grids[1]).update_building(b, {"name": "x"})
    with pytest.raises(PermissionDenied):
        as_role(community, Role.VIEWER, community.code).update_building(b, {"name": "x"})


def test_the_person_block_is_checked_and_comes_back_whole(reg, community):
    g1 = community.grids[0]
    number = make_id("370303", dt.date(1980, 1, 2), 11)
    rid = reg.create_resident(ResidentInput(g1, number, "全字段", extra={
        "marital_status": "20", "political_status": "01", "education": "30", "occupation": "工人",
        "workplace": "某厂", "registered_region": "370303", "native_place": "370302", "former_name": "曾名"}))
    d = reg.details(rid)
    assert (d["marital_status"], d["political_status"], d["education"], d["registered_region"], d["former_name"]) == (
        "20", "01", "30", "370303", "曾名")
    assert "religion" in d  # the installation itself may see it; a grid worker may not
    assert "religion" not in as_role(community, Role.GRID_WORKER, g1).details(rid)
    with pytest.raises(ValidationError, match="婚姻状况"):
        reg.update_resident(rid, {"marital_status": "77"})
    with pytest.raises(ValidationError, match="户籍地"):
        reg.update_resident(rid, {"registered_region": "3703"})
    with pytest.raises(ValidationError, match="服务处所"):
        reg.update_resident(rid, {"workplace": "厂" * 101})
    assert reg.details(rid)["marital_status"] == "20"
    assert isinstance(reg.resident_rowid(rid), int)
