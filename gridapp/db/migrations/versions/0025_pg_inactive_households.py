"""household_inactive on PostgreSQL: the households the visit rate does not count (deleted, or without a live
active resident), kept by statement-level triggers on household and resident (gridapp.db.inactive_households), so
the city's visit rate no longer passes over every household and resident to find them. Nothing on SQLite.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op

from gridapp.db import inactive_households

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":  # SQLite finds them by a pass over its (district-sized) rows
        inactive_households.pg_create(conn)
        inactive_households.pg_rebuild(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        inactive_households.pg_drop(conn)
