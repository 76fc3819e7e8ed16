"""我的任务 page: the grid's tasks from the real service (generated on opening), overdue highlighted, the
affair item shown for the selected task, a grid worker marks one done with a note; a viewer cannot."""

from __future__ import annotations

from gridapp.core.permissions import Principal, Role
from gridapp.db.models import GridTask, GridTaskCompletion

GRID = "370303001001001"


def as_role(window, role: Role, unit: str, name: str = "测试网格员") -> None:
    window.session.principal = Principal("u-" + role.value, role.value, role, unit, display_name=name)
    window.tasks_page.set_session(window.session)


def open_page(qtbot, window):
    window.show_page("tasks")
    page = window.tasks_page
    qtbot.waitUntil(lambda: page.table.rowCount() > 0 and "待办" in page.summary.text(), timeout=10000)
    return page


def statuses(page) -> list[str]:
    return [page.table.item(r, 0).text() for r in range(page.table.rowCount())]


def test_grid_worker_marks_a_task_done(qtbot, window):
    # no task yet (test set-up: the demo's are removed directly): opening the page generates them
    with window.session.db.write() as s:
        s.query(GridTaskCompletion).delete()
        s.query(GridTask).delete()
    as_role(window, Role.GRID_WORKER, GRID)
    page = open_page(qtbot, window)
    assert not page.grid_box.isEnabled() and page.grid_box.currentData() == GRID  # a worker has one grid
    assert page.table.isColumnHidden(1)  # one grid: no grid column
    assert page.generate_button.isEnabled()
    shown = statuses(page)
    assert "已完成" not in shown and set(shown) <= {"待办", "已逾期"}
    assert "已生成" in page.summary.text()
    rows = {page.table.item(r, 2).text(): r for r in range(page.table.rowCount())}
    assert "人口信息采集" in rows and "征兵宣传" not in rows  # withdrawn items give no task
    overdue = [r for r, s in enumerate(shown) if s == "已逾期"]
    for r in overdue:
        assert page.table.item(r, 2).foreground().color().name() == "#b3261e"
    row = next(r for r, s in enumerate(shown) if s == "待办")
    title = page.table.item(row, 2).text()
    page.table.selectRow(row)
    assert page.detail_title.text() == title
    assert page.fields["duty"].text() not in ("", "—") and page.fields["department"].text() not in ("", "—")
    assert page.done_button.isEnabled()
    page.note.setPlainText("已入户完成，情况已登记")
    page.done_button.click()
    qtbot.waitUntil(lambda: "已办结" in page.summary.text(), timeout=10000)
    done_rows = [r for r in range(page.table.rowCount()) if page.table.item(r, 2).text() == title]
    assert [page.table.item(r, 0).text() for r in done_rows] == ["已完成"]
    assert done_rows[0] == page.table.rowCount() - 1  # done ones below the open ones
    page.table.selectRow(done_rows[0])
    assert "已入户完成，情况已登记" in page.fields["done"].text() and "测试网格员" in page.fields["done"].text()
    assert not page.done_button.isEnabled()
    # the filter shows only done ones
    page.status_box.setCurrentIndex(page.status_box.findData("done"))
    qtbot.waitUntil(lambda: statuses(page) == ["已完成"], timeout=10000)


def test_office_picks_a_grid_and_a_viewer_only_reads(qtbot, window):
    as_role(window, Role.OFFICE, "370303001", "综治中心")
    page = open_page(qtbot, window)
    assert page.grid_box.isEnabled() and page.grid_box.count() >= 2
    first = [page.table.item(r, 2).text() for r in range(page.table.rowCount())]
    page.grid_box.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.table.rowCount() > 0 and page.grid_box.currentIndex() == 1, timeout=10000)
    assert first
    as_role(window, Role.VIEWER, "370303001", "领导")
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10000)
    assert not page.generate_button.isEnabled()
    page.table.selectRow(0)
    assert not page.done_button.isEnabled()


def test_office_hands_out_an_on_demand_task(qtbot, window):
    """派发任务…: the grid's on-demand items in force are offered; a due date before today is refused as you
    type; the task lands in the grid's list."""
    from tests.ui.conftest import when_modal

    as_role(window, Role.OFFICE, "370303001", "综治中心")
    page = open_page(qtbot, window)
    assert page.assign_button.isVisible()
    page.grid_box.setCurrentIndex(page.grid_box.findData(GRID))
    seen: dict = {}

    def fill(dialog) -> None:
        seen["items"] = dialog.item_box.count()
        seen["grids"] = dialog.grids()  # the list's grid is ticked
        seen["title"] = dialog.windowTitle()
        yesterday = dialog.today.toordinal() - 1
        import datetime as dt

        from PySide6.QtCore import QDate
        d = dt.date.fromordinal(yesterday)
        dialog.due.setDate(QDate(d.year, d.month, d.day))
        seen["problem"] = dialog.problem.text()
        seen["save_enabled"] = dialog.save_button.isEnabled()
        dialog.due.setDate(QDate(dialog.today.year, dialog.today.month, dialog.today.day))
        dialog.title.setText("独居老人突发疾病送医协助")
        dialog.save_button.click()

    when_modal(fill)
    page.assign_button.click()
    qtbot.waitUntil(lambda: "已派发" in page.summary.text(), timeout=10000)
    assert seen["items"] >= 1 and seen["title"] == "派发按需任务" and seen["grids"] == [GRID]
    assert "不能早于今天" in seen["problem"] and not seen["save_enabled"]
    titles = [page.table.item(r, 2).text() for r in range(page.table.rowCount())]
    assert "独居老人突发疾病送医协助" in titles
    qtbot.waitUntil(lambda: getattr(page.table.selected(), "title", None) == "独居老人突发疾病送医协助",
                    timeout=10000)  # the new task is selected
    with window.session.db.read() as s:
        made = s.query(GridTask).filter(GridTask.title == "独居老人突发疾病送医协助").one()
        assert (made.unit_code, made.period_key, made.created_by) == (GRID, None, "综治中心")
    as_role(window, Role.GRID_WORKER, GRID)
    assert not page.assign_button.isVisible()


def test_office_sees_all_grids_and_hands_a_task_to_several_at_once(qtbot, window):
    from tests.ui.conftest import when_modal

    units = window.session.units  # a second community with its own 第1网格 (the demo town has one)
    units.add("370303001002", "光明社区")
    units.add("370303001002001", "第1网格")
    as_role(window, Role.OFFICE, "370303001", "综治中心")
    page = open_page(qtbot, window)
    # 全部网格 first, then each community with its grids, every grid named with its community
    labels = [page.grid_box.itemText(i) for i in range(page.grid_box.count())]
    assert labels[0] == "全部网格" and page.grid_box.currentIndex() == 0
    assert any(label.endswith("（全部网格）") for label in labels)
    grid_labels = [label.strip() for label in labels if label.startswith("　")]
    assert "和平社区 第1网格" in grid_labels and "光明社区 第1网格" in grid_labels
    assert not page.table.isColumnHidden(1)
    grids_shown = {page.table.item(r, 1).text() for r in range(page.table.rowCount())}
    assert len(grids_shown) > 1 and grids_shown <= set(grid_labels)
    seen: dict = {}

    def fill(dialog) -> None:
        seen["offered"] = dialog.grid_list.count()
        seen["ticked"] = list(dialog.grids())
        # untick all but two, then hand out
        for i in range(2, dialog.grid_list.count()):
            dialog.grid_list.item(i).setCheckState(Qt.CheckState.Unchecked)
        seen["count"] = dialog.grid_count.text()
        dialog.title.setText("全镇消防安全排查")
        dialog.save_button.click()

    from PySide6.QtCore import Qt

    when_modal(fill)
    page.assign_button.click()
    qtbot.waitUntil(lambda: "已派发" in page.summary.text(), timeout=10000)
    assert seen["offered"] >= 2 and len(seen["ticked"]) == seen["offered"]  # 全部网格: all ticked at first
    assert seen["count"].startswith("已选 2 个网格")
    assert "（2 个网格）" in page.summary.text()
    with window.session.db.read() as s:
        made = s.query(GridTask).filter(GridTask.title == "全镇消防安全排查").all()
    assert len(made) == 2 and len({t.unit_code for t in made}) == 2
