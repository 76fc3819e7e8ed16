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
from operator import attrgetter
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
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

from gridapp.core import codes, regions
from gridapp.core.errors import Cancelled, GridappError
from gridapp.core.permissions import SENSITIVE_CARE_TAGS, SENSITIVE_GROUPS, Perm
from gridapp.core.progress import Progress

from . import codetr
from .building_view import BuildingDialog, HouseholdForm, fill_members, household_lines, member_headers
from .i18n import colon, semicolon
from .ledger_io import LedgerImportDialog
from .ledger_table import PAGE_ROWS, Column, LedgerModel
from .notify import status_message
from .pages import REGISTRY_TABLES, Page
from .resident_dialogs import (
    MoveDialog,
    PersonCard,
    ResidentForm,
    SpecialGroupsDialog,
    TagsDialog,
    load_card,
)
from .runner import DbRunner
from .widgets import DateDialog, debounce, dialog_buttons, proportions, run_with_progress, show_error, wrapped


class ResidentTableModel(LedgerModel):
    """The filtered resident list: the ledgers' lazy model (`.ledger_table.LedgerModel`) with the resident's
    columns. The list is the ordered id list of the whole filter (`set_ids`, a compact array of rowids read by
    the registry on the runner); before the id list arrives the model shows the first window it was given."""

    COLUMNS = ("name", "gender", "birth_date", "id_number", "phone", "grid", "address", "registered", "type")
    # no sorting by birth date: the order would tell the date the masked list hides (README, protection)
    SORTABLE = {"name": "name", "grid": "grid", "address": "address"}

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, [], parent, label="resident page")
        self.grid_labels: dict[str, str] = {}  # grid code -> name (with its community's when needed)
        self.headers = {"name": self.tr("姓名"), "gender": self.tr("性别"), "birth_date": self.tr("出生年份"),
                        "id_number": self.tr("公民身份号码"), "phone": self.tr("联系电话"), "grid": self.tr("网格"),
                        "address": self.tr("现住址"), "registered": self.tr("户籍地"), "type": self.tr("人口类型")}
        values: dict[str, Callable[[Any], Any]] = {
            "gender": lambda v: codetr.label("gender", v.gender),
            # masked rows carry the birth year only
            "birth_date": lambda v: v.birth_date.isoformat() if v.birth_date is not None else str(v.birth_year),
            "grid": lambda v: self.grid_labels.get(v.unit_code, v.unit_code),
            "address": lambda v: v.current_address or "",
            "registered": lambda v: regions.name_of(v.registered_region),  # the place's name; its code on hover
            "type": lambda v: codetr.label("resident_type", v.resident_type)}
        tips: dict[str, Callable[[Any], Any]] = {"grid": lambda v: v.unit_code,  # the grid's code
                                                 "registered": lambda v: v.registered_region or ""}
        self.columns = [Column(self.headers[c], values.get(c, attrgetter(c)), sort=self.SORTABLE.get(c),
                               tooltip=tips.get(c)) for c in self.COLUMNS]


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
            text = semicolon().join(f"{k}{colon()}{v}" for k, v in e.fields.items())
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
        layout.addWidget(wrapped(message))
        self.grid = QComboBox()
        for code, name in choices:
            self.grid.addItem(name, code)
        layout.addWidget(self.grid)
        self.buttons = dialog_buttons(self, self.tr("导入到此网格"), self.tr("取消"))
        layout.addWidget(self.buttons)


class ImportDialog(LedgerImportDialog):
    """导入台账: pick a file, see the check in full (counts, and the refused rows with their reasons in a table),
    the columns it reads and the template; then import in the background (progress, cancel) and say how many
    rows were refused. The other areas' import dialog (ledger_io.AreaImportDialog) shares all but the check."""

    def __init__(self, runner: DbRunner, session: Any, parent: QWidget | None = None):
        super().__init__(runner, session, "", "import", parent)
        self.setWindowTitle(self.tr("导入台账"))
        self.path.textChanged.connect(self._forget_grid)
        self.resize(780, 540)  # fits 1366×768

    def ledger(self) -> Any:
        return self.session.ledger()

    def template_file_name(self) -> str:
        return self.tr("居民台账模板.xlsx")

    def add_choices(self, layout: QVBoxLayout) -> None:
        # a ledger without a 网格编码 column goes to the user's grid; above a grid the dialog asks once
        self.chosen_grid: str | None = None
        self.grid_label = QLabel()
        self.grid_label.setObjectName("importGrid")
        self.grid_label.hide()
        layout.addWidget(self.grid_label)
        self.grid_dialog: GridChoiceDialog | None = None

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

    def prepare(self) -> None:
        path, grid, ledger = self.path.text().strip(), self.chosen_grid, self.ledger()
        self.import_button.setEnabled(False)
        self.refused.setRowCount(0)
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
            if plan.ignored_headers:
                text += self.tr("未使用的列：{cols}。").format(cols="、".join(plan.ignored_headers))
            text += self.tr("尚未写入任何数据。")
            self.summary.setText(text)
            self._show_refused(plan)
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
        plan, ledger = self.plan, self.ledger()
        if plan is None:
            return

        def done(counts: dict) -> None:
            text = self.tr("已导入：新增 {new} 人，更新 {upd} 人；拒绝 {bad} 行（未导入）。").format(
                new=counts["inserted"], upd=counts["updated"], bad=counts["rejected"])
            if counts["households"] or counts["buildings"]:
                text += self.tr("新建户 {households} 个、楼栋 {buildings} 栋。").format(
                    households=counts["households"], buildings=counts["buildings"])
            if counts["rejected"]:
                text += self.tr("被拒绝的行及原因见下表，可保存为错误表修改后再导入。")
            self.summary.setText(text)
            self._show_refused(plan)
            self.import_button.setEnabled(False)
            self.plan = None if not counts["rejected"] else plan
            self.imported.emit(counts)

        run_with_progress(self, self.runner, lambda p: ledger.apply(plan, p), label=self.tr("正在导入台账"),
                          on_done=done, on_error=self.import_failed)


class ResidentsPage(Page):
    """居民户籍: search box, filters, the list, the household of the selected resident."""

    print_household_card = Signal(str, str)  # unit code, household id
    watches = REGISTRY_TABLES

    def __init__(self, runner: DbRunner, settings: Any = None, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.settings = settings
        self.revealed: Any | None = None  # the last record shown with full numbers
        self.reveal_box: QMessageBox | None = None
        self.grids: list[tuple[str, str]] = []
        self.history_dialog: HistoryDialog | None = None
        self._reload_seq = 0
        self._pending_select: tuple[str, int, str] | None = None  # a record just saved, selected once listed
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
        self.person_button = QPushButton(self.tr("居民卡片"))
        self.person_button.setObjectName("personCardButton")
        self.person_button.setToolTip(self.tr("只读查看选中居民的全部信息：户、楼栋、标签和修改记录"))
        self.import_button = QPushButton(self.tr("导入台账"))
        self.export_button = QPushButton(self.tr("导出"))
        for b in (self.add_button, self.edit_button, self.person_button, self.import_button, self.export_button):
            top.addWidget(b)
        layout.addLayout(top)
        filters = QHBoxLayout()
        self.grid_filter = QComboBox()
        self.grid_filter.setObjectName("gridFilter")
        self.grid_filter.addItem(self.tr("全部网格"), None)
        self.type_filter = QComboBox()
        self.type_filter.addItem(self.tr("全部类型"), None)
        for code, label in codetr.items("resident_type"):
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
        for column, width in {"name": 80, "gender": 62, "birth_date": 96, "id_number": 168, "phone": 110,
                              "grid": 140, "address": 230, "registered": 140}.items():
            self.table.setColumnWidth(ResidentTableModel.COLUMNS.index(column), width)
        self.table.horizontalHeader().sectionClicked.connect(self._header_clicked)
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._column_menu)
        split.addWidget(self.table)
        household_box = QWidget()
        household_layout = QHBoxLayout(household_box)
        household_layout.setContentsMargins(0, 0, 0, 0)
        members_box = QVBoxLayout()
        self.household = QLabel(self.tr("选中一位居民，这里显示其所在的户。"))
        self.household.setObjectName("householdView")
        self.household.setWordWrap(True)
        members_box.addWidget(self.household)
        self.household_members = QTableWidget(0, 5)
        self.household_members.setObjectName("householdPanelMembers")
        self.household_members.setHorizontalHeaderLabels(member_headers())
        self.household_members.verticalHeader().setVisible(False)
        self.household_members.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.household_members.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.household_members.horizontalHeader().setStretchLastSection(True)
        for c in range(4):  # labels and values fit in either language (Head of household, Age (this year))
            self.household_members.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        members_box.addWidget(self.household_members, 1)
        household_layout.addLayout(members_box, 1)
        side = QVBoxLayout()
        self.card_button = QPushButton(self.tr("打印户卡…"))
        self.card_button.setObjectName("printCardButton")
        self.card_button.setEnabled(False)
        self.card_button.clicked.connect(self._print_card)
        side.addWidget(self.card_button)
        self.edit_household_button = QPushButton(self.tr("修改户…"))
        self.edit_household_button.setObjectName("editHouseholdButton")
        self.edit_household_button.setToolTip(self.tr("修改户的地址、户号、房号，或把户归入楼栋"))
        self.edit_household_button.setEnabled(False)
        self.edit_household_button.clicked.connect(lambda _c=False: self.edit_household())
        side.addWidget(self.edit_household_button)
        self.buildings_button = QPushButton(self.tr("楼栋与住户…"))
        self.buildings_button.setObjectName("buildingsButton")
        self.buildings_button.clicked.connect(lambda: self.show_buildings())
        side.addWidget(self.buildings_button)
        side.addStretch(1)
        household_layout.addLayout(side)
        self._shown_household: Any | None = None
        split.addWidget(household_box)
        proportions(split, None, (4, 1))
        layout.addWidget(split, 1)

        self._debounce = debounce(self, self.reload)
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
        self.person_button.clicked.connect(lambda _c=False: self.show_card())
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
            if tag in SENSITIVE_CARE_TAGS and not may(Perm.SENSITIVE):  # 党员: the party membership's field
                continue
            self.tag_filter.addItem(codetr.text(tag), tag)
        if may(Perm.SENSITIVE):
            for tag in sorted(SENSITIVE_GROUPS):
                self.tag_filter.addItem(codetr.text(tag), tag)
        self.tag_filter.blockSignals(False)
        self._stale = False  # read here: the grids, then the list
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
                self.grid_filter.addItem(codetr.named(name, code), code)
            self.grid_filter.blockSignals(False)
            self.reload()

        def labelled(labels: dict[str, str]) -> None:
            self.model.grid_labels = labels
            if self.model.total:
                self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(
                    self.model.total - 1, len(ResidentTableModel.COLUMNS) - 1))

        def labels(_p: Any) -> dict[str, str]:
            regions.warm()  # the place names the list shows (户籍地), read here rather than on the GUI thread
            return reg.grid_labels()

        self.read(labels, labelled, label="grid labels")
        self.read(lambda _p: reg.grids(), got, label="grids")

    def filters(self) -> Any:
        from gridapp.domain.residents import ResidentFilter

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
                self._select_new(rows=result.rows)

            self.runner.submit(lambda _p: reg.find(query, f), label="search", on_done=done_search,
                               on_error=self._failed)
            return

        def first_shown(rows: list[Any]) -> None:
            if seq != self._reload_seq or not self.model.loading:
                return
            self.model.set_source(len(rows), reg.rows, rows)
            self.count_label.setText(self.tr("正在统计……"))

        # first paint does not wait for the id list: the first window is shown at once, the rest follows
        self.model.set_source(0, reg.rows)  # loading: no rows yet, no id list yet
        self.count_label.setText(self.tr("正在统计……"))
        self.runner.submit(lambda _p: reg.page(f, offset=0, limit=PAGE_ROWS, sort=sort, descending=desc),
                           label="first window", on_done=first_shown, on_error=self._failed)
        self._read_ids(seq, reg, f, sort, desc, self.model.set_ids)

    def _failed(self, exc: BaseException) -> None:
        self.model.set_source(0, None)
        self.count_label.setText(str(exc) if isinstance(exc, GridappError) else "")

    def reload_changed(self) -> None:
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

        self._read_ids(seq, reg, f, sort, desc, self.model.refresh_ids)

    def _read_ids(self, seq: int, reg: Any, f: Any, sort: str, desc: bool,
                  take: Callable[[Any, Callable[..., Any]], None]) -> None:
        """Read the whole id list of the filter `f` on the runner; `take` (the model's set_ids or refresh_ids)
        receives it unless a newer reload (`seq`) has begun meanwhile."""

        def got_ids(ids: Any) -> None:
            if seq != self._reload_seq:
                return
            self._ids_op = None
            take(ids, reg.rows)
            self.count_label.setText(self.tr("共 {n} 人").format(n=f"{len(ids):,}"))
            self._select_new(ids=ids)

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
            self.edit_household_button.setEnabled(h is not None and self.session is not None
                                                  and self.session.may(Perm.EDIT))
            fill_members(self.household_members, h)
            if h is None:
                self.household.setText(self.tr("{name} 未登记在任何户。").format(name=v.name))
                return
            self.household.setText(household_lines(h))

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
        form = ResidentForm(self.grids, self, sensitive=self.session.may(Perm.SENSITIVE))
        self.resident_form = form
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        self.save_new(form.values)

    def save_new(self, values: dict[str, Any]) -> None:
        from gridapp.domain.residents import ResidentInput

        reg = self.session.registry()
        v = dict(values)
        data = ResidentInput(grid_code=v.pop("grid_code"), id_number=v.pop("id_number", ""), name=v.pop("name"),
                             gender=v.pop("gender", None), birth_date=v.pop("birth_date", None),
                             phone=v.pop("phone", None), resident_type=v.pop("resident_type", "1"),
                             current_address=v.pop("current_address", None), ethnicity=v.pop("ethnicity", "01"),
                             relation_to_head=v.pop("relation_to_head", None),
                             extra={k: val for k, val in v.items() if val is not None})
        def work(_p: Progress) -> tuple[str, int]:
            new_id = reg.create_resident(data)
            return new_id, reg.resident_rowid(new_id)

        def done(got: tuple[str, int]) -> None:
            # the list is read again (the REGISTRY change): the new record is selected when it is in
            self._pending_select = (got[0], got[1], data.name)
            status_message(self, self.tr("已保存新居民“{name}”。").format(name=data.name))

        self.write(work, label="create resident", on_done=done)

    def _select_new(self, ids: Any = None, rows: list[Any] | None = None) -> None:
        """Select the record just saved in the list on show (its id list or the search's rows); say so in the
        status bar when the current search or filters leave it out."""
        pending = self._pending_select
        if pending is None:
            return
        self._pending_select = None
        rid, rowid, name = pending
        row = -1
        if ids is not None:
            try:
                row = ids.index(rowid)
            except ValueError:
                row = -1
        elif rows is not None:
            row = next((i for i, r in enumerate(rows) if r.id == rid), -1)
        if row < 0:
            status_message(self, self.tr("已保存新居民“{name}”；当前查找或筛选条件下的列表中没有该居民。").format(name=name))
            return
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)

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
            self.write(lambda _p: reg.update_resident(v.id, changes), label="edit resident")

        self.read(lambda _p: reg.details(v.id), edit, label="resident details")

    def _row_menu(self, pos: Any) -> None:
        v = self.selected()
        if v is None or self.session is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("居民卡片…"), self.show_card)
        menu.addAction(self.tr("修改…"), self.edit_selected).setEnabled(self.session.may(Perm.EDIT))
        for status in ("moved_out", "deceased"):
            act = menu.addAction(codetr.text(codes.RESIDENT_STATUS[status]) + "…",
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

        self.read(lambda _p: reg.get_resident(v.id, reveal=True, reason="居民户籍查看完整号码"), shown, label="reveal")

    def change_status(self, status: str, on: dt.date | None = None) -> None:
        """迁出 / 死亡 with a date (asked for unless given)."""
        v = self.selected()
        if v is None or self.session is None:
            return
        if on is None:
            dialog = DateDialog(self.tr("{status}：{name}").format(status=codetr.text(codes.RESIDENT_STATUS[status]),
                                                                  name=v.name), self.tr("日期"), self.tr("确定"),
                                parent=self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            on = dialog.chosen()
        reg, day = self.session.registry(), on
        self.write(lambda _p: reg.set_status(v.id, status, day), label="status")

    def show_history(self) -> None:
        v = self.selected()
        if v is None or self.session is None:
            return None
        reg = self.session.registry()
        def shown(entries: list[Any]) -> None:
            self.history_dialog = HistoryDialog(v.name, entries, self)
            self.history_dialog.show()

        self.read(lambda _p: reg.history(v.id), shown, label="history")

    def show_card(self) -> None:
        """居民卡片: the selected resident's whole record, read-only (read on the runner, then shown)."""
        v = self.selected()
        if v is None or self.session is None:
            return
        reg, sensitive = self.session.registry(), self.session.may(Perm.SENSITIVE)

        def shown(data: dict[str, Any]) -> None:
            card = PersonCard(data, self.model.grid_labels.get(v.unit_code, v.unit_code), self)
            card.show()
            self.person_card = card

        self.runner.submit(lambda _p: load_card(reg, v.id, sensitive=sensitive), label="person card",
                           on_done=shown, on_error=lambda e: show_error(self, e))

    # -- tags, special groups, moving, buildings (resident_dialogs.py, building_view.py) -----------------------
    def edit_tags(self) -> None:
        """关爱标签: tick care tags; the changes are written on the runner."""
        v = self.selected()
        if v is None or self.session is None:
            return
        reg = self.session.registry()

        def ask(tags: list[str]) -> None:
            dialog = TagsDialog(v.name, tags, self, sensitive=self.session.may(Perm.SENSITIVE))
            self.tags_dialog = dialog
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            add, remove = dialog.changes()

            self.write(lambda _p: reg.set_tags(v.id, add, remove), label="tags")  # all or nothing

        self.read(lambda _p: reg.tags_of(v.id), ask, label="tags of")

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

        self.read(lambda _p: reg.household_of(v.id), ask, label="household of")

    def show_buildings(self) -> BuildingDialog | None:
        """楼栋与住户: the selected resident's grid and building (or the first grid)."""
        if self.session is None:
            return None
        v, h = self.selected(), self._shown_household
        grid = v.unit_code if v is not None else self.grid_filter.currentData()
        dialog = BuildingDialog(self.runner, self.session.registry(), self.grids, grid_code=grid,
                                building_id=h.building_id if h is not None else None,
                                household_id=h.id if h is not None else None,
                                may_edit=self.session.may(Perm.EDIT), parent=self)
        dialog.changed.connect(self._household_changed)
        dialog.show()
        self.building_dialog = dialog
        return dialog

    def _household_changed(self) -> None:
        idx = self.table.currentIndex()
        if idx.isValid():
            self._show_household(idx.row())

    def edit_household(self) -> None:
        """修改户: the shown household's address, 户号, room, and the building of its grid it is in."""
        h = self._shown_household
        if h is None or self.session is None or not self.session.may(Perm.EDIT):
            return
        reg = self.session.registry()

        def ask(buildings: list[tuple[str, str, str | None, int]]) -> None:
            form = HouseholdForm(buildings, self, current=h)
            self.household_form = form
            if form.exec() != QDialog.DialogCode.Accepted:
                return
            values, text = form.values, self.tr("已保存户“{address}”。").format(address=form.values["address"])

            def done(_r: Any) -> None:
                status_message(self, text)
                self._household_changed()

            self.runner.submit(lambda _p: reg.update_household(h.id, values), label="edit household",
                               on_done=done, on_error=lambda e: show_error(self, e))

        self.runner.submit(lambda _p: reg.buildings_of(h.unit_code), label="buildings of", on_done=ask,
                           on_error=lambda e: show_error(self, e))

    def open_import(self) -> ImportDialog | None:
        if self.session is None:
            return None
        dialog = ImportDialog(self.runner, self.session, self)
        dialog.setModal(True)
        dialog.show()
        self.import_dialog = dialog
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
        """Export what the list shows: the current filters, and with a search text the rows found. Runs on the
        runner behind a progress dialog; says how many went where."""
        ledger, f = self.session.ledger(), self.filters()
        query = self.search.text().strip()
        ids: list[str] | None = None
        if query:  # the search's result list: its rows as shown
            ids = [r.id for r in (self.model.row_at(i) for i in range(self.model.total)) if r is not None]

        def done(n: int) -> None:
            text = (self.tr("已按当前列表导出 {n} 名居民到 {out}（含完整证件号和电话，请妥善保管文件）。") if reveal
                    else self.tr("已按当前列表导出 {n} 名居民到 {out}（证件号和电话已脱敏）。"))
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("导出"), text.format(n=n, out=out),
                              parent=self)
            box.setObjectName("exportDone")
            self.export_message = box
            box.open()
            status_message(self, self.tr("已导出 {n} 名居民到 {out}。").format(n=n, out=out))

        run_with_progress(self, self.runner,
                          lambda p: ledger.export(out, reveal=reveal, progress=p, filters=f, resident_ids=ids),
                          label=self.tr("正在导出"), on_done=done, on_error=lambda e: show_error(self, e))
