"""首页's card for 党员联系户覆盖率 (gridapp.domain.indicators.PARTY_COVERAGE): the share of the user's unit's
households a party member is linked to, now. The plan sets no target, so it is shown as information (no status
colour, never ranked); a click on the figure opens the exact list of the households not linked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gridapp.domain.indicators import PARTY_COVERAGE

from . import codetr

INFO_COLOUR = "#1a5fb4"


class CoverageCard(QFrame):
    """The figure (a click: the list behind it), the count it is made of, and the word 信息 (no target)."""

    open_list = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        info = PARTY_COVERAGE
        self.setObjectName(f"indicator_{info.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"QFrame#{self.objectName()} {{ border-left: 4px solid {INFO_COLOUR}; }}")
        self.setToolTip(self.tr("{name}\n分子：{num}\n分母：{den}\n目标：无（{source}）").format(
            name=codetr.text(info.name), num=codetr.text(info.numerator), den=codetr.text(info.denominator),
            source=codetr.text(info.source)))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(2)
        name = QLabel(codetr.text(info.name))
        name.setStyleSheet("font-weight: bold;")
        lay.addWidget(name)
        row = QHBoxLayout()
        self.value = QPushButton("—")
        self.value.setObjectName(f"indicatorValue_{info.key}")
        self.value.setFlat(True)
        self.value.setCursor(Qt.CursorShape.PointingHandCursor)
        self.value.setStyleSheet("QPushButton { font-size: 20px; font-weight: bold; text-align: left; padding: 0; }")
        self.value.setToolTip(self.tr("点击查看：{what}").format(what=codetr.text(info.list_label)))
        self.value.clicked.connect(self.open_list.emit)
        row.addWidget(self.value)
        row.addStretch(1)
        self.status = QLabel(self.tr("信息"))
        self.status.setObjectName(f"indicatorStatus_{info.key}")
        self.status.setMinimumWidth(76)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setToolTip(self.tr("方案未设目标值：仅作信息展示，不评达标、不排名"))
        self.status.setStyleSheet(f"color: {INFO_COLOUR}; background: #e6eef9; border-radius: 3px;"
                                  " padding: 1px 6px;")
        row.addWidget(self.status)
        lay.addLayout(row)
        self.detail = QLabel("")
        self.detail.setObjectName(f"indicatorDetail_{info.key}")
        self.detail.setStyleSheet("color: #444444;")
        self.detail.setWordWrap(True)
        lay.addWidget(self.detail)
        lay.addStretch(1)
        self.coverage: Any = None

    def show_coverage(self, c: Any) -> None:
        self.coverage = c
        self.detail.setToolTip(self.tr("已联系 {n} 户，未联系 {m} 户").format(n=c.covered, m=c.households - c.covered))
        self.value.setText(PARTY_COVERAGE.shown(c.value))
        self.detail.setText(self.tr("无目标值　{n}/{d} 户　当前").format(n=c.covered, d=c.households))
