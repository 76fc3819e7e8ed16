"""考核 page: the demo's scheme, a manual score typed into the sheet (checked as typed), the ranking with its
badges, a major-incident mark, publishing behind a confirmation (then frozen), a new scheme through the form,
and what the assessed grid worker sees."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QMessageBox

from gridapp.core.permissions import Principal, Role

from .conftest import type_text, when_modal

TOWN = "370303001"
ROLE = Qt.ItemDataRole.UserRole


def as_role(window, role: Role, unit: str = TOWN) -> None:
    window.session.principal = Principal("u-" + role.value, role.value, role, unit, display_name="王主任")
    window.assessment_page.set_session(window.session)


def open_page(qtbot, window):
    window.show_page("assessment")
    page = window.assessment_page
    qtbot.waitUntil(lambda: page.sheet.rowCount() > 0, timeout=10000)
    return page


def type_into(qtbot, table, row: int, col: int, text: str) -> None:
    """Open the cell's editor (as a double click does), type, then Enter."""
    table.setCurrentCell(row, col)
    table.editItem(table.item(row, col))
    # the editor of an earlier edit may still be waiting for its deferred delete (hidden): take the open one
    def open_editor():
        return next((e for e in table.findChildren(QLineEdit) if e.isVisible()), None)

    qtbot.waitUntil(lambda: open_editor() is not None, timeout=3000)
    editor = open_editor()
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits and closes the editor on a queued call
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState, timeout=3000)


def missing_cell(page) -> tuple[int, int]:
    t = page.sheet
    for r in range(t.rowCount()):
        for c in range(1, t.columnCount() - 2):
            item = t.item(r, c)
            if item.text() == "" and item.flags() & Qt.ItemFlag.ItemIsEditable:
                return r, c
    raise AssertionError("the demo leaves one manual score to enter")


def test_score_rank_incident_publish(qtbot, window):
    as_role(window, Role.OFFICE)
    page = open_page(qtbot, window)
    assert page.scheme_box.currentText().startswith(page.view.period) and "网格员绩效考核" in page.scheme_box.currentText()
    assert page.version_box.currentText().startswith("草稿")
    assert not page.publish_button.isEnabled()  # one manual score is missing
    assert "未填写" in page.notes.text()
    # an automatic cell is read-only and says where its number comes from
    auto = page.sheet.item(0, 1)
    assert not auto.flags() & Qt.ItemFlag.ItemIsEditable and "网格任务" in auto.toolTip()
    r, c = missing_cell(page)
    type_into(qtbot, page.sheet, r, c, "99")
    assert "超出范围" in page.problem.text() and f"第 {r + 1} 行" in page.problem.text()
    assert page.sheet.item(r, c).text() == ""
    type_into(qtbot, page.sheet, r, c, "abc")
    assert "应为数字" in page.problem.text()
    type_into(qtbot, page.sheet, r, c, "8.5")
    qtbot.waitUntil(lambda: page.sheet.item(r, c) is not None and page.sheet.item(r, c).text() == "8.5"
                    and page.publish_button.isEnabled(), timeout=10000)
    assert page.problem.text() == ""

    # the ranking: two grids, top 3 → both benchmark (the notes explain why nobody is notified)
    page.tabs.setCurrentIndex(1)
    t = page.ranking_table
    assert t.rowCount() == 2 and [t.item(i, 0).text() for i in range(2)] in (["1", "2"], ["1", "1"])
    assert all(t.item(i, 3).data(ROLE + 1) == "标杆" for i in range(2))
    badge = t.cellWidget(0, 3)
    assert isinstance(badge, QLabel) and "标杆" in badge.text() and "#2e7d32" in badge.text()  # green
    assert "01 表彰奖励" in t.item(0, 4).text()
    assert "标杆优先" in page.notes.text()

    # mark a major incident on the first: it is no longer a benchmark but notified (the grid-worker default)
    first = t.item(0, 1).text()
    t.selectRow(0)
    assert page.incident_button.isEnabled()
    form = page.open_incident()
    form.flagged.setChecked(True)
    assert not form.save_button.isEnabled()
    type_text(qtbot, form.note, "漏报重大隐患")
    assert form.save_button.isEnabled()
    form.save_button.click()

    def row_named(name: str) -> int:
        return next((i for i in range(t.rowCount()) if t.item(i, 1).text() == name), -1)

    qtbot.waitUntil(lambda: row_named(first) >= 0 and t.item(row_named(first), 3).data(ROLE + 1) == "通报",
                    timeout=10000)
    assert "漏报重大隐患" in t.item(row_named(first), 5).text()

    # publish behind a confirmation; the version is then frozen
    def confirm(dialog) -> None:
        assert isinstance(dialog, QMessageBox) and "冻结" in dialog.text()
        dialog.button(QMessageBox.StandardButton.Yes).click()

    when_modal(confirm)
    page.publish_button.click()
    qtbot.waitUntil(lambda: page.version_box.currentText().startswith("第 1 版"), timeout=10000)
    assert "已冻结" in page.info.text() and not page.publish_button.isEnabled()
    assert not any(page.sheet.item(i, j).flags() & Qt.ItemFlag.ItemIsEditable
                   for i in range(page.sheet.rowCount()) for j in range(page.sheet.columnCount()))
    assert not page.incident_button.isEnabled()


def test_new_scheme_through_the_form(qtbot, window):
    as_role(window, Role.OFFICE)
    page = open_page(qtbot, window)
    before = page.scheme_box.count()
    form = page.open_new()
    assert form.level.currentData() == "grid" and form.indicators.rowCount() == 6
    assert form.top.value() == 3 and form.bottom.value() == 2
    form.period.setText("2025")
    assert form.save_button.isEnabled()
    form.period.setText("2025-13")
    assert not form.save_button.isEnabled() and "考核期" in form.problem.text()
    form.period.setText("2025")
    form.indicators.item(4, 1).setText("0")
    assert not form.save_button.isEnabled() and "分值" in form.problem.text()
    form.indicators.item(4, 1).setText("15")
    form.name.setText("2025年网格员考核")
    form.save_button.click()
    qtbot.waitUntil(lambda: page.scheme_box.count() == before + 1 and page.view is not None
                    and page.view.period == "2025", timeout=10000)
    assert page.sheet.rowCount() == 2


def test_the_grid_worker_sees_only_published_results_of_their_grid(qtbot, window):
    grid = window.session.assessment().targets(TOWN, "grid")[0][0]
    as_role(window, Role.GRID_WORKER, grid)
    window.show_page("assessment")
    page = window.assessment_page
    qtbot.waitUntil(lambda: "还没有考核方案" in page.info.text(), timeout=10000)
    assert not page.new_button.isVisible() and not page.publish_button.isVisible()


def test_the_page_in_english_has_no_chinese_but_the_data(qtbot, qapp, runner, settings, demo_db_path):
    """In English the headers, code labels, badges and the ranking's notes read in English (names and the
    scheme's own title are data and stay as typed)."""
    from gridapp.ui.i18n import install_translation
    from gridapp.ui.main_window import MainWindow

    assert install_translation(qapp, "en")
    try:
        win = MainWindow(runner, settings, demo_db_path)
        qtbot.addWidget(win)
        win.show()
        with qtbot.waitSignal(win.ready, timeout=15000):
            win.start()
        as_role(win, Role.OFFICE)
        page = open_page(qtbot, win)
        headers = [page.sheet.horizontalHeaderItem(c).text() for c in range(page.sheet.columnCount())]
        assert "Grid tasks done on time\n(25 pts, auto)" in headers
        notes = page.notes.text()
        assert notes.startswith("Ranking rule: top 3: benchmark; bottom 2: notice") and "名" not in notes
        badges = [page.ranking_table.cellWidget(r, 3).text() for r in range(page.ranking_table.rowCount())]
        assert any("Benchmark" in b for b in badges)
        assert "Grid worker" in page.info.text()
        win.close()
    finally:
        install_translation(qapp, "zh_CN")
