"""The party network's history on PostgreSQL (the hub's engine): the table the migration builds takes the entries
a 撤销中心户, a 转出 and a 迁出 write, and reads them back with the membership's entries hidden from a grid worker."""

from __future__ import annotations

import datetime as dt

from gridapp.core.permissions import Role
from gridapp.db.postgres import open_pg_database
from gridapp.services.registry import RegistryService
from tests.party.conftest import COMMUNITY, GRID1, TODAY, build_town, party, person


def test_history_on_postgresql(empty_pg_url):
    db = open_pg_database(empty_pg_url, create=True)
    try:
        town = build_town(db, households_per_building=4)
        office = party(db, Role.OFFICE, COMMUNITY)
        hh = town.households["g1b1"]
        first, second = town.residents[hh[0]], town.residents[hh[1]]
        office.set_member(first, "党员", joined_on=dt.date(2001, 7, 1))
        office.set_member(second, "预备党员")
        cid = office.add_centre(hh[0], first)
        office.link(cid, hh[2:4])
        assert office.remove_centre(cid, "调整联系范围") == 2
        office.end_member(first, to="转至张店区某街道党工委")
        RegistryService(db, person(Role.GRID_WORKER, GRID1)).set_status(second, "moved_out", TODAY)
        actions = [h.action for h in office.history()]
        assert actions[:2] == ["moved_out", "transferred"] and actions.count("unlinked") == 2
        assert {"centre_revoked", "centre_set", "linked", "joined"} <= set(actions)
        worker = [h.action for h in party(db, Role.GRID_WORKER, GRID1).history()]
        assert worker and not {"moved_out", "transferred", "joined"} & set(worker)
        assert not [i for i in office.check().items if i.rule == "党员信息不一致"]
    finally:
        db.close()
