"""The full-text index over residents' addresses (derived data, like the pinyin columns).

`resident_fts` is a contentless FTS5 table (unicode61) whose rowid is the resident row's rowid and whose one
column holds the address with every character as its own token ("幸福路3号" is indexed as "幸 福 路 3 号").
A search for part of an address is then a phrase of characters, which answers queries of any length — the
two characters "幸福" or "3号" as well as longer ones — from the index (the trigram tokenizer cannot
answer fewer than three characters). The phrase is a candidate filter: the caller re-checks the address
with LIKE, so separators the tokenizer drops ("3-2" vs "32") never widen the results.

The index is kept in step with `resident` by SQL triggers, so every write path — ChangeWriter, bulk
inserts, the sync merge, raw SQL — is covered without code of its own. The triggers split text with the
small helper table `search_pos` (1..SEARCH_POS_MAX): CTEs are not allowed inside triggers and SQLite has
no string-split function. Neither table is a model, travels in a package or is written to the change log.

A migration that rebuilds the `resident` table (Alembic batch "recreate") drops these triggers and may
renumber rowids: it must call `drop()` before and `create()` + `backfill()` after.
"""

from __future__ import annotations

from typing import Any

SEARCH_POS_MAX = 256  # characters of an address that are indexed (the column holds at most 200)
FTS_TABLE = "resident_fts"
POS_TABLE = "search_pos"
# tables the models do not declare (the FTS table, its shadow tables, the helper): left out of the
# models-versus-migrations comparison
DERIVED_TABLES = frozenset({FTS_TABLE, f"{FTS_TABLE}_data", f"{FTS_TABLE}_idx", f"{FTS_TABLE}_config",
                            f"{FTS_TABLE}_docsize", f"{FTS_TABLE}_content", POS_TABLE})


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's filter for comparing models with a database: leave out the tables above."""
    return not (type_ == "table" and name in DERIVED_TABLES)


def _spaced(expr: str) -> str:
    """SQL for `expr` with a space between every character (NULL for NULL or empty text)."""
    return (f"(SELECT group_concat(c, ' ') FROM (SELECT substr({expr}, i, 1) AS c FROM {POS_TABLE} "
            f"WHERE i <= length({expr}) ORDER BY i))")


_TRIGGERS = (
    f"""CREATE TRIGGER resident_fts_ai AFTER INSERT ON resident WHEN new.current_address IS NOT NULL BEGIN
        INSERT INTO {FTS_TABLE} (rowid, address) VALUES (new.rowid, {_spaced('new.current_address')});
    END""",
    f"""CREATE TRIGGER resident_fts_ad AFTER DELETE ON resident WHEN old.current_address IS NOT NULL BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, address)
            VALUES ('delete', old.rowid, {_spaced('old.current_address')});
    END""",
    f"""CREATE TRIGGER resident_fts_au AFTER UPDATE OF current_address ON resident
        WHEN old.current_address IS NOT new.current_address BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, address)
            SELECT 'delete', old.rowid, {_spaced('old.current_address')} WHERE old.current_address IS NOT NULL;
        INSERT INTO {FTS_TABLE} (rowid, address)
            SELECT new.rowid, {_spaced('new.current_address')} WHERE new.current_address IS NOT NULL;
    END""",
)


def create(conn: Any) -> None:
    """Create the helper table, the FTS table and the triggers (on a SQLAlchemy connection)."""
    conn.exec_driver_sql(f"CREATE TABLE {POS_TABLE} (i INTEGER PRIMARY KEY)")
    conn.exec_driver_sql(f"INSERT INTO {POS_TABLE} (i) VALUES " + ",".join(
        f"({i})" for i in range(1, SEARCH_POS_MAX + 1)))
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(address, content='', columnsize=0, "
                         "tokenize='unicode61')")
    for sql in _TRIGGERS:
        conn.exec_driver_sql(sql)


def drop(conn: Any) -> None:
    for name in ("resident_fts_ai", "resident_fts_ad", "resident_fts_au"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {POS_TABLE}")


def spaced(text: str) -> str:
    """The indexed form of `text` (what the triggers compute in SQL)."""
    return " ".join(text[:SEARCH_POS_MAX])


def backfill(conn: Any, batch: int = 20000) -> int:
    """Index the addresses of the residents already held (after `create`); returns the rows indexed."""
    n, last = 0, -(2**63)
    while True:
        rows = conn.exec_driver_sql(
            "SELECT rowid, current_address FROM resident WHERE rowid > ? AND current_address IS NOT NULL "
            "ORDER BY rowid LIMIT ?", (last, batch)).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} (rowid, address) VALUES (?, ?)",
                             [(rowid, spaced(addr)) for rowid, addr in rows if addr])
        n += len(rows)
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")
    return n


def phrase(query: str) -> str | None:
    """The FTS5 MATCH expression for text that must occur in the address (None if it has no characters
    the index holds, e.g. only spaces)."""
    chars = [c for c in query[:SEARCH_POS_MAX] if not c.isspace()]
    if not any(c.isalnum() for c in chars):
        return None
    return '"' + " ".join(chars).replace('"', '""') + '"'
