"""gridapp.services.events: the closed loop as the roles live it, refusals, departments, escalation, time
limits and the calendar, and two installations' steps merging into one timeline."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from gridapp.core.errors import PermissionDenied, ScopeError, ValidationError
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import ChangeLog, Event, EventStep
from gridapp.services.events import EventInput, EventService
from gridapp.services.units import UnitService
from gridapp.sync.merge import apply_changes

TOWN, COMMUNITY = "370303001", "370303001001"
GRID1, GRID2 = "370303001001001", "370303001001002"
MON = dt.date(2026, 11, 30)  # a Monday with no holiday around it


def person(role: Role, unit: str, name: str = "") -> Principal:
    return Principal(f"u-{role.value}-{unit}", f"{role.value}{unit[-3:]}", role, unit, display_name=name or role.value)


def svc(db, role: Role, unit: str, today: dt.date = MON, name: str = "") -> EventService:
    return EventService(db, person(role, unit, name), today=today)


@pytest.fixture
def town(db):
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    units.add(COMMUNITY, "和平社区")
    units.add(GRID1, "第1网格")
    units.add(GRID2, "第2网格")
    return db


def report(db, unit=GRID1, today=MON, **kw) -> str:
    values = {"class_code": "03", "subclass": "0302", "title": "燃气管道漏气", "description": "3号楼东侧燃气管道有异味",
              "place": "人民路1号3号楼", "found_on": today, **kw}
    return svc(db, Role.GRID_WORKER, unit, today).report(EventInput(**values))


def steps(db, event_id: str) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(EventStep).where(EventStep.event_id == event_id)).scalar()


def test_the_whole_loop_as_the_roles_live_it(town):
    eid = report(town, source="05")
    worker = svc(town, Role.GRID_WORKER, GRID1)
    office = svc(town, Role.OFFICE, COMMUNITY)
    assert office.agenda().to_accept == 1 and worker.agenda().to_handle == 0
    assert office.list_ids(mine=True) == [eid]
    v = office.get(eid)
    assert v.row.status == "reported" and v.row.holder == COMMUNITY and v.row.due == dt.date(2026, 12, 1)
    assert "accept" in v.next_actions and "close" not in v.next_actions
    assert v.row.number.startswith("001001-261130-01")
    office.act(eid, "accept")
    office.act(eid, "dispatch", to=GRID1, note="请网格员联系燃气公司")
    assert worker.agenda().to_handle == 1 and worker.list_ids(mine=True) == [eid]
    svc(town, Role.GRID_WORKER, GRID1, dt.date(2026, 12, 2)).act(eid, "handle", feedback="燃气公司已修复")
    later = svc(town, Role.OFFICE, COMMUNITY, dt.date(2026, 12, 3))
    assert later.agenda().to_verify == 1
    later.act(eid, "verify_ok", opinion="现场核实已修复")
    later.act(eid, "close", outcome="已修复，隐患消除")
    back = svc(town, Role.GRID_WORKER, GRID1, dt.date(2026, 12, 4))
    assert back.agenda().to_call_back == 1
    back.act(eid, "callback", satisfaction="1")
    v = back.get(eid)
    assert v.row.status == "closed" and v.satisfaction_label == "满意" and v.first_handling is True
    assert [t.action for t in v.timeline] == ["report", "accept", "dispatch", "handle", "verify_ok", "close", "callback"]
    assert v.timeline[2].data["note"] == "请网格员联系燃气公司" and v.timeline[3].actor_unit == GRID1
    summary = svc(town, Role.OFFICE, TOWN, dt.date(2026, 12, 4)).summary(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert (summary.total, summary.handled, summary.on_time) == (1, 1, 1)
    assert summary.first_handling_closure_rate == 1.0 and summary.satisfaction_rate == 1.0
    assert summary.by_class == {"安全隐患": 1} and summary.by_status == {"已结案": 1}
    assert summary.as_dict()["on_time_rate"] == 1.0


def test_steps_out_of_order_or_by_the_wrong_person_write_nothing(town):
    eid = report(town)
    office = svc(town, Role.OFFICE, COMMUNITY)
    before = steps(town, eid)
    with pytest.raises(ValidationError, match="不能结案"):
        office.act(eid, "close", outcome="x")
    with pytest.raises(PermissionDenied):
        svc(town, Role.GRID_WORKER, GRID1).act(eid, "accept")
    with pytest.raises(ValidationError, match="综治中心可以受理"):
        svc(town, Role.OFFICE, TOWN).act(eid, "accept")  # the town does not hold it
    office.act(eid, "accept")
    with pytest.raises(ValidationError, match="只能交办给"):
        office.act(eid, "dispatch", to=GRID2)  # another grid: not on the event's path
    office.act(eid, "dispatch", to=GRID1)
    with pytest.raises(ScopeError):
        svc(town, Role.GRID_WORKER, GRID2).act(eid, "handle", feedback="x")
    with pytest.raises(ValidationError, match="请填写处置情况"):
        svc(town, Role.GRID_WORKER, GRID1).act(eid, "handle", feedback="  ")
    with pytest.raises(ValidationError, match="不能核查通过"):
        office.act(eid, "verify_ok")
    assert steps(town, eid) == before + 2


def test_bad_reports_are_refused_with_the_field(town):
    with pytest.raises(ValidationError, match="身份证号") as e:
        report(town, description="当事人 370303199001011234 反映")
    assert e.value.field == "事件描述"
    with pytest.raises(ValidationError, match="工单号"):
        report(town, source="04")
    with pytest.raises(ValidationError, match="不能晚于今天"):
        report(town, found_on=MON + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="小类"):
        report(town, subclass="0501")
    with pytest.raises(ScopeError):
        report(town, unit_code=GRID2)  # a grid worker of grid 1 reporting on grid 2
    with pytest.raises(PermissionDenied):
        EventService(town, person(Role.VIEWER, TOWN)).report(EventInput("03", "t", "d", "p", MON))
    with town.read() as s:
        assert s.execute(select(func.count()).select_from(Event)).scalar() == 0


def test_escalation_to_the_town_and_a_department(town):
    eid = report(town, source="06")
    svc(town, Role.OFFICE, COMMUNITY).act(eid, "escalate", reason="涉及多个部门，社区无法处理")
    town_office = svc(town, Role.OFFICE, TOWN)
    assert town_office.agenda().to_accept == 1
    town_office.act(eid, "accept")
    town_office.act(eid, "dispatch", to=TOWN, department="住建办")
    dept = svc(town, Role.DEPARTMENT, TOWN, name="住建办")
    other_dept = svc(town, Role.DEPARTMENT, TOWN, name="民政办")
    assert dept.list_ids() == [eid] and other_dept.list_ids() == []
    with pytest.raises(ScopeError):
        other_dept.get(eid)
    with pytest.raises(ValidationError, match="住建办"):
        svc(town, Role.OFFICE, TOWN).act(eid, "handle", feedback="x")
    dept.act(eid, "handle", feedback="已协调燃气公司更换管道")
    v = town_office.get(eid)
    assert v.row.status == "fed_back" and v.first_handling is False  # escalated: not closed at the first handling


def test_extension_moves_the_deadline_and_overdue_shows(town):
    eid = report(town)
    office = svc(town, Role.OFFICE, COMMUNITY)
    office.act(eid, "accept")
    office.act(eid, "dispatch", to=GRID1)
    assert office.get(eid).row.due == dt.date(2026, 12, 7)
    svc(town, Role.GRID_WORKER, GRID1).act(eid, "extend", days=3, reason="等待燃气公司排期")
    assert office.agenda().extensions == 1
    office.act(eid, "extend_ok")
    assert office.get(eid).row.due == dt.date(2026, 12, 10)
    late = svc(town, Role.OFFICE, COMMUNITY, dt.date(2026, 12, 11))
    assert late.get(eid).row.timing == "overdue" and late.list_ids(overdue=True) == [eid]
    assert svc(town, Role.OFFICE, COMMUNITY, dt.date(2026, 12, 9)).get(eid).row.timing == "soon"


def test_office_limits_and_calendar_entries_change_deadlines(town):
    office = svc(town, Role.OFFICE, COMMUNITY)
    office.set_limit("03", 2, 10)
    eid = report(town)
    assert office.get(eid).row.due == dt.date(2026, 12, 2)
    # the library does not know 2027 yet; an office enters New Year's Day
    assert not office.calendar_covers(2027)
    office.set_calendar_day(dt.date(2027, 1, 1), False, "元旦")
    assert office.calendar_covers(2027)
    with pytest.raises(ValidationError, match="本来就放假"):
        office.set_calendar_day(dt.date(2027, 1, 2), False)
    eid2 = report(town, today=dt.date(2026, 12, 31), found_on=dt.date(2026, 12, 31))
    office2 = svc(town, Role.OFFICE, COMMUNITY, dt.date(2026, 12, 31))
    assert office2.get(eid2).row.due == dt.date(2027, 1, 5)  # two working days: 1 Jan off, then 4 and 5 Jan
    with pytest.raises(PermissionDenied):
        svc(town, Role.GRID_WORKER, GRID1).set_limit("03", 1, 1)
    limits = {code: (a, h, own) for code, _name, a, h, own in office.limits()}
    assert limits["03"] == (2, 10, True) and limits["01"] == (1, 5, False)
    with pytest.raises(PermissionDenied):
        svc(town, Role.GRID_WORKER, GRID1).limits()


def test_supervision_and_red_cards(town):
    eid = report(town)
    town_office = svc(town, Role.OFFICE, TOWN)
    town_office.act(eid, "supervise", level="3", opinion="燃气隐患须当日处置")
    row = town_office.get(eid).row
    assert row.supervisions == 1 and row.red_cards == 1
    with pytest.raises(PermissionDenied):
        svc(town, Role.GRID_WORKER, GRID1).act(eid, "supervise", level="1", opinion="x")


def _changes(db, since: int = 0) -> list[dict]:
    with db.read() as s:
        return [{"node_id": c.node_id, "node_seq": c.node_seq, "table_name": c.table_name, "row_id": c.row_id,
                 "unit_code": c.unit_code, "op": c.op, "hlc": c.hlc, "fields": json.loads(c.fields), "base": None,
                 "schema_rev": c.schema_rev}
                for c in s.execute(select(ChangeLog).where(ChangeLog.table_name.like("event%"),
                                                           ChangeLog.node_seq > since)).scalars()]


def test_two_installations_merge_into_one_timeline_and_show_the_contradiction(town, fresh_copy, open_db):
    other = open_db(fresh_copy("other"))
    units = UnitService(other)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    units.add(COMMUNITY, "和平社区")
    units.add(GRID1, "第1网格")
    eid = report(town)
    office = svc(town, Role.OFFICE, COMMUNITY)
    office.act(eid, "accept")
    office.act(eid, "dispatch", to=GRID1)
    svc(town, Role.GRID_WORKER, GRID1).act(eid, "handle", feedback="已处理")
    with other.write() as s:
        apply_changes(s, _changes(town), dt.datetime(2026, 11, 30))
    assert svc(other, Role.OFFICE, COMMUNITY).get(eid).row.status == "fed_back"  # the trigger made it fresh
    seen = max(c["node_seq"] for c in _changes(town))
    # offline at once: here the office closes, there another clerk sends it back
    office.act(eid, "verify_ok")
    office.act(eid, "close", outcome="已修复")
    svc(other, Role.OFFICE, COMMUNITY).act(eid, "verify_back", opinion="现场仍有异味")
    theirs = [c for c in _changes(other) if c["node_id"] == other.node_id]
    mine = [c for c in _changes(town) if c["node_seq"] > seen and c["node_id"] == town.node_id]
    with town.write() as s:
        apply_changes(s, theirs, dt.datetime(2026, 11, 30))
    with other.write() as s:
        apply_changes(s, mine, dt.datetime(2026, 11, 30))
    a, b = svc(town, Role.OFFICE, COMMUNITY).get(eid), svc(other, Role.OFFICE, COMMUNITY).get(eid)
    assert [t.action for t in a.timeline] == [t.action for t in b.timeline]  # one timeline, nothing lost
    assert len(a.timeline) == 7 and a.row.status == b.row.status
    skipped = [t for t in a.timeline if t.anomaly]
    assert len(skipped) >= 1 and all(t.anomaly == u.anomaly for t, u in zip(a.timeline, b.timeline, strict=True))
