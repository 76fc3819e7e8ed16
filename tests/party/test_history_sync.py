"""The party network's history over sync, like the other party tables: a grid's entries (a 中心户 revoked with
its reason, a member transferred out with the destination, a member who moved out) flow up to the community
and the town with the rows they describe; an entry the town writes about a grid's 中心户 flows down to it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from gridapp.core.idnumber import make_id
from gridapp.db.models import PartyCentre, PartyHistory, PartyMembership, ResidentTag
from gridapp.services.party import PartyService
from gridapp.services.registry import RegistryService, ResidentInput
from tests.sync.nodes import C1, G1, TOWN, xfer

from .test_sync import rows

TODAY = dt.date(2026, 12, 1)


def grid_with_centres(node):
    reg = RegistryService(node.db, G1)
    bid = reg.create_building(G1, "1号楼")
    hh = [reg.create_household(G1, f"1号楼{i}01室", building_id=bid) for i in range(1, 7)]
    rids = [reg.create_resident(ResidentInput(grid_code=G1, id_number=make_id("370303", dt.date(1970, 5, 6), 7 + i),
                                              name=f"测试党员{i}", household_id=hh[i])) for i in range(3)]
    grid = PartyService(node.db, G1, today=lambda: TODAY)
    branch = grid.add_org("党支部", G1)
    for rid in rids:
        grid.set_member(rid, "党员", org_id=branch, joined_on=dt.date(2000, 7, 1))
    centres = [grid.add_centre(hh[i], rids[i]) for i in range(2)]
    grid.link(centres[0], hh[3:5])
    grid.link(centres[1], hh[5:6])
    return grid, rids, centres


def test_history_flows_up_with_the_rows_it_describes(sync_tree, tmp_path):
    grid, rids, centres = grid_with_centres(sync_tree[G1])
    grid.remove_centre(centres[0], "党员年事已高")
    grid.end_member(rids[0], to="转至张店区某街道党工委")
    RegistryService(sync_tree[G1].db, G1).set_status(rids[1], "moved_out", TODAY)  # takes centres[1] along

    xfer(sync_tree, G1, C1, tmp_path)
    xfer(sync_tree, C1, TOWN, tmp_path)
    here = rows(sync_tree[G1], PartyHistory)
    for code in (C1, TOWN):
        there = rows(sync_tree[code], PartyHistory)
        assert set(there) == set(here), code
        assert rows(sync_tree[code], PartyCentre) == {}
        assert set(m.resident_id for m in rows(sync_tree[code], PartyMembership).values()) == {rids[2]}
        assert {t.resident_id for t in rows(sync_tree[code], ResidentTag).values() if t.tag == "党员"} == {rids[2]}
    town = PartyService(sync_tree[TOWN].db, TOWN, today=lambda: TODAY)
    entries = town.history()
    assert {h.detail for h in entries if h.action == "centre_revoked"} == {"党员年事已高", "党员测试党员1迁出"}
    [out] = [h for h in entries if h.action == "transferred"]
    assert out.detail == "转至张店区某街道党工委" and out.name == "测试党员0"
    [moved] = [h for h in entries if h.action == "moved_out"]
    assert moved.resident_id == rids[1] and moved.unit_code == G1
    assert len([h for h in entries if h.action == "unlinked"]) == 3


def test_an_entry_written_above_flows_down_to_the_grid(sync_tree, tmp_path):
    grid, _rids, centres = grid_with_centres(sync_tree[G1])
    xfer(sync_tree, G1, C1, tmp_path)
    xfer(sync_tree, C1, TOWN, tmp_path)
    PartyService(sync_tree[TOWN].db, TOWN, today=lambda: TODAY).remove_centre(centres[1], "街道党工委核查撤销")
    xfer(sync_tree, TOWN, C1, tmp_path)
    xfer(sync_tree, C1, G1, tmp_path)
    assert set(rows(sync_tree[G1], PartyCentre)) == {centres[0]}
    [entry] = [h for h in grid.history(centre_id=centres[1]) if h.action == "centre_revoked"]
    assert entry.detail == "街道党工委核查撤销"
    with sync_tree[G1].db.read() as s:
        assert s.execute(select(PartyHistory.origin_node).where(PartyHistory.id == entry.id)).scalar() \
            == sync_tree[TOWN].db.node_id
