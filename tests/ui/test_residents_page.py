"""居民户籍 page: the lazy list, search, sort memory, the form's inline validation, the ledger import."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from gridapp.core.idnumber import make_id
from gridapp.db.derived import name_keys

from .conftest import type_text


def open_page(qtbot, window):
    window.show_page("residents")
    page = window.residents_page
    qtbot.waitUntil(lambda: page.count_label.text().startswith("共"), timeout=10000)
    return page


def loaded(page, row: int) -> bool:
    return page.model.row_at(row) is not None


def test_the_list_pages_in_lazily_and_jumps_to_the_end(qtbot, window):
    page = open_page(qtbot, window)
    total = page.model.rowCount()
    assert total > 1000 and page.count_label.text() == f"共 {total:,} 人"
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    assert len(page.model._pages) <= 2  # only what was painted
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: loaded(page, total - 1), timeout=5000)
    names = [page.model.row_at(r).name for r in range(total - 5, total)]
    assert names == sorted(names)
    assert "*" in page.model.data(page.model.index(total - 1, 3))  # ID numbers masked


def test_search_by_initials_and_the_household_view(qtbot, window):
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    first = page.model.row_at(0)
    initials = name_keys(first.name)[1]
    type_text(qtbot, page.search, initials)
    qtbot.waitUntil(lambda: page.count_label.text().startswith("找到"), timeout=5000)
    rows = [page.model.row_at(r) for r in range(page.model.rowCount())]
    assert first.name in [r.name for r in rows]
    assert all(name_keys(r.name)[1].startswith(initials) or name_keys(r.name)[0].startswith(initials)
               for r in rows)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.household.text().startswith("户："), timeout=5000)
    assert "户主" in page.household.text()


def test_sort_order_and_columns_are_remembered(qtbot, window, settings):
    page = open_page(qtbot, window)
    # the birth date column does not sort: the order would tell the dates the masked list hides
    page.table.horizontalHeader().sectionClicked.emit(page.model.COLUMNS.index("birth_date"))
    assert page.sort == "name"
    section = page.model.COLUMNS.index("address")
    with qtbot.waitSignal(page.model.modelReset, timeout=5000):
        page.table.horizontalHeader().sectionClicked.emit(section)
    assert settings.resident_sort == "address" and not settings.resident_sort_desc
    qtbot.waitUntil(lambda: loaded(page, 0) and loaded(page, 1), timeout=5000)
    assert (page.model.row_at(0).current_address or "") <= (page.model.row_at(1).current_address or "")
    page.set_column_visible(page.model.COLUMNS.index("phone"), False)
    assert "phone" not in settings.resident_columns


def test_the_form_checks_as_you_type_and_saves(qtbot, window):
    from gridapp.ui.residents_page import ResidentForm

    page = open_page(qtbot, window)
    form = ResidentForm(page.grids, page)
    qtbot.addWidget(form)
    form.show()
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    type_text(qtbot, form.name, "测试")
    good = make_id("370303", dt.date(1990, 2, 3), 15)
    type_text(qtbot, form.id_number, good[:-1] + ("0" if good[-1] != "0" else "1"))
    assert "校验位" in form.problem.text() and not save.isEnabled()
    form.id_number.clear()
    type_text(qtbot, form.id_number, good)
    assert form.problem.text() == "" and save.isEnabled()
    assert form.birth.placeholderText() == "1990-02-03"
    form.gender.setCurrentIndex(form.gender.findData("2"))
    assert "不符" in form.problem.text()
    form.gender.setCurrentIndex(0)
    type_text(qtbot, form.phone, "123")
    assert "联系电话" in form.problem.text()
    form.phone.clear()
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert form.values["id_number"] == good
    before = page.model.rowCount()
    page.save_new(form.values)
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=5000)


def test_import_dialog_previews_then_imports(qtbot, window, tmp_path):
    page = open_page(qtbot, window)
    before = page.model.rowCount()
    wb = Workbook()
    wb.active.append(["姓名", "身份证号", "网格编码"])
    grid = page.grids[0][0]
    for i in range(3):
        wb.active.append([f"导入{i}", make_id("370303", dt.date(1991, 1, 1 + i), 21), grid])
    wb.active.append(["坏行", "123", grid])
    path = tmp_path / "in.xlsx"
    wb.save(path)
    dialog = page.open_import()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    dialog.prepare()
    qtbot.waitUntil(lambda: "新增 3 人" in dialog.summary.text(), timeout=5000)
    assert "拒绝 1 行" in dialog.summary.text() and dialog.errors_button.isEnabled()
    assert page.model.rowCount() == before  # nothing written by the preview
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("已导入"), timeout=10000)
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 3, timeout=5000)
    dialog.write_errors(tmp_path / "errors.xlsx")
    qtbot.waitUntil(lambda: (tmp_path / "errors.xlsx").exists(), timeout=5000)
    dialog.close()


def test_moving_out_is_a_dated_status_change_with_a_visible_history(qtbot, window):
    page = open_page(qtbot, window)
    before = page.model.rowCount()
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    page.table.selectRow(0)
    name = page.selected().name
    page.change_status("moved_out", dt.date(2026, 1, 5))
    qtbot.waitUntil(lambda: page.model.rowCount() == before - 1, timeout=5000)
    # the record is still there with its status, and its history shows the change
    type_text(qtbot, page.search, name)
    qtbot.waitUntil(lambda: page.count_label.text().startswith("找到"), timeout=5000)
    reg = window.session.registry()
    from gridapp.services.registry import ResidentFilter

    moved = reg.search(name, ResidentFilter(status="moved_out"))
    assert moved and moved[0].status == "moved_out"
    page.model.set_source(1, None, moved[:1])
    page.table.selectRow(0)
    page.show_history()
    qtbot.waitUntil(lambda: getattr(page, "history_dialog", None) is not None, timeout=5000)
    table = page.history_dialog.table
    assert table.rowCount() == 2 and table.item(1, 1).text() == "修改"
    assert "迁出" in table.item(1, 2).text() and "2026-01-05" in table.item(1, 2).text()
    page.history_dialog.close()


def test_the_household_view_prints_that_households_card(qtbot, window):
    from tests.reports.pdfcheck import page_texts

    page = open_page(qtbot, window)
    assert not page.card_button.isEnabled()  # nothing selected yet
    qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.card_button.isEnabled(), timeout=5000)
    head = page._shown_household.head_name
    qtbot.mouseClick(page.card_button, Qt.MouseButton.LeftButton)
    reports = window.reports_page
    assert window.stack.currentWidget() is reports
    qtbot.waitUntil(lambda: reports.pdf is not None, timeout=30000)
    texts = page_texts(reports.pdf)
    assert len(texts) == 1 and "户卡" in texts[0] and head in texts[0]


@pytest.mark.slow
def test_a_50k_row_import_cancelled_from_the_dialog_writes_nothing(qtbot, window, tmp_path, monkeypatch):
    """The 居民户籍 page opens the dialog; the user picks a 50,000-row ledger, checks it, starts the import and
    presses 取消 in the progress dialog half-way: no resident, household or change-log row is written."""
    from faker import Faker
    from PySide6.QtWidgets import QProgressDialog, QPushButton
    from sqlalchemy import func, select

    from gridapp.db.models import ChangeLog, Household, Resident
    from gridapp.sync.changelog import ChangeWriter

    page = open_page(qtbot, window)
    grid = page.grids[0][0]
    fake = Faker("zh_CN")
    fake.seed_instance(4)
    names = [fake.name() for _ in range(500)]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("居民台账")
    ws.append(["网格编码", "姓名", "公民身份号码", "户号", "与户主关系", "现住址"])
    for i in range(50_000):  # synthetic, valid ID numbers (never real people): 3 per household
        born = dt.date(1935, 1, 1) + dt.timedelta(days=i // 2)
        ws.append([grid, names[i % 500], make_id("659001", born, 901 + i % 2 * 2),
                   f"T{i // 3}", "户主" if i % 3 == 0 else "子", f"测试路{i // 3}号"])
    path = tmp_path / "big.xlsx"
    wb.save(path)

    db = window.session.db

    def counts() -> tuple[int, int, int]:
        with db.read() as s:
            return tuple(s.execute(select(func.count()).select_from(m)).scalar_one()
                         for m in (Resident, Household, ChangeLog))

    before = counts()
    # hold the writer after half of the rows (inside its transaction) until the user has pressed 取消, so
    # that the click lands half-way whatever the machine's speed
    half, pressed = threading.Event(), threading.Event()
    written = [0]
    bulk_insert = ChangeWriter.bulk_insert

    def held(self, model, rows):
        ids = bulk_insert(self, model, rows)
        if model is Resident:
            written[0] += len(rows)
            if written[0] >= 25_000 and not half.is_set():
                half.set()
                pressed.wait(30)
        return ids

    monkeypatch.setattr(ChangeWriter, "bulk_insert", held)
    dialog = page.open_import()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "新增 50000 人" in dialog.summary.text(), timeout=60000)
    assert "拒绝 0 行" in dialog.summary.text() and "将新建户 16667 个" in dialog.summary.text()
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(half.is_set, timeout=60000)
    progress = dialog.findChild(QProgressDialog)
    qtbot.waitUntil(lambda: progress.isVisible() and progress.value() >= 20_000, timeout=10000)
    assert progress.maximum() == 50_000 and progress.value() < 50_000
    cancel = next(b for b in progress.findChildren(QPushButton) if b.text() == "取消")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    pressed.set()
    qtbot.waitUntil(lambda: dialog.summary.text() == "已取消，未写入任何数据。", timeout=30000)
    assert counts() == before
    dialog.close()


@pytest.mark.parametrize("choice", ["脱敏导出", "含完整号码"])
def test_export_asks_a_role_that_may_reveal_whether_to_mask(qtbot, window, tmp_path, choice):
    from openpyxl import load_workbook
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    page = open_page(qtbot, window)
    out = tmp_path / "out.xlsx"
    page.choose_export_file = lambda: str(out)
    answered = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        if "是否脱敏" in box.text():
            answered.append(box.text())
            next(b for b in box.buttons() if b.text() == choice).click()
        else:  # the result message
            answered.append(box.text())
            box.accept()
            return
        QTimer.singleShot(50, answer)

    QTimer.singleShot(0, answer)
    page.export()
    qtbot.waitUntil(lambda: len(answered) == 2, timeout=20000)
    book = load_workbook(out, read_only=True)  # read-only keeps the file open until closed
    try:
        rows = list(book.active.iter_rows(values_only=True))
    finally:
        book.close()
    ids = [r[2] for r in rows[1:]]
    assert len(ids) == page.model.rowCount()
    masked = all("*" in i for i in ids)
    assert masked == (choice == "脱敏导出")
    assert ("已脱敏" in answered[1]) == masked


# -- the id-list model: windows anywhere, in the right order; a filter change while loading; truncation --------


def wait_rows(qtbot, page, rows) -> list:
    qtbot.waitUntil(lambda: all(loaded(page, r) for r in rows), timeout=5000)
    return [page.model.row_at(r) for r in rows]


def test_windows_in_the_middle_and_at_the_end_follow_each_sort_order(qtbot, window):
    page = open_page(qtbot, window)
    reg = window.residents_page.session.registry()
    f = page.filters()
    total = page.model.rowCount()
    assert total == reg.count(f)
    for column in ("name", "grid", "address"):  # not by birth date (masked: README, protection)
        for descending in (False, True):
            section = page.model.COLUMNS.index(column)
            while (page.sort, page.descending) != (column, descending):
                with qtbot.waitSignal(page.model.modelReset, timeout=5000):
                    page.table.horizontalHeader().sectionClicked.emit(section)
            qtbot.waitUntil(lambda: page.count_label.text().startswith("共"), timeout=5000)
            assert page.model.rowCount() == total
            for start in (0, total // 4, total // 2 - 3, total - 7):
                page.table.scrollTo(page.model.index(start, 0))
                shown = wait_rows(qtbot, page, range(start, start + 7))
                # the OFFSET query of the same order is the reference
                expected = reg.page(f, offset=start, limit=7, sort=column, descending=descending)
                assert [v.id for v in shown] == [v.id for v in expected], (column, descending, start)
            key = {"name": lambda v: v.name, "grid": lambda v: v.unit_code,
                   "address": lambda v: v.current_address or ""}[column]
            keys = [key(v) for v in wait_rows(qtbot, page, range(total - 7, total))]
            assert keys == sorted(keys, reverse=descending)


def test_a_filter_change_while_the_id_list_loads_never_shows_the_old_list(qtbot, window, monkeypatch):
    import time

    from gridapp.services.registry import RegistryService

    page = open_page(qtbot, window)
    grid = page.grid_filter.itemData(1)
    slow_lists: list[str | None] = []
    real = RegistryService.id_list

    def slow_id_list(self, filters=None, **kw):
        slow_lists.append(filters.grid_code if filters else None)
        time.sleep(0.3)
        return real(self, filters, **kw)

    monkeypatch.setattr(RegistryService, "id_list", slow_id_list)
    ids_set: list[int] = []
    real_set_ids = page.model.set_ids
    monkeypatch.setattr(page.model, "set_ids", lambda ids, fetch: (ids_set.append(len(ids)),
                                                                   real_set_ids(ids, fetch)))
    page.type_filter.setCurrentIndex(0)
    page.reload()  # the whole list starts loading ...
    qtbot.waitUntil(lambda: slow_lists == [None], timeout=5000)
    page.grid_filter.setCurrentIndex(1)  # ... and the user picks a grid meanwhile
    qtbot.waitUntil(lambda: page.count_label.text().startswith("共"), timeout=10000)
    reg = page.session.registry()
    from gridapp.services.registry import ResidentFilter

    n = reg.count(ResidentFilter(grid_code=grid))
    assert ids_set == [n] and page.model.rowCount() == n  # the whole list's ids never reached the model
    rows = wait_rows(qtbot, page, range(n))
    assert {v.unit_code for v in rows} == {grid}
    qtbot.wait(400)  # nothing late overwrites it
    assert page.model.rowCount() == n and ids_set == [n]


def test_a_search_cut_at_the_limit_says_so(qtbot, window):
    from gridapp.services.registry import SEARCH_LIMIT

    page = open_page(qtbot, window)
    reg = page.session.registry()
    # the first two characters of an address (a street many share) find more than the limit
    query = next(q for q in (v.current_address[:2] for v in wait_rows(qtbot, page, range(20)) if v.current_address)
                 if reg.find(q).truncated)
    type_text(qtbot, page.search, query)
    qtbot.waitUntil(lambda: page.count_label.text().startswith("仅显示"), timeout=5000)
    assert page.count_label.text() == f"仅显示前 {SEARCH_LIMIT} 条，请输入更多文字缩小范围"
    assert page.model.rowCount() == SEARCH_LIMIT
    page.search.clear()
    type_text(qtbot, page.search, reg.find(query).rows[0].name)
    qtbot.waitUntil(lambda: page.count_label.text().startswith("找到"), timeout=5000)


def test_one_or_two_digits_ask_for_more(qtbot, window):
    page = open_page(qtbot, window)
    type_text(qtbot, page.search, "12")
    qtbot.waitUntil(lambda: "至少输入 3 位" in page.count_label.text(), timeout=5000)
    assert page.model.rowCount() == 0
    type_text(qtbot, page.search, "3")  # "123": searched
    qtbot.waitUntil(lambda: page.count_label.text().startswith(("找到", "仅显示")), timeout=5000)


def test_a_change_refreshes_the_list_in_place(qtbot, window):
    """After an edit elsewhere (another dialog, an import, a sync) the list is read again without jumping
    back to the top: the scroll position and the selected row stay, the count follows."""
    from gridapp.services.registry import ResidentInput

    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.count_label.text().startswith("共"), timeout=10000)
    before = page.model.rowCount()
    k = before // 2
    page.table.scrollTo(page.model.index(k, 0))
    page.table.selectRow(k)
    qtbot.waitUntil(lambda: loaded(page, k), timeout=5000)
    shown = page.model.row_at(k).id
    bar = page.table.verticalScrollBar().value()
    assert bar > 0
    grid = page.grids[0][0]
    # "龘" sorts after every common name: the new person lands at the end, the middle stays where it was
    page.session.registry().create_resident(ResidentInput(grid, make_id("370303", dt.date(1990, 2, 3), 31), "龘新"))
    page.on_changed(frozenset({"resident"}))
    assert loaded(page, k) and page.model.row_at(k).id == shown  # the row stays on show while re-read
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=10000)
    qtbot.waitUntil(lambda: loaded(page, k), timeout=5000)
    assert page.model.row_at(k).id == shown
    assert page.table.verticalScrollBar().value() == bar
    assert page.table.selectionModel().selectedRows()[0].row() == k
    assert page.count_label.text() == f"共 {before + 1:,} 人"


def test_the_grid_column_shows_the_grids_name_and_its_code_as_tooltip(qtbot, window):
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: loaded(page, 0) and bool(page.model.grid_labels), timeout=5000)
    col = page.model.COLUMNS.index("grid")
    v = page.model.row_at(0)
    index = page.model.index(0, col)
    names = dict(page.grids)
    assert page.model.data(index) == page.model.grid_labels[v.unit_code]
    assert page.model.data(index).endswith(names[v.unit_code])
    assert page.model.data(index, Qt.ItemDataRole.ToolTipRole) == v.unit_code


def test_a_ledger_without_a_grid_column_asks_once_for_the_grid(qtbot, window, tmp_path):
    """Above a grid (the demo installation is a town) the dialog asks which grid, naming grids with their
    community, then checks and imports into the chosen grid; checking again does not ask again."""
    page = open_page(qtbot, window)
    before = page.model.rowCount()
    wb = Workbook()
    wb.active.append(["姓 名", "公民身份号码", "与户主关系"])
    wb.active.append(["询\u3000问", make_id("370303", dt.date(1992, 3, 4), 31), "户主"])
    wb.active.append(["问询", make_id("370303", dt.date(1993, 3, 4), 32).lower(), "孙女"])
    path = tmp_path / "no-grid.xlsx"
    wb.save(path)
    dialog = page.open_import()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.grid_dialog is not None and dialog.grid_dialog.isVisible(), timeout=5000)
    ask = dialog.grid_dialog
    labels = [ask.grid.itemText(i) for i in range(ask.grid.count())]
    assert len(labels) > 1 and all(" 第" in t and "社区" in t.split(" ")[0] for t in labels), labels
    ask.grid.setCurrentIndex(1)
    chosen, chosen_label = ask.grid.currentData(), labels[1]
    qtbot.mouseClick(ask.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "新增 2 人" in dialog.summary.text(), timeout=5000)
    assert chosen_label in dialog.grid_label.text() and "拒绝 0 行" in dialog.summary.text()
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)  # asked once: the choice is kept
    qtbot.waitUntil(lambda: "新增 2 人" in dialog.summary.text(), timeout=5000)
    assert dialog.grid_dialog is ask and not ask.isVisible()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("已导入"), timeout=10000)
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 2, timeout=5000)
    found = page.session.registry().find("询问").rows
    assert [(r.name, r.unit_code) for r in found] == [("询问", chosen)]
    dialog.close()


def test_cancelling_the_grid_question_imports_nothing(qtbot, window, tmp_path):
    page = open_page(qtbot, window)
    wb = Workbook()
    wb.active.append(["姓名", "身份证号"])
    wb.active.append(["甲", make_id("370303", dt.date(1992, 3, 4), 31)])
    path = tmp_path / "no-grid.xlsx"
    wb.save(path)
    dialog = page.open_import()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.grid_dialog is not None and dialog.grid_dialog.isVisible(), timeout=5000)
    qtbot.mouseClick(dialog.grid_dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "未选择网格" in dialog.summary.text(), timeout=5000)
    assert not dialog.import_button.isEnabled()
    dialog.close()
