"""The first-run dialog validates as the user types."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from gridapp.ui.first_run import FirstRunDialog
from tests.ui.conftest import type_text


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_code_length_selects_the_level(qtbot):
    d = FirstRunDialog("/tmp/x.sqlite3")
    qtbot.addWidget(d)
    for code, level in [("3703", "city"), ("370303", "district"), ("370303001", "town"),
                        ("370303001001", "community"), ("370303001001001", "grid")]:
        d.code.clear()
        qtbot.keyClicks(d.code, code)
        assert d.level.currentData() == level


def test_bad_codes_are_explained_and_ok_stays_disabled(qtbot):
    d = FirstRunDialog("/tmp/x.sqlite3")
    qtbot.addWidget(d)
    type_text(qtbot, d.name, "和平社区")
    qtbot.keyClicks(d.code, "3703030010")  # 10 digits
    assert "长度为 10 位" in d.error.text()
    assert not _ok(d).isEnabled()
    d.code.clear()
    qtbot.keyClicks(d.code, "370303000")  # town segment all zeros
    assert "不能全为 0" in d.error.text()
    assert not _ok(d).isEnabled()
    d.code.clear()
    qtbot.keyClicks(d.code, "370303001001")
    assert d.error.text() == ""
    assert _ok(d).isEnabled()
    # choosing a level that does not match the code is refused with both named
    d.level.setCurrentIndex(d.level.findData("grid"))
    assert "与所选层级“网格”" in d.error.text()
    assert not _ok(d).isEnabled()


def test_letters_cannot_be_typed_into_the_code(qtbot):
    d = FirstRunDialog("/tmp/x.sqlite3")
    qtbot.addWidget(d)
    qtbot.keyClicks(d.code, "37a03")
    assert d.code.text() == "3703"


def test_name_is_required(qtbot):
    d = FirstRunDialog("/tmp/x.sqlite3")
    qtbot.addWidget(d)
    qtbot.keyClicks(d.code, "370303001001")
    assert d.error.text() == "请填写单位名称。"
    assert not _ok(d).isEnabled()
