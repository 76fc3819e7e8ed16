"""gridapp.reports: the PDF builders, from plain data (no database, no Qt)."""

from __future__ import annotations

import pytest

from gridapp.core.errors import Cancelled
from gridapp.core.progress import Progress
from gridapp.core.reportdata import (
    CardMember,
    HouseholdCard,
    HouseholdCardsData,
    ReportHeader,
    RosterBuilding,
    RosterData,
    RosterGrid,
    RosterHousehold,
    RosterRow,
)
from gridapp.reports import build_household_cards, build_roster, render
from gridapp.reports.fonts import FONT, fit, register_font
from gridapp.reports.household_card import MEMBERS_PER_PAGE
from gridapp.reports.roster import ROWS_PER_PAGE

from .pdfcheck import FULL_ID, fonts, page_texts


def header(title: str = "实有人口花名册", revealed: bool = False) -> ReportHeader:
    return ReportHeader(title=title, unit_code="370303001001001", unit_full_name="城东街道和平社区第1网格",
                        period="2026年01月", printed_by="王网格", printed_at="2026-01-31 09:30", revealed=revealed)


def member(i: int, relation: str = "户主") -> RosterRow:
    return RosterRow(f"居民{i}", relation, "男", str(30 + i % 50), "370303********123X", "138****5678", "户籍人口")


def roster(buildings: int = 2, households: int = 3, members: int = 2, grids: int = 1) -> RosterData:
    gs = []
    for g in range(grids):
        bs = []
        for b in range(buildings):
            hs = [RosterHousehold(f"00100{g}{b}{h:03d}", f"1单元{h + 1:02d}",
                                  [member(m, "户主" if m == 0 else "子") for m in range(members)])
                  for h in range(households)]
            bs.append(RosterBuilding(f"{b + 1}号楼", hs))
        gs.append(RosterGrid(f"37030300100100{g + 1}", f"第{g + 1}网格", bs))
    return RosterData(header(), gs)


def card(no: str, members: int = 3) -> HouseholdCard:
    people = [CardMember(f"成员{i}", "户主" if i == 0 else "子", "女", "1980年", "45", "汉族",
                         "370303********0024", "139****0001", "户籍人口", "在册" if i < members - 1 else "迁出")
              for i in range(members)]
    return HouseholdCard(no, "第1网格", "3号楼", "2单元301", "和平路12号3号楼2单元301", "成员0", "139****0001",
                         "2026-01-15", people)


def test_roster_prints_headings_groups_counts_and_total():
    pdf = build_roster(roster(buildings=2, households=3, members=2))
    text = "\n".join(page_texts(pdf))
    assert pdf.startswith(b"%PDF")
    for heading in ("实有人口花名册", "城东街道和平社区第1网格", "370303001001001", "统计期：2026年01月",
                    "楼栋", "房号", "户号", "姓名", "性别", "年龄", "公民身份号码", "联系电话", "人口类型",
                    "打印人：王网格", "2026-01-31 09:30", "已脱敏"):
        assert heading in text, heading
    assert "1号楼　小计：3 户，6 人" in text
    assert "2号楼　小计：3 户，6 人" in text
    assert "总计：1 个网格，6 户，12 人" in text
    assert not FULL_ID.search(text)


def test_roster_of_several_grids_has_grid_totals():
    text = "\n".join(page_texts(build_roster(roster(buildings=1, households=2, members=1, grids=2))))
    assert "第1网格（370303001001001）　合计：2 户，2 人" in text
    assert "第2网格 1号楼" in text
    assert "总计：2 个网格，4 户，4 人" in text


def test_long_roster_repeats_headers_and_numbers_pages_x_of_y():
    data = roster(buildings=3, households=30, members=3)  # 270 residents + subtotals: several pages
    texts = page_texts(build_roster(data))
    n = len(texts)
    assert n == -(-(270 + 3 + 1) // ROWS_PER_PAGE) and n > 3
    for i, text in enumerate(texts, start=1):
        assert f"第 {i} 页 / 共 {n} 页" in text
        assert "公民身份号码" in text and "实有人口花名册" in text
    # the first row of a page repeats its household and building, even mid-household
    for text in texts[1:]:
        body = text.split("人口类型", 1)[1]
        assert "号楼" in body.splitlines()[1], body[:200]


def test_font_is_embedded_as_a_subset_and_is_the_only_font():
    pdf = build_roster(roster())
    used = fonts(pdf)
    assert used and all(used.values()), used
    assert all("WenQuanYiMicroHei" in name and "+" in name for name in used), used  # subset prefix
    assert b"/FontFile2" in pdf


def test_empty_roster_says_so_instead_of_an_empty_table():
    texts = page_texts(build_roster(RosterData(header(), [])))
    assert len(texts) == 1
    assert "没有在册居民" in texts[0]
    assert "公民身份号码" not in texts[0]
    assert "第 1 页 / 共 1 页" in texts[0]


def test_revealed_report_carries_the_warning():
    data = RosterData(header(revealed=True), roster().grids)
    text = page_texts(build_roster(data))[0]
    assert "含完整身份证号码" in text and "已脱敏" not in text


def test_cells_are_cut_to_the_column_with_an_ellipsis():
    register_font()
    assert fit("1号楼", 100, 8) == "1号楼"
    cut = fit("非常非常非常非常长的楼栋名称一二三四五六七八九十", 60, 8)
    assert cut.endswith("…") and len(cut) < 20
    from reportlab.pdfbase.pdfmetrics import stringWidth
    assert stringWidth(cut, FONT, 8) <= 60
    long = RosterData(header(), [RosterGrid("370303001001001", "第1网格", [RosterBuilding(
        "非常非常非常非常长的楼栋名称一二三四五六七八九十", [RosterHousehold("1", "1", [member(1)])])])])
    assert "…" in page_texts(build_roster(long))[0]


def test_household_cards_one_page_each_with_members_and_last_change():
    data = HouseholdCardsData(header("户卡"), [card("0010010001"), card("0010010002", members=1)])
    texts = page_texts(build_household_cards(data))
    assert len(texts) == 2
    first = texts[0]
    for text in ("户卡", "户号 0010010001", "和平路12号3号楼2单元301", "户主", "成员0", "与户主关系",
                 "家庭成员", "最后变更", "2026-01-15", "3 人（在册 2 人）", "迁出", "第 1 页 / 共 2 页"):
        assert text in first, text
    assert "第 2 页 / 共 2 页" in texts[1]
    assert all(fonts(build_household_cards(data)).values())


def test_a_large_household_continues_on_the_next_page():
    data = HouseholdCardsData(header("户卡"), [card("0010010001", members=MEMBERS_PER_PAGE + 2)])
    texts = page_texts(build_household_cards(data))
    assert len(texts) == 2
    assert "户号 0010010001（续）" in texts[1]
    assert f"成员{MEMBERS_PER_PAGE + 1}" in texts[1]


def test_no_households_says_so():
    texts = page_texts(render(HouseholdCardsData(header("户卡"), [])))
    assert len(texts) == 1 and "没有户" in texts[0]


def test_rendering_can_be_cancelled():
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        build_roster(roster(buildings=3, households=30, members=3), progress)


def test_render_refuses_unknown_data():
    with pytest.raises(TypeError):
        render(object())  # type: ignore[arg-type]


def test_the_fast_fit_path_holds_for_the_widest_glyph():
    from reportlab.pdfbase import pdfmetrics

    from gridapp.reports.fonts import MAX_ADVANCE_EM

    register_font()
    widest = max(pdfmetrics.getFont(FONT).face.charWidths.values()) / 1000
    assert widest <= MAX_ADVANCE_EM
    text = "Ѹ" * 10
    assert pdfmetrics.stringWidth(fit(text, 80, 8), FONT, 8) <= 80
