"""审计日志 as the administrator reads it: sentences, the raw row one click away."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gridapp.services.session import AppSession
from gridapp.ui.security import AuditDialog
from tests.services.test_security import ADMIN_PW, GRID1, PW, town  # noqa: F401 - fixture


def test_the_log_reads_as_sentences_and_shows_the_raw_row(qtbot, runner, town):  # noqa: F811
    path, ids, _ = town
    worker = AppSession.login(path, "worker1", PW, daily_backup=False)
    try:
        worker.registry().update_resident(ids[GRID1], {"phone": "13912345678"})
    finally:
        worker.close()
    admin = AppSession.login(path, "admin", ADMIN_PW, daily_backup=False)
    try:
        dialog = AuditDialog(admin, runner)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10000)
        texts = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
        assert "worker1（网格员）修改了居民 居民1：联系电话" in texts
        row = texts.index("worker1（网格员）修改了居民 居民1：联系电话")
        rect = dialog.table.visualRect(dialog.table.model().index(row, 1))
        qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        raw = dialog.raw.toPlainText()
        assert ids[GRID1] in raw and '"phone"' in raw and "（edit）" in raw
        runner.shutdown()
    finally:
        admin.close()
