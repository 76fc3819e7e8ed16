"""address index keyed by name: the FTS rowid carries the first two characters of the name above the
resident's rowid, so that an address search reads its matches in (about) name order

Revision ID: 0016a
Revises: 0015i
Create Date: 2026-12-05
"""
from __future__ import annotations

from alembic import op

from gridapp.db import search_index

revision = "0016a"
down_revision = "0015i"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    search_index.drop(conn)
    search_index.create(conn)
    search_index.backfill(conn)  # derived data: no change is written


def downgrade() -> None:
    conn = op.get_bind()
    search_index.drop(conn)
    search_index.create(conn, keyed=False)
    search_index.backfill(conn, keyed=False)
