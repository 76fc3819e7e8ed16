"""楼栋: the buildings of a grid with their households (address, head, member count); choosing a household
shows its members, as the household panel of the resident list does. Keyboard: arrows move, Tab goes on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .runner import DbRunner
from .widgets import RunsWork


def household_lines(h: Any) -> str:
    """The household panel's text: address and head, then one line per member (name, relation, gender, age)."""
    lines = [QCoreApplication.translate("BuildingDialog", "户：{address}　户主：{head}").format(
        address=h.address, head=h.head_name or "—")]
    lines += [f"　{m.name}　{m.relation}　{m.gender}　{m.age}" for m in h.members]
    return "\n".join(lines)


def _table(headers: list[str], name: str, stretch: int) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.setWordWrap(False)
    header = t.horizontalHeader()
    for c in range(len(headers)):  # the address takes the room; the rest fit their contents
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return t


class BuildingDialog(RunsWork, QDialog):
    """楼栋与住户: pick a grid, then a building, then a household."""

    def __init__(self, runner: DbRunner, registry: Any, grids: list[tuple[str, str]], *,
                 grid_code: str | None = None, building_id: str | None = None, household_id: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("楼栋与住户"))
        self.runner, self.reg = runner, registry
        self.buildings: list[tuple[str, str, str | None, int]] = []
        self.households: list[tuple[str, str, str | None, int]] = []
        self.shown_household: Any | None = None
        self._want_building, self._want_household = building_id, household_id
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("网格")))
        self.grid = QComboBox()
        for code, name in grids:
            self.grid.addItem(f"{name}（{code}）", code)
        if grid_code is not None:
            self.grid.setCurrentIndex(max(0, self.grid.findData(grid_code)))
        top.addWidget(self.grid, 1)
        self.summary = QLabel()
        self.summary.setObjectName("buildingSummary")
        top.addWidget(self.summary)
        layout.addLayout(top)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.building_table = _table([self.tr("楼栋"), self.tr("地址"), self.tr("户数")], "buildingTable", 1)
        self.household_table = _table([self.tr("户地址"), self.tr("户主"), self.tr("人数")], "householdTable", 0)
        split.addWidget(self.building_table)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.household_table)
        self.members = QLabel(self.tr("选中一户，这里显示其成员。"))
        self.members.setObjectName("householdMembers")
        self.members.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.members.setWordWrap(True)
        self.members.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right.addWidget(self.members)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.grid.currentIndexChanged.connect(lambda _i: self.load_buildings())
        self.building_table.currentCellChanged.connect(lambda r, *_a: self._building_chosen(r))
        self.household_table.currentCellChanged.connect(lambda r, *_a: self._household_chosen(r))
        self.resize(1000, 580)  # fits 1366×768 with the taskbar
        self.load_buildings()

    # -- loading (all on the runner) --------------------------------------------------------------------------
    def load_buildings(self) -> None:
        grid, reg = self.grid.currentData(), self.reg
        if grid is None:
            return
        self.read(lambda _p: reg.buildings_of(grid), label="buildings", on_done=self._show_buildings)

    def _show_buildings(self, rows: list[tuple[str, str, str | None, int]]) -> None:
        self.buildings = rows
        self.building_table.setRowCount(len(rows))
        for r, (_bid, name, address, n) in enumerate(rows):
            for c, text in enumerate((name, address or "", str(n))):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.building_table.setItem(r, c, item)
        self.summary.setText(self.tr("{b} 栋楼，{h} 户").format(b=len(rows), h=sum(n for *_x, n in rows)))
        ids = [b[0] for b in rows]
        want = self._want_building
        self._want_building = None
        self.household_table.setRowCount(0)
        if rows:
            self.building_table.selectRow(ids.index(want) if want in ids else 0)

    def _building_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.buildings):
            return
        bid, reg = self.buildings[row][0], self.reg
        self.read(lambda _p: reg.building(bid), label="building", on_done=self._show_households)

    def _show_households(self, view: Any) -> None:
        current = self.buildings[self.building_table.currentRow()][0] if self.building_table.currentRow() >= 0 else None
        if view.id != current:  # an answer for a building no longer selected
            return
        self.households = view.households
        self.household_table.setRowCount(len(view.households))
        for r, (_hid, address, head, n) in enumerate(view.households):
            for c, text in enumerate((address, head or "—", str(n))):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.household_table.setItem(r, c, item)
        ids = [h[0] for h in view.households]
        want = self._want_household
        self._want_household = None
        self.members.setText(self.tr("选中一户，这里显示其成员。"))
        if ids:
            self.household_table.selectRow(ids.index(want) if want in ids else 0)

    def _household_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.households):
            return
        hid, reg = self.households[row][0], self.reg

        def shown(h: Any) -> None:
            self.shown_household = h
            self.members.setText(household_lines(h))

        self.read(lambda _p: reg.household(hid), label="household", on_done=shown)
