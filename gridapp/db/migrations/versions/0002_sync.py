"""sync: peers, conflicts, imported parts

Revision ID: 0002b
Revises: 0001
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002b'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('hlc_a', sa.BigInteger(), nullable=False),
    sa.Column('node_a', sa.String(length=16), nullable=False),
    sa.Column('value_a', sa.Text(), nullable=True),
    sa.Column('hlc_b', sa.BigInteger(), nullable=False),
    sa.Column('node_b', sa.String(length=16), nullable=False),
    sa.Column('value_b', sa.Text(), nullable=True),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflict')),
    sa.UniqueConstraint('table_name', 'row_id', 'field', 'hlc_a', 'node_a', 'hlc_b', 'node_b', name=op.f('uq_sync_conflict_table_name_row_id_field_hlc_a_node_a_hlc_b_node_b'))
    )
    op.create_table('sync_node',
    sa.Column('node_id', sa.String(length=16), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('sign_pub', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('node_id', name=op.f('pk_sync_node'))
    )
    op.create_table('sync_seal',
    sa.Column('node_id', sa.String(length=16), nullable=False),
    sa.Column('seq_from', sa.BigInteger(), nullable=False),
    sa.Column('seq_to', sa.BigInteger(), nullable=False),
    sa.Column('hashes', sa.LargeBinary(), nullable=False),
    sa.Column('sig', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('node_id', 'seq_from', 'seq_to', name=op.f('pk_sync_seal'))
    )
    op.create_table('sync_package_in',
    sa.Column('package_id', sa.String(length=32), nullable=False),
    sa.Column('from_node', sa.String(length=16), nullable=False),
    sa.Column('parts', sa.Integer(), nullable=False),
    sa.Column('ranges', sa.JSON(), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('ranges_applied', sa.Boolean(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('package_id', name=op.f('pk_sync_package_in'))
    )
    op.create_table('sync_part_in',
    sa.Column('package_id', sa.String(length=32), nullable=False),
    sa.Column('part_no', sa.Integer(), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.Column('applied', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('package_id', 'part_no', name=op.f('pk_sync_part_in'))
    )
    op.create_table('sync_peer',
    sa.Column('node_id', sa.String(length=16), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('unit_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.Column('sign_pub', sa.String(length=64), nullable=False),
    sa.Column('box_pub', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=32), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('last_export_at', sa.DateTime(), nullable=True),
    sa.Column('last_import_at', sa.DateTime(), nullable=True),
    sa.Column('acked', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('node_id', name=op.f('pk_sync_peer'))
    )
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_peer_unit_code'), ['unit_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_peer_unit_code'))

    op.drop_table('sync_peer')
    op.drop_table('sync_part_in')
    op.drop_table('sync_package_in')
    op.drop_table('sync_seal')
    op.drop_table('sync_node')
    op.drop_table('sync_conflict')
