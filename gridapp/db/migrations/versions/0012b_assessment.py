"""assessment: schemes, manual scores, incident marks, published results

Revision ID: 0012b
Revises: 0011
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012b'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assessment_incident',
    sa.Column('scheme_id', sa.String(length=32), nullable=False),
    sa.Column('target_code', sa.String(length=15), nullable=False),
    sa.Column('flagged', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('set_by', sa.String(length=50), nullable=False),
    sa.Column('set_on', sa.Date(), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_incident'))
    )
    with op.batch_alter_table('assessment_incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_incident_scheme_id'), ['scheme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_incident_unit_code'), ['unit_code'], unique=False)

    op.create_table('assessment_result',
    sa.Column('scheme_id', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('target_level', sa.String(length=12), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('published_by', sa.String(length=50), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_result'))
    )
    with op.batch_alter_table('assessment_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_result_scheme_id'), ['scheme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_result_unit_code'), ['unit_code'], unique=False)
        batch_op.create_index('ix_assessment_result_unit_level_period', ['unit_code', 'target_level', 'period'], unique=False)

    op.create_table('assessment_scheme',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('target_level', sa.String(length=12), nullable=False),
    sa.Column('indicators', sa.JSON(), nullable=False),
    sa.Column('top_n', sa.Integer(), nullable=False),
    sa.Column('bottom_n', sa.Integer(), nullable=False),
    sa.Column('bottom_key', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('repeat_periods', sa.Integer(), nullable=False),
    sa.Column('repeat_band', sa.String(length=8), nullable=False),
    sa.Column('repeat_outcome', sa.String(length=16), nullable=False),
    sa.Column('incident_outcome', sa.String(length=16), nullable=True),
    sa.Column('negative_list', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('created_by', sa.String(length=50), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_scheme'))
    )
    with op.batch_alter_table('assessment_scheme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_scheme_unit_code'), ['unit_code'], unique=False)

    op.create_table('assessment_score',
    sa.Column('scheme_id', sa.String(length=32), nullable=False),
    sa.Column('target_code', sa.String(length=15), nullable=False),
    sa.Column('indicator', sa.String(length=8), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('scored_by', sa.String(length=50), nullable=False),
    sa.Column('scored_on', sa.Date(), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_score'))
    )
    with op.batch_alter_table('assessment_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_score_scheme_id'), ['scheme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_score_unit_code'), ['unit_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('assessment_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_score_unit_code'))
        batch_op.drop_index(batch_op.f('ix_assessment_score_scheme_id'))

    op.drop_table('assessment_score')
    with op.batch_alter_table('assessment_scheme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_scheme_unit_code'))

    op.drop_table('assessment_scheme')
    with op.batch_alter_table('assessment_result', schema=None) as batch_op:
        batch_op.drop_index('ix_assessment_result_unit_level_period')
        batch_op.drop_index(batch_op.f('ix_assessment_result_unit_code'))
        batch_op.drop_index(batch_op.f('ix_assessment_result_scheme_id'))

    op.drop_table('assessment_result')
    with op.batch_alter_table('assessment_incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_incident_unit_code'))
        batch_op.drop_index(batch_op.f('ix_assessment_incident_scheme_id'))

    op.drop_table('assessment_incident')
