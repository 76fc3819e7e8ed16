"""`EventService.summary` at town and district scale (issue 15, part "the summary as one grouped query").

Builds N events over a year (default 20,000: a town; `python bench/event_summary.py 200000` for a district) in
every state of the flow, a quarter of them petitions (初信/初访), some supervised before or after their handling,
then measures in one run, interleaved, the median and best of 7 each:
- floors: a bare `SELECT count(*)` over the same rows (the period's events joined to their state), and the same
  rows grouped by unit, class and status with only a count;
- the summary as it was (two passes: the per-unit/class/status counts in SQL, then every petition read into
  Python with its first supervision and decided there one by one) — kept here verbatim as `old_summaries`;
- the summary now (`EventService.summary`: one GROUP BY, the first-handling verdict as the shared SQL CASE).
It also checks that both give the same figures, for the town and per community. Generated data only.

Figures (2026-12-06, a shared 2-core machine under load 5–7, so noisy; identical figures asserted each run):
- 20,000 events (a town, 50 grids), interleaved: floor count(*) 38 ms (best 14), grouped count-only floor 172 ms
  (best 83), summary before 416 ms (best 258), summary now 276 ms (best 147);
- 200,000 events (a district, 10 towns; the earlier, non-interleaved form of this script, median of 5): the district
  for a year: floor 664 ms, before 9,410 ms, now 6,125 ms; one town inside it: floor 203 ms, before 1,323 ms,
  now 821 ms.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select

from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.database import open_database
from gridapp.db.models import Event, EventState, EventStep
from gridapp.domain import events as rules
from gridapp.domain.indicators import first_handling_closed
from gridapp.services.events import EventService, EventSummary, _Tally
from gridapp.services.units import UnitService
from gridapp.sync.changelog import ChangeWriter

DISTRICT = "370303"
FLOW = ["report", "accept", "dispatch", "handle", "verify_ok", "close", "callback"]
TODAY = dt.date(2026, 12, 4)
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def build(path: Path, n: int, towns: int) -> None:
    db = open_database(path, create=True)
    units = UnitService(db)
    units.initialise(DISTRICT, "张店区", Level.DISTRICT)
    grids = []
    for t in range(1, towns + 1):
        town = f"{DISTRICT}{t:03d}"
        units.add(town, f"第{t}街道")
        for c in range(1, 11):
            community = f"{town}{c:03d}"
            units.add(community, f"第{c}社区")
            for g in range(1, 6):
                grids.append(f"{community}{g:03d}")
                units.add(grids[-1], f"第{g}网格")
    rng = random.Random(1)
    start = dt.date(2026, 1, 5)
    t0 = time.perf_counter()
    with db.write() as s:
        w = ChangeWriter(db, s)
        for i in range(n):
            grid = grids[i % len(grids)]
            day = start + dt.timedelta(days=rng.randrange(320))
            source = rng.choice(["01", "01", "02", "05", "06", "03"])
            eid = w.insert(Event, {"unit_code": grid, "number": f"{grid[-6:]}-{day:%y%m%d}-{i:06d}",
                                   "class_code": rng.choice(["02", "03", "04", "05", "06", "08"]),
                                   "title": f"事件{i}", "description": "生成的事件", "place": f"人民路{i % 300}号",
                                   "found_on": day, "urgency": "1", "source": source, "reporter": "网格员"})
            upto = rng.choice([1, 2, 3, 4, 5, 6, 7, 7, 7])
            steps = FLOW[:upto]
            if upto >= 3 and rng.random() < 0.08:  # supervised (督办): before or after the handling
                steps = [*steps[:3], "supervise", *steps[3:]] if rng.random() < 0.5 else [*steps, "supervise"]
            if upto >= 2 and rng.random() < 0.04:
                steps = [steps[0], steps[1], "escalate"]
            for k, action in enumerate(steps):
                unit = grid if action in ("report", "handle", "callback") else grid[:12]
                if action == "escalate":
                    data = {"reason": "需上级协调"}
                elif action == "supervise":
                    unit = grid[:9]
                    data = {"level": rng.choice("123"), "opinion": "请加快办理"}
                elif action == "report":
                    data = {"grid": grid, "source": source}
                else:
                    data = {"to": grid, "feedback": "已处理", "outcome": "已办结", "satisfaction": rng.choice("1123")}
                late = rng.choice([0, 0, 0, 9]) if action == "handle" else 0
                w.insert(EventStep, {"unit_code": grid, "event_id": eid, "action": action,
                                     "done_on": day + dt.timedelta(days=k + late), "actor_unit": unit,
                                     "actor_name": "某人", "data": data})
    print(f"built {n:,} events in {len(grids)} grids in {time.perf_counter() - t0:.1f} s")
    db.close()


def _as_date(value: Any) -> dt.date | None:
    """A date from a raw SQL aggregate (SQLite gives MIN() of a date column as text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def old_summaries(svc: EventService, start: dt.date, end: dt.date, unit: str,
                  key: Callable[[str, str], str | None]) -> dict[str, EventSummary]:
    """EventService.summaries before the change (aa3fb1b), verbatim but for `self` → `svc`."""
    svc._ensure_fresh()
    today = svc.today()
    with svc.db.read() as s:
        table = svc._class_table(s, unit)
        in_period = (Event.deleted.is_(False), Event.unit_code.startswith(unit), Event.found_on >= start,
                     Event.found_on <= end)
        conn = s.connection()
        handled = EventState.handled_on.is_not(None) & EventState.handle_due.is_not(None)

        def n(cond):
            return func.sum(case((cond, 1), else_=0))

        counted = (select(Event.unit_code, Event.class_code, EventState.status, func.count(), n(handled),
                          n(handled & (EventState.handled_on <= EventState.handle_due)),
                          n(EventState.due.is_not(None) & (EventState.due < today)),
                          n(EventState.satisfaction.is_not(None) & (EventState.satisfaction != "")),
                          n(EventState.satisfaction.in_(tuple(rules.SATISFIED))))
                   .join(EventState, EventState.event_id == Event.id).where(*in_period)
                   .group_by(Event.unit_code, Event.class_code, EventState.status))
        groups: dict[str, _Tally] = {}
        for code, cls, status, total, n_handled, n_on_time, n_overdue, n_called, n_satisfied in conn.execute(counted):
            k = key(code, cls)
            if k is None:
                continue
            g = groups.get(k) or groups.setdefault(k, _Tally())
            g.by_class[table.label(cls)] += total
            g.by_status[rules.STATUS.get(status or "reported", status)] += total
            g.handled += int(n_handled or 0)
            g.on_time += int(n_on_time or 0)
            g.overdue += int(n_overdue or 0)
            g.called += int(n_called or 0)
            g.satisfied += int(n_satisfied or 0)
        first_sv = (select(func.min(EventStep.done_on)).where(
            EventStep.event_id == Event.id, EventStep.action == "supervise", EventStep.deleted.is_(False))
            .correlate(Event).scalar_subquery())
        petitions = (select(Event.unit_code, Event.class_code, EventState.status, EventState.handled_on,
                            EventState.handle_due, EventState.escalated, EventState.reopened, EventState.closed_by,
                            EventState.first_unit, first_sv)
                     .join(EventState, EventState.event_id == Event.id)
                     .where(*in_period, Event.source.in_(tuple(rules.PETITION_SOURCES))))
        for code, cls, status, handled_on, handle_due, esc, reop, closed_by, first, sv_on in conn.execute(petitions):
            k = key(code, cls)
            if k is None:
                continue
            g = groups.get(k) or groups.setdefault(k, _Tally())
            verdict = first_handling_closed(rules.event_first_handling_facts(
                status=status, handled_on=handled_on, handle_due=handle_due, escalated=esc, reopened=reop,
                closed_by=closed_by, first_unit=first, first_supervised_on=_as_date(sv_on), today=today))
            if verdict is not None:
                g.decided += 1
                g.fhc += verdict
    return {k: EventSummary(unit if k == unit else k, start, end, sum(g.by_class.values()), dict(g.by_class),
                            dict(g.by_status), g.handled, g.on_time, g.decided, g.fhc, g.called, g.satisfied,
                            g.overdue)
            for k, g in groups.items()}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    towns = max(1, n // 20_000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.sqlite3"
        build(path, n, towns)
        db = open_database(path)
        svc = EventService(db, Principal("u1", "office", Role.OFFICE, DISTRICT, display_name="区"), today=TODAY)
        t = time.perf_counter()
        svc.list_ids()  # folds every event once (all stale after the bulk insert)
        print(f"first fold: {time.perf_counter() - t:.1f} s")
        town = f"{DISTRICT}001"

        def floor(unit: str, grouped: bool = False) -> Callable[[], object]:
            cols = [Event.unit_code, Event.class_code, EventState.status, func.count()] if grouped else [func.count()]

            def run() -> object:
                q = select(*cols).select_from(Event).join(EventState, EventState.event_id == Event.id).where(
                    Event.deleted.is_(False), Event.unit_code.startswith(unit), Event.found_on >= YEAR[0],
                    Event.found_on <= YEAR[1])
                if grouped:
                    q = q.group_by(Event.unit_code, Event.class_code, EventState.status)
                with db.read() as s:
                    return s.connection().execute(q).all()
            return run

        for label, unit in (("town", town), *((("district", DISTRICT),) if towns > 1 else ())):
            whole = lambda _u, _c, u=unit: u  # noqa: E731
            old = old_summaries(svc, *YEAR, unit, whole)[unit]
            new = svc.summary(*YEAR, unit)
            assert old == new, (old, new)
            per = lambda code, _c: code[:12]  # noqa: E731
            assert old_summaries(svc, *YEAR, unit, per) == svc.summaries(*YEAR, unit, per)
            print(f"{label} ({new.total:,} events in the year; petitions decided {new.petitions_decided:,}, "
                  f"closed at the first handling {new.first_handling_closed:,}): identical figures, also per community")
            runs = {"floor, SELECT count(*) over the same rows": floor(unit),
                    "floor, the same rows grouped by unit, class and status (count only)": floor(unit, True),
                    "summary before (grouped counts + petitions one by one in Python)":
                        lambda u=unit, w=whole: old_summaries(svc, *YEAR, u, w),
                    "summary now (one GROUP BY)": lambda u=unit: svc.summary(*YEAR, u)}
            times: dict[str, list[float]] = {k: [] for k in runs}
            for _ in range(7):  # interleaved: a shared, loaded machine slows all of them alike
                for k, fn in runs.items():
                    t = time.perf_counter()
                    fn()
                    times[k].append((time.perf_counter() - t) * 1000)
            for k, v in times.items():
                print(f"  {k}: median {statistics.median(v):.0f} ms (best {min(v):.0f} ms)")
        db.close()


if __name__ == "__main__":
    main()
