"""resident search: the address full-text index (FTS5 trigram, kept by triggers) the list's sort indexes, pinyin indexes with the name

Revision ID: 0005a
Revises: 0004
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from gridapp.db import search_index

revision = '0005a'
down_revision = '0004'
branch_labels = None
depends_on = None

LIVE = sa.text("deleted = 0 AND status = 'active'")
LIVE_PG = sa.text("NOT deleted AND status = 'active'")
SORT_INDEXES = {
    "ix_resident_live_name": ["name", "unit_code", "current_address"],
    "ix_resident_live_grid": ["unit_code", "name"],
    "ix_resident_live_birth": ["birth_date", "unit_code"],
    "ix_resident_live_address": ["current_address", "unit_code"],
}


def upgrade() -> None:
    for col in ("name_pinyin", "name_initials"):  # with the name: a pinyin search reads names from the index
        op.drop_index(f"ix_resident_{col}", table_name="resident")
        op.create_index(f"ix_resident_{col}", "resident", [col, "name"], unique=False)
    for name, cols in SORT_INDEXES.items():
        op.create_index(name, "resident", cols, unique=False, sqlite_where=LIVE, postgresql_where=LIVE_PG)
    conn = op.get_bind()
    search_index.create(conn, insert_trigger=True, keyed=False)  # as 0005a made it; 0007 drops the insert trigger
    search_index.backfill(conn, keyed=False)  # the residents already held (derived data: no change is written)


def downgrade() -> None:
    search_index.drop(op.get_bind())
    for name in SORT_INDEXES:
        op.drop_index(name, table_name="resident")
    for col in ("name_pinyin", "name_initials"):
        op.drop_index(f"ix_resident_{col}", table_name="resident")
        op.create_index(f"ix_resident_{col}", "resident", [col], unique=False)
