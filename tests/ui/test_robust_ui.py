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
