"""八小工程开展情况: the summary of the period per unit and kind (counts, participants, people served, hazards
found and fixed), then the list of the records, oldest first.

A4 landscape (eight kind columns), pre-paginated like the visits report. Names only, no ID numbers or phones.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import SmallProjectsData

from .fonts import FONT, fit
from .page import FOOTER_H, HEADER_H, LANDSCAPE, MARGIN, Column, paginate, render_pages

SIZE = LANDSCAPE
FONT_SIZE = 8.5
ROW_H = 15.0
TOP = SIZE[1] - MARGIN - HEADER_H
BOTTOM = MARGIN + FOOTER_H
WIDTH = SIZE[0] - 2 * MARGIN
PAD = 3.0
RECORDS = (Column("序号", 32, "right"), Column("日期", 62), Column("单位", 110), Column("类别", 44),
           Column("名称", 160), Column("负责人", 56), Column("人数", 36, "right"), Column("要点", 286))


def _summary_cols(kinds: list[str]) -> tuple[Column, ...]:
    return (Column("单位", 150), *(Column(k, 40, "right") for k in kinds), Column("合计", 40, "right"),
            Column("参与人次", 54, "right"), Column("服务人数", 54, "right"), Column("发现隐患", 54, "right"),
            Column("整改隐患", 54, "right"))


def _xs(cols: tuple[Column, ...]) -> tuple[list[float], list[float]]:
    scale = WIDTH / sum(c.width for c in cols)
    widths = [c.width * scale for c in cols]
    return widths, [MARGIN + sum(widths[:i]) for i in range(len(widths) + 1)]


# a page is a list of items: ("text", str) | ("gap",) | ("head", table) | ("row", table, cells, style)
def _pages(data: SmallProjectsData) -> list[list[tuple]]:
    total = next((ln for ln in data.lines if ln.kind == "total"), None)
    items: list[tuple] = [
        ("text", f"统计期：{data.period_from} 至 {data.period_to}　"
                 f"期内八小工程记录 {total.total if total else 0} 条（只计当前版本，已更正或删除的不计）"),
        ("text", "参与人次为各条记录参与人数之和；服务人数为小服务的服务对象人数；隐患为小平安发现和整改的隐患数。"),
        ("gap",), ("head", "sum")]
    for ln in data.lines:
        items.append(("row", "sum", (ln.name, *(str(n) for n in ln.counts), str(ln.total), str(ln.participants),
                                     str(ln.served), str(ln.hazards_found), str(ln.hazards_fixed)), ln.kind))
    items += [("gap",), ("text", f"记录清单：{len(data.records)} 条")]
    if data.records:
        items.append(("head", "rec"))
        items += [("row", "rec", (str(i), r.held_on, r.unit_name, r.kind_label, r.title, r.responsible,
                                  r.participants, r.details), "unit")
                  for i, r in enumerate(data.records, start=1)]
    else:
        items.append(("text", "本期没有八小工程记录。"))
    return paginate(items, int((TOP - BOTTOM) // ROW_H))


def _drawer(data: SmallProjectsData):
    sum_cols = _summary_cols(data.kinds)
    tables = {"sum": (sum_cols, *_xs(sum_cols)), "rec": (RECORDS, *_xs(RECORDS))}

    def draw(c: Canvas, page: list[tuple]) -> None:
        y = TOP
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
            cols, widths, xs = tables[item[1]]
            if kind == "head":
                c.setFillGray(0.88)
                c.rect(xs[0], y, xs[-1] - xs[0], ROW_H, stroke=1, fill=1)
                c.setFillGray(0)
                c.setFont(FONT, FONT_SIZE)
                for col, x0, w in zip(cols, xs, widths, strict=False):
                    c.drawCentredString(x0 + w / 2, y + 4.5, fit(col.title, w - 2, FONT_SIZE))
                continue
            cells, style = item[2], item[3]
            if style == "total":
                c.setFillGray(0.9)
                c.rect(xs[0], y, xs[-1] - xs[0], ROW_H, stroke=0, fill=1)
                c.setFillGray(0)
            c.setStrokeGray(0.45)
            c.rect(xs[0], y, xs[-1] - xs[0], ROW_H, stroke=1, fill=0)
            for x0 in xs[1:-1]:
                c.line(x0, y, x0, y + ROW_H)
            c.setStrokeGray(0)
            c.setFont(FONT, FONT_SIZE)
            for col, x0, w, value in zip(cols, xs, widths, cells, strict=False):
                text = fit(value, w - 2 * PAD, FONT_SIZE)
                if col.align == "right":
                    c.drawRightString(x0 + w - PAD, y + 4.5, text)
                else:
                    c.drawString(x0 + PAD, y + 4.5, text)

    return draw


def build_small_projects(data: SmallProjectsData, progress: Progress = NULL_PROGRESS) -> bytes:
    """The report as PDF bytes (A4 landscape)."""
    return render_pages(data.header, SIZE, _pages(data), _drawer(data), progress)
