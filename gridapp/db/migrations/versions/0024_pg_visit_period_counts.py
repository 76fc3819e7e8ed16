"""visit_period on PostgreSQL: the visits' trigger functions read the touched households' live visits once and
count per (household, period) by hash, instead of one index probe per (household, period) pair
(gridapp.db.visit_periods._pg_visit_delta; the hub's import of a package's visits). Nothing on SQLite.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op

from gridapp.db import visit_periods

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":  # SQLite's row triggers (0019a) are unchanged
        visit_periods.pg_replace_functions(conn)


def downgrade() -> None:
    pass  # the functions count the same; 0021v's slower form is not restored
