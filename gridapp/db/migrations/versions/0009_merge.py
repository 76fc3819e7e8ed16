"""merge the affair list (0008a) and household visits (0008b) schema branches

Revision ID: 0009
Revises: 0008a, 0008b
Create Date: 2026-11-26
"""
from __future__ import annotations

revision = "0009"
down_revision = ("0008a", "0008b")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # both branches only add tables of their own; nothing to reconcile


def downgrade() -> None:
    pass
