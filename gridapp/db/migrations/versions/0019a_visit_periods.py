"""visit_period: households visited per unit and calendar period, kept by triggers (SQLite; gridapp.db.visit_periods)

Revision ID: 0019a
Revises: 0018c
Create Date: 2026-12-05
"""
from __future__ import annotations

from alembic import op

from gridapp.db import visit_periods

revision = '0019a'
down_revision = '0018c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":  # the hub counts from the visits themselves
        return
    visit_periods.create(conn)
    visit_periods.rebuild(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        visit_periods.drop(conn)
