"""Regression: the sequence the sync property test (TestSyncTree) printed when it failed in CI (issue 11).

A community edits a building of one of its grids and sends the edit down to that grid only; then it restores
a backup made before the edit. The grid keeps the edit. Before the fix nothing ever brought it back up: a
child sends up only changes made in its own subtree, and the restored community told its children it still
held every change it had numbered, so the grid kept 丙楼 while the community, the town and the other nodes
kept 甲楼 for good.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

import gridapp.services.sync as sync_service
from gridapp.db.models import Building, ChangeLog
from gridapp.sync.changelog import lost_changes, recovering
from tests.sync.clock import simulated_clock
from tests.sync.nodes import C1, C2, G1, G2, TOWN
from tests.sync.test_sync_properties import SyncTree


@pytest.fixture(autouse=True)
def _small_parts(monkeypatch):
    monkeypatch.setattr(sync_service, "PART_SIZE", 4)


def _names(state: SyncTree, row: str) -> dict[str, str]:
    out = {}
    for code, n in state.nodes.items():
        with n.db.read() as s:
            b = s.get(Building, row)
            if b is not None:
                out[code] = b.name
    return out


def test_own_edit_sent_only_down_comes_home_after_a_restore():
    with simulated_clock():
        state = SyncTree()
        rows_0, rows_1, rows_2 = state.setup().values
        try:
            state.delete(node=TOWN, row=rows_2)
            for _ in range(6):
                state.backup(node=TOWN)
            state.backup(node=C1)
            for _ in range(6):
                state.backup(node=TOWN)
            state.edit(floors=None, name="丙楼", node=C1, row=rows_1)
            state.exchange(edge=(TOWN, C1))
            state.exchange(edge=(C1, G2))  # the edit reaches the grid, and only the grid
            state.restore_backup(node=C2)
            state.import_one(crash=False, data=None, node=C2)  # C2's mailbox is empty: nothing happens
            state.delete(node=G2, row=rows_2)
            state.backup(node=C2)
            state.backup(node=TOWN)
            state.exchange(edge=(C1, G1))
            state.restore_backup(node=C1)  # back to before the edit
            with state.nodes[C1].db.read() as s:
                assert state.nodes[C1].db.node_id not in {
                    c.node_id for c in s.execute(select(ChangeLog).where(ChangeLog.row_id == rows_1)
                                                 .where(ChangeLog.op == "update")).scalars()}
                assert recovering(s) is not None
            assert _names(state, rows_1)[G2] == "丙楼"
            state.backup(node=TOWN)
            state.restore_backup(node=C2)
            state.export(edge=(TOWN, C1))
            state.export(edge=(TOWN, C1))
            state.backup(node=G1)
            # the teardown's exchanges: everyone agrees, and on the edit (the highest write of the field)
            state.full_sync_and_check()
            assert set(_names(state, rows_1).values()) == {"丙楼"}, _names(state, rows_1)
            with state.nodes[C1].db.read() as s:
                assert recovering(s) is None  # the grids and the town have all answered
            assert state.nodes[G1] is not None and state.nodes[C2] is not None
        finally:
            state.teardown()


def test_a_child_cannot_slip_in_an_altered_copy_of_a_rolled_back_change(tmp_path):
    """What comes home from a child without an origin seal must be exactly the change this node made."""
    with simulated_clock():
        state = SyncTree()
        _rows_0, rows_1, _rows_2 = state.setup().values
        try:
            state.backup(node=C1)
            state.edit(floors=None, name="丙楼", node=C1, row=rows_1)
            state.exchange(edge=(C1, G2))
            state.restore_backup(node=C1)
            state.exchange(edge=(C1, G2))  # tells the grid: of my own changes I hold only the backup's
            g2 = state.nodes[G2].db
            mine = state.nodes[C1].db.node_id
            with g2.write() as s:  # the grid alters its copy of the community's rolled-back edit
                s.execute(ChangeLog.__table__.update().where(
                    ChangeLog.node_id == mine, ChangeLog.row_id == rows_1, ChangeLog.op == "update",
                ).values(fields='{"name":"乙楼"}'))
            path = tmp_path / "up.gridpkg"
            state.nodes[G2].sync.export(C1, path)
            (res,) = state.nodes[C1].sync.import_files([path])
            assert res.status == "refused" and "本机自己的变更" in res.message, res.message
            assert _names(state, rows_1)[C1] == "甲楼"
        finally:
            for n in state.nodes.values():
                n.close()


def test_a_change_from_above_survives_when_its_maker_and_its_relay_both_restore():
    """Regression (soak seed 7489732093525337431, shrunk): the town deletes a grid's building; the community
    passes the delete down to the grid; then the town and the community both restore backups made before it.
    Before the fix only the grid still held the delete, and a grid sends up only the changes made in its own
    subtree: the grid kept the building deleted, the community and the town kept it for good. A restore now
    keeps the changes other installations made (the community still holds the town's delete and sends it
    home), so every node agrees and the delete stands."""
    with simulated_clock():
        state = SyncTree()
        rows_0, _rows_1, _rows_2 = state.setup().values
        try:
            state.backup(node=TOWN)
            state.backup(node=C1)
            state.delete(node=TOWN, row=rows_0)  # a building of grid G1, deleted by the town
            state.exchange(edge=(TOWN, C1))
            state.exchange(edge=(C1, G1))
            state.restore_backup(node=TOWN)  # the town's own delete is rolled back here...
            state.restore_backup(node=C1)    # ...and the community had received it after its backup
            with state.nodes[C1].db.read() as s:
                assert s.get(Building, rows_0).deleted  # kept: the town made it, not the community
            state.full_sync_and_check()
            deleted = {}
            for code, n in state.nodes.items():
                with n.db.read() as s:
                    b = s.get(Building, rows_0)
                    if b is not None:
                        deleted[code] = b.deleted
            assert deleted == {TOWN: True, C1: True, G1: True}, deleted
        finally:
            state.teardown()


class _Drawn:
    """Stands for Hypothesis' `data` in a replayed sequence: `draw` gives the value the run drew."""

    def __init__(self, value):
        self.value = value

    def draw(self, _strategy):
        return self.value


def _mail(state: SyncTree, node: str, name: str) -> _Drawn:
    (path,) = [p for p in state.mailbox[node] if p.name == name]
    return _Drawn(path)


def test_a_package_made_before_a_restore_does_not_answer_it():
    """A community deletes a grid's building and sends the delete down; the grid imports it. The community
    restores a backup from before the delete, then imports a package the grid had made before all that (it
    still lay in the mailbox). That package said the community held its own changes up to the backup, so it
    was taken as the grid's answer: the community stopped asking, told the grid it held its own changes up to
    every number it had issued, and the delete, held by the grid alone, never came back up. Now a package
    answers only if its sender had heard from the restored community first."""
    with simulated_clock():
        state = SyncTree()
        rows_0, _rows_1, _rows_2 = state.setup().values
        state.backup(node=C1)
        state.delete(node=C1, row=rows_0)
        state.export(edge=(G1, C1))  # made before the grid got the delete
        state.exchange(edge=(C1, G1))  # the delete reaches the grid (and only the grid)
        state.restore_backup(node=C1)
        state.import_one(crash=False, data=_Drawn(state.mailbox[C1][0]), node=C1)  # the stale package
        with state.nodes[C1].db.read() as s:
            assert recovering(s) is not None
            # every number the replaced file had issued and the backup lacks is remembered as made, the
            # pre-restore backup's own audit row included (it was written after that copy was taken)
            held, issued = recovering(s)
            assert sorted(lost_changes(s)) == list(range(held + 1, issued + 1))
        state.exchange(edge=(C1, G1))
        state.exchange(edge=(G1, C1))  # the grid's answer: the delete comes home
        with state.nodes[C1].db.read() as s:
            assert s.get(Building, rows_0).deleted
        state.teardown()


def test_soak_seed_15913277423060719469():
    """The sequence tools/soak.py found (issue 11: seed 15913277423060719469, PYTHONHASHSEED=1231514191), as
    Hypothesis shrank it: the grid 370303001001001 kept the community's delete of its building, everyone else
    the building. Cause: the stale package above (0010, made by the grid before the community restored)."""
    with simulated_clock():
        state = SyncTree()
        rows_0, rows_1, rows_2 = state.setup().values
        state.backup(node=TOWN)
        state.backup(node=C1)
        state.create(data=_Drawn(G1), node=G1)
        state.export(edge=(TOWN, C2))
        state.delete(node=C1, row=rows_0)
        state.export(edge=(G1, C1))
        state.export(edge=(C1, G1))
        state.create(data=_Drawn(G1), node=TOWN)
        state.import_one(crash=False, data=_mail(state, G1, f"0011-{C1}-{G1}.gridpkg"), node=G1)
        state.restore_backup(node=TOWN)
        rows_5 = state.create(data=_Drawn(G2), node=C1)
        rows_6 = state.create(data=_Drawn(G2), node=G2)
        state.backup(node=C2)
        state.delete(node=C1, row=rows_6)
        state.restore_backup(node=TOWN)
        state.delete(node=TOWN, row=rows_5)
        state.restore_backup(node=C1)
        state.import_one(crash=False, data=_mail(state, C1, f"0010-{G1}-{C1}.gridpkg"), node=C1)
        state.exchange(edge=(C1, G1))
        state.exchange(edge=(G1, C1))
        state.delete(node=G1, row=rows_5)
        state.backup(node=G1)
        state.export(edge=(TOWN, C2))
        state.backup(node=TOWN)
        state.exchange(edge=(G2, C1))
        state.backup(node=G2)
        state.import_one(crash=True, data=_mail(state, C2, f"0014-{TOWN}-{C2}.gridpkg"), node=C2)
        state.export(edge=(G2, C1))
        state.create(data=_Drawn(G1), node=TOWN)
        state.teardown()


def test_a_rolled_back_change_a_peer_gets_after_the_recovery_still_comes_home():
    """A community deletes a grid's building and writes a package for the grid, which the grid does not
    import yet; the community restores a backup from before the delete, and every peer answers (none holds the
    delete). Then the grid imports the old package: the grid alone holds the delete. Before, the grid sent it
    home only if it still believed the community lacked it, and the community refused it as not its own (the
    rolled-back changes were forgotten when the recovery ended), so the grid's packages were refused for good.
    Now the community keeps asking for its rolled-back changes not back yet (`want_own`), accepts each exactly
    as it made it, and sends those that came home on to the peers told it held them (`to_forward`)."""
    with simulated_clock():
        state = SyncTree()
        rows_0, _rows_1, _rows_2 = state.setup().values
        state.backup(node=C1)
        state.delete(node=C1, row=rows_0)
        state.export(edge=(C1, G1))  # the delete, not imported yet
        state.restore_backup(node=C1)
        for edge in [(C1, G1), (G1, C1), (C1, G2), (G2, C1), (C1, TOWN), (TOWN, C1)]:
            state.exchange(edge=edge)
        with state.nodes[C1].db.read() as s:
            assert recovering(s) is None  # every peer answered
        state.import_one(crash=False, data=_Drawn(state.mailbox[G1][0]), node=G1)  # the late package
        state.exchange(edge=(G1, C1))
        state.exchange(edge=(C1, TOWN))
        for code in (C1, TOWN, G1):
            with state.nodes[code].db.read() as s:
                assert s.get(Building, rows_0).deleted, code
        state.teardown()
