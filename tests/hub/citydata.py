"""Generated city data for the hub's roll-up (issue #18): towns × communities × grids with households, residents,
household visits, petitions (events with their state), disputes with supervisions, grid-worker assignments,
police force, homicide cases and surveys, written straight into the tables with SQLAlchemy Core, so the very same
rows (same ids, from a seed) go into SQLite and PostgreSQL alike. No personal data: every value is made up.

Used by tests/hub/test_pg_rollup.py (small) and bench/hub.py (city scale, `residents` up to millions).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, insert

from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.database import Database
from gridapp.db.models import (
    Dispute,
    DisputeSupervision,
    Event,
    EventState,
    Household,
    HouseholdVisit,
    OrgUnit,
    Resident,
    UnitAssignment,
)
from gridapp.services.indicators import IndicatorService

CITY = "3703"
TODAY = dt.date(2026, 12, 4)
YEAR = dt.date(2026, 1, 1)
SYNC = {"origin_node": "citydata", "created_hlc": 1, "row_hlc": 1, "field_clocks": {}, "deleted": False}


@dataclass(frozen=True)
class Shape:
    districts: int = 2
    towns: int = 2  # per district
    communities: int = 2  # per town
    grids: int = 3  # per community

    def grid_codes(self) -> list[str]:
        return [f"{CITY}{d:02d}{t:03d}{c:03d}{g:03d}" for d in range(1, self.districts + 1)
                for t in range(1, self.towns + 1) for c in range(1, self.communities + 1)
                for g in range(1, self.grids + 1)]


def _ids(rng: random.Random, n: int) -> list[str]:
    return [uuid.UUID(int=rng.getrandbits(128)).hex for _ in range(n)]


def units(db: Database, shape: Shape) -> None:
    """The city and its tree, as org_unit rows (the installation's own unit is set with `UnitService.initialise`
    by the caller when it needs one)."""
    rows = []
    rng = random.Random(7)
    seen: set[str] = set()
    for grid in shape.grid_codes():
        for digits, level in ((6, Level.DISTRICT), (9, Level.TOWN), (12, Level.COMMUNITY), (15, Level.GRID)):
            code = grid[:digits]
            if code in seen:
                continue
            seen.add(code)
            parent = code[:{6: 4, 9: 6, 12: 9, 15: 12}[digits]]
            rows.append({"id": uuid.UUID(int=rng.getrandbits(128)).hex, "unit_code": parent, "code": code,
                         "parent_code": parent, "name": f"{level.label_zh}{code[-3:]}", "level": level.value,
                         **SYNC})
    with db.write() as s:
        s.execute(insert(OrgUnit), rows)


def registry(db: Database, shape: Shape, residents: int, *, seed: int = 18, chunk: int = 30_000,
             only: list[str] | None = None) -> int:
    """Households (about 3 residents each), residents and a year of visits in the grids (`only`: these grids),
    in chunks of `chunk` households per transaction. Returns the residents written."""
    rng = random.Random(seed)
    grids = only or shape.grid_codes()
    households = max(1, residents // 3)
    written = 0
    for lo in range(0, households, chunk):
        n = min(households, lo + chunk) - lo
        hids = _ids(rng, n)
        hs = [{"id": hids[i], "unit_code": grids[(lo + i) % len(grids)], "address": f"幸福路{lo + i}号", **SYNC}
              for i in range(n)]
        rs, vs = [], []
        for h in hs:
            for k in range(3):
                status = "active" if rng.random() > 0.03 else "moved_out"
                rs.append({"id": None, "unit_code": h["unit_code"], "household_id": h["id"], "id_number": "0",
                           "name": "居民", "gender": str(1 + k % 2), "birth_date": dt.date(1960 + k * 15, 1, 1),
                           "status": status, "resident_type": "1", **SYNC})
            for _ in range(rng.choice((0, 1, 2, 2, 3))):
                vs.append({"id": None, "unit_code": h["unit_code"], "household_id": h["id"],
                           "visit_date": YEAR + dt.timedelta(days=rng.randrange(337)), "present": 2,
                           "visitor_name": "民警", "content": "走访", **SYNC, "deleted": rng.random() < 0.02})
        for r, rid in zip(rs, _ids(rng, len(rs)), strict=True):
            r["id"] = rid
        for v, vid in zip(vs, _ids(rng, len(vs)), strict=True):
            v["id"] = vid
        with db.write() as s:
            s.execute(insert(Household), hs)
            s.execute(insert(Resident), rs)
            if vs:
                s.execute(insert(HouseholdVisit), vs)
        written += len(rs)
    return written


def cases(db: Database, shape: Shape, *, events: int = 600, disputes: int = 300, seed: int = 19) -> None:
    """Petitions with a settled state, disputes in every state with supervisions, grid workers for most grids,
    police force, homicide cases and surveys."""
    rng = random.Random(seed)
    grids = shape.grid_codes()
    ev_rows, st_rows = [], []
    for i, eid in enumerate(_ids(rng, events)):
        found = YEAR + dt.timedelta(days=rng.randrange(337))
        ev_rows.append({"id": eid, "unit_code": grids[i % len(grids)], "number": f"E{i}", "class_code": "03",
                        "title": "事件", "description": "-", "place": "-", "urgency": "1", "found_on": found,
                        "source": rng.choice(("01", "05", "06")), "reporter": "网格员", **SYNC})
        closed = rng.random() < 0.7
        due = found + dt.timedelta(days=rng.choice((3, 7, 15)))
        handled = found + dt.timedelta(days=rng.randrange(20)) if rng.random() < 0.8 else None
        first = grids[i % len(grids)][:12]
        st_rows.append({"event_id": eid, "stale": False, "status": "closed" if closed else "handling",
                        "reported_on": found, "handle_due": due if rng.random() < 0.9 else None,
                        "handled_on": handled, "satisfaction": rng.choice((None, "1", "2", "3", "4")),
                        "escalated": rng.random() < 0.1, "reopened": rng.random() < 0.05, "first_unit": first,
                        "closed_by": first if rng.random() < 0.8 else first[:9]})
    dp_rows, sv_rows = [], []
    for i, did in enumerate(_ids(rng, disputes)):
        on = YEAR + dt.timedelta(days=rng.randrange(337))
        status = rng.choice(("resolved", "resolved", "resolved", "mediating", "escalated"))
        resolved = on + dt.timedelta(days=rng.randrange(40)) if status == "resolved" else None
        dp_rows.append({"id": did, "unit_code": grids[i % len(grids)], "number": f"D{i}", "name": "纠纷",
                        "occurred_on": on, "place": "-", "scale": "01", "category": "02", "people": 2,
                        "status": status, "deadline": on + dt.timedelta(days=30),
                        "success": (rng.random() < 0.9) if status == "resolved" else None, "resolved_on": resolved,
                        "escalated_on": on if status == "escalated" else None, **SYNC})
        if rng.random() < 0.1:
            sv_rows.append({"id": uuid.UUID(int=rng.getrandbits(128)).hex, "unit_code": grids[i % len(grids)],
                            "dispute_id": did, "sv_unit": "综治中心", "sv_person": "督办人",
                            "sv_on": on + dt.timedelta(days=rng.randrange(30)), "opinion": "抓紧", **SYNC})
    assign = [{"id": uuid.UUID(int=rng.getrandbits(128)).hex, "unit_code": g[:12], "target_code": g,
               "duty": "grid_worker", "person_name": "网格员", "start_on": dt.date(2025, 1, 1),
               "end_on": None if rng.random() < 0.9 else dt.date(2026, 6, 30), **SYNC}
              for g in grids if rng.random() < 0.85]
    with db.write() as s:
        s.execute(insert(Event), ev_rows)
        s.execute(delete(EventState).where(EventState.event_id.in_([r["event_id"] for r in st_rows])))
        s.execute(insert(EventState), st_rows)
        s.execute(insert(Dispute), dp_rows)
        if sv_rows:
            s.execute(insert(DisputeSupervision), sv_rows)
        if assign:
            s.execute(insert(UnitAssignment), assign)
    office = IndicatorService(db, Principal("u", "office", Role.OFFICE, CITY, display_name="市综治中心"),
                              today=lambda: TODAY)
    districts = sorted({g[:6] for g in grids})
    for d in districts:
        towns = sorted({g[:9] for g in grids if g.startswith(d)})
        office.set_police_force(d, 2026, 200 * len(towns) + 50)
        for t in towns:
            office.set_police_force(t, 2026, 150 + int(t[-1]), community_police=40 + int(t[-1]))
        office.set_cases(d, 2026, 1 + int(d[-1]), population=None if d.endswith("1") else 500_000)
    for k, d in enumerate(districts):
        office.add_survey(d, dt.date(2026, 3 + k, 10), 1000, 900 + k, "统计局电话调查")


def town_node(path, town: str, residents: int, *, towns: int = 3, communities: int = 4, grids: int = 5,
              seed: int = 1, chunk: int = 20_000, level: str = "town"):
    """A desktop node on SQLite for `town` (or, with `level`, a district or a community) holding `residents`
    generated residents (about 3 a household) with a year of visits, every row written through the change log
    (ChangeWriter.bulk_insert), as the town's own work would be: its package carries them all. Returns the db."""
    from gridapp.db.database import open_database
    from gridapp.services.units import UnitService
    from gridapp.sync.changelog import ChangeWriter

    db = open_database(path, create=True)
    us = UnitService(db)
    us.initialise(town, f"{level}{town[-3:]}", level)
    below = {"district": ["town", "community", "grid"], "town": ["community", "grid"], "community": ["grid"]}[level]
    counts = {"town": towns, "community": communities, "grid": grids}
    cells = [town]
    for lv in below:
        cells = [f"{up}{k:03d}" for up in cells for k in range(1, counts[lv] + 1)]
        for code in cells:
            us.add(code, f"{lv}{code[-3:]}")
    rng = random.Random(seed)
    households = max(1, residents // 3)
    for lo in range(0, households, chunk):
        n = min(households, lo + chunk) - lo
        hs = [{"id": h, "unit_code": cells[(lo + i) % len(cells)], "address": f"幸福路{lo + i}号"}
              for i, h in enumerate(_ids(rng, n))]
        rs, vs = [], []
        for h in hs:
            for k in range(3):
                rs.append({"unit_code": h["unit_code"], "household_id": h["id"], "id_number": "0", "name": "居民",
                           "gender": str(1 + k % 2), "birth_date": dt.date(1960 + k * 15, 1, 1),
                           "status": "active", "resident_type": "1"})
            for _ in range(rng.choice((0, 1, 2, 2, 3))):
                vs.append({"unit_code": h["unit_code"], "household_id": h["id"],
                           "visit_date": YEAR + dt.timedelta(days=rng.randrange(337)), "present": 2,
                           "visitor_name": "民警", "content": "走访"})
        with db.write() as s:
            w = ChangeWriter(db, s)
            w.bulk_insert(Household, hs)
            w.bulk_insert(Resident, rs)
            w.bulk_insert(HouseholdVisit, vs)
    return db
