"""指标看板 on 首页 (office, grid chief and viewer roles): a card per indicator of the plan (value, target, status in
colour and in words), its trend over the last 12 periods as a small chart, the units below that pull it down; a
click on a figure opens the exact list behind it (services.indicators.items), not a page to search again.

The figures are read on the runner: the cards first (one job), the trends after them (a second job), so the
page paints before the charts are drawn. The chart library (QtCharts, from PySide6-Addons) is imported when the first trend arrives,
never at start-up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
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

from gridapp.domain.indicators import BY_KEY as INDICATORS_BY_KEY
from gridapp.domain.indicators import INDICATORS, PARTY_COVERAGE, STATUS_LABELS, STATUS_MARKS, Indicator
from gridapp.domain.periods import Period

from . import codetr
from .i18n import colon
from .pages import DISPUTE_TABLES, PARTY_TABLES, REGISTRY_TABLES, UNIT_TABLES, VISIT_TABLES, Page
from .runner import DbRunner
from .widgets import item_at

INDICATOR_TABLES = frozenset({"event", "event_step", "police_force", "homicide_case", "satisfaction_survey",
                              "assessment_result"})
COLOURS = {"met": "#2e7d32", "close": "#a15c00", "missed": "#b3261e", "no_data": "#666666"}
SHOWN_BELOW = 3  # the units below that pull a figure down, on the card
TREND_HEIGHT = 40  # the trend chart's height, beside the figure
# the columns of a list behind a figure whose cells are code-table words (shown in the UI's language)
WORD_COLUMNS = frozenset({"类型", "结论", "满意/样本"})


def period_choices(today: dt.date) -> list[Period]:
    """This month and the 11 before, this quarter and the 3 before, this year and last."""
    months = [Period.containing("month", today)]
    while len(months) < 12:
        months.append(months[-1].previous())
    quarters = [Period.containing("quarter", today)]
    while len(quarters) < 4:
        quarters.append(quarters[-1].previous())
    years = [Period.year(today.year), Period.year(today.year - 1)]
    return months + quarters + years


class IndicatorCard(QFrame):
    """One indicator: name, value (a click opens the list behind it), target, status, trend, units below."""

    open_list = Signal(str, str)  # indicator key, unit code
    open_ranking = Signal(str)  # indicator key

    def __init__(self, ind: Indicator, parent: QWidget | None = None):
        super().__init__(parent)
        self.ind = ind
        self.unit_code = ""
        self.setObjectName(f"indicator_{ind.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(self.tr("{name}\n分子：{num}\n分母：{den}\n目标：{target}").format(
            name=codetr.text(ind.name), num=codetr.text(ind.numerator), den=codetr.text(ind.denominator),
            target=ind.target_text))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(2)
        # the name with the status badge beside it, then the figure with its trend beside it: every part has its
        # own height, so the chart never runs into the ranking below it (1366×768, issue 16)
        top = QHBoxLayout()
        self.name = QLabel(codetr.text(ind.name))
        self.name.setStyleSheet("font-weight: bold;")
        self.name.setWordWrap(True)  # a long (English) name takes a second line in a narrow card, never clipped
        top.addWidget(self.name, 1)
        self.status = QLabel("")
        self.status.setObjectName(f"indicatorStatus_{ind.key}")
        self.status.setMinimumWidth(76)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top.addWidget(self.status)
        lay.addLayout(top)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.value = QPushButton("—")
        self.value.setObjectName(f"indicatorValue_{ind.key}")
        self.value.setFlat(True)
        self.value.setCursor(Qt.CursorShape.PointingHandCursor)
        self.value.setStyleSheet("QPushButton { font-size: 20px; font-weight: bold; text-align: left; padding: 0; }")
        self.value.clicked.connect(lambda: self.open_list.emit(self.ind.key, self.unit_code))
        row.addWidget(self.value, 0, Qt.AlignmentFlag.AlignVCenter)
        self.chart_box = QVBoxLayout()
        self.chart: Any = None
        self.chart_holder = QWidget()
        self.chart_holder.setObjectName(f"indicatorTrendHolder_{ind.key}")
        self.chart_holder.setFixedHeight(TREND_HEIGHT)
        self.chart_holder.setMinimumWidth(120)
        self.chart_holder.setLayout(self.chart_box)
        self.chart_box.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chart_holder, 1)
        lay.addLayout(row)
        self.detail = QLabel("")
        self.detail.setStyleSheet("color: #444444;")
        lay.addWidget(self.detail)
        below_head = QHBoxLayout()
        self.below_caption = QLabel(self.tr("下级排名靠后："))
        self.below_caption.setStyleSheet("color: #444444;")
        below_head.addWidget(self.below_caption)
        below_head.addStretch(1)
        self.ranking = QPushButton(self.tr("全部排名"))
        self.ranking.setObjectName(f"indicatorRanking_{ind.key}")
        self.ranking.setFlat(True)
        self.ranking.setCursor(Qt.CursorShape.PointingHandCursor)
        self.ranking.setStyleSheet("QPushButton { color: #1a5fb4; padding: 0 2px; }")
        self.ranking.clicked.connect(lambda: self.open_ranking.emit(self.ind.key))
        below_head.addWidget(self.ranking)
        lay.addLayout(below_head)
        self.below: list[QPushButton] = []
        for i in range(SHOWN_BELOW):
            b = QPushButton("")
            b.setObjectName(f"indicatorBelow_{ind.key}_{i}")
            b.setFlat(True)
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setStyleSheet("QPushButton { text-align: left; padding: 0 2px; }")
            b.clicked.connect(lambda _c=False, btn=b: self.open_list.emit(self.ind.key, btn.property("unit")))
            lay.addWidget(b)
            self.below.append(b)
        lay.addStretch(1)

    def show_result(self, r: Any) -> None:
        ind, t = self.ind, r.total
        self.unit_code = t.unit_code
        self.value.setText(ind.shown(t.value))
        self.value.setToolTip(self.tr("点击查看：{what}").format(what=codetr.text(ind.list_label)))
        colour = COLOURS[t.status]
        self.status.setText(status_text(t.status))
        self.status.setStyleSheet(f"color: white; background: {colour}; border-radius: 3px; padding: 1px 6px;"
                                  " font-weight: bold;")
        self.setStyleSheet(f"QFrame#{self.objectName()} {{ border-left: 4px solid {colour}; }}")
        self.detail.setText(self.tr("目标 {target}　{num}/{den}　{period}").format(
            target=ind.target_text, num=_n(t.numerator), den=_n(t.denominator), period=r.period.key))
        worst = list(reversed([f for f in r.below if f.value is not None]))[:SHOWN_BELOW]
        self.below_caption.setVisible(bool(worst))
        self.ranking.setVisible(bool(r.below))
        for b, f in zip(self.below, worst + [None] * SHOWN_BELOW, strict=False):
            b.setVisible(f is not None)
            if f is not None:
                b.setText(self.tr("{rank}. {unit}　{value}　{mark}").format(
                    rank=f.rank, unit=f.unit_name, value=ind.shown(f.value), mark=STATUS_MARKS[f.status]))
                b.setProperty("unit", f.unit_code)
                b.setStyleSheet(f"QPushButton {{ text-align: left; padding: 0 2px; color: {COLOURS[f.status]}; }}")

    def show_trend(self, points: list[tuple[str, float | None]]) -> None:
        # QtCharts (PySide6-Addons) only when the first trend is drawn: start-up never loads it
        from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
        from PySide6.QtCore import QMargins
        from PySide6.QtGui import QColor, QPainter, QPen

        factor = 100 if self.ind.unit == "%" else 1
        chart = QChart()
        chart.legend().hide()
        chart.setMargins(QMargins(0, 0, 0, 0))
        chart.setBackgroundRoundness(0)
        chart.layout().setContentsMargins(0, 0, 0, 0)
        target = QLineSeries()
        line = QLineSeries()
        values = [v * factor for _k, v in points if v is not None]
        goal = self.ind.target * factor
        for i, (_k, v) in enumerate(points):
            target.append(i, goal)
            if v is not None:
                line.append(i, v * factor)
        pen = QPen(QColor("#999999"))
        pen.setStyle(Qt.PenStyle.DashLine)
        target.setPen(pen)
        line.setPen(QPen(QColor("#1a5fb4"), 2))
        line.setPointsVisible(True)
        chart.addSeries(target)
        chart.addSeries(line)
        ax, ay = QValueAxis(), QValueAxis()
        ax.setRange(0, max(1, len(points) - 1))
        lo, hi = min([goal, *values]), max([goal, *values])
        pad = (hi - lo) * 0.15 or max(abs(hi) * 0.05, 0.5)
        ay.setRange(lo - pad, hi + pad)
        for axis, align in ((ax, Qt.AlignmentFlag.AlignBottom), (ay, Qt.AlignmentFlag.AlignLeft)):
            axis.setVisible(False)
            chart.addAxis(axis, align)
            target.attachAxis(axis)
            line.attachAxis(axis)
        if self.chart is None:
            self.chart = QChartView()
            self.chart.setObjectName(f"indicatorTrend_{self.ind.key}")
            self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.chart.setStyleSheet("background: transparent;")
            self.chart.setMinimumSize(60, TREND_HEIGHT)  # drawn in the holder's height, not QtCharts' own minimum
            self.chart_box.addWidget(self.chart)
        old = self.chart.chart()
        self.chart.setChart(chart)
        if old is not None:
            old.deleteLater()
        self.chart.setToolTip("\n".join(f"{k}{colon()}{self.ind.shown(v)}" for k, v in points))
        self.trend = points


class ItemsDialog(QDialog):
    """The exact list behind a figure."""

    def __init__(self, items: Any, parent: QWidget | None = None, *, title: str | None = None):
        super().__init__(parent)
        title = title or items.title
        self.setObjectName("indicatorItems")
        self.setWindowTitle(title)
        self.resize(760, 480)
        lay = QVBoxLayout(self)
        self.count = QLabel(self.tr("{title}：共 {n} 条").format(title=title, n=len(items.ids)))
        self.count.setWordWrap(True)
        lay.addWidget(self.count)
        self.table = QTableWidget(len(items.rows), len(items.columns))
        self.table.setObjectName("indicatorItemsTable")
        self.table.setHorizontalHeaderLabels([codetr.text(c) for c in items.columns])  # code-table words
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        words = {i for i, c in enumerate(items.columns) if c in WORD_COLUMNS}
        for r, (rid, cells) in enumerate(zip(items.ids, items.rows, strict=True)):
            for c, text in enumerate(cells):
                it = QTableWidgetItem(codetr.text(str(text)) if c in words else str(text))
                it.setData(Qt.ItemDataRole.UserRole, rid)
                self.table.setItem(r, c, it)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        self.ids = list(items.ids)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


class IndicatorDashboard(Page):
    """The cards, for the signed-in user's unit and a chosen month, quarter or year."""

    watches: ClassVar[frozenset[str]] = (VISIT_TABLES | DISPUTE_TABLES | REGISTRY_TABLES | UNIT_TABLES
                                         | INDICATOR_TABLES | PARTY_TABLES)
    loaded = Signal()
    trends_loaded = Signal()
    standing_loaded = Signal()

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.setObjectName("indicatorDashboard")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel(self.tr("指标看板"))
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        head.addWidget(self.title)
        self.summary = QLabel("")
        head.addWidget(self.summary)
        head.addStretch(1)
        head.addWidget(QLabel(self.tr("统计期：")))
        self.period_box = QComboBox()
        self.period_box.setObjectName("indicatorPeriod")
        head.addWidget(self.period_box)
        lay.addLayout(head)
        self.grid = QGridLayout()
        self.grid.setSpacing(6)
        self.cards: dict[str, IndicatorCard] = {}
        for ind in INDICATORS:
            card = IndicatorCard(ind)
            card.open_list.connect(self.open_items)
            card.open_ranking.connect(self.open_ranking)
            card.setVisible(False)
            self.cards[ind.key] = card
        lay.addLayout(self.grid)
        from .dashboard_standing import StandingPanel  # 考核排名 of the units below (its own module)

        self.standing = StandingPanel()  # placed in the cards' grid by `_show`
        self.standing.setVisible(False)
        # figures without a target, shown as information after the indicators (党员联系户覆盖率, issue 17)
        from .party_card import CoverageCard

        self.party_card = CoverageCard()  # placed in the grid's next cell by _show
        self.party_card.open_list.connect(self.open_party_list)
        self.dashboard: Any = None
        self._trend_jobs = 0  # the trends shown are those of the latest figures read
        self.dialog: ItemsDialog | None = None
        self._periods: list[Period] = []
        self.period_box.currentIndexChanged.connect(lambda _i: self.reload())

    def set_session(self, session: Any) -> None:
        if session is not None and not self._periods:
            from gridapp.domain import clock

            self._periods = period_choices(clock.today())
            self.period_box.blockSignals(True)
            self.period_box.addItems([p.key for p in self._periods])
            self.period_box.blockSignals(False)
        super().set_session(session)

    @property
    def period(self) -> Period | None:
        return item_at(self._periods, self.period_box.currentIndex())

    def reload(self) -> None:
        session, period = self.session, self.period
        if session is None or period is None:
            return
        self.summary.setText(self.tr("正在计算……"))

        def load(_p: Any) -> Any:
            return session.indicators().compute(None, period)

        self.read(load, self._show, label="indicators")
        self.read(lambda _p: session.party().coverage(), self.party_card.show_coverage, label="party coverage")

    def _show(self, d: Any) -> None:
        self.dashboard = d
        shown = [r.indicator.key for r in d.results]
        for card in self.cards.values():
            self.grid.removeWidget(card)
            card.setVisible(card.ind.key in shown)
        columns = 4 if len(shown) != 5 else 3
        for i, key in enumerate(shown):  # the cards that apply at the unit's level, without holes
            self.grid.addWidget(self.cards[key], i // columns, i % columns)
        self.grid.removeWidget(self.standing)  # 考核排名 takes the next place, a card's size
        self.standing.setVisible(False)
        used = columns
        after = len(shown)  # the party coverage card's place, after the cards (and 考核排名)
        if len(d.unit_code) < 15:
            row, col = divmod(len(shown), columns)
            if row == 1 and col == 0:  # one full row of cards (a community's four): beside them, not below
                row, col = 0, columns
            self.grid.addWidget(self.standing, row, col)
            used = max(used, col + 1)
            if col < columns:
                after = row * columns + col + 1
        for c in range(max(self.grid.columnCount(), used)):  # every place the same width
            self.grid.setColumnStretch(c, 1 if c < used else 0)
        self.grid.addWidget(self.party_card, after // columns, after % columns)
        for r in d.results:
            self.cards[r.indicator.key].show_result(r)
        counts = {s: sum(r.total.status == s for r in d.results) for s in ("met", "close", "missed")}
        self.summary.setText(self.tr("{unit}　达标 {met} 项　接近 {close} 项　未达标 {missed} 项").format(
            unit=d.unit_name, **counts))
        self.loaded.emit()
        session, period, keys = self.session, d.period, [r.indicator.key for r in d.results]
        if session is None:  # signed out (locked, or another user) while the figures were read: nothing more to read
            return
        if len(d.unit_code) < 15:  # a unit that ranks the units below it: its latest published 考核排名, before
            # the trends (a read of the published results, not a computation)
            def standing(_p: Any) -> Any:
                return session.assessment().standing()

            def show_standing(ranking: Any) -> None:
                self.standing.show_ranking(ranking)
                self.standing.setVisible(True)
                self.standing_loaded.emit()

            self.read(standing, show_standing, label="assessment standing")

        # the quick trends first (grouped counts of events, disputes, entered figures), then the visit rate's,
        # which reads a year of visits (about 1 s for a district of a million residents): its chart comes last
        self._trend_jobs = generation = self._trend_jobs + 1
        slow = [k for k in keys if k == "visit_rate"]
        batches = [b for b in ([k for k in keys if k not in slow], slow) if b]
        for n, batch in enumerate(batches):
            def trends(_p: Any, batch: list[str] = batch) -> Any:
                svc = session.indicators()
                return {k: svc.trend(k, None, period) for k in batch}

            def show(t: Any, last: bool = n == len(batches) - 1) -> None:
                self._show_trends(t, generation, last=last)

            self.read(trends, show, label="indicator trends")

    def _show_trends(self, trends: dict[str, list[tuple[str, float | None]]], generation: int | None = None,
                     *, last: bool = True) -> None:
        if generation is not None and generation != self._trend_jobs:
            return  # the trends of a period no longer shown
        for key, points in trends.items():
            self.cards[key].show_trend(points)
        if last:
            self.trends_loaded.emit()

    def open_ranking(self, key: str) -> None:
        """The units below ranked by the indicator (from the figures shown: no second read); a double click on a
        unit opens the list behind its figure."""
        if self.dashboard is None:
            return
        from gridapp.services.indicators import ItemList

        r = self.dashboard.result(key)
        i = r.indicator
        rows: list[tuple[str, ...]] = [(str(f.rank or "—"), f.unit_name, i.shown(f.value), status_text(f.status),
                                        f"{_n(f.numerator)}/{_n(f.denominator)}") for f in r.below]
        items = ItemList(key, self.tr("{name}：下级单位排名（{unit}，{period}）").format(
            name=codetr.text(i.name), unit=self.dashboard.unit_name, period=r.period.key),
            (self.tr("名次"), self.tr("单位"), self.tr("本期值"), self.tr("完成情况"), self.tr("分子/分母")),
            [f.unit_code for f in r.below], rows)
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = ItemsDialog(items, self)
        self.dialog.table.cellDoubleClicked.connect(
            lambda row, _col: self.open_items(key, r.below[row].unit_code))
        self.dialog.show()

    def open_party_list(self) -> None:
        """The households not linked to a party member (the exact list the coverage card misses)."""
        session = self.session
        if session is None:
            return

        def show(items: Any) -> None:
            if self.dialog is not None:
                self.dialog.close()
            self.dialog = ItemsDialog(items, self, title=self.tr("{what}（{unit}）").format(
                what=codetr.text(PARTY_COVERAGE.list_label), unit=items.unit_name or items.title))
            self.dialog.show()

        self.read(lambda _p: session.party().unlinked_items(), show, label="party coverage list")

    def open_items(self, key: str, unit_code: str) -> None:
        session, period = self.session, self.period
        if session is None or period is None:
            return

        def load(_p: Any) -> Any:
            return session.indicators().items(key, unit_code or None, period)

        def show(items: Any) -> None:
            if self.dialog is not None:
                self.dialog.close()
            ind = INDICATORS_BY_KEY[key]
            title = self.tr("{name}：{what}（{unit}，{period}）").format(
                name=codetr.text(ind.name), what=codetr.text(ind.list_label), unit=items.unit_name,
                period=items.period) if items.unit_name else None
            self.dialog = ItemsDialog(items, self, title=title)
            self.dialog.show()

        self.read(load, show, label="indicator list")


def status_text(status: str) -> str:
    """The status badge in words, readable without colour: mark and word (达标/接近/未达标/无数据)."""
    return f"{STATUS_MARKS[status]} {codetr.text(STATUS_LABELS[status])}"


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
