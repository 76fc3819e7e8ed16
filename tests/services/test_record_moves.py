"""移交户和楼栋: an office moves households (with their residents) and buildings between the grids of its unit,
alone or when retiring a grid; a grid worker may not; never into a retired grid or out of scope."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.idnumber import make_id
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import (
    AuditLog,
    Building,
    ChangeLog,
    Household,
    Resident,
    ResidentTag,
    SpecialGroupRecord,
)
from gridapp.domain import clock
from gridapp.services.registry import RegistryService, ResidentInput
from gridapp.services.units import UnitService

TOWN = "370303001"
COMM_A, COMM_B = "370303001001", "370303001002"
G1, G2, G3 = COMM_A + "001", COMM_A + "002", COMM_A + "003"
GB = COMM_B + "001"


def office(unit: str = TOWN) -> Principal:
    return Principal("u-office", "office1", Role.OFFICE, unit, "综治中心")


def worker(unit: str = G1) -> Principal:
    return Principal("u-worker", "worker1", Role.GRID_WORKER, unit, "网格员")


@pytest.fixture
def town(db):
    UnitService(db).initialise(TOWN, "城东街道", Level.TOWN)
    units = UnitService(db, office())
    units.add("001", "和平社区", parent=TOWN)
    units.add("002", "光明社区", parent=TOWN)
    for code, name in ((G1, "第1网格"), (G2, "第2网格"), (G3, "第3网格"), (GB, "光明第1网格")):
        units.add(code, name, grid_type="urban")
    units.retire(G3)
    return units


def populate(db, grid: str = G1, seq0: int = 1) -> dict:
    """A building with two households, a household without a building, four residents (one already gone)."""
    reg = RegistryService(db, grid)
    bid = reg.create_building(grid, "1号楼", address="和平路1号")
    h1 = reg.create_household(grid, "和平路1号1单元101", building_id=bid, household_no="H001")
    h2 = reg.create_household(grid, "和平路1号1单元102", building_id=bid)
    h3 = reg.create_household(grid, "和平路3号", room="平房")
    ids = {}
    for i, (name, hh, rel) in enumerate((("甲一", h1, "02"), ("甲二", h1, "10"), ("乙一", h2, "02"),
                                         ("丙一", h3, "02"), ("丙二", h3, "10"))):
        ids[name] = reg.create_resident(ResidentInput(
            grid_code=grid, id_number=make_id("370303", dt.date(1960 + i, 3, 4), seq0 + i), name=name,
            household_id=hh, relation_to_head=rel, phone=f"1380000{seq0 + i:04d}", current_address="和平路"))
    reg.set_status(ids["丙二"], "deceased", dt.date(2025, 1, 2))
    reg.add_tag(ids["丙一"], "独居老人")
    from gridapp.services.special_groups import SpecialGroupService

    SpecialGroupService(db, grid).add(ids["丙一"], "刑满释放", start_date=dt.date(2020, 1, 1), offense="盗窃")
    return {"building": bid, "h1": h1, "h2": h2, "h3": h3, **ids}


def live(db, model, grid: str) -> list:
    with db.read() as s:
        return list(s.execute(select(model).where(model.unit_code == grid, model.deleted.is_(False))).scalars())


def active(db, grid: str) -> dict[str, Resident]:
    return {r.name: r for r in live(db, Resident, grid) if r.status == "active"}


def test_office_moves_one_household_with_its_residents_and_their_records(db, town):
    p = populate(db)
    result = town.move_records(G1, G2, households=[p["h3"]])
    assert (result.buildings, result.households, result.residents) == (0, 1, 1)  # 丙二 died: stays as history
    moved = active(db, G2)
    assert set(moved) == {"丙一"} and set(active(db, G1)) == {"甲一", "甲二", "乙一"}
    new = moved["丙一"]
    with db.read() as s:
        old = s.get(Resident, p["丙一"])
        assert (old.status, old.status_date, old.deleted) == ("moved_out", clock.today(), False)
        assert (new.id_number, new.phone, new.relation_to_head, new.status_date) == \
            (old.id_number, old.phone, "02", clock.today())
        new_h = s.get(Household, new.household_id)
        assert (new_h.unit_code, new_h.address, new_h.room, new_h.building_id) == (G2, "和平路3号", "平房", None)
        assert s.get(Household, p["h3"]).deleted
        dead = s.get(Resident, p["丙二"])
        assert (dead.unit_code, dead.status) == (G1, "deceased")
        # the tag and the special-group record travel with the person, and are not left behind twice
        tags = s.execute(select(ResidentTag.resident_id, ResidentTag.unit_code).where(
            ResidentTag.tag == "独居老人", ResidentTag.deleted.is_(False))).all()
        assert tags == [(new.id, G2)]
        records = s.execute(select(SpecialGroupRecord).where(SpecialGroupRecord.deleted.is_(False))).scalars().all()
        assert [(r.resident_id, r.unit_code, r.offense) for r in records] == [(new.id, G2, "盗窃")]
        # audited once, as a sentence about the office's act
        audit = s.execute(select(AuditLog).where(AuditLog.detail.contains("移交户和楼栋"))).scalars().all()
        assert len(audit) == 1 and audit[0].username == "office1"
        assert json.loads(audit[0].detail)["residents"] == 1
        # the change log carries each step under the owning grid: inserts in G2, the 迁出 and tombstones in G1
        log = {(c.table_name, c.row_id): (c.op, c.unit_code) for c in s.execute(select(ChangeLog)).scalars()}
        assert log[("resident", new.id)] == ("insert", G2)
        assert log[("household", p["h3"])] == ("delete", G1)
    assert town.holdings()[G2] == (1, 1)


def test_a_building_moves_with_its_households_and_a_household_alone_leaves_its_building(db, town):
    p = populate(db)
    result = town.move_records(G1, G2, buildings=[p["building"]])
    assert (result.buildings, result.households, result.residents) == (1, 2, 3)
    [b] = live(db, Building, G2)
    assert (b.name, b.address) == ("1号楼", "和平路1号")
    assert {h.address: h.building_id for h in live(db, Household, G2)} == \
        {"和平路1号1单元101": b.id, "和平路1号1单元102": b.id}
    assert {h.household_no for h in live(db, Household, G2)} == {"H001", None}
    assert live(db, Building, G1) == [] and [h.address for h in live(db, Household, G1)] == ["和平路3号"]
    # the registry reads the moved people in the new grid, through its own service
    reg = RegistryService(db, office())
    assert {r.name for r in reg.list_residents(G2)} == {"甲一", "甲二", "乙一"}
    assert [h[1] for h in reg.buildings_of(G2)] == ["1号楼"]


def test_retiring_a_grid_moves_everything_to_the_chosen_grid_in_one_step(db, town):
    populate(db)
    reg = RegistryService(db, G1)
    reg.create_resident(ResidentInput(grid_code=G1, id_number=make_id("370303", dt.date(1990, 1, 1), 90),
                                      name="无户者"))
    assert town.holdings()[G1] == (3, 5)
    info = town.retire(G1, move_to=G2)
    assert info.retired
    assert G1 not in town.holdings() or town.holdings()[G1][0] == 0 and town.holdings()[G1][1] == 0
    assert set(active(db, G2)) == {"甲一", "甲二", "乙一", "丙一", "无户者"}
    assert town.holdings()[G2] == (3, 5)
    assert town.grid_records(G1).empty


def test_a_grid_retired_earlier_can_still_hand_its_records_over(db, town):
    populate(db, G2)
    town.retire(G2)  # retired without a move, as before moving existed: its people belong to no grid in use
    result = town.move_records(G2, G1, everything=True)
    assert (result.households, result.residents) == (3, 4)
    assert set(active(db, G1)) == {"甲一", "甲二", "乙一", "丙一"} and active(db, G2) == {}


def test_refusals_are_in_chinese_and_write_nothing(db, town):
    p = populate(db)
    with db.read() as s:
        before = s.execute(select(ChangeLog.node_seq).order_by(ChangeLog.node_seq.desc())).scalars().first()
    with pytest.raises(ValidationError, match="目标网格“第3网格”.*已于 .* 撤销，不能迁入户和楼栋"):
        town.move_records(G1, G3, households=[p["h1"]])
    with pytest.raises(ValidationError, match="目标网格“第3网格”.*已于 .* 撤销"):
        town.retire(G1, move_to=G3)
    community = UnitService(db, office(COMM_A))
    with pytest.raises(ScopeError, match="目标网格 370303001002001 不在本单位 370303001001 的范围内"):
        community.move_records(G1, GB, households=[p["h1"]])
    with pytest.raises(ValidationError, match="原网格和目标网格不能相同"):
        town.move_records(G1, G1, households=[p["h1"]])
    with pytest.raises(ValidationError, match="请选择要移交的户或楼栋"):
        town.move_records(G1, G2)
    with pytest.raises(ValidationError, match="不属于网格 370303001001002"):
        town.move_records(G2, G1, households=[p["h1"]])
    with pytest.raises(NotFound, match="找不到户"):
        town.move_records(G1, G2, households=[p["h1"], "no-such-household"])
    with pytest.raises(ValidationError, match="移交日期不能晚于今天"):
        town.move_records(G1, G2, households=[p["h1"]], on=clock.today() + dt.timedelta(days=1))
    with pytest.raises(PermissionDenied, match="没有“管理单位”的权限"):
        UnitService(db, worker()).move_records(G1, G2, households=[p["h1"]])
    with pytest.raises(PermissionDenied):
        UnitService(db, worker()).grid_records(G1)
    with db.read() as s:
        after = s.execute(select(ChangeLog.node_seq).order_by(ChangeLog.node_seq.desc())).scalars().first()
    assert after == before
    assert set(active(db, G1)) == {"甲一", "甲二", "乙一", "丙一"}


def test_a_community_office_moves_within_its_own_grids(db, town):
    p = populate(db)
    community = UnitService(db, office(COMM_A))
    records = community.grid_records(G1)
    assert [b[1] for b in records.buildings] == ["1号楼"] and len(records.households) == 3
    assert {h[1]: (h[2], h[3]) for h in records.households}["和平路1号1单元101"] == ("甲一", 2)
    community.move_records(G1, G2, households=[p["h1"], p["h2"]])
    assert set(active(db, G2)) == {"甲一", "甲二", "乙一"}
    assert live(db, Building, G1)  # the building itself was not moved
