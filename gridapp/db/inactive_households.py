"""The households the visit rate does not count, kept on write (derived data, PostgreSQL only: the hub, since 0025).

The visit rate's denominator is the active households: not deleted, with at least one live active resident. Read
from visit_period (gridapp.db.visit_periods), the rate needs only the few households that are *not* active (their
visits are taken off the kept counts, and they off the totals: `IndicatorService._inactive`). Finding them meant a
pass over every household of the subtree against every resident (an anti-join hashing all the live residents):
1.5 of the city's 1.7 s at a million residents, growing with the residents. On the hub `household_inactive` holds
them, kept by statement-level triggers on `household` and `resident` (as visit_period's): each statement re-judges
the households it touched (inserted, deleted, a change of `deleted`, `unit_code` or `id`; a resident's `deleted`,
`status` or `household_id`), one probe of the household and of its residents each, set-based. A household
written before its residents (a package's order) is inactive until they come. SQLite keeps finding them by the
pass (a desktop holds a district at most; its own bench is in bench/indicators.py).

Not a model, never synced, never in the change log; `pg_rebuild` makes it again from the rows (the migration, and
the test that checks the triggers against it).
"""

from __future__ import annotations

from typing import Any

TABLE = "household_inactive"

PG_TRIGGERS = {  # trigger name: (table, event, the transition tables it reads)
    "household_inactive_household_ai": ("household", "INSERT", ("new",)),
    "household_inactive_household_au": ("household", "UPDATE", ("old", "new")),
    "household_inactive_household_ad": ("household", "DELETE", ("old",)),
    "household_inactive_resident_ai": ("resident", "INSERT", ("new",)),
    "household_inactive_resident_au": ("resident", "UPDATE", ("old", "new")),
    "household_inactive_resident_ad": ("resident", "DELETE", ("old",)),
}

# a household the visit rate does not count (`IndicatorService._active_households` negated), `h` the household.
# The resident's terms are written so that no partial index over live active residents matches them: in a trigger
# during a first import the statistics say the resident table is empty, and the planner then probed by
# ix_resident_live_birth (every live resident) ANDed with the household's: a scan of the whole index per household
# (a COPY of 200,000 residents ran for minutes). Only the household_id indexes fit these terms.
INACTIVE = ("NOT (h.deleted = false AND EXISTS (SELECT 1 FROM resident r WHERE r.household_id = h.id "
            "AND r.deleted::int = 0 AND r.status || '' = 'active'))")


def _touched(table: str, sides: tuple[str, ...]) -> str:
    """The ids of the households a statement on `table` may have changed the state of."""
    watched: tuple[str, ...]
    if table == "household":
        watched, key = ("deleted", "unit_code"), "id"
    else:
        watched, key = ("deleted", "status", "household_id"), "household_id"
    if len(sides) == 1:
        return f"SELECT {key} AS id FROM {sides[0]}_rows WHERE {key} IS NOT NULL"
    # an UPDATE: the rows whose watched columns changed (both their old and new household), and any row without a
    # counterpart of the same id on the other side (its id changed)
    differs = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in watched)
    return (f"SELECT n.{key} AS id FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id "
            f"WHERE n.{key} IS NOT NULL AND (o.id IS NULL OR {differs}) "
            f"UNION SELECT o.{key} FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id "
            f"WHERE o.{key} IS NOT NULL AND (n.id IS NULL OR {differs})")


def _function(name: str, table: str, sides: tuple[str, ...]) -> str:
    touched = _touched(table, sides)
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM {TABLE} WHERE household_id IN ({touched});
  INSERT INTO {TABLE} (household_id, unit_code)
    SELECT h.id, h.unit_code FROM household h WHERE h.id IN ({touched}) AND {INACTIVE};
  RETURN NULL;
END
$fn$"""


def _exec(conn: Any, sql: str) -> Any:
    return conn.exec_driver_sql(sql) if hasattr(conn, "exec_driver_sql") else conn.execute(sql)


def pg_create(conn: Any) -> None:
    """The table, its trigger functions and statement-level triggers (empty: `pg_rebuild` fills it)."""
    _exec(conn, f"CREATE TABLE IF NOT EXISTS {TABLE} (household_id TEXT PRIMARY KEY, unit_code TEXT NOT NULL)")
    for name, (table, event, sides) in PG_TRIGGERS.items():
        _exec(conn, _function(name, table, sides))
        refs = " ".join(f"{side.upper()} TABLE AS {side}_rows" for side in sides)
        _exec(conn, f"DROP TRIGGER IF EXISTS {name} ON {table}")
        _exec(conn, f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {refs} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()")


def pg_drop(conn: Any) -> None:
    for name, (table, _event, _sides) in PG_TRIGGERS.items():
        _exec(conn, f"DROP TRIGGER IF EXISTS {name} ON {table}")
        _exec(conn, f"DROP FUNCTION IF EXISTS {name}()")
    _exec(conn, f"DROP TABLE IF EXISTS {TABLE}")


def pg_rebuild_sql() -> str:
    """The table's rows computed from the households and residents (what the triggers keep)."""
    return f"SELECT h.id, h.unit_code FROM household h WHERE {INACTIVE}"


def pg_rebuild(conn: Any) -> None:
    _exec(conn, f"DELETE FROM {TABLE}")
    _exec(conn, f"INSERT INTO {TABLE} (household_id, unit_code) {pg_rebuild_sql()}")


def present(conn: Any) -> bool:
    """The table exists (PostgreSQL at 0025 or later)."""
    dialect = getattr(conn, "dialect", None)
    if dialect is None or dialect.name != "postgresql":
        return False
    return bool(_exec(conn, f"SELECT to_regclass('{TABLE}') IS NOT NULL").scalar())
