"""gridapp.services.check: a sound database passes; each kind of damage is reported."""

from __future__ import annotations

import sqlite3

import pytest

from gridapp.db.database import head_revision
from gridapp.services.check import CheckService


def sql(db, statement: str, *params) -> None:
    """Damage the database behind the app's back, as a crash, a bad tool or a bad merge would."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql(statement, params)


def scalar(db, statement: str, *params):
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(statement, params).scalar()


def problems(db) -> list[str]:
    result = CheckService(db).run()
    assert result.ok is (not result.problems)
    return result.problems


def test_a_clean_demo_database_passes(demo_db):
    result = CheckService(demo_db).run()
    assert result.ok, result.problems
    assert result.integrity == "ok"
    assert result.schema_revision == result.schema_head == head_revision()
    assert result.as_dict() == {"integrity": "ok", "schema_revision": head_revision(),
                                "schema_head": head_revision(), "problems": [], "ok": True}


def test_an_empty_and_a_freshly_initialised_database_pass(db, community):
    assert problems(db) == []


def test_a_missing_change_in_the_middle_of_the_log(demo_db):
    node = demo_db.node_id
    table = scalar(demo_db, "SELECT table_name FROM change_log WHERE node_id = ? AND node_seq = 50", node)
    sql(demo_db, "DELETE FROM change_log WHERE node_id = ? AND node_seq = 50", node)
    found = problems(demo_db)
    assert any("不连续" in p and node in p for p in found)
    assert any(f"表 {table} 有 1 条记录没有变更日志" in p for p in found)


def test_a_missing_last_change_breaks_the_knowledge_vector(demo_db):
    node = demo_db.node_id
    sql(demo_db, "DELETE FROM change_log WHERE node_id = ? AND node_seq = (SELECT max(node_seq) FROM change_log)",
        node)
    found = problems(demo_db)
    assert any("已知序号" in p for p in found)
    assert any("没有变更日志" in p for p in found)


def test_a_row_written_without_a_log_entry(demo_db):
    sql(demo_db, "INSERT INTO building (id, unit_code, origin_node, created_hlc, row_hlc, field_clocks, deleted, "
                 "name, kind) VALUES (?, '370303001001001', ?, 1, 1, '{}', 0, '黑户楼', 'residential')",
        "a" * 32, demo_db.node_id)
    assert problems(demo_db) == ["表 building 有 1 条记录没有变更日志。"]


def test_a_row_whose_clock_is_not_its_newest_change(demo_db):
    sql(demo_db, "UPDATE resident SET row_hlc = row_hlc - 1 WHERE id = (SELECT min(id) FROM resident)")
    assert problems(demo_db) == ["表 resident 有 1 条记录的时钟与其最新变更不一致。"]


def test_a_hard_deleted_row_leaves_an_orphan_change(demo_db):
    sql(demo_db, "DELETE FROM resident WHERE id = (SELECT max(id) FROM resident)")
    assert problems(demo_db) == ["变更日志中有 1 条指向表 resident 中不存在的记录。"]


def test_a_broken_foreign_key(demo_db):
    # another program with foreign keys off (SQLite's default) points a resident at a missing household
    con = sqlite3.connect(demo_db.path)
    try:
        with con:
            con.execute("UPDATE resident SET household_id = ? WHERE id = (SELECT min(id) FROM resident)",
                        ("b" * 32,))
    finally:
        con.close()
    assert problems(demo_db) == ["有 1 条记录的外键指向不存在的记录。"]


def test_a_schema_that_is_not_at_head(demo_db):
    sql(demo_db, "UPDATE alembic_version SET version_num = 'older'")
    found = problems(demo_db)
    assert found == [f"数据库结构版本 older 不是最新的 {head_revision()}。"]


@pytest.mark.parametrize("damage", [
    "UPDATE sync_knowledge SET max_seq = max_seq + 5",
    "DELETE FROM sync_knowledge",
])
def test_a_wrong_knowledge_vector(demo_db, damage):
    sql(demo_db, damage)
    assert any("已知序号" in p for p in problems(demo_db))


def test_several_problems_are_all_reported(demo_db):
    sql(demo_db, "UPDATE household SET row_hlc = 0")
    sql(demo_db, "DELETE FROM change_log WHERE table_name = 'building'")
    found = problems(demo_db)
    assert any(p.startswith("表 household 有") and "时钟" in p for p in found)
    assert any(p.startswith("表 building 有") and "没有变更日志" in p for p in found)
    assert any("不连续" in p for p in found)
    assert CheckService(demo_db).run().as_dict()["ok"] is False
