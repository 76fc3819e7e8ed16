"""A department's installation enrolled with the hub: its sync_peer row (role 'department', longer than the 8
characters the column first had) is stored and read back on PostgreSQL, and migration 0020 widens the column of a
hub database already at 0019a."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DataError

from gridapp.db.database import alembic_config
from gridapp.db.models import SyncPeer
from gridapp.db.postgres import engine_url, open_pg_database

UNIT = "370303001"


def peer(node_id: str, role: str) -> SyncPeer:
    return SyncPeer(node_id=node_id, unit_code=UNIT, unit_name="城管科", role=role, sign_pub="s" * 64,
                    box_pub="b" * 64, fingerprint="f" * 32, enrolled_at=dt.datetime(2026, 12, 6, 8, 0), acked={})


def test_a_department_peer_is_stored_and_read_back_on_the_hub(pg_url):
    db = open_pg_database(pg_url, create=True)
    try:
        with db.write() as s:
            s.add(peer("d" * 16, "department"))
        with db.read() as s:
            got = s.execute(select(SyncPeer).where(SyncPeer.node_id == "d" * 16)).scalar_one()
            assert (got.role, got.unit_code, got.unit_name) == ("department", UNIT, "城管科")
    finally:
        db.close()


def test_migration_0020_widens_the_role_of_a_hub_at_0019a(empty_pg_url):
    from alembic import command

    engine = create_engine(engine_url(empty_pg_url))
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0019a")
        insert = text("INSERT INTO sync_peer (node_id, unit_code, unit_name, role, sign_pub, box_pub, fingerprint, "
                      "enrolled_at, acked) VALUES (:n, :u, '城管科', :r, 's', 'b', 'f', now(), '{}')")
        with engine.begin() as conn:
            conn.execute(insert, {"n": "p" * 16, "u": UNIT, "r": "parent"})
        with pytest.raises(DataError), engine.begin() as conn:  # the bug: too long for VARCHAR(8)
            conn.execute(insert, {"n": "d" * 16, "u": UNIT, "r": "department"})
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0020")
        with engine.begin() as conn:
            conn.execute(insert, {"n": "d" * 16, "u": UNIT, "r": "department"})
            roles = {n: r for n, r in conn.execute(text("SELECT node_id, role FROM sync_peer")).all()}
            assert roles == {"p" * 16: "parent", "d" * 16: "department"}
            indexes = set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE indexname IN "
                                            "('ix_event_summary', 'ix_event_step_action')")).scalars())
            assert indexes == {"ix_event_summary", "ix_event_step_action"}
        with engine.begin() as conn:  # and back down: the long value must go first
            conn.execute(text("DELETE FROM sync_peer WHERE role = 'department'"))
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0019a")
            assert conn.execute(text("SELECT character_maximum_length FROM information_schema.columns "
                                     "WHERE table_name = 'sync_peer' AND column_name = 'role'")).scalar() == 8
    finally:
        engine.dispose()
