"""The one write path for synced records: every insert, update and tombstone goes through
`ChangeWriter`, which stamps the hybrid logical clock, keeps the per-field clocks on the row and appends
one `change_log` row in the same transaction. Generic over tables: it knows the sync columns, not the
areas' rules (those live in the services).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import itemgetter, methodcaller
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, String, func, insert, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from gridapp.core.ids import uuid7s
from gridapp.db import visit_periods
from gridapp.db.database import SCHEMA_HEAD, Database
from gridapp.db.derived import derive, derived_columns
from gridapp.db.models import SYNC_COLUMNS, SYNCED_MODELS, ChangeLog, Meta, SyncKnowledge
from gridapp.db.search_index import indexing_inserts


def schema_rev() -> str:
    """The schema revision stamped on each change (a newer reader knows how to read older changes)."""
    return SCHEMA_HEAD


def encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):  # datetime too: both as ISO 8601, like encode_value
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# one encoder for every change (json.dumps with options builds a new encoder per call)
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=_json_default)


def _one_shot_encoder() -> Any:
    """The C encoder `_ENCODER.encode` builds anew for every call (with a closure or two: about a third of
    the time of encoding a change's few fields), built once. Its output is checked against `_ENCODER` on a
    sample; None (use `_ENCODER.encode`) where the C encoder is missing or differs."""
    from json import encoder as std

    make = getattr(std, "c_make_encoder", None)
    if make is None:
        return None
    try:
        enc = make(None, _json_default, std.encode_basestring, None, ":", ",", True, False, True)
        sample = {"b": "张三\"\\\n\x01", "a": dt.date(2024, 1, 2), "c": True, "d": 1.5, "e": None, "f": 7,
                  "g": dt.datetime(2024, 1, 2, 3, 4, 5, 6)}
        if "".join(enc(sample, 0)) != _ENCODER.encode(sample):
            return None
    except Exception:
        return None
    return enc


_C_ENCODER = _one_shot_encoder()


def encode_fields(values: dict[str, Any]) -> str:
    if _C_ENCODER is not None and type(values) is dict:
        return "".join(_C_ENCODER(values, 0))
    return _ENCODER.encode(values)


class _Inserter:
    """A plain DBAPI executemany for one table: the ORM's bulk insert spends most of its time per row in
    generic bookkeeping (parameter collection, compiled-statement setup). Same columns, same type
    processing (each column's bind processor), same Python-side defaults."""

    def __init__(self, model: type, dialect: Any):
        self.table = model.__table__  # type: ignore[attr-defined]
        self.dialect = dialect
        # attribute key -> (column name, bind processor, default factory, whether None is processed too)
        self.columns: dict[str, tuple[str, Any, Any, bool]] = {}
        self.server_only: set[str] = set()
        for prop in sa_inspect(model).column_attrs:
            col = prop.columns[0]
            if not isinstance(col, Column) or col.table is not self.table:
                continue
            default = None
            if col.default is not None:
                if col.default.is_scalar:
                    default = (lambda v: lambda: v)(col.default.arg)
                elif col.default.is_callable:
                    default = (lambda f: lambda: f(None))(col.default.arg)
                else:
                    raise TypeError(f"{self.table.name}.{col.name}: unsupported default")
            elif col.server_default is not None:
                self.server_only.add(prop.key)
            self.columns[prop.key] = (col.name, col.type._cached_bind_processor(dialect), default,
                                      bool(getattr(col.type, "should_evaluate_none", False)))
        self._sql: dict[tuple[str, ...], str] = {}

    def statement(self, rows: list[dict[str, Any]]) -> tuple[str, list[tuple[Any, ...]]]:
        """The INSERT for the columns these rows give (plus those with a default) and its parameters.
        Fills the rows' missing values in place (the rows are the writer's own dicts)."""
        given: Counter[str] = Counter(chain.from_iterable(rows))  # how many rows give each key
        keys = tuple(k for k, (_n, _p, default, _e) in self.columns.items() if k in given or default is not None)
        defaulted = [(k, self.columns[k][2]) for k in keys if self.columns[k][2] is not None]
        for row in rows:
            for k, default in defaulted:
                if k not in row:
                    row[k] = default()
        for k in keys:
            proc, evaluate_none = self.columns[k][1], self.columns[k][3]
            if proc is None:
                continue
            last_in: Any = _UNSET
            last_out: Any = None
            for row in rows:  # the sync constants ({} clocks, False) are shared objects: processed once
                v = row.get(k, _UNSET)
                if v is _UNSET or (v is None and not evaluate_none):
                    continue
                if v is not last_in:
                    last_in, last_out = v, proc(v)
                row[k] = last_out
        sparse = [k for k in keys if given[k] < len(rows) and self.columns[k][2] is None]
        for row in rows:  # a value some rows do not give and without a default: NULL, as the ORM leaves it
            for k in sparse:
                row.setdefault(k, None)
        sql = self._sql.get(keys)
        if sql is None:
            quote = self.dialect.identifier_preparer.quote
            sql = self._sql[keys] = (
                f"INSERT INTO {self.dialect.identifier_preparer.format_table(self.table)} "
                f"({', '.join(quote(self.columns[k][0]) for k in keys)}) VALUES ({', '.join('?' for _ in keys)})")
        getter = itemgetter(*keys)
        if len(keys) == 1:
            return sql, [(getter(row),) for row in rows]
        return sql, [getter(row) for row in rows]


_UNSET = object()
LOAD_CACHE_KB = 100_000  # the page cache of a bulk load (defer_indexes), in KiB
# Indexes a bulk insert adds to in key order, kept by defer_indexes: the new rows' keys sort after those held
# (new rowids, fresh time-ordered ids) within one unit or one table, so SQLite appends them at one place in
# the tree, for about nothing (100,000 residents: 0.01 s more to insert with the three resident ones, 0.33 s
# less than building them again). The other indexes get their keys in no order: dropped and built again.
IN_ORDER_INDEXES = frozenset({
    "ix_resident_unit_code",  # (unit_code, rowid): an import's rows are of one grid, or a few
    "ix_resident_household_id", "ix_resident_live_household",  # new households' ids are fresh (uuid7)
    "ix_household_unit_code",
    "ix_change_log_unit_code", "ix_change_log_row",  # (table_name, row_id, hlc): fresh ids of one table
})
_NO_CLOCKS: dict[str, Any] = {}  # shared by the rows of a bulk insert (never mutated): encoded once

# The change-log `fields` of a bulk insert built by SQLite from the rows just inserted (json_object of the given
# columns, its nulls dropped by json_patch, keys in sorted order): the same text `encode_fields` writes, for the
# value types whose JSON form the two agree on. Anything else (a float, a datetime, a JSON column, a value of
# another type than its column's) takes the Python path.
_SQL_JSON_MAX_KEYS = 60  # json_object's arguments: two a key, within SQLite's function-argument limit (127)


def _sql_json_kind(col: Any) -> tuple[type, ...] | None:
    """The Python types a column's values may have for the SQL-built change log, or None: not this column."""
    t = col.type
    if isinstance(t, Boolean):
        return (bool,)
    if isinstance(t, DateTime):
        return None
    if isinstance(t, Date):
        return (dt.date,)
    if isinstance(t, Integer):
        return (int,)
    if isinstance(t, String):  # Text too
        return (str,)
    return None


def _sql_json_value(name: str, col: Any) -> str:
    if isinstance(col.type, Boolean):
        return f"CASE WHEN {name} IS NULL THEN NULL WHEN {name} THEN json('true') ELSE json('false') END"
    return name


def table_of(model: type) -> str:
    return model.__tablename__  # type: ignore[attr-defined]


SKIPPED_KEY = "seq_skipped"
_SEQ_KEY = "gridapp_next_seq"  # session.info: (transaction, next sequence number of this node)


def skipped_ranges(session: Session) -> list[tuple[int, int]]:
    """Ranges [lo, hi] of this node's sequence numbers that were issued and then rolled back by restoring a
    backup. They are never issued again: the parent may already hold changes with those numbers."""
    row = session.get(Meta, SKIPPED_KEY)
    return [(int(lo), int(hi)) for lo, hi in json.loads(row.value)] if row else []


def seq_floor(session: Session) -> int:
    return max((hi for _, hi in skipped_ranges(session)), default=0)


def skip_sequence(session: Session, node_id: str, issued_up_to: int) -> tuple[int, int] | None:
    """After a restore: mark this node's numbers above what the restored change log holds, up to
    `issued_up_to` (the highest number the replaced database had issued), as skipped, and let the knowledge
    of our own changes say so. Returns the skipped range, if any."""
    held = session.execute(select(func.max(ChangeLog.node_seq)).where(ChangeLog.node_id == node_id)).scalar() or 0
    held = max(held, seq_floor(session))
    if issued_up_to <= held:
        return None
    ranges = [*skipped_ranges(session), (held + 1, issued_up_to)]
    session.merge(Meta(key=SKIPPED_KEY, value=json.dumps(ranges)))
    session.merge(SyncKnowledge(origin_node=node_id, max_seq=issued_up_to))
    lo, hi = recovering(session) or (held, issued_up_to)
    session.merge(Meta(key=RECOVERING_KEY, value=json.dumps([min(lo, held), max(hi, issued_up_to)])))
    return held + 1, issued_up_to


RECOVERING_KEY = "seq_recovering"


def recovering(session: Session) -> tuple[int, int] | None:
    """After a restore, until the parent has sent back what it holds of them: (held, issued), this node's
    own changes it holds for sure (up to `held`) and the highest number it had issued before going back.
    Meanwhile packages to the parent say this node holds its own changes only up to `held`, so that the
    parent sends back the rolled-back changes it had received (they are not lost: they come home)."""
    row = session.get(Meta, RECOVERING_KEY)
    if row is None:
        return None
    lo, hi = json.loads(row.value)
    return int(lo), int(hi)


def recovered(session: Session) -> None:
    """Recovery is over: every peer has sent back what it held of the rolled-back changes. The hashes of the
    rolled-back changes stay (`LOST_KEY`): a peer may still receive one later, from a package made before the
    restore that it imports late, and send it home (`wanted_own`, `came_home`)."""
    for key in (RECOVERING_KEY, WAITING_KEY, SINCE_KEY):
        row = session.get(Meta, key)
        if row is not None:
            session.delete(row)


# After a restore, the peers (parent and children) that have not yet sent back what they hold of this node's
# rolled-back changes. A change this node sent only down (to one child) is held by that child alone: it
# must come back from there, or the subtree never agrees on it again. Without the key (a restore made by an
# older version) only the parent is waited for.
WAITING_KEY = "seq_recovering_from"
# The rolled-back changes themselves, as hashes (seq -> change hash, hex): a child sends this node's own
# changes back without an origin seal, so each is accepted only if it is exactly one this node had made.
LOST_KEY = "seq_lost"
# The clock of the (latest) restore: a peer's package answers only if the peer made it after importing a package
# of ours made after the restore (its manifest's `your_stamp`, the clock of our newest package it had imported).
# A package made before (still in a mailbox, imported late) was built on what we said before going back: it
# lacks the rolled-back changes the peer received later, and taking it as the answer lost them for good.
SINCE_KEY = "seq_recovering_since"


def waiting_for(session: Session) -> set[str] | None:
    """The peers still to send back rolled-back changes (None: an older restore, only the parent)."""
    row = session.get(Meta, WAITING_KEY)
    return set(json.loads(row.value)) if row is not None else None


def start_waiting(session: Session, peers: Iterable[str], lost: dict[int, str], since: int = 0) -> None:
    """After a restore at clock `since`: wait for `peers` (each to answer with a package made after it heard
    from us again, see `answers`); remember the `lost` own changes (seq -> hash) they may bring."""
    since = max(since, recovering_since(session))
    session.merge(Meta(key=SINCE_KEY, value=str(since)))
    current = waiting_for(session) or set()
    session.merge(Meta(key=WAITING_KEY, value=json.dumps(sorted(current | set(peers)))))
    merged = {**lost_changes(session), **lost}
    session.merge(Meta(key=LOST_KEY, value=json.dumps({str(k): v for k, v in sorted(merged.items())})))


def recovering_since(session: Session) -> int:
    """The clock of the restore being recovered from (0: none, or a restore made by an older version)."""
    row = session.get(Meta, SINCE_KEY)
    return int(row.value) if row is not None else 0


def answers(session: Session, your_stamp: Any) -> bool:
    """May a package whose manifest says `your_stamp` (the clock of the newest package of ours its sender had
    imported; absent from older versions' packages) answer the recovery? Only if the sender had heard from
    us after the restore: before, it did not know to send back what it held of our rolled-back changes."""
    if not isinstance(your_stamp, int):
        return True  # an older version's package: judged by what it says we hold, as before
    return your_stamp >= recovering_since(session)


def lost_changes(session: Session) -> dict[int, str]:
    """This node's own changes rolled back by a restore (seq -> change hash, hex), those that came home since
    included: a copy coming back is accepted only if it is exactly the change as made."""
    row = session.get(Meta, LOST_KEY)
    return {int(k): v for k, v in json.loads(row.value).items()} if row is not None else {}


def wanted_own(session: Session, node_id: str) -> list[int]:
    """The rolled-back own changes not back yet: every package says them (`want_own`), and a peer holding one
    sends it home whatever it believes this node holds (it may have got it after answering the recovery, from
    a package made before the restore)."""
    lost = lost_changes(session)
    if not lost:
        return []
    held = set(session.execute(select(ChangeLog.node_seq).where(
        ChangeLog.node_id == node_id, ChangeLog.node_seq.between(min(lost), max(lost)))).scalars())
    return sorted(q for q in lost if q not in held)


# Rolled-back own changes that came home (seq -> the clock when they did). Peers may have been told this node
# holds its changes beyond them: they go in every package to a peer until that peer has imported a package of
# ours made after they came home (its `your_stamp`, kept as HEARD_KEY + peer).
HOME_KEY = "seq_came_home"
HEARD_KEY = "heard_hlc:"


def came_home(session: Session) -> dict[int, int]:
    row = session.get(Meta, HOME_KEY)
    return {int(k): int(v) for k, v in json.loads(row.value).items()} if row is not None else {}


def mark_home(session: Session, seqs: Iterable[int], clock: int) -> None:
    """Own rolled-back changes `seqs` have just come home (at `clock`)."""
    home = came_home(session)
    home.update({q: clock for q in seqs if q not in home})
    session.merge(Meta(key=HOME_KEY, value=json.dumps({str(k): v for k, v in sorted(home.items())})))


def to_forward(session: Session, peer: str) -> list[int]:
    """The own changes that came home which `peer` may not have yet (see HOME_KEY)."""
    home = came_home(session)
    if not home:
        return []
    row = session.get(Meta, HEARD_KEY + peer)
    heard = int(row.value) if row is not None else 0
    return sorted(q for q, clock in home.items() if heard < clock)


def answered(session: Session, peer: str, role: str) -> None:
    """`peer` has sent back everything of ours it held beyond what we kept: once every peer has, recovery
    is over."""
    waiting = waiting_for(session)
    if waiting is None:  # an older restore: the parent alone
        if role == "parent":
            recovered(session)
        return
    waiting.discard(peer)
    if waiting:
        session.merge(Meta(key=WAITING_KEY, value=json.dumps(sorted(waiting))))
    else:
        recovered(session)


def waits_for(session: Session, peer: str, role: str) -> bool:
    if recovering(session) is None:
        return False
    waiting = waiting_for(session)
    return role == "parent" if waiting is None else peer in waiting


class ChangeWriter:
    """Writes synced rows inside one open write session.

    Use one writer per transaction: `with db.write() as s: w = ChangeWriter(db, s); ...`. Sequence numbers
    are allocated from the change log itself, which is safe because write transactions are IMMEDIATE.
    """

    def __init__(self, db: Database, session: Session):
        self.db = db
        self.session = session
        self.node_id = db.node_id
        self._next_seq: int | None = None
        self._max_hlc = 0
        self.written = 0
        self._inserters: dict[type, _Inserter] = {}
        self._deferred: list[str] = []  # CREATE INDEX statements of indexes dropped by defer_indexes()
        self._periods_deferred = False  # visit_period's triggers dropped by defer_indexes()
        self._pragmas: dict[str, int] = {}  # connection settings to put back after the load
        self._clock_rows: tuple[Any, Any] | None = None  # the Meta "hlc" and SyncKnowledge rows last merged

    def _executemany(self, model: type, rows: list[dict[str, Any]]) -> None:
        """INSERT many rows of one table (one executemany; the ORM path when a column only has a server
        default, so that an absent value keeps it)."""
        ins = self._inserters.get(model)
        if ins is None:
            ins = self._inserters[model] = _Inserter(model, self.session.get_bind().dialect)
        if ins.server_only and any(k not in r for r in rows for k in ins.server_only):
            self.session.execute(insert(model), rows)
            return
        self.session.connection().exec_driver_sql(*ins.statement(rows))

    # -- sequence and clock -------------------------------------------------------------------
    def _alloc_seq(self, n: int = 1) -> int:
        # The counter lives with the session's transaction, so that several writers in one transaction (a
        # service's write and its audit record, say) share it and never hand out the same number twice.
        txn = self.session.get_transaction()
        held = self.session.info.get(_SEQ_KEY)
        if held is not None and held[0] is txn:
            first = held[1]
        else:
            current = self.session.execute(
                select(func.max(ChangeLog.node_seq)).where(ChangeLog.node_id == self.node_id)
            ).scalar()
            # numbers issued before a backup was restored are never issued again (see skipped_ranges)
            first = max(current or 0, seq_floor(self.session)) + 1
        self.session.info[_SEQ_KEY] = (txn, first + n)
        self._next_seq = first + n
        return first

    def _stamp(self, n: int = 1) -> int:
        first = self.db.hlc.reserve(n) if n > 1 else self.db.hlc.now()
        self._max_hlc = max(self._max_hlc, first + n - 1)
        return first

    def _log(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self._executemany(ChangeLog, rows)
            self.written += len(rows)

    def flush_clock(self) -> None:
        """Persist the clock and the knowledge of our own changes (called before commit)."""
        if self._next_seq is None:
            return
        last_seq = self.session.info[_SEQ_KEY][1] - 1  # the transaction's last number, whichever writer took it
        held = self._clock_rows
        if held is not None and all(o in self.session and not sa_inspect(o).deleted for o in held):
            # the rows merged by this writer's last write: set, not merged again (a merge per row was most
            # of the time of an import's updates)
            held[0].value = str(self.db.hlc.last)
            held[1].max_seq = last_seq
            return
        self._clock_rows = (self.session.merge(Meta(key="hlc", value=str(self.db.hlc.last))),
                            self.session.merge(SyncKnowledge(origin_node=self.node_id, max_seq=last_seq)))

    def defer_indexes(self, rows: dict[type, int]) -> None:
        """Before bulk inserts of about `rows[model]` new rows into each model's table (and their sum into the
        change log): a table that grows by half or more has its secondary indexes dropped until
        `restore_indexes()`, which creates them again from the same SQL (CREATE INDEX sorts once: with the 14
        indexes of `resident`, 100,000 rows inserted into a small table took about 3x as long as the same
        rows inserted without the indexes plus the indexes built afterwards). A big table (new rows fewer
        than half of those held) keeps its indexes: rebuilding them would cost more. Same transaction: call
        `restore_indexes()` before it commits; a rollback restores the indexes by itself."""
        conn = self.session.connection()
        growth = {table_of(m): n for m, n in rows.items()}
        growth[table_of(ChangeLog)] = sum(rows.values())
        for name, n in growth.items():
            held = conn.exec_driver_sql(f'SELECT coalesce(max(rowid), 0) FROM "{name}"').scalar() or 0
            if n < 1000 or n * 2 < held:
                continue
            if name in visit_periods.WATCHED and visit_periods.present(conn) and not self._periods_deferred:
                # the visit_period triggers look visits up by ix_household_visit_live: off during the load,
                # the table rebuilt once by restore_indexes()
                visit_periods.drop_triggers(conn)
                self._periods_deferred = True
            for index, sql in conn.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
                    "ORDER BY name", (name,)).all():
                if index in IN_ORDER_INDEXES:
                    continue
                conn.exec_driver_sql(f'DROP INDEX "{index}"')
                self._deferred.append(sql)
        if self._deferred and not self._pragmas:
            # the load's pages and the index sorts in memory, not spilled to (encrypted) files midway:
            # about 100 MB at most, for this transaction only
            for name, value in (("cache_size", -LOAD_CACHE_KB), ("temp_store", 2)):
                before = conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                try:
                    conn.exec_driver_sql(f"PRAGMA {name} = {value}")
                except Exception:  # temp_store once the transaction has used the temp database: left as it is
                    continue  # (sqlcipher3's errors come unwrapped: not a DBAPIError)
                self._pragmas[name] = before

    def restore_indexes(self) -> None:
        """Create the indexes `defer_indexes()` dropped (their rows sorted once)."""
        if not self._deferred and not self._periods_deferred:
            return
        conn = self.session.connection()
        while self._deferred:
            conn.exec_driver_sql(self._deferred.pop(0))
        if self._periods_deferred:
            visit_periods.create(conn)
            visit_periods.rebuild(conn)
            self._periods_deferred = False
        for name, value in self._pragmas.items():
            conn.exec_driver_sql(f"PRAGMA {name} = {int(value)}")
        self._pragmas.clear()

    # -- writes ---------------------------------------------------------------------------------
    def insert(self, model: type, values: dict[str, Any]) -> str:
        """Insert one synced row; `values` must include `unit_code`. Returns the new id."""
        return self.bulk_insert(model, [values])[0]

    def bulk_insert(self, model: type, rows: Sequence[dict[str, Any]]) -> list[str]:
        """Insert many rows of one table with one change-log row each, in batched executemany calls."""
        if not rows:
            return []
        table = table_of(model)
        derived = derived_columns(model)
        hlc0 = self._stamp(len(rows))
        seq0 = self._alloc_seq(len(rows))
        rev = schema_rev()
        data, log, ids = [], [], []
        node = self.node_id
        skip = frozenset(SYNC_COLUMNS) | derived
        encode = encode_fields
        fresh = iter(uuid7s(sum(1 for values in rows if not values.get("id"))))
        in_sql = self._sql_fields(model, rows, skip)  # the change log's fields built by SQLite, after the insert
        for i, values in enumerate(rows):
            if "unit_code" not in values:
                raise ValueError(f"{table}: unit_code is required")
            row_id = values.get("id") or next(fresh)
            hlc = hlc0 + i
            row = {**values, "id": row_id, "origin_node": node, "created_hlc": hlc, "row_hlc": hlc,
                   "field_clocks": _NO_CLOCKS, "deleted": False, "deleted_hlc": None}
            if derived:
                row.update(derive(model, values))
            data.append(row)
            if in_sql is None:
                fields = {k: v for k, v in values.items() if v is not None and k not in skip}
                log.append({"node_id": node, "node_seq": seq0 + i, "table_name": table, "row_id": row_id,
                            "unit_code": values["unit_code"], "op": "insert", "hlc": hlc,
                            "fields": encode(fields), "base": None, "schema_rev": rev})
            ids.append(row_id)
        conn = self.session.connection()
        before = conn.exec_driver_sql(f'SELECT coalesce(max(rowid), 0) FROM "{table}"').scalar() if in_sql else 0
        if table == "resident":  # the address index: one statement for the batch, not a trigger per row
            with indexing_inserts(conn):
                self._executemany(model, data)
        else:
            self._executemany(model, data)
        if in_sql is None:
            self._log(log)
        else:
            # the rows just inserted (SQLite numbers new rows max(rowid) + 1 on): row i has clock hlc0 + i and
            # number seq0 + i, as the Python path gives them
            done = conn.exec_driver_sql(
                f"INSERT INTO change_log (node_id, node_seq, table_name, row_id, unit_code, op, hlc, fields, base, "
                f"schema_rev) SELECT ?, ? + (created_hlc - ?), ?, id, unit_code, 'insert', created_hlc, {in_sql}, "
                f'NULL, ? FROM "{table}" WHERE rowid > ? ORDER BY rowid', (node, seq0, hlc0, table, rev, before))
            if done.rowcount != len(rows):
                raise RuntimeError(f"{table}: {len(rows)} rows inserted, {done.rowcount} logged")
            self.written += len(rows)
        self.flush_clock()
        return ids

    def _sql_fields(self, model: type, rows: Sequence[dict[str, Any]], skip: frozenset[str]) -> str | None:
        """The SQL expression of the change log's `fields` for these rows (read back from the inserted rows),
        or None when SQLite's JSON could differ from `encode_fields` (then the log is written from Python).

        Only on SQLite and for batches worth it; every given field must be a column whose values all have
        its plain type (str, date, bool, int), and a field some rows leave out must have no default (the
        default would show in the row, not in the change)."""
        if len(rows) < 100 or self.session.get_bind().dialect.name != "sqlite":
            return None
        ins = self._inserters.get(model)
        if ins is None:
            ins = self._inserters[model] = _Inserter(model, self.session.get_bind().dialect)
        given: Counter[str] = Counter(chain.from_iterable(rows))
        keys = sorted(k for k in given if k not in skip)
        if len(keys) > _SQL_JSON_MAX_KEYS:
            return None
        table = ins.table
        parts = []
        for k in keys:
            spec = ins.columns.get(k)
            if spec is None:
                return None
            name, _proc, default, _none = spec
            if given[k] < len(rows) and default is not None:
                return None
            col = table.c[name]
            kinds = _sql_json_kind(col)
            if kinds is None:
                return None
            seen = set(map(type, map(methodcaller("get", k), rows)))
            seen.discard(type(None))
            if not seen <= set(kinds):
                return None
            parts.append(f"'{k}', {_sql_json_value(ins.dialect.identifier_preparer.quote(name), col)}")
        if any("'" in k for k in keys):
            return None
        return f"json_patch('{{}}', json_object({', '.join(parts)}))" if parts else "'{}'"

    def update(self, model: type, row_id: str, changes: dict[str, Any],
               base: dict[str, list[Any]] | None = None, *, force: bool = False) -> bool:
        """Write the fields in `changes` that differ from the row; returns False if nothing changed.

        With `force`, every field in `changes` is written even if equal (resolving a sync conflict by
        keeping the current value is still a decision that must travel and close the conflict).

        `base` is the field clocks the editor saw when the form was opened (for conflict detection by
        the sync merge); by default the row's current clocks.
        """
        table = table_of(model)
        row = self.session.get(model, row_id)
        if row is None:
            raise KeyError(f"{table} {row_id}")
        derived = derived_columns(model)
        bad = set(changes) & (set(SYNC_COLUMNS) | derived)
        if bad:
            raise ValueError(f"sync columns (and derived columns) cannot be written directly: {sorted(bad)}")
        diff = dict(changes) if force else {k: v for k, v in changes.items() if getattr(row, k) != v}
        if not diff:
            return False
        hlc = self._stamp()
        seq = self._alloc_seq()
        clocks = dict(row.field_clocks or {})
        seen = {k: clocks.get(k, [row.created_hlc, row.origin_node]) for k in diff}
        for k in diff:
            clocks[k] = [hlc, self.node_id]
        extra: dict[str, Any] = {}
        if derived and set(diff) & set(model.__derived_from__):  # type: ignore[attr-defined]
            current = {k: getattr(row, k) for k in model.__derived_from__}  # type: ignore[attr-defined]
            extra = derive(model, {**current, **diff})
        # the row is expired below: no need for the ORM to look through every object the session holds
        # (that search made an import of 20,000 changed people quadratic: 3.7 ms a row)
        self.session.execute(
            update(model).where(model.id == row_id).values(**diff, **extra, row_hlc=hlc, field_clocks=clocks),
            execution_options={"synchronize_session": False},
        )
        self._log([{"node_id": self.node_id, "node_seq": seq, "table_name": table, "row_id": row_id,
                    "unit_code": row.unit_code, "op": "update", "hlc": hlc, "fields": encode_fields(diff),
                    "base": json.dumps(base if base is not None else seen, separators=(",", ":")),
                    "schema_rev": schema_rev()}])
        self.session.expire(row)
        self.flush_clock()
        return True

    def delete(self, model: type, row_id: str) -> None:
        """Tombstone a row (never a hard delete)."""
        table = table_of(model)
        row = self.session.get(model, row_id)
        if row is None:
            raise KeyError(f"{table} {row_id}")
        if row.deleted:
            return
        hlc = self._stamp()
        seq = self._alloc_seq()
        # the clock the writer saw, read before the UPDATE below synchronises `row` to the new clock
        seen = {"deleted": [row.row_hlc, row.origin_node]}
        self.session.execute(update(model).where(model.id == row_id).values(deleted=True, deleted_hlc=hlc,
                                                                           row_hlc=hlc))
        self._log([{"node_id": self.node_id, "node_seq": seq, "table_name": table, "row_id": row_id,
                    "unit_code": row.unit_code, "op": "delete", "hlc": hlc, "fields": '{"deleted":true}',
                    "base": json.dumps(seen, separators=(",", ":")),
                    "schema_rev": schema_rev()}])
        self.session.expire(row)
        self.flush_clock()


def pending_changes(session: Session, node_id: str, acked_seq: int) -> int:
    """Local changes not yet acknowledged by the level above."""
    return session.execute(
        select(func.count()).select_from(ChangeLog)
        .where(ChangeLog.node_id == node_id, ChangeLog.node_seq > acked_seq)
    ).scalar_one()


def history(session: Session, table: str, row_id: str) -> list[ChangeLog]:
    return list(session.execute(
        select(ChangeLog).where(ChangeLog.table_name == table, ChangeLog.row_id == row_id)
        .order_by(ChangeLog.hlc)
    ).scalars())


def synced_tables() -> Iterable[str]:
    return SYNCED_MODELS.keys()
