"""事件 page: a grid worker reports an event by clicking (people from the resident records, an ID number in the
description refused inline); the community office clerk accepts and dispatches it with the buttons the service
offers; the worker then sees it in 今日待办 and the card opens the page filtered to it."""

from __future__ import annotations

import os

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from gridapp.core.permissions import Principal, Role

from .conftest import type_text

TOWN, COMMUNITY, GRID = "370303001", "370303001001", "370303001001001"


def as_role(window, role: Role, unit: str, name: str = "测试用户") -> None:
    window.session.principal = Principal("u-" + role.value + unit, role.value, role, unit, display_name=name)
    for page in window.built_pages().values():
        if hasattr(page, "set_session") and page is not window.page("settings"):
            page.set_session(window.session)


def open_page(qtbot, window):
    window.show_page("events")
    page = window.events_page
    qtbot.waitUntil(lambda: page.count_label.text() != "" and bool(page.grids), timeout=10000)
    return page


def row_of(page, title: str) -> int:
    for r in range(page.table.rowCount()):
        item = page.table.row(r)
        if item is not None and item.title == title:
            return r
    return -1


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_worker_reports_and_office_accepts_and_dispatches(qtbot, window, tmp_path, monkeypatch):
    as_role(window, Role.GRID_WORKER, GRID, "网格员甲")
    page = open_page(qtbot, window)
    click(qtbot, page.add_button)
    form = page.form
    assert form is not None and form.isVisible()
    click(qtbot, form.save_button)  # nothing chosen yet: the form says what is missing and stays open
    assert form.isVisible() and "类别" in form.problem.text() and not form.dispute_category.isVisible()
    form.class_box.setCurrentIndex(form.class_box.findData("03"))
    assert form.subclass.isEnabled() and form.subclass.count() > 1
    form.subclass.setCurrentIndex(form.subclass.findData("0302"))
    type_text(qtbot, form.title_edit, "燃气管道漏气")
    type_text(qtbot, form.place, "幸福街8号")
    form.description.setPlainText("住户 370303198001010011 反映有异味")
    assert not form.save_button.isEnabled() and "身份证" in form.problem.text()
    form.description.setPlainText("3号楼东侧燃气管道有异味")
    # 12345: the work-order number is asked for
    form.source.setCurrentIndex(form.source.findData("04"))
    assert form.work_order.isEnabled() and "工单号" in form.problem.text()
    type_text(qtbot, form.work_order, "GD20261201")
    # a person from the resident records (a search, then a click), never a typed number
    type_text(qtbot, form.person_search, "a")
    qtbot.waitUntil(lambda: form.found_people.count() > 0, timeout=10000)
    form.found_people.setCurrentRow(0)
    click(qtbot, form.add_person)
    assert form.people.count() == 1
    assert form.save_button.isEnabled() and form.problem.text() == ""
    click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: row_of(page, "燃气管道漏气") >= 0, timeout=10000)
    r = row_of(page, "燃气管道漏气")
    assert page.table.item(r, 5).text() == "待受理"
    page.table.selectRow(r)
    qtbot.waitUntil(lambda: page.view is not None and page.view.row.title == "燃气管道漏气", timeout=10000)
    text = page.detail.toPlainText()
    assert "GD20261201" in text and "网格员甲" in text and "上报" in text
    assert "accept" not in page.action_buttons  # a grid worker does not accept
    assert "supervise" not in page.action_buttons

    # the community office clerk: accept, then dispatch to the grid
    as_role(window, Role.OFFICE, COMMUNITY, "综治中心乙")
    qtbot.waitUntil(lambda: "待受理" in page.agenda_line.text(), timeout=10000)  # the demo's own wait too
    click(qtbot, page.mine_filter)
    qtbot.waitUntil(lambda: row_of(page, "燃气管道漏气") >= 0, timeout=10000)
    page.table.selectRow(row_of(page, "燃气管道漏气"))
    qtbot.waitUntil(lambda: "accept" in page.action_buttons, timeout=10000)
    assert set(page.action_buttons) >= {"accept", "return", "escalate"}
    assert "close" not in page.action_buttons and "handle" not in page.action_buttons
    click(qtbot, page.action_buttons["return"])
    rf = page.form
    click(qtbot, rf.save_button)
    assert rf.isVisible() and "回退原因" in rf.problem.text()  # a return needs its reason
    rf.reject()
    click(qtbot, page.action_buttons["accept"])
    click(qtbot, page.form.save_button)
    qtbot.waitUntil(lambda: "dispatch" in page.action_buttons, timeout=10000)
    click(qtbot, page.action_buttons["dispatch"])
    qtbot.waitUntil(lambda: page.form is not None and page.form.target is not None, timeout=10000)
    df = page.form
    codes = [df.target.itemData(i)[0] for i in range(df.target.count())]
    assert codes[0] == COMMUNITY and GRID in codes
    df.target.setCurrentIndex(codes.index(GRID))
    df.texts["note"][0].setPlainText("请联系燃气公司")
    click(qtbot, df.save_button)
    qtbot.waitUntil(lambda: page.view is not None and page.view.row.status == "dispatched", timeout=10000)
    assert "请联系燃气公司" in page.detail.toPlainText()
    assert "已逾期" not in page.detail.toPlainText()

    # the grid worker: 今日待办 counts it; the card opens the page with exactly it
    as_role(window, Role.GRID_WORKER, GRID, "网格员甲")
    window.show_page("home")
    window.refresh_agenda()
    card = window.home.agenda["events"]
    qtbot.waitUntil(lambda: card.isVisible() and card.text().startswith("1\n"), timeout=10000)
    click(qtbot, card)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page and page.mine_filter.isChecked()
                    and page.table.rowCount() == 1, timeout=10000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "handle" in page.action_buttons, timeout=10000)
    assert "extend" in page.action_buttons

    # a photo from the scene, by the button (the file dialog answered by the test)
    photo = tmp_path / "现场.png"
    Image.new("RGB", (3000, 2000), (90, 120, 200)).save(photo)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(photo), "")))
    click(qtbot, page.photo_button)
    qtbot.waitUntil(lambda: page.photo_list.count() == 1, timeout=10000)
    assert "2000×1333" in page.photo_list.item(0).toolTip()
    # then the handling, with its feedback, at once: the reload the photo started keeps the buttons in place
    click(qtbot, page.action_buttons["handle"])
    hf = page.form
    hf.texts["feedback"][0].setPlainText("燃气公司已更换阀门")
    click(qtbot, hf.save_button)
    qtbot.waitUntil(lambda: page.view is not None and page.view.row.status == "fed_back", timeout=10000)
    assert page.photo_list.count() == 1


def test_a_dispute_event_is_registered_on_the_dispute_ledger(qtbot, window):
    as_role(window, Role.GRID_WORKER, GRID, "网格员甲")
    page = open_page(qtbot, window)
    before = page.table.rowCount()
    click(qtbot, page.add_button)
    form = page.form
    form.class_box.setCurrentIndex(form.class_box.findData("04"))
    assert not form.dispute_category.isVisible() and form.save_button.text() == "上报"
    form.class_box.setCurrentIndex(form.class_box.findData("01"))
    assert form.dispute_category.isVisible() and form.save_button.text() == "登记为矛盾纠纷"
    type_text(qtbot, form.title_edit, "漏水引发邻里纠纷")
    type_text(qtbot, form.place, "幸福街9号")
    form.description.setPlainText("楼上漏水，两户争执赔偿")
    form.source.setCurrentIndex(form.source.findData("06"))
    form.dispute_people.setValue(30)
    assert not form.save_button.isEnabled() and "群体性" in form.problem.text()
    form.dispute_people.setValue(2)
    click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: page.open_disputes.isVisible(), timeout=10000)
    assert "矛盾纠纷" in page.notice.text()
    assert page.table.rowCount() == before  # no event record beside the dispute
    click(qtbot, page.open_disputes)
    disputes = window.disputes_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is disputes and any(
        (d := disputes.table.row(r)) is not None and d.name == "漏水引发邻里纠纷" for r in range(disputes.table.rowCount())),
        timeout=10000)


def test_the_class_filter_reads_the_office_class_table(qtbot, window):
    """类别 lists the classes as the community office named them; a retired class stays (old events carry it),
    marked 已停用; choosing it filters the list."""
    import datetime as dt

    from gridapp.services.events import EventInput, EventService

    db = window.session.db
    today = dt.date.today()
    worker = EventService(db, Principal("u-w", "w", Role.GRID_WORKER, GRID, display_name="网格员甲"))
    worker.report(EventInput(class_code="05", title="路灯不亮", description="3号楼前路灯不亮", place="幸福街8号",
                             found_on=today))
    worker.report(EventInput(class_code="04", title="垃圾堆放", description="垃圾未清运", place="幸福街9号",
                             found_on=today))
    office = EventService(db, Principal("u-o", "o", Role.OFFICE, COMMUNITY, display_name="综治中心"))
    office.rename_class("04", "环境卫生与绿化")
    office.retire_class("05")
    as_role(window, Role.GRID_WORKER, GRID, "网格员甲")
    page = open_page(qtbot, window)
    box = page.class_filter
    qtbot.waitUntil(lambda: box.findData("04") > 0, timeout=10000)
    assert box.itemText(box.findData("04")) == "环境卫生与绿化"
    assert box.itemText(box.findData("05")) == "市政设施（已停用）"
    assert box.itemText(box.findData("03")) == "安全隐患"
    box.setCurrentIndex(box.findData("05"))
    qtbot.waitUntil(lambda: page.table.rowCount() == 1 and row_of(page, "路灯不亮") == 0, timeout=10000)
    # the report form does not offer the retired class
    click(qtbot, page.add_button)
    assert page.form.class_box.findData("05") < 0 and page.form.class_box.findData("04") > 0
    page.form.reject()


def test_a_reload_of_the_same_event_keeps_its_buttons_and_the_open_form(qtbot, window, tmp_path, monkeypatch):
    """添加照片 reloads the event; a click on 处置反馈 while that reload is in flight opens the form, and the form,
    with what was typed, and the very same step buttons outlive the reload."""
    import datetime as dt

    from gridapp.services.events import EventInput, EventService

    db = window.session.db
    worker_svc = EventService(db, Principal("u-w", "w", Role.GRID_WORKER, GRID, display_name="网格员甲"))
    eid = worker_svc.report(EventInput(class_code="04", title="楼道堆物", description="3单元楼道堆放杂物",
                                       place="幸福街8号", found_on=dt.date.today()))
    office = EventService(db, Principal("u-o", "o", Role.OFFICE, COMMUNITY, display_name="综治中心乙"))
    office.act(eid, "accept")
    office.act(eid, "dispatch", to=GRID)
    as_role(window, Role.GRID_WORKER, GRID, "网格员甲")
    page = open_page(qtbot, window)
    click(qtbot, page.mine_filter)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1 and row_of(page, "楼道堆物") == 0 and not page.runner.busy,
                    timeout=10000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.view is not None and page.view.row.id == eid and "handle" in page.action_buttons,
                    timeout=10000)
    buttons = dict(page.action_buttons)
    photo = tmp_path / "堆物.png"
    Image.new("RGB", (800, 600), (120, 90, 60)).save(photo)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(photo), "")))
    seq = page._detail_seq
    click(qtbot, page.photo_button)
    click(qtbot, page.action_buttons["handle"])  # at once, while the photo's write and its reload run
    form = page.form
    assert form is not None and form.isVisible()
    type_text(qtbot, form.texts["feedback"][0], "已清理")
    # the photo lands, the list and the event are read again (the same event: a new detail read)
    qtbot.waitUntil(lambda: page.photo_list.count() == 1 and page._detail_seq > seq and not page.runner.busy,
                    timeout=10000)
    qtbot.wait(200)
    assert page.form is form and form.isVisible() and form.texts["feedback"][0].toPlainText() == "已清理"
    assert page.action_buttons == buttons and all(b.isVisible() for b in buttons.values())
    click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: page.view is not None and page.view.row.status == "fed_back", timeout=10000)
    assert "已清理" in page.detail.toPlainText() and page.photo_list.count() == 1
    # now the allowed steps differ: the buttons are those of the new state
    assert "handle" not in page.action_buttons


def test_a_read_only_viewer_is_shown_no_waiting_for_me(qtbot, window):
    """领导（只读） can take no step: no 只看待我办理 filter and no "nothing waits for you" line, only how many of
    the unit's events are overdue, in words that fit a reader; a grid worker still has the filter."""
    as_role(window, Role.GRID_WORKER, GRID, "网格员甲")
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.agenda_line.text().startswith("待我办理"), timeout=10000)
    assert page.mine_filter.isVisible()
    page.mine_filter.setChecked(True)

    as_role(window, Role.VIEWER, TOWN, "领导甲")
    qtbot.waitUntil(lambda: "本单位经办的事件" in page.agenda_line.text(), timeout=10000)
    line = page.agenda_line.text()
    assert not page.mine_filter.isVisible() and not page.mine_filter.isChecked()
    assert "待我办理" not in line and "等待您办理" not in line
    overdue = window.session.events().agenda().overdue
    assert overdue > 0  # the demo town holds overdue events: the count is what the viewer reads
    assert line == f"本单位经办的事件中已逾期 {overdue} 件"
    if os.environ.get("GRIDAPP_SHOT_DIR"):
        window.resize(1366, 768)
        qtbot.wait(100)
        window.grab().save(os.path.join(os.environ["GRIDAPP_SHOT_DIR"], "events-viewer.png"))
    page.show_agenda_list()  # a card's list for a reader is the whole list, never an empty "mine"
    assert not page.mine_filter.isChecked()
