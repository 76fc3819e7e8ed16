"""立即同步 on the 同步 page and the hub address in 设置, clicked through against a real hub on PostgreSQL
(skipped without PostgreSQL, like tests/hub)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from gridapp.core.orgcode import level_of
from gridapp.db.postgres import open_pg_database
from gridapp.hub.app import Hub, create_app
from gridapp.services.session import AppSession
from gridapp.services.sync import SyncService
from gridapp.services.units import UnitService
from gridapp.ui.sync_page import SyncPage
from tests.hub.conftest import pg_server, pg_url, serve  # noqa: F401 - the PostgreSQL fixtures
from tests.services.test_security import PW, town  # noqa: F401 - fixture

TOWN, COMM = "370303001", "370303001001"


@pytest.fixture
def hub_and_page(qtbot, runner, pg_url, tmp_path):  # noqa: F811
    db = open_pg_database(pg_url, create=True)
    UnitService(db).initialise(TOWN, "城东街道", level_of(TOWN))
    UnitService(db).add(COMM, "和平社区")
    served = serve(create_app(Hub(db)))
    comm = AppSession.open(tmp_path / "comm.sqlite3", create=True)
    comm.initialise(COMM, "和平社区", "community")
    comm.sync.make_request(tmp_path / "req")
    SyncService(db).enrol(tmp_path / "req", tmp_path / "cert")
    comm.sync.accept(tmp_path / "cert")
    page = SyncPage(runner)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    yield served, page, comm, db
    runner.shutdown()
    comm.close()
    served.stop()
    db.close()


def _click(qtbot, button):
    from PySide6.QtCore import Qt

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_sync_now_pushes_and_pulls_and_shows_the_last_result(qtbot, hub_and_page, tmp_path):
    from gridapp.services.hub_sync import set_hub_url

    served, page, comm, db = hub_and_page
    page.set_session(comm)
    qtbot.waitUntil(lambda: "指纹" in page.identity.text())
    assert not page.sync_now_button.isEnabled() and "未设置" in page.hub_label.text()
    set_hub_url(comm.db, served.url)
    page.reload()
    qtbot.waitUntil(page.sync_now_button.isEnabled)
    assert served.url in page.hub_label.text() and "从未" in page.hub_last.text()
    _click(qtbot, page.sync_now_button)
    qtbot.waitUntil(lambda: "已从同步中心拉取" in page.result.toPlainText(), timeout=20000)
    assert "已推送到同步中心" in page.result.toPlainText()
    qtbot.waitUntil(lambda: "成功" in page.hub_last.text())
    assert SyncService(db).status().peers[0].last_import_at is not None  # the hub imported the community's package
    page.grab().save(str(tmp_path / "sync_page_hub.png"))


def test_a_hub_that_is_down_is_said_plainly_and_the_page_keeps_working(qtbot, hub_and_page):
    from gridapp.services.hub_sync import set_hub_url

    _served, page, comm, _db = hub_and_page
    set_hub_url(comm.db, "http://127.0.0.1:9")
    page.set_session(comm)
    qtbot.waitUntil(page.sync_now_button.isEnabled)
    _click(qtbot, page.sync_now_button)
    qtbot.waitUntil(lambda: "无法连接同步中心" in page.result.toPlainText(), timeout=20000)
    assert "U 盘" in page.result.toPlainText()
    assert page.export_button.isEnabled()  # USB exchange still there


def test_a_grid_worker_sets_the_hub_address_in_settings(qtbot, runner, town):  # noqa: F811
    from gridapp.config import Settings
    from gridapp.services.hub_sync import hub_url
    from gridapp.ui.settings_page import SettingsPage

    path, _ids, _ = town
    worker = AppSession.login(path, "worker1", PW, daily_backup=False)
    try:
        page = SettingsPage(Settings())
        qtbot.addWidget(page)
        page.set_session(worker, runner)
        page.show()
        save = page.findChild(QPushButton, "saveHubUrl")
        page.hub_url_edit.setText("ftp://wrong")
        _click(qtbot, save)
        qtbot.waitUntil(lambda: "格式不对" in page.hub_note.text())
        page.hub_url_edit.setText("https://hub.example:8443/")
        _click(qtbot, save)
        qtbot.waitUntil(lambda: page.hub_note.text() == "已保存")
        assert hub_url(worker.db) == "https://hub.example:8443"
        assert page.hub_url_edit.text() == "https://hub.example:8443"
        runner.shutdown()
    finally:
        worker.close()


def test_the_background_sync_runs_on_the_runner_and_notes_a_hub_that_is_down(qtbot, runner, hub_and_page):
    from gridapp.services.hub_sync import last_result, set_hub_url
    from gridapp.ui.hub_timer import BackgroundSync

    served, _page, comm, db = hub_and_page
    lines: list[str] = []
    bg = BackgroundSync(runner, interval_ms=50)
    bg.synced.connect(lines.append)
    bg.set_session(comm)
    qtbot.wait(200)
    assert lines == []  # no hub address: nothing to do, nothing said
    set_hub_url(comm.db, served.url)
    qtbot.waitUntil(lambda: any("后台同步完成" in x for x in lines), timeout=20000)
    assert last_result(comm.db)["direction"] == "pull" and last_result(comm.db)["ok"]
    set_hub_url(comm.db, "http://127.0.0.1:9")
    qtbot.waitUntil(lambda: any("无法连接同步中心" in x for x in lines), timeout=20000)
    bg.stop()
    qtbot.wait(100)
