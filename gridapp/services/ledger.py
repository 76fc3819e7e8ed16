"""Resident ledgers (台账) as .xlsx, in and out.

Import reads the usual header variants, maps code labels to codes (男 -> 1, 汉族 -> 01), validates every row
and classifies it (new, updated, unchanged, refused) before anything is written: `prepare()` is the preview.
`apply()` then writes every accepted row in one transaction (all or nothing; a cancel rolls it back), matching
existing people by ID number (an update, never a duplicate). Refused rows go to an error workbook as they were,
with a column saying why. Old 15-digit ID numbers are converted to 18 digits (their birth date checked) and
counted; an unconvertible one is refused. Export writes the same template back, masked unless revealed.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gridapp.core import codes
from gridapp.core.errors import GridappError, ValidationError
from gridapp.core.idnumber import convert_15_to_18, mask_id
from gridapp.core.orgcode import is_within
from gridapp.core.permissions import Perm, Principal
from gridapp.core.phone import mask_phone
from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.db.database import Database
from gridapp.db.models import OrgUnit, Resident
from gridapp.sync.changelog import ChangeWriter

from . import audit
from .registry import validate_resident

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
    "relation_to_head": ("与户主关系",),
    "current_address": ("现住址", "居住地址", "现住详址", "现居住地址", "住址"),
    "registered_address": ("户籍详址", "户籍地址", "户籍地详址"),
    "former_name": ("曾用名",),
    "marital_status": ("婚姻状况",),
    "political_status": ("政治面貌",),
    "education": ("学历", "文化程度"),
    "occupation": ("职业",),
    "workplace": ("服务处所", "工作单位"),
}
CODED = {"gender": "gender", "ethnicity": "ethnicity", "resident_type": "resident_type",
         "relation_to_head": "relation", "marital_status": "marital", "political_status": "political",
         "education": "education"}
REQUIRED = ("name", "id_number")
REASON_HEADER = "错误原因"
_VARIANT = {_h: f for f, hs in HEADERS.items() for _h in hs}
_LABEL_TO_CODE: dict[str, dict[str, str]] = {}
for _f, _t in CODED.items():
    m = {label: code for code, label in codes.TABLES[_t].items()}
    m.update({code: code for code in codes.TABLES[_t]})
    if _t == "gender":
        m.update({"男性": "1", "女性": "2"})
    if _t == "ethnicity":
        m.update({label[:-1]: code for code, label in codes.ETHNICITY.items() if label.endswith("族")})
    _LABEL_TO_CODE[_f] = m


def _norm_header(value: Any) -> str:
    return re.sub(r"[\s\u3000*＊]", "", str(value or ""))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = _text(value)
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", raw) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", raw)
    if not m:
        raise ValidationError(f"出生日期“{raw}”无法识别，请写成 1990-01-31。", field="出生日期")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValidationError(f"出生日期“{raw}”不存在。", field="出生日期") from None


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


@dataclass
class ImportPlan:
    """The preview: every row classified; nothing written yet."""

    path: str
    sheet: str
    headers: list[str]
    rows: list[LedgerRow]
    ignored_headers: list[str]

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        return {"inserted": self.count("new"), "updated": self.count("updated"),
                "unchanged": self.count("unchanged"), "rejected": self.count("refused"),
                "converted_15": sum(r.converted_15 for r in self.rows if r.status != "refused")}

    @property
    def refused(self) -> list[LedgerRow]:
        return [r for r in self.rows if r.status == "refused"]


class LedgerService:
    def __init__(self, db: Database, who: str | Principal):
        self.db = db
        self.principal = who if isinstance(who, Principal) else None
        self.scope = who.unit_code if isinstance(who, Principal) else who

    def _need(self, perm: Perm) -> None:
        if self.principal is not None:
            self.principal.require(perm)

    # -- reading the workbook -----------------------------------------------------------------------
    @staticmethod
    def _read(path: Path) -> tuple[str, list[str], list[tuple[int, list[Any]]]]:
        from openpyxl import load_workbook

        if not path.exists():
            raise ValidationError(f"找不到文件“{path}”。")
        if path.stat().st_size == 0:
            raise ValidationError(f"文件“{path.name}”是空的。")
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ValidationError(f"“{path.name}”不是有效的 Excel 工作簿（.xlsx），请在 Excel/WPS 中另存为 .xlsx 后再导入。"
                                  ) from exc
        try:
            for ws in wb.worksheets:
                it = ws.iter_rows(values_only=True)
                header: list[str] | None = None
                header_row = 0
                for header_row, first in enumerate(it, start=1):  # a title row or two may come first
                    cells = [_norm_header(c) for c in first]
                    fields = {_VARIANT.get(c) for c in cells}
                    if "name" in fields and "id_number" in fields:
                        header = cells
                        break
                    if header_row >= 10:
                        break
                if header is None:
                    continue
                rows = []
                for i, r in enumerate(it, start=header_row + 1):
                    cells = list(r)
                    if any(_text(c) for c in cells):
                        rows.append((i, cells))
                return ws.title, header, rows
        finally:
            wb.close()
        raise ValidationError("工作簿中没有找到居民台账：需要一张表头含“姓名”和“公民身份号码”（或“身份证号”）的工作表。")

    # -- preview -----------------------------------------------------------------------------------
    def prepare(self, path: Path | str, *, default_grid: str | None = None,
                progress: Progress = NULL_PROGRESS) -> ImportPlan:
        """Read and check the ledger and classify each row; writes nothing."""
        self._need(Perm.IMPORT)
        path = Path(path)
        sheet, header, raw_rows = self._read(path)
        if not raw_rows:
            raise ValidationError(f"工作表“{sheet}”只有表头，没有数据行。")
        col_of: dict[str, int] = {}
        ignored = []
        for i, h in enumerate(header):
            f = _VARIANT.get(h)
            if f is not None and f not in col_of:
                col_of[f] = i
            elif h:
                ignored.append(h)
        plan = ImportPlan(str(path), sheet, header, [], ignored)
        with self.db.read() as s:
            grids = {c for c, lvl in s.execute(select(OrgUnit.code, OrgUnit.level).where(
                OrgUnit.deleted.is_(False))).all() if lvl == "grid"}
            # an ID number twice in one file: which row is right is not ours to guess, so all of them go back
            where: dict[str, list[int]] = {}
            id_col = col_of.get("id_number")
            for row_no, cells in raw_rows:
                key = _text(cells[id_col]).upper() if id_col is not None and id_col < len(cells) else ""
                if key:
                    where.setdefault(key, []).append(row_no)
            parsed: list[LedgerRow] = []
            for n, (row_no, cells) in enumerate(raw_rows):
                if n % 2000 == 0:
                    progress.step(n, len(raw_rows), "检查台账")
                row = LedgerRow(row_no, cells)
                parsed.append(row)
                try:
                    key = _text(cells[id_col]).upper() if id_col is not None and id_col < len(cells) else ""
                    if len(where.get(key, ())) > 1:
                        others = "、".join(str(x) for x in where[key] if x != row_no)
                        raise ValidationError(f"身份证号在本文件中重复出现（另见第 {others} 行），请核对后只保留一行。",
                                              field="公民身份号码")
                    self._parse(row, col_of, grids, default_grid)
                except GridappError as exc:
                    row.status, row.reason = "refused", (f"{exc.field}：" if exc.field else "") + exc.message
            self._match(s, [r for r in parsed if r.status != "refused"])
        plan.rows = parsed
        return plan

    def _parse(self, row: LedgerRow, col_of: dict[str, int], grids: set[str], default_grid: str | None) -> None:
        cells = row.raw
        data: dict[str, Any] = {}
        for f, i in col_of.items():
            v = cells[i] if i < len(cells) else None
            if f == "birth_date":
                data[f] = _date(v)
                continue
            t = _text(v)
            if not t:
                continue
            if f in CODED:
                code = _LABEL_TO_CODE[f].get(t)
                if code is None:
                    raise ValidationError(f"“{t}”不是有效的{HEADERS[f][0]}。", field=HEADERS[f][0])
                t = code
            data[f] = t
        for f in REQUIRED:
            if not data.get(f):
                raise ValidationError(f"{HEADERS[f][0]}不能为空。", field=HEADERS[f][0])
        idn = data["id_number"].upper()
        if len(idn) == 15 and idn.isdigit():
            idn = convert_15_to_18(idn)
            row.converted_15 = True
        data["id_number"] = idn
        grid = data.pop("grid_code", None) or default_grid
        if not grid:
            raise ValidationError("没有网格编码：请在表中加“网格编码”列，或导入时指定网格。", field="网格编码")
        if not is_within(grid, self.scope):
            raise ValidationError(f"网格 {grid} 不在本单位 {self.scope} 的范围内。", field="网格编码")
        if grid not in grids:
            raise ValidationError(f"网格 {grid} 不存在。", field="网格编码")
        given = set(data)
        clean = validate_resident(data)
        row.values = {k: v for k, v in clean.items() if k in given or k in ("gender", "birth_date", "id_number")}
        row.grid_code = grid

    def _match(self, s, rows: list[LedgerRow]) -> None:  # noqa: ANN001
        """Existing active people by ID number: an update (or unchanged), never a duplicate."""
        by_id = {r.values["id_number"]: r for r in rows}
        ids = list(by_id)
        existing: dict[str, Resident] = {}
        for i in range(0, len(ids), 500):
            for res in s.execute(select(Resident).where(
                    Resident.id_number.in_(ids[i:i + 500]), Resident.deleted.is_(False),
                    Resident.status == "active")).scalars():
                existing[res.id_number] = res
        for idn, r in by_id.items():
            cur = existing.get(idn)
            if cur is None:
                r.status = "new"
                continue
            if not is_within(cur.unit_code, self.scope):
                r.status, r.reason = "refused", f"此人已在本单位范围外（{cur.unit_code}）登记，不能由本单位导入修改。"
                continue
            if cur.unit_code != r.grid_code:
                r.status, r.reason = "refused", f"此人已在网格 {cur.unit_code} 登记，台账中为 {r.grid_code}；请先办理迁移。"
                continue
            r.resident_id = cur.id
            r.changes = {k: v for k, v in r.values.items() if getattr(cur, k) != v}
            r.status = "updated" if r.changes else "unchanged"

    # -- writing -----------------------------------------------------------------------------------
    def apply(self, plan: ImportPlan, progress: Progress = NULL_PROGRESS) -> dict[str, int]:
        """Write the accepted rows in one transaction: all of them, or (cancelled, failed) none."""
        self._need(Perm.IMPORT)
        new = [r for r in plan.rows if r.status == "new"]
        upd = [r for r in plan.rows if r.status == "updated"]
        total = len(new) + len(upd)
        with self.db.write() as s:
            w = ChangeWriter(self.db, s)
            done = 0
            for i in range(0, len(new), 5000):
                progress.step(done, total, "写入新增居民")
                w.bulk_insert(Resident, [{**r.values, "unit_code": r.grid_code, "status": "active",
                                          "resident_type": r.values.get("resident_type") or "1"}
                                         for r in new[i:i + 5000]])
                done += len(new[i:i + 5000])
            for n, r in enumerate(upd):
                if n % 1000 == 0:
                    progress.step(done, total, "更新已有居民")
                assert r.resident_id is not None
                w.update(Resident, r.resident_id, r.changes)
                done += 1
            progress.step(total, total, "完成")
            counts = plan.counts
            if self.principal is not None:
                audit.record(self.db, s, self.principal, "import", unit_code=self.scope, target_table="resident",
                             detail={"file": Path(plan.path).name, **counts}, writer=w)
        return counts

    def write_errors(self, plan: ImportPlan, out: Path | str) -> int:
        """The refused rows as they were, plus a column saying why (Chinese)."""
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("未导入的行")
        ws.append(["原行号", *plan.headers, REASON_HEADER])
        for r in plan.refused:
            ws.append([r.row_no, *r.raw, r.reason])
        wb.save(out)
        return len(plan.refused)

    # -- export ------------------------------------------------------------------------------------
    EXPORT_FIELDS = ("grid_code", "name", "id_number", "gender", "birth_date", "ethnicity", "phone",
                     "resident_type", "relation_to_head", "current_address", "registered_address",
                     "former_name", "marital_status", "political_status", "education", "occupation", "workplace")

    def export(self, out: Path | str, *, reveal: bool = False, progress: Progress = NULL_PROGRESS) -> int:
        """The active residents in scope in the import template; ID and phone masked unless `reveal`."""
        from openpyxl import Workbook

        self._need(Perm.EXPORT)
        if reveal:
            self._need(Perm.REVEAL)
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("居民台账")
        ws.append([HEADERS[f][0] for f in self.EXPORT_FIELDS])
        n = 0
        lo = self.scope
        with self.db.read() as s:
            q = select(Resident).where(Resident.unit_code.startswith(lo), Resident.deleted.is_(False),
                                       Resident.status == "active").order_by(Resident.unit_code, Resident.name)
            for r in s.execute(q.execution_options(yield_per=2000)).scalars():
                line = []
                for f in self.EXPORT_FIELDS:
                    v = r.unit_code if f == "grid_code" else getattr(r, f)
                    if f == "id_number" and not reveal:
                        v = mask_id(v)
                    elif f == "phone" and not reveal:
                        v = mask_phone(v)
                    elif f in CODED:
                        v = codes.label(CODED[f], v)
                    elif f == "birth_date":
                        v = v.isoformat()
                    line.append(v)
                ws.append(line)
                n += 1
                if n % 5000 == 0:
                    progress.step(n, 0, "导出居民")
        wb.save(out)
        if self.principal is not None:
            with self.db.write() as s:
                audit.record(self.db, s, self.principal, "export", unit_code=self.scope, target_table="resident",
                             detail={"rows": n, "revealed": reveal, "file": Path(out).name, "format": "xlsx"})
        return n
