"""The keys every page shares: Ctrl+F search, F5 refresh, Ctrl+N new, Ctrl+P print, and Enter on a ledger
row opens it. The window owns one action per key and hands it to the page on show, which takes it when it
has something to do with it (its search box, refresh button, new-record button, print button); a page
without one ignores the key."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLineEdit, QWidget

# key → the page attributes that answer it, first one present wins
KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "find": ("Ctrl+F", ("search",)),
    "refresh": ("F5", ("refresh_button",)),
    "new": ("Ctrl+N", ("add_button", "new_button", "apply_button")),
    "print": ("Ctrl+P", ("print_button", "card_button")),
}

# page key → (table attribute, button attribute): Enter on a row of that table presses that button
ENTER_OPENS: dict[str, tuple[str, str]] = {
    "residents": ("table", "edit_button"),
    "visits": ("ledger_table", "correct_button"),
    "projects": ("table", "correct_button"),
}


def _usable(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled()


def trigger(page: QWidget, key: str) -> bool:
    """Do what `key` means on `page`; False when the page has nothing for it."""
    for name in KEYS[key][1]:
        target = getattr(page, name, None)
        if isinstance(target, QLineEdit) and _usable(target):
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
            target.selectAll()
            return True
        if isinstance(target, QAbstractButton) and _usable(target):
            target.click()
            return True
    if key == "refresh":
        for method in ("refresh", "reload"):
            fn = getattr(page, method, None)
            if callable(fn):
                fn()
                return True
    return False


class _EnterOpens(QObject):
    """Enter or Return on a table row presses the page's open button (a double click still works as it did)."""

    def __init__(self, table: QAbstractItemView, button: QAbstractButton):
        super().__init__(table)
        self.button = button

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
        if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            if _usable(self.button) and obj.currentIndex().isValid():
                self.button.click()
                return True
        return False


def install(window: QWidget, current: Callable[[], QWidget]) -> dict[str, QAction]:
    """One window action per shared key, acting on the page `current()` returns."""
    actions: dict[str, QAction] = {}
    for key, (sequence, _names) in KEYS.items():
        action = QAction(window)
        action.setObjectName(f"shortcut_{key}")
        action.setShortcut(QKeySequence(sequence))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, key=key: trigger(current(), key))
        window.addAction(action)
        actions[key] = action
    return actions


def install_enter(page_key: str, page: QWidget) -> None:
    """Enter on the ledger of a page that has one opens the row (called when the page is built)."""
    if page_key not in ENTER_OPENS:
        return
    table_name, button_name = ENTER_OPENS[page_key]
    table, button = getattr(page, table_name, None), getattr(page, button_name, None)
    if isinstance(table, QAbstractItemView) and isinstance(button, QAbstractButton):
        table.installEventFilter(_EnterOpens(table, button))
