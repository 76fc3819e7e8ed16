"""The 指标看板 in English says everything in English: indicator names, status badges (met / close / missed), the
card's words and tooltips, and the "click to see" lists a figure opens (title and column headers). Unit names,
addresses and record titles are the records' own data and stay as entered. Signed in as an office clerk at
1366×768. GRIDAPP_SHOT_DIR=… saves the dashboard in both languages."""

from __future__ import annotations

import os
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel

from gridapp.core.permissions import Principal, Role

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def without_data(text: str, data: list[str]) -> str:
    for d in sorted(data, key=len, reverse=True):
        text = text.replace(d, "")
    return text


def open_dashboard(qtbot, qapp, runner, settings, demo_db_path, lang: str):
    from gridapp.ui.i18n import install_font, install_translation
    from gridapp.ui.main_window import MainWindow

    assert install_translation(qapp, lang)
    install_font(qapp)
    win = MainWindow(runner, settings, demo_db_path)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    win.session.principal = Principal("u-office", "office", Role.OFFICE, "370303001", display_name="Clerk")
    win._set_page_sessions(win.session)
    dash = win.home.dashboard
    qtbot.waitUntil(lambda: dash.dashboard is not None and dash.cards["visit_rate"].isVisible(), timeout=15000)
    qtbot.waitUntil(lambda: all(c.chart is not None for c in dash.cards.values() if c.isVisible()), timeout=30000)
    return win, dash


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_dashboard_speaks_the_ui_language(qtbot, qapp, runner, settings, demo_db_path, lang):
    from gridapp.ui.i18n import install_translation

    try:
        win, dash = open_dashboard(qtbot, qapp, runner, settings, demo_db_path, lang)
        shot = os.environ.get("GRIDAPP_SHOT_DIR")
        if shot:
            win.grab().save(os.path.join(shot, f"dashboard_{lang}.png"))
        if lang != "en":
            assert "达标" in dash.summary.text()
            win.close()
            return
        d = dash.dashboard
        data = [d.unit_name] + [f.unit_name for r in d.results for f in r.below]
        cards = [c for c in dash.cards.values() if c.isVisible()]
        assert cards
        for card in cards:
            texts = [w.text() for w in card.findChildren(QLabel) + card.findChildren(QAbstractButton)]
            texts += [card.toolTip(), card.value.toolTip(), card.chart.toolTip()]
            for text in texts:
                assert not CJK.search(without_data(text, data)), (card.ind.key, text)
            assert card.status.text().split(" ", 1)[1] in ("Met", "Close", "Missed", "No data")
        assert not CJK.search(without_data(dash.summary.text(), data)), dash.summary.text()
        assert not CJK.search(dash.title.text())
        party = dash.party_card  # a figure shown as information: its name and words too
        for text in [w.text() for w in party.findChildren(QLabel) + party.findChildren(QAbstractButton)] + [
                party.toolTip(), party.value.toolTip()]:
            assert not CJK.search(text), text

        def dialog_texts() -> list[str]:
            dlg = dash.dialog
            table = dlg.table
            heads = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
            return [dlg.windowTitle(), dlg.count.text(), *heads]

        for card in cards:  # every "click to see" list: the figure's, then the full ranking
            before = dash.dialog
            qtbot.mouseClick(card.value, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda before=before: dash.dialog is not before and dash.dialog.isVisible(),
                            timeout=15000)
            for text in dialog_texts():
                assert not CJK.search(without_data(text, data)), (card.ind.key, text)
            if card.ranking.isVisible():
                qtbot.mouseClick(card.ranking, Qt.MouseButton.LeftButton)
                for text in dialog_texts():
                    assert not CJK.search(without_data(text, data)), (card.ind.key, text)
                table = dash.dialog.table
                for r in range(table.rowCount()):  # the status column: met / close / missed in words
                    assert not CJK.search(table.item(r, 3).text()), table.item(r, 3).text()
            if shot and card.ind.key == "visit_rate":
                dash.dialog.grab().save(os.path.join(shot, "dashboard_ranking_en.png"))
        before = dash.dialog
        qtbot.mouseClick(party.value, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dash.dialog is not before and dash.dialog.isVisible(), timeout=15000)
        for text in dialog_texts():
            assert not CJK.search(without_data(text, data)), text
        win.close()
    finally:
        install_translation(qapp, "zh_CN")


@pytest.mark.parametrize(("unit", "lang"), [("370303001", "zh_CN"), ("370303001001", "en")])
def test_the_trend_and_the_ranking_do_not_overlap_at_1366(qtbot, qapp, runner, settings, demo_db_path, unit, lang):
    """Every part of a card gets at least its own height, inside the card, none over another: the 12-period
    trend chart no longer runs into 下级排名靠后 / 全部排名 (the home page scrolls instead of squeezing)."""
    from gridapp.ui.i18n import install_translation

    try:
        win, dash = open_dashboard(qtbot, qapp, runner, settings, demo_db_path, lang)
        if unit != "370303001":
            win.session.principal = Principal("u-office", "office", Role.OFFICE, unit, display_name="Clerk")
            win._set_page_sessions(win.session)
            dash = win.home.dashboard
            qtbot.waitUntil(lambda: dash.dashboard is not None and dash.dashboard.unit_code == unit, timeout=15000)
            qtbot.waitUntil(lambda: all(c.chart is not None for c in dash.cards.values() if c.isVisible()),
                            timeout=30000)
        qapp.processEvents()
        shot = os.environ.get("GRIDAPP_SHOT_DIR")
        if shot:
            win.grab().save(os.path.join(shot, f"dashboard_{unit}_{lang}.png"))
        ranked = 0
        for card in [c for c in dash.cards.values() if c.isVisible()]:
            parts = [card.name, card.status, card.value, card.chart_holder, card.detail, card.below_caption,
                     card.ranking, *card.below]
            shown = [w for w in parts if w.isVisible()]
            ranked += card.ranking.isVisible()
            boxes = {w: w.geometry().translated(w.parentWidget().mapTo(card, w.parentWidget().rect().topLeft()))
                     if w.parentWidget() is not card else w.geometry() for w in shown}
            assert card.name.height() >= card.name.heightForWidth(card.name.width())  # the whole name, wrapped
            for w in shown:
                assert card.rect().contains(boxes[w]), (card.ind.key, w.objectName() or w.text())
                assert w.height() >= w.minimumSizeHint().height(), (card.ind.key, w.objectName() or w.text())
            for i, a in enumerate(shown):
                for b in shown[i + 1:]:
                    assert not boxes[a].intersects(boxes[b]), (card.ind.key, a.objectName(), b.objectName())
        assert ranked  # a card with its units below was looked at
        win.close()
    finally:
        install_translation(qapp, "zh_CN")
