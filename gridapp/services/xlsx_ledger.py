"""Ledgers (台账) as .xlsx, in and out: the machinery every area shares.

Reading: a workbook is checked before it is opened (not a zip, an old .xls or a password: said so; a sheet whose
cells lie absurdly far apart: refused before the reader lays it out, see `check_extent`), then the first sheet
with the area's header (within its first 10 rows; title rows above it and blank rows are skipped) is read with
calamine. Headers are matched by their variants (spaces and asterisks ignored); cells are tidied as people leave
them (control characters, full-width digits, odd spaces); code labels are read as their codes (core/codes.py).

An area (`AreaLedger`: affairs, visits, disputes, projects) declares its columns (`Column`: header variants,
required, how the cell is read) and what one row does (`apply_row`: a call into that area's own service, so
permissions, scope and validation are the service's). `prepare()` is the preview: every row goes through the
service inside one write transaction, each row in a savepoint (a refused row undoes only itself), and the
whole transaction is rolled back; `apply()` does the same and commits: all accepted rows in one transaction,
nothing written otherwise. Refused rows keep their cells as they were, for the error workbook (`write_errors`,
a 错误原因 column). Export writes the columns the import reads (labels, not codes), masked, audited.

The resident ledger (ledger.py) shares the reading, the output checks and the error workbook.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import posixpath
import re
import zipfile
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gridapp.core.errors import Cancelled, GridappError, ValidationError
from gridapp.core.orgcode import is_within
from gridapp.core.permissions import Perm
from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.db.database import Database
from gridapp.db.models import OrgUnit
from gridapp.sync.changelog import _SEQ_KEY

from . import audit
from .base import ScopedService

REASON_HEADER = "错误原因"
ROW_HEADER = "原行号"
HEADER_ROWS = 10  # a ledger's header lies within its first 10 rows
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
# what a sheet may hold before the reader is allowed to lay it out in memory (calamine allocates rows x columns)
MAX_COLUMNS, MAX_ROWS, MAX_SPARSE_AREA = 200, 1_100_000, 20_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what openpyxl (and XML) cannot hold
_ODD_SPACE = re.compile(r"[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # ０-９ Ａ-Ｚ ａ-ｚ and ASCII signs, full width
_FULL_WIDTH_ALNUM = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}


def safe_cell(value: Any) -> Any:
    """A value openpyxl can write: control characters (kept in older databases, or in a refused row as it was)
    are dropped instead of failing the whole workbook with IllegalCharacterError."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


def check_output(out: Path | str) -> Path:
    """An .xlsx about to be written: its folder must exist (said in Chinese, before anything is done)."""
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ValidationError(f"保存位置的文件夹“{folder}”不存在，请先建好该文件夹或换一个保存位置。")
    if out.is_dir():
        raise ValidationError(f"“{out}”是一个文件夹，请给出要保存的文件名（.xlsx）。")
    return out


def _save(wb: Any, out: Path) -> None:
    try:
        wb.save(out)
    except OSError as exc:
        raise ValidationError(f"无法写入“{out}”：{exc.strerror or exc}。请检查文件是否正在被 Excel/WPS 打开，"
                              f"或换一个保存位置。") from exc


def _norm_header(value: Any) -> str:
    return re.sub(r"[\s\u3000\ufeff\u200b*＊\x00-\x1f]", "", str(value or ""))


_LAST_ROW = re.compile(rb'row r="(\d+)"')
_UNNUMBERED = re.compile(rb'<c(?:[>/]|\s(?!r="))')  # a cell without a reference (r first, as every writer puts it)
_UNNUMBERED_PREFIXED = re.compile(rb':c(?:[>/]|\s(?!r="))')
_CHUNK = 1 << 22


def _row_bound(rows: int) -> int:
    """`rows` rounded up on its first two digits (100001 -> 109999): what a cell reference may name before the
    search below calls it too far. Cheap to search for; at most 10% more than the rows seen."""
    d = str(max(rows, 1))
    if len(d) < 3:
        return 99
    return (int(d[:2]) + 1) * 10 ** (len(d) - 2) - 1


def _far_cell(bound: int, letter: int) -> re.Pattern[bytes]:
    """A cell reference after column GR (the 200th), or after row `bound` (see _row_bound), or (group 1) a
    two-letter column starting with a letter after index `letter` (A = 0) and not after G."""
    d = str(bound + 1)  # the first row too far: DD000…, or 100…0
    if len(d) > len(str(bound)):  # bound is 99, 999, 9999…: every longer row is too far
        rows = rb"\d{%d}" % len(d)
    else:
        first, second = int(d[0]), int(d[1])
        alts = [rb"\d{%d}" % (len(d) + 1), d[0].encode() + b"[" + str(second).encode() + b"-9]" + rb"\d{%d}" % (len(d) - 2)]
        if first < 9:
            alts.append(b"[" + str(first + 1).encode() + b"-9]" + rb"\d{%d}" % (len(d) - 1))
        rows = b"(?:" + b"|".join(alts) + b")"
    two = b"|([" + bytes([66 + letter]) + b"-G])[A-Z]\\d" if letter < 6 else b""
    return re.compile(rb'c r="(?:[A-Z]{3}|[H-Z][A-Z]|G[S-Z]' + two + rb'|[A-Z]{1,2}+' + rows + b")")


def _worksheet_parts(zf: zipfile.ZipFile) -> list[str]:
    """The worksheet XML parts the workbook names (what the reader will open), else every xl/worksheets/*.xml."""
    import xml.etree.ElementTree as ET

    try:
        info = zf.getinfo("xl/_rels/workbook.xml.rels")
        if info.file_size > 5_000_000:
            raise ValueError
        root = ET.fromstring(zf.read(info))
        parts = []
        for rel in root:
            if str(rel.get("Type", "")).endswith("/worksheet") and rel.get("Target"):
                target = str(rel.get("Target"))
                parts.append(target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target))
        if parts:
            return [p for p in parts if p in zf.NameToInfo]
    except (KeyError, ValueError, ET.ParseError):
        pass
    return [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]


def check_extent(path: Path) -> None:
    """Refuse a sheet whose cells lie so far apart that laying it out would take more memory than a ledger
    could need: the reader allocates every cell between the first and the last (a 5 KB file naming a cell at
    XFD1048576 asks for 512 GiB). Scans each sheet's XML once, in chunks, with byte searches only: on a
    100k-row ledger this costs about the time to decompress it (see the report for figures)."""
    too_big = (f"“{path.name}”的工作表范围超出台账的上限（最多 {MAX_COLUMNS} 列、{MAX_ROWS:,} 行），"
               f"或内容散布在极大的区域里（可能已损坏）；请把有内容的部分复制到新工作簿后再导入。")
    with zipfile.ZipFile(path) as zf:
        for part in _worksheet_parts(zf):
            last_row = unnumbered = size = 0
            letter = -1  # the highest first letter of a two-letter column seen (A = 0), -1 if none
            wide = False  # a one-letter column seen
            prefixed: bool | None = None
            tail = b""
            with zf.open(part) as f:
                while True:
                    chunk = f.read(_CHUNK)
                    buf = tail + chunk
                    cut = buf.rfind(b"<") if chunk else -1
                    buf, tail = (buf[:cut], buf[cut:]) if cut > 0 else (buf, b"")
                    size += len(buf)
                    if prefixed is None:  # <x:worksheet>: every element carries the prefix
                        prefixed = b":worksheet" in buf[:4096]
                    # cells without a reference take the next column: count them in (no spreadsheet program
                    # writes them, so they only ever widen a crafted sheet)
                    if (_UNNUMBERED_PREFIXED if prefixed else _UNNUMBERED).search(buf):
                        tags = (b":c ", b":c>", b":c/") if prefixed else (b"<c ", b"<c>", b"<c/")
                        unnumbered += sum(buf.count(t) for t in tags) - buf.count(b'c r="')
                    # rows come in order: the last <row> of the chunk is the furthest any of its cells may name
                    at = buf.rfind(b'row r="')
                    if at >= 0 and (m := _LAST_ROW.match(buf, at)):
                        last_row = max(last_row, int(m[1]))
                        if last_row > MAX_ROWS:
                            raise ValidationError(too_big)
                    far = _far_cell(_row_bound(last_row + unnumbered), letter)
                    pos = 0
                    while (m := far.search(buf, pos)) is not None:
                        if m.group(1) is None:  # only a crafted file names a cell beyond every row it has
                            raise ValidationError(too_big)
                        letter = m.group(1)[0] - 65
                        far, pos = _far_cell(_row_bound(last_row + unnumbered), letter), m.start()
                    if not wide and letter < 0:
                        wide = b'c r="A' in buf
                    if not chunk:
                        break
            cols = (min(26 * (letter + 2), MAX_COLUMNS) if letter >= 0 else 26 if wide else 0) + unnumbered
            rows = _row_bound(last_row + unnumbered) if last_row else unnumbered
            area_cap = min(50_000_000, max(5_000_000, size // 4))  # a real cell takes more than 10 bytes of XML
            if cols > MAX_COLUMNS or last_row + unnumbered > MAX_ROWS or cols * rows > area_cap:
                raise ValidationError(too_big)


def _filled(values: list[Any]) -> bool:
    """Whether a row has a cell that is not blank (None, "" or spaces only); most rows' first cell decides."""
    for c in values:
        if c.__class__ is str:
            if c and not c.isspace():
                return True
        elif c is not None:
            return True
    return False


def read_sheet(path: Path | str, is_header: Callable[[list[str]], bool], not_found: Callable[[list[str]], str],
               progress: Progress = NULL_PROGRESS) -> tuple[str, list[str], list[tuple[int, list[Any]]]]:
    """The first sheet whose header (one of its first 10 rows, cells normalised by `_norm_header`) satisfies
    `is_header`: its name, the header and the non-blank data rows as (row number, cells). A workbook that is
    not an .xlsx, is encrypted, damaged or too large is refused in Chinese; without such a sheet, `not_found`
    gets the sheet names seen and says what was looked for."""
    import python_calamine as calamine

    path = Path(path)
    if not path.exists():
        raise ValidationError(f"找不到文件“{path}”。")
    if path.is_dir():
        raise ValidationError(f"“{path}”是一个文件夹，请选择 .xlsx 文件。")
    if path.stat().st_size == 0:
        raise ValidationError(f"文件“{path.name}”是空的。")
    not_xlsx = f"“{path.name}”不是有效的 Excel 工作簿（.xlsx），请在 Excel/WPS 中另存为 .xlsx 后再导入。"
    if not zipfile.is_zipfile(path):  # a renamed text/CSV/.xls file, or one cut short in copying
        with path.open("rb") as f:
            if f.read(8) == _OLE_MAGIC:  # an .xls, or an .xlsx with an opening password (both OLE files)
                raise ValidationError(f"“{path.name}”是旧版 .xls 工作簿或设置了打开密码，请在 Excel/WPS 中"
                                      f"另存为不加密的 .xlsx 后再导入。")
        raise ValidationError(not_xlsx)
    try:
        check_extent(path)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise ValidationError(not_xlsx) from exc
    try:
        wb = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError as exc:
        raise ValidationError(f"“{path.name}”设置了打开密码，请在 Excel/WPS 中取消密码后再导入。") from exc
    except Exception as exc:
        raise ValidationError(not_xlsx) from exc
    seen: list[str] = []
    try:
        for name in wb.sheet_names:
            progress.check()
            try:
                ws = wb.get_sheet_by_name(name)
                first_row = ws.start[0] if ws.start else 0
                it = iter(ws.iter_rows())
                header: list[str] | None = None
                header_row = 0
                for header_row, first in enumerate(it, start=first_row + 1):  # a title row or two may come first
                    cells = [_norm_header(c) for c in first]
                    if is_header(cells):
                        header = cells
                        break
                    if header_row - first_row >= HEADER_ROWS:
                        break
                if header is None:
                    seen.append(name)
                    continue
                rows = [(i, values) for i, values in enumerate(it, start=header_row + 1) if _filled(values)]
            except calamine.CalamineError as exc:
                raise ValidationError(f"{not_xlsx}（工作表“{name}”无法读取）") from exc
            return name, header, rows
    finally:
        wb.close()
    if not seen:
        raise ValidationError(f"“{path.name}”里没有工作表。")
    raise ValidationError(not_found(seen))


def write_errors(headers: list[Any], refused: Iterable[tuple[int, list[Any], str]], out: Path | str) -> int:
    """The error workbook: each refused row (row number, cells as they were, reason) under the ledger's own
    header, plus a 错误原因 column (less control characters, which a workbook cannot hold)."""
    from openpyxl import Workbook

    out = check_output(out)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("未导入的行")
    ws.append([ROW_HEADER, *map(safe_cell, headers), REASON_HEADER])
    n = 0
    for row_no, raw, reason in refused:
        ws.append([row_no, *map(safe_cell, raw), safe_cell(reason)])
        n += 1
    _save(wb, out)
    return n


# -- cells ----------------------------------------------------------------------------------------------------
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff\t]+")
_DATE = (re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"), re.compile(r"(\d{4})(\d{2})(\d{2})"))
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d*)?[eE][+-]?\d+")
NUMERIC_ID = "身份证号被 Excel 存成了数字，请把该列设为文本后重新录入"
_YES, _NO = {"是", "1", "Y", "y", "√", "TRUE", "true", "True"}, {"否", "0", "N", "n", "×", "FALSE", "false", "False"}


def cell_text(value: Any, *, compact: bool = False) -> str:
    """A cell as text, tidied: control characters out, odd spaces (no-break, full width) as spaces, none at the
    ends; `compact` (numbers, codes): full-width signs to ASCII and no spaces at all. Line breaks inside free
    text stay."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    text = _CONTROL.sub("", str(value))
    if compact:
        return _ODD_SPACE.sub("", text.translate(_FULL_WIDTH))
    return _SPACES.sub(" ", text.translate(_FULL_WIDTH_ALNUM)).strip()


def cell_date(value: Any, label: str) -> dt.date | None:
    """A date cell: a date, or text like 2026-01-31, 2026/1/31, 2026年1月31日, 20260131."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = cell_text(value, compact=True)
    if not raw:
        return None
    return date_text(raw, label)


def date_text(raw: str, label: str, example: str = "2026-01-31") -> dt.date:
    """A date written as text like 2026-01-31, 2026/1/31, 2026年1月31日 or 20260131; anything else, or a day
    that does not exist, is refused naming `label` (and showing `example`)."""
    m = _DATE[0].fullmatch(raw) or _DATE[1].fullmatch(raw)
    if not m:
        raise ValidationError(f"{label}“{raw}”无法识别，请写成 {example}。", field=label)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValidationError(f"{label}“{raw}”不存在。", field=label) from None


def cell_int(value: Any, label: str) -> int | None:
    """A whole number (3, 3.0, "３", "3人")."""
    if isinstance(value, float) and not value.is_integer():
        raise ValidationError(f"{label}“{value:g}”应为整数。", field=label)
    raw = cell_text(value, compact=True)
    if not raw:
        return None
    raw = re.sub(r"(人|户|个|处|次|天|日)$", "", raw)
    if not re.fullmatch(r"-?\d{1,9}", raw):
        raise ValidationError(f"{label}“{raw}”应为整数。", field=label)
    return int(raw)


@dataclass(frozen=True)
class Column:
    """One column of an area's ledger: its header variants (the first is the template's), how a cell is read
    (text, date, int, bool, idnumber: never a number, code: a label or a code of `table`, or a word of `aliases`), whether it must be
    filled, and whether it is only written by the export (a status, a number the system gives)."""

    field: str
    headers: tuple[str, ...]
    kind: str = "text"
    table: Mapping[str, str] | None = None
    aliases: Mapping[str, str] | None = None
    required: bool = False
    export_only: bool = False

    @property
    def label(self) -> str:
        return self.headers[0]

    def read(self, value: Any) -> Any:
        """The cell's value for the service, None when empty; ValidationError naming the column otherwise."""
        label = self.label
        if self.kind == "date":
            out: Any = cell_date(value, label)
        elif self.kind == "int":
            out = cell_int(value, label)
        elif self.kind == "bool":
            t = cell_text(value, compact=True)
            if t and t not in _YES and t not in _NO:
                raise ValidationError(f"{label}“{t}”请填“是”或“否”。", field=label)
            out = (t in _YES) if t else None
        elif self.kind == "code":
            t = cell_text(value, compact=True)
            out = self.code_of(t) if t else None
        elif self.kind == "idnumber":
            # 18 digits do not fit a float: the last ones are lost (and may still pass as somebody else's number)
            if isinstance(value, (int, float)) and not isinstance(value, bool) or (
                    isinstance(value, str) and _SCIENTIFIC.fullmatch(cell_text(value, compact=True))):
                raise ValidationError(NUMERIC_ID, field=label)
            out = cell_text(value, compact=True).upper() or None
        else:
            out = cell_text(value) or None
        if out is None and self.required:
            raise ValidationError(f"{label}不能为空。", field=label)
        return out

    def code_of(self, text: str) -> str:
        assert self.table is not None
        if text in self.table:
            return text
        if text.isdigit() and len(text) == 1 and f"0{text}" in self.table:  # Excel ate the leading zero
            return f"0{text}"
        bare = re.sub(r"(纠纷|类|事件)$", "", text)  # 邻里纠纷, 婚恋家庭类: the label with a word after it
        for code, name in self.table.items():
            if _norm_label(name) in (_norm_label(text), _norm_label(bare)):
                return code
        if self.aliases and text in self.aliases:
            return self.aliases[text]
        choices = "、".join(f"{k} {v}" for k, v in self.table.items())
        raise ValidationError(f"“{text}”不是有效的{self.label}，应为：{choices}。", field=self.label)

    def write(self, value: Any) -> Any:
        """The value as the export writes it (what `read` reads back)."""
        if value is None:
            return None
        if self.kind == "code" and self.table is not None:
            return self.table.get(value, value)
        if self.kind == "bool":
            return "是" if value else "否"
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        return safe_cell(value)


def _norm_label(text: str) -> str:
    return text.replace("（", "(").replace("）", ")").replace(" ", "")


# -- one transaction for a whole ledger ----------------------------------------------------------------------
class _Discard(Exception):
    """Raised at the end of a preview: its transaction is rolled back."""


class _BatchDatabase:
    """The database as a service sees it during an import: every read and write goes to the one open
    transaction, each write in a savepoint (a refused row undoes only itself). The change log's sequence
    counter is put back when a savepoint is rolled back, so that the numbers stay without gaps."""

    def __init__(self, db: Database, session: Any):
        self._db, self._s = db, session

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    @contextlib.contextmanager
    def read(self) -> Iterator[Any]:
        yield self._s

    @contextlib.contextmanager
    def write(self) -> Iterator[Any]:
        held = self._s.info.get(_SEQ_KEY)
        try:
            with self._s.begin_nested():
                yield self._s
        except BaseException:
            if held is None:
                self._s.info.pop(_SEQ_KEY, None)
            else:
                self._s.info[_SEQ_KEY] = held
            raise


# -- the plan ----------------------------------------------------------------------------------------------------
@dataclass
class AreaRow:
    row_no: int  # the row's number in the sheet
    raw: list[Any]  # the cells as they were
    values: dict[str, Any] = field(default_factory=dict)
    status: str = ""  # accepted | refused
    reason: str = ""
    parse_error: str = ""  # refused before the service saw it
    result: str | None = None  # the id the service gave (after apply)


@dataclass
class AreaPlan:
    """The preview of an area's ledger: every row checked by the area's service; nothing written yet."""

    area: str
    path: str
    sheet: str
    headers: list[str]
    rows: list[AreaRow]
    ignored_headers: list[str]
    default_unit: str | None = None
    applied: bool = False

    @property
    def accepted(self) -> list[AreaRow]:
        return [r for r in self.rows if r.status == "accepted"]

    @property
    def refused(self) -> list[AreaRow]:
        return [r for r in self.rows if r.status == "refused"]

    @property
    def counts(self) -> dict[str, int]:
        return {"total": len(self.rows), "accepted": len(self.accepted), "rejected": len(self.refused)}


def _reason(exc: GridappError) -> str:
    msg = exc.message
    return f"{exc.field}：{msg}" if exc.field and not msg.startswith(exc.field) else msg


class AreaLedger(ScopedService, ABC):
    """An area's ledger in and out. A subclass names the area, its columns and the header columns that make a
    sheet its ledger (`key_fields`), the permission its rows need, how a row becomes a call of its service
    (`apply_row`) and the rows an export writes (`export_rows`)."""

    area = ""  # affairs | visits | disputes | projects
    title = ""  # the ledger's name (网格事务清单 …), for messages and the sheet
    target_table = ""
    columns: tuple[Column, ...] = ()
    key_fields: tuple[str, ...] = ()
    perm: Perm = Perm.IMPORT  # what a row needs (checked once before the file is read; the service checks it too)
    export_perms: tuple[Perm, ...] = (Perm.EXPORT,)

    # -- what an area declares ------------------------------------------------------------------------------
    @abstractmethod
    def make_service(self, db: Any) -> Any:
        """The area's service for this user (or the installation), on `db`."""

    def context(self, s: Any, plan: AreaPlan) -> Any:
        """Whatever apply_row needs looked up once (households by number, unit names …)."""
        return None

    @abstractmethod
    def apply_row(self, svc: Any, row: AreaRow, ctx: Any) -> str:
        """Write one accepted row through the area's service; returns the new record's id."""

    @abstractmethod
    def export_rows(self, **filters: Any) -> Iterable[dict[str, Any]]:
        """The records to export (by column label), as the list with these filters shows them."""

    # -- headers ----------------------------------------------------------------------------------------------
    def template_headers(self) -> list[str]:
        return [c.label for c in self.columns]

    def accepted_headers(self) -> dict[str, tuple[str, ...]]:
        """The columns an import reads, each with the header variants it accepts (for the dialog and --help)."""
        return {c.label: c.headers for c in self.columns if not c.export_only}

    def _variants(self) -> dict[str, Column]:
        return {_norm_header(h): c for c in self.columns for h in c.headers}

    def _not_found(self, seen: list[str]) -> str:
        need = "”“".join(next(c.label for c in self.columns if c.field == f) for f in self.key_fields)
        others = "”“".join(c.label for c in self.columns if c.field not in self.key_fields and not c.export_only)
        return (f"工作簿中没有找到{self.title}（已查看工作表：{'、'.join(seen)}）：需要一张表头（前 {HEADER_ROWS} 行内）"
                f"含“{need}”的工作表；还可以有“{others}”等列。")

    # -- import -----------------------------------------------------------------------------------------------
    def prepare(self, path: Path | str, *, default_unit: str | None = None,
                progress: Progress = NULL_PROGRESS) -> AreaPlan:
        """Read the ledger and put every row through the area's service in a transaction that is rolled back:
        the preview (accepted and refused rows, with reasons). Writes nothing."""
        self._need(self.perm)
        path = Path(path)
        progress.step(0, 0, "读取台账")
        variants = self._variants()
        sheet, header, raw_rows = read_sheet(
            path, lambda cells: set(self.key_fields) <= {variants[c].field for c in cells if c in variants},
            self._not_found, progress)
        if not raw_rows:
            raise ValidationError(f"工作表“{sheet}”只有表头，没有数据行。")
        col_of: dict[str, tuple[int, Column]] = {}
        ignored = []
        for i, h in enumerate(header):
            c = variants.get(h)
            if c is not None and c.field not in col_of:
                col_of[c.field] = (i, c)
            elif h:
                ignored.append(h)
        plan = AreaPlan(self.area, str(path), sheet, header, [], ignored, default_unit)
        for row_no, cells in raw_rows:
            row = AreaRow(row_no, list(cells))
            try:
                for f, (i, c) in col_of.items():
                    if c.export_only:
                        continue
                    row.values[f] = c.read(cells[i] if i < len(cells) else None)
                for c in self.columns:  # a required column the sheet lacks altogether
                    if c.required and c.field not in col_of:
                        raise ValidationError(f"{c.label}不能为空（表中没有这一列）。", field=c.label)
            except GridappError as exc:
                row.parse_error = _reason(exc)
            plan.rows.append(row)
        self._run(plan, commit=False, progress=progress)
        return plan

    def apply(self, plan: AreaPlan, progress: Progress = NULL_PROGRESS) -> dict[str, int]:
        """Write the accepted rows in one transaction (each checked again by the service): all of them, or
        (cancelled, failed) none. A row refused now (the data changed since the preview) is counted refused."""
        self._need(self.perm)
        self._run(plan, commit=True, progress=progress)
        plan.applied = True
        return plan.counts

    def _run(self, plan: AreaPlan, *, commit: bool, progress: Progress) -> None:
        total = len(plan.rows)
        what = "写入" if commit else "检查"
        try:
            with self.db.write() as s:
                batch = _BatchDatabase(self.db, s)
                svc = self.make_service(batch)
                ctx = self.context(s, plan)
                for n, row in enumerate(plan.rows):
                    if n % 200 == 0:
                        progress.step(n, total, f"{what}{self.title}")
                    row.result = None
                    if row.parse_error:
                        row.status, row.reason = "refused", row.parse_error
                        continue
                    try:
                        with batch.write():
                            row.result = self.apply_row(svc, row, ctx)
                    except Cancelled:
                        raise
                    except GridappError as exc:
                        row.status, row.reason = "refused", _reason(exc)
                    else:
                        row.status, row.reason = "accepted", ""
                progress.step(total, total, "完成")
                if not commit:
                    raise _Discard
                if self._audited:
                    audit.record(self.db, s, self.principal, "import", unit_code=self.scope,
                                 target_table=self.target_table,
                                 detail={"file": Path(plan.path).name, "sheet": plan.sheet, **plan.counts})
        except _Discard:
            for row in plan.rows:
                row.result = None

    def write_errors(self, plan: AreaPlan, out: Path | str) -> int:
        """The refused rows as they were, plus 错误原因."""
        return write_errors(plan.headers, [(r.row_no, r.raw, r.reason) for r in plan.refused], out)

    def write_template(self, out: Path | str) -> Path:
        """An empty ledger with the template's headers."""
        from openpyxl import Workbook

        out = check_output(out)
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(self.title)
        ws.append([c.label for c in self.columns if not c.export_only])
        _save(wb, out)
        return out

    # -- export -----------------------------------------------------------------------------------------------
    def export(self, out: Path | str, *, progress: Progress = NULL_PROGRESS, **filters: Any) -> int:
        """The area's records in scope (filtered as the list is) in the columns the import reads, masked;
        audited. Returns the number of rows written."""
        from openpyxl import Workbook

        if not any(self.principal.may(p) for p in self.export_perms):
            self.principal.require(self.export_perms[0])
        out = check_output(out)
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(self.title)
        ws.append([c.label for c in self.columns])
        n = 0
        for values in self.export_rows(**filters):
            ws.append([c.write(values.get(c.field)) for c in self.columns])
            n += 1
            if n % 2000 == 0:
                progress.step(n, 0, f"导出{self.title}")
        _save(wb, out)
        if self._audited:
            with self.db.write() as s:
                audit.record(self.db, s, self.principal, "export", unit_code=self.scope,
                             target_table=self.target_table,
                             detail={"rows": n, "file": Path(out).name, "format": "xlsx", "masked": True,
                                     **{k: str(v) for k, v in filters.items() if v not in (None, False, "")}})
        return n


# -- units named in a ledger ---------------------------------------------------------------------------------
def unit_lookup(s: Any, scope: str, levels: tuple[str, ...]) -> dict[str, str | None]:
    """A 网格/单位 cell → unit code, for the units of `levels` within `scope`: the code itself, the name
    (第1网格; None when several units in scope have it) or the community and the name (和平社区第1网格)."""
    rows = s.execute(select(OrgUnit.code, OrgUnit.name, OrgUnit.level).where(
        OrgUnit.code.startswith(scope[:12] if len(scope) > 12 else scope), OrgUnit.deleted.is_(False))).all()
    names = {code: name for code, name, _lvl in rows}
    out: dict[str, str | None] = {}
    for code, name, level in rows:
        if level not in levels or not is_within(code, scope):
            continue
        out[code] = code
        key = cell_text(name, compact=True)
        out[key] = None if key in out and out[key] != code else code
        parent = names.get(code[:12]) if len(code) > 12 else None
        if parent:
            out[cell_text(parent, compact=True) + key] = code
    return out


def resolve_unit(text: str | None, lookup: dict[str, str | None], label: str) -> str | None:
    """The unit a cell names (see unit_lookup), or None for an empty cell."""
    if not text:
        return None
    key = cell_text(text, compact=True)
    if key not in lookup:
        raise ValidationError(f"“{text}”不是本单位范围内的{label}（请填编码或名称，如“和平社区第1网格”）。", field=label)
    code = lookup[key]
    if code is None:
        raise ValidationError(f"有多个{label}叫“{text}”，请填编码，或写上社区名，如“和平社区{text}”。", field=label)
    return code
