"""党建网格 page signed in as an office clerk: the network tree and checks from the demo's party network, setting
up the missing grid branch through the dialog (its check goes), recording a contact with a 中心户's linked
household, and turning the issue raised into an event, all by clicking the real buttons; a grid worker sees no
member counts."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItemIterator

from gridapp.core.permissions import Principal, Role
from gridapp.db.models import Event, PartyContact, PartyOrg

from .conftest import when_modal

TOWN, GRID2 = "370303001", "370303001001002"


def as_role(window, role: Role, unit: str, name: str) -> None:
    window.session.principal = Principal("u-" + role.value, role.value, role, unit, display_name=name)
    window.party_page.set_session(window.session)


def open_page(qtbot, window):
    window.show_page("party")
    page = window.party_page
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() > 0 and "覆盖" in page.summary.text(), timeout=10000)
    return page


def tree_items(page):
    out = []
    it = QTreeWidgetItemIterator(page.tree)
    while it.value():
        out.append(it.value())
        it += 1
    return out


def checks(page) -> list[tuple[str, str]]:
    """(rule, unit code) of each check row: the unit is shown by name, its code kept with the cell."""
    return [(page.checks.item(r, 0).text(), page.checks.item(r, 1).data(256)) for r in range(page.checks.rowCount())]


def test_office_clerk_sets_up_a_branch_records_a_contact_and_raises_an_event(qtbot, window):
    as_role(window, Role.OFFICE, TOWN, "综治中心")
    page = open_page(qtbot, window)
    labels = [i.text(0) for i in tree_items(page)]
    assert labels[0] == "城东街道党工委" and any(t.startswith("党员中心户") for t in labels)
    assert ("网格未建党支部", GRID2) in checks(page)
    assert all(i.text(2) != "—" for i in tree_items(page) if i.data(0, 256)[0] == "org")  # counts shown

    def fill_org(dialog) -> None:
        dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("branch"))
        dialog.unit_box.setCurrentIndex(dialog.unit_box.findData(GRID2))
        dialog.secretary.setText("测试书记")
        dialog.save_button.click()

    when_modal(fill_org)
    qtbot.mouseClick(page.add_org_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已设立党支部" in page.summary.text(), timeout=10000)
    assert ("网格未建党支部", GRID2) not in checks(page)
    with window.session.db.read() as s:
        made = s.query(PartyOrg).filter(PartyOrg.unit_code == GRID2, PartyOrg.kind == "branch").one()
        assert made.secretary_name == "测试书记"

    centre = next(i for i in tree_items(page) if i.data(0, 256)[0] == "centre")
    assert not page.contact_button.isEnabled()
    page.tree.setCurrentItem(centre)
    assert page.contact_button.isEnabled()
    seen = {}

    def fill_contact(dialog) -> None:
        seen["households"] = dialog.household_box.count()
        dialog.household_box.setCurrentIndex(1)  # the first linked household
        dialog.content.setPlainText("入户了解老人身体状况")
        dialog.issue.setPlainText("单元门禁损坏")
        dialog.save_button.click()

    when_modal(fill_contact)
    qtbot.mouseClick(page.contact_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已记录联系" in page.summary.text(), timeout=10000)
    assert seen["households"] > 1
    qtbot.waitUntil(lambda: any(r.content == "入户了解老人身体状况" for r in page.log.loaded_rows() if r), timeout=10000)
    row = next(i for i, r in enumerate(page.log.loaded_rows()) if r and r.content == "入户了解老人身体状况")
    page.log.selectRow(row)
    assert page.event_button.isEnabled()
    # the class comes from the office's class table: a retired class is not offered, an added subclass is
    from gridapp.core.permissions import Principal
    from gridapp.services.events import EventService

    office = EventService(window.session.db, Principal("u-o", "o", Role.OFFICE, TOWN, display_name="综治中心"))
    office.retire_class("08")
    sub = office.add_subclass("06", "门禁维修")

    def pick_class(dialog) -> None:
        seen["default"] = dialog.class_box.currentData()
        seen["offered"] = [dialog.class_box.itemData(i) for i in range(dialog.class_box.count())]
        dialog.subclass.setCurrentIndex(dialog.subclass.findData(sub))
        dialog.save_button.click()

    when_modal(pick_class)
    qtbot.mouseClick(page.event_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已转为事件" in page.summary.text(), timeout=10000)
    assert seen["default"] == "06" and "08" not in seen["offered"] and "01" not in seen["offered"]
    with window.session.db.read() as s:
        contact = s.query(PartyContact).filter(PartyContact.content == "入户了解老人身体状况").one()
        event = s.get(Event, contact.event_id)
        assert event is not None and "单元门禁损坏" in event.description
        assert (event.class_code, event.subclass) == ("06", sub)


def test_a_grid_worker_sees_the_network_without_member_counts(qtbot, window):
    as_role(window, Role.GRID_WORKER, "370303001001001", "测试网格员")
    page = open_page(qtbot, window)
    orgs = [i for i in tree_items(page) if i.data(0, 256)[0] == "org"]
    assert orgs and all(i.text(2) == "—" for i in orgs)
    assert all(code.startswith("370303001001001") for _rule, code in checks(page))


def test_the_person_card_shows_membership_to_the_office_and_masks_it_for_a_grid_worker(qtbot, window):
    from PySide6.QtWidgets import QLabel

    from gridapp.services.party import PartyService
    from tests.ui.test_residents_page import loaded
    from tests.ui.test_whole_records import sign_in

    grid = "370303001001001"

    def card_texts(role):
        page = sign_in(qtbot, window, role, grid)
        page.person_card = None
        qtbot.waitUntil(lambda: loaded(page, 0), timeout=5000)
        page.table.selectRow(0)
        qtbot.mouseClick(page.person_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.person_card is not None, timeout=5000)
        card = page.person_card
        qtbot.addWidget(card)
        texts = [w.text() for w in card.findChildren(QLabel)]
        card.close()
        return page, texts

    # the first resident of the grid's list (in name order) becomes a member
    page, _ = card_texts(Role.GRID_WORKER)
    PartyService(window.session.db, TOWN).set_member(page.selected().id, "党员")
    _, office = card_texts(Role.OFFICE)
    assert "党员信息：" in office and "中共党员" in office
    _, worker = card_texts(Role.GRID_WORKER)
    assert "（无权查看）" in worker and "中共党员" not in worker


def test_in_english_the_checks_and_the_tree_read_in_english(qtbot, qapp, runner, settings, demo_db_path):
    """In English as the town's office clerk: the checks' 说明 (worded from the service's code and parameters)
    and the 对象 of a count carry no Chinese but the names from the data; the tree's 中心户 read "Centre: <address>"."""
    import re

    from gridapp.ui.i18n import install_translation

    from .test_english_fit import CJK, click_nav, open_english

    try:
        win = open_english(qtbot, qapp, runner, settings, demo_db_path)
        click_nav(qtbot, win, "Party network")
        page = win.party_page
        qtbot.waitUntil(lambda: page.checks.rowCount() > 0, timeout=15000)
        report = win.session.party().check()
        assert page.checks.rowCount() == len(report.items)
        codes = {it.code for it in report.items}
        assert {"unlinked", "group_due", "branch_rule", "unregistered", "no_chief"} <= codes, codes  # the demo's
        for row, it in enumerate(report.items):
            detail = page.checks.item(row, 3).text()
            data = [str(v) for v in (it.args.get("org"), it.args.get("secretary"), *it.args.get("chiefs", ())) if v]
            left = detail
            for name in data:
                left = left.replace(name, "")
            assert not CJK.search(left), (it.code, detail)
            if it.code == "unlinked":
                assert re.fullmatch(r"\d+ households", page.checks.item(row, 2).text())
        centres = [it for it in tree_items(page) if it.text(0).startswith("Centre: ")]
        assert centres and not [c.text(0) for c in centres if CJK.search(c.text(0).split(" ")[0])]
        if os.environ.get("GRIDAPP_SHOT_DIR"):
            win.grab().save(os.path.join(os.environ["GRIDAPP_SHOT_DIR"], "party-en.png"))
        win.close()
    finally:
        install_translation(qapp, "zh_CN")
