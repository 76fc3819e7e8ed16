"""考核排名: the ranking of one scheme and period with the indicator breakdown, then the rule and the indicators.

A4 landscape, pre-paginated like the other reports: a status line (published version or draft), the ranking table
(rank, unit, one column per indicator, total, outcome in its colour, GB/T 31000 policy kind, remark), then the
ranking rule, the notes and what each indicator measures. No personal data.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import AssessmentData

from .fonts import FONT
from .page import (
    LANDSCAPE,
    ROW_H,
    Column,
    column_xs,
    draw_cell,
    draw_items,
    head_lines,
    render_pages,
    table_area,
)

__all__ = ["build_assessment", "draft_watermark", "head_lines"]

SIZE = LANDSCAPE
FONT_SIZE = 8.0
TOP, BOTTOM, WIDTH = table_area(SIZE)
COLOURS = {"benchmark": (0.18, 0.49, 0.2), "notified": (0.9, 0.32, 0.0), "key_management": (0.78, 0.16, 0.16),
           "supervised": (0.56, 0.0, 0.0)}


def _columns(data: AssessmentData) -> tuple[Column, ...]:
    """The ranking table's columns (an indicator's title: its name over its maximum, a tall head)."""
    n = len(data.indicators)
    ind_w = max(42.0, min(70.0, 360.0 / max(n, 1)))
    return (Column("名次", 30.0, "right"), Column("被考核", 130.0),
            *[Column(f"{i.name}\n{i.max} 分", ind_w, "right") for i in data.indicators], Column("总分", 40.0, "right"),
            Column("结果", 110.0), Column("政策措施", 90.0), Column("说明", 120.0))


def _pages(data: AssessmentData) -> list[list[tuple]]:
    items: list[tuple] = [("text", f"方案：{data.scheme_name}　考核期：{data.period}　被考核：{data.target_label}　"
                                   f"满分：{data.max_total}"),
                          ("text", f"状态：{data.status}　共 {len(data.lines)} 个被考核对象"), ("gap",), ("head", "rank")]
    # the result in the colour of the gravest outcome: a (text, colour) cell, drawn by `_coloured`
    items += [("row", "rank", (str(ln.rank) if ln.rank else "不参与", ln.name, *ln.scores, ln.total,
                               (ln.outcome_text, COLOURS[ln.outcomes[-1]]) if ln.outcomes else ln.outcome_text,
                               ln.policy, ln.remark), None) for ln in data.lines]
    if not data.lines:
        items.append(("text", "没有被考核对象。"))
    items += [("gap",), ("text", "排名规则："), *[("wrap", t) for t in _wrap(data.rule_text)]]
    for note in data.notes:
        items += [("wrap", t) for t in _wrap(note)]
    items += [("gap",), ("text", "指标说明：")]
    for i in data.indicators:
        items += [("wrap", t) for t in _wrap(f"{i.name}（{i.max} 分，{i.source}）" + (f"：{i.help}" if i.help else ""))]
    rows_per_page = int((TOP - BOTTOM) // ROW_H)
    pages: list[list[tuple]] = []
    page: list[tuple] = []
    for item in items:
        if len(page) + sum(1 for i in page if i[0] == "head") >= rows_per_page:  # the head is two lines high
            pages.append(page)
            page = [("head", "rank")] if item[0] == "row" else []
        page.append(item)
    pages.append(page)
    return pages


def _wrap(text: str, per_line: int = 80) -> list[str]:
    """Long explanatory text in lines of at most `per_line` characters (CJK: about one em each)."""
    return [text[i:i + per_line] for i in range(0, len(text), per_line)] or [""]


def _coloured(c: Canvas, x0: float, w: float, y: float, value: object) -> None:
    assert isinstance(value, tuple)  # the (text, colour) cells of `_pages`
    text, colour = value
    c.setFillColorRGB(*colour)
    draw_cell(c, x0, w, y, text, "left", FONT_SIZE)
    c.setFillGray(0)


def _draw(data: AssessmentData) -> Callable[[Canvas, list[tuple]], None]:
    cols = _columns(data)
    tables = {"rank": (cols, *column_xs(cols, WIDTH))}

    def draw(c: Canvas, page: list[tuple]) -> None:
        draw_items(c, page, tables, top=TOP, width=WIDTH, size=FONT_SIZE, special=_coloured)
        if data.draft:
            draft_watermark(c, SIZE)

    return draw


def draft_watermark(c: Canvas, size: tuple[float, float]) -> None:
    """草稿 across the page: a draft is not the published result."""
    c.saveState()
    c.setFont(FONT, 110)
    c.setFillColorRGB(0.6, 0.6, 0.6, alpha=0.22)
    c.translate(size[0] / 2, size[1] / 2)
    c.rotate(30)
    c.drawCentredString(0, -40, "草稿")
    c.restoreState()


def build_assessment(data: AssessmentData, progress: Progress = NULL_PROGRESS) -> bytes:
    """The report as PDF bytes (A4 landscape)."""
    return render_pages(data.header, SIZE, _pages(data), _draw(data), progress)
