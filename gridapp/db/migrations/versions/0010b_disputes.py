"""disputes: the 矛盾纠纷 ledger (dispute) and its supervision entries (dispute_supervision)

Revision ID: 0010b
Revises: 0009
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010b'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dispute',
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('scale', sa.String(length=2), nullable=False),
    sa.Column('category', sa.String(length=2), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('parties', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=100), nullable=True),
    sa.Column('resolver_org', sa.String(length=100), nullable=True),
    sa.Column('resolver', sa.String(length=50), nullable=True),
    sa.Column('resolver_phone', sa.String(length=20), nullable=True),
    sa.Column('success', sa.Boolean(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('escalated_on', sa.Date(), nullable=True),
    sa.Column('evaluated_on', sa.Date(), nullable=True),
    sa.Column('evaluation', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispute')),
    sa.UniqueConstraint('number', name=op.f('uq_dispute_number'))
    )
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispute_unit_code'), ['unit_code'], unique=False)
        batch_op.create_index('ix_dispute_unit_date', ['unit_code', 'occurred_on'], unique=False)

    op.create_table('dispute_supervision',
    sa.Column('dispute_id', sa.String(length=32), nullable=False),
    sa.Column('sv_unit', sa.String(length=100), nullable=False),
    sa.Column('sv_person', sa.String(length=50), nullable=False),
    sa.Column('sv_on', sa.Date(), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_dispute_supervision_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispute_supervision'))
    )
    with op.batch_alter_table('dispute_supervision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispute_supervision_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dispute_supervision_unit_code'), ['unit_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('dispute_supervision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dispute_supervision_unit_code'))
        batch_op.drop_index(batch_op.f('ix_dispute_supervision_dispute_id'))

    op.drop_table('dispute_supervision')
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.drop_index('ix_dispute_unit_date')
        batch_op.drop_index(batch_op.f('ix_dispute_unit_code'))

    op.drop_table('dispute')
