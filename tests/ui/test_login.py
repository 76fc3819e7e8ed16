"""Login, lockout, expiry, and the settings panels each role sees, driven through the real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from gridapp.core.idnumber import make_id
from gridapp.core.permissions import Principal, Role
from gridapp.services.registry import RegistryService, ResidentInput
from gridapp.services.users import UserService, create_installation
from gridapp.ui.login import LoginDialog
from gridapp.ui.main_window import MainWindow
from tests.ui.conftest import type_text, when_modal

ADMIN_PW = "Keeper-2026"
WORKER_PW = "grid-2026x"
INITIAL_PW = "set-by-admin-1"
GRID = "370303001001001"
GRID2 = "370303001001002"


@pytest.fixture
def secure_db(tmp_path):
    path = tmp_path / "secure.sqlite3"
    inst = create_installation(path, unit_code="370303001001", unit_name="和平社区", level="community",
                               admin_name="admin", admin_password=ADMIN_PW)
    try:
        from gridapp.services.units import UnitService

        UnitService(inst.db, inst.principal).add(GRID, "第1网格")
        UnitService(inst.db, inst.principal).add(GRID2, "第2网格")
        w1 = UserService(inst.db, inst.principal).add("w1", INITIAL_PW, Role.GRID_WORKER, GRID, "张网格")
        # the worker's first sign-in: the administrator-set password changed to the worker's own
        UserService(inst.db, Principal(w1.id, "w1", Role.GRID_WORKER, GRID)).change_password(INITIAL_PW, WORKER_PW)
        reg = RegistryService(inst.db, "370303001001")
        for i, grid in enumerate((GRID, GRID2, GRID2), start=1):
            reg.create_resident(ResidentInput(grid, make_id("370303", dt.date(1970, 1, i), 11), f"居民{i}"))
    finally:
        inst.db.close()
    return path


def _login_with(qtbot, attempts: list[tuple[str, str]], seen: dict):
    """Type each (user, password) into the login dialog; record the error shown after each failure."""

    def fill(dialog):
        assert isinstance(dialog, LoginDialog)
        seen.setdefault("errors", [])
        seen["intro"] = dialog.findChild(type(dialog.error), "loginIntro").text()
        seen["hint_visible"] = dialog.hint.isVisible()

        def step(i=0):
            user, password = attempts[i]
            dialog.username.setText("")
            qtbot.keyClicks(dialog.username, user)
            qtbot.keyClicks(dialog.password, password)
            qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
            if i + 1 < len(attempts):
                qtbot.waitUntil(lambda: dialog.ok.isEnabled(), timeout=10000)
                seen["errors"].append(dialog.error.text())
                step(i + 1)

        step()

    when_modal(fill)


def _window(qtbot, runner, settings, path):
    win = MainWindow(runner, settings, path)
    qtbot.addWidget(win)
    win.show()
    return win


def test_wrong_password_then_right_one_opens_the_window_as_that_user(qtbot, runner, settings, secure_db):
    win = _window(qtbot, runner, settings, secure_db)
    seen: dict = {}
    _login_with(qtbot, [("w1", "wrong-pass-1"), ("w1", WORKER_PW)], seen)
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    assert seen["errors"] == ["用户名或密码不正确。再错 4 次，账户将锁定 15 分钟。"]
    assert seen["intro"] == "请输入用户名和密码。" and seen["hint_visible"] is False
    assert win.status_user.text() == "用户：张网格（网格员）"
    # the home page counts the worker's own grid only (the community has 2 grids and 3 residents)
    assert win.home.cards["grids"].value.text() == "1"
    assert win.home.cards["residents"].value.text() == "1"
    # a grid worker sees no user management, backup or audit in 设置
    page = win.settings_page
    assert page.users_panel is None and page.backup_panel is None and page.audit_button is None
    win.close()


def test_five_failures_lock_the_account_and_say_for_how_long(qtbot, runner, settings, secure_db):
    win = _window(qtbot, runner, settings, secure_db)
    seen: dict = {}
    attempts = [("w1", f"bad-pass-{i}") for i in range(6)] + [("admin", ADMIN_PW)]
    _login_with(qtbot, attempts, seen)
    with qtbot.waitSignal(win.ready, timeout=20000):
        win.start()
    assert seen["errors"][3] == "用户名或密码不正确。再错 1 次，账户将锁定 15 分钟。"
    assert seen["errors"][4] == "密码连续错误 5 次，账户“w1”已锁定 15 分钟。"
    assert seen["errors"][5] == "账户“w1”因多次密码错误已锁定，请 15 分钟后再试。"
    assert win.status_user.text() == "用户：admin（系统管理员）"
    assert win.home.cards["grids"].value.text() == "2"
    assert win.home.cards["residents"].value.text() == "3"
    win.close()


def test_cancelling_the_login_exits(qtbot, runner, settings, secure_db):
    win = _window(qtbot, runner, settings, secure_db)
    when_modal(lambda dialog: dialog.reject())
    with qtbot.waitSignal(win.open_failed, timeout=5000) as sig:
        win.start()
    assert sig.args == ["未登录，程序退出。"]
    win.close()


def test_admin_manages_users_and_sees_the_audit_log(qtbot, runner, settings, secure_db):
    win = _window(qtbot, runner, settings, secure_db)
    _login_with(qtbot, [("admin", ADMIN_PW)], {})
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    win.show_page("settings")
    panel = win.settings_page.users_panel
    assert panel is not None and win.settings_page.backup_panel is not None
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=5000)
    assert any(panel.table.item(r, 5).text().count(":") == 2 for r in range(2))  # last login, Beijing time

    def add(dialog):
        qtbot.keyClicks(dialog.username, "chief1")
        type_text(qtbot, dialog.display, "李网格长")
        dialog.role.setCurrentIndex(dialog.role.findData("grid_chief"))
        qtbot.keyClicks(dialog.password, "chief-2026x")
        dialog.accept()

    when_modal(add)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 3, timeout=5000)
    names = [panel.table.item(r, 0).text() for r in range(3)]
    assert "chief1" in names
    row = names.index("chief1")
    assert panel.table.item(row, 2).text() == "网格长" and panel.table.item(row, 1).text() == "李网格长"

    seen = {}

    def audit(dialog):
        qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=5000)
        seen["sentences"] = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
        qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "哈希链" in dialog.status.text(), timeout=5000)
        seen["status"] = dialog.status.text()
        dialog.action.setCurrentIndex(dialog.action.findData("login"))
        qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.status.text() == "共 1 条", timeout=5000)
        dialog.accept()

    when_modal(audit)
    qtbot.mouseClick(win.settings_page.audit_button, Qt.MouseButton.LeftButton)
    assert any(t.endswith("登录") for t in seen["sentences"])  # each entry reads as a sentence
    assert any("管理用户：用户" in t for t in seen["sentences"])
    assert seen["status"].startswith("审计日志完整")
    win.close()


def test_an_expired_session_asks_for_the_password_again(qtbot, runner, settings, secure_db):
    win = _window(qtbot, runner, settings, secure_db)
    _login_with(qtbot, [("w1", WORKER_PW)], {})
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    first = win.session
    first.principal.last_active -= first.principal.timeout_s + 1
    seen: dict = {}

    def relogin(dialog):
        seen["intro"] = dialog.findChild(type(dialog.error), "loginIntro").text()
        seen["user"] = dialog.username.text()
        qtbot.keyClicks(dialog.password, WORKER_PW)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    when_modal(relogin)
    win._check_expiry()
    qtbot.waitUntil(lambda: win.session is not None and win.session is not first, timeout=10000)
    assert seen == {"intro": "登录已超时，请重新输入密码。", "user": "w1"}
    assert win.status_user.text() == "用户：张网格（网格员）"
    win.close()


def test_a_key_press_or_a_click_keeps_the_session_alive_once_the_window_is_ready(qtbot, runner, settings, secure_db):
    win = _window(qtbot, runner, settings, secure_db)
    _login_with(qtbot, [("w1", WORKER_PW)], {})
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    principal = win.session.principal
    principal.last_active -= 600
    idle = principal.last_active
    qtbot.keyClick(win.nav, Qt.Key.Key_Shift)
    assert principal.last_active > idle + 500
    principal.last_active -= 600
    idle = principal.last_active
    qtbot.mouseClick(win.status_unit, Qt.MouseButton.LeftButton)
    assert principal.last_active > idle + 500
    win.close()


def test_demo_hint_only_beside_the_demo_database(qtbot, runner, secure_db):
    d = LoginDialog(runner, secure_db, lambda u, p: None)
    qtbot.addWidget(d)
    assert not d.hint.isVisibleTo(d) and d.hint.text() == ""
    secure_db.with_name(secure_db.name + ".demo-password").write_text("demo-1234abcd", encoding="utf-8")
    d2 = LoginDialog(runner, secure_db, lambda u, p: None)
    qtbot.addWidget(d2)
    assert d2.hint.isVisibleTo(d2) and "demo-1234abcd" in d2.hint.text()


def test_admin_backs_up_and_restores_after_verification(qtbot, runner, settings, secure_db):
    from PySide6.QtWidgets import QMessageBox

    win = _window(qtbot, runner, settings, secure_db)
    _login_with(qtbot, [("admin", ADMIN_PW)], {})
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    panel = win.settings_page.backup_panel
    qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.note.text().startswith("已备份到"), timeout=10000)
    backup = panel.note.text().removeprefix("已备份到 ")
    seen = {}

    def confirm(box):
        seen["question"] = box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    when_modal(confirm)
    with qtbot.waitSignal(win.settings_page.restored, timeout=15000):
        panel.restore(backup)
    assert "备份检查通过（单位 370303001001，居民 3 人）" in seen["question"]
    qtbot.waitUntil(lambda: win.settings_page.backup_panel is not None
                    and win.settings_page.backup_panel is not panel, timeout=5000)
    assert win.status_user.text() == "用户：admin（系统管理员）"

    # a file that is not a backup of this database is refused before anything is touched
    bad = secure_db.with_name("not-a-backup.sqlite3")
    bad.write_bytes(b"\x00" * 8192)
    seen.clear()

    def refused(box):
        seen["title"] = box.windowTitle()
        box.accept()

    when_modal(refused)
    win.settings_page.backup_panel.restore(str(bad))
    qtbot.waitUntil(lambda: "title" in seen, timeout=10000)
    assert seen["title"] == "备份未通过检查"
    win.close()


def _open_reports(qtbot, win):
    win.show_page("reports")
    page = win.pages["reports"]
    from gridapp.services.reports import CATALOGUE

    qtbot.waitUntil(lambda: page.report_list.count() == len(CATALOGUE) and page.unit_combo.count() > 0,
                    timeout=10000)
    return page


def test_a_role_that_may_reveal_can_print_full_numbers_and_it_is_audited(qtbot, runner, settings, secure_db):
    from gridapp.services.audit import AuditService
    from gridapp.services.session import AppSession

    win = _window(qtbot, runner, settings, secure_db)
    _login_with(qtbot, [("w1", WORKER_PW)], {})
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    page = _open_reports(qtbot, win)
    assert page.reveal_check.isVisible()
    assert page.mask_note.text() == "不勾选时，身份证号码和电话脱敏打印。"  # a choice, not "always masked"
    assert [page.unit_combo.itemData(i) for i in range(page.unit_combo.count())] == [GRID]
    # click the box itself (the widget may be wider than its box and text: its centre can be empty space)
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(page.reveal_check, Qt.MouseButton.LeftButton, pos=QPoint(8, page.reveal_check.height() // 2))
    assert page.reveal_check.isChecked() and "审计" in page.mask_note.text()
    page.choose("roster", GRID, "2026-01")
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.pdf is not None, timeout=30000)
    from tests.reports.pdfcheck import page_texts

    text = "\n".join(page_texts(page.pdf))
    assert make_id("370303", dt.date(1970, 1, 1), 11) in text  # the full number, as chosen
    win.close()
    admin = AppSession.login(secure_db, "admin", ADMIN_PW, daily_backup=False)
    try:
        entries = AuditService(admin.db, admin.principal).search(action="print")
    finally:
        admin.close()
    assert entries[0].username == "w1" and "true" in entries[0].detail.lower()


def test_the_administrator_is_not_offered_full_numbers(qtbot, runner, settings, secure_db):
    win = _window(qtbot, runner, settings, secure_db)
    _login_with(qtbot, [("admin", ADMIN_PW)], {})
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    page = _open_reports(qtbot, win)
    assert not page.reveal_check.isVisible()
    win.close()


def test_a_grid_worker_on_a_community_installation_is_told_why_sync_is_closed(qtbot, runner, settings,
                                                                               secure_db):
    win = _window(qtbot, runner, settings, secure_db)
    _login_with(qtbot, [("w1", WORKER_PW)], {})
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    win.show_page("sync")
    page = win.pages["sync"]
    qtbot.waitUntil(lambda: "不能在本机进行同步" in page.identity.text(), timeout=10000)
    assert "管辖范围" in page.identity.text()
    assert not page.export_button.isEnabled() and not page.import_button.isEnabled()
    win.close()


def test_revealing_one_persons_full_numbers_is_a_deliberate_audited_act(qtbot, runner, settings, secure_db):
    from gridapp.services.audit import AuditService
    from gridapp.services.session import AppSession

    win = _window(qtbot, runner, settings, secure_db)
    _login_with(qtbot, [("w1", WORKER_PW)], {})
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    win.show_page("residents")
    page = win.residents_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.row_at(0) is not None, timeout=10000)
    assert "*" in page.model.data(page.model.index(0, 3))  # the list is masked
    page.table.selectRow(0)
    page.reveal_selected(confirm=False)
    qtbot.waitUntil(lambda: page.revealed is not None, timeout=5000)
    full = make_id("370303", dt.date(1970, 1, 1), 11)
    assert page.revealed.id_number == full and full in page.reveal_box.text()
    win.close()
    admin = AppSession.login(secure_db, "admin", ADMIN_PW, daily_backup=False)
    try:
        entries = AuditService(admin.db, admin.principal).search(action="reveal")
    finally:
        admin.close()
    assert [e.username for e in entries] == ["w1"]


def test_an_administrator_set_password_must_be_changed_at_first_sign_in(qtbot, runner, settings, secure_db):
    from PySide6.QtCore import QTimer

    from gridapp.services.users import Authenticator
    from gridapp.ui.login import ChangePasswordDialog

    db, admin = Authenticator(secure_db).login("admin", ADMIN_PW)
    try:
        UserService(db, admin).add("w2", INITIAL_PW, Role.GRID_WORKER, GRID2, "李网格")
    finally:
        db.close()
    win = _window(qtbot, runner, settings, secure_db)
    seen: dict = {}
    _login_with(qtbot, [("w2", INITIAL_PW)], seen)

    def change(dialog):
        assert isinstance(dialog, ChangePasswordDialog)
        seen["intro"] = dialog.findChild(type(dialog.error), "passwordIntro").text()
        type_text(qtbot, dialog.old, INITIAL_PW)
        type_text(qtbot, dialog.new, INITIAL_PW)
        seen["same"] = dialog.error.text()
        dialog.new.clear()
        type_text(qtbot, dialog.new, "mine-2026-ok")
        type_text(qtbot, dialog.again, "mine-2026-ok")
        assert dialog.ok.isEnabled(), dialog.error.text()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    def when_changing(waited: int = 0) -> None:  # the login dialog first, then the forced change
        from PySide6.QtWidgets import QApplication

        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ChangePasswordDialog) and dialog.isVisible():
            change(dialog)
        elif waited < 20000:
            QTimer.singleShot(20, lambda: when_changing(waited + 20))

    QTimer.singleShot(20, when_changing)
    with qtbot.waitSignal(win.ready, timeout=20000):
        win.start()
    assert "管理员设置的初始密码" in seen["intro"] and seen["same"] == "新密码不能与原密码相同。"
    assert win.session.principal.username == "w2" and not win.session.principal.must_change_password
    assert "370303001001002" in win.status_unit.text()  # the user's own unit
    win.close()
    db, who = Authenticator(secure_db).login("w2", "mine-2026-ok")  # the new password unwraps the key
    try:
        assert not who.must_change_password
    finally:
        db.close()
