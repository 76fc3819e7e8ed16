"""The window reports what is wrong with the database file instead of crashing."""

from __future__ import annotations

from gridapp.services.users import create_installation
from gridapp.ui.main_window import MainWindow


def test_a_missing_key_sidecar_is_named_in_the_window(qtbot, runner, settings, tmp_path):
    path = tmp_path / "gridapp.sqlite3"
    inst = create_installation(path, unit_code="370303001001", unit_name="和平社区", level="community",
                               admin_name="admin", admin_password="Guard-2026!")
    inst.db.close()
    path.with_name("gridapp.sqlite3.keys").unlink()
    win = MainWindow(runner, settings, path)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.open_failed, timeout=10000) as sig:
        win.start()
    assert "找不到密钥文件“gridapp.sqlite3.keys”" in sig.args[0] and "backups" in sig.args[0]
    win.close()


def test_a_write_held_up_by_another_program_is_shown_then_refused(qtbot, runner, settings, tmp_path, monkeypatch):
    from gridapp.db import database
    from gridapp.db.database import connect_raw
    from gridapp.db.keystore import KeyFile
    from gridapp.services.session import AppSession

    monkeypatch.setattr(database, "LOCK_WAIT_S", 1.5)
    path = tmp_path / "gridapp.sqlite3"
    create_installation(path, unit_code="370303001001", unit_name="和平社区", level="community",
                        admin_name="admin", admin_password="Guard-2026!").db.close()
    session = AppSession.login(path, "admin", "Guard-2026!", daily_backup=False)
    holder = connect_raw(path, KeyFile.for_db(path).unlock("admin", "Guard-2026!"))
    holder.isolation_level = None
    holder.execute("BEGIN IMMEDIATE")
    seen: list[str] = []
    runner.notice.connect(seen.append)
    try:
        runner.submit(lambda _p: session.units.add("370303001001001", "第1网格"), label="add")
        qtbot.waitUntil(lambda: len(seen) >= 2, timeout=10000)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        session.close()
    assert "正在等待" in seen[0]
    assert "本次操作未执行" in seen[1]
