"""时限设置 on the 事件 page: a community office clerk edits a class's time limits in the table and enters a
make-up working day, clicking the real buttons; a 0 limit is refused naming the row and field, nothing saved;
a grid worker does not see the button."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from gridapp.core.permissions import Role

from .test_events_page import COMMUNITY, GRID, as_role, click, open_page


def row_of_class(dialog, code: str) -> int:
    for r in range(dialog.table.rowCount()):
        if dialog.table.item(r, 0).data(256) == code:  # Qt.UserRole
            return r
    return -1


def next_saturday() -> dt.date:
    d = dt.date(2026, 3, 7)  # a plain Saturday (no holiday, no make-up day around it)
    assert d.weekday() == 5
    return d


def test_office_clerk_sets_limits_and_a_calendar_day(qtbot, window):
    shot = os.environ.get("GRIDAPP_SHOT_DIR")
    if shot:
        from gridapp.ui.i18n import install_font
        install_font(QApplication.instance())
    as_role(window, Role.OFFICE, COMMUNITY, "社区办事员")
    page = open_page(qtbot, window)
    # closed at once, before its read comes back: the late result is dropped quietly
    click(qtbot, page.settings_button)
    page.form.reject()
    qtbot.wait(300)
    assert page.form is None
    click(qtbot, page.settings_button)
    dialog = page.form
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10000)
    r = row_of_class(dialog, "03")
    assert r >= 0 and dialog.table.item(r, 3).text() != "本单位设置"

    # a 0 limit is refused, naming the row and the field; nothing is written
    dialog.table.item(r, 1).setText("0")
    click(qtbot, dialog.save_limits)
    text = dialog.limit_problem.text()
    assert "受理时限" in text and f"第 {r + 1} 行" in text
    assert dialog.table.item(r, 3).text() != "本单位设置"
    dialog.table.item(r, 1).setText("-2")
    click(qtbot, dialog.save_limits)
    assert "受理时限" in dialog.limit_problem.text()

    dialog.table.item(r, 1).setText("2")
    dialog.table.item(r, 2).setText("8")
    click(qtbot, dialog.save_limits)
    qtbot.waitUntil(lambda: "已保存 1" in dialog.limit_problem.text(), timeout=10000)
    qtbot.waitUntil(lambda: dialog.table.item(r, 3).text() == "本单位设置", timeout=10000)
    assert (dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text()) == ("2", "8")
    own = {row[0]: row[2:4] for row in window.session.events().limits() if row[4]}
    assert own == {"03": (2, 8)}

    # a Saturday worked (调休上班)
    day = next_saturday()
    dialog.day.setDate(QDate(day.year, day.month, day.day))
    dialog.kind.setCurrentIndex(dialog.kind.findData(True))
    dialog.note.setText("测试调休")
    click(qtbot, dialog.add_day)
    qtbot.waitUntil(lambda: "已登记" in dialog.day_message.text(), timeout=10000)
    # the same again changes nothing: refused, naming the date
    click(qtbot, dialog.add_day)
    qtbot.waitUntil(lambda: "本来就上班" in dialog.day_message.text(), timeout=10000)

    if shot:
        window.resize(1366, 768)
        dialog.resize(1366, 768)
        qtbot.wait(50)
        dialog.grab().save(os.path.join(shot, "event_settings.png"))
        dialog.resize(760, 600)
        qtbot.wait(50)
        dialog.grab().save(os.path.join(shot, "event_settings_default.png"))
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: page.form is None, timeout=5000)


def test_grid_worker_has_no_settings_button(qtbot, window):
    as_role(window, Role.GRID_WORKER, GRID, "网格员甲")
    page = open_page(qtbot, window)
    assert not page.settings_button.isVisible()
    assert page.open_settings() is None
