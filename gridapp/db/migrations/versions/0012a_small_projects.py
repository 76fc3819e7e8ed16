"""small projects: the 八小工程 records (small_project), append-only

Revision ID: 0012a
Revises: 0011
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012a'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('small_project',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('responsible', sa.String(length=50), nullable=False),
    sa.Column('recorded_by', sa.String(length=50), nullable=False),
    sa.Column('convention_text', sa.Text(), nullable=True),
    sa.Column('adoption', sa.String(length=100), nullable=True),
    sa.Column('meeting_form', sa.String(length=2), nullable=True),
    sa.Column('topic', sa.String(length=200), nullable=True),
    sa.Column('decision', sa.Text(), nullable=True),
    sa.Column('service_type', sa.String(length=2), nullable=True),
    sa.Column('served', sa.Integer(), nullable=True),
    sa.Column('dispute_id', sa.String(length=32), nullable=True),
    sa.Column('hazards_found', sa.Integer(), nullable=True),
    sa.Column('hazards_fixed', sa.Integer(), nullable=True),
    sa.Column('person_name', sa.String(length=50), nullable=True),
    sa.Column('deeds', sa.Text(), nullable=True),
    sa.Column('household_id', sa.String(length=32), nullable=True),
    sa.Column('motto', sa.Text(), nullable=True),
    sa.Column('replaces', sa.String(length=32), nullable=True),
    sa.Column('delete_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_small_project'))
    )
    with op.batch_alter_table('small_project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_small_project_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_small_project_replaces'), ['replaces'], unique=False)
        batch_op.create_index(batch_op.f('ix_small_project_unit_code'), ['unit_code'], unique=False)
        batch_op.create_index('ix_small_project_unit_date', ['unit_code', 'held_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('small_project', schema=None) as batch_op:
        batch_op.drop_index('ix_small_project_unit_date')
        batch_op.drop_index(batch_op.f('ix_small_project_unit_code'))
        batch_op.drop_index(batch_op.f('ix_small_project_replaces'))
        batch_op.drop_index(batch_op.f('ix_small_project_dispute_id'))

    op.drop_table('small_project')
