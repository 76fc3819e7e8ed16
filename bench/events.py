"""Events at town scale (issue 15): a town with N events a year (default 50,000: about 1,000 per grid over 50
grids) in every state. Measures, against floors measured in the same run:
- the event list's first screen: `list_ids` (all ids in SQL order: the ledger scrolls without a cap) + `rows` of
  the first 50, vs the floor: the same ids in the same order read through Core + the 50 rows (the least an
  uncapped list can do); the old floor (the same SELECT through the ORM session) is printed beside it;
- `summary` for the town for a year, vs the floor: one SQL pass counting the year's events per unit, class and
  status over the same join (the least the summary reads); the old floor (a bare SELECT of its columns into
  Python, one row per event) is printed beside it;
- the user's agenda (今日待办 counts);
- folding every event again after a sync touched them all (the staleness triggers' worst case).
Generated data only. `python bench/events.py [N]`.

Figures (2026-12-05, 50,000 events, a shared 2-core machine under load ~12–15, so noisy):
- before (main, old floors): list first screen 269 ms (old floor 247 ms; 613/549 ms in an earlier run),
  summary 1,033 ms (old floor 685 ms; 1,257 ms earlier);
- after (ix_event_list, the list joins the state only when needed and reads ids through Core; the summary
  counts in SQL per unit/class/status and folds only petitions in Python): list first screen 86 ms (floor 72 ms,
  old floor 114 ms), summary 944 ms (floor, one SQL count: 428 ms; old floor 665 ms). The summary's remaining
  cost is SQLite's: the grouped pass (~400 ms here) and the petitions' pass with its first-supervision subquery.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select, update

from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.database import open_database
from gridapp.db.models import Event, EventState, EventStep
from gridapp.services.events import EventService
from gridapp.services.units import UnitService
from gridapp.sync.changelog import ChangeWriter

TOWN = "370303001"
FLOW = ["report", "accept", "dispatch", "handle", "verify_ok", "close", "callback"]


def best(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def build(path: Path, n: int) -> list[str]:
    db = open_database(path, create=True)
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    grids = []
    for c in range(1, 11):
        community = f"{TOWN}{c:03d}"
        units.add(community, f"第{c}社区")
        for g in range(1, 6):
            grids.append(f"{community}{g:03d}")
            units.add(grids[-1], f"第{g}网格")
    rng = random.Random(1)
    start = dt.date(2026, 1, 5)
    t = time.perf_counter()
    with db.write() as s:
        w = ChangeWriter(db, s)
        for i in range(n):
            grid = grids[i % len(grids)]
            day = start + dt.timedelta(days=rng.randrange(300))
            eid = w.insert(Event, {"unit_code": grid, "number": f"{grid[-6:]}-{day:%y%m%d}-{i:05d}",
                                   "class_code": rng.choice(["02", "03", "04", "05", "06"]), "title": f"事件{i}",
                                   "description": "生成的事件", "place": f"人民路{i % 300}号", "found_on": day,
                                   "urgency": "1", "source": rng.choice(["01", "01", "02", "05"]), "reporter": "网格员"})
            upto = rng.choice([1, 2, 3, 4, 7, 7, 7])
            for k, action in enumerate(FLOW[:upto]):
                unit = grid if action in ("report", "handle", "callback") else grid[:12]
                data = {"grid": grid, "source": "01"} if action == "report" else {
                    "to": grid, "feedback": "已处理", "outcome": "已办结", "satisfaction": rng.choice("1112")}
                w.insert(EventStep, {"unit_code": grid, "event_id": eid, "action": action,
                                     "done_on": day + dt.timedelta(days=k), "actor_unit": unit,
                                     "actor_name": "某人", "data": data})
    print(f"built {n:,} events in {time.perf_counter() - t:.1f} s")
    db.close()
    return grids


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.sqlite3"
        grids = build(path, n)
        db = open_database(path)
        office = Principal("u1", "office", Role.OFFICE, TOWN, display_name="街道")
        svc = EventService(db, office, today=dt.date(2026, 12, 4))
        t = time.perf_counter()
        svc.list_ids()  # folds every event once (all stale after the bulk insert)
        print(f"first fold of {n:,} events: {time.perf_counter() - t:.2f} s")

        def first_screen() -> None:
            svc.rows(svc.list_ids()[:50])

        ordered = (select(Event.id).where(Event.deleted.is_(False))
                   .order_by(Event.found_on.desc(), Event.created_hlc.desc()))

        def floor_list() -> None:
            with db.read() as s:
                ids = list(s.connection().execute(ordered).scalars())
                s.execute(select(Event).where(Event.id.in_(ids[:50]))).all()

        def old_floor_list() -> None:
            with db.read() as s:
                ids = list(s.execute(ordered).scalars())
                s.execute(select(Event).where(Event.id.in_(ids[:50]))).all()

        year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))

        def floor_summary() -> None:
            with db.read() as s:
                s.connection().execute(select(Event.unit_code, Event.class_code, EventState.status, func.count()).join(
                    EventState, EventState.event_id == Event.id).where(Event.found_on >= year[0], Event.found_on <= year[1])
                    .group_by(Event.unit_code, Event.class_code, EventState.status)).all()

        def old_floor_summary() -> None:
            with db.read() as s:
                s.execute(select(Event.class_code, EventState.status, EventState.handled_on, EventState.handle_due,
                                 EventState.satisfaction, Event.source).join(
                    EventState, EventState.event_id == Event.id).where(Event.found_on >= year[0])).all()

        community_office = EventService(db, Principal("u2", "c", Role.OFFICE, grids[0][:12]),
                                        today=dt.date(2026, 12, 4))
        worker = EventService(db, Principal("u3", "w", Role.GRID_WORKER, grids[0]), today=dt.date(2026, 12, 4))
        print(f"event list, first screen (town, all {n:,}): {best(first_screen) * 1000:.0f} ms "
              f"(floor, the ids in order through Core + 50 rows: {best(floor_list) * 1000:.0f} ms; old floor, the "
              f"same through the ORM session: {best(old_floor_list) * 1000:.0f} ms; goal ≤ 300 ms)")
        print(f"summary, town, a year: {best(lambda: svc.summary(*year)) * 1000:.0f} ms "
              f"(floor, one SQL count per unit, class and status: {best(floor_summary) * 1000:.0f} ms; old floor, "
              f"a bare SELECT of its columns: {best(old_floor_summary) * 1000:.0f} ms; goal ≤ 1 s)")
        print(f"agenda: town office {best(svc.agenda) * 1000:.0f} ms, community office "
              f"{best(community_office.agenda) * 1000:.0f} ms, grid worker {best(worker.agenda) * 1000:.0f} ms "
              f"(goal ≤ 200 ms)")
        from gridapp.services.agenda import _events as agenda_events

        print(f"今日待办 events part (the mine list and its overdue part, as the home card counts): town office "
              f"{best(lambda: agenda_events(svc)) * 1000:.0f} ms, community office "
              f"{best(lambda: agenda_events(community_office)) * 1000:.0f} ms, grid worker "
              f"{best(lambda: agenda_events(worker)) * 1000:.0f} ms (goal ≤ 200 ms)")
        print(f"event list filtered (class 03, open, due soon): "
              f"{best(lambda: svc.rows(svc.list_ids(class_code='03', status='open', timing='soon')[:50])) * 1000:.0f} ms")
        by_unit = best(lambda: svc.summaries(*year, TOWN, lambda code, _c: code[:12]), 3)
        print(f"summaries per community (the events report's table), town, a year: {by_unit * 1000:.0f} ms")
        with db.write() as s:
            s.execute(update(EventState).values(stale=True))
        t = time.perf_counter()
        svc.list_ids()
        print(f"fold again after all {n:,} became stale: {time.perf_counter() - t:.2f} s")
        db.close()


if __name__ == "__main__":
    main()
