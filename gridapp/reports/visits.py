"""入户走访情况: visit coverage per grid against the 100% target, then the households not yet visited.

A4 portrait, pre-paginated like the roster: the coverage table first (grids, communities, the unit's total,
with a bar against the target), then the unvisited households in door order. No ID numbers, no phones.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import VisitsData

from .fonts import FONT, fit
from .page import FOOTER_H, HEADER_H, MARGIN, PORTRAIT, Column, paginate, render_pages

SIZE = PORTRAIT
FONT_SIZE = 8.5
ROW_H = 15.0
TOP = SIZE[1] - MARGIN - HEADER_H
BOTTOM = MARGIN + FOOTER_H
WIDTH = SIZE[0] - 2 * MARGIN
PAD = 3.0
COVERAGE = (Column("编码", 92), Column("单位", 130), Column("户数", 50, "right"), Column("已走访", 50, "right"),
            Column("未走访", 50, "right"), Column("走访率", 52, "right"), Column("对照目标", 115))
UNVISITED = (Column("序号", 40, "right"), Column("网格", 130), Column("地址", 260), Column("户主", 109))


def _xs(cols: tuple[Column, ...]) -> tuple[list[float], list[float]]:
    scale = WIDTH / sum(c.width for c in cols)
    widths = [c.width * scale for c in cols]
    return widths, [MARGIN + sum(widths[:i]) for i in range(len(widths) + 1)]


# a page is a list of items: ("text", str) | ("head", table) | ("row", table, cells, style)
def _pages(data: VisitsData) -> list[list[tuple]]:
    items: list[tuple] = [("text", f"统计期：{data.period_from} 至 {data.period_to}　目标走访率：{data.target}　"
                                   f"期内走访记录 {data.visits} 条"),
                          ("text", "户数为有在册居民的户；期内至少走访一次即为已走访。"), ("gap",), ("head", "cov")]
    for ln in data.lines:
        items.append(("row", "cov", (ln.code, ln.name, str(ln.households), str(ln.visited),
                                     str(ln.households - ln.visited), ln.rate, ln), ln.kind))
    items += [("gap",), ("text", f"未走访的户：{len(data.unvisited)} 户")]
    if data.unvisited:
        items.append(("head", "un"))
        items += [("row", "un", (str(i), u.grid_name, u.address, u.head_name or "—"), "grid")
                  for i, u in enumerate(data.unvisited, start=1)]
    else:
        items.append(("text", "本期所有户均已走访，达到目标。"))
    return paginate(items, int((TOP - BOTTOM) // ROW_H))


def _bar(c: Canvas, x: float, y: float, w: float, line) -> None:
    h = ROW_H - 6
    c.setStrokeGray(0.5)
    c.setFillGray(1)
    c.rect(x, y, w, h, stroke=1, fill=1)
    if line.households:
        share = line.visited / line.households
        c.setFillColorRGB(0.2, 0.6, 0.3) if line.met else c.setFillColorRGB(0.85, 0.55, 0.15)
        c.rect(x, y, w * share, h, stroke=0, fill=1)
    c.setFillGray(0)
    c.setStrokeGray(0)


def _draw(c: Canvas, page: list[tuple]) -> None:
    y = TOP
    cov_w, cov_x = _xs(COVERAGE)
    un_w, un_x = _xs(UNVISITED)
    c.setLineWidth(0.3)
    for item in page:
        y -= ROW_H
        kind = item[0]
        if kind == "gap":
            continue
        if kind == "text":
            c.setFont(FONT, 9.5)
            c.drawString(MARGIN, y + 4, fit(item[1], WIDTH, 9.5))
            continue
        cols, widths, xs = (COVERAGE, cov_w, cov_x) if item[1] == "cov" else (UNVISITED, un_w, un_x)
        if kind == "head":
            c.setFillGray(0.88)
            c.rect(xs[0], y, xs[-1] - xs[0], ROW_H, stroke=1, fill=1)
            c.setFillGray(0)
            c.setFont(FONT, FONT_SIZE)
            for col, x0, w in zip(cols, xs, widths, strict=False):
                c.drawCentredString(x0 + w / 2, y + 4.5, col.title)
            continue
        cells, style = item[2], item[3]
        if style in ("community", "total"):
            c.setFillGray(0.95 if style == "community" else 0.9)
            c.rect(xs[0], y, xs[-1] - xs[0], ROW_H, stroke=0, fill=1)
            c.setFillGray(0)
        c.setStrokeGray(0.45)
        c.rect(xs[0], y, xs[-1] - xs[0], ROW_H, stroke=1, fill=0)
        for x0 in xs[1:-1]:
            c.line(x0, y, x0, y + ROW_H)
        c.setStrokeGray(0)
        c.setFont(FONT, FONT_SIZE)
        for i, (col, x0, w) in enumerate(zip(cols, xs, widths, strict=False)):
            value = cells[i]
            if not isinstance(value, str):  # the coverage line: a bar against the target
                _bar(c, x0 + PAD, y + 3, w * 0.55, value)
                c.drawString(x0 + PAD + w * 0.55 + 4, y + 4.5, "达标" if value.met else
                             ("—" if not value.households else f"差 {value.households - value.visited} 户"))
                continue
            text = fit(value, w - 2 * PAD, FONT_SIZE)
            if col.align == "right":
                c.drawRightString(x0 + w - PAD, y + 4.5, text)
            elif col.align == "center":
                c.drawCentredString(x0 + w / 2, y + 4.5, text)
            else:
                c.drawString(x0 + PAD, y + 4.5, text)


def build_visits(data: VisitsData, progress: Progress = NULL_PROGRESS) -> bytes:
    """The report as PDF bytes (A4 portrait)."""
    return render_pages(data.header, SIZE, _pages(data), _draw, progress)
