"""居民户籍, the rest of a resident's record: the type extension section of the form (户籍 / 流动 / 境外), care tags,
special-group records (sensitive roles only), and moving a resident to another household of the same grid.

Every database act runs on the page's DbRunner; the dialogs only gather and check input (as you type).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp.core import codes, regions
from gridapp.core.errors import GridappError
from gridapp.core.idnumber import parse_id
from gridapp.core.permissions import SENSITIVE_CARE_TAGS, SENSITIVE_FIELDS, SENSITIVE_GROUPS, SENSITIVE_MASK
from gridapp.core.phone import normalize_phone
from gridapp.domain import clock

from . import codetr
from .i18n import colon, semicolon
from .runner import DbRunner
from .widgets import (
    DateDialog,
    ValidatedDialog,
    debounce,
    dialog_buttons,
    error_text,
    item_at,
    problem_label,
    read_only_table,
    show_error,
)

# field -> (kind, code table) for the three extensions; labels are the translated ones below
LOCAL = {"household_match": ("code", "household_match")}
FLOATING = {
    "inflow_reason": ("code", "inflow_reason"), "permit_type": ("code", "permit_type"),
    "permit_no": ("text", None), "permit_registered": ("date", None), "permit_expires": ("date", None),
    "dwelling_type": ("code", "dwelling_type"), "key_attention": ("bool", None),
}
FOREIGN = {
    "foreign_surname": ("text", None), "foreign_given_name": ("text", None), "chinese_name": ("text", None),
    "nationality": ("code", "nationality"), "foreign_doc_type": ("code", "foreign_doc"),
    "foreign_doc_no": ("text", None), "foreign_doc_expires": ("date", None), "visit_purpose": ("code", "visit_purpose"),
    "arrival_date": ("date", None), "departure_date": ("date", None),
}
SECTIONS = {codes.RESIDENT_LOCAL: LOCAL, codes.RESIDENT_FLOATING: FLOATING, codes.RESIDENT_FOREIGN: FOREIGN}
DATE_ORDER = (("permit_registered", "permit_expires"), ("arrival_date", "departure_date"))


def _code_combo(table: str, empty: str) -> QComboBox:
    box = QComboBox()
    box.addItem(empty, None)
    for code, label in codes.TABLES[table].items():
        box.addItem(f"{code} {codetr.text(label)}" if table == "nationality" else codetr.text(label), code)
    if table == "nationality":  # a long list: type to find (editable would accept free text, so not that)
        box.setMaxVisibleItems(15)
    return box


def _date_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText("2024-01-31")
    edit.setMaxLength(10)
    return edit


def _parse_date(text: str) -> dt.date | None:
    text = text.strip()
    return dt.date.fromisoformat(text) if text else None


class ExtensionSection(QWidget):
    """The fields of the chosen resident type, in the resident form; the other types' fields are hidden and
    saved empty (a type change clears them)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.labels = {
            "household_match": self.tr("人户一致标识"), "inflow_reason": self.tr("流入原因"),
            "permit_type": self.tr("办证类型"), "permit_no": self.tr("证件号码"), "permit_registered": self.tr("登记日期"),
            "permit_expires": self.tr("证件到期日期"), "dwelling_type": self.tr("住所类型"),
            "key_attention": self.tr("是否重点关注"), "foreign_surname": self.tr("外文姓"),
            "foreign_given_name": self.tr("外文名"), "chinese_name": self.tr("中文姓名"), "nationality": self.tr("国籍"),
            "foreign_doc_type": self.tr("证件代码"), "foreign_doc_no": self.tr("证件号码"),
            "foreign_doc_expires": self.tr("证件有效期"), "visit_purpose": self.tr("来华目的"),
            "arrival_date": self.tr("抵达日期"), "departure_date": self.tr("预计离开日期"),
        }
        self.widgets: dict[str, QWidget] = {}
        self.boxes: dict[str, QWidget] = {}
        titles = {codes.RESIDENT_LOCAL: self.tr("户籍人口信息"), codes.RESIDENT_FLOATING: self.tr("流动人口信息"),
                  codes.RESIDENT_FOREIGN: self.tr("境外人员信息")}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        for rtype, fields in SECTIONS.items():
            box = QWidget()
            box.setObjectName(f"extension{rtype}")
            grid = QGridLayout(box)
            grid.setContentsMargins(0, 4, 0, 0)
            title = QLabel(titles[rtype])
            title.setStyleSheet("font-weight: bold;")
            grid.addWidget(title, 0, 0, 1, 4)
            for i, (name, (kind, table)) in enumerate(fields.items()):
                w: QWidget
                if kind == "code":
                    w = _code_combo(table, self.tr("（未填）"))
                    w.currentIndexChanged.connect(self.changed)
                elif kind == "bool":
                    w = QCheckBox(self.tr("是"))
                    w.toggled.connect(self.changed)
                else:
                    w = _date_edit() if kind == "date" else QLineEdit()
                    w.textChanged.connect(self.changed)
                self.widgets[name] = w
                row, col = 1 + i // 2, (i % 2) * 2  # two fields a row: the form stays short at 768 px
                grid.addWidget(QLabel(self.labels[name]), row, col)
                grid.addWidget(w, row, col + 1)
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(3, 1)
            self.boxes[rtype] = box
            outer.addWidget(box)
        self.rtype = codes.RESIDENT_LOCAL
        self.set_type(self.rtype)

    def set_type(self, rtype: str | None) -> None:
        self.rtype = rtype or codes.RESIDENT_LOCAL
        for code, box in self.boxes.items():
            box.setVisible(code == self.rtype)
        self.changed.emit()

    def load(self, values: dict[str, Any]) -> None:
        for name, w in self.widgets.items():
            v = values.get(name)
            if isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(v)))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(v))
            else:
                assert isinstance(w, QLineEdit)
                w.setText("" if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v)))

    def _raw(self, name: str) -> Any:
        w = self.widgets[name]
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()  # False, not None: an unchanged box writes no change
        assert isinstance(w, QLineEdit)
        return w.text().strip() or None

    def problem(self) -> str:
        """The first problem of the shown section ("" when clean): dates as 2024-01-31, dates in order."""
        fields = SECTIONS.get(self.rtype, {})
        dates: dict[str, dt.date | None] = {}
        for name, (kind, _t) in fields.items():
            if kind == "date":
                try:
                    dates[name] = _parse_date(self._raw(name) or "")
                except ValueError:
                    return self.tr("{field}请写成 2024-01-31。").format(field=self.labels[name])
        for first, then in DATE_ORDER:
            a, b = dates.get(first), dates.get(then)
            if a is not None and b is not None and b <= a:
                return self.tr("{then}必须晚于{first}。").format(then=self.labels[then], first=self.labels[first])
        return ""

    def values(self) -> dict[str, Any]:
        """Every extension field: the shown type's values, the other types' fields empty."""
        out: dict[str, Any] = {}
        for rtype, fields in SECTIONS.items():
            for name, (kind, _t) in fields.items():
                v = self._raw(name) if rtype == self.rtype else None
                out[name] = _parse_date(v) if kind == "date" and v else v
        return out


class TagsDialog(QDialog):
    """关爱标签: tick the care tags of one resident. Special groups are not tags to tick here: they follow the
    special-group records (shown read-only to roles that may see them)."""

    def __init__(self, name: str, tags: list[str], parent: QWidget | None = None, *, sensitive: bool = True):
        super().__init__(parent)
        self.setWindowTitle(self.tr("关爱标签：{name}").format(name=name))
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.boxes: dict[str, QCheckBox] = {}
        # 党员 states the sensitive party membership: not offered (nor shown) without the permission
        shown = [t for t in codes.CARE_TAGS if sensitive or t not in SENSITIVE_CARE_TAGS]
        for i, tag in enumerate(shown):
            box = QCheckBox(codetr.text(tag))
            box.setChecked(tag in tags)
            self.boxes[tag] = box
            grid.addWidget(box, i // 4, i % 4)
        layout.addLayout(grid)
        groups = [t for t in tags if t in SENSITIVE_GROUPS]
        if groups:
            note = QLabel(self.tr("特殊人群：{groups}（在“特殊人群…”中登记和解除）").format(
                groups="、".join(codetr.text(g) for g in groups)))
            note.setObjectName("specialGroupNote")
            layout.addWidget(note)
        self.before = {t for t in tags if t in shown}
        layout.addWidget(dialog_buttons(self, self.tr("保存"), self.tr("取消")))
        self.boxes[codes.CARE_TAGS[0]].setFocus()

    def changes(self) -> tuple[list[str], list[str]]:
        """(tags to add, tags to remove)."""
        now = {t for t, b in self.boxes.items() if b.isChecked()}
        return sorted(now - self.before), sorted(self.before - now)


class SpecialGroupForm(QDialog):
    """Add or edit one special-group record: the group's own category code table, 原罪名 where the group has
    one, 起始 / 解除 dates, a note; checked as you type."""

    def __init__(self, parent: QWidget | None = None, *, current: Any | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("修改特殊人群记录") if current else self.tr("登记特殊人群"))
        self.values: dict[str, Any] = {}
        self._tried = False  # 保存 was pressed: problems show from then on (the form opens quiet)
        form = QFormLayout(self)
        self.group = QComboBox()
        for g in codes.SPECIAL_GROUPS:
            self.group.addItem(codetr.text(g), g)
        self.category_label = QLabel()
        self.category = QComboBox()
        self.offense = QLineEdit()
        self.start = _date_edit()
        self.end = _date_edit()
        self.end.setPlaceholderText(self.tr("未解除请留空"))
        self.note = QLineEdit()
        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setStyleSheet("color: #b00020;")
        form.addRow(self.tr("类别"), self.group)
        form.addRow(self.category_label, self.category)
        form.addRow(self.tr("原罪名"), self.offense)
        form.addRow(self.tr("起始日期 *"), self.start)
        form.addRow(self.tr("解除日期"), self.end)
        form.addRow(self.tr("备注"), self.note)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._form = form
        self.group.currentIndexChanged.connect(self._group_changed)
        for w in (self.start, self.end, self.offense):
            w.textChanged.connect(self.check)
        self.category.currentIndexChanged.connect(self.check)
        self._group_changed()
        self.setMinimumWidth(420)
        if current is not None:
            self.group.setCurrentIndex(self.group.findData(current.group))
            self.group.setEnabled(False)
            self.category.setCurrentIndex(max(0, self.category.findData(current.category)))
            self.offense.setText(current.offense or "")
            self.start.setText(current.start_date.isoformat())
            self.end.setText(current.end_date.isoformat() if current.end_date else "")
            self.note.setText(current.note or "")
        else:
            self.end.setEnabled(False)  # a new record is an active one; 解除 comes later
        self.check()

    def _group_changed(self) -> None:
        spec = codes.SPECIAL_GROUPS[self.group.currentData()]
        self.category.blockSignals(True)
        self.category.clear()
        if spec["category"]:
            self.category.addItem(self.tr("（请选择）"), None)
            for code, label in codetr.items(spec["category"]):
                self.category.addItem(label, code)
            self.category_label.setText(codetr.text(spec["category_label"]) + " *")
        self.category.blockSignals(False)
        self._form.setRowVisible(self.category, bool(spec["category"]))
        self._form.setRowVisible(self.offense, bool(spec["offense"]))
        if not spec["offense"]:
            self.offense.clear()
        self.check()

    def check(self) -> bool:
        problem = ""
        spec = codes.SPECIAL_GROUPS[self.group.currentData()]
        try:
            if spec["category"] and self.category.currentData() is None:
                raise GridappError(self.tr("请选择{label}。").format(label=spec["category_label"]))
            try:
                start = _parse_date(self.start.text())
            except ValueError:
                raise GridappError(self.tr("起始日期请写成 2024-01-31。")) from None
            if start is None:
                raise GridappError(self.tr("请填写起始日期。"))
            if start > clock.today():
                raise GridappError(self.tr("起始日期不能晚于今天。"))
            try:
                end = _parse_date(self.end.text())
            except ValueError:
                raise GridappError(self.tr("解除日期请写成 2024-01-31。")) from None
            if end is not None and end < start:
                raise GridappError(self.tr("解除日期不能早于起始日期。"))
            if end is not None and end > clock.today():
                raise GridappError(self.tr("解除日期不能晚于今天。"))
        except GridappError as exc:
            problem = exc.message
        if hasattr(self, "buttons"):
            # quiet until the user changes a field of the shown form or presses 保存
            shown = problem if self.isVisible() or self._tried else ""
            self.problem.setText(shown)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not shown)
        return not problem

    def _save(self) -> None:
        self._tried = True
        if not self.check():
            return
        self.values = {"group": self.group.currentData(), "category": self.category.currentData(),
                       "offense": self.offense.text().strip() or None,
                       "start_date": _parse_date(self.start.text()), "end_date": _parse_date(self.end.text()),
                       "note": self.note.text().strip() or None}
        self.accept()


class SpecialGroupsDialog(QDialog):
    """特殊人群: one resident's special-group records (list, add, edit, end). Offered only to roles with the
    sensitive permission; the service checks it again and audits every read."""

    COLUMNS = 6

    def __init__(self, runner: DbRunner, registry: Any, resident_id: str, name: str, *, may_edit: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("特殊人群：{name}").format(name=name))
        self.runner, self.groups, self.resident_id = runner, registry.special_groups(), resident_id
        self.records: list[Any] = []
        self.loaded = False
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("specialGroupTable")
        self.table.setHorizontalHeaderLabels([self.tr("类别"), self.tr("分类"), self.tr("原罪名"), self.tr("起始日期"),
                                              self.tr("解除日期"), self.tr("备注")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        layout.addWidget(self.table)
        self.notice = QLabel(self.tr("特殊人群信息属于敏感个人信息，每次查看都记入审计日志。"))
        self.notice.setStyleSheet("color: #666;")
        layout.addWidget(self.notice)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("登记…"))
        self.edit_button = QPushButton(self.tr("修改…"))
        self.end_button = QPushButton(self.tr("解除…"))
        for b in (self.add_button, self.edit_button, self.end_button):
            b.setEnabled(may_edit)
            row.addWidget(b)
        row.addStretch(1)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        # clicked(bool) would pass its `checked` False as the values: the buttons always open the forms
        self.add_button.clicked.connect(lambda _checked=False: self.add_record())
        self.edit_button.clicked.connect(lambda _checked=False: self.edit_selected())
        self.end_button.clicked.connect(lambda _checked=False: self.end_selected())
        self.table.currentCellChanged.connect(lambda *_a: self._enable())
        self.may_edit = may_edit
        self.resize(760, 320)
        self.reload()

    def reload(self) -> None:
        rid, groups = self.resident_id, self.groups
        self.runner.submit(lambda _p: groups.of_resident(rid), label="special groups", on_done=self._show,
                           on_error=lambda e: show_error(self, e))

    def _show(self, records: list[Any]) -> None:
        self.records = records
        self.table.setRowCount(len(records))
        for r, v in enumerate(records):
            cells = (codetr.text(v.group), codetr.text(v.category_label), v.offense or "", v.start_date.isoformat(),
                     v.end_date.isoformat() if v.end_date else self.tr("（未解除）"), v.note or "")
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if records:
            self.table.selectRow(0)
        self.loaded = True
        self._enable()

    def selected(self) -> Any | None:
        return item_at(self.records, self.table.currentRow())

    def _enable(self) -> None:
        v = self.selected()
        self.edit_button.setEnabled(self.may_edit and v is not None)
        self.end_button.setEnabled(self.may_edit and v is not None and v.active)

    def _run(self, fn: Any, label: str) -> None:
        self.runner.submit(lambda _p: fn(), label=label, on_done=lambda _r: self.reload(),
                           on_error=lambda e: show_error(self, e))

    def add_record(self, values: dict[str, Any] | None = None) -> None:
        if values is None:
            form = SpecialGroupForm(self)
            if form.exec() != QDialog.DialogCode.Accepted:
                return
            values = form.values
        v, rid, groups = dict(values), self.resident_id, self.groups
        v.pop("end_date", None)
        group = v.pop("group")
        self._run(lambda: groups.add(rid, group, **v), "add special group")

    def edit_selected(self, values: dict[str, Any] | None = None) -> None:
        rec = self.selected()
        if rec is None or not self.may_edit:
            return
        if values is None:
            form = SpecialGroupForm(self, current=rec)
            if form.exec() != QDialog.DialogCode.Accepted:
                return
            values = form.values
        changes = {k: values[k] for k in ("category", "offense", "start_date", "end_date", "note")}
        groups = self.groups
        self._run(lambda: groups.update(rec.id, changes), "edit special group")

    def end_selected(self, on: dt.date | None = None) -> None:
        rec = self.selected()
        if rec is None or not rec.active or not self.may_edit:
            return
        if on is None:
            dialog = DateDialog(self.tr("解除：{group}").format(group=rec.group), self.tr("解除日期"), self.tr("解除"),
                                minimum=rec.start_date, parent=self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            on = dialog.chosen()
        groups, day = self.groups, on
        self._run(lambda: groups.end(rec.id, day), "end special group")


class MoveDialog(QDialog):
    """迁至其他户: choose a household of the same grid (search by address or head's name), the relation to its
    head and the date. The move runs on the runner; a refusal is shown in the dialog, which stays open."""

    moved = Signal()

    def __init__(self, runner: DbRunner, registry: Any, resident: Any, current_household: str | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("迁至其他户：{name}").format(name=resident.name))
        self.runner, self.reg, self.resident = runner, registry, resident
        self.current_household = current_household
        self.found: list[tuple[str, str, str | None]] = []
        self._seq = 0
        layout = QVBoxLayout(self)
        self._select: str | None = None  # a household just created: selected when the list shows it
        search_row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("按地址或户主姓名查找本网格的户"))
        search_row.addWidget(self.search, 1)
        self.new_household_button = QPushButton(self.tr("新建户…"))
        self.new_household_button.setObjectName("moveNewHousehold")
        self.new_household_button.setToolTip(self.tr("为新的家庭新建一户（本网格），再把该居民迁入"))
        self.new_household_button.clicked.connect(lambda _c=False: self.new_household())
        search_row.addWidget(self.new_household_button)
        layout.addLayout(search_row)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("moveHouseholds")
        self.table.setHorizontalHeaderLabels([self.tr("地址"), self.tr("户主")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 380)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.relation = QComboBox()
        self.relation.addItem(self.tr("（请选择）"), None)
        for code, label in codetr.items("relation"):
            self.relation.addItem(label, code)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(clock.today())
        self.date.setDate(clock.today())
        form.addRow(self.tr("与新户主关系 *"), self.relation)
        form.addRow(self.tr("迁入日期"), self.date)
        layout.addLayout(form)
        self.problem = problem_label("formProblem")
        layout.addWidget(self.problem)
        self.buttons = dialog_buttons(self, self.tr("迁入"), self.tr("取消"), self.save)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)
        self._debounce = debounce(self, self.find)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._focus_list)
        self.table.currentCellChanged.connect(lambda *_a: self.check())
        self.relation.currentIndexChanged.connect(lambda _i: self.check())
        self.resize(640, 460)
        self.find()
        self.check()

    def _focus_list(self) -> None:
        if self.table.rowCount():
            self.table.setFocus()
            if self.table.currentRow() < 0:
                self.table.selectRow(0)

    def find(self) -> None:
        self._seq += 1
        seq, reg, grid, q = self._seq, self.reg, self.resident.unit_code, self.search.text()

        def shown(rows: list[tuple[str, str, str | None]]) -> None:
            if seq != self._seq:
                return
            self.show_households([r for r in rows if r[0] != self.current_household])
            if not self.found:
                self.problem.setText(self.tr("本网格内没有符合的户。"))

        self.runner.submit(lambda _p: reg.find_households(grid, q), label="find households", on_done=shown,
                           on_error=lambda e: self.problem.setText(error_text(e)))

    def show_households(self, rows: list[tuple[str, str, str | None]]) -> None:
        self.found = list(rows)
        self.table.setRowCount(len(rows))
        for r, (_hid, address, head) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(address))
            self.table.setItem(r, 1, QTableWidgetItem(head or "—"))
        ids = [r[0] for r in rows]
        if self._select in ids:
            self.table.selectRow(ids.index(self._select))
            self._select = None
        self.check()

    def new_household(self, values: dict[str, Any] | None = None) -> None:
        """新建户: a household for a new family in the resident's grid (its building chosen in the form); the
        list then shows it selected, and the resident is moved in with 迁入 (the head: 户主)."""
        from .building_view import HouseholdForm

        reg, grid = self.reg, self.resident.unit_code
        if values is None:
            form = HouseholdForm([], self, address=self.resident.current_address or "")
            form.building.setEnabled(False)  # put it in a building in 楼栋与住户 (the grid's buildings are there)
            self.household_form = form
            if form.exec() != QDialog.DialogCode.Accepted:
                return
            values = form.values
        v = dict(values)
        v.pop("building_id", None)
        address = v.pop("address")

        def done(new_id: str) -> None:
            self._select = new_id
            self.relation.setCurrentIndex(max(0, self.relation.findData(codes.HEAD_RELATION)))
            self.problem.setText(self.tr("已新建户“{address}”，请确认后点“迁入”。").format(address=address))
            self.search.setText(address)  # the list finds it (and selects it)
            self.find()

        self.runner.submit(lambda _p: reg.create_household(grid, address, **v), label="create household",
                           on_done=done, on_error=lambda e: self.problem.setText(error_text(e)))

    def chosen(self) -> str | None:
        row = self.table.currentRow()
        return self.found[row][0] if 0 <= row < len(self.found) else None

    def check(self) -> bool:
        problem = ""
        if self.chosen() is None:
            problem = self.tr("请在列表中选择要迁入的户。")
        elif self.relation.currentData() is None:
            problem = self.tr("请选择与新户主的关系。")
        self.problem.setText(problem)
        self.ok.setEnabled(not problem)
        return not problem

    def save(self) -> None:
        if not self.check():
            return
        reg, rid, hid = self.reg, self.resident.id, self.chosen()
        relation, day = self.relation.currentData(), self.date.date().toPython()
        self.ok.setEnabled(False)

        def done(_r: Any) -> None:
            self.moved.emit()
            self.accept()

        def failed(exc: BaseException) -> None:
            self.problem.setText(error_text(exc))  # e.g. 只能迁入同一网格内的户: the dialog stays open

        self.runner.submit(lambda _p: reg.move_to_household(rid, hid, relation=relation, on=day), label="move",
                           on_done=done, on_error=failed)


# -- the resident form: every field the registry holds, in three tabs ----------------------------------------------
# person fields beyond the first tab: field -> (kind, code table); kinds: code, region (6 digits), text
OTHER_FIELDS = {
    "marital_status": ("code", "marital"), "political_status": ("code", "political"),
    "education": ("code", "education"), "occupation_category": ("text", None), "occupation": ("text", None),
    "workplace": ("text", None),
}
PLACE_FIELDS = {
    "native_place": ("region", None), "registered_region": ("region", None), "registered_address": ("text", None),
    "current_region": ("region", None), "current_address": ("text", None),
}
REGION_MAX = 60  # a place typed by name (山东省淄博市张店区) or code
TEXT_MAX = {"former_name": 50, "occupation_category": 10, "occupation": 50, "workplace": 100,
            "registered_address": 200, "current_address": 200, "religion": 20}


class ResidentForm(ValidatedDialog):
    """Add or edit a resident: every field of the record, in three tabs (基本信息 / 户籍与居住 / 其他) so the
    form fits 1366×768; checked as you type (ID check digit, birth date and gender from the ID, phone format,
    codes, region codes, lengths); Enter saves, Esc cancels. On edit the masked numbers are not shown: their
    boxes say that leaving them empty keeps them. Religion only for roles with the sensitive permission."""

    def __init__(self, grids: list[tuple[str, str]], parent: QWidget | None = None, *,
                 current: dict[str, Any] | None = None, sensitive: bool | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("修改居民") if current else self.tr("新增居民"))
        self.values: dict[str, Any] = {}
        self._editing = current is not None
        if sensitive is None:  # on edit the service sends religion only to roles that may see it
            sensitive = current is not None and "religion" in current
        self.labels = {
            "former_name": self.tr("曾用名"), "ethnicity": self.tr("民族"), "relation_to_head": self.tr("与户主关系"),
            "marital_status": self.tr("婚姻状况"), "political_status": self.tr("政治面貌"), "education": self.tr("学历"),
            "occupation_category": self.tr("职业类别"), "occupation": self.tr("职业"), "workplace": self.tr("服务处所"),
            "native_place": self.tr("籍贯"), "registered_region": self.tr("户籍地"),
            "registered_address": self.tr("户籍详址"), "current_region": self.tr("现住地"),
            "current_address": self.tr("现住址"), "religion": self.tr("宗教信仰"),
        }
        self.fields: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("residentFormTabs")
        outer.addWidget(self.tabs, 1)

        # 基本信息
        basic = QWidget()
        form = QFormLayout(basic)
        self.grid = QComboBox()
        for code, name in grids:
            self.grid.addItem(codetr.named(name, code), code)
        self.name = QLineEdit()
        self.name.setMaxLength(50)
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(18)
        self.gender = QComboBox()
        self.gender.addItem(self.tr("（按身份证号）"), None)
        for code in ("1", "2"):
            self.gender.addItem(codetr.label("gender", code), code)
        self.birth = QLineEdit()
        self.birth.setPlaceholderText(self.tr("按身份证号自动填写"))
        self.phone = QLineEdit()
        self.resident_type = QComboBox()
        for code, lab in codetr.items("resident_type"):
            self.resident_type.addItem(lab, code)
        self.fields["ethnicity"] = self._combo("ethnicity")
        self.fields["relation_to_head"] = self._combo("relation")
        self.fields["former_name"] = QLineEdit()
        form.addRow(self.tr("网格"), self.grid)
        form.addRow(self.tr("姓名 *"), self.name)
        form.addRow(self.tr("公民身份号码 *"), self.id_number)
        form.addRow(self.tr("性别"), self.gender)
        form.addRow(self.tr("出生日期"), self.birth)
        form.addRow(self.labels["ethnicity"], self.fields["ethnicity"])
        form.addRow(self.tr("联系电话"), self.phone)
        form.addRow(self.tr("人口类型"), self.resident_type)
        form.addRow(self.labels["relation_to_head"], self.fields["relation_to_head"])
        form.addRow(self.labels["former_name"], self.fields["former_name"])
        self.masked_note = QLabel(self.tr("证件号和电话在此不显示（已脱敏）：留空则保持原值不变，填写则改为新值。"))
        self.masked_note.setObjectName("maskedNote")
        self.masked_note.setWordWrap(True)
        self.masked_note.setStyleSheet("color: #666;")
        form.addRow(self.masked_note)
        self.masked_note.setVisible(self._editing)
        self.tabs.addTab(basic, self.tr("基本信息"))

        # 户籍与居住 (with the type's extension fields)
        place = QWidget()
        place_layout = QVBoxLayout(place)
        pform = QFormLayout()
        for name in PLACE_FIELDS:
            w = QLineEdit()
            if PLACE_FIELDS[name][0] == "region":
                w.setMaxLength(REGION_MAX)
                w.setPlaceholderText(self.tr("地名或 6 位代码，如 淄博市张店区 或 370303"))
            self.fields[name] = w
            pform.addRow(self.labels[name], w)
        self.address = self.fields["current_address"]
        place_layout.addLayout(pform)
        self.extension = ExtensionSection()
        place_layout.addWidget(self.extension)
        place_layout.addStretch(1)
        self.tabs.addTab(place, self.tr("户籍与居住"))

        # 其他
        other = QWidget()
        oform = QFormLayout(other)
        for name, (kind, table) in OTHER_FIELDS.items():
            if name in SENSITIVE_FIELDS and not sensitive:  # 政治面貌: shown masked, never sent back
                masked = QLabel(codetr.text(SENSITIVE_MASK))
                masked.setObjectName(f"masked_{name}")
                masked.setStyleSheet("color: #666;")
                masked.setToolTip(self.tr("敏感个人信息：需“查看敏感个人信息”权限"))
                oform.addRow(self.labels[name], masked)
                continue
            self.fields[name] = self._combo(table) if kind == "code" else QLineEdit()
            oform.addRow(self.labels[name], self.fields[name])
        if sensitive:
            self.fields["religion"] = QLineEdit()
            oform.addRow(self.labels["religion"], self.fields["religion"])
        self.tabs.addTab(other, self.tr("其他"))
        for name, w in self.fields.items():
            if isinstance(w, QLineEdit) and name in TEXT_MAX:
                w.setMaxLength(TEXT_MAX[name])

        self.add_problem_and_buttons(outer, problem_name="formProblem")
        self.save_button.setDefault(True)  # Enter saves, Esc cancels
        if current:
            self.grid.setCurrentIndex(max(self.grid.findData(current.get("grid_code")), 0))
            self.grid.setEnabled(False)
            self.name.setText(current.get("name", ""))
            keep = self.tr("留空则保持原值不变")
            self.id_number.setPlaceholderText(keep)
            self.phone.setPlaceholderText(keep)
            if current.get("birth_date") is None:
                self.birth.setPlaceholderText(keep)
            self.resident_type.setCurrentIndex(max(0, self.resident_type.findData(current.get("resident_type"))))
            for name, w in self.fields.items():
                v = current.get(name)
                if isinstance(w, QComboBox):
                    w.setCurrentIndex(max(0, w.findData(v)))
                elif name in PLACE_FIELDS and PLACE_FIELDS[name][0] == "region":
                    assert isinstance(w, QLineEdit)
                    w.setText(regions.name_of(v))  # the place's name (the code read back from it on save)
                    w.setToolTip(v or "")
                else:
                    assert isinstance(w, QLineEdit)
                    w.setText(v or "")
            self.extension.load(current)
        else:
            eth = self.fields["ethnicity"]
            assert isinstance(eth, QComboBox)
            eth.setCurrentIndex(max(0, eth.findData("01")))  # 汉族, as the registry assumes
        self.extension.set_type(self.resident_type.currentData())
        self.resident_type.currentIndexChanged.connect(lambda _i: self.extension.set_type(
            self.resident_type.currentData()))
        self.extension.changed.connect(self.check)
        for w in (self.name, self.id_number, self.birth, self.phone):
            w.textChanged.connect(self.check)
        for w in self.fields.values():
            if isinstance(w, QComboBox):
                w.currentIndexChanged.connect(self.check)
            else:
                assert isinstance(w, QLineEdit)
                w.textChanged.connect(self.check)
        self.gender.currentIndexChanged.connect(self.check)
        self.setMinimumWidth(560)
        self.resize(640, 560)  # fits 1366×768 with the taskbar; the tabs keep it short
        self.check()

    def _combo(self, table: str) -> QComboBox:
        box = QComboBox()
        box.addItem(self.tr("（未填）"), None)
        for code, lab in codetr.items(table):
            box.addItem(lab, code)
        box.setMaxVisibleItems(15)
        return box

    def problem_text(self) -> str:
        """The first problem of what is typed ("" when clean); the tab holding it is named."""
        idn = self.id_number.text().strip()
        if not self.name.text().strip():
            return self.tr("姓名不能为空。")
        if idn or not self._editing:
            info = parse_id(idn)
            if not self.birth.hasFocus():
                self.birth.setPlaceholderText(info.birth_date.isoformat())
            g = self.gender.currentData()
            if g is not None and g != info.gender:
                return self.tr("性别与身份证号不符（号码显示为{g}）。").format(g=codetr.label("gender", info.gender))
            b = self.birth.text().strip()
            if b:
                try:
                    born = dt.date.fromisoformat(b)
                except ValueError:
                    return self.tr("出生日期请写成 1990-01-31。")
                if born != info.birth_date:
                    return self.tr("出生日期与身份证号中的 {d} 不符。").format(d=info.birth_date)
        normalize_phone(self.phone.text() or None)
        for name, (kind, _t) in PLACE_FIELDS.items():
            w = self.fields[name]
            assert isinstance(w, QLineEdit)
            v = w.text().strip()
            if kind == "region":
                try:  # a name several places share, or none has, is refused here with the candidates named
                    code = regions.parse(v, self.labels[name])
                except GridappError as exc:
                    return self.tr("“户籍与居住”页：{problem}").format(problem=exc.message)
                w.setToolTip(f"{code} {regions.name_of(code)}" if code else "")
        return self.extension.problem()

    def check(self) -> bool:
        if not hasattr(self, "save_button"):
            return True
        return super().check()

    def _text(self, name: str) -> str | None:
        w = self.fields[name]
        assert isinstance(w, QLineEdit)
        return w.text().strip() or None

    def _save(self) -> None:
        self._tried = True
        if not self.check():
            return
        v: dict[str, Any] = {"grid_code": self.grid.currentData(), "name": self.name.text().strip(),
                             "phone": self.phone.text().strip() or None,
                             "resident_type": self.resident_type.currentData(), **self.extension.values()}
        for name, w in self.fields.items():
            v[name] = w.currentData() if isinstance(w, QComboBox) else self._text(name)
        if self.id_number.text().strip():
            v["id_number"] = self.id_number.text().strip()
        if self.gender.currentData() is not None:
            v["gender"] = self.gender.currentData()
        if self.birth.text().strip():
            v["birth_date"] = dt.date.fromisoformat(self.birth.text().strip())
        self.values = v
        self.accept()


def load_card(registry: Any, resident_id: str, *, sensitive: bool) -> dict[str, Any]:
    """Everything the person card shows, read on the runner (each read checks scope and permission, and the
    registry audits the views): the record (masked), its fields, household, building, tags, special groups
    (only when `sensitive`: the service checks it again) and history."""
    view = registry.get_resident(resident_id)
    out: dict[str, Any] = {"view": view, "details": registry.details(resident_id), "household": None,
                           "building": None, "tags": registry.tags_of(resident_id), "groups": None,
                           "history": registry.history(resident_id)}
    hid = registry.household_of(resident_id)
    if hid:
        out["household"] = h = registry.household(hid)
        if h.building_id:
            out["building"] = registry.building(h.building_id)
    if sensitive:
        out["groups"] = registry.special_groups().of_resident(resident_id)
    from gridapp.services.party import PartyService  # on the runner, like the registry's reads

    # 党员信息: masked for roles without the sensitive permission (the service decides; a view is audited)
    out["party"] = PartyService(registry.db, registry.principal).membership_of(resident_id)
    return out


def _read_only_table(headers: list[str], name: str) -> QTableWidget:
    return read_only_table(headers, name, single=False, stretch_last=True, wrap=False)


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


class PersonCard(QDialog):
    """居民卡片: one resident's whole record, read-only — the person's fields in sections, the household with its
    members and building, care tags, special groups (for roles that may see them) and the history. Numbers
    masked; the birth year instead of the date (README, protection)."""

    def __init__(self, data: dict[str, Any], grid_label: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        view, d = data["view"], data["details"]
        self.setWindowTitle(self.tr("居民卡片：{name}").format(name=view.name))
        self.setObjectName("personCard")
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        def section(title: str, rows: list[tuple[str, str]], tips: dict[str, str] | None = None) -> QGroupBox:
            box = QGroupBox(title)
            grid = QGridLayout(box)
            for i, (k, v) in enumerate(rows):  # two fields a row
                key = QLabel(k + colon())
                key.setStyleSheet("color: #555;")
                value = QLabel(v or "—")
                value.setToolTip((tips or {}).get(k, ""))
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setWordWrap(True)
                grid.addWidget(key, i // 2, (i % 2) * 2)
                grid.addWidget(value, i // 2, (i % 2) * 2 + 1)
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(3, 1)
            return box

        lab = codetr.label
        born = view.birth_date.isoformat() if view.birth_date is not None else self.tr("{y}年").format(
            y=view.birth_year)
        person = QWidget()
        pl = QVBoxLayout(person)
        pl.addWidget(section(self.tr("基本信息"), [
            (self.tr("姓名"), view.name), (self.tr("曾用名"), d.get("former_name") or ""),
            (self.tr("公民身份号码"), view.id_number), (self.tr("性别"), lab("gender", view.gender)),
            (self.tr("出生"), born), (self.tr("民族"), lab("ethnicity", d.get("ethnicity"))),
            (self.tr("联系电话"), view.phone), (self.tr("人口类型"), lab("resident_type", view.resident_type)),
            (self.tr("与户主关系"), lab("relation", d.get("relation_to_head"))),
            (self.tr("状态"), lab("resident_status", view.status)), (self.tr("网格"), grid_label or view.unit_code),
        ]))
        places = {self.tr("籍贯"): d.get("native_place"), self.tr("户籍地"): d.get("registered_region"),
                  self.tr("现住地"): d.get("current_region")}  # shown by name, the GB/T 2260 code on hover
        pl.addWidget(section(self.tr("户籍与居住"), [
            (self.tr("籍贯"), regions.name_of(places[self.tr("籍贯")])),
            (self.tr("户籍地"), regions.name_of(places[self.tr("户籍地")])),
            (self.tr("户籍详址"), d.get("registered_address") or ""),
            (self.tr("现住地"), regions.name_of(places[self.tr("现住地")])),
            (self.tr("现住址"), d.get("current_address") or ""),
        ], {k: v for k, v in places.items() if v}))
        political = d.get("political_status")
        other = [
            (self.tr("婚姻状况"), lab("marital", d.get("marital_status"))),
            (self.tr("政治面貌"), codetr.text(SENSITIVE_MASK) if political == SENSITIVE_MASK
             else lab("political", political)),
            (self.tr("学历"), lab("education", d.get("education"))),
            (self.tr("职业类别"), d.get("occupation_category") or ""), (self.tr("职业"), d.get("occupation") or ""),
            (self.tr("服务处所"), d.get("workplace") or ""),
        ]
        if "religion" in d:
            other.append((self.tr("宗教信仰"), d.get("religion") or ""))
        m = data.get("party")
        party_text = self.tr("非党员（无登记）") if m is None else codetr.text(m.status_label) if m.masked else \
            semicolon().join(x for x in (codetr.text(m.status_label), m.org_name,
                                         m.joined_on and self.tr("{d} 入党").format(d=m.joined_on)) if x)
        other.append((self.tr("党员信息"), party_text))
        pl.addWidget(section(self.tr("其他"), other))
        pl.addStretch(1)
        self.tabs.addTab(person, self.tr("个人信息"))

        home = QWidget()
        hl = QVBoxLayout(home)
        h, b = data["household"], data["building"]
        if h is None:
            self.household_text = QLabel(self.tr("未登记在任何户。"))
        else:
            parts = [self.tr("户：{address}").format(address=h.address)]
            if h.household_no:
                parts.append(self.tr("户号：{no}").format(no=h.household_no))
            parts.append(self.tr("户主：{head}").format(head=h.head_name or "—"))
            parts.append(self.tr("楼栋：{b}").format(b=b.name if b is not None else self.tr("（未归入楼栋）")))
            self.household_text = QLabel("　".join(parts))
        self.household_text.setObjectName("cardHousehold")
        self.household_text.setWordWrap(True)
        hl.addWidget(self.household_text)
        self.members = _read_only_table([self.tr("姓名"), self.tr("与户主关系"), self.tr("性别"), self.tr("年龄（当年）"),
                                         self.tr("公民身份号码")], "cardMembers")
        _fill(self.members, [[m.name, codetr.text(m.relation), codetr.text(m.gender), str(m.age), m.id_number]
                             for m in (h.members if h is not None else [])])
        hl.addWidget(self.members, 1)
        self.tabs.addTab(home, self.tr("户与楼栋"))

        tags = QWidget()
        tl = QVBoxLayout(tags)
        care = [t for t in data["tags"] if t not in SENSITIVE_GROUPS]
        self.tags_text = QLabel(self.tr("关爱标签：{tags}").format(
            tags="、".join(codetr.text(t) for t in care) or self.tr("无")))
        self.tags_text.setObjectName("cardTags")
        self.tags_text.setWordWrap(True)
        tl.addWidget(self.tags_text)
        self.groups: QTableWidget | None = None
        if data["groups"] is not None:
            tl.addWidget(QLabel(self.tr("特殊人群（敏感个人信息，查看已记入审计日志）：")))
            self.groups = _read_only_table([self.tr("类别"), self.tr("分类"), self.tr("起始日期"), self.tr("解除日期")],
                                           "cardGroups")
            _fill(self.groups, [[codetr.text(g.group), codetr.text(g.category_label), g.start_date.isoformat(),
                                 g.end_date.isoformat() if g.end_date else self.tr("（未解除）")]
                                for g in data["groups"]])
            tl.addWidget(self.groups, 1)
        else:
            tl.addStretch(1)
        self.tabs.addTab(tags, self.tr("标签与特殊人群"))

        self.history = _read_only_table([self.tr("时间"), self.tr("操作"), self.tr("内容")], "cardHistory")
        _fill(self.history, [[e.at, e.op, semicolon().join(f"{k}{colon()}{v}" for k, v in e.fields.items())]
                             for e in data["history"]])
        self.tabs.addTab(self.history, self.tr("修改记录"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(860, 600)  # fits 1366×768
