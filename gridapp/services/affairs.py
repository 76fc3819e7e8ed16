"""The affair list (网格事务清单) and the admission workflow (工作事项准入).

A department applies to the grid body of its own level (a town or a community); that unit's approvers
review (approve with an opinion, or reject with a reason), publish the item for at least
`MIN_PUBLICITY_DAYS` days and admit it once the publicity period has ended. An urgent temporary item is
admitted with the grid body's consent (the approval) for a stated period, without publicity, and lapses at
the end of it. An admitted item is never edited in place: an adjustment is a new item (`replaces_id`) that
runs the same workflow while the old version stays in force; when it is admitted the old one ends the day
before. An item can be withdrawn (退出) from a date on.

`in_force(unit, on)` is the rule's base: the admitted items in force for a unit on a day, its own and those
of the units above it. Dates are local dates; `today` is injectable for tests and for the demo's history.
Every step is checked, scoped, audited and written to `affair_step` (the history users see at every level).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from gridapp.core import codes
from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.orgcode import Level, ancestors, is_within, level_of
from gridapp.core.permissions import Perm, Principal
from gridapp.core.progress import Progress
from gridapp.db.database import Database
from gridapp.db.models import AffairItem, AffairStep, OrgUnit
from gridapp.domain import clock
from gridapp.domain.affairs import (
    FIELD_LABELS,
    MIN_PUBLICITY_DAYS,
    AffairInput,
    validate_affair,
)
from gridapp.sync.changelog import ChangeWriter

from . import audit, paging
from .base import DatedView, ScopedService

ADMITTING_LEVELS = (Level.TOWN, Level.COMMUNITY)  # the grid bodies that keep an affair list

PENDING = ("applied", "reviewed", "published")
ONCE_ADMITTED = ("admitted", "adjusted", "withdrawn")  # the states whose in-force period may cover a day
ACTIONS = {
    "apply": "申请", "edit": "修改申请", "approve": "审核通过", "reject": "驳回", "publish": "公示",
    "admit": "准入", "adjust": "申请调整", "adjusted": "被调整版本取代", "withdraw": "退出",
    "cancel": "撤回申请",
}


today_china = clock.today  # kept for callers not yet moved to gridapp.domain.clock.today


@dataclass(frozen=True)
class AffairView(DatedView):
    id: str
    unit_code: str
    name: str
    department: str
    basis: str | None
    duty: str | None
    frequency: str | None
    frequency_label: str
    deadline_days: int | None
    required_data: str | None
    temporary: bool
    valid_from: dt.date | None
    valid_to: dt.date | None
    status: str
    status_label: str  # as a person reads it today (公示期满, 已到期, 退出日期 ...)
    opinion: str | None
    publicity_from: dt.date | None
    publicity_to: dt.date | None
    in_force_from: dt.date | None
    in_force_to: dt.date | None
    replaces_id: str | None
    applied_by: str
    applied_on: dt.date
    reviewed_by: str | None
    reviewed_on: dt.date | None
    admitted_by: str | None
    withdrawn_on: dt.date | None
    withdraw_reason: str | None
    unit_name: str = ""  # the name of the unit whose list it is


@dataclass(frozen=True)
class StepView:
    action: str
    action_label: str
    status: str
    status_label: str
    at: str
    on_date: dt.date
    username: str
    role: str | None
    note: str | None


def status_label(item: AffairItem, today: dt.date) -> str:
    base = codes.label("affair_status", item.status)
    if item.status == "published" and item.publicity_to is not None and today > item.publicity_to:
        return "公示期满"
    if item.status == "admitted" and item.in_force_to is not None and today > item.in_force_to:
        return "已到期" if item.temporary else base
    if item.status == "admitted" and item.in_force_from is not None and today < item.in_force_from:
        return "已准入（未生效）"
    if item.status == "withdrawn" and item.withdrawn_on is not None and today < item.withdrawn_on:
        return f"{item.withdrawn_on.isoformat()} 起退出"
    return base


def _view(item: AffairItem, today: dt.date, names: dict[str, str] | None = None) -> AffairView:
    return AffairView(
        unit_name=(names or {}).get(item.unit_code, item.unit_code),
        id=item.id, unit_code=item.unit_code, name=item.name, department=item.department, basis=item.basis,
        duty=item.duty, frequency=item.frequency, frequency_label=codes.label("affair_frequency", item.frequency),
        deadline_days=item.deadline_days, required_data=item.required_data, temporary=bool(item.temporary),
        valid_from=item.valid_from, valid_to=item.valid_to, status=item.status,
        status_label=status_label(item, today), opinion=item.opinion, publicity_from=item.publicity_from,
        publicity_to=item.publicity_to, in_force_from=item.in_force_from, in_force_to=item.in_force_to,
        replaces_id=item.replaces_id, applied_by=item.applied_by, applied_on=item.applied_on,
        reviewed_by=item.reviewed_by, reviewed_on=item.reviewed_on, admitted_by=item.admitted_by,
        withdrawn_on=item.withdrawn_on, withdraw_reason=item.withdraw_reason)


class AffairService(ScopedService):
    """The affair list's rules. `who` is the signed-in user (`Principal`), or a unit code for the
    installation acting for itself (demo data, tests): then no permission applies and no audit is written,
    but the unit rules still do."""

    def __init__(self, db: Database, who: str | Principal, *, today: Callable[[], dt.date] | None = None,
                 actor: str | None = None):
        super().__init__(db, who, today=today, actor=actor)

    # -- helpers ----------------------------------------------------------------------------------
    def _visible(self, code: str) -> bool:
        """An item is visible in its own unit's subtree (the grids below it) and to the levels above it."""
        return is_within(code, self.scope) or is_within(self.scope, code)

    def _item(self, s, item_id: str) -> AffairItem:
        item = s.get(AffairItem, item_id)
        if item is not None and not item.deleted and is_within(self.scope, item.unit_code):  # a list from above
            return item
        return self._live(s, AffairItem, item_id, "事项", hide=True)

    def _own(self, item: AffairItem, what: str) -> None:
        """Workflow acts on an item belong to the grid body whose list it is."""
        if item.unit_code != self.scope:
            raise ScopeError(f"事项“{item.name}”属于单位 {item.unit_code} 的事项清单，只有该单位可以{what}。")

    def _step(self, s, w: ChangeWriter, item: AffairItem, action: str, note: str | None = None,
              on: dt.date | None = None) -> None:
        w.insert(AffairStep, {
            "unit_code": item.unit_code, "item_id": item.id, "action": action, "status": item.status,
            "at": audit.now_utc(), "on_date": on or self.today(), "username": self._username,
            "role": None if self.principal.is_system else self.principal.role.value, "note": note})
        self._audit(s, "create" if action == "apply" else "approve"
                    if action in ("approve", "reject", "publish", "admit", "withdraw") else "edit",
                    item.id, item.unit_code, {"affair": action, "name": item.name, **({"note": note} if note else {})},
                    table="affair_item", writer=w)

    @staticmethod
    def _refuse_state(item: AffairItem, action: str, allowed: tuple[str, ...]) -> None:
        if item.status not in allowed:
            need = "、".join(codes.label("affair_status", a) for a in allowed)
            raise ValidationError(f"事项“{item.name}”当前为“{codes.label('affair_status', item.status)}”，"
                                  f"不能{action}（只有{need}的事项可以{action}）。")

    def _write(self, s, item: AffairItem, changes: dict[str, Any], action: str,
               note: str | None = None, w: ChangeWriter | None = None) -> None:
        w = w or ChangeWriter(self.db, s)
        w.update(AffairItem, item.id, changes)
        self._step(s, w, item, action, note)

    # -- reading ----------------------------------------------------------------------------------
    # the affair list's orders (AffairsPage's header): key -> columns, each ending with the item's id
    LEDGER_SORTS: dict[str, tuple] = {
        "applied": (AffairItem.applied_on,), "name": (AffairItem.name, AffairItem.applied_on),
        "department": (AffairItem.department, AffairItem.applied_on), "unit": (AffairItem.unit_code, AffairItem.name),
        "frequency": (AffairItem.frequency, AffairItem.name), "status": (AffairItem.status, AffairItem.name)}

    def _list_where(self, status: str | None, query: str | None, in_force_on: dt.date | None) -> list:
        """The conditions of the list's filters: visible here, the status, the search text, and in force on a
        day (an admitted version whose in-force period covers it, both ends inclusive)."""
        self._touch()
        if status is not None and status not in codes.AFFAIR_STATUS:
            raise ValidationError(f"状态“{status}”无效；可选：{'、'.join(codes.AFFAIR_STATUS)}。", field="状态")
        up = [*ancestors(self.scope), self.scope] if len(self.scope) > 4 else [self.scope]
        where = [AffairItem.deleted.is_(False), or_(AffairItem.unit_code.startswith(self.scope, autoescape=True),
                                                    AffairItem.unit_code.in_(up))]
        if status is not None:
            where.append(AffairItem.status == status)
        if query and query.strip():
            like = f"%{query.strip()}%"
            where.append(or_(AffairItem.name.like(like), AffairItem.department.like(like)))
        if in_force_on is not None:
            where += [AffairItem.status.in_(ONCE_ADMITTED), AffairItem.in_force_from.is_not(None),
                      AffairItem.in_force_from <= in_force_on,
                      or_(AffairItem.in_force_to.is_(None), AffairItem.in_force_to >= in_force_on)]
        return where

    def list(self, *, status: str | None = None, query: str | None = None,
             in_force_on: dt.date | None = None) -> list[AffairView]:
        """The items visible here (this unit's subtree and the units above it), newest application first."""
        where = self._list_where(status, query, in_force_on)
        today = self.today()
        with self.db.read() as s:
            rows = s.execute(select(AffairItem).where(*where)
                             .order_by(AffairItem.applied_on.desc(), AffairItem.id.desc())).scalars().all()
            names = self._names(s, {r.unit_code for r in rows})
            return [_view(r, today, names) for r in rows]

    def ledger_ids(self, *, status: str | None = None, query: str | None = None, in_force_on: dt.date | None = None,
                   sort: str = "applied", descending: bool = True, progress: Progress | None = None) -> list[str]:
        """The ids of the whole list (the filters of `list`) in the order `sort` (a key of LEDGER_SORTS), for
        the GUI's lazy table: its length is the count. Rows: `ledger_rows`."""
        stmt = select(AffairItem.id).where(*self._list_where(status, query, in_force_on)).order_by(
            *paging.order_by(self.LEDGER_SORTS, sort, descending, AffairItem.id))
        with self.db.read() as s:
            return paging.read_ids(s, stmt, progress)

    def ledger_rows(self, ids: Sequence[str]) -> list[AffairView | None]:
        """The items with these ids (from `ledger_ids`) in the given order; None where one was removed or is
        not visible here."""
        self._touch()
        today = self.today()
        with self.db.read() as s:
            rows = paging.live_rows(s, AffairItem, ids, self._visible)
            names = self._names(s, {r.unit_code for r in rows})
            return paging.in_order(ids, {r.id: _view(r, today, names) for r in rows})

    @staticmethod
    def _names(s, codes_: set[str]) -> dict[str, str]:
        if not codes_:
            return {}
        return dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.code.in_(codes_), OrgUnit.deleted.is_(False))).all())

    def get(self, item_id: str) -> AffairView:
        self._touch()
        with self.db.read() as s:
            item = self._item(s, item_id)
            return _view(item, self.today(), self._names(s, {item.unit_code}))

    def history(self, item_id: str) -> list[StepView]:
        """The item's workflow steps in order, with those of the version it adjusts before them."""
        self._touch()
        with self.db.read() as s:
            item = self._item(s, item_id)
            ids = [item.id]
            if item.replaces_id:
                ids.insert(0, item.replaces_id)
            rows = s.execute(select(AffairStep).where(AffairStep.item_id.in_(ids), AffairStep.deleted.is_(False))
                             .order_by(AffairStep.created_hlc)).scalars().all()
            return [StepView(r.action, ACTIONS.get(r.action, r.action), r.status,
                             codes.label("affair_status", r.status), r.at, r.on_date, r.username, r.role, r.note)
                    for r in rows]

    def in_force(self, unit_code: str, on: dt.date | None = None) -> list[AffairView]:
        """The admitted items in force for `unit_code` on the day `on`: those of the unit itself and of
        every unit above it. Exact on both ends: a temporary item on its first and last day, an item on its
        admission day, not on its withdrawal date, an adjusted item up to the day before its new version
        took effect."""
        self._touch()
        level_of(unit_code)
        if not is_within(unit_code, self.scope):
            raise ScopeError(f"单位 {unit_code} 不在本单位 {self.scope} 的范围内。")
        on = on or self.today()
        units = [*ancestors(unit_code), unit_code]
        with self.db.read() as s:
            rows = s.execute(select(AffairItem).where(
                AffairItem.deleted.is_(False), AffairItem.unit_code.in_(units),
                AffairItem.status.in_(ONCE_ADMITTED), AffairItem.in_force_from <= on,
                or_(AffairItem.in_force_to.is_(None), AffairItem.in_force_to >= on))
                .order_by(AffairItem.unit_code, AffairItem.name)).scalars().all()
            names = self._names(s, {r.unit_code for r in rows})
            return [_view(r, self.today(), names) for r in rows]

    def available_actions(self, item: AffairView) -> set[str]:
        """What this user may do with the item now (the GUI offers these; the service checks again)."""
        p = self.principal
        if item.unit_code != self.scope:
            return set()
        may_apply = p.may(Perm.APPLY)
        may_approve = p.may(Perm.APPROVE)
        today = self.today()
        out: set[str] = set()
        if item.status in PENDING and ((may_apply and self._is_applicant(item))
                                       or (may_approve and item.status != "applied")):  # applied: reject it
            out.add("cancel")
        if item.status == "applied":
            if may_apply and self._is_applicant(item):
                out.add("edit")
            if may_approve:
                out |= {"approve", "reject"}
        elif item.status == "reviewed" and may_approve:
            out.add("admit" if item.temporary else "publish")
        elif item.status == "published" and may_approve and item.publicity_to and today > item.publicity_to:
            out.add("admit")
        elif item.status == "admitted" and (item.in_force_to is None or today <= item.in_force_to):
            if may_approve:
                out.add("withdraw")
            if (may_apply or may_approve) and not item.temporary:
                out.add("adjust")
        return out

    def _is_applicant(self, item: Any) -> bool:
        """Whether this user made the application (a department edits or cancels only its own)."""
        return self.principal.is_system or item.applied_by == self._username

    def admitting_unit(self) -> str | None:
        """The unit whose list a department here applies to (this unit, if it is a town or a community)."""
        try:
            return self.scope if level_of(self.scope) in ADMITTING_LEVELS else None
        except ValidationError:
            return None

    # -- the workflow -----------------------------------------------------------------------------
    def _check_unit(self, s) -> str:
        code = self.admitting_unit()
        if code is None:
            raise ScopeError(f"事项只能向镇（街道）或村（社区）的网格管理机构申请准入；本单位 {self.scope} 不受理。")
        unit = s.execute(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))).scalar()
        if unit is None:
            raise NotFound(f"单位 {code} 不存在。")
        return code

    def apply(self, data: AffairInput) -> str:
        """A department applies to the grid body of its own level. Returns the new item's id."""
        values = validate_affair(data, self.today())
        self._need(Perm.APPLY)
        with self.db.write() as s:
            code = self._check_unit(s)
            self._refuse_duplicate(s, code, values["name"])
            w = ChangeWriter(self.db, s)
            new_id = w.insert(AffairItem, {**values, "unit_code": code, "status": "applied",
                                           "applied_by": self._username, "applied_on": self.today()})
            self._step(s, w, s.get(AffairItem, new_id), "apply")
            return new_id

    def _refuse_duplicate(self, s, code: str, name: str, exclude: tuple[str, ...] = ()) -> None:
        q = select(AffairItem.status).where(
            AffairItem.unit_code == code, AffairItem.name == name, AffairItem.deleted.is_(False),
            AffairItem.status.in_((*PENDING, "admitted")))
        if exclude:
            q = q.where(AffairItem.id.not_in(exclude))
        dup = s.execute(q).first()
        if dup:
            raise ValidationError(f"本单位已有同名事项“{name}”（{codes.label('affair_status', dup[0])}），请勿重复申请；"
                                  "已准入的事项如需变更，请提出调整申请。", field="事项名称")

    def edit(self, item_id: str, data: AffairInput) -> None:
        """Correct an application that is still waiting for review. An admitted item is never edited in
        place (adjust it instead)."""
        values = validate_affair(data, self.today())
        self._need(Perm.APPLY)
        with self.db.write() as s:
            item = self._item(s, item_id)
            self._own(item, "修改")
            if not self._is_applicant(item):
                raise PermissionDenied(f"事项“{item.name}”是 {item.applied_by} 提出的申请，只有申请人本人可以修改。")
            if item.status in ONCE_ADMITTED:
                raise ValidationError(f"事项“{item.name}”已准入，不能直接修改；如需变更，请提出调整申请，"
                                      "经审核、公示后生效（其间原事项继续有效）。")
            self._refuse_state(item, "修改", ("applied",))
            self._refuse_duplicate(s, item.unit_code, values["name"], (item.id, item.replaces_id or ""))
            changes = {k: v for k, v in values.items() if getattr(item, k) != v}
            if changes:
                self._write(s, item, changes, "edit", "、".join(FIELD_LABELS[k] for k in changes))

    def cancel(self, item_id: str, reason: str = "") -> None:
        """Cancel (撤回) an application not yet admitted: by its applicant, or by the grid body's approvers
        (an adjustment left open when its item was withdrawn is closed this way)."""
        reason = (reason or "").strip()
        if len(reason) > 1000:
            raise ValidationError("撤回理由不能超过 1000 个字。", field="撤回理由")
        p = self.principal
        p.require(Perm.APPROVE if p.may(Perm.APPROVE) else Perm.APPLY)
        with self.db.write() as s:
            item = self._item(s, item_id)
            self._own(item, "撤回")
            if p is not None and not p.may(Perm.APPROVE) and not self._is_applicant(item):
                raise PermissionDenied(f"事项“{item.name}”是 {item.applied_by} 提出的申请，只有申请人本人或本单位"
                                       "审核人员可以撤回。")
            self._refuse_state(item, "撤回", PENDING)
            self._write(s, item, {"status": "cancelled"}, "cancel", reason or None)

    def review(self, item_id: str, *, approve: bool, opinion: str) -> None:
        """Approve (with the opinion) or reject (with the reason) an application."""
        opinion = (opinion or "").strip()
        if not opinion:
            raise ValidationError("请填写审核意见。" if approve else "驳回必须写明理由。", field="审核意见")
        if len(opinion) > 1000:
            raise ValidationError("审核意见不能超过 1000 个字。", field="审核意见")
        self._need(Perm.APPROVE)
        with self.db.write() as s:
            item = self._item(s, item_id)
            self._own(item, "审核")
            self._refuse_state(item, "审核", ("applied",))
            self._write(s, item, {"status": "reviewed" if approve else "rejected", "opinion": opinion,
                                  "reviewed_by": self._username, "reviewed_on": self.today()},
                        "approve" if approve else "reject", opinion)

    def _not_past(self, day: dt.date, label: str, field: str, why: str = "") -> None:
        """Refuse a `day` before today (the message names the `label` and the dates, then `why`)."""
        today = self.today()
        if day < today:
            raise ValidationError(f"{label}（{day}）不能早于今天（{today}）{why}。", field=field)

    def publish(self, item_id: str, start: dt.date, end: dt.date) -> None:
        """Publish a reviewed item for the stated period (公示): at least MIN_PUBLICITY_DAYS days, from
        today or later."""
        self._not_past(start, "公示开始日期", "公示起")
        days = (end - start).days + 1
        if days < MIN_PUBLICITY_DAYS:
            raise ValidationError(f"公示期至少 {MIN_PUBLICITY_DAYS} 天（{start} 至 {end} 为 {max(days, 0)} 天）。",
                                  field="公示止")
        self._need(Perm.APPROVE)
        with self.db.write() as s:
            item = self._item(s, item_id)
            self._own(item, "公示")
            if item.temporary:
                raise ValidationError(f"“{item.name}”是临时事项，经审核同意后直接准入，不需公示。")
            self._refuse_state(item, "公示", ("reviewed",))
            self._write(s, item, {"status": "published", "publicity_from": start, "publicity_to": end},
                        "publish", f"{start.isoformat()} 至 {end.isoformat()}")

    def admit(self, item_id: str) -> None:
        """Admit a published item after its publicity period has ended (in force from today), or a reviewed
        temporary item for its stated period. An adjustment taking effect ends the version it replaces."""
        today = self.today()
        self._need(Perm.APPROVE)
        with self.db.write() as s:
            item = self._item(s, item_id)
            self._own(item, "准入")
            if item.temporary:
                self._refuse_state(item, "准入", ("reviewed",))
                if item.valid_to is not None and item.valid_to < today:
                    raise ValidationError(f"临时事项“{item.name}”的有效期已于 {item.valid_to} 结束，不能再准入。")
                start = max(item.valid_from or today, today)
                self._write(s, item, {"status": "admitted", "in_force_from": start, "in_force_to": item.valid_to,
                                      "admitted_by": self._username},
                            "admit", f"临时事项，有效期 {start.isoformat()} 至 {item.valid_to}")
                return
            if item.status == "reviewed":
                raise ValidationError(f"事项“{item.name}”尚未公示，公示期满后才能准入。")
            self._refuse_state(item, "准入", ("published",))
            assert item.publicity_to is not None
            if today <= item.publicity_to:
                raise ValidationError(f"事项“{item.name}”正在公示（至 {item.publicity_to}），公示期满后才能准入。")
            old = None
            if item.replaces_id:
                old = s.get(AffairItem, item.replaces_id)
                if old is None or old.deleted or old.status != "admitted" or (
                        old.in_force_to is not None and old.in_force_to < today):
                    raise ValidationError("被调整的原事项已退出或已不再有效，本次调整不能准入；请按新事项重新申请。")
            w = ChangeWriter(self.db, s)  # one writer per transaction: both versions change together
            self._write(s, item, {"status": "admitted", "in_force_from": today, "in_force_to": None,
                                  "admitted_by": self._username}, "admit", w=w)
            if old is not None:
                self._write(s, old, {"status": "adjusted", "in_force_to": today - dt.timedelta(days=1)},
                            "adjusted", f"调整后的版本自 {today.isoformat()} 起生效", w=w)

    def adjust(self, item_id: str, data: AffairInput) -> str:
        """Propose an adjustment of an admitted item: a new version that goes through review and publicity;
        the current version stays in force until the new one is admitted. Returns the new version's id."""
        values = validate_affair(data, self.today())
        if values["temporary"]:
            raise ValidationError("调整不能把长期事项改为临时事项；临时任务请单独申请。", field="是否临时")
        if not (self.principal.may(Perm.APPLY) or self.principal.may(Perm.APPROVE)):
            self.principal.require(Perm.APPLY)
        self._touch()
        with self.db.write() as s:
            item = self._item(s, item_id)
            self._own(item, "调整")
            self._refuse_state(item, "调整", ("admitted",))
            if item.temporary:
                raise ValidationError(f"“{item.name}”是临时事项，不能调整；到期后如仍需要，请重新申请。")
            if item.in_force_to is not None and item.in_force_to < self.today():
                raise ValidationError(f"事项“{item.name}”已于 {item.in_force_to} 到期，不能调整。")
            pending = s.execute(select(AffairItem.id).where(
                AffairItem.replaces_id == item.id, AffairItem.deleted.is_(False),
                AffairItem.status.in_(PENDING))).first()
            if pending:
                raise ValidationError(f"事项“{item.name}”已有一项调整正在办理，请先完成或驳回该调整。")
            self._refuse_duplicate(s, item.unit_code, values["name"], (item.id,))
            w = ChangeWriter(self.db, s)
            new_id = w.insert(AffairItem, {**values, "unit_code": item.unit_code, "status": "applied",
                                           "replaces_id": item.id, "applied_by": self._username,
                                           "applied_on": self.today()})
            self._step(s, w, item, "adjust", "调整申请已提交，审核、公示、准入前原事项继续有效")
            self._step(s, w, s.get(AffairItem, new_id), "apply", "调整")
            return new_id

    def withdraw(self, item_id: str, on: dt.date, reason: str = "") -> None:
        """Withdraw (退出) an admitted item from the date `on` (the first day it no longer applies; today or
        later)."""
        self._not_past(on, "退出日期", "退出日期", "：已经派发的工作不能事后失去依据")
        self._need(Perm.APPROVE)
        with self.db.write() as s:
            item = self._item(s, item_id)
            self._own(item, "退出")
            self._refuse_state(item, "退出", ("admitted",))
            if item.in_force_to is not None and item.in_force_to < on:
                raise ValidationError(f"事项“{item.name}”已于 {item.in_force_to} 到期，不需退出。", field="退出日期")
            end = on - dt.timedelta(days=1)
            if item.in_force_from is not None and end < item.in_force_from:
                end = item.in_force_from - dt.timedelta(days=1)  # withdrawn before it ever took effect
            reason = (reason or "").strip() or None
            self._write(s, item, {"status": "withdrawn", "withdrawn_on": on, "in_force_to": end,
                                  "withdrawn_by": self._username, "withdraw_reason": reason},
                        "withdraw", f"{on.isoformat()} 起退出" + (f"：{reason}" if reason else ""))


# -- the affair list as a ledger (.xlsx in and out) -------------------------------------------------------------
from .xlsx_ledger import AreaLedger, AreaRow, Column  # noqa: E402 - the shared ledger machinery

FREQUENCY_WORDS = {"每天": "01", "日": "01", "每星期": "02", "周": "02", "月": "03", "每季": "04", "季度": "04",
                   "年": "05", "每年度": "05", "不定期": "06", "随时": "06", "按需要": "06", "需要时": "06"}


class AffairLedger(AreaLedger):
    """A department's or office's list of items to apply for: each row becomes an application (AffairService.apply:
    the applicant's unit must keep an affair list, a name already pending or admitted there is refused)."""

    area, title, target_table = "affairs", "网格事务清单", "affair_item"
    columns = (
        Column("name", ("事项名称", "事项", "工作事项", "事项名", "准入事项"), required=True),
        Column("department", ("申请部门", "部门", "责任部门", "主管部门", "申请单位"), required=True),
        Column("basis", ("依据", "法律/政策依据", "法律政策依据", "政策依据", "法律依据", "设定依据")),
        Column("duty", ("网格员职责", "职责", "网格职责", "网格员工作职责")),
        Column("frequency", ("频次", "工作频次", "频率"), "code", codes.AFFAIR_FREQUENCY, FREQUENCY_WORDS),
        Column("deadline_days", ("办理时限", "时限", "办理时限（天）", "办理时限(天)", "时限（天）"), "int"),
        Column("required_data", ("所需数据", "所需材料", "数据需求", "所需资料")),
        Column("temporary", ("是否临时", "临时事项", "临时"), "bool"),
        Column("valid_from", ("有效期起", "开始日期", "有效期开始"), "date"),
        Column("valid_to", ("有效期止", "结束日期", "有效期结束"), "date"),
        Column("status", ("状态",), export_only=True),
        Column("applied_on", ("申请日期",), "date", export_only=True),
    )
    key_fields = ("name",)
    perm = Perm.APPLY
    export_perms = (Perm.EXPORT, Perm.APPLY)

    def make_service(self, db: Any) -> AffairService:
        return AffairService(db, self.principal)

    def apply_row(self, svc: AffairService, row: AreaRow, ctx: Any) -> str:
        v = row.values
        return svc.apply(AffairInput(
            name=v.get("name") or "", department=v.get("department") or "", basis=v.get("basis"),
            duty=v.get("duty"), frequency=v.get("frequency"), deadline_days=v.get("deadline_days"),
            required_data=v.get("required_data"), temporary=bool(v.get("temporary")),
            valid_from=v.get("valid_from"), valid_to=v.get("valid_to")))

    def export_rows(self, *, status: str | None = None, query: str | None = None,
                    in_force_on: dt.date | None = None) -> list[dict[str, Any]]:
        items = AffairService(self.db, self.principal).list(
            status=status, query=query, in_force_on=in_force_on)
        return [{**{f: getattr(v, f) for f in ("name", "department", "basis", "duty", "frequency", "deadline_days",
                                                  "required_data", "temporary", "valid_from", "valid_to",
                                                  "applied_on")},
                 "status": v.status_label} for v in items]
