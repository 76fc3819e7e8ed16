"""户卡: one A4 page per household — address, members with their relation to the head, last change date.

A household with more members than fit on a page continues on the next page, marked 续."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import HouseholdCard, HouseholdCardsData

from .fonts import FONT, fit
from .page import FOOTER_H, HEADER_H, MARGIN, PORTRAIT, Column, empty_page, render_pages

SIZE = PORTRAIT
FONT_SIZE = 9.0
ROW_H = 18.0
PAD = 3.0
LEFT, RIGHT = MARGIN, SIZE[0] - MARGIN
TOP = SIZE[1] - MARGIN - HEADER_H
COLUMNS = (
    Column("姓名", 54), Column("与户主关系", 58), Column("性别", 28), Column("出生日期", 60),
    Column("年龄", 28), Column("民族", 40), Column("公民身份号码", 110), Column("联系电话", 74),
    Column("人口类型", 52), Column("状态", 34),
)
_scale = (RIGHT - LEFT) / sum(col.width for col in COLUMNS)
WIDTHS = [col.width * _scale for col in COLUMNS]
XS = [LEFT + sum(WIDTHS[:i]) for i in range(len(WIDTHS) + 1)]
INFO_ROWS = 6  # the rows of _info_cells
MEMBERS_TOP = TOP - INFO_ROWS * ROW_H - 30
MEMBERS_PER_PAGE = int((MEMBERS_TOP - ROW_H - (MARGIN + FOOTER_H + 20)) // ROW_H)


def _info_cells(card: HouseholdCard) -> list[tuple[str, str, str, str]]:
    active = sum(1 for m in card.members if m.status == "在册")
    return [
        ("户号", card.household_no, "所属网格", card.grid_name),
        ("楼栋", card.building, "房号", card.room),
        ("住址", card.address, "", ""),
        ("户主", card.head_name, "联系电话", card.phone),
        ("成员", f"{len(card.members)} 人（在册 {active} 人）", "最后变更", card.last_change),
        ("标签", "；".join(f"{m.name}：{m.tags}" for m in card.members if m.tags) or "—", "", ""),
    ]


def _draw_card(c: Canvas, page: tuple[HouseholdCard, int, int]) -> None:
    card, start, part = page
    c.setFont(FONT, 11)
    title = f"户号 {card.household_no}" + ("（续）" if part else "")
    c.drawString(LEFT, TOP - 4, title)
    # the information block: label | value | label | value
    label_w, half = 62.0, (RIGHT - LEFT) / 2
    y = TOP - 14
    info = _info_cells(card)
    lines = []
    c.setFillGray(0.92)
    for i in range(len(info)):
        row_y = y - ROW_H * (i + 1)
        c.rect(LEFT, row_y, label_w, ROW_H, stroke=0, fill=1)
        if info[i][2]:
            c.rect(LEFT + half, row_y, label_w, ROW_H, stroke=0, fill=1)
    c.setFillGray(0)
    t = c.beginText()
    t.setFont(FONT, FONT_SIZE)
    for i, (l1, v1, l2, v2) in enumerate(info):
        row_y = y - ROW_H * (i + 1)
        lines.append((LEFT, row_y, RIGHT, row_y))
        lines.append((LEFT + label_w, row_y, LEFT + label_w, row_y + ROW_H))
        base = row_y + (ROW_H - FONT_SIZE) / 2 + 1.5
        t.setTextOrigin(LEFT + PAD, base)
        t.textOut(l1)
        span = (half if l2 else RIGHT - LEFT) - label_w - 2 * PAD
        t.setTextOrigin(LEFT + label_w + PAD, base)
        t.textOut(fit(v1, span, FONT_SIZE))
        if l2:
            lines.append((LEFT + half, row_y, LEFT + half, row_y + ROW_H))
            lines.append((LEFT + half + label_w, row_y, LEFT + half + label_w, row_y + ROW_H))
            t.setTextOrigin(LEFT + half + PAD, base)
            t.textOut(l2)
            t.setTextOrigin(LEFT + half + label_w + PAD, base)
            t.textOut(fit(v2, span, FONT_SIZE))
    info_bottom = y - ROW_H * len(info)
    lines += [(LEFT, y, RIGHT, y), (LEFT, y, LEFT, info_bottom), (RIGHT, y, RIGHT, info_bottom)]

    # members
    members = card.members[start:start + MEMBERS_PER_PAGE]
    top = info_bottom - 22
    t.setFont(FONT, 10)
    t.setTextOrigin(LEFT, top + 6)
    t.textOut("家庭成员")
    t.setFont(FONT, FONT_SIZE)
    c.setFillGray(0.88)
    c.rect(LEFT, top - ROW_H, RIGHT - LEFT, ROW_H, stroke=0, fill=1)
    c.setFillGray(0)
    bottom = top - ROW_H * (len(members) + 1)
    for i in range(len(members) + 2):
        lines.append((LEFT, top - ROW_H * i, RIGHT, top - ROW_H * i))
    lines.extend((x, top, x, bottom) for x in XS)
    rows = [[col.title for col in COLUMNS]] + [
        [m.name, m.relation, m.gender, m.birth_date, m.age, m.ethnicity, m.id_number, m.phone,
         m.resident_type, m.status] for m in members]
    for r, cells in enumerate(rows):
        base = top - ROW_H * (r + 1) + (ROW_H - FONT_SIZE) / 2 + 1.5
        for i, text in enumerate(cells):
            text = fit(text, WIDTHS[i] - 2 * PAD, FONT_SIZE)
            x = XS[i] + PAD if r else XS[i] + (WIDTHS[i] - stringWidth(text, FONT, FONT_SIZE)) / 2
            t.setTextOrigin(x, base)
            t.textOut(text)
    c.setLineWidth(0.4)
    c.lines(lines)
    c.drawText(t)


def build_household_cards(data: HouseholdCardsData, progress: Progress = NULL_PROGRESS) -> bytes:
    """The cards as PDF bytes (A4 portrait). No households: one page that says so."""
    if not data.cards:
        message = f"{data.header.unit_full_name}没有户，无户卡可打印。"
        return render_pages(data.header, SIZE, [message], lambda c, m: empty_page(c, m, SIZE), progress)
    pages: list[tuple[HouseholdCard, int, int]] = []
    for card in data.cards:
        for part, start in enumerate(range(0, max(len(card.members), 1), MEMBERS_PER_PAGE)):
            pages.append((card, start, part))
    return render_pages(data.header, SIZE, pages, _draw_card, progress)
