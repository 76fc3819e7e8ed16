"""merge the photos of visits and 八小工程 (0021e) into the main line (0022)

Revision ID: 0023
Revises: 0022, 0021e
Create Date: 2026-12-06
"""
from __future__ import annotations

revision = "0023"
down_revision = ("0022", "0021e")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # 0021e adds a table of its own: nothing to reconcile


def downgrade() -> None:
    pass
