"""In English at 1366×768, signed in as a town's office clerk (综治中心工作人员): the words that were seen clipped or
left in Chinese read whole. A unit is "name (code)" with ASCII brackets (status bar, report unit combo); the report
list names every report in English; the party checks are named in English and their column and the tree's headers
are wide enough for the text; the disputes' category and the work log's comment columns fit their headers. Pages
are opened by clicking the navigation list."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from gridapp.core.permissions import Principal, Role

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def open_english(qtbot, qapp, runner, settings, demo_db_path, principal=None):
    from gridapp.ui.i18n import install_font, install_translation
    from gridapp.ui.main_window import MainWindow

    assert install_translation(qapp, "en")
    install_font(qapp)
    win = MainWindow(runner, settings, demo_db_path)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    with qtbot.waitSignal(win.ready, timeout=15000):
        win.start()
    win.session.principal = principal or Principal("u-office", "office", Role.OFFICE, "370303001", display_name="Clerk")
    win._set_page_sessions(win.session)
    return win


def add_second_community(path) -> None:
    """A second community with a grid in the town: grids are then named with their community."""
    from gridapp.db.database import open_database
    from gridapp.services.units import UnitService

    db = open_database(path)
    try:
        units = UnitService(db)
        units.add("370303001002", "友谊社区")
        units.add("370303001002001", "第1网格")
    finally:
        db.close()


def click_nav(qtbot, win, label: str):
    items = win.nav.findItems(label, Qt.MatchFlag.MatchExactly)
    assert items, f"no navigation item {label!r}"
    rect = win.nav.visualItemRect(items[0])
    qtbot.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def metrics_w(widget, text: str) -> int:
    return widget.fontMetrics().horizontalAdvance(text)


def header_fits(table, col: int) -> bool:
    header = table.horizontalHeader()
    text = table.model().headerData(col, Qt.Orientation.Horizontal)
    return table.columnWidth(col) >= header.fontMetrics().horizontalAdvance(str(text)) + 8


def test_office_clerk_reads_whole_english_words(qtbot, qapp, runner, settings, demo_db_path):
    from gridapp.ui.i18n import install_translation

    add_second_community(demo_db_path)
    try:
        win = open_english(qtbot, qapp, runner, settings, demo_db_path)
        unit = win.status_unit.text()
        assert "(370303001)" in unit and not re.search("[（）]", unit), unit

        click_nav(qtbot, win, "Reports")
        page = win.reports_page
        qtbot.waitUntil(lambda: page.report_list.count() >= 12 and page.unit_combo.count() > 0, timeout=15000)
        names = [page.report_list.item(i).text() for i in range(page.report_list.count())]
        assert [n for n in names if CJK.search(n)] == [], names
        assert "Monthly report" in names and "Party network roster" in names
        assert "(370303001)" in page.unit_combo.itemText(0) and "（" not in page.unit_combo.itemText(0)

        # the status bar's last part (Last sync) stays whole, inside the window
        bar = win.statusBar()
        sync = win.status_sync
        assert sync.width() >= sync.fontMetrics().horizontalAdvance(sync.text())
        assert sync.mapTo(bar, sync.rect().topRight()).x() <= bar.width(), sync.text()

        click_nav(qtbot, win, "Party network")
        party = win.party_page
        qtbot.waitUntil(lambda: party.checks.rowCount() > 0, timeout=15000)
        # the tree's names read whole: 党员中心户 and its address, indented under its group (were cut)
        centres = party.tree.findItems("Centre", Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive)
        assert centres and not [c.text(0) for c in centres if CJK.search(c.text(0).split(":")[0])]
        assert party.tree.columnWidth(0) >= party.tree.sizeHintForColumn(0), (
            party.tree.columnWidth(0), party.tree.sizeHintForColumn(0))
        # 对象 (Subject): "287 households" and every other subject whole (was "287 …")
        subjects = [party.checks.item(r, 2).text() for r in range(party.checks.rowCount())]
        assert [t for t in subjects if t.endswith("households")], subjects
        assert party.checks.columnWidth(2) >= max(metrics_w(party.checks, t) for t in subjects) + 8
        rules = {party.checks.item(r, 0).text() for r in range(party.checks.rowCount())}
        assert rules and not [r for r in rules if CJK.search(r)], rules
        metrics = party.checks.fontMetrics()
        assert party.checks.columnWidth(0) >= max(metrics.horizontalAdvance(r) for r in rules)
        tree_header = party.tree.header()
        for col in (1, 2):
            text = party.tree.headerItem().text(col)
            assert party.tree.columnWidth(col) >= tree_header.fontMetrics().horizontalAdvance(text), text

        click_nav(qtbot, win, "Disputes")
        disputes = win.disputes_page
        qtbot.waitUntil(lambda: disputes.table.model().rowCount() > 0, timeout=15000)
        # 类别: the header and the commonest class read whole (the long English classes are in the tooltip: the
        # name column needs the rest of the width), and the table needs no sideways scrolling
        assert disputes.table.columnWidth(3) >= disputes.table.fontMetrics().horizontalAdvance("Neighbours")
        assert header_fits(disputes.table, 3)
        assert not disputes.table.horizontalScrollBar().isVisible()
        # 网格: grids of two communities are named with their community (和平社区 第1网格) and read whole
        model = disputes.table.model()
        grids = {model.index(r, 6).data() for r in range(model.rowCount())}
        assert any(g.startswith("和平社区 ") for g in grids), grids
        assert disputes.table.columnWidth(6) >= max(metrics_w(disputes.table, g) for g in grids) + 8
        # 状态 (Status): "Escalated", not "Unresolved (escalated)" (the column was the widest of the table)
        statuses = {model.index(r, 7).data() for r in range(model.rowCount())}
        assert "Escalated" in statuses, statuses
        assert disputes.table.columnWidth(7) < metrics_w(disputes.table, "Unresolved (escalated)") + 16  # as it was

        click_nav(qtbot, win, "Events")
        ev = win.events_page
        qtbot.waitUntil(lambda: ev.table.model().rowCount() > 0, timeout=15000)
        model = ev.table.model()
        col = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "Time limit")
        limits = {model.index(r, col).data() for r in range(model.rowCount())}
        assert [t for t in limits if "supervised" in t], sorted(limits, key=lambda t: -metrics_w(ev.table, t))  # was cut
        assert ev.table.columnWidth(col) >= max(metrics_w(ev.table, t) for t in limits) + 8, sorted(limits, key=lambda t: -metrics_w(ev.table, t))[:3]

        click_nav(qtbot, win, "Work log")
        log = win.worklog_page
        qtbot.waitUntil(lambda: log.log_table.model().rowCount() > 0, timeout=15000)
        assert log.log_table.model().headerData(4, Qt.Orientation.Horizontal) == "Comment"
        assert header_fits(log.log_table, 4)
        win.close()
    finally:
        install_translation(qapp, "zh_CN")


def test_a_grid_worker_is_told_in_english_why_sync_is_not_theirs(qtbot, qapp, runner, settings, demo_db_path):
    from gridapp.ui.i18n import install_translation

    try:
        worker = Principal("u-worker", "worker", Role.GRID_WORKER, "370303001001001", display_name="Worker")
        win = open_english(qtbot, qapp, runner, settings, demo_db_path, worker)
        click_nav(qtbot, win, "Sync")
        page = win.sync_page
        qtbot.waitUntil(lambda: page.identity.text().startswith("You cannot sync"), timeout=15000)
        assert not CJK.search(page.identity.text()), page.identity.text()
        win.close()
    finally:
        install_translation(qapp, "zh_CN")


def test_a_police_officer_is_told_in_english_why_sync_is_not_theirs(qtbot, qapp, runner, settings, demo_db_path):
    """The police may not sync at all (no permission): the reason is said in English, not the service's Chinese
    message (当前用户…没有“同步”的权限)."""
    from gridapp.ui.i18n import install_translation

    try:
        police = Principal("u-police", "police", Role.POLICE, "370303001", display_name="Officer")
        win = open_english(qtbot, qapp, runner, settings, demo_db_path, police)
        click_nav(qtbot, win, "Sync")
        page = win.sync_page
        qtbot.waitUntil(lambda: page.identity.text().startswith("You cannot sync"), timeout=15000)
        assert not CJK.search(page.identity.text()), page.identity.text()
        assert "may not sync" in page.identity.text()
        win.close()
    finally:
        install_translation(qapp, "zh_CN")


def test_a_community_police_officer_reads_the_project_summary_in_english(qtbot, qapp, runner, settings,
                                                                          demo_db_path):
    """八小工程 at a community: its own row and the total row say so in English, not 和平社区（本级） / 和平社区合计."""
    from gridapp.ui.i18n import install_translation

    try:
        police = Principal("u-police", "police", Role.POLICE, "370303001001", display_name="Officer")
        win = open_english(qtbot, qapp, runner, settings, demo_db_path, police)
        click_nav(qtbot, win, "Eight small projects")
        page = win.projects_page
        table = page.summary_table
        qtbot.waitUntil(lambda: table.rowCount() > 1, timeout=15000)
        names = [table.item(r, 0).text() for r in range(table.rowCount())]
        assert names[-1] == "和平社区 (total)", names
        assert not [n for n in names if "（" in n or "合计" in n], names
        win.close()
    finally:
        install_translation(qapp, "zh_CN")


def test_the_party_dialogs_read_in_english(qtbot, qapp, runner, settings, demo_db_path):
    """The party page's dialogs in English: the membership kinds (中共党员), the organisation kinds (党工委) and the
    history's changes (纳入联系户, 组织关系转出（中共党员）) are code-table words, shown translated; the history's
    headers read whole; the unit form's code field shows its whole hint; the audit log's dates are ISO."""
    from gridapp.ui.i18n import install_translation

    from .conftest import when_modal

    seen: dict = {}
    try:
        win = open_english(qtbot, qapp, runner, settings, demo_db_path)
        click_nav(qtbot, win, "Party network")
        party = win.party_page
        qtbot.waitUntil(lambda: party.tree.topLevelItemCount() > 0, timeout=15000)

        def combos(key, name):
            def read(dialog):
                from PySide6.QtWidgets import QComboBox

                box = dialog.findChild(QComboBox, name)
                seen[key] = [box.itemText(i) for i in range(box.count())]
                dialog.reject()
            return read

        when_modal(combos("status", "memberStatus"))
        qtbot.mouseClick(party.member_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "status" in seen, timeout=10000)
        assert seen["status"] == ["CPC member", "CPC probationary member"] or not [
            t for t in seen["status"] if CJK.search(t)], seen["status"]
        when_modal(combos("kinds", "orgKind"))
        qtbot.mouseClick(party.add_org_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "kinds" in seen, timeout=10000)
        assert seen["kinds"] and not [t for t in seen["kinds"] if CJK.search(t)], seen["kinds"]

        def history(dialog):
            table = dialog.table
            seen["changes"] = {table.item(r, 2).text() for r in range(table.rowCount())}
            seen["places"] = [table.item(r, 4).text() for r in range(table.rowCount())]
            seen["headers"] = all(header_fits(table, c) for c in range(table.columnCount() - 1))
            dialog.reject()

        party.tree.setCurrentItem(None)
        when_modal(history)
        qtbot.mouseClick(party.history_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "changes" in seen, timeout=10000)
        assert "Household linked" in seen["changes"], seen["changes"]
        assert not [t for t in seen["changes"] if CJK.search(t)], seen["changes"]
        assert [p for p in seen["places"] if "(centre " in p] and not [p for p in seen["places"] if "（" in p]
        assert seen["headers"]

        click_nav(qtbot, win, "Settings")
        settings_page = win.settings_page
        button = next(b for b in settings_page.findChildren(type(party.history_button)) if b.text() == "Audit log…")

        def audit(dialog):
            seen["dates"] = (dialog.since.text(), dialog.until.text())
            dialog.reject()

        when_modal(audit)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "dates" in seen, timeout=10000)
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in seen["dates"]), seen["dates"]
        win.close()
    finally:
        install_translation(qapp, "zh_CN")


def test_the_unit_form_shows_the_whole_code_hint(qtbot, qapp, demo_db_path):
    """增设下级单位 in English: the code field is wide enough for its hint (was "Own number, 3 di…")."""
    from gridapp.db.database import open_database
    from gridapp.services.units import UnitService
    from gridapp.ui.i18n import install_translation
    from gridapp.ui.units_page import UnitForm

    db = open_database(demo_db_path)
    try:
        town = UnitService(db).installation()
    finally:
        db.close()
    try:
        install_translation(qapp, "en")
        form = UnitForm(town, set())
        qtbot.addWidget(form)
        form.show()
        box = form.segment
        assert box.placeholderText().startswith("Own number")
        assert box.width() >= box.fontMetrics().horizontalAdvance(box.placeholderText()) + 12, box.width()
    finally:
        install_translation(qapp, "zh_CN")


def test_a_grid_worker_reads_the_person_card_masks_in_english(qtbot, qapp, runner, settings, demo_db_path):
    """A field the grid worker may not see (政治面貌, 党员信息) reads "(not permitted to view)" in English, not
    （无权查看）."""
    from PySide6.QtWidgets import QLabel

    from gridapp.ui.i18n import install_translation

    try:
        worker = Principal("u-worker", "worker", Role.GRID_WORKER, "370303001001001", display_name="Worker")
        win = open_english(qtbot, qapp, runner, settings, demo_db_path, worker)
        click_nav(qtbot, win, "Residents")
        page = win.residents_page
        qtbot.waitUntil(lambda: page.table.model().rowCount() > 0, timeout=15000)
        page.table.selectRow(0)
        page.person_card = None
        qtbot.mouseClick(page.person_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.person_card is not None, timeout=10000)
        card = page.person_card
        qtbot.addWidget(card)
        texts = [w.text() for w in card.findChildren(QLabel)]
        assert "(not permitted to view)" in texts and "（无权查看）" not in texts, texts
        card.close()
        win.close()
    finally:
        install_translation(qapp, "zh_CN")
