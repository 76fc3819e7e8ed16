"""Events (事件上报与流转): the closed loop of a problem found on a grid, as pure rules (standard library only).

发现上报 → 受理 → 交办/分拨 → 处置反馈 → 核查 → 结案 → 回访评价. An event's state is never stored as the truth: it is
the fold (`replay`) of its steps, each an append-only record of who did what, when and why. Steps made offline at
two installations merge into one timeline by their clock order; a step that no longer fits the state it meets
(closed here, handled there) is kept, skipped by the fold and reported as an anomaly, so nothing is lost and the
contradiction can be shown.

Units in the rules are org codes (core.orgcode): the event's grid, the unit whose office holds it now (`holder`:
accepts, dispatches, verifies, closes), the unit handling it (`handler`: the holder itself, a grid, a department's
unit or a unit below). Who acts is described by an `Actor` (unit code, and whether the person may act for that
unit's office, handle, or supervise); the services build it from the signed-in user's role and unit.

Time limits count working days (domain.workdays): acceptance from the report, handling from the dispatch (plus
approved extensions). `domain.indicators.first_handling_closed` is the one rule of first-handling closure, for
the events (a petition, 初信/初访, counts toward the rate: `Rules.first_handling_closed`) and the disputes alike: closed by the
first unit that took it, within its time limit, never escalated, never reopened, not supervised first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from gridapp.core.errors import ValidationError
from gridapp.core.orgcode import is_within, parent_code

from .indicators import first_handling_closed
from .workdays import WorkCalendar

# -- code tables (defaults; an office may add subclasses and change limits) -----------------------------------

EVENT_CLASS: dict[str, str] = {
    "01": "矛盾纠纷", "02": "治安隐患", "03": "安全隐患", "04": "环境卫生", "05": "市政设施", "06": "民生诉求",
    "07": "特殊人群情况", "08": "社情民意", "09": "突发事件", "99": "其他",
}
DISPUTE_CLASS = "01"  # an event of this class is (or links to) a dispute record: one concept, one record
EVENT_SUBCLASS: dict[str, dict[str, str]] = {
    "03": {"0301": "消防", "0302": "燃气", "0303": "危房", "0304": "电梯", "0399": "其他安全隐患"},
    "04": {"0401": "垃圾堆放", "0402": "污水", "0499": "其他环境卫生"},
    "05": {"0501": "道路", "0502": "路灯", "0503": "井盖", "0504": "供水供暖", "0599": "其他市政设施"},
}
CLASS_NAME_MAX = 20


@dataclass(frozen=True)
class ClassEntry:
    """One line of the class table as a unit sees it: a class ("03") or a subclass ("0302", under `parent`)."""

    code: str
    name: str
    parent: str | None = None
    retired: bool = False
    default_name: str | None = None  # the built-in name (None: a subclass an office added)
    set_by: str | None = None  # the nearest unit whose office renamed, added or retired it (None: built in)


class ClassTable:
    """The event class table (事件分类) for one unit: the built-in classes and subclasses with the entries of the
    offices above it and its own on top. An office may add subclasses under a class, rename a class or subclass
    and retire (停用) one: the nearest office's name wins; a code retired by any office on the way stays
    retired below it (a lower office cannot bring back what the office above retired). Retired entries stay in
    the table so old events keep their labels; they are only not offered for new events.

    `entries`: (unit code, code, name, retired) of the units on the path, any order (sorted here by depth)."""

    def __init__(self, entries: Iterable[tuple[str, str, str, bool]] = ()):
        lines: dict[str, ClassEntry] = {}
        for code, name in EVENT_CLASS.items():
            lines[code] = ClassEntry(code, name, None, False, name, None)
        for cls, subs in EVENT_SUBCLASS.items():
            for code, name in subs.items():
                lines[code] = ClassEntry(code, name, cls, False, name, None)
        for unit, code, name, retired in sorted(entries, key=lambda e: (len(e[0]), e[0])):
            parent = code[:2] if len(code) == 4 else None
            if len(code) not in (2, 4) or (parent is not None and parent not in EVENT_CLASS) or (
                    parent is None and code not in EVENT_CLASS):
                continue  # a malformed entry (never written by the service): ignored
            old = lines.get(code)
            lines[code] = ClassEntry(code, name or (old.name if old else code), parent,
                                     retired or (old.retired if old else False),
                                     old.default_name if old else None, unit)
        self._lines = lines

    def entries(self, *, active_only: bool = False) -> list[ClassEntry]:
        """Classes in code order, each followed by its subclasses in code order."""
        out: list[ClassEntry] = []
        for code in sorted(c for c, e in self._lines.items() if e.parent is None):
            cls = self._lines[code]
            if active_only and cls.retired:
                continue
            out.append(cls)
            out += [e for c, e in sorted(self._lines.items())
                    if e.parent == code and not (active_only and e.retired)]
        return out

    def get(self, code: str | None) -> ClassEntry | None:
        return self._lines.get(code or "")

    def label(self, code: str | None) -> str:
        """The name of a class or subclass (retired ones too: old events keep their labels); the code itself
        when unknown here."""
        e = self._lines.get(code or "")
        return e.name if e else (code or "")

    def classes(self, *, active_only: bool = True) -> dict[str, str]:
        return {e.code: e.name for e in self.entries(active_only=active_only) if e.parent is None}

    def subclasses(self, class_code: str | None, *, active_only: bool = True) -> dict[str, str]:
        return {e.code: e.name for e in self.entries(active_only=active_only) if e.parent == class_code}

    def is_active(self, code: str) -> bool:
        e = self._lines.get(code)
        if e is None or e.retired:
            return False
        return e.parent is None or self.is_active(e.parent)

    def check_choice(self, class_code: str, subclass: str | None) -> None:
        """Refuse a class or subclass a new event may not take (unknown, retired, or not under the class)."""
        if class_code not in self._lines or self._lines[class_code].parent is not None:
            raise ValidationError(f"事件类别“{class_code}”不是有效代码。", field="事件类别")
        if not self.is_active(class_code):
            raise ValidationError(f"事件类别“{self.label(class_code)}”已停用，请选择其他类别。", field="事件类别")
        if subclass:
            e = self._lines.get(subclass)
            if e is None or e.parent != class_code:
                raise ValidationError(f"“{subclass}”不是“{self.label(class_code)}”的小类。", field="小类")
            if not self.is_active(subclass):
                raise ValidationError(f"小类“{e.name}”已停用，请选择其他小类。", field="小类")

    def next_subclass_code(self, class_code: str, taken: Iterable[str] = ()) -> str:
        """A free subclass code under the class (01–98; 99 is kept for 其他), not used here nor in `taken`."""
        used = set(self._lines) | set(taken)
        for n in range(1, 99):
            code = f"{class_code}{n:02d}"
            if code not in used:
                return code
        raise ValidationError(f"“{self.label(class_code)}”下的小类已满（最多 98 个）。", field="小类")


def check_class_name(name: object) -> str:
    """A class or subclass name: 1 to CLASS_NAME_MAX characters, on one line."""
    text = str(name or "").strip()
    if not text:
        raise ValidationError("请填写类别名称。", field="名称")
    if len(text) > CLASS_NAME_MAX or "\n" in text:
        raise ValidationError(f"类别名称须为一行，不超过 {CLASS_NAME_MAX} 个字。", field="名称")
    return text


URGENCY: dict[str, str] = {"1": "一般", "2": "紧急"}
SOURCE: dict[str, str] = {
    "01": "网格员巡查发现", "02": "群众来访", "03": "来电", "04": "12345 转办", "05": "信访（初信）", "06": "信访（初访）",
    "07": "上级交办",
}
PETITION_SOURCES = frozenset({"05", "06"})  # 初信/初访: count toward the first-handling closure rate
HOTLINE_SOURCE = "04"  # needs its work-order number
SATISFACTION: dict[str, str] = {"1": "满意", "2": "基本满意", "3": "不满意"}
SATISFIED = frozenset({"1", "2"})
SUPERVISION_LEVEL: dict[str, str] = {"1": "普通", "2": "黄牌", "3": "红牌"}

STATUS: dict[str, str] = {
    "reported": "待受理", "returned": "已回退", "accepted": "已受理", "dispatched": "办理中", "fed_back": "待核查",
    "verified": "待结案", "closed": "已结案",
}
OPEN_STATUSES = frozenset(STATUS) - {"closed"}

ACTION: dict[str, str] = {
    "report": "上报", "resubmit": "重新上报", "accept": "受理", "return": "回退", "dispatch": "交办",
    "escalate": "上报上级", "handle": "处置反馈", "extend": "申请延期", "extend_ok": "同意延期", "extend_no": "不同意延期",
    "verify_ok": "核查通过", "verify_back": "核查退回", "close": "结案", "callback": "回访", "reopen": "重新办理",
    "supervise": "督办",
}

DEFAULT_ACCEPT_DAYS = 1  # 受理时限 (working days from the report)
DEFAULT_HANDLE_DAYS = 5  # 办理时限 (working days from the dispatch)
MAX_EXTENSION_DAYS = 30


@dataclass(frozen=True)
class Limits:
    """Time limits in working days for one class at one level."""

    accept_days: int = DEFAULT_ACCEPT_DAYS
    handle_days: int = DEFAULT_HANDLE_DAYS


@dataclass(frozen=True)
class Actor:
    """Who takes a step: a person at `unit`. `office`: may act for that unit's office (accept, dispatch, verify,
    close); `handle`: may handle what is dispatched to the unit (grid workers, departments, offices);
    `supervise`: may supervise open events below the unit."""

    unit: str
    name: str
    office: bool = False
    handle: bool = False
    supervise: bool = False
    department: str | None = None  # a department's person (部门): handles only what is dispatched to it


@dataclass(frozen=True)
class Step:
    """One step of an event's timeline. `seq` orders steps (the sync clock: HLC, then node); `on` is the China
    date it was done; `data` carries the step's fields (reason, target unit, days, satisfaction, …)."""

    seq: tuple[int, str]
    action: str
    on: dt.date
    unit: str  # the acting person's unit
    name: str  # the acting person
    data: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class EventState:
    status: str
    grid: str  # where it happened (the reporting grid)
    reporter_unit: str
    holder: str  # the unit whose office holds it now
    handler: str | None = None
    handler_dept: str | None = None  # a department of the handler unit, when dispatched to one
    source: str = "01"
    reported_on: dt.date | None = None
    accept_due: dt.date | None = None
    accepted_on: dt.date | None = None
    first_unit: str | None = None  # the first unit that accepted it
    dispatched_on: dt.date | None = None
    handle_due: dt.date | None = None
    extension_days: int = 0
    pending_extension: int | None = None  # days asked, awaiting the dispatcher
    handled_on: dt.date | None = None
    closed_on: dt.date | None = None
    closed_by: str | None = None
    escalated: bool = False
    reopened: bool = False
    satisfaction: str | None = None
    supervisions: tuple[str, ...] = ()  # levels, in order
    first_supervised_on: dt.date | None = None  # the first 督办 (a supervision before the handling: no
    #                                            first-handling closure)
    last_step_on: dt.date | None = None


@dataclass
class Replay:
    state: EventState | None
    anomalies: list[tuple[Step, str]]


class Rules:
    """The flow with its calendar and limits. `limits(class_code, holder_unit)` gives the time limits."""

    def __init__(self, calendar: WorkCalendar, limits: Callable[[str, str], Limits] | None = None):
        self.calendar = calendar
        self.limits = limits or (lambda _cls, _unit: Limits())

    # -- the fold -----------------------------------------------------------------------------------------------

    def replay(self, steps: Iterable[Step], class_code: str) -> Replay:
        """The state after the steps in clock order; steps that do not fit are kept out and named."""
        state: EventState | None = None
        anomalies: list[tuple[Step, str]] = []
        for step in sorted(steps, key=lambda s: s.seq):
            try:
                state = self.apply(state, step, class_code)
            except ValidationError as e:
                anomalies.append((step, e.message))
        return Replay(state, anomalies)

    def apply(self, state: EventState | None, step: Step, class_code: str) -> EventState:
        """The state after one step, or ValidationError naming the rule the step breaks (nothing changes)."""
        a, d = step.action, step.data
        if a not in ACTION:
            raise ValidationError(f"未知的办理环节：{a}")
        if state is None:
            if a != "report":
                raise ValidationError("事件尚未上报，不能" + ACTION[a])
            grid = str(d.get("grid") or step.unit)
            holder = parent_code(grid) or grid
            source = str(d.get("source") or "01")
            limits = self.limits(class_code, holder)
            return EventState(status="reported", grid=grid, reporter_unit=step.unit, holder=holder, source=source,
                              reported_on=step.on, accept_due=self.calendar.add_workdays(step.on, limits.accept_days),
                              last_step_on=step.on)
        if a == "report":
            raise ValidationError("事件已上报，不能重复上报")
        if step.on < (state.reported_on or step.on):
            raise ValidationError(f"{ACTION[a]}日期 {step.on.isoformat()} 早于上报日期 {state.reported_on}")
        s = replace(state, last_step_on=step.on)
        st = state.status
        if a == "supervise":
            if st == "closed":
                raise ValidationError("事件已结案，不能督办")
            level = str(d.get("level") or "1")
            if level not in SUPERVISION_LEVEL:
                raise ValidationError(f"督办级别须为 {'、'.join(SUPERVISION_LEVEL.values())} 之一")
            return replace(s, supervisions=(*state.supervisions, level),
                           first_supervised_on=state.first_supervised_on or step.on)
        if a == "resubmit":
            self._need(st, ("returned",), a)
            limits = self.limits(class_code, state.holder)
            return replace(s, status="reported", accept_due=self.calendar.add_workdays(step.on, limits.accept_days))
        if a == "accept":
            self._need(st, ("reported",), a)
            return replace(s, status="accepted", accepted_on=step.on, first_unit=state.first_unit or state.holder)
        if a == "return":
            self._need(st, ("reported",), a)
            return replace(s, status="returned")
        if a == "escalate":
            self._need(st, ("reported", "accepted"), a)
            up = parent_code(state.holder)
            if up is None:
                raise ValidationError("已是最高一级，不能再上报")
            limits = self.limits(class_code, up)
            return replace(s, status="reported", holder=up, handler=None, handler_dept=None, escalated=True,
                           accept_due=self.calendar.add_workdays(step.on, limits.accept_days))
        if a == "dispatch":
            self._need(st, ("accepted",), a)
            to = str(d.get("to") or "")
            if not to:
                raise ValidationError("交办须指定承办单位")
            if not is_within(to, state.holder):
                raise ValidationError(f"承办单位 {to} 不在 {state.holder} 的范围内")
            dept = str(d.get("department") or "").strip() or None
            limits = self.limits(class_code, state.holder)
            return replace(s, status="dispatched", handler=to, handler_dept=dept, dispatched_on=step.on,
                           extension_days=0,
                           pending_extension=None,
                           handle_due=self.calendar.add_workdays(step.on, limits.handle_days))
        if a == "extend":
            self._need(st, ("dispatched",), a)
            if state.pending_extension is not None:
                raise ValidationError("已有一项延期申请待批复")
            days = _int(d.get("days"), "延期天数")
            if not 1 <= days <= MAX_EXTENSION_DAYS:
                raise ValidationError(f"延期天数须在 1 到 {MAX_EXTENSION_DAYS} 个工作日之间")
            return replace(s, pending_extension=days)
        if a in ("extend_ok", "extend_no"):
            if state.pending_extension is None:
                raise ValidationError("没有待批复的延期申请")
            if a == "extend_no":
                return replace(s, pending_extension=None)
            total = state.extension_days + state.pending_extension
            limits = self.limits(class_code, state.holder)
            assert state.dispatched_on is not None
            return replace(s, pending_extension=None, extension_days=total,
                           handle_due=self.calendar.add_workdays(state.dispatched_on, limits.handle_days + total))
        if a == "handle":
            self._need(st, ("dispatched",), a)
            if not str(d.get("feedback") or "").strip():
                raise ValidationError("处置反馈须写明处置情况")
            return replace(s, status="fed_back", handled_on=step.on, pending_extension=None)
        if a == "verify_ok":
            self._need(st, ("fed_back",), a)
            return replace(s, status="verified")
        if a == "verify_back":
            self._need(st, ("fed_back",), a)
            return replace(s, status="dispatched")
        if a == "close":
            self._need(st, ("verified",), a)
            return replace(s, status="closed", closed_on=step.on, closed_by=state.holder)
        if a == "callback":
            self._need(st, ("closed",), a)
            if state.satisfaction is not None:
                raise ValidationError("已回访，不能重复回访")
            sat = str(d.get("satisfaction") or "")
            if sat not in SATISFACTION:
                raise ValidationError(f"满意度须为 {'、'.join(SATISFACTION.values())} 之一")
            if sat == "3" and not str(d.get("reason") or "").strip():
                raise ValidationError("不满意须写明原因")
            return replace(s, satisfaction=sat)
        if a == "reopen":
            self._need(st, ("closed",), a)
            if state.satisfaction != "3":
                raise ValidationError("只有回访不满意的事件可以重新办理")
            return replace(s, status="accepted", reopened=True, closed_on=None, closed_by=None, satisfaction=None,
                           handler=None, handler_dept=None)
        raise ValidationError(f"未知的办理环节：{a}")  # pragma: no cover - ACTION covers every branch

    @staticmethod
    def _need(status: str, allowed: tuple[str, ...], action: str) -> None:
        if status not in allowed:
            need = "、".join(STATUS[x] for x in allowed)
            raise ValidationError(f"事件当前为“{STATUS[status]}”，不能{ACTION[action]}（须为{need}）")

    # -- who may act --------------------------------------------------------------------------------------------

    @staticmethod
    def check_actor(state: EventState | None, action: str, actor: Actor) -> None:
        """Refuse a step by someone outside the unit or the role (the services also check permissions)."""
        if action == "report":
            if not actor.handle and not actor.office:
                raise ValidationError("只有网格员、网格长、社区民警和综治中心工作人员可以上报事件")
            return
        assert state is not None
        if action in ("resubmit",):
            if not is_within(actor.unit, state.reporter_unit):
                raise ValidationError("只有上报方可以重新上报")
            return
        if action in ("accept", "return", "dispatch", "escalate", "extend_ok", "extend_no", "verify_ok",
                      "verify_back", "close", "reopen"):
            if not actor.office or actor.department is not None or actor.unit != state.holder:
                raise ValidationError(f"只有 {state.holder} 的综治中心可以{ACTION[action]}")
            return
        if action in ("handle", "extend"):
            handler = state.handler or ""
            who = handler + (f"（{state.handler_dept}）" if state.handler_dept else "")
            if state.handler_dept:
                ok = actor.department == state.handler_dept and actor.unit == handler
            else:
                ok = actor.handle and actor.department is None and bool(handler) and is_within(actor.unit, handler)
            if not ok:
                raise ValidationError(f"只有承办单位 {who or '（未交办）'} 可以{ACTION[action]}")
            return
        if action == "callback":
            if not is_within(state.grid, actor.unit):
                raise ValidationError("回访由上报网格或其上级单位进行")
            return
        if action == "supervise":
            if not actor.supervise or actor.unit == state.grid or not is_within(state.grid, actor.unit):
                raise ValidationError("督办须由事件所在网格的上级单位进行")
            return
        raise ValidationError(f"未知的办理环节：{action}")

    # -- time ---------------------------------------------------------------------------------------------------

    def due(self, state: EventState) -> dt.date | None:
        """The date the current stage must be done by (acceptance or handling), or None when nothing is due."""
        if state.status == "reported":
            return state.accept_due
        if state.status == "dispatched":
            return state.handle_due
        return None

    def timing(self, state: EventState, today: dt.date) -> str:
        """"overdue" (red), "soon" (yellow: due today or on the next working day), "ok", or "" when nothing is due."""
        due = self.due(state)
        if due is None:
            return ""
        if today > due:
            return "overdue"
        return "soon" if self.calendar.workdays_between(today, due) <= 1 else "ok"

    def on_time(self, state: EventState) -> bool | None:
        """Handled within the handling limit (extensions included); None if not handled yet."""
        if state.handled_on is None or state.handle_due is None:
            return None
        return state.handled_on <= state.handle_due

    def first_handling_closed(self, state: EventState, today: dt.date) -> bool | None:
        """For a petition (初信/初访), the first-handling closure of the event (`domain.indicators.first_handling_closed`:
        the one rule, shared with the disputes): closed by the first unit that accepted it, handled within its
        time limit, never escalated, never reopened, not supervised before it was handled. None when the event
        is no petition (it does not count)."""
        if state.source not in PETITION_SOURCES:
            return None
        return first_handling_closed(event_first_handling_facts(
            status=state.status, handled_on=state.handled_on, handle_due=state.handle_due, escalated=state.escalated,
            reopened=state.reopened, closed_by=state.closed_by, first_unit=state.first_unit,
            first_supervised_on=state.first_supervised_on, today=today))


def event_first_handling_facts(*, status: str | None, handled_on: dt.date | None, handle_due: dt.date | None,
                               escalated: bool | None, reopened: bool | None, closed_by: str | None,
                               first_unit: str | None, first_supervised_on: dt.date | None,
                               today: dt.date) -> dict[str, bool]:
    """A petition event's facts for the shared first-handling rule (domain.indicators.first_handling_closed); the
    SQL form is services.indicators.event_facts. A supervision (督办) on or before the handling counts as
    escalated, as it does for disputes."""
    supervised = first_supervised_on is not None and first_supervised_on <= (handled_on or today)
    return {
        "escalated": bool(escalated) or supervised,
        "reopened": bool(reopened),
        "overdue": handle_due is not None and handled_on is None and today > handle_due,
        "open": status != "closed",
        "closed_ok": (closed_by == first_unit and handled_on is not None and handle_due is not None
                      and handled_on <= handle_due),
    }


def _int(value: object, label: str) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise ValidationError(f"{label}须为整数") from None
