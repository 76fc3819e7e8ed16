"""Reports made of captioned tables (`ListedData`): 网格事务准入清单 (公示), 网格任务完成情况, 矛盾纠纷台账及化解情况.

The notes, then each table under its caption (its head repeated after a page break), then the 填报单位 /
填报人 / 审核人 / 日期 block, kept on one page. Pre-paginated and drawn with the common page pieces
(page.paginate, page.draw_items); the same tables as an .xlsx workbook, one sheet per table (`build_listed_xlsx`).
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import ListedData, SignOff

from .fonts import FONT
from .page import (
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
SHADES = {"total": 0.9, "group": 0.95}
BLANK = "＿＿＿＿＿＿"
SIGN_LINES = 3  # a gap and two lines


def _size(data: ListedData) -> tuple[float, float]:
    return LANDSCAPE if data.landscape else PORTRAIT


def sign_lines(sign: SignOff) -> list[tuple[str, str]]:
    return [(f"填报单位：{sign.unit}", f"填报人：{sign.by or BLANK}"),
            (f"审核人：{sign.reviewer or BLANK}", f"日期：{sign.on or BLANK}")]


def _pages(data: ListedData, rows_per_page: int) -> list[list[tuple]]:
    items: list[tuple] = [("text", note) for note in data.notes]
    for i, table in enumerate(data.tables):
        items += [("gap",), ("text", table.caption)]
        if not table.rows:
            items.append(("text", table.empty))
            continue
        items.append(("head", str(i)))
        styles = table.styles or [""] * len(table.rows)
        items += [("row", str(i), cells, style) for cells, style in zip(table.rows, styles, strict=True)]
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
        cols = tuple(Column(c.title, c.width, c.align) for c in table.columns)
        tables[str(i)] = (cols, *column_xs(cols, width))

    def draw(c: Canvas, page: list[tuple]) -> None:
        body = [item for item in page if item[0] != "sign"]
        draw_items(c, body, tables, top=top, width=width, size=FONT_SIZE, shades=SHADES)
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
    top, bottom, _width = table_area(size)
    return render_pages(data.header, size, _pages(data, int((top - bottom) // ROW_H)), _drawer(data, size),
                        progress)


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
