"""民警走访: visit coverage per grid against the 100% target, the households due for a visit (most overdue
first), the visit ledger with filters, and the form that records a visit. Every read and write runs on the
page's DbRunner; the service (VisitService) decides who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp.core.permissions import Perm
from gridapp.core.progress import Progress
from gridapp.domain.clock import today as today_china
from gridapp.domain.periods import add_months
from gridapp.domain.visits import VisitInput, validate_visit

from .dates import pydate, qdate
from .ledger_io import LedgerIO
from .ledger_table import Column, LedgerTable
from .notify import status_message
from .pages import REGISTRY_TABLES, UNIT_TABLES, VISIT_TABLES, Page
from .photo_strip import PhotoStrip
from .runner import DbRunner
from .widgets import ValidatedDialog, cell, debounce, named, page_frame, read_only_table, show_error


def _item(text: Any, *, right: bool = False) -> QTableWidgetItem:
    return cell(text, right=right)


def _table(headers: list[str], name: str) -> QTableWidget:
    return read_only_table(headers, name, row_height=24, wrap=False, alternating=True)


class VisitForm(ValidatedDialog):
    """登记走访: the household by searching its address or head, then date, 在户人数, content, issues,
    handling; the fields are checked as they are typed (the service checks them again)."""

    search_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, household: tuple[str, str] | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记入户走访"))
        self.setMinimumWidth(560)
        self.household_id: str | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.search = named(QLineEdit(), "visitHouseholdSearch")
        self.search.setPlaceholderText(self.tr("输入地址或户主姓名查找，例如 幸福街 或 张"))
        self.search.setClearButtonEnabled(True)
        form.addRow(self.tr("查找户"), self.search)
        self.results = named(QListWidget(), "visitHouseholdResults")
        self.results.setMaximumHeight(150)
        form.addRow("", self.results)
        self.chosen = named(QLabel(self.tr("（尚未选择户）")), "visitChosenHousehold")
        form.addRow(self.tr("户"), self.chosen)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        today = today_china()
        self.date.setMaximumDate(qdate(today))
        self.date.setDate(qdate(today))
        form.addRow(self.tr("走访日期"), self.date)
        self.present = QSpinBox()
        self.present.setRange(0, 99)
        self.present.setValue(1)
        form.addRow(self.tr("在户人数"), self.present)
        self.content = named(QPlainTextEdit(), "visitContent")
        self.content.setPlaceholderText(self.tr("走访内容，例如 了解家庭情况、宣传防范电信诈骗"))
        self.content.setMaximumHeight(80)
        form.addRow(self.tr("走访内容"), self.content)
        self.issues = QLineEdit()
        self.issues.setPlaceholderText(self.tr("居民反映的问题或诉求（可不填）"))
        form.addRow(self.tr("问题/诉求"), self.issues)
        self.handling = QLineEdit()
        self.handling.setPlaceholderText(self.tr("处理情况（可不填）"))
        form.addRow(self.tr("处理情况"), self.handling)
        layout.addLayout(form)
        self.add_problem_and_buttons(layout, problem_name="visitProblem")

        self._timer = debounce(self, lambda: self.search_requested.emit(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.results.currentItemChanged.connect(self._picked)
        for signal in (self.date.dateChanged, self.present.valueChanged, self.content.textChanged,
                       self.issues.textChanged, self.handling.textChanged):
            signal.connect(self.check)
        if household is not None:
            self.choose(*household)
        self.check()

    def show_results(self, rows: list[tuple[str, str, str, str | None]], grid_names: dict[str, str]) -> None:
        self.results.clear()
        for hid, grid, address, head in rows:
            item = QListWidgetItem(self.tr("{address}　户主：{head}　（{grid}）").format(
                address=address, head=head or "—", grid=grid_names.get(grid, grid)))
            item.setData(Qt.ItemDataRole.UserRole, hid)
            item.setData(Qt.ItemDataRole.UserRole + 1, f"{address}（{head or '—'}）")
            self.results.addItem(item)
        if not rows:
            self.results.addItem(QListWidgetItem(self.tr("没有找到符合的户。")))

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.choose(item.data(Qt.ItemDataRole.UserRole), item.data(Qt.ItemDataRole.UserRole + 1))

    def choose(self, household_id: str, label: str) -> None:
        self.household_id = household_id
        self.chosen.setText(label)
        self.check()

    def load(self, visit: Any) -> None:
        """Start from a recorded visit (to correct it): its fields; the household stays searchable."""
        self.setWindowTitle(self.tr("更正走访记录"))
        self.date.setDate(qdate(visit.visit_date))
        self.present.setValue(visit.present)
        self.content.setPlainText(visit.content)
        self.issues.setText(visit.issues or "")
        self.handling.setText(visit.handling or "")
        self.check()

    def value(self) -> VisitInput:
        return VisitInput(self.household_id or "", pydate(self.date.date()), self.present.value(),
                          self.content.toPlainText(), self.issues.text(), self.handling.text())

    def problem_text(self) -> str:
        if self.household_id is None:
            return self.tr("请先查找并选择要登记的户。")
        validate_visit(self.value())
        return ""


class VisitsPage(Page):
    """民警走访: coverage, due list, ledger, and recording a visit."""

    watches = VISIT_TABLES | REGISTRY_TABLES | UNIT_TABLES  # coverage and the due list count households

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.form: VisitForm | None = None
        self.grid_names: dict[str, str] = {}
        self._search_seq = 0
        self.ledger_count = named(QLabel(), "visitLedgerCount")
        layout, head = page_frame(self, self.tr("民警走访"))
        head.addWidget(QLabel(self.tr("统计期")))
        self.period = named(QComboBox(), "visitPeriod")
        self._fill_periods()
        head.addWidget(self.period)
        self.add_button = named(QPushButton(self.tr("登记走访")), "visitAdd")
        self.add_button.setEnabled(False)
        head.addWidget(self.add_button)
        self.ledger_io = LedgerIO(self, runner, "visits", self.tr("入户走访台账"),
                                  import_perm=Perm.VISIT, filters=self._export_filters)
        self.import_button, self.export_button = self.ledger_io.add_to(head)
        self.refresh_button = QPushButton(self.tr("刷新"))
        head.addWidget(self.refresh_button)

        summary = QHBoxLayout()
        self.summary = named(QLabel(self.tr("正在读取……")), "visitSummary")
        summary.addWidget(self.summary)
        self.total_bar = named(QProgressBar(), "visitTotalBar")
        self.total_bar.setRange(0, 1000)
        self.total_bar.setTextVisible(False)
        self.total_bar.setFixedWidth(220)
        self.total_bar.setFixedHeight(14)
        summary.addWidget(self.total_bar)
        summary.addStretch(1)
        layout.addLayout(summary)
        self.rule = QLabel(self.tr("走访规则：低保、特困、空巢和独居老人、流动人口及其他按月走访情形每月一次，其他户每半年一次。"))
        self.rule.setStyleSheet("color: #555;")
        self.rule.setWordWrap(True)
        layout.addWidget(self.rule)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        # coverage
        self.coverage_table = _table([self.tr("单位"), self.tr("编码"), self.tr("户数"), self.tr("已走访"),
                                      self.tr("未走访"), self.tr("走访率"), self.tr("对照目标 100%")], "visitCoverage")
        self.coverage_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.coverage_table, self.tr("走访率"))
        # due list
        due = QWidget()
        due_layout = QVBoxLayout(due)
        due_layout.setContentsMargins(0, 6, 0, 0)
        self.due_label = named(QLabel(), "visitDueCount")
        due_layout.addWidget(self.due_label)
        self.due_table = _table([self.tr("网格"), self.tr("地址"), self.tr("户主"), self.tr("原因"), self.tr("周期"),
                                 self.tr("上次走访"), self.tr("逾期")], "visitDue")
        self.due_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.due_table.setToolTip(self.tr("双击一户即可登记对它的走访"))
        due_layout.addWidget(self.due_table, 1)
        self.tabs.addTab(due, self.tr("待走访"))
        # ledger
        ledger = QWidget()
        ledger_layout = QVBoxLayout(ledger)
        ledger_layout.setContentsMargins(0, 6, 0, 0)
        filters = QHBoxLayout()
        self.grid_filter = named(QComboBox(), "visitGridFilter")
        self.grid_filter.addItem(self.tr("全部网格"), None)
        filters.addWidget(self.grid_filter)
        filters.addWidget(QLabel(self.tr("从")))
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        today = today_china()
        for box, day in ((self.date_from, add_months(today, -3)), (self.date_to, today)):
            box.setCalendarPopup(True)
            box.setDisplayFormat("yyyy-MM-dd")
            box.setDate(qdate(day))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(self.tr("到")))
        filters.addWidget(self.date_to)
        filters.addStretch(1)
        filters.addWidget(self.ledger_count)
        self.correct_button = QPushButton(self.tr("更正所选记录"))
        self.correct_button.setEnabled(False)
        filters.addWidget(self.correct_button)
        self.delete_button = QPushButton(self.tr("删除所选记录"))
        self.delete_button.setEnabled(False)
        filters.addWidget(self.delete_button)
        ledger_layout.addLayout(filters)
        self.ledger_table = LedgerTable(runner, [
            Column(self.tr("日期"), lambda v: v.visit_date.isoformat(), sort="date", width=92),
            Column(self.tr("网格"), lambda v: self.grid_names.get(v.unit_code, v.unit_code), sort="grid", width=120,
                   tooltip=lambda v: v.unit_code),
            Column(self.tr("地址"), lambda v: v.address, sort="address", width=240, tooltip=lambda v: v.address),
            Column(self.tr("户主"), lambda v: v.head_name or "—", width=72),
            Column(self.tr("在户人数"), lambda v: v.present, sort="present", right=True, width=64),
            Column(self.tr("走访人"), lambda v: v.visitor_name, sort="visitor", width=84),
            Column(self.tr("内容"), lambda v: v.content, width=240, tooltip=lambda v: v.content),
            Column(self.tr("问题/诉求"), lambda v: v.issues or "", width=160, tooltip=lambda v: v.issues),
            Column(self.tr("处理情况"), lambda v: v.handling or "", tooltip=lambda v: v.handling),
        ], name="visitLedger", sort="date", descending=True, count_label=self.ledger_count)
        self.ledger_table.horizontalHeader().setStretchLastSection(True)
        ledger_layout.addWidget(self.ledger_table, 1)
        self.photos = PhotoStrip(self, "visit")  # 现场照片 of the selected visit
        ledger_layout.addWidget(self.photos)
        self.tabs.addTab(ledger, self.tr("走访台账"))

        self.period.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh_button.clicked.connect(self.reload)
        self.add_button.clicked.connect(lambda: self.open_form())
        self.due_table.cellDoubleClicked.connect(self._due_double_clicked)
        self.grid_filter.currentIndexChanged.connect(lambda _i: self.reload_ledger())
        self.date_from.dateChanged.connect(lambda _d: self.reload_ledger())
        self.date_to.dateChanged.connect(lambda _d: self.reload_ledger())
        self.ledger_table.selection_changed.connect(lambda _v: self._update_buttons())
        self.ledger_table.selection_changed.connect(self._show_photos)
        self.delete_button.clicked.connect(self.delete_selected)
        self.correct_button.clicked.connect(self.correct_selected)
        self._due: list[Any] = []

    def _show_photos(self, v: Any) -> None:
        session = self.session
        self.photos.show_for(session.visits() if session is not None else None, v.id if v is not None else None,
                             may_add=session is not None and session.may(Perm.VISIT))

    # -- periods --------------------------------------------------------------------------------------
    def _fill_periods(self) -> None:
        today = today_china()
        half = 1 if today.month <= 6 else 7
        last_month = add_months(today.replace(day=1), -1)
        month_end = add_months(today.replace(day=1), 1) - dt.timedelta(days=1)
        choices = [
            (self.tr("本年（{y}年）").format(y=today.year), dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)),
            (self.tr("本半年（{y}年{h}）").format(y=today.year, h=self.tr("上半年") if half == 1 else self.tr("下半年")),
             dt.date(today.year, half, 1), add_months(dt.date(today.year, half, 1), 6) - dt.timedelta(days=1)),
            (self.tr("本月（{y}年{m}月）").format(y=today.year, m=today.month), today.replace(day=1), month_end),
            (self.tr("上月（{y}年{m}月）").format(y=last_month.year, m=last_month.month), last_month,
             today.replace(day=1) - dt.timedelta(days=1)),
            (self.tr("上一年（{y}年）").format(y=today.year - 1), dt.date(today.year - 1, 1, 1),
             dt.date(today.year - 1, 12, 31)),
        ]
        for label, start, end in choices:
            self.period.addItem(label, (start, end))

    def period_range(self) -> tuple[dt.date, dt.date]:
        return self.period.currentData()

    # -- session ----------------------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self.session = session
        self.add_button.setEnabled(session is not None and session.may(Perm.VISIT))
        self.ledger_io.set_session(session)
        self.add_button.setToolTip("" if self.add_button.isEnabled() else
                                   self.tr("只有社区民警和综治中心可以登记走访；网格员可以查看。"))
        self.invalidate()

    def reload(self) -> None:
        session = self.session
        if session is None:
            return
        start, end = self.period_range()
        svc = session.visits()

        def load(_p: Progress):
            return svc.coverage(None, start, end), svc.due()

        self.read(load, self._show_overview, label="visit coverage")
        self.reload_ledger()

    def _export_filters(self) -> dict[str, Any]:
        """What the ledger below shows: its grid and dates."""
        return {"unit_code": self.grid_filter.currentData(), "date_from": pydate(self.date_from.date()),
                "date_to": pydate(self.date_to.date())}

    def reload_ledger(self) -> None:
        session = self.session
        if session is None:
            return
        svc = session.visits()
        grid = self.grid_filter.currentData()
        date_from, date_to = pydate(self.date_from.date()), pydate(self.date_to.date())
        self.ledger_table.load(
            lambda sort, desc, p: svc.ledger_ids(grid, date_from=date_from, date_to=date_to, sort=sort,
                                                 descending=desc, progress=p),
            svc.ledger_rows, source=(id(session), grid, date_from, date_to))

    # -- showing -----------------------------------------------------------------------------------------
    def _show_overview(self, result) -> None:
        cov, due = result
        self.grid_names = {g.code: g.name for g in cov.grids}
        self.ledger_table.ledger.refresh_display()
        current = self.grid_filter.currentData()
        if self.grid_filter.count() != len(cov.grids) + 1:
            self.grid_filter.blockSignals(True)
            self.grid_filter.clear()
            self.grid_filter.addItem(self.tr("全部网格"), None)
            for g in cov.grids:
                self.grid_filter.addItem(f"{g.name}（{g.code}）", g.code)
            index = self.grid_filter.findData(current)
            self.grid_filter.setCurrentIndex(max(index, 0))
            self.grid_filter.blockSignals(False)
        t = cov.total
        self.summary.setText(self.tr("{name}：{start} 至 {end} 走访率 {rate}（已走访 {visited} / {households} 户），"
                                     "目标 100%").format(name=t.name, start=cov.period_start, end=cov.period_end,
                                                        rate=t.rate_text, visited=t.visited, households=t.households))
        self.total_bar.setValue(round((t.rate or 0) * 1000))
        rows = [*cov.grids, *cov.communities]
        if len(rows) != 1:
            rows.append(t)
        table = self.coverage_table
        table.setRowCount(len(rows))
        for r, line in enumerate(rows):
            name = line.name if line is not t else self.tr("{name}（合计）").format(name=line.name)
            for c, value in enumerate((name, line.code, line.households, line.visited,
                                       line.households - line.visited, line.rate_text)):
                table.setItem(r, c, _item(value, right=c >= 2))
            bar = QProgressBar()
            bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
            bar.setRange(0, max(line.households, 1))
            bar.setValue(line.visited)
            bar.setFormat(self.tr("达标") if line.met else (
                self.tr("无在册户") if not line.households else
                self.tr("差 {n} 户").format(n=line.households - line.visited)))
            bar.setStyleSheet("QProgressBar::chunk { background: %s; }" % ("#2e7d32" if line.met else "#e08a1e"))
            table.setCellWidget(r, 6, bar)
        table.resizeColumnsToContents()
        table.setColumnWidth(6, 300)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self._due = due
        self.due_label.setText(self.tr("今天应走访 {n} 户（逾期最久的在前）").format(n=len(due)))
        table = self.due_table
        table.setRowCount(len(due))
        for r, d in enumerate(due):
            overdue = self.tr("从未走访") if d.days_overdue is None else self.tr("{n} 天").format(n=d.days_overdue)
            values = (self.grid_names.get(d.unit_code, d.unit_code), d.address, d.head_name or "—", d.reason,
                      self.tr("每月") if d.monthly else self.tr("每半年"),
                      d.last_visit.isoformat() if d.last_visit else "—", overdue)
            for c, value in enumerate(values):
                table.setItem(r, c, _item(value, right=c == 6))
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _update_buttons(self) -> None:
        may = self.session is not None and self.session.may(Perm.VISIT)
        selected = self.ledger_table.selected() is not None
        for button in (self.delete_button, self.correct_button):
            button.setVisible(may)
            button.setEnabled(may and selected)

    # -- recording -----------------------------------------------------------------------------------------
    def _due_double_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._due) and self.add_button.isEnabled():
            d = self._due[row]
            self.open_form((d.household_id, f"{d.address}（{d.head_name or '—'}）"))

    def _recorded(self, new_id: str) -> None:
        """A visit was recorded: say so; the ledger (when it is the tab on show) selects it once read again."""
        saved = self.tr("已登记走访记录。")
        if self.tabs.currentWidget() is self.ledger_table.parentWidget():
            self.ledger_table.reveal_new(new_id, saved, self.tr("已登记走访记录；当前网格或日期范围的台账中没有它。"))
        else:
            status_message(self, saved)

    def open_form(self, household: tuple[str, str] | None = None, *, correcting: Any = None) -> VisitForm | None:
        """Open the add-visit form (window-modal, not blocking); saving records the visit on the runner.
        With `correcting` (a VisitView) the form starts from that visit and saving records its correction."""
        if self.session is None or not self.session.may(Perm.VISIT):
            return None
        form = VisitForm(self, household=household)
        if correcting is not None:
            form.load(correcting)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        svc = self.session.visits()

        def search(text: str) -> None:
            self._search_seq += 1
            seq = self._search_seq

            def found(rows) -> None:
                if seq == self._search_seq and self.form is form:
                    form.show_results(rows, self.grid_names)

            self.read(lambda _p: svc.find_households(text), found, label="find households",
                      on_error=lambda e: show_error(form, e))

        def save() -> None:
            data = form.value()
            if correcting is not None:
                self.write(lambda _p: svc.correct(correcting.id, data), label="correct visit")
                return
            self.write(lambda _p: svc.record(data), self._recorded, label="record visit")

        form.search_requested.connect(search)
        form.accepted.connect(save)
        form.finished.connect(lambda _r: setattr(self, "form", None))
        self.form = form
        form.open()
        if household is None:
            search("")
        return form

    def correct_selected(self) -> None:
        v = self.ledger_table.selected()
        if v is not None and self.session is not None:
            self.open_form((v.household_id, f"{v.address}（{v.head_name or '—'}）"), correcting=v)

    def delete_selected(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        v = self.ledger_table.selected()
        if v is None or self.session is None:
            return
        answer = QMessageBox.question(self, self.tr("删除走访记录"), self.tr(
            "删除 {date} 对“{address}”的走访记录？记录会标记为已删除，并随同步告知上级。").format(
            date=v.visit_date, address=v.address))
        if answer != QMessageBox.StandardButton.Yes:
            return
        svc = self.session.visits()
        self.write(lambda _p: svc.delete(v.id), label="delete visit")
