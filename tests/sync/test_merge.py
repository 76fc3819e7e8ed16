"""gridapp.sync.merge on its own: late inserts, duplicate deliveries, append-only tables."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from gridapp.db.models import Building, SyncConflict
from gridapp.sync.merge import apply_changes, table_info

NOW = dt.datetime(2026, 11, 26)
UNIT = "370303001001001"


def change(seq, op, fields, *, node="aaaa000000000001", hlc=None, base=None, row="r1"):
    return {"node_id": node, "node_seq": seq, "table_name": "building", "row_id": row, "unit_code": UNIT,
            "op": op, "hlc": hlc if hlc is not None else (1 << 40) + seq, "fields": fields, "base": base,
            "schema_rev": "0002b"}


def test_changes_that_arrive_before_their_insert_are_applied_when_it_comes(db):
    ins = change(1, "insert", {"name": "旧名"})
    upd = change(2, "update", {"name": "新名"}, base={"name": [ins["hlc"], ins["node_id"]]})
    with db.write() as s:
        r = apply_changes(s, [upd], NOW)
        assert r.deferred == 1 and s.get(Building, "r1") is None
    with db.write() as s:
        apply_changes(s, [ins], NOW)
    with db.read() as s:
        b = s.get(Building, "r1")
        assert b.name == "新名" and b.row_hlc == upd["hlc"]
        assert b.field_clocks == {"name": [upd["hlc"], upd["node_id"]]}


def test_a_change_delivered_twice_is_stored_and_applied_once(db):
    ins = change(1, "insert", {"name": "楼"})
    with db.write() as s:
        assert apply_changes(s, [ins, ins], NOW).new == 1
    with db.write() as s:
        assert apply_changes(s, [ins], NOW).new == 0


def test_append_only_tables_never_record_conflicts(db, monkeypatch):
    ins = change(1, "insert", {"name": "楼"})
    base = {"name": [ins["hlc"], ins["node_id"]]}
    a = change(2, "update", {"name": "甲"}, base=base)
    b = change(1, "update", {"name": "乙"}, base=base, node="bbbb000000000002", hlc=a["hlc"] + 1)
    with db.write() as s:
        assert apply_changes(s, [ins, a, b], NOW).conflicts == 1
        s.rollback()
    monkeypatch.setattr(table_info("building"), "append_only", True)
    with db.write() as s:
        assert apply_changes(s, [ins, a, b], NOW).conflicts == 0
    with db.read() as s:
        assert s.execute(select(SyncConflict)).first() is None
        assert s.get(Building, "r1").name == "乙"
    assert json.dumps(ins, ensure_ascii=False)
