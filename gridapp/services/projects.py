"""八小工程 (small projects): the ledger of 小公约、小民主、小服务、小调解、小平安、小乡贤、小名人、小家训 records of
grids and communities, their corrections and removals, and the summary per unit and kind for a period.

Who may do what: recording, correcting and removing a record need Perm.PROJECT (网格员, 网格长, 综治中心) and a
record unit inside the user's unit: a grid worker records for their grid, a community's staff for the
community or its grids, an office for its subtree. Everyone with Perm.READ reads the ledger and the summary of
their subtree (a town or district reads the rollup of the grids and communities below it).

Definitions (decided here, shown in the page):
- A record belongs to a grid or a community (`unit_code`); the other levels only read.
- Append-only (DESIGN.md §4 kind 2): a correction is a new version whose `replaces` names the version it
  corrects; that version is tombstoned in the same transaction. The ledger shows the live (current) versions;
  the history of a record is the chain of versions it replaced. Two nodes correcting the same record offline
  both keep their version: after sync both are live, both pointing to the same earlier one, nothing lost.
- A removal is a tombstone with its reason (`delete_reason`, written in the same transaction).
- Per kind, the fields that matter (required unless noted): 小公约 公约内容, 通过方式; 小民主 议事形式, 议题,
  议定事项; 小服务 服务类型, 服务人数; 小调解 关联矛盾纠纷 (optional, a dispute of the record's unit); 小平安
  发现隐患, 整改隐患 (整改 ≤ 发现); 小乡贤/小名人 姓名, 事迹; 小家训 家训内容, 关联户 (optional, a household of the
  record's unit). A field of another kind is refused, so a record never carries stray values.
- People are names: any text that looks like an ID number (15 or 18 digits) is refused.
- Summary of a period: the live records held in it (both ends included), per unit directly below the chosen
  one (its own records in a row of their own) and per kind: counts, participants (参与人次), people served
  (服务人数, 小服务) and hazards found and fixed (小平安).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select

from gridapp.core import codes
from gridapp.core.errors import NotFound, ValidationError
from gridapp.core.orgcode import Level, is_within
from gridapp.core.permissions import Perm
from gridapp.core.progress import Progress
from gridapp.db.models import Dispute, Household, OrgUnit, SmallProject
from gridapp.domain.disputes import short_number
from gridapp.domain.periods import parse_days as parse_period
from gridapp.domain.periods import period_days
from gridapp.domain.projects import (
    KIND_FIELDS,
    KINDS,
    LABELS,
    RECORD_LEVELS,
    ProjectInput,
    record_text,
    validate_project,
)
from gridapp.sync.changelog import ChangeWriter

from . import paging, record_photos
from .households import matching_households
from .unitnames import GRID_CODE_LENGTH, grid_labels
from .units import unit_in_scope

# the kind-specific columns and the kind each belongs to

__all__ = ["KINDS", "KIND_FIELDS", "LABELS", "ProjectInput", "ProjectSummary", "ProjectView", "SmallProjectService",
           "SummaryRow", "parse_period", "validate_project"]


@dataclass(frozen=True)
class ProjectView:
    id: str
    unit_code: str
    unit_name: str
    kind: str
    title: str
    held_on: dt.date
    place: str | None
    participants: int | None
    content: str
    outcome: str | None
    responsible: str
    recorded_by: str
    convention_text: str | None
    adoption: str | None
    meeting_form: str | None
    topic: str | None
    decision: str | None
    service_type: str | None
    served: int | None
    dispute_id: str | None
    dispute_number: str | None
    hazards_found: int | None
    hazards_fixed: int | None
    person_name: str | None
    deeds: str | None
    household_id: str | None
    household_address: str | None
    motto: str | None
    replaces: str | None
    deleted: bool = False
    delete_reason: str | None = None
    recorded_at: int = 0  # the version's HLC (when it was written)

    @property
    def kind_label(self) -> str:
        return codes.SMALL_PROJECT_KIND.get(self.kind, self.kind)

    @property
    def meeting_form_label(self) -> str | None:
        return None if self.meeting_form is None else codes.SMALL_PROJECT_MEETING_FORM.get(self.meeting_form,
                                                                                             self.meeting_form)

    @property
    def service_type_label(self) -> str | None:
        return None if self.service_type is None else codes.SMALL_PROJECT_SERVICE_TYPE.get(self.service_type,
                                                                                             self.service_type)

    def details(self) -> list[tuple[str, str]]:
        """The kind-specific fields as (label, text), in form order, the empty ones left out."""
        shown = {"meeting_form": self.meeting_form_label, "service_type": self.service_type_label,
                 "dispute_id": self.dispute_number and short_number(self.dispute_number),  # as said on the phone
                 "household_id": self.household_address}
        out = []
        for name in KIND_FIELDS.get(self.kind, ()):
            value = shown.get(name, getattr(self, name))
            if value is not None and value != "":
                out.append((LABELS[name], str(value)))
        return out

    def as_input(self) -> ProjectInput:
        """The version's values as an input (for a correction form)."""
        return ProjectInput(**{k: getattr(self, k) for k in ProjectInput.__dataclass_fields__})

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "unit": self.unit_code, "unit_name": self.unit_name, "kind": self.kind,
                "kind_label": self.kind_label, "title": self.title, "date": self.held_on.isoformat(),
                "place": self.place, "participants": self.participants, "content": self.content,
                "outcome": self.outcome, "responsible": self.responsible, "recorded_by": self.recorded_by,
                "convention_text": self.convention_text, "adoption": self.adoption, "meeting_form": self.meeting_form,
                "meeting_form_label": self.meeting_form_label, "topic": self.topic, "decision": self.decision,
                "service_type": self.service_type, "service_type_label": self.service_type_label,
                "served": self.served, "dispute_id": self.dispute_id, "dispute_number": self.dispute_number,
                "hazards_found": self.hazards_found, "hazards_fixed": self.hazards_fixed,
                "person_name": self.person_name, "deeds": self.deeds, "household_id": self.household_id,
                "household_address": self.household_address, "motto": self.motto, "replaces": self.replaces}


@dataclass(frozen=True)
class SummaryRow:
    code: str
    name: str
    level: str
    counts: dict[str, int] = field(default_factory=dict)  # kind → records (every kind)
    participants: int = 0
    served: int = 0
    hazards_found: int = 0
    hazards_fixed: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {"unit": self.code, "name": self.name, "by_kind": self.counts, "total": self.total,
                "participants": self.participants, "served": self.served, "hazards_found": self.hazards_found,
                "hazards_fixed": self.hazards_fixed}


@dataclass(frozen=True)
class ProjectSummary:
    unit_code: str
    unit_name: str
    period_start: dt.date
    period_end: dt.date
    rows: list[SummaryRow]  # the units directly below (and the unit's own records), in code order
    total: SummaryRow

    def as_dict(self) -> dict[str, Any]:
        return {"unit_code": self.unit_code, "from": self.period_start.isoformat(), "to": self.period_end.isoformat(),
                "units": [r.as_dict() for r in self.rows], "total": self.total.as_dict()}


class SmallProjectService(record_photos.PhotoRecordService):
    """The 八小工程 ledger's rules. `who` is the signed-in user (scope = the user's subtree, each act needs the
    role's permission, writes are audited) or, for the installation acting for itself (demo data, tests), a
    unit code: scoped, not audited, every act allowed (the recorder's name is then `recorder`)."""

    audit_table = "small_project"

    # -- helpers ------------------------------------------------------------------------------------
    @property
    def may_record(self) -> bool:
        return self.principal.may(Perm.PROJECT)

    def _unit(self, s, code: str | None) -> OrgUnit:
        return unit_in_scope(s, code, self.scope)

    def _record_unit(self, s, code: str | None) -> OrgUnit:
        unit = self._unit(s, code)
        if unit.level not in RECORD_LEVELS:
            raise ValidationError(f"八小工程记录属于网格或村（社区），请选择 {unit.name} 下的网格或村（社区）。",
                                  field="单位")
        return unit

    def _row(self, s, row_id: str) -> SmallProject:
        return self._live(s, SmallProject, row_id, "八小工程记录", gone="（可能已被更正或删除）")

    _PHOTO_PERM, _photo_row = Perm.PROJECT, _row  # the photos' (PhotoRecordService)

    def _check_links(self, s, values: dict[str, Any], unit: OrgUnit) -> None:
        if values.get("dispute_id"):
            d = s.get(Dispute, values["dispute_id"])
            if d is None or d.deleted:
                raise NotFound("找不到关联的矛盾纠纷。", field="关联矛盾纠纷")
            if not is_within(d.unit_code, unit.code):
                raise ValidationError(f"关联的矛盾纠纷（{d.number}）不在 {unit.name}，只能关联本单位的纠纷。",
                                      field="关联矛盾纠纷")
        if values.get("household_id"):
            h = s.get(Household, values["household_id"])
            if h is None or h.deleted:
                raise NotFound("找不到关联的户。", field="关联户")
            if not is_within(h.unit_code, unit.code):
                raise ValidationError(f"关联的户（{h.address}）不在 {unit.name}，只能关联本单位的户。", field="关联户")

    def _recorder(self, recorder: str | None) -> str:
        if self._person is not None:
            return self._person[:50]
        name = (recorder or "").strip()
        if not name:
            raise ValidationError("请填写登记人。", field="登记人")
        return name[:50]

    # -- writing ------------------------------------------------------------------------------------
    def record(self, data: ProjectInput, *, recorder: str | None = None, today: dt.date | None = None) -> str:
        """Record one small-project record in a grid or community of the scope; returns its id."""
        values = validate_project(data, today)
        self._need(Perm.PROJECT)
        name = self._recorder(recorder)
        with self.db.write() as s:
            unit = self._record_unit(s, data.unit_code)
            self._check_links(s, values, unit)
            new_id = ChangeWriter(self.db, s).insert(SmallProject, {
                **values, "unit_code": unit.code, "recorded_by": name, "replaces": None})
            self._audit(s, "create", new_id, unit.code, {"kind": values["kind"]})
            return new_id

    def correct(self, project_id: str, data: ProjectInput, *, recorder: str | None = None,
                today: dt.date | None = None) -> str:
        """Correct a record: a new version pointing to the one it replaces, which is tombstoned. The unit and
        the kind stay those of the record. Returns the new version's id."""
        values = validate_project(data, today)
        self._need(Perm.PROJECT)
        name = self._recorder(recorder) if self._person is not None or recorder else None
        with self.db.write() as s:
            old = self._row(s, project_id)
            if data.unit_code and data.unit_code != old.unit_code:
                raise ValidationError("更正不能改变记录所属的单位；请删除后在正确的单位重新登记。", field="单位")
            if values["kind"] != old.kind:
                raise ValidationError(f"更正不能改变类别（原为{codes.SMALL_PROJECT_KIND.get(old.kind, old.kind)}）；"
                                      "请删除后重新登记。", field="类别")
            unit = self._unit(s, old.unit_code)
            self._check_links(s, values, unit)
            w = ChangeWriter(self.db, s)
            new_id = w.insert(SmallProject, {**values, "unit_code": old.unit_code,
                                             "recorded_by": name or old.recorded_by, "replaces": old.id})
            w.delete(SmallProject, old.id)
            self._audit(s, "edit", new_id, old.unit_code, {"replaces": old.id})
            return new_id

    def remove(self, project_id: str, reason: str) -> None:
        """Remove a record made by mistake: a tombstone with the reason (never a hard delete)."""
        reason_v = record_text(reason, "删除原因", required=True, limit=500)
        self._need(Perm.PROJECT)
        with self.db.write() as s:
            row = self._row(s, project_id)
            w = ChangeWriter(self.db, s)
            w.update(SmallProject, row.id, {"delete_reason": reason_v})
            w.delete(SmallProject, row.id)
            self._audit(s, "delete", row.id, row.unit_code, {"reason": reason_v})

    # -- reading ------------------------------------------------------------------------------------
    def _views(self, s, rows: list[SmallProject]) -> list[ProjectView]:
        names = dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.code.in_({r.unit_code for r in rows}))).all()) if rows else {}
        if any(len(r.unit_code) == GRID_CODE_LENGTH for r in rows):  # 和平社区 第1网格 when several communities
            names.update(grid_labels(s, self.scope, include_retired=True))
        dids = list({r.dispute_id for r in rows if r.dispute_id})
        hids = list({r.household_id for r in rows if r.household_id})
        numbers: dict[str, str] = {}
        addresses: dict[str, str] = {}
        for i in range(0, len(dids), 500):
            numbers.update(s.execute(select(Dispute.id, Dispute.number).where(Dispute.id.in_(dids[i:i + 500]))).all())
        for i in range(0, len(hids), 500):
            addresses.update(s.execute(select(Household.id, Household.address)
                                       .where(Household.id.in_(hids[i:i + 500]))).all())
        return [ProjectView(
            r.id, r.unit_code, names.get(r.unit_code, r.unit_code), r.kind, r.title, r.held_on, r.place,
            r.participants, r.content, r.outcome, r.responsible, r.recorded_by, r.convention_text, r.adoption,
            r.meeting_form, r.topic, r.decision, r.service_type, r.served, r.dispute_id,
            numbers.get(r.dispute_id) if r.dispute_id else None, r.hazards_found, r.hazards_fixed, r.person_name,
            r.deeds, r.household_id, addresses.get(r.household_id) if r.household_id else None, r.motto, r.replaces,
            bool(r.deleted), r.delete_reason, r.created_hlc) for r in rows]

    @staticmethod
    def _check_kind(kind: str | None) -> None:
        if kind is not None and kind not in codes.SMALL_PROJECT_KIND:
            valid = "、".join(f"{k} {v}" for k, v in codes.SMALL_PROJECT_KIND.items())
            raise ValidationError(f"类别“{kind}”无效，应为：{valid}。", field="类别")

    # the 八小工程 ledger's orders (ProjectsPage's header): key -> columns; each ends with the record's id
    LEDGER_SORTS = paging.dated_sorts(
        SmallProject.held_on, SmallProject.created_hlc, kind=SmallProject.kind, title=SmallProject.title,
        unit=SmallProject.unit_code, participants=SmallProject.participants, responsible=SmallProject.responsible)

    def _ledger_where(self, s, unit_code: str | None, kind: str | None, date_from: dt.date | None,
                      date_to: dt.date | None, query: str | None = None) -> list:
        """The conditions of the ledger's filters within the scope; `query` (the search box): every word in the
        name, place, content, 负责人 or the person of a 小乡贤/小名人 record."""
        self._check_kind(kind)
        self._need(Perm.READ)
        unit = self._unit(s, unit_code)
        where = [SmallProject.unit_code.startswith(unit.code), SmallProject.deleted.is_(False)]
        if kind is not None:
            where.append(SmallProject.kind == kind)
        where += paging.dated(SmallProject.held_on, date_from, date_to)
        where += paging.searched(query, SmallProject.title, SmallProject.place, SmallProject.content,
                                 SmallProject.responsible, SmallProject.person_name)
        return where

    def list_projects(self, unit_code: str | None = None, *, kind: str | None = None,
                      date_from: dt.date | None = None, date_to: dt.date | None = None,
                      limit: int = 2000, query: str | None = None) -> list[ProjectView]:
        """The current (live) records of a unit in scope and its subtree, newest first."""
        with self.db.read() as s:
            q = select(SmallProject).where(*self._ledger_where(s, unit_code, kind, date_from, date_to, query))
            rows = s.execute(q.order_by(SmallProject.held_on.desc(), SmallProject.created_hlc.desc())
                             .limit(limit)).scalars().all()
            return self._views(s, list(rows))

    def ledger_ids(self, unit_code: str | None = None, *, kind: str | None = None,
                   date_from: dt.date | None = None, date_to: dt.date | None = None, sort: str = "date",
                   descending: bool = True, progress: Progress | None = None, query: str | None = None) -> list[str]:
        """The ids of the whole ledger (the filters of `list_projects`) in the order `sort` (a key of
        LEDGER_SORTS), for the GUI's lazy table: no cap; its length is the count. Rows: `ledger_rows`."""
        with self.db.read() as s:
            stmt = (select(SmallProject.id).where(*self._ledger_where(s, unit_code, kind, date_from, date_to, query))
                    .order_by(*paging.order_by(self.LEDGER_SORTS, sort, descending, SmallProject.id)))
            return paging.read_ids(s, stmt, progress)

    def ledger_rows(self, ids: Sequence[str]) -> list[ProjectView | None]:
        """The current records with these ids (from `ledger_ids`) in the given order; None where one was
        corrected, removed or left the scope since."""
        self._need(Perm.READ)
        with self.db.read() as s:
            rows = paging.live_rows(s, SmallProject, ids, self._in_scope)
            return paging.in_order(ids, {v.id: v for v in self._views(s, rows)})

    def get(self, project_id: str) -> ProjectView:
        """One current record in scope."""
        self._need(Perm.READ)
        with self.db.read() as s:
            return self._views(s, [self._row(s, project_id)])[0]

    def history(self, project_id: str) -> list[ProjectView]:
        """The versions a record replaced, newest first (not the record itself): its correction chain."""
        self._need(Perm.READ)
        with self.db.read() as s:
            row = s.get(SmallProject, project_id)
            if row is None or not is_within(row.unit_code, self.scope):
                raise NotFound("找不到该八小工程记录。")
            chain: list[SmallProject] = []
            seen = {row.id}
            nxt = row.replaces
            while nxt and nxt not in seen:  # a chain is acyclic; the guard only stops a damaged one
                seen.add(nxt)
                prev = s.get(SmallProject, nxt)
                if prev is None:  # the earlier version has not arrived by sync (yet)
                    break
                chain.append(prev)
                nxt = prev.replaces
            return self._views(s, chain)

    def count(self, unit_code: str | None = None) -> int:
        """Current records of a unit in scope."""
        return self._count_live(SmallProject, unit_code)

    def summary(self, unit_code: str | None, period: str | tuple[dt.date, dt.date]) -> ProjectSummary:
        """Counts, participants, people served and hazards of the records held in the period (a 'YYYY' /
        'YYYY-MM' text or two dates, both ends included), per unit directly below the chosen one and per kind."""
        start, end = period_days(period)
        self._need(Perm.READ)
        with self.db.read() as s:
            unit = self._unit(s, unit_code)
            records = s.execute(select(SmallProject.unit_code, SmallProject.kind, SmallProject.participants,
                                       SmallProject.served, SmallProject.hazards_found, SmallProject.hazards_fixed)
                                .where(SmallProject.unit_code.startswith(unit.code), SmallProject.deleted.is_(False),
                                       SmallProject.held_on >= start, SmallProject.held_on <= end)).all()
            children = s.execute(select(OrgUnit.code, OrgUnit.name, OrgUnit.level).where(
                OrgUnit.parent_code == unit.code, OrgUnit.deleted.is_(False)).order_by(OrgUnit.code)).all()
            others = {c for c, *_ in records} - {c for c, *_ in children} - {unit.code}
            known = dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(OrgUnit.code.in_(others))).all()) \
                if others else {}
        buckets: dict[str, dict[str, Any]] = {}

        def bucket(code: str, name: str, level: str) -> dict[str, Any]:
            return buckets.setdefault(code, {"code": code, "name": name, "level": level,
                                             "counts": dict.fromkeys(KINDS, 0), "participants": 0, "served": 0,
                                             "hazards_found": 0, "hazards_fixed": 0})

        for code, name, level in children:
            bucket(code, name, level)
        total = {"code": unit.code, "name": f"{unit.name}合计", "level": unit.level,
                 "counts": dict.fromkeys(KINDS, 0), "participants": 0, "served": 0, "hazards_found": 0,
                 "hazards_fixed": 0}
        for code, kind, participants, served, found, fixed in records:
            if code == unit.code:
                own = unit.name if unit.level == Level.GRID.value else f"{unit.name}（本级）"
                b = bucket(code, own, unit.level)
            else:
                owner = next((c for c, *_ in children if is_within(code, c)), None)
                b = buckets[owner] if owner else bucket(code, known.get(code, code), "")
            for target in (b, total):
                target["counts"][kind] = target["counts"].get(kind, 0) + 1
                target["participants"] += participants or 0
                target["served"] += served or 0
                target["hazards_found"] += found or 0
                target["hazards_fixed"] += fixed or 0
        rows = [SummaryRow(**b) for _c, b in sorted(buckets.items())]
        return ProjectSummary(unit.code, unit.name, start, end, rows, SummaryRow(**total))

    # -- choices for the forms ----------------------------------------------------------------------
    def record_units(self) -> list[tuple[str, str, str]]:
        """The grids and communities of the scope (code, name, level) a record may belong to: not retired ones,
        a grid named with its community when the scope spans several (和平社区 第1网格)."""
        self._need(Perm.READ)
        with self.db.read() as s:
            labels = grid_labels(s, self.scope)
            return [(code, labels.get(code, name), level) for code, name, level in s.execute(
                select(OrgUnit.code, OrgUnit.name, OrgUnit.level).where(
                    OrgUnit.code.startswith(self.scope), OrgUnit.level.in_(RECORD_LEVELS),
                    OrgUnit.deleted.is_(False), OrgUnit.retired_on.is_(None)).order_by(OrgUnit.code)).all()]

    def dispute_choices(self, unit_code: str, limit: int = 300) -> list[tuple[str, str, str]]:
        """Live disputes of a record unit (id, number, name), newest first: what a 小调解 record may link to."""
        self._need(Perm.READ)
        with self.db.read() as s:
            unit = self._unit(s, unit_code)
            return [tuple(r) for r in s.execute(select(Dispute.id, Dispute.number, Dispute.name).where(
                Dispute.unit_code.startswith(unit.code), Dispute.deleted.is_(False))
                .order_by(Dispute.occurred_on.desc()).limit(limit)).all()]

    def household_choices(self, unit_code: str, query: str = "", limit: int = 50) -> list[tuple[str, str]]:
        """Live households of a record unit whose address or head's name contains `query`:
        (id, 'address（户主 name）'), in grid and address order: what a 小家训 record may link to."""
        self._need(Perm.READ)
        with self.db.read() as s:
            found = matching_households(s, self._unit(s, unit_code).code, query, limit)
        return [(hid, f"{address}（户主 {name}）" if name else address) for hid, _grid, address, name in found]

    def patch(self, project_id: str, changes: dict[str, Any], *, recorder: str | None = None,
              today: dt.date | None = None) -> str:
        """Correct a record giving only the fields that change (`ProjectInput` names): the fields not given stay
        as they were. A new version, checked and written as `correct`; returns its id."""
        unknown = set(changes) - set(ProjectInput.__dataclass_fields__)
        if unknown:
            raise TypeError(f"not a small-project field: {', '.join(sorted(unknown))}")
        data = replace(self.get(project_id).as_input(), **changes)
        return self.correct(project_id, data, recorder=recorder, today=today)


# -- the 八小工程 ledger (.xlsx in and out) ----------------------------------------------------------------------
from .xlsx_ledger import AreaLedger, AreaPlan, AreaRow, Column, resolve_unit, unit_lookup  # noqa: E402

KIND_WORDS = {label[1:]: kind for kind, label in codes.SMALL_PROJECT_KIND.items()}  # 公约, 民主 …
MEETING_WORDS = {"居民会议": "01", "村民会议": "01", "居民代表会议": "02", "村民代表会议": "02"}


class ProjectLedger(AreaLedger):
    """A 八小工程 ledger: each row becomes a record (SmallProjectService.record) of its kind in the grid or
    community its 单位 cell names (code or name), else the unit chosen for the file, else the user's own. Links to
    a dispute or a household are not read from a ledger (set them in the form)."""

    area, title, target_table = "projects", "八小工程台账", "small_project"
    columns = (
        Column("unit", ("单位", "网格", "所属网格", "所属单位", "网格/社区", "村（社区）")),
        Column("kind", ("类别", "工程类别", "项目类别", "类型"), "code", codes.SMALL_PROJECT_KIND, KIND_WORDS,
               required=True),
        Column("title", ("名称", "活动名称", "主题", "标题"), required=True),
        Column("held_on", ("日期", "活动日期", "开展日期", "时间"), "date", required=True),
        Column("place", ("地点", "活动地点")),
        Column("participants", ("参与人数", "参加人数", "参与人次"), "int"),
        Column("content", ("内容", "活动内容", "主要内容"), required=True),
        Column("outcome", ("成效", "活动成效", "效果")),
        Column("responsible", ("负责人", "责任人"), required=True),
        Column("convention_text", ("公约内容",)),
        Column("adoption", ("通过方式",)),
        Column("meeting_form", ("议事形式",), "code", codes.SMALL_PROJECT_MEETING_FORM, MEETING_WORDS),
        Column("topic", ("议题",)),
        Column("decision", ("议定事项",)),
        Column("service_type", ("服务类型",), "code", codes.SMALL_PROJECT_SERVICE_TYPE),
        Column("served", ("服务人数",), "int"),
        Column("hazards_found", ("发现隐患", "发现隐患数"), "int"),
        Column("hazards_fixed", ("整改隐患", "整改隐患数"), "int"),
        Column("person_name", ("姓名", "乡贤姓名", "名人姓名")),
        Column("deeds", ("事迹", "主要事迹")),
        Column("motto", ("家训内容", "家训")),
        Column("recorded_by", ("登记人",), export_only=True),
    )
    key_fields = ("kind", "title")
    perm = Perm.PROJECT
    _FIELDS = ("title", "held_on", "place", "participants", "content", "outcome", "responsible",
               "convention_text", "adoption", "meeting_form", "topic", "decision", "service_type", "served",
               "hazards_found", "hazards_fixed", "person_name", "deeds", "motto")

    def make_service(self, db: Any) -> SmallProjectService:
        return SmallProjectService(db, self.principal)

    def context(self, s: Any, plan: AreaPlan) -> Any:
        if plan.default_unit:
            unit = unit_in_scope(s, plan.default_unit, self.scope)
            if unit.level not in RECORD_LEVELS:
                raise ValidationError(f"{unit.name}（{unit.code}）不是网格或村（社区），请选择记录所属的单位。", field="单位")
        return {"units": unit_lookup(s, self.scope, RECORD_LEVELS), "default": plan.default_unit}

    def apply_row(self, svc: SmallProjectService, row: AreaRow, ctx: Any) -> str:
        v = row.values
        unit = resolve_unit(v.get("unit"), ctx["units"], "单位") or ctx["default"]
        return svc.record(ProjectInput(kind=v.get("kind") or "", unit_code=unit,
                                       **{f: v.get(f) for f in self._FIELDS}),  # type: ignore[arg-type]
                          recorder="台账导入")

    def export_rows(self, *, unit_code: str | None = None, kind: str | None = None,
                    date_from: dt.date | None = None, date_to: dt.date | None = None,
                    query: str | None = None) -> list[dict[str, Any]]:
        rows = SmallProjectService(self.db, self.principal).list_projects(
            unit_code, kind=kind, date_from=date_from, date_to=date_to, limit=1_000_000, query=query)
        return [{"unit": p.unit_code, "kind": p.kind, "recorded_by": p.recorded_by,
                 **{f: getattr(p, f) for f in self._FIELDS}} for p in rows]
