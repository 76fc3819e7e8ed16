"""visit_period (gridapp.db.visit_periods): the households visited per unit and calendar period, kept by triggers,
equal what a rebuild from the visits gives after every kind of write, and the visit rate read from it (SQLite)
equals the visit rate counted from the visits themselves, for figures, units below and trends."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import delete, insert, select, text, update

from gridapp.core.ids import uuid7
from gridapp.db import visit_periods
from gridapp.db.models import Household, HouseholdVisit, Resident
from gridapp.services.indicators import IndicatorService

from .conftest import TOWN, ind

SYNC = {"origin_node": "test", "created_hlc": 1, "row_hlc": 1, "field_clocks": {}, "deleted": False}


def kept(db) -> dict[tuple[str, str], int]:
    with db.read() as s:
        return {(p, u): n for p, u, n in s.execute(text(
            f"SELECT period, unit_code, households FROM {visit_periods.TABLE} WHERE households != 0")).tuples()}


def rebuilt(db) -> dict[tuple[str, str], int]:
    with db.read() as s:
        sql = visit_periods.pg_rebuild_sql() if s.get_bind().dialect.name == "postgresql" else \
            visit_periods.rebuild_sql()
        return {(p, u): n for p, u, n in s.execute(text(sql)).tuples()}


def _day(rng: random.Random) -> dt.date:
    return dt.date(2025, 10, 1) + dt.timedelta(days=rng.randrange(420))


def _visit(hid: str, unit: str, day: dt.date) -> dict:
    return {"id": uuid7(), "unit_code": unit, "household_id": hid, "visit_date": day, "present": 2,
            "visitor_name": "民警", "content": "走访", **SYNC}


def _mess(db, seed: int, steps: int = 120) -> None:
    """Random writes of every kind the triggers follow (fixed seed): visits added, tombstoned, revived, moved to
    another day or household, hard-deleted; households moved to another grid, added after their visits, deleted."""
    rng = random.Random(seed)
    with db.read() as s:
        households = [tuple(r) for r in s.execute(select(Household.id, Household.unit_code)).all()]
        grids = sorted({u for _, u in households})
    assert len(households) > 10 and len(grids) > 1
    for _ in range(steps):
        with db.write() as s:
            visits = s.execute(select(HouseholdVisit.id)).scalars().all()
            op = rng.randrange(8)
            vid = rng.choice(visits)
            if op == 0:
                hid, unit = rng.choice(households)
                s.execute(insert(HouseholdVisit), [_visit(hid, unit, _day(rng)) for _ in range(rng.randrange(1, 4))])
            elif op == 1:
                s.execute(update(HouseholdVisit).where(HouseholdVisit.id == vid).values(deleted=True))
            elif op == 2:
                s.execute(update(HouseholdVisit).where(HouseholdVisit.id == vid).values(deleted=False))
            elif op == 3:  # another day: the same month, another month or another year
                s.execute(update(HouseholdVisit).where(HouseholdVisit.id == vid).values(visit_date=_day(rng)))
            elif op == 4:
                s.execute(update(HouseholdVisit).where(HouseholdVisit.id == vid).values(
                    household_id=rng.choice(households)[0], visit_date=_day(rng)))
            elif op == 5:
                s.execute(delete(HouseholdVisit).where(HouseholdVisit.id == vid))
            elif op == 6:
                hid, _ = rng.choice(households)
                s.execute(update(Household).where(Household.id == hid).values(unit_code=rng.choice(grids)))
            else:  # a household whose visits arrive first (a package's order), later deleted or not
                hid, unit = uuid7(), rng.choice(grids)
                visits = [_visit(hid, unit, _day(rng)) for _ in range(2)]
                household = [{"id": hid, "unit_code": unit, "address": "测试路1号", **SYNC}]
                if s.get_bind().dialect.name == "postgresql":  # its foreign keys are checked at once: parent first
                    s.execute(insert(Household), household)
                    s.execute(insert(HouseholdVisit), visits)
                else:
                    s.execute(text("PRAGMA defer_foreign_keys = ON"))  # as the sync merge may write them
                    s.execute(insert(HouseholdVisit), visits)
                    s.execute(insert(Household), household)
                if rng.random() < 0.3:
                    s.execute(update(Household).where(Household.id == hid).values(deleted=True))
        assert kept(db) == rebuilt(db)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_kept_counts_equal_a_rebuild_after_every_kind_of_write(demo_db, seed):
    assert kept(demo_db) == rebuilt(demo_db) and kept(demo_db)
    _mess(demo_db, seed)
    with demo_db.write() as s:  # and a rebuild gives the same table
        visit_periods.rebuild(s.connection())
    assert kept(demo_db) == rebuilt(demo_db)


def _from_visits(monkeypatch) -> None:
    monkeypatch.setattr(IndicatorService, "_kept", staticmethod(lambda s, periods: False))


def test_the_visit_rate_from_the_kept_table_equals_the_count_from_the_visits(demo_db, monkeypatch):
    _mess(demo_db, 3, steps=60)
    with demo_db.write() as s:  # households the rate does not count: moved out, deleted
        hids = s.execute(select(Household.id).order_by(Household.id)).scalars().all()
        s.execute(update(Resident).where(Resident.household_id.in_(hids[:5])).values(status="moved_out"))
        s.execute(update(Household).where(Household.id.in_(hids[5:8])).values(deleted=True))
    svc = ind(demo_db)
    community = svc.compute(TOWN, "2026-11", keys=["visit_rate"]).result("visit_rate").below[0].unit_code
    grid = ind(demo_db).compute(community, "2026-11", keys=["visit_rate"]).result("visit_rate").below[0].unit_code
    asked = [(u, p) for u in (TOWN, community, grid) for p in ("2026-11", "2026-10", "2026-Q3", "2026", "2025")]
    kept_figures = [svc.compute(u, p, keys=["visit_rate"]).as_dict() for u, p in asked]
    kept_trends = [svc.trend("visit_rate", u, p) for u, p in asked]
    assert any(f["indicators"][0]["numerator"] for f in kept_figures)
    _from_visits(monkeypatch)
    assert [svc.compute(u, p, keys=["visit_rate"]).as_dict() for u, p in asked] == kept_figures
    assert [svc.trend("visit_rate", u, p) for u, p in asked] == kept_trends  # the grouped pass over the visits
    for (u, _p), trend in zip(asked, kept_trends, strict=True):
        assert trend == [(k, svc.compute(u, k, keys=["visit_rate"]).result("visit_rate").total.value)
                         for k, _v in trend]


def test_a_big_load_of_visits_rebuilds_the_table_once_and_the_triggers_come_back(demo_db):
    from gridapp.sync.changelog import ChangeWriter

    with demo_db.read() as s:
        households = [tuple(r) for r in s.execute(select(Household.id, Household.unit_code)).all()]
        held = s.execute(select(HouseholdVisit.id)).scalars().all()
    rng = random.Random(5)
    rows = [{k: v for k, v in _visit(*rng.choice(households), _day(rng)).items() if k not in SYNC and k != "id"}
            for _ in range(max(2000, len(held) * 2))]
    with demo_db.write() as s:
        w = ChangeWriter(demo_db, s)
        w.defer_indexes({HouseholdVisit: len(rows)})
        assert not s.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                  "'visit_period%'")).all()
        w.bulk_insert(HouseholdVisit, rows)
        w.restore_indexes()
    with demo_db.read() as s:
        names = set(s.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    assert set(visit_periods.TRIGGERS) <= names
    assert kept(demo_db) == rebuilt(demo_db)
    _mess(demo_db, 6, steps=20)  # and they keep it again
