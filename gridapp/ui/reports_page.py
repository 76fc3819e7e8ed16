"""报表: the report catalogue, unit and period, preview of the rendered pages, print and save as PDF.

The PDF is built on the database runner (ReportService.prepare + gridapp.reports.render) behind a progress
dialog with cancel; the preview renders one page at a time with pypdfium2 on the GUI thread (QtPdf is not in
PySide6-Essentials). Printing draws the rendered pages at the printer's resolution (at most 300 dpi).
Full ID numbers are never offered here: that choice arrives with users and roles.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QImage, QPageLayout, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gridapp.core.progress import Progress
from gridapp.domain.reports import ReportRequest

from . import codetr
from .pages import UNIT_TABLES, Page
from .runner import DbRunner
from .widgets import named, page_title, run_with_progress, show_error, wrapped

if TYPE_CHECKING:
    from gridapp.services.session import AppSession

GRID_CODE_LENGTH = 15
PREVIEW_MAX_SCALE = 2.0
PRINT_MAX_DPI = 300


class ReportsPage(Page):
    watches = UNIT_TABLES  # the units a report may be made for

    def __init__(self, runner: DbRunner, printed_by: str, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.setObjectName("reportsPage")
        self.printed_by = printed_by
        self.session: AppSession | None = None
        self.pdf: bytes | None = None
        self.pdf_name = ""
        self._document: Any = None  # pypdfium2.PdfDocument of self.pdf
        self.page_index = 0
        self.household_id: str | None = None  # set by build_household_card: one household's card
        self.op = None  # the running build, if any (stale, the page's default: the catalogue and units are read)
        self._pending_card: tuple[str, str] | None = None
        self._choice_generation = 0  # bumped whenever a choice changes: a preview of older choices is dropped
        self._refilling = False  # the choices are being reloaded: only a different final choice is a change

        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)

        # left: catalogue and choices
        left = QVBoxLayout()
        title = page_title(self.tr("报表"))
        left.addWidget(title)
        self.report_list = named(QListWidget(), "reportList")
        self.report_list.setMaximumWidth(300)
        self.report_list.currentRowChanged.connect(self._report_chosen)
        left.addWidget(self.report_list)
        self.description = named(wrapped(), "reportDescription")
        self.description.setMaximumWidth(300)
        left.addWidget(self.description)
        form = QFormLayout()
        self.unit_combo = named(QComboBox(), "unitCombo")
        self.unit_combo.setMaximumWidth(300)
        form.addRow(self.tr("单位"), self.unit_combo)
        self.building_combo = named(QComboBox(), "buildingCombo")
        self.building_combo.setMaximumWidth(300)
        self.building_combo.addItem(self.tr("全部楼栋"), None)
        self.building_combo.setEnabled(False)
        self.building_combo.setToolTip(self.tr("选择网格后，可只打印其中一栋楼"))
        form.addRow(self.tr("楼栋"), self.building_combo)
        self.unit_combo.currentIndexChanged.connect(self._unit_chosen)
        self.period_edit = named(QDateEdit(QDate.currentDate()), "periodEdit")
        self.period_edit.setDisplayFormat("yyyy-MM")
        self.period_edit.setCalendarPopup(False)
        self.whole_year = named(QCheckBox(self.tr("全年")), "wholeYear")
        self.whole_year.setToolTip(self.tr("按所选月份所在的整年统计（入户走访情况、八小工程开展情况、考核排名）"))
        self.whole_year.setEnabled(False)
        self.whole_year.toggled.connect(
            lambda on: self.period_edit.setDisplayFormat("yyyy" if on else "yyyy-MM"))
        period_row = QHBoxLayout()
        period_row.addWidget(self.period_edit)
        period_row.addWidget(self.whole_year)
        period_row.addStretch(1)
        form.addRow(self.tr("统计期"), period_row)
        left.addLayout(form)
        self.build_button = named(QPushButton(self.tr("生成")), "buildButton")
        self.build_button.setEnabled(False)
        self.build_button.clicked.connect(self.build)
        left.addWidget(self.build_button)
        self.reveal_check = named(QCheckBox(self.tr("打印完整的身份证号码和电话")), "revealCheck")
        self.reveal_check.setToolTip(self.tr("仅限有权限的角色；此选择将记入审计日志"))
        self.reveal_check.setVisible(False)
        self.reveal_check.toggled.connect(self._reveal_toggled)
        left.addWidget(self.reveal_check)
        self.mask_note = named(QLabel(self.tr("身份证号码和电话一律脱敏打印。")), "maskNote")
        self.mask_note.setStyleSheet("color: #666;")
        left.addWidget(self.mask_note)
        left.addStretch(1)
        layout.addLayout(left)
        # any other report or option makes the preview on show stale: clear it (print and save disable)
        self.report_list.currentRowChanged.connect(self._choices_changed)
        self.unit_combo.currentIndexChanged.connect(self._choices_changed)
        self.building_combo.currentIndexChanged.connect(self._choices_changed)
        self.period_edit.dateChanged.connect(self._choices_changed)
        self.whole_year.toggled.connect(self._choices_changed)
        self.reveal_check.toggled.connect(self._choices_changed)

        # right: preview with page navigation, print and save
        right = QVBoxLayout()
        bar = QHBoxLayout()
        self.prev_button = named(QPushButton(self.tr("上一页")), "prevButton")
        self.prev_button.clicked.connect(lambda: self.show_pdf_page(self.page_index - 1))
        self.next_button = named(QPushButton(self.tr("下一页")), "nextButton")
        self.next_button.clicked.connect(lambda: self.show_pdf_page(self.page_index + 1))
        self.page_label = named(QLabel(self.tr("尚未生成报表")), "pageLabel")
        self.print_button = named(QPushButton(self.tr("打印…")), "printButton")
        self.print_button.clicked.connect(self.print_report)
        self.save_button = named(QPushButton(self.tr("另存为 PDF…")), "saveButton")
        self.save_button.clicked.connect(self.save_report)
        self.xlsx_button = QPushButton(self.tr("另存为 Excel…"))  # the reports that also come as a workbook
        self.xlsx_button.setObjectName("xlsxButton")
        self.xlsx_button.clicked.connect(self.save_xlsx)
        self.xlsx: bytes | None = None
        for w in (self.prev_button, self.next_button, self.page_label):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.xlsx_button)
        right.addLayout(bar)
        self.preview = named(QLabel(), "preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = named(QScrollArea(), "previewArea")
        self.scroll.setWidget(self.preview)
        self.scroll.setWidgetResizable(True)
        self.scroll.setStyleSheet("QScrollArea#previewArea { background: #888; }")
        right.addWidget(self.scroll, 1)
        layout.addLayout(right, 1)
        self._update_buttons()

    # -- session, catalogue, units ----------------------------------------------------------------
    def set_session(self, session: AppSession | None) -> None:
        self.session = session
        principal = session.principal if session is not None else None
        if principal is not None:  # the signed-in user prints; without users, the OS account
            self.printed_by = principal.display_name or principal.username
        # full numbers are offered only to a role that may reveal them (a plain attribute check, no I/O)
        may_reveal = session is not None and session.reports.can_reveal
        self.reveal_check.setChecked(False)
        self.reveal_check.setVisible(may_reveal)
        self._reveal_toggled(False)
        self.invalidate()

    def _reveal_toggled(self, on: bool) -> None:
        if on:
            self.mask_note.setText(self.tr("将打印完整号码，并记入审计日志。请妥善保管纸质报表。"))
        elif self.reveal_check.isVisibleTo(self):
            self.mask_note.setText(self.tr("不勾选时，身份证号码和电话脱敏打印。"))
        else:
            self.mask_note.setText(self.tr("身份证号码和电话一律脱敏打印。"))

    def reload(self) -> None:
        session = self.session
        if session is None:
            return
        self._stale = False

        def load(_p: Progress):
            return session.reports.catalogue(), session.reports.unit_choices()

        self.read(load, self._show_choices, label="report choices")

    def _show_choices(self, result) -> None:
        before = (self.current_report(), self.unit_combo.currentData())
        self._refilling = True
        try:
            self._fill_choices(result)
        finally:
            self._refilling = False
        if (self.current_report(), self.unit_combo.currentData()) != before:
            self._choices_changed()
        if self._pending_card is not None:  # asked for from the household view before the choices arrived
            unit_code, household_id = self._pending_card
            self._pending_card = None
            self.build_household_card(unit_code, household_id, wait_for_choices=False)

    def _fill_choices(self, result) -> None:
        catalogue, units = result
        current = self.current_report()
        self.report_list.clear()
        shown = {  # the catalogue's words in the UI language (the PDFs themselves are Chinese documents)
            "roster": (self.tr("实有人口花名册"), self.tr(
                "在册居民名单，按网格、楼栋、户排列，供入户走访使用；含每户人数、楼栋和网格小计及总计。")),
            "household_card": (self.tr("户卡"), self.tr(
                "每户一页：地址、家庭成员及与户主关系、最后变更日期，供存档。")),
            "visits": (self.tr("入户走访情况"), self.tr(
                "统计期内各网格的民警入户走访率（对照 100% 目标）及尚未走访的户（地址、户主）。")),
            "small_projects": (self.tr("八小工程开展情况"), self.tr(
                "统计期内各单位八小工程（小公约、小民主、小服务、小调解、小平安、小乡贤、小名人、小家训）的件数、"
                "参与人次、服务人数、隐患整改，及记录清单。")),
            "events": (self.tr("事件办理情况"), self.tr(
                "统计期内发现的事件：各单位和各类别的件数、已结案、办理中、逾期，按期办理率、初信初访一次性化解率、"
                "回访满意率，及事件办理台账；也可另存为 Excel。")),
            "assessment": (self.tr("考核排名"), self.tr(
                "本单位考核方案的排名：各被考核对象的指标得分、总分、名次和结果（标杆、通报、重点管理、挂牌督办），"
                "及排名规则和指标说明；已发布的取最新版本，未发布的为草稿。所选月份没有方案时取其所在季度、年度的方案。")),
            "party_network": (self.tr("党建网格化组织体系"), self.tr(
                "按社区列出街道党工委、社区党委（党总支）、网格党支部、楼栋党小组及其书记（组长）、党员数、党员中心户数，"
                "及检查发现和党员联系覆盖情况；也可导出 .xlsx。")),
            "party_centres": (self.tr("党员中心户联系户名册"), self.tr(
                "每个党员中心户：所在网格、地址、中心户党员、所属党小组，及其联系户的地址和户主；也可导出 .xlsx。")),
            "monthly": (self.tr("网格工作月报"), self.tr(
                "本月各项指标对照目标（走访率、一次性办结率、满意度、命案发案率、警力占比、网格员配备）、近 12 期趋势图、"
                "下级单位排名，及本月任务、走访、事件、纠纷、八小工程；末尾为填报单位、填报人、审核人、日期。")),
            "affairs": (self.tr("网格事务准入清单"), self.tr(
                "供公示：统计期末（至今）在本单位生效的网格事务准入事项（含上级单位准入的），按主管部门分组，"
                "列出依据、网格职责、频次、时限、需报送资料和有效期；末尾为填报单位、填报人、审核人、日期；也可导出 .xlsx。")),
            "tasks": (self.tr("网格任务完成情况"), self.tr(
                "期限在统计期内的网格任务，按网格（带社区名）统计应完成、已完成、按时完成、逾期完成、逾期未完成、未到期和"
                "完成率，及逾期未完成的任务；末尾为填报单位、填报人、审核人、日期；也可导出 .xlsx。")),
            "disputes": (self.tr("矛盾纠纷台账及化解情况"), self.tr(
                "统计期内发生的矛盾纠纷：各下级单位的化解情况（化解率、一次性化解率对照 95% 目标），及矛盾纠纷台账"
                "（短编号、网格、类别、状态、是否一次性化解）；末尾为填报单位、填报人、审核人、日期；也可导出 .xlsx。")),
        }
        for report in catalogue:
            title, description = shown.get(report.name, (report.title, report.description))
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, report.name)
            item.setData(Qt.ItemDataRole.UserRole + 1, description)
            item.setData(Qt.ItemDataRole.UserRole + 2, report.whole_year)
            self.report_list.addItem(item)
        names = [r.name for r in catalogue]
        self.report_list.setCurrentRow(names.index(current) if current in names else 0)
        unit = self.unit_combo.currentData()
        self.unit_combo.blockSignals(True)  # one building lookup for the final choice, not one per item
        self.unit_combo.clear()
        for u in units:
            indent = "　" * max(u.level.depth - units[0].level.depth, 0)
            self.unit_combo.addItem(indent + codetr.named(u.name, u.code), u.code)
        if unit is not None and self.unit_combo.findData(unit) >= 0:
            self.unit_combo.setCurrentIndex(self.unit_combo.findData(unit))
        self.unit_combo.blockSignals(False)
        self._unit_chosen()
        self.build_button.setEnabled(bool(catalogue and units) and self.op is None)

    def _unit_chosen(self, _index: int = -1) -> None:
        """A grid was chosen: offer its buildings (the roster or cards of one building)."""
        self.building_combo.blockSignals(True)
        self.building_combo.clear()
        self.building_combo.addItem(self.tr("全部楼栋"), None)
        self.building_combo.blockSignals(False)
        self.building_combo.setEnabled(False)
        session, unit = self.session, self.unit_combo.currentData()
        if session is None or unit is None or len(unit) != GRID_CODE_LENGTH:
            return

        def load(_p: Progress):
            return session.reports.building_choices(unit)

        def show(buildings) -> None:
            if self.unit_combo.currentData() != unit:
                return  # the user has moved on
            for b in buildings:
                self.building_combo.addItem(b.name, b.id)
            self.building_combo.setEnabled(bool(buildings))

        self.read(load, show, label="buildings")

    def _choices_changed(self, *_args: object) -> None:
        """Another report or option was chosen: the preview no longer shows it, so it goes (and a build still
        running for the old choices will not show when it ends)."""
        if self._refilling:
            return
        self._choice_generation += 1
        if self._document is not None:
            self.close_document()

    def current_report(self) -> str | None:
        item = self.report_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _report_chosen(self, row: int) -> None:
        item = self.report_list.item(row)
        self.description.setText(item.data(Qt.ItemDataRole.UserRole + 1) if item is not None else "")
        yearly = bool(item is not None and item.data(Qt.ItemDataRole.UserRole + 2))
        self.whole_year.setEnabled(yearly)
        if not yearly:
            self.whole_year.setChecked(False)

    def choose(self, report: str, unit_code: str, period: str) -> None:
        """Select a report, unit and period (YYYY-MM, or YYYY for a whole year) as the user would."""
        for i in range(self.report_list.count()):
            if self.report_list.item(i).data(Qt.ItemDataRole.UserRole) == report:
                self.report_list.setCurrentRow(i)
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(unit_code))
        year = len(period) == 4
        self.period_edit.setDate(QDate.fromString(period + ("-01-01" if year else "-01"), "yyyy-MM-dd"))
        self.whole_year.setChecked(year and self.whole_year.isEnabled())

    def build_household_card(self, unit_code: str, household_id: str, *, wait_for_choices: bool = True) -> None:
        """One household's card, for the household view (registry) to call: show this page, then this."""
        if wait_for_choices and (self._stale or self.unit_combo.findData(unit_code) < 0):
            self._pending_card = (unit_code, household_id)  # built once the choices are loaded
            if not self._stale and self.isVisible():
                self.reload()
            return
        self.choose("household_card", unit_code, self.period())
        self.building_combo.setCurrentIndex(0)
        self.household_id = household_id
        try:
            self.build()
        finally:
            self.household_id = None

    # -- build ------------------------------------------------------------------------------------
    def period(self) -> str:
        """YYYY-MM, or YYYY when 全年 is ticked (only for the reports that take a whole year)."""
        if self.whole_year.isEnabled() and self.whole_year.isChecked():
            return self.period_edit.date().toString("yyyy")
        return self.period_edit.date().toString("yyyy-MM")

    def build(self) -> None:
        session, name, unit = self.session, self.current_report(), self.unit_combo.currentData()
        if session is None or name is None or unit is None:
            return
        period, printed_by = self.period(), self.printed_by
        building, household = self.building_combo.currentData(), self.household_id
        reveal = self.reveal_check.isVisible() and self.reveal_check.isChecked()

        def work(progress: Progress):
            from gridapp.reports import render, render_xlsx
            request = ReportRequest(name, unit, period, printed_by=printed_by, building_id=building,
                                    household_id=household, reveal=reveal)
            data = session.reports.prepare(request, progress)
            xlsx = render_xlsx(data)  # the reports that also come as a workbook (None for the others)
            return (render(data, progress), f"{data.header.title}-{data.header.unit_full_name}-{period}.pdf",
                    xlsx)

        self.build_button.setEnabled(False)
        generation = self._choice_generation
        self.op = run_with_progress(self, self.runner, work, label=self.tr("正在生成报表……"),
                                    on_done=lambda result: self._built(result, generation),
                                    on_error=self._build_failed)

    def _build_failed(self, exc: BaseException) -> None:
        self.op = None
        self.build_button.setEnabled(True)
        show_error(self, exc)

    def _built(self, result: tuple[bytes, str] | tuple[bytes, str, bytes | None],
               generation: int | None = None) -> None:
        import pypdfium2

        self.op = None
        self.build_button.setEnabled(True)
        self.close_document()
        if generation is not None and generation != self._choice_generation:
            return  # the choices changed while it was built: showing it would mislabel the preview
        self.pdf, self.pdf_name = result[0], result[1]
        self.xlsx = result[2] if len(result) > 2 else None
        self._document = pypdfium2.PdfDocument(self.pdf)
        self.show_pdf_page(0)

    @property
    def page_count(self) -> int:
        return len(self._document) if self._document is not None else 0

    def close_document(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None
        self.pdf = None
        self.xlsx = None
        self.page_index = 0
        self.preview.clear()
        self.page_label.setText(self.tr("尚未生成报表"))
        self._update_buttons()

    def _update_buttons(self) -> None:
        have = self._document is not None
        self.prev_button.setEnabled(have and self.page_index > 0)
        self.next_button.setEnabled(have and self.page_index < self.page_count - 1)
        self.print_button.setEnabled(have)
        self.save_button.setEnabled(have)
        self.xlsx_button.setVisible(have and self.xlsx is not None)

    # -- preview ----------------------------------------------------------------------------------
    def _page_image(self, index: int, scale: float) -> QImage:
        page = self._document[index]
        try:
            bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB bytes, as QImage wants them
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
            return image.copy()  # own the pixels before the bitmap goes
        finally:
            page.close()

    def show_pdf_page(self, index: int) -> None:
        if self._document is None or not 0 <= index < self.page_count:
            return
        self.page_index = index
        width = self._document[index].get_width()
        room = max(self.scroll.viewport().width() - 24, 300)
        image = self._page_image(index, min(room / width, PREVIEW_MAX_SCALE))
        self.preview.setPixmap(QPixmap.fromImage(image))
        self.page_label.setText(self.tr("第 {page} 页 / 共 {pages} 页").format(page=index + 1,
                                                                            pages=self.page_count))
        self._update_buttons()

    # -- print and save ---------------------------------------------------------------------------
    def save_report(self) -> None:
        if self.pdf is None:
            return
        self._save(self.pdf, self.tr("另存为 PDF"), self.pdf_name, self.tr("PDF 文件 (*.pdf)"), ".pdf")

    def save_xlsx(self) -> None:
        if self.xlsx is None:
            return
        name = self.pdf_name[:-4] + ".xlsx" if self.pdf_name.endswith(".pdf") else self.pdf_name + ".xlsx"
        self._save(self.xlsx, self.tr("另存为 Excel"), name, self.tr("Excel 文件 (*.xlsx)"), ".xlsx")

    def _save(self, data: bytes, title: str, name: str, file_filter: str, suffix: str) -> None:
        """Ask where to save `data` (the file name gets `suffix` when it has not); a failure is said, not raised."""
        path, _ = QFileDialog.getSaveFileName(self, title, name, file_filter)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("保存失败"), self.tr("无法保存到 {path}：{error}").format(
                path=path, error=exc.strerror or exc))

    def print_report(self) -> None:
        if self._document is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        first = self._document[0]
        landscape = first.get_width() > first.get_height()
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape
                                   else QPageLayout.Orientation.Portrait)
        printer.setDocName(self.pdf_name)
        printer.setFromTo(1, self.page_count)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.page_count)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Draw the chosen pages onto the printer, each scaled to its printable area. Returns pages printed."""
        first, last = printer.fromPage(), printer.toPage()
        if first == 0:  # "all pages"
            first, last = 1, self.page_count
        last = min(last, self.page_count)
        scale = min(printer.resolution(), PRINT_MAX_DPI) / 72
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, self.tr("打印失败"), self.tr("无法开始打印，请检查打印机。"))
            return 0
        printed = 0
        dialog = QProgressDialog(self.tr("正在打印……"), self.tr("取消"), 0, last - first + 1, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)
        try:
            for n in range(first, last + 1):
                dialog.setValue(printed)  # a modal progress dialog processes events here
                if dialog.wasCanceled():
                    printer.abort()
                    break
                if printed:
                    printer.newPage()
                image = self._page_image(n - 1, scale)
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
                printed += 1
        finally:
            painter.end()
            dialog.reset()
            dialog.deleteLater()
        return printed
