"""时限与分类设置: an event office's settings for its unit and the units below, in three tabs:
- 办理时限: the time limits per class (受理 / 办理, working days, for events its unit holds), saved from the table;
  a class the unit set itself can go back to the limits it inherits (恢复沿用上级);
- 工作日历: its calendar entries (a holiday, or a weekend day worked) entered, listed with those of the units
  above, and its own removed; a note when the holiday library does not know next year yet;
- 事件分类: the class table (classes with their subclasses): add a subclass, rename, retire (停用) or restore.
Reads and writes run on the runner; EventService checks the permission and the values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.domain.clock import today as today_china

from . import codetr
from .dates import date_edit
from .runner import DbRunner
from .widgets import (
    RunsWork,
    error_text,
    fit_columns,
    named,
    push_button,
    read_only_table,
    selected_item,
    wrapped,
)

LIMIT_MIN, LIMIT_MAX = 1, 60
OK_COLOUR, BAD_COLOUR, GREY = "#1a5fb4", "#b3261e", "#777777"


def _note(label: QLabel, text: str, ok: bool) -> None:
    label.setStyleSheet(f"color:{OK_COLOUR if ok else BAD_COLOUR}")
    label.setText(text)


def _readonly(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class EventSettingsDialog(RunsWork, QDialog):
    """The office's limits table (edit, 保存时限, 恢复沿用上级), the calendar (日期, 放假/上班, 说明, 登记; the
    entries, 删除所选) and the class table (名称, 增加小类, 改名, 停用, 恢复)."""

    def __init__(self, svc: Any, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.svc = svc
        self.runner = runner
        self.rows: list[tuple[str, str, int, int, bool]] = []
        self.days: list[tuple[dt.date, bool, str | None, str, bool]] = []
        self._closed = False  # a read or write finishing after the dialog closed (and was deleted) is ignored
        self.finished.connect(lambda _r: setattr(self, "_closed", True))
        self.setWindowTitle(self.tr("时限与分类设置"))
        layout = QVBoxLayout(self)
        scope = QLabel(self.tr("以下设置适用于本单位及下级单位（下级单位自行设置的除外）。"))
        scope.setStyleSheet(f"color:{GREY}")
        layout.addWidget(scope)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("eventSettingsTabs")
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._limits_tab(), self.tr("时限"))
        self.tabs.addTab(self._calendar_tab(), self.tr("工作日历"))
        self.tabs.addTab(self._classes_tab(), self.tr("事件分类"))

        close_row = QHBoxLayout()
        close_row.addStretch(1)
        self.close_button = push_button(self.tr("关闭"), None, self.accept)
        close_row.addWidget(self.close_button)
        layout.addLayout(close_row)
        self.resize(760, 600)
        self.load()

    # -- building the tabs ----------------------------------------------------------------------------------
    def _limits_tab(self) -> QWidget:
        tab = QWidget()
        lv = QVBoxLayout(tab)
        lv.addWidget(QLabel(self.tr("事件办理时限（工作日，本单位受理的事件；下级单位未自行设置的同样适用）")))
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("eventLimits")
        self.table.setHorizontalHeaderLabels([self.tr("事件类别"), self.tr("受理时限"), self.tr("办理时限"),
                                              self.tr("来源")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.table.horizontalHeader(), 0)
        self.table.itemSelectionChanged.connect(self._limit_selected)
        lv.addWidget(self.table, 1)
        save_row = QHBoxLayout()
        self.limit_problem = named(wrapped(), "eventLimitProblem")
        save_row.addWidget(self.limit_problem, 1)
        self.inherit_limit = push_button(
            self.tr("恢复沿用上级"), "eventLimitInherit", self.inherit,
            tip=self.tr("取消本单位对所选类别的设置，沿用上级单位或默认时限"), enabled=False)
        save_row.addWidget(self.inherit_limit)
        self.save_limits = push_button(self.tr("保存时限"), "eventLimitSave", self.save)
        save_row.addWidget(self.save_limits)
        lv.addLayout(save_row)
        return tab

    def _calendar_tab(self) -> QWidget:
        tab = QWidget()
        cv = QVBoxLayout(tab)
        cv.addWidget(QLabel(self.tr("工作日历：登记放假日或调休上班日（节假日库已收录的不必登记）")))
        self.coverage = named(wrapped(), "eventCalendarCoverage")
        self.coverage.setStyleSheet("color:#8a5a00")
        cv.addWidget(self.coverage)
        entry = QHBoxLayout()
        entry.addWidget(QLabel(self.tr("日期")))
        self.day = date_edit(today_china())
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
        self.add_day = push_button(self.tr("登记"), "eventCalendarAdd", self.enter_day)
        entry.addWidget(self.add_day)
        cv.addLayout(entry)
        self.day_table = read_only_table([self.tr("日期"), self.tr("类型"), self.tr("说明"), self.tr("登记单位")],
                                         "eventCalendarDays")
        fit_columns(self.day_table.horizontalHeader(), 2)
        self.day_table.itemSelectionChanged.connect(self._day_selected)
        cv.addWidget(self.day_table, 1)
        row = QHBoxLayout()
        self.day_message = named(wrapped(), "eventCalendarMessage")
        row.addWidget(self.day_message, 1)
        self.remove_day = push_button(
            self.tr("删除所选"), "eventCalendarRemove", self.delete_day,
            tip=self.tr("删除本单位对所选日期的登记（上级单位的登记不能在此删除）"), enabled=False)
        row.addWidget(self.remove_day)
        cv.addLayout(row)
        return tab

    def _classes_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        v.addWidget(QLabel(self.tr("事件分类：可在大类下增加小类，给类别改名，停用不再使用的类别（已有事件照常显示）")))
        self.class_tree = QTreeWidget()
        self.class_tree.setObjectName("eventClassTree")
        self.class_tree.setColumnCount(4)
        self.class_tree.setHeaderLabels([self.tr("类别"), self.tr("代码"), self.tr("状态"), self.tr("设置")])
        self.class_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.class_tree.header(), 0)
        self.class_tree.itemSelectionChanged.connect(self._class_selected)
        v.addWidget(self.class_tree, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("名称")))
        self.class_name = QLineEdit()
        self.class_name.setObjectName("eventClassName")
        self.class_name.setMaxLength(20)
        self.class_name.setPlaceholderText(self.tr("新小类的名称，或所选类别的新名称"))
        row.addWidget(self.class_name, 1)
        self.add_class = push_button(
            self.tr("增加小类"), "eventClassAdd", self.add_subclass, tip=self.tr("在所选大类（或所选小类的大类）下增加一个小类"))
        row.addWidget(self.add_class)
        self.rename_class = push_button(self.tr("改名"), "eventClassRename", self.rename)
        row.addWidget(self.rename_class)
        self.retire_class = push_button(self.tr("停用"), "eventClassRetire", self.retire_or_restore)
        row.addWidget(self.retire_class)
        v.addLayout(row)
        self.class_message = named(wrapped(), "eventClassMessage")
        v.addWidget(self.class_message)
        self._class_selected()
        return tab

    def _while_open(self, fn: Any) -> Any:
        return lambda value: None if self._closed else fn(value)

    # -- reading ------------------------------------------------------------------------------------------
    def load(self) -> None:
        svc = self.svc
        year = today_china().year + 1
        self.read(lambda _p: (svc.limits(), svc.calendar_covers(year), year, svc.calendar_days(),
                              svc.class_entries()),
                  self._while_open(self._show), label="event settings",
                  on_error=self._while_open(self._limit_note_error))

    def _show(self, result: tuple[Any, ...]) -> None:
        rows, covered, year, days, classes = result
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, (code, name, accept, handle, own) in enumerate(rows):
            label = _readonly(codetr.text(name))
            label.setData(Qt.ItemDataRole.UserRole, code)
            self.table.setItem(r, 0, label)
            for c, v in ((1, accept), (2, handle)):
                item = QTableWidgetItem(str(v))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
            self.table.setItem(r, 3, _readonly(self.tr("本单位设置") if own else self.tr("沿用上级或默认")))
        self._limit_selected()
        self.coverage.setText("" if covered else self.tr(
            "节假日库尚未收录 {0} 年的放假安排：国务院公布后请在此登记，否则 {0} 年按周一至周五计算工作日。"
        ).format(year))
        self.coverage.setVisible(not covered)
        self._show_days(days)
        self._show_classes(classes)

    def _show_days(self, days: list[tuple[dt.date, bool, str | None, str, bool]]) -> None:
        self.days = days
        self.day_table.setRowCount(len(days))
        for r, (day, working, note, unit, own) in enumerate(days):
            cells = (day.isoformat(), self.tr("调休上班") if working else self.tr("放假"), note or "",
                     self.tr("本单位") if own else self.tr("上级（{0}）").format(unit))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not own:
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.day_table.setItem(r, c, item)
        if not days:
            self.day_table.setRowCount(0)
        self._day_selected()

    def _show_classes(self, entries: list[Any]) -> None:
        selected = self._selected_class()
        keep = selected.code if selected is not None else None
        self.class_tree.clear()
        parents: dict[str, QTreeWidgetItem] = {}
        for e in entries:
            item = QTreeWidgetItem([codetr.text(e.name), e.code, self.tr("已停用") if e.retired else self.tr("在用"),
                                    self._set_by_text(e)])
            item.setData(0, Qt.ItemDataRole.UserRole, e)
            if e.retired:
                for c in range(4):
                    item.setForeground(c, Qt.GlobalColor.darkGray)
            if e.parent is None:
                self.class_tree.addTopLevelItem(item)
                parents[e.code] = item
            elif e.parent in parents:
                parents[e.parent].addChild(item)
            if e.code == keep:
                item.setSelected(True)
                self.class_tree.setCurrentItem(item)
        self.class_tree.expandAll()
        self._class_selected()

    def _set_by_text(self, e: Any) -> str:
        if e.set_by is None:
            return self.tr("内置")
        own = e.set_by == getattr(self.svc, "scope", None)
        if e.retired:
            return self.tr("本单位停用") if own else self.tr("上级停用")
        if e.default_name is None:
            return self.tr("本单位增加") if own else self.tr("上级增加")
        if e.name != e.default_name:
            what = self.tr("原名 {0}").format(codetr.text(e.default_name))
            return (self.tr("本单位改名，") if own else self.tr("上级改名，")) + what
        return self.tr("本单位设置") if own else self.tr("上级设置")

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
        _note(self.limit_problem, text, ok)

    def _limit_note_error(self, exc: BaseException) -> None:
        self._limit_note(error_text(exc))

    def _selected_limit(self) -> tuple[str, str, int, int, bool] | None:
        return selected_item(self.table, self.rows)

    def _limit_selected(self) -> None:
        row = self._selected_limit()
        self.inherit_limit.setEnabled(row is not None and row[4])

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

    def inherit(self) -> None:
        row = self._selected_limit()
        if row is None or not row[4]:
            return
        code, name = row[0], row[1]
        svc = self.svc

        def done(_r: Any) -> None:
            self._limit_note(self.tr("“{0}”已恢复沿用上级或默认时限。").format(codetr.text(name)), ok=True)
            self.load()

        self.write(lambda _p: svc.clear_limit(code), self._while_open(done), label="event limits",
                   on_error=self._while_open(self._limit_note_error))

    # -- the calendar ---------------------------------------------------------------------------------------
    def _day_note(self, text: str, ok: bool) -> None:
        _note(self.day_message, text, ok)

    def _selected_day(self) -> tuple[dt.date, bool, str | None, str, bool] | None:
        return selected_item(self.day_table, self.days)

    def _day_selected(self) -> None:
        row = self._selected_day()
        self.remove_day.setEnabled(row is not None and row[4])

    def enter_day(self) -> None:
        q = self.day.date()
        day = dt.date(q.year(), q.month(), q.day())
        working = bool(self.kind.currentData())
        note = self.note.text().strip() or None
        svc = self.svc

        def done(_r: Any) -> None:
            kind = self.tr("调休上班日") if working else self.tr("放假日")
            self._day_note(self.tr("已登记 {0} 为{1}。").format(day.isoformat(), kind), True)
            self.note.clear()
            self.load()

        self.write(lambda _p: svc.set_calendar_day(day, working, note), self._while_open(done),
                   label="work calendar", on_error=self._while_open(lambda e: self._day_note(error_text(e), False)))

    def delete_day(self) -> None:
        row = self._selected_day()
        if row is None or not row[4]:
            return
        day = row[0]
        svc = self.svc

        def done(_r: Any) -> None:
            self._day_note(self.tr("已删除 {0} 的登记。").format(day.isoformat()), True)
            self.load()

        self.write(lambda _p: svc.remove_calendar_day(day), self._while_open(done), label="work calendar",
                   on_error=self._while_open(lambda e: self._day_note(error_text(e), False)))

    # -- the class table ------------------------------------------------------------------------------------
    def _selected_class(self) -> Any:
        items = self.class_tree.selectedItems() if hasattr(self, "class_tree") else []
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def _class_selected(self) -> None:
        e = self._selected_class()
        self.add_class.setEnabled(e is not None)
        self.rename_class.setEnabled(e is not None)
        self.retire_class.setEnabled(e is not None)
        self.retire_class.setText(self.tr("恢复") if e is not None and e.retired else self.tr("停用"))

    def _class_note(self, text: str, ok: bool) -> None:
        _note(self.class_message, text, ok)

    def _class_write(self, fn: Any, said: Any) -> None:
        def done(result: Any) -> None:
            self._class_note(said(result), True)
            self.class_name.clear()
            self.load()

        self.write(fn, self._while_open(done), label="event classes",
                   on_error=self._while_open(lambda e: self._class_note(error_text(e), False)))

    def add_subclass(self) -> None:
        e = self._selected_class()
        if e is None:
            return
        parent = e.parent or e.code
        name = self.class_name.text().strip()
        svc = self.svc
        self._class_write(lambda _p: svc.add_subclass(parent, name),
                          lambda code: self.tr("已增加小类 {0} {1}。").format(code, name))

    def rename(self) -> None:
        e = self._selected_class()
        if e is None:
            return
        name = self.class_name.text().strip()
        svc = self.svc
        self._class_write(lambda _p: svc.rename_class(e.code, name),
                          lambda _r: self.tr("已将 {0} 改名为“{1}”。").format(e.code, name))

    def retire_or_restore(self) -> None:
        e = self._selected_class()
        if e is None:
            return
        svc = self.svc
        if e.retired:
            self._class_write(lambda _p: svc.restore_class(e.code),
                              lambda _r: self.tr("已恢复“{0}”。").format(codetr.text(e.name)))
        else:
            self._class_write(lambda _p: svc.retire_class(e.code),
                              lambda _r: self.tr("已停用“{0}”：不再用于新事件，已有事件照常显示。").format(
                                  codetr.text(e.name)))
