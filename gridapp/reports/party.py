"""党建网格 reports: 党建网格化组织体系 (the network roster by community, with the checks and the coverage) and
党员中心户联系户名册 (each 中心户 and its linked households). A4 portrait, pre-paginated like the visits report;
both also as .xlsx (`party_xlsx`). No ID numbers, no phones, no membership details beyond the counts the
printing role may see."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import PartyCentresData, PartyNetworkData

from .fonts import FONT, fit
from .page import FOOTER_H, HEADER_H, MARGIN, PORTRAIT, Column, paginate, render_pages

SIZE = PORTRAIT
FONT_SIZE = 8.5
ROW_H = 15.0
TOP = SIZE[1] - MARGIN - HEADER_H
BOTTOM = MARGIN + FOOTER_H
WIDTH = SIZE[0] - 2 * MARGIN
PAD = 3.0
NETWORK = (Column("层级", 40, "center"), Column("党组织", 150), Column("所在单位（楼栋）", 140),
           Column("书记（组长）", 70), Column("党员数", 45, "right"), Column("中心户", 45, "right"))
CENTRES = (Column("序号", 34, "right"), Column("联系户地址", 300), Column("户主", 80), Column("备注", 125))


def _xs(cols: tuple[Column, ...]) -> tuple[list[float], list[float]]:
    scale = WIDTH / sum(c.width for c in cols)
    widths = [c.width * scale for c in cols]
    return widths, [MARGIN + sum(widths[:i]) for i in range(len(widths) + 1)]


def _network_pages(data: PartyNetworkData) -> list[list[tuple]]:
    items: list[tuple] = [("text", "党支部建在网格上，党小组设在楼栋里；党员数为组织关系在该党组织的党员。"), ("gap",),
                          ("head", NETWORK)]
    for ln in data.lines:
        if ln.kind == "community":
            items.append(("band", NETWORK, f"{ln.name}（{ln.unit}）"))
        else:
            items.append(("row", NETWORK, (ln.level, ln.name, ln.unit, ln.secretary, ln.members, ln.centres)))
    if not data.lines:
        items.append(("text", "本单位尚未设立党组织。"))
    items += [("gap",), ("text", "检查与覆盖")]
    items += [("text", "　" + line) for line in data.summary]
    return paginate(items, int((TOP - BOTTOM) // ROW_H))


def _centre_pages(data: PartyCentresData) -> list[list[tuple]]:
    items: list[tuple] = [("text", f"党员中心户 {len(data.centres)} 个，联系户 "
                                   f"{sum(len(c.links) for c in data.centres)} 户（每个中心户联系约 10 户）。")]
    for c in data.centres:
        items += [("gap",), ("band", CENTRES, f"{c.grid}　{c.address}　中心户党员：{c.member}"
                                              + (f"　{c.group}" if c.group else "")), ("head", CENTRES)]
        items += [("row", CENTRES, (str(i), addr, head or "—", ""))
                  for i, (addr, head) in enumerate(c.links, start=1)]
        if not c.links:
            items.append(("text", "　尚无联系户。"))
    if not data.centres:
        items.append(("text", "本单位尚无党员中心户。"))
    return paginate(items, int((TOP - BOTTOM) // ROW_H))


def _draw(c: Canvas, page: list[tuple]) -> None:
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
        cols = item[1]
        widths, xs = _xs(cols)
        if kind == "band":
            c.setFillGray(0.93)
            c.rect(xs[0], y, xs[-1] - xs[0], ROW_H, stroke=1, fill=1)
            c.setFillGray(0)
            c.setFont(FONT, 9)
            c.drawString(xs[0] + PAD, y + 4.5, fit(item[2], WIDTH - 2 * PAD, 9))
            continue
        if kind == "head":
            c.setFillGray(0.85)
            c.rect(xs[0], y, xs[-1] - xs[0], ROW_H, stroke=1, fill=1)
            c.setFillGray(0)
            c.setFont(FONT, FONT_SIZE)
            for col, x0, w in zip(cols, xs, widths, strict=False):
                c.drawCentredString(x0 + w / 2, y + 4.5, col.title)
            continue
        c.setStrokeGray(0.45)
        c.rect(xs[0], y, xs[-1] - xs[0], ROW_H, stroke=1, fill=0)
        for x0 in xs[1:-1]:
            c.line(x0, y, x0, y + ROW_H)
        c.setStrokeGray(0)
        c.setFont(FONT, FONT_SIZE)
        for col, x0, w, value in zip(cols, xs, widths, item[2], strict=False):
            text = fit(value, w - 2 * PAD, FONT_SIZE)
            if col.align == "right":
                c.drawRightString(x0 + w - PAD, y + 4.5, text)
            elif col.align == "center":
                c.drawCentredString(x0 + w / 2, y + 4.5, text)
            else:
                c.drawString(x0 + PAD, y + 4.5, text)


def build_party_network(data: PartyNetworkData, progress: Progress = NULL_PROGRESS) -> bytes:
    return render_pages(data.header, SIZE, _network_pages(data), _draw, progress)


def build_party_centres(data: PartyCentresData, progress: Progress = NULL_PROGRESS) -> bytes:
    return render_pages(data.header, SIZE, _centre_pages(data), _draw, progress)


def party_xlsx(data: PartyNetworkData | PartyCentresData) -> bytes:
    """The same report as a workbook: one sheet, the title and unit on top, one row per line."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = data.header.title[:31]
    ws.append([data.header.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"单位：{data.header.unit_full_name}（{data.header.unit_code}）",
               f"打印人：{data.header.printed_by}", f"打印时间：{data.header.printed_at}"])
    ws.append([])
    if isinstance(data, PartyNetworkData):
        ws.append(["社区", *(c.title for c in NETWORK)])
        community = ""
        for ln in data.lines:
            if ln.kind == "community":
                community = ln.name
                continue
            ws.append([community, ln.level, ln.name, ln.unit, ln.secretary, ln.members, ln.centres])
        ws.append([])
        for line in data.summary:
            ws.append([line])
        widths = (24, 8, 26, 28, 12, 8, 8)
    else:
        ws.append(["网格", "党员中心户", "中心户党员", "所属党小组", "序号", "联系户地址", "户主"])
        for c in data.centres:
            for i, (addr, head) in enumerate(c.links or [("", "")], start=1):
                ws.append([c.grid, c.address, c.member, c.group, i if addr else "", addr, head])
        widths = (14, 36, 10, 18, 6, 36, 10)
    for col, w in zip("ABCDEFG", widths, strict=False):
        ws.column_dimensions[col].width = w
    for cell in ws[4]:
        cell.font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
