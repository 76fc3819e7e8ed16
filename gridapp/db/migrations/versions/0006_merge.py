"""merge the search index (0005a) and registry extensions (0005b) schema branches

Revision ID: 0006
Revises: 0005a, 0005b
Create Date: 2026-11-26
"""
from __future__ import annotations

revision = "0006"
down_revision = ("0005a", "0005b")
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0005b only adds columns to `resident` (ALTER TABLE ADD COLUMN, no table rebuild), so the address
    # index and its triggers from 0005a stay valid whichever branch runs first.
    pass


def downgrade() -> None:
    pass
