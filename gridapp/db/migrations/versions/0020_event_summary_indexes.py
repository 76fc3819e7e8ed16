"""event summary indexes and the peer role: sync_peer.role widened to String(12) for 'department' (PostgreSQL
refused the longer value); ix_event_summary (the summary's filters and groups: unit, found on, deleted, class, with
the id for the join) and ix_event_step_action (a step looked up by its event and action, e.g. the first supervision)

Revision ID: 0020
Revises: 0019a
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=8), type_=sa.String(length=12),
                              existing_nullable=False)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_summary', ['unit_code', 'found_on', 'deleted', 'class_code', 'id'],
                              unique=False)
    with op.batch_alter_table('event_step', schema=None) as batch_op:
        batch_op.create_index('ix_event_step_action', ['event_id', 'action'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('event_step', schema=None) as batch_op:
        batch_op.drop_index('ix_event_step_action')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_summary')
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=12), type_=sa.String(length=8),
                              existing_nullable=False)
