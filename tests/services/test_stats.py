"""gridapp.services.stats: counts per table and per unit, pending changes, last sync."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from gridapp.core.idnumber import make_id
from gridapp.core.orgcode import Level
from gridapp.db.models import ChangeLog, Meta, OrgUnit, Resident
from gridapp.services.registry import RegistryService, ResidentInput
from gridapp.services.stats import StatsService
from gridapp.services.units import UnitService
from gridapp.sync.changelog import ChangeWriter

EMPTY = {"building": 0, "household": 0, "resident": 0}


def fill(community) -> dict[str, str]:
    """Grid 1: 1 building, 2 households, 3 residents (one moved out, one tombstoned). Grid 2: 1 resident."""
    reg = RegistryService(community.db, community.code)
    g1, g2 = community.grids
    b = reg.create_building(g1, "1号楼")
    h1 = reg.create_household(g1, "1号楼101", building_id=b)
    reg.create_household(g1, "1号楼102", building_id=b)
    ids = {}
    for i, (grid, h) in enumerate([(g1, h1), (g1, h1), (g1, None), (g2, None)]):
        ids[f"r{i}"] = reg.create_resident(ResidentInput(
            grid_code=grid, id_number=make_id("370303", dt.date(1980 + i, 1, 1), i), name=f"居民{i}",
            household_id=h))
    reg.set_status(ids["r1"], "moved_out", dt.date(2024, 1, 1))
    with community.db.write() as s:
        ChangeWriter(community.db, s).delete(Resident, ids["r2"])
    return ids


def test_overview_of_an_uninitialised_database(db):
    ov = StatsService(db).overview()
    assert (ov.unit_code, ov.unit_name, ov.unit_level) == (None, None, None)
    assert ov.node_id == db.node_id
    assert (ov.residents, ov.households, ov.buildings, ov.grids, ov.pending_changes) == (0, 0, 0, 0, 0)
    assert ov.last_sync is None


def test_overview_counts_what_a_grid_worker_sees(community):
    fill(community)
    ov = StatsService(community.db).overview()
    assert (ov.unit_code, ov.unit_name, ov.unit_level) == (community.code, "和平社区", "community")
    assert ov.residents == 2  # active only: the moved-out and the tombstoned one are not counted
    assert (ov.households, ov.buildings, ov.grids) == (2, 1, 2)


def test_pending_changes_count_what_the_level_above_has_not_acknowledged(community):
    db = community.db
    with db.read() as s:
        logged = s.execute(select(func.count()).select_from(ChangeLog)).scalar_one()
    assert logged == 3  # the community and its two grids
    assert StatsService(db).overview().pending_changes == 3
    with db.write() as s:
        s.merge(Meta(key="parent_acked_seq", value="2"))
        s.merge(Meta(key="last_sync_at", value="2026-11-20T08:00:00+00:00"))
    ov = StatsService(db).overview()
    assert ov.pending_changes == 1
    assert ov.last_sync == "2026-11-20 16:00"  # shown in Beijing time
    assert StatsService(db).stats().pending_changes == 1


def test_stats_per_table_with_tombstones_apart(community):
    fill(community)
    st = StatsService(community.db).stats()
    assert st.unit_code == community.code and st.node_id == community.db.node_id
    assert st.tables == {"org_unit": 3, "building": 1, "household": 2, "resident": 3}
    assert st.deleted == {"org_unit": 0, "building": 0, "household": 0, "resident": 1}
    # 3 units + 1 building + 2 households + 4 residents + 1 status change + 1 tombstone
    assert st.change_log == 12
    assert st.pending_changes == 12


def test_stats_per_unit_add_up_the_subtree(community):
    fill(community)
    g1, g2 = community.grids
    units = StatsService(community.db).stats().units
    assert set(units) == {community.code, g1, g2}
    assert units[g1] == {"building": 1, "household": 2, "resident": 2}
    assert units[g2] == {"building": 0, "household": 0, "resident": 1}
    assert units[community.code] == {"building": 1, "household": 2, "resident": 3}


def test_a_grid_with_nothing_in_it_reports_zeros(community):
    assert StatsService(community.db).stats().units == {
        community.code: EMPTY, community.grids[0]: EMPTY, community.grids[1]: EMPTY}


def test_rows_of_a_neighbouring_unit_are_not_added_to_ours(db):
    units = UnitService(db)
    units.initialise("370303001", "城东街道", Level.TOWN)
    for code in ("370303001001", "370303001001001", "370303001010", "370303001010001"):
        units.add(code, code)
    reg = RegistryService(db, "370303001")
    reg.create_building("370303001001001", "A")
    reg.create_building("370303001010001", "B")
    reg.create_building("370303001010001", "C")
    st = StatsService(db).stats()
    assert st.units["370303001001"]["building"] == 1  # not 3: 370303001010 does not start with it
    assert st.units["370303001010"]["building"] == 2
    assert st.units["370303001"]["building"] == 3


def test_stats_of_the_demo_database_match_the_demo(demo_db, demo_template):
    st = StatsService(demo_db).stats()
    result = demo_template.result
    assert st.tables["resident"] == result.residents
    assert st.tables["household"] == result.households
    assert st.tables["building"] == result.buildings
    assert st.tables["org_unit"] == result.units + 1
    assert st.units[demo_template.unit_code] == {
        "building": result.buildings, "household": result.households, "resident": result.residents}
    grids = [code for code in st.units if len(code) == 15]
    assert sum(st.units[g]["resident"] for g in grids) == result.residents
    with demo_db.read() as s:
        affair_changes = s.execute(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.table_name.in_(("affair_item", "affair_step")))).scalar_one()
        dispute_changes = s.execute(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.table_name.in_(("dispute", "dispute_supervision")))).scalar_one()
        project_changes = s.execute(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.table_name == "small_project")).scalar_one()
        assessment_changes = s.execute(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.table_name.like("assessment_%"))).scalar_one()
        party_changes = s.execute(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.table_name.like("party_%"))).scalar_one()
        event_changes = s.execute(select(func.count()).select_from(ChangeLog).where(ChangeLog.table_name.in_(
            ("event", "event_step", "event_person", "patrol", "worklog", "worklog_comment")))).scalar_one()
    assert event_changes > result.events > 0  # the demo's events, patrols and logs: logged, not counted
    assert party_changes > result.party_members > 0  # the demo's party network: logged, not counted
    assert affair_changes > result.affairs  # the demo's affair list: logged, not counted
    task_changes = result.tasks + result.tasks_done  # grid tasks and their completions: logged, not counted
    assert dispute_changes > result.disputes > 0  # the demo's disputes and their steps: logged, not counted
    assert assessment_changes > result.assessment_schemes > 0  # the demo's scheme and its scores: not counted
    assert st.change_log == (result.units + 1 + result.buildings + result.households + result.residents
                             + result.tags + result.special_groups + result.visits  # logged, not counted
                             + affair_changes + task_changes + dispute_changes + project_changes
                             + assessment_changes + party_changes + event_changes)
    assert project_changes == result.projects > 0  # the demo's small projects: logged, not counted
    with demo_db.read() as s:
        assert s.execute(select(func.count()).select_from(OrgUnit)).scalar_one() == len(st.units)
    assert st.as_dict()["units"] == st.units


def test_last_sync_is_shown_in_beijing_time():
    from gridapp.services.stats import _china_time

    assert _china_time("2026-11-26T16:30:00") == "2026-11-27 00:30"
    assert _china_time(None) is None
