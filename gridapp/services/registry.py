"""Buildings, households and residents: the rules every entry point (GUI, CLI, import, demo) obeys.

This module holds the foundation's part of the registry (create, edit, status changes, scope and ID
checks); the registry issue adds search, ledgers and the full GB/T 31000 extensions on top of it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from gridapp.core import codes, regions
from gridapp.core.errors import PermissionDenied, ScopeError, ValidationError
from gridapp.core.idnumber import mask_id, parse_id
from gridapp.core.orgcode import Level, is_within
from gridapp.core.permissions import SENSITIVE_FIELDS, SENSITIVE_MASK, Perm, Principal
from gridapp.core.phone import mask_phone, normalize_phone
from gridapp.core.progress import Progress
from gridapp.db.database import Database
from gridapp.db.models import Building, Household, OrgUnit, Resident
from gridapp.domain import clock
from gridapp.domain.residents import ResidentFilter, ResidentInput
from gridapp.sync.changelog import ChangeWriter

from . import paging, unitnames
from .base import ScopedService

RESIDENT_EDITABLE = {
    "name", "former_name", "gender", "birth_date", "ethnicity", "native_place", "marital_status",
    "political_status", "education", "religion", "occupation_category", "occupation", "workplace", "phone",
    "registered_region", "registered_address", "current_region", "current_address", "resident_type",
    "relation_to_head", "household_id", "id_number",
}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_code(table: str, value: str | None, field: str) -> None:
    if value is not None and value not in codes.TABLES[table]:
        raise ValidationError(f"{field}代码“{value}”不在代码表中。", field=field)


def _editable(changes: dict[str, Any], editable: set[str] | frozenset[str], noun: str) -> dict[str, Any]:
    """A building's or household's `changes`, texts stripped (blank: None); a field outside `editable` is refused."""
    unknown = set(changes) - editable
    if unknown:
        raise ValidationError(f"不能修改{noun}的这些字段：{'、'.join(sorted(unknown))}。")
    return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in changes.items()}


def validate_resident(data: dict[str, Any], *, tidied: bool = False) -> dict[str, Any]:
    """Check a resident's fields and fill what the ID number implies. Returns the cleaned values (control
    characters, which no workbook can hold, dropped from every text; `tidied`: the caller has dropped them)."""
    out = dict(data) if tidied else {k: _CONTROL.sub("", v) if isinstance(v, str) else v for k, v in data.items()}
    name = (out.get("name") or "").strip()
    if not name:
        raise ValidationError("姓名不能为空。", field="姓名")
    if len(name) > 50:
        raise ValidationError("姓名不能超过 50 个字。", field="姓名")
    out["name"] = name
    info = parse_id(out.get("id_number") or "")
    out["id_number"] = info.number
    if out.get("gender") in (None, ""):
        out["gender"] = info.gender
    elif out["gender"] != info.gender:
        raise ValidationError(
            f"性别“{codes.label('gender', out['gender'])}”与身份证号不符（号码显示为"
            f"{codes.label('gender', info.gender)}）。", field="性别")
    if out.get("birth_date") in (None, ""):
        out["birth_date"] = info.birth_date
    elif out["birth_date"] != info.birth_date:
        raise ValidationError(
            f"出生日期 {out['birth_date']} 与身份证号中的 {info.birth_date} 不符。", field="出生日期")
    out["phone"] = normalize_phone(out.get("phone"))
    _check_code("ethnicity", out.get("ethnicity"), "民族")
    _check_code("relation", out.get("relation_to_head"), "与户主关系")
    validate_person_fields(out)
    _check_code("resident_type", out.get("resident_type") or "1", "人口类型")
    validate_extension(out)
    return out


# the rest of the person block: coded fields, region codes (GB/T 2260, 6 digits) and free text with its length
PERSON_CODES = {"marital_status": ("marital", "婚姻状况"), "political_status": ("political", "政治面貌"),
                "education": ("education", "学历")}
PERSON_REGIONS = {"native_place": "籍贯", "registered_region": "户籍地", "current_region": "现住地"}
PERSON_TEXT = {"former_name": ("曾用名", 50), "occupation_category": ("职业类别", 10), "occupation": ("职业", 50),
               "workplace": ("服务处所", 100), "registered_address": ("户籍详址", 200),
               "current_address": ("现住址", 200), "religion": ("宗教信仰", 20)}


def validate_person_fields(out: dict[str, Any]) -> None:
    """Check (in place) the person block beyond name and ID: codes from their tables, places as GB/T 2260 codes
    (typed as the code or the place's name: gridapp.core.regions),
    texts trimmed (empty is None) and within their column's length; the field is named in the message."""
    # a field the dict does not hold has nothing to check (an import row holds a few of these 13)
    for fld, (table, label) in PERSON_CODES.items():
        if fld not in out:
            continue
        if out[fld] == "":
            out[fld] = None
        _check_code(table, out[fld], label)
    for fld, label in PERSON_REGIONS.items():
        if fld not in out:
            continue
        # the code, or the place's name (山东省淄博市张店区, 淄博市张店区, 张店区 where only one place has it)
        out[fld] = regions.parse(out[fld], label)
    for fld, (label, most) in PERSON_TEXT.items():
        if fld not in out:
            continue
        v = out[fld]
        if isinstance(v, str):
            v = out[fld] = v.strip() or None
            if v is not None and len(v) > most:
                raise ValidationError(f"{label}不能超过 {most} 个字。", field=label)


# -- the resident-type extensions (户籍 / 流动 / 境外, GB/T 31000) -----------------------------------------------
# field -> (label, code table or "date" / "text" / "bool")
LOCAL_FIELDS = {"household_match": ("人户一致标识", "household_match")}
FLOATING_FIELDS = {
    "inflow_reason": ("流入原因", "inflow_reason"), "permit_type": ("办证类型", "permit_type"),
    "permit_no": ("证件号码", "text"), "permit_registered": ("登记日期", "date"),
    "permit_expires": ("证件到期日期", "date"), "dwelling_type": ("住所类型", "dwelling_type"),
    "key_attention": ("是否重点关注", "bool"),
}
FOREIGN_FIELDS = {
    "foreign_surname": ("外文姓", "text"), "foreign_given_name": ("外文名", "text"),
    "chinese_name": ("中文姓名", "text"), "nationality": ("国籍", "nationality"),
    "foreign_doc_type": ("证件代码", "foreign_doc"), "foreign_doc_no": ("证件号码", "text"),
    "foreign_doc_expires": ("证件有效期", "date"), "visit_purpose": ("来华目的", "visit_purpose"),
    "arrival_date": ("抵达日期", "date"), "departure_date": ("预计离开日期", "date"),
}
EXTENSION_FIELDS = {**LOCAL_FIELDS, **FLOATING_FIELDS, **FOREIGN_FIELDS}
_EXTENSION_OF_TYPE = {codes.RESIDENT_LOCAL: LOCAL_FIELDS, codes.RESIDENT_FLOATING: FLOATING_FIELDS,
                      codes.RESIDENT_FOREIGN: FOREIGN_FIELDS}
RESIDENT_EDITABLE |= set(EXTENSION_FIELDS)
_TEXT_MAX = {"permit_no": 30, "foreign_surname": 80, "foreign_given_name": 80, "chinese_name": 50,
             "foreign_doc_no": 30}


def extension_fields_of(resident_type: str | None) -> set[str]:
    """The extension fields a resident of this type may have (户籍, 流动 or 境外 ones)."""
    return set(_EXTENSION_OF_TYPE.get(resident_type or codes.RESIDENT_LOCAL, {}))


def validate_extension(out: dict[str, Any]) -> None:
    """Check (in place) the extension fields: codes from their tables, dates in order, text trimmed, and
    each type's fields only on a resident of that type (流动 fields only for 流动人口, 境外 only for 境外人员)."""
    if out.keys().isdisjoint(EXTENSION_FIELDS):  # most residents have none: nothing to check
        return
    rtype = out.get("resident_type") or codes.RESIDENT_LOCAL
    allowed = _EXTENSION_OF_TYPE.get(rtype, {})
    for fld, (label, kind) in EXTENSION_FIELDS.items():
        v = out.get(fld)
        if isinstance(v, str):
            v = v.strip() or None
        if fld in out:
            out[fld] = v
        if v is None:
            continue
        if fld not in allowed:
            owner = "户籍人口" if fld in LOCAL_FIELDS else "流动人口" if fld in FLOATING_FIELDS else "境外人员"
            raise ValidationError(
                f"“{label}”只用于{owner}，人口类型为“{codes.label('resident_type', rtype)}”的居民不能填写。",
                field=label)
        if kind == "date":
            if not isinstance(v, dt.date):
                try:
                    v = out[fld] = dt.date.fromisoformat(str(v))
                except ValueError:
                    raise ValidationError(f"{label}请写成 2024-01-31。", field=label) from None
        elif kind == "bool":
            out[fld] = bool(v)
        elif kind == "text":
            if len(v) > _TEXT_MAX[fld]:
                raise ValidationError(f"{label}不能超过 {_TEXT_MAX[fld]} 个字符。", field=label)
        else:
            _check_code(kind, v, label)
    for first, then in (("permit_registered", "permit_expires"), ("arrival_date", "departure_date")):
        a, b = out.get(first), out.get(then)
        if isinstance(a, dt.date) and isinstance(b, dt.date) and b <= a:
            raise ValidationError(f"{EXTENSION_FIELDS[then][0]}（{b}）必须晚于{EXTENSION_FIELDS[first][0]}（{a}）。",
                                  field=EXTENSION_FIELDS[then][0])


SEARCH_LIMIT = 200


def _prefix_range(prefix: str) -> tuple[str, str]:
    """[lo, hi) of the strings that start with `prefix` (an index range, unlike LIKE)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


ELSEWHERE = "已在其他网格登记，请联系社区"  # a person registered outside the user's scope: no grid, no name
SHOWN_DIGITS = 4  # a masked ID number or phone shows its last 4 digits: endings up to 4 confirm nothing hidden
SHOWN_PHONE_PREFIX = 3  # and a mobile its first 3
MIN_DIGITS = 3  # the shortest ID/phone ending searched: 2 digits match about 1% of a district


def audit_query(query: str) -> str:
    """The search text as the audit log keeps it: a number masked like the lists (the log syncs upward)."""
    q = query.strip()
    kind = search_kind(q)
    if kind == "id":
        return mask_id(q)
    if kind == "digits" and len(q) > SHOWN_DIGITS:
        return "*" * (len(q) - SHOWN_DIGITS) + q[-SHOWN_DIGITS:]
    return q


def _filter_detail(f: ResidentFilter) -> dict[str, Any]:
    import dataclasses

    return {k: v for k, v in dataclasses.asdict(f).items() if v not in (None, "", False)}


def in_list(column: Any, values: Sequence[Any]) -> Any:
    """`column IN (values)` with the values as one JSON parameter (read by SQLite's json_each): a few thousand
    rowids or names as separate bound parameters cost SQLAlchemy about 20 µs each to render and bind (0.1 s
    or more for the rows an address part finds at a million residents), the JSON text a few ms."""
    from sqlalchemy import func

    table = func.json_each(json.dumps(list(values), ensure_ascii=False)).table_valued("value")
    return column.in_(select(table.c.value))


def search_kind(query: str) -> str:
    """How a search box text is read: id (a full ID number), digits (ID or phone ending, phone start),
    pinyin (letters: initials or full pinyin), or text (a name or part of an address)."""
    q = query.strip()
    if len(q) == 18 and q[:17].isdigit():
        return "id"
    if q and (q.isdigit() or (q[:-1].isdigit() and q[-1] in "xX")):
        return "digits"
    if q.isascii() and q.replace(" ", "").isalpha():
        return "pinyin"
    return "text"


@dataclass(frozen=True)
class SearchResult:
    rows: list[ResidentView]
    truncated: bool  # more residents matched than were returned (the caller asks for more text)
    too_short: bool = False  # 1-2 digits: not searched (they match about 1% of everyone); ask for 3 or more


@dataclass(frozen=True)
class Member:
    resident_id: str
    name: str
    relation: str  # label
    gender: str  # label
    age: int
    id_number: str  # masked


@dataclass(frozen=True)
class HouseholdView:
    id: str
    unit_code: str
    address: str
    household_no: str | None
    building_id: str | None
    head_name: str | None
    members: list[Member]
    room: str | None = None


@dataclass(frozen=True)
class BuildingView:
    id: str
    unit_code: str
    name: str
    address: str | None
    households: list[tuple[str, str, str | None, int]]  # (household id, address, head name, member count)


@dataclass(frozen=True)
class HistoryEntry:
    at: str  # local time, Asia/Shanghai
    op: str  # 新增 / 修改 / 删除
    fields: dict[str, str]  # field label -> new value as shown (ID and phone masked)


FIELD_LABELS = {
    "name": "姓名", "former_name": "曾用名", "gender": "性别", "birth_date": "出生日期", "ethnicity": "民族",
    "native_place": "籍贯", "marital_status": "婚姻状况", "political_status": "政治面貌", "education": "学历",
    "religion": "宗教信仰", "occupation_category": "职业类别", "occupation": "职业", "workplace": "服务处所",
    "phone": "联系电话", "registered_region": "户籍地", "registered_address": "户籍详址",
    "current_region": "现住地", "current_address": "现住详址", "resident_type": "人口类型",
    "relation_to_head": "与户主关系", "household_id": "户", "id_number": "公民身份号码", "status": "状态",
    "status_date": "状态变更日期",
    **{k: label for k, (label, _kind) in EXTENSION_FIELDS.items()},
}
_FIELD_CODES = {"gender": "gender", "ethnicity": "ethnicity", "marital_status": "marital",
                "political_status": "political", "education": "education", "resident_type": "resident_type",
                "relation_to_head": "relation", "status": "resident_status",
                **{k: kind for k, (_label, kind) in EXTENSION_FIELDS.items() if kind in codes.TABLES}}


def _age_bounds(today: dt.date, age_min: int | None, age_max: int | None) -> tuple[dt.date | None, dt.date | None]:
    """Birth-date bounds for an age range in whole years on `today`."""
    def years_ago(n: int) -> dt.date:
        try:
            return today.replace(year=today.year - n)
        except ValueError:  # 29 February
            return today.replace(year=today.year - n, day=28)

    born_after = years_ago(age_max + 1) + dt.timedelta(days=1) if age_max is not None else None
    born_before = years_ago(age_min) if age_min is not None else None
    return born_after, born_before


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def age_in_year(birth: dt.date, on: dt.date) -> int:
    """The age reached in `on`'s year (当年周岁): what a masked view shows. It depends on the birth year alone;
    the exact age would change on the birthday, so prints or lists of several dates would tell the day."""
    return max(on.year - birth.year, 0)



@dataclass(frozen=True)
class ResidentView:
    """A resident as shown: ID and phone masked unless revealed; religion only with SENSITIVE."""

    id: str
    unit_code: str
    name: str
    id_number: str
    phone: str
    gender: str
    birth_date: dt.date | None  # only when revealed: with the masked ID's first 6 and last 4 it rebuilds the number
    resident_type: str
    status: str
    current_address: str | None
    religion: str | None
    revealed: bool
    birth_year: int = 0  # what a masked view shows instead of the birth date (see README, protection)
    registered_region: str | None = None  # 户籍地, the GB/T 2260 code (the list shows its name)

    def as_dict(self) -> dict[str, Any]:
        """As a list or search row shows it: numbers as shown (masked unless revealed), the gender's label, the
        birth year and not the date."""
        return {"id": self.id, "unit_code": self.unit_code, "name": self.name, "id_number": self.id_number,
                "gender": codes.label("gender", self.gender), "birth_year": self.birth_year, "phone": self.phone,
                "current_address": self.current_address or ""}


class RegistryService(ScopedService):
    """The registry's rules. `who` is the signed-in user (`Principal`): the scope is the user's unit subtree,
    each act needs the role's permission, and reads and writes are audited. A plain unit code instead of a
    principal is the installation acting for itself (demo data, tests): scoped, not audited, always masked.
    """

    def __init__(self, db: Database, who: str | Principal):
        super().__init__(db, who)

    def _may_reveal(self) -> bool:
        return self.principal.may(Perm.REVEAL)

    # -- helpers ------------------------------------------------------------------------------
    def _grid(self, s, code: str, *, for_new: bool = False) -> OrgUnit:
        if not is_within(code, self.scope):
            raise ScopeError(f"网格 {code} 不在本单位 {self.scope} 的范围内。", field="网格")
        unit = s.execute(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))).scalar()
        if unit is None or unit.level != Level.GRID.value:
            raise ValidationError(f"网格 {code} 不存在。", field="网格")
        if for_new and unit.retired_on is not None:
            raise ValidationError(f"网格“{unit.name}”（{code}）已撤销，不能再登记新的记录。", field="网格")
        return unit

    def _scoped(self, s, model: type, row_id: str, what: str):
        return self._live(s, model, row_id, what)

    def _refuse_duplicate(self, s, id_number: str, exclude: str | None = None) -> None:
        """One active record per ID number, whichever path (create, edit, re-activation) would make two."""
        q = select(Resident.name, Resident.unit_code).where(
            Resident.id_number == id_number, Resident.deleted.is_(False), Resident.status == "active")
        if exclude is not None:
            q = q.where(Resident.id != exclude)
        dup = s.execute(q).first()
        if dup and not is_within(dup[1], self.scope):  # who and where is not this user's to know
            raise ValidationError(f"身份证号{ELSEWHERE}。", field="公民身份号码")
        if dup:
            raise ValidationError(f"身份证号已登记（{dup[0]}），同一人不能重复登记。", field="公民身份号码")

    # -- buildings and households ---------------------------------------------------------------
    def create_building(self, grid_code: str, name: str, *, address: str | None = None,
                        kind: str = "residential", floors: int | None = None) -> str:
        name = (name or "").strip()
        if not name:
            raise ValidationError("楼栋名称不能为空。", field="楼栋名称")
        _check_code("building_kind", kind, "楼栋类型")
        self._need(Perm.EDIT)
        with self.db.write() as s:
            self._grid(s, grid_code, for_new=True)
            new_id = ChangeWriter(self.db, s).insert(Building, {
                "unit_code": grid_code, "name": name, "address": address, "kind": kind, "floors": floors})
            self._audit(s, "create", new_id, grid_code, table="building")
            return new_id

    def create_household(self, grid_code: str, address: str, *, building_id: str | None = None,
                         household_no: str | None = None, room: str | None = None) -> str:
        address = (address or "").strip()
        if not address:
            raise ValidationError("户的地址不能为空。", field="地址")
        self._need(Perm.EDIT)
        with self.db.write() as s:
            self._grid(s, grid_code, for_new=True)
            if building_id is not None:
                building = self._scoped(s, Building, building_id, "楼栋")
                if building.unit_code != grid_code:
                    raise ValidationError("该楼栋不属于所选网格。", field="楼栋")
            new_id = ChangeWriter(self.db, s).insert(Household, {
                "unit_code": grid_code, "address": address, "building_id": building_id,
                "household_no": household_no, "room": room})
            self._audit(s, "create", new_id, grid_code, table="household")
            return new_id

    # -- residents ------------------------------------------------------------------------------
    def create_resident(self, data: ResidentInput) -> str:
        values = validate_resident({
            "id_number": data.id_number, "name": data.name, "gender": data.gender,
            "birth_date": data.birth_date, "ethnicity": data.ethnicity, "phone": data.phone,
            "resident_type": data.resident_type, "relation_to_head": data.relation_to_head,
            "current_address": data.current_address, **(data.extra or {}),
        })
        self._need(Perm.EDIT)
        self._need_sensitive_for(data.extra or {})
        with self.db.write() as s:
            self._grid(s, data.grid_code, for_new=True)
            if data.household_id is not None:
                household = self._scoped(s, Household, data.household_id, "户")
                if household.unit_code != data.grid_code:
                    raise ValidationError("该户不属于所选网格。", field="户")
            self._refuse_duplicate(s, values["id_number"])
            new_id = ChangeWriter(self.db, s).insert(Resident, {
                **values, "unit_code": data.grid_code, "household_id": data.household_id, "status": "active"})
            self._audit(s, "create", new_id, data.grid_code, table="resident")
            return new_id

    def _need_sensitive_for(self, values: dict[str, Any], *, clearing: bool = False) -> None:
        """Writing a sensitive field (宗教信仰, 政治面貌) needs Perm.SENSITIVE: refused with the field named
        (`clearing`: emptying one is a write too, as on an edit)."""
        if self.principal.may(Perm.SENSITIVE):
            return
        named = [FIELD_LABELS.get(k, k) for k in sorted(SENSITIVE_FIELDS)
                 if k in values and (clearing or values[k] not in (None, ""))]
        if named:
            raise PermissionDenied(
                f"当前用户“{self.principal.username}”（{self.principal.role.label_zh}）没有“{Perm.SENSITIVE.label_zh}”"
                f"的权限：{'、'.join(named)}属敏感个人信息，不能填写或修改。", field=named[0])

    def update_resident(self, resident_id: str, changes: dict[str, Any],
                        base: dict[str, list[Any]] | None = None, *, on: dt.date | None = None) -> bool:
        """Change a resident's fields (validated, within scope). `on`: the date a move took effect, written
        with the change as the status date (the history shows it as 迁入日期)."""
        unknown = set(changes) - RESIDENT_EDITABLE
        if unknown:
            raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
        self._need(Perm.EDIT)
        self._need_sensitive_for(changes, clearing=True)
        with self.db.write() as s:
            row = self._scoped(s, Resident, resident_id, "居民")
            current = {k: getattr(row, k) for k in RESIDENT_EDITABLE}
            merged = validate_resident({**current, **changes})
            if "household_id" in changes and changes["household_id"] is not None:
                household = self._scoped(s, Household, changes["household_id"], "户")
                if household.unit_code != row.unit_code:
                    raise ValidationError("只能迁入同一网格内的户。", field="户")
            clean = {k: merged[k] for k in changes}
            if "id_number" in clean and row.status == "active":
                self._refuse_duplicate(s, clean["id_number"], exclude=resident_id)
            if on is not None:
                if on > clock.today():
                    raise ValidationError("迁入日期不能晚于今天。", field="日期")
                if any(getattr(row, k) != v for k, v in clean.items()):
                    clean["status_date"] = on
            changed = ChangeWriter(self.db, s).update(Resident, resident_id, clean, base)
            if changed:
                self._audit(s, "edit", resident_id, row.unit_code, {"fields": sorted(clean)}, table="resident")
            return changed

    def set_status(self, resident_id: str, status: str, on: dt.date) -> None:
        """Moving out or death: a status change with a date, never a hard delete."""
        if status not in codes.RESIDENT_STATUS:
            raise ValidationError(f"未知的人员状态“{status}”。", field="状态")
        if on > clock.today():
            raise ValidationError("状态变更日期不能晚于今天。", field="日期")
        self._need(Perm.EDIT)
        with self.db.write() as s:
            row = self._scoped(s, Resident, resident_id, "居民")
            if status == "active":
                self._refuse_duplicate(s, row.id_number, exclude=resident_id)
            ChangeWriter(self.db, s).update(Resident, resident_id, {"status": status, "status_date": on})
            if status != "active":  # 迁出, 死亡: his party rows go with him (membership, 中心户, 党员 tag)
                from . import party_history

                party_history.resident_left(self.db, s, row, status, on, self._username)
            self._audit(s, "edit", resident_id, row.unit_code, {"status": status}, table="resident")

    # -- reading (masked by default) ---------------------------------------------------------------
    def _view(self, row: Resident, reveal: bool) -> ResidentView:
        sensitive = self.principal.may(Perm.SENSITIVE)
        return ResidentView(
            id=row.id, unit_code=row.unit_code, name=row.name,
            id_number=row.id_number if reveal else mask_id(row.id_number),
            phone=(row.phone or "") if reveal else mask_phone(row.phone),
            gender=row.gender, birth_date=row.birth_date if reveal else None, resident_type=row.resident_type,
            status=row.status, current_address=row.current_address, religion=row.religion if sensitive else None,
            revealed=reveal, birth_year=row.birth_date.year, registered_region=row.registered_region)

    def get_resident(self, resident_id: str, *, reveal: bool = False, reason: str = "") -> ResidentView:
        """One resident's record, logged as a view; `reveal` (a deliberate act, REVEAL) unmasks ID and phone."""
        self._need(Perm.READ)
        if reveal:
            self._need(Perm.REVEAL)
        with self.db.write() as s:
            row = self._scoped(s, Resident, resident_id, "居民")
            self._audit(s, "reveal" if reveal else "view", resident_id, row.unit_code, {"reason": reason} if reveal else None, table="resident")
            return self._view(row, reveal)

    def list_residents(self, grid_code: str | None = None, *, limit: int = 500,
                       offset: int = 0) -> list[ResidentView]:
        """Active residents in scope (or in one grid of it), masked, in name order (audited at offset 0)."""
        self._need(Perm.READ)
        prefix = grid_code or self.scope
        if not is_within(prefix, self.scope):
            raise ScopeError(f"网格 {prefix} 不在本单位 {self.scope} 的范围内。", field="网格")
        if offset == 0 and self._audited:
            with self.db.write() as s:
                self._audit(s, "view", "", prefix, {"list": {"grid_code": prefix}}, table="resident")
        with self.db.read() as s:
            rows = s.execute(select(Resident).where(
                Resident.unit_code.startswith(prefix), Resident.deleted.is_(False), Resident.status == "active")
                .order_by(Resident.unit_code, Resident.name, Resident.id).limit(limit).offset(offset)).scalars()
            return [self._view(r, False) for r in rows]

    def export_residents_csv(self, path, *, reveal: bool = False) -> int:
        """The resident roster as CSV (UTF-8 with BOM): masked unless `reveal` (needs REVEAL); logged."""
        import csv
        from pathlib import Path

        self._need(Perm.EXPORT)
        if reveal:
            self._need(Perm.REVEAL)
        rows = []
        with self.db.read() as s:
            for r in s.execute(select(Resident).where(
                    Resident.unit_code.startswith(self.scope), Resident.deleted.is_(False),
                    Resident.status == "active").order_by(Resident.unit_code, Resident.name)).scalars():
                rows.append(self._view(r, reveal))
        with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(["网格", "姓名", "公民身份号码", "性别", "出生日期" if reveal else "出生年份", "联系电话",
                          "现住址"])
            for v in rows:
                born = v.birth_date.isoformat() if v.birth_date is not None else str(v.birth_year)
                out.writerow([v.unit_code, v.name, v.id_number, codes.label("gender", v.gender),
                              born, v.phone, v.current_address or ""])
        if self._audited:
            with self.db.write() as s:
                self._audit(s, "export", "", self.scope, {"rows": len(rows), "revealed": reveal, "file": Path(path).name}, table="resident")
        return len(rows)


    # -- tags ---------------------------------------------------------------------------------------
    def _check_tag(self, tag: str) -> str:
        from gridapp.core.permissions import SENSITIVE_GROUPS, SENSITIVE_TAGS

        tag = (tag or "").strip()
        if tag not in codes.CARE_TAGS and tag not in SENSITIVE_GROUPS:
            raise ValidationError(f"未知的标签“{tag}”。", field="标签")
        if tag in SENSITIVE_TAGS:  # special groups, and 党员 (it states the sensitive party membership)
            self._need(Perm.SENSITIVE)
        return tag

    def tags_of(self, resident_id: str) -> list[str]:
        from gridapp.core.permissions import visible_tags
        from gridapp.db.models import ResidentTag

        self._need(Perm.READ)
        with self.db.read() as s:
            self._scoped(s, Resident, resident_id, "居民")
            tags = sorted(set(s.execute(select(ResidentTag.tag).where(
                ResidentTag.resident_id == resident_id, ResidentTag.deleted.is_(False))).scalars()))
        return visible_tags(self.principal, tags)

    def add_tag(self, resident_id: str, tag: str, *, since: dt.date | None = None, note: str | None = None) -> bool:
        """Tag a resident; False if the tag is already there. Special groups need Perm.SENSITIVE."""
        return self.set_tags(resident_id, add=[tag], since=since, note=note) > 0

    def remove_tag(self, resident_id: str, tag: str) -> bool:
        return self.set_tags(resident_id, remove=[tag]) > 0

    def set_tags(self, resident_id: str, add: Sequence[str] = (), remove: Sequence[str] = (), *,
                 since: dt.date | None = None, note: str | None = None) -> int:
        """Add and remove tags of one resident in one transaction (all or nothing); returns how many tags
        changed. Special groups need Perm.SENSITIVE; a special-group tag with an open record stays."""
        from gridapp.db.models import ResidentTag

        add = [self._check_tag(t) for t in add]
        remove = [self._check_tag(t) for t in remove]
        self._need(Perm.EDIT)
        changed = 0
        with self.db.write() as s:
            row = self._scoped(s, Resident, resident_id, "居民")

            def live(tag: str) -> list[str]:
                return list(s.execute(select(ResidentTag.id).where(
                    ResidentTag.resident_id == resident_id, ResidentTag.tag == tag,
                    ResidentTag.deleted.is_(False))).scalars())

            for tag in dict.fromkeys(add):
                if live(tag):
                    continue
                # one writer per write: the audit record below takes its own sequence numbers
                ChangeWriter(self.db, s).insert(ResidentTag, {"unit_code": row.unit_code, "resident_id": resident_id,
                                                              "tag": tag, "since": since, "note": note})
                self._audit(s, "edit", resident_id, row.unit_code, {"tag_added": tag}, table="resident")
                changed += 1
            for tag in dict.fromkeys(remove):
                self._refuse_tag_of_active_record(s, resident_id, tag)
                ids = live(tag)
                w = ChangeWriter(self.db, s)
                for tid in ids:  # the same tag added on two nodes: two rows, both go
                    w.delete(ResidentTag, tid)
                if ids:
                    self._audit(s, "edit", resident_id, row.unit_code, {"tag_removed": tag}, table="resident")
                    changed += 1
        return changed

    # -- search and filtered lists ------------------------------------------------------------------------
    def _base_conditions(self, f: ResidentFilter, today: dt.date) -> list:
        from sqlalchemy import literal_column

        from gridapp.core.permissions import SENSITIVE_TAGS
        from gridapp.db.models import ResidentTag

        live = Resident.deleted == literal_column("0")  # written as the partial indexes' WHERE has it
        prefix = f.grid_code or self.scope
        if not is_within(prefix, self.scope):
            raise ScopeError(f"网格 {prefix} 不在本单位 {self.scope} 的范围内。", field="网格")
        if f.grid_code:
            lo, hi = _prefix_range(prefix)
            cond = [Resident.unit_code >= lo, Resident.unit_code < hi, live]
        else:
            # the whole scope: written so that SQLite cannot pick the unit_code index for it, and uses the
            # index of the search term or of the sort order instead (the scope is most of the table anyway)
            from sqlalchemy import func

            cond = [func.substr(Resident.unit_code, 1, len(prefix)) == prefix, live]
        if f.status in codes.RESIDENT_STATUS:
            # as a literal, like the WHERE of the partial sort indexes (a bound value would not match it)
            cond.append(Resident.status == literal_column(f"'{f.status}'"))
        elif f.status:
            cond.append(Resident.status == f.status)
        if f.resident_type:
            cond.append(Resident.resident_type == f.resident_type)
        if f.household_id:
            cond.append(Resident.household_id == f.household_id)
        if f.building_id:
            cond.append(Resident.household_id.in_(select(Household.id).where(Household.building_id == f.building_id)))
        if f.tag:
            if f.tag in SENSITIVE_TAGS:
                self._need(Perm.SENSITIVE)
            cond.append(Resident.id.in_(select(ResidentTag.resident_id).where(
                ResidentTag.tag == f.tag, ResidentTag.deleted.is_(False))))
        after, before = _age_bounds(today, f.age_min, f.age_max)
        if after is not None:
            cond.append(Resident.birth_date >= after)
        if before is not None:
            cond.append(Resident.birth_date <= before)
        return cond

    def _search_conditions(self, s, query: str) -> list[tuple[Any, str]]:
        """(condition, how) per way the text can match. how: "range" (an index range: `find` counts it and
        decides), "name" (a name prefix, or the names a pinyin text matches: read in name order), "few" (the
        rows the full-text index named for an address part) or "common" (an address part the index found
        common: the address LIKE alone, read in name order; see `_address_condition`)."""
        conds = self._search_terms(s, query)
        return [c if isinstance(c, tuple) else (c, "range") for c in conds]

    def _search_terms(self, s, query: str) -> list:
        q = query.strip()
        kind = search_kind(q)
        if kind == "id":
            return [Resident.id_number == q.upper()]
        if kind == "digits":
            if len(q) == 11 and q.isdigit() and not self._may_reveal():
                return [Resident.phone == q]  # a whole phone number: the number itself, not ID endings
            rev = q.upper()[::-1]
            lo, hi = _prefix_range(rev)
            out = [(Resident.id_rev >= lo) & (Resident.id_rev < hi),
                   (Resident.phone_rev >= lo) & (Resident.phone_rev < hi)]
            if len(q) >= 3 and q.isdigit() and (len(q) <= SHOWN_PHONE_PREFIX or len(q) == 11 or self._may_reveal()):
                lo, hi = _prefix_range(q)
                out.append((Resident.phone >= lo) & (Resident.phone < hi))
            return out
        if kind == "pinyin":
            p = q.replace(" ", "").lower()
            lo, hi = _prefix_range(p)
            return [self._names_where(s, (Resident.name_initials >= lo) & (Resident.name_initials < hi)),
                    self._names_where(s, (Resident.name_pinyin >= lo) & (Resident.name_pinyin < hi))]
        lo, hi = _prefix_range(q)
        return [((Resident.name >= lo) & (Resident.name < hi), "name"), self._address_condition(s, q)]

    SEARCH_NAMES = 5_000

    def _names_where(self, s, cond):
        """A pinyin condition as the names it matches (read from the pinyin index, which holds the name): the
        list is then read in name order, name by name. With very many names, the condition itself."""
        from sqlalchemy import false

        names = s.execute(select(Resident.name).where(cond).distinct().limit(self.SEARCH_NAMES + 1)).scalars().all()
        if len(names) > self.SEARCH_NAMES:
            return cond, "range"
        return (in_list(Resident.name, names), "name") if names else (false(), "few")

    # An address part is read from the FTS index in name-key order (see `_address_keys`) while at most this
    # many of its matches have been walked; a walk that goes further (a common part whose matches the filters
    # mostly leave out) gives way to reading the list in name order, with the address tested in the name index
    # itself (ix_resident_live_name holds it): some 50,000 index entries and no table reads but the hits.
    ADDRESS_FEW = 4_000
    SEARCH_FEW = 4_000  # an index range with at most this many rows is always read whole (see `find`)

    def _address_condition(self, s, q: str):
        """Part of the address (LIKE re-checks every row found): ("address", (text, LIKE, MATCH)) when the
        FTS index answers it (read by `_address_keys`), else the LIKE alone, read in name order ("common")."""
        from sqlalchemy import false

        from gridapp.db.search_index import match_expression

        like = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        address = Resident.current_address.like(f"%{like}%", escape="\\")
        conn = s.connection()
        if len(q) < 3 and self._common_in_names(conn, f"%{like}%"):
            return address, "common"
        match = match_expression(conn, q)
        if match is None:  # one character that starts hundreds of trigrams: common
            return address, "common"
        if not match:
            return false(), "few"
        return (address, match), "address"

    # The FTS index returns an address part's matches in the order of its rowid, which carries the first two
    # characters of the name (search_index.fts_key): matches are read in chunks, in that order, until `limit`
    # of them pass the filters and the name prefix the page ends in is read whole; then sorted exactly.
    ADDRESS_CHUNK = 256

    def _address_keys(self, s, keys_of, address, match: str, base: list, limit: int) -> list | None:
        """The key rows of at least the first `limit` + 1 matches in list order (all when fewer), or None
        when more than ADDRESS_FEW of the index's matches would have to be walked."""
        from sqlalchemy import literal_column

        from gridapp.db.search_index import FTS_TABLE, ROWID_BITS, resident_rowid

        rowid = literal_column("resident.rowid")
        conn = s.connection()
        out: list = []
        prefixes: list[int] = []  # the name prefix (key >> ROWID_BITS) of each row in `out`
        after, bound, chunk, walked = -1, None, self.ADDRESS_CHUNK, 0
        while True:
            if walked >= self.ADDRESS_FEW:
                return None
            fts = conn.exec_driver_sql(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?",
                (match, after, chunk)).scalars().all()
            last = len(fts) < chunk
            if bound is not None:
                kept = [k for k in fts if k >> ROWID_BITS <= bound]
                last = last or len(kept) < len(fts)
                fts = kept
            if not fts:
                break
            after = fts[-1]
            walked += len(fts)
            key_of = {resident_rowid(k): k for k in fts}
            for k in s.execute(keys_of.where(in_list(rowid, list(key_of)), address, *base)).all():
                out.append(k)
                prefixes.append(key_of[k[0]] >> ROWID_BITS)
            if last:
                break
            if bound is None and len(out) > limit:
                # the rows up to the page's last name prefix are all needed (sorted exactly afterwards), no more
                bound = sorted(prefixes)[limit]
                if after >> ROWID_BITS > bound:
                    break
            chunk = min(chunk * 2, 4096, max(self.ADDRESS_FEW - walked, 1))
        return out

    # A part of one or two characters is looked up in the FTS vocabulary (the trigrams it begins), which counts
    # every listed trigram's rows: 160 ms for "号楼" (6 trigrams, a million rows between them) at a million
    # residents. A part that common is answered by the name-order read anyway, so the first PROBE_ROWS entries
    # of the live name index are tested first: a part found in at least one of PROBE_EVERY is common.
    PROBE_ROWS = 5_000
    PROBE_EVERY = 250

    def _common_in_names(self, conn, pattern: str) -> bool:
        hits = conn.exec_driver_sql(
            "SELECT count(*) FROM (SELECT current_address FROM resident INDEXED BY ix_resident_live_name "
            "WHERE deleted = 0 AND status = 'active' ORDER BY name LIMIT ?) WHERE current_address LIKE ? "
            "ESCAPE '\\'", (self.PROBE_ROWS, pattern)).scalar()
        return hits * self.PROBE_EVERY >= self.PROBE_ROWS

    def find(self, query: str = "", filters: ResidentFilter | None = None, *, limit: int = SEARCH_LIMIT,
             today: dt.date | None = None) -> SearchResult:
        """Residents in scope matching the search text and filters, masked, in list order (name, then grid;
        at most `limit`, with `truncated` set when more matched).

        The text finds by name (prefix), pinyin initials (zs -> 张三) or full pinyin (prefix), the last digits
        of the ID number or phone, the first digits of a phone, a full ID number, or part of the address.
        Digits the mask hides are never confirmed to a user without Perm.REVEAL (`_refuse_hidden_digits`).
        Audited: one row per search, with its text (numbers masked) and filters.
        """
        self._need(Perm.READ)
        f = filters or ResidentFilter()
        today = today or clock.today()
        base = self._base_conditions(f, today)
        if search_kind(query) == "digits" and len(query.strip()) < MIN_DIGITS:
            return SearchResult([], False, too_short=True)
        self._refuse_hidden_digits(query)
        result = self._find(query, f, base, limit)
        if self._audited:
            with self.db.write() as s:
                self._audit(s, "view", "", f.grid_code or self.scope, {"search": audit_query(query), "filter": _filter_detail(f), "found": len(result.rows),
                             "truncated": result.truncated}, table="resident")
        return result

    def _refuse_hidden_digits(self, query: str) -> None:
        """A digit search must not confirm digits the mask hides from this user: without Perm.REVEAL an
        ending of at most 4 digits (the mask shows the last 4 of an ID number or phone), the first 3 digits of
        a phone (shown too), or a whole phone or ID number; longer endings and prefixes are refused."""
        q = query.strip()
        if search_kind(q) != "digits" or self.principal.may(Perm.REVEAL):
            return
        if len(q) <= SHOWN_DIGITS or (len(q) == 11 and q.isdigit()):
            return
        raise ValidationError(
            f"按号码查找请输入证件号或电话的末 {SHOWN_DIGITS} 位以内，或完整的手机号、身份证号："
            "更多位数会透露被遮盖的数字（需要“查看完整证件号和电话”权限）。", field="查找")

    def _find(self, query: str, f: ResidentFilter, base: list, limit: int) -> SearchResult:
        from sqlalchemy import func, literal_column

        rowid = literal_column("resident.rowid")
        keys_of = select(rowid, Resident.name, Resident.unit_code, Resident.current_address)
        order = self._order("name", False)
        with self.db.read() as s:
            conds = self._search_conditions(s, query) if query.strip() else [(None, "common")]
            n = s.execute(select(func.max(rowid)).select_from(Resident)).scalar_one() or 0  # about the row count
            found: set[tuple] = set()
            for cond, how in conds:
                keys: list | None = None
                if how == "address":  # cond: (the address LIKE, the MATCH expression)
                    keys = self._address_keys(s, keys_of, cond[0], cond[1], base, limit)
                    cond, how = cond[0], "common"  # walked too far (keys None): read in name order
                where = base if cond is None else [cond, *base]
                if how == "range":
                    # of m matches among n rows, sorting them reads m rows, reading the list in name order until
                    # `limit` matches about limit * n / m: take the cheaper (never more than sqrt(limit * n));
                    # m is counted in the condition's own index (no table reads)
                    m = s.execute(select(func.count()).select_from(Resident).where(cond)).scalar_one()
                    how = "few" if m <= self.SEARCH_FEW or m * m <= (limit + 1) * n else "common"
                if keys is not None:
                    pass
                elif how == "few":
                    keys = s.execute(keys_of.where(*where)).all()
                else:  # "name" (the live name index holds them) or "common": read in name order
                    keys = self._in_name_order(s, keys_of.where(*where).order_by(*order).limit(limit + 1), f)
                found.update((k[0], k[1], k[2], k[3]) for k in keys)
            first = sorted(found, key=lambda k: (k[1], k[2], k[3] or "", k[0]))
            ids = [k[0] for k in first[:limit]]
            rows = dict(s.execute(select(rowid, Resident).where(rowid.in_(ids))).all()) if ids else {}
            return SearchResult([self._view(rows[i], False) for i in ids], len(first) > limit)

    def _in_name_order(self, s, stmt, f: ResidentFilter) -> list:
        """Run a query ordered by name; over the whole live list in scope, read along the live name index
        (SQLite would otherwise often take the search condition's own index and sort every match)."""
        compiled = stmt.compile(s.get_bind(), compile_kwargs={"render_postcompile": True})
        sql = str(compiled)
        if f.status == "active" and not (f.grid_code or f.household_id or f.building_id):
            sql = sql.replace("FROM resident", "FROM resident INDEXED BY ix_resident_live_name", 1)
        params = tuple(compiled.params[k] for k in compiled.positiontup or ())
        return s.connection().exec_driver_sql(sql, params).all()

    def search(self, query: str = "", filters: ResidentFilter | None = None, *, limit: int = SEARCH_LIMIT,
               today: dt.date | None = None) -> list[ResidentView]:
        """The rows of `find` (see there)."""
        return self.find(query, filters, limit=limit, today=today).rows

    def count(self, filters: ResidentFilter | None = None, *, today: dt.date | None = None) -> int:
        from sqlalchemy import func

        self._need(Perm.READ)
        base = self._base_conditions(filters or ResidentFilter(), today or clock.today())
        with self.db.read() as s:
            return s.execute(select(func.count()).select_from(Resident).where(*base)).scalar_one()

    # -- households and buildings ---------------------------------------------------------------------------
    def household(self, household_id: str, *, today: dt.date | None = None) -> HouseholdView:
        """A household: address, members with their relation to the head (head first), the head's name."""
        self._need(Perm.READ)
        today = today or clock.today()
        with self.db.read() as s:
            h = self._scoped(s, Household, household_id, "户")
            people = list(s.execute(select(Resident).where(
                Resident.household_id == household_id, Resident.deleted.is_(False),
                Resident.status == "active")).scalars())
            people.sort(key=lambda r: (r.relation_to_head != codes.HEAD_RELATION, r.relation_to_head or "99",
                                       r.birth_date))
            head = next((r.name for r in people if r.relation_to_head == codes.HEAD_RELATION), None)
            members = [Member(r.id, r.name, codes.label("relation", r.relation_to_head),
                              codes.label("gender", r.gender), age_in_year(r.birth_date, today),
                              mask_id(r.id_number))
                       for r in people]
            return HouseholdView(h.id, h.unit_code, h.address, h.household_no, h.building_id, head, members, h.room)

    def building(self, building_id: str) -> BuildingView:
        """A building with its households (address, head, number of active members)."""
        from sqlalchemy import func

        self._need(Perm.READ)
        with self.db.read() as s:
            b = self._scoped(s, Building, building_id, "楼栋")
            households = list(s.execute(select(Household).where(
                Household.building_id == building_id, Household.deleted.is_(False))
                .order_by(Household.address)).scalars())
            ids = [h.id for h in households]
            counts: dict[str, int] = {}
            heads: dict[str, str] = {}
            if ids:
                live = (Resident.household_id.in_(ids), Resident.deleted.is_(False), Resident.status == "active")
                counts = dict(s.execute(select(Resident.household_id, func.count()).where(*live)
                                        .group_by(Resident.household_id)).all())
                heads = dict(s.execute(select(Resident.household_id, Resident.name).where(
                    *live, Resident.relation_to_head == codes.HEAD_RELATION)).all())
            return BuildingView(b.id, b.unit_code, b.name, b.address,
                                [(h.id, h.address, heads.get(h.id), counts.get(h.id, 0)) for h in households])

    def move_to_household(self, resident_id: str, household_id: str, *, relation: str | None = None,
                          on: dt.date | None = None) -> bool:
        """Move a resident into another household of the same grid (a change, recorded in the history)."""
        changes: dict[str, Any] = {"household_id": household_id}
        if relation is not None:
            changes["relation_to_head"] = relation
        return self.update_resident(resident_id, changes, on=on)  # one change: household, relation, date

    # -- history -----------------------------------------------------------------------------------------
    def history(self, resident_id: str) -> list[HistoryEntry]:
        """Every change of a resident's record, oldest first; ID and phone masked, codes as labels."""
        import json

        from gridapp.sync.changelog import history as change_history

        from .sync import hlc_time

        self._need(Perm.READ)
        sensitive = self.principal.may(Perm.SENSITIVE)
        with self.db.read() as s:
            self._scoped(s, Resident, resident_id, "居民")
            log = change_history(s, "resident", resident_id)
            changes = [json.loads(c.fields) for c in log]
            hids = {f["household_id"] for f in changes if f.get("household_id")}
            households = {h.id: h for h in s.execute(select(Household).where(Household.id.in_(hids))).scalars()}
            out = []
            for c, fields in zip(log, changes, strict=True):
                shown: dict[str, str] = {}
                moved = "household_id" in fields and c.op == "update"
                for k, v in fields.items():
                    if k == "religion" and not sensitive:
                        continue
                    if k in SENSITIVE_FIELDS and not sensitive:
                        shown[FIELD_LABELS.get(k, k)] = SENSITIVE_MASK
                        continue
                    if k == "household_id" and v:
                        h = households.get(v)  # the household's address (and 户号), not its internal id
                        v = (h.address + (f"（户号 {h.household_no}）" if h.household_no else "")) if h else "（已删除的户）"
                    elif k == "status_date" and moved:
                        shown["迁入日期"] = "" if v is None else str(v)
                        continue
                    if k == "id_number":
                        v = mask_id(v)
                    elif k == "phone":
                        v = mask_phone(v)
                    elif k == "birth_date" and v:
                        v = f"{str(v)[:4]}年"  # the year only: the date would complete the masked ID number
                    elif k in _FIELD_CODES:
                        v = codes.label(_FIELD_CODES[k], v)
                    elif isinstance(v, bool):
                        v = "是" if v else "否"
                    shown[FIELD_LABELS.get(k, k)] = "" if v is None else str(v)
                out.append(HistoryEntry(hlc_time(c.hlc) or "", {"insert": "新增", "update": "修改",
                                                                "delete": "删除"}.get(c.op, c.op), shown))
            return out

    # -- the list window (the GUI's million-row table) ------------------------------------------------------
    # each order ends with the rowid (after the unit code, and for names the address), so that it is total and
    # read from one index (ix_resident_live_*, for the list's default filter of live rows)
    SORT_COLUMNS = {"name": (Resident.name, Resident.unit_code, Resident.current_address),
                    "grid": (Resident.unit_code, Resident.name),
                    "birth_date": (Resident.birth_date, Resident.unit_code),
                    "address": (Resident.current_address, Resident.unit_code)}

    def _sort_allowed(self, sort: str) -> str:
        """Sorting by birth date lines people up by the date the mask hides (their place among the people of
        one birth year gives the day closely): for a user without Perm.REVEAL the list is in name order."""
        return "name" if sort == "birth_date" and not self._may_reveal() else sort

    def _order(self, sort: str, descending: bool) -> list:
        from sqlalchemy import literal_column

        cols = [*self.SORT_COLUMNS.get(sort, self.SORT_COLUMNS["name"]), literal_column("resident.rowid")]
        return [c.desc() if descending else c.asc() for c in cols]

    def page(self, filters: ResidentFilter | None = None, *, offset: int = 0, limit: int = 200,
             sort: str = "name", descending: bool = False, total: int | None = None,
             today: dt.date | None = None) -> list[ResidentView]:
        """Rows [offset, offset + limit) of the filtered list in SQL order (masked): the first window of
        the list (first paint). With `total` known, a window in the second half is read from the end in
        reverse order; for windows further in, use `id_list` and `rows`."""
        self._need(Perm.READ)
        f = filters or ResidentFilter()
        base = self._base_conditions(f, today or clock.today())
        sort = self._sort_allowed(sort)
        if offset == 0 and self._audited:  # the list opened with its filter: one audit row per view
            with self.db.write() as s:
                self._audit(s, "view", "", f.grid_code or self.scope, {"list": _filter_detail(f), "sort": sort}, table="resident")
        reverse = total is not None and offset > total // 2
        order = self._order(sort, descending != reverse)
        if reverse:
            assert total is not None
            start = max(0, total - offset - limit)
            take = min(limit, total - offset)
        else:
            start, take = offset, limit
        if take <= 0:
            return []
        with self.db.read() as s:
            rows = list(s.execute(select(Resident).where(*base).order_by(*order).limit(take).offset(start)).scalars())
            if reverse:
                rows.reverse()
            return [self._view(r, False) for r in rows]

    def id_list(self, filters: ResidentFilter | None = None, *, sort: str = "name", descending: bool = False,
                today: dt.date | None = None, progress: Progress | None = None) -> array:
        """The rowids of the whole filtered list in list order (the same order as `page`), as a compact
        array: its length is the row count, and any window of it is read with `rows`."""
        from sqlalchemy import literal_column

        self._need(Perm.READ)
        base = self._base_conditions(filters or ResidentFilter(), today or clock.today())
        stmt = (select(literal_column("resident.rowid")).select_from(Resident).where(*base)
                .order_by(*self._order(self._sort_allowed(sort), descending)))
        with self.db.read() as s:  # a million one-integer rows: the DB-API cursor, into an array
            return paging.read_ids(s, stmt, progress, array("q"))

    def rows(self, rowids: Sequence[int]) -> list[ResidentView | None]:
        """The residents with these rowids (from `id_list`), masked, in the given order; None where a row is
        no longer in scope or was removed since the list was read."""
        from sqlalchemy import literal_column

        self._need(Perm.READ)
        rowid = literal_column("resident.rowid")
        with self.db.read() as s:
            got = {rid: r for r, rid in s.execute(select(Resident, rowid).where(rowid.in_(list(rowids))))}
        return [self._view(r, False) if (r := got.get(rid)) is not None and is_within(r.unit_code, self.scope)
                else None for rid in rowids]

    def grids(self) -> list[tuple[str, str]]:
        """(code, label) of the grids in scope, for filters and forms: each named with its community when the
        scope spans several (`unitnames.grid_labels`); retired grids too (their records stay)."""
        self._need(Perm.READ)
        with self.db.read() as s:
            return list(unitnames.grid_labels(s, self.scope, include_retired=True).items())

    def grid_labels(self) -> dict[str, str]:
        """A short label per grid in scope for lists: the grid's name, with its community's name in front when
        the scope spans several communities (their grids are often all called 第1网格, 第2网格 …)."""
        self._need(Perm.READ)
        with self.db.read() as s:
            return unitnames.grid_labels(s, self.scope, include_retired=True)

    def household_of(self, resident_id: str) -> str | None:
        self._need(Perm.READ)
        with self.db.read() as s:
            return self._scoped(s, Resident, resident_id, "居民").household_id

    # -- extensions, special groups, moves and the building view (registry issue, part 2) -------------------
    def special_groups(self):
        """The special-group records of this scope (sensitive: every read and write needs Perm.SENSITIVE)."""
        from .special_groups import SpecialGroupService

        return SpecialGroupService(self.db, self.principal)

    def _refuse_tag_of_active_record(self, s, resident_id: str, tag: str) -> None:
        """A special group's tag follows its records: it goes when the last record ends, not on its own."""
        from gridapp.db.models import SpecialGroupRecord

        if s.execute(select(SpecialGroupRecord.id).where(
                SpecialGroupRecord.resident_id == resident_id, SpecialGroupRecord.group_name == tag,
                SpecialGroupRecord.deleted.is_(False), SpecialGroupRecord.end_date.is_(None))).first():
            raise ValidationError(f"该居民有未解除的“{tag}”记录：请在特殊人群记录中填写解除日期。", field="标签")

    def details(self, resident_id: str) -> dict[str, Any]:
        """The editable fields of one resident for the edit form: the type extension and relation, masked
        numbers left out (the form does not show them). Religion only with Perm.SENSITIVE. Audited as a view."""
        self._need(Perm.READ)
        with self.db.write() as s:
            row = self._scoped(s, Resident, resident_id, "居民")
            self._audit(s, "view", resident_id, row.unit_code, table="resident")
            out = {k: getattr(row, k) for k in (*EXTENSION_FIELDS, *PERSON_CODES, *PERSON_REGIONS, *PERSON_TEXT,
                                                 "name", "resident_type", "relation_to_head", "ethnicity",
                                                 "household_id", "gender", "birth_date")}
            out.pop("religion")  # added back below for the roles that may see it
            out["grid_code"] = row.unit_code
            if not self._may_reveal():  # the form does not show it; with the masked ID it would rebuild the number
                out.pop("birth_date")
            if self.principal.may(Perm.SENSITIVE):
                out["religion"] = row.religion
            else:  # 政治面貌 states party membership (sensitive): masked, whether or not there is one
                out["political_status"] = SENSITIVE_MASK
            return out

    def find_households(self, grid_code: str, query: str = "", *, limit: int = 50) -> list[tuple[str, str, str | None]]:
        """Households of one grid whose address or head's name contains `query`: (id, address, head name)."""
        self._need(Perm.READ)
        q = query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self.db.read() as s:
            self._grid(s, grid_code)
            head = (select(Resident.household_id, Resident.name).where(
                Resident.unit_code == grid_code, Resident.relation_to_head == codes.HEAD_RELATION,
                Resident.deleted.is_(False), Resident.status == "active").subquery())
            stmt = (select(Household.id, Household.address, head.c.name)
                    .outerjoin(head, head.c.household_id == Household.id)
                    .where(Household.unit_code == grid_code, Household.deleted.is_(False)))
            if q:
                stmt = stmt.where(Household.address.like(f"%{q}%", escape="\\")
                                  | head.c.name.like(f"%{q}%", escape="\\"))
            rows = s.execute(stmt.order_by(Household.address).limit(limit)).all()
            seen: dict[str, tuple[str, str, str | None]] = {}
            for hid, address, name in rows:  # two heads after a sync race: one row per household
                seen.setdefault(hid, (hid, address, name))
            return list(seen.values())

    def buildings_of(self, grid_code: str) -> list[tuple[str, str, str | None, int]]:
        """The buildings of one grid: (id, name, address, number of households), in name order."""
        from sqlalchemy import func

        self._need(Perm.READ)
        with self.db.read() as s:
            self._grid(s, grid_code)
            counts = dict(s.execute(select(Household.building_id, func.count()).where(
                Household.unit_code == grid_code, Household.deleted.is_(False))
                .group_by(Household.building_id)).all())
            rows = s.execute(select(Building.id, Building.name, Building.address).where(
                Building.unit_code == grid_code, Building.deleted.is_(False))).all()
            out = [(bid, name, address, counts.get(bid, 0)) for bid, name, address in rows]
            # 2号楼 before 10号楼: the number in the name, then the name
            out.sort(key=lambda b: (int("".join(c for c in b[1] if c.isdigit()) or 0), b[1]))
            return out

    # -- editing households and buildings; where a new record sits in the list (issue 14) ----------------------
    BUILDING_EDITABLE = {"name", "address", "kind", "floors", "note"}
    HOUSEHOLD_EDITABLE = {"address", "household_no", "room", "building_id", "phone"}

    def building_details(self, building_id: str) -> dict[str, Any]:
        """A building's editable fields (name, address, kind, floors, note) and its grid."""
        self._need(Perm.READ)
        with self.db.read() as s:
            b = self._scoped(s, Building, building_id, "楼栋")
            return {"grid_code": b.unit_code, **{k: getattr(b, k) for k in self.BUILDING_EDITABLE}}

    def update_building(self, building_id: str, changes: dict[str, Any]) -> bool:
        """Change a building's name, address, kind, floors or note (within scope; the grid stays)."""
        clean = _editable(changes, self.BUILDING_EDITABLE, "楼栋")
        if "name" in clean and not clean["name"]:
            raise ValidationError("楼栋名称不能为空。", field="楼栋名称")
        if "kind" in clean:
            _check_code("building_kind", clean["kind"] or "residential", "楼栋类型")
            clean["kind"] = clean["kind"] or "residential"
        floors = clean.get("floors")
        if floors is not None and not (isinstance(floors, int) and 0 < floors <= 200):
            raise ValidationError("层数应为 1 到 200 之间的整数。", field="层数")
        self._need(Perm.EDIT)
        with self.db.write() as s:
            row = self._scoped(s, Building, building_id, "楼栋")
            changed = ChangeWriter(self.db, s).update(Building, building_id, clean)
            if changed:
                self._audit(s, "edit", building_id, row.unit_code, {"fields": sorted(clean)}, table="building")
            return changed

    def update_household(self, household_id: str, changes: dict[str, Any]) -> bool:
        """Change a household's address, 户号, room or phone, or put it in a building of its own grid
        (`building_id` None takes it out of its building)."""
        clean = _editable(changes, self.HOUSEHOLD_EDITABLE, "户")
        if "address" in clean and not clean["address"]:
            raise ValidationError("户的地址不能为空。", field="地址")
        if "phone" in clean:
            clean["phone"] = normalize_phone(clean["phone"])
        self._need(Perm.EDIT)
        with self.db.write() as s:
            row = self._scoped(s, Household, household_id, "户")
            if clean.get("building_id") is not None:
                building = self._scoped(s, Building, clean["building_id"], "楼栋")
                if building.unit_code != row.unit_code:
                    raise ValidationError("只能把户归入同一网格内的楼栋。", field="楼栋")
            changed = ChangeWriter(self.db, s).update(Household, household_id, clean)
            if changed:
                self._audit(s, "edit", household_id, row.unit_code, {"fields": sorted(clean)}, table="household")
            return changed

    def resident_rowid(self, resident_id: str) -> int:
        """The list position key (`id_list` holds rowids) of a resident in scope: to select a new record."""
        from sqlalchemy import literal_column

        self._need(Perm.READ)
        with self.db.read() as s:
            self._scoped(s, Resident, resident_id, "居民")
            return s.execute(select(literal_column("resident.rowid")).select_from(Resident)
                             .where(Resident.id == resident_id)).scalar_one()

    def households_without_building(self, grid_code: str) -> list[tuple[str, str, str | None, int]]:
        """The households of one grid not in any building: (id, address, head name, active members)."""
        from sqlalchemy import func

        self._need(Perm.READ)
        with self.db.read() as s:
            self._grid(s, grid_code)
            households = list(s.execute(select(Household.id, Household.address).where(
                Household.unit_code == grid_code, Household.building_id.is_(None), Household.deleted.is_(False))
                .order_by(Household.address)).all())
            ids = [h[0] for h in households]
            counts: dict[str, int] = {}
            heads: dict[str, str] = {}
            if ids:
                live = (in_list(Resident.household_id, ids), Resident.deleted.is_(False), Resident.status == "active")
                counts = dict(s.execute(select(Resident.household_id, func.count()).where(*live)
                                        .group_by(Resident.household_id)).all())
                heads = dict(s.execute(select(Resident.household_id, Resident.name).where(
                    *live, Resident.relation_to_head == codes.HEAD_RELATION)).all())
            return [(hid, address, heads.get(hid), counts.get(hid, 0)) for hid, address in households]
