"""gridapp.services.visits: the visit ledger, coverage against the target, the visiting rule, scope and roles."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.idnumber import make_id
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import ChangeLog, HouseholdVisit
from gridapp.services.registry import RegistryService, ResidentInput
from gridapp.services.units import UnitService
from gridapp.services.visits import (
    OTHER_MONTHLY,
    VisitInput,
    VisitService,
    add_months,
    parse_period,
)

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def reg(community) -> RegistryService:
    return RegistryService(community.db, community.units.scope())


@pytest.fixture
def svc(community) -> VisitService:
    return VisitService(community.db, community.code)


_seq = iter(range(1, 10_000))


def household(reg: RegistryService, grid: str, address: str, *, people: int = 1, rtype: str = "1") -> tuple[str, str]:
    """A household with `people` active residents (the first is the head); returns (household id, head id)."""
    hid = reg.create_household(grid, address)
    head = ""
    for i in range(people):
        rid = reg.create_resident(ResidentInput(
            grid_code=grid, id_number=make_id("370303", dt.date(1960 + i, 1, 2), next(_seq)),
            name=f"户主{address}" if i == 0 else f"成员{i}", household_id=hid, resident_type=rtype,
            relation_to_head="02" if i == 0 else "10"))
        head = head or rid
    return hid, head


def visit(svc: VisitService, hid: str, day: dt.date, **kw) -> str:
    data = VisitInput(hid, day, kw.pop("present", 2), kw.pop("content", "了解家庭情况"), **kw)
    return svc.record(data, visitor="王警官", today=TODAY)


# -- recording and validation ---------------------------------------------------------------------------
def test_record_lists_with_address_head_and_visitor(svc, reg, community):
    hid, _ = household(reg, community.grids[0], "人民路1号")
    vid = visit(svc, hid, dt.date(2026, 6, 1), issues="楼道灯坏了", handling="已报物业")
    [v] = svc.list_visits()
    assert (v.id, v.address, v.head_name, v.visitor_name) == (vid, "人民路1号", "户主人民路1号", "王警官")
    assert (v.unit_code, v.present, v.issues, v.handling) == (community.grids[0], 2, "楼道灯坏了", "已报物业")
    with community.db.read() as s:
        assert s.execute(select(ChangeLog.op).where(ChangeLog.row_id == vid)).scalars().all() == ["insert"]


@pytest.mark.parametrize(("kw", "field"), [
    ({"visit_date": dt.date(2026, 6, 16)}, "走访日期"),
    ({"present": -1}, "在户人数"),
    ({"present": 31}, "在户人数"),
    ({"content": "  "}, "走访内容"),
    ({"issues": "长" * 501}, "问题/诉求"),
])
def test_refusals_name_the_field(svc, reg, community, kw, field):
    hid, _ = household(reg, community.grids[0], "人民路2号")
    values = {"household_id": hid, "visit_date": TODAY, "present": 1, "content": "走访", **kw}
    with pytest.raises(ValidationError) as err:
        svc.record(VisitInput(**values), visitor="王警官", today=TODAY)
    assert err.value.field == field
    assert svc.list_visits() == []


def test_today_is_allowed_and_zero_present_is_allowed(svc, reg, community):
    hid, _ = household(reg, community.grids[0], "人民路3号")
    visit(svc, hid, TODAY, present=0)
    assert len(svc.list_visits()) == 1


def test_correct_makes_a_new_version_and_delete_tombstones(svc, reg, community):
    hid, _ = household(reg, community.grids[0], "人民路4号")
    first = visit(svc, hid, dt.date(2026, 6, 1))
    second = svc.correct(first, VisitInput(hid, dt.date(2026, 6, 2), 3, "更正后的内容"), today=TODAY)
    [v] = svc.list_visits()
    assert (v.id, v.replaces, v.visit_date, v.present, v.visitor_name) == (
        second, first, dt.date(2026, 6, 2), 3, "王警官")
    with community.db.read() as s:
        old = s.get(HouseholdVisit, first)
        assert old.deleted  # the replaced version is a tombstone, not edited in place
        assert old.content == "了解家庭情况"
    with pytest.raises(NotFound):
        svc.correct(first, VisitInput(hid, TODAY, 1, "再改"), today=TODAY)
    svc.delete(second)
    assert svc.list_visits() == []
    with community.db.read() as s:
        assert s.get(HouseholdVisit, second).deleted


def test_list_filters_by_grid_and_dates(svc, reg, community):
    a, _ = household(reg, community.grids[0], "甲1号")
    b, _ = household(reg, community.grids[1], "乙1号")
    visit(svc, a, dt.date(2026, 5, 31))
    visit(svc, a, dt.date(2026, 6, 1))
    visit(svc, b, dt.date(2026, 6, 10))
    assert [v.visit_date for v in svc.list_visits()] == [dt.date(2026, 6, 10), dt.date(2026, 6, 1),
                                                         dt.date(2026, 5, 31)]
    assert len(svc.list_visits(community.grids[0])) == 2
    got = svc.list_visits(date_from=dt.date(2026, 6, 1), date_to=dt.date(2026, 6, 9))
    assert [v.visit_date for v in got] == [dt.date(2026, 6, 1)]


# -- coverage ---------------------------------------------------------------------------------------------
def test_coverage_counts_boundary_dates_and_only_active_households(svc, reg, community):
    g1, g2 = community.grids
    h1, _ = household(reg, g1, "甲1号")
    h2, _ = household(reg, g1, "甲2号")
    h3, _ = household(reg, g1, "甲3号")
    h4, _ = household(reg, g2, "乙1号")
    reg.create_household(g1, "空房")  # no residents: not a household to visit
    gone, head = household(reg, g2, "乙2号")
    reg.set_status(head, "moved_out", dt.date(2026, 1, 1))  # nobody active any more: not counted
    visit(svc, h1, dt.date(2026, 6, 1))  # first day of the period: counts
    visit(svc, h1, dt.date(2026, 6, 15))  # a second visit does not count twice
    visit(svc, h2, dt.date(2026, 5, 31))  # the day before: does not count
    visit(svc, h4, dt.date(2026, 6, 15))
    visit(svc, gone, dt.date(2026, 6, 2))  # an inactive household's visit is not in the rate
    cov = svc.coverage(community.code, dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    by = {r.code: r for r in cov.grids}
    assert (by[g1].households, by[g1].visited) == (3, 1)
    assert (by[g2].households, by[g2].visited) == (1, 1)
    assert by[g2].met and not by[g1].met and by[g2].rate == 1.0
    assert (cov.total.households, cov.total.visited) == (4, 2)
    assert cov.total.rate == 0.5 and cov.total.rate_text == "50.0%" and cov.target == 1.0
    # the last day of the period counts too
    visit(svc, h3, dt.date(2026, 6, 15))
    cov = svc.coverage(community.code, dt.date(2026, 6, 15), dt.date(2026, 6, 15))
    assert (cov.total.households, cov.total.visited) == (4, 3)


def test_coverage_of_an_empty_unit_has_no_rate(svc, community):
    cov = svc.coverage(community.grids[0], dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (cov.total.households, cov.total.visited, cov.total.rate, cov.total.met) == (0, 0, None, False)
    assert cov.total.rate_text == "—"
    with pytest.raises(ValidationError):
        svc.coverage(community.code, dt.date(2026, 2, 1), dt.date(2026, 1, 1))


def test_coverage_rolls_up_to_communities_of_a_town(db):
    units = UnitService(db)
    units.initialise("370303001", "城东街道", Level.TOWN)
    for c in ("370303001001", "370303001002"):
        units.add(c, f"社区{c[-1]}")
        for g in ("001", "002"):
            units.add(c + g, f"网格{g}")
    reg = RegistryService(db, "370303001")
    svc = VisitService(db, "370303001")
    hs = [household(reg, g, f"{g}-{i}号")[0] for g in ("370303001001001", "370303001001002", "370303001002001")
          for i in range(2)]
    for hid in hs[:3]:
        visit(svc, hid, dt.date(2026, 3, 3))
    cov = svc.coverage(None, *parse_period("2026"))
    assert [(r.code, r.households, r.visited) for r in cov.communities] == [
        ("370303001001", 4, 3), ("370303001002", 2, 0)]
    assert [(r.code, r.households, r.visited) for r in cov.grids] == [
        ("370303001001001", 2, 2), ("370303001001002", 2, 1), ("370303001002001", 2, 0),
        ("370303001002002", 0, 0)]
    assert (cov.total.households, cov.total.visited) == (6, 3)
    assert svc.not_visited(None, *parse_period("2026-03"))[0][2] == "370303001001002-1号"
    assert len(svc.not_visited(None, *parse_period("2026-03"))) == 3


def test_periods():
    assert parse_period("2026") == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert parse_period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    for bad in ("2026-13", "26", "2026/01", ""):
        with pytest.raises(ValidationError):
            parse_period(bad)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


# -- the visiting rule --------------------------------------------------------------------------------------
def test_visiting_rule_per_household_kind(svc, reg, community):
    g = community.grids[0]
    ordinary, _ = household(reg, g, "普通1号")
    poor, poor_head = household(reg, g, "低保1号")
    reg.add_tag(poor_head, "低保")
    migrant, _ = household(reg, g, "流动1号", rtype="2")
    elderly, elder = household(reg, g, "空巢1号")
    reg.add_tag(elder, "空巢老人")
    never, _ = household(reg, g, "未访1号")
    for hid in (ordinary, poor, migrant, elderly):
        visit(svc, hid, dt.date(2026, 5, 10))
    # a month and a day later: the monthly households are due, the ordinary one is not (six months)
    due = svc.due(community.code, on=dt.date(2026, 6, 11))
    by = {d.household_id: d for d in due}
    assert set(by) == {poor, migrant, elderly, never}
    assert by[poor].reason == "低保" and by[migrant].reason == "流动人口" and by[elderly].reason == "空巢老人"
    assert by[poor].monthly and by[poor].days_overdue == 1 and by[poor].due_on == dt.date(2026, 6, 10)
    assert by[never].last_visit is None and by[never].reason == "普通户" and not by[never].monthly
    assert due[0].household_id == never  # never visited: first
    # exactly one month on, the monthly ones are due (0 days overdue); the day before, none is
    assert {d.household_id for d in svc.due(on=dt.date(2026, 6, 9))} == {never}
    assert svc.due(on=dt.date(2026, 6, 10))[1].days_overdue == 0
    # the ordinary household after six months
    later = {d.household_id: d for d in svc.due(on=dt.date(2026, 11, 12))}
    assert later[ordinary].days_overdue == 2 and later[ordinary].reason == "普通户"
    assert later[poor].days_overdue == 155
    assert list(later)[0] == never
    order = [d.days_overdue for d in svc.due(on=dt.date(2026, 11, 12)) if d.days_overdue is not None]
    assert order == sorted(order, reverse=True)


def test_community_correction_is_monthly_and_hidden_without_the_sensitive_permission(reg, community):
    g = community.grids[0]
    hid, rid = household(reg, g, "矫正1号")
    sg = reg.special_groups()
    sg.add(rid, "社区矫正", start_date=dt.date(2026, 1, 5), category="01", today=TODAY)
    police = VisitService(community.db, Principal("p", "police", Role.POLICE, community.code))
    worker = VisitService(community.db, Principal("w", "worker", Role.GRID_WORKER, g))
    police.record(VisitInput(hid, dt.date(2026, 4, 1), 1, "了解矫正情况"), today=TODAY)
    [p] = police.due(on=TODAY)
    [w] = worker.due(on=TODAY)
    assert p.monthly and w.monthly and p.household_id == w.household_id == hid
    assert p.reason == "社区矫正"
    assert w.reason == OTHER_MONTHLY and "矫正" not in w.reason
    # once the record ends, the household is ordinary again
    sg.end(sg.of_resident(rid)[0].id, dt.date(2026, 5, 1), today=TODAY)
    assert police.due(on=TODAY) == []


# -- scope and roles ------------------------------------------------------------------------------------------
def test_scope_and_permissions(reg, community):
    g1, g2 = community.grids
    h1, _ = household(reg, g1, "甲1号")
    h2, _ = household(reg, g2, "乙1号")
    police = VisitService(community.db, Principal("p", "police", Role.POLICE, g1, display_name="王警官"))
    vid = police.record(VisitInput(h1, TODAY, 2, "走访"), today=TODAY)
    assert police.list_visits()[0].visitor_name == "王警官"
    assert police.list_visits()[0].visitor_unit == g1
    with pytest.raises(ScopeError) as err:
        police.record(VisitInput(h2, TODAY, 2, "走访"), today=TODAY)
    assert err.value.field == "户"
    with pytest.raises(ScopeError):
        police.coverage(community.code, TODAY, TODAY)
    office = VisitService(community.db, Principal("o", "office", Role.OFFICE, community.code))
    office.record(VisitInput(h2, TODAY, 1, "走访"), today=TODAY)
    worker = VisitService(community.db, Principal("w", "worker", Role.GRID_WORKER, g1))
    assert [v.id for v in worker.list_visits()] == [vid]  # reads its own grid only
    assert worker.coverage(g1, TODAY, TODAY).total.visited == 1
    for act in (lambda: worker.record(VisitInput(h1, TODAY, 2, "走访"), today=TODAY),
                lambda: worker.delete(vid),
                lambda: worker.correct(vid, VisitInput(h1, TODAY, 1, "改"), today=TODAY)):
        with pytest.raises(PermissionDenied):
            act()
    with pytest.raises(PermissionDenied):
        VisitService(community.db, Principal("d", "dept", Role.DEPARTMENT, community.code)).list_visits()
    assert not worker.may_record and police.may_record


def test_visits_are_append_only_for_sync():
    assert HouseholdVisit.__sync_kind__ == "append"


def test_a_visit_and_its_correction_travel_up_by_sync(template_db, tmp_path):
    from tests.services.test_sync import xfer
    from tests.sync.nodes import C1, G1, make_tree

    nodes = make_tree(template_db, tmp_path, codes=("370303001", C1, G1))
    try:
        grid = nodes[G1]
        reg = RegistryService(grid.db, G1)
        hid, _ = household(reg, G1, "同步路1号")
        svc = VisitService(grid.db, G1)
        first = visit(svc, hid, dt.date(2026, 6, 1))
        second = svc.correct(first, VisitInput(hid, dt.date(2026, 6, 2), 1, "更正"), today=TODAY)
        xfer(nodes, G1, C1, tmp_path)
        up = VisitService(nodes[C1].db, C1)
        [v] = up.list_visits()
        assert (v.id, v.replaces, v.content, v.address) == (second, first, "更正", "同步路1号")
        assert up.coverage(C1, *parse_period("2026-06")).total.visited == 1
    finally:
        for n in nodes.values():
            n.close()
