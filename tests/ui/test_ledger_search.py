"""Ctrl+F on 矛盾调解, 我的任务 and 八小工程: the key goes to the page's search box, typing narrows the list (the
service filters in SQL), and 导出… writes exactly the rows the searched list shows. Signed in as a grid worker,
an office clerk and a grid chief, as users are."""

from __future__ import annotations

import datetime as dt
import os

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gridapp.core.permissions import Principal, Role
from gridapp.domain.disputes import DisputeInput
from gridapp.domain.projects import ProjectInput

from .conftest import type_text

TOWN = "370303001"
COMMUNITY = "370303001001"
GRID = "370303001001001"


def shot(window, name: str) -> None:
    """GRIDAPP_SHOT_DIR=…: the page at 1366×768 with the app's own CJK font."""
    folder = os.environ.get("GRIDAPP_SHOT_DIR")
    if folder:
        window.grab().save(os.path.join(folder, f"{name}.png"))


@pytest.fixture(autouse=True)
def _laptop(window):
    window.resize(1366, 768)
    if os.environ.get("GRIDAPP_SHOT_DIR"):
        from gridapp.ui.i18n import install_font
        install_font(QApplication.instance())


def as_role(window, page, role: Role, unit: str) -> None:
    window.session.principal = Principal("u-" + role.value, role.value, role, unit, display_name="测试用户")
    page.set_session(window.session)


def press_ctrl_f_and_type(qtbot, window, page, text: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    type_text(qtbot, page.search, text)


def column(page, col: int) -> list[str]:
    return [page.table.item(r, col).text() for r in range(page.table.rowCount())]


def export_rows(qtbot, page, tmp_path, message) -> list[list]:
    out = tmp_path / "导出.xlsx"
    assert page.export_button.isEnabled()
    page.export_button.click()
    qtbot.waitUntil(lambda: message() is not None, timeout=20000)
    text = message().text()
    message().close()
    rows = [list(r) for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    assert str(out) in text and f"已导出 {len(rows) - 1} " in text, text
    return rows


def test_disputes_found_by_place_party_and_the_short_number(qtbot, window, tmp_path):
    page = window.disputes_page
    as_role(window, page, Role.GRID_WORKER, GRID)
    svc = window.session.disputes()
    today = dt.date.today()
    svc.register(DisputeInput("查找测试漏水纠纷", today, "查找测试街8号", "02", "01", 2, "楼上漏水", "甲某、乙某",
                              None, GRID))
    other = svc.register(DisputeInput("查找测试噪音纠纷", today, "查找测试路3号", "02", "01", 2, "夜间噪音",
                                      "丙某", None, GRID))
    window.show_page("disputes")
    qtbot.waitUntil(lambda: page.table.rowCount() > 2, timeout=10000)
    everything = page.table.rowCount()
    assert "当事人" in page.search.placeholderText()
    press_ctrl_f_and_type(qtbot, window, page, "查找测试街")
    qtbot.waitUntil(lambda: column(page, 2) == ["查找测试漏水纠纷"], timeout=10000)
    shot(window, "disputes_search")
    page.search.clear()
    type_text(qtbot, page.search, "丙某")  # a party's name
    qtbot.waitUntil(lambda: column(page, 2) == ["查找测试噪音纠纷"], timeout=10000)
    short = svc.get(other).short_number  # the number said on the phone
    page.search.clear()
    type_text(qtbot, page.search, short)
    qtbot.waitUntil(lambda: column(page, 0) == [short], timeout=10000)
    page.search.clear()
    type_text(qtbot, page.search, "查找测试 纠纷")  # every word must be found
    qtbot.waitUntil(lambda: sorted(column(page, 2)) == ["查找测试噪音纠纷", "查找测试漏水纠纷"], timeout=10000)
    page.ledger_io.choose_export_file = lambda: str(tmp_path / "导出.xlsx")
    rows = export_rows(qtbot, page, tmp_path, lambda: page.ledger_io.message)
    names = [r[rows[0].index("事件名称")] for r in rows[1:]]
    assert sorted(names) == ["查找测试噪音纠纷", "查找测试漏水纠纷"]
    page.search.clear()
    qtbot.waitUntil(lambda: page.table.rowCount() == everything, timeout=10000)


def test_an_office_clerk_searches_all_grids_tasks_and_exports_them(qtbot, window, tmp_path):
    page = window.tasks_page
    as_role(window, page, Role.OFFICE, TOWN)
    window.show_page("tasks")
    qtbot.waitUntil(lambda: page.table.rowCount() > 0 and "待办" in page.summary.text(), timeout=10000)
    everything = page.table.rowCount()
    titles = column(page, 2)
    word = next(t for t in titles if titles.count(t) < len(titles))[:4]
    expected = sum(word in t for t in titles)
    assert 0 < expected < everything
    press_ctrl_f_and_type(qtbot, window, page, word)
    qtbot.waitUntil(lambda: page.table.rowCount() == expected and f"查找“{word}”" in page.summary.text(),
                    timeout=10000)
    assert all(word in t for t in column(page, 2))
    shot(window, "tasks_search")
    page.choose_export_file = lambda: str(tmp_path / "导出.xlsx")
    rows = export_rows(qtbot, page, tmp_path, lambda: page.message)
    assert rows[0][:3] == ["状态", "网格", "任务"]
    assert [r[2] for r in rows[1:]] == column(page, 2)  # the rows the list shows, in its order
    page.search.clear()
    type_text(qtbot, page.search, "没有这样的任务")
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=10000)


def test_a_grid_chief_finds_small_projects_by_responsible_and_content(qtbot, window, tmp_path):
    page = window.projects_page
    as_role(window, page, Role.GRID_CHIEF, COMMUNITY)
    svc = window.session.projects()
    today = dt.date.today()
    svc.record(ProjectInput("service", "查找测试义诊", today, "社区卫生站义诊量血压", "查找员甲", GRID,
                            place="社区广场", participants=12, service_type="01", served=40))
    svc.record(ProjectInput("safety", "查找测试消防巡查", today, "楼道堆物清理", "查找员乙", GRID,
                            participants=5, hazards_found=3, hazards_fixed=2))
    window.show_page("projects")
    qtbot.waitUntil(lambda: page.table.rowCount() >= 2, timeout=10000)
    assert "负责人" in page.search.placeholderText()
    press_ctrl_f_and_type(qtbot, window, page, "查找员乙")
    qtbot.waitUntil(lambda: column(page, 2) == ["查找测试消防巡查"], timeout=10000)
    shot(window, "projects_search")
    page.search.clear()
    type_text(qtbot, page.search, "血压")  # in the content
    qtbot.waitUntil(lambda: column(page, 2) == ["查找测试义诊"], timeout=10000)
    page.ledger_io.choose_export_file = lambda: str(tmp_path / "导出.xlsx")
    rows = export_rows(qtbot, page, tmp_path, lambda: page.ledger_io.message)
    assert [r[rows[0].index("名称")] for r in rows[1:]] == ["查找测试义诊"]
