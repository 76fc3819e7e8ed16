"""Fixtures for the hub: a real PostgreSQL (a throwaway cluster, see pgcluster.py), a migrated template database
cloned per test, the hub served by uvicorn on 127.0.0.1, and desktop nodes on SQLite enrolled with it.

Without PostgreSQL the hub's tests are skipped with the reason; with GRIDAPP_REQUIRE_PG=1 (CI) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hub.pgcluster import Cluster, start_cluster

TEMPLATE = f"gridapp_hub_template_{os.getpid()}"  # one per process: pytest-xdist workers may share a server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The base URL of a PostgreSQL server (no database name)."""
    url = os.environ.get("GRIDAPP_TEST_PG")
    cluster: Cluster | None = None
    if not url:
        cluster, why = start_cluster()
        if cluster is None:
            if os.environ.get("GRIDAPP_REQUIRE_PG"):
                pytest.fail(f"GRIDAPP_REQUIRE_PG 已设置，但无法启动 PostgreSQL：{why}")
            pytest.skip(f"no PostgreSQL for the hub's tests: {why}")
        url = cluster.url
    _admin(url, f"DROP DATABASE IF EXISTS {TEMPLATE}")
    _admin(url, f"CREATE DATABASE {TEMPLATE}")
    from sqlalchemy import create_engine

    from gridapp.db.postgres import engine_url, upgrade

    engine = create_engine(engine_url(f"{url.rstrip('/')}/{TEMPLATE}"))
    upgrade(engine)  # migrated once; each test's database is a copy (no node identity yet)
    engine.dispose()
    try:
        yield url.rstrip("/")
    finally:
        if cluster is not None:
            cluster.stop()
        else:
            _admin(url, f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{url.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh database for this test, migrated (a copy of the template)."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    _admin(pg_server, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield f"{pg_server}/{name}"
    _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def empty_pg_url(pg_server: str) -> Iterator[str]:
    name = f"e_{uuid.uuid4().hex[:12]}"
    _admin(pg_server, f"CREATE DATABASE {name}")
    yield f"{pg_server}/{name}"
    _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@dataclass
class Served:
    url: str
    server: object
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True  # type: ignore[attr-defined]
        self.thread.join(10)


def serve(app: object, *, tls: tuple[Path, Path] | None = None) -> Served:
    """Run the app under uvicorn on a free port of 127.0.0.1 (HTTPS with `tls` = (certificate, key))."""
    import socket

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ssl = {"ssl_certfile": str(tls[0]), "ssl_keyfile": str(tls[1])} if tls else {}
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off",
                                           **ssl))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    return Served(f"{'https' if tls else 'http'}://127.0.0.1:{port}", server, thread)


def self_signed(folder: Path, host: str) -> tuple[Path, Path]:
    """A self-signed certificate for `host` (a DNS name or an IP address) and its key, as PEM files."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    try:
        alt: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        alt = x509.DNSName(host)
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([alt]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / f"{host}.pem", folder / f"{host}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def copy_template(template: Path, folder: Path, name: str) -> Path:
    path = folder / name
    shutil.copy(template, path)
    return path
