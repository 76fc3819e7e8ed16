"""首页's 指标看板: an office user sees a card per indicator with its status in words, clicks a figure and gets the
exact list behind it (as many rows as the gap the figure shows); a grid worker keeps 今日待办 first, no cards."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

from gridapp.core.permissions import Principal, Role


def sign_in_as(window, role: Role, unit: str = "370303001") -> None:
    window.session.principal = Principal("u-" + role.value, role.value, role, unit, display_name="测试用户")
    window._set_page_sessions(window.session)


def test_office_user_clicks_a_card_and_gets_the_exact_list(qtbot, window):
    window.resize(1366, 768)
    shot = os.environ.get("GRIDAPP_SHOT_DIR")
    if shot:  # the app's own CJK font, as the app installs it at start (before the dashboard is built)
        from PySide6.QtWidgets import QApplication

        from gridapp.ui.i18n import install_font
        install_font(QApplication.instance())
    sign_in_as(window, Role.OFFICE)
    dash = window.home.dashboard
    assert dash is not None
    card = dash.cards["visit_rate"]
    qtbot.waitUntil(lambda: dash.dashboard is not None and card.isVisible(), timeout=15000)
    assert card.value.text().endswith("%")
    assert any(word in card.status.text() for word in ("达标", "接近", "未达标"))  # readable without colour
    assert not dash.cards["homicide_rate"].isVisible()  # a district's figure, not a town's
    result = dash.dashboard.result("visit_rate")
    gap = int(result.total.denominator - result.total.numerator)
    assert gap > 0
    qtbot.waitUntil(lambda: card.chart is not None, timeout=30000)  # the trends come in a second job
    assert len(card.trend) == 12
    qtbot.mouseClick(card.value, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dash.dialog is not None and dash.dialog.isVisible(), timeout=10000)
    assert dash.dialog.table.rowCount() == gap and f"共 {gap} 条" in dash.dialog.count.text()
    if shot:
        window.grab().save(os.path.join(shot, "dashboard.png"))
        dash.dialog.grab().save(os.path.join(shot, "dashboard_items.png"))
    first = dash.dialog
    first.close()
    # a community below, from the card's ranking: its own list
    below = card.below[0]
    assert below.isVisible()
    unit = below.property("unit")
    row = next(f for f in result.below if f.unit_code == unit)
    qtbot.mouseClick(below, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dash.dialog is not first and dash.dialog.isVisible(), timeout=10000)
    assert row.unit_name in dash.dialog.windowTitle()
    assert dash.dialog.table.rowCount() == int(row.denominator - row.numerator)


def test_the_full_ranking_opens_from_a_card(qtbot, window):
    sign_in_as(window, Role.VIEWER)
    dash = window.home.dashboard
    qtbot.waitUntil(lambda: dash.dashboard is not None, timeout=15000)
    card = dash.cards["grid_staffed"]
    qtbot.mouseClick(card.ranking, Qt.MouseButton.LeftButton)
    assert dash.dialog is not None and dash.dialog.isVisible()
    below = dash.dashboard.result("grid_staffed").below
    assert dash.dialog.table.rowCount() == len(below) and dash.dialog.ids == [f.unit_code for f in below]


def test_a_grid_worker_keeps_the_agenda_first(qtbot, window):
    sign_in_as(window, Role.GRID_WORKER, "370303001001001")
    assert window.home.dashboard is None or not window.home.dashboard.isVisible()


def test_the_towns_office_sees_its_published_ranking_below_the_cards(qtbot, window):
    """考核排名 on the dashboard: nothing published yet says so; once the town publishes its grid-worker ranking the
    office clerk sees it ranked, and the button opens every indicator's score."""
    from gridapp.services.assessment import AssessmentService

    window.resize(1366, 768)
    dash_before = window.home.dashboard
    sign_in_as(window, Role.VIEWER)
    dash = window.home.dashboard
    assert dash is not None and dash is not dash_before or dash is not None
    qtbot.waitUntil(lambda: dash.standing.isVisible(), timeout=20000)
    assert "还没有已发布" in dash.standing.caption.text() and not dash.standing.table.isVisible()
    svc = AssessmentService(window.session.db, "370303001")
    (scheme,) = [v for v in svc.schemes() if v.unit_code == "370303001"]
    for row in svc.rank(scheme.id).rows:  # the demo leaves one manual score to enter
        for name in row.missing:
            svc.set_score(scheme.id, row.code, scheme.indicator(name).key, 10)
    svc.publish(scheme.id)
    published = svc.result(scheme.id)
    with qtbot.waitSignal(dash.standing_loaded, timeout=30000):
        sign_in_as(window, Role.OFFICE)
    panel = dash.standing
    assert panel.table.isVisible() and panel.table.rowCount() == len(published.rows)
    assert scheme.name in panel.caption.text() and "第 1 版" in panel.caption.text()
    assert panel.table.item(0, 0).text() == "1" and panel.table.item(0, 1).text() == published.rows[0].name
    assert panel.table.isColumnHidden(3)  # a grid-worker scheme takes no results from below
    qtbot.mouseClick(panel.all, Qt.MouseButton.LeftButton)
    assert panel.dialog is not None and panel.dialog.isVisible()
    assert panel.dialog.table.rowCount() == len(published.rows)
    assert panel.dialog.table.columnCount() == 4 + len(scheme.indicators)
    shot = os.environ.get("GRIDAPP_SHOT_DIR")
    if shot:
        qtbot.waitUntil(lambda: dash.cards["visit_rate"].chart is not None, timeout=30000)
        window.grab().save(os.path.join(shot, "dashboard_standing.png"))
        panel.dialog.grab().save(os.path.join(shot, "dashboard_standing_all.png"))


def test_signing_out_while_the_figures_are_read_reads_nothing_more(qtbot, window, monkeypatch):
    """The figures arrive after the session closed (锁定/切换用户, or the session expired): the page does not go on to
    read the trends and the ranking with no session (it used to fail on the worker: 'NoneType' … 'indicators')."""
    sign_in_as(window, Role.OFFICE)
    dash = window.home.dashboard
    errors: list[BaseException] = []
    monkeypatch.setattr(dash, "report_error", errors.append)
    with qtbot.waitSignal(dash.loaded, timeout=20000):
        window._set_page_sessions(None)  # what MainWindow.lock does before it asks for a login
    qtbot.wait(1500)
    assert errors == []
