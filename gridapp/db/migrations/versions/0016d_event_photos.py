"""event photos: event_photo (local to the installation; JPEG blobs in the encrypted database)

Revision ID: 0016d
Revises: 0016b (the heads of the merged branches in a line: 0016a, 0016c, 0016b; written against 0015i)
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016d'
down_revision = '0016b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('event_photo',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.Column('added_by', sa.String(length=50), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('thumb', sa.LargeBinary(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_photo_event_id'), ['event_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('event_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_photo_event_id'))
    op.drop_table('event_photo')
