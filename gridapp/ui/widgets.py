"""Small shared widgets: the progress dialog for long operations, the error box, the validated form dialog."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gridapp.core.errors import Cancelled, GridappError
from gridapp.core.progress import Progress
from gridapp.domain import clock

from . import codetr
from .dates import date_edit, pydate
from .runner import DbRunner, Op


def page_frame(page: QWidget, title: str) -> tuple[QVBoxLayout, QHBoxLayout]:
    """A page's layout (its margins) and, at its top, the head bar with the page's title; the page adds its
    buttons to the bar (right of a stretch) and its content to the layout."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(16, 12, 16, 12)
    head = QHBoxLayout()
    head.addWidget(page_title(title))
    head.addStretch(1)
    layout.addLayout(head)
    return layout, head


def page_title(text: str) -> QLabel:
    """The large bold heading every page starts with."""
    label = QLabel(text)
    label.setObjectName("pageTitle")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label


def error_text(exc: BaseException) -> str:
    """A person-readable message: ours are already Chinese; anything else is an unexpected failure."""
    if isinstance(exc, GridappError):
        return str(exc)
    return QCoreApplication.translate("widgets", "发生意外错误，操作未完成：") + f"{type(exc).__name__}: {exc}"


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    if isinstance(exc, Cancelled):
        return
    QMessageBox.warning(parent, title or QCoreApplication.translate("widgets", "操作未完成"), error_text(exc))


class RunsWork:
    """`read` and `write` for a widget with a `runner` (the pages, and dialogs that read or write): the work
    runs on the runner, `on_done(result)` on the GUI thread, and an error is shown over the widget unless
    `on_error` is given. What a write changed is known from the data (the runner's `changed`): nothing to
    declare."""

    runner: DbRunner
    form: QDialog | None = None  # the form open_form opened, until it closes

    def read(self, fn: Callable[[Progress], Any], on_done: Callable[[Any], None] | None = None, *,
             label: str = "", on_error: Callable[[BaseException], None] | None = None) -> Op:
        return self.runner.submit(fn, label=label or f"{type(self).__name__} read", on_done=on_done,
                                  on_error=on_error or self.report_error)

    def write(self, fn: Callable[[Progress], Any], on_done: Callable[[Any], None] | None = None, *,
              label: str = "", on_error: Callable[[BaseException], None] | None = None) -> Op:
        return self.runner.submit(fn, label=label or f"{type(self).__name__} write", on_done=on_done,
                                  on_error=on_error or self.report_error)

    def open_form(self, form: QDialog, work: Callable[[Progress], Any],
                  on_done: Callable[[Any], None] | None = None, *, label: str = "") -> QDialog:
        """Open a page's form (window-modal, not blocking): saving runs `work` as a write, `on_done` after it;
        `self.form` is the open form until it closes (the tests reach it there)."""
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.accepted.connect(lambda: self.write(work, on_done, label=label))
        form.finished.connect(lambda _r: setattr(self, "form", None))
        self.form = form
        form.open()
        return form

    def report_error(self, exc: BaseException) -> None:
        show_error(self, exc)  # type: ignore[arg-type]  # mixed into QWidget subclasses


def run_with_progress(parent: QWidget, runner: DbRunner, fn: Callable[[Progress], Any], *, label: str,
                      on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None) -> Op:
    """Run `fn` on the runner behind a modal progress dialog with a cancel button."""
    dialog = QProgressDialog(label, QCoreApplication.translate("widgets", "取消"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        if text:
            dialog.setLabelText(f"{label}\n{text}")

    def waiting(text: str) -> None:  # another program holds the write lock: say so in the dialog
        dialog.setLabelText(f"{label}\n{text}")

    runner.notice.connect(waiting)

    def finish() -> None:
        runner.notice.disconnect(waiting)
        dialog.reset()
        dialog.deleteLater()

    def done(result: Any) -> None:
        finish()
        if on_done is not None:
            on_done(result)

    def failed(exc: BaseException) -> None:
        finish()
        if on_error is not None:
            on_error(exc)
        else:
            show_error(parent, exc)

    op = runner.submit(fn, label=label, on_done=done, on_error=failed, on_progress=progress,
                       interactive=True)
    dialog.canceled.connect(op.cancel)
    return op


ERROR_STYLE = "color: #b3261e;"
PROBLEM_STYLE = "color: #b00020;"  # the problem line of the forms built without ValidatedDialog


_dialog_sizes: dict[str, QSize] = {}  # the size the user last gave each kind of dialog, for this run


def _load_dialog_size(key: str) -> QSize | None:
    if key not in _dialog_sizes:
        from gridapp.config import Settings

        stored = (Settings.load().dialog_sizes or {}).get(key)
        if stored and len(stored) == 2:
            _dialog_sizes[key] = QSize(int(stored[0]), int(stored[1]))
    return _dialog_sizes.get(key)


def _save_dialog_size(key: str, size: QSize) -> None:
    if _dialog_sizes.get(key) == size:
        return
    _dialog_sizes[key] = size
    from gridapp.config import Settings

    settings = Settings.load()
    settings.dialog_sizes = {**(settings.dialog_sizes or {}), key: [size.width(), size.height()]}
    try:
        settings.save()
    except OSError:
        pass  # a read-only profile: the size is kept for this run only


class ValidatedDialog(QDialog):
    """A form dialog that checks as the user types: the first problem (`problem_text()`, or the Chinese
    message of a GridappError it raises) shows under the form, and the accept button is enabled only while
    there is none. Subclasses build their fields, call `add_problem_and_buttons(layout)` and connect their
    fields' change signals to `check`.

    A form opens quiet: no problem is shown (and save stays enabled) until the user has changed a field of
    the shown dialog or pressed save. The size the user gives a kind of dialog is kept for the next time, and
    the problem line keeps its room, so the dialog does not jump as messages come and go."""

    problem: QLabel
    buttons: QDialogButtonBox
    save_button: QPushButton
    _tried = False  # the user has pressed save at least once
    _size_restored = False

    def add_problem_and_buttons(self, layout: QBoxLayout, *, accept_text: str | None = None,
                                problem_name: str | None = None, delete: bool = False) -> None:
        self.problem = QLabel()
        if problem_name:
            self.problem.setObjectName(problem_name)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setMinimumHeight(2 * self.problem.fontMetrics().lineSpacing())
        self.problem.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.problem)
        self.buttons = dialog_buttons(self, accept_text or QCoreApplication.translate("ValidatedDialog", "保存"),
                                      on_ok=self._save, save=not delete)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok if delete
                                               else QDialogButtonBox.StandardButton.Save)
        layout.addWidget(self.buttons)

    def problem_text(self) -> str:  # overridden
        return ""

    def check(self) -> bool:
        """Show the first problem under the form; accept only when there is none. Before the dialog is
        shown (fields filled in by code) and until save was pressed, nothing is shown yet."""
        try:
            problem = self.problem_text()
        except GridappError as exc:
            problem = str(exc)
        return show_problem(self, self._tried, self.problem, self.save_button, problem)

    def saved(self) -> None:
        """Save was pressed and the form has no problem: read what it holds (before the dialog is accepted)."""

    def _save(self) -> None:
        self._tried = True
        if self.check():
            self.saved()
            self.accept()

    def _size_key(self) -> str:
        return type(self).__qualname__

    def showEvent(self, event) -> None:
        if not self._size_restored:
            self._size_restored = True
            size = _load_dialog_size(self._size_key())
            if size is not None:
                self.resize(size.expandedTo(self.minimumSizeHint()))
        super().showEvent(event)

    def done(self, result: int) -> None:
        if self._size_restored:
            _save_dialog_size(self._size_key(), self.size())
        super().done(result)


class FormDialog(ValidatedDialog):
    """A small dialog: a form layout (`self.form`) the subclass fills after `__init__` (`line` adds a line edit),
    a problem line under it (inline validation), Save/Cancel. A line added as required is the problem while it
    is empty (`problem_text`; a subclass with more to check calls it first). The rows come after the buttons,
    yet the first field has the focus when the dialog opens (Tab goes through the fields, then the buttons)."""

    _fields_first = False

    def __init__(self, title: str, parent: QWidget | None = None, *, problem_name: str | None = None,
                 accept_text: str | None = None, min_width: int = 520, delete: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(min_width)
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.add_problem_and_buttons(layout, problem_name=problem_name, accept_text=accept_text, delete=delete)
        self._required: list[tuple[QLineEdit, str]] = []

    def line(self, label: str, max_length: int | None = None, *, name: str | None = None, placeholder: str = "",
             required: str | None = None, text: str = "") -> QLineEdit:
        """A line edit (holding `text`, of at most `max_length` characters where given) as the form's next row;
        `required`: the problem shown while it is empty."""
        edit = QLineEdit(text)
        if max_length is not None:
            edit.setMaxLength(max_length)
        self._add_row(label, edit, name, placeholder)
        if required is not None:
            self._required.append((edit, required))
            edit.textChanged.connect(self.check)
        return edit

    def text_box(self, label: str, *, name: str | None = None, placeholder: str = "", max_height: int | None = None,
                 min_height: int | None = None, checked: bool = False) -> QPlainTextEdit:
        """A box of several lines as the form's next row, as high as given; `checked`: the form is checked again
        as it is typed in."""
        box = QPlainTextEdit()
        if max_height is not None:
            box.setMaximumHeight(max_height)
        if min_height is not None:
            box.setMinimumHeight(min_height)
        self._add_row(label, box, name, placeholder)
        if checked:
            box.textChanged.connect(self.check)
        return box

    def _add_row(self, label: str, field: QLineEdit | QPlainTextEdit, name: str | None, placeholder: str) -> None:
        if name:
            field.setObjectName(name)
        if placeholder:
            field.setPlaceholderText(placeholder)
        self.form.addRow(label, field)

    def problem_text(self) -> str:
        return next((problem for edit, problem in self._required if not edit.text().strip()), "")

    def showEvent(self, event) -> None:
        if not self._fields_first:  # the rows came after the buttons: the first field, not Save, has the focus
            self._fields_first = True
            first = next((w for w in _layout_widgets(self.form)
                          if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()), None)
            if first is not None:
                first.setFocus()
        super().showEvent(event)


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    """The widgets of `layout` and of the layouts in it, in the layout's order."""
    out: list[QWidget] = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widget, inner = (item.widget(), item.layout()) if item is not None else (None, None)
        if widget is not None:
            out.append(widget)
        elif inner is not None:
            out.extend(_layout_widgets(inner))
    return out


class DateDialog(QDialog):
    """One date to choose (a status change, the end of a record): up to today, not before `minimum`; `ok_text`
    on the OK button. `chosen()` is the date."""

    def __init__(self, title: str, label: str, ok_text: str, *, minimum: dt.date | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        today = clock.today()
        self.date = date_edit(today, minimum=minimum, maximum=today)
        form.addRow(label, self.date)
        form.addRow(dialog_buttons(self, ok_text))

    def chosen(self) -> dt.date:
        return pydate(self.date.date())


def show_problem(dialog: QWidget, tried: bool, label: QLabel, button: QWidget, problem: str) -> bool:
    """Show a form's first `problem` in `label` and enable its `button` only without one; True when there is
    none. A dialog not shown yet, or not `tried` (saved) yet, shows nothing and keeps the button enabled."""
    if not dialog.isVisible() and not tried:
        label.setText("")
        button.setEnabled(True)
        return not problem
    label.setText(problem)
    button.setEnabled(not problem)
    return not problem


def problem_label(name: str | None = None) -> QLabel:
    """A form's problem line (PROBLEM_STYLE red, wrapped), named `name` where given."""
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setStyleSheet(PROBLEM_STYLE)
    label.setWordWrap(True)
    return label


def muted_html(text: str) -> str:
    """A grey paragraph of a detail panel's HTML: the hint before a selection, "none" under a heading."""
    return f"<p style='color:#666'>{html.escape(text)}</p>"


def detail_row(label: str, value: Any, empty: str = "") -> str:
    """One label–value row of a detail panel's HTML table (`empty` where the value is None or "")."""
    text = empty if value is None or value == "" else str(value)
    return (f"<tr><td style='color:#555;padding-right:8px;white-space:nowrap'>{html.escape(label)}</td>"
            f"<td>{html.escape(text)}</td></tr>")


W = TypeVar("W", bound=QWidget)
T = TypeVar("T")


def item_at(items: Sequence[T], index: int) -> T | None:
    """`items[index]`, or None for an index out of range (a table's or a box's -1: nothing current)."""
    return items[index] if 0 <= index < len(items) else None


def selected_item(table: QTableWidget, items: Sequence[T]) -> T | None:
    """The one of `items` that `table`'s current row shows, while a row is selected; else None."""
    sel = table.selectionModel()
    return item_at(items, table.currentRow()) if sel is not None and sel.hasSelection() else None


def wrapped(text: str = "") -> QLabel:
    """A label whose text wraps at the width it is given (a dialog's explanation, a message line)."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def named(widget: W, name: str) -> W:
    """`widget` with its object name (what the tests, the shortcuts and the style sheet find it by)."""
    widget.setObjectName(name)
    return widget


def choice_box(items: Iterable[tuple[Any, str]], name: str | None = None, *, empty: str | None = None) -> QComboBox:
    """A combo box (named `name` where given) of `items` as (data, text), in their order; `empty` first (data
    None) where given."""
    box = QComboBox()
    if name:
        box.setObjectName(name)
    if empty is not None:
        box.addItem(empty, None)
    for data, text in items:
        box.addItem(text, data)
    return box


def code_box(name: str, labels: Mapping[str, str], empty: str | None = None) -> QComboBox:
    """A combo box named `name` offering a code table (code -> Chinese label): each label in the UI's language
    (codetr), its code as the item's data; `empty` first (data None) where given."""
    return choice_box(((code, codetr.text(label)) for code, label in labels.items()), name, empty=empty)


def read_only_table(headers: list[str], name: str | None = None, *, row_height: int | None = None,
                    single: bool = True, stretch_last: bool = False, wrap: bool = True,
                    alternating: bool = False, row_numbers: bool = False) -> QTableWidget:
    """A small table the user reads and selects rows in (a dialog's or a tab's list, not a ledger): no row
    numbers (unless row_numbers=True), no editing, whole rows selected (one at a time unless single=False)."""
    t = QTableWidget(0, len(headers))
    if name:
        t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(row_numbers)
    if row_height:
        t.verticalHeader().setDefaultSectionSize(row_height)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    if single:
        t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.horizontalHeader().setStretchLastSection(stretch_last)
    t.setWordWrap(wrap)
    t.setAlternatingRowColors(alternating)
    return t


def fit_columns(header: QHeaderView, stretch: int) -> None:
    """Every column as wide as its contents, but column `stretch`, which takes the room left."""
    for c in range(header.count()):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)


def cell(text: Any, *, right: bool = False, tip: bool = False) -> QTableWidgetItem:
    """A table cell showing `text` (None as empty), right-aligned for figures, with the text as its tooltip."""
    item = QTableWidgetItem("" if text is None else str(text))
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tip:
        item.setToolTip(item.text())
    return item


def dialog_buttons(dialog: QDialog, ok_text: str, cancel_text: str | None = None,
                   on_ok: Callable[[], Any] | None = None, *, save: bool = False) -> QDialogButtonBox:
    """A dialog's OK (or, with save=True, Save) and Cancel buttons with their Chinese texts: OK runs `on_ok`
    (default: accept), Cancel rejects. The caller places the box."""
    ok = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
        cancel_text or QCoreApplication.translate("ValidatedDialog", "取消"))
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def debounce(parent: QWidget, slot: Callable[[], Any], ms: int = 250) -> QTimer:
    """A single-shot timer that runs `slot` `ms` after its last start: connect typing to its `start` (a search
    box reads once the user pauses, not at every key)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer


def push_button(text: str, name: str | None = None, slot: Callable[[], Any] | None = None, *,
                tip: str | None = None, enabled: bool = True) -> QPushButton:
    """A button with its text, object name (where given), what a click does (`slot`, where given), its tooltip
    and whether it starts enabled."""
    button = QPushButton(text)
    if name:
        button.setObjectName(name)
    if slot is not None:
        button.clicked.connect(slot)
    if tip:
        button.setToolTip(tip)
    if not enabled:
        button.setEnabled(False)
    return button


def stacked(*items: QWidget | QLayout, stretch: QWidget | None = None) -> QWidget:
    """A widget holding `items` top to bottom without margins (a side of a splitter); `stretch` takes the height
    left."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item, 1 if item is stretch else 0)
    return box


def button_row(*buttons: QWidget, end: tuple[QWidget, ...] = ()) -> QHBoxLayout:
    """A row of buttons from the left, the rest of the width empty (a pane's actions), then the `end` widgets
    at the right (a count)."""
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    for w in end:
        row.addWidget(w)
    return row


def detail_pane(split: QSplitter, name: str, *buttons: QWidget, min_width: int = 300,
                sizes: tuple[int, int] = (900, 300), stretch: tuple[int, int] = (3, 1),
                extra: QWidget | None = None) -> QTextBrowser:
    """The right-hand side of a ledger page's splitter: the selected record's details (a QTextBrowser named
    `name`, returned), `extra` (e.g. its photos) under them, over its action buttons, at least as wide as the
    buttons."""
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(6, 0, 0, 0)
    browser = named(QTextBrowser(), name)
    browser.setOpenLinks(False)
    layout.addWidget(browser, 1)
    if extra is not None:
        layout.addWidget(extra)
    row = button_row(*buttons)
    layout.addLayout(row)
    split.addWidget(pane)
    pane.setMinimumWidth(max(min_width, row.sizeHint().width() + 6))
    proportions(split, sizes, stretch)
    return browser


def proportions(split: QSplitter, sizes: tuple[int, ...] | None = None, stretch: tuple[int, ...] = (3, 2)) -> None:
    """How a splitter's sides share the width: their stretch factors and (when given) their first sizes."""
    for i, factor in enumerate(stretch):
        split.setStretchFactor(i, factor)
    if sizes:
        split.setSizes(list(sizes))
