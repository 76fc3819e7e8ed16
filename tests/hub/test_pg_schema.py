"""The one set of migrations on PostgreSQL (issue #18): the models' schema, each engine's own means for the rest."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from gridapp.db import inactive_households, visit_periods
from gridapp.db.database import SCHEMA_HEAD
from gridapp.db.models import Base, map_all
from gridapp.db.postgres import engine_url, open_pg_database, qmark_to_format, redact, upgrade
from gridapp.db.search_index import PG_INDEX, include_name


def test_the_migrations_build_the_models_schema_on_postgresql(empty_pg_url):
    map_all()  # (gridapp.db.postgres did already)
    engine = create_engine(engine_url(empty_pg_url))
    try:
        upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
            diff = compare_metadata(MigrationContext.configure(conn, opts={"include_name": include_name}),
                                    Base.metadata)
            assert diff == []
            # search: a pg_trgm GIN index instead of SQLite's FTS5 table
            assert conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"), {"n": PG_INDEX}) \
                .scalar().endswith("USING gin (current_address gin_trgm_ops)")
            assert conn.execute(text("SELECT to_regclass('resident_fts')")).scalar() is None
            # the events' stale marks: PL/pgSQL triggers instead of SQLite's
            triggers = set(conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
            assert triggers == {"trg_event_stale", "trg_event_step_stale", *visit_periods.PG_TRIGGERS,
                                *inactive_households.PG_TRIGGERS}
            assert inactive_households.present(conn)  # 0025
            # and visit_period (0021v), kept by statement-level triggers as SQLite's row triggers keep it
            assert visit_periods.present(conn)
            # partial indexes keep their condition
            where = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_grid_task_item_unit_period'"))
            assert "WHERE (NOT deleted)" in where.scalar()
    finally:
        engine.dispose()


def test_opening_gives_the_node_an_identity_and_refuses_an_empty_database_without_create(empty_pg_url):
    import pytest

    from gridapp.core.errors import DatabaseError

    with pytest.raises(DatabaseError, match="hub init"):
        open_pg_database(empty_pg_url)
    db = open_pg_database(empty_pg_url, create=True)
    try:
        assert len(db.node_id) == 16
        assert "***" not in str(db.path) and db.path.name
    finally:
        db.close()
    with pytest.raises(DatabaseError, match="无法连接"):
        open_pg_database("postgresql://nobody:secret@127.0.0.1:9/none")


def test_sqlite_placeholders_and_passwords():
    assert qmark_to_format("SELECT a FROM t WHERE b = ? AND c LIKE '%?%'") == \
        "SELECT a FROM t WHERE b = %s AND c LIKE '%%?%%'"
    assert redact("postgresql://hub:s3cret@db:5432/city") == "postgresql://hub:***@db:5432/city"


def test_long_in_lists_of_ids_go_as_one_array():
    from gridapp.db.postgres import in_lists_to_any

    ids = tuple(f"id{i}" for i in range(10))
    sql = "SELECT a FROM t WHERE op != 'insert' AND k = ? AND id IN (" + ",".join("?" * 10) + ") AND b IN (?, ?)"
    assert in_lists_to_any(sql, ("x", *ids, 1, 2)) == (
        "SELECT a FROM t WHERE op != 'insert' AND k = ? AND id = ANY(CAST(? AS text[])) AND b IN (?, ?)",
        ("x", "{" + ",".join(f'"{i}"' for i in ids) + "}", 1, 2))
    short = "SELECT a FROM t WHERE id IN (?,?)"
    assert in_lists_to_any(short, ("a", "b")) == (short, ("a", "b"))  # short lists and numbers stay as they are
    nums = "SELECT a FROM t WHERE n IN (" + ",".join("?" * 9) + ")"
    assert in_lists_to_any(nums, tuple(range(9)))[0] == nums
    quoted = "SELECT a FROM t WHERE s = '?' AND id IN (" + ",".join("?" * 9) + ")"
    assert in_lists_to_any(quoted, ("y",) * 9)[0] == quoted


def test_id_arrays_reach_postgresql_intact(pg_url):
    """The array literal a long IN list becomes: quotes, backslashes, commas, braces and "NULL" in ids survive."""
    import psycopg

    from gridapp.db.postgres import _text_array, in_lists_to_any, qmark_to_format

    ids = ('a"b', "c\\d", "e,f", "{g}", "h i", "", "NULL", "j", "k")
    sql, params = in_lists_to_any("SELECT x FROM (SELECT unnest(CAST(? AS text[])) AS x) s WHERE x IN ("
                                  + ",".join("?" * 9) + ")", (_text_array(ids), *ids))
    assert "ANY" in sql
    with psycopg.connect(pg_url) as conn:
        got = [r[0] for r in conn.execute(qmark_to_format(sql), params)]
    assert sorted(got) == sorted(ids)
