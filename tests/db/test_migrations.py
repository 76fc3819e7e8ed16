"""gridapp.db.database and the Alembic migrations: opening, creating, refusing and upgrading files."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import IntegrityError

from gridapp.core.errors import DatabaseError
from gridapp.db.database import (
    backup_file,
    copy_database,
    current_revision,
    head_revision,
    known_revisions,
    open_database,
)
from gridapp.db.models import SYNC_COLUMNS, SYNCED_MODELS, Base, map_all
from gridapp.db.search_index import include_name


def schema_diff(db, metadata: sa.MetaData) -> list:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True,
                                                     "include_name": include_name})
        return compare_metadata(ctx, metadata)


def raw(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        with con:
            return con.execute(sql, params).fetchall()
    finally:
        con.close()


def backups_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sqlite3")) if folder.exists() else []


# -- the schema -------------------------------------------------------------------------------------


def test_migrations_have_one_head_and_a_fresh_database_is_at_it(db):
    assert head_revision() in known_revisions()
    assert current_revision(db.engine) == head_revision()


def test_models_and_migrations_agree(db):
    map_all()  # a start maps only the tables it reads; every table here
    assert schema_diff(db, Base.metadata) == []


def test_the_comparison_would_notice_a_model_change(db):
    # guard against a comparison that can never fail: add a column to a copy of the models
    map_all()
    changed = sa.MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["resident"].append_column(sa.Column("shoe_size", sa.Integer))
    diff = schema_diff(db, changed)
    assert [d[0] for d in diff] == ["add_column"]
    assert diff[0][3].name == "shoe_size"


def test_every_synced_table_has_the_sync_columns():
    for table in SYNCED_MODELS.values():
        assert set(SYNC_COLUMNS) <= set(table.__table__.columns.keys())  # type: ignore[attr-defined]


def test_wal_mode_and_foreign_keys_are_on(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    # WAL is a property of the file, so another program sees it too
    assert raw(db.path, "PRAGMA journal_mode") == [("wal",)]


def test_foreign_keys_are_enforced(db):
    with pytest.raises(IntegrityError):
        with db.write() as s:
            s.execute(sa.text(
                "INSERT INTO household (id, unit_code, origin_node, created_hlc, row_hlc, field_clocks, deleted, "
                "address, building_id) VALUES ('h1', '370303001001001', 'n', 1, 1, '{}', 0, 'x', 'no-such-building')"))


def test_write_transactions_are_immediate(db):
    # a second writer is refused at BEGIN (not half-way through) while the first holds the write lock
    with db.write() as s:
        s.execute(sa.text("SELECT 1"))
        con = sqlite3.connect(db.path, timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                con.execute("BEGIN IMMEDIATE")
        finally:
            con.close()


# -- creating and opening ---------------------------------------------------------------------------


def test_create_makes_folders_a_migrated_file_and_an_identity(tmp_path, open_db):
    path = tmp_path / "new" / "sub" / "grid.sqlite3"
    db = open_db(path, create=True)
    assert path.is_file()
    assert current_revision(db.engine) == head_revision()
    assert len(db.node_id) == 16 and int(db.node_id, 16) >= 0
    assert db.meta("hlc") == "0"
    assert db.upgraded_from is None and db.backup_path is None


def test_identity_is_kept_across_opens_and_distinct_per_file(db_path, fresh_copy, open_db):
    first = open_db(db_path)
    node = first.node_id
    first.close()
    assert open_db(db_path).node_id == node
    assert open_db(fresh_copy("other")).node_id != node


def test_missing_file_without_create_is_refused_and_not_created(tmp_path):
    path = tmp_path / "nowhere.sqlite3"
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert "数据库文件不存在" in info.value.message
    assert "init" in info.value.message
    assert not path.exists()


def test_empty_file_counts_as_missing(tmp_path):
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with pytest.raises(DatabaseError, match="不存在"):
        open_database(path)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(DatabaseError, match="文件夹"):
        open_database(tmp_path, create=True)


@pytest.mark.parametrize("content", [
    b"garbage" * 300,
    b"PK\x03\x04" + b"\x00" * 2000,  # somebody picked the .xlsx by mistake
    "姓名,身份证号\n张三,110105194912310020\n".encode(),
])
def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path, content):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(content)
    with pytest.raises(DatabaseError) as info:
        open_database(path, create=True)
    assert "不是网格工作台的数据库文件" in info.value.message
    assert path.read_bytes() == content
    assert not Path(f"{path}-wal").exists()


def test_a_corrupt_sqlite_file_is_refused_with_a_chinese_message(tmp_path):
    path = tmp_path / "broken.sqlite3"
    content = b"SQLite format 3\x00" + bytes(range(256)) * 16
    path.write_bytes(content)
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert "已损坏" in info.value.message
    assert path.read_bytes() == content


def test_a_database_from_a_newer_app_is_refused_without_changes(db_path):
    raw(db_path, "UPDATE alembic_version SET version_num = '9999_future'")
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError) as info:
        open_database(db_path)
    assert "更新版本" in info.value.message and "9999_future" in info.value.message
    assert "升级" in info.value.message
    assert db_path.read_bytes() == before
    assert backups_in(db_path.parent / "backups") == []


# -- backups and upgrades ---------------------------------------------------------------------------


def test_opening_an_up_to_date_database_makes_no_backup(db_path, open_db, tmp_path):
    db = open_db(db_path, backup_dir=tmp_path / "bk")
    assert db.backup_path is None and db.upgraded_from is None
    assert backups_in(tmp_path / "bk") == []
    assert backups_in(db_path.parent / "backups") == []


def test_backup_file_copies_a_live_wal_database(db, tmp_path):
    with db.write() as s:
        s.execute(sa.text("INSERT INTO meta (key, value) VALUES ('marker', '在 WAL 中')"))
    # the write may still sit in the -wal file; the backup API must include it
    target = backup_file(db.path, "test", tmp_path / "copies")
    assert target.parent == tmp_path / "copies"
    assert target.name.startswith("gridapp-") and target.name.endswith("-test.sqlite3")
    assert raw(target, "SELECT value FROM meta WHERE key = 'marker'") == [("在 WAL 中",)]
    assert raw(target, "SELECT value FROM meta WHERE key = 'node_id'") == [(db.node_id,)]


def test_backups_never_overwrite_each_other(db):
    first = backup_file(db.path, "same")
    second = backup_file(db.path, "same")
    third = backup_file(db.path, "same")
    assert first.parent == db.path.parent / "backups"
    assert len({first, second, third}) == 3
    assert all(p.exists() for p in (first, second, third))


def test_an_existing_file_below_head_is_backed_up_before_it_is_upgraded(tmp_path, open_db):
    # With one revision the only older state is the base: an existing SQLite file without our schema.
    path = tmp_path / "old.sqlite3"
    raw(path, "CREATE TABLE legacy (note TEXT)")
    raw(path, "INSERT INTO legacy VALUES ('旧数据')")
    db = open_db(path, backup_dir=tmp_path / "bk")
    assert db.backup_path is not None and db.backup_path.parent == tmp_path / "bk"
    assert f"pre-{head_revision()}" in db.backup_path.name
    # the backup is the file as it was: the old data, none of the new tables
    tables = {r[0] for r in raw(db.backup_path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"legacy"}
    # and the live file is upgraded with its old data intact
    assert current_revision(db.engine) == head_revision()
    assert raw(path, "SELECT note FROM legacy") == [("旧数据",)]


def test_copy_database(db_path, tmp_path, open_db):
    target = tmp_path / "copy.sqlite3"
    copy_database(db_path, target)
    assert current_revision(open_db(target).engine) == head_revision()


def test_close_releases_the_file(db_path):
    db = open_database(db_path)
    db.close()
    db_path.rename(db_path.with_suffix(".moved"))  # would fail on Windows with a handle left open
    assert not Path(f"{db_path}-wal").exists()


def test_schema_head_constant_matches_the_migration_scripts():
    from gridapp.db.database import SCHEMA_HEAD, head_revision

    assert SCHEMA_HEAD == head_revision(), "update SCHEMA_HEAD in gridapp/db/database.py with the new migration"


def test_upgrading_to_0004_fills_the_search_columns_of_residents_already_held(tmp_path, open_db):
    from alembic import command

    from gridapp.core.idnumber import make_id
    from gridapp.db.database import alembic_config, create_engine_for

    path = tmp_path / "at0003.sqlite3"
    engine = create_engine_for(path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    engine.dispose()
    idn = make_id("370303", dt.date(1970, 1, 2), 11)
    raw(path, "INSERT INTO resident (id, unit_code, origin_node, created_hlc, row_hlc, field_clocks, deleted, "
              f"id_number, name, gender, birth_date, resident_type, status) VALUES ('r1', '370303001001001', 'n', 1, 1, "
              f"'{{}}', 0, '{idn}', '张三', '1', '1970-01-02', '1', 'active')")
    db = open_db(path, backup_dir=tmp_path / "bk")
    assert current_revision(db.engine) == head_revision()
    assert raw(path, "SELECT name_pinyin, name_initials, id_rev FROM resident") == [("zhangsan", "zs", idn[::-1])]


def test_upgrading_to_0005a_indexes_the_addresses_of_residents_already_held(tmp_path, open_db):
    from alembic import command

    from gridapp.core.idnumber import make_id
    from gridapp.db.database import alembic_config, create_engine_for

    path = tmp_path / "at0004.sqlite3"
    engine = create_engine_for(path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    engine.dispose()
    for i, addr in enumerate(["幸福路3号", "和平街12号", None]):
        idn = make_id("370303", dt.date(1970, 1, 2), 11 + i)
        raw(path, "INSERT INTO resident (id, unit_code, origin_node, created_hlc, row_hlc, field_clocks, deleted, "
                  "id_number, name, gender, birth_date, resident_type, status, current_address) VALUES "
                  "(?, '370303001001001', 'n', 1, 1, '{}', 0, ?, '张三', '1', '1970-01-02', '1', 'active', ?)",
            (f"r{i}", idn, addr))
    db = open_db(path, backup_dir=tmp_path / "bk")
    assert current_revision(db.engine) == head_revision()
    hits = raw(path, "SELECT r.id FROM resident r JOIN resident_fts f ON (f.rowid & 2147483647) = r.rowid "
                     "WHERE resident_fts MATCH '幸福路'")
    assert hits == [("r0",)]
    assert raw(path, "SELECT rowid & 2147483647 FROM resident_fts WHERE resident_fts MATCH '12号'") == raw(
        path, "SELECT rowid FROM resident WHERE id = 'r1'")
    # a part of two characters at the very end still begins a trigram (the address ends with two END marks)
    assert raw(path, "SELECT term FROM resident_fts_vocab WHERE term >= ? AND term < ?",
               ("3号", "3" + chr(ord("号") + 1))) == [("3号\ue000",)]


def test_upgrading_to_0020_keeps_the_peers_and_adds_the_event_summary_indexes(tmp_path, open_db):
    from alembic import command

    from gridapp.db.database import alembic_config, create_engine_for

    path = tmp_path / "at0019a.sqlite3"
    engine = create_engine_for(path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0019a")
    engine.dispose()
    raw(path, "INSERT INTO sync_peer (node_id, unit_code, unit_name, role, sign_pub, box_pub, fingerprint, "
              "enrolled_at, acked) VALUES ('p', '370303001', '城东街道', 'parent', 's', 'b', 'f', "
              "'2026-12-06 08:00:00', '{}')")
    db = open_db(path, backup_dir=tmp_path / "bk")
    assert current_revision(db.engine) == head_revision()
    assert raw(path, "SELECT node_id, role FROM sync_peer") == [("p", "parent")]
    assert raw(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN "
                     "('ix_event_summary', 'ix_event_step_action') ORDER BY name") == [
        ("ix_event_step_action",), ("ix_event_summary",)]
    assert "VARCHAR(12)" in raw(path, "SELECT sql FROM sqlite_master WHERE name = 'sync_peer'")[0][0]


def test_upgrading_to_0021p_adds_the_party_history_and_keeps_the_party_rows(tmp_path, open_db):
    from alembic import command

    from gridapp.db.database import alembic_config, create_engine_for

    path = tmp_path / "at0020.sqlite3"
    engine = create_engine_for(path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0020")
    engine.dispose()
    raw(path, "INSERT INTO party_org (id, unit_code, origin_node, created_hlc, row_hlc, field_clocks, deleted, kind, "
              "name) VALUES ('o1', '370303001001001', 'n', 1, 1, '{}', 0, 'branch', '第1网格党支部')")
    assert "party_history" not in {r[0] for r in raw(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    db = open_db(path, backup_dir=tmp_path / "bk")
    assert current_revision(db.engine) == head_revision() == "0025"  # 0021p_party_history merged with 0021v (0022), then 0021e (0023); 0024, 0025 the hub's (PostgreSQL only)
    assert raw(path, "SELECT id, name FROM party_org") == [("o1", "第1网格党支部")]
    assert raw(path, "SELECT count(*) FROM party_history") == [(0,)]
    assert {r[0] for r in raw(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                                    "'party_history'")} >= {"ix_party_history_unit_date", "ix_party_history_resident_id",
                                                            "ix_party_history_centre_id"}
    db.close()
    engine = create_engine_for(path)  # and back down: the table goes, the rest stays
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0020")
    engine.dispose()
    assert "party_history" not in {r[0] for r in raw(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert raw(path, "SELECT id FROM party_org") == [("o1",)]
