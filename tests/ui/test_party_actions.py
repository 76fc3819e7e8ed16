"""党建网格 page: the network's people changed from the page, by clicking the real buttons. An office clerk
registers a resident as a member of the branch chosen in the tree, makes the member's household a 党员中心户 and
ticks its 联系户 among the grid's households (warned past about ten); without the sensitive permission the
membership acts are not offered (and the service refuses them); a grid worker links and unlinks households of
their own grid."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from sqlalchemy import select

from gridapp.core.errors import PermissionDenied
from gridapp.core.permissions import PERMISSIONS, Perm, Role
from gridapp.db.models import Household, PartyCentre, PartyCentreLink, PartyMembership, Resident

from .conftest import when_modal
from .test_party_page import as_role, open_page, tree_items

TOWN, GRID1 = "370303001", "370303001001001"


def live_links(db, centre_id: str) -> set[str]:
    with db.read() as s:
        return set(s.execute(select(PartyCentreLink.household_id).where(
            PartyCentreLink.centre_id == centre_id, PartyCentreLink.deleted.is_(False))).scalars())


def a_non_member(db, grid: str) -> tuple[str, str]:
    """A resident of the grid, adult, not a member, whose name is unique in the town (the search finds one)."""
    with db.read() as s:
        members = select(PartyMembership.resident_id).where(PartyMembership.deleted.is_(False))
        centres = select(PartyCentre.household_id).where(PartyCentre.deleted.is_(False))
        rows = s.execute(select(Resident.id, Resident.name, Resident.birth_date).where(
            Resident.unit_code == grid, Resident.status == "active", Resident.deleted.is_(False),
            Resident.household_id.is_not(None), Resident.id.notin_(members),
            Resident.household_id.notin_(centres)).order_by(Resident.id)).all()
        for rid, name, born in rows:
            n = s.execute(select(Resident.id).where(Resident.name == name)).all()
            if len(n) == 1 and born.year < 1990:
                return rid, name
    raise AssertionError("no resident to register")


def select_tree(page, kind: str, pred) -> None:
    item = next(i for i in tree_items(page) if i.data(0, 256)[0] == kind and pred(i.data(0, 256)[1]))
    page.tree.setCurrentItem(item)


def test_office_clerk_registers_a_member_makes_a_centre_and_links_households(qtbot, window):
    window.resize(1366, 768)
    shot = os.environ.get("GRIDAPP_SHOT_DIR")
    if shot:  # the app's own CJK font, as the app installs it at start
        from PySide6.QtWidgets import QApplication

        from gridapp.ui.i18n import install_font
        install_font(QApplication.instance())
    as_role(window, Role.OFFICE, TOWN, "综治中心")
    page = open_page(qtbot, window)
    db = window.session.db
    assert page.member_button.isVisible() and page.centre_button.isVisible() and page.links_button.isVisible()
    rid, name = a_non_member(db, GRID1)
    branch = next(o for o in page.session.party().orgs() if o.kind == "branch" and o.unit_code == GRID1)
    select_tree(page, "org", lambda o: o.id == branch.id)  # 登记 to the branch chosen in the tree
    seen: dict = {}

    def fill_member(dialog) -> None:
        seen["org"] = dialog.org.currentData()
        dialog.search.setText(name)
        dialog.find_residents()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
        seen["found"] = [dialog.table.item(0, c).text() for c in range(4)]
        dialog.table.selectRow(0)
        dialog.status.setCurrentIndex(dialog.status.findData("02"))
        dialog.has_joined.setChecked(True)
        dialog.joined.setDate(dialog.joined.date().addYears(10))
        if shot:
            dialog.grab().save(os.path.join(shot, "party_member_dialog.png"))
        dialog.save_button.click()

    when_modal(fill_member)
    qtbot.mouseClick(page.member_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: f"已登记党员{name}" in page.summary.text(), timeout=10000)
    assert seen["org"] == branch.id and seen["found"][0] == name and seen["found"][3] == "非党员"
    assert "*" in seen["found"][1]  # the ID number masked
    with db.read() as s:
        m = s.execute(select(PartyMembership).where(PartyMembership.resident_id == rid,
                                                    PartyMembership.deleted.is_(False))).scalar_one()
        assert (m.status, m.org_id, m.joined_on.isoformat()) == ("02", branch.id, "2010-07-01")
        hid = s.get(Resident, rid).household_id

    def fill_centre(dialog) -> None:
        dialog.filter.setText(name)
        seen["candidates"] = dialog.table.rowCount()
        dialog.table.selectRow(0)
        seen["group"] = dialog.group.currentText()
        if shot:
            dialog.grab().save(os.path.join(shot, "party_centre_dialog.png"))
        dialog.save_button.click()

    when_modal(fill_centre)
    qtbot.mouseClick(page.centre_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已设立党员中心户" in page.summary.text(), timeout=10000)
    assert seen["candidates"] == 1 and seen["group"]
    with db.read() as s:
        building = s.get(Household, hid).building_id
    own = [o.name for o in page.session.party().orgs() if o.kind == "group" and o.building_id == building]
    assert seen["group"] == (own[0] if own else seen["group"])  # the member's own building's group first
    with db.read() as s:
        centre = s.execute(select(PartyCentre).where(PartyCentre.household_id == hid,
                                                     PartyCentre.deleted.is_(False))).scalar_one()
        grid_households = set(s.execute(select(Household.id).where(Household.unit_code == GRID1,
                                                                   Household.deleted.is_(False))).scalars())

    # 联系户: the picker offers the grid's households only; ticking more than ten warns
    select_tree(page, "centre", lambda c: c.id == centre.id)
    assert page.links_button.isEnabled()

    def tick(dialog) -> None:
        offered = {c.household_id for c in dialog.candidates}
        seen["outside"] = offered - grid_households
        free = [c.household_id for c in dialog.candidates if c.state == ""]
        seen["picked"] = free[:12]
        for h in free[:10]:
            dialog.set_linked(h, True)
        seen["at_ten"] = dialog.count.text()
        for h in free[10:12]:
            dialog.set_linked(h, True)
        seen["at_twelve"] = dialog.count.text()
        if shot:
            dialog.grab().save(os.path.join(shot, "party_links_dialog.png"))
        dialog.save_button.click()

    when_modal(tick)
    qtbot.mouseClick(page.links_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "联系户已更新" in page.summary.text(), timeout=10000)
    assert not seen["outside"]
    assert "超过" not in seen["at_ten"] and "超过约 10 户" in seen["at_twelve"]
    assert live_links(db, centre.id) == set(seen["picked"])
    assert "新增 12 户" in page.summary.text()

    # untick two: back to ten
    select_tree(page, "centre", lambda c: c.id == centre.id)

    def untick(dialog) -> None:
        for h in seen["picked"][:2]:
            dialog.set_linked(h, False)
        dialog.save_button.click()

    when_modal(untick)
    qtbot.mouseClick(page.links_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "移除 2 户" in page.summary.text(), timeout=10000)
    assert live_links(db, centre.id) == set(seen["picked"][2:])
    if shot:
        window.grab().save(os.path.join(shot, "party_page.png"))


def test_an_office_clerk_without_the_sensitive_permission_gets_no_membership_acts(qtbot, window, monkeypatch):
    monkeypatch.setitem(PERMISSIONS, Role.OFFICE, PERMISSIONS[Role.OFFICE] - {Perm.SENSITIVE})
    as_role(window, Role.OFFICE, TOWN, "综治中心")
    page = open_page(qtbot, window)
    assert not page.member_button.isVisible() and not page.centre_button.isVisible()
    assert page.links_button.isVisible() and page.add_org_button.isVisible()
    orgs = [i for i in tree_items(page) if i.data(0, 256)[0] == "org"]
    assert orgs and all(i.text(2) == "—" for i in orgs)  # member counts are the sensitive field's
    rid, _name = a_non_member(window.session.db, GRID1)
    svc = page.session.party()
    for act in (lambda: svc.set_member(rid, "党员"), lambda: svc.member_candidates("测"),
                lambda: svc.centre_candidates()):
        try:
            act()
        except PermissionDenied as e:
            assert "查看敏感个人信息" in str(e)
        else:
            raise AssertionError("a membership act was allowed without the sensitive permission")


def test_a_grid_worker_unlinks_and_links_households_of_the_grid(qtbot, window):
    as_role(window, Role.GRID_WORKER, GRID1, "测试网格员")
    page = open_page(qtbot, window)
    assert not page.member_button.isVisible() and not page.centre_button.isVisible()
    assert page.links_button.isVisible() and not page.links_button.isEnabled()
    centre = next(i.data(0, 256)[1] for i in tree_items(page) if i.data(0, 256)[0] == "centre")
    before = live_links(window.session.db, centre.id)
    assert before
    page.tree.setCurrentItem(next(i for i in tree_items(page) if i.data(0, 256)[0] == "centre"
                                  and i.data(0, 256)[1].id == centre.id))
    seen: dict = {}

    def swap(dialog) -> None:
        gone = sorted(before)[0]
        new = next(c.household_id for c in dialog.candidates if c.state == "")
        seen["gone"], seen["new"] = gone, new
        seen["grids"] = {c.household_id for c in dialog.candidates}
        dialog.set_linked(gone, False)
        dialog.set_linked(new, True)
        dialog.save_button.click()

    when_modal(swap)
    qtbot.mouseClick(page.links_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "新增 1 户，移除 1 户" in page.summary.text(), timeout=10000)
    assert live_links(window.session.db, centre.id) == (before - {seen["gone"]}) | {seen["new"]}
    with window.session.db.read() as s:
        assert set(s.execute(select(Household.unit_code).where(Household.id.in_(seen["grids"]))).scalars()) == {GRID1}
