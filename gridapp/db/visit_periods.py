"""Households visited per grid and period (derived data, SQLite only): the visit rate's numerator without reading
the visits.

`visit_period` holds, for every calendar period (month '2026-11', quarter '2026-Q4', year '2026') and every
household unit code, how many households of that unit have at least one live visit (`household_visit`, not
deleted) in the period, whatever the household's own state (a deleted household or one with no active resident
is counted here and taken off by the reader, who finds those few households anyway). A household counts under its
own current `unit_code` (not the visit's), as the visit rate counts it.

Kept by SQL triggers on `household_visit` (insert, delete, a change of `deleted`, `visit_date` or `household_id`)
and on `household` (insert: visits that arrived first; delete; a change of `unit_code`), so every writer (the
services' ChangeWriter, bulk loads, the sync merge, a restore) keeps it without knowing of it. It is not a model,
never travels in a package and is never written to the change log; `rebuild` makes it again from the visits
(the migration that adds it, and the test that checks the triggers against it).

A migration that rebuilds `household_visit` or `household` (Alembic batch "recreate") drops these triggers: it
must call `drop()` before and `create()` + `rebuild()` after.

PostgreSQL (the hub, since 0021v) keeps the same table with statement-level triggers (`pg_create`): each
INSERT, UPDATE, DELETE or COPY on `household_visit` or `household` reads its transition tables (the rows before
and after) and adds, in one set-based statement for all the rows it wrote, the change it made to each
(period, unit): a bulk COPY of a package's visits costs one probe of ix_household_visit_live per (household,
period) it wrote, not a trigger call per row. (A first version recounted every touched pair from all the visits of
its grid: at 400k residents the bulk load of a year's visits ran for minutes.)
Measured at a million residents (bench/indicators.py): see the notes there.
"""

from __future__ import annotations

from typing import Any

TABLE = "visit_period"
KINDS = ("month", "quarter", "year")
TRIGGERS = ("visit_period_visit_ai", "visit_period_visit_ad", "visit_period_visit_au", "visit_period_household_ai",
            "visit_period_household_ad", "visit_period_household_au")

WATCHED = ("household_visit", "household")  # the tables whose triggers keep it
_CREATE = (f"CREATE TABLE IF NOT EXISTS {TABLE} (period TEXT NOT NULL, unit_code TEXT NOT NULL, "
           "households INTEGER NOT NULL, PRIMARY KEY (period, unit_code)) WITHOUT ROWID")


# the key (domain.periods.Period.key) of a period kind as an SQL expression of a day `{day}`, per dialect:
# SQLite (an ISO date text) and PostgreSQL (a DATE)
_KEY_SQL = {
    "month": "substr({day}, 1, 7)",
    "quarter": "(substr({day}, 1, 4) || '-Q' || ((CAST(substr({day}, 6, 2) AS INTEGER) + 2) / 3))",
    "year": "substr({day}, 1, 4)",
}
_PG_KEY_SQL = {
    "month": "to_char({day}, 'YYYY-MM')",
    "quarter": "(to_char({day}, 'YYYY') || '-Q' || extract(quarter FROM {day})::int)",
    "year": "to_char({day}, 'YYYY')",
}


def _key(templates: dict[str, str], kind: str, day: str) -> str:
    if kind not in templates:
        raise ValueError(kind)
    return templates[kind].format(day=day)


def key_sql(kind: str, day: str) -> str:
    """The key (domain.periods.Period.key) of the `kind` period containing the ISO date `day` (an SQL expression)."""
    return _key(_KEY_SQL, kind, day)


def _bounds(kind: str, day: str) -> tuple[str, str]:
    """First and last ISO day (as SQL text comparable with dates; the last day may be written '-31') of the period."""
    if kind == "month":
        return f"(substr({day}, 1, 7) || '-01')", f"(substr({day}, 1, 7) || '-31')"
    if kind == "quarter":
        first = f"((CAST(substr({day}, 6, 2) AS INTEGER) - 1) / 3 * 3 + 1)"
        return (f"printf('%s-%02d-01', substr({day}, 1, 4), {first})",
                f"printf('%s-%02d-31', substr({day}, 1, 4), {first} + 2)")
    return f"(substr({day}, 1, 4) || '-01-01')", f"(substr({day}, 1, 4) || '-12-31')"


def _others(kind: str, household: str, day: str, rowid: str) -> str:
    """Another live visit (not row `rowid`) of `household` in the `kind` period containing `day`: read from
    ix_household_visit_live (`deleted = 0` as its WHERE is written)."""
    lo, hi = _bounds(kind, day)
    return (f"EXISTS (SELECT 1 FROM household_visit o WHERE o.household_id = {household} AND o.deleted = 0 "
            f"AND o.visit_date >= {lo} AND o.visit_date <= {hi} AND o.rowid <> {rowid})")


def _add(kind: str, household: str, day: str, delta: int, when: str) -> str:
    """`delta` households for the `kind` period of `day` under the unit of `household`, if `when`."""
    return (f"INSERT INTO {TABLE} (period, unit_code, households) SELECT {key_sql(kind, day)}, h.unit_code, {delta} "
            f"FROM household h WHERE h.id = {household} AND {when} "
            "ON CONFLICT (period, unit_code) DO UPDATE SET households = households + excluded.households;")


def _same(kind: str) -> str:
    """The row's old and new versions are one live visit of the same household in the same `kind` period."""
    return (f"(old.deleted = 0 AND new.deleted = 0 AND old.household_id = new.household_id "
            f"AND {key_sql(kind, 'old.visit_date')} = {key_sql(kind, 'new.visit_date')})")


def _periods_of(kind: str, household: str, unit: str, delta: int) -> str:
    """`delta` for each `kind` period in which `household` has a live visit, under `unit`."""
    return (f"INSERT INTO {TABLE} (period, unit_code, households) SELECT k, {unit}, {delta} FROM (SELECT DISTINCT "
            f"{key_sql(kind, 'v.visit_date')} AS k FROM household_visit v WHERE v.household_id = {household} "
            "AND v.deleted = 0) WHERE true "
            "ON CONFLICT (period, unit_code) DO UPDATE SET households = households + excluded.households;")


def _triggers() -> list[str]:
    each = KINDS
    ai = "".join(_add(k, "new.household_id", "new.visit_date", 1,
                      f"NOT {_others(k, 'new.household_id', 'new.visit_date', 'new.rowid')}") for k in each)
    ad = "".join(_add(k, "old.household_id", "old.visit_date", -1,
                      f"NOT {_others(k, 'old.household_id', 'old.visit_date', 'old.rowid')}") for k in each)
    # an update: the old version's period loses the household unless another visit (or the new version) keeps it;
    # the new version's period gains it unless another visit (or the old version) had it already
    au = "".join(
        _add(k, "old.household_id", "old.visit_date", -1,
             f"old.deleted = 0 AND NOT {_same(k)} AND NOT {_others(k, 'old.household_id', 'old.visit_date', 'new.rowid')}")
        + _add(k, "new.household_id", "new.visit_date", 1,
               f"new.deleted = 0 AND NOT {_same(k)} AND NOT {_others(k, 'new.household_id', 'new.visit_date', 'new.rowid')}")
        for k in each)
    changed = ("(old.deleted IS NOT new.deleted OR old.visit_date IS NOT new.visit_date "
               "OR old.household_id IS NOT new.household_id)")
    return [
        f"CREATE TRIGGER visit_period_visit_ai AFTER INSERT ON household_visit WHEN new.deleted = 0 BEGIN {ai} END",
        f"CREATE TRIGGER visit_period_visit_ad AFTER DELETE ON household_visit WHEN old.deleted = 0 BEGIN {ad} END",
        "CREATE TRIGGER visit_period_visit_au AFTER UPDATE OF deleted, visit_date, household_id ON household_visit "
        f"WHEN (old.deleted = 0 OR new.deleted = 0) AND {changed} BEGIN {au} END",
        "CREATE TRIGGER visit_period_household_ai AFTER INSERT ON household BEGIN "
        + "".join(_periods_of(k, "new.id", "new.unit_code", 1) for k in each) + " END",
        "CREATE TRIGGER visit_period_household_ad AFTER DELETE ON household BEGIN "
        + "".join(_periods_of(k, "old.id", "old.unit_code", -1) for k in each) + " END",
        "CREATE TRIGGER visit_period_household_au AFTER UPDATE OF unit_code, id ON household "
        "WHEN old.unit_code IS NOT new.unit_code OR old.id IS NOT new.id BEGIN "
        + "".join(_periods_of(k, "old.id", "old.unit_code", -1) + _periods_of(k, "new.id", "new.unit_code", 1)
                  for k in each) + " END",
    ]


def _exec(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> Any:
    return conn.exec_driver_sql(sql, params) if hasattr(conn, "exec_driver_sql") else conn.execute(sql, params)


def create(conn: Any) -> None:
    """The table and its triggers (empty: `rebuild` fills it). `conn`: a SQLAlchemy or DB-API connection."""
    _exec(conn, _CREATE)
    drop_triggers(conn)
    for sql in _triggers():
        _exec(conn, sql)


def drop_triggers(conn: Any) -> None:
    """The triggers only (a bulk load that drops the visits' indexes: `create` + `rebuild` after it)."""
    for name in TRIGGERS:
        _exec(conn, f"DROP TRIGGER IF EXISTS {name}")


def drop(conn: Any) -> None:
    drop_triggers(conn)
    _exec(conn, f"DROP TABLE IF EXISTS {TABLE}")


def rebuild_sql() -> str:
    """The table's rows computed from the visits and households (what the triggers keep)."""
    parts = [f"SELECT p.k AS period, h.unit_code AS unit_code, count(*) AS households FROM (SELECT DISTINCT "
             f"v.household_id AS hid, {key_sql(k, 'v.visit_date')} AS k FROM household_visit v WHERE v.deleted = 0) p "
             "JOIN household h ON h.id = p.hid GROUP BY p.k, h.unit_code" for k in KINDS]
    return " UNION ALL ".join(parts)


def rebuild(conn: Any) -> None:
    """Make the table again from the visits (after `create`, or to repair it)."""
    if _dialect(conn) == "postgresql":
        pg_rebuild(conn)
        return
    _exec(conn, f"DELETE FROM {TABLE}")
    _exec(conn, f"INSERT INTO {TABLE} (period, unit_code, households) {rebuild_sql()}")


def present(conn: Any) -> bool:
    """The table exists (SQLite at schema 0019a or later, PostgreSQL at 0021v or later)."""
    if _dialect(conn) == "postgresql":
        return bool(_exec(conn, f"SELECT to_regclass('{TABLE}') IS NOT NULL").scalar())
    return bool(_exec(conn, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)).first())


def _dialect(conn: Any) -> str:
    dialect = getattr(conn, "dialect", None)
    return dialect.name if dialect is not None else "sqlite"


# -- PostgreSQL: the same table kept by statement-level triggers that recount the pairs a statement touched --------

PG_TRIGGERS = {  # trigger name: (table, event, the transition tables it reads)
    "visit_period_visit_ai": ("household_visit", "INSERT", ("new",)),
    "visit_period_visit_ad": ("household_visit", "DELETE", ("old",)),
    "visit_period_visit_au": ("household_visit", "UPDATE", ("old", "new")),
    "visit_period_household_ai": ("household", "INSERT", ("new",)),
    "visit_period_household_ad": ("household", "DELETE", ("old",)),
    "visit_period_household_au": ("household", "UPDATE", ("old", "new")),
}


def pg_key_sql(kind: str, day: str) -> str:
    """`key_sql` for PostgreSQL, where `day` is a DATE."""
    return _key(_PG_KEY_SQL, kind, day)


_PG_SPAN = {"month": "1 month", "quarter": "3 months", "year": "1 year"}


def _pg_visit_delta(sides: tuple[str, ...]) -> str:
    """A statement on `household_visit`: for each (household, period) of a live version it wrote or removed, the
    change in "the household has a live visit in the period" (post-state minus pre-state), summed per (period, the
    household's unit). The post-state counts come from one read of the touched households' live visits
    (ix_household_visit_live: one probe a household, or one pass over the visits for a statement touching most of
    them), grouped per (household, period) by hash; the pre-state count is that less the new live versions plus the
    old ones: set-based, no row-by-row work. (0021v probed the index once per (household, period) pair, three a
    visit: about half of a package part's COPY of visits; 0024 made it this.)"""
    changed = " UNION ALL ".join(
        f"SELECT household_id AS h, visit_date AS d, {1 if side == 'new' else 0} AS n_new, "
        f"{1 if side == 'old' else 0} AS n_old FROM {side}_rows WHERE deleted = false" for side in sides)

    def keyed(rows: str, extra: str) -> str:
        return " UNION ALL ".join(f"SELECT h, {pg_key_sql(kind, 'd')} AS period{extra} FROM {rows}" for kind in KINDS)

    return (f"WITH changed AS ({changed}), "
            f"pairs AS (SELECT h, period, sum(n_new) AS n_new, sum(n_old) AS n_old FROM ({keyed('changed', ', n_new, n_old')}) k "
            "GROUP BY h, period), "
            "post AS (SELECT o.household_id AS h, o.visit_date AS d FROM household_visit o "
            "WHERE o.household_id IN (SELECT h FROM changed) AND o.deleted = false), "
            f"counted AS (SELECT h, period, count(*) AS post FROM ({keyed('post', '')}) k GROUP BY h, period) "
            "SELECT x.period, hh.unit_code, sum((coalesce(c.post, 0) > 0)::int - "
            "(coalesce(c.post, 0) - x.n_new + x.n_old > 0)::int) AS delta "
            "FROM pairs x LEFT JOIN counted c ON c.h = x.h AND c.period = x.period JOIN household hh ON hh.id = x.h "
            "GROUP BY x.period, hh.unit_code")


def _pg_household_delta(sides: tuple[str, ...]) -> str:
    """A statement on `household`: each period in which a household it wrote (inserted, or whose unit code
    changed) or removed has a live visit, +1 under its new unit code, -1 under its old one."""
    parts = []
    for side in sides:
        rows = f"{side}_rows"
        if len(sides) == 2:  # an UPDATE: only the rows whose unit code (or id) changed
            other = "new_rows" if side == "old" else "old_rows"
            rows = (f"(SELECT r.* FROM {side}_rows r LEFT JOIN {other} o ON o.id = r.id "
                    "WHERE o.id IS NULL OR o.unit_code IS DISTINCT FROM r.unit_code)")
        sign = 1 if side == "new" else -1
        for kind in KINDS:
            parts.append(f"SELECT DISTINCT t.id, {pg_key_sql(kind, 'v.visit_date')} AS period, t.unit_code, "
                         f"{sign} AS delta FROM {rows} t JOIN household_visit v ON v.household_id = t.id "
                         "AND v.deleted = false")
    return f"SELECT period, unit_code, sum(delta) AS delta FROM ({' UNION ALL '.join(parts)}) d " \
           "GROUP BY period, unit_code"


def _pg_function(name: str, table: str, sides: tuple[str, ...]) -> str:
    """The trigger's function: the statement's change to each (period, unit) it touched, added in one statement (a
    pair whose count falls to 0 stays as 0, as SQLite's triggers leave it)."""
    delta = _pg_visit_delta(sides) if table == "household_visit" else _pg_household_delta(sides)
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO {TABLE} (period, unit_code, households)
    SELECT period, unit_code, delta FROM ({delta}) s WHERE delta <> 0
    ON CONFLICT (period, unit_code) DO UPDATE SET households = {TABLE}.households + excluded.households;
  RETURN NULL;
END
$fn$"""


def pg_create(conn: Any) -> None:
    """The table, its trigger functions and statement-level triggers on PostgreSQL (empty: `pg_rebuild` fills it)."""
    _exec(conn, f"CREATE TABLE IF NOT EXISTS {TABLE} (period TEXT NOT NULL, unit_code TEXT NOT NULL, "
                "households INTEGER NOT NULL, PRIMARY KEY (period, unit_code))")
    for name, (table, event, sides) in PG_TRIGGERS.items():
        _exec(conn, _pg_function(name, table, sides))
        refs = " ".join(f"{side.upper()} TABLE AS {side}_rows" for side in sides)
        _exec(conn, f"DROP TRIGGER IF EXISTS {name} ON {table}")
        _exec(conn, f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {refs} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()")


def pg_replace_functions(conn: Any) -> None:
    """The trigger functions as this version writes them (a migration that changes how they count)."""
    for name, (table, _event, sides) in PG_TRIGGERS.items():
        _exec(conn, _pg_function(name, table, sides))


def pg_drop(conn: Any) -> None:
    for name, (table, _event, _sides) in PG_TRIGGERS.items():
        _exec(conn, f"DROP TRIGGER IF EXISTS {name} ON {table}")
        _exec(conn, f"DROP FUNCTION IF EXISTS {name}()")
    _exec(conn, f"DROP TABLE IF EXISTS {TABLE}")


def pg_rebuild_sql() -> str:
    """`rebuild_sql` for PostgreSQL."""
    return " UNION ALL ".join(
        f"SELECT p.k AS period, h.unit_code AS unit_code, count(*) AS households FROM (SELECT DISTINCT "
        f"v.household_id AS hid, {pg_key_sql(k, 'v.visit_date')} AS k FROM household_visit v "
        "WHERE v.deleted = false) p JOIN household h ON h.id = p.hid GROUP BY p.k, h.unit_code" for k in KINDS)


def pg_rebuild(conn: Any) -> None:
    _exec(conn, f"DELETE FROM {TABLE}")
    _exec(conn, f"INSERT INTO {TABLE} (period, unit_code, households) {pg_rebuild_sql()}")
