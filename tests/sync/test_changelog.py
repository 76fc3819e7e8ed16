"""gridapp.sync.changelog: every synced write appends exactly one change-log row in its transaction."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from sqlalchemy import func, select

from gridapp.core.hlc import pack
from gridapp.db.database import head_revision
from gridapp.db.models import Building, ChangeLog, Household, Meta, OrgUnit, Resident, SyncKnowledge
from gridapp.sync.changelog import (
    IN_ORDER_INDEXES,
    ChangeWriter,
    encode_fields,
    history,
    pending_changes,
    synced_tables,
)

GRID = "370303001001001"


class Boom(Exception):
    pass


def building(name: str = "1号楼", **extra) -> dict:
    return {"unit_code": GRID, "name": name, "address": "和平路1号", "kind": "residential", **extra}


def insert_one(db, model=Building, values: dict | None = None) -> str:
    with db.write() as s:
        return ChangeWriter(db, s).insert(model, values or building())


def log_rows(db) -> list[ChangeLog]:
    with db.read() as s:
        return list(s.execute(select(ChangeLog).order_by(ChangeLog.node_seq)).scalars())


def count(db, model) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def knowledge(db) -> int | None:
    with db.read() as s:
        row = s.get(SyncKnowledge, db.node_id)
        return row.max_seq if row else None


def get(db, model, row_id):
    with db.read() as s:
        return s.get(model, row_id)


# -- inserts ----------------------------------------------------------------------------------------


def test_insert_writes_the_row_and_one_log_row(db):
    row_id = insert_one(db, values=building(floors=6, note=None))
    row = get(db, Building, row_id)
    [log] = log_rows(db)
    assert (log.node_id, log.node_seq, log.table_name, log.row_id, log.op) == (db.node_id, 1, "building", row_id, "insert")
    assert log.unit_code == GRID
    assert log.hlc == row.created_hlc == row.row_hlc
    assert log.base is None
    assert log.schema_rev == head_revision()
    # the compact map: the fields written, no sync columns, no empty fields
    assert json.loads(log.fields) == {"name": "1号楼", "address": "和平路1号", "kind": "residential", "floors": 6}
    assert row.origin_node == db.node_id
    assert row.field_clocks == {} and row.deleted is False and row.deleted_hlc is None


def test_insert_keeps_a_given_id_and_encodes_dates(db):
    with db.write() as s:
        w = ChangeWriter(db, s)
        hh = w.insert(Household, {"unit_code": GRID, "address": "和平路1号101"})
        rid = w.insert(Resident, {"id": "0" * 32, "unit_code": GRID, "household_id": hh, "name": "张三",
                                  "id_number": "11010519491231002X", "gender": "2",
                                  "birth_date": dt.date(1949, 12, 31)})
    assert rid == "0" * 32
    fields = json.loads(log_rows(db)[-1].fields)
    assert fields["birth_date"] == "1949-12-31"
    assert "id" not in fields


def test_bulk_insert_stores_what_the_orm_would_store(db):
    """The plain executemany path: defaults, columns only some rows give, dates, JSON and booleans as the ORM
    writes them (compared column by column, as stored)."""
    from sqlalchemy import text

    rows = [{"unit_code": GRID, "name": "甲楼"}, {"unit_code": GRID, "name": "乙楼", "floors": 6, "note": None},
            {"unit_code": GRID, "name": "丙楼", "kind": "public", "address": "和平路2号"}]
    with db.write() as s:
        ids = ChangeWriter(db, s).bulk_insert(Building, [dict(r) for r in rows])
        for i, r in enumerate(rows):
            s.add(Building(**r, id=f"orm{i}", origin_node=db.node_id, created_hlc=1, row_hlc=1, deleted_hlc=None))
        hh = ChangeWriter(db, s).bulk_insert(Household, [{"unit_code": GRID, "address": "和平路1号"}])[0]
    with db.read() as s:
        stored = {r[0]: r[1:] for r in s.execute(text(
            "SELECT id, name, address, kind, floors, note, field_clocks, deleted, deleted_hlc FROM building"))}
        assert s.execute(text("SELECT field_clocks, deleted, building_id FROM household WHERE id = :i"),
                         {"i": hh}).one() == ("{}", 0, None)
    for i, row_id in enumerate(ids):
        assert stored[row_id] == stored[f"orm{i}"]
    assert stored[ids[0]][2] == "residential" and stored[ids[1]][3] == 6 and stored[ids[2]][2] == "public"


def test_insert_requires_unit_code_and_writes_nothing_without_it(db):
    with pytest.raises(ValueError, match="unit_code"):
        with db.write() as s:
            ChangeWriter(db, s).insert(Building, {"name": "无主楼"})
    assert count(db, Building) == 0 and count(db, ChangeLog) == 0


def test_bulk_insert_logs_each_row_with_its_own_clock_and_sequence(db):
    with db.write() as s:
        ids = ChangeWriter(db, s).bulk_insert(Building, [building(f"{i}号楼") for i in range(1, 51)])
    logs = log_rows(db)
    assert len(ids) == len(set(ids)) == 50 == len(logs)
    assert [entry.node_seq for entry in logs] == list(range(1, 51))
    assert [entry.row_id for entry in logs] == ids
    hlcs = [entry.hlc for entry in logs]
    assert hlcs == sorted(set(hlcs))
    assert knowledge(db) == 50
    assert db.hlc.last >= hlcs[-1]
    assert ChangeWriter(db, None).bulk_insert(Building, []) == []  # type: ignore[arg-type]


def test_sequence_is_contiguous_across_transactions_writers_and_ops(db):
    a = insert_one(db)
    b = insert_one(db, values=building("2号楼"))
    with db.write() as s:
        w = ChangeWriter(db, s)
        w.update(Building, a, {"floors": 7})
        w.delete(Building, b)
        w.bulk_insert(Building, [building("3号楼"), building("4号楼")])
    assert [entry.node_seq for entry in log_rows(db)] == [1, 2, 3, 4, 5, 6]
    assert [entry.op for entry in log_rows(db)] == ["insert", "insert", "update", "delete", "insert", "insert"]
    assert knowledge(db) == 6


# -- transactions -----------------------------------------------------------------------------------


def test_a_rolled_back_transaction_leaves_neither_row_nor_log(db):
    insert_one(db)
    before_hlc_meta = db.meta("hlc")
    with pytest.raises(Boom):
        with db.write() as s:
            w = ChangeWriter(db, s)
            w.insert(Building, building("2号楼"))
            w.bulk_insert(Building, [building("3号楼"), building("4号楼")])
            raise Boom
    assert count(db, Building) == 1
    assert count(db, ChangeLog) == 1
    assert knowledge(db) == 1
    assert db.meta("hlc") == before_hlc_meta
    # and the next write continues the sequence without a gap
    insert_one(db, values=building("5号楼"))
    assert [entry.node_seq for entry in log_rows(db)] == [1, 2]


def test_a_rolled_back_update_keeps_the_old_values_and_clocks(db):
    row_id = insert_one(db)
    with pytest.raises(Boom):
        with db.write() as s:
            ChangeWriter(db, s).update(Building, row_id, {"name": "改名"})
            raise Boom
    row = get(db, Building, row_id)
    assert row.name == "1号楼" and row.field_clocks == {} and row.row_hlc == row.created_hlc
    assert count(db, ChangeLog) == 1


# -- updates ----------------------------------------------------------------------------------------


def test_update_logs_only_the_fields_that_changed_and_the_clocks_seen(db):
    row_id = insert_one(db)
    created = get(db, Building, row_id)
    with db.write() as s:
        changed = ChangeWriter(db, s).update(Building, row_id, {"name": "1号楼", "floors": 11, "note": "新装电梯"})
    assert changed is True
    log = log_rows(db)[-1]
    assert log.op == "update" and log.node_seq == 2
    assert json.loads(log.fields) == {"floors": 11, "note": "新装电梯"}
    seen = [created.created_hlc, db.node_id]
    assert json.loads(log.base) == {"floors": seen, "note": seen}
    row = get(db, Building, row_id)
    assert row.floors == 11 and row.note == "新装电梯"
    assert row.row_hlc == log.hlc > created.created_hlc
    assert row.field_clocks == {"floors": [log.hlc, db.node_id], "note": [log.hlc, db.node_id]}


def test_a_second_update_records_the_first_updates_clock_as_base(db):
    row_id = insert_one(db)
    with db.write() as s:
        ChangeWriter(db, s).update(Building, row_id, {"floors": 6})
    first = log_rows(db)[-1]
    with db.write() as s:
        ChangeWriter(db, s).update(Building, row_id, {"floors": 7, "name": "新1号楼"})
    second = log_rows(db)[-1]
    created = get(db, Building, row_id).created_hlc
    assert json.loads(second.base) == {"floors": [first.hlc, db.node_id], "name": [created, db.node_id]}
    assert get(db, Building, row_id).field_clocks == {
        "floors": [second.hlc, db.node_id], "name": [second.hlc, db.node_id]}


def test_update_records_the_base_the_editor_saw_when_given(db):
    row_id = insert_one(db)
    base = {"name": [12345, "abcdefabcdefabcd"]}
    with db.write() as s:
        ChangeWriter(db, s).update(Building, row_id, {"name": "别名"}, base=base)
    assert json.loads(log_rows(db)[-1].base) == base


def test_an_update_that_changes_nothing_writes_nothing(db):
    row_id = insert_one(db)
    before = get(db, Building, row_id)
    with db.write() as s:
        assert ChangeWriter(db, s).update(Building, row_id, {"name": "1号楼", "kind": "residential"}) is False
    assert count(db, ChangeLog) == 1
    assert get(db, Building, row_id).row_hlc == before.row_hlc


def test_update_refuses_sync_columns_and_unknown_rows(db):
    row_id = insert_one(db)
    for bad in ({"deleted": True}, {"unit_code": "370303001001002"}, {"row_hlc": 1}, {"field_clocks": {}}):
        with pytest.raises(ValueError, match="sync columns"):
            with db.write() as s:
                ChangeWriter(db, s).update(Building, row_id, bad)
    with pytest.raises(KeyError):
        with db.write() as s:
            ChangeWriter(db, s).update(Building, "f" * 32, {"name": "x"})
    assert count(db, ChangeLog) == 1
    assert get(db, Building, row_id).unit_code == GRID


# -- deletes ----------------------------------------------------------------------------------------


def test_delete_is_a_tombstone(db):
    row_id = insert_one(db)
    with db.write() as s:
        ChangeWriter(db, s).delete(Building, row_id)
    row = get(db, Building, row_id)
    assert row is not None, "rows are never hard-deleted"
    log = log_rows(db)[-1]
    assert row.deleted is True
    assert row.deleted_hlc == row.row_hlc == log.hlc
    assert (log.op, json.loads(log.fields), log.unit_code) == ("delete", {"deleted": True}, GRID)
    assert json.loads(log.base) == {"deleted": [row.created_hlc, db.node_id]}
    assert row.name == "1号楼"  # the content stays for history and sync


def test_delete_records_the_row_clock_it_saw_not_its_own(db):
    row_id = insert_one(db)
    with db.write() as s:
        ChangeWriter(db, s).update(Building, row_id, {"floors": 5})
    edited = get(db, Building, row_id).row_hlc
    with db.write() as s:
        ChangeWriter(db, s).delete(Building, row_id)
    log = log_rows(db)[-1]
    assert json.loads(log.base) == {"deleted": [edited, db.node_id]}
    assert log.hlc > edited


def test_deleting_twice_writes_one_tombstone(db):
    row_id = insert_one(db)
    for _ in range(2):
        with db.write() as s:
            ChangeWriter(db, s).delete(Building, row_id)
    assert [entry.op for entry in log_rows(db)] == ["insert", "delete"]


def test_delete_of_an_unknown_row_raises(db):
    with pytest.raises(KeyError):
        with db.write() as s:
            ChangeWriter(db, s).delete(Building, "f" * 32)


# -- clock and knowledge ----------------------------------------------------------------------------


def test_knowledge_tracks_the_nodes_own_highest_sequence(db):
    assert knowledge(db) is None
    insert_one(db)
    assert knowledge(db) == 1
    row_id = insert_one(db, values=building("2号楼"))
    with db.write() as s:
        ChangeWriter(db, s).update(Building, row_id, {"floors": 3})
    assert knowledge(db) == 3
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(SyncKnowledge)).scalar_one() == 1


def test_the_clock_is_persisted_and_a_reopened_database_continues_above_it(db_path, open_db):
    first = open_db(db_path)
    insert_one(first)
    insert_one(first, values=building("2号楼"))
    last = max(entry.hlc for entry in log_rows(first))
    assert int(first.meta("hlc")) == first.hlc.last >= last
    first.close()

    again = open_db(db_path)
    assert again.hlc.last == int(again.meta("hlc")) >= last
    insert_one(again, values=building("3号楼"))
    assert log_rows(again)[-1].hlc > last
    assert log_rows(again)[-1].node_seq == 3


def test_a_pc_clock_set_back_does_not_make_older_stamps(db_path, open_db):
    ahead = pack(int(time.time() * 1000) + 3_600_000, 5)  # last run the PC clock was an hour ahead
    before = open_db(db_path)
    with before.write() as s:
        s.merge(Meta(key="hlc", value=str(ahead)))
    before.close()
    db = open_db(db_path)
    row_id = insert_one(db)
    assert get(db, Building, row_id).created_hlc > ahead


def test_history_and_pending_changes(db):
    a = insert_one(db)
    insert_one(db, values=building("2号楼"))
    with db.write() as s:
        ChangeWriter(db, s).update(Building, a, {"floors": 2})
    with db.read() as s:
        assert [entry.op for entry in history(s, "building", a)] == ["insert", "update"]
        assert pending_changes(s, db.node_id, 0) == 3
        assert pending_changes(s, db.node_id, 2) == 1
        assert pending_changes(s, "someone-else", 0) == 0


def test_writes_across_tables_share_one_sequence(db):
    with db.write() as s:
        w = ChangeWriter(db, s)
        w.insert(OrgUnit, {"code": GRID, "name": "第1网格", "level": "grid", "parent_code": GRID[:12],
                           "unit_code": GRID})
        b = w.insert(Building, building())
        w.insert(Household, {"unit_code": GRID, "address": "1号楼101", "building_id": b})
        assert w.written == 3
    assert [(entry.node_seq, entry.table_name) for entry in log_rows(db)] == [
        (1, "org_unit"), (2, "building"), (3, "household")]
    assert set(synced_tables()) == {"org_unit", "unit_assignment", "building", "household", "resident", "resident_tag",
                                   "special_group_record", "affair_item", "affair_step", "household_visit",
                                   "grid_task", "grid_task_completion", "dispute", "dispute_supervision",
                                   "small_project", "assessment_scheme", "assessment_score", "assessment_incident",
                                   "assessment_result", "audit_log", "event", "event_person", "event_step",
                                   "event_limit", "event_class", "work_calendar_day", "party_org", "party_membership",
                                   "party_centre", "party_centre_link", "party_contact", "party_history",
                                   "police_force", "homicide_case", "satisfaction_survey",
                                   "patrol", "worklog", "worklog_comment", "event_photo", "record_photo"}


def test_encode_fields_is_compact_and_stable():
    assert encode_fields({"b": 1, "a": "中", "d": dt.date(2020, 1, 2)}) == '{"a":"中","b":1,"d":"2020-01-02"}'



def test_two_writers_in_one_transaction_share_the_sequence(tmp_path):
    """A service's write and its audit record use two writers in one transaction: numbers never collide,
    in whatever order the writers take them, and the knowledge ends at the last one."""
    from sqlalchemy import func, select

    from gridapp.db.database import open_database
    from gridapp.db.models import ChangeLog, OrgUnit, SyncKnowledge
    from gridapp.sync.changelog import ChangeWriter

    db = open_database(tmp_path / "t.sqlite3", create=True)
    try:
        with db.write() as s:
            a, b = ChangeWriter(db, s), ChangeWriter(db, s)
            for i, w in enumerate((a, b, a, b, a)):
                w.insert(OrgUnit, {"unit_code": "3703", "code": f"37030{i}", "name": f"区{i}", "level": "district"})
        with db.read() as s:
            seqs = list(s.execute(select(ChangeLog.node_seq).where(ChangeLog.node_id == db.node_id)
                                  .order_by(ChangeLog.node_seq)).scalars())
            assert seqs == list(range(1, 6))
            assert s.get(SyncKnowledge, db.node_id).max_seq == 5
            assert s.execute(select(func.count()).select_from(OrgUnit)).scalar() == 5
        with db.write() as s:  # a new transaction starts from the log again
            ChangeWriter(db, s).insert(OrgUnit, {"unit_code": "3703", "code": "370399", "name": "区9",
                                                 "level": "district"})
        with db.read() as s:
            assert s.get(SyncKnowledge, db.node_id).max_seq == 6
    finally:
        db.close()


# -- bulk loads: indexes built once -------------------------------------------------------------------


def _indexes(db, table: str) -> list[tuple[str, str]]:
    with db.read() as s:
        return s.connection().exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
            "ORDER BY name", (table,)).all()


def _households(n: int, start: int = 0) -> list[dict]:
    return [{"unit_code": GRID, "address": f"和平路{i}号"} for i in range(start, start + n)]


def test_deferred_indexes_are_dropped_during_a_big_load_and_come_back_the_same(db):
    before = {t: _indexes(db, t) for t in ("household", "change_log")}
    assert before["household"] and before["change_log"]
    with db.write() as s:
        w = ChangeWriter(db, s)
        w.defer_indexes({Household: 2000})
        assert [n for n, in s.connection().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('household', 'change_log') "
            "AND sql IS NOT NULL ORDER BY name")] == sorted(  # only those the load adds to in key order stay
            n for n, _sql in before["household"] + before["change_log"] if n in IN_ORDER_INDEXES)
        cache = s.connection().exec_driver_sql("PRAGMA cache_size").scalar()
        w.bulk_insert(Household, _households(2000))
        w.restore_indexes()
        assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() != cache  # put back
    assert {t: _indexes(db, t) for t in before} == before
    assert count(db, Household) == 2000 and len(log_rows(db)) == 2000
    with db.read() as s:  # the rebuilt index answers
        plan = s.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN SELECT id FROM household WHERE unit_code = '{GRID}'").all()
    assert "ix_household_unit_code" in str(plan)


def test_a_failed_big_load_rolls_back_with_its_indexes(db):
    before = _indexes(db, "household")
    with pytest.raises(Boom), db.write() as s:
        w = ChangeWriter(db, s)
        w.defer_indexes({Household: 5000})
        w.bulk_insert(Household, _households(1500))
        raise Boom
    assert _indexes(db, "household") == before
    assert count(db, Household) == 0 and log_rows(db) == []


def test_a_small_load_into_a_big_table_keeps_its_indexes(db):
    with db.write() as s:
        ChangeWriter(db, s).bulk_insert(Household, _households(3000))
    before = _indexes(db, "household")
    with db.write() as s:
        w = ChangeWriter(db, s)
        w.defer_indexes({Household: 1200})  # fewer than half of the 3000 held: rebuilding would cost more
        assert s.connection().exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'household' "
            "AND sql IS NOT NULL").scalar() == len(before)
        w.bulk_insert(Household, _households(1200, 3000))
        w.restore_indexes()
    assert _indexes(db, "household") == before and count(db, Household) == 4200


def test_encode_fields_matches_the_standard_encoder():
    from gridapp.sync.changelog import _ENCODER

    for value in ({}, {"z": "引号\"反斜杠\\换行\n\x01\u2028", "a": None, "m": True, "k": 0, "f": 2.5},
                  {"d": dt.datetime(2024, 2, 3, 4, 5, 6, 7), "e": dt.date(1999, 12, 31), "n": [1, {"x": "y"}]},
                  {"nan": float("nan"), "big": 10 ** 30}):
        assert encode_fields(value) == _ENCODER.encode(value)


# -- the change log of a big bulk insert, built by SQLite ---------------------------------------------------


def _tricky_text(rng, n: int) -> str:
    alphabet = [chr(c) for c in range(0x20)] + ['"', "\\", "/", "\x7f", "\u2028", "\u2029", "é", "张", "三", "😀",
                                               "a", " ", "'", "\ufeff", "\ue000"]
    return "".join(rng.choice(alphabet) for _ in range(n))


def test_bulk_insert_logs_the_same_fields_whichever_path_builds_them(db):
    """A batch of 100 rows or more has its change log built in SQL from the rows just inserted: the same
    text `encode_fields` gives (sorted keys, no nulls, the same escapes), the same clocks and numbers in order."""
    import random

    from gridapp.core.idnumber import make_id

    rng = random.Random(11)
    rows = []
    for i in range(150):
        idn = make_id("370303", dt.date(1950, 1, 1) + dt.timedelta(days=i * 97), i)
        row = {"unit_code": GRID, "name": _tricky_text(rng, 6) or "名", "id_number": idn, "gender": "1",
               "birth_date": dt.date(1950, 1, 1) + dt.timedelta(days=i), "status": "active", "resident_type": "2",
               "phone": None if i % 3 else f"1380000{i:04d}", "key_attention": [None, True, False][i % 3],
               "current_address": _tricky_text(rng, 20), "workplace": "" if i % 5 == 0 else None}
        if i % 4 == 0:
            row["permit_expires"] = dt.date(2030, 1, 1)
        rows.append(row)
    with db.write() as s:
        w = ChangeWriter(db, s)
        assert w._sql_fields(Resident, rows, frozenset(("unit_code",))) is not None  # the SQL path is taken
        ids = w.bulk_insert(Resident, [dict(r) for r in rows])
    logs = log_rows(db)
    assert [entry.row_id for entry in logs] == ids
    assert [entry.node_seq for entry in logs] == list(range(1, 151))
    hlcs = [entry.hlc for entry in logs]
    assert hlcs == list(range(hlcs[0], hlcs[0] + 150))
    assert knowledge(db) == 150
    with db.read() as s:
        created = dict(s.execute(select(Resident.id, Resident.created_hlc)).tuples().all())
    for entry, row in zip(logs, rows, strict=True):
        expected = encode_fields({k: v for k, v in row.items() if v is not None and k != "unit_code"})
        assert entry.fields == expected
        assert (entry.op, entry.table_name, entry.unit_code, entry.base) == ("insert", "resident", GRID, None)
        assert entry.hlc == created[entry.row_id] and entry.schema_rev == head_revision()


def test_bulk_insert_logs_from_python_what_sql_could_write_otherwise(db):
    """Values whose JSON SQLite could write differently (a number in a text column, a default some rows take)
    keep the Python path, with the same result as ever."""
    rows = [building(f"{i}号楼", floors=i) for i in range(120)]
    rows[7]["note"] = 5  # a number in a text column: stored as text, logged as the number it was given as
    with db.write() as s:
        w = ChangeWriter(db, s)
        assert w._sql_fields(Building, rows, frozenset(("unit_code",))) is None
        assert w._sql_fields(Building, [{k: v for k, v in r.items() if k != "kind" or i % 2}
                                        for i, r in enumerate(building(f"{i}") for i in range(120))],
                             frozenset(("unit_code",))) is None  # `kind` has a default some rows would take
        w.bulk_insert(Building, [dict(r) for r in rows])
    logs = log_rows(db)
    assert json.loads(logs[7].fields)["note"] == 5
    assert [entry.fields for entry in logs] == [
        encode_fields({k: v for k, v in r.items() if v is not None and k != "unit_code"}) for r in rows]
