"""PartyService's acts behind the page's dialogs: the 联系户 picker's candidates (the 中心户's grid only) and
its change in one go (all or none, a household outside the grid refused with the rule named); finding
residents to register (sensitive, masked ID numbers); members who may serve a new 中心户; and the coverage
figure with the exact list of households it misses (one definition: PARTY_COVERAGE)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gridapp.core.errors import NotFound, PermissionDenied, ValidationError
from gridapp.core.permissions import Role
from gridapp.db.models import AuditLog, PartyCentreLink
from gridapp.domain.indicators import PARTY_COVERAGE

from .conftest import COMMUNITY, GRID1, GRID2, TOWN, party


def a_centre(town):
    p = party(town.db, Role.OFFICE, TOWN)
    hh = town.households["g1b1"]
    p.set_member(town.residents[hh[0]], "党员")
    return p, hh, p.add_centre(hh[0], town.residents[hh[0]])


def test_link_candidates_are_the_grids_households_with_their_state(town):
    p, hh, cid = a_centre(town)
    other = p.add_centre(hh[1], (p.set_member(town.residents[hh[1]], "党员"), town.residents[hh[1]])[1])
    p.link(other, [hh[2]])
    p.link(cid, [hh[3]])
    cands = party(town.db, Role.GRID_WORKER, GRID1).link_candidates(cid)
    grid1 = set(town.households["g1b1"] + town.households["g1b2"])
    assert {c.household_id for c in cands} == grid1  # no household of another grid is offered
    state = {c.household_id: c.state for c in cands}
    assert (state[hh[0]], state[hh[1]], state[hh[2]], state[hh[3]], state[hh[4]]) == ("self", "", "other", "linked", "")
    assert next(c.other for c in cands if c.household_id == hh[2]) == "人民路11号201室"
    assert all(c.head for c in cands)


def test_relink_is_all_or_none_and_refuses_a_household_outside_the_grid(town):
    p, hh, cid = a_centre(town)
    p.link(cid, hh[1:3])
    worker = party(town.db, Role.GRID_WORKER, GRID1)
    outside = town.households["g2b1"][0]
    with pytest.raises(ValidationError, match="中心户只联系本网格的户"):  # the town's office: the rule named
        p.relink(cid, add=[hh[3], outside], remove=[hh[1]])
    with pytest.raises(NotFound, match="第 2 户"):  # the grid worker: not in their scope at all
        worker.relink(cid, add=[hh[3], outside], remove=[hh[1]])
    with town.db.read() as s:
        live = set(s.execute(select(PartyCentreLink.household_id).where(
            PartyCentreLink.centre_id == cid, PartyCentreLink.deleted.is_(False))).scalars())
    assert live == set(hh[1:3])  # nothing written half-way: the unlink went back too
    assert worker.relink(cid, add=[hh[3], hh[4]], remove=[hh[1]]) == (2, 1)
    assert {x.household_id for x in worker.centre_links(cid)} == {hh[2], hh[3], hh[4]}
    with pytest.raises(ValidationError, match="中心户本身"):
        worker.relink(cid, add=[hh[0]])


def test_member_candidates_need_the_sensitive_permission_and_mask_the_id(town):
    p, hh, _cid = a_centre(town)
    found = p.member_candidates("测试00")
    assert found and all("*" in c.id_number for c in found)
    assert {c.name: c.status_label for c in found}["测试001"] == "中共党员"
    assert {c.name: c.status_label for c in found}["测试002"] == ""
    with town.db.read() as s:
        assert s.execute(select(AuditLog).where(AuditLog.target_table == "party_membership",
                                                AuditLog.action == "view")).first() is not None
    assert party(town.db, Role.GRID_CHIEF, GRID1).member_candidates("测试")  # a grid chief may
    with pytest.raises(PermissionDenied, match="政治面貌"):
        party(town.db, Role.GRID_WORKER, GRID1).member_candidates("测试")
    assert p.member_candidates("  ") == []


def test_centre_candidates_are_members_whose_household_is_not_one_yet(town):
    p, hh, _cid = a_centre(town)
    p.set_member(town.residents[hh[5]], "预备党员")
    assert [(c.household_id, c.building_id) for c in p.centre_candidates()] == [(hh[5], town.buildings["g1b1"])]
    with pytest.raises(PermissionDenied):
        party(town.db, Role.GRID_WORKER, GRID1).centre_candidates()


def test_coverage_and_the_exact_list_it_misses(town):
    p, hh, cid = a_centre(town)
    p.link(cid, hh[1:4])
    cov = p.coverage()
    assert (cov.covered, cov.households) == (4, 24) and cov.value == pytest.approx(4 / 24)
    assert cov.as_dict()["name"] == PARTY_COVERAGE.name == "党员联系户覆盖率"
    missing = p.unlinked_households()
    assert len(missing) == cov.households - cov.covered
    assert not {h for h, *_ in missing} & set(hh[:4])
    assert {u for _h, u, _a, _head in missing} == {GRID1, GRID2}
    # one definition: the checks and the figure agree, for a grid and for the community
    assert p.check().covered == cov.covered
    g2 = party(town.db, Role.GRID_WORKER, GRID2)
    assert (g2.coverage().covered, g2.coverage().households) == (0, 12)
    assert len(g2.unlinked_households()) == 12
    c = party(town.db, Role.OFFICE, COMMUNITY).coverage(GRID1)
    assert (c.covered, c.households) == (4, 12)
