"""我的任务: a grid worker's tasks, made by rule from the admitted affair items in force.

Open and overdue tasks first (overdue in red, by due date), done ones below them (or behind the filter);
selecting one shows the affair item it comes from (duty, basis, required data) and lets the user mark it
done with a note. Grid chiefs and the office pick a grid. Opening the page generates the current period's
tasks for the user's unit, and 生成本期任务 does it on demand; everything runs on the DbRunner, and the
service (TaskService) decides who may do what.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gridapp.core.permissions import Perm
from gridapp.core.progress import Progress
from gridapp.domain.tasks import TITLE_MAX

from . import codetr
from .ledger_table import Column, LedgerTable, search_box
from .pages import AFFAIR_TABLES, TASK_TABLES, UNIT_TABLES, Page
from .runner import DbRunner
from .widgets import (
    ValidatedDialog,
    debounce,
    item_at,
    named,
    page_frame,
    proportions,
    run_with_progress,
    show_error,
)

OVERDUE_FG = QColor("#b3261e")
OVERDUE_BG = QColor("#fdecea")
DONE_FG = QColor("#777777")

class AssignDialog(ValidatedDialog):
    """派发按需任务: one of the on-demand items in force today, the grids to hand it to (one or several, among
    those the item is in force for), an optional title and a due date."""

    def __init__(self, choices: list[tuple[Any, list[str]]], grid_labels: dict[str, str], chosen: set[str],
                 today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("派发按需任务"))
        self.setMinimumWidth(520)
        self.items = [item for item, _grids in choices]
        self.item_grids = {item.id: grids for item, grids in choices}
        self.grid_labels = grid_labels
        self.chosen = chosen  # the grids ticked at first (the list's filter)
        self.today = today
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.item_box = named(QComboBox(), "assignItem")
        for item in self.items:
            self.item_box.addItem(f"{item.name}（{item.department}）", item.id)
        form.addRow(self.tr("按需事项"), self.item_box)
        self.grid_list = named(QListWidget(), "assignGrids")
        self.grid_list.setMaximumHeight(150)
        form.addRow(self.tr("派发给"), self.grid_list)
        self.grid_count = named(QLabel(), "assignGridCount")
        form.addRow("", self.grid_count)
        self.title = named(QLineEdit(), "assignTitle")
        self.title.setMaxLength(TITLE_MAX + 1)  # one more, so that too long is said, not silently cut
        form.addRow(self.tr("任务名称"), self.title)
        self.due = named(QDateEdit(), "assignDue")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("截止日期"), self.due)
        self.add_problem_and_buttons(layout, accept_text=self.tr("派发"), problem_name="assignProblem")
        self.item_box.currentIndexChanged.connect(self._item_changed)
        self.grid_list.itemChanged.connect(lambda _i: self.check())
        self.title.textChanged.connect(lambda _t: self.check())
        self.due.dateChanged.connect(lambda _d: self.check())
        self._item_changed()

    def _item(self) -> Any:
        return item_at(self.items, self.item_box.currentIndex())

    def _item_changed(self) -> None:
        item = self._item()
        self.grid_list.blockSignals(True)
        self.grid_list.clear()
        if item is not None:
            self.title.setPlaceholderText(item.name)
            due = self.today + dt.timedelta(days=max((item.deadline_days or 1) - 1, 0))
            self.due.setDate(QDate(due.year, due.month, due.day))
            for code in self.item_grids.get(item.id, []):
                row = QListWidgetItem(self.grid_labels.get(code, code))
                row.setData(Qt.ItemDataRole.UserRole, code)
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                row.setCheckState(Qt.CheckState.Checked if code in self.chosen else Qt.CheckState.Unchecked)
                self.grid_list.addItem(row)
        self.grid_list.blockSignals(False)
        self.check()

    def grids(self) -> list[str]:
        return [self.grid_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.grid_list.count())
                if self.grid_list.item(i).checkState() == Qt.CheckState.Checked]

    def due_date(self) -> dt.date:
        d = self.due.date()
        return dt.date(d.year(), d.month(), d.day())

    def values(self) -> tuple[str, list[str], str | None, dt.date]:
        return self.item_box.currentData(), self.grids(), self.title.text().strip() or None, self.due_date()

    def problem_text(self) -> str:
        self.grid_count.setText(self.tr("已选 {n} 个网格（共 {m} 个网格可派发此事项）").format(
            n=len(self.grids()), m=self.grid_list.count()))
        if self._item() is None:
            return self.tr("请选择按需事项。")
        if not self.grids():
            return self.tr("请至少勾选一个网格。")
        if len(self.title.text().strip()) > TITLE_MAX:
            return self.tr("任务名称不能超过 {n} 个字。").format(n=TITLE_MAX)
        if self.due_date() < self.today:
            return self.tr("截止日期（{due}）不能早于今天（{today}）。").format(due=self.due_date(), today=self.today)
        return ""


class TasksPage(Page):
    """我的任务: the task list of a grid, its detail, marking done, generating the current period."""

    watches = TASK_TABLES | AFFAIR_TABLES | UNIT_TABLES  # a task shows its affair item

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self._generated_for: Any = None  # the session whose unit's tasks were generated on opening
        self._shown: tuple[Any, Any, Any] | None = None  # the unit, status and search the list was read with
        self.summary_note = ""  # what the last act did, shown before the counts once
        layout, head = page_frame(self, self.tr("我的任务"))
        self.grid_label = QLabel(self.tr("范围"))
        head.addWidget(self.grid_label)
        self.grid_box = named(QComboBox(), "taskGrid")
        self.grid_box.setMinimumWidth(220)
        head.addWidget(self.grid_box)
        head.addWidget(QLabel(self.tr("状态")))
        self.status_box = named(QComboBox(), "taskStatus")
        for label, value in ((self.tr("全部（待办在前）"), None), (self.tr("未完成（待办和已逾期）"), "pending"),
                             (self.tr("待办"), "open"),
                             (self.tr("已逾期"), "overdue"), (self.tr("已完成"), "done")):
            self.status_box.addItem(label, value)
        head.addWidget(self.status_box)
        self.generate_button = named(QPushButton(self.tr("生成本期任务")), "taskGenerate")
        self.generate_button.setToolTip(self.tr("按已准入且今天有效的事项，为本单位各网格生成本期（日、周、月、季、年）任务；"
                                                "已有的不会重复生成"))
        head.addWidget(self.generate_button)
        self.assign_button = named(QPushButton(self.tr("派发任务…")), "taskAssign")
        self.assign_button.setToolTip(self.tr("把今天有效的已准入按需事项派发给一个或多个网格（网格长、综治中心）"))
        head.addWidget(self.assign_button)
        self.export_button = named(QPushButton(self.tr("导出…")), "taskExport")
        self.export_button.setToolTip(self.tr("把列表中显示的任务（当前范围、状态和查找条件）导出为 Excel（.xlsx）"))
        self.export_button.setEnabled(False)
        head.addWidget(self.export_button)
        self.refresh_button = QPushButton(self.tr("刷新"))
        head.addWidget(self.refresh_button)

        self.search = search_box("taskSearch", self.tr("查找：任务名称、事项、申请部门、网格"))
        layout.addWidget(self.search)
        self.summary = named(QLabel(self.tr("正在读取……")), "taskSummary")
        layout.addWidget(self.summary)
        rule = QLabel(self.tr("任务只来自已准入且在有效期内的网格事务；周期性事项的任务按规则自动生成，按需事项由网格长或综治中心派发。"))
        rule.setStyleSheet("color: #555;")
        rule.setWordWrap(True)
        layout.addWidget(rule)

        split = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(split, 1)
        def fg(t: Any) -> Any:
            return OVERDUE_FG if t.status == "overdue" else DONE_FG if t.status == "done" else None

        def bg(t: Any) -> Any:
            return OVERDUE_BG if t.status == "overdue" else None

        self.table = LedgerTable(runner, [
            Column(self.tr("状态"), lambda t: codetr.text(t.status_label), sort="default", width=64, foreground=fg,
                   background=bg),
            Column(self.tr("网格"), lambda t: t.unit_name, sort="grid", samples=("和平社区 第10网格",), foreground=fg, background=bg,
                   tooltip=lambda t: t.unit_code),
            Column(self.tr("任务"), lambda t: t.title, sort="title", stretch=True, foreground=fg, background=bg,
                   tooltip=lambda t: t.title),
            Column(self.tr("周期"), lambda t: t.period_key or self.tr("按需"), sort="period", width=84, foreground=fg,
                   background=bg),
            Column(self.tr("截止日期"), lambda t: t.due_date.isoformat(), sort="due", width=92, foreground=fg,
                   background=bg),
            Column(self.tr("完成日期"), lambda t: t.done_on.isoformat() if t.done_on else "", sort="done", width=92,
                   foreground=fg, background=bg),
        ], name="taskTable", sort="default")
        self.table.setAlternatingRowColors(False)
        split.addWidget(self.table)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(8, 0, 0, 0)
        self.detail_title = named(QLabel(self.tr("请在左侧选择一项任务。")), "taskDetailTitle")
        self.detail_title.setWordWrap(True)
        font = self.detail_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.detail_title.setFont(font)
        detail_layout.addWidget(self.detail_title)
        box = QGroupBox(self.tr("来自网格事务"))
        form = QFormLayout(box)
        self.fields: dict[str, QLabel] = {}
        for key, label in (("item", self.tr("事项")), ("department", self.tr("申请部门")),
                           ("frequency", self.tr("频次")), ("duty", self.tr("网格员职责")),
                           ("basis", self.tr("依据")), ("required_data", self.tr("所需数据")),
                           ("period", self.tr("周期")), ("due", self.tr("截止日期")), ("status", self.tr("状态")),
                           ("done", self.tr("办结"))):
            value = QLabel("—")
            value.setObjectName(f"taskField_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
            self.fields[key] = value
        detail_layout.addWidget(box)
        detail_layout.addWidget(QLabel(self.tr("办理结果")))
        self.note = named(QPlainTextEdit(), "taskNote")
        self.note.setPlaceholderText(self.tr("写明办理情况，例如 已走访 12 户，发现问题已上报"))
        self.note.setMaximumHeight(90)
        detail_layout.addWidget(self.note)
        self.done_button = named(QPushButton(self.tr("标记为已完成")), "taskDone")
        self.done_button.setEnabled(False)
        detail_layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)
        detail_layout.addStretch(1)
        split.addWidget(detail)
        proportions(split, (640, 420))

        self.grid_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.status_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh_button.clicked.connect(self.reload)
        self.generate_button.clicked.connect(self.generate)
        self.assign_button.clicked.connect(self.assign)
        self.table.selection_changed.connect(lambda _t: self._show_selected())
        self.table.loaded.connect(lambda _n: self.summary.setText(self._summary_text))
        self._summary_text = ""
        self.done_button.clicked.connect(self.mark_done)
        self._debounce = debounce(self, self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.export_button.clicked.connect(self.export)
        self.message: QMessageBox | None = None

    # -- session ----------------------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self.session = session
        self._generated_for = None
        svc = session.tasks() if session is not None else None
        may = svc is not None and svc.may_write()
        self.generate_button.setEnabled(may)
        self.generate_button.setVisible(svc is not None)
        self.assign_button.setVisible(svc is not None and svc.may_create())
        self.export_button.setEnabled(session is not None and session.may(Perm.EXPORT))
        if not may:
            self.generate_button.setToolTip(self.tr("只有网格员、网格长和综治中心可以生成和办结任务。"))
        self.grid_box.blockSignals(True)
        self.grid_box.clear()
        self.grid_box.blockSignals(False)
        self.invalidate()

    def reload_changed(self) -> None:
        """Shown stale: the first time for a session, generate the current period's tasks (then the list is
        read); else read the list."""
        session = self.session
        if session is not None and self._generated_for is not session and session.tasks().may_write():
            self._generated_for = session
            self.generate(quiet=True)
        else:
            self.reload()

    # -- operations -------------------------------------------------------------------------------------
    def generate(self, quiet: bool = False) -> None:
        """Generate the current period's tasks of the user's unit (off the GUI thread), then reload."""
        session = self.session
        if session is None:
            return
        svc = session.tasks()

        def done(result) -> None:
            if not quiet or result.created:
                self.summary_note = self.tr("已生成 {n} 项本期任务（已有 {m} 项）。").format(
                    n=result.created, m=result.existing)
            if not result.created:  # nothing written, so no change to reload on: read the list now
                self.reload()

        self.write(lambda _p: svc.generate(), done, label="generate tasks",
                   on_error=lambda e: (None if quiet else self.report_error(e), self.reload()))

    def assign(self) -> None:
        """派发任务…: read the on-demand items in force for the grids of the list's unit (off the GUI thread),
        then ask which item, which grids (the list's grid or all of its unit ticked at first), and create."""
        session = self.session
        unit = self.grid_box.currentData()
        if session is None or unit is None:
            return
        svc = session.tasks()
        label = self.grid_box.currentText().strip()

        def load(_p: Progress):
            return svc.on_demand_choices(unit), dict(svc.grids())

        def ask(result) -> None:
            choices, labels = result
            if not choices:
                QMessageBox.information(self, self.tr("派发任务"), self.tr(
                    "{grid} 今天没有有效的按需事项。任务只能来自已准入并在有效期内的网格事务。").format(grid=label))
                return
            chosen = {code for code in labels if code.startswith(unit)}
            dialog = AssignDialog(choices, labels, chosen, svc.today(), self)
            self.assign_dialog = dialog
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            item_id, grids, title, due = dialog.values()
            what = title or dialog.item_box.currentText()

            def done(ids) -> None:
                self.summary_note = self.tr("已派发：{title}（{n} 个网格）").format(title=what, n=len(ids))
                if ids:  # the first new task selected once the list is read again
                    self.table.reveal_new(ids[0], self.summary_note, self.tr(
                        "已派发：{title}（{n} 个网格）；当前筛选条件下的列表中没有它。").format(title=what, n=len(ids)))

            self.write(lambda _p: svc.create_many(item_id, grids, title, due), done, label="assign task")

        self.read(load, ask, label="on-demand items")

    def reload(self) -> None:
        session = self.session
        if session is None:
            return
        svc = session.tasks()
        grid = self.grid_box.currentData()
        status = self.status_box.currentData()
        query = self.search.text().strip() or None
        need_grids = self.grid_box.count() == 0

        def load(_p: Progress):
            choices = svc.filter_choices() if need_grids else None
            several = choices is not None and sum(level == "grid" for _c, _l, level in choices) > 1
            unit = grid or (choices[0][0] if choices and not several else None) or svc.scope
            return choices, unit, status, query, svc.ledger_counts(unit, status, query=query)

        self.read(load, self._show, label="tasks")

    def mark_done(self) -> None:
        task = self.selected()
        if task is None or self.session is None:
            return
        svc = self.session.tasks()
        note = self.note.toPlainText()

        def done(_r) -> None:
            self.summary_note = self.tr("已办结：{title}").format(title=task.title)
            self.note.clear()

        self.done_button.setEnabled(False)
        self.write(lambda _p: svc.complete(task.id, note), done, label="complete task",
                   on_error=lambda e: (self.report_error(e), self._show_selected()))

    # -- showing ----------------------------------------------------------------------------------------
    def _show(self, result) -> None:
        choices, unit, status, query, counts = result
        self._shown = (unit, status, query)
        if choices is not None:
            grids = [c for c in choices if c[2] == "grid"]
            self.grid_box.blockSignals(True)
            self.grid_box.clear()
            if len(grids) > 1:  # the office and the chief see all their grids at once, then narrow down
                self.grid_box.addItem(self.tr("全部网格"), self.session.tasks().scope if self.session else None)
            for code, label, level in choices:
                if level == "grid":
                    indent = "　" if len(grids) < len(choices) else ""
                    self.grid_box.addItem(f"{indent}{label}", code)
                else:
                    self.grid_box.addItem(self.tr("{community}（全部网格）").format(community=label), code)
            self.grid_box.blockSignals(False)
            single = len(grids) <= 1
            self.grid_box.setEnabled(not single)
            self.grid_box.setVisible(bool(grids))
            self.grid_label.setVisible(bool(grids))
        one_grid = len(str(self.grid_box.currentData() or "")) == 15
        self.table.setColumnHidden(1, one_grid)
        session = self.session
        if session is not None:
            svc = session.tasks()
            self.table.load(lambda sort, desc, p: svc.ledger_ids(unit, status, sort=sort, descending=desc, progress=p,
                                                                 query=query),
                            svc.ledger_rows, source=(id(session), unit, status, query))
        open_, overdue, done = counts["open"], counts["overdue"], counts["done"]
        # in the words of the home page's card: 未完成 = 待办 + 已逾期 (the list the card opens)
        text = self.tr("未完成 {pending} 项（待办 {open} 项，已逾期 {overdue} 项），已完成 {done} 项。").format(
            pending=open_ + overdue, open=open_, overdue=overdue, done=done)
        if query:
            text = self.tr("查找“{query}”：").format(query=query) + text
        if self.summary_note:
            text = f"{self.summary_note}　{text}"
            self.summary_note = ""
        self._summary_text = text  # shown with the list it counts (when the table has read it)
        if session is None:
            self.summary.setText(text)

    def choose_export_file(self) -> str:  # a hook: tests answer it without a native dialog
        out, _ = QFileDialog.getSaveFileName(self, self.tr("导出任务"), self.tr("网格任务.xlsx"), "Excel (*.xlsx)")
        return out

    def export(self) -> None:
        """导出…: the list as shown (the unit, status and search it was read with, in its order), off the GUI
        thread with a progress dialog; says how many rows went where."""
        session, shown = self.session, self._shown
        if session is None or shown is None:
            return
        out = self.choose_export_file()
        if not out:
            return
        unit, status, query = shown
        svc, sort, desc = session.tasks(), self.table.sort, self.table.descending

        def done(n: int) -> None:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("导出"),
                              self.tr("已导出 {n} 项任务到 {out}。").format(n=n, out=out), parent=self)
            self.message = box
            box.open()

        run_with_progress(self, self.runner, lambda p: svc.export(Path(out), unit, status, query=query, sort=sort,
                                                                  descending=desc, progress=p),
                          label=self.tr("正在导出"), on_done=done, on_error=lambda exc: show_error(self, exc))

    @property
    def new_button(self) -> QPushButton:
        """Ctrl+N (gridapp.ui.shortcuts): 派发任务…, a new on-demand task (grid chief, office)."""
        return self.assign_button

    def show_agenda_list(self) -> None:
        """From the 今日待办 card: exactly what it counts, the unfinished tasks of all the user's grids."""
        self.grid_box.blockSignals(True)
        self.status_box.blockSignals(True)
        if self.grid_box.count():
            self.grid_box.setCurrentIndex(0)  # 全部网格 (or the only grid)
        self.status_box.setCurrentIndex(self.status_box.findData("pending"))
        self.grid_box.blockSignals(False)
        self.status_box.blockSignals(False)
        self.invalidate()

    def selected(self) -> Any:
        return self.table.selected()

    def _show_selected(self) -> None:
        t = self.selected()
        if t is None:
            self.detail_title.setText(self.tr("请在左侧选择一项任务。"))
            for value in self.fields.values():
                value.setText("—")
            self.done_button.setEnabled(False)
            self.note.setEnabled(False)
            return
        self.detail_title.setText(t.title)
        done = (self.tr("{date} {who}：{note}").format(date=t.done_on, who=t.done_by, note=t.note or "—")
                if t.done_on else "—")
        values = {"item": t.item_name, "department": t.department,
                  "frequency": t.frequency_label, "duty": t.duty, "basis": t.basis,
                  "required_data": t.required_data,
                  "period": (t.period_key or self.tr("按需（{by} 派发）").format(by=t.created_by or "—")),
                  "due": t.due_date.isoformat(), "status": t.status_label, "done": done}
        for key, value in values.items():
            self.fields[key].setText(value or "—")
        self.fields["status"].setStyleSheet("color: #b3261e;" if t.status == "overdue" else "")
        writable = self.session is not None and self.session.tasks().may_write()
        self.note.setEnabled(writable and t.status != "done")
        self.done_button.setEnabled(writable and t.status != "done")
