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

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from gridapp.core.errors import ValidationError
from gridapp.core.progress import NULL_PROGRESS, Progress

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
    except Exception as exc:  # noqa: BLE001 - calamine reports zip/XML damage as several exception types
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
                rows = []
                for i, cells in enumerate(it, start=header_row + 1):
                    if any(c != "" and c is not None and (not isinstance(c, str) or c.strip()) for c in cells):
                        rows.append((i, cells))
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
