"""Special-group records (特殊人群): sensitive personal information (PIPL Art. 28).

One concept, one name: a *special group* is a membership with its own key fields (a record); the resident's
special-group tag of the same name (SENSITIVE_GROUPS) is its index for filters and reports. An active record
(no 解除日期) implies the tag: adding a record adds the tag if missing, ending the last active record of a group
removes it, in the same transaction. A bare tag without a record (from a paper ledger) means "member, details
not yet recorded".

Every read and write needs Perm.SENSITIVE, and every read is audited as a view, like a reveal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from gridapp.core import codes
from gridapp.core.errors import ValidationError
from gridapp.core.permissions import Perm
from gridapp.db.models import Resident, ResidentTag, SpecialGroupRecord
from gridapp.domain import clock
from gridapp.sync.changelog import ChangeWriter

from .base import ScopedService

EDITABLE = ("category", "offense", "start_date", "end_date", "note")


@dataclass(frozen=True)
class SpecialGroupView:
    id: str
    resident_id: str
    group: str
    category: str | None  # code
    category_label: str  # the code's label ("" without a category)
    offense: str | None
    start_date: dt.date
    end_date: dt.date | None
    note: str | None

    @property
    def active(self) -> bool:
        return self.end_date is None

    def as_dict(self, name: str = "", unit_code: str = "") -> dict[str, Any]:
        """The record, with its resident's name and unit where the listing gives them."""
        return {"id": self.id, "resident_id": self.resident_id, "name": name, "unit_code": unit_code,
                "group": self.group, "category": self.category, "category_label": self.category_label,
                "offense": self.offense, "start_date": self.start_date, "end_date": self.end_date, "note": self.note}


def validate_record(values: dict[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    """Check a special-group record's fields (group, its category code, dates); returns them cleaned."""
    today = today or clock.today()
    out = dict(values)
    group = (out.get("group_name") or "").strip()
    spec = codes.SPECIAL_GROUPS.get(group)
    if spec is None:
        raise ValidationError(f"未知的特殊人群类别“{group}”。", field="特殊人群类别")
    out["group_name"] = group
    table, label = spec["category"], spec["category_label"]
    cat = out.get("category") or None
    if table is None:
        if cat is not None:
            raise ValidationError(f"{group}没有分类代码。", field="类别")
    elif cat is None:
        raise ValidationError(f"请选择{label}。", field=label)
    elif cat not in codes.TABLES[table]:
        raise ValidationError(f"{label}代码“{cat}”不在代码表中。", field=label)
    out["category"] = cat
    offense = (out.get("offense") or "").strip() or None
    if offense is not None and not spec["offense"]:
        raise ValidationError(f"{group}不登记原罪名。", field="原罪名")
    if offense is not None and len(offense) > 100:
        raise ValidationError("原罪名不能超过 100 个字。", field="原罪名")
    out["offense"] = offense
    out["note"] = (out.get("note") or "").strip() or None
    if out["note"] is not None and len(out["note"]) > 500:
        raise ValidationError("备注不能超过 500 个字。", field="备注")
    start, end = out.get("start_date"), out.get("end_date")
    if not isinstance(start, dt.date):
        raise ValidationError("请填写起始日期。", field="起始日期")
    if start > today:
        raise ValidationError("起始日期不能晚于今天。", field="起始日期")
    if end is not None:
        if end < start:
            raise ValidationError(f"解除日期（{end}）不能早于起始日期（{start}）。", field="解除日期")
        if end > today:
            raise ValidationError("解除日期不能晚于今天。", field="解除日期")
    return out


class SpecialGroupService(ScopedService):
    """Special-group records of the residents in the user's scope (also via `RegistryService.special_groups`)."""

    def _need(self, *perms: Perm) -> None:
        for p in perms:
            super()._need(p)

    @staticmethod
    def _view(r: SpecialGroupRecord) -> SpecialGroupView:
        table = codes.SPECIAL_GROUPS[r.group_name]["category"] if r.group_name in codes.SPECIAL_GROUPS else None
        return SpecialGroupView(r.id, r.resident_id, r.group_name, r.category,
                                codes.label(table, r.category) if table else "", r.offense, r.start_date,
                                r.end_date, r.note)

    def _sync_tag(self, s, w: ChangeWriter, resident: Resident, group: str) -> None:
        """Make the resident's tag for `group` follow its records: present iff an active record exists."""
        active = s.execute(select(SpecialGroupRecord.id).where(
            SpecialGroupRecord.resident_id == resident.id, SpecialGroupRecord.group_name == group,
            SpecialGroupRecord.deleted.is_(False), SpecialGroupRecord.end_date.is_(None))).first()
        tags = list(s.execute(select(ResidentTag.id).where(
            ResidentTag.resident_id == resident.id, ResidentTag.tag == group,
            ResidentTag.deleted.is_(False))).scalars())
        if active and not tags:
            w.insert(ResidentTag, {"unit_code": resident.unit_code, "resident_id": resident.id, "tag": group,
                                   "since": None, "note": None})
        elif not active:
            for tid in tags:
                w.delete(ResidentTag, tid)

    def of_resident(self, resident_id: str) -> list[SpecialGroupView]:
        """The resident's special-group records (active first, then ended, newest first); audited as a view."""
        self._need(Perm.READ, Perm.SENSITIVE)
        with self.db.write() as s:
            row = self._live(s, Resident, resident_id, "居民")
            rows = list(s.execute(select(SpecialGroupRecord).where(
                SpecialGroupRecord.resident_id == resident_id, SpecialGroupRecord.deleted.is_(False))).scalars())
            self._audit(s, "view", resident_id, row.unit_code, {"special_groups": len(rows)}, table="special_group_record")
            rows.sort(key=lambda r: (r.end_date is not None, -r.start_date.toordinal()))
            return [self._view(r) for r in rows]

    def add(self, resident_id: str, group: str, *, start_date: dt.date, category: str | None = None,
            offense: str | None = None, note: str | None = None, today: dt.date | None = None) -> str:
        """Record a resident's membership of a special group (one active record per group); adds its tag."""
        self._need(Perm.EDIT, Perm.SENSITIVE)
        values = validate_record({"group_name": group, "category": category, "offense": offense,
                                  "start_date": start_date, "end_date": None, "note": note}, today)
        with self.db.write() as s:
            row = self._live(s, Resident, resident_id, "居民")
            if row.status != "active":
                raise ValidationError(f"{row.name}不在册，不能登记特殊人群。", field="居民")
            dup = s.execute(select(SpecialGroupRecord.id).where(
                SpecialGroupRecord.resident_id == resident_id, SpecialGroupRecord.group_name == values["group_name"],
                SpecialGroupRecord.deleted.is_(False), SpecialGroupRecord.end_date.is_(None))).first()
            if dup:
                raise ValidationError(f"{row.name}已有一条未解除的“{values['group_name']}”记录，请修改那一条。",
                                      field="特殊人群类别")
            w = ChangeWriter(self.db, s)
            new_id = w.insert(SpecialGroupRecord, {**values, "unit_code": row.unit_code, "resident_id": resident_id})
            self._sync_tag(s, w, row, values["group_name"])
            self._audit(s, "create", new_id, row.unit_code, {"resident": resident_id}, table="special_group_record")
            return new_id

    def update(self, record_id: str, changes: dict[str, Any], *, today: dt.date | None = None) -> bool:
        """Change a record's fields (category, offense, dates, note); ending it is setting `end_date`."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
        self._need(Perm.EDIT, Perm.SENSITIVE)
        with self.db.write() as s:
            rec = self._live(s, SpecialGroupRecord, record_id, "特殊人群记录")
            current = {k: getattr(rec, k) for k in ("group_name", *EDITABLE)}
            merged = validate_record({**current, **changes}, today)
            if current["end_date"] is not None and merged["end_date"] is None:
                dup = s.execute(select(SpecialGroupRecord.id).where(
                    SpecialGroupRecord.resident_id == rec.resident_id,
                    SpecialGroupRecord.group_name == rec.group_name, SpecialGroupRecord.id != rec.id,
                    SpecialGroupRecord.deleted.is_(False), SpecialGroupRecord.end_date.is_(None))).first()
                if dup:
                    raise ValidationError(f"已有一条未解除的“{rec.group_name}”记录。", field="解除日期")
            clean = {k: merged[k] for k in changes if merged[k] != current[k]}
            if not clean:
                return False
            w = ChangeWriter(self.db, s)
            w.update(SpecialGroupRecord, record_id, clean)
            resident = s.get_one(Resident, rec.resident_id)
            self._sync_tag(s, w, resident, rec.group_name)
            self._audit(s, "edit", record_id, rec.unit_code, {"fields": sorted(clean)}, table="special_group_record")
            return True

    def resident_id(self, key: str) -> str:
        """A resident in scope by record id or full ID number (for the command line)."""
        return self._resident_by_key(key)

    def list(self, *, group: str | None = None, active_only: bool = False,
             resident_id: str | None = None) -> list[tuple[SpecialGroupView, str, str]]:
        """Special-group records in scope as (record, resident name, unit code), by unit and group; audited as
        a view of the listed records."""
        self._need(Perm.READ, Perm.SENSITIVE)
        if group is not None and group not in codes.SPECIAL_GROUPS:
            raise ValidationError(f"未知的特殊人群类别“{group}”；可选：{'、'.join(codes.SPECIAL_GROUPS)}。",
                                  field="特殊人群类别")
        with self.db.write() as s:
            q = (select(SpecialGroupRecord, Resident.name).join(Resident, Resident.id == SpecialGroupRecord.resident_id)
                 .where(SpecialGroupRecord.deleted.is_(False), SpecialGroupRecord.unit_code.startswith(self.scope)))
            if group is not None:
                q = q.where(SpecialGroupRecord.group_name == group)
            if active_only:
                q = q.where(SpecialGroupRecord.end_date.is_(None))
            if resident_id is not None:
                q = q.where(SpecialGroupRecord.resident_id == resident_id)
            rows = s.execute(q.order_by(SpecialGroupRecord.unit_code, SpecialGroupRecord.group_name,
                                        SpecialGroupRecord.start_date)).all()
            self._audit(s, "view", resident_id or "", self.scope, {"special_groups": len(rows), "group": group}, table="special_group_record")
            return [(self._view(r), name, r.unit_code) for r, name in rows]

    def end(self, record_id: str, on: dt.date, *, today: dt.date | None = None) -> bool:
        """解除: the record ends on `on`; the group's tag goes with the last active record."""
        return self.update(record_id, {"end_date": on}, today=today)
