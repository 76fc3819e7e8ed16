"""UI fixtures: the real widgets on Qt's offscreen platform, a demo database, and a check (as napari
does) that no test leaves a database worker thread running."""

from __future__ import annotations

import os
import shutil
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from gridapp.config import Settings
from gridapp.demo import DemoGenerator
from gridapp.services.session import AppSession


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("ui-template") / "demo.sqlite3"
    session = AppSession.open(path, create=True)
    try:
        session.initialise("370303001", "城东街道", "town")
        DemoGenerator(session.db, seed=7).run(1200)
    finally:
        session.close()
    return path


@pytest.fixture
def demo_db_path(_demo_template, tmp_path):
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(_demo_template, path)
    return path


@pytest.fixture(autouse=True)
def _no_worker_threads_left():
    yield
    alive = [t.name for t in threading.enumerate() if t.name.startswith("gridapp-db") and t.is_alive()]
    assert not alive, f"test left database worker threads running: {alive}"


@pytest.fixture(autouse=True)
def _no_unexpected_message_box(monkeypatch):
    """A warning or error box nobody answers fails the test instead of waiting for a click forever (offscreen,
    a modal box would hang the whole run): a watchdog closes a box still open after 8 s and the test fails at
    teardown, naming it. A test that expects a box answers it in time (`when_modal`)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    left_open: list[str] = []

    def guarded(original):
        def show(parent, title, text, *args, **kwargs):
            def watchdog():
                box = QApplication.activeModalWidget()
                if isinstance(box, QMessageBox) and box.text() == text:
                    left_open.append(f"“{title}”: {text}")
                    box.reject()

            QTimer.singleShot(8000, watchdog)
            return original(parent, title, text, *args, **kwargs)

        return show

    monkeypatch.setattr(QMessageBox, "warning", guarded(QMessageBox.warning))
    monkeypatch.setattr(QMessageBox, "critical", guarded(QMessageBox.critical))
    yield
    assert not left_open, f"unexpected message box left open: {left_open}"


@pytest.fixture(autouse=True)
def _fresh_dialog_sizes():
    """Dialog sizes a test gave are remembered per run: each test starts without them."""
    import sys

    yield
    widgets = sys.modules.get("gridapp.ui.widgets")
    if widgets is not None:
        widgets._dialog_sizes.clear()


@pytest.fixture
def runner(qtbot):
    from gridapp.ui.runner import DbRunner

    r = DbRunner()
    yield r
    r.shutdown()


@pytest.fixture
def settings():
    return Settings()


@pytest.fixture
def window(qtbot, runner, settings, demo_db_path):
    from gridapp.ui.main_window import MainWindow

    win = MainWindow(runner, settings, demo_db_path)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    yield win
    win.close()


def type_text(qtbot, widget, text: str) -> None:
    """Type as a user would: ASCII by key presses, Chinese as an input method commits it."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def when_modal(callback, *, timeout_ms: int = 5000) -> None:
    """Run `callback(dialog)` once a modal dialog is open (dialogs run their own event loop in exec())."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    waited = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible():
            callback(dialog)
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)
