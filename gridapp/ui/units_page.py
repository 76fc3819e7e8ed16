"""组织机构: the unit tree below the user's unit and the people assigned to it. The office (综治中心) adds,
renames, retires and moves units and assigns people; other roles see the tree read-only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.core.orgcode import (
    DUTIES,
    GRID_HOUSEHOLDS_MAX,
    GRID_HOUSEHOLDS_MIN,
    GRID_TYPES,
    LEVELS,
    Level,
    household_guidance,
)
from gridapp.core.permissions import Perm
from gridapp.domain import clock

from . import codetr
from .dates import date_edit
from .i18n import colon, semicolon
from .notify import status_message
from .pages import REGISTRY_TABLES, UNIT_TABLES, Page
from .runner import DbRunner
from .widgets import ERROR_STYLE, FormDialog, ValidatedDialog, choice_box, named, page_frame, wrapped

RETIRED_COLOUR = QColor("#888888")


def level_text(_widget: QWidget, level: Level) -> str:
    """The level's label in the running language (the Chinese labels of core.orgcode, translated here)."""
    return {Level.CITY: QCoreApplication.translate("UnitsPage", "市"),
            Level.DISTRICT: QCoreApplication.translate("UnitsPage", "区县"),
            Level.TOWN: QCoreApplication.translate("UnitsPage", "镇(街道)"),
            Level.COMMUNITY: QCoreApplication.translate("UnitsPage", "村(社区)"),
            Level.GRID: QCoreApplication.translate("UnitsPage", "网格")}[level]


def grid_type_text(_widget: QWidget, grid_type: str | None) -> str:
    return {"urban": QCoreApplication.translate("UnitsPage", "城市"),
            "rural": QCoreApplication.translate("UnitsPage", "农村"),
            "dedicated": QCoreApplication.translate("UnitsPage", "专属")}.get(grid_type or "", "")


def duty_text(_widget: QWidget, duty: str) -> str:
    return {"grid_worker": QCoreApplication.translate("UnitsPage", "专职网格员"),
            "grid_chief": QCoreApplication.translate("UnitsPage", "网格长（党组织书记）"),
            "police": QCoreApplication.translate("UnitsPage", "社区民警")}.get(duty, duty)


def _holds_note(layout: QVBoxLayout, text: str, name: str, holds: tuple[int, int]) -> QLabel:
    """The warning that a unit still holds (households, residents): `text` with {h} and {r} filled in, added to
    `layout`, shown only when it holds any."""
    households, residents = holds
    note = named(QLabel(text.format(h=f"{households:,}", r=f"{residents:,}")), name)
    note.setWordWrap(True)
    note.setStyleSheet(ERROR_STYLE)
    note.setVisible(bool(households or residents))
    layout.addWidget(note)
    return note


class UnitForm(ValidatedDialog):
    """增设下级单位 (below `parent`) or 修改 (an existing unit): code checked against the parent as you type,
    name, and for a grid its type and the households it should cover, with the 300–500 guidance shown."""

    def __init__(self, parent_unit: Any, taken: set[str], current: Any | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.current = current
        self.parent_unit = parent_unit
        self.taken = taken
        self.level = current.level if current is not None else LEVELS[parent_unit.level.depth + 1]
        self.setWindowTitle(self.tr("修改单位") if current else self.tr("增设下级单位"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        form.addRow(self.tr("上级单位"), QLabel(codetr.unit_label(parent_unit) if parent_unit is not None else "—"))
        form.addRow(self.tr("层级"), QLabel(level_text(self, self.level)))
        self.segment = named(QLineEdit(), "unitCodeSegment")
        self.segment.setMaxLength(3)
        self.segment.setPlaceholderText(self.tr("本级编号，3 位数字，如 003"))
        self.segment.setMinimumWidth(self.segment.fontMetrics().horizontalAdvance(self.segment.placeholderText()) + 24)
        self.full_code = named(QLabel(), "unitFullCode")
        code_row = QHBoxLayout()
        code_row.addWidget(self.segment)
        code_row.addWidget(self.full_code, 1)
        form.addRow(self.tr("编码"), code_row)
        self.name = named(QLineEdit(), "unitName")
        self.name.setMaxLength(100)
        form.addRow(self.tr("名称"), self.name)
        self.grid_type = choice_box(
            ((code, grid_type_text(self, code)) for code in GRID_TYPES), "unitGridType", empty=self.tr("（请选择）"))
        self.households = named(QSpinBox(), "unitHouseholds")
        self.households.setRange(0, 5000)
        self.households.setSpecialValueText(self.tr("未定"))
        self.households.setSuffix(self.tr(" 户"))
        self.guidance = QLabel(self.tr("网格一般按 {lo}–{hi} 户划分。").format(lo=GRID_HOUSEHOLDS_MIN,
                                                                     hi=GRID_HOUSEHOLDS_MAX))
        self.guidance.setObjectName("unitGuidance")
        self.guidance.setWordWrap(True)
        self.guidance.setStyleSheet("color: #555;")
        if self.level == Level.GRID:
            form.addRow(self.tr("网格类型"), self.grid_type)
            form.addRow(self.tr("应覆盖户数"), self.households)
            form.addRow(self.guidance)
        else:
            self.grid_type.hide()
            self.households.hide()
            self.guidance.hide()
        if current is not None:
            self.segment.setText(current.code[-3:])
            self.segment.setEnabled(False)
            self.name.setText(current.name)
            self.grid_type.setCurrentIndex(max(0, self.grid_type.findData(current.grid_type)))
            self.households.setValue(current.planned_households or 0)
        self.add_problem_and_buttons(layout, problem_name="unitFormProblem")
        for w in (self.segment, self.name):
            w.textChanged.connect(self.check)
        self.grid_type.currentIndexChanged.connect(self.check)
        self.households.valueChanged.connect(self.check)
        self.setMinimumWidth(440)
        self.check()

    def code(self) -> str:
        if self.current is not None:
            return self.current.code
        return self.parent_unit.code + self.segment.text().strip()

    def problem_text(self) -> str:
        n = self.households.value()
        note = household_guidance(n) if n else None
        self.guidance.setText(note if note else self.tr("网格一般按 {lo}–{hi} 户划分。").format(
            lo=GRID_HOUSEHOLDS_MIN, hi=GRID_HOUSEHOLDS_MAX))
        self.guidance.setStyleSheet("color: #9a6700;" if note else "color: #555;")
        seg = self.segment.text().strip()
        if self.current is None:
            self.full_code.setText(self.tr("完整编码：{code}").format(code=self.code()) if seg else "")
            if len(seg) != 3 or not seg.isdigit():
                return self.tr("请填写本级编号：3 位数字。")
            if seg == "000":
                return self.tr("本级编号不能是 000。")
            if self.code() in self.taken:
                return self.tr("编码 {code} 已被使用（已撤销的单位也保留其编码）。").format(code=self.code())
        if not self.name.text().strip():
            return self.tr("请填写名称。")
        if self.level == Level.GRID and self.grid_type.currentData() is None:
            return self.tr("请选择网格类型。")
        return ""

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name.text().strip()}
        if self.level == Level.GRID:
            out["grid_type"] = self.grid_type.currentData()
            out["planned_households"] = self.households.value() or None
        return out


class RetireForm(ValidatedDialog):
    """撤销: the date; the unit keeps its records. A grid that still holds households offers to move them all to
    another live grid (`grids`: (code, label)) in the same step."""

    def __init__(self, unit: Any, parent: QWidget | None = None, *, holds: tuple[int, int] = (0, 0),
                 grids: list[tuple[str, str]] | None = None):
        super().__init__(parent)
        self.holds = holds
        self.setWindowTitle(self.tr("撤销单位"))
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped(self.tr("撤销“{name}”（{code}）：其全部记录保留，列表中显示为已撤销，不再用于新的工作；"
                                         "现有的人员指派随之结束。").format(name=unit.name, code=unit.code)))
        households, residents = holds
        # what still lives there stays under the retired code: said before, not discovered after
        self.holds_note = _holds_note(layout, self.tr(
            "注意：其下还有 {h} 户、{r} 名在册居民。撤销后这些户和居民仍记在原编码下，不再属于任何在用网格"
            "（网格选择框中不再出现，也没有网格员负责）。"), "retireHolds", holds)
        form = QFormLayout()
        self.move_all = named(QCheckBox(self.tr("同时把其下全部户、楼栋和在册居民移交到")), "retireMoveAll")
        self.move_to = choice_box(
            grids or [], "retireMoveTo", empty=self.tr("（请选择网格）"))
        offer = bool(households or residents) and unit.level == Level.GRID and bool(grids)
        self.move_all.setChecked(offer)
        self.move_all.setVisible(offer)
        self.move_to.setVisible(offer)
        if offer:
            form.addRow(self.move_all)
            form.addRow(self.tr("接收网格"), self.move_to)
        self.on = date_edit(clock.today(), maximum=clock.today())
        form.addRow(self.tr("撤销日期"), self.on)
        layout.addLayout(form)
        self.add_problem_and_buttons(layout, accept_text=self.tr("撤销"), delete=True)
        self.move_all.toggled.connect(self._moving)
        self.move_to.currentIndexChanged.connect(self.check)
        self.setMinimumWidth(480)
        self._moving(offer)

    def _moving(self, on: bool) -> None:
        self.move_to.setEnabled(on)
        households, residents = self.holds
        if on:
            self.holds_note.setText(self.tr("其下 {h} 户、{r} 名在册居民及其楼栋将移交到所选网格（与撤销一起完成），"
                                            "原网格保留他们的历史记录。").format(h=f"{households:,}", r=f"{residents:,}"))
            self.holds_note.setStyleSheet("color: #555;")
        else:
            self.holds_note.setText(self.tr(
                "注意：其下还有 {h} 户、{r} 名在册居民。撤销后这些户和居民仍记在原编码下，不再属于任何在用网格"
                "（网格选择框中不再出现，也没有网格员负责）。").format(h=f"{households:,}", r=f"{residents:,}"))
            self.holds_note.setStyleSheet("color: #b3261e;")
        self.check()

    def problem_text(self) -> str:
        if self.move_all.isChecked() and self.move_to.currentData() is None:
            return self.tr("请选择接收这些户的网格，或不勾选移交。")
        return ""

    def target(self) -> str | None:
        return self.move_to.currentData() if self.move_all.isChecked() else None


class MoveForm(ValidatedDialog):
    """迁移: a grid to another community of the same town; it gets a new code there."""

    def __init__(self, unit: Any, communities: list[Any], parent: QWidget | None = None, *,
                 holds: tuple[int, int] = (0, 0)):
        super().__init__(parent)
        self.setWindowTitle(self.tr("迁移网格"))
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped(self.tr("单位编码包含上级编码，迁移后网格启用新编码；原网格“{name}”（{code}）撤销并指向新网格，"
                                         "其已有记录保留在原编码下。").format(name=unit.name, code=unit.code)))
        self.holds_note = _holds_note(layout, self.tr(
            "注意：原网格下的 {h} 户、{r} 名在册居民不随网格迁移，仍记在已撤销的原编码下；"
            "迁移后可选中原网格，用“移交户和楼栋…”把它们移交到新网格。"), "moveHolds", holds)
        form = QFormLayout()
        self.target = named(QComboBox(), "moveTarget")
        self.target.addItem(self.tr("（请选择）"), None)
        for c in communities:
            if c.code != unit.parent_code and c.code[:9] == unit.code[:9] and not c.retired:
                self.target.addItem(codetr.unit_label(c), c.code)
        form.addRow(self.tr("迁入村（社区）"), self.target)
        layout.addLayout(form)
        self.add_problem_and_buttons(layout, accept_text=self.tr("迁移"))
        self.target.currentIndexChanged.connect(self.check)
        self.check()

    def problem_text(self) -> str:
        return "" if self.target.currentData() else self.tr("请选择迁入的村（社区）。")


class MoveRecordsForm(ValidatedDialog):
    """移交户和楼栋: the buildings and households of a grid, ticked to move (a building with every household in
    it), or all of it, to another live grid of the office's unit (`grids`: (code, label))."""

    def __init__(self, unit: Any, grids: list[tuple[str, str]], records: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.unit = unit
        self.setWindowTitle(self.tr("移交户和楼栋：{name}").format(name=unit.name))
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("把“{name}”（{code}）的楼栋和户（连同在册居民及其标签、特殊人群记录）移交到另一个在用网格："
                              "在新网格重新登记，原网格中的居民记为迁出并保留历史。").format(name=unit.name, code=unit.code))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.target = choice_box(
            grids, "moveRecordsTarget", empty=self.tr("（请选择网格）"))
        form.addRow(self.tr("移交到"), self.target)
        self.everything = named(QCheckBox(self.tr("全部移交（全部楼栋、户和未归户的在册居民）")), "moveRecordsAll")
        form.addRow(self.everything)
        layout.addLayout(form)
        tree = named(QTreeWidget(), "moveRecordsList")
        tree.setColumnCount(3)
        tree.setHeaderLabels([self.tr("楼栋 / 户"), self.tr("户主"), self.tr("在册居民")])
        tree.setUniformRowHeights(True)
        self.list = tree
        self.building_items: dict[str, QTreeWidgetItem] = {}
        self.household_items: dict[str, QTreeWidgetItem] = {}
        self.people: dict[str, int] = {}
        check = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        for bid, name, address, n in records.buildings:
            item = QTreeWidgetItem([f"{name}" + (f"（{address}）" if address else ""), "",
                                    self.tr("{n} 户").format(n=n)])
            item.setFlags(check | Qt.ItemFlag.ItemIsAutoTristate)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            tree.addTopLevelItem(item)
            self.building_items[bid] = item
        for hid, address, head, n, bid in records.households:
            item = QTreeWidgetItem([address, head or "—", str(n)])
            item.setFlags(check)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            self.people[hid] = n
            holder = self.building_items.get(bid or "")
            if holder is not None:
                holder.addChild(item)
            else:
                tree.addTopLevelItem(item)
            self.household_items[hid] = item
        tree.expandAll()
        tree.resizeColumnToContents(0)
        layout.addWidget(tree, 1)
        self.loose = int(records.loose_residents)
        self.summary = named(QLabel(), "moveRecordsSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        dates = QFormLayout()
        self.on = date_edit(clock.today(), maximum=clock.today())
        dates.addRow(self.tr("移交日期"), self.on)
        layout.addLayout(dates)
        self.add_problem_and_buttons(layout, accept_text=self.tr("移交"), problem_name="moveRecordsProblem")
        self.target.currentIndexChanged.connect(self.check)
        self.everything.toggled.connect(self._all)
        tree.itemChanged.connect(lambda *_a: self.check())
        self.setMinimumSize(560, 480)
        self.check()

    def _all(self, on: bool) -> None:
        self.list.setEnabled(not on)
        self.check()

    def chosen(self) -> tuple[list[str], list[str]]:
        """(households, buildings) ticked: a whole building by its id, the others household by household."""
        whole = [b for b, item in self.building_items.items() if item.checkState(0) == Qt.CheckState.Checked]
        inside = {id(self.building_items[b]) for b in whole}
        households = [h for h, item in self.household_items.items() if item.checkState(0) == Qt.CheckState.Checked
                      and (item.parent() is None or id(item.parent()) not in inside)]
        return households, whole

    def problem_text(self) -> str:
        households, buildings = self.chosen()
        if self.everything.isChecked():
            n_h, n_r = len(self.household_items), sum(self.people.values()) + self.loose
        else:
            ticked = [h for h, item in self.household_items.items() if item.checkState(0) == Qt.CheckState.Checked]
            n_h, n_r = len(ticked), sum(self.people[h] for h in ticked)
        self.summary.setText(self.tr("将移交 {h} 户、{r} 名在册居民。").format(h=f"{n_h:,}", r=f"{n_r:,}"))
        if self.target.currentData() is None:
            return self.tr("请选择移交到哪个网格。")
        if not self.everything.isChecked() and not (households or buildings):
            return self.tr("请勾选要移交的楼栋或户，或选择全部移交。")
        return ""

    def values(self) -> dict[str, Any]:
        households, buildings = self.chosen()
        everything = self.everything.isChecked()
        return {"to": self.target.currentData(), "households": [] if everything else households,
                "buildings": [] if everything else buildings, "everything": everything,
                "on": self.on.date().toPython()}


class AssignForm(FormDialog):
    """指派人员: the duty (by the unit's level), an account of the matching role, and/or a name."""

    def __init__(self, unit: Any, candidates: dict[str, list[tuple[str, str]]], parent: QWidget | None = None):
        super().__init__(self.tr("指派人员：{name}").format(name=unit.name), parent, accept_text=self.tr("指派"),
                         min_width=380)
        self.candidates = candidates
        self.duty = choice_box(((key, duty_text(self, key)) for key, (level, _label) in DUTIES.items()
                                if level == unit.level), "assignDuty")
        self.form.addRow(self.tr("职责"), self.duty)
        self.user = named(QComboBox(), "assignUser")
        self.form.addRow(self.tr("用户"), self.user)
        self.person = self.line(self.tr("姓名"), 50, name="assignPerson", placeholder=self.tr("没有账户的人员填写姓名"))
        self.on = date_edit(clock.today(), maximum=clock.today())
        self.form.addRow(self.tr("任职日期"), self.on)
        self.duty.currentIndexChanged.connect(self._fill_users)
        self.user.currentIndexChanged.connect(self.check)
        self.person.textChanged.connect(self.check)
        self._fill_users()

    def _fill_users(self) -> None:
        self.user.blockSignals(True)
        self.user.clear()
        self.user.addItem(self.tr("（不关联账户）"), None)
        for username, display in self.candidates.get(self.duty.currentData(), []):
            self.user.addItem(f"{display}（{username}）", username)
        self.user.blockSignals(False)
        self.check()

    def problem_text(self) -> str:
        if self.user.currentData() is None and not self.person.text().strip():
            return self.tr("请选择用户或填写姓名。")
        return ""

    def values(self) -> dict[str, Any]:
        return {"duty": self.duty.currentData(), "username": self.user.currentData(),
                "person_name": self.person.text().strip() or None, "on": self.on.date().toPython()}


class UnassignForm(FormDialog):
    """人员离任: one of the unit's current assignments and the date."""

    def __init__(self, unit: Any, people: list[Any], parent: QWidget | None = None):
        super().__init__(self.tr("人员离任：{name}").format(name=unit.name), parent, accept_text=self.tr("离任"),
                         min_width=0, delete=True)
        self.person = choice_box(
            ((a.id, f"{duty_text(self, a.duty)}{colon()}{a.person_name}") for a in people), "unassignPerson")
        self.form.addRow(self.tr("人员"), self.person)
        self.on = date_edit(clock.today(), maximum=clock.today())
        self.form.addRow(self.tr("离任日期"), self.on)
        self.check()


class UnitsPage(Page):
    """组织机构: the tree of the user's unit and the units below it, with the people assigned."""

    COLUMNS = 7
    watches = UNIT_TABLES | REGISTRY_TABLES  # what a grid holds (撤销, 移交) comes from the registry

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.form: ValidatedDialog | None = None
        self.units: list[Any] = []
        self.people: dict[str, list[Any]] = {}
        self.own: Any = None
        self.holdings: dict[str, tuple[int, int]] = {}  # grid → (households, active residents)
        self.loaded = False
        self._select_after: str | None = None
        layout, head = page_frame(self, self.tr("组织机构"))
        self.add_button = named(QPushButton(self.tr("增设下级单位…")), "unitAdd")
        self.edit_button = named(QPushButton(self.tr("修改…")), "unitEdit")
        self.retire_button = named(QPushButton(self.tr("撤销…")), "unitRetire")
        self.move_button = named(QPushButton(self.tr("迁移…")), "unitMove")
        self.move_records_button = named(QPushButton(self.tr("移交户和楼栋…")), "unitMoveRecords")
        self.assign_button = named(QPushButton(self.tr("指派人员…")), "unitAssign")
        self.unassign_button = named(QPushButton(self.tr("人员离任…")), "unitUnassign")
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.manage_buttons = (self.add_button, self.edit_button, self.retire_button, self.move_button,
                               self.move_records_button, self.assign_button, self.unassign_button)
        for b in (*self.manage_buttons, self.refresh_button):
            head.addWidget(b)
        info = QHBoxLayout()
        self.summary = named(QLabel(self.tr("正在读取……")), "unitSummary")
        self.summary.setWordWrap(True)
        info.addWidget(self.summary, 1)
        self.show_retired = named(QCheckBox(self.tr("显示已撤销")), "unitShowRetired")
        self.show_retired.setChecked(True)
        info.addWidget(self.show_retired)
        layout.addLayout(info)
        tree = named(QTreeWidget(), "unitTree")
        tree.setColumnCount(self.COLUMNS)
        tree.setHeaderLabels([self.tr("名称"), self.tr("编码"), self.tr("层级"), self.tr("网格类型"),
                              self.tr("应覆盖户数"), self.tr("状态"), self.tr("人员")])
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setAlternatingRowColors(True)
        tree.setUniformRowHeights(True)
        self.tree = tree
        layout.addWidget(tree, 1)
        self.hint = QLabel(self.tr("网格一般按 {lo}–{hi} 户划分。撤销的单位保留全部记录；迁移网格会启用新编码。").format(
            lo=GRID_HOUSEHOLDS_MIN, hi=GRID_HOUSEHOLDS_MAX))
        self.hint.setStyleSheet("color: #666;")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        self.add_button.clicked.connect(lambda _c=False: self.open_add())
        self.edit_button.clicked.connect(lambda _c=False: self.open_edit())
        self.retire_button.clicked.connect(lambda _c=False: self.open_retire())
        self.move_button.clicked.connect(lambda _c=False: self.open_move())
        self.move_records_button.clicked.connect(lambda _c=False: self.open_move_records())
        self.assign_button.clicked.connect(lambda _c=False: self.open_assign())
        self.unassign_button.clicked.connect(lambda _c=False: self.open_unassign())
        self.refresh_button.clicked.connect(lambda _c=False: self.reload())
        self.show_retired.toggled.connect(lambda _on: self._fill())
        tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    # -- session and loading ---------------------------------------------------------------------------
    @property
    def may_manage(self) -> bool:
        return self.session is not None and self.session.may(Perm.MANAGE_UNITS)

    def set_session(self, session: Any) -> None:
        self.session = session
        self.loaded = False
        for b in self.manage_buttons:
            b.setVisible(self.may_manage)
        if session is None:
            self.tree.clear()
        self.invalidate()

    def reload(self) -> None:
        session = self.session
        if session is None:
            return
        units = session.units

        def load(_p: Any) -> tuple[Any, list[Any], list[Any], dict[str, tuple[int, int]]]:
            return units.own_unit(), units.list(include_retired=True), units.assignments(), units.holdings()

        self.read(load, self._show, label="units")

    def _show(self, result: tuple[Any, list[Any], list[Any], dict[str, tuple[int, int]]]) -> None:
        self.own, self.units, assignments, self.holdings = result
        self.people = {}
        for a in assignments:
            self.people.setdefault(a.unit_code, []).append(a)
        self._fill()
        self.loaded = True

    def _fill(self) -> None:
        keep = self.selected()
        keep_code = keep.code if keep is not None else None
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        show_retired = self.show_retired.isChecked()
        grids = retired = 0
        for u in self.units:
            if u.retired:
                retired += 1
                if not show_retired:
                    continue
            grids += u.level == Level.GRID and not u.retired
            people = semicolon().join(f"{duty_text(self, a.duty)}{colon()}{a.person_name}" for a in self.people.get(u.code, []))
            cells = [u.name, u.code, level_text(self, u.level), grid_type_text(self, u.grid_type),
                     str(u.planned_households) if u.planned_households else "",
                     self.tr("已撤销") if u.retired else self.tr("在用"), people]
            item = QTreeWidgetItem(cells)
            item.setData(0, Qt.ItemDataRole.UserRole, u.code)
            if u.retired:
                tip = self.tr("{day} 撤销").format(day=u.retired_on)
                if u.successor_code:
                    tip += self.tr("，已迁为 {code}").format(code=u.successor_code)
                for c in range(self.COLUMNS):
                    item.setForeground(c, QBrush(RETIRED_COLOUR))
                    item.setToolTip(c, tip)
            elif u.planned_households and household_guidance(u.planned_households):
                item.setToolTip(4, household_guidance(u.planned_households) or "")
            parent = items.get(u.parent_code or "")
            if parent is not None:
                parent.addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            items[u.code] = item
        self.tree.expandAll()
        for c in range(self.COLUMNS - 1):
            self.tree.resizeColumnToContents(c)
        self.summary.setText(self.tr("本单位：{own}；在用网格 {grids} 个，已撤销单位 {retired} 个。").format(
            own=codetr.unit_label(self.own, full=True) if self.own is not None else "—", grids=grids, retired=retired))
        keep_code, self._select_after = self._select_after or keep_code, None
        target = items.get(keep_code or "") or (items.get(self.own.code) if self.own is not None else None)
        if target is not None:
            self.tree.setCurrentItem(target)
        self._update_buttons()

    # -- selection -------------------------------------------------------------------------------------
    def selected(self) -> Any | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        code = item.data(0, Qt.ItemDataRole.UserRole)
        return next((u for u in self.units if u.code == code), None)

    def select_code(self, code: str) -> bool:
        for item in self.tree.findItems(code, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 1):
            self.tree.setCurrentItem(item)
            return True
        return False

    def _update_buttons(self) -> None:
        selected = self.selected()
        u = selected if selected is not None and not selected.retired else None  # a live unit, or None
        own = self.own.code if self.own is not None else None
        below = u is not None and own is not None and u.code != own
        self.add_button.setEnabled(u is not None and u.level != Level.GRID)
        self.edit_button.setEnabled(below)
        self.retire_button.setEnabled(below)
        self.move_button.setEnabled(below and u is not None and u.level == Level.GRID)
        # a grid below (in use or retired) that still holds households or residents hands them over
        self.move_records_button.setEnabled(
            selected is not None and own is not None and selected.code != own and selected.level == Level.GRID
            and any(self.holdings.get(selected.code, (0, 0))))
        self.assign_button.setEnabled(u is not None and u.level in (Level.GRID, Level.COMMUNITY))
        self.unassign_button.setEnabled(u is not None and bool(self.people.get(u.code)))

    # -- forms -----------------------------------------------------------------------------------------
    def _open(self, form: ValidatedDialog, work: Any, said: Callable[[], str] | None = None) -> ValidatedDialog:
        """Open `form`; on save run `work`, then select the unit (and say `said()` in the status bar)."""
        def done(result: Any) -> None:
            self._done(result)
            if said is not None:
                status_message(self, said())

        self.open_form(form, work, done, label="units")
        return form

    def _done(self, result: Any) -> None:
        """Select the unit just made or changed (now, and again once the reload after the change is shown)."""
        code = getattr(result, "code", None) or getattr(result, "unit_code", None)
        if code:
            self._select_after = code
            self.select_code(code)

    def open_add(self) -> UnitForm | None:
        u = self.selected()
        if not self.may_manage or u is None or not self.add_button.isEnabled():
            return None
        units = self.session.units
        form = UnitForm(u, {x.code for x in self.units}, parent=self)
        data: dict[str, Any] = {}
        form.accepted.connect(lambda: data.update(form.values(), code=form.code()))
        said: dict[str, str] = {}
        form.accepted.connect(lambda: said.update(text=self.tr("已新建单位“{name}”（{code}）。").format(
            name=data["name"], code=data["code"])))
        return self._open(form, lambda _p: units.add(data.pop("code"), data.pop("name"), **data),  # type: ignore[return-value]
                          said=lambda: said["text"])

    def open_edit(self) -> UnitForm | None:
        u = self.selected()
        if not self.may_manage or u is None or not self.edit_button.isEnabled():
            return None
        units = self.session.units
        above = next((x for x in self.units if x.code == u.parent_code), None)
        form = UnitForm(above, set(), current=u, parent=self)
        data: dict[str, Any] = {}
        form.accepted.connect(lambda: data.update(form.values()))
        return self._open(form, lambda _p: units.update(u.code, **data))  # type: ignore[return-value]

    def live_grids(self, besides: str) -> list[tuple[str, str]]:
        """(code, label) of the live grids of the unit other than `besides`, named with their community."""
        names = {x.code: x.name for x in self.units if x.level == Level.COMMUNITY}
        return [(x.code, f"{names.get(x.parent_code or '', '')} {x.name}（{x.code}）".strip())
                for x in self.units if x.level == Level.GRID and not x.retired and x.code != besides]

    def open_retire(self) -> RetireForm | None:
        u = self.selected()
        if not self.may_manage or u is None or not self.retire_button.isEnabled():
            return None
        units = self.session.units
        inside = [v for c, v in self.holdings.items() if c.startswith(u.code)]
        form = RetireForm(u, self, holds=(sum(h for h, _r in inside), sum(r for _h, r in inside)),
                          grids=self.live_grids(u.code))
        data: dict[str, Any] = {}
        form.accepted.connect(lambda: data.update(on=form.on.date().toPython(), move_to=form.target()))
        return self._open(form, lambda _p: units.retire(u.code, data["on"],  # type: ignore[return-value]
                                                        move_to=data["move_to"]))

    def open_move_records(self) -> None:
        """移交户和楼栋: load what the grid holds, then open the form; saving moves the ticked records."""
        u = self.selected()
        if not self.may_manage or u is None or not self.move_records_button.isEnabled():
            return
        units = self.session.units
        grids = self.live_grids(u.code)

        def shown(records: Any) -> None:
            form = MoveRecordsForm(u, grids, records, self)
            data: dict[str, Any] = {}
            form.accepted.connect(lambda: data.update(form.values()))
            said: dict[str, str] = {}

            def work(_p: Any) -> Any:
                result = units.move_records(u.code, data["to"], households=data["households"],
                                            buildings=data["buildings"], everything=data["everything"], on=data["on"])
                said["text"] = self.tr("已将 {h} 户、{r} 名在册居民移交到网格 {to}。").format(
                    h=f"{result.households:,}", r=f"{result.residents:,}", to=result.to_code)
                return None

            self._open(form, work, said=lambda: said.get("text", ""))

        self.read(lambda _p: units.grid_records(u.code), shown, label="grid records")

    def open_move(self) -> MoveForm | None:
        u = self.selected()
        if not self.may_manage or u is None or not self.move_button.isEnabled():
            return None
        units = self.session.units
        form = MoveForm(u, [x for x in self.units if x.level == Level.COMMUNITY], self,
                        holds=self.holdings.get(u.code, (0, 0)))
        data: dict[str, Any] = {}
        form.accepted.connect(lambda: data.update(to=form.target.currentData()))
        return self._open(form, lambda _p: units.move(u.code, data["to"]))  # type: ignore[return-value]

    def open_assign(self) -> None:
        """Load the accounts that may take each duty here, then open the form."""
        u = self.selected()
        if not self.may_manage or u is None or not self.assign_button.isEnabled():
            return
        units = self.session.units

        def load(_p: Any) -> dict[str, list[tuple[str, str]]]:
            return {d: units.candidates(u.code, d) for d, (lv, _l) in DUTIES.items() if lv == u.level}

        def shown(candidates: dict[str, list[tuple[str, str]]]) -> None:
            form = AssignForm(u, candidates, self)
            data: dict[str, Any] = {}
            form.accepted.connect(lambda: data.update(form.values()))
            self._open(form, lambda _p: units.assign(u.code, data["duty"], username=data["username"],
                                                     person_name=data["person_name"], on=data["on"]))

        self.read(load, shown, label="assign candidates")

    def open_unassign(self) -> UnassignForm | None:
        u = self.selected()
        if not self.may_manage or u is None or not self.unassign_button.isEnabled():
            return None
        units = self.session.units
        form = UnassignForm(u, self.people.get(u.code, []), self)
        data: dict[str, Any] = {}
        form.accepted.connect(lambda: data.update(id=form.person.currentData(), on=form.on.date().toPython()))
        return self._open(form, lambda _p: units.unassign(data["id"], data["on"]))  # type: ignore[return-value]
