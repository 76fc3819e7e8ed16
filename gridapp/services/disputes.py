"""Disputes (矛盾纠纷排查化解): the dispute ledger with the GB/T 31000 event fields, resolution, supervision
(督办) and evaluation (考评), and the summary against the seed's target (初信初访一次性办结率 ≥ 95%).

Who may do what: registering a dispute, changing it while open, starting mediation and recording the
resolution or escalation need Perm.DISPUTE (网格员, 网格长, 综治中心); supervising and evaluating need
Perm.SUPERVISE (综治中心) and a unit above the grid; resolving a dispute already escalated is for them too.
Everyone with Perm.READ reads the ledger in their subtree. The resolver's phone is always shown masked.

Definitions (decided here, shown in the page):
- 事件编号: "<grid>-<year>-<seq>-<node>", seq counting the disputes this installation registered in that grid
  and year. The node id makes numbers from two installations registering offline at once distinct. Said on
  the phone, with the grid's name: the short number "<year>-<seq>-<node tag>" (`short_number`), the node tag
  three digits from the node id (so two installations numbering in one grid and year almost never share
  one); the full number stays the record's key (exports, sync) and is shown beside it.
- Status: registered (已登记) → mediating (调解中) → resolved (已化解) or escalated (未化解（已上报）);
  registered may go straight to resolved or escalated; escalated may still be resolved (by a higher level).
- Overdue: still open (registered or mediating) after its deadline (化解时限), as of today.
- First-handling closure (一次性化解): resolved successfully, never escalated, no supervision entry on or
  before the resolution date, and resolved by the deadline.
- Summary of a period: the disputes that occurred in it. Resolved rate = resolved / all. First-handling closure
  rate = first-handling closures / handled (resolved or escalated); open ones are not decided yet.
  No disputes (or none handled) gives no rate, not 0% or 100%.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from gridapp.core import codes
from gridapp.core.errors import ScopeError, ValidationError
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Perm
from gridapp.core.phone import mask_phone, normalize_phone
from gridapp.core.progress import Progress
from gridapp.db.models import Dispute, DisputeSupervision, Meta, OrgUnit
from gridapp.domain import clock
from gridapp.domain.disputes import (
    HANDLED,
    OPEN,
    DisputeInput,
    closed_first_time,
    field_text,
    is_overdue,
    short_number,
    validate_dispute,
)
from gridapp.domain.fields import ID_LIKE, past_date
from gridapp.domain.periods import parse_days as parse_period
from gridapp.domain.periods import period_days
from gridapp.sync.changelog import ChangeWriter

from . import paging, unitnames
from .base import ScopedService
from .units import unit_in_scope

TARGET = 0.95  # 初信初访一次性办结率达到 95% 以上 (the seed)

__all__ = ["TARGET", "DisputeInput", "DisputeService", "DisputeSummary", "DisputeView", "SupervisionView",
           "parse_period"]


_SHORT_NUMBER = re.compile(r"(\d{4})-(\d{1,4})-\d{3}")


def _number_words(query: str | None) -> str | None:
    """The search text with a short number (2026-0007-381, said on the phone) as the part of the full number it
    stands for (-2026-0007-): the three digits of the installation are not in the stored number."""
    if not query:
        return query
    return " ".join(f"-{m[1]}-{int(m[2]):04d}-" if (m := _SHORT_NUMBER.fullmatch(w)) else w for w in query.split())


@dataclass(frozen=True)
class SupervisionView:
    id: str
    sv_unit: str
    sv_person: str
    sv_on: dt.date
    opinion: str

    def as_dict(self) -> dict[str, Any]:
        return {"unit": self.sv_unit, "person": self.sv_person, "date": self.sv_on.isoformat(),
                "opinion": self.opinion}


@dataclass(frozen=True)
class DisputeView:
    id: str
    number: str  # the full 事件编号 (see `short_number` for the one said on the phone)
    unit_code: str
    name: str
    occurred_on: dt.date
    place: str
    scale: str
    category: str
    people: int
    summary: str | None
    parties: str | None
    status: str
    deadline: dt.date
    method: str | None
    resolver_org: str | None
    resolver: str | None
    resolver_phone: str  # masked
    success: bool | None
    outcome: str | None
    resolved_on: dt.date | None
    escalated_on: dt.date | None
    evaluated_on: dt.date | None
    evaluation: str | None
    overdue: bool
    first_handling: bool
    supervisions: tuple[SupervisionView, ...] = ()

    @property
    def short_number(self) -> str:
        return short_number(self.number)

    @property
    def category_label(self) -> str:
        return codes.DISPUTE_CATEGORY.get(self.category, self.category)

    @property
    def scale_label(self) -> str:
        return codes.DISPUTE_SCALE.get(self.scale, self.scale)

    @property
    def status_label(self) -> str:
        return codes.DISPUTE_STATUS.get(self.status, self.status)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "number": self.number, "short_number": self.short_number, "grid": self.unit_code,
                "name": self.name, "date": self.occurred_on.isoformat(), "place": self.place, "scale": self.scale,
                "category": self.category, "category_label": self.category_label, "people": self.people,
                "summary": self.summary, "parties": self.parties, "status": self.status,
                "status_label": self.status_label, "deadline": self.deadline.isoformat(), "method": self.method,
                "resolver_org": self.resolver_org, "resolver": self.resolver, "resolver_phone": self.resolver_phone,
                "success": self.success, "outcome": self.outcome,
                "resolved_on": self.resolved_on.isoformat() if self.resolved_on else None,
                "escalated_on": self.escalated_on.isoformat() if self.escalated_on else None,
                "evaluated_on": self.evaluated_on.isoformat() if self.evaluated_on else None,
                "evaluation": self.evaluation, "overdue": self.overdue, "first_handling": self.first_handling,
                "supervisions": [s.as_dict() for s in self.supervisions]}


@dataclass(frozen=True)
class DisputeSummary:
    unit_code: str
    period_start: dt.date
    period_end: dt.date
    target: float
    total: int
    by_category: dict[str, int]  # code → count (only codes that occur)
    by_status: dict[str, int]  # status → count (every status)
    resolved: int
    handled: int  # resolved or escalated
    first_handling: int
    overdue: int

    @property
    def resolved_rate(self) -> float | None:
        return None if self.total == 0 else self.resolved / self.total

    @property
    def first_handling_rate(self) -> float | None:
        return None if self.handled == 0 else self.first_handling / self.handled

    @property
    def target_met(self) -> bool | None:
        r = self.first_handling_rate
        return None if r is None else r >= self.target

    @staticmethod
    def pct(rate: float | None) -> str:
        return "—" if rate is None else f"{rate * 100:.1f}%"

    def as_dict(self) -> dict[str, Any]:
        rate, first = self.resolved_rate, self.first_handling_rate
        return {"unit_code": self.unit_code, "from": self.period_start.isoformat(), "to": self.period_end.isoformat(),
                "total": self.total, "by_category": self.by_category, "by_status": self.by_status,
                "resolved": self.resolved, "resolved_rate": None if rate is None else round(rate, 4),
                "handled": self.handled, "first_handling": self.first_handling,
                "first_handling_rate": None if first is None else round(first, 4), "target": self.target,
                "target_met": self.target_met, "overdue": self.overdue}


NUMBER_FLOORS_KEY = "dispute_number_floors"


def issued_numbers(session, node_id: str) -> dict[str, int]:
    """The highest sequence this node has put into a dispute number, per "<grid>-<year>-" prefix (including
    the floors a previous restore left). Read from a database about to be replaced by a backup."""
    highest = dict(number_floors(session))
    for number in session.execute(select(Dispute.number).where(Dispute.origin_node == node_id)).scalars():
        grid, year, seq = number.split("-")[:3]
        prefix = f"{grid}-{year}-"
        highest[prefix] = max(highest.get(prefix, 0), int(seq))
    return highest


def number_floors(session) -> dict[str, int]:
    row = session.get(Meta, NUMBER_FLOORS_KEY)
    return json.loads(row.value) if row else {}


def keep_number_floors(session, issued: dict[str, int]) -> None:
    """After a restore: numbers the replaced database had issued may already be at the parent, so they are
    never issued again (the number is unique everywhere; a reused one would stop the parent's sync import)."""
    floors = number_floors(session)
    for prefix, seq in issued.items():
        floors[prefix] = max(floors.get(prefix, 0), seq)
    if floors:
        session.merge(Meta(key=NUMBER_FLOORS_KEY, value=json.dumps(floors, sort_keys=True)))


class DisputeService(ScopedService):
    """The dispute ledger's rules. `who` is the signed-in user (scope = the user's subtree, each act needs the
    role's permission, writes are audited) or, for the installation acting for itself (demo data, tests), a
    unit code: scoped, not audited, every act allowed."""

    audit_table = "dispute"

    # -- helpers ------------------------------------------------------------------------------------
    @property
    def may_register(self) -> bool:
        return self.principal.may(Perm.DISPUTE)

    @property
    def may_supervise(self) -> bool:
        """Perm.SUPERVISE and a unit above the grid (the GUI offers 督办/考评 only then)."""
        if not self.principal.may(Perm.SUPERVISE):
            return False
        with self.db.read() as s:
            unit = s.execute(select(OrgUnit.level).where(OrgUnit.code == self.scope,
                                                         OrgUnit.deleted.is_(False))).scalar()
        return unit is not None and unit != Level.GRID.value

    def _need_supervisor(self, s) -> OrgUnit:
        self._need(Perm.SUPERVISE)
        unit = self._unit(s, self.scope)
        if unit.level == Level.GRID.value:
            raise ScopeError("督办和考评由网格以上的综治中心进行，网格不能督办自己的纠纷。", field="督办单位")
        return unit

    def _unit(self, s, code: str | None) -> OrgUnit:
        return unit_in_scope(s, code, self.scope)

    def _dispute(self, s, dispute_id: str) -> Dispute:
        return self._live(s, Dispute, dispute_id, "矛盾纠纷")

    def _next_number(self, s, grid: str, year: int) -> str:
        node = self.db.node_id
        prefix = f"{grid}-{year}-"
        numbers = s.execute(select(Dispute.number).where(
            Dispute.unit_code == grid, Dispute.origin_node == node, Dispute.number.startswith(prefix))).scalars()
        seq = max((int(n.split("-")[2]) for n in numbers), default=0)
        seq = max(seq, number_floors(s).get(prefix, 0)) + 1
        return f"{prefix}{seq:04d}-{node}"

    # -- writing ------------------------------------------------------------------------------------
    def register(self, data: DisputeInput, *, today: dt.date | None = None) -> str:
        """Register a dispute in a grid of the scope; returns its id."""
        values = validate_dispute(data, today)
        self._need(Perm.DISPUTE)
        with self.db.write() as s:
            grid = self._unit(s, data.grid_code)
            if grid.level != Level.GRID.value:
                raise ValidationError("请选择纠纷发生的网格。", field="网格")
            number = self._next_number(s, grid.code, values["occurred_on"].year)
            new_id = ChangeWriter(self.db, s).insert(Dispute, {
                **values, "unit_code": grid.code, "number": number, "status": "registered"})
            self._audit(s, "create", new_id, grid.code, {"number": number})
            return new_id

    def update(self, dispute_id: str, data: DisputeInput, *, today: dt.date | None = None) -> None:
        """Change the event fields of an open dispute (its grid and number stay)."""
        values = validate_dispute(data, today)
        self._need(Perm.DISPUTE)
        with self.db.write() as s:
            row = self._open(s, dispute_id)
            if ChangeWriter(self.db, s).update(Dispute, row.id, values):
                self._audit(s, "edit", row.id, row.unit_code)

    def _open(self, s, dispute_id: str) -> Dispute:
        row = self._dispute(s, dispute_id)
        if row.status not in OPEN:
            raise ValidationError(f"该纠纷已{codes.DISPUTE_STATUS[row.status]}，不能再修改。", field="状态")
        return row

    @staticmethod
    def _resolver(method: str | None, org: str | None, person: str | None, phone: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value, label, limit in (("method", method, "化解方式", 100), ("resolver_org", org, "化解组织", 100),
                                         ("resolver", person, "责任人", 50)):
            v = field_text(value, label, limit=limit)
            if v is not None:
                out[key] = v
        p = normalize_phone(phone, field="联系方式")
        if p is not None:
            out["resolver_phone"] = p
        return out

    def start_mediation(self, dispute_id: str, *, method: str | None = None, org: str | None = None,
                        person: str | None = None, phone: str | None = None) -> None:
        """Put an open dispute in mediation, naming who mediates it (化解组织, 责任人 required)."""
        field_text(org, "化解组织", required=True)
        field_text(person, "责任人", required=True)
        values = self._resolver(method, org, person, phone)
        self._need(Perm.DISPUTE)
        with self.db.write() as s:
            row = self._open(s, dispute_id)
            ChangeWriter(self.db, s).update(Dispute, row.id, {**values, "status": "mediating"})
            self._audit(s, "edit", row.id, row.unit_code, {"status": "mediating"})

    def resolve(self, dispute_id: str, *, success: bool, method: str | None, outcome: str,
                on: dt.date | None = None, org: str | None = None, person: str | None = None,
                phone: str | None = None, today: dt.date | None = None) -> None:
        """Record the resolution: success → resolved; failure → escalated (未化解，上报). An escalated dispute
        can only be resolved successfully afterwards, by a unit above the grid with Perm.SUPERVISE."""
        today = today or clock.today()
        on = on or today
        method_v = field_text(method, "化解方式", required=True, limit=100)
        outcome_v = field_text(outcome, "化解情况", required=True)
        extra = self._resolver(None, org, person, phone)
        with self.db.write() as s:
            row = self._dispute(s, dispute_id)
            if row.status == "escalated":
                self._need_supervisor(s)
                if not success:
                    raise ValidationError("该纠纷已上报为未化解，无需再次登记未化解。", field="是否成功")
            elif row.status not in OPEN:
                raise ValidationError("该纠纷已化解，不能再次登记化解结果。", field="状态")
            else:
                self._need(Perm.DISPUTE)
            past_date(on, "化解日期", today, not_before=row.occurred_on)
            if row.escalated_on is not None and on < row.escalated_on:
                raise ValidationError(f"化解日期 {on} 不能早于上报日期（{row.escalated_on}）。", field="化解日期")
            values: dict[str, Any] = {**extra, "method": method_v, "outcome": outcome_v, "success": bool(success)}
            if success:
                values.update(status="resolved", resolved_on=on)
            else:
                values.update(status="escalated", escalated_on=on)
            ChangeWriter(self.db, s).update(Dispute, row.id, values)
            self._audit(s, "edit", row.id, row.unit_code, {"status": values["status"]})

    def escalate(self, dispute_id: str, reason: str, *, on: dt.date | None = None,
                 today: dt.date | None = None) -> None:
        """Report an open dispute up as not resolvable here (未化解，上报), with the reason as 化解情况."""
        today = today or clock.today()
        on = on or today
        reason_v = field_text(reason, "上报原因", required=True)
        self._need(Perm.DISPUTE)
        with self.db.write() as s:
            row = self._open(s, dispute_id)
            past_date(on, "上报日期", today, not_before=row.occurred_on)
            ChangeWriter(self.db, s).update(Dispute, row.id, {
                "status": "escalated", "success": False, "outcome": reason_v, "escalated_on": on})
            self._audit(s, "edit", row.id, row.unit_code, {"status": "escalated"})

    def supervise(self, dispute_id: str, opinion: str, *, on: dt.date | None = None, person: str | None = None,
                  today: dt.date | None = None) -> str:
        """Add a supervision entry (督办) to a dispute not yet resolved; returns the entry's id. The unit is the
        user's unit and the person the user (or `person` for the installation acting for itself)."""
        today = today or clock.today()
        on = on or today
        opinion_v = field_text(opinion, "督办意见", required=True)
        with self.db.write() as s:
            unit = self._need_supervisor(s)
            row = self._dispute(s, dispute_id)
            if row.status == "resolved":
                raise ValidationError("该纠纷已化解，无需督办。", field="状态")
            past_date(on, "督办时间", today, not_before=row.occurred_on)
            if self._person is not None:
                who = self._person
            else:
                who = field_text(person, "督办人", required=True, limit=50) or ""
            new_id = ChangeWriter(self.db, s).insert(DisputeSupervision, {
                "unit_code": row.unit_code, "dispute_id": row.id, "sv_unit": unit.name[:100], "sv_person": who[:50],
                "sv_on": on, "opinion": opinion_v})
            self._audit(s, "create", new_id, row.unit_code, {"dispute": row.number}, table="dispute_supervision")
            return new_id

    def evaluate(self, dispute_id: str, opinion: str, *, on: dt.date | None = None,
                 today: dt.date | None = None) -> None:
        """Evaluate (考评) a handled dispute: 考评日期 not before its resolution or escalation, not in the future."""
        today = today or clock.today()
        on = on or today
        opinion_v = field_text(opinion, "考评意见", required=True)
        with self.db.write() as s:
            self._need_supervisor(s)
            row = self._dispute(s, dispute_id)
            if row.status not in HANDLED:
                raise ValidationError("该纠纷尚未化解或上报，还不能考评。", field="状态")
            done = row.resolved_on or row.escalated_on
            past_date(on, "考评日期", today, not_before=done, before_label="化解日期")
            ChangeWriter(self.db, s).update(Dispute, row.id, {"evaluated_on": on, "evaluation": opinion_v})
            self._audit(s, "approve", row.id, row.unit_code, {"evaluated_on": on.isoformat()})

    # -- reading ------------------------------------------------------------------------------------
    @staticmethod
    def _supervisions(s, ids: list[str]) -> dict[str, list[DisputeSupervision]]:
        out: dict[str, list[DisputeSupervision]] = {}
        for i in range(0, len(ids), 500):
            for sv in s.execute(select(DisputeSupervision).where(
                    DisputeSupervision.dispute_id.in_(ids[i:i + 500]), DisputeSupervision.deleted.is_(False))
                    .order_by(DisputeSupervision.sv_on, DisputeSupervision.created_hlc)).scalars():
                out.setdefault(sv.dispute_id, []).append(sv)
        return out

    @staticmethod
    def _view(d: Dispute, svs: list[DisputeSupervision], today: dt.date) -> DisputeView:
        return DisputeView(
            d.id, d.number, d.unit_code, d.name, d.occurred_on, d.place, d.scale, d.category, d.people, d.summary,
            d.parties, d.status, d.deadline, d.method, d.resolver_org, d.resolver, mask_phone(d.resolver_phone),
            d.success, d.outcome, d.resolved_on, d.escalated_on, d.evaluated_on, d.evaluation,
            is_overdue(d.status, d.deadline, today),
            closed_first_time(d.status, d.success, d.resolved_on, d.escalated_on, d.deadline,
                              [sv.sv_on for sv in svs]),
            tuple(SupervisionView(sv.id, sv.sv_unit, sv.sv_person, sv.sv_on, sv.opinion) for sv in svs))

    # the dispute ledger's orders (DisputesPage's header): key -> columns; each ends with the dispute's id
    LEDGER_SORTS = paging.dated_sorts(
        Dispute.occurred_on, Dispute.number, number=(Dispute.number,), name=Dispute.name, category=Dispute.category,
        scale=Dispute.scale, people=Dispute.people, grid=Dispute.unit_code, status=Dispute.status,
        deadline=Dispute.deadline)

    def _ledger_where(self, s, unit_code: str | None, status: str | None, category: str | None,
                      scale: str | None, overdue: bool, date_from: dt.date | None, date_to: dt.date | None,
                      today: dt.date, query: str | None = None) -> list:
        """The conditions of the ledger's filters (each checked first, in Chinese), within the scope. `query`
        (the search box): every word in the number, name, parties or place; a short number said on the
        phone (2026-0007-381) finds its year and sequence."""
        if status is not None and status not in codes.DISPUTE_STATUS and status != "open":
            raise ValidationError(f"状态“{status}”无效，应为 {'、'.join(codes.DISPUTE_STATUS)}、open 之一。",
                                  field="状态")
        if category is not None and category not in codes.DISPUTE_CATEGORY:
            raise ValidationError(f"事件类别“{category}”不是有效代码。", field="事件类别")
        if scale is not None and scale not in codes.DISPUTE_SCALE:
            raise ValidationError(f"事件规模“{scale}”不是有效代码。", field="事件规模")
        self._need(Perm.READ)
        unit = self._unit(s, unit_code)
        where = [Dispute.unit_code.startswith(unit.code), Dispute.deleted.is_(False)]
        if status == "open":  # not yet resolved or escalated: what 今日待办 counts
            where.append(Dispute.status.in_(OPEN))
        elif status is not None:
            where.append(Dispute.status == status)
        if category is not None:
            where.append(Dispute.category == category)
        if scale is not None:
            where.append(Dispute.scale == scale)
        if overdue:
            where += [Dispute.status.in_(OPEN), Dispute.deadline < today]
        where += paging.dated(Dispute.occurred_on, date_from, date_to)
        where += paging.searched(_number_words(query), Dispute.number, Dispute.name, Dispute.parties, Dispute.place)
        return where

    def list_disputes(self, unit_code: str | None = None, *, status: str | None = None,
                      category: str | None = None, scale: str | None = None, overdue: bool = False,
                      date_from: dt.date | None = None, date_to: dt.date | None = None,
                      today: dt.date | None = None, limit: int = 2000, query: str | None = None) -> list[DisputeView]:
        """Live disputes of a unit in scope, newest occurrence first. `overdue` keeps only the overdue ones."""
        today = today or clock.today()
        with self.db.read() as s:
            where = self._ledger_where(s, unit_code, status, category, scale, overdue, date_from, date_to, today,
                                       query)
            rows = s.execute(select(Dispute).where(*where).order_by(Dispute.occurred_on.desc(), Dispute.number.desc())
                             .limit(limit)).scalars().all()
            svs = self._supervisions(s, [d.id for d in rows])
            return [self._view(d, svs.get(d.id, []), today) for d in rows]

    def ledger_ids(self, unit_code: str | None = None, *, status: str | None = None,
                   category: str | None = None, scale: str | None = None, overdue: bool = False,
                   date_from: dt.date | None = None, date_to: dt.date | None = None, today: dt.date | None = None,
                   sort: str = "date", descending: bool = True, progress: Progress | None = None,
                   query: str | None = None) -> list[str]:
        """The ids of the whole dispute ledger (the filters of `list_disputes`) in the order `sort` (a key of
        LEDGER_SORTS), for the GUI's lazy table: no cap; its length is the count. Rows: `ledger_rows`."""
        today = today or clock.today()
        with self.db.read() as s:
            where = self._ledger_where(s, unit_code, status, category, scale, overdue, date_from, date_to, today,
                                       query)
            stmt = (select(Dispute.id).where(*where)
                    .order_by(*paging.order_by(self.LEDGER_SORTS, sort, descending, Dispute.id)))
            return paging.read_ids(s, stmt, progress)

    def ledger_rows(self, ids: Sequence[str], *, today: dt.date | None = None) -> list[DisputeView | None]:
        """The disputes with these ids (from `ledger_ids`) in the given order, with their supervision history;
        None where one was removed or left the scope since."""
        today = today or clock.today()
        self._need(Perm.READ)
        with self.db.read() as s:
            rows = paging.live_rows(s, Dispute, ids, self._in_scope)
            svs = self._supervisions(s, [d.id for d in rows])
            return paging.in_order(ids, {d.id: self._view(d, svs.get(d.id, []), today) for d in rows})

    def get(self, dispute_id: str, *, today: dt.date | None = None) -> DisputeView:
        """One live dispute in scope, with its supervision history."""
        today = today or clock.today()
        self._need(Perm.READ)
        with self.db.read() as s:
            d = self._dispute(s, dispute_id)
            return self._view(d, self._supervisions(s, [d.id]).get(d.id, []), today)

    def summary(self, unit_code: str | None, period: str | tuple[dt.date, dt.date], *,
                today: dt.date | None = None) -> DisputeSummary:
        """Counts and rates of the disputes that occurred in the period (a 'YYYY' / 'YYYY-MM' text or two dates,
        both ends included) in a unit of the scope."""
        today = today or clock.today()
        start, end = period_days(period)
        self._need(Perm.READ)
        with self.db.read() as s:
            unit = self._unit(s, unit_code)
            rows = s.execute(select(Dispute.id, Dispute.category, Dispute.status, Dispute.success,
                                    Dispute.resolved_on, Dispute.escalated_on, Dispute.deadline).where(
                Dispute.unit_code.startswith(unit.code), Dispute.deleted.is_(False),
                Dispute.occurred_on >= start, Dispute.occurred_on <= end)).all()
            sv_dates: dict[str, list[dt.date]] = {}
            for did, on in s.execute(select(DisputeSupervision.dispute_id, DisputeSupervision.sv_on)
                                     .join(Dispute, Dispute.id == DisputeSupervision.dispute_id).where(
                    DisputeSupervision.unit_code.startswith(unit.code), DisputeSupervision.deleted.is_(False),
                    Dispute.occurred_on >= start, Dispute.occurred_on <= end)).all():
                sv_dates.setdefault(did, []).append(on)
        by_category: dict[str, int] = {}
        by_status = dict.fromkeys(codes.DISPUTE_STATUS, 0)
        first = overdue = 0
        for did, category, status, success, resolved_on, escalated_on, deadline in rows:
            by_category[category] = by_category.get(category, 0) + 1
            by_status[status] = by_status.get(status, 0) + 1
            first += closed_first_time(status, success, resolved_on, escalated_on, deadline, sv_dates.get(did, []))
            overdue += is_overdue(status, deadline, today)
        return DisputeSummary(unit.code, start, end, TARGET, len(rows), dict(sorted(by_category.items())), by_status,
                              by_status["resolved"], by_status["resolved"] + by_status["escalated"], first, overdue)

    def grids(self) -> list[tuple[str, str]]:
        """The live grids of the scope (code, label), where a dispute can be registered: each named with its
        community when the scope spans several (`unitnames.grid_labels`)."""
        self._need(Perm.READ)
        with self.db.read() as s:
            return list(unitnames.grid_labels(s, self.scope).items())

    def count(self, unit_code: str | None = None) -> int:
        """Live disputes of a unit in scope."""
        return self._count_live(Dispute, unit_code)


# -- the dispute ledger (.xlsx in and out) ----------------------------------------------------------------------
from .xlsx_ledger import AreaLedger, AreaPlan, AreaRow, Column, resolve_unit, unit_lookup  # noqa: E402

CATEGORY_WORDS = {"婚姻家庭": "01", "家庭": "01", "婚姻": "01", "邻里纠纷": "02", "物业": "04", "物业纠纷": "04",
                  "合同纠纷": "06", "劳资": "07", "劳资纠纷": "07", "劳动纠纷": "07", "借贷": "08", "借贷纠纷": "08",
                  "土地纠纷": "09", "山林土地": "09", "其它": "99"}
SCALE_WORDS = {"个体": "01", "个人": "01", "一般群体": "02", "群体": "02", "群体性": "02", "重大群体": "03"}
_TEXT_FIELDS = ("name", "place", "summary", "parties")


class DisputeLedger(AreaLedger):
    """A grid's dispute ledger: each row registers a dispute (DisputeService.register) in the grid its 网格 cell
    names (code or name), else the grid chosen for the file, else the user's own grid. An ID number typed into
    any text cell is refused (the ledger keeps names only)."""

    area, title, target_table = "disputes", "矛盾纠纷台账", "dispute"
    columns = (
        Column("short_number", ("短编号",), export_only=True),
        Column("number", ("事件编号", "编号"), export_only=True),
        Column("grid", ("网格", "网格编码", "所属网格")),
        Column("name", ("事件名称", "纠纷名称", "名称", "矛盾纠纷名称"), required=True),
        Column("occurred_on", ("发生日期", "发生时间", "日期"), "date", required=True),
        Column("place", ("发生地点", "地点", "事发地点"), required=True),
        Column("category", ("事件类别", "纠纷类别", "类别", "纠纷类型"), "code", codes.DISPUTE_CATEGORY, CATEGORY_WORDS, required=True),
        Column("scale", ("事件规模", "规模"), "code", codes.DISPUTE_SCALE, SCALE_WORDS, required=True),
        Column("people", ("涉及人数", "人数", "涉及人员数"), "int", required=True),
        Column("summary", ("简述", "事件简述", "纠纷简述", "基本情况")),
        Column("parties", ("主要当事人", "当事人")),
        Column("deadline", ("化解时限", "化解期限"), "date"),
        Column("status", ("状态",), export_only=True),
        Column("resolver_org", ("化解组织",), export_only=True),
        Column("resolver", ("责任人",), export_only=True),
        Column("resolver_phone", ("联系电话",), export_only=True),
        Column("outcome", ("化解情况",), export_only=True),
        Column("resolved_on", ("化解日期",), "date", export_only=True),
    )
    key_fields = ("name", "occurred_on")
    perm = Perm.DISPUTE

    def make_service(self, db: Any) -> DisputeService:
        return DisputeService(db, self.principal)

    def context(self, s: Any, plan: AreaPlan) -> Any:
        if plan.default_unit:  # the grid chosen for the rows without one: in scope and a grid
            unit = unit_in_scope(s, plan.default_unit, self.scope)
            if unit.level != Level.GRID.value:
                raise ValidationError(f"{unit.name}（{unit.code}）不是网格，请选择纠纷所在的网格。", field="网格")
        return {"units": unit_lookup(s, self.scope, (Level.GRID.value,)), "default": plan.default_unit}

    def apply_row(self, svc: DisputeService, row: AreaRow, ctx: Any) -> str:
        v = row.values
        for f in _TEXT_FIELDS:
            if v.get(f) and ID_LIKE.search(v[f]):
                label = next(c.label for c in self.columns if c.field == f)
                raise ValidationError(f"{label}中不要填写身份证号码（矛盾纠纷台账只记姓名）。", field=label)
        grid = resolve_unit(v.get("grid"), ctx["units"], "网格")
        return svc.register(DisputeInput(
            name=v.get("name") or "", occurred_on=v.get("occurred_on"), place=v.get("place") or "",
            category=v.get("category") or "", scale=v.get("scale") or "", people=v.get("people"),
            summary=v.get("summary"), parties=v.get("parties"), deadline=v.get("deadline"),
            grid_code=grid or ctx["default"]))

    def export_rows(self, *, unit_code: str | None = None, status: str | None = None,
                    category: str | None = None, overdue: bool = False, date_from: dt.date | None = None,
                    date_to: dt.date | None = None, query: str | None = None) -> list[dict[str, Any]]:
        rows = DisputeService(self.db, self.principal).list_disputes(
            unit_code, status=status, category=category, overdue=overdue, date_from=date_from, date_to=date_to,
            limit=1_000_000, query=query)
        return [{"short_number": d.short_number, "number": d.number, "grid": d.unit_code, "name": d.name, "occurred_on": d.occurred_on,
                 "place": d.place, "category": d.category, "scale": d.scale, "people": d.people,
                 "summary": d.summary, "parties": d.parties, "deadline": d.deadline, "status": d.status_label,
                 "resolver_org": d.resolver_org, "resolver": d.resolver, "resolver_phone": d.resolver_phone or None,
                 "outcome": d.outcome, "resolved_on": d.resolved_on} for d in rows]
