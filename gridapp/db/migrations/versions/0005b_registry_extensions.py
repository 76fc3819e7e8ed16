"""registry extensions: 流动/境外 columns on resident, special_group_record

Revision ID: 0005b
Revises: 0004
Create Date: 2026-11-26

The type extensions are columns on `resident` (field-level merge per column, no 1:1 rows that two nodes could
mint twice; NULL columns cost nothing in SQLite rows). Adding columns is a plain ALTER TABLE, no table copy.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005b'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('special_group_record',
    sa.Column('resident_id', sa.String(length=32), nullable=False),
    sa.Column('group_name', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=2), nullable=True),
    sa.Column('offense', sa.String(length=100), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_special_group_record_resident_id_resident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_special_group_record'))
    )
    with op.batch_alter_table('special_group_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_special_group_record_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_special_group_record_unit_code'), ['unit_code'], unique=False)

    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('household_match', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('inflow_reason', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('permit_type', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('permit_no', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('permit_registered', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('permit_expires', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('dwelling_type', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('key_attention', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('foreign_surname', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('foreign_given_name', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('chinese_name', sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column('nationality', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('foreign_doc_type', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('foreign_doc_no', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('foreign_doc_expires', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('visit_purpose', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('arrival_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('departure_date', sa.Date(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.drop_column('departure_date')
        batch_op.drop_column('arrival_date')
        batch_op.drop_column('visit_purpose')
        batch_op.drop_column('foreign_doc_expires')
        batch_op.drop_column('foreign_doc_no')
        batch_op.drop_column('foreign_doc_type')
        batch_op.drop_column('nationality')
        batch_op.drop_column('chinese_name')
        batch_op.drop_column('foreign_given_name')
        batch_op.drop_column('foreign_surname')
        batch_op.drop_column('key_attention')
        batch_op.drop_column('dwelling_type')
        batch_op.drop_column('permit_expires')
        batch_op.drop_column('permit_registered')
        batch_op.drop_column('permit_no')
        batch_op.drop_column('permit_type')
        batch_op.drop_column('inflow_reason')
        batch_op.drop_column('household_match')

    with op.batch_alter_table('special_group_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_special_group_record_unit_code'))
        batch_op.drop_index(batch_op.f('ix_special_group_record_resident_id'))

    op.drop_table('special_group_record')
