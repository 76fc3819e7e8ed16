"""网格事务 page: the list, the filter and search, the detail with its history, the acts by role and state."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialogButtonBox

from gridapp.core.permissions import Principal, Role

from .conftest import type_text, when_modal

TOWN = "370303001"


def open_page(qtbot, window, role: Role | None = None, unit: str = TOWN):
    page = window.affairs_page
    if role is not None:
        window.session.principal = Principal("u-" + role.value, role.value, role, unit)
        page.count_label.clear()
        page.current = None
        page.set_session(window.session)
    window.show_page("affairs")
    qtbot.waitUntil(lambda: page.count_label.text().startswith("共"), timeout=10000)
    qtbot.waitUntil(lambda: page.current is not None, timeout=5000)  # the first item's detail, as this user
    return page


def row_of(page, name: str) -> int:
    return next(i for i, v in enumerate(page.table.loaded_rows()) if v.name == name)


def select(qtbot, page, name: str):
    page.table.selectRow(row_of(page, name))
    qtbot.waitUntil(lambda: page.current is not None and page.current.name == name, timeout=5000)
    return page.current


def visible_acts(page) -> set[str]:
    return {k for k, b in page.buttons.items() if not b.isHidden()}


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def wait_status(qtbot, page, name: str, status: str) -> None:
    def done() -> bool:
        return any(v.name == name and v.status == status for v in page.table.loaded_rows()) and page.current is not None \
            and page.current.status == status

    qtbot.waitUntil(done, timeout=5000)


def test_the_list_filter_search_and_history(qtbot, window):
    page = open_page(qtbot, window, Role.OFFICE)
    assert page.table.rowCount() == len(page.table.loaded_rows()) >= 10
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert "政策宣传" in names and "冬季燃气安全排查" in names
    page.status_filter.setCurrentIndex(page.status_filter.findData("in_force"))
    qtbot.waitUntil(lambda: page.table.loaded_rows() and all(v.status in ("admitted",) for v in page.table.loaded_rows()), timeout=5000)
    assert "代办帮办" not in [v.name for v in page.table.loaded_rows()]
    page.status_filter.setCurrentIndex(0)
    type_text(qtbot, page.search, "纠纷")
    qtbot.waitUntil(lambda: [v.name for v in page.table.loaded_rows()] == ["矛盾纠纷排查"], timeout=5000)
    v = select(qtbot, page, "矛盾纠纷排查")
    assert "法律/政策依据：《人民调解法》" in page.detail.text()
    steps = [page.history.item(r, 1).text() for r in range(page.history.rowCount())]
    assert steps == ["申请", "审核通过", "公示", "准入"]
    assert v.status == "admitted" and visible_acts(page) == {"withdraw", "adjust"}


def test_an_approver_walks_an_item_from_applied_to_admitted(qtbot, window, monkeypatch):
    from gridapp.domain import clock

    day = {"d": clock.today()}
    monkeypatch.setattr(clock, "_source", lambda: day["d"])
    # a department applies through the form, checked as it types
    page = open_page(qtbot, window, Role.DEPARTMENT)
    assert not page.apply_button.isHidden() and page.apply_button.isEnabled()

    def fill(dialog) -> None:
        assert ok(dialog).isEnabled() and dialog.problem.text() == ""  # opens quiet
        ok(dialog).click()  # pressing it names what is missing, and the form stays open
        assert dialog.isVisible() and not ok(dialog).isEnabled() and "事项名称不能为空" in dialog.problem.text()
        type_text(qtbot, dialog.name, "文明城市创建宣传")
        assert "申请部门不能为空" in dialog.problem.text()
        type_text(qtbot, dialog.department, "镇文明办")
        dialog.temporary.setChecked(True)
        dialog.valid_to.setDate(dialog.valid_from.date().addDays(-1))
        assert "不能早于有效期起" in dialog.problem.text() and not ok(dialog).isEnabled()
        dialog.temporary.setChecked(False)
        dialog.frequency.setCurrentIndex(dialog.frequency.findData("03"))
        assert ok(dialog).isEnabled() and dialog.problem.text() == ""
        ok(dialog).click()

    when_modal(fill)
    page.apply_button.click()
    qtbot.waitUntil(lambda: any(v.name == "文明城市创建宣传" for v in page.table.loaded_rows()), timeout=5000)
    # the new application is selected (as a new resident is)
    qtbot.waitUntil(lambda: getattr(page.table.selected(), "name", None) == "文明城市创建宣传", timeout=5000)
    v = select(qtbot, page, "文明城市创建宣传")
    assert v.status == "applied" and visible_acts(page) == {"edit", "cancel"}

    # the town office reviews, publishes and, after the publicity period, admits
    page = open_page(qtbot, window, Role.OFFICE)
    select(qtbot, page, "文明城市创建宣传")
    assert visible_acts(page) == {"approve", "reject"}

    def review(dialog) -> None:
        assert not ok(dialog).isEnabled()  # an opinion is required
        type_text(qtbot, dialog.opinion, "同意")
        ok(dialog).click()

    when_modal(review)
    page.buttons["approve"].click()
    wait_status(qtbot, page, "文明城市创建宣传", "reviewed")
    assert visible_acts(page) == {"publish", "cancel"}

    def publish(dialog) -> None:
        dialog.end.setDate(dialog.start.date().addDays(2))
        assert "至少" in dialog.problem.text() and not ok(dialog).isEnabled()
        dialog.end.setDate(dialog.start.date().addDays(6))
        ok(dialog).click()

    when_modal(publish)
    page.buttons["publish"].click()
    wait_status(qtbot, page, "文明城市创建宣传", "published")
    assert visible_acts(page) == {"cancel"}  # no admitting during publicity
    assert "公示期：" in page.detail.text()

    day["d"] += dt.timedelta(days=7)
    page.reload()
    qtbot.waitUntil(lambda: visible_acts(page) == {"admit", "cancel"}, timeout=5000)
    page.buttons["admit"].click()
    wait_status(qtbot, page, "文明城市创建宣传", "admitted")
    steps = [page.history.item(r, 1).text() for r in range(page.history.rowCount())]
    assert steps == ["申请", "审核通过", "公示", "准入"]
    assert f"生效期间：{day['d'].isoformat()}" in page.detail.text()


def test_a_grid_worker_sees_no_approval_actions(qtbot, window):
    page = open_page(qtbot, window, Role.GRID_WORKER, "370303001001001")
    assert page.apply_button.isHidden()
    assert page.status_filter.currentData() == "in_force"  # what applies today, first
    names = {v.name for v in page.table.loaded_rows()}
    assert "政策宣传" in names and "居民议事会通知" in names  # the town's and the community's items reach the grid
    assert "垃圾分类督导" not in names
    page.status_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: "垃圾分类督导" in {v.name for v in page.table.loaded_rows()}, timeout=5000)
    for name in ("垃圾分类督导", "政策宣传", "代办帮办"):
        select(qtbot, page, name)
        assert visible_acts(page) == set()


def test_a_department_cancels_its_own_application(qtbot, window):
    page = open_page(qtbot, window, Role.DEPARTMENT)

    def fill(dialog) -> None:
        type_text(qtbot, dialog.name, "夜间巡逻登记")
        type_text(qtbot, dialog.department, "派出所")
        ok(dialog).click()

    when_modal(fill)
    page.apply_button.click()
    qtbot.waitUntil(lambda: any(v.name == "夜间巡逻登记" for v in page.table.loaded_rows()), timeout=5000)
    select(qtbot, page, "夜间巡逻登记")
    assert "cancel" in visible_acts(page)

    def give_reason(dialog) -> None:
        dialog.setTextValue("已改由派出所自行组织")
        dialog.accept()

    when_modal(give_reason)
    page.buttons["cancel"].click()
    wait_status(qtbot, page, "夜间巡逻登记", "cancelled")
    assert visible_acts(page) == set()
    steps = [page.history.item(r, 1).text() for r in range(page.history.rowCount())]
    assert steps == ["申请", "撤回申请"]
