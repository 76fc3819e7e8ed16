"""组织机构: an office maintains the units below its own and assigns people to them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.ids import stable_id
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import OrgUnit, UnitAssignment, User
from gridapp.services.units import UnitService
from gridapp.sync.changelog import history

TOWN = "370303001"
COMM_A, COMM_B = "370303001001", "370303001002"
GRID_A1 = "370303001001001"


def office(unit: str = TOWN) -> Principal:
    return Principal("u-office", "office1", Role.OFFICE, unit, "综治中心")


def add_user(db, username: str, role: Role, unit: str, display: str = "") -> None:
    with db.write() as s:
        s.add(User(id="id-" + username, username=username, display_name=display or username, role=role.value,
                   unit_code=unit, password_hash="x", disabled=False, created_at="2026", password_changed_at="2026"))


@pytest.fixture
def town(db):
    UnitService(db).initialise(TOWN, "城东街道", Level.TOWN)
    units = UnitService(db, office())
    units.add("001", "和平社区", parent=TOWN)
    units.add("002", "光明社区", parent=TOWN)
    return units


def test_office_adds_a_grid_under_a_community_checked_against_the_parent(db, town):
    info = town.add("001", "第1网格", parent=COMM_A, grid_type="urban", planned_households=420)
    assert (info.code, info.level, info.parent_code, info.grid_type_label, info.planned_households) == \
        (GRID_A1, Level.GRID, COMM_A, "城市", 420)
    assert info.owner == TOWN  # owned by the level that made it
    with db.read() as s:
        row = s.execute(select(OrgUnit).where(OrgUnit.code == GRID_A1)).scalar_one()
        assert row.id == stable_id("org_unit", GRID_A1)
        assert [c.op for c in history(s, "org_unit", row.id)] == ["insert"]
    with pytest.raises(ValidationError, match="不在上级单位 370303001002 之下"):
        town.add("370303001001002", "错位网格", parent=COMM_B, grid_type="rural")
    with pytest.raises(ValidationError, match="上级单位 370303001003 尚未建立"):
        town.add("370303001003001", "无上级", grid_type="rural")
    with pytest.raises(ValidationError, match="网格类型"):
        town.add("002", "第2网格", parent=COMM_A, grid_type="city")
    with pytest.raises(ValidationError, match="网格类型和覆盖户数只用于网格"):
        town.add("003", "某社区", parent=TOWN, grid_type="urban")
    with pytest.raises(ValidationError, match="已存在"):
        town.add("001", "重复", parent=COMM_A, grid_type="urban")


def test_a_grid_worker_cannot_manage_units_and_a_community_office_stays_in_its_community(db, town):
    worker = UnitService(db, Principal("u-w", "w", Role.GRID_WORKER, GRID_A1))
    with pytest.raises(PermissionDenied, match="管理单位"):
        worker.add("002", "第2网格", parent=COMM_A, grid_type="urban")
    comm_office = UnitService(db, office(COMM_A))
    comm_office.add("002", "第2网格", parent=COMM_A, grid_type="rural")
    with pytest.raises(ScopeError):
        comm_office.add("001", "越界网格", parent=COMM_B, grid_type="rural")
    town.add("001", "第1网格", parent=COMM_A, grid_type="urban")
    with pytest.raises(PermissionDenied, match="由上级单位 370303001 建立"):
        comm_office.rename(GRID_A1, "改名")  # made by the town: the community may not change it
    assert comm_office.rename("370303001001002", "二网格").name == "二网格"


def test_rename_and_retire_keep_the_row_and_leave_it_out_of_pickers(db, town):
    town.add("001", "第1网格", parent=COMM_A, grid_type="urban", planned_households=350)
    assert town.update(GRID_A1, name="幸福里网格", planned_households=480).name == "幸福里网格"
    with pytest.raises(ValidationError, match="还有未撤销的单位"):
        town.retire(COMM_A)
    info = town.retire(GRID_A1, dt.date(2026, 1, 5))
    assert info.retired and info.status_label == "已撤销"
    assert GRID_A1 not in [u.code for u in town.list()]
    listed = {u.code: u for u in town.list(include_retired=True)}
    assert listed[GRID_A1].retired_on == dt.date(2026, 1, 5) and listed[GRID_A1].name == "幸福里网格"
    with pytest.raises(ValidationError, match="已撤销"):
        town.rename(GRID_A1, "再改")
    with pytest.raises(ValidationError, match="网格之下不能再设下级单位"):
        town.add("001", "新网格", parent=GRID_A1)
    town.retire(COMM_A)
    with pytest.raises(ValidationError, match="已撤销，不能在其下添加"):
        town.add("002", "第2网格", parent=COMM_A, grid_type="urban")


def test_move_makes_a_new_code_under_the_new_community_and_retires_the_old(db, town):
    add_user(db, "gw1", Role.GRID_WORKER, GRID_A1, "王网格")
    town.add("001", "第1网格", parent=COMM_A, grid_type="rural", planned_households=300)
    town.assign(GRID_A1, "grid_worker", username="gw1")
    new = town.move(GRID_A1, COMM_B)
    assert new.code == "370303001002001" and new.parent_code == COMM_B and new.grid_type == "rural"
    old = town.get(GRID_A1)
    assert old.retired and old.successor_code == new.code
    assert [a.person_name for a in town.assignments(new.code)] == ["王网格"]
    assert town.assignments(GRID_A1) == []
    with pytest.raises(ValidationError, match="同一镇街"):
        town.move(new.code, "370303002001")


def test_assign_people_by_role_and_level_and_end_an_assignment(db, town):
    town.add("001", "第1网格", parent=COMM_A, grid_type="urban")
    add_user(db, "gw1", Role.GRID_WORKER, GRID_A1, "王网格")
    add_user(db, "chief", Role.GRID_CHIEF, COMM_A, "李书记")
    add_user(db, "cop", Role.POLICE, COMM_A, "赵警官")
    assert town.candidates(GRID_A1, "grid_worker") == [("gw1", "王网格")]
    a = town.assign(GRID_A1, "grid_worker", username="gw1")
    assert (a.person_name, a.duty_label, a.current) == ("王网格", "专职网格员", True)
    town.assign(COMM_A, "grid_chief", username="chief")
    town.assign(COMM_A, "police", username="cop")
    town.assign(COMM_A, "police", person_name="钱警官")  # a named person without an account
    with pytest.raises(ValidationError, match="只能指派到网格"):
        town.assign(COMM_A, "grid_worker", username="gw1")
    with pytest.raises(ValidationError, match="角色是网格员"):
        town.assign(COMM_A, "police", username="gw1")
    with pytest.raises(ValidationError, match="已是"):
        town.assign(GRID_A1, "grid_worker", username="gw1")
    with pytest.raises(ValidationError, match="请选择用户或填写姓名"):
        town.assign(COMM_A, "police")
    with pytest.raises(NotFound):
        town.assign(COMM_A, "police", username="nobody")
    assert sorted(x.person_name for x in town.assignments(COMM_A)) == ["李书记", "赵警官", "钱警官"]
    ended = town.unassign(a.id)
    assert not ended.current
    assert town.assignments(GRID_A1) == [] and len(town.assignments(GRID_A1, current=False)) == 1
    with pytest.raises(ValidationError, match="离任"):
        town.unassign(a.id)
    with db.read() as s:
        assert s.execute(select(UnitAssignment).where(UnitAssignment.id == a.id)).scalar_one().unit_code == TOWN


def test_retiring_a_grid_ends_its_assignments(db, town):
    town.add("001", "第1网格", parent=COMM_A, grid_type="urban")
    town.assign(GRID_A1, "grid_worker", person_name="孙网格")
    town.retire(GRID_A1)
    assert town.assignments(GRID_A1) == []
    with pytest.raises(ValidationError, match="已撤销，不能指派"):
        town.assign(GRID_A1, "grid_worker", person_name="孙网格")


def test_a_retired_grid_takes_no_new_records_but_keeps_its_old_ones(db, town):
    from gridapp.core.idnumber import make_id
    from gridapp.services.disputes import DisputeService
    from gridapp.services.registry import RegistryService, ResidentInput
    from gridapp.services.tasks import TaskService

    town.add("001", "第1网格", parent=COMM_A, grid_type="urban")
    reg = RegistryService(db, TOWN)
    rid = reg.create_resident(ResidentInput(GRID_A1, make_id("370303", dt.date(1980, 2, 3), 11), "旧居民"))
    town.retire(GRID_A1)
    with pytest.raises(ValidationError, match="已撤销，不能再登记"):
        reg.create_resident(ResidentInput(GRID_A1, make_id("370303", dt.date(1981, 2, 3), 11), "新居民"))
    with pytest.raises(ValidationError, match="已撤销"):
        reg.create_household(GRID_A1, "幸福路1号")
    assert reg.get_resident(rid).name == "旧居民"  # history stays readable
    assert GRID_A1 not in dict(DisputeService(db, TOWN).grids())
    assert GRID_A1 not in dict(TaskService(db, TOWN).grids())


def test_every_change_to_the_unit_tree_is_audited_in_words(db, town):
    from gridapp.db.models import AuditLog
    from gridapp.services.audit_text import describe

    town.add("001", "第1网格", parent=COMM_A, grid_type="urban", planned_households=300)
    town.rename(GRID_A1, "第一网格")
    a = town.assign(GRID_A1, "grid_worker", person_name="孙网格")
    town.unassign(a.id)
    town.retire(GRID_A1)
    with db.read() as s:
        rows = s.execute(select(AuditLog).where(AuditLog.target_table == "org_unit")
                         .order_by(AuditLog.at, AuditLog.id)).scalars().all()
        text = describe(s, rows)
    # the two communities of the fixture, then the grid's five acts, each by the office user
    assert [r.action for r in rows] == ["create", "create", "create", "edit", "edit", "edit", "delete"]
    assert all(r.username == "office1" for r in rows)
    assert "新增了单位" in text[2] and "第1网格" in text[2]
    assert "名称" in text[3] and "原名称“第1网格”" in text[3]
    assert "指派专职网格员：孙网格" in text[4]
    assert "孙网格离任" in text[5]
    assert "撤销单位" in text[6] and "第一网格" in text[6]
