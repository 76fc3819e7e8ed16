"""Issue 14, the office's day on screen: forms open without an error until the user types or saves (修改密码,
特殊人群 登记), the home card and the tasks page count the unfinished tasks in the same words, the English home
page cuts no card's text off at 1366×768, and a grid worker's status bar names the grid with its community.
Real roles, real buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from gridapp.core.permissions import Principal, Role
from gridapp.services.users import Authenticator
from gridapp.ui.login import ChangePasswordDialog

from .conftest import type_text, when_modal
from .test_login import WORKER_PW, _login_with, _window, secure_db  # noqa: F401  (the fixture)
from .test_residents_page import open_page

GRID = "370303001001001"


def test_a_grid_worker_changes_the_password_from_settings_and_the_form_opens_quiet(qtbot, runner, settings,
                                                                                 secure_db):  # noqa: F811
    win = _window(qtbot, runner, settings, secure_db)
    _login_with(qtbot, [("w1", WORKER_PW)], {})
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    assert "和平社区 第1网格" in win.status_unit.text()  # the user's own grid, named with its community
    win.show_page("settings")
    page = win.settings_page
    qtbot.waitUntil(lambda: page.password_button.isVisible(), timeout=5000)
    seen: dict = {}

    def change(dialog):
        assert isinstance(dialog, ChangePasswordDialog)
        seen["opened"] = (dialog.error.text(), dialog.ok.isEnabled())
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # pressing it names what is missing
        seen["pressed"] = (dialog.error.text(), dialog.ok.isEnabled(), dialog.isVisible())
        type_text(qtbot, dialog.old, WORKER_PW)
        type_text(qtbot, dialog.new, "own-pass-2027")
        type_text(qtbot, dialog.again, "own-pass-2027")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    when_modal(change)
    qtbot.mouseClick(page.password_button, Qt.MouseButton.LeftButton)
    assert seen["opened"] == ("", True)
    assert seen["pressed"] == ("请输入原密码。", False, True)
    win.close()
    db, who = Authenticator(secure_db).login("w1", "own-pass-2027")  # the new password opens the database
    db.close()
    assert who.username == "w1"


def test_a_grid_chief_registers_a_special_group_from_the_row_menu_and_the_form_opens_quiet(qtbot, window):
    page = open_page(qtbot, window)
    window.session.principal = Principal("u-chief", "chief", Role.GRID_CHIEF, GRID[:12])
    page.set_session(window.session)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    groups = window.session.registry().special_groups()
    row = 0
    for row in range(20):  # a resident without special-group records
        page.table.selectRow(row)
        if not groups.of_resident(page.selected().id):
            break
    page._row_menu(page.table.visualRect(page.model.index(row, 0)).center())
    action = next(a for a in page.row_menu.actions() if a.text() == "特殊人群…")
    page.row_menu.close()
    action.trigger()
    dialog = page.special_groups_dialog
    qtbot.waitUntil(lambda: dialog.loaded, timeout=5000)
    seen: dict = {}

    def fill(form):
        save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
        seen["opened"] = (form.problem.text(), save.isEnabled())
        form.group.setCurrentIndex(form.group.findData("刑满释放"))
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        seen["pressed"] = (form.problem.text(), form.isVisible())
        type_text(qtbot, form.start, "2025-03-04")
        type_text(qtbot, form.offense, "盗窃罪")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    when_modal(fill)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0 and any(
        dialog.table.item(r, 0).text() == "刑满释放" for r in range(dialog.table.rowCount())), timeout=5000)
    assert seen["opened"] == ("", True)
    assert seen["pressed"] == ("请填写起始日期。", True)
    dialog.close()


def test_the_home_card_and_the_tasks_page_count_the_unfinished_tasks_alike(qtbot, window):
    home = window.home
    qtbot.waitUntil(lambda: home.agenda["tasks"].isVisible(), timeout=10000)
    card = home.agenda["tasks"].text().split("\n")
    assert card[1].startswith("未完成任务")
    qtbot.mouseClick(home.agenda["tasks"], Qt.MouseButton.LeftButton)
    tasks = window.tasks_page
    qtbot.waitUntil(lambda: tasks.summary.text().count("未完成") == 1, timeout=10000)
    assert f"未完成 {card[0]} 项" in tasks.summary.text()
    assert tasks.table.rowCount() == int(card[0].replace(",", ""))


def test_the_english_home_page_cuts_no_card_off_at_1366(qtbot, qapp, runner, settings, demo_db_path):
    from gridapp.ui.i18n import install_translation
    from gridapp.ui.main_window import MainWindow

    assert install_translation(qapp, "en")
    try:
        win = MainWindow(runner, settings, demo_db_path)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        with qtbot.waitSignal(win.ready, timeout=15000):
            win.start()
        cards = [c for c in win.home.agenda.values()]
        qtbot.waitUntil(lambda: any(c.isVisible() for c in cards), timeout=10000)
        assert "Unfinished tasks" in win.home.agenda["tasks"].text()
        for card in cards:
            if not card.isVisible():
                continue
            for line in card.text().split("\n"):
                assert card.fontMetrics().horizontalAdvance(line) <= card.width() - 12, (card.key, line)
        from gridapp.ui import codetr

        assert codetr.text(Role.OFFICE.label_zh) == "Governance centre staff"  # the status bar's role, in English
        win.close()
    finally:
        install_translation(qapp, "zh_CN")


def test_a_grid_workers_status_bar_names_the_grid_with_its_community(qtbot, window):
    window.session.principal = Principal("u-w", "w", Role.GRID_WORKER, GRID, display_name="王网格")
    window.session._bind()
    window._opened(window.session)
    qtbot.waitUntil(lambda: GRID in window.status_unit.text(), timeout=10000)
    assert "和平社区 第1网格" in window.status_unit.text()


def test_ctrl_n_writes_a_work_log_or_a_patrol_by_the_tab_shown_and_hands_out_a_task(qtbot, window):
    from PySide6.QtWidgets import QApplication

    from gridapp.ui.worklog_page import PatrolForm, WorklogForm

    window.session.principal = Principal("u-w", "w", Role.GRID_WORKER, GRID, display_name="网格员甲")
    page = window.page("worklog")
    page.set_session(window.session)
    window.show_page("worklog")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(page.log_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(page.form, WorklogForm) and page.form.isVisible(), timeout=5000)
    page.form.reject()
    page.form = None
    page.tabs.setCurrentIndex(1)
    qtbot.keyClick(page.patrol_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(page.form, PatrolForm) and page.form.isVisible(), timeout=10000)
    page.form.reject()
    # the office: Ctrl+N on 我的任务 is 派发任务…
    window.session.principal = Principal("u-o", "o", Role.OFFICE, "370303001")
    tasks = window.page("tasks")
    tasks.set_session(window.session)
    window.show_page("tasks")
    qtbot.waitUntil(lambda: tasks.assign_button.isVisible() and tasks.assign_button.isEnabled()
                    and tasks.grid_box.currentData() is not None, timeout=10000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    seen = []
    when_modal(lambda dialog: (seen.append(type(dialog).__name__), dialog.reject()))
    qtbot.keyClick(tasks.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: seen != [], timeout=5000)
    assert seen[0] in ("AssignDialog", "QMessageBox")


def test_the_english_affair_list_shows_its_code_values_and_periods_uncut(qtbot, qapp, runner, settings,
                                                                        demo_db_path):
    from gridapp.ui.i18n import install_translation
    from gridapp.ui.main_window import MainWindow

    assert install_translation(qapp, "en")
    try:
        win = MainWindow(runner, settings, demo_db_path)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        with qtbot.waitSignal(win.ready, timeout=15000):
            win.start()
        win.show_page("affairs")
        page = win.affairs_page
        qtbot.waitUntil(lambda: page.table.rowCount() > 0 and page.table.item(0, 0) is not None, timeout=10000)
        table = page.table
        metrics = table.fontMetrics()
        texts = {col: [table.item(r, col).text() for r in range(table.rowCount()) if table.item(r, col)]
                 for col in (3, 4, 5)}
        assert any(" to " in t for t in texts[5]) and not any("至" in t for t in texts[5])
        assert {"Monthly", "Admitted"} <= set(texts[3]) | set(texts[4])
        for col, column_texts in texts.items():
            for text in column_texts:
                assert metrics.horizontalAdvance(text) <= table.columnWidth(col) - 6, (col, text)
        win.close()
    finally:
        install_translation(qapp, "zh_CN")
