"""报表 page: choose a report, unit and period, build it, page through the preview, save and print."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog

from gridapp.ui.reports_page import ReportsPage
from tests.reports.pdfcheck import FULL_ID, page_texts

GRID = "370303001001001"


def open_page(qtbot, window) -> ReportsPage:
    window.show_page("reports")
    page = window.pages["reports"]
    assert isinstance(page, ReportsPage)
    assert window.stack.currentWidget() is page
    from gridapp.services.reports import CATALOGUE

    qtbot.waitUntil(lambda: page.report_list.count() == len(CATALOGUE) and page.unit_combo.count() > 0,
                    timeout=10000)
    return page


def build(qtbot, page: ReportsPage, report: str, unit: str = GRID, period: str = "2026-01") -> None:
    page.choose(report, unit, period)
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.pdf is not None and "共" in page.page_label.text(), timeout=30000)


def test_catalogue_and_units_in_scope(qtbot, window):
    page = open_page(qtbot, window)
    assert [page.report_list.item(i).text() for i in range(2)] == ["实有人口花名册", "户卡"]
    assert "入户走访" in page.description.text()
    codes = [page.unit_combo.itemData(i) for i in range(page.unit_combo.count())]
    assert codes[0] == "370303001" and GRID in codes and all(c.startswith("370303001") for c in codes)
    assert page.period_edit.displayFormat() == "yyyy-MM"
    assert not page.print_button.isEnabled() and not page.save_button.isEnabled()
    # without users nobody may choose full ID numbers: the choice is not offered
    assert not page.reveal_check.isVisible()
    assert "脱敏" in page.mask_note.text()


def test_build_preview_and_page_through(qtbot, window):
    page = open_page(qtbot, window)
    build(qtbot, page, "roster")
    pages = len(page_texts(page.pdf))
    assert pages > 1 and page.page_count == pages
    assert page.page_label.text() == f"第 1 页 / 共 {pages} 页"
    assert not page.preview.pixmap().isNull() and page.preview.pixmap().width() > 300
    assert not page.prev_button.isEnabled() and page.next_button.isEnabled()
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.page_label.text() == f"第 2 页 / 共 {pages} 页"
    assert page.prev_button.isEnabled()
    text = "\n".join(page_texts(page.pdf))
    assert "实有人口花名册" in text and "统计期：2026年01月" in text and "总计" in text
    assert not FULL_ID.search(text)


def test_save_as_pdf(qtbot, window, tmp_path, monkeypatch):
    page = open_page(qtbot, window)
    build(qtbot, page, "household_card")
    target = tmp_path / "户卡"
    seen = {}

    def fake_save(parent, caption, name, filt):
        seen["name"] = name
        return str(target), filt

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = target.with_suffix(".pdf")
    assert saved.read_bytes() == page.pdf
    assert seen["name"].startswith("户卡-") and seen["name"].endswith("2026-01.pdf")
    assert "户卡" in page_texts(saved.read_bytes())[0]


def test_a_failed_save_is_said_and_nothing_is_written(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    page = open_page(qtbot, window)
    build(qtbot, page, "household_card")
    target = tmp_path / "没有这个文件夹" / "户卡.PDF"  # the suffix in capitals: none is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "")))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: warned.append((title, text))))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert warned and warned[0][0] == "保存失败" and f"无法保存到 {target}：" in warned[0][1]
    assert not target.parent.exists()


def test_print_draws_every_page(qtbot, window, tmp_path):
    page = open_page(qtbot, window)
    build(qtbot, page, "roster")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(96)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert page.print_to(printer) == page.page_count
    assert len(page_texts(out.read_bytes())) == page.page_count


def test_print_dialog_cancelled_prints_nothing(qtbot, window, monkeypatch):
    page = open_page(qtbot, window)
    build(qtbot, page, "roster")
    calls = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Rejected)
    monkeypatch.setattr(ReportsPage, "print_to", lambda self, printer: calls.append(printer))
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert calls == []


def test_a_new_unit_appears_after_a_units_change(qtbot, window):
    page = open_page(qtbot, window)
    n = page.unit_combo.count()
    session = window.session
    window.runner.submit(lambda _p: session.units.add("370303001001009", "第9网格"))  # the change tells the page
    qtbot.waitUntil(lambda: page.unit_combo.count() == n + 1, timeout=10000)
    build(qtbot, page, "roster", "370303001001009")
    assert page.page_count == 1
    assert "没有在册居民" in page_texts(page.pdf)[0]


def test_a_grid_offers_its_buildings_and_the_roster_of_one(qtbot, window):
    page = open_page(qtbot, window)
    page.choose("roster", "370303001", "2026-01")
    assert not page.building_combo.isEnabled()  # a town: whole units only
    page.choose("roster", GRID, "2026-01")
    qtbot.waitUntil(lambda: page.building_combo.count() > 2, timeout=10000)
    assert page.building_combo.itemText(0) == "全部楼栋"
    assert [page.building_combo.itemText(i) for i in (1, 2)] == ["1号楼", "2号楼"]
    page.building_combo.setCurrentIndex(2)
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.pdf is not None, timeout=30000)
    text = "\n".join(page_texts(page.pdf))
    assert "2号楼　小计" in text and "1号楼　小计" not in text


def test_one_households_card_for_the_household_view(qtbot, window):
    from sqlalchemy import select

    from gridapp.db.models import Household

    page = open_page(qtbot, window)
    with window.session.db.read() as s:
        hid, no = s.execute(select(Household.id, Household.household_no).where(
            Household.unit_code == GRID).limit(1)).one()
    page.build_household_card(GRID, hid)
    qtbot.waitUntil(lambda: page.pdf is not None, timeout=30000)
    texts = page_texts(page.pdf)
    assert len(texts) == 1 and f"户号 {no}" in texts[0]
    assert page.household_id is None  # the next build is a whole unit again


def test_a_build_can_be_cancelled(qtbot, window):
    import threading

    page = open_page(qtbot, window)
    page.choose("roster", GRID, "2026-01")
    gate = threading.Event()
    window.runner.submit(lambda p: gate.wait(10), label="hold the runner")  # the build waits its turn
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    assert page.op is not None and not page.build_button.isEnabled()
    page.op.cancel()
    gate.set()
    qtbot.waitUntil(lambda: page.op is None, timeout=10000)
    assert page.pdf is None and page.build_button.isEnabled()
    assert page.page_label.text() == "尚未生成报表"


def test_print_of_a_page_range(qtbot, window, tmp_path):
    page = open_page(qtbot, window)
    build(qtbot, page, "roster")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(72)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setFromTo(2, 3)
    assert page.print_to(printer) == 2
    assert len(page_texts((tmp_path / "range.pdf").read_bytes())) == 2


def test_choices_load_when_the_page_is_first_shown(qtbot, window):
    page = window.pages["reports"]
    assert window.stack.currentWidget() is not page
    assert page.report_list.count() == 0  # start-up does not wait for a page nobody opened
    open_page(qtbot, window)


def test_a_whole_year_for_the_reports_that_take_one(qtbot, window):
    page = open_page(qtbot, window)
    page.choose("roster", GRID, "2026-01")
    assert not page.whole_year.isEnabled()  # a roster is of a month
    page.choose("visits", "370303001", "2026-05")
    assert page.whole_year.isEnabled() and not page.whole_year.isChecked()
    page.whole_year.setChecked(True)
    assert page.period() == "2026" and page.period_edit.displayFormat() == "yyyy"
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.pdf is not None and "共" in page.page_label.text(), timeout=30000)
    text = "\n".join(page_texts(page.pdf))
    assert "入户走访情况" in text and "2026年" in text and "2026年05月" not in text
    page.choose("roster", GRID, "2026-01")  # back to a monthly report: 全年 is cleared
    assert not page.whole_year.isChecked() and page.period() == "2026-01"


def test_another_report_or_option_clears_the_preview(qtbot, window):
    page = open_page(qtbot, window)
    build(qtbot, page, "roster")
    assert page.print_button.isEnabled() and page.save_button.isEnabled()
    # another unit: the preview of the old one goes, print and save disable
    other = next(page.unit_combo.itemData(i) for i in range(page.unit_combo.count())
                 if page.unit_combo.itemData(i) != GRID)
    page.unit_combo.setCurrentIndex(page.unit_combo.findData(other))
    assert page.pdf is None and page.preview.pixmap().isNull()
    assert not page.print_button.isEnabled() and not page.save_button.isEnabled()
    assert page.page_label.text() == "尚未生成报表"
    # another report after a build
    build(qtbot, page, "roster")
    page.report_list.setCurrentRow(1)
    assert page.pdf is None and not page.save_button.isEnabled()
    # another month after a build
    build(qtbot, page, "roster")
    page.period_edit.setDate(page.period_edit.date().addMonths(-1))
    assert page.pdf is None and not page.print_button.isEnabled()


def test_a_build_of_old_choices_is_not_shown(qtbot, window):
    import threading

    page = open_page(qtbot, window)
    page.choose("roster", GRID, "2026-01")
    gate = threading.Event()
    window.runner.submit(lambda p: gate.wait(10), label="hold the runner")
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    page.period_edit.setDate(page.period_edit.date().addMonths(1))  # changed while it is being built
    gate.set()
    qtbot.waitUntil(lambda: page.op is None, timeout=30000)
    assert page.pdf is None and page.build_button.isEnabled() and not page.save_button.isEnabled()


def test_events_report_previews_and_saves_as_excel(qtbot, window, tmp_path, monkeypatch):
    page = open_page(qtbot, window)
    assert not page.xlsx_button.isVisible()
    build(qtbot, page, "events", unit="370303001", period="2026-01")
    assert "事件办理情况" in page_texts(page.pdf)[0]
    assert page.xlsx_button.isVisible() and page.xlsx is not None
    target = tmp_path / "事件"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "")))
    qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    assert target.with_suffix(".xlsx").read_bytes()[:2] == b"PK"
    build(qtbot, page, "roster")
    assert not page.xlsx_button.isVisible()


def test_the_listed_reports_preview_and_save_as_excel(qtbot, window, tmp_path, monkeypatch):
    from gridapp.domain import clock

    page = open_page(qtbot, window)
    period = f"{clock.today():%Y-%m}"
    for report, title in (("affairs", "网格事务准入清单"), ("tasks", "网格任务完成情况"),
                          ("disputes", "矛盾纠纷台账及化解情况")):
        build(qtbot, page, report, unit=GRID[:12], period=period)
        text = "\n".join(page_texts(page.pdf))
        assert title in text and "填报单位" in text
        assert page.xlsx_button.isVisible() and page.xlsx is not None
        target = tmp_path / report
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, t=target: (str(t), "")))
        qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
        assert target.with_suffix(".xlsx").read_bytes()[:2] == b"PK"
