"""affair list: affair_item, affair_step

Revision ID: 0008a
Revises: 0007
Create Date: 2026-11-26

The affair list (网格事务清单): `affair_item` (a synced record owned by the town/community that admits it) and
`affair_step`, the append-only history of each item's admission workflow, which travels down with the item.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008a'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('affair_item',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=False),
    sa.Column('basis', sa.Text(), nullable=True),
    sa.Column('duty', sa.Text(), nullable=True),
    sa.Column('frequency', sa.String(length=2), nullable=True),
    sa.Column('deadline_days', sa.Integer(), nullable=True),
    sa.Column('required_data', sa.Text(), nullable=True),
    sa.Column('temporary', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=True),
    sa.Column('publicity_from', sa.Date(), nullable=True),
    sa.Column('publicity_to', sa.Date(), nullable=True),
    sa.Column('in_force_from', sa.Date(), nullable=True),
    sa.Column('in_force_to', sa.Date(), nullable=True),
    sa.Column('replaces_id', sa.String(length=32), nullable=True),
    sa.Column('applied_by', sa.String(length=50), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('reviewed_by', sa.String(length=50), nullable=True),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.Column('admitted_by', sa.String(length=50), nullable=True),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('withdrawn_by', sa.String(length=50), nullable=True),
    sa.Column('withdraw_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_affair_item'))
    )
    with op.batch_alter_table('affair_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_affair_item_replaces_id'), ['replaces_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_affair_item_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_affair_item_unit_code'), ['unit_code'], unique=False)

    op.create_table('affair_step',
    sa.Column('item_id', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('username', sa.String(length=50), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_affair_step'))
    )
    with op.batch_alter_table('affair_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_affair_step_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_affair_step_unit_code'), ['unit_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('affair_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_affair_step_unit_code'))
        batch_op.drop_index(batch_op.f('ix_affair_step_item_id'))

    op.drop_table('affair_step')
    with op.batch_alter_table('affair_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_affair_item_unit_code'))
        batch_op.drop_index(batch_op.f('ix_affair_item_status'))
        batch_op.drop_index(batch_op.f('ix_affair_item_replaces_id'))

    op.drop_table('affair_item')
