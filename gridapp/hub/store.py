"""The hub's own bookkeeping tables: transfers in flight, the nonces it has seen and each node's requests per
minute (the rate limit, shared by every process serving the same database).

They hold transport state only (never synced, never in a package), so they are not models of the node's schema
and not in its migrations: `ensure_tables` creates them beside the schema on the hub's PostgreSQL (and on a
SQLite file, for a hub run on one in a test). A push is stored part by part (each part its own transaction),
so a dropped connection loses at most the part on the wire; a pull's package is kept until the node has
fetched it or a newer one replaces it.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    and_,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

hub_metadata = MetaData()

nonce_table = Table(
    "hub_nonce", hub_metadata,
    Column("node_id", String(32), primary_key=True),
    Column("nonce", String(64), primary_key=True),
    Column("seen_at", DateTime, nullable=False, index=True),
)

rate_table = Table(  # requests per node per minute (the window: whole minutes since the epoch, the serving host's clock)
    "hub_rate", hub_metadata,
    Column("node_id", String(32), primary_key=True),
    Column("minute_no", BigInteger, primary_key=True),
    Column("n", Integer, nullable=False),
)

upload_table = Table(  # a package being pushed: addressed by the SHA-256 of its bytes
    "hub_upload", hub_metadata,
    Column("node_id", String(32), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("part_size", Integer, nullable=False),
    Column("status", String(12), nullable=False),  # open | imported | refused
    Column("result", Text),  # the import's result (JSON) once done
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

upload_part_table = Table(
    "hub_upload_part", hub_metadata,
    Column("node_id", String(32), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

download_table = Table(  # the package a pull made for a node
    "hub_download", hub_metadata,
    Column("node_id", String(32), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("package_id", String(40), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
)


def ensure_tables(engine: Engine) -> None:
    hub_metadata.create_all(engine)


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def parts_of(size: int, part_size: int) -> int:
    return max(1, -(-size // part_size))


def remember_nonce(conn: Any, node: str, nonce: str, when: dt.datetime) -> bool:
    """Store the nonce; False when it was seen before (a replay), also when the same request arrives twice at
    once (one insert wins, in the database)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = (dialect.insert(nonce_table).values(node_id=node, nonce=nonce, seen_at=when)
            .on_conflict_do_nothing().returning(nonce_table.c.nonce))
    return conn.execute(stmt).first() is not None


def count_request(conn: Any, node: str, per_minute: int, at: float | None = None) -> bool:
    """Count a request of `node`; False when it makes more than `per_minute` in the last minute. A sliding
    window over two fixed one-minute counters in the database (the current minute, and the previous one weighted
    by how much of it is still within the last 60 s), so every worker process serving the hub shares it; the
    count is one upsert that takes the node's counter row (concurrent requests of one node queue on it, other
    nodes' do not). Called in the request's transaction: a refused request rolls its count back."""
    from sqlalchemy.dialects import postgresql, sqlite

    t = time.time() if at is None else at
    window = int(t // 60)
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    ins = dialect.insert(rate_table).values(node_id=node, minute_no=window, n=1)
    n = conn.execute(ins.on_conflict_do_update(index_elements=[rate_table.c.node_id, rate_table.c.minute_no],
                                               set_={"n": rate_table.c.n + 1}).returning(rate_table.c.n)).scalar_one()
    before = conn.execute(select(rate_table.c.n).where(and_(rate_table.c.node_id == node,
                                                            rate_table.c.minute_no == window - 1))).scalar() or 0
    return n + before * (1 - (t / 60 - window)) <= per_minute


def forget_counts(conn: Any, at: float | None = None) -> None:
    """Counters of minutes no window reaches any more."""
    window = int((time.time() if at is None else at) // 60)
    conn.execute(delete(rate_table).where(rate_table.c.minute_no < window - 1))


STALE_UPLOAD = dt.timedelta(days=7)


def forget_nonces(conn: Any, before: dt.datetime) -> None:
    """Nonces older than the window (a request that old is refused for its time anyway), and pushes left
    unfinished for a week."""
    conn.execute(delete(nonce_table).where(nonce_table.c.seen_at < before))
    stale = now() - STALE_UPLOAD
    old = select(upload_table.c.node_id, upload_table.c.sha256).where(
        and_(upload_table.c.status == "open", upload_table.c.updated_at < stale))
    for node, sha in conn.execute(old).all():
        drop_parts(conn, node, sha)
    conn.execute(delete(upload_table).where(and_(upload_table.c.status == "open", upload_table.c.updated_at < stale)))


def upload_row(conn: Any, node: str, sha: str) -> Any:
    return conn.execute(select(upload_table).where(
        and_(upload_table.c.node_id == node, upload_table.c.sha256 == sha))).first()


def parts_held(conn: Any, node: str, sha: str) -> list[int]:
    return list(conn.execute(select(upload_part_table.c.idx).where(
        and_(upload_part_table.c.node_id == node, upload_part_table.c.sha256 == sha))
        .order_by(upload_part_table.c.idx)).scalars())


def start_upload(conn: Any, node: str, sha: str, size: int, part_size: int) -> None:
    t = now()
    conn.execute(insert(upload_table).values(node_id=node, sha256=sha, size=size, part_size=part_size,
                                             status="open", created_at=t, updated_at=t))


def put_part(conn: Any, node: str, sha: str, idx: int, data: bytes) -> None:
    conn.execute(delete(upload_part_table).where(and_(
        upload_part_table.c.node_id == node, upload_part_table.c.sha256 == sha, upload_part_table.c.idx == idx)))
    conn.execute(insert(upload_part_table).values(node_id=node, sha256=sha, idx=idx, data=data))
    conn.execute(update(upload_table).where(and_(upload_table.c.node_id == node, upload_table.c.sha256 == sha))
                 .values(updated_at=now()))


def assemble(conn: Any, node: str, sha: str) -> bytes:
    return b"".join(conn.execute(select(upload_part_table.c.data).where(and_(
        upload_part_table.c.node_id == node, upload_part_table.c.sha256 == sha))
        .order_by(upload_part_table.c.idx)).scalars())


def finish_upload(conn: Any, node: str, sha: str, status: str, result: str) -> None:
    conn.execute(delete(upload_part_table).where(and_(
        upload_part_table.c.node_id == node, upload_part_table.c.sha256 == sha)))
    conn.execute(update(upload_table).where(and_(upload_table.c.node_id == node, upload_table.c.sha256 == sha))
                 .values(status=status, result=result, updated_at=now()))


def drop_parts(conn: Any, node: str, sha: str) -> None:
    conn.execute(delete(upload_part_table).where(and_(
        upload_part_table.c.node_id == node, upload_part_table.c.sha256 == sha)))


def put_download(conn: Any, node: str, sha: str, package_id: str, data: bytes) -> None:
    conn.execute(delete(download_table).where(download_table.c.node_id == node))  # one pull at a time
    conn.execute(insert(download_table).values(node_id=node, sha256=sha, package_id=package_id, data=data,
                                               created_at=now()))


def download(conn: Any, node: str, sha: str) -> bytes | None:
    return conn.execute(select(download_table.c.data).where(and_(
        download_table.c.node_id == node, download_table.c.sha256 == sha))).scalar()
