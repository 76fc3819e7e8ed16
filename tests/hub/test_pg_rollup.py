"""The hub's roll-up on PostgreSQL (issue #18): the plan's indicators and the counts (`stats`) for the whole subtree,
computed in SQL by the same services as on a desktop, give on PostgreSQL exactly the figures SQLite gives for the
same generated rows."""

from __future__ import annotations

import json

import pytest

from gridapp.core.permissions import Principal, Role
from gridapp.db.database import open_database
from gridapp.db.postgres import open_pg_database
from gridapp.domain.indicators import INDICATORS
from gridapp.services.indicators import IndicatorService
from gridapp.services.stats import StatsService
from gridapp.services.units import UnitService
from tests.hub import citydata

SHAPE = citydata.Shape()


def _fill(db) -> None:
    UnitService(db).initialise(citydata.CITY, "淄博市", "city")
    citydata.units(db, SHAPE)
    citydata.registry(db, SHAPE, 1200, chunk=150)
    citydata.cases(db, SHAPE)


@pytest.fixture(scope="module")
def both(tmp_path_factory, pg_server):
    import uuid

    from tests.hub.conftest import TEMPLATE, _admin

    name = f"r_{uuid.uuid4().hex[:12]}"
    _admin(pg_server, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    lite = open_database(tmp_path_factory.mktemp("rollup") / "city.sqlite3", create=True)
    pg = open_pg_database(f"{pg_server}/{name}", create=True)
    try:
        _fill(lite)
        _fill(pg)
        yield lite, pg
    finally:
        lite.close()
        pg.close()
        _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _viewer(db, code: str = citydata.CITY) -> IndicatorService:
    return IndicatorService(db, Principal("v", "viewer", Role.VIEWER, code, display_name="领导"),
                            today=lambda: citydata.TODAY)


@pytest.mark.parametrize("period", ["2026-11", "2026-Q2", "2026"])
@pytest.mark.parametrize("unit", [citydata.CITY, "370302", "370301002"])
def test_indicators_on_postgresql_equal_sqlite(both, period, unit):
    lite, pg = both
    a = _viewer(lite).compute(unit, period).as_dict()
    b = _viewer(pg).compute(unit, period).as_dict()
    assert json.dumps(b, sort_keys=True, ensure_ascii=False) == json.dumps(a, sort_keys=True, ensure_ascii=False)
    if unit == citydata.CITY and period == "2026":  # the data are not trivial: every figure has a denominator
        assert all(r["denominator"] for r in a["indicators"]), a
        assert len(a["indicators"][0]["below"]) == SHAPE.districts


def test_a_district_viewer_reads_its_district_on_the_city_hub(both):
    """The district's org_unit row belongs to the city (as sync brings it to the hub): its own viewer still reads
    the district's figures there, the same as the city's viewer reads for it."""
    lite, pg = both
    for db in (lite, pg):
        own = _viewer(db, "370302").compute(None, "2026").as_dict()
        assert own == _viewer(db).compute("370302", "2026").as_dict()
        assert own["unit_code"] == "370302" and all(r["denominator"] for r in own["indicators"][:1])


def test_trends_and_the_lists_behind_the_figures_are_the_same(both):
    lite, pg = both
    for ind in INDICATORS:
        assert _viewer(pg).trend(ind.key, citydata.CITY, "2026-11") == \
            _viewer(lite).trend(ind.key, citydata.CITY, "2026-11"), ind.key
        x, y = _viewer(lite).items(ind.key, "370301", "2026"), _viewer(pg).items(ind.key, "370301", "2026")
        assert sorted(y.rows) == sorted(x.rows) and len(x.rows) == len(x.ids), ind.key
        # the ids too, but a survey's id is made where it is entered (a new UUID on each database)
        made = {i for i, r in zip(x.ids + y.ids, x.rows + y.rows, strict=True) if r[0] == "满意度调查"}
        assert sorted(set(y.ids) - made) == sorted(set(x.ids) - made), ind.key


def test_stats_for_the_subtree_are_the_same(both):
    lite, pg = both
    for who in (None, Principal("v", "viewer", Role.VIEWER, "370302", display_name="区领导")):
        a, b = StatsService(lite, who).stats(), StatsService(pg, who).stats()
        assert (b.tables, b.deleted, b.units) == (a.tables, a.deleted, a.units)
        assert a.tables["resident"] > 0 and a.units
        oa, ob = StatsService(lite, who).overview(), StatsService(pg, who).overview()
        assert (ob.residents, ob.households, ob.buildings, ob.grids) == \
            (oa.residents, oa.households, oa.buildings, oa.grids)


def test_hub_indicators_and_stats_from_the_cli(both, capsys):
    from gridapp.cli import main

    _, pg = both
    url = pg.url
    assert main(["hub", "indicators", "--db", url, "--period", "2026", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["unit_code"] == citydata.CITY
    assert d == _viewer(pg).compute(citydata.CITY, "2026").as_dict()
    assert main(["hub", "indicators", "--db", url, "--unit", "370302", "--period", "2026-Q2"]) == 0
    assert "370302" in capsys.readouterr().out
    assert main(["hub", "indicators", "--db", url, "--list", "grid_staffed", "--period", "2026", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["indicator"] == "grid_staffed"
    assert main(["hub", "stats", "--db", url, "--unit", "370302", "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["tables"] == StatsService(pg, Principal("v", "v", Role.VIEWER, "370302", display_name="v")).stats().tables
    assert set(st["units"]) and all(c.startswith("370302") for c in st["units"])
    assert main(["hub", "stats", "--db", url, "--unit", "4401"]) == 2
    assert "不在同步中心" in capsys.readouterr().err
