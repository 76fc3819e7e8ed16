"""event photos travel with their event: event_photo becomes a synced record, the bytes move to photo_blob

The JPEG and its thumbnail are kept once per content in `photo_blob` (keyed by the SHA-256 of the JPEG), so a
photo reached by two paths is stored once; `event_photo` gets the sync columns and the two hashes. Photos taken
before this revision keep their rows and bytes but have no change-log entry: they stay on this installation.

Revision ID: 0018c
Revises: 0018b
Create Date: 2026-12-05
"""
from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0018c'
down_revision = '0018b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('photo_blob',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('thumb', sa.LargeBinary(), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_photo_blob'))
    )
    conn = op.get_bind()
    # the photos of 0016d (a few at most: the table is new) are read first and the table dropped, so the new
    # table takes its name and constraint names on every engine
    old = conn.execute(sa.text("SELECT id, event_id, unit_code, added_on, added_by, width, height, data, thumb, "
                               "deleted FROM event_photo")).all()
    with op.batch_alter_table('event_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_photo_event_id'))
    op.drop_table('event_photo')
    op.create_table('event_photo',
    sa.Column('event_id', sa.String(length=32), nullable=False),
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
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_photo'))
    )
    with op.batch_alter_table('event_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_photo_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_photo_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_photo_unit_code'), ['unit_code'], unique=False)
    node = conn.execute(sa.text("SELECT value FROM meta WHERE key = 'node_id'")).scalar() or ''
    seen: set[str] = set()
    for (pid, event_id, unit, added_on, added_by, width, height, data, thumb, deleted) in old:
        sha = hashlib.sha256(data).hexdigest()
        if sha not in seen:
            seen.add(sha)
            conn.execute(sa.text("INSERT INTO photo_blob (sha256, thumb, data) VALUES (:s, :t, :d)"),
                         {"s": sha, "t": thumb, "d": data})
        conn.execute(sa.text(
            "INSERT INTO event_photo (id, event_id, unit_code, added_on, added_by, width, height, sha256, "
            "thumb_sha256, size, origin_node, created_hlc, row_hlc, field_clocks, deleted) VALUES (:id, :e, :u, :a, "
            ":b, :w, :h, :s, :ts, :n, :o, 0, 0, '{}', :x)"),
            {"id": pid, "e": event_id, "u": unit, "a": added_on, "b": added_by, "w": width, "h": height, "s": sha,
             "ts": hashlib.sha256(thumb).hexdigest(), "n": len(data), "o": node[:16], "x": bool(deleted)})


def downgrade() -> None:
    raise NotImplementedError("0018c moves photo bytes to photo_blob; restore a backup to go back")
