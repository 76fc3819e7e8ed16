"""registry: resident tags (synced), derived search columns on resident (pinyin, initials, reversed ID/phone)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from gridapp.db.derived import derive_resident

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('resident_tag',
    sa.Column('resident_id', sa.String(length=32), nullable=False),
    sa.Column('tag', sa.String(length=20), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_resident_tag_resident_id_resident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_tag'))
    )
    with op.batch_alter_table('resident_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_tag_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_tag_tag'), ['tag'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_tag_unit_code'), ['unit_code'], unique=False)

    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_pinyin', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('name_initials', sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column('id_rev', sa.String(length=18), nullable=True))
        batch_op.add_column(sa.Column('phone_rev', sa.String(length=20), nullable=True))
        batch_op.create_index(batch_op.f('ix_resident_id_rev'), ['id_rev'], unique=False)
        batch_op.create_index('ix_resident_name', ['name', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_name_initials'), ['name_initials'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_name_pinyin'), ['name_pinyin'], unique=False)
        batch_op.create_index('ix_resident_phone', ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_phone_rev'), ['phone_rev'], unique=False)

    # fill the derived search columns of the residents already held (not a change: they are never synced)
    conn = op.get_bind()
    rows = conn.exec_driver_sql("SELECT id, name, id_number, phone FROM resident").fetchall()
    for i in range(0, len(rows), 5000):
        batch = []
        for rid, name, id_number, phone in rows[i:i + 5000]:
            d = derive_resident({"name": name, "id_number": id_number, "phone": phone})
            batch.append((d["name_pinyin"], d["name_initials"], d["id_rev"], d["phone_rev"], rid))
        conn.exec_driver_sql(
            "UPDATE resident SET name_pinyin = ?, name_initials = ?, id_rev = ?, phone_rev = ? WHERE id = ?", batch)


def downgrade() -> None:
    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resident_phone_rev'))
        batch_op.drop_index('ix_resident_phone')
        batch_op.drop_index(batch_op.f('ix_resident_name_pinyin'))
        batch_op.drop_index(batch_op.f('ix_resident_name_initials'))
        batch_op.drop_index('ix_resident_name')
        batch_op.drop_index(batch_op.f('ix_resident_id_rev'))
        batch_op.drop_column('phone_rev')
        batch_op.drop_column('id_rev')
        batch_op.drop_column('name_initials')
        batch_op.drop_column('name_pinyin')

    with op.batch_alter_table('resident_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resident_tag_unit_code'))
        batch_op.drop_index(batch_op.f('ix_resident_tag_tag'))
        batch_op.drop_index(batch_op.f('ix_resident_tag_resident_id'))

    op.drop_table('resident_tag')
