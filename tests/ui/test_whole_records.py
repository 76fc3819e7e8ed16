"""Issue 14, whole records: the resident form holds every field in tabs, the person card, households and
buildings created, edited and attached in the GUI, and a new record confirmed and selected. Real roles,
real buttons."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from gridapp.core.idnumber import make_id
from gridapp.core.permissions import Principal, Role

from .conftest import type_text, when_modal
from .test_residents_page import loaded, open_page


def sign_in(qtbot, window, role: Role, unit: str | None = None):
    page = open_page(qtbot, window)
    unit = unit or "370303001"
    window.session.principal = Principal("u-" + role.value, role.value, role, unit)
    page.count_label.clear()
    page.set_session(window.session)
    qtbot.waitUntil(lambda: page.count_label.text().startswith("共"), timeout=10000)
    return page


def a_grid(window) -> str:
    return window.session.registry().grids()[0][0]


def pick(combo, code) -> None:
    combo.setCurrentIndex(combo.findData(code))


def test_a_grid_worker_adds_a_whole_record_which_is_confirmed_and_selected(qtbot, window):
    grid = a_grid(window)
    page = sign_in(qtbot, window, Role.GRID_WORKER, grid)
    number = make_id("370303", dt.date(1988, 6, 7), 41)
    seen = {}

    def fill(form):
        seen["tabs"] = [form.tabs.tabText(i) for i in range(form.tabs.count())]
        seen["religion"] = "religion" in form.fields  # a grid worker may not see religion
        seen["political"] = "political_status" in form.fields  # nor 政治面貌 (it states party membership)
        type_text(qtbot, form.name, "全记录")
        type_text(qtbot, form.id_number, number)
        pick(form.fields["relation_to_head"], "02")
        type_text(qtbot, form.fields["former_name"], "全纪录")
        form.tabs.setCurrentIndex(1)
        type_text(qtbot, form.fields["registered_region"], "3703")  # too short: named, save disabled
        seen["region_problem"] = form.problem.text()
        seen["save_enabled"] = form.save_button.isEnabled()
        type_text(qtbot, form.fields["registered_region"], "03")
        type_text(qtbot, form.fields["registered_address"], "淄博市张店区某路1号")
        form.tabs.setCurrentIndex(2)
        pick(form.fields["marital_status"], "20")
        pick(form.fields["education"], "20")
        type_text(qtbot, form.fields["occupation"], "教师")
        type_text(qtbot, form.fields["workplace"], "某小学")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    when_modal(fill)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().name == "全记录", timeout=10000)
    assert seen["tabs"] == ["基本信息", "户籍与居住", "其他"] and seen["religion"] is False and seen["political"] is False
    assert "户籍地" in seen["region_problem"] and not seen["save_enabled"]
    assert "已保存新居民“全记录”" in window.statusBar().currentMessage()
    d = window.session.registry().details(page.selected().id)
    assert (d["marital_status"], d["political_status"], d["education"], d["occupation"], d["workplace"],
            d["registered_region"], d["former_name"], d["relation_to_head"]) == (
        "20", "（无权查看）", "20", "教师", "某小学", "370303", "全纪录", "02")


def test_editing_loads_every_field_and_empty_masked_numbers_keep_theirs(qtbot, window):
    page = sign_in(qtbot, window, Role.OFFICE)
    reg = window.session.registry()
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    page.table.selectRow(0)
    v = page.selected()
    reg.update_resident(v.id, {"marital_status": "10", "occupation": "司机"})
    before = reg.get_resident(v.id, reveal=True)
    seen = {}

    def edit(form):
        seen["note"] = form.masked_note.isVisible() and "留空" in form.masked_note.text()
        seen["placeholders"] = (form.id_number.placeholderText(), form.phone.placeholderText())
        seen["marital"] = form.fields["marital_status"].currentData()
        seen["occupation"] = form.fields["occupation"].text()
        form.tabs.setCurrentIndex(2)
        form.fields["occupation"].clear()
        type_text(qtbot, form.fields["occupation"], "厨师")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    when_modal(edit)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reg.details(v.id)["occupation"] == "厨师", timeout=5000)
    assert seen["note"] and seen["placeholders"] == ("留空则保持原值不变", "留空则保持原值不变")
    assert seen["marital"] == "10" and seen["occupation"] == "司机"
    after = reg.get_resident(v.id, reveal=True)
    assert (after.id_number, after.phone) == (before.id_number, before.phone)
    assert reg.details(v.id)["marital_status"] == "10"


def test_the_person_card_shows_household_tags_history_and_special_groups_only_to_those_allowed(qtbot, window):
    reg0 = window.session.registry()
    page = sign_in(qtbot, window, Role.POLICE)
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    page.table.selectRow(0)
    v = page.selected()
    reg0.special_groups().add(v.id, "刑满释放", start_date=dt.date(2024, 1, 1), offense="盗窃罪")
    reg0.add_tag(v.id, "低保")
    qtbot.mouseClick(page.person_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "person_card", None) is not None, timeout=5000)
    card = page.person_card
    qtbot.addWidget(card)
    assert [card.tabs.tabText(i) for i in range(card.tabs.count())] == [
        "个人信息", "户与楼栋", "标签与特殊人群", "修改记录"]
    h = reg0.household(reg0.household_of(v.id))
    assert card.household_text.text().startswith("户：" + h.address)
    assert card.members.horizontalHeaderItem(1).text() == "与户主关系"
    assert {card.members.item(r, 0).text() for r in range(card.members.rowCount())} == {m.name for m in h.members}
    assert "低保" in card.tags_text.text()
    assert card.groups is not None and card.groups.item(0, 0).text() == "刑满释放"
    assert card.history.rowCount() >= 1
    card.close()
    # a grid worker's card has no special groups at all
    page = sign_in(qtbot, window, Role.GRID_WORKER, v.unit_code)
    page.person_card = None
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    page.table.selectRow(0)
    qtbot.mouseClick(page.person_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.person_card is not None, timeout=5000)
    qtbot.addWidget(page.person_card)
    assert page.person_card.groups is None
    page.person_card.close()


def test_a_grid_worker_creates_a_building_and_a_household_and_puts_a_household_in_it(qtbot, window):
    grid = a_grid(window)
    page = sign_in(qtbot, window, Role.GRID_WORKER, grid)
    reg = window.session.registry()
    loose = reg.create_household(grid, "测试路9号平房")  # a household in no building
    qtbot.mouseClick(page.buildings_button, Qt.MouseButton.LeftButton)
    dialog = page.building_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.building_table.rowCount() > 0, timeout=5000)
    assert dialog.new_building_button.isEnabled()

    def new_building(form):
        type_text(qtbot, form.name, "99号楼")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    when_modal(new_building)
    qtbot.mouseClick(dialog.new_building_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.selected_building() not in (None, "")
                    and dialog.buildings[dialog.building_table.currentRow()][1] == "99号楼", timeout=5000)
    assert dialog.notice.text() == "已新建楼栋“99号楼”。"
    bid = dialog.selected_building()

    def new_household(form):
        assert form.building.currentData() == bid  # the selected building
        type_text(qtbot, form.address, "99号楼1单元101")
        type_text(qtbot, form.household_no, "H99101")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    when_modal(new_household)
    qtbot.mouseClick(dialog.new_household_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.shown_household is not None and dialog.shown_household.address == "99号楼1单元101",
                    timeout=5000)
    assert dialog.shown_household.household_no == "H99101"
    # the household in no building: listed under （未归入楼栋）, then put in 99号楼
    dialog.building_table.selectRow(dialog.building_table.rowCount() - 1)
    qtbot.waitUntil(lambda: loose in [h[0] for h in dialog.households], timeout=5000)
    dialog.household_table.selectRow([h[0] for h in dialog.households].index(loose))
    qtbot.waitUntil(lambda: dialog.shown_household is not None and dialog.shown_household.id == loose, timeout=5000)

    def attach(form):
        pick(form.building, bid)
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    when_modal(attach)
    qtbot.mouseClick(dialog.edit_household_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reg.household(loose).building_id == bid, timeout=5000)
    qtbot.waitUntil(lambda: dialog.selected_building() == bid and dialog.selected_household() == loose, timeout=5000)
    assert {h[0] for h in reg.building(bid).households} >= {loose}
    dialog.close()


def test_a_new_family_gets_a_household_and_a_resident_moves_in(qtbot, window):
    grid = a_grid(window)
    page = sign_in(qtbot, window, Role.GRID_WORKER, grid)
    reg = window.session.registry()
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    page.table.selectRow(0)
    v = page.selected()
    page.move_selected()
    qtbot.waitUntil(lambda: getattr(page, "move_dialog", None) is not None, timeout=5000)
    dialog = page.move_dialog
    qtbot.addWidget(dialog)

    def new_household(form):
        form.address.clear()
        type_text(qtbot, form.address, "新家庭路1号")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    when_modal(new_household)
    qtbot.mouseClick(dialog.new_household_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.chosen() is not None and dialog.ok.isEnabled(), timeout=5000)
    hid = dialog.chosen()
    assert reg.household(hid).address == "新家庭路1号" and dialog.relation.currentData() == "02"
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reg.household_of(v.id) == hid, timeout=5000)
    assert reg.household(hid).head_name == v.name


def test_a_viewer_cannot_create_or_edit_households_or_buildings(qtbot, window):
    page = sign_in(qtbot, window, Role.VIEWER)
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page._shown_household is not None, timeout=5000)
    assert not page.edit_household_button.isEnabled()
    qtbot.mouseClick(page.buildings_button, Qt.MouseButton.LeftButton)
    dialog = page.building_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.household_table.rowCount() > 0, timeout=5000)
    assert not any(b.isEnabled() for b in (dialog.new_building_button, dialog.edit_building_button,
                                           dialog.new_household_button, dialog.edit_household_button))
    dialog.close()


def _export(qtbot, page, out):
    from PySide6.QtWidgets import QMessageBox

    page.choose_export_file = lambda: str(out)
    answered = []

    def answer(box) -> None:
        if isinstance(box, QMessageBox) and "是否脱敏" in box.text():
            next(b for b in box.buttons() if b.text() == "脱敏导出").click()

    when_modal(answer)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "export_message", None) is not None and page.export_message.isVisible(),
                    timeout=20000)
    answered.append(page.export_message.text())
    page.export_message.accept()
    page.export_message = None
    return answered[0]


def _rows(out):
    from openpyxl import load_workbook

    book = load_workbook(out, read_only=True)
    try:
        return list(book.active.iter_rows(values_only=True))[1:]
    finally:
        book.close()


def test_export_writes_what_the_list_shows_and_says_how_many_and_where(qtbot, window, tmp_path):
    page = sign_in(qtbot, window, Role.OFFICE)
    grid = page.grids[1][0]
    page.grid_filter.setCurrentIndex(page.grid_filter.findData(grid))
    qtbot.waitUntil(lambda: page.count_label.text().startswith("共") and page.model.total and
                    page.filters().grid_code == grid, timeout=10000)
    qtbot.waitUntil(lambda: not page.model.loading and page.model._ids is not None, timeout=10000)
    shown = page.model.rowCount()
    out = tmp_path / "grid.xlsx"
    text = _export(qtbot, page, out)
    rows = _rows(out)
    assert len(rows) == shown and {r[0] for r in rows} == {grid}
    assert f"导出 {shown} 名居民到 {out}" in text
    # a search: the rows found, not the whole grid
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    name = page.model.row_at(0).name
    type_text(qtbot, page.search, name)
    qtbot.waitUntil(lambda: page.count_label.text().startswith("找到"), timeout=10000)
    found = page.model.rowCount()
    out2 = tmp_path / "search.xlsx"
    text = _export(qtbot, page, out2)
    rows = _rows(out2)
    assert len(rows) == found < shown and all(r[1].startswith(name) for r in rows)
    assert f"导出 {found} 名居民" in text


def test_the_resident_import_shows_the_refused_rows_offers_the_template_and_counts_refusals(qtbot, window, tmp_path):
    from openpyxl import Workbook

    page = sign_in(qtbot, window, Role.OFFICE)
    grid = page.grids[0][0]
    wb = Workbook()
    wb.active.append(["姓名", "身份证号", "网格编码", "婚姻状况"])
    wb.active.append(["导入甲", make_id("370303", dt.date(1992, 3, 1), 21), grid, "已婚"])
    wb.active.append(["坏行", "123", grid, ""])
    wb.active.append(["", make_id("370303", dt.date(1992, 3, 2), 21), grid, ""])
    path = tmp_path / "in.xlsx"
    wb.save(path)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.import_dialog
    qtbot.addWidget(dialog)
    assert "公民身份号码（身份证号、身份证号码" in dialog.columns.text()
    template = tmp_path / "template.xlsx"
    dialog.choose_template_file = lambda: str(template)
    qtbot.mouseClick(dialog.template_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: template.exists() and "模板已保存" in dialog.summary.text(), timeout=5000)
    from openpyxl import load_workbook

    book = load_workbook(template)
    assert _rows(template) == [] and "婚姻状况" in [c.value for c in book.active[1]]
    book.close()
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "拒绝 2 行" in dialog.summary.text(), timeout=10000)
    assert dialog.refused.rowCount() == 2
    assert [dialog.refused.item(r, 0).text() for r in range(2)] == ["3", "4"]
    assert "姓名" in dialog.refused.item(1, 1).text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("已导入"), timeout=10000)
    assert "拒绝 2 行（未导入）" in dialog.summary.text() and dialog.refused.rowCount() == 2
    dialog.close()


def test_code_values_read_in_english_when_the_ui_runs_in_english(qtbot, qapp):
    from gridapp.core import codes
    from gridapp.services.tasks import STATUS
    from gridapp.ui import codetr
    from gridapp.ui.i18n import install_translation
    from gridapp.ui.resident_dialogs import ResidentForm

    assert install_translation(qapp, "en")
    try:
        assert codetr.label("gender", "1") == "Male" and codetr.text(STATUS["overdue"]) == "Overdue"
        assert codetr.text(codes.AFFAIR_FREQUENCY["03"]) == "Monthly"
        assert codetr.text(codes.DISPUTE_STATUS["mediating"]) == "Mediating"
        form = ResidentForm([("370303001001001", "第1网格")])
        qtbot.addWidget(form)
        assert form.tabs.tabText(0) == "Basic"
        assert [form.resident_type.itemText(i) for i in range(2)] == ["Registered resident", "Migrant"]
        assert form.fields["marital_status"].itemText(2) == "Married"
    finally:
        install_translation(qapp, "zh_CN")
    assert codetr.label("gender", "1") == "男"
