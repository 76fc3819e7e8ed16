"""The page base: a page watches tables, is made stale by a committed write to one of them (known from the
data, nothing declared), and reads again when it is next shown; the window builds each page on first show."""

from __future__ import annotations

import importlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from gridapp.services.session import AppSession
from gridapp.ui.pages import Page

PAGE_CLASSES = {
    "residents": ("residents_page", "ResidentsPage"), "affairs": ("affairs_page", "AffairsPage"),
    "tasks": ("tasks_page", "TasksPage"), "visits": ("visits_page", "VisitsPage"),
    "projects": ("projects_page", "ProjectsPage"), "disputes": ("disputes_page", "DisputesPage"),
    "assessment": ("assessment_page", "AssessmentPage"), "sync": ("sync_page", "SyncPage"),
    "reports": ("reports_page", "ReportsPage"), "units": ("units_page", "UnitsPage"),
}


class CountingPage(Page):
    """A page that watches the unit table only and counts its reads."""

    watches = frozenset({"org_unit"})

    def __init__(self, runner):
        super().__init__(runner)
        self.reloads = 0

    def reload(self) -> None:
        if self.session is not None:
            self.reloads += 1


@pytest.fixture
def session(demo_db_path):
    s = AppSession.open(demo_db_path)
    yield s
    s.close()


def _write(qtbot, runner, fn) -> frozenset:
    with qtbot.waitSignal(runner.changed, timeout=5000) as sig:
        runner.submit(lambda _p: fn())
    return sig.args[0]


def test_a_hidden_page_reloads_when_shown_after_a_table_it_watches_changed_and_not_after_another(
        qtbot, runner, session):
    page = CountingPage(runner)
    qtbot.addWidget(page)
    page.set_session(session)
    assert page.reloads == 0 and page.stale  # hidden: nothing read yet
    page.show()
    assert page.reloads == 1 and not page.stale
    page.hide()

    # a write to another table (a resident's tag): the hidden page stays as it is, and showing it reads nothing
    reg = session.registry()
    resident = reg.page(offset=0, limit=1)[0]
    tags = reg.tags_of(resident.id)
    held = "低保" in tags
    tables = _write(qtbot, runner, lambda: reg.set_tags(resident.id, [] if held else ["低保"], ["低保"] if held else []))
    assert "resident_tag" in tables and "org_unit" not in tables
    assert not page.stale
    page.show()
    assert page.reloads == 1
    page.hide()

    # a write to the table it watches: stale while hidden (no read yet), read once when shown
    tables = _write(qtbot, runner, lambda: session.units.add("370303001001097", "第97网格"))
    assert "org_unit" in tables
    assert page.stale and page.reloads == 1
    page.show()
    assert page.reloads == 2 and not page.stale

    # the page shown reads again at once
    _write(qtbot, runner, lambda: session.units.rename("370303001001097", "第97网格（改）"))
    assert page.reloads == 3


def test_every_page_watches_real_tables_and_never_what_its_own_reads_write():
    from gridapp.db.models import Base, map_all
    from gridapp.ui.pages import HomePage

    map_all()
    tables = set(Base.metadata.tables)
    watched = {"home": HomePage.watches | HomePage.agenda_watches}
    for key, (module, cls) in PAGE_CLASSES.items():
        page_class = getattr(importlib.import_module(f"gridapp.ui.{module}"), cls)
        assert issubclass(page_class, Page), key
        watched[key] = page_class.watches
    for key, names in watched.items():
        assert names, key
        assert names <= tables, (key, names - tables)
        assert not names & {"audit_log", "meta"}, key  # audited reads would make a page read forever


def test_the_units_page_built_hidden_shows_a_unit_added_elsewhere_when_opened(qtbot, window):
    page = window.page("units")  # built, never shown
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    session = window.session
    _write(qtbot, window.runner, lambda: session.units.add("370303001001096", "第96网格"))
    assert page.stale
    window.show_page("units")
    qtbot.waitUntil(lambda: bool(page.tree.findItems("370303001001096", Qt.MatchFlag.MatchRecursive, 1)),
                    timeout=10000)


def test_pages_are_built_on_first_show(qtbot, window):
    keys = list(window.pages)
    assert keys[0] == "home" and len(keys) == window.nav.count() == window.stack.count()
    assert set(window.built_pages()) == {"home"}  # start-up built the home page only
    index = keys.index("visits")
    placeholder = window.stack.widget(index)
    assert type(placeholder) is QWidget  # a placeholder holds the page's place in the stack

    rect = window.nav.visualItemRect(window.nav.item(index))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    from gridapp.ui.visits_page import VisitsPage

    page = window.stack.currentWidget()
    assert isinstance(page, VisitsPage) and window.stack.currentIndex() == index
    assert window.built_pages()["visits"] is page and window.visits_page is page
    assert window.stack.count() == len(keys)  # the placeholder gave its place up
    assert page.session is window.session  # the session the other pages have
    qtbot.waitUntil(lambda: page.ledger_table.rowCount() > 0, timeout=10000)  # and it read its data on show
    assert set(window.built_pages()) == {"home", "visits"}
