"""a grid worker's own patrols and daily work log: patrol, worklog, worklog_comment (synced, grid-owned)

Revision ID: 0017a
Revises: 0016d
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017a'
down_revision = '0016d'
branch_labels = None
depends_on = None


def _sync_columns(table: str) -> list[sa.Column]:
    return [
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('unit_code', sa.String(length=15), nullable=False),
        sa.Column('origin_node', sa.String(length=16), nullable=False),
        sa.Column('created_hlc', sa.BigInteger(), nullable=False),
        sa.Column('row_hlc', sa.BigInteger(), nullable=False),
        sa.Column('field_clocks', sa.JSON(), nullable=False),
        sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
        sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table('patrol',
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('worker', sa.String(length=50), nullable=False),
    sa.Column('situation', sa.Text(), nullable=False),
    sa.Column('issues', sa.Text(), nullable=True),
    sa.Column('event_id', sa.String(length=32), nullable=True),
    *_sync_columns('patrol'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol'))
    )
    with op.batch_alter_table('patrol', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_unit_code'), ['unit_code'], unique=False)
        batch_op.create_index('ix_patrol_unit_date', ['unit_code', 'visited_on'], unique=False)

    op.create_table('worklog',
    sa.Column('log_date', sa.Date(), nullable=False),
    sa.Column('worker', sa.String(length=50), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    *_sync_columns('worklog'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worklog'))
    )
    with op.batch_alter_table('worklog', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worklog_unit_code'), ['unit_code'], unique=False)
        batch_op.create_index('ix_worklog_unit_date', ['unit_code', 'log_date'], unique=False)

    op.create_table('worklog_comment',
    sa.Column('worklog_id', sa.String(length=32), nullable=False),
    sa.Column('commented_on', sa.Date(), nullable=False),
    sa.Column('author', sa.String(length=50), nullable=False),
    sa.Column('author_unit', sa.String(length=15), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    *_sync_columns('worklog_comment'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worklog_comment'))
    )
    with op.batch_alter_table('worklog_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worklog_comment_unit_code'), ['unit_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_worklog_comment_worklog_id'), ['worklog_id'], unique=False)


def downgrade() -> None:
    op.drop_table('worklog_comment')
    op.drop_table('worklog')
    op.drop_table('patrol')
