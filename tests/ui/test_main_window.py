"""Click through the main window as a grid worker would, on a demo database."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from gridapp.services.session import AppSession
from gridapp.ui.main_window import MainWindow
from gridapp.ui.pages import HomePage
from gridapp.ui.reports_page import ReportsPage
from gridapp.ui.settings_page import SettingsPage
from gridapp.ui.sync_page import SyncPage
from tests.ui.conftest import type_text, when_modal

NAV = ["首页", "居民户籍", "事件", "网格事务", "我的任务", "民警走访", "民情日志", "八小工程", "矛盾调解", "党建网格", "考核", "同步",
       "报表", "组织机构", "设置"]


def _click_nav(qtbot, win: MainWindow, row: int) -> None:
    item = win.nav.item(row)
    rect = win.nav.visualItemRect(item)
    qtbot.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_navigation_lists_every_area_in_chinese(window):
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == NAV


def test_clicking_each_entry_shows_its_page(qtbot, window):
    for row, title in enumerate(NAV):
        _click_nav(qtbot, window, row)
        page = window.stack.currentWidget()
        assert window.stack.currentIndex() == row
        if title == "首页":
            assert isinstance(page, HomePage)
        elif title == "设置":
            assert isinstance(page, SettingsPage)
        elif title == "报表":
            assert isinstance(page, ReportsPage)
        elif title == "同步":
            assert isinstance(page, SyncPage)
        elif title == "居民户籍":
            from gridapp.ui.residents_page import ResidentsPage

            assert isinstance(page, ResidentsPage)
        elif title == "网格事务":
            from gridapp.ui.affairs_page import AffairsPage

            assert isinstance(page, AffairsPage)
        elif title == "民警走访":
            from gridapp.ui.visits_page import VisitsPage

            assert isinstance(page, VisitsPage)
        elif title == "民情日志":
            from gridapp.ui.worklog_page import WorklogPage

            assert isinstance(page, WorklogPage)
        elif title == "我的任务":
            from gridapp.ui.tasks_page import TasksPage

            assert isinstance(page, TasksPage)
        elif title == "矛盾调解":
            from gridapp.ui.disputes_page import DisputesPage

            assert isinstance(page, DisputesPage)
        elif title == "八小工程":
            from gridapp.ui.projects_page import ProjectsPage

            assert isinstance(page, ProjectsPage)
        elif title == "党建网格":
            from gridapp.ui.party_page import PartyPage

            assert isinstance(page, PartyPage)
        elif title == "考核":
            from gridapp.ui.assessment_page import AssessmentPage

            assert isinstance(page, AssessmentPage)
        elif title == "事件":
            from gridapp.ui.events_page import EventsPage

            assert isinstance(page, EventsPage)
        elif title == "组织机构":
            from gridapp.ui.units_page import UnitsPage

            assert isinstance(page, UnitsPage)
        else:
            raise AssertionError(f"no page expected for {title}")  # every area has its page now


def test_keyboard_shortcut_jumps_to_page(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == 2


def test_home_and_status_bar_show_the_installation(window, demo_db_path):
    session = AppSession.open(demo_db_path)
    try:
        overview = session.stats.overview()
    finally:
        session.close()
    assert overview.residents == 1200
    home = window.home
    assert home.cards["residents"].value.text() == "1,200"
    assert home.cards["households"].value.text() == f"{overview.households:,}"
    assert home.cards["grids"].value.text() == str(overview.grids)
    assert "城东街道（370303001）" in window.status_unit.text()
    assert not hasattr(window, "status_pending")  # what waits to be sent up is on the 同步 page, in words
    assert window.status_sync.text() == "上次同步：从未同步"
    assert window.status_user.text() == "用户：未设置用户（未加密的数据库）"
    # the units table lists the communities below the town, with their residents adding up
    table = home.units_table
    assert table.rowCount() >= 1
    total = sum(int(table.item(r, 4).text().replace(",", "")) for r in range(table.rowCount()))
    assert total == 1200
    assert all(table.item(r, 0).text().startswith("370303001") for r in range(table.rowCount()))


def test_settings_page_shows_database_and_node(qtbot, window, demo_db_path):
    window.show_page("settings")
    page = window.settings_page
    assert page.path_value.text() == str(demo_db_path)
    assert len(page.node_value.text()) == 16
    assert page.open_folder.isEnabled()


def test_changing_language_is_saved_and_announced(qtbot, window, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("GRIDAPP_CONFIG_DIR", str(tmp_path / "cfg"))
    window.show_page("settings")
    combo = window.settings_page.language
    with qtbot.waitSignal(window.settings_page.language_changed) as sig:
        combo.setCurrentIndex(combo.findData("en"))
    assert sig.args == ["en"]
    assert window.settings_page.language_note.text() == "已保存，重新启动程序后生效。"
    from gridapp.config import Settings

    assert Settings.load().language == "en"


def test_refresh_after_a_change_updates_home(qtbot, window):
    before = window.home.cards["grids"].value.text()
    session = window.session

    def add_grid(_p):
        return session.units.add("370303001001099", "第99网格")

    with qtbot.waitSignal(window.runner.changed, timeout=5000) as sig:  # nothing declared: the data tells
        window.runner.submit(add_grid)
    assert "org_unit" in sig.args[0]
    qtbot.waitUntil(lambda: window.home.cards["grids"].value.text() != before, timeout=5000)
    assert int(window.home.cards["grids"].value.text()) == int(before) + 1


def test_first_run_asks_for_the_unit_and_creates_the_database(qtbot, runner, settings, tmp_path):
    path = tmp_path / "sub" / "new.sqlite3"
    win = MainWindow(runner, settings, path)
    qtbot.addWidget(win)
    win.show()
    seen = {}

    def fill_dialog(dialog):
        seen["dialog"] = type(dialog).__name__
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["ok_before"] = ok.isEnabled()
        qtbot.keyClicks(dialog.code, "370303001002")
        type_text(qtbot, dialog.name, "建设社区")
        seen["level"] = dialog.level.currentData()
        seen["no_password_yet"] = dialog.error.text()
        qtbot.keyClicks(dialog.admin.password, "Strong-2026")
        qtbot.keyClicks(dialog.admin.again, "Strong-2026x")
        seen["mismatch"] = dialog.error.text()
        qtbot.keyClick(dialog.admin.again, Qt.Key.Key_Backspace)
        seen["ok_after"] = ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        when_modal(read_key)

    def read_key(dialog):
        seen["key_dialog"] = type(dialog).__name__
        seen["key"] = dialog.key.toPlainText()
        dialog.accept()

    when_modal(fill_dialog)
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    assert seen["dialog"] == "FirstRunDialog" and seen["ok_before"] is False and seen["level"] == "community"
    assert seen["no_password_yet"] == "请设置管理员密码（程序没有默认密码）。"
    assert seen["mismatch"] == "两次输入的密码不一致。" and seen["ok_after"] is True
    assert seen["key_dialog"] == "RecoveryKeyDialog" and len(seen["key"].replace("-", "")) == 48
    assert path.exists() and path.read_bytes()[:6] != b"SQLite"  # encrypted at rest
    assert "建设社区（370303001002）" in win.status_unit.text()
    assert win.status_user.text() == "用户：admin（系统管理员）"
    assert win.home.cards["residents"].value.text() == "0"
    assert win.settings_page.users_panel is not None and win.settings_page.backup_panel is not None
    win.close()


def test_first_run_cancelled_creates_nothing(qtbot, runner, settings, tmp_path):
    path = tmp_path / "never.sqlite3"
    win = MainWindow(runner, settings, path)
    qtbot.addWidget(win)

    when_modal(lambda dialog: dialog.reject())
    with qtbot.waitSignal(win.open_failed, timeout=5000) as sig:
        win.start()
    assert "未设置本单位" in sig.args[0]
    assert not path.exists()
    win.close()


def test_a_corrupt_database_is_reported_not_crashed(qtbot, runner, settings, tmp_path):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database, it is a spreadsheet someone renamed" * 50)
    win = MainWindow(runner, settings, path)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.open_failed, timeout=5000) as sig:
        win.start()
    assert "不是网格工作台的数据库文件" in sig.args[0]
    win.close()


def test_home_shows_todays_agenda_and_each_card_opens_its_page(qtbot, window):
    """今日待办: the counts of the tasks, visits, disputes and affair pages; a click opens the page; a task
    done elsewhere lowers the count."""
    from gridapp.services.agenda import build_agenda

    home, session = window.home, window.session
    qtbot.waitUntil(lambda: home.agenda_title.isVisible(), timeout=10000)
    expected = build_agenda(session.tasks(), session.visits(), session.disputes(), session.affairs(),
                            events=session.events())
    for key, card in home.agenda.items():
        part = getattr(expected, key)
        assert card.isVisible() and card.text().split("\n")[0] == f"{part.count:,}", key
    assert expected.tasks.count > 0
    first_open = next(t for t in session.tasks().list() if t.status != "done")
    with qtbot.waitSignal(window.runner.changed, timeout=5000):
        window.runner.submit(lambda _p: session.tasks().complete(first_open.id, "已办"))
    qtbot.waitUntil(lambda: home.agenda["tasks"].text().split("\n")[0] == f"{expected.tasks.count - 1:,}",
                    timeout=5000)
    qtbot.mouseClick(home.agenda["disputes"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.disputes_page
    # the card opens exactly the list it counts
    disputes = window.disputes_page
    assert disputes.status_filter.currentData() == "open"
    qtbot.waitUntil(lambda: disputes.table.rowCount() == expected.disputes.count, timeout=10000)
    window.show_page("home")
    qtbot.mouseClick(home.agenda["tasks"], Qt.MouseButton.LeftButton)
    tasks = window.tasks_page
    assert window.stack.currentWidget() is tasks and tasks.status_box.currentData() == "pending"
    qtbot.waitUntil(lambda: tasks.table.rowCount() == expected.tasks.count - 1, timeout=10000)
    assert "未完成" in tasks.status_box.currentText()


def test_a_grid_workers_home_shows_the_grid_not_the_units_below(qtbot, window):
    from gridapp.core.permissions import Principal, Role

    home = window.home
    qtbot.waitUntil(lambda: home.units_table.rowCount() > 0, timeout=10000)
    assert home.units_table.isVisible() and home.cards["grids"].isVisible()
    assert "pending" not in home.cards  # what waits to be sent up is on the 同步 page
    from gridapp.services.stats import StatsService

    window.session.principal = Principal("u-gw", "gw", Role.GRID_WORKER, "370303001001001")
    window.session.stats = StatsService(window.session.db, window.session.principal)  # as a grid worker's login
    window.refresh()
    qtbot.waitUntil(lambda: "370303001001001" in home.unit_label.text(), timeout=10000)
    assert not home.units_table.isVisible() and not home.units_caption.isVisible()
    assert not home.cards["grids"].isVisible()
    assert int(home.cards["residents"].value.text().replace(",", "")) < 1200  # the grid's own


def test_the_language_combo_shows_the_running_language(qtbot, qapp, runner, demo_db_path):
    """Started with --lang en while the saved setting says zh_CN: 设置 shows English (what runs), says what is
    saved, and that a change applies after a restart."""
    from PySide6.QtCore import Qt

    from gridapp.config import Settings
    from gridapp.ui.i18n import install_translation

    from .test_english_fit import click_nav, open_english

    saved = Settings()
    assert saved.language == "zh_CN"
    try:
        win = open_english(qtbot, qapp, runner, saved, demo_db_path)
        click_nav(qtbot, win, "Settings")
        page = win.settings_page
        combo, note = page.language, page.language_note
        assert combo.currentData() == "en" and combo.currentText() == "English"
        assert "English" in note.text() and "简体中文" in note.text() and "started" in note.text(), note.text()
        assert "restart" in combo.toolTip()
        if os.environ.get("GRIDAPP_SHOT_DIR"):
            win.grab().save(os.path.join(os.environ["GRIDAPP_SHOT_DIR"], "settings-en.png"))
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Up)  # the user picks 简体中文: already saved, applies after a restart
        assert combo.currentData() == "zh_CN"
        assert note.text() == "Applies after a restart."
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # and back to English: saved, and it is what runs already
        assert combo.currentData() == "en" and note.text() == "Saved."
        assert Settings.load().language == "en"
        win.close()
    finally:
        install_translation(qapp, "zh_CN")
