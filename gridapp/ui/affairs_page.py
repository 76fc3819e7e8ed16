"""网格事务: the affair list (网格事务清单) and the admission workflow (工作事项准入).

The list (small: a town's or community's list has tens of items) with a status filter and a search; a detail
panel with the item's fields and its workflow history; the acts the user's role may take on the selected item
in its current state (apply for departments; review, publish, admit, withdraw and adjust for the grid body's
approvers). All database work runs on the page's DbRunner; the service checks every act again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.core import codes
from gridapp.core.errors import GridappError
from gridapp.core.permissions import Perm
from gridapp.domain import clock
from gridapp.domain.affairs import MIN_PUBLICITY_DAYS, AffairInput, validate_affair

from . import codetr
from .dates import date_edit, pydate, qdate
from .i18n import colon
from .ledger_io import LedgerIO
from .ledger_table import Column, LedgerTable
from .pages import AFFAIR_TABLES, UNIT_TABLES, Page
from .runner import DbRunner
from .widgets import (
    code_box,
    debounce,
    dialog_buttons,
    named,
    page_title,
    problem_label,
    proportions,
    wrapped,
)


class AffairForm(QDialog):
    """Apply for an item (or correct an application, or propose an adjustment): checked as you type with the
    service's own rules; the first problem is shown under the form and the field is marked."""

    def __init__(self, title: str, today: dt.date, parent: QWidget | None = None, *, current: Any = None,
                 allow_temporary: bool = True):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.today = today
        self.values: dict[str, Any] = {}
        self._tried = False  # 提交 was pressed
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.department = QLineEdit()
        self.department.setMaxLength(100)
        self.basis = QPlainTextEdit()
        self.duty = QPlainTextEdit()
        for w in (self.basis, self.duty):
            w.setFixedHeight(56)
            w.setTabChangesFocus(True)
        self.frequency = code_box("affairFrequency", codes.AFFAIR_FREQUENCY, empty=self.tr("（未填）"))
        self.deadline = QSpinBox()
        self.deadline.setRange(0, 365)
        self.deadline.setSpecialValueText(self.tr("（未填）"))
        self.deadline.setSuffix(self.tr(" 天"))
        self.required_data = QLineEdit()
        self.temporary = QCheckBox(self.tr("临时事项（紧急，经网格管理机构同意，在有效期内执行）"))
        self.valid_from = date_edit(today)
        self.valid_to = date_edit(today + dt.timedelta(days=30))
        period = QHBoxLayout()
        period.addWidget(self.valid_from)
        period.addWidget(QLabel(self.tr("至")))
        period.addWidget(self.valid_to)
        period.addStretch(1)
        self.problem = problem_label("formProblem")
        self._labels = {
            "事项名称": self.name, "申请部门": self.department, "法律/政策依据": self.basis, "网格员职责": self.duty,
            "频次": self.frequency, "办理时限": self.deadline, "所需数据": self.required_data,
            "是否临时": self.temporary, "有效期起": self.valid_from, "有效期止": self.valid_to,
        }
        form.addRow(self.tr("事项名称 *"), self.name)
        form.addRow(self.tr("申请部门 *"), self.department)
        form.addRow(self.tr("法律/政策依据"), self.basis)
        form.addRow(self.tr("网格员职责"), self.duty)
        form.addRow(self.tr("频次"), self.frequency)
        form.addRow(self.tr("办理时限"), self.deadline)
        form.addRow(self.tr("所需数据"), self.required_data)
        form.addRow("", self.temporary)
        form.addRow(self.tr("有效期"), period)
        form.addRow(self.problem)
        self.buttons = dialog_buttons(self, self.tr("提交"), on_ok=self._save)
        form.addRow(self.buttons)
        if current is not None:
            self.name.setText(current.name)
            self.department.setText(current.department)
            self.basis.setPlainText(current.basis or "")
            self.duty.setPlainText(current.duty or "")
            self.frequency.setCurrentIndex(max(0, self.frequency.findData(current.frequency)))
            self.deadline.setValue(current.deadline_days or 0)
            self.required_data.setText(current.required_data or "")
            self.temporary.setChecked(current.temporary)
            if current.valid_from and current.valid_to:
                self.valid_from.setDate(qdate(current.valid_from))
                self.valid_to.setDate(qdate(current.valid_to))
        if not allow_temporary:
            self.temporary.setChecked(False)
            self.temporary.setEnabled(False)
        for w in (self.name, self.department, self.required_data):
            w.textChanged.connect(self.check)
        for w in (self.basis, self.duty):
            w.textChanged.connect(self.check)
        self.temporary.toggled.connect(self.check)
        self.valid_from.dateChanged.connect(self.check)
        self.valid_to.dateChanged.connect(self.check)
        self.deadline.valueChanged.connect(self.check)
        self.check()

    def input(self) -> Any:
        temporary = self.temporary.isChecked()
        return AffairInput(
            name=self.name.text(), department=self.department.text(), basis=self.basis.toPlainText(),
            duty=self.duty.toPlainText(), frequency=self.frequency.currentData(),
            deadline_days=self.deadline.value() or None, required_data=self.required_data.text(),
            temporary=temporary, valid_from=pydate(self.valid_from.date()) if temporary else None,
            valid_to=pydate(self.valid_to.date()) if temporary else None)

    def check(self) -> bool:
        for w in (self.valid_from, self.valid_to):
            w.setEnabled(self.temporary.isChecked())
        problem, field = "", None
        try:
            validate_affair(self.input(), self.today)
        except GridappError as exc:
            problem, field = exc.message, exc.field
        shown = problem if self.isVisible() or self._tried else ""  # opens quiet until a change or 提交
        for label, w in self._labels.items():
            w.setStyleSheet("border: 1px solid #b00020;" if label == field and shown else "")
        self.problem.setText(shown)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not shown)
        return not problem

    def _save(self) -> None:
        self._tried = True
        if self.check():
            self.accept()


class ReviewDialog(QDialog):
    """审核: approve with an opinion, or reject with the reason (required either way)."""

    def __init__(self, name: str, approve: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("审核通过") if approve else self.tr("驳回"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("事项：{name}").format(name=name)))
        layout.addWidget(QLabel(self.tr("审核意见 *") if approve else self.tr("驳回理由 *")))
        self.opinion = QPlainTextEdit()
        self.opinion.setFixedHeight(90)
        self.opinion.setTabChangesFocus(True)
        layout.addWidget(self.opinion)
        self.buttons = dialog_buttons(self, self.tr("审核通过") if approve else self.tr("驳回"), on_ok=self.accept)
        layout.addWidget(self.buttons)
        self.opinion.textChanged.connect(self.check)
        self.check()

    def check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.opinion.toPlainText().strip()))


class PeriodDialog(QDialog):
    """Pick the publicity period (公示) or a withdrawal date, checked as the dates change."""

    def __init__(self, title: str, today: dt.date, parent: QWidget | None = None, *, min_days: int | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.today = today
        self.min_days = min_days
        form = QFormLayout(self)
        self.start = date_edit(today)
        self.end = date_edit(today + dt.timedelta(days=(min_days or 1) + 2))
        self.reason = QLineEdit()
        if min_days is not None:
            form.addRow(self.tr("公示起"), self.start)
            form.addRow(self.tr("公示止"), self.end)
        else:
            form.addRow(self.tr("退出日期"), self.start)
            form.addRow(self.tr("退出原因"), self.reason)
            self.end.hide()
        self.problem = problem_label()
        form.addRow(self.problem)
        self.buttons = dialog_buttons(self, self.tr("确定"), on_ok=self.accept)
        form.addRow(self.buttons)
        self.start.dateChanged.connect(self.check)
        self.end.dateChanged.connect(self.check)
        self.check()

    def dates(self) -> tuple[dt.date, dt.date]:
        return pydate(self.start.date()), pydate(self.end.date())

    def check(self) -> None:
        start, end = self.dates()
        problem = ""
        if start < self.today:
            problem = self.tr("日期不能早于今天（{d}）。").format(d=self.today.isoformat())
        elif self.min_days is not None and (end - start).days + 1 < self.min_days:
            problem = self.tr("公示期至少 {n} 天（含首尾两天）。").format(n=self.min_days)
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)


class AffairsPage(Page):
    watches = AFFAIR_TABLES | UNIT_TABLES

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.current: Any = None
        self._available: set[str] = set()
        self._seq = 0
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("网格事务清单")))
        layout.addWidget(wrapped(self.tr("部门向镇（街道）或社区网格管理机构申请，经审核、公示后准入；"
                                         "未准入或不在有效期内的事项不能派给网格员。")))

        bar = QHBoxLayout()
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("全部状态"), None)
        self.status_filter.addItem(self.tr("今天有效"), "in_force")
        for code, label in codes.AFFAIR_STATUS.items():
            self.status_filter.addItem(codetr.text(label), code)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("按事项名称或申请部门查找"))
        self.search.setClearButtonEnabled(True)
        self.apply_button = QPushButton(self.tr("申请准入…"))
        self.count_label = QLabel()
        bar.addWidget(QLabel(self.tr("状态")))
        bar.addWidget(self.status_filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.apply_button)
        self.ledger_io = LedgerIO(self, runner, "affairs", self.tr("网格事务清单"),
                                  import_perm=Perm.APPLY, export_perms=(Perm.EXPORT, Perm.APPLY),
                                  filters=self._export_filters)
        self.import_button, self.export_button = self.ledger_io.add_to(bar)
        layout.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal)
        temporary = self.tr("（临时）")
        self.table = LedgerTable(runner, [
            Column(self.tr("事项名称"), lambda v: v.name, sort="name", stretch=True, tooltip=lambda v: v.name),
            Column(self.tr("申请部门"), lambda v: v.department, sort="department", width=104),
            Column(self.tr("单位"), lambda v: v.unit_name, sort="unit", width=76, tooltip=lambda v: v.unit_code),
            # code labels as samples: each column starts wide enough for its values in the running language
            Column(self.tr("频次"), lambda v: codetr.text(v.frequency_label), sort="frequency",
                   samples=[t for _c, t in codetr.items("affair_frequency")]),
            Column(self.tr("状态"), lambda v: codetr.text(v.status_label) + (temporary if v.temporary else ""),
                   sort="status", samples=[codetr.text(codes.AFFAIR_STATUS["admitted"]) + temporary,
                                           *(t for _c, t in codetr.items("affair_status"))]),
            Column(self.tr("有效期"), self._period_text, samples=[self._between("2026-12-31", "2027-12-31")]),
        ], name="affairTable", sort="applied", descending=True, count_label=self.count_label,
            count_text=lambda n: self.tr("共 {n} 项").format(n=f"{n:,}"), select_first=True)
        self.table.horizontalHeader().setStretchLastSection(False)
        split.addWidget(self.table)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(8, 0, 0, 0)
        self.detail = named(QLabel(self.tr("选择一个事项查看详情。")), "affairDetail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dl.addWidget(self.detail)
        dl.addWidget(QLabel(self.tr("办理过程")))
        self.history = QTableWidget(0, 4)
        self.history.setHorizontalHeaderLabels([self.tr("日期"), self.tr("步骤"), self.tr("办理人"), self.tr("意见/说明")])
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.history.setWordWrap(True)
        for col, width in ((0, 84), (1, 64), (2, 120)):
            self.history.setColumnWidth(col, width)
        dl.addWidget(self.history, 1)
        acts = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text in (("approve", self.tr("审核通过…")), ("reject", self.tr("驳回…")),
                          ("publish", self.tr("公示…")), ("admit", self.tr("准入")),
                          ("edit", self.tr("修改申请…")), ("adjust", self.tr("申请调整…")),
                          ("withdraw", self.tr("退出…")), ("cancel", self.tr("撤回申请…"))):
            b = QPushButton(text)
            b.setObjectName(f"affair_{key}")
            b.clicked.connect(lambda _c=False, key=key: self.act(key))
            b.hide()
            acts.addWidget(b)
            self.buttons[key] = b
        acts.addStretch(1)
        dl.addLayout(acts)
        split.addWidget(detail)
        proportions(split, (760, 420))
        layout.addWidget(split, 1)

        self._search_timer = debounce(self, self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selection_changed.connect(self._selected)
        self.apply_button.clicked.connect(self.apply)
        self.apply_button.setEnabled(False)

    # -- session and list -------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self.session = session
        may_apply = session is not None and session.may(Perm.APPLY) and session.principal is not None
        self.apply_button.setVisible(may_apply)
        self.apply_button.setEnabled(may_apply)
        self.ledger_io.set_session(session)
        # who neither applies nor approves (grid workers, police, viewers) mostly needs what is in force today
        works_the_list = session is not None and (session.may(Perm.APPLY) or session.may(Perm.APPROVE))
        self.status_filter.blockSignals(True)
        self.status_filter.setCurrentIndex(self.status_filter.findData(None if works_the_list else "in_force"))
        self.status_filter.blockSignals(False)
        self.invalidate()

    def _service(self) -> Any:
        return self.session.affairs()

    def _export_filters(self) -> dict[str, Any]:
        """What the list shows: its status filter (or in force today) and search."""
        status = self.status_filter.currentData()
        return {"status": None if status == "in_force" else status, "query": self.search.text().strip() or None,
                "in_force_on": self._service().today() if status == "in_force" else None}

    def reload(self) -> None:
        if self.session is None:
            self.table.clear()
            return
        svc = self._service()
        status = self.status_filter.currentData()
        query = self.search.text().strip() or None
        self._seq += 1
        seq = self._seq
        self.read(lambda _p: (svc.today(), svc.admitting_unit()), lambda r: self._loaded(seq, r), label="affairs")

        def ids(sort: str, desc: bool, p: Any) -> Any:
            return svc.ledger_ids(status=None if status == "in_force" else status, query=query,
                                  in_force_on=svc.today() if status == "in_force" else None, sort=sort,
                                  descending=desc, progress=p)

        self.table.load(ids, svc.ledger_rows, source=(id(self.session), status, query))

    def _loaded(self, seq: int, result: Any) -> None:
        if seq != self._seq:
            return
        self.today, admitting = result
        if self.apply_button.isVisible():
            self.apply_button.setEnabled(admitting is not None)
            if admitting is None:
                self.apply_button.setToolTip(self.tr("事项只能向镇（街道）或村（社区）网格管理机构申请。"))

    def _between(self, start: str, end: str) -> str:
        return self.tr("{start} 至 {end}").format(start=start, end=end)

    def _period_text(self, v: Any) -> str:
        if v.in_force_from is not None:
            return self._between(v.in_force_from.isoformat(),
                                 v.in_force_to.isoformat() if v.in_force_to else self.tr("长期"))
        if v.temporary and v.valid_from is not None:
            return self._between(v.valid_from.isoformat(), v.valid_to.isoformat())
        if v.publicity_from is not None:
            return self.tr("公示至 {d}").format(d=v.publicity_to.isoformat())
        return ""

    def _selected(self, v: Any) -> None:
        if v is None or self.session is None:
            if self.table.rowCount() == 0:
                self._show_detail(None, [], set())
            return
        svc = self._service()
        self.read(lambda _p: (svc.get(v.id), svc.history(v.id), svc.available_actions(svc.get(v.id))),
                  lambda r: self._show_detail(*r), label="affair detail")

    def _show_detail(self, v: Any, steps: list[Any], available: set[str]) -> None:
        self.current = v
        self._available = available
        for key, b in self.buttons.items():
            b.setVisible(key in available)
        if v is None:
            self.detail.setText(self.tr("选择一个事项查看详情。"))
            self.history.setRowCount(0)
            return
        rows = [
            (self.tr("事项名称"), v.name), (self.tr("申请部门"), v.department),
            (self.tr("状态"), codetr.text(v.status_label) + (self.tr("（临时事项）") if v.temporary else "")),
            (self.tr("所属清单"), codetr.named(v.unit_name, v.unit_code)),
            (self.tr("法律/政策依据"), v.basis or "—"), (self.tr("网格员职责"), v.duty or "—"),
            (self.tr("频次"), codetr.text(v.frequency_label) or "—"),
            (self.tr("办理时限"), self.tr("{n} 天").format(n=v.deadline_days) if v.deadline_days else "—"),
            (self.tr("所需数据"), v.required_data or "—"),
        ]
        if v.temporary and v.valid_from is not None:
            rows.append((self.tr("有效期"), self._between(v.valid_from.isoformat(), v.valid_to.isoformat())))
        if v.opinion:
            rows.append((self.tr("审核意见"), v.opinion))
        if v.publicity_from is not None:
            rows.append((self.tr("公示期"), self._between(v.publicity_from.isoformat(), v.publicity_to.isoformat())))
        if v.in_force_from is not None:
            rows.append((self.tr("生效期间"), self._between(
                v.in_force_from.isoformat(), v.in_force_to.isoformat() if v.in_force_to else self.tr("长期"))))
        if v.withdrawn_on is not None:
            rows.append((self.tr("退出"), v.withdrawn_on.isoformat() + (f"{colon()}{v.withdraw_reason}" if v.withdraw_reason
                                                                       else "")))
        if v.replaces_id:
            rows.append((self.tr("说明"), self.tr("这是对已准入事项的调整，准入前原事项继续有效。")))
        self.detail.setText("\n".join(f"{k}{colon()}{val}" for k, val in rows))
        self.history.setRowCount(len(steps))
        for r, s in enumerate(steps):
            for c, text in enumerate((s.on_date.isoformat(), codetr.text(s.action_label), s.username, s.note or "")):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.history.setItem(r, c, item)
        self.history.resizeRowsToContents()  # opinions wrap in their column instead of being cut off

    # -- acts -------------------------------------------------------------------------------------
    def _run(self, fn: Any, label: str) -> None:
        self.write(lambda _p: fn(), label=label)

    def _today(self) -> dt.date:
        return getattr(self, "today", None) or clock.today()

    def apply(self) -> None:
        if self.session is None:
            return
        form = AffairForm(self.tr("申请事项准入"), self._today(), self)
        self.form = form
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        svc, data = self._service(), form.input()
        self.write(lambda _p: svc.apply(data), lambda new_id: self.table.reveal_new(
            new_id, self.tr("已提交“{name}”的准入申请。").format(name=data.name),
            self.tr("已提交“{name}”的准入申请；当前状态或查找条件下的列表中没有它。").format(name=data.name)),
            label="affair apply")

    def act(self, key: str) -> None:
        v = self.current
        if v is None or self.session is None or key not in self._available:
            return
        svc = self._service()
        if key in ("approve", "reject"):
            dialog = ReviewDialog(v.name, key == "approve", self)
            self.dialog = dialog
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            opinion = dialog.opinion.toPlainText()
            self._run(lambda: svc.review(v.id, approve=key == "approve", opinion=opinion), "affair review")
        elif key == "publish":
            dialog = PeriodDialog(self.tr("公示：{name}").format(name=v.name), self._today(), self,
                                  min_days=MIN_PUBLICITY_DAYS)
            self.dialog = dialog
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            start, end = dialog.dates()
            self._run(lambda: svc.publish(v.id, start, end), "affair publish")
        elif key == "admit":
            self._run(lambda: svc.admit(v.id), "affair admit")
        elif key == "withdraw":
            dialog = PeriodDialog(self.tr("退出：{name}").format(name=v.name), self._today(), self)
            self.dialog = dialog
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            on, _ = dialog.dates()
            reason = dialog.reason.text()
            self._run(lambda: svc.withdraw(v.id, on, reason), "affair withdraw")
        elif key == "cancel":
            reason, ok = QInputDialog.getText(
                self, self.tr("撤回申请"), self.tr("撤回“{name}”的准入申请。撤回理由：").format(name=v.name))
            if ok:
                self._run(lambda: svc.cancel(v.id, reason), "affair cancel")
        elif key in ("edit", "adjust"):
            title = self.tr("修改申请") if key == "edit" else self.tr("申请调整：{name}").format(name=v.name)
            form = AffairForm(title, self._today(), self, current=v, allow_temporary=key == "edit")
            self.form = form
            if form.exec() != QDialog.DialogCode.Accepted:
                return
            data = form.input()
            if key == "edit":
                self._run(lambda: svc.edit(v.id, data), "affair edit")
            else:
                self._run(lambda: svc.adjust(v.id, data), "affair adjust")
