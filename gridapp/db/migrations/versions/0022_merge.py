"""merge the hub's visit_period (0021v) and the party history (0021p_party_history) schema branches

Revision ID: 0022
Revises: 0021v, 0021p_party_history
Create Date: 2026-12-06
"""
from __future__ import annotations

revision = "0022"
down_revision = ("0021v", "0021p_party_history")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # one adds PostgreSQL triggers and a table, the other a table of its own: nothing to reconcile


def downgrade() -> None:
    pass
