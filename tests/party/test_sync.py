"""The party network over sync, like the registry: a grid's branch data (its branch, members, 中心户, links,
contacts) flows up to the community and the town; the organisations owned above flow down to the grid."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from gridapp.core.idnumber import make_id
from gridapp.db.models import PartyCentreLink, PartyContact, PartyMembership, PartyOrg
from gridapp.services.party import PartyService
from gridapp.services.registry import RegistryService, ResidentInput
from tests.sync.nodes import C1, G1, TOWN, xfer

TODAY = dt.date(2026, 12, 1)


def rows(node, model) -> dict[str, object]:
    with node.db.read() as s:
        return {r.id: r for r in s.execute(select(model).where(model.deleted.is_(False))).scalars()}


def test_a_branch_flows_up_and_the_organisations_above_flow_down(sync_tree, tmp_path):
    town_org = PartyService(sync_tree[TOWN].db, TOWN).add_org("党工委", TOWN, secretary_name="街道书记")
    comm_org = PartyService(sync_tree[C1].db, C1).add_org("党委", C1, secretary_name="社区书记")
    xfer(sync_tree, TOWN, C1, tmp_path)
    xfer(sync_tree, C1, G1, tmp_path)
    grid = PartyService(sync_tree[G1].db, G1, today=lambda: TODAY)
    assert {o.id for o in grid.orgs()} == {town_org, comm_org}

    reg = RegistryService(sync_tree[G1].db, G1)
    bid = reg.create_building(G1, "1号楼")
    hh = [reg.create_household(G1, f"1号楼{i}01室", building_id=bid) for i in range(1, 4)]
    rid = reg.create_resident(ResidentInput(grid_code=G1, id_number=make_id("370303", dt.date(1970, 5, 6), 7),
                                            name="测试党员", household_id=hh[0]))
    branch = grid.add_org("党支部", G1)
    group = grid.add_org("党小组", G1, building_id=bid)
    mid = grid.set_member(rid, "党员", org_id=branch, joined_on=dt.date(2000, 7, 1))
    centre = grid.add_centre(hh[0], rid, group_id=group)
    grid.link(centre, hh[1:])
    grid.add_contact(hh[1], contact_date=TODAY, content="入户走访", issue="下水道堵塞")
    member_of_comm = grid.set_member(rid, "党员", org_id=comm_org)  # a member's relation may sit above the grid
    assert member_of_comm == mid

    xfer(sync_tree, G1, C1, tmp_path)
    xfer(sync_tree, C1, TOWN, tmp_path)
    for code in (C1, TOWN):
        orgs = rows(sync_tree[code], PartyOrg)
        assert {branch, group} <= set(orgs), code
        assert rows(sync_tree[code], PartyMembership)[mid].org_id == comm_org
        assert len(rows(sync_tree[code], PartyCentreLink)) == 2 and len(rows(sync_tree[code], PartyContact)) == 1
    town_view = PartyService(sync_tree[TOWN].db, TOWN, today=lambda: TODAY)
    [c] = town_view.centres()
    assert c.links == 2 and c.member_name == "测试党员" and c.group_name == "1号楼党小组"
    tree_ids = {o.id: o.parent_id for o in town_view.orgs()}
    assert tree_ids[group] == branch and tree_ids[branch] == comm_org and tree_ids[comm_org] == town_org

    # the community renames its committee's secretary: it flows down to the grid
    PartyService(sync_tree[C1].db, C1).set_secretary(comm_org, name="新书记")
    xfer(sync_tree, C1, G1, tmp_path)
    assert {o.id: o.secretary_name for o in grid.orgs()}[comm_org] == "新书记"


def test_a_grid_cannot_rewrite_an_organisation_owned_above(sync_tree, tmp_path):
    from gridapp.sync.changelog import ChangeWriter

    comm_org = PartyService(sync_tree[C1].db, C1).add_org("党委", C1, secretary_name="社区书记")
    xfer(sync_tree, C1, G1, tmp_path)
    with sync_tree[G1].db.write() as s:  # a tampered grid installation writes the community's row
        ChangeWriter(sync_tree[G1].db, s).update(PartyOrg, comm_org, {"secretary_name": "冒名"})
    path = tmp_path / "bad.gridpkg"
    sync_tree[G1].sync.export(C1, path)
    results = sync_tree[C1].sync.import_files([path])
    assert any(r.status not in ("imported", "already") for r in results) or \
        rows(sync_tree[C1], PartyOrg)[comm_org].secretary_name == "社区书记"
    assert rows(sync_tree[C1], PartyOrg)[comm_org].secretary_name == "社区书记"
