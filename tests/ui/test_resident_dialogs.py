"""居民户籍, the rest of the record: the form's type extension, care tags, special-group records (sensitive roles
only), moving to another household, the building view. Real widgets, driven as a user would."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from gridapp.core.idnumber import make_id
from gridapp.core.permissions import Principal, Role
from gridapp.domain import clock
from gridapp.services.registry import EXTENSION_FIELDS, ResidentFilter

from .conftest import type_text, when_modal
from .test_residents_page import loaded, open_page


def select_first(qtbot, page):
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page._shown_household is not None, timeout=5000)
    return page.selected()


def as_role(qtbot, window, role: Role) -> None:
    page = window.residents_page
    window.session.principal = Principal("u-" + role.value, role.value, role, "370303001")
    page.count_label.clear()
    page.set_session(window.session)
    qtbot.waitUntil(lambda: page.count_label.text().startswith("共"), timeout=10000)


def menu_texts(page) -> list[str]:
    page._row_menu(QPoint(2, 2))
    texts = [a.text() for a in page.row_menu.actions()]
    page.row_menu.close()
    return texts


def test_the_form_shows_the_extension_of_the_chosen_type_and_checks_it(qtbot, window):
    from gridapp.ui.residents_page import ResidentForm

    page = open_page(qtbot, window)
    form = ResidentForm(page.grids, page)
    qtbot.addWidget(form)
    form.show()
    ext, save = form.extension, form.buttons.button(QDialogButtonBox.StandardButton.Save)
    form.tabs.setCurrentIndex(1)  # 户籍与居住: the type's extension fields
    assert ext.boxes["1"].isVisible() and not ext.boxes["2"].isVisible() and not ext.boxes["4"].isVisible()
    form.resident_type.setCurrentIndex(form.resident_type.findData("2"))
    assert ext.boxes["2"].isVisible() and not ext.boxes["1"].isVisible()
    type_text(qtbot, form.name, "流动测试")
    number = make_id("410105", dt.date(1993, 4, 5), 31)
    type_text(qtbot, form.id_number, number)
    ext.widgets["inflow_reason"].setCurrentIndex(ext.widgets["inflow_reason"].findData("01"))
    type_text(qtbot, ext.widgets["permit_registered"], "2025-13-01")
    assert form.problem.text() == "登记日期请写成 2024-01-31。" and not save.isEnabled()
    ext.widgets["permit_registered"].clear()
    type_text(qtbot, ext.widgets["permit_registered"], "2025-03-01")
    type_text(qtbot, ext.widgets["permit_expires"], "2025-02-01")
    assert form.problem.text() == "证件到期日期必须晚于登记日期。" and not save.isEnabled()
    ext.widgets["permit_expires"].clear()
    type_text(qtbot, ext.widgets["permit_expires"], "2027-03-01")
    assert form.problem.text() == "" and save.isEnabled()
    assert ext.values()["key_attention"] is False
    ext.widgets["key_attention"].setChecked(True)
    save.click()
    v = form.values
    assert v["inflow_reason"] == "01" and v["permit_expires"] == dt.date(2027, 3, 1) and v["key_attention"] is True
    assert v["nationality"] is None and v["household_match"] is None  # the hidden types' fields are empty
    page.save_new(v)
    reg = window.session.registry()
    qtbot.waitUntil(lambda: bool(reg.search(number)), timeout=5000)
    details = reg.details(reg.search(number)[0].id)
    assert (details["resident_type"], details["inflow_reason"], details["permit_registered"]) == (
        "2", "01", dt.date(2025, 3, 1))


def test_editing_loads_the_extension_and_a_type_change_clears_the_old_fields(qtbot, window):
    page = open_page(qtbot, window)
    reg = window.session.registry()
    v = select_first(qtbot, page)
    cleared = dict.fromkeys(EXTENSION_FIELDS)  # whatever type the demo gave this person
    reg.update_resident(v.id, {**cleared, "resident_type": "4", "nationality": "KOR",
                               "arrival_date": dt.date(2025, 1, 2)})

    def in_form(form):
        form.tabs.setCurrentIndex(1)
        assert form.extension.boxes["4"].isVisible()
        assert form.extension.widgets["nationality"].currentData() == "KOR"
        form.resident_type.setCurrentIndex(form.resident_type.findData("1"))
        form.extension.widgets["household_match"].setCurrentIndex(2)
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    when_modal(in_form)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reg.details(v.id)["resident_type"] == "1", timeout=5000)
    d = reg.details(v.id)
    assert d["nationality"] is None and d["arrival_date"] is None and d["household_match"] == "02"
    assert reg.history(v.id)[-1].fields["人户一致标识"] == "人户不一致"


def test_care_tags_are_ticked_in_a_dialog(qtbot, window):
    page = open_page(qtbot, window)
    reg = window.session.registry()
    v = select_first(qtbot, page)
    before = reg.tags_of(v.id)

    def tick(dialog):
        assert "刑满释放" not in dialog.boxes  # special groups are records, not boxes to tick
        dialog.boxes["低保"].setChecked("低保" not in before)
        dialog.accept()

    when_modal(tick)
    page.edit_tags()
    qtbot.waitUntil(lambda: ("低保" in reg.tags_of(v.id)) != ("低保" in before), timeout=5000)


def test_a_grid_worker_sees_no_special_group_actions(qtbot, window):
    page = open_page(qtbot, window)
    as_role(qtbot, window, Role.GRID_WORKER)
    select_first(qtbot, page)
    texts = menu_texts(page)
    assert "关爱标签…" in texts and "迁至其他户…" in texts
    assert not any("特殊人群" in t for t in texts)
    assert page.show_special_groups() is None
    assert page.tag_filter.findData("社区矫正") < 0
    as_role(qtbot, window, Role.GRID_CHIEF)
    select_first(qtbot, page)
    assert "特殊人群…" in menu_texts(page)


def test_special_group_records_are_listed_added_edited_and_ended(qtbot, window):
    page = open_page(qtbot, window)
    as_role(qtbot, window, Role.GRID_CHIEF)
    v = select_first(qtbot, page)
    dialog = page.show_special_groups()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=5000)
    assert dialog.table.rowCount() == 0 and not dialog.end_button.isEnabled()
    def add(form) -> None:
        form.group.setCurrentIndex(form.group.findData("社区矫正"))
        form.category.setCurrentIndex(form.category.findData("02"))
        type_text(qtbot, form.offense, "盗窃罪")
        type_text(qtbot, form.start, "2025-01-01")
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    when_modal(add)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    assert [dialog.table.item(0, c).text() for c in range(5)] == ["社区矫正", "缓刑", "盗窃罪", "2025-01-01", "（未解除）"]
    assert "社区矫正" in window.session.registry().tags_of(v.id)

    def edit(form) -> None:
        form.category.setCurrentIndex(form.category.findData("03"))
        form.note.setText("每月报到")
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    when_modal(edit)
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.item(0, 1).text() == "假释", timeout=5000)
    assert dialog.end_button.isEnabled()

    def end(form) -> None:
        form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(end)
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.item(0, 4).text() == clock.today().isoformat(), timeout=5000)
    assert not dialog.end_button.isEnabled()
    assert "社区矫正" not in window.session.registry().tags_of(v.id)
    dialog.close()


def test_special_groups_register_edit_and_end_by_clicking_the_real_buttons(qtbot, window):
    """登记… once did nothing: clicked(bool)'s False reached add_record as its values. Click, fill, save."""
    page = open_page(qtbot, window)
    as_role(qtbot, window, Role.OFFICE)
    v = select_first(qtbot, page)
    dialog = page.show_special_groups()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=5000)
    assert dialog.add_button.isEnabled() and dialog.table.rowCount() == 0
    seen: list[str] = []

    def fill(form) -> None:
        seen.append(form.windowTitle())
        form.group.setCurrentIndex(form.group.findData("社区矫正"))
        form.category.setCurrentIndex(form.category.findData("02"))
        type_text(qtbot, form.offense, "dq")
        type_text(qtbot, form.start, "2025-03-04")
        save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save.isEnabled(), form.problem.text()
        save.click()

    when_modal(fill)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert seen == ["登记特殊人群"]
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    assert [dialog.table.item(0, c).text() for c in range(5)] == ["社区矫正", "缓刑", "dq", "2025-03-04", "（未解除）"]
    assert "社区矫正" in window.session.registry().tags_of(v.id)

    def edit(form) -> None:
        form.note.setText("每月报到")
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    when_modal(edit)
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.item(0, 5) is not None and dialog.table.item(0, 5).text() == "每月报到",
                    timeout=5000)

    def end(form) -> None:
        form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(end)
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.item(0, 4).text() == clock.today().isoformat(), timeout=5000)
    assert "社区矫正" not in window.session.registry().tags_of(v.id)
    dialog.close()


def test_the_special_group_form_fits_each_group_and_checks_as_you_type(qtbot):
    from gridapp.ui.resident_dialogs import SpecialGroupForm

    form = SpecialGroupForm()
    qtbot.addWidget(form)
    form.show()
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    form.group.setCurrentIndex(form.group.findData("吸毒"))
    assert form.category_label.text() == "管控情况 *" and form.category.isVisible() and not form.offense.isVisible()
    assert form.problem.text() == "请选择管控情况。" and not save.isEnabled()
    form.category.setCurrentIndex(form.category.findData("01"))
    assert form.problem.text() == "请填写起始日期。"
    type_text(qtbot, form.start, (clock.today() + dt.timedelta(days=3)).isoformat())
    assert form.problem.text() == "起始日期不能晚于今天。"
    form.start.clear()
    type_text(qtbot, form.start, "2024-05-06")
    assert form.problem.text() == "" and save.isEnabled() and not form.end.isEnabled()
    form.group.setCurrentIndex(form.group.findData("刑满释放"))
    assert not form.category.isVisible() and form.offense.isVisible()
    save.click()
    assert form.values["group"] == "刑满释放" and form.values["category"] is None


def test_moving_to_another_household_of_the_grid_and_the_history_shows_it(qtbot, window):
    page = open_page(qtbot, window)
    reg = window.session.registry()
    v = select_first(qtbot, page)
    here = page._shown_household.id
    target = next(h for h in reg.find_households(v.unit_code, limit=10) if h[0] != here and h[2])
    page.move_selected()
    qtbot.waitUntil(lambda: getattr(page, "move_dialog", None) is not None, timeout=5000)
    dialog = page.move_dialog
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    type_text(qtbot, dialog.search, target[2])
    qtbot.waitUntil(lambda: target[0] in [h[0] for h in dialog.found], timeout=5000)
    assert all(h[0] != here for h in dialog.found)  # not the household the person is in
    dialog.table.selectRow([h[0] for h in dialog.found].index(target[0]))
    assert dialog.problem.text() == "请选择与新户主的关系。"
    dialog.relation.setCurrentIndex(dialog.relation.findData("99"))
    dialog.date.setDate(dt.date(2026, 2, 3))
    with qtbot.waitSignal(dialog.moved, timeout=5000):
        dialog.ok.click()
    assert reg.household_of(v.id) == target[0]
    fields = reg.history(v.id)[-1].fields  # one change: the household (by its address), relation, date
    assert fields["与户主关系"] == "非亲属" and fields["户"].startswith(target[1])
    assert fields["迁入日期"] == "2026-02-03"


def test_the_move_dialog_refuses_a_household_of_another_grid(qtbot, window):
    page = open_page(qtbot, window)
    reg = window.session.registry()
    v = select_first(qtbot, page)
    other_grid = next(code for code, _n in page.grids if code != v.unit_code)
    foreign = reg.find_households(other_grid, limit=1)[0]
    page.move_selected()
    qtbot.waitUntil(lambda: getattr(page, "move_dialog", None) is not None, timeout=5000)
    dialog = page.move_dialog
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.search, foreign[1])
    qtbot.waitUntil(lambda: dialog.problem.text() == "本网格内没有符合的户。", timeout=5000)
    assert dialog.found == []  # the search offers only the resident's own grid
    dialog.show_households([foreign])  # and if another grid's household got there anyway, the service refuses
    dialog.table.selectRow(0)
    dialog.relation.setCurrentIndex(dialog.relation.findData("99"))
    dialog.ok.click()
    qtbot.waitUntil(lambda: "只能迁入同一网格内的户" in dialog.problem.text(), timeout=5000)
    assert dialog.isVisible() and reg.household_of(v.id) != foreign[0]
    dialog.close()


def test_the_building_view_lists_buildings_households_and_members(qtbot, window):
    page = open_page(qtbot, window)
    select_first(qtbot, page)
    shown = page._shown_household
    dialog = page.show_buildings()
    qtbot.addWidget(dialog)
    # it opens on the selected resident's building and household
    qtbot.waitUntil(lambda: dialog.shown_household is not None and dialog.shown_household.id == shown.id,
                    timeout=5000)
    assert dialog.buildings[dialog.building_table.currentRow()][0] == shown.building_id
    assert dialog.household_heading.text().startswith("户：")
    assert dialog.members.horizontalHeaderItem(0).text() == "姓名"  # the member table has column labels
    assert dialog.members.item(0, 0).text() == shown.members[0].name
    row = dialog.household_table.currentRow()
    assert dialog.household_table.item(row, 2).text() == str(len(shown.members))
    assert dialog.summary.text().endswith("户")
    # another household: its members
    other = (row + 1) % dialog.household_table.rowCount()
    dialog.household_table.selectRow(other)
    qtbot.waitUntil(lambda: dialog.shown_household.id == dialog.households[other][0], timeout=5000)
    count = window.session.registry().count(ResidentFilter(household_id=dialog.households[other][0]))
    assert len(dialog.shown_household.members) == count
    dialog.close()
