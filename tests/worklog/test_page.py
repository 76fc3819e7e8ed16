"""民情日志 page: a grid worker writes a log and records a patrol by clicking; the grid chief comments."""

from __future__ import annotations

import os

from gridapp.core.permissions import Principal, Role
from tests.ui.conftest import type_text

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
GRID = "370303001001001"


def as_role(window, role: Role, unit: str, name: str):
    window.session.principal = Principal("u-" + role.value, role.value, role, unit, display_name=name)
    page = window.page("worklog")
    page.set_session(window.session)
    return page


def test_grid_worker_writes_and_chief_comments(qtbot, window):
    from PySide6.QtCore import Qt

    page = as_role(window, Role.GRID_WORKER, GRID, "网格员甲")
    window.show_page("worklog")
    assert not page.add_log_button.isHidden() and page.comment_button.isHidden()
    # nothing chosen yet: each tab's detail says how to choose
    assert "选择左侧一篇日志" in page.log_detail.toPlainText()
    assert "选择左侧一次走访" in page.patrol_detail.toPlainText()
    # a log: the form refuses an ID number as you type, then saves
    qtbot.mouseClick(page.add_log_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form is not None, timeout=5000)
    form = page.form
    form.content.setPlainText("走访 370303199001011234")
    assert not form.save_button.isEnabled() and "身份证" in form.problem.text()
    form.content.setPlainText("")
    type_text(qtbot, form.content, "走访三户")
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.log_table.rowCount() == 1, timeout=10000)
    assert page.log_table.item(0, 3).text() == "走访三户" and page.log_table.item(0, 1).text() == "网格员甲"

    # a patrol of a household of the grid
    page.tabs.setCurrentIndex(1)
    qtbot.mouseClick(page.add_patrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form is not None, timeout=10000)
    form = page.form
    assert form.household.count() > 0
    address = form.household.currentText()
    type_text(qtbot, form.situation, "了解情况")
    type_text(qtbot, form.issues, "楼道灯坏")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.patrol_table.rowCount() == 1, timeout=10000)
    page.patrol_table.selectRow(0)  # the chosen patrol's detail shows what was found
    assert "楼道灯坏" in page.patrol_detail.toPlainText()
    assert page.patrol_table.item(0, 1).text() == address
    page.patrol_table.selectRow(0)
    assert page.event_button.isEnabled()
    # the office's class table decides what the form offers: a retired class is gone, its subclass is there
    from gridapp.services.events import EventService

    office = EventService(window.session.db, Principal("u-o", "o", Role.OFFICE, GRID[:12], display_name="综治中心"))
    office.retire_class("09")
    office.rename_class("05", "市政设施与照明")
    lamp = office.add_subclass("05", "楼道灯")
    qtbot.mouseClick(page.event_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form is not None, timeout=5000)
    form = page.form
    assert form.cls.findData("09") < 0 and form.cls.findData("01") < 0  # retired; a dispute goes to its ledger
    form.cls.setCurrentIndex(form.cls.findData("05"))
    assert form.cls.currentText() == "05 市政设施与照明" and form.subclass.isEnabled()
    form.subclass.setCurrentIndex(form.subclass.findData(lamp))
    type_text(qtbot, form.title, "楼道灯损坏")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.patrol_table.item(0, 5).text() == "已上报", timeout=10000)
    with window.session.db.read() as s:
        from gridapp.db.models import Event

        assert [(e.class_code, e.subclass) for e in s.query(Event).filter(Event.title == "楼道灯损坏")] == [("05", lamp)]
    page.patrol_table.selectRow(0)
    qtbot.waitUntil(lambda: not page.event_button.isEnabled(), timeout=5000)
    if os.environ.get("WORKLOG_SHOT"):  # a screenshot to look at: WORKLOG_SHOT=/tmp/x.png
        from PySide6.QtWidgets import QApplication

        from gridapp.ui.i18n import install_font

        install_font(QApplication.instance())
        window.resize(1366, 768)
        qtbot.wait(200)
        window.grab().save(os.environ["WORKLOG_SHOT"])

    # the grid chief reads and comments
    page = as_role(window, Role.GRID_CHIEF, GRID, "网格长乙")
    qtbot.waitUntil(lambda: page.log_table.rowCount() == 1, timeout=10000)
    page.tabs.setCurrentIndex(0)
    assert page.add_log_button.isHidden() and not page.comment_button.isHidden()
    assert page.add_patrol_button.isHidden() and page.event_button.isHidden()
    page.log_table.selectRow(0)
    qtbot.mouseClick(page.comment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form is not None, timeout=5000)
    type_text(qtbot, page.form.text, "很好")
    qtbot.mouseClick(page.form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.log_table.item(0, 4).text() == "1", timeout=10000)
    page.log_table.selectRow(0)
    qtbot.waitUntil(lambda: "网格长乙" in page.log_detail.toPlainText(), timeout=5000)
    if os.environ.get("WORKLOG_SHOT"):
        window.grab().save(os.environ["WORKLOG_SHOT"].replace(".png", "-log.png"))
