"""merge the security (0002a) and sync (0002b) schema branches

Revision ID: 0003
Revises: 0002a, 0002b
Create Date: 2026-11-26
"""
from __future__ import annotations

revision = "0003"
down_revision = ("0002a", "0002b")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # both branches only add tables and columns of their own; nothing to reconcile


def downgrade() -> None:
    pass
