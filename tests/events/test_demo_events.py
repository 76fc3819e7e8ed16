"""The demo's events, patrols and 民情日志: every state of the flow, overdue and supervised events, an extension
asked, call-backs, so the events page, 今日待办 and the figures have something to show on demo data."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import EventStep, Patrol, Worklog, WorklogComment
from gridapp.demo import DemoGenerator
from gridapp.domain import clock
from gridapp.services.events import EventService
from gridapp.services.units import UnitService

TOWN = "370303001"


def test_the_demo_walks_events_into_every_state(fresh_copy, open_db):
    db = open_db(fresh_copy("demo-events"))
    UnitService(db).initialise(TOWN, "城东街道", Level.TOWN)
    result = DemoGenerator(db, seed=3).run(1800)
    assert result.events > 40 and result.patrols > 50 and result.worklogs > 20
    town = EventService(db, Principal("t", "t", Role.OFFICE, TOWN))
    rows = town.rows(town.list_ids())
    assert len(rows) == result.events
    statuses = Counter(r.status for r in rows)
    assert set(statuses) == {"reported", "returned", "accepted", "dispatched", "fed_back", "verified", "closed"}
    assert any(r.timing == "overdue" for r in rows) and any(r.red_cards or r.supervisions for r in rows)
    assert any(r.holder == TOWN for r in rows)  # escalated to the town
    with db.read() as s:
        actions = set(s.execute(select(EventStep.action)).scalars())
        assert {"extend", "extend_ok", "callback", "reopen", "return", "escalate", "supervise"} <= actions
        assert s.execute(select(func.count()).select_from(Patrol).where(Patrol.event_id.is_not(None))).scalar()
        assert s.execute(select(func.count()).select_from(WorklogComment)).scalar()
        assert s.execute(select(func.max(Worklog.log_date))).scalar() <= clock.today()
    community = rows[0].unit_code[:12]
    agenda = EventService(db, Principal("c", "c", Role.OFFICE, community)).agenda()
    assert agenda.to_accept and agenda.to_verify and agenda.to_close and agenda.extensions and agenda.overdue
    worker = EventService(db, Principal("w", "w", Role.GRID_WORKER, rows[0].unit_code)).agenda()
    assert worker.to_handle
    today = clock.today()
    m = town.summary(today.replace(year=today.year - 1), today)
    assert m.on_time_rate is not None and m.satisfaction_rate is not None and 0 < m.satisfaction_rate < 1
