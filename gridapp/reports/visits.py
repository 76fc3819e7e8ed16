"""入户走访情况: visit coverage per grid against the 100% target, then the households not yet visited.

A4 portrait, pre-paginated like the roster: the coverage table first (grids, communities, the unit's total,
with a bar against the target), then the unvisited households in door order. No ID numbers, no phones.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import VisitsData

from .page import CELL_PAD, PORTRAIT, ROW_H, Column, render_tables, table_lines

FONT_SIZE = 8.5
COVERAGE = (Column("编码", 92), Column("单位", 130), Column("户数", 50, "right"), Column("已走访", 50, "right"),
            Column("未走访", 50, "right"), Column("走访率", 52, "right"), Column("对照目标", 115))
UNVISITED = (Column("序号", 40, "right"), Column("网格", 130), Column("地址", 260), Column("户主", 109))


# the report's lines: ("text", str) | ("gap",) | ("head", table) | ("row", table, cells, style)
def _items(data: VisitsData) -> list[tuple]:
    items: list[tuple] = [("text", f"{data.period_text}　目标走访率：{data.target}　"
                                   f"期内走访记录 {data.visits} 条"),
                          ("text", "户数为有在册居民的户；期内至少走访一次即为已走访。"), ("gap",), ("head", "cov")]
    for ln in data.lines:
        items.append(("row", "cov", (ln.code, ln.name, str(ln.households), str(ln.visited),
                                     str(ln.households - ln.visited), ln.rate, ln), ln.kind))
    items += [("gap",), ("text", f"未走访的户：{len(data.unvisited)} 户")]
    items += table_lines("un", [("row", "un", (str(i), u.grid_name, u.address, u.head_name or "—"), "grid")
                                for i, u in enumerate(data.unvisited, start=1)], "本期所有户均已走访，达到目标。")
    return items


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


def _coverage_cell(c: Canvas, x0: float, w: float, y: float, line) -> None:
    """The coverage line's last cell: a bar against the target and what is missing."""
    _bar(c, x0 + CELL_PAD, y + 3, w * 0.55, line)
    c.drawString(x0 + CELL_PAD + w * 0.55 + 4, y + 4.5, "达标" if line.met else
                 ("—" if not line.households else f"差 {line.households - line.visited} 户"))


def build_visits(data: VisitsData, progress: Progress = NULL_PROGRESS) -> bytes:
    """The report as PDF bytes (A4 portrait)."""
    return render_tables(data.header, PORTRAIT, _items(data), {"cov": COVERAGE, "un": UNVISITED}, font_size=FONT_SIZE,
                         shades={"community": 0.95, "total": 0.9}, special=_coverage_cell, progress=progress)
