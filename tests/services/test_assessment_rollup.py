"""下级考核成绩 (镇街社会治理考核成绩计入区县成绩): a scheme's "below_results" indicator takes each ranked unit's own
published results (its ranking of the units below it) as the mean share of full marks; the towns' results count into
the district's score at the city, and a community's results reach the town by sync."""

from __future__ import annotations

import datetime as dt

import pytest

from gridapp.core.errors import ValidationError
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.services.assessment import AssessmentService, Indicator, Rule, SchemeInput, default_indicators

CITY, D1, D2 = "3703", "370303", "370304"
T1, T2 = "370303001", "370303002"
TODAY = dt.date(2026, 12, 20)
MANUAL = [Indicator("m1", "日常工作", 40), Indicator("m2", "群众满意", 60)]
ROLL = Indicator("r1", "镇街考核成绩", 50, "below_results")


def office(db, unit: str, role: Role = Role.OFFICE) -> AssessmentService:
    return AssessmentService(db, Principal(f"u-{unit}", f"office{unit}", role, unit, display_name=f"{unit}综治中心"),
                             today=lambda: TODAY)


@pytest.fixture
def city(db):
    from gridapp.services.units import UnitService

    units = UnitService(db)
    units.initialise(CITY, "淄博市", Level.CITY)
    units.add(D1, "张店区")
    units.add(D2, "博山区")
    units.add(T1, "城东街道")
    units.add(T2, "城西街道")
    units.add("370304001", "山头街道")
    return db


def publish_town_ranking(db, scores: dict[str, tuple[float, float]]) -> None:
    """The district D1 ranks its towns on two manual indicators (100 points) and publishes."""
    d1 = office(db, D1)
    sid = d1.create_scheme(SchemeInput("2026年镇街考核", "2026", "town", MANUAL, Rule(1, 1)))
    for town, (a, b) in scores.items():
        d1.set_score(sid, town, "m1", a)
        d1.set_score(sid, town, "m2", b)
    d1.publish(sid)


def test_the_towns_published_scores_count_into_the_districts_score_at_the_city(city):
    c = office(city, CITY)
    sid = c.create_scheme(SchemeInput("2026年区县考核", "2026", "district", [ROLL, Indicator("m1", "其他", 50)],
                                      Rule(1, 1)))
    before = c.rank(sid)
    d1 = next(r for r in before.rows if r.code == D1)
    assert d1.cell("r1").rate is None and "尚无已发布" in d1.cell("r1").explain
    assert any("张店区" in n and "下级考核成绩" in n for n in before.notes)
    publish_town_ranking(city, {T1: (40, 50), T2: (20, 30)})  # 90 and 50 of 100: the mean share is 70%
    row = next(r for r in c.rank(sid).rows if r.code == D1)
    cell = row.cell("r1")
    assert (cell.numerator, cell.denominator, cell.rate, cell.score) == (140, 200, 0.7, 35.0)
    assert "140/200" in cell.explain
    # a correction republished (version 2) replaces version 1: only the latest version counts
    d1 = office(city, D1)
    sid_d1 = d1.schemes()[0].id
    d1.set_score(sid_d1, T2, "m2", 60)
    d1.publish(sid_d1, "更正")
    cell = next(r for r in c.rank(sid).rows if r.code == D1).cell("r1")
    assert (cell.numerator, cell.denominator) == (170, 200)
    # the district's own draft ranking is not a result: D2 has published nothing
    assert next(r for r in c.rank(sid).rows if r.code == D2).cell("r1").rate is None


def test_the_district_default_scheme_takes_the_towns_results_and_grid_workers_cannot(city):
    assert "below_results" in [i.source for i in default_indicators("district")]
    assert sum(i.max for i in default_indicators("district")) == 100
    with pytest.raises(ValidationError) as e:
        office(city, T1).create_scheme(SchemeInput("网格员考核", "2026", "grid", [ROLL, *MANUAL], Rule(1, 1)))
    assert e.value.field == "指标来源" and e.value.row == 1


def test_a_communitys_published_results_reach_the_towns_ranking_by_sync(template_db, tmp_path):
    from tests.sync.nodes import C1, G1, TOWN, make_tree

    nodes = make_tree(template_db, tmp_path, (TOWN, C1, G1))

    def xfer(a: str, b: str, name: str) -> None:
        nodes[a].sync.export(b, tmp_path / name)
        (res,) = nodes[b].sync.import_files([tmp_path / name])
        assert res.status == "imported", res.message

    try:
        xfer(G1, C1, "1")
        chief = office(nodes[C1].db, C1, Role.GRID_CHIEF)
        sid = chief.create_scheme(SchemeInput("网格员考核", "2026", "grid", MANUAL, Rule(1, 1)))
        chief.set_score(sid, G1, "m1", 30)
        chief.set_score(sid, G1, "m2", 45)
        chief.publish(sid)
        town = office(nodes[TOWN].db, TOWN)
        tsid = town.create_scheme(SchemeInput("社区考核", "2026", "community", [ROLL, *MANUAL], Rule(1, 1)))
        assert next(r for r in town.rank(tsid).rows if r.code == C1).cell("r1").rate is None
        xfer(C1, TOWN, "2")
        cell = next(r for r in town.rank(tsid).rows if r.code == C1).cell("r1")
        assert (cell.numerator, cell.denominator, cell.score) == (75, 100, 37.5)
    finally:
        for n in nodes.values():
            n.close()
