"""units: grid type, planned households, retired, successor; unit assignments; must change password

Revision ID: 0014g
Revises: 0013
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014g'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('unit_assignment',
    sa.Column('target_code', sa.String(length=15), nullable=False),
    sa.Column('duty', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=True),
    sa.Column('username', sa.String(length=50), nullable=True),
    sa.Column('person_name', sa.String(length=50), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_assignment'))
    )
    with op.batch_alter_table('unit_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_assignment_target_code'), ['target_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_assignment_unit_code'), ['unit_code'], unique=False)

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default='0', nullable=False))

    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('grid_type', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('planned_households', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('retired_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('successor_code', sa.String(length=15), nullable=True))
        batch_op.add_column(sa.Column('managed_by', sa.String(length=15), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.drop_column('managed_by')
        batch_op.drop_column('successor_code')
        batch_op.drop_column('retired_on')
        batch_op.drop_column('planned_households')
        batch_op.drop_column('grid_type')

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')

    with op.batch_alter_table('unit_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_assignment_unit_code'))
        batch_op.drop_index(batch_op.f('ix_unit_assignment_target_code'))

    op.drop_table('unit_assignment')
