"""The home page and its cards."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .widgets import page_title


class StatCard(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("statCard")
        layout = QVBoxLayout(self)
        self.value = QLabel("—")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(caption)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, value: int | str) -> None:
        self.value.setText(f"{value:,}" if isinstance(value, int) else value)


class AgendaCard(QPushButton):
    """One part of 今日待办: how many wait, how many of them are urgent; a click opens its page."""

    def __init__(self, key: str, caption: str, urgent_caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.caption = caption
        self.urgent_caption = urgent_caption  # "{n} 项逾期" and the like
        self.setObjectName(f"agenda_{key}")
        self.setMinimumHeight(64)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.set_part(None)

    def set_part(self, part) -> None:
        self.setVisible(part is not None)
        if part is None:
            return
        line = self.caption
        if part.urgent:
            line += "　" + self.urgent_caption.format(n=part.urgent)
        self.setText(f"{part.count:,}\n{line}")
        colour = "#b3261e" if part.urgent else ("#1a5fb4" if part.count else "#555555")
        self.setStyleSheet(f"QPushButton {{ color: {colour}; font-size: 15px; font-weight: bold; text-align: center; padding: 6px; }}")


class HomePage(QWidget):
    """首页: what waits today (今日待办, each part opens its page), the unit, its counts, what waits to be synced."""

    refresh_requested = Signal()
    open_page = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        head = QHBoxLayout()
        self.title = page_title(self.tr("首页"))
        head.addWidget(self.title)
        head.addStretch(1)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh_requested)
        head.addWidget(self.refresh_button)
        layout.addLayout(head)
        self.unit_label = QLabel(self.tr("正在打开数据库……"))
        self.unit_label.setObjectName("homeUnit")
        layout.addWidget(self.unit_label)

        self.agenda_title = QLabel(self.tr("今日待办"))
        self.agenda_title.setObjectName("agendaTitle")
        layout.addWidget(self.agenda_title)
        agenda = QHBoxLayout()
        self.agenda = {
            "tasks": AgendaCard("tasks", self.tr("待办任务"), self.tr("{n} 项已逾期")),
            "visits": AgendaCard("visits", self.tr("应走访户"), self.tr("{n} 户从未走访")),
            "disputes": AgendaCard("disputes", self.tr("未化解纠纷"), self.tr("{n} 起已超期")),
            "affairs": AgendaCard("affairs", self.tr("待审核事项"), self.tr("{n} 项超过 7 天")),
        }
        for card in self.agenda.values():
            card.clicked.connect(lambda _c=False, key=card.key: self.open_page.emit(key))
            agenda.addWidget(card)
        layout.addLayout(agenda)
        self.agenda_title.setVisible(False)

        grid = QGridLayout()
        self.cards = {
            "grids": StatCard(self.tr("网格")),
            "buildings": StatCard(self.tr("楼栋")),
            "households": StatCard(self.tr("户")),
            "residents": StatCard(self.tr("在册居民")),
        }
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)
        layout.addLayout(grid)

        self.units_caption = QLabel(self.tr("下级单位"))
        layout.addWidget(self.units_caption)
        self.units_table = QTableWidget(0, 5)
        self.units_table.setObjectName("unitsTable")
        self.units_table.setHorizontalHeaderLabels(
            [self.tr("单位编码"), self.tr("名称"), self.tr("楼栋"), self.tr("户"), self.tr("居民")])
        self.units_table.verticalHeader().setVisible(False)
        self.units_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.units_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.units_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.units_table, 1)
        layout.addStretch(0)  # takes the room when there is no table of units below

    def show_agenda(self, agenda) -> None:
        for key, card in self.agenda.items():
            card.set_part(getattr(agenda, key))
        self.agenda_title.setVisible(any(getattr(agenda, key) is not None for key in self.agenda))
        self.agenda_title.setText(self.tr("今日待办（{day}）").format(day=agenda.on.isoformat()))

    def show_agenda_error(self, text: str) -> None:
        self.agenda_title.setVisible(True)
        self.agenda_title.setText(self.tr("今日待办：未能读取（{error}）").format(error=text))

    def show_overview(self, overview, units) -> None:
        if overview.unit_code:
            self.unit_label.setText(self.tr("本单位：{name}（{code}）").format(
                name=overview.unit_name, code=overview.unit_code))
        self.cards["grids"].set_value(overview.grids)
        self.cards["buildings"].set_value(overview.buildings)
        self.cards["households"].set_value(overview.households)
        self.cards["residents"].set_value(overview.residents)
        # a grid's own page: no count of grids, no table of units below (there are none)
        at_grid = overview.unit_level == "grid"
        self.cards["grids"].setVisible(not at_grid)
        self.units_caption.setVisible(bool(units))
        self.units_table.setVisible(bool(units))
        self.units_table.setRowCount(len(units))
        for row, (unit, counts) in enumerate(units):
            values = [unit.code, unit.name, counts.get("building", 0), counts.get("household", 0),
                      counts.get("resident", 0)]
            for col, value in enumerate(values):
                item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else value)
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.units_table.setItem(row, col, item)
        self.units_table.resizeColumnToContents(0)
