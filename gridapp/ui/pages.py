"""The page base every area's page builds on, and the home page with its cards.

A page declares once which tables it shows (`watches`); the runner says after every operation which tables
its committed writes touched (`DbRunner.changed`, from the data: nobody types flags), and a page watching one
of them is stale: the page shown reads again now, any other when it is next shown. `read` and `write` run work
on the runner and show its errors by default.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.core.permissions import Role

from .runner import DbRunner
from .widgets import RunsWork, page_title

# The tables of an area, for the pages to name what they watch (names as in gridapp/db/models.py; a test
# checks every name a page watches is a table).
UNIT_TABLES = frozenset({"org_unit", "unit_assignment"})
REGISTRY_TABLES = frozenset({"building", "household", "resident", "resident_tag", "special_group_record"})
AFFAIR_TABLES = frozenset({"affair_item", "affair_step"})
TASK_TABLES = frozenset({"grid_task", "grid_task_completion"})
VISIT_TABLES = frozenset({"household_visit"})
DISPUTE_TABLES = frozenset({"dispute", "dispute_supervision"})
EVENT_TABLES = frozenset({"event", "event_step", "event_person", "event_limit", "event_class", "work_calendar_day"})
PROJECT_TABLES = frozenset({"small_project"})
ASSESSMENT_TABLES = frozenset({"assessment_scheme", "assessment_score", "assessment_incident", "assessment_result"})
PARTY_TABLES = frozenset({"party_org", "party_membership", "party_centre", "party_centre_link", "party_contact",
                          "party_history"})
SYNC_TABLES = frozenset({"change_log", "sync_knowledge", "sync_peer", "sync_node", "sync_seal", "sync_conflict",
                         "sync_package_in", "sync_part_in"})
# the roles whose home page shows the indicators' dashboard (gridapp.ui.dashboard, imported only for them)
DASHBOARD_ROLES = frozenset({Role.OFFICE, Role.GRID_CHIEF, Role.VIEWER})


def wants_dashboard(principal: Any) -> bool:
    """The home page shows the indicators first for these roles (grid workers and police keep 今日待办 first)."""
    return principal is not None and not principal.is_system and principal.role in DASHBOARD_ROLES


class Page(RunsWork, QWidget):
    """An area's page: its session, what it watches, reload when next shown, work on the runner.

    Subclasses set `watches` (the tables whose change makes the page stale) and implement `reload()` (read
    what the page shows). `set_session` gives the page its session and makes it stale; a stale page reads
    again when shown (at once if it is shown). `reload_changed()` is what a change triggers (by default
    `reload()`; a long list may re-read keeping its place). `read` and `write` (RunsWork) run work on the
    runner and show its errors over the page. A page never watches a table its own reads write (audit_log)."""

    watches: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.session: Any = None
        self._stale = True
        runner.changed.connect(self.on_changed)

    # -- staleness ----------------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self.session = session
        self.invalidate()

    @Slot(object)
    def on_changed(self, tables: frozenset[str]) -> None:
        if tables & self.watches:
            self.invalidate()

    @property
    def stale(self) -> bool:
        return self._stale

    def invalidate(self) -> None:
        """What the page shows may be out of date: read it again now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self._reload_stale()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._reload_stale()

    def _reload_stale(self) -> None:
        self._stale = self.session is None  # without a session the page clears what it shows, and stays stale
        self.reload_changed()

    def reload_changed(self) -> None:
        self.reload()

    def reload(self) -> None:  # overridden: read what the page shows
        pass

    # -- dialogs ------------------------------------------------------------------------------------
    def accepted(self, dialog: Any, attr: str) -> Any:
        """Run `dialog` (modal, kept as `self.<attr>` so that a test can reach it): its `values()` when the user
        accepts it, else None."""
        setattr(self, attr, dialog)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


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
        self.part = part
        self.setVisible(part is not None)
        if part is None:
            return
        colour = "#b3261e" if part.urgent else ("#1a5fb4" if part.count else "#555555")
        self.setStyleSheet(f"QPushButton {{ color: {colour}; font-size: 15px; font-weight: bold; text-align: center; padding: 6px; }}")
        self._render()

    def _render(self) -> None:
        """The count, then the caption and the urgent part on one line where they fit the card's width, else
        on two (English captions are long: nothing is cut off at 1366×768)."""
        part = getattr(self, "part", None)
        if part is None:
            return
        lines = [self.caption]
        if part.urgent:
            urgent = self.urgent_caption.format(n=part.urgent)
            one = f"{self.caption}　{urgent}"
            self.ensurePolished()  # the style sheet's font, not the default one
            fits = self.fontMetrics().horizontalAdvance(one) <= self.width() - 16
            lines = [one] if fits else [self.caption, urgent]
        text = "\n".join([f"{part.count:,}", *lines])
        if text != self.text():
            self.setText(text)
        self.setToolTip(" ".join(lines))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._render()


class HomePage(QWidget):
    """首页: what waits today (今日待办, each part opens its page), the unit, its counts, what waits to be synced.
    The window reads both (the status bar shows the last sync from the same read): the counts again when one of
    `watches` changed, 今日待办 when one of `agenda_watches` did."""

    watches: ClassVar[frozenset[str]] = UNIT_TABLES | REGISTRY_TABLES | frozenset({"sync_peer", "sync_package_in"})
    agenda_watches: ClassVar[frozenset[str]] = (TASK_TABLES | VISIT_TABLES | DISPUTE_TABLES | AFFAIR_TABLES
                                                | REGISTRY_TABLES | UNIT_TABLES | EVENT_TABLES)

    refresh_requested = Signal()
    open_page = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # the page scrolls rather than squeezing its parts below their size (an office's dashboard with its
        # trends and rankings, then 今日待办 and the counts, is taller than a 1366×768 screen)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("homeScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll_area)
        content = QWidget()
        content.setObjectName("homeContent")
        self.scroll_area.setWidget(content)
        layout = self._layout = QVBoxLayout(content)
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
        self.dashboard: QWidget | None = None  # 指标看板 (gridapp.ui.dashboard) for the roles that read figures
        self._dashboard_at = layout.count()

        self.agenda_title = QLabel(self.tr("今日待办"))
        self.agenda_title.setObjectName("agendaTitle")
        layout.addWidget(self.agenda_title)
        agenda = QHBoxLayout()
        self.agenda = {
            "tasks": AgendaCard("tasks", self.tr("未完成任务"), self.tr("其中 {n} 项已逾期")),
            "visits": AgendaCard("visits", self.tr("应走访户"), self.tr("{n} 户从未走访")),
            "disputes": AgendaCard("disputes", self.tr("未化解纠纷"), self.tr("{n} 起已超期")),
            "affairs": AgendaCard("affairs", self.tr("待审核事项"), self.tr("{n} 项超过 7 天")),
            "events": AgendaCard("events", self.tr("待我办理事件"), self.tr("{n} 件已逾期")),
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
        for i, stat in enumerate(self.cards.values()):
            grid.addWidget(stat, 0, i)
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

    def set_dashboard(self, widget: QWidget) -> None:
        """Put the indicators' dashboard first on the page, above 今日待办."""
        self.dashboard = widget
        self._layout.insertWidget(self._dashboard_at, widget)

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
            name = self.tr("{name}（已撤销）").format(name=unit.name) if getattr(unit, "retired", False) else unit.name
            values = [unit.code, name, counts.get("building", 0), counts.get("household", 0),
                      counts.get("resident", 0)]
            for col, value in enumerate(values):
                item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else value)
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.units_table.setItem(row, col, item)
        self.units_table.resizeColumnToContents(0)
