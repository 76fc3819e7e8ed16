"""EventService.summary / summaries (one GROUP BY, the first-handling verdict as the shared SQL CASE): petitions
decided by each fact of the rule in turn, signed in as the roles that act; and on the demo's events (every state,
supervised, escalated, reopened) the same figures as an oracle folding each event in Python."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import func, select

from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import Event, EventState, EventStep
from gridapp.domain import events as rules
from gridapp.domain.indicators import first_handling_closed
from gridapp.services.events import EventInput, EventService
from gridapp.services.units import UnitService

TOWN, COMMUNITY = "370303001", "370303001001"
GRID1, GRID2 = "370303001001001", "370303001001002"
MON = dt.date(2026, 11, 2)


def svc(db, role: Role, unit: str, today: dt.date = MON) -> EventService:
    return EventService(db, Principal(f"u-{role.value}-{unit}", role.value, role, unit, display_name=role.value),
                        today=today)


@pytest.fixture
def town(db):
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    units.add(COMMUNITY, "和平社区")
    units.add(GRID1, "第1网格")
    units.add(GRID2, "第2网格")
    return db


def test_petitions_are_decided_by_the_first_handling_rule(town):
    def report(title: str, source: str = "05", grid: str = GRID1, cls: str = "06") -> str:
        return svc(town, Role.GRID_WORKER, grid).report(EventInput(
            class_code=cls, title=title, description="群众反映", place="幸福街1号", found_on=MON, source=source))

    office = svc(town, Role.OFFICE, COMMUNITY)
    town_office = svc(town, Role.OFFICE, TOWN)

    def handle(eid: str, on: dt.date = MON, close: bool = True) -> None:
        office.act(eid, "accept")
        office.act(eid, "dispatch", to=GRID1)
        svc(town, Role.GRID_WORKER, GRID1, on).act(eid, "handle", feedback="已处理")
        if close:
            later = svc(town, Role.OFFICE, COMMUNITY, on)
            later.act(eid, "verify_ok")
            later.act(eid, "close", outcome="已办结")

    ok = report("按时办结")  # closed by the first unit within the limit: yes
    handle(ok)
    after = report("办结后督办", source="06")  # supervised only after the handling: still yes
    handle(after, close=False)
    svc(town, Role.OFFICE, TOWN, MON + dt.timedelta(days=1)).act(after, "supervise", level="1", opinion="快结案")
    next_day = svc(town, Role.OFFICE, COMMUNITY, MON + dt.timedelta(days=1))
    next_day.act(after, "verify_ok")
    next_day.act(after, "close", outcome="已办结")
    before = report("办理前督办")  # supervised before its handling: no (counts as escalated)
    office.act(before, "accept")
    office.act(before, "dispatch", to=GRID1)
    town_office.act(before, "supervise", level="2", opinion="请加快")
    svc(town, Role.GRID_WORKER, GRID1, MON + dt.timedelta(days=1)).act(before, "handle", feedback="已处理")
    escalated = report("上报街道", source="06")  # escalated: no
    office.act(escalated, "escalate", reason="需街道协调")
    late = report("超期未办")  # handle limit passed, not handled: no
    office.act(late, "accept")
    office.act(late, "dispatch", to=GRID1)
    report("刚受理")  # open and in time: not decided
    fed_back = report("已反馈未结案")  # handled in time, not closed yet: not decided
    handle(fed_back, close=False)
    handle(report("非信访", source="01", cls="04"))  # not a petition: never counted
    report("另一网格", grid=GRID2)

    today = MON + dt.timedelta(days=20)  # the 5 working days of `late` are long gone
    m = svc(town, Role.OFFICE, COMMUNITY, today).summary(MON, MON)
    # the figure agrees with each event's own verdict (the fold's Rules.first_handling_closed on its page)
    o = svc(town, Role.OFFICE, TOWN, today)
    verdicts = [o.get(i).first_handling for i in o.list_ids()]
    assert (sum(v is not None for v in verdicts), sum(v is True for v in verdicts)) == (5, 2)
    assert (m.total, m.petitions_decided, m.first_handling_closed) == (9, 5, 2)
    assert m.first_handling_closure_rate == 0.4
    assert m.by_class == {"民生诉求": 8, "环境卫生": 1}
    assert m.by_status["已结案"] == 3 and m.handled == 5 and m.on_time == 5
    per_grid = svc(town, Role.OFFICE, COMMUNITY, today).summaries(MON, MON, COMMUNITY, lambda code, _c: code)
    assert set(per_grid) == {GRID1, GRID2}
    assert (per_grid[GRID1].petitions_decided, per_grid[GRID1].first_handling_closed) == (5, 2)
    assert (per_grid[GRID2].total, per_grid[GRID2].petitions_decided) == (1, 0)
    by_class = svc(town, Role.OFFICE, COMMUNITY, today).summaries(MON, MON, COMMUNITY, lambda _u, cls: cls)
    assert by_class["04"].petitions_decided == 0 and by_class["06"].first_handling_closed == 2
    # an office above reads the same for its whole subtree
    assert svc(town, Role.OFFICE, TOWN, today).summary(MON, MON).petitions_decided == 5


def test_the_demo_figures_equal_an_event_by_event_oracle(demo_db, demo_template):
    today = dt.date.today()
    start, end = today.replace(year=today.year - 1), today
    svc_town = EventService(demo_db, Principal("t", "t", Role.OFFICE, demo_template.unit_code), today=today)
    m = svc_town.summary(start, end)
    table = svc_town.class_table()
    with demo_db.read() as s:
        rows = s.execute(select(Event.unit_code, Event.class_code, Event.source, EventState).join(
            EventState, EventState.event_id == Event.id).where(
            Event.deleted.is_(False), Event.found_on >= start, Event.found_on <= end)).all()
        first_sv = dict(s.execute(select(EventStep.event_id, func.min(EventStep.done_on)).where(
            EventStep.action == "supervise", EventStep.deleted.is_(False)).group_by(EventStep.event_id)).all())
    by_class, by_status = Counter(), Counter()
    handled = on_time = overdue = called = satisfied = decided = fhc = 0
    for _unit, cls, source, st in rows:
        by_class[table.label(cls)] += 1
        by_status[rules.STATUS[st.status or "reported"]] += 1
        if st.handled_on and st.handle_due:
            handled += 1
            on_time += st.handled_on <= st.handle_due
        overdue += st.due is not None and st.due < today
        called += bool(st.satisfaction)
        satisfied += st.satisfaction in rules.SATISFIED
        if source in rules.PETITION_SOURCES:
            sv = first_sv.get(st.event_id)
            verdict = first_handling_closed(rules.event_first_handling_facts(
                status=st.status, handled_on=st.handled_on, handle_due=st.handle_due, escalated=st.escalated,
                reopened=st.reopened, closed_by=st.closed_by, first_unit=st.first_unit,
                first_supervised_on=dt.date.fromisoformat(str(sv)[:10]) if sv else None, today=today))
            if verdict is not None:
                decided += 1
                fhc += verdict
    assert len(rows) > 20 and decided > 0
    assert m.total == len(rows) and m.by_class == dict(by_class) and m.by_status == dict(by_status)
    assert (m.handled, m.on_time, m.overdue, m.called_back, m.satisfied) == (handled, on_time, overdue, called,
                                                                           satisfied)
    assert (m.petitions_decided, m.first_handling_closed) == (decided, fhc)
