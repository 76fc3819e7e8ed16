"""The full-text index over residents' addresses (derived data, like the pinyin columns).

`resident_fts` is a contentless FTS5 table with the trigram tokenizer whose rowid is the resident row's rowid
and whose one column holds the address followed by two private-use characters (END). Trigrams answer a
part of three or more characters directly, from its rarest trigram. A part of one or two characters has no
trigram of its own, but because of END every occurrence of it starts some indexed trigram ("3号" at the end
of "…13号" starts "3号" + END): the `resident_fts_vocab` table (fts5vocab) lists the trigrams that begin
with it, and the query is their OR. The index gives candidates; the caller re-checks the address with LIKE.

Measured at a million residents (bench/registry.py): the trigram index is about 49 MB, a per-character
unicode61 index (every character a token, parts as phrases) about 41 MB, but a phrase of common characters
such as "292号1号楼" walks the doclists of "2", "号", "1" (a million rows each) and took up to 200 ms, where the
trigram index answers in a few.

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
    """Alembic's filter for comparing models with a database: leave out the tables above."""
    return not ((type_ == "table" and name in DERIVED_TABLES) or (type_ == "index" and name == PG_INDEX))


_TABLES = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(address, content='', columnsize=0, tokenize='trigram')",
    f"CREATE VIRTUAL TABLE {VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, 'row')",
)
_INSERT_TRIGGER_0005A = f"""CREATE TRIGGER resident_fts_ai AFTER INSERT ON resident
    WHEN new.current_address IS NOT NULL BEGIN
        INSERT INTO {FTS_TABLE} (rowid, address) VALUES (new.rowid, new.current_address || {_END_SQL});
    END"""
_OTHER_TRIGGERS = (
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


def _postgresql(conn: Any) -> bool:
    dialect = getattr(conn, "dialect", None)
    return dialect is not None and dialect.name == "postgresql"


def create(conn: Any, *, insert_trigger: bool = False) -> None:
    """Create the FTS table, its vocabulary and the triggers (on a SQLAlchemy connection). Inserts are
    indexed by their writers (`indexing_inserts`); `insert_trigger=True` is the index as 0005a made it.
    On PostgreSQL: the pg_trgm GIN index instead."""
    if _postgresql(conn):
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON resident "
                             "USING gin (current_address gin_trgm_ops)")
        return
    for sql in _TABLES:
        conn.exec_driver_sql(sql)
    if insert_trigger:
        conn.exec_driver_sql(_INSERT_TRIGGER_0005A)
    for sql in _OTHER_TRIGGERS:
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


def backfill(conn: Any) -> None:
    """Index the addresses of the residents already held (after `create`)."""
    if _postgresql(conn):
        return  # PostgreSQL built the index over the rows already there
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} (rowid, address) SELECT rowid, current_address || {_END_SQL} "
                         "FROM resident WHERE current_address IS NOT NULL")
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
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} (rowid, address) SELECT rowid, current_address || {_END_SQL} "
                         "FROM resident WHERE rowid > ? AND current_address IS NOT NULL", (before,))


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
