"""The audit chain anchored outside the file (issue 12): each package up carries the node's signed chain head,
the parent keeps it (when it extends the one before) and acknowledges it in its packages down, and `check`
compares the local chain with the acknowledged head: cutting the newest rows (with their change-log rows) or
rewriting a row and recomputing the chain is then reported."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp.core.permissions import Principal, Role
from gridapp.db.models import AuditLog, Meta
from gridapp.services.audit import ACKED_KEY, HEAD_KEY, record, row_hash, verify_chain
from gridapp.services.check import CheckService
from gridapp.services.sync import SyncService
from tests.sync.nodes import C1, G1, make_tree

WHO = Principal("u1", "worker1", Role.GRID_WORKER, G1)


@pytest.fixture
def tree(template_db: Path, tmp_path: Path):
    nodes = make_tree(template_db, tmp_path, (C1, G1))
    yield nodes
    for n in nodes.values():
        n.close()


def xfer(nodes, a, b, folder: Path, name: str):
    path = folder / name
    nodes[a].sync.export(b, path)
    (res,) = nodes[b].sync.import_files([path])
    assert res.status == "imported", res.message
    return res


def audit(node, n: int) -> None:
    with node.db.write() as s:
        for i in range(n):
            record(node.db, s, WHO, "view", unit_code=G1, target_table="resident", detail={"i": i})


def acknowledged(tree, tmp_path):
    audit(tree[G1], 4)
    xfer(tree, G1, C1, tmp_path, "up1.gridpkg")
    xfer(tree, C1, G1, tmp_path, "down1.gridpkg")
    with tree[G1].db.read() as s:
        acked = json.loads(s.get(Meta, ACKED_KEY).value)
    with tree[C1].db.read() as s:
        kept = json.loads(s.get(Meta, HEAD_KEY + tree[G1].db.node_id).value)
    assert acked == kept and acked["count"] == 4
    assert CheckService(tree[G1].db).run().ok
    return acked


def _rows(path):
    con = sqlite3.connect(path)
    rows = con.execute("SELECT id, unit_code, origin_node, at, user_id, username, role, action, target_table, "
                       "target_id, detail, prev_hash, hash FROM audit_log ORDER BY created_hlc").fetchall()
    return con, rows


def test_cutting_the_newest_audit_rows_and_their_change_log_is_reported(tree, tmp_path):
    acknowledged(tree, tmp_path)
    con, rows = _rows(tree[G1].db.path)
    with con:
        for r in rows[-2:]:
            con.execute("DELETE FROM audit_log WHERE id = ?", (r[0],))
            con.execute("DELETE FROM change_log WHERE row_id = ?", (r[0],))
        # and the sequence gap closed, so the change log looks whole
        con.execute("UPDATE sync_knowledge SET max_seq = (SELECT max(node_seq) FROM change_log WHERE node_id = ?) "
                    "WHERE origin_node = ?", (tree[G1].db.node_id, tree[G1].db.node_id))
    con.close()
    assert verify_chain(tree[G1].db).ok  # the chain in the file alone cannot tell
    res = CheckService(tree[G1].db).run()
    assert not res.ok
    assert any("上级已确认" in p for p in res.problems), res.problems


def test_rewriting_a_row_and_recomputing_the_chain_is_reported(tree, tmp_path):
    acknowledged(tree, tmp_path)
    con, rows = _rows(tree[G1].db.path)
    keys = ("id", "unit_code", "origin_node", "at", "user_id", "username", "role", "action", "target_table",
            "target_id", "detail", "prev_hash")
    prev = ""
    with con:
        for i, r in enumerate(rows):
            values = dict(zip(keys, r[:12], strict=True))
            if i == 1:
                values["detail"] = json.dumps({"i": "掩盖"})
            values["prev_hash"] = prev
            h = row_hash(values)
            con.execute("UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?",
                        (values["detail"], prev, h, r[0]))
            prev = h
    con.close()
    assert verify_chain(tree[G1].db).ok
    res = CheckService(tree[G1].db).run()
    assert any("上级已确认" in p for p in res.problems), res.problems


def test_the_parent_keeps_the_old_head_when_a_new_one_does_not_extend_it(tree, tmp_path):
    acked = acknowledged(tree, tmp_path)
    con, rows = _rows(tree[G1].db.path)
    with con:  # cut the two newest rows, then write more so the chain is longer than before
        for r in rows[-2:]:
            con.execute("DELETE FROM audit_log WHERE id = ?", (r[0],))
    con.close()
    audit(tree[G1], 5)
    res = xfer(tree, G1, C1, tmp_path, "up2.gridpkg")
    assert "可能被删改" in res.summary()
    with tree[C1].db.read() as s:
        assert json.loads(s.get(Meta, HEAD_KEY + tree[G1].db.node_id).value) == acked
    xfer(tree, C1, G1, tmp_path, "down2.gridpkg")
    assert any("上级已确认" in p for p in CheckService(tree[G1].db).run().problems)


def test_honest_growth_and_a_restore_keep_check_clean(tree, tmp_path):
    from gridapp.db.database import open_database
    from gridapp.services.backup import BackupService, restore
    from gridapp.services.units import UnitService
    from tests.sync.nodes import Node

    acknowledged(tree, tmp_path)
    made = BackupService(tree[G1].db, folder=tmp_path / "bk").make()
    audit(tree[G1], 3)
    xfer(tree, G1, C1, tmp_path, "up2.gridpkg")
    xfer(tree, C1, G1, tmp_path, "down2.gridpkg")
    with tree[G1].db.read() as s:
        assert json.loads(s.get(Meta, ACKED_KEY).value)["count"] >= 7
    assert CheckService(tree[G1].db).run().ok
    path = tree[G1].db.path
    restore(tree[G1].db, None, made)  # back before the acknowledged head: the restore row accounts for it
    db = open_database(path)
    tree[G1] = Node(G1, db, SyncService(db), UnitService(db))
    xfer(tree, C1, G1, tmp_path, "down3.gridpkg")
    assert CheckService(tree[G1].db).run().ok, CheckService(tree[G1].db).run().problems
    xfer(tree, G1, C1, tmp_path, "up3.gridpkg")  # the head after the restore extends the old one at the parent
    xfer(tree, C1, G1, tmp_path, "down4.gridpkg")
    with tree[C1].db.read() as s:
        kept = json.loads(s.get(Meta, HEAD_KEY + tree[G1].db.node_id).value)
    with tree[G1].db.read() as s:
        assert kept["hash"] == s.execute(select(AuditLog.hash).where(AuditLog.origin_node == tree[G1].db.node_id)
                                         .order_by(AuditLog.created_hlc.desc())).scalars().first()
    assert CheckService(tree[G1].db).run().ok
