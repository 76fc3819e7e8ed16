"""merge the grid tasks (0010a) and disputes (0010b) schema branches

Revision ID: 0011
Revises: 0010a, 0010b
Create Date: 2026-11-26
"""
from __future__ import annotations

revision = "0011"
down_revision = ("0010a", "0010b")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # both branches only add tables of their own; nothing to reconcile


def downgrade() -> None:
    pass
