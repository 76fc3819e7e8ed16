"""The same database on PostgreSQL (the district or city hub, issue #18): the same models, the same Alembic
migrations, the same `Database` (sessions, write transactions, node identity) and so the same services and
sync code as a desktop's SQLite file.

What differs is made equivalent here, at the engine, so that the code above stays one:

- one writer at a time: a write transaction (`Database.write()`, SQLite's `BEGIN IMMEDIATE`) takes a
  transaction-level advisory lock first, so the node's sequence numbers and clock advance as on a desktop;
  reads never wait for it (MVCC);
- the raw SQL of the bulk paths (the sync merge, the change log) is written with SQLite's `?` placeholders:
  they become psycopg's `%s` (a literal `%` doubled) when a statement comes with positional parameters;
- SQLite's storage forms those paths pass (booleans as 0/1, dates and JSON as text) are sent as untyped
  literals, which PostgreSQL reads as the column's type (`0` as false, ISO text as a date);
- SQLite-only statements (`PRAGMA`) are answered without a round trip to the server: `PRAGMA
  defer_foreign_keys = ON` becomes `SET CONSTRAINTS ALL DEFERRED`, the rest are no-ops.

No backup files, no SQLCipher key: PostgreSQL has its own backup (pg_dump, WAL archiving) and encryption at
rest (the volume) and in transit (TLS).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text

from gridapp.core.errors import DatabaseError

from .database import (
    SCHEMA_HEAD,
    Database,
    _ensure_node_identity,
    _note_write,
    alembic_config,
    known_revisions,
)
from .models import postgresql_index_options

postgresql_index_options()  # the partial indexes' PostgreSQL WHERE (see there)

WRITER_LOCK = 0x67726964  # "grid": the advisory lock one write transaction holds at a time
_PRAGMA = re.compile(r"^\s*PRAGMA\s+(\w+)", re.IGNORECASE)
# a plain INSERT INTO t (columns) VALUES (%s, …) run for many rows (the merge's and the change log's bulk inserts):
# sent with COPY instead, one stream for all the rows rather than a statement per row
_PLAIN_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\"?\w+\"?)\s*\(([^)]*)\)\s*VALUES\s*\((?:%s,\s*)*%s\)\s*$",
                           re.IGNORECASE)
COPY_MIN_ROWS = 50
# `col IN (?, ?, …)` with many ids (the ownership checks and the merge look rows up by id, 500 at a time): sent as
# `col = ANY(%s)` with one array, so the statement text is the same whatever the count (psycopg prepares it once,
# instead of splitting and parsing a 500-placeholder text on the client and planning it again on the server)
_IN_LIST = re.compile(r"\bIN\s*\(\s*\?(?:\s*,\s*\?)+\s*\)", re.IGNORECASE)
ANY_MIN_IDS = 8
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
# the hub's sessions:
# - jit off: the roll-up's grouped counts are estimated costly enough to be JIT-compiled, and compiling does not pay
#   for queries of about a second (200,000 households: EXPLAIN ANALYZE showed 0.66 s of JIT; the city's month
#   measured 0.97 s with JIT and 0.90 s without, one run);
# - custom plans always: psycopg prepares a statement on its fifth use, and PostgreSQL then keeps a generic plan made
#   from the statistics of that moment; during an import into an empty hub that was a sequential scan of a change
#   log thought empty, kept for the whole import (12 of 30 s of server time at 224,000 changes; 1.6 s with custom
#   plans). Planning each statement costs a fraction of a millisecond; the bulk statements carry 10,000 ids;
# - work_mem 64 MB: the roll-up hashes every household and resident of the subtree (the active households'
#   semi-join); at a million residents the 4 MB default spills the hash to disk in batches. A sort or hash may take
#   that much per connection (the pool: 15 at most).
SESSION_OPTIONS = "-c jit=off -c plan_cache_mode=force_custom_plan -c work_mem=64MB"


def engine_url(url: str) -> str:
    """postgresql://… or postgres://… as SQLAlchemy's psycopg 3 URL."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    raise DatabaseError(f"数据库地址“{redact(url)}”不是 PostgreSQL 地址（应以 postgresql:// 开头）。")


def redact(url: str) -> str:
    """The URL without its password (for messages and logs)."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def is_postgres_url(url: str | Path) -> bool:
    return isinstance(url, str) and url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def qmark_to_format(statement: str) -> str:
    """`?` placeholders outside quotes as `%s`, and every other `%` doubled (psycopg's format style)."""
    out: list[str] = []
    quote: str | None = None
    for ch in statement:
        if quote is not None:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


def in_lists_to_any(statement: str, parameters: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """`IN (?, ?, …)` lists of at least ANY_MIN_IDS strings as `= ANY(?)` with one list parameter (the rest of the
    statement and its parameters unchanged). Not when a quoted literal or name holds a `?`."""
    if any("?" in q for q in _QUOTED.findall(statement)):
        return statement, parameters
    out: list[str] = []
    params: list[Any] = []
    pos = 0  # in the statement
    used = 0  # parameters consumed
    for m in _IN_LIST.finditer(statement):
        before = statement[pos:m.start()].count("?")
        n = m.group(0).count("?")
        values = parameters[used + before:used + before + n]
        if n < ANY_MIN_IDS or not all(isinstance(v, str) for v in values):
            continue
        out.append(statement[pos:m.start()] + "= ANY(CAST(? AS text[]))")
        params.extend(parameters[used:used + before])
        params.append(_text_array(values))
        used += before + n
        pos = m.end()
    if not out:
        return statement, parameters
    out.append(statement[pos:])
    params.extend(parameters[used:])
    return "".join(out), tuple(params)


def _text_array(values: Sequence[str]) -> str:
    """Strings as one PostgreSQL array literal (each element quoted): psycopg's list dumper looks a dumper up for
    every element, a tenth of an import's client time at 10,000 ids a statement."""
    joined = "".join(values)
    if "\\" in joined or '"' in joined:
        values = [v.replace("\\", "\\\\").replace('"', '\\"') for v in values]
    return '{"' + '","'.join(values) + '"}' if values else "{}"


def _positional(parameters: Any) -> bool:
    if isinstance(parameters, tuple):
        return True
    if isinstance(parameters, list) and parameters:
        return isinstance(parameters[0], (tuple, list))
    return False


def _untyped_ints(dbapi_conn: Any) -> None:
    """Python ints (and the 0/1 the merge stores booleans as) sent as untyped literals: PostgreSQL gives
    them the type of the column or expression they meet."""
    from psycopg.adapt import Dumper

    class UntypedInt(Dumper):
        oid = 0  # unknown

        def dump(self, obj: Any) -> bytes:
            return b"%d" % obj

    dbapi_conn.adapters.register_dumper(int, UntypedInt)


def create_pg_engine(url: str, *, pool_size: int = 5) -> Engine:
    engine = create_engine(engine_url(url), future=True, hide_parameters=True, pool_size=pool_size,
                           max_overflow=pool_size * 2, pool_pre_ping=True, connect_args={"options": SESSION_OPTIONS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        _untyped_ints(dbapi_conn)

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _on_execute(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
                    _executemany: bool) -> tuple[str, Any]:
        pragma = _PRAGMA.match(statement)
        if pragma is not None:
            if pragma.group(1).lower() == "defer_foreign_keys":
                return "SET CONSTRAINTS ALL DEFERRED", ()
            return "SELECT NULL", ()
        if "?" in statement and _positional(parameters):
            if isinstance(parameters, tuple) and len(parameters) >= ANY_MIN_IDS:
                statement, parameters = in_lists_to_any(statement, parameters)
            statement = qmark_to_format(statement)
        _note_write(statement)  # inside Database.write(): which table this statement writes
        return statement, parameters

    @event.listens_for(engine, "do_executemany")
    def _many(cursor: Any, statement: str, parameters: Any, _context: Any) -> bool | None:
        match = _PLAIN_INSERT.match(statement)
        if (match is None or len(parameters) < COPY_MIN_ROWS or not isinstance(parameters[0], (tuple, list))
                or len(parameters[0]) != statement.count("%s")):
            return None  # the driver's own executemany
        table, columns = match.groups()
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in parameters:
                copy.write_row(row)
        return True

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("immediate"):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")

    return engine


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class PgDatabase(Database):
    """A `Database` on PostgreSQL: `path` is the URL without its password (for messages)."""

    def __init__(self, url: str, engine: Engine, *, upgraded_from: str | None = None):
        self.url = url
        super().__init__(Path(redact(url)), engine, upgraded_from=upgraded_from)

    def rekey(self, new_key: bytes) -> None:
        raise DatabaseError("PostgreSQL 数据库不使用本程序的密钥加密（请用磁盘加密和 TLS）。")


def open_pg_database(url: str, *, create: bool = False, pool_size: int = 5) -> PgDatabase:
    """Open the hub's database at `url` (a postgresql:// URL), upgrading its schema to head; with `create`,
    an empty database gets the schema and this node's identity. DatabaseError with a Chinese message when the
    server cannot be reached or the database is not the hub's."""
    engine = create_pg_engine(url, pool_size=pool_size)
    try:
        try:
            rev = current_revision(engine)
        except Exception as exc:
            raise DatabaseError(f"无法连接 PostgreSQL 数据库“{redact(url)}”：{_reason(exc)}") from exc
        if rev is None and not create:
            raise DatabaseError(f"PostgreSQL 数据库“{redact(url)}”中没有网格工作台的数据，请先运行 hub init。")
        if rev is not None and rev != SCHEMA_HEAD and rev not in known_revisions():
            raise DatabaseError(
                f"该数据库由更新版本的网格工作台创建（结构版本 {rev}），本程序无法打开，请先升级程序。")
        if rev != SCHEMA_HEAD:
            upgrade(engine)
        _ensure_node_identity(engine)
        return PgDatabase(url, engine, upgraded_from=rev if rev not in (None, SCHEMA_HEAD) else None)
    except BaseException:
        engine.dispose()
        raise


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
