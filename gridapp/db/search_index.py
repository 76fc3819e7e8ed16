"""The full-text index over residents' addresses (derived data, like the pinyin columns).

`resident_fts` is a contentless FTS5 table with the trigram tokenizer whose rowid is the resident row's rowid
under a name key (`fts_key`: matches come roughly in name order) and whose one column holds the address followed by two private-use characters (END). Trigrams answer a
part of three or more characters directly, from its rarest trigram. A part of one or two characters has no
trigram of its own, but because of END every occurrence of it starts some indexed trigram ("3号" at the end
of "…13号" starts "3号" + END): the `resident_fts_vocab` table (fts5vocab) lists the trigrams that begin
with it, and the query is their OR. The index gives candidates; the caller re-checks the address with LIKE.

Measured at a million residents (bench/registry.py): the trigram index is about 49 MB, a per-character
unicode61 index (every character a token, parts as phrases) about 41 MB, but a phrase of common characters
such as "292号1号楼" walks the doclists of "2", "号", "1" (a million rows each) and took up to 200 ms, where the
trigram index answers in a few. Keyed by name (0016a), a search for an address part of 3 or 6 characters at a
million residents went from p95 100-170 ms to 50-73 ms on a loaded 2-core machine (the page's rows are looked up,
not every match); the upgrade rebuilds the index (about 50 s there).

Inserts are indexed by their writers through `indexing_inserts` (ChangeWriter and the sync merge: the only
paths that insert residents); address updates and hard deletes by SQL triggers (see `indexing_inserts` for
why inserts have no trigger). It is not a model, never travels in a package and is never written to the
change log.

A migration that rebuilds the `resident` table (Alembic batch "recreate") drops these triggers and may
renumber rowids: it must call `drop()` before and `create()` + `backfill()` after.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

FTS_TABLE = "resident_fts"
VOCAB_TABLE = "resident_fts_vocab"
END = "\ue000\ue000"  # two private-use characters after every indexed address
_END_SQL = "char(57344, 57344)"
# tables the models do not declare (the FTS table, its shadow tables, its vocabulary): left out of the
# models-versus-migrations comparison
DERIVED_TABLES = frozenset({FTS_TABLE, f"{FTS_TABLE}_data", f"{FTS_TABLE}_idx", f"{FTS_TABLE}_config",
                            f"{FTS_TABLE}_docsize", f"{FTS_TABLE}_content", VOCAB_TABLE})
# PostgreSQL (the hub): a trigram GIN index on the address itself (pg_trgm answers LIKE '%part%' from it), kept by
# PostgreSQL; no table of its own, no triggers, nothing for the writers to do.
PG_INDEX = "ix_resident_address_trgm"
TRIGGERS = ("resident_fts_ai", "resident_fts_ad", "resident_fts_au")  # _ai: 0005a–0006 only


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's filter for comparing models with a database: leave out the tables above and
    gridapp.db.visit_periods' and gridapp.db.inactive_households' tables."""
    from .inactive_households import TABLE as INACTIVE
    from .visit_periods import TABLE

    return not ((type_ == "table" and (name in DERIVED_TABLES or name in (TABLE, INACTIVE)))
                or (type_ == "index" and name == PG_INDEX))


_TABLES = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(address, content='', columnsize=0, tokenize='trigram')",
    f"CREATE VIRTUAL TABLE {VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, 'row')",
)

# The FTS rowid (since 0016a): the resident's rowid in the low ROWID_BITS bits, above it the code points of the
# first two characters of the name (capped at 0xFFFF; a first character at or above the cap makes both the
# cap). FTS5 returns matches in rowid order, so a search walks an address part's matches roughly in name order
# (the list's order: name first) and reads only the rows of the first page and of the name prefix the page ends
# in, not every match. The key never decreases as names increase (binary order): rows are sorted exactly after.
ROWID_BITS = 31
ROWID_MASK = (1 << ROWID_BITS) - 1
_CAP = 0xFFFF


def _key_sql(row: str) -> str:
    """The FTS rowid of the resident row `row` (new or old in a trigger, or a table alias) in SQL."""
    c1 = f"coalesce(unicode({row}.name), 0)"
    c2 = f"coalesce(unicode(substr({row}.name, 2, 1)), 0)"
    return (f"((CASE WHEN {c1} >= {_CAP} THEN ({_CAP} << 47) | ({_CAP} << {ROWID_BITS}) "
            f"ELSE ({c1} << 47) | (min({c2}, {_CAP}) << {ROWID_BITS}) END) | {row}.rowid)")


def fts_key(name: str | None, rowid: int) -> int:
    """The FTS rowid of a resident (as `_key_sql` computes it; for tests and tools)."""
    c1 = ord(name[0]) if name else 0
    c2 = ord(name[1]) if name and len(name) > 1 else 0
    high = (_CAP << 47) | (_CAP << ROWID_BITS) if c1 >= _CAP else (c1 << 47) | (min(c2, _CAP) << ROWID_BITS)
    return high | rowid


def resident_rowid(fts_rowid: int) -> int:
    """The resident rowid an FTS rowid stands for."""
    return fts_rowid & ROWID_MASK


_INSERT_TRIGGER_0005A = f"""CREATE TRIGGER resident_fts_ai AFTER INSERT ON resident
    WHEN new.current_address IS NOT NULL BEGIN
        INSERT INTO {FTS_TABLE} (rowid, address) VALUES (new.rowid, new.current_address || {_END_SQL});
    END"""
# the triggers as 0005a made them (the FTS rowid the resident's rowid): for downgrades below 0016a
_OTHER_TRIGGERS_0005A = (
    f"""CREATE TRIGGER resident_fts_ad AFTER DELETE ON resident WHEN old.current_address IS NOT NULL BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, address)
            VALUES ('delete', old.rowid, old.current_address || {_END_SQL});
    END""",
    f"""CREATE TRIGGER resident_fts_au AFTER UPDATE OF current_address ON resident
        WHEN old.current_address IS NOT new.current_address BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, address)
            SELECT 'delete', old.rowid, old.current_address || {_END_SQL} WHERE old.current_address IS NOT NULL;
        INSERT INTO {FTS_TABLE} (rowid, address)
            SELECT new.rowid, new.current_address || {_END_SQL} WHERE new.current_address IS NOT NULL;
    END""",
)
# keyed by name (0016a): a new name whose first two characters differ moves the entry too. Writers name
# `name` and `current_address` in an UPDATE only when they change (ChangeWriter writes changed columns; the
# sync merge watches both: gridapp/sync/merge.py _WATCHED), so other updates never run these.
_OTHER_TRIGGERS = (
    f"""CREATE TRIGGER resident_fts_ad AFTER DELETE ON resident WHEN old.current_address IS NOT NULL BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, address)
            VALUES ('delete', {_key_sql("old")}, old.current_address || {_END_SQL});
    END""",
    f"""CREATE TRIGGER resident_fts_au AFTER UPDATE OF current_address, name ON resident
        WHEN old.current_address IS NOT new.current_address OR {_key_sql("old")} != {_key_sql("new")} BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, address)
            SELECT 'delete', {_key_sql("old")}, old.current_address || {_END_SQL}
            WHERE old.current_address IS NOT NULL;
        INSERT INTO {FTS_TABLE} (rowid, address)
            SELECT {_key_sql("new")}, new.current_address || {_END_SQL} WHERE new.current_address IS NOT NULL;
    END""",
)


def _postgresql(conn: Any) -> bool:
    dialect = getattr(conn, "dialect", None)
    return dialect is not None and dialect.name == "postgresql"


def create(conn: Any, *, insert_trigger: bool = False, keyed: bool = True) -> None:
    """Create the FTS table, its vocabulary and the triggers (on a SQLAlchemy connection). Inserts are
    indexed by their writers (`indexing_inserts`); `insert_trigger=True, keyed=False` is the index as 0005a
    made it (its rowid the resident's rowid), `keyed=False` as 0007 left it. On PostgreSQL: the pg_trgm GIN
    index instead."""
    if _postgresql(conn):
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON resident "
                             "USING gin (current_address gin_trgm_ops)")
        return
    for sql in _TABLES:
        conn.exec_driver_sql(sql)
    if insert_trigger:
        conn.exec_driver_sql(_INSERT_TRIGGER_0005A)
    for sql in _OTHER_TRIGGERS if keyed else _OTHER_TRIGGERS_0005A:
        conn.exec_driver_sql(sql)


def drop_insert_trigger(conn: Any) -> None:
    """Migration 0007: inserts are indexed by their writers from now on."""
    if _postgresql(conn):
        return
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS resident_fts_ai")


def restore_insert_trigger(conn: Any) -> None:
    if _postgresql(conn):
        return
    conn.exec_driver_sql(_INSERT_TRIGGER_0005A)


def drop(conn: Any) -> None:
    if _postgresql(conn):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX}")
        return
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {VOCAB_TABLE}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def backfill(conn: Any, *, keyed: bool = True) -> None:
    """Index the addresses of the residents already held (after `create`, with the same `keyed`)."""
    if _postgresql(conn):
        return  # PostgreSQL built the index over the rows already there
    key = _key_sql("resident") if keyed else "rowid"
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} (rowid, address) SELECT {key}, current_address || {_END_SQL} "
                         "FROM resident WHERE current_address IS NOT NULL ORDER BY 1")  # see indexing_inserts
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")


# Why inserts are not indexed by a trigger: any AFTER INSERT trigger on `resident` cost about 50 µs a row
# here (100,000 rows: 3.1 s without a trigger, 8.1-8.5 s with one whose WHEN is never true, 14 s with the
# FTS5 insert, which also flushes FTS5's pending terms at every row's statement savepoint); one INSERT …
# SELECT after the batch costs about 0.3 s. Updates keep their trigger, which fires only when an UPDATE
# names `current_address` (ChangeWriter names changed columns only; the sync merge names it only for rows
# whose address changed), and hard deletes (no path does them) keep theirs.
_INDEXING = "gridapp_indexing_inserts"  # connection.info: an `indexing_inserts` is open (nested ones defer to it)


@contextmanager
def indexing_inserts(conn: Any) -> Iterator[None]:
    """Around INSERTs into `resident` in a write transaction (`conn`: a SQLAlchemy connection): the rows
    inserted inside (rowids above the largest before: SQLite gives new rows max(rowid) + 1) are indexed in
    one statement at the end. Nested inside another (an import's batches inside the whole import), it leaves
    the indexing to the outer one: one statement for all the batches. Should the inserts fail, the owner rolls
    the transaction back."""
    if _postgresql(conn):  # PostgreSQL keeps its index itself
        yield
        return
    if conn.info.get(_INDEXING):  # inside an outer `indexing_inserts`: the outer one indexes these rows too
        yield
        return
    before = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM resident").scalar()
    conn.info[_INDEXING] = True
    try:
        yield
    finally:
        conn.info.pop(_INDEXING, None)
    # in key order: FTS5 flushes its pending terms to a new segment whenever a rowid is not above the last one,
    # and the keys (name first) come in no order: 100,000 rows took 1.4 s of CPU unsorted, 0.4 s sorted
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} (rowid, address) SELECT {_key_sql('resident')}, "
                         f"current_address || {_END_SQL} FROM resident WHERE rowid > ? AND current_address IS NOT NULL "
                         "ORDER BY 1", (before,))


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(conn: Any, text: str, max_terms: int = 200) -> str | None:
    """The FTS5 MATCH expression for rows whose address contains `text` (a DB-API or SQLAlchemy connection's
    `exec_driver_sql`-style executor), "" when no address can contain it, or None when the text is too short
    and common to be worth the index (more than `max_terms` trigrams begin with it)."""
    if len(text) >= 3:
        return _quoted(text)
    if not text:
        return None
    lo = text.lower()
    hi = lo[:-1] + chr(ord(lo[-1]) + 1)
    terms = [r[0] for r in conn.exec_driver_sql(
        f"SELECT term FROM {VOCAB_TABLE} WHERE term >= ? AND term < ? LIMIT ?", (lo, hi, max_terms + 1)).all()]
    if len(terms) > max_terms:
        return None
    return " OR ".join(_quoted(t) for t in terms)
