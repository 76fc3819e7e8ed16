"""indicators: police_force, homicide_case, satisfaction_survey (the data the plan's indicators need), and two
partial indexes the visit rate reads instead of the tables (a household's live residents, its live visits by date)

Revision ID: 0016b
Revises: 0016c
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016b'
down_revision = '0016c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('police_force',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('community_police', sa.Integer(), nullable=False),
    sa.Column('posts', sa.Integer(), nullable=False),
    sa.Column('in_committees', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('recorded_by', sa.String(length=50), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_police_force'))
    )
    with op.batch_alter_table('police_force', schema=None) as batch_op:
        batch_op.create_index('ix_police_force_unit_code', ['unit_code'], unique=False)
        batch_op.create_index('ix_police_force_unit_year', ['unit_code', 'year'], unique=False)

    op.create_table('homicide_case',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('cases', sa.Integer(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('recorded_by', sa.String(length=50), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_homicide_case'))
    )
    with op.batch_alter_table('homicide_case', schema=None) as batch_op:
        batch_op.create_index('ix_homicide_case_unit_code', ['unit_code'], unique=False)
        batch_op.create_index('ix_homicide_case_unit_year', ['unit_code', 'year'], unique=False)

    op.create_table('satisfaction_survey',
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('asked', sa.Integer(), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('recorded_by', sa.String(length=50), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_satisfaction_survey'))
    )
    with op.batch_alter_table('satisfaction_survey', schema=None) as batch_op:
        batch_op.create_index('ix_satisfaction_survey_taken_on', ['taken_on'], unique=False)
        batch_op.create_index('ix_satisfaction_survey_unit_code', ['unit_code'], unique=False)
    op.create_index('ix_resident_live_household', 'resident', ['household_id'], unique=False,
                    sqlite_where=sa.text("deleted = 0 AND status = 'active'"))
    op.create_index('ix_household_visit_live', 'household_visit', ['household_id', 'visit_date'], unique=False,
                    sqlite_where=sa.text('deleted = 0'))


def downgrade() -> None:
    op.drop_index('ix_household_visit_live', table_name='household_visit')
    op.drop_index('ix_resident_live_household', table_name='resident')
    for name in ('satisfaction_survey', 'homicide_case', 'police_force'):
        op.drop_table(name)
