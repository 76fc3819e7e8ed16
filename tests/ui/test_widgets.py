"""The validated form dialog: opens quiet, shows the problem once the user changes a field or presses save,
and keeps the size the user gave it."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout

from gridapp.ui import widgets
from gridapp.ui.widgets import ValidatedDialog
from tests.ui.conftest import type_text


class NameForm(ValidatedDialog):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.name = QLineEdit()
        layout.addWidget(self.name)
        self.add_problem_and_buttons(layout)
        self.name.textChanged.connect(self.check)
        self.check()

    def problem_text(self) -> str:
        return "" if self.name.text().strip() else "请填写名称。"


def test_a_form_opens_quiet_and_save_shows_what_is_missing(qtbot):
    form = NameForm()
    qtbot.addWidget(form)
    form.show()
    assert form.problem.text() == "" and form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.result() == 0
    assert form.problem.text() == "请填写名称。" and not form.save_button.isEnabled()
    type_text(qtbot, form.name, "abc")
    assert form.problem.text() == "" and form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.result() == 1 and not form.isVisible()


def test_typing_shows_problems_as_you_go(qtbot):
    form = NameForm()
    qtbot.addWidget(form)
    form.show()
    type_text(qtbot, form.name, "a")
    form.name.clear()  # the user emptied the field again
    assert form.problem.text() == "请填写名称。" and not form.save_button.isEnabled()


def test_the_problem_line_keeps_its_room(qtbot):
    form = NameForm()
    qtbot.addWidget(form)
    form.show()
    before = form.problem.height()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.problem.height() == before >= 2 * form.problem.fontMetrics().lineSpacing()


def test_a_dialog_keeps_the_size_the_user_gave_it(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(widgets, "_dialog_sizes", {})
    first = NameForm()
    qtbot.addWidget(first)
    first.show()
    first.resize(640, 420)
    first.reject()
    second = NameForm()
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (640, 420)
    # kept in the settings file for the next start
    from gridapp.config import config_dir

    stored = json.loads((config_dir() / "settings.json").read_text(encoding="utf-8"))
    assert stored["dialog_sizes"]["NameForm"] == [640, 420]
    monkeypatch.setattr(widgets, "_dialog_sizes", {})
    third = NameForm()
    qtbot.addWidget(third)
    third.show()
    assert (third.width(), third.height()) == (640, 420)


class BuildingLikeForm(widgets.FormDialog):
    def __init__(self) -> None:
        super().__init__("楼栋", problem_name="testProblem")
        self.name = self.line("名称 *", 10, name="testName", placeholder="如 3号楼", required="请填写名称。")
        self.note = self.line("备注", 20)
        self.check()


def test_a_form_dialog_opens_in_its_first_field_and_checks_its_required_lines(qtbot):
    form = BuildingLikeForm()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.focusWidget() is not None)
    assert form.focusWidget() is form.name  # not the Save button, though the buttons were made first
    assert form.name.objectName() == "testName" and form.name.maxLength() == 10
    assert form.name.placeholderText() == "如 3号楼"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.problem.text() == "请填写名称。" and not form.save_button.isEnabled()
    type_text(qtbot, form.note, "x")  # an optional line does not satisfy the required one
    assert form.problem.text() == "请填写名称。"
    type_text(qtbot, form.name, "3")
    assert form.problem.text() == "" and form.save_button.isEnabled()


def test_choice_and_code_boxes_offer_their_items_with_the_data():
    box = widgets.choice_box([("a", "甲"), ("b", "乙")], "pick", empty="（请选择）")
    assert box.objectName() == "pick"
    assert [(box.itemData(i), box.itemText(i)) for i in range(box.count())] == [
        (None, "（请选择）"), ("a", "甲"), ("b", "乙")]
    codes = widgets.code_box("urgency", {"1": "一般", "2": "紧急"})
    assert [(codes.itemData(i), codes.itemText(i)) for i in range(codes.count())] == [("1", "一般"), ("2", "紧急")]


def test_push_button_carries_its_name_tip_state_and_click(qtbot):
    clicked: list[bool] = []
    button = widgets.push_button("保存", "saveIt", lambda: clicked.append(True), tip="保存所填", enabled=False)
    qtbot.addWidget(button)
    assert (button.text(), button.objectName(), button.toolTip(), button.isEnabled()) == (
        "保存", "saveIt", "保存所填", False)
    button.setEnabled(True)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert clicked == [True]


def test_item_at_and_selected_item(qtbot):
    rows = ["一", "二"]
    assert widgets.item_at(rows, 1) == "二" and widgets.item_at(rows, -1) is None and widgets.item_at(rows, 2) is None
    table = widgets.read_only_table(["列"])
    qtbot.addWidget(table)
    table.setRowCount(2)
    assert widgets.selected_item(table, rows) is None  # nothing selected
    table.selectRow(1)
    assert widgets.selected_item(table, rows) == "二"
    table.clearSelection()
    assert widgets.selected_item(table, rows) is None
