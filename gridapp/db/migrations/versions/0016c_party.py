"""party network: party_org, party_membership, party_centre, party_centre_link, party_contact

Revision ID: 0016c
Revises: 0016a
Create Date: 2026-12-05

党建网格 (issue 17): party organisations on the org tree, party membership (sensitive), 党员中心户 and their
linked households, and the 挂包联系 contact log. Plain synced tables: no triggers.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016c'
down_revision = '0016a'  # given as 0015i; main took 0016a first, so this follows it (one head)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('party_org',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('building_id', sa.String(length=32), nullable=True),
    sa.Column('secretary_name', sa.String(length=50), nullable=True),
    sa.Column('secretary_resident_id', sa.String(length=32), nullable=True),
    sa.Column('secretary_username', sa.String(length=50), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['building_id'], ['building.id'], name=op.f('fk_party_org_building_id_building')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_org'))
    )
    with op.batch_alter_table('party_org', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_org_building_id'), ['building_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_org_unit_code'), ['unit_code'], unique=False)

    op.create_table('party_centre',
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.String(length=32), nullable=False),
    sa.Column('group_id', sa.String(length=32), nullable=True),
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
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_party_centre_household_id_household')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_centre'))
    )
    with op.batch_alter_table('party_centre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_centre_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_centre_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_centre_unit_code'), ['unit_code'], unique=False)

    op.create_table('party_centre_link',
    sa.Column('centre_id', sa.String(length=32), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_party_centre_link_household_id_household')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_centre_link'))
    )
    with op.batch_alter_table('party_centre_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_centre_link_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_centre_link_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_centre_link_unit_code'), ['unit_code'], unique=False)

    op.create_table('party_contact',
    sa.Column('centre_id', sa.String(length=32), nullable=True),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('contact_date', sa.Date(), nullable=False),
    sa.Column('contact_by', sa.String(length=50), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('issue', sa.Text(), nullable=True),
    sa.Column('event_id', sa.String(length=32), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_party_contact_household_id_household')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_contact'))
    )
    with op.batch_alter_table('party_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_contact_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_contact_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_contact_unit_code'), ['unit_code'], unique=False)
        batch_op.create_index('ix_party_contact_unit_date', ['unit_code', 'contact_date'], unique=False)

    op.create_table('party_membership',
    sa.Column('resident_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=2), nullable=False),
    sa.Column('org_id', sa.String(length=32), nullable=True),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_party_membership_resident_id_resident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_membership'))
    )
    with op.batch_alter_table('party_membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_membership_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_membership_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_membership_unit_code'), ['unit_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('party_membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_party_membership_unit_code'))
        batch_op.drop_index(batch_op.f('ix_party_membership_resident_id'))
        batch_op.drop_index(batch_op.f('ix_party_membership_org_id'))

    op.drop_table('party_membership')
    with op.batch_alter_table('party_contact', schema=None) as batch_op:
        batch_op.drop_index('ix_party_contact_unit_date')
        batch_op.drop_index(batch_op.f('ix_party_contact_unit_code'))
        batch_op.drop_index(batch_op.f('ix_party_contact_household_id'))
        batch_op.drop_index(batch_op.f('ix_party_contact_centre_id'))

    op.drop_table('party_contact')
    with op.batch_alter_table('party_centre_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_party_centre_link_unit_code'))
        batch_op.drop_index(batch_op.f('ix_party_centre_link_household_id'))
        batch_op.drop_index(batch_op.f('ix_party_centre_link_centre_id'))

    op.drop_table('party_centre_link')
    with op.batch_alter_table('party_centre', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_party_centre_unit_code'))
        batch_op.drop_index(batch_op.f('ix_party_centre_member_id'))
        batch_op.drop_index(batch_op.f('ix_party_centre_household_id'))

    op.drop_table('party_centre')
    with op.batch_alter_table('party_org', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_party_org_unit_code'))
        batch_op.drop_index(batch_op.f('ix_party_org_building_id'))

    op.drop_table('party_org')
