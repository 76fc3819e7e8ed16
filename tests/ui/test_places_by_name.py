"""籍贯/户籍地/现住地 typed by name in the resident form (stored as the GB/T 2260 code), an ambiguous name refused
with the candidates named before saving; the list and the person card show the name, the code on hover. A grid
worker and an office clerk, real buttons."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import Qt

from gridapp.core.idnumber import make_id
from gridapp.core.permissions import Role

from .conftest import type_text, when_modal
from .test_whole_records import a_grid, sign_in


def test_a_grid_worker_types_places_by_name_and_the_list_and_card_show_names(qtbot, window):
    window.resize(1366, 768)
    if os.environ.get("GRIDAPP_SHOT_DIR"):  # the app's own CJK font, as the app installs it at start
        from PySide6.QtWidgets import QApplication

        from gridapp.ui.i18n import install_font
        install_font(QApplication.instance())
    grid = a_grid(window)
    page = sign_in(qtbot, window, Role.GRID_WORKER, grid)
    number = make_id("370303", dt.date(1979, 2, 3), 61)
    seen = {}

    def fill(form):
        type_text(qtbot, form.name, "地名测试")
        type_text(qtbot, form.id_number, number)
        form.tabs.setCurrentIndex(1)
        type_text(qtbot, form.fields["native_place"], "市中区")  # four places have this name
        seen["problem"] = form.problem.text()
        seen["save"] = form.save_button.isEnabled()
        form.fields["native_place"].clear()
        type_text(qtbot, form.fields["native_place"], "济南市市中区")
        type_text(qtbot, form.fields["registered_region"], "淄博市张店区")
        type_text(qtbot, form.fields["current_region"], "张店区")
        seen["tip"] = form.fields["registered_region"].toolTip()
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    when_modal(fill)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().name == "地名测试", timeout=10000)
    assert "籍贯" in seen["problem"] and "山东省济南市市中区（370103）" in seen["problem"] and not seen["save"]
    assert seen["tip"] == "370303 山东省淄博市张店区"
    v = page.selected()
    d = window.session.registry().details(v.id)
    assert (d["native_place"], d["registered_region"], d["current_region"]) == ("370103", "370303", "370303")
    # the list: the name, its code on hover
    column = page.model.COLUMNS.index("registered")
    row = page.table.currentIndex().row()
    index = page.model.index(row, column)
    assert page.model.data(index, Qt.ItemDataRole.DisplayRole) == "山东省淄博市张店区"
    assert page.model.data(index, Qt.ItemDataRole.ToolTipRole) == "370303"
    # the person card
    qtbot.mouseClick(page.person_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "person_card", None) is not None, timeout=5000)
    card = page.person_card
    qtbot.addWidget(card)
    from PySide6.QtWidgets import QLabel

    labels = {w.text(): w.toolTip() for w in card.findChildren(QLabel)}
    shot = os.environ.get("GRIDAPP_SHOT_DIR")
    if shot:  # GRIDAPP_SHOT_DIR=…: the list with its 户籍地 column, and the card
        window.grab().save(os.path.join(shot, "residents_places.png"))
        card.grab().save(os.path.join(shot, "person_card_places.png"))
    assert labels.get("山东省济南市市中区") == "370103" and labels.get("山东省淄博市张店区") == "370303"
    card.close()


def test_an_office_clerk_editing_sees_the_name_with_the_code_on_hover(qtbot, window):
    page = sign_in(qtbot, window, Role.OFFICE)
    reg = window.session.registry()
    qtbot.waitUntil(lambda: page.model.row_at(0) is not None, timeout=5000)
    page.table.selectRow(0)
    v = page.selected()
    reg.update_resident(v.id, {"native_place": "370303"})
    seen = {}

    def look(form):
        w = form.fields["native_place"]
        seen["text"], seen["tip"] = w.text(), w.toolTip()
        form.reject()

    when_modal(look)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "text" in seen, timeout=5000)
    assert seen == {"text": "山东省淄博市张店区", "tip": "370303 山东省淄博市张店区"}
