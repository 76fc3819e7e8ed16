"""八小工程 page: record through the form (only the chosen kind's fields, validated as you type, Enter saves,
Esc cancels), correct a record and see its history, remove one with a reason; filters and the summary; actions
by role; the page fits a 1366×768 screen."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from gridapp.core.permissions import Principal, Role

from .conftest import type_text

TOWN = "370303001"
COMMUNITY = TOWN + "001"
GRID = COMMUNITY + "001"


def as_role(window, role: Role, unit: str = TOWN) -> None:
    window.session.principal = Principal("u-" + role.value, role.value, role, unit, display_name="测试用户")
    window.projects_page.set_session(window.session)


def open_page(qtbot, window):
    window.show_page("projects")
    page = window.projects_page
    qtbot.waitUntil(lambda: page.count_label.text() != "" and page.unit_filter.count() > 1, timeout=10000)
    return page


def row_of(page, title: str) -> int:
    for r in range(page.table.rowCount()):
        if page.table.item(r, 2).text() == title:
            return r
    return -1


def visible_fields(form) -> set[str]:
    return {name for name, widget in form.specific.items() if form.form.isRowVisible(widget)}


def test_record_correct_and_remove_through_the_page(qtbot, window):
    as_role(window, Role.GRID_CHIEF, COMMUNITY)
    page = open_page(qtbot, window)
    assert page.add_button.isVisible() and page.add_button.isEnabled()
    before = page.table.rowCount()
    assert before > 0, "the demo made a year of records"
    page.add_button.click()
    form = page.form
    assert form is not None and form.isVisible()
    assert form.unit.currentData() == COMMUNITY  # the chief's own community by default
    # only the chosen kind's own fields are shown
    form.kind.setCurrentIndex(form.kind.findData("convention"))
    assert visible_fields(form) == {"convention_text", "adoption"}
    form.kind.setCurrentIndex(form.kind.findData("safety"))
    assert visible_fields(form) == {"hazards_found", "hazards_fixed"}
    form.kind.setCurrentIndex(form.kind.findData("consultation"))
    assert visible_fields(form) == {"meeting_form", "topic", "decision"}
    # validated as you type (choosing the kind was the first change), the field named
    assert not form.save_button.isEnabled() and "名称" in form.problem.text()
    type_text(qtbot, form.title, "三号楼加装电梯议事会")
    assert not form.save_button.isEnabled() and "参与人数" in form.problem.text()
    form.participants.setValue(24)
    assert "内容" in form.problem.text()
    form.content.setPlainText("围绕加装电梯组织居民协商")
    assert "负责人" in form.problem.text()
    type_text(qtbot, form.responsible, "王书记")
    assert "议事形式" in form.problem.text()
    form.meeting_form.setCurrentIndex(form.meeting_form.findData("03"))
    assert "议题" in form.problem.text()
    form.topic.setText("加装电梯费用分摊")
    assert "议定事项" in form.problem.text()
    form.decision.setPlainText("按楼层比例分摊")
    assert form.save_button.isEnabled() and form.problem.text() == ""
    form.responsible.setText("王书记 370303198001010011")
    assert not form.save_button.isEnabled() and "身份证" in form.problem.text()
    form.responsible.setText("王书记")
    form.responsible.setFocus()
    qtbot.keyClick(form.responsible, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: row_of(page, "三号楼加装电梯议事会") >= 0, timeout=10000)
    assert page.table.rowCount() == before + 1
    r = row_of(page, "三号楼加装电梯议事会")
    assert [page.table.item(r, c).text() for c in (1, 3, 4, 5)] == ["小民主", "和平社区", "24", "王书记"]
    qtbot.waitUntil(lambda: page.table.selected_row() == r, timeout=10000)  # the new record is selected
    text = page.detail.toPlainText()
    assert "议事会" in text and "加装电梯费用分摊" in text and "未更正过" in text

    # correct it: kind and unit are kept, the new version replaces the old, history shows the old one
    assert page.correct_button.isEnabled()
    page.correct_button.click()
    cf = page.form
    assert not cf.kind.isEnabled() and not cf.unit.isEnabled() and cf.topic.text() == "加装电梯费用分摊"
    cf.decision.setPlainText("按楼层系数分摊，一楼不出资")
    cf.participants.setValue(30)
    assert cf.save_button.isEnabled()
    cf.save_button.click()
    qtbot.waitUntil(lambda: "更正记录（1 个早先版本）" in page.detail.toPlainText(), timeout=10000)
    assert page.table.rowCount() == before + 1  # still one current version
    text = page.detail.toPlainText()
    assert "一楼不出资" in text and "议定事项 按楼层比例分摊" in text  # the current one and, below, the earlier one
    assert page.table.item(row_of(page, "三号楼加装电梯议事会"), 4).text() == "30"

    # remove it, with a reason (Esc first cancels)
    page.remove_button.click()
    rf = page.form
    assert rf.problem.text() == ""  # quiet until a change or save
    rf.save_button.click()
    assert rf.isVisible() and not rf.save_button.isEnabled() and rf.problem.text() != ""
    qtbot.keyClick(rf.reason, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.form is None, timeout=5000)
    assert row_of(page, "三号楼加装电梯议事会") >= 0
    page.remove_button.click()
    rf = page.form
    type_text(qtbot, rf.reason, "重复登记")
    assert rf.save_button.isEnabled()
    rf.save_button.click()
    qtbot.waitUntil(lambda: row_of(page, "三号楼加装电梯议事会") < 0, timeout=10000)
    assert page.table.rowCount() == before


def test_a_grid_worker_links_a_dispute_of_the_grid(qtbot, window):
    as_role(window, Role.GRID_WORKER, GRID)
    page = open_page(qtbot, window)
    page.add_button.click()
    form = page.form
    assert [form.unit.itemData(i) for i in range(form.unit.count())] == [GRID]  # the worker's grid only
    form.kind.setCurrentIndex(form.kind.findData("mediation"))
    assert visible_fields(form) == {"dispute_id"}
    qtbot.waitUntil(lambda: form.dispute.count() > 1, timeout=10000)  # the grid's disputes from the demo
    form.dispute.setCurrentIndex(1)
    number = form.dispute.currentText().split(" ")[0]  # the short number said on the phone, the full one its tip
    full = form.dispute.itemData(1, Qt.ItemDataRole.ToolTipRole)
    assert re.fullmatch(r"\d{4}-\d{4}-\d{3}", number) and full.startswith(f"{GRID}-") and number[:9] in full
    for box, text in ((form.title, "五号楼楼道堆物调解"), (form.responsible, "李网格")):
        type_text(qtbot, box, text)
    form.content.setPlainText("上门调解，双方和解")
    assert form.save_button.isEnabled(), form.problem.text()  # participants are optional for 小调解
    form.save_button.click()
    qtbot.waitUntil(lambda: row_of(page, "五号楼楼道堆物调解") >= 0, timeout=10000)
    page.table.selectRow(row_of(page, "五号楼楼道堆物调解"))
    assert number in page.detail.toPlainText()


def test_filters_and_summary(qtbot, window):
    as_role(window, Role.OFFICE, TOWN)
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.summary_table.rowCount() > 0, timeout=10000)
    total = page.summary_table.rowCount()
    # the town's demo has one community: its row is the total (a total row appears only for several units)
    assert page.summary_table.item(total - 1, 0).text() in ("和平社区", "城东街道合计")
    all_rows = page.table.rowCount()
    records_in_total = int(page.summary_table.item(total - 1, 9).text())
    assert records_in_total == all_rows  # the year's ledger and the summary agree
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("service"))
    qtbot.waitUntil(lambda: page.table.rowCount() < all_rows, timeout=10000)
    assert {page.table.item(r, 1).text() for r in range(page.table.rowCount())} == {"小服务"}
    page.kind_filter.setCurrentIndex(0)
    page.unit_filter.setCurrentIndex(page.unit_filter.findData(GRID))
    qtbot.waitUntil(lambda: {page.table.item(r, 3).text() for r in range(page.table.rowCount())} == {"第1网格"},
                    timeout=10000)
    qtbot.waitUntil(lambda: page.summary_table.item(0, 0).text() == "第1网格", timeout=10000)
    assert page.summary_table.rowCount() == 1  # a grid: its own row only
    page.year.setValue(2001)
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=10000)
    assert page.count_label.text() == "台账共 0 条"


def test_a_viewer_records_nothing(qtbot, window):
    as_role(window, Role.VIEWER)
    page = open_page(qtbot, window)
    assert page.table.rowCount() > 0
    assert not page.add_button.isVisible() and not page.correct_button.isVisible()
    assert not page.remove_button.isVisible()
    page.table.selectRow(0)
    assert page.open_add() is None and page.open_correct() is None and page.open_remove() is None


def test_fits_a_laptop_screen(qtbot, window):
    as_role(window, Role.GRID_CHIEF, COMMUNITY)
    window.resize(1366, 768)
    page = open_page(qtbot, window)
    assert page.minimumSizeHint().width() <= 1366 - 170 and page.minimumSizeHint().height() <= 700
    page.add_button.click()
    form = page.form
    for kind in ("convention", "consultation", "service", "family_motto", "worthy"):
        form.kind.setCurrentIndex(form.kind.findData(kind))
        assert form.sizeHint().height() <= 740, kind
    qtbot.keyClick(form.title, Qt.Key.Key_Escape)


def test_a_grid_worker_adds_a_photo_to_a_record_and_a_viewer_only_sees_it(qtbot, window, tmp_path, monkeypatch):
    import os

    from PIL import Image
    from PySide6.QtWidgets import QFileDialog

    as_role(window, Role.GRID_WORKER, GRID)
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.table.rowCount() > 0 and not page.runner.busy, timeout=10000)
    page.table.selectRow(0)
    strip = page.photos
    qtbot.waitUntil(lambda: strip.add_button.isVisible() and strip.add_button.isEnabled(), timeout=10000)
    photo = tmp_path / "现场.png"
    Image.new("RGB", (2400, 1800), (40, 160, 90)).save(photo)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(photo), "")))
    qtbot.mouseClick(strip.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: strip.list.count() == 1, timeout=10000)
    assert "2000×1500" in strip.list.item(0).toolTip()
    # a double-click shows the photo
    rect = strip.list.visualItemRect(strip.list.item(0))
    qtbot.mouseClick(strip.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(strip.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: getattr(strip, "photo_dialog", None) is not None and strip.photo_dialog.isVisible(),
                    timeout=10000)
    strip.photo_dialog.close()
    if os.environ.get("PROJECT_SHOT"):  # a screenshot to look at: PROJECT_SHOT=/tmp/x.png
        from PySide6.QtWidgets import QApplication

        from gridapp.ui.i18n import install_font

        install_font(QApplication.instance())
        window.resize(1366, 768)
        qtbot.wait(200)
        window.grab().save(os.environ["PROJECT_SHOT"])
    # a viewer sees the photo, and no 添加照片
    as_role(window, Role.VIEWER)
    qtbot.waitUntil(lambda: page.table.rowCount() > 0 and not page.runner.busy, timeout=10000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: strip.list.count() == 1, timeout=10000)
    assert not strip.add_button.isVisible()
