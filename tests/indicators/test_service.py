"""The indicators service on generated data: each figure against an independent count, the list behind each
figure as long as the gap it explains, the ranking of the units below, the trend."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from gridapp.core.orgcode import Level
from gridapp.core.permissions import Role
from gridapp.db.models import Dispute, DisputeSupervision, OrgUnit
from gridapp.domain.disputes import dispute_first_handling_facts
from gridapp.domain.indicators import BY_KEY, first_handling_closed
from gridapp.domain.periods import parse_period
from gridapp.services.units import UnitService
from gridapp.services.visits import VisitService

from .conftest import TODAY, TOWN, ind, person, petition


def test_visit_rate_agrees_with_the_visits_service_per_unit_and_lists_every_household_not_visited(demo_db):
    p = parse_period("2026-11", ("month",))
    cov = VisitService(demo_db, person(Role.OFFICE, TOWN)).coverage(TOWN, p.start, p.end)
    r = ind(demo_db).compute(TOWN, "2026-11").result("visit_rate")
    assert (r.total.numerator, r.total.denominator) == (cov.total.visited, cov.total.households)
    assert cov.total.households > 0 and r.total.value == cov.total.visited / cov.total.households
    assert {f.unit_code: (f.numerator, f.denominator) for f in r.below} == {
        c.code: (c.visited, c.households) for c in cov.communities}
    items = ind(demo_db).items("visit_rate", TOWN, "2026-11")
    assert len(items.ids) == len(set(items.ids)) == r.total.denominator - r.total.numerator
    not_visited = VisitService(demo_db, person(Role.OFFICE, TOWN)).not_visited(TOWN, p.start, p.end)
    assert set(items.ids) == {h[0] for h in not_visited}


def test_first_handling_counts_disputes_and_petitions_through_the_one_rule(demo_db):
    year = parse_period("2026", ("year",))
    with demo_db.read() as s:
        disputes = s.execute(select(Dispute).where(Dispute.deleted.is_(False), Dispute.occurred_on >= year.start,
                                                   Dispute.occurred_on <= year.end)).scalars().all()
        sv: dict[str, list[dt.date]] = {}
        for did, on in s.execute(select(DisputeSupervision.dispute_id, DisputeSupervision.sv_on).where(
                DisputeSupervision.deleted.is_(False))):
            sv.setdefault(did, []).append(on)
        verdicts = [first_handling_closed(dispute_first_handling_facts(
            d.status, d.success, d.resolved_on, d.escalated_on, d.deadline, sv.get(d.id, []), TODAY))
            for d in disputes]
    assert disputes, "the demo makes a year of disputes"
    # the demo's own petition events (初信/初访), each decided by the events service's verdict (the same rule)
    from gridapp.db.models import Event
    from gridapp.services.events import EventService
    ev = EventService(demo_db, person(Role.OFFICE, TOWN), today=lambda: TODAY)
    with demo_db.read() as s:
        demo_petitions = list(s.execute(select(Event.id).where(
            Event.source.in_(("05", "06")), Event.found_on >= year.start, Event.found_on <= year.end)).scalars())
    verdicts += [ev.get(eid).first_handling for eid in demo_petitions]
    grid = next(iter(_grids(demo_db)))
    ok = petition(demo_db, grid, dt.date(2026, 11, 2), close=True, callback="1")
    late = petition(demo_db, grid, dt.date(2026, 11, 3), close=False, dispatch=True)  # never handled: overdue
    stuck = petition(demo_db, grid, dt.date(2026, 11, 4), close=False)  # never accepted: still open, not counted
    r = ind(demo_db).compute(TOWN, "2026").result("first_handling")
    closed = sum(v is True for v in verdicts) + 1
    decided = sum(v is not None for v in verdicts) + 2
    assert (r.total.numerator, r.total.denominator) == (closed, decided)
    items = ind(demo_db).items("first_handling", TOWN, "2026")
    assert len(items.ids) == decided - closed and late in items.ids and ok not in items.ids and stuck not in items.ids
    # the events service's own verdict agrees
    assert ev.get(ok).first_handling is True and ev.get(late).first_handling is False


def test_satisfaction_adds_call_backs_and_surveys(demo_db):
    grid = next(iter(_grids(demo_db)))
    svc = ind(demo_db)
    base = svc.compute(TOWN, "2026-11").result("satisfaction").total  # the demo's own call-backs
    before = set(svc.items("satisfaction", TOWN, "2026-11").ids)
    petition(demo_db, grid, dt.date(2026, 11, 2), close=True, callback="1")
    bad = petition(demo_db, grid, dt.date(2026, 11, 3), close=True, callback="3")
    sid = svc.add_survey(grid[:12], "2026-11-20", 100, 97, "统计局电话调查")
    r = svc.compute(TOWN, "2026-11").result("satisfaction")
    assert (r.total.numerator - base.numerator, r.total.denominator - base.denominator) == (98, 102)
    if not base.denominator:
        assert r.total.status == "met"  # 98/102 = 96.1% ≥ 96%
    items = svc.items("satisfaction", TOWN, "2026-11")
    assert [i for i in items.ids if i not in before] == [bad, sid]


def test_grids_staffed_from_assignments_and_the_ranking_below(demo_db):
    grids = _grids(demo_db)
    r = ind(demo_db).compute(TOWN, "2026-12").result("grid_staffed")
    assert (r.total.numerator, r.total.denominator) == (0, len(grids))
    UnitService(demo_db, person(Role.OFFICE, TOWN)).assign(grids[0], "grid_worker", person_name="测试网格员",
                                                          on=dt.date(2026, 12, 1))
    r = ind(demo_db).compute(TOWN, "2026-12").result("grid_staffed")
    assert (r.total.numerator, r.total.denominator) == (1, len(grids))
    assert r.below[0].rank == 1 and r.below[0].unit_code == grids[0][:12]
    items = ind(demo_db).items("grid_staffed", TOWN, "2026-12")
    assert len(items.rows) == len(grids) - 1 and all(" " in row[0] or "网格" in row[0] for row in items.rows)
    # a community sees its own grids ranked
    c = ind(demo_db, unit=grids[0][:12]).compute(None, "2026-12").result("grid_staffed")
    assert c.below[0].unit_code == grids[0] and c.below[0].status == "met"


def test_trend_gives_twelve_periods_ending_with_the_asked_one(demo_db):
    t = ind(demo_db).trend("visit_rate", TOWN, "2026-11")
    assert len(t) == 12 and t[-1][0] == "2026-11" and t[0][0] == "2025-12"
    now = ind(demo_db).compute(TOWN, "2026-11", keys=["visit_rate"]).result("visit_rate")
    assert t[-1][1] == now.total.value


def test_every_trend_agrees_with_the_figure_of_each_period(demo_db):
    """The grouped trends (one query over twelve periods) give what the dashboard computes period by period."""
    grid = _grids(demo_db)[0]
    petition(demo_db, grid, dt.date(2026, 10, 9), close=True, callback="1")
    petition(demo_db, grid, dt.date(2026, 11, 3), close=True, callback="3")
    petition(demo_db, grid, dt.date(2026, 11, 4), close=False, dispatch=True)
    svc = ind(demo_db)
    svc.add_survey(TOWN, "2026-09-30", 50, 47, "电话调查")
    assert [v is None for _k, v in svc.trend("satisfaction", TOWN, "2026-11")[-3:]] == [False] * 3
    for key in ("visit_rate", "first_handling", "satisfaction", "grid_staffed"):
        t = svc.trend(key, TOWN, "2026-11")
        assert [k for k, _v in t][-3:] == ["2026-09", "2026-10", "2026-11"]
        for k, v in t[-4:]:
            assert v == svc.compute(TOWN, k, keys=[key]).result(key).total.value, (key, k)
    quarters = svc.trend("first_handling", TOWN, "2026-Q4")
    assert quarters[-1] == ("2026-Q4", svc.compute(TOWN, "2026-Q4", keys=["first_handling"])
                            .result("first_handling").total.value)


def test_a_district_sees_force_homicides_and_its_towns(db):
    units = UnitService(db)
    units.initialise("370303", "张店区", Level.DISTRICT)
    units.add("370303001", "城东街道")
    units.add("370303002", "城西街道")
    office = ind(db, unit="370303")
    office.set_police_force("370303", 2026, 1000)
    office.set_police_force("370303001", 2026, 300, community_police=130, posts=5, in_committees=4)
    office.set_police_force("370303002", 2026, 200, community_police=60)
    office.set_cases("370303", 2026, 3, population=600_000)
    d = office.compute("370303", "2026-11")
    sf = d.result("station_force")
    assert (sf.total.numerator, sf.total.denominator, sf.total.status) == (500, 1000, "met") and sf.period.key == "2026"
    cf = d.result("community_force")
    assert (cf.total.numerator, cf.total.denominator) == (190, 500)
    assert [(f.unit_code, f.rank) for f in cf.below] == [("370303001", 1), ("370303002", 2)]
    assert cf.below[1].status == "missed"  # 30% against 40%
    hr = d.result("homicide_rate")
    assert hr.total.value == 0.5 and hr.total.status == "met"
    assert len(office.items("station_force", "370303", "2026").ids) == 3
    assert office.items("homicide_rate", "370303", "2026").rows == [("张店区", "2026", "3", "600000")]
    # a town's dashboard has no district-level indicators
    keys = [r.indicator.key for r in ind(db, unit="370303001").compute(None, "2026-11").results]
    assert "homicide_rate" not in keys and "station_force" not in keys and "community_force" in keys
    assert set(BY_KEY) >= set(keys)


def _grids(db) -> list[str]:
    with db.read() as s:
        return list(s.execute(select(OrgUnit.code).where(OrgUnit.level == "grid", OrgUnit.deleted.is_(False))
                              .order_by(OrgUnit.code)).scalars())
