"""Reports made of captioned tables (`ListedData`): 网格事务准入清单 (公示), 网格任务完成情况, 矛盾纠纷台账及化解情况.

The notes, then each table under its caption (its head repeated after a page break), then the 填报单位 /
填报人 / 审核人 / 日期 block, kept on one page. Pre-paginated and drawn with the common page pieces
(page.paginate, page.draw_items); the same tables as an .xlsx workbook, one sheet per table (`build_listed_xlsx`).
"""

from __future__ import annotations

import io

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import ListedData, ReportTable, SignOff

from .fonts import FONT, fit, register_font
from .page import (
    CELL_PAD,
    LANDSCAPE,
    MARGIN,
    PORTRAIT,
    ROW_H,
    Column,
    column_xs,
    draw_items,
    paginate,
    render_pages,
    table_area,
)

FONT_SIZE = 8.5
SHADES = {"total": 0.9, "group": 0.95, "total+": 0.9, "group+": 0.95}
MAX_LINES = 6  # a cell's text wraps to at most this many lines
BLANK = "＿＿＿＿＿＿"
SIGN_LINES = 3  # a gap and two lines


def _size(data: ListedData) -> tuple[float, float]:
    return LANDSCAPE if data.landscape else PORTRAIT


def sign_lines(sign: SignOff) -> list[tuple[str, str]]:
    return [(f"填报单位：{sign.unit}", f"填报人：{sign.by or BLANK}"),
            (f"审核人：{sign.reviewer or BLANK}", f"日期：{sign.on or BLANK}")]


def wrap(text: str, width: float, size: float = FONT_SIZE, most: int = MAX_LINES) -> list[str]:
    """`text` in lines of at most `width` points (broken anywhere: Chinese has no spaces), at most `most` lines,
    the last one cut with an ellipsis (fonts.fit)."""
    lines: list[str] = []
    rest = text
    while len(lines) < most - 1 and stringWidth(rest, FONT, size) > width:
        lo, hi = 1, len(rest)
        while lo < hi:  # the longest prefix that fits (at least one character)
            mid = (lo + hi + 1) // 2
            if stringWidth(rest[:mid], FONT, size) <= width:
                lo = mid
            else:
                hi = mid - 1
        lines.append(rest[:lo])
        rest = rest[lo:]
    return [*lines, fit(rest, width, size)]


def _columns(table: ReportTable) -> tuple[Column, ...]:
    return tuple(Column(c.title, c.width, c.align) for c in table.columns)


def _lines(cells: tuple[str, ...], widths: list[float]) -> list[tuple[str, ...]]:
    """A row as the lines it takes: long texts wrapped within their column, the other cells on the first line."""
    parts = [wrap(v, w - 2 * CELL_PAD) for v, w in zip(cells, widths, strict=False)]
    height = max(len(p) for p in parts)
    return [tuple(p[k] if k < len(p) else "" for p in parts) for k in range(height)]


def _pages(data: ListedData, size: tuple[float, float]) -> list[list[tuple]]:
    register_font()  # wrapping measures the text
    top, bottom, width = table_area(size)
    rows_per_page = int((top - bottom) // ROW_H)
    items: list[tuple] = [("text", note) for note in data.notes]
    for i, table in enumerate(data.tables):
        items += [("gap",), ("text", table.caption)]
        if not table.rows:
            items.append(("text", table.empty))
            continue
        key = str(i)
        widths, _xs = column_xs(_columns(table), width)
        items.append(("head", key))
        styles = table.styles or [""] * len(table.rows)
        for cells, style in zip(table.rows, styles, strict=True):
            for k, line in enumerate(_lines(cells, widths)):  # continuation lines drawn as part of the row
                items.append(("row", key, line, style if k == 0 else f"{style}+"))
    pages = paginate(items, rows_per_page)
    if data.sign_off is not None:  # the block stays together, on the last page if it has room
        block = [("gap",), *(("sign", *line) for line in sign_lines(data.sign_off))]
        if len(pages[-1]) + len(block) > rows_per_page:
            pages.append([])
        pages[-1] += block
    return pages


def _drawer(data: ListedData, size: tuple[float, float]):
    top, _bottom, width = table_area(size)
    tables: dict[str, tuple] = {}
    for i, table in enumerate(data.tables):
        cols = _columns(table)
        tables[str(i)] = (cols, *column_xs(cols, width))

    def draw(c: Canvas, page: list[tuple]) -> None:
        body = [item for item in page if item[0] != "sign"]
        draw_items(c, body, tables, top=top, width=width, size=FONT_SIZE, shades=SHADES)
        for n, item in enumerate(body):  # a continuation line joins the line above: no rule between them
            if n and item[0] == "row" and item[3].endswith("+") and body[n - 1][0] == "row":
                _cols, widths, xs = tables[item[1]]
                c.setStrokeGray(SHADES.get(item[3][:-1], 1.0))
                c.setLineWidth(0.8)
                y = top - n * ROW_H
                for x0, w in zip(xs, widths, strict=False):
                    c.line(x0 + 0.5, y, x0 + w - 0.5, y)
                c.setStrokeGray(0)
                c.setLineWidth(0.3)
        c.setFont(FONT, 10)
        for n, item in enumerate(page):
            if item[0] == "sign":
                y = top - (n + 1) * ROW_H - 4
                c.drawString(MARGIN, y, item[1])
                c.drawString(MARGIN + width / 2, y, item[2])

    return draw


def build_listed(data: ListedData, progress: Progress = NULL_PROGRESS) -> bytes:
    """The report as PDF bytes (A4, portrait or landscape as the data says)."""
    size = _size(data)
    return render_pages(data.header, size, _pages(data, size), _drawer(data, size), progress)


def build_listed_xlsx(data: ListedData) -> bytes:
    """The same tables as a workbook: one sheet per table, the title, unit, period and notes above it, and the
    填报 block under the last one. Counts are numbers (a spreadsheet sums them)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    h = data.header
    bold = Font(bold=True)
    wb = Workbook()
    first = wb.active
    assert first is not None
    for i, table in enumerate(data.tables):
        ws = first if i == 0 else wb.create_sheet()
        ws.title = table.sheet[:31]
        ws.append([h.title])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append([f"单位：{h.unit_full_name}（{h.unit_code}）", f"统计期：{h.period}"])
        for note in data.notes:
            ws.append([note])
        ws.append([table.caption])
        ws.append([c.title for c in table.columns])
        for cell in ws[ws.max_row]:
            cell.font = bold
        ws.freeze_panes = ws.cell(row=ws.max_row + 1, column=1)
        styles = table.styles or [""] * len(table.rows)
        for cells, style in zip(table.rows, styles, strict=True):
            ws.append([_number(v) for v in cells])
            if style == "total":
                for cell in ws[ws.max_row]:
                    cell.font = bold
        for n, col in enumerate(table.columns):
            ws.column_dimensions[ws.cell(row=1, column=n + 1).column_letter].width = max(8, col.width / 5)
        if i == len(data.tables) - 1 and data.sign_off is not None:
            ws.append([])
            s = data.sign_off
            ws.append(["填报单位", s.unit, "填报人", s.by])
            ws.append(["审核人", s.reviewer, "日期", s.on])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _number(value: str) -> object:
    """Counts as numbers, everything else (codes, dates, rates) as printed."""
    if value.isdigit() and len(value) < 10 and (value == "0" or not value.startswith("0")):
        return int(value)
    return value
