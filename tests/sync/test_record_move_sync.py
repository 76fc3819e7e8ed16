"""A household moved between two grids by the community office ends in the right grid on every node: the new
grid's node gets the re-registered people, the old grid's node their 迁出, the town both; and the moved people
go on living in the new grid (an edit there travels up)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp.core.idnumber import make_id
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import Household, Resident, ResidentTag, SyncConflict
from gridapp.services.registry import RegistryService, ResidentInput
from gridapp.services.units import UnitService
from tests.sync.nodes import C1, G1, G2, TOWN, make_tree, xfer


@pytest.fixture
def tree(template_db: Path, tmp_path: Path):
    nodes = make_tree(template_db, tmp_path, codes=(TOWN, C1, G1, G2))
    yield nodes
    for n in nodes.values():
        n.close()


def people(node) -> dict[str, tuple[str, str]]:
    """name@grid → status, for every resident row the node holds."""
    with node.db.read() as s:
        return {f"{r.name}@{r.unit_code[-3:]}": r.status
                for r in s.execute(select(Resident).where(Resident.deleted.is_(False))).scalars()}


def households(node) -> dict[str, str]:
    with node.db.read() as s:
        return {h.address: h.unit_code for h in s.execute(select(Household).where(Household.deleted.is_(False)))
                .scalars()}


def test_a_moved_household_ends_in_the_new_grid_on_every_node(tree, tmp_path):
    # the grid worker of G1 registers a family on the grid's own installation
    reg = RegistryService(tree[G1].db, G1)
    hid = reg.create_household(G1, "和平路8号")
    stay = reg.create_household(G1, "和平路9号")
    for i, (name, hh) in enumerate((("迁户主", hid), ("迁家属", hid), ("留居民", stay))):
        rid = reg.create_resident(ResidentInput(grid_code=G1, id_number=make_id("370303", dt.date(1970, 1, 1 + i), i),
                                                name=name, household_id=hh))
        reg.add_tag(rid, "独居老人")
    xfer(tree, G1, C1, tmp_path)
    xfer(tree, C1, TOWN, tmp_path)

    # the community office moves the family to G2
    clerk = Principal("u-c1", "c1office", Role.OFFICE, C1, "社区综治中心")
    result = UnitService(tree[C1].db, clerk).move_records(G1, G2, households=[hid])
    assert (result.households, result.residents) == (1, 2)
    for a, b in ((C1, G1), (C1, G2), (C1, TOWN)):
        xfer(tree, a, b, tmp_path)

    moved = {"迁户主@002": "active", "迁家属@002": "active"}
    history = {"迁户主@001": "moved_out", "迁家属@001": "moved_out"}
    assert people(tree[G2]) == moved  # the new grid holds only its people
    assert households(tree[G2]) == {"和平路8号": G2}
    assert people(tree[G1]) == {**history, "留居民@001": "active"}  # the old grid keeps their history
    assert households(tree[G1]) == {"和平路9号": G1}
    for upper in (C1, TOWN):
        assert people(tree[upper]) == {**moved, **history, "留居民@001": "active"}
        assert households(tree[upper]) == {"和平路8号": G2, "和平路9号": G1}
    # the tags travelled with the moved people: two in G2 on the new grid's node, the untouched one left in G1
    for code, expected in ((G1, [G1]), (G2, [G2, G2]), (TOWN, [G1, G2, G2])):
        with tree[code].db.read() as s:
            assert sorted(s.execute(select(ResidentTag.unit_code).where(ResidentTag.deleted.is_(False)))
                          .scalars().all()) == expected

    # life goes on in the new grid: its worker edits a moved person, and the edit travels up
    g2 = RegistryService(tree[G2].db, G2)
    new_id = result.ids["resident"][next(iter(result.ids["resident"]))]
    g2.update_resident(new_id, {"phone": "13900001111"})
    xfer(tree, G2, C1, tmp_path)
    xfer(tree, C1, TOWN, tmp_path)
    with tree[TOWN].db.read() as s:
        row = s.get(Resident, new_id)
        assert (row.unit_code, row.phone, row.status) == (G2, "13900001111", "active")
        assert s.execute(select(SyncConflict)).first() is None
    # and a second round of packages changes nothing anywhere (the move is carried once)
    for a, b in ((G1, C1), (G2, C1), (C1, G1), (C1, G2), (TOWN, C1)):
        xfer(tree, a, b, tmp_path)
    assert people(tree[G2]) == moved and people(tree[G1]) == {**history, "留居民@001": "active"}
