"""household visits: the 入户走访 ledger (append-only synced table household_visit)

Revision ID: 0008b
Revises: 0007
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008b"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("household_visit",
    sa.Column("household_id", sa.String(length=32), nullable=False),
    sa.Column("visit_date", sa.Date(), nullable=False),
    sa.Column("present", sa.Integer(), nullable=False),
    sa.Column("visitor_name", sa.String(length=50), nullable=False),
    sa.Column("visitor_unit", sa.String(length=15), nullable=True),
    sa.Column("content", sa.Text(), nullable=False),
    sa.Column("issues", sa.Text(), nullable=True),
    sa.Column("handling", sa.Text(), nullable=True),
    sa.Column("replaces", sa.String(length=32), nullable=True),
    sa.Column("id", sa.String(length=32), nullable=False),
    sa.Column("unit_code", sa.String(length=15), nullable=False),
    sa.Column("origin_node", sa.String(length=16), nullable=False),
    sa.Column("created_hlc", sa.BigInteger(), nullable=False),
    sa.Column("row_hlc", sa.BigInteger(), nullable=False),
    sa.Column("field_clocks", sa.JSON(), nullable=False),
    sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
    sa.Column("deleted_hlc", sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(["household_id"], ["household.id"], name=op.f("fk_household_visit_household_id_household")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_household_visit"))
    )
    with op.batch_alter_table("household_visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_household_visit_household_id"), ["household_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_household_visit_unit_code"), ["unit_code"], unique=False)
        batch_op.create_index("ix_household_visit_unit_date", ["unit_code", "visit_date"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("household_visit", schema=None) as batch_op:
        batch_op.drop_index("ix_household_visit_unit_date")
        batch_op.drop_index(batch_op.f("ix_household_visit_unit_code"))
        batch_op.drop_index(batch_op.f("ix_household_visit_household_id"))

    op.drop_table("household_visit")
