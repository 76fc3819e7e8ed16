"""The background runner: serial, results by signal, errors and cancel delivered to the GUI thread."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt

from gridapp.core.errors import Cancelled, ValidationError


def test_results_come_back_on_the_gui_thread(qtbot, runner):
    gui = threading.current_thread()
    seen = {}

    def work(_p):
        seen["worker"] = threading.current_thread()
        return 42

    def done(result):
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    runner.submit(work, on_done=done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=3000)
    assert seen["result"] == 42
    assert seen["worker"] is not gui
    assert seen["callback"] is gui


def test_operations_run_one_at_a_time_in_order(qtbot, runner):
    order, active, overlap = [], [0], []

    def make(i):
        def work(_p):
            active[0] += 1
            overlap.append(active[0])
            time.sleep(0.01)
            order.append(i)
            active[0] -= 1
        return work

    for i in range(8):
        runner.submit(make(i))
    qtbot.waitUntil(lambda: len(order) == 8, timeout=5000)
    assert order == list(range(8))
    assert max(overlap) == 1


def test_errors_reach_the_error_callback(qtbot, runner):
    errors = []

    def work(_p):
        raise ValidationError("身份证号校验位不正确。", field="公民身份号码")

    runner.submit(work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], ValidationError)
    assert errors[0].field == "公民身份号码"


def test_cancel_stops_a_long_operation(qtbot, runner):
    errors, steps = [], []
    started = threading.Event()

    def work(progress):
        for i in range(10_000):
            started.set()
            steps.append(i)
            progress.step(i, 10_000)
            time.sleep(0.001)
        return "finished"

    op = runner.submit(work, on_error=errors.append, on_done=errors.append)
    assert started.wait(3)
    op.cancel()
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], Cancelled)
    assert len(steps) < 10_000


def test_progress_is_reported_and_a_read_signals_no_change(qtbot, runner):
    reports, changed, done = [], [], []
    runner.changed.connect(changed.append)

    def work(progress):
        for i in range(3):
            progress.step(i + 1, 3, f"第 {i + 1} 步")
        return "ok"

    runner.submit(work, on_progress=lambda d, t, x: reports.append((d, t, x)), on_done=done.append)
    qtbot.waitUntil(lambda: len(reports) == 3 and bool(done), timeout=3000)
    assert reports[-1] == (3, 3, "第 3 步")
    qtbot.wait(50)
    assert changed == []  # nothing was written


@pytest.fixture
def session(demo_db_path):
    from gridapp.services.session import AppSession

    s = AppSession.open(demo_db_path)
    yield s
    s.close()


def test_a_write_signals_exactly_the_tables_it_wrote(qtbot, runner, session):
    """Nobody declares what changed: the write transaction knows the tables its statements wrote (ORM flush,
    core statements, the change log's raw executemany), and the runner says them once it has committed."""
    from gridapp.db.database import TABLES_WRITTEN

    grid = session.registry().grids()[0][0]
    seen: dict = {}

    def work(_p):
        # a plain write transaction: one row of each of two tables, nothing else
        with session.db.write() as s:
            from sqlalchemy import text

            s.execute(text("UPDATE meta SET value = value WHERE key = 'node_id'"))
            s.execute(text("UPDATE org_unit SET name = name WHERE code = :c"), {"c": grid})
            seen["live"] = set(s.info[TABLES_WRITTEN])
        return "ok"

    with qtbot.waitSignal(runner.changed, timeout=3000) as sig:
        runner.submit(work)
    assert sig.args == [frozenset({"meta", "org_unit"})]
    assert seen["live"] == {"meta", "org_unit"}

    # a service's act: its own table, its change log, its audit row: what the service wrote and no more
    with qtbot.waitSignal(runner.changed, timeout=5000) as sig:
        runner.submit(lambda _p: session.units.add("370303001001098", "第98网格"))
    tables = sig.args[0]
    assert "org_unit" in tables and "change_log" in tables
    assert not tables & {"resident", "household", "building", "household_visit", "dispute", "grid_task"}


def test_a_write_rolled_back_signals_no_change(qtbot, runner, session):
    changed, errors = [], []
    runner.changed.connect(changed.append)

    def work(_p):
        from sqlalchemy import text

        with session.db.write() as s:
            s.execute(text("UPDATE org_unit SET name = name"))
            raise ValidationError("不行")

    runner.submit(work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    qtbot.wait(50)
    assert changed == []


def test_what_committed_before_a_failure_is_still_signalled(qtbot, runner, session):
    """An operation that committed one transaction and then failed did change the data."""
    errors = []

    def work(_p):
        from sqlalchemy import text

        with session.db.write() as s:
            s.execute(text("UPDATE org_unit SET name = name"))
        raise ValidationError("第二步不行")

    with qtbot.waitSignal(runner.changed, timeout=3000) as sig:
        runner.submit(work, on_error=errors.append)
    assert sig.args == [frozenset({"org_unit"})]
    assert errors and str(errors[0]) == "第二步不行"


def test_progress_dialog_shows_progress_and_its_cancel_button_stops_the_work(qtbot, runner):
    from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

    from gridapp.ui.widgets import run_with_progress

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    errors, results = [], []
    halfway = threading.Event()

    def work(progress):
        for i in range(100_000):
            progress.step(i, 100_000, f"第 {i} 条")
            if i == 50:
                halfway.set()
            time.sleep(0.001)
        return "done"

    run_with_progress(parent, runner, work, label="导入台账", on_done=results.append, on_error=errors.append)
    assert halfway.wait(5)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(QProgressDialog)), timeout=5000)
    dialog = next(d for d in parent.findChildren(QProgressDialog) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.maximum() == 100_000 and dialog.value() > 0, timeout=5000)
    assert "导入台账" in dialog.labelText()
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], Cancelled) and results == []
    # a user-started operation makes the window ask before closing; once it ended, it no longer does
    assert not runner.busy_with_user_work


def test_work_submitted_after_shutdown_is_dropped(qtbot):
    from gridapp.ui.runner import DbRunner

    r = DbRunner()
    r.shutdown()
    ran = []
    op = r.submit(lambda _p: ran.append(1))
    qtbot.wait(50)
    assert ran == [] and op.progress.cancelled and not r.busy
