"""考核排名 on the 指标看板: the latest published ranking of the units below the user's unit (a district's towns,
with the towns' own results rolled up where the scheme takes 下级考核成绩), from
services.assessment.AssessmentService.standing. A row's tooltip tells where each automatic score comes from; the
button opens the whole ranking with every indicator's score."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.domain.assessment import ROLL_UP

from .codetr import text as code_text
from .widgets import read_only_table


def _fmt(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.1f}".rstrip("0").rstrip(".")


class StandingPanel(QFrame):
    """The units below ranked by their assessment totals (the latest published result)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("assessmentStanding")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.ranking: Any = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.setSpacing(2)
        head = QHBoxLayout()
        title = QLabel(self.tr("考核排名"))
        title.setStyleSheet("font-weight: bold;")
        head.addWidget(title)
        head.addStretch(1)
        self.all = QPushButton(self.tr("全部得分"))
        self.all.setObjectName("assessmentStandingAll")
        self.all.setFlat(True)
        self.all.setCursor(Qt.CursorShape.PointingHandCursor)
        self.all.setStyleSheet("QPushButton { color: #1a5fb4; padding: 0 2px; }")
        self.all.clicked.connect(self.open_all)
        head.addWidget(self.all)
        lay.addLayout(head)
        self.caption = QLabel("")
        self.caption.setObjectName("assessmentStandingCaption")
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("color: #444444;")
        lay.addWidget(self.caption)
        self.table = read_only_table([self.tr("名次"), self.tr("单位"), self.tr("总分"), self.tr("下级"),
                                      self.tr("结果")], "assessmentStandingTable", row_height=20, single=False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        for col in (0, 2, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(header.sizeHint().height() + 20 * 2 + 4)
        lay.addWidget(self.table, 1)
        lay.addStretch(0)  # the title stays on top while there is no table
        self.dialog: Any = None

    def show_ranking(self, ranking: Any) -> None:
        """A published ranking (services.assessment.Ranking), or None: nothing published yet."""
        self.ranking = ranking
        self.all.setVisible(ranking is not None)
        self.table.setVisible(ranking is not None)
        if ranking is None:
            self.caption.setText(self.tr("本单位还没有已发布的考核排名（在“考核”页建立方案、评分并发布）"))
            return
        v = ranking.scheme
        roll = next((i for i in v.indicators if i.source == ROLL_UP), None)
        self.table.setColumnHidden(3, roll is None)
        if roll is not None:
            head = self.table.horizontalHeaderItem(3)
            if head is not None:
                head.setToolTip(f"{code_text(roll.name)}（满分 {_fmt(roll.max)}）")
        self.caption.setText(self.tr("{name}（{period}，{level}，满分 {max}，第 {version} 版，{on}）").format(
            name=v.name, period=v.period, level=code_text(v.target_label), max=_fmt(v.max_total),
            version=ranking.version, on=ranking.published_on))
        self.table.setRowCount(len(ranking.rows))
        for r, row in enumerate(ranking.rows):
            cell = row.cell(roll.key) if roll is not None else None
            rolled = "—" if cell is None else _fmt(cell.score)
            outcome = "、".join(code_text(x) for x in row.outcome_labels) or "—"
            rank = self.tr("不参与") if row.unranked else str(row.rank)  # 无数据: nothing to measure
            total = self.tr("无数据") if row.unranked else _fmt(row.total)
            for c, value in enumerate((rank, row.name, total, rolled, outcome)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.code)
                if c == 3 and cell is not None:
                    item.setToolTip(f"{code_text(roll.name) if roll else ''}：{cell.explain}")
                if c in (0, 2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)

    def open_all(self) -> None:
        """Every indicator's score of every unit, as published."""
        if self.ranking is None:
            return
        from gridapp.services.indicators import ItemList

        from .dashboard import ItemsDialog

        v = self.ranking.scheme
        cols = (self.tr("名次"), self.tr("单位"), self.tr("总分"),
                *(f"{code_text(i.name)}（{_fmt(i.max)}）" for i in v.indicators), self.tr("结果"))
        rows = []
        for row in self.ranking.rows:
            scores = [_fmt(c.score) if (c := row.cell(i.key)) is not None else "—" for i in v.indicators]
            rows.append((self.tr("不参与") if row.unranked else str(row.rank), row.name,
                         self.tr("无数据") if row.unranked else _fmt(row.total), *scores,
                         "、".join(code_text(x) for x in row.outcome_labels) or "—"))
        items = ItemList("assessment", self.tr("{name}：考核排名（{period}，第 {version} 版）").format(
            name=v.name, period=v.period, version=self.ranking.version), cols,
            [r.code for r in self.ranking.rows], rows)
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = ItemsDialog(items, self)
        self.dialog.resize(min(1300, 300 + 150 * len(v.indicators)), 420)  # every indicator's column in view
        self.dialog.show()
