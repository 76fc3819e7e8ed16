"""services.worklog: a grid worker's own patrols and daily log; the grid chief and office read and comment."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.permissions import Role
from gridapp.db.models import AuditLog, ChangeLog, Event, Patrol, Worklog, WorklogComment
from gridapp.domain.worklog import PatrolInput, WorklogInput
from gridapp.services.events import EventService
from gridapp.services.patrol_events import raise_event

from .conftest import C1, G1, G2, G3, TODAY, TOWN, svc, who

ID = "370303199001011234"


def counts(db) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(s.execute(select(func.count()).select_from(m)).scalar_one()  # type: ignore[return-value]
                     for m in (Patrol, Worklog, WorklogComment))


def test_worker_records_a_patrol_and_a_log_in_own_grid(town, households):
    w = svc(town, Role.GRID_WORKER, G1, "网格员甲")
    pid = w.add_patrol(PatrolInput(households[G1], TODAY, "  入户了解情况  ", "楼道堆物"))
    lid = w.add_worklog(WorklogInput(TODAY, "走访 3 户，排查隐患 1 处"))
    p = w.get_patrol(pid)
    assert (p.unit_code, p.worker, p.situation, p.issues, p.address) == (G1, "网格员甲", "入户了解情况", "楼道堆物",
                                                                         "测试路1号")
    log = w.get_worklog(lid)
    assert (log.unit_code, log.log_date, log.worker, log.comments) == (G1, TODAY, "网格员甲", ())
    with town.read() as s:  # synced: every write is in the change log, and audited
        tables = {t for (t,) in s.execute(select(ChangeLog.table_name))}
        acts = {(a.action, a.target_table) for a in s.execute(select(AuditLog)).scalars()}
    assert {"patrol", "worklog"} <= tables
    assert {("create", "patrol"), ("create", "worklog")} <= acts


@pytest.mark.parametrize(("data", "field"), [
    (dict(visited_on=TODAY + dt.timedelta(days=1)), "走访日期"),
    (dict(visited_on=None), "走访日期"),
    (dict(situation="  "), "走访情况"),
    (dict(situation=f"住户 {ID} 在家"), "走访情况"),
    (dict(issues="x" * 2001), "发现问题"),
])
def test_patrol_refusals_name_the_field(town, households, data, field):
    w = svc(town, Role.GRID_WORKER, G1)
    values = {"household_id": households[G1], "visited_on": TODAY, "situation": "了解情况", **data}
    with pytest.raises(ValidationError) as e:
        w.add_patrol(PatrolInput(**values))
    assert e.value.field == field
    assert counts(town) == (0, 0, 0)


def test_household_of_another_grid_is_refused(town, households):
    w = svc(town, Role.GRID_WORKER, G1)
    with pytest.raises(ValidationError, match="不在您的网格") as e:
        w.add_patrol(PatrolInput(households[G2], TODAY, "了解情况"))
    assert e.value.field == "户"
    with pytest.raises(ValidationError, match="找不到"):
        w.add_patrol(PatrolInput("nope", TODAY, "了解情况"))
    assert counts(town) == (0, 0, 0)


def test_worklog_rules(town, households):
    w = svc(town, Role.GRID_WORKER, G1)
    with pytest.raises(ValidationError) as e:
        w.add_worklog(WorklogInput(TODAY + dt.timedelta(days=1), "明天的"))
    assert e.value.field == "日志日期"
    with pytest.raises(ValidationError) as e:
        w.add_worklog(WorklogInput(TODAY, f"身份证 {ID}"))
    assert e.value.field == "日志内容"
    w.add_worklog(WorklogInput(TODAY, "今天"))
    with pytest.raises(ValidationError, match="已经写过"):
        w.add_worklog(WorklogInput(TODAY, "又一篇"))
    svc(town, Role.GRID_WORKER, G1, "另一位网格员").add_worklog(WorklogInput(TODAY, "他的"))
    assert counts(town) == (0, 2, 0)


@pytest.mark.parametrize(("role", "unit"), [(Role.GRID_CHIEF, G1), (Role.OFFICE, C1), (Role.POLICE, G1),
                                            (Role.VIEWER, G1)])
def test_only_the_grid_worker_writes(town, households, role, unit):
    other = svc(town, role, unit)
    with pytest.raises(PermissionDenied):
        other.add_patrol(PatrolInput(households[G1], TODAY, "了解情况"))
    with pytest.raises(PermissionDenied):
        other.add_worklog(WorklogInput(TODAY, "日志"))
    assert counts(town) == (0, 0, 0)


def test_worker_of_a_community_is_refused(town, households):
    with pytest.raises(ValidationError, match="不是网格"):
        svc(town, Role.GRID_WORKER, C1).add_worklog(WorklogInput(TODAY, "日志"))


def test_chief_and_office_read_and_comment_in_scope(town, households):
    w1 = svc(town, Role.GRID_WORKER, G1, "网格员甲")
    w3 = svc(town, Role.GRID_WORKER, G3, "网格员丙")
    l1 = w1.add_worklog(WorklogInput(TODAY, "一网格日志"))
    l3 = w3.add_worklog(WorklogInput(TODAY - dt.timedelta(days=1), "友谊日志"))
    w1.add_patrol(PatrolInput(households[G1], TODAY, "走访"))
    chief = svc(town, Role.GRID_CHIEF, G1, "网格长乙")
    assert [v.id for v in chief.list_worklogs()] == [l1]
    assert len(chief.list_patrols()) == 1
    chief.comment(l1, "记录详实，继续跟进")
    with pytest.raises(ScopeError):
        chief.comment(l3, "越界")
    with pytest.raises(ScopeError):
        chief.get_worklog(l3)
    with pytest.raises(ScopeError):
        chief.list_worklogs(G3)
    office = svc(town, Role.OFFICE, TOWN, "综治中心丁")
    assert {v.id for v in office.list_worklogs()} == {l1, l3}
    office.comment(l3, "请补充问题处置情况")
    log = w1.get_worklog(l1)
    assert [(c.author, c.author_unit, c.text) for c in log.comments] == [("网格长乙", G1, "记录详实，继续跟进")]
    assert log.comment_text == "网格长乙：记录详实，继续跟进"
    # the worker reads only the own grid, and may not comment
    assert [v.id for v in w1.list_worklogs()] == [l1]
    with pytest.raises(PermissionDenied):
        w1.comment(l1, "自己批注")
    with pytest.raises(ValidationError):
        chief.comment(l1, " ")
    with pytest.raises(NotFound):
        chief.comment("missing", "x")
    assert counts(town)[2] == 2


def test_lists_filter_by_date(town, households):
    w = svc(town, Role.GRID_WORKER, G1)
    for d in range(3):
        w.add_worklog(WorklogInput(TODAY - dt.timedelta(days=d), f"第{d}天"))
    rows = w.list_worklogs(date_from=TODAY - dt.timedelta(days=1))
    assert [r.log_date for r in rows] == [TODAY, TODAY - dt.timedelta(days=1)]


def test_event_raised_from_a_patrol(town, households):
    worker = who(Role.GRID_WORKER, G1, "网格员甲")
    w = svc(town, Role.GRID_WORKER, G1, "网格员甲")
    events = EventService(town, worker, today=lambda: TODAY)
    pid = w.add_patrol(PatrolInput(households[G1], TODAY, "入户走访", "楼道堆放杂物，堵塞消防通道"))
    eid = raise_event(w, events, pid, class_code="03", subclass="0301", title="楼道堵塞")
    assert w.get_patrol(pid).event_id == eid
    with town.read() as s:
        ev = s.get(Event, eid)
        assert ev is not None
        assert (ev.unit_code, ev.source, ev.household_id, ev.place) == (G1, "01", households[G1], "测试路1号")
        assert ev.description == "楼道堆放杂物，堵塞消防通道"
    with pytest.raises(ValidationError, match="已上报"):
        raise_event(w, events, pid, class_code="03", title="再报")
    pid2 = w.add_patrol(PatrolInput(households[G1], TODAY, "入户走访"))
    with pytest.raises(ValidationError):  # bad event input: nothing reported, nothing linked
        raise_event(w, events, pid2, class_code="zz", title="坏")
    assert w.get_patrol(pid2).event_id is None


def test_summary_per_grid(town, households):
    w1 = svc(town, Role.GRID_WORKER, G1)
    w1.add_patrol(PatrolInput(households[G1], TODAY, "一"))
    w1.add_patrol(PatrolInput(households[G1], TODAY - dt.timedelta(days=1), "二"))
    w1.add_worklog(WorklogInput(TODAY, "日志"))
    svc(town, Role.GRID_WORKER, G3).add_worklog(WorklogInput(TODAY - dt.timedelta(days=40), "早"))
    office = svc(town, Role.OFFICE, TOWN)
    rows = {r.unit_code: r.as_dict() for r in office.summary()}
    assert rows[G1] == {"unit_code": G1, "patrols": 2, "households": 1, "events": 0, "worklogs": 1}
    assert rows[G3]["worklogs"] == 1 and G2 not in rows
    recent = office.summary(date_from=TODAY - dt.timedelta(days=7))
    assert [r.unit_code for r in recent] == [G1]
    with pytest.raises(ScopeError):
        svc(town, Role.GRID_CHIEF, G1).summary(G3)


def test_a_patrol_event_takes_the_office_class_table(town, households):
    """An office's subclass is accepted, a retired class refused (nothing reported, nothing linked)."""
    office = EventService(town, who(Role.OFFICE, C1), today=lambda: TODAY)
    sub = office.add_subclass("04", "楼道堆物")
    office.retire_class("05")
    w = svc(town, Role.GRID_WORKER, G1, "网格员甲")
    events = EventService(town, who(Role.GRID_WORKER, G1, "网格员甲"), today=lambda: TODAY)
    pid = w.add_patrol(PatrolInput(households[G1], TODAY, "入户走访", "楼道堆放杂物"))
    with pytest.raises(ValidationError, match="事件类别“市政设施”已停用") as e:
        raise_event(w, events, pid, class_code="05", title="路灯不亮")
    assert e.value.field == "事件类别" and w.get_patrol(pid).event_id is None
    with town.read() as s:
        assert s.execute(select(func.count()).select_from(Event)).scalar_one() == 0
    eid = raise_event(w, events, pid, class_code="04", subclass=sub, title="楼道堆物")
    assert events.get(eid).subclass_label == "楼道堆物"
    # the form offers what the table offers for the patrol's grid (the class retired above is not among them)
    table = events.class_table(G1)
    assert "05" not in table.classes() and table.subclasses("04")[sub] == "楼道堆物"
