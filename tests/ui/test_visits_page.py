"""民警走访 page: coverage, due list and ledger from the real services; recording a visit through the form
changes the coverage; a grid worker reads but cannot add."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from gridapp.core.permissions import Principal, Role

from .conftest import type_text
from .ledger_helpers import read_all, texts


def as_role(window, role: Role, unit: str = "370303001") -> None:
    window.session.principal = Principal("u-" + role.value, role.value, role, unit, display_name="测试民警")
    window.visits_page.set_session(window.session)


def open_page(qtbot, window):
    window.show_page("visits")
    page = window.visits_page
    qtbot.waitUntil(lambda: page.coverage_table.rowCount() > 0 and page.ledger_count.text() != "", timeout=10000)
    return page


def total_visited(page) -> int:
    last = page.coverage_table.rowCount() - 1
    return int(page.coverage_table.item(last, 3).text())


def test_coverage_due_list_and_ledger_are_shown(qtbot, window):
    page = open_page(qtbot, window)
    t = page.coverage_table
    last = t.rowCount() - 1
    assert "合计" in t.item(last, 0).text()
    households, visited = int(t.item(last, 2).text()), int(t.item(last, 3).text())
    assert 0 < visited < households
    assert t.item(last, 5).text() == f"{visited / households * 100:.1f}%"
    assert "目标 100%" in page.summary.text()
    assert t.cellWidget(last, 6).value() == visited  # the bar against the target
    assert page.due_table.rowCount() > 0
    overdue = [page.due_table.item(r, 6).text() for r in range(page.due_table.rowCount())]
    days = [int(x.split()[0]) for x in overdue if x != "从未走访"]
    assert overdue[0] == "从未走访" and days == sorted(days, reverse=True)
    assert page.ledger_table.rowCount() > 0 and page.ledger_count.text() != ""
    dates = texts(qtbot, page.ledger_table, 0)
    assert dates == sorted(dates, reverse=True)


def test_record_a_visit_through_the_form_and_see_coverage_change(qtbot, window):
    as_role(window, Role.POLICE)
    page = open_page(qtbot, window)
    assert page.add_button.isEnabled()
    # the first household of the due list has never been visited this year
    assert page.due_table.item(0, 6).text() == "从未走访"
    address = page.due_table.item(0, 1).text()
    before = total_visited(page)
    page.add_button.click()
    form = page.form
    assert form is not None and form.isVisible()
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    # the form opens quiet; pressing save shows what is missing and keeps the form open
    assert save.isEnabled() and form.problem.text() == ""
    save.click()
    assert form.isVisible() and not save.isEnabled() and "选择" in form.problem.text()
    type_text(qtbot, form.search, address[-12:])
    def shown() -> list[str]:
        return [form.results.item(i).text() for i in range(form.results.count())]

    qtbot.waitUntil(lambda: any(t.startswith(address) for t in shown()), timeout=5000)
    match = next(i for i, t in enumerate(shown()) if t.startswith(address))
    assert form.results.item(match).data(Qt.ItemDataRole.UserRole)
    form.results.setCurrentRow(match)
    assert form.chosen.text().startswith(address)
    assert not save.isEnabled() and "走访内容" in form.problem.text()  # inline: content is required
    form.content.setPlainText("了解家庭情况")
    form.present.setValue(40)
    assert not save.isEnabled() and "在户人数" in form.problem.text()  # inline: not plausible
    form.present.setValue(2)
    assert save.isEnabled() and form.problem.text() == ""
    save.click()
    qtbot.waitUntil(lambda: total_visited(page) == before + 1, timeout=10000)
    assert "已登记走访记录" in window.statusBar().currentMessage()  # the save is confirmed
    qtbot.waitUntil(lambda: page.ledger_table.rowCount() > 0
                    and page.ledger_table.item(0, 2).text() == address, timeout=10000)
    assert page.ledger_table.item(0, 5).text() == "测试民警"
    assert address not in [page.due_table.item(r, 1).text() for r in range(page.due_table.rowCount())]


def test_a_grid_worker_reads_but_cannot_add(qtbot, window):
    as_role(window, Role.GRID_WORKER, "370303001001001")
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.coverage_table.rowCount() == 1, timeout=10000)  # its own grid only
    assert page.coverage_table.item(0, 1).text() == "370303001001001"
    assert not page.add_button.isEnabled()
    assert page.open_form() is None
    assert not page.delete_button.isVisible() and not page.correct_button.isVisible()
    page._due_double_clicked(0, 0)
    assert page.form is None


def test_the_sensitive_reason_is_hidden_from_a_grid_worker(qtbot, window):
    import datetime as dt

    from gridapp.core import codes

    reg = window.session.registry()
    hid = window.session.visits().due()[0].household_id
    head = next(m for m in reg.household(hid).members if m.relation == codes.label("relation", codes.HEAD_RELATION))
    reg.special_groups().add(head.resident_id, "社区矫正", start_date=dt.date(2025, 3, 1), category="02")

    def reasons(page) -> list[str]:
        return [page.due_table.item(r, 3).text() for r in range(page.due_table.rowCount())]

    as_role(window, Role.POLICE)
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: any("社区矫正" in r for r in reasons(page)), timeout=5000)
    as_role(window, Role.GRID_WORKER)
    qtbot.waitUntil(lambda: any("其他按月走访情形" in r for r in reasons(page)), timeout=5000)
    assert not any("矫正" in r for r in reasons(page))


def test_correct_a_visit_from_the_ledger(qtbot, window):
    as_role(window, Role.POLICE)
    page = open_page(qtbot, window)
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.ledger_table.rowCount() > 0, timeout=5000)
    old = page.ledger_table.row(0)
    page.ledger_table.selectRow(0)
    assert page.correct_button.isEnabled()
    page.correct_button.click()
    form = page.form
    assert form.content.toPlainText() == old.content and form.present.value() == old.present
    form.content.setPlainText("更正：核实实有人口信息")
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: any(v.replaces == old.id for v in page.ledger_table.loaded_rows()), timeout=10000)
    new = next(v for v in read_all(qtbot, page.ledger_table) if v.replaces == old.id)
    assert new.content == "更正：核实实有人口信息" and new.household_id == old.household_id
    assert old.id not in [v.id for v in read_all(qtbot, page.ledger_table)]  # the replaced version is gone from the ledger


def test_a_police_officer_adds_a_photo_to_a_visit_and_a_grid_worker_sees_it(qtbot, window, tmp_path, monkeypatch):
    from PIL import Image
    from PySide6.QtWidgets import QFileDialog

    as_role(window, Role.POLICE)
    page = open_page(qtbot, window)
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.ledger_table.rowCount() > 0 and not page.runner.busy, timeout=10000)
    page.ledger_table.selectRow(0)
    visit = page.ledger_table.row(0)
    strip = page.photos
    qtbot.waitUntil(lambda: strip.add_button.isVisible() and strip.add_button.isEnabled(), timeout=10000)
    photo = tmp_path / "走访.png"
    Image.new("RGB", (1200, 900), (200, 80, 40)).save(photo)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(photo), "")))
    qtbot.mouseClick(strip.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: strip.list.count() == 1, timeout=10000)
    assert "1200×900" in strip.list.item(0).toolTip() and "测试民警" in strip.list.item(0).toolTip()
    # a grid worker of that grid reads the ledger and the photo, and may not add one
    as_role(window, Role.GRID_WORKER, visit.unit_code)
    qtbot.waitUntil(lambda: page.ledger_table.rowCount() > 0 and not page.runner.busy, timeout=10000)
    row = next(r for r in range(page.ledger_table.rowCount()) if page.ledger_table.row(r).id == visit.id)
    page.ledger_table.selectRow(row)
    qtbot.waitUntil(lambda: strip.list.count() == 1, timeout=10000)
    assert not strip.add_button.isVisible()
