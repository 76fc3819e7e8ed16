"""组织机构 page: an office (not the administrator) adds a grid under a community, assigns a person and retires
the grid by clicking the real buttons; a grid worker sees the tree without the buttons; the status bar shows
the signed-in user's own unit."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from gridapp.core.permissions import Principal, Role

from .conftest import type_text

TOWN, COMM = "370303001", "370303001001"
NEW_GRID = COMM + "009"


def as_role(qtbot, window, role: Role, unit: str = TOWN):
    session = window.session
    session.principal = Principal("u-" + role.value, role.value, role, unit, display_name="测试用户")
    session._bind()  # the unit service is bound to the signed-in user
    page = window.units_page
    page.set_session(session)
    window.show_page("units")
    qtbot.waitUntil(lambda: page.loaded and page.tree.topLevelItemCount() > 0, timeout=10000)
    return page


def row_text(page, code: str, column: int) -> str | None:
    items = page.tree.findItems(code, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 1)
    return items[0].text(column) if items else None


def test_office_adds_assigns_and_retires_a_grid_by_clicking(qtbot, window):
    page = as_role(qtbot, window, Role.OFFICE)
    assert page.add_button.isVisible() and page.retire_button.isVisible()
    assert page.select_code(COMM)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    form = page.form
    assert form is not None and form.isVisible() and form.windowTitle() == "增设下级单位"
    assert form.problem.text() == ""  # opens quiet; pressing save says what is missing
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and not form.save_button.isEnabled() and "本级编号" in form.problem.text()
    type_text(qtbot, form.segment, "001")
    assert "已被使用" in form.problem.text()  # the demo's first grid
    form.segment.clear()
    type_text(qtbot, form.segment, "009")
    assert form.full_code.text().endswith(NEW_GRID) and "名称" in form.problem.text()
    type_text(qtbot, form.name, "新建网格")
    assert "网格类型" in form.problem.text() and not form.save_button.isEnabled()
    form.grid_type.setCurrentIndex(form.grid_type.findData("rural"))
    form.households.setValue(620)
    assert "偏多" in form.guidance.text() and "300–500" in form.guidance.text()
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row_text(page, NEW_GRID, 0) == "新建网格", timeout=10000)
    assert row_text(page, NEW_GRID, 3) == "农村" and row_text(page, NEW_GRID, 4) == "620"
    assert row_text(page, NEW_GRID, 5) == "在用"
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().code == NEW_GRID, timeout=5000)

    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible(), timeout=5000)
    af = page.form
    assert af.duty.currentText() == "专职网格员" and af.problem.text() == ""  # quiet until a change or save
    type_text(qtbot, af.person, "孙网格")
    qtbot.mouseClick(af.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "专职网格员：孙网格" in (row_text(page, NEW_GRID, 6) or ""), timeout=10000)

    page.select_code(NEW_GRID)
    assert page.retire_button.isEnabled()
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    rf = page.form
    assert rf is not None and rf.save_button.text() == "撤销"
    qtbot.mouseClick(rf.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row_text(page, NEW_GRID, 5) == "已撤销", timeout=10000)
    assert row_text(page, NEW_GRID, 6) == ""  # the assignment ended with the grid
    page.select_code(NEW_GRID)
    assert not page.retire_button.isEnabled() and not page.add_button.isEnabled()
    page.show_retired.setChecked(False)
    assert row_text(page, NEW_GRID, 0) is None
    assert "已撤销单位 1 个" in page.summary.text()
    units = window.session.units.list()  # pickers for new work leave it out
    assert NEW_GRID not in {u.code for u in units}


def test_a_grid_worker_sees_the_tree_without_the_buttons(qtbot, window):
    page = as_role(qtbot, window, Role.GRID_WORKER, COMM + "001")
    assert not page.add_button.isVisible() and not page.assign_button.isVisible()
    assert row_text(page, COMM + "001", 1) == COMM + "001"
    assert row_text(page, COMM + "002", 1) is None  # another grid is outside the worker's scope
    assert page.open_add() is None


def test_the_status_bar_shows_the_users_own_unit(qtbot, window):
    assert TOWN in window.status_unit.text()
    window.session.principal = Principal("u-w", "w", Role.GRID_WORKER, COMM + "001", display_name="王网格")
    window.session._bind()
    window._opened(window.session)
    qtbot.waitUntil(lambda: COMM + "001" in window.status_unit.text(), timeout=10000)


def test_office_renames_a_grid_and_moves_it_to_another_community_by_clicking(qtbot, window):
    units = window.session.units
    page = as_role(qtbot, window, Role.OFFICE)
    # a second community of the town, set up through the page's own form
    assert page.select_code(TOWN)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    form = page.form
    type_text(qtbot, form.segment, "005")
    type_text(qtbot, form.name, "光明社区")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    other = TOWN + "005"
    qtbot.waitUntil(lambda: row_text(page, other, 0) == "光明社区", timeout=10000)
    grid = COMM + "002"
    assert page.select_code(grid)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    ef = page.form
    assert ef is not None and ef.problem.text() == ""
    ef.name.clear()
    type_text(qtbot, ef.name, "幸福网格")
    qtbot.mouseClick(ef.save_button, Qt.MouseButton.LeftButton)
    assert ef.isVisible() and ef.problem.text() == "请选择网格类型。"  # a demo grid has none yet: the office says
    ef.grid_type.setCurrentIndex(ef.grid_type.findData("urban"))
    ef.households.setValue(420)
    qtbot.mouseClick(ef.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row_text(page, grid, 0) == "幸福网格", timeout=10000)
    assert row_text(page, grid, 3) == "城市" and row_text(page, grid, 4) == "420"
    page.select_code(grid)
    qtbot.mouseClick(page.move_button, Qt.MouseButton.LeftButton)
    mf = page.form
    assert mf is not None and mf.problem.text() == ""  # quiet until a choice or 迁移
    households, residents = page.holdings.get(grid, (0, 0))
    assert households > 0 and mf.holds_note.isVisible()  # what stays under the old code is said before
    assert f"原网格下的 {households:,} 户、{residents:,} 名在册居民不随网格迁移" in mf.holds_note.text()
    mf.target.setCurrentIndex(mf.target.findData(other))
    qtbot.mouseClick(mf.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row_text(page, grid, 5) == "已撤销", timeout=10000)
    moved = [u for u in units.list() if u.parent_code == other]
    assert [u.name for u in moved] == ["幸福网格"] and moved[0].code.startswith(other)
    assert row_text(page, moved[0].code, 0) == "幸福网格"


def test_retiring_a_grid_that_still_holds_residents_says_how_many_stay_under_its_code(qtbot, window):
    page = as_role(qtbot, window, Role.OFFICE)
    grid = COMM + "001"
    households = len(window.session.registry().find_households(grid, limit=100000))
    qtbot.waitUntil(lambda: page.holdings.get(grid, (0, 0))[0] == households > 0, timeout=5000)
    assert page.select_code(grid)
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    rf = page.form
    assert rf is not None and rf.holds_note.isVisible()
    assert f"其下 {households:,} 户" in rf.holds_note.text() and rf.move_all.isChecked()  # moving is offered
    # not moving them (a click on the box itself: the row is wider than its text): said before, not after
    qtbot.mouseClick(rf.move_all, Qt.MouseButton.LeftButton, pos=QPoint(8, rf.move_all.height() // 2))
    assert not rf.move_all.isChecked() and not rf.move_to.isEnabled()
    assert f"还有 {households:,} 户" in rf.holds_note.text() and "不再属于任何在用网格" in rf.holds_note.text()
    rf.reject()


def test_office_moves_ticked_households_and_a_whole_building_to_another_grid_by_clicking(qtbot, window):
    page = as_role(qtbot, window, Role.OFFICE)
    src, dst = COMM + "001", COMM + "002"
    qtbot.waitUntil(lambda: page.holdings.get(src, (0, 0))[0] > 0, timeout=5000)
    before_src, before_dst = page.holdings[src], page.holdings.get(dst, (0, 0))
    assert page.select_code(src) and page.move_records_button.isEnabled()
    qtbot.mouseClick(page.move_records_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible(), timeout=10000)
    form = page.form
    assert form.windowTitle().startswith("移交户和楼栋") and form.problem.text() == ""
    assert src not in [form.target.itemData(i) for i in range(form.target.count())]  # not into itself
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.problem.text() == "请选择移交到哪个网格。"
    form.target.setCurrentIndex(form.target.findData(dst))
    assert form.problem.text() == "请勾选要移交的楼栋或户，或选择全部移交。"
    # a whole building (every household in it) and one household elsewhere
    bid, building = next((b, item) for b, item in form.building_items.items() if item.childCount() > 0)
    building.setCheckState(0, Qt.CheckState.Checked)
    assert all(building.child(i).checkState(0) == Qt.CheckState.Checked for i in range(building.childCount()))
    other = next(h for h, item in form.household_items.items() if item.parent() is not building)
    form.household_items[other].setCheckState(0, Qt.CheckState.Checked)
    households, buildings = form.chosen()
    assert buildings == [bid] and households == [other]
    moving = building.childCount() + 1
    people = sum(form.people[h] for h, item in form.household_items.items()
                 if item.checkState(0) == Qt.CheckState.Checked)
    assert f"将移交 {moving:,} 户、{people:,} 名在册居民" in form.summary.text()
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.holdings.get(dst, (0, 0))[0] == before_dst[0] + moving, timeout=15000)
    assert page.holdings[src] == (before_src[0] - moving, before_src[1] - people)
    assert page.holdings[dst][1] == before_dst[1] + people


def test_retiring_a_grid_offers_to_move_what_it_holds_in_the_same_step(qtbot, window):
    page = as_role(qtbot, window, Role.OFFICE)
    src, dst = COMM + "002", COMM + "001"
    qtbot.waitUntil(lambda: page.holdings.get(src, (0, 0))[0] > 0, timeout=5000)
    held, before = page.holdings[src], page.holdings[dst]
    assert page.select_code(src)
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    rf = page.form
    assert rf.move_all.isVisible() and rf.move_all.isChecked()
    assert "将移交到所选网格" in rf.holds_note.text()
    qtbot.mouseClick(rf.save_button, Qt.MouseButton.LeftButton)
    assert rf.isVisible() and rf.problem.text() == "请选择接收这些户的网格，或不勾选移交。"
    rf.move_to.setCurrentIndex(rf.move_to.findData(dst))
    assert rf.save_button.isEnabled()
    qtbot.mouseClick(rf.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row_text(page, src, 5) == "已撤销", timeout=15000)
    qtbot.waitUntil(lambda: page.holdings.get(dst) == (before[0] + held[0], before[1] + held[1]), timeout=10000)
    assert not any(page.holdings.get(src, (0, 0)))
    assert page.select_code(src) and not page.move_records_button.isEnabled()  # nothing left to hand over


def test_a_grid_worker_may_not_move_records(qtbot, window):
    page = as_role(qtbot, window, Role.GRID_WORKER, COMM + "001")
    assert not page.move_records_button.isVisible()
    assert page.select_code(COMM + "001")
    page.open_move_records()
    assert page.form is None
