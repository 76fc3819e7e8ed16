"""政治面貌 and the 党员 tag on the resident screens, for a grid worker (no sensitive permission): the edit form
shows 政治面貌 as （无权查看） and saving it keeps the stored value; the person card masks it and leaves the 党员
tag out; the 关爱标签 dialog and the tag filter offer no 党员. The office (with the permission) sees both."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel

from gridapp.core.permissions import SENSITIVE_MASK, Role
from gridapp.services.registry import RegistryService

from .conftest import when_modal
from .test_residents_page import loaded
from .test_whole_records import sign_in

GRID = "370303001001001"


def person_card(qtbot, page):
    page.person_card = None
    qtbot.mouseClick(page.person_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.person_card is not None, timeout=5000)
    card = page.person_card
    qtbot.addWidget(card)
    return card


def field_value(card, label: str) -> str:
    labels = card.findChildren(QLabel)
    i = next(i for i, w in enumerate(labels) if w.text().startswith(label))
    return labels[i + 1].text()


def test_a_grid_worker_sees_political_status_masked_and_no_party_tag(qtbot, window):
    window.resize(1366, 768)
    shot = os.environ.get("GRIDAPP_SHOT_DIR")
    if shot:  # the app's own CJK font, as the app installs it at start
        from gridapp.ui.i18n import install_font
        install_font(QApplication.instance())
    page = sign_in(qtbot, window, Role.GRID_WORKER, GRID)
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    page.table.selectRow(0)
    rid = page.selected().id
    system = RegistryService(window.session.db, "370303001")
    system.update_resident(rid, {"political_status": "01", "occupation": None})
    system.add_tag(rid, "党员")
    assert page.tag_filter.findData("党员") < 0 and page.tag_filter.findData("低保") > 0

    card = person_card(qtbot, page)
    assert field_value(card, "政治面貌") == SENSITIVE_MASK
    texts = [w.text() for w in card.findChildren(QLabel)]
    assert not any("中共党员" in t for t in texts)
    assert "党员" not in card.tags_text.text()
    if shot:
        card.grab().save(os.path.join(shot, "person_card_worker.png"))
    card.close()

    seen = {}

    def in_form(form) -> None:
        seen["fields"] = set(form.fields)
        seen["masked"] = form.findChild(QLabel, "masked_political_status").text()
        form.tabs.setCurrentIndex(2)
        if shot:
            form.grab().save(os.path.join(shot, "resident_form_worker.png"))
        form.fields["occupation"].setText("退休")
        form.save_button.click()

    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)  # the card has gone
    when_modal(in_form)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    reg = window.session.registry()
    qtbot.waitUntil(lambda: system.details(rid)["occupation"] == "退休", timeout=5000)
    assert "political_status" not in seen["fields"] and seen["masked"] == SENSITIVE_MASK
    assert system.details(rid)["political_status"] == "01"  # saving the form kept it
    assert reg.details(rid)["political_status"] == SENSITIVE_MASK

    def tags(dialog) -> None:
        seen["boxes"] = set(dialog.boxes)
        dialog.accept()

    when_modal(tags)
    page.edit_tags()
    qtbot.waitUntil(lambda: "boxes" in seen, timeout=5000)
    assert "党员" not in seen["boxes"] and "低保" in seen["boxes"]
    assert "党员" in system.tags_of(rid)  # accepting the dialog did not drop the tag it does not show

    # the office: the field and the tag as they are
    page = sign_in(qtbot, window, Role.OFFICE, GRID)
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    page.table.selectRow(0)
    assert page.selected().id == rid and page.tag_filter.findData("党员") > 0
    card = person_card(qtbot, page)
    assert field_value(card, "政治面貌") == "中共党员" and "党员" in card.tags_text.text()
    card.close()

    def office_form(form) -> None:
        box = form.fields["political_status"]
        seen["office"] = box.currentData() if isinstance(box, QComboBox) else None
        form.reject()

    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)  # the card has gone
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    page.table.selectRow(0)  # the list may have read again meanwhile
    assert page.selected().id == rid
    when_modal(office_form, timeout_ms=15000)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "office" in seen, timeout=15000)
    assert seen["office"] == "01"
