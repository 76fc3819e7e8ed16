"""Applying changes from other installations: field-level merge, tombstones, conflicts (DESIGN.md §4).

Generic over `SYNCED_MODELS`: it reads and writes the sync columns and treats every other column as a
field. The rules, which make every node converge whatever the order of arrival:

- a change is stored in `change_log` as-is (original node id, sequence, clock), once;
- each field takes the value of the write with the highest (HLC, node id); a field absent from
  `field_clocks` carries (created_hlc, origin_node);
- an insert writes every field (absent ones as their default); an insert of a row that already exists
  (the same id minted on two nodes, e.g. an org unit's stable id) merges as field writes, and the row's
  creation clock becomes the lowest of the inserts;
- a delete is sticky: `deleted` never goes back to false, `deleted_hlc` is the highest delete's clock;
  field writes to a deleted row still merge, so the fields converge too;
- a change to a row this node does not hold yet is kept in the log and applied when the row's insert
  arrives;
- a change whose `unit_code` differs from the row's is never applied (a row's owner does not change by sync);
- in an append-only table (model attribute `__sync_kind__ = "append"`) nothing is a conflict; otherwise
  two writes to the same field where the later one's base clock is older than the earlier write (the
  later writer did not see it) and whose values differ are a conflict. Such a pair is found on every
  node that holds both writes, when the second of them arrives, so all nodes list the same pairs.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from gridapp.db.derived import derived_columns
from gridapp.db.models import SYNC_COLUMNS, SYNCED_MODELS, Base, ChangeLog, SyncConflict, map_all
from gridapp.db.search_index import indexing_inserts

CHUNK = 500
PG_CHUNK = 10_000
map_all()  # every table in Base.metadata, for the order below
_TABLE_ORDER = [t.name for t in Base.metadata.sorted_tables if t.name in SYNCED_MODELS]


_SORTED = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
_COMPACT = json.JSONEncoder(separators=(",", ":"))
_LOG_SQL = ("INSERT INTO change_log (node_id, node_seq, table_name, row_id, unit_code, op, hlc, fields, base, "
            "schema_rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_STORED = object()  # marks a field an insert left out (it takes the column's default)


def _dumps(value: Any) -> str:
    return _SORTED.encode(value)


def _clocks_text(clocks: dict[str, Any]) -> str:
    return _dumps(clocks) if clocks else "{}"


def _compact(value: Any) -> str:
    return _COMPACT.encode(value)


def _to_db_datetime(value: str) -> str:
    return dt.datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M:%S.%f")


class _TableInfo:
    """A synced table as the merge sees it: its columns, and raw SQL in SQLite's storage form.

    The merge works on rows as stored (dates as ISO text, JSON as text, booleans as 0/1) through the
    DB-API directly: the ORM's per-row work would cost more than the merge itself.
    """

    def __init__(self, name: str):
        self.name = name
        model = SYNCED_MODELS[name]
        self.table = model.__table__  # type: ignore[attr-defined]
        # DESIGN.md §4 kind 2: insert-only records (a correction is a new version) never conflict
        self.append_only = getattr(model, "__sync_kind__", "shared") == "append"
        self.columns = [c.name for c in self.table.columns]
        # derived columns are recomputed from the merged fields, never merged themselves
        self.derived = derived_columns(model)
        self.derive = getattr(model, "derive", None) if self.derived else None
        self.fields = [c for c in self.columns if c not in SYNC_COLUMNS and c not in self.derived]
        self.field_set = set(self.fields)
        self.to_db: dict[str, Any] = {}
        self.defaults: dict[str, Any] = {}
        for c in self.table.columns:
            if isinstance(c.type, DateTime):
                self.to_db[c.name] = _to_db_datetime
            elif isinstance(c.type, Boolean):
                self.to_db[c.name] = int
            elif isinstance(c.type, JSON):
                self.to_db[c.name] = _dumps
            if c.name in self.field_set:
                d = c.default
                value = d.arg if d is not None and d.is_scalar else None
                self.defaults[c.name] = self.store(c.name, value)
        self.field_to_db = frozenset(self.to_db) & self.field_set  # fields stored in another form
        cols = ", ".join(self.columns)
        self.select_sql = f"SELECT {cols} FROM {name} WHERE id IN "
        self.insert_sql = f"INSERT INTO {name} ({cols}) VALUES ({', '.join('?' * len(self.columns))})"
        rest = [c for c in self.columns if c != "id"]
        self.update_cols = rest
        self.update_sql = f"UPDATE {name} SET {', '.join(f'{c} = ?' for c in rest)} WHERE id = ?"
        self.insert_getter = operator.itemgetter(*self.columns)
        self.update_getter = operator.itemgetter(*rest, "id")
        # columns an UPDATE OF trigger watches (the address index): an UPDATE that names them runs the
        # trigger for every row (~50 µs each), so rows where they did not change are written without them
        self.watched = [c for c in _WATCHED.get(name, ()) if c in rest]
        quiet = [c for c in rest if c not in self.watched]
        self.quiet_sql = f"UPDATE {name} SET {', '.join(f'{c} = ?' for c in quiet)} WHERE id = ?"
        self.quiet_getter = operator.itemgetter(*quiet, "id")

    def store(self, name: str, value: Any) -> Any:
        """A field's JSON value (as carried in a change) in storage form."""
        fn = self.to_db.get(name)
        return fn(value) if fn is not None and value is not None else value

    def decode(self, name: str, value: Any) -> Any:
        """A field's JSON value as the Python value the ORM expects (for writes through ChangeWriter)."""
        col = self.table.columns[name]
        if value is not None and isinstance(value, str):
            if isinstance(col.type, DateTime):
                return dt.datetime.fromisoformat(value)
            if isinstance(col.type, Date):
                return dt.date.fromisoformat(value)
        return value


_WATCHED = {"resident": ("current_address", "name")}  # see gridapp/db/search_index.py (both key it)
_INFO: dict[str, _TableInfo] = {}


def table_info(name: str) -> _TableInfo:
    info = _INFO.get(name)
    if info is None:
        info = _INFO[name] = _TableInfo(name)
    return info


@dataclass
class ApplyResult:
    received: int = 0
    new: int = 0          # changes not seen before (stored in the change log)
    rows_created: int = 0
    rows_changed: int = 0
    deferred: int = 0     # changes to rows not held yet (applied when their insert arrives)
    unknown_table: int = 0
    conflicts: int = 0    # conflict pairs newly recorded
    foreign: int = 0      # changes naming another owner than the row's: not applied
    max_hlc: int = 0
    by_table: dict[str, int] = field(default_factory=dict)


def chunk_size(session: Session) -> int:
    """Ids per lookup: SQLite binds each id (CHUNK at a time); PostgreSQL gets them as one array
    (gridapp/db/postgres.py), so a part's ids go in one statement."""
    bind = session.get_bind()
    return PG_CHUNK if bind.dialect.name == "postgresql" else CHUNK


def _chunks(seq: Sequence[Any], n: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def unseen(session: Session, changes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The changes whose (node_id, node_seq) is not in the change log yet (and not repeated)."""
    by_node: dict[str, list[int]] = defaultdict(list)
    for c in changes:
        by_node[c["node_id"]].append(c["node_seq"])
    have: set[tuple[str, int]] = set()
    for node, seqs in by_node.items():
        rows = session.execute(select(ChangeLog.node_seq).where(
            ChangeLog.node_id == node, ChangeLog.node_seq.between(min(seqs), max(seqs)))).scalars()
        have.update((node, q) for q in rows)
    out = []
    for c in changes:
        key = (c["node_id"], c["node_seq"])
        if key not in have:
            have.add(key)
            out.append(c)
    return out


def apply_changes(session: Session, changes: Sequence[dict[str, Any]], now: dt.datetime, *,
                  absent: Mapping[str, set[str]] | None = None) -> ApplyResult:
    """Store and merge `changes` (fields/base parsed) inside the caller's write transaction. `absent`: per table,
    row ids already known (in this transaction) not to be held here, which are not looked up again."""
    res = ApplyResult(received=len(changes))
    session.execute(text("PRAGMA defer_foreign_keys = ON"))
    new = unseen(session, changes)
    res.new = len(new)
    if not new:
        return res
    session.connection().exec_driver_sql(_LOG_SQL, [
        (c["node_id"], c["node_seq"], c["table_name"], c["row_id"], c["unit_code"], c["op"], c["hlc"],
         c.get("fields_text") or _dumps(c["fields"]),
         c.get("base_text") or (_compact(c["base"]) if c["base"] is not None else None), c["schema_rev"])
        for c in new])
    res.max_hlc = max(c["hlc"] for c in new)
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in new:
        if c["table_name"] in SYNCED_MODELS:
            by_table[c["table_name"]].append(c)
        else:
            res.unknown_table += 1  # a table of a newer schema: kept in the log, applied after an upgrade
    for name in _TABLE_ORDER:
        if name in by_table:
            _apply_table(session, table_info(name), by_table[name], res, now, (absent or {}).get(name))
    return res


def _load_rows(session: Session, info: _TableInfo, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    conn = session.connection()
    cols = info.columns
    for chunk in _chunks(ids, chunk_size(session)):
        sql = info.select_sql + "(" + ",".join("?" * len(chunk)) + ")"
        for r in conn.exec_driver_sql(sql, tuple(chunk)):
            d = dict(zip(cols, r, strict=True))
            fc = d["field_clocks"]
            d["field_clocks"] = json.loads(fc) if isinstance(fc, str) else dict(fc or {})
            rows[d["id"]] = d
    return rows


def _older_changes(session: Session, info: _TableInfo, ids: Sequence[str],
                   batch: set[tuple[str, int]]) -> list[dict[str, Any]]:
    """Changes already in the log for rows about to be created (they arrived before the insert)."""
    conn = session.connection()
    keys: list[tuple[str, int]] = []
    for chunk in _chunks(ids, chunk_size(session)):
        sql = ("SELECT node_id, node_seq FROM change_log WHERE table_name = ? AND op != 'insert' AND row_id IN ("
               + ",".join("?" * len(chunk)) + ")")
        keys += [(n, q) for n, q in conn.exec_driver_sql(sql, (info.name, *chunk)) if (n, q) not in batch]
    out = []
    for node, seq in keys:
        r = session.get(ChangeLog, (node, seq))
        out.append({"node_id": r.node_id, "node_seq": r.node_seq, "table_name": r.table_name,
                    "row_id": r.row_id, "unit_code": r.unit_code, "op": r.op, "hlc": r.hlc,
                    "fields": json.loads(r.fields), "base": json.loads(r.base) if r.base else None,
                    "schema_rev": r.schema_rev})
    return out


def _apply_table(session: Session, info: _TableInfo, changes: list[dict[str, Any]], res: ApplyResult,
                 now: dt.datetime, absent: set[str] | None = None) -> None:
    ids = list(dict.fromkeys(c["row_id"] for c in changes))
    rows = _load_rows(session, info, [i for i in ids if i not in absent] if absent else ids)
    watched_before = {rid: [r[c] for c in info.watched] for rid, r in rows.items()} if info.watched else {}
    creating = list(dict.fromkeys(c["row_id"] for c in changes if c["op"] == "insert" and c["row_id"] not in rows))
    stream = list(changes)
    if creating:
        stream += _older_changes(session, info, creating, {(c["node_id"], c["node_seq"]) for c in changes})
    stream.sort(key=lambda c: (c["hlc"], c["node_id"], c["node_seq"]))
    new_ids: dict[str, None] = {}
    dirty: dict[str, None] = {}
    suspects: set[tuple[str, str]] = set()
    fields, store = info.fields, info.store
    for c in stream:
        rid, hlc, node, op = c["row_id"], c["hlc"], c["node_id"], c["op"]
        row = rows.get(rid)
        clock = [hlc, node]
        if row is None:
            if op != "insert":
                res.deferred += 1
                continue
            vals = c["fields"]
            if not vals.keys() <= info.field_set:  # fields of a newer schema stay in the log only
                vals = {f: v for f, v in vals.items() if f in info.field_set}
            row = {**info.defaults, **vals, "id": rid, "unit_code": c["unit_code"], "origin_node": node,
                   "created_hlc": hlc, "row_hlc": hlc, "field_clocks": {}, "deleted": False, "deleted_hlc": None}
            if info.field_to_db:
                for f in info.field_to_db & vals.keys():
                    row[f] = store(f, vals[f])
            rows[rid] = row
            new_ids[rid] = None
            continue
        if c["unit_code"] != row["unit_code"]:
            # a row's owner never changes by sync: a change naming another owner is not applied (the sync
            # service refuses such parts; this also holds for changes kept in the log before their row came)
            res.foreign += 1
            continue
        if rid not in new_ids:
            dirty[rid] = None
        clocks = row["field_clocks"]
        if hlc > row["row_hlc"]:
            row["row_hlc"] = hlc
        if op == "delete":
            if not row["deleted"]:
                row["deleted"] = True
                row["deleted_hlc"] = hlc
            elif (row["deleted_hlc"] or 0) < hlc:
                row["deleted_hlc"] = hlc
            continue
        created = [row["created_hlc"], row["origin_node"]]
        if op == "insert":
            # the same row inserted on two nodes: make every clock explicit, then merge as field writes
            vals = c["fields"]
            for f in fields:
                clocks.setdefault(f, created)
            incoming = {f: vals[f] if f in vals else _STORED for f in fields}
            if clock < created:
                row["created_hlc"], row["origin_node"] = hlc, node
            base = None
        else:
            incoming = c["fields"]
            base = c["base"]
        for f, v in incoming.items():
            if f not in info.field_set:
                continue  # a field of a newer schema: kept in the log only
            cur = clocks.get(f, created)
            if base is not None and f in base and list(base[f]) != list(cur):
                suspects.add((rid, f))
            if clock > list(cur):
                row[f] = info.defaults[f] if v is _STORED else store(f, v)
                clocks[f] = clock
        if op == "insert":
            new_created = [row["created_hlc"], row["origin_node"]]
            row["field_clocks"] = {f: v for f, v in clocks.items() if list(v) != new_created}
    if info.derive is not None:
        for i in (*new_ids, *dirty):
            rows[i].update(info.derive(rows[i]))
    conn = session.connection()
    loud: list[str] = list(dirty)
    quiet: list[str] = []
    if info.watched:
        changed = {i for i in dirty if [rows[i][c] for c in info.watched] != watched_before.get(i)}
        loud = [i for i in dirty if i in changed]
        quiet = [i for i in dirty if i not in changed]
    for ids, sql, get in ((new_ids, info.insert_sql, info.insert_getter),
                          (loud, info.update_sql, info.update_getter),
                          (quiet, info.quiet_sql, info.quiet_getter)):
        if ids:
            out = []
            for i in ids:
                r = rows[i]
                r["field_clocks"] = _clocks_text(r["field_clocks"])
                out.append(get(r))
            if info.name == "resident" and ids is new_ids:  # the address index: one statement for the batch
                with indexing_inserts(conn):
                    conn.exec_driver_sql(sql, out)
            else:
                conn.exec_driver_sql(sql, out)
    res.rows_created += len(new_ids)
    res.rows_changed += len(dirty)
    res.by_table[info.name] = res.by_table.get(info.name, 0) + len(changes)
    if suspects and not info.append_only:
        res.conflicts += record_conflicts(session, info.name, suspects, now)


def _clock(x: Any) -> tuple[int, str]:
    return (int(x[0]), str(x[1]))


def record_conflicts(session: Session, table: str, suspects: set[tuple[str, str]], now: dt.datetime) -> int:
    """Record every concurrent pair of writes to the suspect (row, field)s; returns how many were new."""
    by_row: dict[str, set[str]] = defaultdict(set)
    for rid, f in suspects:
        by_row[rid].add(f)
    history: dict[str, list[ChangeLog]] = defaultdict(list)
    for chunk in _chunks(list(by_row)):
        for r in session.execute(select(ChangeLog).where(
                ChangeLog.table_name == table, ChangeLog.row_id.in_(chunk),
                ChangeLog.op != "delete")).scalars():
            history[r.row_id].append(r)
    found = []
    for rid, flds in by_row.items():
        writes: dict[str, list[tuple[tuple[int, str], tuple[int, str], str]]] = defaultdict(list)
        for r in history[rid]:
            vals = json.loads(r.fields)
            base = json.loads(r.base) if r.base else {}
            own = (r.hlc, r.node_id)
            for f in flds:
                if f in vals:
                    writes[f].append((own, _clock(base[f]) if f in base else own, _dumps(vals[f])))
        for f, ws in writes.items():
            ws.sort()
            for i, (ca, _, va) in enumerate(ws):
                for cb, bb, vb in ws[i + 1:]:
                    if bb < ca and va != vb:
                        found.append({"table_name": table, "row_id": rid, "field": f, "hlc_a": ca[0],
                                      "node_a": ca[1], "value_a": va, "hlc_b": cb[0], "node_b": cb[1],
                                      "value_b": vb, "detected_at": now})
    if not found:
        return 0
    stmt = sqlite_insert(SyncConflict).on_conflict_do_nothing()
    n = 0
    for row in found:
        n += session.connection().execute(stmt, row).rowcount
    return n
