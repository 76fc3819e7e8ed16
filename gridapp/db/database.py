"""Opening, creating and upgrading the database file; sessions for reading and for writing.

SQLite in WAL mode with foreign keys on. Writes run in `BEGIN IMMEDIATE` transactions so that the one
writer at a time is decided at the start of a transaction, not half-way through it. The schema is
upgraded on open, in one transaction, after a backup copy of the file (calibre's rule).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from gridapp.core.errors import DatabaseError
from gridapp.core.hlc import HLC
from gridapp.core.ids import new_node_id

from .models import Meta

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration's revision id. Opening a database whose schema is already at this revision needs
# no Alembic at all (importing it costs a third of a second at every start); tests check this constant
# against the migration scripts.
SCHEMA_HEAD = "0002b"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"


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


def create_engine_for(path: Path | str) -> Engine:
    engine = create_engine(f"sqlite:///{Path(path)}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (pysqlite's own handling is lax)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA cache_size=-32000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        if conn.get_execution_options().get("immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the file, or None for a database without Alembic's version table."""
    with engine.connect() as conn:
        has_table = conn.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")).first()
        if not has_table:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_file(path: Path, reason: str, folder: Path | None = None) -> Path:
    """Copy a live database with SQLite's online backup API (safe with WAL); returns the copy's path."""
    folder = folder or path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}-{reason}{path.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}-{stamp}-{reason}-{n}{path.suffix}"
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError:
        return False
    return header == SQLITE_HEADER or header == b""


class Database:
    """One open database file: the engine, session factories, this installation's node id and clock."""

    def __init__(self, path: Path, engine: Engine, *, upgraded_from: str | None = None,
                 backup_path: Path | None = None):
        self.path = path
        self.engine = engine
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=engine.execution_options(immediate=True), expire_on_commit=False)
        self.upgraded_from = upgraded_from
        self.backup_path = backup_path
        with self.read() as s:
            meta = dict(s.execute(select(Meta.key, Meta.value)).all())
        self.node_id: str = meta["node_id"]
        self.hlc = HLC(int(meta.get("hlc", "0")))

    # -- sessions -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            with session.begin():
                yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE): committed when the block ends, rolled back on error."""
        with self._write() as session:
            with session.begin():
                yield session

    # -- local facts --------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        with self.read() as s:
            row = s.get(Meta, key)
            return row.value if row else None

    def close(self) -> None:
        self.engine.dispose()


def _ensure_node_identity(engine: Engine) -> None:
    with engine.begin() as conn:
        row = conn.execute(select(Meta.value).where(Meta.key == "node_id")).first()
        if row is None:
            conn.execute(Meta.__table__.insert(), [{"key": "node_id", "value": new_node_id()},
                                                   {"key": "hlc", "value": "0"}])


def open_database(path: Path | str, *, create: bool = False, backup_dir: Path | None = None) -> Database:
    """Open (or with `create`, make) the database at `path`, upgrading its schema to head.

    Raises DatabaseError with a Chinese message when the file is missing, not a database, corrupt, or
    was written by a newer version of the app.
    """
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise DatabaseError(f"数据库文件不存在：{path}。请先运行 init 初始化本单位，或用 --db 指定已有的数据库。")
    if path.exists() and path.is_dir():
        raise DatabaseError(f"“{path}”是一个文件夹，不是数据库文件。")
    if exists and not _looks_like_sqlite(path):
        raise DatabaseError(f"“{path}”不是网格工作台的数据库文件（文件已损坏或类型不对）。")
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine_for(path)
    try:
        rev = current_revision(engine)
        head = SCHEMA_HEAD
        backup_path = None
        if rev is not None and rev != head and rev not in known_revisions():
            raise DatabaseError(
                f"该数据库由更新版本的网格工作台创建（结构版本 {rev}），本程序无法打开，请先升级程序。")
        if rev != head:
            if exists:
                backup_path = backup_file(path, f"pre-{head}", backup_dir)
            from alembic import command

            cfg = alembic_config()
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        _ensure_node_identity(engine)
        return Database(path, engine, upgraded_from=rev if rev != head else None, backup_path=backup_path)
    except SADatabaseError as exc:
        engine.dispose()
        raise DatabaseError(f"无法读取数据库“{path}”：文件已损坏或不是数据库（{exc.orig}）。") from exc
    except DatabaseError:
        engine.dispose()
        raise


def copy_database(src: Path, dst: Path) -> None:
    """Copy a database file that is not open (tests use it to clone a migrated template)."""
    shutil.copyfile(src, dst)
