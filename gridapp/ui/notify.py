"""Saying in the main window's status bar that something was done (a new record saved, an export written)."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

SHOWN_MS = 10000


def status_message(widget: QWidget | None, text: str) -> None:
    """Show `text` in the status bar of the main window `widget` belongs to (its parent chain); a widget with
    no main window above it (a test building a page alone) shows nothing."""
    w = widget
    while w is not None:
        if isinstance(w, QMainWindow):
            w.statusBar().showMessage(text, SHOWN_MS)
            return
        w = w.parentWidget()
