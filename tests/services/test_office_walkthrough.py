"""Issue 14, seen as a town office would: grids of several communities named with their community in the
visit coverage and the 八小工程 ledger, a retired grid out of the counts of grids in use, each role's 今日待办
holding its own work, and the user's own grid named with its community."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from gridapp.core.permissions import Principal, Role
from gridapp.db.models import Resident
from gridapp.services.affairs import AffairService
from gridapp.services.agenda import build_agenda
from gridapp.services.disputes import DisputeService
from gridapp.services.projects import SmallProjectService
from gridapp.services.registry import RegistryService
from gridapp.services.stats import StatsService
from gridapp.services.tasks import TaskService
from gridapp.services.units import UnitService
from gridapp.services.visits import VisitService

TOWN = "370303001"
COMMUNITY = TOWN + "001"
GRID = COMMUNITY + "001"
OTHER = TOWN + "007"  # a second community the office sets up
OTHER_GRID = OTHER + "001"
EMPTY_GRID = COMMUNITY + "009"


def office(db) -> Principal:
    return Principal("u-office", "office", Role.OFFICE, TOWN)


def with_a_second_community(db) -> None:
    units = UnitService(db, office(db))
    units.add(OTHER, "光明社区")
    units.add(OTHER_GRID, "第1网格", grid_type="urban", planned_households=400)


def test_grids_of_several_communities_are_named_with_their_community(demo_db):
    with_a_second_community(demo_db)
    who = office(demo_db)
    cov = VisitService(demo_db, who).coverage(TOWN, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    names = {g.code: g.name for g in cov.grids}
    assert names[GRID] == "和平社区 第1网格" and names[OTHER_GRID] == "光明社区 第1网格"
    # 八小工程: the ledger's 单位 and the form's unit choices
    projects = SmallProjectService(demo_db, who)
    choices = {code: name for code, name, _lv in projects.record_units()}
    assert choices[GRID] == "和平社区 第1网格" and choices[OTHER_GRID] == "光明社区 第1网格"
    rows = [r for r in projects.ledger_rows(projects.ledger_ids(TOWN)) if r is not None]
    assert rows and all(r.unit_name.startswith("和平社区") for r in rows if len(r.unit_code) == 15)
    # within one community the grid's own name is enough
    community_cov = VisitService(demo_db, Principal("p", "p", Role.POLICE, COMMUNITY)).coverage(
        COMMUNITY, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert {g.name for g in community_cov.grids} >= {"第1网格"}


def test_a_retired_grid_leaves_the_count_of_grids_in_use_and_the_coverage_when_empty(demo_db):
    units = UnitService(demo_db, office(demo_db))
    before = StatsService(demo_db, office(demo_db)).overview().grids
    units.add(EMPTY_GRID, "新建网格", grid_type="rural", planned_households=320)
    assert StatsService(demo_db, office(demo_db)).overview().grids == before + 1
    units.retire(EMPTY_GRID)
    assert StatsService(demo_db, office(demo_db)).overview().grids == before  # as 组织机构 counts them
    cov = VisitService(demo_db, office(demo_db)).coverage(TOWN, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert EMPTY_GRID not in {g.code for g in cov.grids}  # retired and without households: no empty row


def agenda(db, role: Role, unit: str):
    p = Principal("u-" + role.value, role.value, role, unit)
    return build_agenda(TaskService(db, p), VisitService(db, p), DisputeService(db, p), AffairService(db, p))


def test_each_role_sees_its_own_work_on_the_home_page(demo_db):
    police = agenda(demo_db, Role.POLICE, COMMUNITY)
    assert police.visits is not None  # the households due for the officer's visit
    assert police.tasks is None and police.affairs is None  # the grids' tasks and the affair list are not theirs
    worker = agenda(demo_db, Role.GRID_WORKER, GRID)
    assert worker.tasks is not None and worker.affairs is None and worker.visits is None
    chief = agenda(demo_db, Role.GRID_CHIEF, COMMUNITY)
    assert chief.tasks is not None and chief.affairs is not None
    leader = agenda(demo_db, Role.VIEWER, TOWN)
    assert leader.tasks is not None  # a read-only leader follows the unit's unfinished tasks


def test_a_grid_users_own_unit_is_named_with_its_community(demo_db):
    own = UnitService(demo_db, Principal("w", "w", Role.GRID_WORKER, GRID)).own_unit()
    assert own is not None and own.full_label == f"和平社区 第1网格（{GRID}）"
    town = UnitService(demo_db, office(demo_db)).own_unit()
    assert town is not None and town.full_label == f"城东街道（{TOWN}）"
    assert StatsService(demo_db, Principal("w", "w", Role.GRID_WORKER, GRID)).overview().unit_name == "和平社区 第1网格"


def test_the_units_below_add_up_to_the_total_when_a_retired_grid_still_holds_records(demo_db):
    from gridapp.services.stats import child_units

    chief = Principal("c", "c", Role.GRID_CHIEF, COMMUNITY)
    UnitService(demo_db, office(demo_db)).retire(GRID)  # residents and households stay under its code
    stats = StatsService(demo_db, chief)
    overview, rows = stats.overview(), child_units(demo_db, stats.unit_counts(), chief)
    assert GRID in {u.code for u, _c in rows} and next(u for u, _c in rows if u.code == GRID).retired
    assert sum(c.get("household", 0) for _u, c in rows) == overview.households
    assert sum(c.get("resident", 0) for _u, c in rows) == overview.residents
    assert overview.grids == len([u for u, _c in rows if not u.retired])


def test_the_units_below_add_up_to_the_residents_in_the_registry(demo_db):
    """A resident moved out or deceased stays a (live) record but is no longer counted: not in the total, nor in
    the row of the unit below (the rows counted every live record, and no longer added up)."""
    from gridapp.services.stats import child_units

    chief = Principal("c", "c", Role.GRID_CHIEF, COMMUNITY)
    stats = StatsService(demo_db, chief)
    before = dict(child_units(demo_db, stats.unit_counts(), chief)[0][1])
    first = child_units(demo_db, stats.unit_counts(), chief)[0][0]
    with demo_db.read() as s:
        rid = s.execute(select(Resident.id).where(Resident.unit_code.startswith(first.code),
                                                  Resident.status == "active").limit(1)).scalar_one()
    RegistryService(demo_db, office(demo_db)).set_status(rid, "moved_out", dt.date(2026, 3, 1))
    overview, rows = stats.overview(), child_units(demo_db, stats.unit_counts(), chief)
    assert rows[0][0].code == first.code and rows[0][1]["resident"] == before["resident"] - 1
    assert sum(c.get("resident", 0) for _u, c in rows) == overview.residents
    assert stats.stats().units[first.code]["resident"] == before["resident"]  # `stats` counts every live record


def test_a_retired_grid_that_holds_households_is_marked_in_the_coverage(demo_db):
    UnitService(demo_db, office(demo_db)).retire(GRID)
    cov = VisitService(demo_db, office(demo_db)).coverage(TOWN, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    row = next(g for g in cov.grids if g.code == GRID)
    assert row.name == "第1网格（已撤销）" and row.households > 0
