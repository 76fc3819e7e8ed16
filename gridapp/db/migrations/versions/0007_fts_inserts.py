"""address index: inserts are indexed by their writers in one statement per batch, not by a trigger per row

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""
from __future__ import annotations

from alembic import op

from gridapp.db import search_index

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search_index.drop_insert_trigger(op.get_bind())


def downgrade() -> None:
    search_index.restore_insert_trigger(op.get_bind())
