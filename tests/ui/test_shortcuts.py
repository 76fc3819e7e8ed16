"""The keys every page shares: Ctrl+F, F5, Ctrl+N, Ctrl+P, and Enter on a ledger row, pressed as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gridapp.core.permissions import Principal, Role
from tests.ui.conftest import when_modal


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def residents(qtbot, window):
    window.show_page("residents")
    page = window.residents_page
    qtbot.waitUntil(lambda: page.count_label.text().startswith("共") and page.model.row_at(0) is not None,
                    timeout=10000)
    return page


def test_ctrl_f_goes_to_the_search_box(qtbot, window):
    activate(qtbot, window)
    page = residents(qtbot, window)
    page.table.setFocus()
    page.search.setText("张")
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus() and page.search.selectedText() == "张"


def test_f5_refreshes_the_page_shown(qtbot, window):
    activate(qtbot, window)
    window.show_page("home")
    home = window.home
    before = home.refresh_button.isEnabled()
    refreshed = []
    home.refresh_requested.connect(lambda: refreshed.append(True))
    qtbot.keyClick(window.nav, Qt.Key.Key_F5)
    assert before and refreshed == [True]


def test_ctrl_n_opens_the_new_record_form_and_enter_opens_a_row(qtbot, window):
    window.session.principal = Principal("u-office", "office", Role.OFFICE, "370303001")
    page = residents(qtbot, window)
    activate(qtbot, window)
    seen = []

    def close(dialog) -> None:
        seen.append(type(dialog).__name__)
        dialog.reject()

    when_modal(close)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    assert seen == ["ResidentForm"]
    # Enter on the selected row opens it (the edit form, filled in)
    page.table.selectRow(0)
    page.table.setFocus()
    filled = []

    def look(dialog) -> None:
        filled.append(dialog.name.text() if hasattr(dialog, "name") else "")
        dialog.reject()

    when_modal(look)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(filled) == 1, timeout=5000)
    assert filled[0] == page.model.row_at(0).name


def test_a_key_the_page_has_nothing_for_does_nothing(qtbot, window):
    from gridapp.ui import shortcuts

    activate(qtbot, window)
    window.show_page("settings")
    assert shortcuts.trigger(window.settings_page, "new") is False
    assert shortcuts.trigger(window.settings_page, "print") is False


def test_ctrl_p_prints_the_report_shown(qtbot, window, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog

    activate(qtbot, window)
    window.show_page("reports")
    page = window.reports_page
    qtbot.waitUntil(lambda: page.report_list.count() > 0 and page.unit_combo.count() > 0, timeout=10000)
    asked = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: asked.append(True) or 0)
    qtbot.keyClick(page.report_list, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked == []  # nothing built yet: print is not available
    page.choose("roster", "370303001001001", "2026-01")
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.pdf is not None and page.print_button.isEnabled(), timeout=30000)
    activate(qtbot, window)  # the progress dialog had the focus while the report was built
    qtbot.keyClick(page.report_list, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked == [True]
