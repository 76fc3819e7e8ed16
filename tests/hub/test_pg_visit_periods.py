"""visit_period on PostgreSQL (migration 0021v): the hub keeps the households visited per unit and period with
statement-level triggers, equal to a rebuild from the visits after every kind of write (the same random writes as
the SQLite triggers' test, bulk inserts included), and the visit rate read from it equals the count from the visits."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from gridapp.db import inactive_households, visit_periods
from gridapp.db.models import Household
from gridapp.db.postgres import open_pg_database
from gridapp.services.units import UnitService
from tests.hub import citydata
from tests.indicators.test_visit_periods import _mess, kept, rebuilt

SHAPE = citydata.Shape()


@pytest.fixture
def pg(pg_url):
    db = open_pg_database(pg_url, create=True)
    UnitService(db).initialise(citydata.CITY, "淄博市", "city")
    citydata.units(db, SHAPE)
    citydata.registry(db, SHAPE, 900, chunk=100)
    try:
        yield db
    finally:
        db.close()


def test_the_migration_made_the_table_and_its_triggers(pg):
    with pg.read() as s:
        assert visit_periods.present(s.connection())
        names = set(s.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
    assert set(visit_periods.PG_TRIGGERS) <= names


@pytest.mark.parametrize("seed", [1, 2])
def test_the_kept_counts_equal_a_rebuild_after_every_kind_of_write(pg, seed):
    assert kept(pg) == rebuilt(pg) and kept(pg)
    _mess(pg, seed, steps=80)
    with pg.write() as s:
        visit_periods.rebuild(s.connection())
    assert kept(pg) == rebuilt(pg)


def test_an_update_of_other_columns_leaves_the_counts_alone(pg):
    with pg.read() as s:
        before = s.execute(text(f"SELECT period, unit_code, households FROM {visit_periods.TABLE} "
                                "ORDER BY 1, 2")).all()
        hid = s.execute(select(Household.id).limit(1)).scalar()
    with pg.write() as s:
        s.execute(text("UPDATE household SET address = '新地址1号' WHERE id = :h"), {"h": hid})
        s.execute(text("UPDATE household_visit SET content = '回访' WHERE household_id = :h"), {"h": hid})
    with pg.read() as s:
        assert s.execute(text(f"SELECT period, unit_code, households FROM {visit_periods.TABLE} "
                              "ORDER BY 1, 2")).all() == before


def test_statements_that_write_many_rows_at_once_keep_it(pg):
    """One statement over many visits and households (what a package's COPY or a bulk correction does): the
    transition tables hold many versions of the same household and period."""
    with pg.write() as s:
        s.execute(text("UPDATE household_visit SET visit_date = visit_date + 17 WHERE visit_date < '2026-07-01'"))
    assert kept(pg) == rebuilt(pg)
    with pg.write() as s:
        s.execute(text("UPDATE household_visit SET deleted = NOT deleted WHERE right(id, 1) IN ('1', '5', 'a')"))
    assert kept(pg) == rebuilt(pg)
    with pg.write() as s:
        grids = s.execute(text("SELECT DISTINCT unit_code FROM household ORDER BY 1 LIMIT 3")).scalars().all()
        s.execute(text("UPDATE household SET unit_code = CASE unit_code WHEN :a THEN :b ELSE :a END "
                       "WHERE unit_code IN (:a, :b)"), {"a": grids[0], "b": grids[1]})
    assert kept(pg) == rebuilt(pg)
    with pg.write() as s:
        s.execute(text("DELETE FROM household_visit WHERE visit_date >= '2026-10-01'"))
        s.execute(text("INSERT INTO household_visit SELECT * FROM household_visit WHERE false"))  # an empty one
    assert kept(pg) == rebuilt(pg) and kept(pg)


def test_the_visit_rate_from_the_kept_table_equals_the_count_from_the_visits(pg, monkeypatch):
    """With households the rate does not count (no active resident, deleted): their visits are read and taken off,
    on PostgreSQL as on SQLite (the ids go as one array)."""
    from sqlalchemy import update

    from gridapp.core.permissions import Principal, Role
    from gridapp.db.models import Resident
    from gridapp.services.indicators import IndicatorService

    _mess(pg, 4, steps=30)
    with pg.write() as s:
        hids = s.execute(select(Household.id).order_by(Household.id)).scalars().all()
        s.execute(update(Resident).where(Resident.household_id.in_(hids[:7])).values(status="moved_out"))
        s.execute(update(Household).where(Household.id.in_(hids[7:10])).values(deleted=True))
    svc = IndicatorService(pg, Principal("v", "viewer", Role.VIEWER, citydata.CITY, display_name="领导"),
                           today=lambda: citydata.TODAY)
    asked = [(u, p) for u in (citydata.CITY, "370301") for p in ("2026-11", "2026-Q3", "2026")]
    kept_figures = [svc.compute(u, p, keys=["visit_rate"]).as_dict() for u, p in asked]
    kept_trends = [svc.trend("visit_rate", u, p) for u, p in asked]
    assert any(f["indicators"][0]["numerator"] for f in kept_figures)
    monkeypatch.setattr(IndicatorService, "_kept", staticmethod(lambda s, periods: False))
    assert [svc.compute(u, p, keys=["visit_rate"]).as_dict() for u, p in asked] == kept_figures
    assert [svc.trend("visit_rate", u, p) for u, p in asked] == kept_trends


def inactive_kept(db) -> set[tuple[str, str]]:
    with db.read() as s:
        return set(s.execute(text(f"SELECT household_id, unit_code FROM {inactive_households.TABLE}")).tuples())


def inactive_counted(db) -> set[tuple[str, str]]:
    with db.read() as s:
        return set(s.execute(text(inactive_households.pg_rebuild_sql())).tuples())


@pytest.mark.parametrize("seed", [1, 2])
def test_the_inactive_households_kept_equal_a_recount_after_every_kind_of_write(pg, seed):
    """household_inactive (0025): the households the visit rate does not count, kept by statement triggers, equal
    what a recount from the rows gives after random writes to households and residents (one row and many rows a
    statement): residents moving out and back, deleted and revived, moved to another household, hard-deleted,
    added; households deleted, revived, moved to another grid, added before their residents."""
    import datetime as dt
    import random

    from sqlalchemy import delete, insert, update

    from gridapp.core.ids import uuid7
    from gridapp.db.models import Resident

    assert inactive_kept(pg) == inactive_counted(pg)
    rng = random.Random(seed)
    with pg.read() as s:
        households = [tuple(r) for r in s.execute(select(Household.id, Household.unit_code)).all()]
    grids = sorted({u for _, u in households})
    sync = {"origin_node": "test", "created_hlc": 1, "row_hlc": 1, "field_clocks": {}, "deleted": False}
    for _ in range(60):
        with pg.write() as s:
            residents = s.execute(select(Resident.id)).scalars().all()
            rid, (hid, unit) = rng.choice(residents), rng.choice(households)
            op = rng.randrange(9)
            if op == 0:
                s.execute(update(Resident).where(Resident.id == rid).values(status=rng.choice(["moved_out", "dead"])))
            elif op == 1:
                s.execute(update(Resident).where(Resident.id == rid).values(status="active"))
            elif op == 2:
                s.execute(update(Resident).where(Resident.id == rid).values(deleted=rng.random() < 0.7))
            elif op == 3:
                s.execute(update(Resident).where(Resident.id == rid).values(household_id=hid))
            elif op == 4:
                s.execute(delete(Resident).where(Resident.id == rid))
            elif op == 5:  # every resident of a household at once (one statement, many rows)
                s.execute(update(Resident).where(Resident.household_id == hid).values(
                    status=rng.choice(["active", "moved_out"])))
            elif op == 6:
                s.execute(update(Household).where(Household.id == hid).values(deleted=rng.random() < 0.6))
            elif op == 7:
                s.execute(update(Household).where(Household.id == hid).values(unit_code=rng.choice(grids)))
            else:  # a household written before its residents (a package's order), its residents later or never
                new = uuid7()
                s.execute(insert(Household), [{"id": new, "unit_code": unit, "address": "测试路2号", **sync}])
                if rng.random() < 0.7:
                    s.execute(insert(Resident), [{"id": uuid7(), "unit_code": unit, "household_id": new,
                                                  "id_number": "0", "name": "居民", "gender": "1", "birth_date": dt.date(1980, 1, 1), "status": "active",
                                                  **sync}])
                households.append((new, unit))
        assert inactive_kept(pg) == inactive_counted(pg)
    assert inactive_kept(pg)  # some households are not counted
    with pg.write() as s:
        s.execute(text("UPDATE resident SET status = 'active', deleted = false"))
        s.execute(text("UPDATE household SET deleted = false"))
    assert inactive_kept(pg) == inactive_counted(pg)
