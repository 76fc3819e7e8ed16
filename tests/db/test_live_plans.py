"""Query plans of the areas' main lists, counts and figures (EXPLAIN QUERY PLAN, deterministic: no timing).

SQLite uses a partial index (`WHERE deleted = 0`, models.LIVE_RESIDENT, ix_household_visit_live) only when the
query's WHERE implies the index's literally: `deleted IS 0` (what `deleted.is_(False)` wrote before
models.Tombstone) never did. Every statement the calls below run is captured and explained with its parameters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event

from gridapp.core.permissions import Principal, Role
from gridapp.services.disputes import DisputeService
from gridapp.services.events import EventService
from gridapp.services.indicators import IndicatorService
from gridapp.services.party import PartyService
from gridapp.services.projects import SmallProjectService
from gridapp.services.registry import RegistryService, ResidentFilter
from gridapp.services.tasks import TaskService
from gridapp.services.visits import VisitService

TOWN = "370303001"
TODAY = dt.date(2026, 12, 4)


def who(role: Role, unit: str) -> Principal:
    return Principal(f"u-{role.value}", role.value, role, unit, display_name=f"测试{role.label_zh}")


def plans(db, call: Callable[[], Any]) -> list[tuple[str, str]]:
    """(statement, its plan as one text) for every SELECT `call` runs."""
    seen: list[tuple[str, Any]] = []

    def capture(_conn, _cursor, statement, parameters, _context, executemany) -> None:
        if not executemany and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    out = []
    with db.read() as s:
        conn = s.connection()
        for statement, parameters in seen:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters or ()).all()
            out.append((statement, " | ".join(str(r[-1]) for r in rows)))
    return out


def _grid(db) -> str:
    from sqlalchemy import select

    from gridapp.db.models import OrgUnit

    with db.read() as s:
        return s.execute(select(OrgUnit.code).where(OrgUnit.level == "grid", OrgUnit.code.startswith(TOWN))
                         .order_by(OrgUnit.code)).scalars().first()


CALLS: dict[str, Callable[[Any, str], Any]] = {
    "residents": lambda db, g: (RegistryService(db, who(Role.GRID_WORKER, g)).page(ResidentFilter()),
                                RegistryService(db, who(Role.OFFICE, TOWN)).count(ResidentFilter()),
                                RegistryService(db, who(Role.OFFICE, TOWN)).id_list(ResidentFilter(), sort="name")),
    "households": lambda db, g: RegistryService(db, who(Role.GRID_WORKER, g)).find_households(g),
    "visits": lambda db, g: (VisitService(db, who(Role.POLICE, TOWN)).list_visits(),
                             VisitService(db, who(Role.POLICE, TOWN)).count(TOWN, dt.date(2026, 1, 1), TODAY),
                             VisitService(db, who(Role.POLICE, TOWN)).due(TOWN, TODAY)),
    "disputes": lambda db, g: (DisputeService(db, who(Role.OFFICE, TOWN)).list_disputes(),
                               DisputeService(db, who(Role.OFFICE, TOWN)).count()),
    "projects": lambda db, g: (SmallProjectService(db, who(Role.OFFICE, TOWN)).list_projects(),
                               SmallProjectService(db, who(Role.OFFICE, TOWN)).count()),
    "tasks": lambda db, g: (TaskService(db, who(Role.GRID_WORKER, g), today=lambda: TODAY).list(),
                            TaskService(db, who(Role.OFFICE, TOWN), today=lambda: TODAY).ledger_counts()),
    "events": lambda db, g: EventService(db, who(Role.OFFICE, TOWN), today=lambda: TODAY).list_ids(),
    "party": lambda db, g: (PartyService(db, who(Role.OFFICE, TOWN)).members(),
                            PartyService(db, who(Role.OFFICE, TOWN)).centres()),
    "indicators": lambda db, g: (IndicatorService(db, who(Role.OFFICE, TOWN), today=lambda: TODAY).compute(TOWN, "2026-11"),
                                 IndicatorService(db, who(Role.OFFICE, TOWN), today=lambda: TODAY).items("visit_rate", TOWN, "2026-11")),
}


# (area, a regex the statement matches, the index its plan must read)
EXPECTED = [
    ("residents", r"FROM resident WHERE .*deleted = 0 AND resident.status = 'active'", "ix_resident_live_"),
    ("residents", r"SELECT count\(\*\) AS count_1 FROM resident", "ix_resident_live_"),
    ("households", r"FROM household LEFT OUTER JOIN \(SELECT resident.household_id", "ix_resident_live_household"),
    ("households", r"FROM household LEFT OUTER JOIN", "ix_household_unit_code"),
    ("visits", r"SELECT count\(\*\) AS count_1 FROM household_visit", "ix_household_visit_unit_date"),
    ("visits", r"max\(household_visit.visit_date\)", "ix_household_visit_unit_date"),
    ("visits", r"EXISTS \(SELECT resident.id FROM resident", "ix_resident_live_household"),
    ("disputes", r"SELECT count\(\*\) AS count_1 FROM dispute", "ix_dispute_unit_"),
    ("projects", r"SELECT count\(\*\) AS count_1 FROM small_project", "ix_small_project_unit_"),
    ("events", r"SELECT event.id FROM event WHERE", "ix_event_list"),
    ("indicators", r"NOT \(household.deleted = 0 AND \(EXISTS", "ix_resident_live_household"),
    ("indicators", r"FROM visit_period", "PRIMARY KEY"),
    ("indicators", r"NOT \(EXISTS \(SELECT \* FROM household_visit", "ix_household_visit_live"),
]


@pytest.mark.parametrize("area", sorted(CALLS))
def test_live_rows_are_asked_as_the_partial_indexes_are_written(demo_db, area):
    found = plans(demo_db, lambda: CALLS[area](demo_db, _grid(demo_db)))
    assert found
    assert not [st for st, _ in found if re.search(r"deleted IS 0", st)]
    for where, pattern, index in EXPECTED:
        if where != area:
            continue
        hits = [(st, plan) for st, plan in found if re.search(pattern, re.sub(r"\s+", " ", st))]
        assert hits, (area, pattern)
        for _st, plan in hits:
            assert index in plan, (pattern, plan)
