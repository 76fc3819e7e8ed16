"""Events (事件上报与流转): report a problem found on a grid and carry it through 受理 → 交办 → 处置 → 核查 → 结案 →
回访, with time limits in working days and supervision (督办). The rules are `gridapp.domain.events`; this service
checks permission, unit scope and input, writes steps (append-only, synced with the event) and keeps the local
fold (`event_state`) fresh for lists and counts in SQL.

Who may do what (the signed-in user's role and unit):
- report: Perm.EVENT (网格员, 网格长, 社区民警, 综治中心, 部门) in a unit of the user's scope;
- accept, return, dispatch, escalate, decide an extension, verify, close, reopen: Perm.EVENT_OFFICE at the unit
  that holds the event (the community above the grid first; the town after an escalation);
- handle and ask for an extension: Perm.EVENT within the unit it was dispatched to (a department's person only
  what was dispatched to that department);
- call back (回访): the reporting grid or a unit above it; supervise (督办): Perm.SUPERVISE above the grid.
Dispatch goes to the holder itself (or one of its departments) or a unit between the holder and the event's
grid: every row of an event is owned by the event's unit, so it reaches each installation on that path by sync
and no other.

Figures (decided here, one definition each, see docs/GLOSSARY.md): for events reported in a period,
on-time handling rate = handled within the limit / handled; first-handling closure rate = petitions (初信/初访)
closed at the first handling / petitions decided (domain.events.Rules.first_handling_closed); satisfaction rate =
(满意 + 基本满意) / called back. No denominator gives no rate.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, case, func, literal, or_, select, update
from sqlalchemy.orm import Session

from gridapp.core.errors import NotFound, ScopeError, ValidationError
from gridapp.core.ids import stable_id
from gridapp.core.orgcode import Level, ancestors, is_within, level_of
from gridapp.core.permissions import Perm, Principal, Role
from gridapp.core.views import AsDict
from gridapp.db.database import Database
from gridapp.db.models import (
    Building,
    Event,
    EventClass,
    EventLimit,
    EventPerson,
    EventPhoto,
    EventState,
    EventStep,
    Household,
    OrgUnit,
    PhotoBlob,
    Resident,
    SyncPeer,
    User,
    WorkCalendarDay,
)
from gridapp.domain import clock, fields
from gridapp.domain import events as rules
from gridapp.domain.events import Actor, ClassEntry, ClassTable, Limits, Rules, Step
from gridapp.domain.workdays import WEEKDAYS_ONLY, WorkCalendar
from gridapp.sync.changelog import ChangeWriter

from . import unitnames
from .base import ScopedService
from .indicators import event_facts, first_handling_sql
from .photos import blob_data, keep_blob, prepare_photo
from .workcalendar import calendar_for, check_day, day_id

TITLE_MAX = 100
LIMIT_MIN, LIMIT_MAX = 1, 60  # a time limit in working days: 0 would make every event overdue the day it comes
DEFAULT_CLASSES = ClassTable()  # the built-in class table (no office's entries)
EARLIEST = dt.date(2000, 1, 1)
# what each action needs in `data`, checked before the rules see it: field -> (label, required)
STEP_TEXTS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "return": (("reason", "回退原因", True),),
    "escalate": (("reason", "上报原因", True),),
    "dispatch": (("note", "交办意见", False),),
    "handle": (("feedback", "处置情况", True),),
    "extend": (("reason", "延期原因", True),),
    "extend_ok": (("opinion", "批复意见", False),),
    "extend_no": (("opinion", "不同意的理由", True),),
    "verify_ok": (("opinion", "核查意见", False),),
    "verify_back": (("opinion", "退回原因", True),),
    "close": (("outcome", "办结情况", True),),
    "callback": (("reason", "不满意原因", False), ("note", "回访情况", False)),
    "reopen": (("reason", "重新办理原因", True),),
    "supervise": (("opinion", "督办意见", True),),
    "resubmit": (("note", "补充说明", False),),
    "accept": (("note", "受理意见", False),),
}


@dataclass(frozen=True)
class EventInput:
    class_code: str
    title: str
    description: str
    place: str
    found_on: dt.date
    urgency: str = "1"
    source: str = "01"
    subclass: str | None = None
    work_order: str | None = None  # 12345 工单号 (source 04)
    unit_code: str | None = None  # the grid (default: the user's unit when it is a grid)
    building_id: str | None = None
    household_id: str | None = None
    people: tuple[str, ...] = ()  # resident ids


@dataclass(frozen=True)
class TimelineEntry(AsDict):
    action: str
    label: str
    done_on: dt.date
    actor_unit: str
    actor_name: str
    data: dict[str, Any]
    anomaly: str | None = None  # why the fold skipped this step (it contradicts an earlier one)


@dataclass(frozen=True)
class EventRow(AsDict):
    """One line of the event list."""

    id: str
    number: str
    unit_code: str
    class_label: str
    title: str
    found_on: dt.date
    urgency_label: str
    source_label: str
    status: str
    status_label: str
    holder: str
    handler: str | None
    due: dt.date | None
    timing: str  # overdue / soon / ok / ""
    supervisions: int
    red_cards: int


@dataclass(frozen=True)
class EventView:
    row: EventRow
    class_code: str
    subclass_label: str | None
    description: str
    place: str
    work_order: str | None
    reporter: str
    people: list[str]  # names (masked display is the registry's business: names only here)
    handler_dept: str | None
    pending_extension: int | None
    satisfaction_label: str | None
    first_handling: bool | None
    timeline: list[TimelineEntry]
    next_actions: list[str] = field(default_factory=list)  # what the signed-in user may do now

    def as_dict(self) -> dict[str, Any]:
        d = self.row.as_dict()
        d.update(class_code=self.class_code, subclass=self.subclass_label, description=self.description,
                 place=self.place, work_order=self.work_order, reporter=self.reporter, people=self.people,
                 handler_dept=self.handler_dept, pending_extension=self.pending_extension,
                 satisfaction=self.satisfaction_label, first_handling=self.first_handling,
                 timeline=[t.as_dict() for t in self.timeline], next_actions=self.next_actions)
        return d


@dataclass(frozen=True)
class EventAnomaly(AsDict):
    """A step made offline that contradicts the timeline it met when the installations synced (closed here,
    handled there): kept in the timeline, not counted by the fold. Shown in the sync page's conflict list and by
    `sync conflicts` with what happened and what the user can do."""

    event_id: str
    number: str
    title: str
    action: str
    action_label: str
    done_on: dt.date
    actor_unit: str
    actor_name: str
    reason: str  # the rule the step breaks where it fell in the merged timeline
    status_label: str  # the event's status as counted
    holder: str  # the unit whose office holds it now (name)
    advice: str  # what the user can do

    @property
    def what(self) -> str:
        return (f"事件 {self.number}“{self.title}”：{self.actor_unit} {self.actor_name} 于 {self.done_on.isoformat()} "
                f"离线办理的“{self.action_label}”与同步后的时间线矛盾，未计入（{self.reason}）。")

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "what": self.what}


@dataclass(frozen=True)
class PhotoView:
    id: str
    added_on: dt.date
    added_by: str
    width: int
    height: int
    thumb: bytes  # JPEG


@dataclass(frozen=True)
class EventSummary(AsDict):
    unit_code: str
    start: dt.date
    end: dt.date
    total: int
    by_class: dict[str, int]
    by_status: dict[str, int]
    handled: int
    on_time: int
    petitions_decided: int
    first_handling_closed: int
    called_back: int
    satisfied: int
    overdue: int = 0  # still open past their time limit (acceptance or handling) today

    @staticmethod
    def _rate(n: int, d: int) -> float | None:
        return None if d == 0 else n / d

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.on_time, self.handled)

    @property
    def first_handling_closure_rate(self) -> float | None:
        return self._rate(self.first_handling_closed, self.petitions_decided)

    @property
    def satisfaction_rate(self) -> float | None:
        return self._rate(self.satisfied, self.called_back)

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "on_time_rate": self.on_time_rate,
                "first_handling_closure_rate": self.first_handling_closure_rate,
                "satisfaction_rate": self.satisfaction_rate}


@dataclass(frozen=True)
class EventAgenda(AsDict):
    """What waits for the signed-in user."""

    to_accept: int
    to_handle: int
    to_verify: int
    to_close: int
    to_call_back: int
    returned: int
    overdue: int
    extensions: int


TEXT_MAX = 2000


def _text(value: object, label: str, *, required: bool = False, limit: int = TEXT_MAX) -> str | None:
    """The one free-text check (`gridapp.domain.fields.text`, shared with the other ledgers), refusing an ID
    number in any event text: people are picked from the resident records."""
    return fields.text(value if value is None or isinstance(value, str) else str(value), label, limit=limit,
                       required=required, no_id="事件")


def check_text(value: object, label: str, *, required: bool = False) -> str | None:
    """A step's text as `act` checks it (the forms check as the user types)."""
    return _text(value, label, required=required)


def check_input(data: EventInput, today: dt.date | None = None, table: ClassTable | None = None) -> dict[str, Any]:
    """The report's fields checked as `report` checks them (without the database): the cleaned values."""
    today = today or clock.today()
    (table or DEFAULT_CLASSES).check_choice(data.class_code, data.subclass or None)
    if data.urgency not in rules.URGENCY:
        raise ValidationError("紧急程度须为 一般 或 紧急。", field="紧急程度")
    if data.source not in rules.SOURCE:
        raise ValidationError(f"事件来源“{data.source}”不是有效代码。", field="事件来源")
    title = _text(data.title, "标题", required=True, limit=TITLE_MAX)
    description = _text(data.description, "事件描述", required=True)
    place = _text(data.place, "地点", required=True, limit=200)
    work_order = _text(data.work_order, "工单号", limit=40)
    if data.source == rules.HOTLINE_SOURCE and not work_order:
        raise ValidationError("12345 转办的事件须填写工单号。", field="工单号")
    if not isinstance(data.found_on, dt.date):
        raise ValidationError("请填写发现日期，例如 2026-01-31。", field="发现日期")
    if data.found_on > today:
        raise ValidationError(f"发现日期 {data.found_on} 不能晚于今天（{today}）。", field="发现日期")
    if data.found_on < EARLIEST:
        raise ValidationError(f"发现日期 {data.found_on} 太早，请检查。", field="发现日期")
    return {"class_code": data.class_code, "subclass": data.subclass or None, "title": title,
            "description": description, "place": place, "found_on": data.found_on, "urgency": data.urgency,
            "source": data.source, "work_order": work_order, "building_id": data.building_id or None,
            "household_id": data.household_id or None}


class EventService(ScopedService):
    """Events for the signed-in user (every act permission-checked, scoped and audited) or for the installation
    itself (`Principal.system`: demo data). `today` may be injected (tests): a date or a callable."""

    audit_table = "event"

    def __init__(self, db: Database, who: Principal | str, *,
                 today: dt.date | Callable[[], dt.date] | None = None):
        day = today
        super().__init__(db, who, today=(lambda: day) if isinstance(day, dt.date) else day)

    # -- helpers ---------------------------------------------------------------------------------------------
    def _rules(self, s: Session, unit: str) -> Rules:
        cal = calendar_for(s, unit)
        limits = {(r.unit_code, r.class_code): Limits(r.accept_days, r.handle_days) for r in s.execute(
            select(EventLimit).where(EventLimit.unit_code.in_([*ancestors(unit), unit]),
                                     EventLimit.deleted.is_(False))).scalars()}

        def limit(class_code: str, holder: str) -> Limits:
            for u in [holder, *reversed(ancestors(holder))]:
                if (u, class_code) in limits:
                    return limits[(u, class_code)]
            return Limits()

        return Rules(cal, limit)

    def _actor(self) -> Actor:
        p = self.principal
        dept = (p.display_name or p.username) if p.role == Role.DEPARTMENT else None
        return Actor(unit=p.unit_code, name=p.display_name or p.username, office=p.may(Perm.EVENT_OFFICE),
                     handle=p.may(Perm.EVENT), supervise=p.may(Perm.SUPERVISE), department=dept)

    def _event(self, s: Session, event_id: str) -> Event:
        row = s.get(Event, event_id)
        if row is None or row.deleted:
            raise NotFound("找不到该事件。")
        if not self.principal.covers(row.unit_code) and not self._held_here(s, row.id):
            raise ScopeError(f"该事件（{row.number}）不在您的管辖范围 {self.scope} 内。")
        return row

    def _held_here(self, s: Session, event_id: str) -> bool:
        st = s.get(EventState, event_id)
        return st is not None and (st.holder == self.scope or st.handler == self.scope)

    @staticmethod
    def _steps(s: Session, event_ids: Iterable[str]) -> dict[str, list[tuple[EventStep, Step]]]:
        out: dict[str, list[tuple[EventStep, Step]]] = {}
        ids = list(event_ids)
        for i in range(0, len(ids), 500):
            for r in s.execute(select(EventStep).where(EventStep.event_id.in_(ids[i:i + 500]),
                                                       EventStep.deleted.is_(False))).scalars():
                out.setdefault(r.event_id, []).append(
                    (r, Step(seq=(r.created_hlc, r.origin_node), action=r.action, on=r.done_on, unit=r.actor_unit,
                             name=r.actor_name, data=dict(r.data or {}))))
        return out

    def _refresh(self, s: Session, only: Iterable[str] | None = None) -> None:
        """Fold again the events whose state is stale (a trigger marks them on every write, sync included)."""
        q = select(EventState.event_id).where(EventState.stale.is_(True))
        if only is not None:
            q = q.where(EventState.event_id.in_(list(only)))
        stale = list(s.execute(q).scalars())
        if not stale:
            return
        events = {e.id: e for e in s.execute(select(Event).where(Event.id.in_(stale))).scalars()}
        steps = self._steps(s, stale)
        rules_by_unit: dict[str, Rules] = {}
        blank = {c: None for c in _STATE_COLUMNS}
        params: list[dict[str, Any]] = []
        for eid in stale:
            ev = events.get(eid)
            values: dict[str, Any] = {**blank, "b_id": eid, "stale": False, "anomalies": 0}
            if ev is not None:
                holder0 = _first_holder(ev.unit_code)
                r = rules_by_unit.get(holder0) or rules_by_unit.setdefault(holder0, self._rules(s, holder0))
                rep = r.replay([st for _, st in steps.get(eid, [])], ev.class_code)
                st = rep.state
                values["anomalies"] = len(rep.anomalies)
                if st is not None:
                    values.update(status=st.status, holder=st.holder, handler=st.handler,
                                  handler_dept=st.handler_dept, due=r.due(st), reported_on=st.reported_on,
                                  closed_on=st.closed_on, handled_on=st.handled_on, handle_due=st.handle_due,
                                  pending_extension=st.pending_extension, satisfaction=st.satisfaction,
                                  escalated=st.escalated, reopened=st.reopened, first_unit=st.first_unit,
                                  closed_by=st.closed_by, supervisions=len(st.supervisions),
                                  red_cards=sum(1 for x in st.supervisions if x == "3"))
            params.append(values)
        table = EventState.__table__
        # one executemany through Core: an ORM update per event would scan the session's identity map each time
        s.execute(table.update().where(table.c.event_id == bindparam("b_id")), params)  # type: ignore[attr-defined]

    def _ensure_fresh(self, only: Iterable[str] | None = None) -> None:
        with self.db.read() as s:
            q = select(EventState.event_id).where(EventState.stale.is_(True))
            if only is not None:
                q = q.where(EventState.event_id.in_(list(only)))
            if s.execute(q.limit(1)).first() is None:
                return
        with self.db.write() as s:
            self._refresh(s, only)

    def _next_number(self, s: Session, unit: str, day: dt.date) -> str:
        prefix = f"{unit[-6:]}-{day:%y%m%d}-"
        tag = _node_tag(self.db.node_id)
        n = s.execute(select(func.count()).select_from(Event).where(
            Event.unit_code == unit, Event.origin_node == self.db.node_id, Event.number.startswith(prefix))).scalar()
        return f"{prefix}{int(n or 0) + 1:02d}{tag}"

    # -- writing ---------------------------------------------------------------------------------------------
    def report(self, data: EventInput) -> str:
        """Record an event (上报) on a unit of the user's scope; returns its id. Its first step is the report, so
        the community above the grid holds it for acceptance."""
        self.principal.require(Perm.EVENT)
        with self.db.read() as s0:
            table = self._class_table(s0, data.unit_code or self.scope)
        values = check_input(data, self.today(), table)
        if data.class_code == rules.DISPUTE_CLASS:
            raise ValidationError("矛盾纠纷登记在矛盾纠纷台账（一件纠纷只有一条记录），请用“登记为矛盾纠纷”"
                                  "（services.event_disputes.report_dispute）。", field="事件类别")
        with self.db.write() as s:
            unit_code = data.unit_code or self.scope
            self.principal.require_scope(unit_code, "事件所在单位")
            unit = s.execute(select(OrgUnit).where(OrgUnit.code == unit_code, OrgUnit.deleted.is_(False))).scalar()
            if unit is None:
                raise NotFound(f"单位 {unit_code} 不存在。", field="网格")
            if unit.level == Level.CITY.value:
                raise ValidationError("事件须发生在区县及以下的单位。", field="网格")
            where: tuple[tuple[str, type[Building] | type[Household], str], ...] = (
                ("building_id", Building, "楼栋"), ("household_id", Household, "户"))
            for fld, model, label in where:
                rid = getattr(data, fld)
                if rid:
                    row: Any = s.get(model, rid)
                    if row is None or row.deleted or not is_within(row.unit_code, unit_code):
                        raise ValidationError(f"所选{label}不在 {unit_code} 内。", field=label)
            people: list[Resident] = []
            for rid in dict.fromkeys(data.people):
                res = s.get(Resident, rid)
                if res is None or res.deleted or not self.principal.covers(res.unit_code):
                    raise ValidationError("涉及人员须从您管辖范围内的居民档案中选择。", field="涉及人员")
                people.append(res)
            w = ChangeWriter(self.db, s)
            event_id = w.insert(Event, {**values, "unit_code": unit_code,
                                        "number": self._next_number(s, unit_code, data.found_on),
                                        "reporter": self.principal.display_name or self.principal.username})
            for res in people:
                w.insert(EventPerson, {"unit_code": unit_code, "event_id": event_id, "resident_id": res.id})
            r = self._rules(s, _first_holder(unit_code))
            step = Step(seq=(0, ""), action="report", on=self.today(), unit=self.scope,
                        name=self.principal.display_name or self.principal.username,
                        data={"grid": unit_code, "source": values["source"]})
            r.apply(None, step, values["class_code"])
            w.insert(EventStep, {"unit_code": unit_code, "event_id": event_id, "action": "report",
                                 "done_on": self.today(), "actor_unit": self.scope, "actor_name": step.name,
                                 "data": dict(step.data)})
            ev = s.get(Event, event_id)
            assert ev is not None
            self._audit(s, "create", ev.id, ev.unit_code, {"number": ev.number})
            self._refresh(s, [event_id])
            return event_id

    def people_names(self, resident_ids: Iterable[str]) -> list[str]:
        """The names of residents picked for an event (each in the user's scope, else refused)."""
        self.principal.require(Perm.EVENT)
        names: list[str] = []
        with self.db.read() as s:
            for rid in dict.fromkeys(resident_ids):
                res = s.get(Resident, rid)
                if res is None or res.deleted or not self.principal.covers(res.unit_code):
                    raise ValidationError("涉及人员须从您管辖范围内的居民档案中选择。", field="涉及人员")
                names.append(res.name)
        return names

    def act(self, event_id: str, action: str, **data: Any) -> None:
        """Take one step (accept, return, dispatch, escalate, handle, extend, extend_ok, extend_no, verify_ok,
        verify_back, close, callback, reopen, supervise, resubmit) on an event; refused with the rule named and
        nothing written when it is out of order, outside the user's unit or role, or its input is bad."""
        if action not in rules.ACTION or action == "report":
            raise ValidationError(f"未知的办理环节：{action}", field="环节")
        need = {"supervise": Perm.SUPERVISE}.get(action)
        if need is None:
            need = Perm.EVENT if action in ("handle", "extend", "resubmit", "callback") else Perm.EVENT_OFFICE
        self.principal.require(need)
        clean: dict[str, Any] = {}
        for key, label, required in STEP_TEXTS.get(action, ()):
            v = _text(data.get(key), label, required=required)
            if v is not None:
                clean[key] = v
        if action == "dispatch":
            to = str(data.get("to") or "").strip()
            if not to:
                raise ValidationError("请选择承办单位。", field="承办单位")
            clean["to"] = to
            dept = _text(data.get("department"), "承办部门", limit=50)
            if dept:
                clean["department"] = dept
        if action == "extend":
            days = data.get("days")
            if isinstance(days, bool) or not isinstance(days, int):
                raise ValidationError("延期天数须为整数。", field="延期天数")
            clean["days"] = days
        if action == "callback":
            sat = str(data.get("satisfaction") or "")
            if sat not in rules.SATISFACTION:
                raise ValidationError(f"满意度须为 {'、'.join(rules.SATISFACTION.values())} 之一。", field="满意度")
            clean["satisfaction"] = sat
            if sat == "3" and "reason" not in clean:
                raise ValidationError("不满意须写明原因。", field="不满意原因")
        if action == "supervise":
            level = str(data.get("level") or "1")
            if level not in rules.SUPERVISION_LEVEL:
                raise ValidationError("督办级别须为 普通、黄牌 或 红牌。", field="督办级别")
            clean["level"] = level
        with self.db.write() as s:
            ev = self._event(s, event_id)
            self._refresh(s, [ev.id])
            r = self._rules(s, _first_holder(ev.unit_code))
            rep = r.replay([st for _, st in self._steps(s, [ev.id]).get(ev.id, [])], ev.class_code)
            actor = self._actor()
            Rules.check_actor(rep.state, action, actor)
            if action == "dispatch":
                assert rep.state is not None
                self._check_dispatch(s, ev, rep.state.holder, clean)
            step = Step(seq=(2**62, ""), action=action, on=self.today(), unit=actor.unit, name=actor.name, data=clean)
            try:
                r.apply(rep.state, step, ev.class_code)
            except ValidationError as e:
                raise ValidationError(e.message, field="环节") from None
            ChangeWriter(self.db, s).insert(EventStep, {
                "unit_code": ev.unit_code, "event_id": ev.id, "action": action, "done_on": self.today(),
                "actor_unit": actor.unit, "actor_name": actor.name, "data": clean})
            self._audit(s, "edit", ev.id, ev.unit_code, {"step": action})
            self._refresh(s, [ev.id])

    def _check_dispatch(self, s: Session, ev: Event, holder: str, clean: dict[str, Any]) -> None:
        to = clean["to"]
        if not (is_within(ev.unit_code, to) and is_within(to, holder)):
            raise ValidationError(f"只能交办给本单位（{holder}）或本单位到事件所在单位（{ev.unit_code}）之间的单位。",
                                  field="承办单位")
        unit = s.execute(select(OrgUnit).where(OrgUnit.code == to, OrgUnit.deleted.is_(False))).scalar()
        if unit is None:
            raise NotFound(f"单位 {to} 不存在。", field="承办单位")
        if clean.get("department") and to != holder:
            raise ValidationError("交办给部门时，承办单位须为本单位。", field="承办部门")

    # -- reading ---------------------------------------------------------------------------------------------
    def _visible(self) -> Any:
        """Events the user may see: in the user's subtree; a department's person sees only what was dispatched
        to its department."""
        if self.principal.role == Role.DEPARTMENT:
            dept = self._actor().department
            return (EventState.handler == self.scope) & (EventState.handler_dept == dept)
        return Event.unit_code.startswith(self.scope)

    def list_ids(self, *, status: str | None = None, overdue: bool = False, mine: bool = False,
                 unit_code: str | None = None, text: str | None = None, class_code: str | None = None,
                 timing: str | None = None, sort: str = "found", descending: bool = True,
                 found_from: dt.date | None = None, found_to: dt.date | None = None) -> list[str]:
        """Ids of the events in scope, newest first (or by `sort`: found / due / status / number), filtered in
        SQL. `status` may be "open" (every status but closed); `timing`: "overdue" (red), "soon" (yellow: due
        today or on the next working day), "red_card" / "yellow_card" (supervised with that card)."""
        self._need(Perm.EVENT if self.principal.role == Role.DEPARTMENT else Perm.READ)
        self._ensure_fresh()
        if status is not None and status != "open" and status not in rules.STATUS:
            raise ValidationError(f"状态须为 {'、'.join(rules.STATUS)} 之一。", field="状态")
        if class_code is not None and class_code not in rules.EVENT_CLASS:
            raise ValidationError(f"事件类别“{class_code}”不是有效代码。", field="事件类别")
        if timing not in (None, "overdue", "soon", "red_card", "yellow_card"):
            raise ValidationError(f"时限筛选“{timing}”无效。", field="时限")
        if sort not in _SORTS:
            raise ValidationError(f"排序“{sort}”无效。", field="排序")
        with self.db.read() as s:
            # every event has its state row (a trigger makes it with the event), so the join is only made when
            # a filter or the order reads the state: the plain list then comes from ix_event_list alone
            state = (status is not None or overdue or timing is not None or mine or sort in ("due", "status")
                     or self.principal.role == Role.DEPARTMENT)
            q = select(Event.id)
            if state:
                q = q.join(EventState, EventState.event_id == Event.id)
            q = q.where(Event.deleted.is_(False), self._visible())
            if unit_code:
                self.principal.require_scope(unit_code, "单位")
                q = q.where(Event.unit_code.startswith(unit_code))
            if status == "open":
                q = q.where(EventState.status != "closed")
            elif status:
                q = q.where(EventState.status == status)
            if class_code:
                q = q.where(Event.class_code == class_code)
            if found_from is not None:
                q = q.where(Event.found_on >= found_from)
            if found_to is not None:
                q = q.where(Event.found_on <= found_to)
            if overdue or timing == "overdue":
                q = q.where(EventState.due.is_not(None), EventState.due < self.today())
            elif timing == "soon":
                # due today or on the next working day of the user's calendar (the list colours per holder)
                nxt = calendar_for(s, self.scope).add_workdays(self.today(), 1)
                q = q.where(EventState.due.is_not(None), EventState.due >= self.today(), EventState.due <= nxt)
            elif timing == "red_card":
                q = q.where(EventState.red_cards > 0, EventState.status != "closed")
            elif timing == "yellow_card":
                q = q.where(EventState.supervisions > EventState.red_cards, EventState.status != "closed")
            if mine:
                q = q.where(self._mine_clause())
            if text:
                like = f"%{text.strip()}%"
                q = q.where(or_(Event.title.like(like), Event.number.like(like), Event.place.like(like)))
            key = _SORTS[sort]
            q = q.order_by(key.desc() if descending else key.asc(),
                           Event.created_hlc.desc() if descending else Event.created_hlc.asc())
            # through the connection: tens of thousands of ids need no ORM result processing
            return list(s.connection().execute(q).scalars())

    def grids(self) -> list[tuple[str, str]]:
        """The live grids of the scope (code, label) where an event can be reported; the user's own unit first
        when it is no grid (an office reports at its own unit too)."""
        self._need(Perm.READ if self.principal.role != Role.DEPARTMENT else Perm.EVENT)
        with self.db.read() as s:
            out = list(unitnames.grid_labels(s, self.scope).items())
            if level_of(self.scope) != Level.GRID and level_of(self.scope) != Level.CITY:
                out.insert(0, (self.scope, unitnames.label_of(s, self.scope)))
            return out

    def unit_labels(self) -> dict[str, str]:
        """code → name of the units the user's events pass through (the scope, below it and above it), for
        showing holders, handlers and actors by name."""
        self._need(Perm.READ if self.principal.role != Role.DEPARTMENT else Perm.EVENT)
        with self.db.read() as s:
            rows = s.execute(select(OrgUnit.code, OrgUnit.name).where(
                or_(OrgUnit.code.startswith(self.scope), OrgUnit.code.in_(ancestors(self.scope))),
                OrgUnit.deleted.is_(False))).tuples().all()
            labels = dict(rows)
            # grids with their community in front where the scope spans several (和平社区 第1网格)
            labels.update(unitnames.grid_labels(s, self.scope, include_retired=True))
            return labels

    def dispatch_targets(self, event_id: str) -> list[tuple[str, str, str | None]]:
        """Where the holder may dispatch this event: (unit code, label, department or None): the holder itself,
        each of its departments (the department users of the holder's unit), and the units between the holder
        and the event's unit (its grid included)."""
        self._need(Perm.EVENT_OFFICE)
        self._ensure_fresh([event_id])  # the holder as folded now (sync may have brought an escalation)
        with self.db.read() as s:
            ev = self._event(s, event_id)
            st = s.get(EventState, ev.id)
            holder = (st.holder if st is not None else None) or _first_holder(ev.unit_code)
            out: list[tuple[str, str, str | None]] = [(holder, unitnames.label_of(s, holder) + "（本单位自办）", None)]
            depts = sorted({(u.display_name or u.username) for u in s.execute(select(User).where(
                User.unit_code == holder, User.role == Role.DEPARTMENT.value, User.disabled.is_(False))).scalars()}
                           # and the departments working on installations of their own, enrolled here
                           | set(s.execute(select(SyncPeer.unit_name).where(
                               SyncPeer.role == "department", SyncPeer.unit_code == holder)).scalars()))
            out += [(holder, f"{unitnames.label_of(s, holder)} · {d}", d) for d in depts]
            codes = [c for c in [*ancestors(ev.unit_code), ev.unit_code]
                     if c != holder and is_within(c, holder) and is_within(ev.unit_code, c)]
            live = set(s.execute(select(OrgUnit.code).where(OrgUnit.code.in_(codes), OrgUnit.deleted.is_(False)))
                       .scalars())
            out += [(c, unitnames.label_of(s, c), None) for c in codes if c in live]
            return out

    def _mine_clause(self) -> Any:
        me = self.scope
        clauses = []
        if self.principal.may(Perm.EVENT_OFFICE):
            clauses.append((EventState.holder == me) & EventState.status.in_(("reported", "accepted", "fed_back",
                                                                              "verified")))
            clauses.append((EventState.holder == me) & EventState.pending_extension.is_not(None))
        if self.principal.may(Perm.EVENT):
            clauses.append((EventState.status == "dispatched") & EventState.handler.is_not(None)
                           & (func.substr(literal(me), 1, func.length(EventState.handler))
                              == EventState.handler))
            clauses.append((EventState.status == "returned") & Event.unit_code.startswith(me))
            clauses.append((EventState.status == "closed") & EventState.satisfaction.is_(None)
                           & Event.unit_code.startswith(me))
        return or_(*clauses) if clauses else (Event.id.is_(None))

    def rows(self, ids: list[str]) -> list[EventRow]:
        """The list lines of these events, in the order given (ids from `list_ids`)."""
        self._need(Perm.EVENT if self.principal.role == Role.DEPARTMENT else Perm.READ)
        if not ids:
            return []
        with self.db.read() as s:
            got = {}
            calendars: dict[str, WorkCalendar] = {}  # one calendar per holding unit, not one query per row
            labels = _ClassLabels(s)
            for i in range(0, len(ids), 500):
                for ev, st in s.execute(select(Event, EventState).join(EventState, EventState.event_id == Event.id)
                                        .where(Event.id.in_(ids[i:i + 500]), Event.deleted.is_(False),
                                               self._visible())).all():
                    got[ev.id] = self._row(s, ev, st, calendars, labels)
        return [got[i] for i in ids if i in got]

    def _row(self, s: Session, ev: Event, st: EventState,
             calendars: dict[str, WorkCalendar] | None = None, labels: _ClassLabels | None = None) -> EventRow:
        status = st.status or "reported"
        timing = ""
        if st.due is not None:
            if self.today() > st.due:
                timing = "overdue"
            else:
                unit = st.holder or ev.unit_code
                cal = calendars.get(unit) if calendars is not None else None
                if cal is None:
                    cal = calendar_for(s, unit)
                    if calendars is not None:
                        calendars[unit] = cal
                timing = "soon" if cal.workdays_between(self.today(), st.due) <= 1 else "ok"
        return EventRow(id=ev.id, number=ev.number, unit_code=ev.unit_code,
                        class_label=(labels or _ClassLabels(s)).table(ev.unit_code).label(ev.class_code),
                        title=ev.title,
                        found_on=ev.found_on, urgency_label=rules.URGENCY.get(ev.urgency, ev.urgency),
                        source_label=rules.SOURCE.get(ev.source, ev.source), status=status,
                        status_label=rules.STATUS.get(status, status), holder=st.holder or "", handler=st.handler,
                        due=st.due, timing=timing, supervisions=st.supervisions or 0, red_cards=st.red_cards or 0)

    def get(self, event_id: str) -> EventView:
        """One event with its timeline (every step: who, when, what, why; a skipped contradiction marked)."""
        self._ensure_fresh([event_id])
        with self.db.read() as s:
            ev = self._event(s, event_id)
            if self.principal.role == Role.DEPARTMENT:
                st0 = s.get(EventState, ev.id)
                if st0 is None or st0.handler_dept != self._actor().department:
                    raise ScopeError("该事件未交办给您的部门。")
            else:
                self.principal.require(Perm.READ)
            st = s.get(EventState, ev.id)
            assert st is not None
            r = self._rules(s, _first_holder(ev.unit_code))
            pairs = self._steps(s, [ev.id]).get(ev.id, [])
            rep = r.replay([p for _, p in pairs], ev.class_code)
            skipped = {id(step): why for step, why in rep.anomalies}
            timeline = [TimelineEntry(p.action, rules.ACTION.get(p.action, p.action), p.on, p.unit, p.name,
                                      dict(p.data), skipped.get(id(p)))
                        for p in sorted((p for _, p in pairs), key=lambda p: p.seq)]
            names = [n for (n,) in s.execute(select(Resident.name).join(
                EventPerson, EventPerson.resident_id == Resident.id).where(EventPerson.event_id == ev.id,
                                                                           EventPerson.deleted.is_(False)))]
            nxt = []
            if rep.state is not None:
                actor = self._actor()
                for a in rules.ACTION:
                    if a == "report":
                        continue
                    try:
                        Rules.check_actor(rep.state, a, actor)
                        r.apply(rep.state, Step((2**62, ""), a, self.today(), actor.unit, actor.name,
                                                _probe_data(a, rep.state)), ev.class_code)
                    except ValidationError:
                        continue
                    nxt.append(a)
            state = rep.state
            table = self._class_table(s, ev.unit_code)
            return EventView(
                row=self._row(s, ev, st), class_code=ev.class_code,
                subclass_label=table.label(ev.subclass) if ev.subclass else None,
                description=ev.description, place=ev.place, work_order=ev.work_order, reporter=ev.reporter,
                people=names, handler_dept=st.handler_dept, pending_extension=st.pending_extension,
                satisfaction_label=rules.SATISFACTION.get(st.satisfaction or ""),
                first_handling=r.first_handling_closed(state, self.today()) if state else None,
                timeline=timeline, next_actions=nxt)

    def summary(self, start: dt.date, end: dt.date, unit_code: str | None = None) -> EventSummary:
        """Counts and rates for the events reported (found) in [start, end] in the unit's subtree."""
        unit = unit_code or self.scope
        return self.summaries(start, end, unit, lambda _u, _c: unit).get(unit) or EventSummary(
            unit, start, end, 0, {}, {}, 0, 0, 0, 0, 0, 0)

    def summaries(self, start: dt.date, end: dt.date, unit_code: str | None,
                  key: Callable[[str, str], str | None]) -> dict[str, EventSummary]:
        """`summary` in one pass for groups of the events: `key(event's unit code, class code)` names the
        group of each (None: left out), e.g. the child unit it lies in, or its class."""
        self.principal.require(Perm.STATS)
        unit = unit_code or self.scope
        self.principal.require_scope(unit, "单位")
        if end < start:
            raise ValidationError("统计期的结束日期不能早于开始日期。", field="统计期")
        self._ensure_fresh()
        today = self.today()
        with self.db.read() as s:
            table = self._class_table(s, unit)
            in_period = (Event.deleted.is_(False), Event.unit_code.startswith(unit), Event.found_on >= start,
                         Event.found_on <= end)
            conn = s.connection()  # Core: plain rows, no ORM result processing
            # one GROUP BY, one row per (unit, class, status): events, handled, on time, overdue now, called back,
            # satisfied, and of the petitions (初信/初访) those decided and those closed at the first handling, by
            # the one first-handling rule as SQL (the CASE, with its first-supervision EXISTS, is only evaluated
            # for petitions); a few thousand groups at most for a town's year, never one row per event
            handled = EventState.handled_on.is_not(None) & EventState.handle_due.is_not(None)

            def n(cond: Any) -> Any:
                return func.sum(case((cond, 1), else_=0))

            # the verdict is read once a row, into one sum: a petition decided adds 1, one closed at the first
            # handling adds _FHC_UNIT more (two aggregates of the CASE would run its EXISTS twice a petition)
            fh = first_handling_sql(event_facts(today))
            verdict = case((Event.source.in_(tuple(rules.PETITION_SOURCES)),
                            case({1: _FHC_UNIT + 1, 0: 1}, value=fh, else_=0)), else_=0)  # CASE fh WHEN: fh once
            counted = (select(Event.unit_code, Event.class_code, EventState.status, func.count(), n(handled),
                              n(handled & (EventState.handled_on <= EventState.handle_due)),
                              n(EventState.due.is_not(None) & (EventState.due < today)),
                              n(EventState.satisfaction.is_not(None) & (EventState.satisfaction != "")),
                              n(EventState.satisfaction.in_(tuple(rules.SATISFIED))),
                              func.sum(verdict))
                       .join(EventState, EventState.event_id == Event.id).where(*in_period)
                       .group_by(Event.unit_code, Event.class_code, EventState.status))
            groups: dict[str, _Tally] = {}
            for code, cls, status, total, n_handled, n_on_time, n_overdue, n_called, n_satisfied, petitions in (
                    conn.execute(counted)):
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
                n_fhc, n_decided = divmod(int(petitions or 0), _FHC_UNIT)
                g.decided += n_decided
                g.fhc += n_fhc
        return {k: EventSummary(unit if k == unit else k, start, end, sum(g.by_class.values()), dict(g.by_class),
                                dict(g.by_status), g.handled, g.on_time, g.decided, g.fhc, g.called, g.satisfied,
                                g.overdue)
                for k, g in groups.items()}

    def agenda(self) -> EventAgenda:
        """What waits for the signed-in user, counted in SQL."""
        self._ensure_fresh()
        me = self.scope
        with self.db.read() as s:
            def count(*where: Any) -> int:
                return int(s.execute(select(func.count()).select_from(Event).join(
                    EventState, EventState.event_id == Event.id).where(Event.deleted.is_(False), self._visible(),
                                                                       *where)).scalar() or 0)
            office = self.principal.may(Perm.EVENT_OFFICE)
            handle = self.principal.may(Perm.EVENT)
            mine_handler = func.substr(literal(me), 1, func.length(EventState.handler)) == EventState.handler
            return EventAgenda(
                to_accept=count(EventState.holder == me, EventState.status == "reported") if office else 0,
                to_handle=count(EventState.status == "dispatched", mine_handler) if handle else 0,
                to_verify=count(EventState.holder == me, EventState.status == "fed_back") if office else 0,
                to_close=count(EventState.holder == me, EventState.status == "verified") if office else 0,
                to_call_back=count(EventState.status == "closed", EventState.satisfaction.is_(None),
                                   Event.unit_code.startswith(me)) if handle else 0,
                returned=count(EventState.status == "returned", Event.unit_code.startswith(me)) if handle else 0,
                overdue=count(EventState.due.is_not(None), EventState.due < self.today(),
                              or_(EventState.holder == me, mine_handler)),
                extensions=count(EventState.holder == me, EventState.pending_extension.is_not(None)) if office else 0,
            )

    # -- contradictions from sync ------------------------------------------------------------------------------
    def anomalies(self) -> list[EventAnomaly]:
        """The offline steps the fold does not count (they contradict the merged timeline), for the events the
        user may see, newest first: what happened and what can be done."""
        self._need(Perm.EVENT if self.principal.role == Role.DEPARTMENT else Perm.READ)
        self._ensure_fresh()
        with self.db.read() as s:
            events = list(s.execute(select(Event).join(EventState, EventState.event_id == Event.id).where(
                Event.deleted.is_(False), EventState.anomalies > 0, self._visible())).scalars())
            if not events:
                return []
            names = dict(s.execute(select(OrgUnit.code, OrgUnit.name)).tuples().all())
            steps = self._steps(s, [e.id for e in events])
            out: list[EventAnomaly] = []
            for ev in events:
                r = self._rules(s, _first_holder(ev.unit_code))
                rep = r.replay([p for _, p in steps.get(ev.id, [])], ev.class_code)
                st = rep.state
                for step, why in rep.anomalies:
                    out.append(EventAnomaly(
                        event_id=ev.id, number=ev.number, title=ev.title, action=step.action,
                        action_label=rules.ACTION.get(step.action, step.action), done_on=step.on,
                        actor_unit=names.get(step.unit, step.unit), actor_name=step.name, reason=why,
                        status_label=rules.STATUS.get(st.status, st.status) if st else "",
                        holder=names.get(st.holder, st.holder) if st else "",
                        advice=_advice(step, st, names)))
            out.sort(key=lambda a: (a.done_on, a.number), reverse=True)
            return out

    # -- photos ------------------------------------------------------------------------------------------------
    MAX_PHOTOS = 20  # per event

    def add_photo(self, event_id: str, content: bytes) -> str:
        """Add a photo (现场照片) to an event the user may see and act on: checked (an image, at most 25 MB),
        downscaled to at most 2000 px and recompressed before it is stored. The record travels with the event
        (its bytes in the packages' photo parts, gridapp.sync.photos); its id is derived from the event and the
        content, so the same photo is never added twice. Returns its id."""
        import hashlib

        self.principal.require(Perm.EVENT)
        photo = prepare_photo(content)  # the slow part, outside the write lock
        sha = hashlib.sha256(photo.data).hexdigest()
        with self.db.write() as s:
            ev = self._event(s, event_id)
            pid = stable_id("event_photo", f"{ev.id}:{sha}")
            if s.get(EventPhoto, pid) is not None:
                raise ValidationError("这张照片已经添加到该事件。", field="照片")
            n = s.execute(select(func.count()).select_from(EventPhoto).where(
                EventPhoto.event_id == ev.id, EventPhoto.deleted.is_(False))).scalar() or 0
            if n >= self.MAX_PHOTOS:
                raise ValidationError(f"每个事件最多 {self.MAX_PHOTOS} 张照片。", field="照片")
            thumb_sha = keep_blob(s, photo, sha)
            ChangeWriter(self.db, s).insert(EventPhoto, {
                "id": pid, "unit_code": ev.unit_code, "event_id": ev.id, "added_on": self.today(),
                "added_by": self.principal.display_name or self.principal.username, "width": photo.width,
                "height": photo.height, "sha256": sha, "thumb_sha256": thumb_sha, "size": len(photo.data)})
            self._audit(s, "edit", ev.id, ev.unit_code, {"photo": pid})
            return pid

    def photos(self, event_id: str) -> list[PhotoView]:
        """The event's photos (thumbnails; empty bytes while a synced photo's thumbnail has not arrived), oldest
        first."""
        self._need(Perm.EVENT if self.principal.role == Role.DEPARTMENT else Perm.READ)
        with self.db.read() as s:
            ev = self._event(s, event_id)
            rows = s.execute(select(EventPhoto.id, EventPhoto.added_on, EventPhoto.added_by, EventPhoto.width,
                                    EventPhoto.height, PhotoBlob.thumb)
                             .outerjoin(PhotoBlob, PhotoBlob.sha256 == EventPhoto.sha256).where(
                EventPhoto.event_id == ev.id, EventPhoto.deleted.is_(False))
                .order_by(EventPhoto.created_hlc, EventPhoto.id)).all()
            return [PhotoView(pid, on, by, w, h, thumb or b"") for pid, on, by, w, h, thumb in rows]

    def photo(self, event_id: str, photo_id: str) -> bytes:
        """One photo's JPEG (NotFound while only its thumbnail has come by sync)."""
        self._need(Perm.EVENT if self.principal.role == Role.DEPARTMENT else Perm.READ)
        with self.db.read() as s:
            ev = self._event(s, event_id)
            row = s.get(EventPhoto, photo_id)
            if row is None or row.deleted or row.event_id != ev.id:
                raise NotFound("找不到该照片。")
            return blob_data(s, row.sha256)

    # -- an office's settings ----------------------------------------------------------------------------------
    def limits(self) -> list[tuple[str, str, int, int, bool]]:
        """The time limits for events the user's unit holds, one row per class: (code, name, 受理, 办理 working
        days, whether the unit set them itself rather than inheriting them from above or the defaults)."""
        self.principal.require(Perm.EVENT_OFFICE)
        with self.db.read() as s:
            rules_here = self._rules(s, self.scope)
            own = set(s.execute(select(EventLimit.class_code).where(
                EventLimit.unit_code == self.scope, EventLimit.deleted.is_(False))).scalars())
            table = self._class_table(s, self.scope)
        out = []
        for code, name in table.classes().items():
            lm = rules_here.limits(code, self.scope)
            out.append((code, name, lm.accept_days, lm.handle_days, code in own))
        return out

    def set_limit(self, class_code: str, accept_days: int, handle_days: int) -> None:
        """The office's time limits for one class, for events its unit holds (and units below without their own)."""
        self.principal.require(Perm.EVENT_OFFICE)
        if class_code not in rules.EVENT_CLASS:
            raise ValidationError(f"事件类别“{class_code}”不是有效代码。", field="事件类别")
        for label, v in (("受理时限", accept_days), ("办理时限", handle_days)):
            if isinstance(v, bool) or not isinstance(v, int) or not LIMIT_MIN <= v <= LIMIT_MAX:
                raise ValidationError(f"{label}须为 {LIMIT_MIN} 到 {LIMIT_MAX} 个工作日的整数（填了 {v}）。", field=label)
        rid = stable_id("event_limit", f"{self.scope}:{class_code}")
        with self.db.write() as s:
            self._upsert(s, EventLimit, rid, {"class_code": class_code, "accept_days": accept_days,
                                              "handle_days": handle_days}, EventLimit.class_code == class_code)
            s.execute(update(EventState).where(EventState.status.in_(tuple(rules.OPEN_STATUSES))).values(stale=True))

    def clear_limit(self, class_code: str) -> None:
        """Drop the office's own time limits for one class: it follows the unit above (or the defaults) again."""
        self.principal.require(Perm.EVENT_OFFICE)
        if class_code not in rules.EVENT_CLASS:
            raise ValidationError(f"事件类别“{class_code}”不是有效代码。", field="事件类别")
        with self.db.write() as s:
            if not self._remove(s, EventLimit, EventLimit.class_code == class_code):
                raise ValidationError(f"本单位没有单独设置“{self._class_table(s, self.scope).label(class_code)}”的时限，"
                                      "已在沿用上级或默认时限。", field="事件类别")
            s.execute(update(EventState).where(EventState.status.in_(tuple(rules.OPEN_STATUSES))).values(stale=True))

    def calendar_days(self) -> list[tuple[dt.date, bool, str | None, str, bool]]:
        """The calendar entries that apply to the user's unit, by date: (day, working, note, the unit that
        entered it, whether it is the user's own unit's entry, which it may remove)."""
        self.principal.require(Perm.EVENT_OFFICE)
        chain = [*ancestors(self.scope), self.scope]
        with self.db.read() as s:
            rows = s.execute(select(WorkCalendarDay.day, WorkCalendarDay.working, WorkCalendarDay.note,
                                    WorkCalendarDay.unit_code).where(
                WorkCalendarDay.unit_code.in_(chain), WorkCalendarDay.deleted.is_(False))
                .order_by(WorkCalendarDay.day, WorkCalendarDay.unit_code)).tuples().all()
        return [(d, bool(w), n, u, u == self.scope) for d, w, n, u in rows]

    def remove_calendar_day(self, day: dt.date) -> None:
        """Remove the office's own entry for a day: the day counts as the library (or the units above) says."""
        self.principal.require(Perm.EVENT_OFFICE)
        if not isinstance(day, dt.date):
            raise ValidationError("请填写日期，例如 2027-01-01。", field="日期")
        with self.db.write() as s:
            if not self._remove(s, WorkCalendarDay, WorkCalendarDay.day == day):
                raise ValidationError(f"本单位没有登记 {day}，无可删除。", field="日期")
            s.execute(update(EventState).where(EventState.status.in_(tuple(rules.OPEN_STATUSES))).values(stale=True))

    # -- the class table (事件分类) -------------------------------------------------------------------------
    @staticmethod
    def _classes_of(s: Session, units: list[str]) -> ClassTable:
        """The class table made of the live entries of `units` (over the built-in classes)."""
        return ClassTable(s.execute(select(EventClass.unit_code, EventClass.code, EventClass.name,
                                           EventClass.retired).where(
            EventClass.unit_code.in_(units), EventClass.deleted.is_(False))).tuples().all())

    def _class_table(self, s: Session, unit: str) -> ClassTable:
        return self._classes_of(s, [*ancestors(unit), unit])

    def class_table(self, unit_code: str | None = None) -> ClassTable:
        """The class table for the user's unit, or for a unit in scope (an event's grid): the built-in classes
        with the entries of the offices above it and its own on top."""
        self._need(Perm.EVENT if self.principal.role == Role.DEPARTMENT else Perm.READ)
        unit = unit_code or self.scope
        self.principal.require_scope(unit, "单位")
        with self.db.read() as s:
            return self._class_table(s, unit)

    def class_entries(self) -> list[ClassEntry]:
        """Every class and subclass for the user's unit, retired ones too (the office's 分类设置)."""
        return self.class_table().entries()

    def _write_class(self, s: Session, code: str, name: str, retired: bool) -> None:
        rid = stable_id("event_class", f"{self.scope}:{code}")
        w = ChangeWriter(self.db, s)
        row = s.get(EventClass, rid)
        values = {"name": name, "retired": retired}
        if row is None:
            w.insert(EventClass, {"id": rid, "unit_code": self.scope, "code": code, **values})
        else:
            w.update(EventClass, rid, {**values, "deleted": False} if row.deleted else values)
        self._audit(s, "edit", rid, self.scope, {"event_class": code, "name": name, "retired": retired},
                    table="event_class")

    @contextmanager
    def _class_edit(self, code: str) -> Iterator[tuple[Session, ClassTable, ClassEntry]]:
        """An office's change of class `code` for its unit and below: the permission, the write, the unit's
        class table and the entry (a code not in it refused)."""
        self.principal.require(Perm.EVENT_OFFICE)
        with self.db.write() as s:
            table = self._class_table(s, self.scope)
            yield s, table, self._known(table, code)

    def _known(self, table: ClassTable, code: str) -> ClassEntry:
        e = table.get(str(code or ""))
        if e is None:
            raise ValidationError(f"事件类别“{code}”不是有效代码。", field="类别代码")
        return e

    @staticmethod
    def _check_unique(table: ClassTable, parent: str | None, name: str, code: str | None) -> None:
        for e in table.entries():
            if e.parent == parent and e.name == name and e.code != code and not e.retired:
                where = f"“{table.label(parent)}”下" if parent else ""
                raise ValidationError(f"{where}已有名为“{name}”的类别（{e.code}）。", field="名称")

    def add_subclass(self, class_code: str, name: str) -> str:
        """Add a subclass under a class for the user's unit and below; returns its code (class + 2 digits)."""
        self.principal.require(Perm.EVENT_OFFICE)
        text = rules.check_class_name(name)
        with self._class_edit(class_code) as (s, table, cls):
            if cls.parent is not None:
                raise ValidationError(f"小类只能加在大类下，“{cls.name}”（{cls.code}）本身是小类。", field="类别代码")
            if not table.is_active(cls.code):
                raise ValidationError(f"“{cls.name}”已停用，不能再加小类。", field="类别代码")
            self._check_unique(table, cls.code, text, None)
            taken = s.execute(select(EventClass.code).where(EventClass.code.startswith(cls.code))).scalars()
            code = table.next_subclass_code(cls.code, taken)
            self._write_class(s, code, text, False)
            return code

    def rename_class(self, code: str, name: str) -> None:
        """Rename a class or subclass for the user's unit and below (events keep their code)."""
        self.principal.require(Perm.EVENT_OFFICE)
        text = rules.check_class_name(name)
        with self._class_edit(code) as (s, table, e):
            if e.name == text:
                raise ValidationError(f"“{e.code}”已经叫“{text}”，无需改名。", field="名称")
            self._check_unique(table, e.parent, text, e.code)
            self._write_class(s, e.code, text, e.retired and self._retired_here(s, e.code))

    def _retired_here(self, s: Session, code: str) -> bool:
        row = s.get(EventClass, stable_id("event_class", f"{self.scope}:{code}"))
        return row is not None and not row.deleted and bool(row.retired)

    def retire_class(self, code: str) -> None:
        """Retire (停用) a class or subclass for the user's unit and below: not offered for new events; old
        events keep it and its label."""
        with self._class_edit(code) as (s, table, e):
            if e.retired:
                raise ValidationError(f"“{e.name}”（{e.code}）已停用。", field="类别代码")
            if e.parent is None and len(table.classes()) <= 1:
                raise ValidationError("至少要保留一个在用的事件类别。", field="类别代码")
            self._write_class(s, e.code, e.name, True)

    def restore_class(self, code: str) -> None:
        """Bring back a class or subclass the user's unit retired (one retired by an office above stays)."""
        with self._class_edit(code) as (s, table, e):
            if not e.retired:
                raise ValidationError(f"“{e.name}”（{e.code}）没有停用。", field="类别代码")
            if not self._retired_here(s, e.code):
                raise ValidationError(f"“{e.name}”由上级单位停用，本单位不能恢复。", field="类别代码")
            up = self._classes_of(s, list(ancestors(self.scope))).get(e.code)
            if up is not None and up.retired:
                raise ValidationError(f"“{e.name}”由上级单位停用，本单位不能恢复。", field="类别代码")
            self._write_class(s, e.code, e.name, False)

    def set_calendar_day(self, day: dt.date, working: bool, note: str | None = None) -> None:
        """Enter a holiday (working=False) or a weekend day worked (True) for the user's unit and below."""
        self.principal.require(Perm.EVENT_OFFICE)
        note_v = _text(note, "说明", limit=50)
        with self.db.write() as s:
            check_day(day, working, calendar_for(s, self.scope))
            self._upsert(s, WorkCalendarDay, day_id(self.scope, day), {"day": day, "working": working, "note": note_v},
                         WorkCalendarDay.day == day)
            s.execute(update(EventState).where(EventState.status.in_(tuple(rules.OPEN_STATUSES))).values(stale=True))

    def _upsert(self, s: Session, model: Any, rid: str, values: dict[str, Any], *where: Any) -> None:
        """The unit's live row of `model` matching `where` updated, else inserted under the derived id `rid`
        (a fresh id when `rid` was removed before: a tombstone is never brought back)."""
        w = ChangeWriter(self.db, s)
        live = s.execute(select(model.id).where(model.unit_code == self.scope, model.deleted.is_(False), *where)
                         .order_by(model.id)).scalars().first()
        if live is not None:
            w.update(model, live, values)
            return
        if s.get(model, rid) is not None:
            from gridapp.core.ids import uuid7
            rid = uuid7()
        w.insert(model, {"id": rid, "unit_code": self.scope, **values})

    def _remove(self, s: Session, model: Any, *where: Any) -> int:
        """Tombstone the unit's live rows of `model` matching `where` (two made offline may both live)."""
        ids = list(s.execute(select(model.id).where(model.unit_code == self.scope, model.deleted.is_(False),
                                                    *where)).scalars())
        w = ChangeWriter(self.db, s)
        for rid in ids:
            w.delete(model, rid)
        return len(ids)

    def calendar_covers(self, year: int) -> bool:
        """Whether the holidays of `year` are known (library or an office's entries) for the user's unit."""
        with self.db.read() as s:
            return calendar_for(s, self.scope).covers(year)


def _first_holder(unit_code: str) -> str:
    """The unit that first holds an event of `unit_code`: the one above a grid; an office's own event itself."""
    if level_of(unit_code) == Level.GRID:
        return unit_code[:12]
    return unit_code


def installation_anomalies(db: Database, unit_code: str) -> list[EventAnomaly]:
    """The contradicting offline steps of every event in the installation's scope (the sync conflict list)."""
    return EventService(db, Principal.system(unit_code)).anomalies()


def _advice(step: Step, state: rules.EventState | None, names: dict[str, str]) -> str:
    """What the user can do about a step the fold skipped, in words."""
    if state is None:
        return "该事件的上报记录尚未同步到本机：下次同步后会自动计入。"
    holder = names.get(state.holder, state.holder)
    actor = names.get(step.unit, step.unit)
    status = rules.STATUS.get(state.status, state.status)
    if step.action in ("handle", "extend") and state.status == "closed":
        return (f"事件已由 {names.get(state.closed_by or '', state.closed_by or holder)} 结案，{actor} 的处置未计入。"
                f"请 {holder} 与 {actor} 核实现场：问题已解决则无需处理；问题仍在，回访时记“不满意”后可重新办理，"
                "或另行上报新事件。")
    if step.action in ("handle", "extend"):
        return (f"事件已不在 {actor} 手中（现为“{status}”，由 {holder} 持有），该处置未计入。请 {holder} 核实后按当前"
                "状态继续办理（如需，重新交办给该单位）。")
    if step.action == "callback":
        return f"回访记录与另一处的回访或重新办理矛盾，未计入。请 {holder} 核实后再按当前状态（{status}）回访。"
    return (f"{actor} 的“{rules.ACTION.get(step.action, step.action)}”与另一台电脑上已计入的步骤矛盾，未计入；"
            f"两处的记录都保留在时间线中。请 {holder} 与 {actor} 核实后，按当前状态“{status}”办理下一步。")


def _node_tag(node_id: str) -> str:
    """Two letters from the node id: numbers minted offline at two installations differ in practice."""
    n = int(stable_id("node", node_id)[:8], 16)
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return letters[n % len(letters)] + letters[(n // len(letters)) % len(letters)]


class _ClassLabels:
    """The class tables of the units a list's events lie in, from one read of the offices' entries (a handful
    of rows): an event's class reads as its own unit's offices named it."""

    def __init__(self, s: Session):
        self._rows = s.execute(select(EventClass.unit_code, EventClass.code, EventClass.name, EventClass.retired)
                               .where(EventClass.deleted.is_(False))).tuples().all()
        self._tables: dict[str, ClassTable] = {}

    def table(self, unit: str) -> ClassTable:
        if not self._rows:
            return DEFAULT_CLASSES
        t = self._tables.get(unit)
        if t is None:
            chain = {*ancestors(unit), unit}
            t = self._tables[unit] = ClassTable([r for r in self._rows if r[0] in chain])
        return t


@dataclass
class _Tally:
    by_class: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    handled: int = 0
    on_time: int = 0
    decided: int = 0
    fhc: int = 0
    called: int = 0
    satisfied: int = 0
    overdue: int = 0


_FHC_UNIT = 1 << 32  # the summary's petition sum: closed at the first handling × 2**32 + decided

_STATE_COLUMNS = ("status", "holder", "handler", "handler_dept", "due", "reported_on", "closed_on", "handled_on",
                  "handle_due", "pending_extension", "satisfaction", "escalated", "reopened", "first_unit",
                  "closed_by", "supervisions", "red_cards")
_NO_CAL = Rules(WEEKDAYS_ONLY)
_SORTS: dict[str, Any] = {"found": Event.found_on, "due": EventState.due, "status": EventState.status,
                          "number": Event.number, "class": Event.class_code}  # the verdict uses stored dates only, no calendar


def _probe_data(action: str, state: rules.EventState) -> dict[str, Any]:
    """Minimal valid input to ask the rules whether `action` is possible now (for the buttons offered)."""
    return {"to": state.holder, "feedback": "-", "days": 1, "satisfaction": "1", "level": "1", "reason": "-"}
