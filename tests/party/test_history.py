"""The party network's history (party_history): 撤销中心户 with its reason and 转出 with its destination keep a
record instead of deleting silently; the 党员 tag follows the membership; the mismatch check; a resident who
moves out (or dies), or whose household is handed to another grid, takes his party rows with him. Signed in as a
grid worker (no sensitive permission: sees the 中心户 history, never a membership's) and as the office."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gridapp.core.errors import NotFound, PermissionDenied, ValidationError
from gridapp.core.permissions import Role
from gridapp.db.models import (
    AuditLog,
    PartyCentre,
    PartyCentreLink,
    PartyHistory,
    PartyMembership,
    ResidentTag,
)
from gridapp.services import party as svc
from gridapp.services.registry import RegistryService
from gridapp.services.unitnames import labels_of
from gridapp.services.units import UnitService

from .conftest import COMMUNITY, GRID1, GRID2, TODAY, TOWN, party, person


def live(db, model, **where) -> list:
    with db.read() as s:
        q = select(model).where(model.deleted.is_(False))
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return list(s.execute(q).scalars())


def tags(db, rid: str) -> list[str]:
    return [t.tag for t in live(db, ResidentTag, resident_id=rid)]


@pytest.fixture
def centre(town):
    """Grid 1: a branch, a member (the head of the first household of building 1) serving a 中心户 linked to
    three neighbours; set up by the community office."""
    office = party(town.db, Role.OFFICE, COMMUNITY)
    branch = office.add_org("党支部", GRID1)
    hh = town.households["g1b1"]
    rid = town.residents[hh[0]]
    office.set_member(rid, "预备党员", org_id=branch, joined_on=dt.date(2010, 7, 1))
    cid = office.add_centre(hh[0], rid)
    office.link(cid, hh[1:4])
    return {"office": office, "branch": branch, "rid": rid, "cid": cid, "home": hh[0], "linked": hh[1:4]}


def test_a_grid_worker_revokes_a_centre_with_its_reason_and_reads_its_history(town, centre):
    worker = party(town.db, Role.GRID_WORKER, GRID1)
    with pytest.raises(ValidationError, match="请填写撤销原因") as e:
        worker.remove_centre(centre["cid"], "  ")
    assert e.value.field == "撤销原因"
    assert live(town.db, PartyCentre) and len(live(town.db, PartyCentreLink)) == 3  # nothing written

    assert worker.remove_centre(centre["cid"], "党员年事已高，无力联系") == 3
    assert live(town.db, PartyCentre) == [] and live(town.db, PartyCentreLink) == []
    entries = worker.history(centre_id=centre["cid"])  # a revoked 中心户 keeps its history
    actions = [h.action for h in entries]
    assert actions[0] == "centre_revoked" and actions.count("unlinked") == 3 and actions.count("linked") == 3
    assert actions[-1] == "centre_set"
    revoked = entries[0]
    assert revoked.detail == "党员年事已高，无力联系" and revoked.action_label == "撤销中心户"
    assert revoked.actor == "grid_worker" and revoked.on_date == TODAY and revoked.name == "测试001"
    assert revoked.unit_name == "和平社区 第1网格"
    unlinked = [h for h in entries if h.action == "unlinked"]
    assert {h.detail for h in unlinked} == {"中心户撤销：党员年事已高，无力联系"}
    assert all("中心户 人民路11号101室" in h.address for h in unlinked)
    # the membership's entries (political views) are not the grid worker's to read, not even of the unit
    assert all(not h.sensitive for h in worker.history())
    assert "joined" not in {h.action for h in worker.history(resident_id=centre["rid"])}
    assert "joined" in {h.action for h in centre["office"].history(resident_id=centre["rid"])}


def test_the_office_transfers_a_member_out_with_the_destination(town, centre):
    office, rid = centre["office"], centre["rid"]
    assert "党员" in tags(town.db, rid)  # the tag came with the membership
    worker = party(town.db, Role.GRID_WORKER, GRID1)
    with pytest.raises(PermissionDenied):
        worker.end_member(rid, to="转至张店区某街道党工委")
    with pytest.raises(ValidationError, match="请填写转往何处"):
        office.end_member(rid, to="")
    with pytest.raises(ValidationError, match="请先撤销中心户"):
        office.end_member(rid, to="转至张店区某街道党工委")
    office.remove_centre(centre["cid"], "党员转出")
    assert office.end_member(rid, to="转至张店区某街道党工委")
    assert live(town.db, PartyMembership) == [] and "党员" not in tags(town.db, rid)
    [out] = [h for h in office.history(resident_id=rid) if h.action == "transferred"]
    assert out.detail == "转至张店区某街道党工委" and out.status_label == "中共预备党员" and out.sensitive
    with town.db.read() as s:  # reading the membership's history is a view of the sensitive field: audited
        assert s.execute(select(func.count()).select_from(AuditLog).where(
            AuditLog.action == "view", AuditLog.target_table == "party_membership",
            AuditLog.detail.contains("party_history"))).scalar()
    assert [h for h in worker.history(resident_id=rid) if h.sensitive] == []


def test_a_status_change_and_a_new_organisation_are_recorded(town, centre):
    office, rid = centre["office"], centre["rid"]
    comm = party(town.db, Role.OFFICE, TOWN).add_org("党委", COMMUNITY)
    office.set_member(rid, "党员", org_id=comm, joined_on=dt.date(2010, 7, 1))
    changed = [h for h in office.history(resident_id=rid) if h.action == "changed"]
    assert [h.detail for h in changed] == ["中共预备党员→中共党员；组织关系：和平社区党委"]
    office.set_member(rid, "党员", org_id=comm, joined_on=dt.date(2010, 7, 1))  # nothing changed: no entry
    assert len([h for h in office.history(resident_id=rid) if h.action == "changed"]) == 1


def test_the_tag_is_written_with_the_membership_or_not_at_all(town):
    office = party(town.db, Role.OFFICE, COMMUNITY)
    rid = town.residents[town.households["g1b2"][0]]
    with pytest.raises(ValidationError, match="入党日期"):
        office.set_member(rid, "党员", joined_on=TODAY + dt.timedelta(days=1))
    assert tags(town.db, rid) == [] and live(town.db, PartyHistory) == []
    office.set_member(rid, "党员")
    office.set_member(rid, "预备党员")
    assert tags(town.db, rid) == ["党员"]  # one tag, not two


def test_the_check_names_mismatches_between_membership_tag_and_political_status(town, centre):
    reg = RegistryService(town.db, person(Role.OFFICE, TOWN))
    g1 = town.households["g1b2"]
    tagged, political, member = (town.residents[h] for h in g1[:3])
    reg.add_tag(tagged, "党员")
    reg.update_resident(political, {"political_status": "02"})
    centre["office"].set_member(member, "党员")
    reg.update_resident(member, {"political_status": "13"})
    reg.update_resident(centre["rid"], {"political_status": "02"})  # agrees with the record: no item
    items = {i.subject: i for i in centre["office"].check().items if i.rule == svc.CHECK_MISMATCH}
    assert set(items) == {"测试007", "测试008", "测试009"}
    assert items["测试007"].detail == "标有党员标签，但没有党员登记"
    assert items["测试008"].detail == "政治面貌为中共预备党员，但没有党员登记"
    assert items["测试009"].detail == "登记为中共党员，但政治面貌为群众"
    assert items["测试009"].unit_name == "和平社区 第1网格"
    # it tells who is a party member: not in the grid worker's checks
    assert not [i for i in party(town.db, Role.GRID_WORKER, GRID1).check().items if i.rule == svc.CHECK_MISMATCH]


@pytest.mark.parametrize("status, label", [("moved_out", "迁出"), ("deceased", "死亡")])
def test_a_member_who_moves_out_takes_his_party_rows_with_him(town, centre, status, label):
    worker = RegistryService(town.db, person(Role.GRID_WORKER, GRID1))
    worker.set_status(centre["rid"], status, TODAY)
    assert live(town.db, PartyMembership) == [] and live(town.db, PartyCentre) == []
    assert live(town.db, PartyCentreLink) == [] and "党员" not in tags(town.db, centre["rid"])
    office = centre["office"]
    entries = office.history()
    [left] = [h for h in entries if h.action == status]
    assert left.resident_id == centre["rid"] and left.detail.startswith(label) and left.sensitive
    [revoked] = [h for h in entries if h.action == "centre_revoked"]
    assert revoked.detail == f"党员测试001{label}"
    assert len([h for h in entries if h.action == "unlinked"]) == 3
    # nothing left pointing at him: no 中心户 check, and the three neighbours are unlinked again
    rep = office.check()
    assert not [i for i in rep.items if i.rule in (svc.CHECK_CENTRE, svc.CHECK_MISMATCH)]
    assert rep.covered == 0
    # a tagged resident without a membership keeps his record's tag: there is no party row to take along
    other = town.residents[town.households["g1b2"][0]]
    RegistryService(town.db, person(Role.OFFICE, TOWN)).add_tag(other, "党员")
    worker.set_status(other, status, TODAY)
    assert tags(town.db, other) == ["党员"]
    assert not [h for h in office.history() if h.resident_id == other]


def test_a_household_handed_to_another_grid_takes_its_links_and_its_member_along(town, centre):
    linked_home = centre["linked"][0]
    result = UnitService(town.db, person(Role.OFFICE, TOWN)).move_records(
        GRID1, GRID2, households=[centre["home"], linked_home])
    new_rid = result.ids["resident"][centre["rid"]]
    assert live(town.db, PartyCentre) == []
    assert {x.household_id for x in live(town.db, PartyCentreLink)} == set()  # the centre's links ended with it
    [m] = live(town.db, PartyMembership)
    assert m.resident_id == new_rid and m.unit_code == GRID2 and m.status == "02"
    assert m.org_id is None  # grid 1's branch does not hold a grid 2 member
    office = party(town.db, Role.OFFICE, TOWN)
    by_action = {h.action: h for h in reversed(office.history())}  # the newest of each
    assert by_action["moved_out"].resident_id == centre["rid"]
    assert by_action["moved_out"].detail == "随户移交至第2网格（370303001001002）"
    assert by_action["joined"].resident_id == new_rid and "原组织关系第1网格党支部待重新确定" in by_action["joined"].detail
    assert by_action["centre_revoked"].detail == "随户移交至第2网格（370303001001002）"


def test_a_linked_household_handed_away_leaves_its_centre(town, centre):
    UnitService(town.db, person(Role.OFFICE, TOWN)).move_records(GRID1, GRID2, households=[centre["linked"][0]])
    assert {x.household_id for x in live(town.db, PartyCentreLink)} == set(centre["linked"][1:])
    [c] = party(town.db, Role.OFFICE, COMMUNITY).centres()
    assert c.links == 2


def test_labels_of_names_grids_with_their_community_in_one_query(town):
    with town.db.read() as s:
        assert labels_of(s, [GRID1, COMMUNITY, TOWN, "370303009"]) == {
            GRID1: "和平社区 第1网格", COMMUNITY: "和平社区", TOWN: "城东街道", "370303009": "370303009"}


def test_party_lists_name_the_grid_with_its_community(town, centre):
    office = centre["office"]
    assert {c.unit_name for c in office.centres()} == {"和平社区 第1网格"}
    assert {m.unit_name for m in office.members()} == {"和平社区 第1网格"}
    assert {m.unit_name for m in office.centre_candidates()} == set()  # its one member serves a 中心户 already
    assert {o.unit_name for o in office.orgs()} == {"和平社区 第1网格"}


def test_the_police_read_the_whole_history_but_change_nothing_and_the_grid_chief_transfers(town, centre):
    police = party(town.db, Role.POLICE, GRID1)
    with pytest.raises(PermissionDenied):
        police.remove_centre(centre["cid"], "民警无此权限")
    with pytest.raises(PermissionDenied):
        police.end_member(centre["rid"], to="某地")
    assert "joined" in {h.action for h in police.history(resident_id=centre["rid"])}  # sensitive, may read
    chief = party(town.db, Role.GRID_CHIEF, GRID1)
    chief.remove_centre(centre["cid"], "网格长调整")
    assert chief.end_member(centre["rid"], to="转至外地党组织")
    [out] = [h for h in police.history() if h.action == "transferred"]
    assert out.actor == "grid_chief" and out.detail == "转至外地党组织"
    with pytest.raises(NotFound) as e:  # another grid's history is out of the grid chief's scope
        party(town.db, Role.GRID_CHIEF, GRID2).history(centre_id=centre["cid"])
    assert "找不到该党员中心户" in str(e.value)
