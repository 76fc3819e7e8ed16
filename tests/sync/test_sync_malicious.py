"""Property test: a malicious grid installation in the tree (issue 12).

Town → community C1 → grids G1 and G2; G1 is tampered with. Beside honest edits and exchanges along every
edge, G1 writes forged change records straight into its change log (its own unit code on rows owned by the
town, the community or the sibling grid; deletions of them; inserts under ids the owner will use; tags
hung on a sibling's resident), and hand-builds packages whose manifest registers its own key for the
community, the town, the sibling or an invented node outside its subtree, with changes in their names.

Whatever the order, after every import and at the end: no honest node (town, C1, G2) holds a forged value,
lost a row to a forged delete, stores a change in an honest node's name that this node did not make, or
binds an honest node's id to another key; and the honest nodes agree on every row outside G1.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, rule
from sqlalchemy import func, select

import gridapp.services.sync as sync_service
from gridapp.core.ids import stable_id, uuid7
from gridapp.core.orgcode import is_within
from gridapp.db.database import SCHEMA_HEAD, open_database
from gridapp.db.models import Building, ChangeLog, OrgUnit, SyncKnowledge, SyncNode
from gridapp.sync import package as pkgmod
from gridapp.sync import seals
from gridapp.sync.changelog import ChangeWriter
from tests.sync.nodes import C1, G1, G2, TOWN, make_tree, snapshot

CODES = (TOWN, C1, G1, G2)
HONEST = (TOWN, C1, G2)
EDGES = [(G1, C1), (G2, C1), (C1, TOWN), (TOWN, C1), (C1, G1), (C1, G2)]
BELOW = {TOWN: [TOWN, C1, G1, G2], C1: [C1, G1, G2], G2: [G2]}
FORGED = "伪"  # every value the malicious node writes starts with it
_TEMPLATE: Path | None = None
TALLY = {"attacks": 0, "runs": 0}  # forged changes and forged packages tried (printed with -s)


def template() -> Path:
    global _TEMPLATE
    if _TEMPLATE is None:
        folder = Path(tempfile.mkdtemp(prefix="gridapp-evil-tpl-"))
        path = folder / "template.sqlite3"
        open_database(path, create=True).close()
        con = sqlite3.connect(path)
        with con:
            con.execute("DELETE FROM meta")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        _TEMPLATE = path
    return _TEMPLATE


def _fields_text(fields: dict) -> str:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class MaliciousGrid(RuleBasedStateMachine):
    rows = Bundle("rows")

    @initialize(target=rows)
    def setup(self):
        self.folder = Path(tempfile.mkdtemp(prefix="gridapp-evil-"))
        self.nodes = make_tree(template(), self.folder, CODES)
        self.count = 0
        self.attacks = 0
        self.deleted_by_honest: set[str] = set()
        self.keys = {c: n.sync.keys().sign_pub for c, n in self.nodes.items()}
        self.node_ids = {c: n.db.node_id for c, n in self.nodes.items()}
        ids = []
        for node, unit in ((TOWN, TOWN), (C1, C1), (G2, G2), (C1, G2)):
            n = self.nodes[node]
            with n.db.write() as s:
                ids.append(ChangeWriter(n.db, s).insert(Building, {"name": "甲楼", "unit_code": unit, "floors": 1}))
        for a, b in [(G2, C1), (C1, TOWN), (TOWN, C1), (C1, G1), (C1, G2)]:
            self._xfer(a, b)
        return multiple(*ids, stable_id("org_unit", TOWN), stable_id("org_unit", C1), stable_id("org_unit", G2))

    def teardown(self):
        if hasattr(self, "nodes"):
            try:
                for a, b in [(G1, C1), (G2, C1), (C1, TOWN), (TOWN, C1), (C1, G2), (C1, G1)]:
                    self._xfer(a, b)
                self.check_honest()
                self.check_convergence()
                TALLY["attacks"] += self.attacks
                TALLY["runs"] += 1
                print(f"malicious grid: {TALLY['attacks']} attacks in {TALLY['runs']} runs")
            finally:
                for n in self.nodes.values():
                    n.close()
                shutil.rmtree(self.folder, ignore_errors=True)

    # -- honest work ----------------------------------------------------------------------------------
    @rule(target=rows, node=st.sampled_from(HONEST), data=st.data())
    def create(self, node, data):
        unit = data.draw(st.sampled_from(BELOW[node]))
        n = self.nodes[node]
        with n.db.write() as s:
            return ChangeWriter(n.db, s).insert(Building, {"name": "乙楼", "unit_code": unit, "floors": 2})

    @rule(row=rows, node=st.sampled_from(HONEST), name=st.sampled_from(["丙楼", "丁楼"]))
    def edit(self, row, node, name):
        n = self.nodes[node]
        with n.db.read() as s:
            b = s.get(Building, row)
        if b is None or b.deleted or not is_within(b.unit_code, node):
            return
        with n.db.write() as s:
            ChangeWriter(n.db, s).update(Building, row, {"name": name})

    @rule(row=rows, node=st.sampled_from(HONEST))
    def delete(self, row, node):
        n = self.nodes[node]
        with n.db.read() as s:
            b = s.get(Building, row)
        if b is None or not is_within(b.unit_code, node):
            return
        with n.db.write() as s:
            ChangeWriter(n.db, s).delete(Building, row)
        self.deleted_by_honest.add(row)

    @rule(edge=st.sampled_from(EDGES))
    def exchange(self, edge):
        self._xfer(*edge)

    def _xfer(self, a, b):
        self.count += 1
        path = self.folder / f"{self.count:04d}-{a}-{b}.gridpkg"
        self.nodes[a].sync.export(b, path)
        (res,) = self.nodes[b].sync.import_files([path])
        if a != G1:
            assert res.status == "imported", res.message
            assert res.refused == 0 and getattr(res, "refused_parts", 0) == 0, res.summary()
        return res

    # -- the malicious grid -----------------------------------------------------------------------------
    def _forge(self, table, row_id, op, fields, unit=G1):
        n = self.nodes[G1]
        with n.db.write() as s:
            seq = (s.execute(select(func.max(ChangeLog.node_seq)).where(
                ChangeLog.node_id == n.db.node_id)).scalar() or 0) + 1
            s.add(ChangeLog(node_id=n.db.node_id, node_seq=seq, table_name=table, row_id=row_id, unit_code=unit,
                            op=op, hlc=n.db.hlc.now(), fields=_fields_text(fields), base=None, schema_rev=SCHEMA_HEAD))
            s.merge(SyncKnowledge(origin_node=n.db.node_id, max_seq=seq))
        self.attacks += 1

    def _table_of(self, row):
        return "org_unit" if row in {stable_id("org_unit", c) for c in CODES} else "building"

    @rule(row=rows, how=st.sampled_from(["forged_unit", "true_unit"]))
    def forge_edit(self, row, how):
        table = self._table_of(row)
        with self.nodes[C1].db.read() as s:
            held = s.get(OrgUnit if table == "org_unit" else Building, row)
        unit = G1 if how == "forged_unit" or held is None else held.unit_code
        self._forge(table, row, "update", {"name": f"{FORGED}{self.attacks}"}, unit)

    @rule(row=rows)
    def forge_delete(self, row):
        self._forge(self._table_of(row), row, "delete", {"deleted": True})

    @rule(row=rows)
    def forge_reinsert(self, row):
        """An insert under an existing row's id (the same-row merge of inserts) with the grid's unit."""
        if self._table_of(row) == "org_unit":
            self._forge("org_unit", row, "insert", {"code": G1, "name": f"{FORGED}单位", "level": "grid",
                                                    "parent_code": C1})
        else:
            self._forge("building", row, "insert", {"name": f"{FORGED}楼", "floors": 9})

    @rule()
    def forge_future_scheme(self):
        sid = stable_id("assessment_scheme", f"{TOWN}:community:2031")
        self._forge("assessment_scheme", sid, "insert", {
            "name": f"{FORGED}方案", "period": "2031", "target_level": "community", "indicators": [], "top_n": 9,
            "bottom_n": 1, "repeat_periods": 2, "repeat_band": "last", "repeat_outcome": "key_management",
            "created_by": "x", "created_on": "2026-01-05"})

    @rule(victim=st.sampled_from([C1, TOWN, G2, "ghost"]), row=rows, claim=st.sampled_from([G1, G2, C1]))
    def inject_key(self, victim, row, claim):
        """A package whose manifest registers the grid's key for another node, with a change in its name."""
        grid = self.nodes[G1]
        keys = grid.sync.keys()
        origin = uuid7()[:16] if victim == "ghost" else self.node_ids[victim]
        with self.nodes[C1].db.read() as s:
            top = s.execute(select(func.max(ChangeLog.node_seq)).where(ChangeLog.node_id == origin)).scalar() or 0
        table = self._table_of(row)
        changes = [{"node_id": origin, "node_seq": top + 1, "table_name": table, "row_id": row, "unit_code": claim,
                    "op": "update", "hlc": grid.db.hlc.now(), "fields": _fields_text({"name": f"{FORGED}冒名"}),
                    "base": None, "schema_rev": SCHEMA_HEAD}]
        peer = next(p for p in grid.sync.peers() if p.role == "parent")
        manifest = {"package_id": uuid7(), "from_node": grid.db.node_id, "from_unit": G1, "from_name": "x",
                    "to_node": peer.node_id, "to_unit": C1, "direction": "up", "app_version": "0",
                    "schema_rev": SCHEMA_HEAD, "created": "2026-01-01T00:00:00", "created_hlc": grid.db.hlc.now(),
                    "knowledge": {}, "ranges": {origin: [top, top + 1]}, "nodes": {origin: claim},
                    "tables": {table: 1}, "seals": seals.make_seals(keys, origin, changes),
                    "keys": {origin: keys.sign_pub}}
        data = pkgmod.write_package(keys, peer.box_pub, manifest, [pkgmod.encode_part(changes)], [1])
        self.count += 1
        path = self.folder / f"{self.count:04d}-evil.gridpkg"
        path.write_bytes(data)
        self.attacks += 1
        (res,) = self.nodes[C1].sync.import_files([path])
        if victim != "ghost" or claim != G1:
            assert res.status == "refused" or res.refused or getattr(res, "refused_parts", 0), res.summary()

    # -- what must hold ---------------------------------------------------------------------------------
    @invariant()
    def check_honest(self):
        if not hasattr(self, "nodes"):
            return
        for code in HONEST:
            n = self.nodes[code]
            with n.db.read() as s:
                for model in (Building, OrgUnit):
                    for r in s.execute(select(model)).scalars():
                        if is_within(r.unit_code, G1):
                            continue  # the malicious grid's own rows: its to spoil
                        assert not (r.name or "").startswith(FORGED), (code, model.__tablename__, r.id, r.name)
                        if model is OrgUnit:
                            assert not r.deleted, (code, r.code)
                        else:
                            assert not r.deleted or r.id in self.deleted_by_honest, (code, r.id)
                for other in HONEST:
                    known = s.get(SyncNode, self.node_ids[other])
                    assert known is None or known.sign_pub in (None, self.keys[other]), (code, other)
                assert s.get(SyncNode, n.db.node_id) is None
                logs = {}
                for c in s.execute(select(ChangeLog)).scalars():
                    logs.setdefault(c.node_id, set()).add((c.node_seq, c.hlc, c.row_id, c.fields))
            for other in HONEST:  # nothing in an honest node's name that it did not write
                mine = logs.get(self.node_ids[other], set())
                with self.nodes[other].db.read() as s:
                    real = {(c.node_seq, c.hlc, c.row_id, c.fields) for c in s.execute(
                        select(ChangeLog).where(ChangeLog.node_id == self.node_ids[other])).scalars()}
                assert mine <= real, (code, other, sorted(mine - real)[:3])

    def check_convergence(self):
        def honest_rows(code, scope):
            return {k: v for k, v in snapshot(self.nodes[code].db, scope).items() if not is_within(v[5], G1)}

        for code in HONEST:
            assert honest_rows(code, code) == honest_rows(TOWN, code), code


@pytest.fixture(autouse=True)
def _small_parts(monkeypatch):
    monkeypatch.setattr(sync_service, "PART_SIZE", 3)


TestMaliciousGrid = MaliciousGrid.TestCase
TestMaliciousGrid.settings = settings(max_examples=int(os.environ.get("GRIDAPP_EVIL_EXAMPLES", "12")), stateful_step_count=25, deadline=None, derandomize=True,
                                      database=None,
                                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
