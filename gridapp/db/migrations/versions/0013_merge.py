"""merge the small projects (0012a) and assessment (0012b) schema branches

Revision ID: 0013
Revises: 0012a, 0012b
Create Date: 2026-11-26
"""
from __future__ import annotations

revision = "0013"
down_revision = ("0012a", "0012b")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # both branches only add tables of their own; nothing to reconcile


def downgrade() -> None:
    pass
