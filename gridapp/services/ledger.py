"""Resident ledgers (台账) as .xlsx, in and out.

Import reads the usual header variants, maps code labels to codes (男 -> 1, 汉族 -> 01), validates every row
and classifies it (new, updated, unchanged, refused) before anything is written: `prepare()` is the preview.
`apply()` then writes every accepted row in one transaction (all or nothing; a cancel rolls it back), matching
existing people by ID number (an update, never a duplicate). Refused rows go to an error workbook as they were,
with a column saying why. Old 15-digit ID numbers are converted to 18 digits (their birth date checked) and
counted; an unconvertible one is refused. Export writes the same template back, masked unless revealed.

Households and buildings come from the same rows: rows of one grid with the same 户号 (or, without one, the
same full address) form one household, matched to an existing household of that grid by number, else by
address, else created; a 楼栋/楼号 attaches the household to that building of the grid (matched by name, else
created). The preview counts the households and buildings it would create; two heads in one household are
refused. Reading uses calamine (fast); openpyxl writes the error workbook and the export.

Ledgers as grids keep them and people leave them (issue 11): without a 网格编码 column the rows go to the
user's (or installation's) grid, else to the grid the caller names (GridRequired lists the choices); cells are
tidied (spaces of every kind, full-width digits and letters, lower-case x, control characters); an ID number
cell holding a number is refused (NUMERIC_ID), never read; a known ID number with another name is refused (an
import never renames); 与户主关系 is read from the GB/T 4761 label or the everyday word. Before calamine lays a
sheet out in memory, check_extent bounds what it would allocate; the writers drop control characters.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gridapp.core import codes, regions
from gridapp.core.errors import GridappError, ValidationError
from gridapp.core.gcpause import gc_paused
from gridapp.core.idnumber import convert_15_to_18, mask_id
from gridapp.core.orgcode import Level, is_within
from gridapp.core.permissions import SENSITIVE_FIELDS, SENSITIVE_MASK, Perm
from gridapp.core.phone import mask_phone
from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.db.models import Building, Household, Meta, OrgUnit, Resident
from gridapp.db.search_index import indexing_inserts
from gridapp.domain import clock
from gridapp.sync.changelog import ChangeWriter

from . import audit
from .base import ScopedService
from .registry import ELSEWHERE, EXTENSION_FIELDS, PERSON_REGIONS, extension_fields_of, validate_resident
from .xlsx_ledger import (  # noqa: F401 - the shared workbook machinery, also reached through this module
    _CONTROL,
    _FULL_WIDTH,
    _FULL_WIDTH_ALNUM,
    _ODD_SPACE,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SPARSE_AREA,
    REASON_HEADER,
    _norm_header,
    _save,
    check_extent,
    check_output,
    date_text,
    read_sheet,
    safe_cell,
    write_errors,
)

# field -> header variants (the first is the template's header)
HEADERS: dict[str, tuple[str, ...]] = {
    "grid_code": ("网格编码", "网格", "所属网格"),
    "name": ("姓名",),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "身份证", "证件号码"),
    "gender": ("性别",),
    "birth_date": ("出生日期", "出生年月日"),
    "ethnicity": ("民族",),
    "phone": ("联系电话", "手机号", "手机号码", "电话", "联系方式"),
    "resident_type": ("人口类型", "人员类型"),
    "relation_to_head": ("与户主关系", "与户主的关系", "户主关系"),
    "current_address": ("现住址", "居住地址", "现住详址", "现居住地址", "住址"),
    "registered_address": ("户籍详址", "户籍地址", "户籍地详址"),
    "former_name": ("曾用名",),
    "marital_status": ("婚姻状况",),
    "political_status": ("政治面貌",),
    "education": ("学历", "文化程度"),
    "occupation_category": ("职业类别",),
    "occupation": ("职业",),
    "workplace": ("服务处所", "工作单位"),
    "religion": ("宗教信仰",),  # sensitive: read only from a role that may see it (SENSITIVE_FIELDS)
    # places (GB/T 2260): the place's name (山东省淄博市张店区, 淄博市张店区, 张店区 when unambiguous) or its code
    "native_place": ("籍贯",),
    "registered_region": ("户籍地", "户籍所在地", "户口所在地"),
    "current_region": ("现住地", "现居住地"),
    # the 户籍 / 流动 / 境外 extensions (GB/T 31000); a row may only fill those of its 人口类型
    "household_match": ("人户一致标识", "人户一致"),
    "inflow_reason": ("流入原因",),
    "permit_type": ("办证类型",),
    "permit_no": ("居住证号码", "居住证编号", "暂住证号码"),
    "permit_registered": ("登记日期", "居住登记日期"),
    "permit_expires": ("证件到期日期", "居住证到期日期", "居住证有效期至"),
    "dwelling_type": ("住所类型",),
    "key_attention": ("是否重点关注", "重点关注"),
    "foreign_surname": ("外文姓",),
    "foreign_given_name": ("外文名",),
    "chinese_name": ("中文姓名",),
    "nationality": ("国籍", "国籍（地区）", "国籍(地区)"),
    "foreign_doc_type": ("外国人证件类型", "证件代码"),
    "foreign_doc_no": ("外国人证件号码", "护照号码"),
    "foreign_doc_expires": ("证件有效期", "外国人证件有效期"),
    "visit_purpose": ("来华目的",),
    "arrival_date": ("抵达日期", "入境日期"),
    "departure_date": ("预计离开日期", "预计离境日期"),
    # not resident fields: they place the person in a household and the household in a building
    "household_no": ("户号", "户编号", "户籍户号"),
    "building": ("楼栋", "楼号", "楼栋号", "楼栋名称", "楼宇"),
    "unit_no": ("单元", "单元号"),
    "room": ("房号", "门牌号", "房间号", "室号"),
}
HOUSE_FIELDS = ("household_no", "building", "unit_no", "room")
CODED = {"gender": "gender", "ethnicity": "ethnicity", "resident_type": "resident_type",
         "relation_to_head": "relation", "marital_status": "marital", "political_status": "political",
         "education": "education", "household_match": "household_match", "inflow_reason": "inflow_reason",
         "permit_type": "permit_type", "dwelling_type": "dwelling_type", "nationality": "nationality",
         "foreign_doc_type": "foreign_doc", "visit_purpose": "visit_purpose"}
DATES = ("birth_date", "permit_registered", "permit_expires", "foreign_doc_expires", "arrival_date", "departure_date")
_YES, _NO = {"是", "1", "Y", "y", "√", "TRUE", "true", "True"}, {"否", "0", "N", "n", "×", "FALSE", "false", "False"}
DOC_NUMBERS = ("permit_no", "foreign_doc_no")  # masked in an export like the ID number
REQUIRED = ("name", "id_number")
_BATCH = 5000  # values per IN (...) query (SQLite allows 32766 since 3.32)
_WRITE_BATCH = 5000  # rows per bulk insert (progress and cancel are checked between batches)
_VARIANT = {_h: f for f, hs in HEADERS.items() for _h in hs}
_LABEL_TO_CODE: dict[str, dict[str, str]] = {}
for _f, _t in CODED.items():
    m = {label: code for code, label in codes.TABLES[_t].items()}
    m.update({code: code for code in codes.TABLES[_t]})
    if _t == "gender":
        m.update({"男性": "1", "女性": "2"})
    if _t == "ethnicity":
        m.update({label[:-1]: code for code, label in codes.ETHNICITY.items() if label.endswith("族")})
    if _t == "relation":  # the everyday words (儿子, 孙子, 哥哥 …) as well as the GB/T 4761 labels
        m.update(codes.RELATION_WORDS)
    _LABEL_TO_CODE[_f] = m

NUMERIC_ID = "身份证号被 Excel 存成了数字，请把该列设为文本后重新录入"
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d*)?[eE][+-]?\d+")
# what a sheet may hold before the reader is allowed to lay it out in memory (calamine allocates rows x columns)
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff·•])\s+(?=[\u3400-\u9fff·•])")
# fields that never hold a space: a space in them is a typing accident (ID 3703 0319…, 139 1234 5678)
_COMPACT = {"id_number", "phone", "grid_code", "household_no", "permit_no", "foreign_doc_no", "unit_no", "room",
            *CODED, *DATES}


# any character `_clean` would change (control characters, whitespace of every kind, full-width signs, letters and
# digits): a cell without one is already clean, and most cells of a ledger are
_UNTIDY = re.compile(r"[\x00-\x1f\x7f\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff\uff01-\uff5e]")
_TEXT_KIND, _DATE_KIND, _BOOL_KIND, _CODED_KIND, _ID_KIND = range(5)


def _kind_of(field_name: str) -> int:
    if field_name == "id_number":
        return _ID_KIND
    if field_name in DATES:
        return _DATE_KIND
    if field_name == "key_attention":
        return _BOOL_KIND
    return _CODED_KIND if field_name in CODED else _TEXT_KIND


def _row_text(cells: list[Any]) -> tuple[bool, bool]:
    """(tidy, masked) of a row: whether any text cell needs `_clean` (else none does: the
    common case, no `_clean` calls), and whether any may be a
    masked cell (holds the mask's words): one joined text, searched twice, instead of work per cell."""
    joined = "|".join([c for c in cells if c.__class__ is str])
    tidy = _UNTIDY.search(joined) is not None
    return tidy, tidy or _MASK_WORDS in joined  # tidying may make the words (张 三 -> 张三): then any cell may


def _clean(field_name: str, value: str) -> str:
    """A cell as people leave it, tidied: control characters out, full-width letters and digits to ASCII,
    non-breaking and full-width spaces treated as spaces, none at the ends (nor inside a number or a code)."""
    value = _CONTROL.sub("", value)
    if field_name in _COMPACT:
        return _ODD_SPACE.sub("", value.translate(_FULL_WIDTH))
    value = _ODD_SPACE.sub(" ", value.translate(_FULL_WIDTH_ALNUM)).strip()
    if field_name in ("name", "former_name", "chinese_name"):
        value = _CJK_GAP.sub("", value)  # 张  三: names spaced out to line up in the sheet
    return value


def _id_key(value: Any) -> str:
    """The ID number a cell holds, tidied (empty for a number: see NUMERIC_ID)."""
    if value is None or isinstance(value, (bool, int, float)):
        return ""
    value = str(value)
    return (_clean("id_number", value) if _UNTIDY.search(value) else value).upper()


_MASK_WORDS = SENSITIVE_MASK.strip("（）")  # the mask as a cell reads after tidying (its brackets made ASCII)


class GridRequired(ValidationError):
    """The ledger has no 网格编码 column and the user's (or installation's) unit is not a grid: the caller must
    name the grid. `choices` holds (code, "社区 网格") of the grids in scope to choose from."""

    def __init__(self, message: str, choices: list[tuple[str, str]]):
        super().__init__(message, field=HEADERS["grid_code"][0])
        self.choices = choices


def _text(value: Any, field_name: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _clean(field_name, str(value))


def _code_of(field_name: str, label: str) -> str:
    """The code of a coded column's label as printed in the ledger (e.g. 男 -> male); an unknown label is refused."""
    code = _LABEL_TO_CODE[field_name].get(label)
    if code is None:
        raise ValidationError(f"“{label}”不是有效的{HEADERS[field_name][0]}。", field=HEADERS[field_name][0])
    return code


def _date(value: Any, label: str = "出生日期") -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = _text(value, "birth_date")
    if not raw:
        return None
    return date_text(raw, label, "1990-01-31")


def _mask_doc(value: str | None) -> str | None:
    """A document number (residence permit, passport) shown by its last 4 characters only."""
    if not value:
        return value
    return "*" * max(len(value) - 4, 2) + value[-4:]


def _room(house: dict[str, str]) -> str:
    unit, room = house.get("unit_no", ""), house.get("room", "")
    if unit and unit.isdigit():
        unit += "单元"
    return f"{unit}{room}"


def _compose_address(house: dict[str, str]) -> str:
    """Without a 现住址: 楼栋 + 单元 + 房号 as one address (empty if the row has none of them)."""
    building = house.get("building", "")
    if building and building.isdigit():
        building += "号楼"
    room = _room(house)
    return f"{building}{room}" if building or house.get("room") else ""


@dataclass
class LedgerRow:
    row_no: int  # the row's number in the sheet (1-based, header is row 1)
    raw: list[Any]  # the cells as they were
    status: str = ""  # new | updated | unchanged | refused
    reason: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    grid_code: str = ""
    resident_id: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    converted_15: bool = False
    house: dict[str, str] | None = None  # household_no / address / building / room given in the row
    current_household: str | None = None  # the matched person's household now
    household: str | int | None = None  # an existing household id, or an index into ImportPlan.new_households


@dataclass
class ImportPlan:
    """The preview: every row classified; nothing written yet."""

    path: str
    sheet: str
    headers: list[str]
    rows: list[LedgerRow]
    ignored_headers: list[str]
    # to be created: {"unit_code", "name"} and {"unit_code", "address", "household_no", "room", "building"}
    # where "building" is an existing building id or an index into new_buildings
    new_buildings: list[dict[str, Any]] = field(default_factory=list)
    new_households: list[dict[str, Any]] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        by = Counter(r.status for r in self.rows)  # one pass over the rows, not one per status
        return {"inserted": by["new"], "updated": by["updated"], "unchanged": by["unchanged"],
                "rejected": by["refused"],
                "converted_15": sum(r.converted_15 for r in self.rows if r.converted_15 and r.status != "refused"),
                "households": len(self.new_households), "buildings": len(self.new_buildings)}

    @property
    def refused(self) -> list[LedgerRow]:
        return [r for r in self.rows if r.status == "refused"]


class LedgerService(ScopedService):
    # -- reading the workbook -----------------------------------------------------------------------
    @staticmethod
    def _read(path: Path, progress: Progress = NULL_PROGRESS) -> tuple[str, list[str], list[tuple[int, list[Any]]]]:
        """The first sheet with a ledger header (within its first 10 rows): its name, header and data rows."""
        return read_sheet(
            path, lambda cells: {"name", "id_number"} <= {_VARIANT.get(c) for c in cells},
            lambda seen: (
                f"工作簿中没有找到居民台账（已查看工作表：{'、'.join(seen)}）：需要一张表头（前 10 行内）同时含"
                f"“{HEADERS['name'][0]}”和“{'”或“'.join(HEADERS['id_number'][:3])}”的工作表；"
                f"还可以有“{HEADERS['grid_code'][0]}”“{HEADERS['phone'][0]}”“{HEADERS['current_address'][0]}”"
                f"“{HEADERS['household_no'][0]}”“{HEADERS['relation_to_head'][0]}”“{HEADERS['building'][0]}”等列。"),
            progress)

    # -- preview -----------------------------------------------------------------------------------
    def prepare(self, path: Path | str, *, default_grid: str | None = None,
                progress: Progress = NULL_PROGRESS) -> ImportPlan:
        """Read and check the ledger and classify each row; writes nothing."""
        self._need(Perm.IMPORT)
        with gc_paused():  # a row object, a dict or two and the cells per ledger row, none of them cyclic
            return self._prepare(Path(path), default_grid, progress)

    def _prepare(self, path: Path, default_grid: str | None, progress: Progress) -> ImportPlan:
        path = Path(path)
        progress.step(0, 0, "读取台账")
        sheet, header, raw_rows = self._read(path, progress)
        if not raw_rows:
            raise ValidationError(f"工作表“{sheet}”只有表头，没有数据行。")
        col_of: dict[str, int] = {}
        ignored = []
        sensitive = self.principal.may(Perm.SENSITIVE)
        for i, h in enumerate(header):
            f = _VARIANT.get(h)
            if f in SENSITIVE_FIELDS and not sensitive:  # 政治面貌: not written by a role that may not see it
                ignored.append(f"{h}（敏感个人信息，无权导入）")
            elif f is not None and f not in col_of:
                col_of[f] = i
            elif h:
                ignored.append(h)
        plan = ImportPlan(str(path), sheet, header, [], ignored)
        with self.db.read() as s:
            grids = {c for c, lvl in s.execute(select(OrgUnit.code, OrgUnit.level).where(
                OrgUnit.deleted.is_(False))).all() if lvl == "grid"}
            default_grid = self._default_grid(s, default_grid, grids, "grid_code" in col_of)
            names = self._grid_names(s) if "grid_code" in col_of else {}
            # an ID number twice in one file: which row is right is not ours to guess, so all of them go back
            where: dict[str, list[int]] = {}
            id_col = col_of.get("id_number")
            keys = []
            for row_no, cells in raw_rows:
                key = _id_key(cells[id_col]) if id_col is not None and id_col < len(cells) else ""
                if len(key) == 15 and key.isdigit():  # the old and the new form of one number are one person
                    try:
                        key = convert_15_to_18(key)
                    except ValidationError:
                        pass
                keys.append(key)
                if key:
                    where.setdefault(key, []).append(row_no)
            parsed: list[LedgerRow] = []
            total = len(raw_rows)
            columns = [(f, i, _kind_of(f)) for f, i in col_of.items()]
            for n, (row_no, cells) in enumerate(raw_rows):
                if n % 2000 == 0:
                    progress.step(n, total, "检查台账")
                row = LedgerRow(row_no, cells)
                parsed.append(row)
                try:
                    seen = where.get(keys[n], ())
                    if len(seen) > 1:
                        others = "、".join(str(x) for x in seen if x != row_no)
                        raise ValidationError(f"身份证号在本文件中重复出现（另见第 {others} 行），请核对后只保留一行。",
                                              field="公民身份号码")
                    self._parse(row, columns, grids, default_grid, names)
                except GridappError as exc:
                    row.status, row.reason = "refused", (f"{exc.field}：" if exc.field else "") + exc.message
            progress.step(total, total, "比对已有居民")
            self._match(s, [r for r in parsed if r.status != "refused"])
            self._plan_households(s, plan, [r for r in parsed if r.status != "refused" and r.house])
        plan.rows = parsed
        if self._audited:  # the preview looks ID numbers up across the database: audited
            with self.db.write() as s:
                audit.record(self.db, s, self.principal, "view", unit_code=self.scope, target_table="resident",
                             detail={"import_preview": Path(plan.path).name, **plan.counts,
                                     "elsewhere": sum(r.reason == ELSEWHERE for r in parsed)})
        return plan

    def _default_grid(self, s, given: str | None, grids: set[str], has_column: bool) -> str | None:
        """The grid for rows without a 网格编码: the one named by the caller, else the user's (or this
        installation's) unit when it is a grid. A ledger without the column and no such grid is refused as a
        whole (GridRequired, with the grids to choose from), never row by row."""
        label = HEADERS["grid_code"][0]
        if given:
            given = _clean("grid_code", given)
            if given not in grids:
                raise ValidationError(f"网格 {given} 不存在。", field=label)
            if not is_within(given, self.scope):
                raise ValidationError(f"网格 {given} 不在本单位 {self.scope} 的范围内。", field=label)
            return given
        if self.scope in grids:
            return self.scope
        meta = s.get(Meta, "unit_code")
        if meta is not None and meta.value in grids and is_within(meta.value, self.scope):
            return str(meta.value)
        if has_column:
            return None
        choices = self._grid_choices(s)
        raise GridRequired(f"台账中没有“{label}”列，本单位（{self.scope}）又不是网格：请指定这份台账导入到哪个网格。",
                           choices)

    def _grid_choices(self, s) -> list[tuple[str, str]]:
        """(code, "和平社区 第1网格") of the grids in scope, by code."""
        units = dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.code.startswith(self.scope[:12] if len(self.scope) > 12 else self.scope),
            OrgUnit.deleted.is_(False))).tuples().all())
        out = []
        for code, level in s.execute(select(OrgUnit.code, OrgUnit.level).where(
                OrgUnit.code.startswith(self.scope), OrgUnit.deleted.is_(False)).order_by(OrgUnit.code)):
            if level == Level.GRID.value:
                community = units.get(code[:12])
                out.append((code, f"{community} {units[code]}" if community else units[code]))
        return out

    def grid_choices(self) -> list[tuple[str, str]]:
        """The grids a ledger may go to, named with their community (for the import dialog)."""
        self._need(Perm.IMPORT)
        with self.db.read() as s:
            return self._grid_choices(s)

    def _grid_names(self, s) -> dict[str, str | None]:
        """A 网格 column may name the grid instead of giving its code: 第1网格 (when only one grid in scope has
        that name; None when several do) or 和平社区第1网格."""
        out: dict[str, str | None] = {}
        for code, label in self._grid_choices(s):
            name = label.split(" ")[-1]
            out[_clean("grid_code", name)] = None if name and _clean("grid_code", name) in out else code
            out[_clean("grid_code", label)] = code
        return out

    def _parse(self, row: LedgerRow, columns: list[tuple[str, int, int]], grids: set[str],
               default_grid: str | None, names: dict[str, str | None]) -> None:
        cells = row.raw
        width = len(cells)
        # tidy False: every text cell is clean as it stands (the common case: no _clean calls); masked False: no
        # cell can be a masked one (the mask's words are nowhere in the row)
        tidy, masked = _row_text(cells)
        data: dict[str, Any] = {}
        for f, i, kind in columns:
            v = cells[i] if i < width else None
            if v.__class__ is str and not tidy and (kind == _TEXT_KIND or kind == _CODED_KIND):
                # a clean text or coded cell (most cells of a ledger): what the general path below does with it
                if not v or masked and v.strip("()（）") == _MASK_WORDS:
                    continue
                data[f] = _code_of(f, v) if kind == _CODED_KIND else v
                continue
            if kind == _ID_KIND and (isinstance(v, (int, float)) and not isinstance(v, bool)
                                     or isinstance(v, str) and ("e" in v or "E" in v or tidy)
                                     and _SCIENTIFIC.fullmatch(_clean(f, v))):
                # 18 digits do not fit a float: the last ones are lost, and a few such numbers still pass the
                # check digit as somebody else's number. Never read a number as an ID number.
                raise ValidationError(NUMERIC_ID)
            if kind == _DATE_KIND:
                d = _date(v, HEADERS[f][0])
                if d is not None or f == "birth_date":
                    data[f] = d
                continue
            t = v if v.__class__ is str and not tidy else _text(v, f)
            if not t or masked and t.strip("()（）") == _MASK_WORDS:  # a masked cell (exported without the permission): kept
                continue
            if kind == _BOOL_KIND:
                if t not in _YES and t not in _NO:
                    raise ValidationError(f"“{t}”不是有效的{HEADERS[f][0]}，请填“是”或“否”。", field=HEADERS[f][0])
                data[f] = t in _YES
                continue
            data[f] = _code_of(f, t) if kind == _CODED_KIND else t
        for f in REQUIRED:
            if not data.get(f):
                raise ValidationError(f"{HEADERS[f][0]}不能为空。", field=HEADERS[f][0])
        idn = data["id_number"].upper()
        if len(idn) == 15 and idn.isdigit():
            idn = convert_15_to_18(idn)
            row.converted_15 = True
        data["id_number"] = idn
        grid = data.pop("grid_code", None) or default_grid
        if grid and grid not in grids and grid in names:  # the grid's name instead of its code
            if names[grid] is None:
                raise ValidationError(f"有多个网格叫“{grid}”，请填网格编码（15 位），或写上社区名，如“和平社区{grid}”。",
                                      field="网格编码")
            grid = names[grid]
        if not grid:
            raise ValidationError("没有网格编码：请在表中加“网格编码”列，或导入时指定网格。", field="网格编码")
        if not is_within(grid, self.scope):
            raise ValidationError(f"网格 {grid} 不在本单位 {self.scope} 的范围内。", field="网格编码")
        if grid not in grids:
            raise ValidationError(f"网格 {grid} 不存在。", field="网格编码")
        house = {f: data.pop(f) for f in HOUSE_FIELDS if f in data}
        given = set(data)
        clean = validate_resident(data, tidied=True)  # control characters are out already (_clean)
        row.values = {k: v for k, v in clean.items() if k in given or k in ("gender", "birth_date", "id_number")}
        row.grid_code = grid
        if house or data.get("current_address"):
            address = data.get("current_address") or _compose_address(house)
            if len(address) > 200:
                raise ValidationError("住址不能超过 200 个字。", field=HEADERS["current_address"][0])
            if len(house.get("household_no", "")) > 32:
                raise ValidationError("户号不能超过 32 个字符。", field=HEADERS["household_no"][0])
            if len(house.get("building", "")) > 100:
                raise ValidationError("楼栋名称不能超过 100 个字。", field=HEADERS["building"][0])
            room = _room(house)
            if len(room) > 32:
                raise ValidationError("单元和房号合起来不能超过 32 个字。", field=HEADERS["room"][0])
            row.house = {"household_no": house.get("household_no", ""), "address": address,
                         "building": house.get("building", ""), "room": room}

    def _match(self, s, rows: list[LedgerRow]) -> None:
        """Existing active people by ID number: an update (or unchanged), never a duplicate."""
        by_id = {r.values["id_number"]: r for r in rows}
        ids = list(by_id)
        existing: dict[str, Resident] = {}
        for i in range(0, len(ids), _BATCH):
            for res in s.execute(select(Resident).where(
                    Resident.id_number.in_(ids[i:i + _BATCH]), Resident.deleted.is_(False),
                    Resident.status == "active")).scalars():
                existing[res.id_number] = res
        if not existing:
            for r in rows:
                r.status = "new"
            return
        for idn, r in by_id.items():
            cur = existing.get(idn)
            if cur is None:
                r.status = "new"
                continue
            if not is_within(cur.unit_code, self.scope):
                # which grid is not this user's to know (nor confirmed beyond "registered elsewhere")
                r.status, r.reason = "refused", ELSEWHERE
                continue
            if cur.unit_code != r.grid_code:
                r.status, r.reason = "refused", f"此人已在网格 {cur.unit_code} 登记，台账中为 {r.grid_code}；请先办理迁移。"
                continue
            if _ODD_SPACE.sub("", cur.name) != _ODD_SPACE.sub("", r.values["name"]):
                # an import never renames a person: a different name on a known number is a typo in the number
                # (or an ID number Excel mangled) far more often than a change of name
                r.status, r.reason = "refused", (
                    f"姓名：身份证号 {mask_id(idn)} 在系统中登记的是“{cur.name}”，台账中为“{r.values['name']}”；"
                    f"导入不会给已登记的人改名，请核对身份证号（确已改名的，请在居民信息中修改）。")
                continue
            r.resident_id = cur.id
            r.current_household = cur.household_id
            r.changes = {k: v for k, v in r.values.items() if getattr(cur, k) != v}
            if "resident_type" in r.changes:  # a new type: the old type's extension fields no longer apply
                keep = extension_fields_of(r.changes["resident_type"])
                r.changes.update({f: None for f in EXTENSION_FIELDS
                                  if f not in keep and getattr(cur, f) is not None})
            r.status = "updated" if r.changes else "unchanged"

    def _plan_households(self, s, plan: ImportPlan, rows: list[LedgerRow]) -> None:
        """Group the rows into households (by 户号, else by full address), match or plan each household and
        building, and refuse rows that would give one household two heads."""
        if not rows:
            return
        grids = sorted({r.grid_code for r in rows})
        by_no: dict[tuple[str, str], str] = {}
        by_addr: dict[tuple[str, str], str] = {}
        buildings: dict[tuple[str, str], str | int] = {}
        for i in range(0, len(grids), _BATCH):
            part = grids[i:i + _BATCH]
            for hid, unit, no, addr in s.execute(
                    select(Household.id, Household.unit_code, Household.household_no, Household.address)
                    .where(Household.unit_code.in_(part), Household.deleted.is_(False))
                    .order_by(Household.created_hlc)):
                if no:
                    by_no.setdefault((unit, no), hid)
                by_addr.setdefault((unit, addr), hid)
            for bid, unit, name in s.execute(select(Building.id, Building.unit_code, Building.name).where(
                    Building.unit_code.in_(part), Building.deleted.is_(False)).order_by(Building.created_hlc)):
                buildings.setdefault((unit, name), bid)
        groups: dict[tuple[str, str, str], list[LedgerRow]] = {}
        for r in rows:
            h = r.house
            assert h is not None
            key = (r.grid_code, "no", h["household_no"]) if h["household_no"] else (r.grid_code, "addr", h["address"])
            if key[2]:
                groups.setdefault(key, []).append(r)
        targets: dict[tuple[str, str, str], str | None] = {}
        for key, members in groups.items():
            grid, kind, value = key
            address = next((m.house["address"] for m in members if m.house and m.house["address"]), "")
            hid = by_no.get((grid, value)) if kind == "no" else None
            targets[key] = hid or (by_addr.get((grid, address)) if address else None)
        # heads: at most one per household, counting the heads already registered there
        known_heads: dict[str, list[tuple[str, str]]] = {}
        matched = sorted({h for h in targets.values() if h})
        for i in range(0, len(matched), _BATCH):
            for hid, idn, name in s.execute(select(Resident.household_id, Resident.id_number, Resident.name).where(
                    Resident.household_id.in_(matched[i:i + _BATCH]), Resident.deleted.is_(False),
                    Resident.status == "active", Resident.relation_to_head == codes.HEAD_RELATION)):
                known_heads.setdefault(hid, []).append((idn, name))
        in_file = {r.values["id_number"] for r in rows}
        for key, members in groups.items():
            what = f"户号 {key[2]}" if key[1] == "no" else f"住址“{key[2]}”"
            heads = [m for m in members if m.values.get("relation_to_head") == codes.HEAD_RELATION]
            hid = targets[key]
            others = [name for idn, name in known_heads.get(hid, []) if idn not in in_file] if hid else []
            if len(heads) > 1:
                for m in heads:
                    rest = "、".join(str(x.row_no) for x in heads if x is not m)
                    m.status, m.reason = "refused", (f"与户主关系：同一户（{what}）有两位户主：第 {m.row_no} 行和第 {rest} 行，"
                                                     f"请核对后只保留一位户主。")
            elif heads and others:
                m = heads[0]
                m.status, m.reason = "refused", (f"与户主关系：第 {m.row_no} 行填为户主，但该户（{what}）已登记户主"
                                                 f"{others[0]}，一户不能有两位户主。")
            members[:] = [m for m in members if m.status != "refused"]
            if not members:
                continue
            if hid is None:
                address = next((m.house["address"] for m in members if m.house and m.house["address"]), "")
                if not address:
                    for m in members:
                        m.status, m.reason = "refused", (f"户号：{what} 在系统中还没有这一户，且各行都没有住址（现住址或"
                                                         f"楼栋、房号），无法新建户。")
                    continue
                building: str | int | None = None
                bname = next((m.house["building"] for m in members if m.house and m.house["building"]), "")
                if bname:
                    building = buildings.get((key[0], bname))
                    if building is None:
                        building = buildings[(key[0], bname)] = len(plan.new_buildings)
                        plan.new_buildings.append({"unit_code": key[0], "name": bname})
                room = next((m.house["room"] for m in members if m.house and m.house["room"]), "")
                target: str | int = len(plan.new_households)
                plan.new_households.append({"unit_code": key[0], "address": address,
                                            "household_no": key[2] if key[1] == "no" else None,
                                            "room": room or None, "building": building})
            else:
                target = hid
            for m in members:
                m.household = target
                if m.status in ("updated", "unchanged") and m.current_household != target:
                    m.changes["household_id"] = target
                    m.status = "updated"

    # -- writing -----------------------------------------------------------------------------------
    def apply(self, plan: ImportPlan, progress: Progress = NULL_PROGRESS) -> dict[str, int]:
        """Write the accepted rows in one transaction: all of them, or (cancelled, failed) none."""
        self._need(Perm.IMPORT)
        with gc_paused():  # the rows' dicts, none of them cyclic (see prepare)
            return self._apply(plan, progress)

    def _apply(self, plan: ImportPlan, progress: Progress) -> dict[str, int]:
        new = [r for r in plan.rows if r.status == "new"]
        upd = [r for r in plan.rows if r.status == "updated"]
        total = len(new) + len(upd)
        with self.db.write() as s:
            w = ChangeWriter(self.db, s)
            w.defer_indexes({Household: len(plan.new_households), Resident: len(new)})  # built once, at the end
            progress.step(0, total, "写入楼栋和户")
            building_ids = w.bulk_insert(Building, [{**b, "kind": "residential"} for b in plan.new_buildings])
            household_ids = w.bulk_insert(Household, [
                {"unit_code": h["unit_code"], "address": h["address"], "household_no": h["household_no"],
                 "room": h["room"],
                 "building_id": building_ids[h["building"]] if isinstance(h["building"], int) else h["building"]}
                for h in plan.new_households])

            def household_of(ref: str | int | None) -> str | None:
                return household_ids[ref] if isinstance(ref, int) else ref

            done = 0
            with indexing_inserts(s.connection()):  # the batches' addresses indexed in one statement
                for i in range(0, len(new), _WRITE_BATCH):
                    progress.step(done, total, "写入新增居民")
                    batch = new[i:i + _WRITE_BATCH]
                    rows = []
                    for r in batch:
                        values = {**r.values, "unit_code": r.grid_code, "status": "active",
                                  "resident_type": r.values.get("resident_type") or "1"}
                        if r.household is not None:
                            values["household_id"] = household_of(r.household)
                        rows.append(values)
                    w.bulk_insert(Resident, rows)
                    done += len(batch)
            w.restore_indexes()
            for n, r in enumerate(upd):
                if n % 1000 == 0:
                    progress.step(done, total, "更新已有居民")
                    held = s.execute(select(Resident).where(Resident.id.in_(  # noqa: F841 - kept for the writer's get
                        [x.resident_id for x in upd[n:n + 1000]]))).scalars().all()  # 1 query, not 1000
                assert r.resident_id is not None
                changes = dict(r.changes)
                if "household_id" in changes:
                    changes["household_id"] = household_of(changes["household_id"])
                w.update(Resident, r.resident_id, changes)
                done += 1
            progress.step(total, total, "完成")
            counts = plan.counts
            if self._audited:
                audit.record(self.db, s, self.principal, "import", unit_code=self.scope, target_table="resident",
                             detail={"file": Path(plan.path).name, **counts}, writer=w)
        return counts

    def write_errors(self, plan: ImportPlan, out: Path | str) -> int:
        """The refused rows as they were, plus a column saying why (Chinese)."""
        return write_errors(plan.headers, [(r.row_no, r.raw, r.reason) for r in plan.refused], out)

    @staticmethod
    def accepted_headers() -> dict[str, tuple[str, ...]]:
        """The columns an import reads, each with the header variants it accepts (for the import dialog)."""
        return {hs[0]: hs for hs in HEADERS.values()}

    def write_template(self, out: Path | str) -> Path:
        """An empty resident ledger: the template's headers (the export's columns), nothing else."""
        from openpyxl import Workbook

        out = check_output(out)
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("居民台账")
        ws.append([HEADERS[f][0] for f in self.EXPORT_FIELDS])
        _save(wb, out)
        return out

    # -- export ------------------------------------------------------------------------------------
    # every field of the record (the import reads each back): the person, the places, then 户号/楼栋 and the
    # 户籍/流动/境外 extensions
    EXPORT_FIELDS = ("grid_code", "name", "id_number", "gender", "birth_date", "ethnicity", "phone",
                     "resident_type", "relation_to_head", "native_place", "registered_region", "registered_address",
                     "current_region", "current_address", "former_name", "marital_status", "political_status",
                     "education", "occupation_category", "occupation", "workplace", "religion",
                     "household_no", "building", *EXTENSION_FIELDS)

    def export(self, out: Path | str, *, reveal: bool = False, progress: Progress = NULL_PROGRESS,
               filters: Any = None, resident_ids: Sequence[str] | None = None) -> int:
        """The active residents in scope in the import template; ID and phone masked unless `reveal`.

        What a list shows: `filters` (a registry `ResidentFilter`: grid, type, tag, age …, read with the
        registry's own conditions, so scope and the sensitive-tag permission hold) and/or `resident_ids` (the
        rows of a search result); the audit row records them."""
        from openpyxl import Workbook

        self._need(Perm.EXPORT)
        if reveal:
            self._need(Perm.REVEAL)
        out = check_output(out)
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("居民台账")
        ws.append([HEADERS[f][0] for f in self.EXPORT_FIELDS])
        n = 0
        lo = self.scope
        hidden = set() if self.principal.may(Perm.SENSITIVE) else set(SENSITIVE_FIELDS)  # 政治面貌 masked
        with self.db.read() as s:
            # 户号 and 楼栋 go out too, so that importing the file again puts people in the same households
            q = (select(Resident, Household.household_no, Building.name)
                 .outerjoin(Household, Resident.household_id == Household.id)
                 .outerjoin(Building, Household.building_id == Building.id)
                 .where(Resident.unit_code.startswith(lo), Resident.deleted.is_(False), Resident.status == "active")
                 .order_by(Resident.unit_code, Resident.name))
            if filters is not None:
                from .registry import RegistryService

                registry = RegistryService(self.db, self.principal)
                q = q.where(*registry._base_conditions(filters, clock.today()))
            if resident_ids is not None:
                from .registry import in_list

                q = q.where(in_list(Resident.id, list(resident_ids)))
            for r, household_no, building in s.execute(q.execution_options(yield_per=2000)).tuples():
                line = []
                for f in self.EXPORT_FIELDS:
                    if f == "household_no":
                        line.append(safe_cell(household_no))
                        continue
                    if f == "building":
                        line.append(safe_cell(building))
                        continue
                    v: Any = r.unit_code if f == "grid_code" else getattr(r, f)
                    if f in hidden:
                        v = SENSITIVE_MASK
                    elif f == "id_number" and not reveal:
                        v = mask_id(v)
                    elif f == "phone" and not reveal:
                        v = mask_phone(v)
                    elif f in DOC_NUMBERS and not reveal:
                        v = _mask_doc(v)
                    elif f == "birth_date" and not reveal and v is not None:
                        v = str(v.year)  # the date would complete the masked ID number
                    elif v is None:
                        pass
                    elif f in CODED:
                        v = codes.label(CODED[f], v)
                    elif f in PERSON_REGIONS:
                        v = regions.written(v)  # the place's name, which the import reads back to this code
                    elif f in DATES:
                        v = v.isoformat()
                    elif f == "key_attention":
                        v = "是" if v else "否"
                    line.append(safe_cell(v))
                ws.append(line)
                n += 1
                if n % 5000 == 0:
                    progress.step(n, 0, "导出居民")
        _save(wb, out)
        if self._audited:
            with self.db.write() as s:
                audit.record(self.db, s, self.principal, "export", unit_code=self.scope, target_table="resident",
                             detail={"rows": n, "revealed": reveal, "file": Path(out).name, "format": "xlsx",
                                     **({"filter": _export_filter(filters)} if filters is not None else {}),
                                     **({"search_rows": len(resident_ids)} if resident_ids is not None else {})})
        return n


def _export_filter(filters: Any) -> dict[str, Any]:
    import dataclasses

    return {k: v for k, v in dataclasses.asdict(filters).items() if v not in (None, "", False)}
