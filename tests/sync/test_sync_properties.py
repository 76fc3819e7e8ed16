"""Property tests of sync over five installations in a tree (town → 2 communities, one with 2 grids).

Random edits, creates and deletes at every level; random exports along the tree's edges; packages
imported in random order, duplicated, and sometimes interrupted after a part (a crash) and resumed later.
Nodes also back up and restore their database now and then (losing what they wrote or received since).
After a full round of exchanges (two after a restore: what a restored node lost flows back from both
sides), every pair of nodes agrees on every row both hold (convergence, order
independence, idempotence, crash-resume = uninterrupted); every field holds the value of its highest
(HLC, node) write in the union of all change logs (no lost update); a row is deleted iff someone deleted
it (no resurrection); and every node lists exactly the concurrent same-field pairs among the rows it holds.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, multiple, rule
from sqlalchemy import select

import gridapp.services.sync as sync_service
from gridapp.db.database import open_database
from gridapp.db.models import Building, ChangeLog
from gridapp.services.audit import verify_chain
from gridapp.services.backup import BackupService, restore
from gridapp.services.sync import SyncService
from gridapp.services.units import UnitService
from gridapp.sync.changelog import ChangeWriter
from tests.sync.clock import SimClock, simulated_clock
from tests.sync.nodes import C1, C2, G1, G2, TOWN, TREE, Node, conflict_set, make_tree, snapshot

EDGES = [(c, p) for c, p in TREE.items() if p] + [(p, c) for c, p in TREE.items() if p]
UNITS_BELOW = {code: [u for u in TREE if u.startswith(code)] for code in TREE}
NAMES = ["甲楼", "乙楼", "丙楼"]
_TEMPLATE: Path | None = None
CLOCK = SimClock()  # every HLC reads it while a test of this module runs (see the fixture below)


def template() -> Path:
    global _TEMPLATE
    if _TEMPLATE is None:
        folder = Path(tempfile.mkdtemp(prefix="gridapp-sync-tpl-"))
        path = folder / "template.sqlite3"
        open_database(path, create=True).close()
        con = sqlite3.connect(path)
        with con:
            con.execute("DELETE FROM meta")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        _TEMPLATE = path
    return _TEMPLATE


def union_log(nodes) -> dict:
    log = {}
    for n in nodes.values():
        with n.db.read() as s:
            for c in s.execute(select(ChangeLog).where(ChangeLog.table_name == "building")).scalars():
                log[(c.node_id, c.node_seq)] = c
    return log


def oracle(log: dict) -> tuple[dict, set]:
    """Expected building fields and deletions, and the expected conflict pairs, from all writes."""
    writes: dict[tuple[str, str], list] = {}
    deleted: set[str] = set()
    for c in log.values():
        if c.op == "delete":
            deleted.add(c.row_id)
            continue
        vals = json.loads(c.fields)
        base = json.loads(c.base) if c.base else {}
        for f, v in vals.items():
            clock = (c.hlc, c.node_id)
            b = (int(base[f][0]), base[f][1]) if f in base else clock
            writes.setdefault((c.row_id, f), []).append((clock, b, json.dumps(v, ensure_ascii=False)))
    values, pairs = {}, set()
    for (rid, f), ws in writes.items():
        ws.sort()
        values[(rid, f)] = json.loads(ws[-1][2])
        for i, (ca, _, va) in enumerate(ws):
            for cb, bb, vb in ws[i + 1:]:
                if bb < ca and va != vb:
                    pairs.add(("building", rid, f, ca[0], ca[1], cb[0], cb[1]))
    return {"values": values, "deleted": deleted}, pairs


class SyncTree(RuleBasedStateMachine):
    rows = Bundle("rows")

    @initialize(target=rows)
    def setup(self):
        CLOCK.reset()  # each example starts from the same simulated time: its clocks depend on its steps only
        self.folder = Path(tempfile.mkdtemp(prefix="gridapp-sync-"))
        self.nodes = make_tree(template(), self.folder)
        self.mailbox: dict[str, list[Path]] = {c: [] for c in TREE}
        self.backups: dict[str, Path] = {}
        self.restored = False
        self.count = 0
        # rows every level of a branch already holds, so that offline edits there can collide
        ids = []
        for node, unit in ((C1, G1), (C1, G2), (TOWN, C2)):
            n = self.nodes[node]
            with n.db.write() as s:
                ids.append(ChangeWriter(n.db, s).insert(Building, {"name": NAMES[0], "unit_code": unit,
                                                                   "floors": 1}))
        self.full_sync_and_check()
        return multiple(*ids)

    def teardown(self):
        if hasattr(self, "nodes"):
            try:
                self.full_sync_and_check()
            finally:
                for n in self.nodes.values():
                    n.close()
                shutil.rmtree(self.folder, ignore_errors=True)

    def _holds(self, code: str, row_id: str) -> Building | None:
        with self.nodes[code].db.read() as s:
            return s.get(Building, row_id)

    @rule(target=rows, node=st.sampled_from(list(TREE)), data=st.data())
    def create(self, node, data):
        unit = data.draw(st.sampled_from(UNITS_BELOW[node]))
        n = self.nodes[node]
        with n.db.write() as s:
            return ChangeWriter(n.db, s).insert(Building, {"name": NAMES[0], "unit_code": unit, "floors": 1})

    @rule(row=rows, node=st.sampled_from(list(TREE)), name=st.sampled_from(NAMES),
          floors=st.none() | st.integers(1, 3))
    def edit(self, row, node, name, floors):
        b = self._holds(node, row)
        if b is None or b.deleted or not b.unit_code.startswith(node):
            return  # not held here, or owned by a level above: the services would not offer the edit
        changes = {"name": name} if floors is None else {"name": name, "floors": floors}
        n = self.nodes[node]
        with n.db.write() as s:
            ChangeWriter(n.db, s).update(Building, row, changes)

    @rule(row=rows, node=st.sampled_from(list(TREE)))
    def delete(self, row, node):
        b = self._holds(node, row)
        if b is None or not b.unit_code.startswith(node):
            return
        n = self.nodes[node]
        with n.db.write() as s:
            ChangeWriter(n.db, s).delete(Building, row)

    @rule(edge=st.sampled_from(EDGES))
    def export(self, edge):
        a, b = edge
        self.count += 1
        path = self.folder / f"{self.count:04d}-{a}-{b}.gridpkg"
        self.nodes[a].sync.export(b, path)
        self.mailbox[b].append(path)

    @rule(node=st.sampled_from(list(TREE)), data=st.data(), crash=st.booleans())
    def import_one(self, node, data, crash):
        if not self.mailbox[node]:
            return
        path = data.draw(st.sampled_from(self.mailbox[node]))  # any order, duplicates allowed
        if crash:
            try:
                res = self.nodes[node].sync.import_files([path], _crash_after_part=0)
            except RuntimeError:
                return
        else:
            res = self.nodes[node].sync.import_files([path])
        assert res[0].status in ("imported", "already"), res[0].message
        if res[0].status == "already":
            return
        before = snapshot(self.nodes[node].db)
        again = self.nodes[node].sync.import_files([path])
        assert again[0].status == "already"
        assert snapshot(self.nodes[node].db) == before

    @rule(node=st.sampled_from(list(TREE)))
    def backup(self, node):
        n = self.nodes[node]
        self.backups[node] = BackupService(n.db, folder=self.folder / "backups" / node).make()

    @rule(node=st.sampled_from(list(TREE)))
    def restore_backup(self, node):
        made = self.backups.get(node)
        if made is None:
            return
        n = self.nodes[node]
        path = n.db.path
        restore(n.db, None, made)  # closes the database
        db = open_database(path)
        self.nodes[node] = Node(node, db, SyncService(db), UnitService(db))
        self.restored = True

    @rule(edge=st.sampled_from(EDGES))
    def exchange(self, edge):
        self._xfer(*edge)

    def _xfer(self, a, b):
        self.count += 1
        path = self.folder / f"{self.count:04d}-{a}-{b}.gridpkg"
        self.nodes[a].sync.export(b, path)
        (res,) = self.nodes[b].sync.import_files([path])
        assert res.status == "imported", res.message
        assert res.refused == 0

    def full_sync_and_check(self):
        for _round in range(2 if self.restored else 1):
            for a, b in [(G1, C1), (G2, C1), (C1, TOWN), (C2, TOWN), (TOWN, C1), (TOWN, C2), (C1, G1), (C1, G2)]:
                self._xfer(a, b)
        self.restored = False
        top = snapshot(self.nodes[TOWN].db)
        for code, n in self.nodes.items():
            assert snapshot(n.db, code) == snapshot(self.nodes[TOWN].db, code), code
        expected, pairs = oracle(union_log(self.nodes))
        for (table, rid), (fields, _, deleted, *_rest) in top.items():
            if table != "building":
                continue
            assert deleted == (rid in expected["deleted"])
            for f in ("name", "floors"):
                if (rid, f) in expected["values"]:
                    assert fields[f] == expected["values"][(rid, f)], (rid, f)
        for code, n in self.nodes.items():
            held = {rid for (t, rid) in snapshot(n.db, code) if t == "building"}
            assert conflict_set(n.db) == {p for p in pairs if p[1] in held}, code
            chain = verify_chain(n.db)  # the audit chains hold across restores, here and above
            assert chain.ok, (code, chain.reason)


@pytest.fixture(autouse=True)
def _small_parts(monkeypatch):
    monkeypatch.setattr(sync_service, "PART_SIZE", 4)


@pytest.fixture(autouse=True)
def _simulated_clock():
    with simulated_clock(CLOCK):
        yield


TestSyncTree = SyncTree.TestCase
TestSyncTree.settings = settings(max_examples=25, stateful_step_count=30, deadline=None,
                                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
