"""组织机构 page: an office (not the administrator) adds a grid under a community, assigns a person and retires
the grid by clicking the real buttons; a grid worker sees the tree without the buttons; the status bar shows
the signed-in user's own unit."""

from __future__ import annotations

from PySide6.QtCore import Qt

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
    assert f"还有 {households:,} 户" in rf.holds_note.text() and "不再属于任何在用网格" in rf.holds_note.text()
    rf.reject()
