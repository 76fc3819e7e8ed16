"""record_photo: photos of household visits (入户走访) and 八小工程 records, a synced record beside event_photo whose
bytes are kept in photo_blob (by SHA-256) like the event photos'

Revision ID: 0021e
Revises: 0020
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0021e'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('record_photo',
    sa.Column('visit_id', sa.String(length=32), nullable=True),
    sa.Column('project_id', sa.String(length=32), nullable=True),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.Column('added_by', sa.String(length=50), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('thumb_sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_photo'))
    )
    with op.batch_alter_table('record_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_photo_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_photo_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_photo_unit_code'), ['unit_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_photo_visit_id'), ['visit_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('record_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_photo_visit_id'))
        batch_op.drop_index(batch_op.f('ix_record_photo_unit_code'))
        batch_op.drop_index(batch_op.f('ix_record_photo_sha256'))
        batch_op.drop_index(batch_op.f('ix_record_photo_project_id'))
    op.drop_table('record_photo')
