"""党建网格 page: 撤销中心户… and 转出… keep history, and 历史… shows it, by clicking the real buttons. An office
clerk revokes a 中心户 chosen in the tree (the reason is required: the dialog says so and stays open), transfers
its member out with the destination, and reads both in the history; a grid worker may revoke a 中心户 but is not
offered 转出 (membership is sensitive) and reads the 中心户 history without the membership's entries."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from sqlalchemy import select

from gridapp.core.permissions import Role
from gridapp.db.models import PartyCentre, PartyCentreLink, PartyHistory, PartyMembership, ResidentTag

from .conftest import when_modal
from .test_party_actions import select_tree
from .test_party_page import as_role, open_page, tree_items

TOWN, GRID1 = "370303001", "370303001001001"


def table_rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def shoot(widget, name: str) -> None:
    shot = os.environ.get("GRIDAPP_SHOT_DIR")
    if shot:  # the app's own CJK font, as the app installs it at start
        from PySide6.QtWidgets import QApplication

        from gridapp.ui.i18n import install_font
        install_font(QApplication.instance())
        widget.grab().save(os.path.join(shot, name))


def test_office_clerk_revokes_a_centre_transfers_its_member_and_reads_the_history(qtbot, window):
    window.resize(1366, 768)
    as_role(window, Role.OFFICE, TOWN, "综治中心")
    page = open_page(qtbot, window)
    db = window.session.db
    assert page.remove_centre_button.isVisible() and page.end_member_button.isVisible()
    assert not page.remove_centre_button.isEnabled()  # nothing chosen yet
    centre = next(i.data(0, 256)[1] for i in tree_items(page) if i.data(0, 256)[0] == "centre"
                  and i.data(0, 256)[1].links > 0)
    select_tree(page, "centre", lambda c: c.id == centre.id)
    assert page.remove_centre_button.isEnabled()
    shoot(window, "party_page_history_buttons.png")
    seen: dict = {}

    def fill_reason(dialog) -> None:
        dialog.save_button.click()  # no reason yet: refused, the dialog stays open
        seen["problem"] = dialog.problem.text()
        seen["open"] = dialog.isVisible()
        dialog.reason.setText("党员年事已高，无力联系")
        shoot(dialog, "party_remove_centre_dialog.png")
        dialog.save_button.click()

    when_modal(fill_reason)
    qtbot.mouseClick(page.remove_centre_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已撤销党员中心户" in page.summary.text(), timeout=10000)
    assert seen["problem"] == "请填写撤销原因。" and seen["open"]
    assert f"解除联系户 {centre.links} 户" in page.summary.text()
    with db.read() as s:
        assert s.get(PartyCentre, centre.id).deleted
        assert not s.execute(select(PartyCentreLink.id).where(PartyCentreLink.centre_id == centre.id,
                                                              PartyCentreLink.deleted.is_(False))).first()
        revoked = s.execute(select(PartyHistory).where(PartyHistory.centre_id == centre.id,
                                                       PartyHistory.action == "centre_revoked")).scalar_one()
        assert revoked.detail == "党员年事已高，无力联系" and revoked.actor == "综治中心"
    assert all(i.data(0, 256)[1].id != centre.id for i in tree_items(page) if i.data(0, 256)[0] == "centre")

    # 转出 the member who served it, with the destination
    def fill_transfer(dialog) -> None:
        seen["members"] = dialog.member.count()
        dialog.member.setCurrentIndex(dialog.member.findData(centre.member_resident_id))
        dialog.save_button.click()
        seen["problem2"] = dialog.problem.text()
        dialog.to.setText("转至张店区某街道党工委")
        shoot(dialog, "party_end_member_dialog.png")
        dialog.save_button.click()

    when_modal(fill_transfer)
    qtbot.mouseClick(page.end_member_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "组织关系已转出" in page.summary.text(), timeout=10000)
    assert seen["members"] > 1 and seen["problem2"] == "请填写转往何处。"
    assert centre.member_name in page.summary.text()
    with db.read() as s:
        rid = centre.member_resident_id
        assert not s.execute(select(PartyMembership.id).where(PartyMembership.resident_id == rid,
                                                              PartyMembership.deleted.is_(False))).first()
        assert not s.execute(select(ResidentTag.id).where(ResidentTag.resident_id == rid, ResidentTag.tag == "党员",
                                                          ResidentTag.deleted.is_(False))).first()

    # 历史… of the unit: both changes, newest first; the filter finds the member
    page.tree.setCurrentItem(None)

    def read_history(dialog) -> None:
        seen["rows"] = table_rows(dialog.table)
        dialog.filter.setText(centre.member_name)
        seen["filtered"] = table_rows(dialog.table)
        window.resize(1366, 768)
        shoot(dialog, "party_history_dialog.png")
        dialog.reject()

    when_modal(read_history)
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "rows" in seen, timeout=10000)
    first, second = seen["rows"][0], seen["rows"][1]
    assert first[2] == "组织关系转出（中共党员）" or first[2] == "组织关系转出（中共预备党员）"
    assert first[3] == centre.member_name and first[5] == "转至张店区某街道党工委" and first[6] == "综治中心"
    assert second[2] == "撤销中心户" and second[5] == "党员年事已高，无力联系"
    assert first[1].endswith("网格") and " " in first[1]  # the grid named with its community
    assert seen["filtered"] and all(centre.member_name in r[3] or centre.member_name in r[4]
                                    or centre.member_name in r[5] for r in seen["filtered"])


def test_a_grid_worker_revokes_a_centre_but_is_not_offered_the_transfer(qtbot, window):
    as_role(window, Role.GRID_WORKER, GRID1, "网格员")
    page = open_page(qtbot, window)
    assert page.remove_centre_button.isVisible() and not page.end_member_button.isVisible()
    assert page.history_button.isVisible()
    centre = next(i.data(0, 256)[1] for i in tree_items(page) if i.data(0, 256)[0] == "centre")
    select_tree(page, "centre", lambda c: c.id == centre.id)

    def fill_reason(dialog) -> None:
        dialog.reason.setText("调整联系范围")
        dialog.save_button.click()

    when_modal(fill_reason)
    qtbot.mouseClick(page.remove_centre_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已撤销党员中心户" in page.summary.text(), timeout=10000)
    seen: dict = {}

    def read_history(dialog) -> None:
        seen["rows"] = table_rows(dialog.table)
        dialog.reject()

    when_modal(read_history)
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "rows" in seen, timeout=10000)
    actions = [r[2] for r in seen["rows"]]
    assert actions[0] == "撤销中心户" and "移出联系户" in actions
    # the membership's entries (登记党员 …) are not shown to a role without the sensitive permission
    assert not [a for a in actions if a.startswith(("登记党员", "党员信息变更", "组织关系转出", "迁出"))]


def test_required_details_refused_empty_and_too_long(qtbot):
    """撤销原因 and 转往何处 share one rule: required, at most DETAIL_MAX characters (typed, as a user does)."""
    from types import SimpleNamespace

    from gridapp.domain.party import DETAIL_MAX
    from gridapp.ui.party_dialogs import EndMemberDialog, RemoveCentreDialog

    remove = RemoveCentreDialog(SimpleNamespace(address="人民路1号101室", member_name="测试甲", links=3))
    qtbot.addWidget(remove)
    assert remove.problem_text() == "请填写撤销原因。"
    qtbot.keyClicks(remove.reason, "x" * (DETAIL_MAX + 1))
    assert remove.problem_text() == f"撤销原因不能超过 {DETAIL_MAX} 个字。"
    remove.reason.clear()
    qtbot.keyClicks(remove.reason, "  moved away ")
    assert remove.problem_text() == "" and remove.values() == {"reason": "moved away"}
    member = SimpleNamespace(name="测试乙", status_label="中共党员", unit_name="第1网格", unit_code="", org_name="",
                             resident_id="r1")
    end = EndMemberDialog([member])
    qtbot.addWidget(end)
    assert end.problem_text() == "请填写转往何处。"
    qtbot.keyClicks(end.to, "y" * (DETAIL_MAX + 1))
    assert end.problem_text() == f"转往何处不能超过 {DETAIL_MAX} 个字。"
