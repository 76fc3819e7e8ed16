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
