"""网格工作月报: the plan's indicators against their targets (a table, then a trend chart per indicator), the units
below ranked for each, the month's work (tasks, visits, events, disputes, 八小工程), and the 填报单位 / 填报人 /
审核人 / 日期 block a report going upward ends with. The same tables as .xlsx (`build_monthly_xlsx`).

A4 portrait, laid out by ReportLab's platypus (the charts are ReportLab graphics), drawn twice: the first pass
counts the pages so every page can say 第 X 页 / 共 Y 页 in the common frame (page.draw_frame).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import IndicatorLine, MonthlyData

from .fonts import FONT, register_font
from .page import FOOTER_H, HEADER_H, MARGIN, PORTRAIT, draw_frame

SIZE = PORTRAIT
WIDTH = SIZE[0] - 2 * MARGIN
STATUS_COLOURS = {"met": colors.HexColor("#2e7d32"), "close": colors.HexColor("#a15c00"),
                  "missed": colors.HexColor("#b3261e"), "no_data": colors.HexColor("#666666")}
MAX_BELOW_BARS = 15  # the bar chart shows the last 15 units (those pulling the figure down); the table lists all


def _styles() -> dict[str, ParagraphStyle]:
    return {"h": ParagraphStyle("h", fontName=FONT, fontSize=11.5, leading=16, spaceBefore=6, spaceAfter=4),
            "p": ParagraphStyle("p", fontName=FONT, fontSize=9, leading=13),
            "small": ParagraphStyle("s", fontName=FONT, fontSize=8, leading=11, textColor=colors.HexColor("#444444"))}


def _table(rows: list[list[Any]], widths: list[float], *, status_col: int | None = None,
           statuses: list[str] | None = None) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1)
    style = [("FONT", (0, 0), (-1, -1), FONT, 8.5), ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#777777")),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e0e0e0")), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("ALIGN", (0, 0), (-1, 0), "CENTER")]
    if status_col is not None and statuses:
        for i, s in enumerate(statuses, start=1):
            style.append(("TEXTCOLOR", (status_col, i), (status_col, i), STATUS_COLOURS.get(s, colors.black)))
    t.setStyle(TableStyle(style))
    return t


def _trend_chart(line: IndicatorLine, w: float, h: float) -> Drawing:
    d = Drawing(w, h)
    d.add(String(4, h - 11, f"{line.name}（近 {len(line.trend)} 期，虚线为目标）", fontName=FONT, fontSize=8))
    points = [(i, v) for i, (_k, v) in enumerate(line.trend) if v is not None]
    values = [v for _i, v in points]
    n = max(1, len(line.trend) - 1)
    chart = LinePlot()
    chart.x, chart.y, chart.width, chart.height = 34, 22, w - 44, h - 42
    own = points if len(points) != 1 else points * 2  # a single value still draws (as its point)
    chart.data = [[(0, line.target_value), (n, line.target_value)], *([own] if own else [])]
    chart.lines[0].strokeColor = colors.HexColor("#999999")
    chart.lines[0].strokeDashArray = (3, 2)
    chart.lines[1].strokeColor = colors.HexColor("#1a5fb4")
    chart.lines[1].strokeWidth = 1.5
    chart.lines[1].symbol = makeMarker("FilledCircle", size=2.5)
    lo = min([line.target_value, *values])
    hi = max([line.target_value, *values])
    pad = (hi - lo) * 0.15 or max(abs(hi) * 0.05, 0.5)
    chart.yValueAxis.valueMin, chart.yValueAxis.valueMax = lo - pad, hi + pad
    chart.yValueAxis.labels.fontName = FONT
    chart.yValueAxis.labels.fontSize = 6
    chart.yValueAxis.labelTextFormat = "%.0f%%" if line.percent else "%.2f"
    chart.xValueAxis.valueMin, chart.xValueAxis.valueMax, chart.xValueAxis.valueStep = 0, n, 1
    keys = [k for k, _v in line.trend]
    chart.xValueAxis.labelTextFormat = lambda x: (keys[int(x)][-5:] if 0 <= int(x) < len(keys) else "")
    chart.xValueAxis.labels.fontName = FONT
    chart.xValueAxis.labels.fontSize = 5.5
    chart.xValueAxis.labels.angle = 30
    chart.xValueAxis.labels.boxAnchor = "ne"
    d.add(chart)
    if not points:
        d.add(String(w / 2, h / 2, "近期无数据", fontName=FONT, fontSize=8, textAnchor="middle",
                     fillColor=colors.HexColor("#666666")))
    return d


def _below_chart(line: IndicatorLine, w: float) -> Drawing | None:
    shown = [b for b in line.below if b.rank is not None][-MAX_BELOW_BARS:]
    if len(shown) < 2:
        return None
    h = 26 + 12 * len(shown)
    d = Drawing(w, h)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 6, w - 180, h - 14
    chart.data = [[_num(b.value) for b in reversed(shown)]]
    chart.categoryAxis.categoryNames = [f"{b.rank}. {b.unit}"[:22] for b in reversed(shown)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([line.target_value, *(_num(b.value) for b in shown)]) * 1.05 or 1
    chart.bars[0].fillColor = colors.HexColor("#1a5fb4")
    chart.barWidth = 8
    d.add(chart)
    # the target as a vertical line across the bars
    x = chart.x + chart.width * (line.target_value - chart.valueAxis.valueMin) / (
        chart.valueAxis.valueMax - chart.valueAxis.valueMin)
    d.add(Line(x, chart.y, x, chart.y + chart.height, strokeColor=colors.HexColor("#b3261e"), strokeWidth=0.8,
               strokeDashArray=(3, 2)))
    d.add(String(x + 2, chart.y + chart.height + 1, f"目标 {line.target}", fontName=FONT, fontSize=6,
                 fillColor=colors.HexColor("#b3261e")))
    return d


def _num(shown: str) -> float:
    try:
        return float(shown.rstrip("%"))
    except ValueError:
        return 0.0


def _story(data: MonthlyData) -> list[Any]:
    st = _styles()
    story: list[Any] = [Paragraph("一、指标完成情况", st["h"])]
    rows: list[list[Any]] = [["指标", "本期值", "目标", "完成情况", "分子/分母", "统计期"]]
    for ln in data.lines:
        rows.append([ln.name, ln.value, ln.target, ln.status_label, f"{ln.numerator}/{ln.denominator}", ln.period])
    story.append(_table(rows, [150, 60, 60, 70, 110, WIDTH - 450], status_col=3,
                        statuses=[ln.status for ln in data.lines]))
    story.append(Paragraph("完成情况：达标＝达到目标；接近＝差距在允许范围内；未达标＝低于目标；无数据＝本期没有可计算的记录。",
                           st["small"]))
    story.append(Paragraph("二、指标趋势（近 12 期，虚线为目标）", st["h"]))
    charts = [_trend_chart(ln, WIDTH / 2 - 4, 120) for ln in data.lines if ln.trend]
    for i in range(0, len(charts), 2):
        pair = charts[i:i + 2] + ([Spacer(1, 1)] if len(charts[i:i + 2]) == 1 else [])
        story.append(Table([pair], colWidths=[WIDTH / 2] * 2, style=[("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(Paragraph("三、下级单位排名", st["h"]))
    any_below = False
    for ln in data.lines:
        if not ln.below:
            continue
        any_below = True
        part: list[Any] = [Paragraph(f"{ln.name}（目标 {ln.target}）", st["p"])]
        rows = [["名次", "单位", "本期值", "完成情况", "分子/分母"]]
        rows += [[str(b.rank or "—"), b.unit, b.value, b.status, f"{b.numerator}/{b.denominator}"] for b in ln.below]
        part.append(_table(rows, [40, 230, 70, 80, WIDTH - 420]))
        chart = _below_chart(ln, WIDTH)
        if chart is not None:
            part.append(chart)
        part.append(Spacer(1, 6))
        story.append(KeepTogether(part[:2]) if len(ln.below) < 25 else part[0])
        if len(ln.below) >= 25:
            story.append(part[1])
        story += part[2:]
    if not any_below:
        story.append(Paragraph("本单位没有下级单位参加排名。", st["p"]))
    story.append(Paragraph("四、本月工作情况", st["h"]))
    story.append(_table([["项目", "数量"], *[[k, v] for k, v in data.work]], [300, WIDTH - 300]))
    story.append(Spacer(1, 18))
    sign = Table([[f"填报单位：{data.filled_by_unit}", f"填报人：{data.filled_by}"],
                  [f"审核人：{data.reviewer or '＿＿＿＿＿＿'}", f"日期：{data.filled_on}"]],
                 colWidths=[WIDTH / 2, WIDTH / 2])
    sign.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10), ("TOPPADDING", (0, 0), (-1, -1), 8)]))
    story.append(KeepTogether([sign]))
    return story


def build_monthly(data: MonthlyData, progress: Progress = NULL_PROGRESS) -> bytes:
    """The report as PDF bytes (A4 portrait)."""
    register_font()
    pages = [0]

    def build(total: int) -> bytes:
        buf = io.BytesIO()
        doc = SimpleDocTemplate(buf, pagesize=SIZE, leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=MARGIN + HEADER_H, bottomMargin=MARGIN + FOOTER_H,
                                title=f"{data.header.title} — {data.header.unit_full_name} {data.header.period}",
                                author=data.header.printed_by, creator="gridapp 网格工作台",
                                subject=data.header.unit_code)

        def frame(c: Any, d: Any) -> None:
            pages[0] = d.page
            draw_frame(c, data.header, d.page, total or d.page, SIZE)
            if data.draft:
                _watermark(c)

        doc.build(_story(data), onFirstPage=frame, onLaterPages=frame)
        return buf.getvalue()

    progress.step(0, 2, "正在排版")
    build(0)
    progress.step(1, 2, "正在生成 PDF")
    pdf = build(pages[0])
    progress.step(2, 2, "完成")
    return pdf


def _watermark(c: Any) -> None:
    c.saveState()
    c.setFont(FONT, 90)
    c.setFillColor(colors.Color(0.7, 0.7, 0.7, alpha=0.25))
    c.translate(SIZE[0] / 2, SIZE[1] / 2)
    c.rotate(35)
    c.drawCentredString(0, 0, "草稿")
    c.restoreState()


def build_monthly_xlsx(data: MonthlyData) -> bytes:
    """The same tables as a workbook: 指标, 下级排名, 本月工作, and the 填报 block under the first sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "指标"
    bold = Font(bold=True)
    ws.append([data.header.title, data.header.unit_full_name, data.header.period])
    ws.append(["指标", "本期值", "目标", "完成情况", "分子", "分母", "统计期"])
    for c in ws[2]:
        c.font = bold
    for ln in data.lines:
        ws.append([ln.name, ln.value, ln.target, ln.status_label, ln.numerator, ln.denominator, ln.period])
    ws.append([])
    ws.append(["填报单位", data.filled_by_unit, "填报人", data.filled_by])
    ws.append(["审核人", data.reviewer, "日期", data.filled_on])
    ws.column_dimensions["A"].width = 24
    below = wb.create_sheet("下级排名")
    below.append(["指标", "名次", "单位", "本期值", "完成情况", "分子", "分母"])
    for c in below[1]:
        c.font = bold
    for ln in data.lines:
        for b in ln.below:
            below.append([ln.name, b.rank, b.unit, b.value, b.status, b.numerator, b.denominator])
    below.column_dimensions["C"].width = 28
    trend = wb.create_sheet("趋势")
    trend.append(["指标", "统计期", "值"])
    for ln in data.lines:
        for k, v in ln.trend:
            trend.append([ln.name, k, None if v is None else round(v, 4)])
    work = wb.create_sheet("本月工作")
    work.append(["项目", "数量"])
    for what, figure in data.work:
        work.append([what, figure])
    work.column_dimensions["A"].width = 30
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
