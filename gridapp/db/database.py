"""Opening, creating and upgrading the database file; sessions for reading and for writing.

SQLite in WAL mode with foreign keys on. Writes run in `BEGIN IMMEDIATE` transactions so that the one
writer at a time is decided at the start of a transaction, not half-way through it. The schema is
upgraded on open, in one transaction, after a backup copy of the file (calibre's rule).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, insert, select, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from gridapp.core import changes, notices
from gridapp.core.errors import DatabaseError, DatabaseLocked
from gridapp.core.hlc import HLC
from gridapp.core.ids import new_node_id

from .models import Meta

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration's revision id. Opening a database whose schema is already at this revision needs
# no Alembic at all (importing it costs a third of a second at every start); tests check this constant
# against the migration scripts.

SCHEMA_HEAD = "0025"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10000  # a statement other than BEGIN that meets the lock waits this long (rare in WAL mode)
FIRST_TRY_S = 1.0  # a write waits this long silently for another program's write lock, then says so
LOCK_WAIT_S = 60.0  # ... and gives up (DatabaseLocked) after this long in all
PART_SUFFIX = ".part"  # a backup being written (renamed to its real name when complete)
TABLES_WRITTEN = "tables_written"  # session.info key of a write transaction: the tables it has written so far


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The head revision according to the migration scripts (imports Alembic; see SCHEMA_HEAD)."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"migrations must have one head, found {heads}"
    return heads[0]


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


# The table a data-changing statement writes: what SQLAlchemy emits for ORM flushes and core statements, and
# the raw INSERT/UPDATE/DELETE the bulk paths (sync merge, change log, imports) write by exec_driver_sql.
_WRITES = re.compile(r"""(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+["`\[]?(\w+)""",
                     re.IGNORECASE)
_writing = threading.local()  # the tables written by the write transaction open on this thread


def _note_write(statement: str) -> None:
    tables: set[str] | None = getattr(_writing, "tables", None)
    if tables is None:
        return
    head = statement.lstrip()[:7].upper()
    if head.startswith(("SELECT", "PRAGMA", "BEGIN", "COMMIT", "ROLLBAC", "SAVEPOI", "RELEASE")):
        return
    match = _WRITES.match(statement.lstrip()) if not head.startswith("WITH") else _WRITES.search(statement)
    if match is not None:
        tables.add(match.group(1).lower())


def _sqlcipher():
    try:
        import sqlcipher3
    except ImportError as exc:  # pragma: no cover - a broken installation
        raise DatabaseError("缺少数据库加密组件（sqlcipher3），请重新安装网格工作台。") from exc
    return sqlcipher3


def _key_pragma(key: bytes) -> str:
    # a raw 256-bit key (x'...'): SQLCipher skips its own PBKDF2, our scrypt already stretched the password
    return f"PRAGMA key = \"x'{key.hex()}'\""


def create_engine_for(path: Path | str, key: bytes | None = None) -> Engine:
    """An engine on the file; with `key`, through SQLCipher (the file is encrypted at rest).

    key=None is a plain SQLite file (tests, benchmarks, scratch databases); the app's entry points
    (GUI first run, CLI init) create encrypted files.
    """
    # hide_parameters: an error's text (logged by the GUI's runner, printed by the CLI) never carries the
    # statement's values, which are ID numbers, phones and names
    if key is None:
        engine = create_engine(f"sqlite:///{Path(path)}", future=True, hide_parameters=True)
    else:
        sqlcipher3 = _sqlcipher()
        target = str(Path(path))

        def connect():
            conn = sqlcipher3.dbapi2.connect(target, check_same_thread=False)
            conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to report, not stderr's
            conn.execute(_key_pragma(key))
            return conn

        engine = create_engine("sqlite://", creator=connect, future=True, poolclass=QueuePool, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (pysqlite's own handling is lax)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA cache_size=-32000")
        cur.close()

    @event.listens_for(engine, "before_cursor_execute")
    def _on_execute(_conn, _cursor, statement, _parameters, _context, _executemany):
        _note_write(statement)  # inside Database.write(): which table this statement writes

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        options = conn.get_execution_options()
        if options.get("immediate"):
            _begin_immediate(conn, options.get("lock_wait"))
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def _is_locked(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc))
    return "database is locked" in text or "database is busy" in text


def lock_wait_message() -> str:
    return "数据库正被另一个程序写入（可能是另一个网格工作台窗口或命令），正在等待它完成……"


def lock_timeout_message(waited: float) -> str:
    return (f"数据库被另一个程序占用（正在写入），等待 {waited:.0f} 秒后仍未释放，本次操作未执行，没有写入任何数据。"
            "请等另一个网格工作台窗口或命令完成（或关闭它）后重试。")


def _begin_immediate(conn, lock_wait: float | None) -> None:
    """BEGIN IMMEDIATE; while another program holds the write lock, wait (telling the front end) at most
    `lock_wait` seconds (LOCK_WAIT_S by default), then refuse with DatabaseLocked: never a raw
    "database is locked"."""
    limit = LOCK_WAIT_S if lock_wait is None else lock_wait
    first_ms = int(min(FIRST_TRY_S, limit) * 1000)
    conn.exec_driver_sql(f"PRAGMA busy_timeout={first_ms}")
    try:
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except Exception as exc:  # sqlcipher3's errors reach us unwrapped (SQLAlchemy knows only sqlite3's)
            if not _is_locked(exc):
                raise
        t0 = time.monotonic()
        waited = first_ms / 1000
        if limit > waited:
            notices.waiting(lock_wait_message())
        while waited < limit:
            step = min(1.0, limit - waited)
            conn.exec_driver_sql(f"PRAGMA busy_timeout={int(step * 1000)}")
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except Exception as exc:
                if not _is_locked(exc):
                    raise
            waited = first_ms / 1000 + time.monotonic() - t0
        raise DatabaseLocked(lock_timeout_message(waited))
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the file, or None for a database without Alembic's version table."""
    with engine.connect() as conn:
        has_table = conn.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")).first()
        if not has_table:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def connect_raw(path: Path | str, key: bytes | None = None):
    """A DB-API connection outside SQLAlchemy (backups, verification), keyed when `key` is given."""
    if key is None:
        return sqlite3.connect(str(path))
    conn = _sqlcipher().dbapi2.connect(str(path))
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(_key_pragma(key))
    return conn


def copy_online(src_path: Path, dst_path: Path, key: bytes | None = None) -> None:
    """Copy one database file onto another with SQLite's online backup API (safe with WAL; the copy is
    encrypted under the same key as the source)."""
    src = connect_raw(src_path, key)
    try:
        dst = connect_raw(dst_path, key)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup_file(path: Path, reason: str, folder: Path | None = None, key: bytes | None = None) -> Path:
    """Copy a live database with SQLite's online backup API (safe with WAL); returns the copy's path.

    An encrypted database is copied under the same key (the backup is encrypted too), and its key sidecar
    is copied beside it so the backup can be opened on its own.
    """
    folder = folder or path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}-{reason}{path.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}-{stamp}-{reason}-{n}{path.suffix}"
    from .keystore import keyfile_path

    # Written under temporary names and renamed when complete (the key sidecar first, so a backup file never
    # stands without its keys): a crash or kill half-way leaves only a `.part` file, which never counts as
    # a backup (gridapp.services.backup ignores and cleans such files).
    part = target.with_name(target.name + PART_SUFFIX)
    keys_part = keyfile_path(target).with_name(keyfile_path(target).name + PART_SUFFIX)
    try:
        copy_online(path, part, key)
        _fsync(part)
        if keyfile_path(path).exists():
            shutil.copyfile(keyfile_path(path), keys_part)
            _fsync(keys_part)
            os.replace(keys_part, keyfile_path(target))
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        keys_part.unlink(missing_ok=True)
        raise
    return target


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError:
        return False
    return header == SQLITE_HEADER or header == b""


def missing_keys_message(path: Path) -> str:
    """An encrypted database whose key sidecar is gone: what is missing and how to get it back."""
    from .keystore import keyfile_path

    keys = keyfile_path(path)
    backups = path.parent / "backups"
    return (f"找不到密钥文件“{keys.name}”（应在数据库旁：{keys}）。网格工作台的数据库是加密的，没有这个密钥"
            f"文件就无法打开“{path.name}”。请从备份文件夹“{backups}”取回：把最新一份备份旁以 .keys 结尾的文件"
            f"复制到数据库旁，改名为“{keys.name}”，再用当时的密码或恢复密钥登录。若数据库是从别处复制来的，请把"
            f"它旁边的“{keys.name}”一起复制过来。（若这个文件本不是网格工作台的数据库，则它不是网格工作台的数据库"
            f"文件或已损坏。）")


def _may_be_encrypted(path: Path) -> bool:
    """Could this be a SQLCipher file? Whole pages (SQLCipher writes 4096-byte pages, at least one) of what
    looks like random bytes: not text, not a zip (an .xlsx), not an SQLite header."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    if size < 1024 or size % 1024 or head.startswith((SQLITE_HEADER, b"PK")):
        return False
    return len(set(head)) > 40  # 64 random bytes hold ~50 distinct values; text far fewer


class Database:
    """One open database file: the engine, session factories, this installation's node id and clock."""

    def __init__(self, path: Path, engine: Engine, *, upgraded_from: str | None = None,
                 backup_path: Path | None = None, key: bytes | None = None):
        self.path = path
        self.key = key  # the data key of an encrypted file (None: plain SQLite)
        self.engine = engine
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=engine.execution_options(immediate=True), expire_on_commit=False)
        self.upgraded_from = upgraded_from
        self.backup_path = backup_path
        self._pending: list[Callable[[Session], None]] = []  # deferred bookkeeping writes (write_soon)
        with self.read() as s:
            meta = {key: value for key, value in s.execute(select(Meta.key, Meta.value))}
        self.node_id: str = meta["node_id"]
        self.hlc = HLC(int(meta.get("hlc", "0")))

    # -- sessions -----------------------------------------------------------------------------
    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            with session.begin():
                yield session

    @contextlib.contextmanager
    def write(self, lock_wait: float | None = None) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE): committed when the block ends, rolled back on error.

        While another program holds the write lock it waits, telling the front end (core.notices), at most
        `lock_wait` seconds (default LOCK_WAIT_S), then raises DatabaseLocked. Writes deferred with
        `write_soon` are made first, in the same transaction.

        The transaction knows what it changed: every table an INSERT, UPDATE or DELETE of it names (ORM
        flushes, core statements, raw executemany) is collected in `session.info["tables_written"]`, and once
        it has committed the set is reported to `gridapp.core.changes` (the GUI's runner tells the pages)."""
        maker = self._write if lock_wait is None else sessionmaker(
            bind=self.engine.execution_options(immediate=True, lock_wait=lock_wait), expire_on_commit=False)
        tables: set[str] = set()
        outer = getattr(_writing, "tables", None)
        _writing.tables = tables
        try:
            with maker() as session:
                session.info[TABLES_WRITTEN] = tables
                with session.begin():
                    pending, self._pending = self._pending, []
                    try:
                        for fn in pending:
                            fn(session)
                    except BaseException:
                        self._pending = pending + self._pending
                        raise
                    yield session
        finally:
            _writing.tables = outer
        if tables:  # committed (an error above rolled back, and changed nothing)
            changes.committed(tables)

    def write_soon(self, fn: Callable[[Session], None], lock_wait: float = 0.5) -> bool:
        """Make a bookkeeping write (the login's audit row, a backup's) now if the write lock is free within
        `lock_wait` seconds; else keep it for the next write transaction or `close`, so that reading is
        never held up by another program's write. True when written now."""
        try:
            with self.write(lock_wait=lock_wait) as s:
                fn(s)
            return True
        except DatabaseLocked:
            self._pending.append(fn)
            return False

    @property
    def pending_writes(self) -> int:
        return len(self._pending)

    # -- local facts --------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        with self.read() as s:
            row = s.get(Meta, key)
            return row.value if row else None

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt the file under `new_key` (SQLCipher `PRAGMA rekey`, one transaction over every page):
        the pooled connections are closed first, and the engine is made again under the new key. Another
        process that has the file open must open it again."""
        if self.key is None:
            raise DatabaseError("数据库未加密，不能更换密钥。")
        self.engine.dispose()
        conn = connect_raw(self.path, self.key)
        try:
            conn.isolation_level = None
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone() is None:  # pragma: no cover
                raise DatabaseError("更换数据库密钥失败。")
        finally:
            conn.close()
        self.key = new_key
        self.engine = create_engine_for(self.path, new_key)
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._write = sessionmaker(bind=self.engine.execution_options(immediate=True), expire_on_commit=False)

    def close(self) -> None:
        """Close the file; deferred bookkeeping writes are made first (waiting for the lock as any write)."""
        try:
            if self._pending:
                with self.write():
                    pass
        except DatabaseLocked as exc:
            notices.waiting(f"{exc.message}（未能写入 {len(self._pending)} 条登录或备份记录）")
            self._pending = []
        finally:
            self.engine.dispose()


def _ensure_node_identity(engine: Engine) -> None:
    with engine.begin() as conn:
        row = conn.execute(select(Meta.value).where(Meta.key == "node_id")).first()
        if row is None:
            conn.execute(insert(Meta), [{"key": "node_id", "value": new_node_id()},
                                                   {"key": "hlc", "value": "0"}])


def open_database(path: Path | str, *, create: bool = False, backup_dir: Path | None = None,
                  key: bytes | None = None) -> Database:
    """Open (or with `create`, make) the database at `path`, upgrading its schema to head.

    `key` is the 32-byte data key of an encrypted file (gridapp.services.users unwraps it from a user's
    password); None opens or creates a plain SQLite file.

    Raises DatabaseError with a Chinese message when the file is missing, not a database, corrupt, or
    was written by a newer version of the app.
    """
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise DatabaseError(f"数据库文件不存在：{path}。请先运行 init 初始化本单位，或用 --db 指定已有的数据库。")
    if path.exists() and path.is_dir():
        raise DatabaseError(f"“{path}”是一个文件夹，不是数据库文件。")
    if exists and key is None and not _looks_like_sqlite(path):
        from .keystore import KeyFile

        keys = KeyFile.for_db(path)
        if keys.encrypted:
            raise DatabaseError(f"数据库“{path}”已加密，需要用户登录（用户名和密码）后才能打开。")
        if not keys.exists and _may_be_encrypted(path):
            raise DatabaseError(missing_keys_message(path))
        raise DatabaseError(f"“{path}”不是网格工作台的数据库文件（文件已损坏或类型不对）。")
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine_for(path, key)
    try:
        rev = current_revision(engine)
        head = SCHEMA_HEAD
        backup_path = None
        if rev is not None and rev != head and rev not in known_revisions():
            raise DatabaseError(
                f"该数据库由更新版本的网格工作台创建（结构版本 {rev}），本程序无法打开，请先升级程序。")
        if rev != head:
            if exists:
                backup_path = backup_file(path, f"pre-{head}", backup_dir, key)
            from alembic import command

            cfg = alembic_config()
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        _ensure_node_identity(engine)
        return Database(path, engine, upgraded_from=rev if rev != head else None, backup_path=backup_path,
                        key=key)
    except SADatabaseError as exc:
        engine.dispose()
        if key is not None and "not a database" in str(exc.orig):
            raise DatabaseError(f"无法解密数据库“{path}”：密钥不正确，或文件已损坏。") from exc
        raise DatabaseError(f"无法读取数据库“{path}”：文件已损坏或不是数据库（{exc.orig}）。") from exc
    except DatabaseError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        if key is not None and type(exc).__module__.startswith("sqlcipher3") and "not a database" in str(exc):
            raise DatabaseError(f"无法解密数据库“{path}”：密钥不正确，或文件已损坏。") from exc
        raise


def copy_database(src: Path, dst: Path) -> None:
    """Copy a database file that is not open (tests use it to clone a migrated template)."""
    shutil.copyfile(src, dst)
