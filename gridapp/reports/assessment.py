"""考核排名: the ranking of one scheme and period with the indicator breakdown, then the rule and the indicators.

A4 landscape, pre-paginated like the other reports: a status line (published version or draft), the ranking table
(rank, unit, one column per indicator, total, outcome in its colour, GB/T 31000 policy kind, remark), then the
ranking rule, the notes and what each indicator measures. No personal data.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import AssessmentData

from .fonts import FONT, fit
from .page import (
    LANDSCAPE,
    MARGIN,
    ROW_H,
    draw_cell,
    draw_row_frame,
    draw_text_line,
    render_pages,
    table_area,
)

SIZE = LANDSCAPE
FONT_SIZE = 8.0
TOP, BOTTOM, WIDTH = table_area(SIZE)
COLOURS = {"benchmark": (0.18, 0.49, 0.2), "notified": (0.9, 0.32, 0.0), "key_management": (0.78, 0.16, 0.16),
           "supervised": (0.56, 0.0, 0.0)}


def _columns(data: AssessmentData) -> tuple[list[str], list[float], list[str]]:
    """Titles, widths (scaled to the page) and alignment of the ranking table's columns."""
    n = len(data.indicators)
    titles = ["名次", "被考核", *[f"{i.name}\n{i.max} 分" for i in data.indicators], "总分", "结果", "政策措施", "说明"]
    ind_w = max(42.0, min(70.0, 360.0 / max(n, 1)))
    widths = [30.0, 130.0, *([ind_w] * n), 40.0, 110.0, 90.0, 120.0]
    aligns = ["right", "left", *(["right"] * n), "right", "left", "left", "left"]
    scale = WIDTH / sum(widths)
    return titles, [w * scale for w in widths], aligns


def _pages(data: AssessmentData) -> list[list[tuple]]:
    items: list[tuple] = [("text", f"方案：{data.scheme_name}　考核期：{data.period}　被考核：{data.target_label}　"
                                   f"满分：{data.max_total}"),
                          ("text", f"状态：{data.status}　共 {len(data.lines)} 个被考核对象"), ("gap",), ("head",)]
    items += [("row", ln) for ln in data.lines]
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
        if len(page) + sum(1 for i in page if i[0] == "head") >= rows_per_page:
            pages.append(page)
            page = [("head",)] if item[0] == "row" else []
        page.append(item)
    pages.append(page)
    return pages


def _wrap(text: str, per_line: int = 80) -> list[str]:
    """Long explanatory text in lines of at most `per_line` characters (CJK: about one em each)."""
    return [text[i:i + per_line] for i in range(0, len(text), per_line)] or [""]


def _draw(data: AssessmentData):
    titles, widths, aligns = _columns(data)
    xs = [MARGIN + sum(widths[:i]) for i in range(len(widths) + 1)]
    n = len(data.indicators)
    result_col = 2 + n + 1

    def draw(c: Canvas, page: list[tuple]) -> None:
        y = TOP
        c.setLineWidth(0.3)
        for item in page:
            y -= ROW_H
            kind = item[0]
            if kind == "gap":
                continue
            if kind in ("text", "wrap"):
                if kind == "text":
                    draw_text_line(c, y, item[1], WIDTH - 10)
                else:
                    draw_text_line(c, y, item[1], WIDTH, 8.5, indent=10)
                continue
            if kind == "head":  # two lines high: an indicator's name above its maximum
                y -= ROW_H
                c.setFillGray(0.88)
                c.rect(xs[0], y, xs[-1] - xs[0], 2 * ROW_H, stroke=1, fill=1)
                c.setFillGray(0)
                for title, x0, w in zip(titles, xs, widths, strict=False):
                    parts = title.split("\n")
                    if len(parts) == 1:
                        c.setFont(FONT, 7.5)
                        c.drawCentredString(x0 + w / 2, y + ROW_H * 0.7, fit(title, w - 2, 7.5))
                        continue
                    # an indicator's whole name over up to two lines (smaller type if need be), its maximum below
                    size, lines = head_lines(parts[0], w - 3)
                    c.setFont(FONT, size)
                    top = y + 2 * ROW_H - size - 1.5
                    for k, line in enumerate(lines):
                        c.drawCentredString(x0 + w / 2, top - k * (size + 1.5), line)
                    c.setFont(FONT, 7.5)
                    c.drawCentredString(x0 + w / 2, y + 3, fit(parts[1], w - 2, 7.5))
                continue
            ln = item[1]
            cells = [str(ln.rank), ln.name, *ln.scores, ln.total, ln.outcome_text, ln.policy, ln.remark]
            draw_row_frame(c, y, xs, ROW_H)
            c.setFont(FONT, FONT_SIZE)
            for i, (value, x0, w, align) in enumerate(zip(cells, xs, widths, aligns, strict=False)):
                if i == result_col and ln.outcomes:
                    c.setFillColorRGB(*COLOURS[ln.outcomes[-1]])  # the gravest outcome's colour
                draw_cell(c, x0, w, y, value, align, FONT_SIZE)
                c.setFillGray(0)
        if data.draft:
            draft_watermark(c, SIZE)

    return draw


def head_lines(name: str, width: float) -> tuple[float, list[str]]:
    """The type size and the (at most two) lines an indicator's name takes in its column head: the whole name
    where it can be had at 5.5 pt or more, else cut with an ellipsis at that size."""
    for size in (7.5, 7.0, 6.5, 6.0, 5.5):
        if stringWidth(name, FONT, size) <= width:
            return size, [name]
        cut = next((i for i in range(len(name), 0, -1) if stringWidth(name[:i], FONT, size) <= width), 1)
        if stringWidth(name[cut:], FONT, size) <= width:
            return size, [name[:cut], name[cut:]]
    cut = next((i for i in range(len(name), 0, -1) if stringWidth(name[:i], FONT, 5.5) <= width), 1)
    return 5.5, [name[:cut], fit(name[cut:], width, 5.5)]


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
