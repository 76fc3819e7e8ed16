"""时限设置: an event office's time limits per class (受理 / 办理, working days, for events its unit holds) and
its working-day calendar entries (a holiday, or a weekend day worked), with a note when the holiday library does
not know next year yet. Reads and writes run on the runner; EventService checks the permission and the days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.domain.clock import today as today_china

from . import codetr
from .runner import DbRunner
from .widgets import RunsWork, error_text

LIMIT_MIN, LIMIT_MAX = 1, 60


class EventSettingsDialog(RunsWork, QDialog):
    """The office's limits table (edit, 保存时限) and the calendar entry row (日期, 放假/上班, 说明, 登记)."""

    def __init__(self, svc: Any, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.svc = svc
        self.runner = runner
        self.rows: list[tuple[str, str, int, int, bool]] = []
        self._closed = False  # a read or write finishing after the dialog closed (and was deleted) is ignored
        self.finished.connect(lambda _r: setattr(self, "_closed", True))
        self.setWindowTitle(self.tr("时限设置"))
        layout = QVBoxLayout(self)

        limits = QGroupBox(self.tr("事件办理时限（工作日，本单位受理的事件；下级单位未自行设置的同样适用）"))
        lv = QVBoxLayout(limits)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("eventLimits")
        self.table.setHorizontalHeaderLabels([self.tr("事件类别"), self.tr("受理时限"), self.tr("办理时限"),
                                              self.tr("来源")])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        lv.addWidget(self.table)
        save_row = QHBoxLayout()
        self.limit_problem = QLabel()
        self.limit_problem.setObjectName("eventLimitProblem")
        self.limit_problem.setWordWrap(True)
        save_row.addWidget(self.limit_problem, 1)
        self.save_limits = QPushButton(self.tr("保存时限"))
        self.save_limits.setObjectName("eventLimitSave")
        self.save_limits.clicked.connect(self.save)
        save_row.addWidget(self.save_limits)
        lv.addLayout(save_row)
        layout.addWidget(limits, 1)

        cal = QGroupBox(self.tr("工作日历：登记放假日或调休上班日"))
        cv = QVBoxLayout(cal)
        self.coverage = QLabel()
        self.coverage.setObjectName("eventCalendarCoverage")
        self.coverage.setWordWrap(True)
        self.coverage.setStyleSheet("color:#8a5a00")
        cv.addWidget(self.coverage)
        entry = QHBoxLayout()
        entry.addWidget(QLabel(self.tr("日期")))
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        t = today_china()
        self.day.setDate(QDate(t.year, t.month, t.day))
        entry.addWidget(self.day)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("放假"), False)
        self.kind.addItem(self.tr("调休上班"), True)
        entry.addWidget(self.kind)
        entry.addWidget(QLabel(self.tr("说明")))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("例如：元旦"))
        self.note.setMaxLength(50)
        entry.addWidget(self.note, 1)
        self.add_day = QPushButton(self.tr("登记"))
        self.add_day.setObjectName("eventCalendarAdd")
        self.add_day.clicked.connect(self.enter_day)
        entry.addWidget(self.add_day)
        cv.addLayout(entry)
        self.day_message = QLabel()
        self.day_message.setObjectName("eventCalendarMessage")
        self.day_message.setWordWrap(True)
        cv.addWidget(self.day_message)
        layout.addWidget(cal)

        close_row = QHBoxLayout()
        close_row.addStretch(1)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.accept)
        close_row.addWidget(self.close_button)
        layout.addLayout(close_row)
        self.resize(760, 600)
        self.load()

    def _while_open(self, fn: Any) -> Any:
        return lambda value: None if self._closed else fn(value)

    # -- reading ------------------------------------------------------------------------------------------
    def load(self) -> None:
        svc = self.svc
        year = today_china().year + 1
        self.read(lambda _p: (svc.limits(), svc.calendar_covers(year), year), self._while_open(self._show),
                  label="event limits", on_error=self._while_open(self._limit_note_error))

    def _show(self, result: tuple[list[tuple[str, str, int, int, bool]], bool, int]) -> None:
        rows, covered, year = result
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, (code, name, accept, handle, own) in enumerate(rows):
            label = QTableWidgetItem(codetr.text(name))
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            label.setData(Qt.ItemDataRole.UserRole, code)
            self.table.setItem(r, 0, label)
            for c, v in ((1, accept), (2, handle)):
                item = QTableWidgetItem(str(v))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
            src = QTableWidgetItem(self.tr("本单位设置") if own else self.tr("沿用上级或默认"))
            src.setFlags(src.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 3, src)
        self.coverage.setText("" if covered else self.tr(
            "节假日库尚未收录 {0} 年的放假安排：国务院公布后请在此登记，否则 {0} 年按周一至周五计算工作日。"
        ).format(year))
        self.coverage.setVisible(not covered)

    # -- the limits -----------------------------------------------------------------------------------------
    def changes(self) -> list[tuple[str, int, int]]:
        """The edited rows as (class code, 受理, 办理); a bad cell raises ValueError naming the row and field."""
        out = []
        for r, (code, name, accept, handle, _own) in enumerate(self.rows):
            values = []
            for c, field in ((1, self.tr("受理时限")), (2, self.tr("办理时限"))):
                item = self.table.item(r, c)
                text = item.text().strip() if item is not None else ""
                try:
                    v = int(text)
                except ValueError:
                    v = None
                if v is None or not LIMIT_MIN <= v <= LIMIT_MAX:
                    raise ValueError(self.tr("第 {0} 行（{1}）的{2}须为 {3} 到 {4} 个工作日的整数。").format(
                        r + 1, codetr.text(name), field, LIMIT_MIN, LIMIT_MAX))
                values.append(v)
            if (values[0], values[1]) != (accept, handle):
                out.append((code, values[0], values[1]))
        return out

    def _limit_note(self, text: str, *, ok: bool = False) -> None:
        self.limit_problem.setStyleSheet("color:#1a5fb4" if ok else "color:#b3261e")
        self.limit_problem.setText(text)

    def _limit_note_error(self, exc: BaseException) -> None:
        self._limit_note(error_text(exc))

    def save(self) -> None:
        try:
            changed = self.changes()
        except ValueError as exc:
            self._limit_note(str(exc))
            return
        if not changed:
            self._limit_note(self.tr("时限没有改动。"), ok=True)
            return
        self.limit_problem.setText("")
        svc = self.svc

        def work(_p):
            for code, accept, handle in changed:
                svc.set_limit(code, accept, handle)
            return len(changed)

        def done(n: int) -> None:
            self._limit_note(self.tr("已保存 {0} 个类别的时限。").format(n), ok=True)
            self.load()

        self.write(work, self._while_open(done), label="event limits",
                   on_error=self._while_open(self._limit_note_error))

    # -- the calendar ---------------------------------------------------------------------------------------
    def enter_day(self) -> None:
        q = self.day.date()
        day = dt.date(q.year(), q.month(), q.day())
        working = bool(self.kind.currentData())
        note = self.note.text().strip() or None
        svc = self.svc

        def done(_r: Any) -> None:
            kind = self.tr("调休上班日") if working else self.tr("放假日")
            self.day_message.setStyleSheet("color:#1a5fb4")
            self.day_message.setText(self.tr("已登记 {0} 为{1}。").format(day.isoformat(), kind))
            self.note.clear()
            self.load()

        def failed(exc: BaseException) -> None:
            self.day_message.setStyleSheet("color:#b3261e")
            self.day_message.setText(error_text(exc))

        self.write(lambda _p: svc.set_calendar_day(day, working, note), self._while_open(done),
                   label="work calendar", on_error=self._while_open(failed))
