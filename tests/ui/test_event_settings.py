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

    # back to the inherited limits for the class (the button acts on the selected row the unit set itself)
    dialog.table.selectRow(r)
    click(qtbot, dialog.inherit_limit)
    qtbot.waitUntil(lambda: "已恢复沿用上级" in dialog.limit_problem.text(), timeout=10000)
    qtbot.waitUntil(lambda: dialog.table.item(r, 3).text() != "本单位设置", timeout=10000)
    assert (dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text()) == ("1", "5")
    assert not any(row[4] for row in window.session.events().limits())

    # a Saturday worked (调休上班)
    dialog.tabs.setCurrentIndex(1)
    day = next_saturday()
    dialog.day.setDate(QDate(day.year, day.month, day.day))
    dialog.kind.setCurrentIndex(dialog.kind.findData(True))
    dialog.note.setText("测试调休")
    click(qtbot, dialog.add_day)
    qtbot.waitUntil(lambda: "已登记" in dialog.day_message.text(), timeout=10000)
    # the same again changes nothing: refused, naming the date
    click(qtbot, dialog.add_day)
    qtbot.waitUntil(lambda: "本来就上班" in dialog.day_message.text(), timeout=10000)
    # listed, then removed
    qtbot.waitUntil(lambda: dialog.day_table.rowCount() == 1, timeout=10000)
    assert dialog.day_table.item(0, 0).text() == day.isoformat() and dialog.day_table.item(0, 3).text() == "本单位"
    if shot:
        dialog.resize(1366, 768)
        qtbot.wait(50)
        dialog.grab().save(os.path.join(shot, "event_settings_calendar.png"))
    assert not dialog.remove_day.isEnabled()
    dialog.day_table.selectRow(0)
    click(qtbot, dialog.remove_day)
    qtbot.waitUntil(lambda: "已删除" in dialog.day_message.text(), timeout=10000)
    qtbot.waitUntil(lambda: dialog.day_table.rowCount() == 0, timeout=10000)
    assert window.session.events().calendar_days() == []
    dialog.tabs.setCurrentIndex(0)

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


def class_item(dialog, code: str):
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    it = QTreeWidgetItemIterator(dialog.class_tree)
    while it.value():
        if it.value().text(1) == code:
            return it.value()
        it += 1
    return None


def test_office_clerk_edits_the_class_table_and_the_grid_worker_reports_with_it(qtbot, window):
    shot = os.environ.get("GRIDAPP_SHOT_DIR")
    if shot:
        from gridapp.ui.i18n import install_font
        install_font(QApplication.instance())
    as_role(window, Role.OFFICE, COMMUNITY, "社区办事员")
    page = open_page(qtbot, window)
    click(qtbot, page.settings_button)
    dialog = page.form
    qtbot.waitUntil(lambda: dialog.class_tree.topLevelItemCount() > 0, timeout=10000)
    dialog.tabs.setCurrentIndex(2)
    assert not dialog.add_class.isEnabled()  # nothing selected yet

    # a subclass under 安全隐患
    dialog.class_tree.setCurrentItem(class_item(dialog, "03"))
    dialog.class_name.setText("电动车充电")
    click(qtbot, dialog.add_class)
    qtbot.waitUntil(lambda: "已增加小类 0305" in dialog.class_message.text(), timeout=10000)
    qtbot.waitUntil(lambda: class_item(dialog, "0305") is not None, timeout=10000)
    assert class_item(dialog, "0305").text(0) == "电动车充电" and class_item(dialog, "0305").text(3) == "本单位增加"
    # a duplicate name is refused, naming the field
    dialog.class_tree.setCurrentItem(class_item(dialog, "03"))
    dialog.class_name.setText("燃气")
    click(qtbot, dialog.add_class)
    qtbot.waitUntil(lambda: "已有名为“燃气”" in dialog.class_message.text(), timeout=10000)
    # rename a class, retire another
    dialog.class_tree.setCurrentItem(class_item(dialog, "04"))
    dialog.class_name.setText("环境卫生与绿化")
    click(qtbot, dialog.rename_class)
    qtbot.waitUntil(lambda: class_item(dialog, "04") is not None
                    and class_item(dialog, "04").text(0) == "环境卫生与绿化", timeout=10000)
    dialog.class_tree.setCurrentItem(class_item(dialog, "08"))
    assert dialog.retire_class.text() == "停用"
    click(qtbot, dialog.retire_class)
    qtbot.waitUntil(lambda: class_item(dialog, "08") is not None and class_item(dialog, "08").text(2) == "已停用",
                    timeout=10000)
    assert dialog.retire_class.text() == "恢复"
    if shot:
        window.resize(1366, 768)
        dialog.resize(1366, 768)
        qtbot.wait(50)
        dialog.grab().save(os.path.join(shot, "event_settings_classes.png"))
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: page.form is None, timeout=5000)

    # the grid worker's report form offers the new subclass and the new name, not the retired class
    as_role(window, Role.GRID_WORKER, GRID, "网格员甲")
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.classes is not None and page.classes.label("04") == "环境卫生与绿化"
                    and not page.classes.is_active("08"), timeout=10000)
    click(qtbot, page.add_button)
    form = page.form
    labels = [form.class_box.itemText(i) for i in range(form.class_box.count())]
    assert "环境卫生与绿化" in labels and "社情民意" not in labels
    form.class_box.setCurrentIndex(form.class_box.findData("03"))
    subs = [form.subclass.itemText(i) for i in range(form.subclass.count())]
    assert "电动车充电" in subs
    form.reject()
