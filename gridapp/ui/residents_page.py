"""居民户籍: the resident list at a million rows, search, filters, the household view, the add/edit form and
the ledger import.

The list model holds the ordered id list of the filtered list (`RegistryService.id_list`, SQL order and
filter, a compact array) and a small cache of rows: it asks the registry for the rows of a slice of ids
(`RegistryService.rows`) on the runner, page by page, as the view paints them (Anki/calibre style). The first
window is read directly (`RegistryService.page`) so the list paints before the id list is in. A search shows
the search's bounded result list and says when it was cut short.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.core import codes
from gridapp.core.errors import Cancelled, GridappError
from gridapp.core.idnumber import parse_id
from gridapp.core.permissions import SENSITIVE_GROUPS, Perm
from gridapp.core.phone import normalize_phone
from gridapp.core.progress import Progress

from . import runner as flags
from .building_view import BuildingDialog
from .ledger_table import PAGE_ROWS, Column, LedgerModel
from .resident_dialogs import ExtensionSection, MoveDialog, SpecialGroupsDialog, TagsDialog
from .runner import DbRunner
from .widgets import run_with_progress, show_error


class ResidentTableModel(LedgerModel):
    """The filtered resident list: the ledgers' lazy model (`.ledger_table.LedgerModel`) with the resident's
    columns. The list is the ordered id list of the whole filter (`set_ids`, a compact array of rowids read by
    the registry on the runner); before the id list arrives the model shows the first window it was given."""

    COLUMNS = ("name", "gender", "birth_date", "id_number", "phone", "grid", "address", "type")
    # no sorting by birth date: the order would tell the date the masked list hides (README, protection)
    SORTABLE = {"name": "name", "grid": "grid", "address": "address"}

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, [], parent, label="resident page")
        self.grid_labels: dict[str, str] = {}  # grid code -> name (with its community's when needed)
        self.headers = {"name": self.tr("姓名"), "gender": self.tr("性别"), "birth_date": self.tr("出生年份"),
                        "id_number": self.tr("公民身份号码"), "phone": self.tr("联系电话"), "grid": self.tr("网格"),
                        "address": self.tr("现住址"), "type": self.tr("人口类型")}
        values: dict[str, Callable[[Any], Any]] = {
            "gender": lambda v: codes.label("gender", v.gender),
            # masked rows carry the birth year only
            "birth_date": lambda v: v.birth_date.isoformat() if v.birth_date is not None else str(v.birth_year),
            "grid": lambda v: self.grid_labels.get(v.unit_code, v.unit_code),
            "address": lambda v: v.current_address or "",
            "type": lambda v: codes.label("resident_type", v.resident_type)}
        self.columns = [Column(self.headers[c], values.get(c, lambda v, c=c: getattr(v, c)), sort=self.SORTABLE.get(c),
                          tooltip=(lambda v: v.unit_code) if c == "grid" else None)  # the grid's code
                   for c in self.COLUMNS]


class ResidentForm(QDialog):
    """Add or edit a resident: checked as you type (ID check digit, birth date and gender from the ID,
    phone format, required fields); Enter saves, Esc cancels."""

    def __init__(self, grids: list[tuple[str, str]], parent: QWidget | None = None, *,
                 current: dict[str, Any] | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("修改居民") if current else self.tr("新增居民"))
        self.values: dict[str, Any] = {}
        form = QFormLayout(self)
        self.grid = QComboBox()
        for code, name in grids:
            self.grid.addItem(f"{name}（{code}）", code)
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(18)
        self.gender = QComboBox()
        self.gender.addItem(self.tr("（按身份证号）"), None)
        for code in ("1", "2"):
            self.gender.addItem(codes.GENDER[code], code)
        self.birth = QLineEdit()
        self.birth.setPlaceholderText(self.tr("按身份证号自动填写"))
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.resident_type = QComboBox()
        for code, label in codes.RESIDENT_TYPE.items():
            self.resident_type.addItem(label, code)
        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setStyleSheet("color: #b00020;")
        form.addRow(self.tr("网格"), self.grid)
        form.addRow(self.tr("姓名 *"), self.name)
        form.addRow(self.tr("公民身份号码 *"), self.id_number)
        form.addRow(self.tr("性别"), self.gender)
        form.addRow(self.tr("出生日期"), self.birth)
        form.addRow(self.tr("联系电话"), self.phone)
        form.addRow(self.tr("现住址"), self.address)
        form.addRow(self.tr("人口类型"), self.resident_type)
        self.extension = ExtensionSection()
        form.addRow(self.extension)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)  # Enter saves, Esc cancels
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        if current:
            i = self.grid.findData(current.get("grid_code"))
            self.grid.setCurrentIndex(max(i, 0))
            self.grid.setEnabled(False)
            self.name.setText(current.get("name", ""))
            self.address.setText(current.get("current_address") or "")
            self.id_number.setPlaceholderText(self.tr("不修改请留空"))
            self.resident_type.setCurrentIndex(max(0, self.resident_type.findData(current.get("resident_type"))))
            self.extension.load(current)
        self.extension.set_type(self.resident_type.currentData())
        self.resident_type.currentIndexChanged.connect(lambda _i: self.extension.set_type(
            self.resident_type.currentData()))
        self.extension.changed.connect(self.check)
        for w in (self.name, self.id_number, self.birth, self.phone):
            w.textChanged.connect(self.check)
        self.gender.currentIndexChanged.connect(self.check)
        self._editing = current is not None
        self.check()

    def check(self) -> bool:
        """Validate what is typed; show the first problem under the form; enable Save only when clean."""
        problem = ""
        idn = self.id_number.text().strip()
        try:
            if not self.name.text().strip():
                raise GridappError(self.tr("姓名不能为空。"))
            if idn or not self._editing:
                info = parse_id(idn)
                if not self.birth.hasFocus():
                    self.birth.setPlaceholderText(info.birth_date.isoformat())
                g = self.gender.currentData()
                if g is not None and g != info.gender:
                    raise GridappError(self.tr("性别与身份证号不符（号码显示为{g}）。").format(
                        g=codes.label("gender", info.gender)))
                b = self.birth.text().strip()
                if b:
                    try:
                        born = dt.date.fromisoformat(b)
                    except ValueError:
                        raise GridappError(self.tr("出生日期请写成 1990-01-31。")) from None
                    if born != info.birth_date:
                        raise GridappError(self.tr("出生日期与身份证号中的 {d} 不符。").format(d=info.birth_date))
            normalize_phone(self.phone.text() or None)
            if self.extension.problem():
                raise GridappError(self.extension.problem())
        except GridappError as exc:
            problem = exc.message
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)
        return not problem

    def _save(self) -> None:
        if not self.check():
            return
        v: dict[str, Any] = {"grid_code": self.grid.currentData(), "name": self.name.text().strip(),
                             "phone": self.phone.text().strip() or None,
                             "current_address": self.address.text().strip() or None,
                             "resident_type": self.resident_type.currentData(), **self.extension.values()}
        if self.id_number.text().strip():
            v["id_number"] = self.id_number.text().strip()
        if self.gender.currentData() is not None:
            v["gender"] = self.gender.currentData()
        if self.birth.text().strip():
            v["birth_date"] = dt.date.fromisoformat(self.birth.text().strip())
        self.values = v
        self.accept()


class StatusDialog(QDialog):
    """迁出 / 死亡: a status change with a date (never a delete)."""

    def __init__(self, name: str, status_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("{status}：{name}").format(status=status_label, name=name))
        form = QFormLayout(self)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setDate(dt.date.today())
        self.date.setMaximumDate(dt.date.today())
        form.addRow(self.tr("日期"), self.date)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> dt.date:
        return self.date.date().toPython()


class HistoryDialog(QDialog):
    """修改记录: every change of one resident's record (ID and phone masked)."""

    def __init__(self, name: str, entries: list[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("修改记录：{name}").format(name=name))
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(entries), 3)
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels([self.tr("时间"), self.tr("操作"), self.tr("内容")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, e in enumerate(entries):
            text = "；".join(f"{k}：{v}" for k, v in e.fields.items())
            for col, value in enumerate((e.at, e.op, text)):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(720, 360)


class GridChoiceDialog(QDialog):
    """Which grid a ledger without a 网格编码 column goes to: the grids in scope, named with their community."""

    def __init__(self, message: str, choices: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("gridChoice")
        self.setWindowTitle(self.tr("选择网格"))
        layout = QVBoxLayout(self)
        text = QLabel(message)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.grid = QComboBox()
        for code, name in choices:
            self.grid.addItem(name, code)
        layout.addWidget(self.grid)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导入到此网格"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class ImportDialog(QDialog):
    """导入台账: pick a file, see the preview counts, then import in the background (progress, cancel)."""

    imported = Signal(dict)

    def __init__(self, runner: DbRunner, session: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入台账"))
        self.runner, self.session = runner, session
        self.plan: Any = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("选择 .xlsx 台账文件"))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        self.check_button = QPushButton(self.tr("检查"))
        self.check_button.clicked.connect(self.prepare)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(self.check_button)
        layout.addLayout(row)
        # a ledger without a 网格编码 column goes to the user's grid; above a grid the dialog asks once
        self.chosen_grid: str | None = None
        self.grid_label = QLabel()
        self.grid_label.setObjectName("importGrid")
        self.grid_label.hide()
        layout.addWidget(self.grid_label)
        self.grid_dialog: GridChoiceDialog | None = None
        self.path.textChanged.connect(self._forget_grid)
        self.summary = QLabel(self.tr("尚未检查。"))
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.errors_button = self.buttons.addButton(self.tr("保存错误表…"), QDialogButtonBox.ButtonRole.ActionRole)
        close = self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        self.import_button.clicked.connect(self.run_import)
        self.errors_button.clicked.connect(self._save_errors)
        self.import_button.setEnabled(False)
        self.errors_button.setEnabled(False)
        layout.addWidget(self.buttons)

    def _forget_grid(self) -> None:
        self.chosen_grid = None
        self.grid_label.hide()

    def ask_grid(self, message: str, choices: list[tuple[str, str]]) -> None:
        """The ledger has no grid column: ask which grid it belongs to, then check it again."""
        if not choices:
            self.summary.setText(message)
            return
        dialog = GridChoiceDialog(message, choices, self)
        self.grid_dialog = dialog

        def chosen() -> None:
            self.chosen_grid = dialog.grid.currentData()
            self.grid_label.setText(self.tr("表中没有网格编码，导入到：{grid}").format(grid=dialog.grid.currentText()))
            self.grid_label.show()
            self.prepare()

        dialog.accepted.connect(chosen)
        dialog.rejected.connect(lambda: self.summary.setText(self.tr("未选择网格，未导入。")))
        dialog.open()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择台账"), "", self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            self.path.setText(path)
            self.prepare()

    def prepare(self) -> None:
        path, grid, ledger = self.path.text().strip(), self.chosen_grid, self.session.ledger()
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("正在检查……"))

        def shown(plan: Any) -> None:
            self.plan = plan
            c = plan.counts
            text = self.tr("工作表“{sheet}”：新增 {new} 人，更新 {upd} 人，无变化 {same} 人，"
                           "拒绝 {bad} 行。").format(sheet=plan.sheet, new=c["inserted"], upd=c["updated"],
                                                    same=c["unchanged"], bad=c["rejected"])
            if c["households"] or c["buildings"]:
                text += self.tr("将新建户 {households} 个、楼栋 {buildings} 栋。").format(
                    households=c["households"], buildings=c["buildings"])
            self.summary.setText(text)
            self.import_button.setEnabled(bool(c["inserted"] or c["updated"]))
            self.errors_button.setEnabled(bool(c["rejected"]))

        def failed(exc: BaseException) -> None:
            choices = getattr(exc, "choices", None)  # GridRequired: no grid column, and no grid of one's own
            if choices is not None and self.chosen_grid is None:
                self.summary.setText(self.tr("请选择网格。"))
                self.ask_grid(exc.message, choices)  # type: ignore[attr-defined]
                return
            self.summary.setText(str(exc) if isinstance(exc, GridappError) else repr(exc))

        self.runner.submit(lambda p: ledger.prepare(path, default_grid=grid, progress=p), label="prepare import",
                           on_done=shown, on_error=failed)

    def run_import(self) -> None:
        plan, ledger = self.plan, self.session.ledger()
        if plan is None:
            return

        def done(counts: dict) -> None:
            text = self.tr("已导入：新增 {new} 人，更新 {upd} 人。").format(new=counts["inserted"], upd=counts["updated"])
            if counts["households"] or counts["buildings"]:
                text += self.tr("新建户 {households} 个、楼栋 {buildings} 栋。").format(
                    households=counts["households"], buildings=counts["buildings"])
            self.summary.setText(text)
            self.import_button.setEnabled(False)
            self.plan = None if not counts["rejected"] else plan
            self.imported.emit(counts)

        def failed(exc: BaseException) -> None:
            from gridapp.core.errors import Cancelled

            if isinstance(exc, Cancelled):
                self.summary.setText(self.tr("已取消，未写入任何数据。"))
            else:  # one transaction: a failure rolls everything back too
                self.summary.setText(self.tr("导入失败，未写入任何数据：{reason}").format(
                    reason=str(exc) if isinstance(exc, GridappError) else repr(exc)))

        run_with_progress(self, self.runner, lambda p: ledger.apply(plan, p), label=self.tr("正在导入台账"),
                          on_done=done, on_error=failed, flags=frozenset({flags.REGISTRY}))

    def _save_errors(self) -> None:
        if self.plan is None:
            return
        out, _ = QFileDialog.getSaveFileName(self, self.tr("保存错误表"), "", self.tr("Excel 工作簿 (*.xlsx)"))
        if out:
            self.write_errors(Path(out))

    def write_errors(self, out: Path) -> None:
        plan, ledger = self.plan, self.session.ledger()
        self.runner.submit(lambda _p: ledger.write_errors(plan, out), label="errors workbook",
                           on_error=lambda exc: show_error(self, exc))


class ResidentsPage(QWidget):
    """居民户籍: search box, filters, the list, the household of the selected resident."""

    print_household_card = Signal(str, str)  # unit code, household id

    def __init__(self, runner: DbRunner, settings: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.revealed: Any | None = None  # the last record shown with full numbers
        self.reveal_box: QMessageBox | None = None
        self.session: Any = None
        self.grids: list[tuple[str, str]] = []
        self.history_dialog: HistoryDialog | None = None
        self._reload_seq = 0
        self._ids_op: Any = None  # the id list being read (cancelled when the filter changes)
        self.sort = getattr(settings, "resident_sort", "name") or "name"
        if self.sort not in ResidentTableModel.SORTABLE.values():  # a sort no longer offered (birth date)
            self.sort = "name"
        self.descending = bool(getattr(settings, "resident_sort_desc", False))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("residentSearch")
        self.search.setPlaceholderText(self.tr("查找：姓名、拼音首字母（zs）、全拼、身份证号或电话后几位、地址"))
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 1)
        self.add_button = QPushButton(self.tr("新增"))
        self.edit_button = QPushButton(self.tr("修改"))
        self.import_button = QPushButton(self.tr("导入台账"))
        self.export_button = QPushButton(self.tr("导出"))
        for b in (self.add_button, self.edit_button, self.import_button, self.export_button):
            top.addWidget(b)
        layout.addLayout(top)
        filters = QHBoxLayout()
        self.grid_filter = QComboBox()
        self.grid_filter.setObjectName("gridFilter")
        self.grid_filter.addItem(self.tr("全部网格"), None)
        self.type_filter = QComboBox()
        self.type_filter.addItem(self.tr("全部类型"), None)
        for code, label in codes.RESIDENT_TYPE.items():
            self.type_filter.addItem(label, code)
        self.tag_filter = QComboBox()
        self.tag_filter.addItem(self.tr("全部标签"), None)
        self.age_min = QSpinBox()
        self.age_max = QSpinBox()
        for box in (self.age_min, self.age_max):
            box.setRange(-1, 150)
            box.setSpecialValueText(self.tr("不限"))
            box.setValue(-1)
        filters.addWidget(self.grid_filter)
        filters.addWidget(self.type_filter)
        filters.addWidget(self.tag_filter)
        filters.addWidget(QLabel(self.tr("年龄")))
        filters.addWidget(self.age_min)
        filters.addWidget(QLabel("—"))
        filters.addWidget(self.age_max)
        filters.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("residentCount")
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        split = QSplitter(Qt.Orientation.Vertical)
        self.model = ResidentTableModel(runner, self)
        self.table = QTableView()
        self.table.setObjectName("residentTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionsClickable(True)
        # fixed widths that fit what the columns hold (a masked ID is 18 characters, a grid code 15)
        for column, width in {"name": 80, "gender": 44, "birth_date": 96, "id_number": 168, "phone": 110,
                              "grid": 140, "address": 300}.items():
            self.table.setColumnWidth(ResidentTableModel.COLUMNS.index(column), width)
        self.table.horizontalHeader().sectionClicked.connect(self._header_clicked)
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._column_menu)
        split.addWidget(self.table)
        household_box = QWidget()
        household_layout = QHBoxLayout(household_box)
        household_layout.setContentsMargins(0, 0, 0, 0)
        self.household = QLabel(self.tr("选中一位居民，这里显示其所在的户。"))
        self.household.setObjectName("householdView")
        self.household.setWordWrap(True)
        self.household.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        household_layout.addWidget(self.household, 1)
        self.card_button = QPushButton(self.tr("打印户卡…"))
        self.card_button.setObjectName("printCardButton")
        self.card_button.setEnabled(False)
        self.card_button.clicked.connect(self._print_card)
        household_layout.addWidget(self.card_button, 0, Qt.AlignmentFlag.AlignTop)
        self.buildings_button = QPushButton(self.tr("楼栋与住户…"))
        self.buildings_button.setObjectName("buildingsButton")
        self.buildings_button.clicked.connect(lambda: self.show_buildings())
        household_layout.addWidget(self.buildings_button, 0, Qt.AlignmentFlag.AlignTop)
        self._shown_household: Any | None = None
        split.addWidget(household_box)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.grid_filter, self.type_filter, self.tag_filter):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        for box in (self.age_min, self.age_max):
            box.valueChanged.connect(lambda _v: self._debounce.start())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_household(cur.row()))
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.add_button.clicked.connect(self.add_resident)
        self.edit_button.clicked.connect(self.edit_selected)
        self.import_button.clicked.connect(self.open_import)
        self.export_button.clicked.connect(self.export)
        self._apply_columns()
        self._show_sort()

    # -- session and state ------------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self.session = session
        may = session.may if session is not None else (lambda _p: False)
        self.add_button.setEnabled(may(Perm.EDIT))
        self.edit_button.setEnabled(may(Perm.EDIT))
        self.import_button.setEnabled(may(Perm.IMPORT))
        self.export_button.setEnabled(may(Perm.EXPORT))
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(self.tr("全部标签"), None)
        for tag in codes.CARE_TAGS:
            self.tag_filter.addItem(tag, tag)
        if may(Perm.SENSITIVE):
            for tag in sorted(SENSITIVE_GROUPS):
                self.tag_filter.addItem(tag, tag)
        self.tag_filter.blockSignals(False)
        if session is None:
            self.model.set_source(0, None)
            return
        reg = session.registry()

        def got(grids: list[tuple[str, str]]) -> None:
            self.grids = grids
            self.grid_filter.blockSignals(True)
            self.grid_filter.clear()
            self.grid_filter.addItem(self.tr("全部网格"), None)
            for code, name in grids:
                self.grid_filter.addItem(f"{name}（{code}）", code)
            self.grid_filter.blockSignals(False)
            self.reload()

        def labelled(labels: dict[str, str]) -> None:
            self.model.grid_labels = labels
            if self.model.total:
                self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(
                    self.model.total - 1, len(ResidentTableModel.COLUMNS) - 1))

        self.runner.submit(lambda _p: reg.grid_labels(), label="grid labels", on_done=labelled,
                           on_error=lambda e: show_error(self, e))
        self.runner.submit(lambda _p: reg.grids(), label="grids", on_done=got, on_error=lambda e: show_error(self, e))

    def filters(self) -> Any:
        from gridapp.services.registry import ResidentFilter

        return ResidentFilter(
            grid_code=self.grid_filter.currentData(), resident_type=self.type_filter.currentData(),
            tag=self.tag_filter.currentData(),
            age_min=self.age_min.value() if self.age_min.value() >= 0 else None,
            age_max=self.age_max.value() if self.age_max.value() >= 0 else None)

    def reload(self) -> None:
        """Show the list for the current search text, filters and sort order: a search's bounded result, or
        the first window at once and then the id list of the whole filter (which gives the count)."""
        if self.session is None:
            return
        reg, f, query = self.session.registry(), self.filters(), self.search.text().strip()
        sort, desc = self.sort, self.descending
        self._reload_seq += 1
        seq = self._reload_seq
        if self._ids_op is not None:  # an id list for an older filter is not wanted any more
            self._ids_op.cancel()
            self._ids_op = None

        if query:
            def done_search(result: Any) -> None:
                if seq != self._reload_seq:
                    return
                self.model.set_source(len(result.rows), None, result.rows)
                if result.too_short:
                    self.count_label.setText(self.tr("数字请至少输入 3 位（证件号或电话的末几位、电话的前几位）"))
                elif result.truncated:
                    self.count_label.setText(self.tr("仅显示前 {n} 条，请输入更多文字缩小范围").format(
                        n=len(result.rows)))
                else:
                    self.count_label.setText(self.tr("找到 {n} 人").format(n=len(result.rows)))

            self.runner.submit(lambda _p: reg.find(query, f), label="search", on_done=done_search,
                               on_error=self._failed)
            return

        def first_shown(rows: list[Any]) -> None:
            if seq != self._reload_seq or not self.model.loading:
                return
            self.model.set_source(len(rows), reg.rows, rows)
            self.count_label.setText(self.tr("正在统计……"))

        def got_ids(ids: Any) -> None:
            if seq != self._reload_seq:
                return
            self._ids_op = None
            self.model.set_ids(ids, reg.rows)
            self.count_label.setText(self.tr("共 {n} 人").format(n=f"{len(ids):,}"))

        def ids_failed(exc: BaseException) -> None:
            if seq == self._reload_seq and not isinstance(exc, Cancelled):
                self._failed(exc)

        # first paint does not wait for the id list: the first window is shown at once, the rest follows
        self.model.set_source(0, reg.rows)  # loading: no rows yet, no id list yet
        self.count_label.setText(self.tr("正在统计……"))
        self.runner.submit(lambda _p: reg.page(f, offset=0, limit=PAGE_ROWS, sort=sort, descending=desc),
                           label="first window", on_done=first_shown, on_error=self._failed)
        self._ids_op = self.runner.submit(
            lambda p: reg.id_list(f, sort=sort, descending=desc, progress=p), label="resident ids",
            on_done=got_ids, on_error=ids_failed)

    def _failed(self, exc: BaseException) -> None:
        self.model.set_source(0, None)
        self.count_label.setText(str(exc) if isinstance(exc, GridappError) else "")

    def on_changed(self, changed: frozenset) -> None:
        if flags.REGISTRY in changed or flags.SYNC in changed:
            self.refresh()

    def refresh(self) -> None:
        """Read the list on show again after a change, keeping the scroll position and the selection (a
        search result or a list still loading is simply read again)."""
        if self.session is None:
            return
        if self.search.text().strip() or self.model.loading or self.model._ids is None:
            self.reload()
            return
        reg, f, sort, desc = self.session.registry(), self.filters(), self.sort, self.descending
        self._reload_seq += 1
        seq = self._reload_seq
        if self._ids_op is not None:
            self._ids_op.cancel()

        def got_ids(ids: Any) -> None:
            if seq != self._reload_seq:
                return
            self._ids_op = None
            self.model.refresh_ids(ids, reg.rows)
            self.count_label.setText(self.tr("共 {n} 人").format(n=f"{len(ids):,}"))

        def ids_failed(exc: BaseException) -> None:
            if seq == self._reload_seq and not isinstance(exc, Cancelled):
                self._failed(exc)

        self._ids_op = self.runner.submit(
            lambda p: reg.id_list(f, sort=sort, descending=desc, progress=p), label="resident ids",
            on_done=got_ids, on_error=ids_failed)

    # -- columns and sorting (remembered) -------------------------------------------------------------------
    def _header_clicked(self, section: int) -> None:
        col = ResidentTableModel.COLUMNS[section]
        key = ResidentTableModel.SORTABLE.get(col)
        if key is None:
            return
        self.descending = (not self.descending) if key == self.sort else False
        self.sort = key
        self._show_sort()
        self._remember()
        self.reload()

    def _show_sort(self) -> None:
        header = self.table.horizontalHeader()
        cols = ResidentTableModel.COLUMNS
        section = next((i for i, c in enumerate(cols) if ResidentTableModel.SORTABLE.get(c) == self.sort), 0)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(section, Qt.SortOrder.DescendingOrder if self.descending
                                else Qt.SortOrder.AscendingOrder)

    def _column_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        for i, col in enumerate(ResidentTableModel.COLUMNS):
            act = menu.addAction(self.model.headers[col])
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(i))
            act.toggled.connect(lambda on, i=i: self.set_column_visible(i, on))
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    def set_column_visible(self, section: int, visible: bool) -> None:
        self.table.setColumnHidden(section, not visible)
        self._remember()

    def _apply_columns(self) -> None:
        shown = getattr(self.settings, "resident_columns", None)
        for i, col in enumerate(ResidentTableModel.COLUMNS):
            self.table.setColumnHidden(i, shown is not None and col not in shown)

    def _remember(self) -> None:
        if self.settings is None:
            return
        self.settings.resident_columns = [c for i, c in enumerate(ResidentTableModel.COLUMNS)
                                          if not self.table.isColumnHidden(i)]
        self.settings.resident_sort = self.sort
        self.settings.resident_sort_desc = self.descending
        try:
            self.settings.save()
        except OSError:
            pass

    # -- the selected resident --------------------------------------------------------------------------------
    def selected(self) -> Any | None:
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def _show_household(self, row: int) -> None:
        v = self.model.row_at(row) if row >= 0 else None
        if v is None or self.session is None:
            return
        reg = self.session.registry()

        def load(_p: Progress) -> Any:
            hid = reg.household_of(v.id)
            return reg.household(hid) if hid else None

        def shown(h: Any) -> None:
            self._shown_household = h
            self.card_button.setEnabled(h is not None)
            if h is None:
                self.household.setText(self.tr("{name} 未登记在任何户。").format(name=v.name))
                return
            lines = [self.tr("户：{address}　户主：{head}").format(address=h.address, head=h.head_name or "—")]
            lines += [f"　{m.name}　{m.relation}　{m.gender}　{m.age}" for m in h.members]
            self.household.setText("\n".join(lines))

        self.runner.submit(load, label="household", on_done=shown, on_error=lambda e: None)

    def _print_card(self) -> None:
        """The shown household's card: the 报表 page builds and previews it (print or save from there)."""
        h = self._shown_household
        if h is not None:
            self.print_household_card.emit(h.unit_code, h.id)

    # -- acts --------------------------------------------------------------------------------------------------
    def add_resident(self) -> None:
        if self.session is None:
            return
        form = ResidentForm(self.grids, self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        self.save_new(form.values)

    def save_new(self, values: dict[str, Any]) -> None:
        from gridapp.services.registry import ResidentInput

        reg = self.session.registry()
        v = dict(values)
        data = ResidentInput(grid_code=v.pop("grid_code"), id_number=v.pop("id_number", ""), name=v.pop("name"),
                             gender=v.pop("gender", None), birth_date=v.pop("birth_date", None),
                             phone=v.pop("phone", None), resident_type=v.pop("resident_type", "1"),
                             current_address=v.pop("current_address", None),
                             extra={k: val for k, val in v.items() if val is not None})
        self.runner.submit(lambda _p: reg.create_resident(data), label="create resident",
                           on_error=lambda e: show_error(self, e), flags=frozenset({flags.REGISTRY}))

    def edit_selected(self) -> None:
        v = self.selected()
        if v is None or self.session is None:
            return
        reg = self.session.registry()

        def edit(current: dict[str, Any]) -> None:
            form = ResidentForm(self.grids, self, current=current)
            self.resident_form = form
            if form.exec() != QDialog.DialogCode.Accepted:
                return
            changes = {k: val for k, val in form.values.items()
                       if k != "grid_code" and (val is not None or current.get(k) is not None)}
            self.runner.submit(lambda _p: reg.update_resident(v.id, changes), label="edit resident",
                               on_error=lambda e: show_error(self, e), flags=frozenset({flags.REGISTRY}))

        self.runner.submit(lambda _p: reg.details(v.id), label="resident details", on_done=edit,
                           on_error=lambda e: show_error(self, e))

    def _row_menu(self, pos: Any) -> None:
        v = self.selected()
        if v is None or self.session is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("修改…"), self.edit_selected).setEnabled(self.session.may(Perm.EDIT))
        for status in ("moved_out", "deceased"):
            act = menu.addAction(codes.RESIDENT_STATUS[status] + "…",
                                 lambda status=status: self.change_status(status))
            act.setEnabled(self.session.may(Perm.EDIT))
        menu.addAction(self.tr("修改记录"), self.show_history)
        menu.addSeparator()
        menu.addAction(self.tr("关爱标签…"), self.edit_tags).setEnabled(self.session.may(Perm.EDIT))
        if self.session.may(Perm.SENSITIVE):  # special groups: not even offered to other roles
            menu.addAction(self.tr("特殊人群…"), self.show_special_groups)
        menu.addAction(self.tr("迁至其他户…"), self.move_selected).setEnabled(self.session.may(Perm.EDIT))
        menu.addAction(self.tr("楼栋与住户…"), self.show_buildings)
        self.row_menu = menu
        if self.session.may(Perm.REVEAL):  # offered only to roles that may reveal; every use is audited
            menu.addAction(self.tr("查看完整号码…"), self.reveal_selected)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def reveal_selected(self, *, confirm: bool = True) -> None:
        """Show one person's full ID and phone numbers: a deliberate act, recorded in the audit log."""
        v = self.selected()
        if v is None or self.session is None:
            return
        if confirm and QMessageBox.question(
                self, self.tr("查看完整号码"),
                self.tr("查看 {name} 的完整身份证号码和电话将记入审计日志。确定查看吗？").format(name=v.name)
        ) != QMessageBox.StandardButton.Yes:
            return
        reg = self.session.registry()

        def shown(view: Any) -> None:
            self.revealed = view
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("完整号码"), self.tr(
                "{name}\n公民身份号码：{id_number}\n联系电话：{phone}").format(
                    name=view.name, id_number=view.id_number, phone=view.phone or "—"),
                QMessageBox.StandardButton.Ok, self)
            box.setObjectName("revealBox")
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.open()
            self.reveal_box = box

        self.runner.submit(lambda _p: reg.get_resident(v.id, reveal=True, reason="居民户籍查看完整号码"),
                           label="reveal", on_done=shown, on_error=lambda e: show_error(self, e))

    def change_status(self, status: str, on: dt.date | None = None) -> None:
        """迁出 / 死亡 with a date (asked for unless given)."""
        v = self.selected()
        if v is None or self.session is None:
            return
        if on is None:
            dialog = StatusDialog(v.name, codes.RESIDENT_STATUS[status], self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            on = dialog.chosen()
        reg, day = self.session.registry(), on
        self.runner.submit(lambda _p: reg.set_status(v.id, status, day), label="status",
                           on_error=lambda e: show_error(self, e), flags=frozenset({flags.REGISTRY}))

    def show_history(self) -> None:
        v = self.selected()
        if v is None or self.session is None:
            return None
        reg = self.session.registry()
        def shown(entries: list[Any]) -> None:
            self.history_dialog = HistoryDialog(v.name, entries, self)
            self.history_dialog.show()

        self.runner.submit(lambda _p: reg.history(v.id), label="history", on_done=shown,
                           on_error=lambda e: show_error(self, e))

    # -- tags, special groups, moving, buildings (resident_dialogs.py, building_view.py) -----------------------
    def edit_tags(self) -> None:
        """关爱标签: tick care tags; the changes are written on the runner."""
        v = self.selected()
        if v is None or self.session is None:
            return
        reg = self.session.registry()

        def ask(tags: list[str]) -> None:
            dialog = TagsDialog(v.name, tags, self)
            self.tags_dialog = dialog
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            add, remove = dialog.changes()

            self.runner.submit(lambda _p: reg.set_tags(v.id, add, remove), label="tags",  # all or nothing
                               on_error=lambda e: show_error(self, e), flags=frozenset({flags.REGISTRY}))

        self.runner.submit(lambda _p: reg.tags_of(v.id), label="tags of", on_done=ask,
                           on_error=lambda e: show_error(self, e))

    def show_special_groups(self) -> SpecialGroupsDialog | None:
        v = self.selected()
        if v is None or self.session is None or not self.session.may(Perm.SENSITIVE):
            return None
        dialog = SpecialGroupsDialog(self.runner, self.session.registry(), v.id, v.name,
                                     may_edit=self.session.may(Perm.EDIT), parent=self)
        dialog.setModal(True)
        dialog.show()
        self.special_groups_dialog = dialog
        return dialog

    def move_selected(self) -> None:
        v = self.selected()
        if v is None or self.session is None:
            return
        reg = self.session.registry()

        def ask(household_id: str | None) -> None:
            dialog = MoveDialog(self.runner, reg, v, household_id, self)
            dialog.setModal(True)
            dialog.show()
            self.move_dialog = dialog

        self.runner.submit(lambda _p: reg.household_of(v.id), label="household of", on_done=ask,
                           on_error=lambda e: show_error(self, e))

    def show_buildings(self) -> BuildingDialog | None:
        """楼栋与住户: the selected resident's grid and building (or the first grid)."""
        if self.session is None:
            return None
        v, h = self.selected(), self._shown_household
        grid = v.unit_code if v is not None else self.grid_filter.currentData()
        dialog = BuildingDialog(self.runner, self.session.registry(), self.grids, grid_code=grid,
                                building_id=h.building_id if h is not None else None,
                                household_id=h.id if h is not None else None, parent=self)
        dialog.show()
        self.building_dialog = dialog
        return dialog

    def open_import(self) -> ImportDialog | None:
        if self.session is None:
            return None
        dialog = ImportDialog(self.runner, self.session, self)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def export(self) -> None:
        if self.session is None:
            return
        out = self.choose_export_file()
        if not out:
            return
        reveal = False
        if self.session.may(Perm.REVEAL):  # only roles that may reveal are asked; such an export is audited
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("导出居民台账"),
                              self.tr("导出的台账中，证件号和电话是否脱敏？含完整号码的导出会记入审计日志。"),
                              parent=self)
            masked = box.addButton(self.tr("脱敏导出"), QMessageBox.ButtonRole.AcceptRole)
            full = box.addButton(self.tr("含完整号码"), QMessageBox.ButtonRole.ActionRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(masked)
            box.exec()
            if box.clickedButton() not in (masked, full):
                return
            reveal = box.clickedButton() is full
        self.export_to(Path(out), reveal=reveal)

    def choose_export_file(self) -> str:  # a hook: tests answer it without a native dialog
        out, _ = QFileDialog.getSaveFileName(self, self.tr("导出居民台账"), "居民台账.xlsx",
                                             self.tr("Excel 工作簿 (*.xlsx)"))
        return out

    def export_to(self, out: Path, *, reveal: bool = False) -> None:
        ledger = self.session.ledger()

        def done(n: int) -> None:
            text = (self.tr("已导出 {n} 名居民（含完整证件号和电话，请妥善保管文件）。") if reveal
                    else self.tr("已导出 {n} 名居民（证件号和电话已脱敏）。"))
            QMessageBox.information(self, self.tr("导出"), text.format(n=n))

        run_with_progress(self, self.runner, lambda p: ledger.export(out, reveal=reveal, progress=p),
                          label=self.tr("正在导出"), on_done=done)
