"""events: event, event_person, event_step, event_state (local), event_limit, work_calendar_day

Revision ID: 0015i
Revises: 0014g
Create Date: 2026-12-04

Triggers mark an event's local state stale whenever the event or one of its steps is written, by the app or by
sync import, so the events service folds it again before it reads (SQLite; the hub's PostgreSQL gets its own).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015i'
down_revision = '0014g'
branch_labels = None
depends_on = None


STALE = """INSERT INTO event_state (event_id, stale) VALUES ({key}, 1)
    ON CONFLICT (event_id) DO UPDATE SET stale = 1"""
TRIGGERS = {
    "trg_event_stale_ins": ("AFTER INSERT ON event", "NEW.id"),
    "trg_event_stale_upd": ("AFTER UPDATE ON event", "NEW.id"),
    "trg_event_step_stale_ins": ("AFTER INSERT ON event_step", "NEW.event_id"),
    "trg_event_step_stale_upd": ("AFTER UPDATE ON event_step", "NEW.event_id"),
}


PG_FUNCTIONS = {  # PostgreSQL (the hub): one PL/pgSQL trigger function per key column
    "gridapp_event_stale": "NEW.id",
    "gridapp_event_step_stale": "NEW.event_id",
}
PG_TRIGGERS = {
    "trg_event_stale": ("event", "gridapp_event_stale"),
    "trg_event_step_stale": ("event_step", "gridapp_event_step_stale"),
}


def create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for fn, key in PG_FUNCTIONS.items():
            op.execute(f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       f"INSERT INTO event_state (event_id, stale) VALUES ({key}, true) "
                       "ON CONFLICT (event_id) DO UPDATE SET stale = true; RETURN NULL; END $$")
        for name, (table, fn) in PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION {fn}()")
        return
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, (when, key) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} FOR EACH ROW BEGIN {STALE.format(key=key)}; END")


def upgrade() -> None:
    op.create_table('event',
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('class_code', sa.String(length=2), nullable=False),
    sa.Column('subclass', sa.String(length=4), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('building_id', sa.String(length=32), nullable=True),
    sa.Column('household_id', sa.String(length=32), nullable=True),
    sa.Column('found_on', sa.Date(), nullable=False),
    sa.Column('urgency', sa.String(length=1), nullable=False),
    sa.Column('source', sa.String(length=2), nullable=False),
    sa.Column('work_order', sa.String(length=40), nullable=True),
    sa.Column('reporter', sa.String(length=50), nullable=False),
    sa.Column('dispute_id', sa.String(length=32), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_unit_code'), ['unit_code'], unique=False)
        batch_op.create_index('ix_event_unit_found', ['unit_code', 'found_on'], unique=False)

    op.create_table('event_limit',
    sa.Column('class_code', sa.String(length=2), nullable=False),
    sa.Column('accept_days', sa.Integer(), nullable=False),
    sa.Column('handle_days', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_limit'))
    )
    with op.batch_alter_table('event_limit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_limit_unit_code'), ['unit_code'], unique=False)

    op.create_table('event_person',
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('resident_id', sa.String(length=32), nullable=False),
    sa.Column('part', sa.String(length=20), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_person'))
    )
    with op.batch_alter_table('event_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_person_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_person_unit_code'), ['unit_code'], unique=False)

    op.create_table('event_state',
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('stale', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('status', sa.String(length=12), nullable=True),
    sa.Column('holder', sa.String(length=15), nullable=True),
    sa.Column('handler', sa.String(length=15), nullable=True),
    sa.Column('handler_dept', sa.String(length=50), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('handled_on', sa.Date(), nullable=True),
    sa.Column('handle_due', sa.Date(), nullable=True),
    sa.Column('pending_extension', sa.Integer(), nullable=True),
    sa.Column('satisfaction', sa.String(length=1), nullable=True),
    sa.Column('escalated', sa.Boolean(), nullable=True),
    sa.Column('reopened', sa.Boolean(), nullable=True),
    sa.Column('first_unit', sa.String(length=15), nullable=True),
    sa.Column('closed_by', sa.String(length=15), nullable=True),
    sa.Column('supervisions', sa.Integer(), nullable=True),
    sa.Column('red_cards', sa.Integer(), nullable=True),
    sa.Column('anomalies', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_event_state'))
    )
    with op.batch_alter_table('event_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_state_handler'), ['handler'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_state_holder'), ['holder'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_state_stale'), ['stale'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_state_status'), ['status'], unique=False)

    op.create_table('event_step',
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('actor_unit', sa.String(length=15), nullable=False),
    sa.Column('actor_name', sa.String(length=50), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_step'))
    )
    with op.batch_alter_table('event_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_step_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_step_unit_code'), ['unit_code'], unique=False)

    op.create_table('work_calendar_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('working', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=50), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=15), nullable=False),
    sa.Column('origin_node', sa.String(length=16), nullable=False),
    sa.Column('created_hlc', sa.BigInteger(), nullable=False),
    sa.Column('row_hlc', sa.BigInteger(), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('deleted_hlc', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_calendar_day'))
    )
    with op.batch_alter_table('work_calendar_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_calendar_day_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_calendar_day_unit_code'), ['unit_code'], unique=False)
    create_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, (table, _fn) in PG_TRIGGERS.items():
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for fn in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {fn}()")
    else:
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table('work_calendar_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_calendar_day_unit_code'))
        batch_op.drop_index(batch_op.f('ix_work_calendar_day_day'))

    op.drop_table('work_calendar_day')
    with op.batch_alter_table('event_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_step_unit_code'))
        batch_op.drop_index(batch_op.f('ix_event_step_event_id'))

    op.drop_table('event_step')
    with op.batch_alter_table('event_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_state_status'))
        batch_op.drop_index(batch_op.f('ix_event_state_stale'))
        batch_op.drop_index(batch_op.f('ix_event_state_holder'))
        batch_op.drop_index(batch_op.f('ix_event_state_handler'))

    op.drop_table('event_state')
    with op.batch_alter_table('event_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_person_unit_code'))
        batch_op.drop_index(batch_op.f('ix_event_person_event_id'))

    op.drop_table('event_person')
    with op.batch_alter_table('event_limit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_limit_unit_code'))

    op.drop_table('event_limit')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_unit_found')
        batch_op.drop_index(batch_op.f('ix_event_unit_code'))
        batch_op.drop_index(batch_op.f('ix_event_number'))

    op.drop_table('event')
