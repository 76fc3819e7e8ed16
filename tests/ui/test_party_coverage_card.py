"""首页's 党员联系户覆盖率 card: an office user sees the figure for their unit as information (no target, no
rating), computed through PARTY_COVERAGE like the 党建网格 page's checks; a click opens exactly the households
not linked; linking one from the page moves the figure."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

from gridapp.core.permissions import Role

from .test_dashboard import sign_in_as


def test_the_coverage_card_and_the_exact_list_behind_it(qtbot, window):
    window.resize(1366, 768)
    shot = os.environ.get("GRIDAPP_SHOT_DIR")
    if shot:
        from PySide6.QtWidgets import QApplication

        from gridapp.ui.i18n import install_font
        install_font(QApplication.instance())
    sign_in_as(window, Role.OFFICE)
    dash = window.home.dashboard
    card = dash.party_card
    qtbot.waitUntil(lambda: card.coverage is not None and card.isVisible(), timeout=15000)
    cov = card.coverage
    truth = window.session.party().check()  # the page's figure: the same definition
    assert (cov.covered, cov.households) == (truth.covered, truth.households)
    assert 0 < cov.covered < cov.households
    assert card.value.text() == f"{cov.covered / cov.households * 100:.1f}%"
    assert card.status.text() == "信息" and "无目标值" in card.detail.text() and f"{cov.covered}/{cov.households}" in card.detail.text()
    assert "达标" not in card.status.text()
    qtbot.waitUntil(lambda: dash.dashboard is not None, timeout=15000)
    if shot:
        qtbot.waitUntil(lambda: dash.cards["visit_rate"].chart is not None, timeout=30000)
        window.grab().save(os.path.join(shot, "dashboard_party.png"))
    qtbot.mouseClick(card.value, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dash.dialog is not None and dash.dialog.isVisible()
                    and "未纳入党员联系的户" in dash.dialog.windowTitle(), timeout=10000)
    gap = cov.households - cov.covered
    assert dash.dialog.table.rowCount() == gap and f"共 {gap} 条" in dash.dialog.count.text()
    missing = set(dash.dialog.ids)
    if shot:
        dash.dialog.grab().save(os.path.join(shot, "dashboard_party_list.png"))
    dash.dialog.close()
    # link one of them (as the page does): the card reads again and the list is one shorter
    svc = window.session.party()
    centre = next(c for c in svc.centres() if c.links < 15)
    free = next(c.household_id for c in svc.link_candidates(centre.id) if c.state == "" and c.household_id in missing)
    window.runner.submit(lambda _p: svc.relink(centre.id, add=[free]), label="link")
    qtbot.waitUntil(lambda: card.coverage is not cov and card.coverage.covered == cov.covered + 1, timeout=15000)


def test_a_grid_worker_has_no_dashboard_card(qtbot, window):
    sign_in_as(window, Role.GRID_WORKER, "370303001001001")
    assert window.home.dashboard is None or not window.home.dashboard.isVisible()
