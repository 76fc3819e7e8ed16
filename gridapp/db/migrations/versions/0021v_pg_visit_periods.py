"""visit_period on PostgreSQL: the hub keeps the households visited per unit and period as the desktops do (0019a),
with statement-level triggers that recount the pairs each statement touched (gridapp.db.visit_periods.pg_create)

Revision ID: 0021v
Revises: 0020
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op

from gridapp.db import visit_periods

revision = '0021v'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":  # SQLite has had it since 0019a
        return
    visit_periods.pg_create(conn)
    visit_periods.pg_rebuild(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        visit_periods.pg_drop(conn)
