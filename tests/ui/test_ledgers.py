"""Every ledger uses one lazy table (issue 13): more rows than the old caps (1,000 visits, 2,000 disputes) are
all there, a click on a header orders the list in SQL, the count label says what the service counts, and the
selected row stays selected (by id) when the list is read again."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from gridapp.core import codes
from gridapp.core.permissions import Principal, Role
from gridapp.domain import clock
from gridapp.services.visits import VisitInput, VisitService

from .ledger_helpers import read_all

TOWN = "370303001"
OLD_CAP = 1000


def police(window) -> Principal:
    return Principal("u-police", "police", Role.POLICE, TOWN, display_name="测试民警")


def add_visits(window, n: int) -> list[str]:
    """n visits through the service (as a police officer), spread over the last 300 days."""
    svc = VisitService(window.session.db, police(window))
    households = [h[0] for h in svc.find_households("", limit=400)]
    today = clock.today() - dt.timedelta(days=1)
    return [svc.record(VisitInput(households[i % len(households)], today - dt.timedelta(days=i % 300),
                                  1 + i % 5, f"走访{i}")) for i in range(n)]


def test_visit_ledger_shows_every_row_sorts_in_sql_and_counts(qtbot, window):
    add_visits(window, OLD_CAP + 100)
    window.session.principal = police(window)
    page = window.visits_page
    page.set_session(window.session)
    window.show_page("visits")
    page.tabs.setCurrentIndex(2)
    page.date_from.setDate(page.date_from.date().addYears(-2))
    svc = window.session.visits()
    date_from = dt.date(*page.date_from.date().getDate())
    date_to = dt.date(*page.date_to.date().getDate())
    expected = svc.count(None, date_from, date_to)
    assert expected > OLD_CAP + 100
    table = page.ledger_table
    qtbot.waitUntil(lambda: table.rowCount() == expected, timeout=20000)
    assert page.ledger_count.text() == f"共 {expected:,} 条"
    # the last row (far beyond the old cap) is read on demand, as scrolling to it would
    table.scrollToBottom()
    qtbot.waitUntil(lambda: table.row(expected - 1) is not None, timeout=10000)
    assert table.item(expected - 1, 0).text() <= table.item(0, 0).text()  # newest first
    ids = svc.ledger_ids(None, date_from=date_from, date_to=date_to, sort="present", descending=False)

    # a click on 在户人数 orders the list by it (in SQL: the same order as the service's)
    header = table.horizontalHeader()
    section = next(i for i, c in enumerate(table.ledger.columns) if c.sort == "present")
    header.sectionClicked.emit(section)  # what a click on the header does
    qtbot.waitUntil(lambda: table.sort == "present" and list(table.ledger.ids) == ids, timeout=20000)
    present = [int(v.present) for v in read_all(qtbot, table)[:600]]
    assert present == sorted(present)
    assert header.sortIndicatorSection() == section and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    header.sectionClicked.emit(section)  # again: the other way round
    desc = svc.ledger_ids(None, date_from=date_from, date_to=date_to, sort="present", descending=True)
    qtbot.waitUntil(lambda: table.descending and list(table.ledger.ids) == desc, timeout=20000)
    assert table.row(0).id == desc[0] and table.row(0).present >= 5
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_selection_is_kept_by_id_across_a_reload(qtbot, window):
    window.session.principal = police(window)
    page = window.visits_page
    page.set_session(window.session)
    window.show_page("visits")
    page.tabs.setCurrentIndex(2)
    table = page.ledger_table
    qtbot.waitUntil(lambda: table.rowCount() > 3, timeout=10000)
    chosen = table.row(2)
    table.selectRow(2)
    assert table.selected().id == chosen.id and page.delete_button.isEnabled()
    first = table.row(0)
    window.runner.submit(lambda _p: window.session.visits().delete(first.id))
    qtbot.waitUntil(lambda: table.rowCount() > 0 and first.id not in table.ledger.ids, timeout=10000)
    assert table.selected() is not None and table.selected().id == chosen.id  # now the second row
    assert table.selected_row() == 1


def test_dispute_ledger_counts_as_the_service(qtbot, window):
    """300 more disputes (registering one costs ~50 ms, so the old cap of 2,000 is left to the visit test): all
    shown, counted as the service counts them, the last one read on demand."""
    from gridapp.services.disputes import DisputeInput, DisputeService

    office = Principal("u-office", "office", Role.OFFICE, TOWN, display_name="综治")
    svc = DisputeService(window.session.db, office)
    grid = svc.grids()[0][0]
    day = clock.today() - dt.timedelta(days=2)
    have = svc.count()
    for i in range(300):
        svc.register(DisputeInput(f"测试纠纷{i}", day, f"和平路{i}号", next(iter(codes.DISPUTE_CATEGORY)),
                                  next(iter(codes.DISPUTE_SCALE)), 2, grid_code=grid))
    window.session.principal = office
    page = window.disputes_page
    page.set_session(window.session)
    window.show_page("disputes")
    qtbot.waitUntil(lambda: page.table.rowCount() == svc.count() >= have + 300, timeout=30000)
    assert page.count_label.text() == f"台账共 {svc.count():,} 件"
    last = page.table.rowCount() - 1
    qtbot.waitUntil(lambda: page.table.row(last) is not None, timeout=10000)
    assert page.table.row(last).id == svc.ledger_ids()[-1]
