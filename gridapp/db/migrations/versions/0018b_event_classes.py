"""event classes: event_class (an office's added subclasses, renamed and retired classes; synced like event_limit);
ix_event_list, the event list's order (found_on, created_hlc) covering its filters (unit_code, deleted) and the id

Revision ID: 0018b
Revises: 0017a
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0018b'
down_revision = '0017a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('event_class',
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('name', sa.String(length=20), nullable=False),
    sa.Column('retired', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_class'))
    )
    with op.batch_alter_table('event_class', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_class_unit_code'), ['unit_code'], unique=False)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_list', ['found_on', 'created_hlc', 'unit_code', 'deleted', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_list')
    with op.batch_alter_table('event_class', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_class_unit_code'))
    op.drop_table('event_class')
