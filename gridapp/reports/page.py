"""What every report page carries: title, unit, period, page X of Y, printed by and when, the masking
note. Reports are pre-paginated, so the page count is known before the first page is drawn."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import ReportHeader

from .fonts import FONT, fit, register_font

PageT = TypeVar("PageT")  # what one page is drawn from (a builder's own choice)

MARGIN = 28.0
HEADER_H = 52.0  # title and the unit/period line
FOOTER_H = 24.0
PORTRAIT = A4
LANDSCAPE = landscape(A4)


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    align: str = "left"  # left | right | center


def masking_note(header: ReportHeader) -> str:
    if header.revealed:
        return "本表含完整身份证号码和电话，属个人信息，请妥善保管，用后销毁。"
    return "身份证号码、电话已脱敏显示。"


def draw_frame(c: Canvas, header: ReportHeader, page_no: int, pages: int, size: tuple[float, float]) -> None:
    """Title block at the top, footer at the bottom of one page."""
    w, h = size
    c.setFont(FONT, 15)
    c.drawCentredString(w / 2, h - MARGIN - 15, header.title)
    c.setFont(FONT, 9)
    c.drawString(MARGIN, h - MARGIN - 36, fit(f"单位：{header.unit_full_name}（{header.unit_code}）",
                                              w * 0.62, 9))
    c.drawRightString(w - MARGIN, h - MARGIN - 36, f"统计期：{header.period}")
    c.setLineWidth(0.8)
    c.line(MARGIN, h - MARGIN - HEADER_H + 8, w - MARGIN, h - MARGIN - HEADER_H + 8)
    c.setFont(FONT, 8)
    y = MARGIN - 4
    c.drawString(MARGIN, y, masking_note(header))
    c.drawCentredString(w / 2, y, f"第 {page_no} 页 / 共 {pages} 页")
    c.drawRightString(w - MARGIN, y, f"打印人：{header.printed_by}　打印时间：{header.printed_at}")


def new_canvas(buf: io.BytesIO, header: ReportHeader, size: tuple[float, float]) -> Canvas:
    register_font()
    c = Canvas(buf, pagesize=size, pageCompression=1, initialFontName=FONT, initialFontSize=9)
    c.setTitle(f"{header.title} — {header.unit_full_name} {header.period}")
    c.setAuthor(header.printed_by)
    c.setCreator("gridapp 网格工作台")
    c.setSubject(header.unit_code)
    return c


def render_pages(header: ReportHeader, size: tuple[float, float], pages: Sequence[PageT],
                 draw_body: Callable[[Canvas, PageT], None], progress: Progress = NULL_PROGRESS) -> bytes:
    """Draw pre-paginated pages: the frame, then the body of each; progress per page (cancellable)."""
    buf = io.BytesIO()
    c = new_canvas(buf, header, size)
    total = len(pages)
    for i, body in enumerate(pages, start=1):
        draw_frame(c, header, i, total, size)
        draw_body(c, body)
        c.showPage()
        if i % 10 == 0 or i == total:
            progress.step(i, total, f"第 {i}/{total} 页")
    c.save()
    return buf.getvalue()


def empty_page(c: Canvas, message: str, size: tuple[float, float]) -> None:
    w, h = size
    c.setFont(FONT, 12)
    c.drawCentredString(w / 2, h / 2, message)


def paginate(items: Sequence[tuple], rows_per_page: int) -> list[list[tuple]]:
    """Lay out report lines ("head", "row", "text", "gap" …) on pages of `rows_per_page` lines: a table head
    never ends a page on its own, and a table running over a page break repeats its head."""
    pages: list[list[tuple]] = []
    page: list[tuple] = []
    last_head = None
    for item in items:
        if item[0] == "head":
            last_head = item
        if len(page) >= rows_per_page or (item[0] == "head" and len(page) >= rows_per_page - 2):
            pages.append(page)
            page = [last_head] if item[0] == "row" and last_head is not None else []
        page.append(item)
    pages.append(page)
    return pages


# -- a report's tables, drawn line by line (the items `paginate` lays out) ---------------------------------
CELL_PAD = 3.0
ROW_H = 15.0  # a table line


def table_area(size: tuple[float, float]) -> tuple[float, float, float]:
    """Where a page of `size` has room for lines: (top, bottom, width) between the header and the footer."""
    return size[1] - MARGIN - HEADER_H, MARGIN + FOOTER_H, size[0] - 2 * MARGIN


def column_xs(cols: Sequence[Column], width: float) -> tuple[list[float], list[float]]:
    """The columns scaled to `width`: their widths and their edges from the left margin."""
    scale = width / sum(c.width for c in cols)
    widths = [c.width * scale for c in cols]
    return widths, [MARGIN + sum(widths[:i]) for i in range(len(widths) + 1)]


def draw_text_line(c: Canvas, y: float, text: str, width: float, size: float = 9.5, indent: float = 0) -> None:
    c.setFont(FONT, size)
    c.drawString(MARGIN + indent, y + 4, fit(text, width - indent, size))


def draw_head(c: Canvas, y: float, cols: Sequence[Column], widths: Sequence[float], xs: Sequence[float],
              row_h: float, size: float) -> None:
    """A table's head: a grey band with the column titles centred. A title written "name\nnote" (an
    indicator's name over its maximum) takes two lines: the band is `row_h` taller, below `y`, the name over up
    to two lines (smaller type if need be) and the note under it."""
    tall = any("\n" in col.title for col in cols)
    if tall:
        y -= row_h
    c.setFillGray(0.88)
    c.rect(xs[0], y, xs[-1] - xs[0], row_h * (2 if tall else 1), stroke=1, fill=1)
    c.setFillGray(0)
    for col, x0, w in zip(cols, xs, widths, strict=False):
        name, _, note = col.title.partition("\n")
        if not tall:
            c.setFont(FONT, size)
            c.drawCentredString(x0 + w / 2, y + 4.5, fit(col.title, w - 2, size))
        elif not note:
            c.setFont(FONT, 7.5)
            c.drawCentredString(x0 + w / 2, y + row_h * 0.7, fit(name, w - 2, 7.5))
        else:
            type_size, lines = head_lines(name, w - 3)
            c.setFont(FONT, type_size)
            top = y + 2 * row_h - type_size - 1.5
            for k, line in enumerate(lines):
                c.drawCentredString(x0 + w / 2, top - k * (type_size + 1.5), line)
            c.setFont(FONT, 7.5)
            c.drawCentredString(x0 + w / 2, y + 3, fit(note, w - 2, 7.5))


def head_lines(name: str, width: float) -> tuple[float, list[str]]:
    """The type size and the (at most two) lines a name takes in a tall column head: the whole name where it
    can be had at 5.5 pt or more, else cut with an ellipsis at that size."""
    for size in (7.5, 7.0, 6.5, 6.0, 5.5):
        if stringWidth(name, FONT, size) <= width:
            return size, [name]
        cut = next((i for i in range(len(name), 0, -1) if stringWidth(name[:i], FONT, size) <= width), 1)
        if stringWidth(name[cut:], FONT, size) <= width:
            return size, [name[:cut], name[cut:]]
    cut = next((i for i in range(len(name), 0, -1) if stringWidth(name[:i], FONT, 5.5) <= width), 1)
    return 5.5, [name[:cut], fit(name[cut:], width, 5.5)]


def draw_band(c: Canvas, y: float, xs: Sequence[float], row_h: float, text: str) -> None:
    """A light grey line across a table with a caption (a group of the rows below: a community, a 中心户)."""
    c.setFillGray(0.93)
    c.rect(xs[0], y, xs[-1] - xs[0], row_h, stroke=1, fill=1)
    c.setFillGray(0)
    c.setFont(FONT, 9)
    c.drawString(xs[0] + CELL_PAD, y + 4.5, fit(text, xs[-1] - xs[0] - 2 * CELL_PAD, 9))


def draw_row_frame(c: Canvas, y: float, xs: Sequence[float], row_h: float, shade: float | None = None) -> None:
    """A table row's box and column rules, on a grey `shade` (0..1) when given; the font set for its cells."""
    if shade is not None:
        c.setFillGray(shade)
        c.rect(xs[0], y, xs[-1] - xs[0], row_h, stroke=0, fill=1)
        c.setFillGray(0)
    c.setStrokeGray(0.45)
    c.rect(xs[0], y, xs[-1] - xs[0], row_h, stroke=1, fill=0)
    for x0 in xs[1:-1]:
        c.line(x0, y, x0, y + row_h)
    c.setStrokeGray(0)


def draw_cell(c: Canvas, x0: float, w: float, y: float, value: str, align: str, size: float) -> None:
    """One cell's text, fitted to its width and aligned (left | right | center)."""
    text = fit(value, w - 2 * CELL_PAD, size)
    if align == "right":
        c.drawRightString(x0 + w - CELL_PAD, y + 4.5, text)
    elif align == "center":
        c.drawCentredString(x0 + w / 2, y + 4.5, text)
    else:
        c.drawString(x0 + CELL_PAD, y + 4.5, text)


def draw_items(c: Canvas, page: Sequence[tuple], tables: dict[str, tuple], *, top: float, width: float,
               size: float, shades: dict[str, float] | None = None,
               special: Callable[[Canvas, float, float, float, object], None] | None = None) -> None:
    """Draw a page of items laid out by `paginate`: ("gap",), ("text", str), ("wrap", str) (a line of a
    wrapped explanation, indented), ("band", table, caption), ("head", table) and ("row", table, cells, style),
    `tables` giving each table's (columns, widths, edges). A row is shaded by its style (`shades`); a cell
    that is not a string is drawn by `special(c, x, width, y, value)`."""
    y = top
    c.setLineWidth(0.3)
    for item in page:
        y -= ROW_H
        kind = item[0]
        if kind == "gap":
            continue
        if kind == "text":
            draw_text_line(c, y, item[1], width)
            continue
        if kind == "wrap":
            draw_text_line(c, y, item[1], width, 8.5, indent=10)
            continue
        cols, widths, xs = tables[item[1]]
        if kind == "band":
            draw_band(c, y, xs, ROW_H, item[2])
            continue
        if kind == "head":
            draw_head(c, y, cols, widths, xs, ROW_H, size)
            if any("\n" in col.title for col in cols):
                y -= ROW_H  # a tall head takes two lines
            continue
        cells, style = item[2], item[3]
        draw_row_frame(c, y, xs, ROW_H, (shades or {}).get(style))
        c.setFont(FONT, size)
        for col, x0, w, value in zip(cols, xs, widths, cells, strict=False):
            if special is not None and not isinstance(value, str):
                special(c, x0, w, y, value)
            else:
                draw_cell(c, x0, w, y, value, col.align, size)


def table_lines(key: str, rows: Sequence[tuple], empty: str) -> list[tuple]:
    """Report lines of table `key`: its head and `rows` (("row", key, cells, style) each), or the note `empty`
    when there are none."""
    return [("head", key), *rows] if rows else [("text", empty)]


def render_tables(header: ReportHeader, size: tuple[float, float], items: Sequence[tuple],
                  tables: dict[str, Sequence[Column]], *, font_size: float, shades: dict[str, float] | None = None,
                  special: Callable[[Canvas, float, float, float, object], None] | None = None,
                  progress: Progress = NULL_PROGRESS) -> bytes:
    """A report made of report lines (`items`: text, gaps and the heads and rows of `tables`, key -> columns):
    laid out on pages of `size` by `paginate`, each table's columns spread over the page's width, drawn by
    `draw_items`."""
    top, bottom, width = table_area(size)
    laid = {key: (cols, *column_xs(cols, width)) for key, cols in tables.items()}

    def draw(c: Canvas, page: list[tuple]) -> None:
        draw_items(c, page, laid, top=top, width=width, size=font_size, shades=shades, special=special)

    return render_pages(header, size, paginate(items, int((top - bottom) // ROW_H)), draw, progress)
