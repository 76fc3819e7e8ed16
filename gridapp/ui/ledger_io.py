"""导入… and 导出… for an area's ledger (affairs, visits, disputes, 八小工程): one dialog and one export flow that
every page uses (services/xlsx_ledger.py holds the rules).

The import dialog checks the workbook first (the preview: counts, and the refused rows with their reasons in a
table), shows the columns it reads and offers the template; 导入 then writes the accepted rows in one
transaction (a backup first) and says how many were refused. Export writes what the list shows (its filters),
masked, and says how many rows went where. File dialogs are reached through hooks (`choose_import_file`,
`choose_errors_file`, `choose_template_file`, `choose_export_file`) that tests answer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.core.errors import Cancelled, GridappError
from gridapp.core.permissions import Perm

from .runner import DbRunner
from .widgets import named, run_with_progress, show_error

XLSX_FILTER = "Excel (*.xlsx)"


def _error_text(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, GridappError) else repr(exc)


class LedgerImportDialog(QDialog):
    """What the import dialogs share (the residents' ledger and the areas'): a file row (path, 浏览…, 检查), the
    columns the ledger reads, the check's summary, the refused rows with their reasons, and 导入 / 保存错误表… /
    保存模板… / 关闭. A subclass gives `ledger()`, `prepare()` (the check) and `run_import()`, and may add a
    line under the file row (`add_choices`). The object names start with `names` (its tests find them)."""

    imported = Signal(dict)

    def __init__(self, runner: DbRunner, session: Any, title: str, names: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.runner, self.session = runner, session
        self.plan: Any = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("选择 .xlsx 台账文件"))
        self.browse_button = QPushButton(self.tr("浏览…"))
        self.browse_button.clicked.connect(self._browse)
        self.check_button = QPushButton(self.tr("检查"))
        self.check_button.clicked.connect(self.prepare)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse_button)
        row.addWidget(self.check_button)
        layout.addLayout(row)
        self.add_choices(layout)
        headers = "；".join(f"{label}（{'、'.join(variants[1:])}）" if len(variants) > 1 else label
                           for label, variants in self.ledger().accepted_headers().items())
        self.columns = named(QLabel(self.tr("可识别的列（括号内为也可用的列名）：{headers}").format(headers=headers)),
                             f"{names}Columns")
        self.columns.setWordWrap(True)
        self.columns.setStyleSheet("color: #555;")
        layout.addWidget(self.columns)
        self.summary = named(QLabel(self.tr("尚未检查。选择文件后先检查，确认无误再导入；导入前不会写入任何数据。")),
                             f"{names}Summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.refused = named(QTableWidget(0, 2), f"{names}Refused")
        self.refused.setHorizontalHeaderLabels([self.tr("行号"), self.tr("未导入的原因")])
        self.refused.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.refused.verticalHeader().setVisible(False)
        self.refused.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.refused.setWordWrap(True)
        layout.addWidget(self.refused, 1)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.errors_button = self.buttons.addButton(self.tr("保存错误表…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.template_button = self.buttons.addButton(self.tr("保存模板…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.reject)
        self.import_button.clicked.connect(self.run_import)
        self.errors_button.clicked.connect(self._save_errors)
        self.template_button.clicked.connect(lambda _c=False: self._save_template())
        self.import_button.setEnabled(False)
        self.errors_button.setEnabled(False)
        layout.addWidget(self.buttons)

    # -- what a subclass gives ----------------------------------------------------------------------------------
    def ledger(self) -> Any:
        raise NotImplementedError

    def add_choices(self, layout: QVBoxLayout) -> None:
        """A line under the file row (where rows without a unit go); none by default."""

    def template_file_name(self) -> str:
        return self.tr("导入模板.xlsx")

    def prepare(self) -> None:
        raise NotImplementedError

    def run_import(self) -> None:
        raise NotImplementedError

    # -- hooks: tests answer these instead of native file dialogs ---------------------------------------------
    def choose_import_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择台账"), "", XLSX_FILTER)
        return path

    def choose_errors_file(self) -> str:
        out, _ = QFileDialog.getSaveFileName(self, self.tr("保存错误表"), self.tr("未导入的行.xlsx"), XLSX_FILTER)
        return out

    def choose_template_file(self) -> str:
        out, _ = QFileDialog.getSaveFileName(self, self.tr("保存模板"), self.template_file_name(), XLSX_FILTER)
        return out

    # -- shared steps -------------------------------------------------------------------------------------------
    def _browse(self) -> None:
        path = self.choose_import_file()
        if path:
            self.path.setText(path)
            self.prepare()

    def _show_refused(self, plan: Any) -> None:
        rows = plan.refused
        self.refused.setRowCount(len(rows))
        for i, r in enumerate(rows):
            self.refused.setItem(i, 0, QTableWidgetItem(str(r.row_no)))
            self.refused.setItem(i, 1, QTableWidgetItem(r.reason))
        self.refused.resizeRowsToContents()

    def import_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.summary.setText(self.tr("已取消，未写入任何数据。"))
        else:  # one transaction: a failure rolls everything back
            self.summary.setText(self.tr("导入失败，未写入任何数据：{reason}").format(reason=_error_text(exc)))

    def _save_errors(self) -> None:
        if self.plan is None:
            return
        out = self.choose_errors_file()
        if out:
            self.write_errors(Path(out))

    def write_errors(self, out: Path) -> None:
        plan, ledger = self.plan, self.ledger()
        self.runner.submit(lambda _p: ledger.write_errors(plan, out), label="errors workbook",
                           on_done=lambda n: self.summary.setText(
                               self.tr("已把 {n} 行未导入的行及原因保存到 {out}。").format(n=n, out=out)),
                           on_error=lambda exc: show_error(self, exc))

    def _save_template(self) -> None:
        out = self.choose_template_file()
        if not out:
            return
        ledger = self.ledger()
        self.runner.submit(lambda _p: ledger.write_template(Path(out)), label="ledger template",
                           on_done=lambda _r: self.summary.setText(self.tr("模板已保存到 {out}。").format(out=out)),
                           on_error=lambda exc: show_error(self, exc))


class AreaImportDialog(LedgerImportDialog):
    """导入台账 for one area: choose a file, see the check, import the accepted rows."""

    def __init__(self, runner: DbRunner, session: Any, area: str, title: str,
                 unit_choices: Callable[[], list[tuple[str, str]]] | None = None, parent: QWidget | None = None):
        self.area, self.unit_choices = area, unit_choices
        super().__init__(runner, session, "", "ledger", parent)
        self.setWindowTitle(self.tr("导入{title}").format(title=title))
        self.resize(760, 520)
        self.unit.currentIndexChanged.connect(self._forget)
        self.path.textChanged.connect(self._forget)

    def ledger(self) -> Any:
        return self.session.area_ledger(self.area)

    def add_choices(self, layout: QVBoxLayout) -> None:
        self.unit = named(QComboBox(), "ledgerDefaultUnit")
        unit_choices = self.unit_choices
        if unit_choices:
            unit_row = QHBoxLayout()
            unit_row.addWidget(QLabel(self.tr("表中没有网格（单位）的行记到")))
            self.unit.addItem(self.tr("本人所在单位"), None)
            unit_row.addWidget(self.unit, 1)
            layout.addLayout(unit_row)

            def fill(choices: list[tuple[str, str]]) -> None:
                for code, name in choices:
                    self.unit.addItem(name, code)

            self.runner.submit(lambda _p: unit_choices(), label="ledger units", on_done=fill)
        else:
            self.unit.hide()

    # -- the check and the import ---------------------------------------------------------------------------------
    def _forget(self) -> None:
        self.plan = None
        self.import_button.setEnabled(False)
        self.errors_button.setEnabled(False)

    def prepare(self) -> None:
        path, unit = self.path.text().strip(), self.unit.currentData()
        if not path:
            self.summary.setText(self.tr("请先选择台账文件。"))
            return
        ledger = self.ledger()
        self._forget()
        self.refused.setRowCount(0)
        self.summary.setText(self.tr("正在检查……"))

        def shown(plan: Any) -> None:
            self.plan = plan
            c = plan.counts
            text = self.tr("工作表“{sheet}”共 {total} 行：可导入 {ok} 行，拒绝 {bad} 行。").format(
                sheet=plan.sheet, total=c["total"], ok=c["accepted"], bad=c["rejected"])
            if plan.ignored_headers:
                text += self.tr("未使用的列：{cols}。").format(cols="、".join(plan.ignored_headers))
            text += self.tr("尚未写入任何数据。") if c["accepted"] else self.tr("没有可导入的行。")
            self.summary.setText(text)
            self._show_refused(plan)
            self.import_button.setEnabled(bool(c["accepted"]))
            self.errors_button.setEnabled(bool(c["rejected"]))

        def failed(exc: BaseException) -> None:
            self.summary.setText(_error_text(exc))

        self.runner.submit(lambda p: ledger.prepare(path, default_unit=unit, progress=p),
                           label=f"prepare {self.area} import", on_done=shown, on_error=failed)

    def run_import(self) -> None:
        plan, session = self.plan, self.session
        if plan is None:
            return
        ledger = self.ledger()
        self.import_button.setEnabled(False)

        def work(p: Any) -> dict:
            if session.principal is not None:
                session.backups().make("pre-import")
            return ledger.apply(plan, p)

        def done(counts: dict) -> None:
            text = self.tr("已导入 {ok} 行，拒绝 {bad} 行（未导入）。").format(ok=counts["accepted"],
                                                                      bad=counts["rejected"])
            if counts["rejected"]:
                text += self.tr("被拒绝的行及原因见下表，可保存为错误表修改后再导入。")
            self.summary.setText(text)
            self._show_refused(plan)
            self.errors_button.setEnabled(bool(counts["rejected"]))
            self.imported.emit(counts)

        def failed(exc: BaseException) -> None:
            self.import_failed(exc)
            self.import_button.setEnabled(True)

        run_with_progress(self, self.runner, work, label=self.tr("正在导入"), on_done=done, on_error=failed)


class LedgerIO(QObject):
    """The 导入… and 导出… buttons of a page. `filters()` gives the export the list's current filters;
    `unit_choices()` (optional) the units rows without one may go to."""

    def __init__(self, page: QWidget, runner: DbRunner, area: str, title: str, *,
                 import_perm: Perm, export_perms: tuple[Perm, ...] = (Perm.EXPORT,),
                 filters: Callable[[], dict[str, Any]] = dict,
                 unit_choices: Callable[[], list[tuple[str, str]]] | None = None):
        super().__init__(page)
        self.page, self.runner, self.area, self.title = page, runner, area, title
        self.import_perm, self.export_perms = import_perm, export_perms
        self.filters, self.unit_choices = filters, unit_choices
        self.session: Any = None
        self.dialog: AreaImportDialog | None = None
        self.message: QMessageBox | None = None
        self.import_button = QPushButton(self.tr("导入…"))
        self.import_button.setObjectName(f"{area}Import")
        self.import_button.setToolTip(self.tr("从 Excel 台账（.xlsx）导入：先检查，确认后再写入"))
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setObjectName(f"{area}Export")
        self.export_button.setToolTip(self.tr("把列表中显示的记录导出为 Excel 台账（.xlsx，联系电话和证件号脱敏）"))
        self.import_button.clicked.connect(self.open_import)
        self.export_button.clicked.connect(self.export)
        self.set_session(None)

    def add_to(self, bar: QHBoxLayout) -> tuple[QPushButton, QPushButton]:
        """Put the two buttons in a page's button bar; returns (import, export)."""
        bar.addWidget(self.import_button)
        bar.addWidget(self.export_button)
        return self.import_button, self.export_button

    def set_session(self, session: Any) -> None:
        self.session = session
        may_import = session is not None and session.may(self.import_perm)
        may_export = session is not None and any(session.may(p) for p in self.export_perms)
        self.import_button.setVisible(may_import)
        self.import_button.setEnabled(may_import)
        self.export_button.setEnabled(may_export)

    def choose_export_file(self) -> str:  # a hook: tests answer it without a native dialog
        out, _ = QFileDialog.getSaveFileName(self.page, self.tr("导出{title}").format(title=self.title),
                                             f"{self.title}.xlsx", XLSX_FILTER)
        return out

    def open_import(self) -> AreaImportDialog | None:
        if self.session is None:
            return None
        dialog = AreaImportDialog(self.runner, self.session, self.area, self.title, self.unit_choices,
                                  self.page)
        dialog.setModal(True)
        dialog.show()
        self.dialog = dialog
        return dialog

    def export(self) -> None:
        if self.session is None:
            return
        out = self.choose_export_file()
        if out:
            self.export_to(Path(out))

    def export_to(self, out: Path) -> None:
        ledger, filters = self.session.area_ledger(self.area), self.filters()

        def done(n: int) -> None:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("导出"),
                              self.tr("已导出 {n} 行{title}到 {out}（联系电话和证件号已脱敏）。").format(
                                  n=n, title=self.title, out=out), parent=self.page)
            self.message = box
            box.open()

        run_with_progress(self.page, self.runner, lambda p: ledger.export(out, progress=p, **filters),
                          label=self.tr("正在导出"), on_done=done, on_error=lambda exc: show_error(self.page, exc))
