"""grid tasks: grid_task and its append-only completions grid_task_completion

Revision ID: 0010a
Revises: 0009
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010a"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("grid_task",
    sa.Column("item_id", sa.String(length=32), nullable=False),
    sa.Column("title", sa.String(length=100), nullable=False),
    sa.Column("frequency", sa.String(length=2), nullable=True),
    sa.Column("period_key", sa.String(length=10), nullable=True),
    sa.Column("period_start", sa.Date(), nullable=False),
    sa.Column("due_date", sa.Date(), nullable=False),
    sa.Column("created_by", sa.String(length=50), nullable=True),
    sa.Column("id", sa.String(length=32), nullable=False),
    sa.Column("unit_code", sa.String(length=15), nullable=False),
    sa.Column("origin_node", sa.String(length=16), nullable=False),
    sa.Column("created_hlc", sa.BigInteger(), nullable=False),
    sa.Column("row_hlc", sa.BigInteger(), nullable=False),
    sa.Column("field_clocks", sa.JSON(), nullable=False),
    sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
    sa.Column("deleted_hlc", sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_task"))
    )
    with op.batch_alter_table("grid_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grid_task_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_grid_task_unit_code"), ["unit_code"], unique=False)
        batch_op.create_index("ix_grid_task_unit_due", ["unit_code", "due_date"], unique=False)
        batch_op.create_index("uq_grid_task_item_unit_period", ["item_id", "unit_code", "period_key"], unique=True, sqlite_where=sa.text("deleted = 0"), postgresql_where=sa.text("NOT deleted"))

    op.create_table("grid_task_completion",
    sa.Column("task_id", sa.String(length=32), nullable=False),
    sa.Column("done_on", sa.Date(), nullable=False),
    sa.Column("done_by", sa.String(length=50), nullable=False),
    sa.Column("note", sa.Text(), nullable=True),
    sa.Column("id", sa.String(length=32), nullable=False),
    sa.Column("unit_code", sa.String(length=15), nullable=False),
    sa.Column("origin_node", sa.String(length=16), nullable=False),
    sa.Column("created_hlc", sa.BigInteger(), nullable=False),
    sa.Column("row_hlc", sa.BigInteger(), nullable=False),
    sa.Column("field_clocks", sa.JSON(), nullable=False),
    sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
    sa.Column("deleted_hlc", sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_task_completion"))
    )
    with op.batch_alter_table("grid_task_completion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grid_task_completion_task_id"), ["task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_grid_task_completion_unit_code"), ["unit_code"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("grid_task_completion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grid_task_completion_unit_code"))
        batch_op.drop_index(batch_op.f("ix_grid_task_completion_task_id"))

    op.drop_table("grid_task_completion")
    with op.batch_alter_table("grid_task", schema=None) as batch_op:
        batch_op.drop_index("uq_grid_task_item_unit_period", sqlite_where=sa.text("deleted = 0"))
        batch_op.drop_index("ix_grid_task_unit_due")
        batch_op.drop_index(batch_op.f("ix_grid_task_unit_code"))
        batch_op.drop_index(batch_op.f("ix_grid_task_item_id"))

    op.drop_table("grid_task")
