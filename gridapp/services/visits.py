"""Household visits by community police (入户走访): the visit ledger, coverage against the 100% target, and
the households due for a visit under the visiting rule (DOMAIN.md "Household visits").

Who may do what: recording, correcting and deleting a visit needs Perm.VISIT (社区民警 and 综治中心);
everyone with Perm.READ (grid workers, chiefs, viewers) reads the ledger, coverage and due list, each within
their unit's subtree. The visitor is the signed-in user (name and unit as at the visit).

Definitions (decided here, shown in the report and the page):
- The households of a unit are its *active* households: live (not tombstoned) households with at least one
  active resident today. An empty flat is not a household to visit.
- Coverage of a period = active households with at least one live visit dated within the period (both ends
  included) / active households. A unit without households has no rate (None), not 0% or 100%.
- Visiting rule: a household is visited monthly if a member is 低保 or 特困, 空巢老人 or 独居老人, a 流动人口,
  or belongs to a special group (特殊人群: an open record, or the tag, which follows the records; 社区矫正 among
  them); otherwise every six months.
  A household is due once the interval since its last visit has run out (one or six calendar months), or
  at once if it was never visited.
- The reason a household is visited monthly never names a special group to a user without Perm.SENSITIVE;
  such a user sees one label, 其他按月走访情形, for every special group, so the label names no category.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select

from gridapp.core import codes
from gridapp.core.errors import NotFound, ValidationError
from gridapp.core.orgcode import Level, is_within
from gridapp.core.permissions import SENSITIVE_GROUPS, Perm
from gridapp.core.progress import Progress
from gridapp.db.models import Household, HouseholdVisit, OrgUnit, Resident, ResidentTag, SpecialGroupRecord
from gridapp.domain import clock
from gridapp.domain.periods import add_months, parse_days, period_days
from gridapp.domain.visits import VisitInput, validate_visit
from gridapp.sync.changelog import ChangeWriter

from . import paging, record_photos
from .households import matching_households
from .unitnames import grid_labels
from .units import unit_in_scope

TARGET = 1.0  # 社区民警入户走访率达到 100% (the seed)
MONTHLY_TAGS = ("低保", "特困", "空巢老人", "独居老人")
CORRECTION_GROUP = "社区矫正"
# the monthly reasons a user without Perm.SENSITIVE may not see: every special group, in one label
SENSITIVE_MONTHLY = tuple(sorted(SENSITIVE_GROUPS))
OTHER_MONTHLY = "其他按月走访情形"  # what a user without Perm.SENSITIVE sees instead of any of them
ORDINARY = "普通户"


# kept for callers not yet moved to gridapp.domain (the CLI, tests): the one clock and the one period parser
today_local = clock.today
parse_period = parse_days



def _subtree(column: Any, prefix: str) -> list[Any]:
    """`column` in the subtree of `prefix` as a range (codes are digits; ':' follows '9'): the form that reads
    ix_household_visit_unit_date (unit_code, visit_date), where a LIKE read every visit."""
    return [column >= prefix, column < prefix + ":"]


@dataclass(frozen=True)
class VisitView:
    id: str
    unit_code: str  # the household's grid
    household_id: str
    address: str
    head_name: str | None
    visit_date: dt.date
    present: int
    visitor_name: str
    visitor_unit: str | None
    content: str
    issues: str | None
    handling: str | None
    replaces: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "grid": self.unit_code, "household_id": self.household_id, "address": self.address,
                "head": self.head_name, "date": self.visit_date.isoformat(), "present": self.present,
                "visitor": self.visitor_name, "content": self.content, "issues": self.issues,
                "handling": self.handling, "replaces": self.replaces}


@dataclass(frozen=True)
class CoverageRow:
    code: str
    name: str
    level: str
    households: int  # active households
    visited: int  # of them, visited at least once in the period

    @property
    def rate(self) -> float | None:
        return None if self.households == 0 else self.visited / self.households

    @property
    def met(self) -> bool:
        return self.households > 0 and self.visited >= self.households * TARGET

    @property
    def rate_text(self) -> str:
        r = self.rate
        return "—" if r is None else f"{r * 100:.1f}%"

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "level": self.level, "households": self.households,
                "visited": self.visited, "rate": None if self.rate is None else round(self.rate, 4), "met": self.met}


@dataclass(frozen=True)
class Coverage:
    unit_code: str
    period_start: dt.date
    period_end: dt.date
    target: float
    grids: list[CoverageRow]
    communities: list[CoverageRow]  # the communities in the unit (when it lies above community level)
    total: CoverageRow  # the unit itself

    def as_dict(self) -> dict[str, Any]:
        return {"unit_code": self.unit_code, "from": self.period_start.isoformat(), "to": self.period_end.isoformat(),
                "target": self.target, "grids": [r.as_dict() for r in self.grids],
                "communities": [r.as_dict() for r in self.communities], "total": self.total.as_dict()}


@dataclass(frozen=True)
class DueHousehold:
    household_id: str
    unit_code: str
    address: str
    head_name: str | None
    monthly: bool
    reason: str  # e.g. 低保、流动人口; 普通户 for the half-yearly ones
    last_visit: dt.date | None
    due_on: dt.date | None  # None: never visited (due at once)
    days_overdue: int | None  # None: never visited

    @property
    def interval_text(self) -> str:
        return "每月" if self.monthly else "每半年"

    def as_dict(self) -> dict[str, Any]:
        return {"household_id": self.household_id, "grid": self.unit_code, "address": self.address,
                "head": self.head_name, "interval": "monthly" if self.monthly else "half-yearly",
                "reason": self.reason, "last_visit": self.last_visit.isoformat() if self.last_visit else None,
                "due_on": self.due_on.isoformat() if self.due_on else None, "days_overdue": self.days_overdue}


class VisitService(record_photos.PhotoRecordService):
    """The visit ledger's rules. `who` is the signed-in user (scope = the user's subtree, each act needs the
    role's permission, writes are audited) or, for the installation acting for itself (demo data, tests), a
    unit code: scoped, not audited; then the visitor's name must be given."""

    audit_table = "household_visit"

    # -- helpers ------------------------------------------------------------------------------------
    @property
    def may_record(self) -> bool:
        return self.principal.may(Perm.VISIT)

    @property
    def may_see_sensitive(self) -> bool:
        return self.principal.may(Perm.SENSITIVE)

    def _unit(self, s, code: str | None) -> OrgUnit:
        return unit_in_scope(s, code, self.scope)

    def _household(self, s, household_id: str) -> Household:
        row = self._live(s, Household, household_id, "户", field="户")
        return row

    def _visit(self, s, visit_id: str) -> HouseholdVisit:
        return self._live(s, HouseholdVisit, visit_id, "走访记录", gone="（可能已被更正或删除）")

    _PHOTO_PERM, _photo_row = Perm.VISIT, _visit  # the photos' (PhotoRecordService)

    def _visitor(self, visitor: str | None) -> tuple[str, str | None]:
        if self._person is not None:
            return self._person, self.principal.unit_code
        name = (visitor or "").strip()
        if not name:
            raise ValidationError("请填写走访人。", field="走访人")
        return name[:50], self.scope

    @staticmethod
    def _active_households(prefix: str):
        """Live households of the subtree with at least one active resident (the households to visit)."""
        occupied = select(Resident.id).where(
            Resident.household_id == Household.id, Resident.deleted.is_(False), Resident.status == "active")
        return select(Household.id).where(
            Household.unit_code.startswith(prefix), Household.deleted.is_(False), occupied.exists())

    @staticmethod
    def _heads(s, hids: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for i in range(0, len(hids), 500):
            for hid, name in s.execute(select(Resident.household_id, Resident.name).where(
                    Resident.household_id.in_(hids[i:i + 500]), Resident.relation_to_head == codes.HEAD_RELATION,
                    Resident.deleted.is_(False), Resident.status == "active").order_by(Resident.name)).all():
                out.setdefault(hid, name)
        return out

    # -- writing ------------------------------------------------------------------------------------
    def record(self, data: VisitInput, *, visitor: str | None = None, today: dt.date | None = None) -> str:
        """Record one visit; returns its id."""
        values = validate_visit(data, today)
        self._need(Perm.VISIT)
        name, unit = self._visitor(visitor)
        with self.db.write() as s:
            household = self._household(s, data.household_id)
            new_id = ChangeWriter(self.db, s).insert(HouseholdVisit, {
                **values, "unit_code": household.unit_code, "household_id": household.id,
                "visitor_name": name, "visitor_unit": unit, "replaces": None})
            self._audit(s, "create", new_id, household.unit_code)
            return new_id

    def correct(self, visit_id: str, data: VisitInput, *, today: dt.date | None = None) -> str:
        """Correct a visit: a new version pointing to the one it replaces, which is tombstoned (append-only
        records are never edited in place). The visitor stays the original one. Returns the new id."""
        values = validate_visit(data, today)
        self._need(Perm.VISIT)
        with self.db.write() as s:
            old = self._visit(s, visit_id)
            household = self._household(s, data.household_id)
            w = ChangeWriter(self.db, s)
            new_id = w.insert(HouseholdVisit, {
                **values, "unit_code": household.unit_code, "household_id": household.id,
                "visitor_name": old.visitor_name, "visitor_unit": old.visitor_unit, "replaces": old.id})
            w.delete(HouseholdVisit, old.id)
            self._audit(s, "edit", new_id, household.unit_code, {"replaces": old.id})
            return new_id

    def delete(self, visit_id: str) -> None:
        """Delete a visit recorded by mistake (a tombstone, never a hard delete)."""
        self._need(Perm.VISIT)
        with self.db.write() as s:
            row = self._visit(s, visit_id)
            ChangeWriter(self.db, s).delete(HouseholdVisit, row.id)
            self._audit(s, "delete", row.id, row.unit_code)

    # -- reading ------------------------------------------------------------------------------------
    # the visit ledger's orders (VisitsPage's header): key -> columns; each ends with the visit's id (total order)
    LEDGER_SORTS = paging.dated_sorts(
        HouseholdVisit.visit_date, HouseholdVisit.created_hlc, grid=HouseholdVisit.unit_code,
        address=Household.address, present=HouseholdVisit.present, visitor=HouseholdVisit.visitor_name)

    def _ledger_where(self, s, unit_code: str | None, date_from: dt.date | None, date_to: dt.date | None,
                      household_id: str | None) -> list:
        unit = self._unit(s, unit_code)
        where = [*_subtree(HouseholdVisit.unit_code, unit.code), HouseholdVisit.deleted.is_(False)]
        where += paging.dated(HouseholdVisit.visit_date, date_from, date_to)
        if household_id is not None:
            where.append(HouseholdVisit.household_id == household_id)
        return where

    def _views(self, s, rows: list) -> list[VisitView]:
        """(visit, address) rows as views, with their households' heads."""
        heads = self._heads(s, list({v.household_id for v, _a in rows}))
        return [VisitView(v.id, v.unit_code, v.household_id, address, heads.get(v.household_id), v.visit_date,
                          v.present, v.visitor_name, v.visitor_unit, v.content, v.issues, v.handling, v.replaces)
                for v, address in rows]

    def list_visits(self, unit_code: str | None = None, *, date_from: dt.date | None = None,
             date_to: dt.date | None = None, household_id: str | None = None, limit: int = 1000) -> list[VisitView]:
        """Live visits in a unit of the scope, newest first."""
        self._need(Perm.READ)
        with self.db.read() as s:
            q = (select(HouseholdVisit, Household.address).join(Household, Household.id == HouseholdVisit.household_id)
                 .where(*self._ledger_where(s, unit_code, date_from, date_to, household_id)))
            rows = s.execute(q.order_by(HouseholdVisit.visit_date.desc(), HouseholdVisit.created_hlc.desc())
                             .limit(limit)).all()
            return self._views(s, list(rows))

    def ledger_ids(self, unit_code: str | None = None, *, date_from: dt.date | None = None,
                   date_to: dt.date | None = None, household_id: str | None = None, sort: str = "date",
                   descending: bool = True, progress: Progress | None = None) -> list[str]:
        """The ids of the whole visit ledger (the filter of `list_visits`) in the order `sort` (a key of
        LEDGER_SORTS), for the GUI's lazy table: no cap; its length is the count. Rows: `ledger_rows`."""
        self._need(Perm.READ)
        with self.db.read() as s:
            stmt = (select(HouseholdVisit.id).join(Household, Household.id == HouseholdVisit.household_id)
                    .where(*self._ledger_where(s, unit_code, date_from, date_to, household_id))
                    .order_by(*paging.order_by(self.LEDGER_SORTS, sort, descending, HouseholdVisit.id)))
            return paging.read_ids(s, stmt, progress)

    def ledger_rows(self, ids: Sequence[str]) -> list[VisitView | None]:
        """The visits with these ids (from `ledger_ids`) in the given order; None where one was corrected,
        deleted or left the scope since."""
        self._need(Perm.READ)
        found: list = []
        with self.db.read() as s:
            for chunk in paging.chunks(ids):
                found += [(v, a) for v, a in s.execute(
                    select(HouseholdVisit, Household.address).join(Household, Household.id == HouseholdVisit.household_id)
                    .where(HouseholdVisit.id.in_(chunk), HouseholdVisit.deleted.is_(False))).all()
                    if is_within(v.unit_code, self.scope)]
            return paging.in_order(ids, {v.id: v for v in self._views(s, found)})

    def count(self, unit_code: str | None, date_from: dt.date, date_to: dt.date) -> int:
        """Live visit records of a unit in a period."""
        return self._count_live(HouseholdVisit, unit_code, HouseholdVisit.visit_date >= date_from,
                                HouseholdVisit.visit_date <= date_to)

    def get(self, visit_id: str) -> VisitView:
        """One live visit in scope."""
        self._need(Perm.READ)
        with self.db.read() as s:
            v = self._visit(s, visit_id)
            address = s.get(Household, v.household_id).address
            head = self._heads(s, [v.household_id]).get(v.household_id)
            return VisitView(v.id, v.unit_code, v.household_id, address, head, v.visit_date, v.present,
                             v.visitor_name, v.visitor_unit, v.content, v.issues, v.handling, v.replaces)

    def find_households(self, query: str = "", unit_code: str | None = None, *,
                        limit: int = 50) -> list[tuple[str, str, str, str | None]]:
        """Households of a unit in scope (all its grids) whose address or head's name contains `query`:
        (id, grid code, address, head name), in grid and address order."""
        self._need(Perm.READ)
        with self.db.read() as s:
            return matching_households(s, self._unit(s, unit_code).code, query, limit)

    def coverage(self, unit_code: str | None, period_start: dt.date, period_end: dt.date) -> Coverage:
        """Visit coverage of a unit in a period (both ends included), per grid, per community, in total."""
        period_days((period_start, period_end))  # the end not before the start
        self._need(Perm.READ)
        with self.db.read() as s:
            unit = self._unit(s, unit_code)
            active = self._active_households(unit.code).subquery()
            per_grid_total = dict(s.execute(
                select(Household.unit_code, func.count()).where(Household.id.in_(select(active.c.id)))
                .group_by(Household.unit_code)).all())
            visited_ids = (select(HouseholdVisit.household_id).where(
                *_subtree(HouseholdVisit.unit_code, unit.code), HouseholdVisit.deleted.is_(False),
                HouseholdVisit.visit_date >= period_start, HouseholdVisit.visit_date <= period_end))
            per_grid_visited = dict(s.execute(
                select(Household.unit_code, func.count()).where(
                    Household.id.in_(select(active.c.id)), Household.id.in_(visited_ids))
                .group_by(Household.unit_code)).all())
            units = s.execute(select(OrgUnit.code, OrgUnit.name, OrgUnit.level, OrgUnit.retired_on).where(
                OrgUnit.code.startswith(unit.code), OrgUnit.deleted.is_(False)).order_by(OrgUnit.code)).all()
            # grids of several communities are named with their community (和平社区 第1网格)
            labels = grid_labels(s, unit.code, include_retired=True)
        # a retired unit is listed while it still holds households (its history), not as an empty row
        retired = {c for c, _n, _lv, on in units if on is not None}
        units = [(c, labels.get(c, n) + ("（已撤销）" if c in retired else ""), lv) for c, n, lv, _on in units
                 if c not in retired or any(g.startswith(c) for g in per_grid_total)]
        grids = [CoverageRow(c, n, lv, per_grid_total.get(c, 0), per_grid_visited.get(c, 0))
                 for c, n, lv in units if lv == Level.GRID.value]
        communities = []
        for c, n, lv in units:
            if lv == Level.COMMUNITY.value and c != unit.code:
                inside = [g for g in grids if is_within(g.code, c)]
                communities.append(CoverageRow(c, n, lv, sum(g.households for g in inside),
                                               sum(g.visited for g in inside)))
        # households of grids not (or no longer) in the tree still count toward the unit's total
        total = CoverageRow(unit.code, unit.name, unit.level, sum(per_grid_total.values()),
                            sum(per_grid_visited.values()))
        return Coverage(unit.code, period_start, period_end, TARGET, grids, communities, total)

    def not_visited(self, unit_code: str | None, period_start: dt.date,
                    period_end: dt.date) -> list[tuple[str, str, str, str | None]]:
        """The active households of a unit not visited in the period: (id, grid code, address, head name)."""
        self._need(Perm.READ)
        with self.db.read() as s:
            unit = self._unit(s, unit_code)
            visited_ids = (select(HouseholdVisit.household_id).where(
                *_subtree(HouseholdVisit.unit_code, unit.code), HouseholdVisit.deleted.is_(False),
                HouseholdVisit.visit_date >= period_start, HouseholdVisit.visit_date <= period_end))
            rows = s.execute(select(Household.id, Household.unit_code, Household.address).where(
                Household.id.in_(self._active_households(unit.code)), Household.id.not_in(visited_ids))
                .order_by(Household.unit_code, Household.address)).all()
            heads = self._heads(s, [r[0] for r in rows])
        return [(hid, grid, address, heads.get(hid)) for hid, grid, address in rows]

    def due(self, unit_code: str | None = None, on: dt.date | None = None) -> list[DueHousehold]:
        """The households due for a visit on `on` (default today) under the visiting rule, most overdue first
        (never visited first, monthly before half-yearly among them)."""
        on = on or clock.today()
        self._need(Perm.READ)
        with self.db.read() as s:
            unit = self._unit(s, unit_code)
            prefix = unit.code
            households = s.execute(select(Household.id, Household.unit_code, Household.address).where(
                Household.id.in_(self._active_households(prefix)))).all()
            last = dict(s.execute(select(HouseholdVisit.household_id, func.max(HouseholdVisit.visit_date)).where(
                *_subtree(HouseholdVisit.unit_code, prefix), HouseholdVisit.deleted.is_(False),
                HouseholdVisit.visit_date <= on).group_by(HouseholdVisit.household_id)).all())
            live = and_(Resident.deleted.is_(False), Resident.status == "active")
            reasons: dict[str, set[str]] = {}
            for hid, tag in s.execute(select(Resident.household_id, ResidentTag.tag)
                                      .join(Resident, Resident.id == ResidentTag.resident_id)
                                      .where(ResidentTag.unit_code.startswith(prefix), ResidentTag.deleted.is_(False),
                                             ResidentTag.tag.in_((*MONTHLY_TAGS, *SENSITIVE_MONTHLY)), live)).all():
                reasons.setdefault(hid, set()).add(tag)
            for (hid,) in s.execute(select(Resident.household_id).where(
                    Resident.unit_code.startswith(prefix), Resident.resident_type == codes.RESIDENT_FLOATING,
                    live)).all():
                reasons.setdefault(hid, set()).add("流动人口")
            for hid, group in s.execute(select(Resident.household_id, SpecialGroupRecord.group_name)
                                    .join(SpecialGroupRecord, SpecialGroupRecord.resident_id == Resident.id)
                                    .where(SpecialGroupRecord.unit_code.startswith(prefix),
                                           SpecialGroupRecord.deleted.is_(False),
                                           SpecialGroupRecord.group_name.in_(SENSITIVE_MONTHLY),
                                           SpecialGroupRecord.start_date <= on,
                                           (SpecialGroupRecord.end_date.is_(None))
                                           | (SpecialGroupRecord.end_date > on), live)).all():
                reasons.setdefault(hid, set()).add(group)
            due = []
            for hid, grid, address in households:
                why = reasons.get(hid, set())
                monthly = bool(why)
                seen = last.get(hid)
                next_due = None if seen is None else add_months(seen, 1 if monthly else 6)
                if next_due is not None and next_due > on:
                    continue
                due.append((hid, grid, address, why, monthly, seen, next_due))
            heads = self._heads(s, [d[0] for d in due])
        order = ("低保", "特困", "空巢老人", "独居老人", "流动人口", *SENSITIVE_MONTHLY)
        out = []
        for hid, grid, address, why, monthly, seen, next_due in due:
            shown = [r for r in order if r in why]
            if not self.may_see_sensitive and any(r in SENSITIVE_GROUPS for r in shown):
                shown = [r for r in shown if r not in SENSITIVE_GROUPS] + [OTHER_MONTHLY]
            out.append(DueHousehold(hid, grid, address, heads.get(hid), monthly, "、".join(shown) or ORDINARY, seen,
                                    next_due, None if next_due is None else (on - next_due).days))
        out.sort(key=lambda d: (d.days_overdue is not None, -(d.days_overdue or 0), not d.monthly, d.unit_code,
                                d.address))
        return out

    def patch(self, visit_id: str, changes: dict[str, Any], *, today: dt.date | None = None) -> str:
        """Correct a visit giving only the fields that change (`VisitInput` names but the household, which a
        correction keeps): the fields not given stay as they were. A new version, as `correct`; returns its id."""
        unknown = set(changes) - (set(VisitInput.__dataclass_fields__) - {"household_id"})
        if unknown:
            raise TypeError(f"not a visit field a correction changes: {', '.join(sorted(unknown))}")
        old = self.get(visit_id)
        kept = {"visit_date": old.visit_date, "present": old.present, "content": old.content, "issues": old.issues,
                "handling": old.handling}
        return self.correct(visit_id, VisitInput(old.household_id, **{**kept, **changes}), today=today)


# -- the visit ledger (.xlsx in and out) ------------------------------------------------------------------------
from gridapp.core.idnumber import mask_id  # noqa: E402

from .xlsx_ledger import AreaLedger, AreaPlan, AreaRow, Column, cell_text  # noqa: E402


class VisitLedger(AreaLedger):
    """A police officer's visit ledger: each row becomes a visit (VisitService.record) of the household it names:
    by 户主身份证号 (exact; a masked number is ignored), else by 户号, else by 地址, else by 户主姓名 alone, within
    the user's unit; a 户主姓名 given must be the household's head. Not found, or several households: the row is
    refused with the reason."""

    area, title, target_table = "visits", "入户走访台账", "household_visit"
    columns = (
        Column("visit_date", ("走访日期", "日期", "走访时间", "入户日期"), "date", required=True),
        Column("head_name", ("户主姓名", "户主")),
        Column("head_id", ("户主身份证号", "户主身份证号码", "户主公民身份号码", "户主证件号码"), "idnumber"),
        Column("household_no", ("户号", "户编号")),
        Column("address", ("地址", "住址", "现住址", "家庭住址", "走访地址", "户地址")),
        Column("visitor", ("走访民警", "民警", "走访人", "走访人员")),
        Column("present", ("在户人数", "在家人数", "在户人员数", "在户人员"), "int", required=True),
        Column("content", ("走访内容", "内容", "走访情况"), required=True),
        Column("issues", ("问题诉求", "问题/诉求", "群众诉求", "反映问题", "问题和诉求")),
        Column("handling", ("处理情况", "处理结果", "办理情况", "处理意见")),
        Column("grid", ("网格",), export_only=True),
    )
    key_fields = ("visit_date", "content")
    perm = Perm.VISIT

    def make_service(self, db: Any) -> VisitService:
        return VisitService(db, self.principal)

    def context(self, s: Any, plan: AreaPlan) -> Any:
        return {"s": s, "addresses": None}

    def _by_address(self, ctx: dict[str, Any], address: str) -> list[str]:
        """Households whose address is the one given (spaces and full-width signs aside); indexed once."""
        if ctx["addresses"] is None:
            index: dict[str, list[str]] = {}
            for hid, addr in ctx["s"].execute(select(Household.id, Household.address).where(
                    Household.deleted.is_(False), Household.unit_code.startswith(self.scope))).all():
                index.setdefault(cell_text(addr, compact=True), []).append(hid)
            ctx["addresses"] = index
        return list(ctx["addresses"].get(cell_text(address, compact=True), []))

    def _find(self, ctx: dict[str, Any], v: dict[str, Any]) -> str:
        s = ctx["s"]
        head = select(Resident.household_id).where(
            Resident.relation_to_head == codes.HEAD_RELATION, Resident.deleted.is_(False),
            Resident.status == "active", Resident.unit_code.startswith(self.scope))
        live = (Household.deleted.is_(False), Household.unit_code.startswith(self.scope))
        idn = v.get("head_id")
        if idn and "*" not in idn:
            hids = list(dict.fromkeys(s.execute(head.where(Resident.id_number == idn)).scalars()))
            if not hids:
                raise NotFound(f"本单位范围内没有身份证号为 {mask_id(idn)} 的户主。", field="户主身份证号")
            how = f"户主身份证号 {mask_id(idn)}"
        elif v.get("household_no"):
            q = select(Household.id, Household.address).where(*live, Household.household_no == v["household_no"])
            found = s.execute(q).all()
            if len(found) > 1 and v.get("address"):
                found = [f for f in found if cell_text(f[1], compact=True) == cell_text(v["address"], compact=True)]
            hids = [f[0] for f in found]
            how = f"户号 {v['household_no']}"
            if not hids:
                raise NotFound(f"本单位范围内找不到户号为 {v['household_no']} 的户。", field="户号")
        elif v.get("address"):
            hids = self._by_address(ctx, v["address"])
            how = f"地址“{v['address']}”"
            if not hids:
                raise NotFound(f"本单位范围内找不到地址为“{v['address']}”的户（地址需与系统中的住址一致）。",
                               field="地址")
        elif v.get("head_name"):  # the head's name alone: enough when one household in scope has that head
            hids = list(dict.fromkeys(s.execute(head.where(Resident.name == v["head_name"])).scalars()))
            how = f"户主“{v['head_name']}”"
            if not hids:
                raise NotFound(f"本单位范围内没有户主叫“{v['head_name']}”的户。", field="户主姓名")
        else:
            raise ValidationError("请填写户主身份证号、户号、地址或户主姓名，用来找到所走访的户。", field="户")
        if len(hids) > 1 and v.get("head_name"):
            named = set(s.execute(select(Resident.household_id).where(
                Resident.household_id.in_(hids), Resident.name == v["head_name"],
                Resident.relation_to_head == codes.HEAD_RELATION, Resident.deleted.is_(False))).scalars())
            hids = [h for h in hids if h in named] or hids
        if len(hids) > 1:
            raise ValidationError(f"{how}对应本单位范围内的 {len(hids)} 户，无法确定是哪一户；请填写户主身份证号。",
                                  field="户")
        hid = hids[0]
        if v.get("head_name"):
            heads = set(s.execute(select(Resident.name).where(
                Resident.household_id == hid, Resident.relation_to_head == codes.HEAD_RELATION,
                Resident.deleted.is_(False), Resident.status == "active")).scalars())
            if heads and cell_text(v["head_name"], compact=True) not in {cell_text(h, compact=True) for h in heads}:
                raise ValidationError(f"{how}的户主是“{'、'.join(sorted(heads))}”，台账中为“{v['head_name']}”，请核对。",
                                      field="户主姓名")
        return hid

    def apply_row(self, svc: VisitService, row: AreaRow, ctx: Any) -> str:
        v = row.values
        visitor = v.get("visitor")
        if self._person is not None and visitor:
            me = {cell_text(x, compact=True) for x in (self.principal.display_name, self.principal.username) if x}
            if cell_text(visitor, compact=True) not in me:
                raise ValidationError(
                    f"走访民警“{visitor}”不是当前登录的用户（{self.principal.display_name or self.principal.username}）："
                    f"走访记录记在登录人名下，请由走访民警本人导入。", field="走访民警")
        hid = self._find(ctx, v)
        return svc.record(VisitInput(household_id=hid, visit_date=v.get("visit_date"), present=v.get("present"),
                                     content=v.get("content") or "", issues=v.get("issues"),
                                     handling=v.get("handling")), visitor=visitor)

    def export_rows(self, *, unit_code: str | None = None, date_from: dt.date | None = None,
                    date_to: dt.date | None = None) -> list[dict[str, Any]]:
        visits = VisitService(self.db, self.principal).list_visits(
            unit_code, date_from=date_from, date_to=date_to, limit=1_000_000)
        hids = list({v.household_id for v in visits})
        numbers: dict[str, str | None] = {}
        head_ids: dict[str, str] = {}
        with self.db.read() as s:
            for i in range(0, len(hids), 500):
                part = hids[i:i + 500]
                numbers.update(s.execute(select(Household.id, Household.household_no).where(
                    Household.id.in_(part))).tuples().all())
                for hid, idn in s.execute(select(Resident.household_id, Resident.id_number).where(
                        Resident.household_id.in_(part), Resident.relation_to_head == codes.HEAD_RELATION,
                        Resident.deleted.is_(False), Resident.status == "active")).all():
                    head_ids.setdefault(hid, idn)
        return [{"visit_date": v.visit_date, "head_name": v.head_name, "head_id": mask_id(head_ids.get(v.household_id)),
                 "household_no": numbers.get(v.household_id), "address": v.address, "visitor": v.visitor_name,
                 "present": v.present, "content": v.content, "issues": v.issues, "handling": v.handling,
                 "grid": v.unit_code} for v in visits]
