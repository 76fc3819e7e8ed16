"""party history: party_history

Revision ID: 0021p_party_history
Revises: 0020
Create Date: 2026-12-06

党建网格 (issue 17): the history of memberships, 党员中心户 and their links (joined, status changed, transferred
out with the destination, ended by a move out, a centre set up or revoked with the reason, households linked and
unlinked), with who did it and when. A plain synced, append-only table: no triggers.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0021p_party_history'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('party_history',
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('resident_id', sa.String(length=32), nullable=True),
    sa.Column('centre_id', sa.String(length=32), nullable=True),
    sa.Column('household_id', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=2), nullable=True),
    sa.Column('detail', sa.String(length=200), nullable=True),
    sa.Column('actor', sa.String(length=50), nullable=False),
    sa.Column('sensitive', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_history'))
    )
    with op.batch_alter_table('party_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_history_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_history_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_history_unit_code'), ['unit_code'], unique=False)
        batch_op.create_index('ix_party_history_unit_date', ['unit_code', 'on_date'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('party_history', schema=None) as batch_op:
        batch_op.drop_index('ix_party_history_unit_date')
        batch_op.drop_index(batch_op.f('ix_party_history_unit_code'))
        batch_op.drop_index(batch_op.f('ix_party_history_resident_id'))
        batch_op.drop_index(batch_op.f('ix_party_history_centre_id'))

    op.drop_table('party_history')
