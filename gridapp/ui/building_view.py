"""楼栋: the buildings of a grid with their households (address, head, member count); choosing a household
shows its members (a table with column labels, as the household panel of the resident list). Buildings and
households are created and edited here (新建楼栋… 修改楼栋… 新建户… 修改户…: a household is put in a building by
choosing it in the household form); households in no building are listed under （未归入楼栋）. Keyboard: arrows
move, Tab goes on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from . import codetr
from .notify import status_message
from .runner import DbRunner
from .widgets import (
    FormDialog,
    RunsWork,
    button_row,
    choice_box,
    named,
    proportions,
    push_button,
    read_only_table,
    show_error,
    stacked,
    wrapped,
)

NO_BUILDING = ""  # the building list's last row: the households in no building


def member_rows(h: Any) -> list[list[str]]:
    """The household panel's rows: name, relation, gender, age (this year), ID number (masked)."""
    return [[m.name, codetr.text(m.relation), codetr.text(m.gender), str(m.age), m.id_number] for m in h.members]


def member_headers() -> list[str]:
    return [QCoreApplication.translate("BuildingDialog", "姓名"),
            QCoreApplication.translate("BuildingDialog", "与户主关系"),
            QCoreApplication.translate("BuildingDialog", "性别"),
            QCoreApplication.translate("BuildingDialog", "年龄（当年）"),
            QCoreApplication.translate("BuildingDialog", "公民身份号码")]


def fill_members(table: QTableWidget, h: Any | None) -> None:
    rows = member_rows(h) if h is not None else []
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))


class BuildingForm(FormDialog):
    """新建楼栋 / 修改楼栋: name (required), address, kind, floors."""

    def __init__(self, parent: QWidget | None = None, *, current: dict[str, Any] | None = None):
        super().__init__(self.tr("修改楼栋") if current else self.tr("新建楼栋"), parent,
                         problem_name="buildingProblem", min_width=420)
        self.values: dict[str, Any] = {}
        self.name = self.line(self.tr("楼栋名称 *"), 100, placeholder=self.tr("如 3号楼、东院"),
                              required=self.tr("请填写楼栋名称。"))
        self.address = self.line(self.tr("地址"), 200)
        self.kind = choice_box(codetr.items("building_kind"))
        self.form.addRow(self.tr("类型"), self.kind)
        self.floors = QSpinBox()
        self.floors.setRange(0, 200)
        self.floors.setSpecialValueText(self.tr("（未填）"))
        self.form.addRow(self.tr("层数"), self.floors)
        if current:
            self.name.setText(current.get("name") or "")
            self.address.setText(current.get("address") or "")
            self.kind.setCurrentIndex(max(0, self.kind.findData(current.get("kind"))))
            self.floors.setValue(current.get("floors") or 0)
        self.check()

    def saved(self) -> None:
        self.values = {"name": self.name.text().strip(), "address": self.address.text().strip() or None,
                       "kind": self.kind.currentData(), "floors": self.floors.value() or None}


class HouseholdForm(FormDialog):
    """新建户 / 修改户: address (required), 户号, room, and the building of the grid it is in (or none)."""

    def __init__(self, buildings: list[tuple[str, str, str | None, int]], parent: QWidget | None = None, *,
                 current: Any | None = None, building_id: str | None = None, address: str = ""):
        super().__init__(self.tr("修改户") if current is not None else self.tr("新建户"), parent,
                         problem_name="householdProblem", min_width=460)
        self.values: dict[str, Any] = {}
        self.address = self.line(self.tr("地址 *"), 200, required=self.tr("请填写户的地址。"))
        self.household_no = self.line(self.tr("户号"), 32)
        self.room = self.line(self.tr("房号"), 32)
        self.building = choice_box(
            ((bid, codetr.named(name, b_address) if b_address else name) for bid, name, b_address, _n in buildings), "householdBuilding", empty=self.tr("（不属于楼栋）"))
        self.form.addRow(self.tr("所在楼栋"), self.building)
        if current is not None:
            self.address.setText(current.address or "")
            self.household_no.setText(current.household_no or "")
            self.room.setText(getattr(current, "room", None) or "")
            building_id = current.building_id
        else:
            self.address.setText(address)
        self.building.setCurrentIndex(max(0, self.building.findData(building_id)))
        self.check()

    def saved(self) -> None:
        self.values = {"address": self.address.text().strip(), "household_no": self.household_no.text().strip() or None,
                       "room": self.room.text().strip() or None, "building_id": self.building.currentData()}


def household_lines(h: Any) -> str:
    """The household's heading: address, 户号 and head."""
    text = QCoreApplication.translate("BuildingDialog", "户：{address}　户主：{head}").format(
        address=h.address, head=h.head_name or "—")
    if h.household_no:
        text += QCoreApplication.translate("BuildingDialog", "　户号：{no}").format(no=h.household_no)
    return text


def _table(headers: list[str], name: str, stretch: int) -> QTableWidget:
    t = read_only_table(headers, name, wrap=False)
    header = t.horizontalHeader()
    for c in range(len(headers)):  # the address takes the room; the rest fit their contents
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return t


class BuildingDialog(RunsWork, QDialog):
    """楼栋与住户: pick a grid, then a building, then a household; create and edit buildings and households."""

    changed = Signal()

    def __init__(self, runner: DbRunner, registry: Any, grids: list[tuple[str, str]], *,
                 grid_code: str | None = None, building_id: str | None = None, household_id: str | None = None,
                 may_edit: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("楼栋与住户"))
        self.runner, self.reg, self.may_edit = runner, registry, may_edit
        self.buildings: list[tuple[str, str, str | None, int]] = []
        self.households: list[tuple[str, str, str | None, int]] = []
        self.shown_household: Any | None = None
        self._want_building, self._want_household = building_id, household_id
        if household_id is not None and building_id is None:
            self._want_building = NO_BUILDING
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("网格")))
        self.grid = choice_box(((code, codetr.named(name, code)) for code, name in grids))
        if grid_code is not None:
            self.grid.setCurrentIndex(max(0, self.grid.findData(grid_code)))
        top.addWidget(self.grid, 1)
        self.summary = named(QLabel(), "buildingSummary")
        top.addWidget(self.summary)
        layout.addLayout(top)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.building_table = _table([self.tr("楼栋"), self.tr("地址"), self.tr("户数")], "buildingTable", 1)
        self.new_building_button = push_button(self.tr("新建楼栋…"), "newBuilding")
        self.edit_building_button = push_button(self.tr("修改楼栋…"), "editBuilding")
        split.addWidget(stacked(self.building_table, button_row(self.new_building_button, self.edit_building_button),
                                stretch=self.building_table))
        right = QSplitter(Qt.Orientation.Vertical)
        self.household_table = _table([self.tr("户地址"), self.tr("户主"), self.tr("人数")], "householdTable", 0)
        self.new_household_button = push_button(self.tr("新建户…"), "newHousehold")
        self.edit_household_button = push_button(self.tr("修改户…"), "editHousehold",
                                                 tip=self.tr("修改户的地址、户号、房号，或把户归入楼栋"))
        right.addWidget(stacked(self.household_table,
                                button_row(self.new_household_button, self.edit_household_button),
                                stretch=self.household_table))
        self.household_heading = named(wrapped(self.tr("选中一户，这里显示其成员。")), "householdHeading")
        self.members = _table(member_headers(), "householdMembers", 4)
        right.addWidget(stacked(self.household_heading, self.members, stretch=self.members))
        proportions(right)
        split.addWidget(right)
        proportions(split, None, (2, 3))
        layout.addWidget(split, 1)
        self.notice = named(QLabel(), "buildingNotice")
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.notice, 1)
        row.addWidget(close)
        layout.addLayout(row)
        self.grid.currentIndexChanged.connect(lambda _i: self.load_buildings())
        self.building_table.currentCellChanged.connect(lambda r, *_a: self._building_chosen(r))
        self.household_table.currentCellChanged.connect(lambda r, *_a: self._household_chosen(r))
        self.new_building_button.clicked.connect(lambda _c=False: self.new_building())
        self.edit_building_button.clicked.connect(lambda _c=False: self.edit_building())
        self.new_household_button.clicked.connect(lambda _c=False: self.new_household())
        self.edit_household_button.clicked.connect(lambda _c=False: self.edit_household())
        self.resize(1000, 580)  # fits 1366×768 with the taskbar
        self._enable()
        self.load_buildings()

    def _enable(self) -> None:
        b = self.selected_building()
        self.new_building_button.setEnabled(self.may_edit)
        self.edit_building_button.setEnabled(self.may_edit and b is not None and b != NO_BUILDING)
        self.new_household_button.setEnabled(self.may_edit and b is not None)
        self.edit_household_button.setEnabled(self.may_edit and self.selected_household() is not None)

    def selected_building(self) -> str | None:
        row = self.building_table.currentRow()
        return self.buildings[row][0] if 0 <= row < len(self.buildings) else None

    def selected_household(self) -> str | None:
        row = self.household_table.currentRow()
        return self.households[row][0] if 0 <= row < len(self.households) else None

    # -- loading (all on the runner) --------------------------------------------------------------------------
    def load_buildings(self) -> None:
        grid, reg = self.grid.currentData(), self.reg
        if grid is None:
            return
        self.runner.submit(lambda _p: (reg.buildings_of(grid), len(reg.households_without_building(grid))),
                           label="buildings", on_done=self._show_buildings, on_error=lambda e: show_error(self, e))

    def _show_buildings(self, got: tuple[list[tuple[str, str, str | None, int]], int]) -> None:
        rows, loose = got
        rows = [*rows, (NO_BUILDING, self.tr("（未归入楼栋）"), "", loose)]
        self.buildings = rows
        self.building_table.setRowCount(len(rows))
        for r, (_bid, name, address, n) in enumerate(rows):
            for c, text in enumerate((name, address or "", str(n))):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.building_table.setItem(r, c, item)
        self.summary.setText(self.tr("{b} 栋楼，{h} 户").format(b=len(rows) - 1, h=sum(n for *_x, n in rows)))
        ids = [b[0] for b in rows]
        want = self._want_building
        self._want_building = None
        self.household_table.setRowCount(0)
        self.building_table.setCurrentCell(-1, -1)
        self.building_table.selectRow(ids.index(want) if want in ids else 0)
        self._enable()

    def _building_chosen(self, row: int) -> None:
        self._enable()
        if not 0 <= row < len(self.buildings):
            return
        bid, reg, grid = self.buildings[row][0], self.reg, self.grid.currentData()
        if bid == NO_BUILDING:
            self.runner.submit(lambda _p: (NO_BUILDING, reg.households_without_building(grid)), label="households",
                               on_done=self._show_households, on_error=lambda e: show_error(self, e))
            return
        self.runner.submit(lambda _p: (bid, reg.building(bid).households), label="building",
                           on_done=self._show_households, on_error=lambda e: show_error(self, e))

    def _show_households(self, got: tuple[str, list[tuple[str, str, str | None, int]]]) -> None:
        bid, households = got
        if bid != self.selected_building():  # an answer for a building no longer selected
            return
        self.households = households
        self.household_table.setRowCount(len(households))
        for r, (_hid, address, head, n) in enumerate(households):
            for c, text in enumerate((address, head or "—", str(n))):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.household_table.setItem(r, c, item)
        ids = [h[0] for h in households]
        want = self._want_household
        self._want_household = None
        self.household_heading.setText(self.tr("选中一户，这里显示其成员。"))
        self.shown_household = None
        fill_members(self.members, None)
        if ids:
            self.household_table.setCurrentCell(-1, -1)
            self.household_table.selectRow(ids.index(want) if want in ids else 0)
        self._enable()

    def _household_chosen(self, row: int) -> None:
        self._enable()
        if not 0 <= row < len(self.households):
            return
        hid, reg = self.households[row][0], self.reg

        def shown(h: Any) -> None:
            if h.id != self.selected_household():
                return
            self.shown_household = h
            self.household_heading.setText(household_lines(h))
            fill_members(self.members, h)

        self.runner.submit(lambda _p: reg.household(hid), label="household", on_done=shown,
                           on_error=lambda e: show_error(self, e))

    # -- creating and editing -----------------------------------------------------------------------------------
    def _write(self, fn: Any, label: str, done_text: str, *, building: str | None = None,
               household: str | None = None) -> None:
        """Run a write; on success say so (here and in the status bar), reload and select the record."""

        def done(result: Any) -> None:
            new_id = result if isinstance(result, str) else None
            self._want_building = building if building is not None else (
                new_id if label == "create building" else self.selected_building())
            self._want_household = household if household is not None else (
                new_id if label == "create household" else self.selected_household())
            self.notice.setText(done_text)
            status_message(self, done_text)
            self.changed.emit()
            self.load_buildings()

        self.runner.submit(lambda _p: fn(), label=label, on_done=done, on_error=lambda e: show_error(self, e))

    def new_building(self, values: dict[str, Any] | None = None) -> None:
        grid, reg = self.grid.currentData(), self.reg
        if grid is None or not self.may_edit:
            return
        if values is None:
            form = BuildingForm(self)
            self.form = form
            if form.exec() != QDialog.DialogCode.Accepted:
                return
            values = form.values
        v = dict(values)
        self._write(lambda: reg.create_building(grid, v.pop("name"), **v), "create building",
                    self.tr("已新建楼栋“{name}”。").format(name=values["name"]))

    def edit_building(self) -> None:
        bid, reg = self.selected_building(), self.reg
        if not bid or not self.may_edit:
            return

        def ask(current: dict[str, Any]) -> None:
            form = BuildingForm(self, current=current)
            self.form = form
            if form.exec() != QDialog.DialogCode.Accepted:
                return
            v = form.values
            self._write(lambda: reg.update_building(bid, v), "edit building",
                        self.tr("已保存楼栋“{name}”。").format(name=v["name"]), building=bid)

        self.runner.submit(lambda _p: reg.building_details(bid), label="building details", on_done=ask,
                           on_error=lambda e: show_error(self, e))

    def new_household(self) -> None:
        grid, reg, bid = self.grid.currentData(), self.reg, self.selected_building()
        if grid is None or bid is None or not self.may_edit:
            return
        buildings = [b for b in self.buildings if b[0] != NO_BUILDING]
        form = HouseholdForm(buildings, self, building_id=bid or None)
        self.form = form
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        v = dict(form.values)
        self._write(lambda: reg.create_household(grid, v.pop("address"), **v), "create household",
                    self.tr("已新建户“{address}”。").format(address=form.values["address"]),
                    building=form.values["building_id"] or NO_BUILDING)

    def edit_household(self) -> None:
        hid, reg, h = self.selected_household(), self.reg, self.shown_household
        if hid is None or h is None or h.id != hid or not self.may_edit:
            return
        buildings = [b for b in self.buildings if b[0] != NO_BUILDING]
        form = HouseholdForm(buildings, self, current=h)
        self.form = form
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        v = form.values
        self._write(lambda: reg.update_household(hid, v), "edit household",
                    self.tr("已保存户“{address}”。").format(address=v["address"]),
                    building=v["building_id"] or NO_BUILDING, household=hid)
