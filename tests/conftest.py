"""Shared pytest fixtures. Non-UI fixtures first; the UI section follows below it."""

# --- non-UI fixtures ---
#
# The schema is migrated once per session into a template file; every test gets its own copy
# (a file copy is far cheaper than running the migrations again). The template has no node id, so each
# copy becomes a separate installation with its own identity the first time it is opened.

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from gridapp.core.orgcode import Level
from gridapp.db.database import Database, open_database
from gridapp.demo import DemoGenerator, DemoResult
from gridapp.services.units import UnitService

# Hypothesis: the same examples on every run (CI never flakes on a new random draw; tools/soak.py explores
# fresh seeds instead). HYPOTHESIS_PROFILE=random draws new ones here too.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("random", derandomize=False, database=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

COMMUNITY_CODE = "370303001001"
COMMUNITY_NAME = "和平社区"
GRID_CODES = ("370303001001001", "370303001001002")
DEMO_TOWN_CODE = "370303001"
DEMO_RESIDENTS = 1000  # more than one grid's worth (850), so the demo tree has two grids


@pytest.fixture(autouse=True)
def _gridapp_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data and config folders at temporary ones: no test touches the real user dirs."""
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("GRIDAPP_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("GRIDAPP_CONFIG_DIR", str(base / "config"))
    return base


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at n=2**10 in tests (the real cost, 2**15, is stored with each hash and measured in bench/)."""
    from gridapp.db import keystore

    monkeypatch.setattr(keystore, "SCRYPT_N", 2**10)


def _close_and_forget_identity(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute("DELETE FROM meta")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file migrated to head, with no node identity and no data. Copy it, never open it."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(path, create=True).close()
    _close_and_forget_identity(path)
    return path


@pytest.fixture
def sync_tree(template_db: Path, tmp_path: Path) -> Iterator[dict]:
    """The town, community C1 and its grid G1 of tests.sync.nodes, each an installation enrolled with the one
    above it (temp-file databases in tmp_path, closed afterwards)."""
    from tests.sync.nodes import C1, G1, TOWN, make_tree

    nodes = make_tree(template_db, tmp_path, codes=(TOWN, C1, G1))
    yield nodes
    for n in nodes.values():
        n.close()


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the migrated template for this test."""
    path = tmp_path / "gridapp.sqlite3"
    shutil.copy(template_db, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """The test's own open (empty, un-initialised) database; closed after the test."""
    database = open_database(db_path)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def open_db() -> Iterator[Callable[..., Database]]:
    """`open_db(path, **kw)` opens a database that is closed again when the test ends."""
    opened: list[Database] = []

    def _open(path: Path | str, **kwargs: object) -> Database:
        database = open_database(path, **kwargs)  # type: ignore[arg-type]
        opened.append(database)
        return database

    yield _open
    for database in opened:
        database.close()


@pytest.fixture
def fresh_copy(template_db: Path, tmp_path: Path) -> Callable[[str], Path]:
    """`fresh_copy("name")` makes another copy of the template in the test's folder."""

    def _copy(name: str) -> Path:
        path = tmp_path / f"{name}.sqlite3"
        shutil.copy(template_db, path)
        return path

    return _copy


@dataclass
class Community:
    db: Database
    code: str
    name: str
    grids: tuple[str, ...]
    units: UnitService


@pytest.fixture
def community(db: Database) -> Community:
    """A database initialised for a community (和平社区) with two grids below it."""
    units = UnitService(db)
    units.initialise(COMMUNITY_CODE, COMMUNITY_NAME, Level.COMMUNITY)
    for i, grid in enumerate(GRID_CODES, start=1):
        units.add(grid, f"第{i}网格")
    return Community(db=db, code=COMMUNITY_CODE, name=COMMUNITY_NAME, grids=GRID_CODES, units=units)


@dataclass(frozen=True)
class DemoTemplate:
    path: Path
    result: DemoResult
    unit_code: str


@pytest.fixture(scope="session")
def demo_template(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    """A town installation filled with demo data once per session. Copy it, never open it."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite3"
    shutil.copy(template_db, path)
    database = open_database(path)
    try:
        UnitService(database).initialise(DEMO_TOWN_CODE, "城东街道", Level.TOWN)
        result = DemoGenerator(database, seed=7).run(DEMO_RESIDENTS)
    finally:
        database.close()
    return DemoTemplate(path=path, result=result, unit_code=DEMO_TOWN_CODE)


@pytest.fixture
def demo_db(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The test's own open copy of the demo database."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template.path, path)
    database = open_database(path)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(scope="session")
def _built_folders() -> dict[str, Path]:
    return {}


@pytest.fixture
def built_db(_built_folders: dict[str, Path], tmp_path_factory: pytest.TempPathFactory,
             tmp_path: Path) -> Callable[[str, str, Callable[[Path], None]], Path]:
    """`built_db(key, filename, build)`: this test's own copy of a database that `build(path)` makes once per
    session under `key` (the first test that asks builds it, e.g. `init` + `demo` + users through the CLI).

    The build's whole folder is copied: the database, its `.keys` sidecar and the `backups/` the CLI made, so
    the copy is file for file what the build left. Copies share the template's node identity: build one per
    installation a test syncs between. Keys must name what is built (a builder is never run twice)."""

    def _get(key: str, filename: str, build: Callable[[Path], None]) -> Path:
        folder = _built_folders.get(key)
        if folder is None:
            folder = tmp_path_factory.mktemp(f"built-{key}")
            build(folder / filename)
            leftovers = [p.name for p in folder.iterdir()
                         if p.name.endswith(("-wal", "-journal")) and p.stat().st_size > 0]
            assert not leftovers, f"the build of {key} left the database open: {leftovers}"
            _built_folders[key] = folder
        shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
        return tmp_path / filename

    return _get


# --- end of non-UI fixtures ---
