"""Test helpers: a tree of installations in temp-file databases, enrolled with each other."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from gridapp.core.orgcode import level_of
from gridapp.db.database import Database, open_database
from gridapp.db.models import SYNC_COLUMNS, SYNCED_MODELS, SyncConflict
from gridapp.services.sync import ImportResult, SyncService
from gridapp.services.units import UnitService

TOWN = "370303001"
C1, C2 = "370303001001", "370303001002"
G1, G2 = "370303001001001", "370303001001002"
TREE = {TOWN: None, C1: TOWN, C2: TOWN, G1: C1, G2: C1}
NAMES = {TOWN: "城东街道", C1: "和平社区", C2: "友谊社区", G1: "和平一网格", G2: "和平二网格"}


@dataclass
class Node:
    code: str
    db: Database
    sync: SyncService
    units: UnitService

    def close(self) -> None:
        self.db.close()


def make_node(template: Path, folder: Path, code: str) -> Node:
    path = folder / f"{code}.sqlite3"
    shutil.copy(template, path)
    db = open_database(path)
    units = UnitService(db)
    units.initialise(code, NAMES[code], level_of(code))
    return Node(code, db, SyncService(db), units)


def enrol(parent: Node, child: Node, folder: Path) -> None:
    req = folder / f"{child.code}.req"
    cert = folder / f"{child.code}.cert"
    child.sync.make_request(req)
    parent.sync.enrol(req, cert)
    child.sync.accept(cert)


def xfer(nodes: dict[str, Node], a: str, b: str, folder: Path) -> ImportResult:
    """Node `a` writes a package for `b` and `b` imports it (imported, or nothing new); the import's result."""
    path = folder / f"{a}-to-{b}-{len(list(folder.glob('*.gridpkg')))}.gridpkg"
    nodes[a].sync.export(b, path)
    (res,) = nodes[b].sync.import_files([path])
    assert res.status in ("imported", "already"), res.message
    return res


def make_tree(template: Path, folder: Path, codes=tuple(TREE)) -> dict[str, Node]:
    nodes = {c: make_node(template, folder, c) for c in codes}
    # the upper levels register the units below them, as they would in practice
    for code in codes:
        for child, parent in TREE.items():
            if parent == code and child in nodes:
                nodes[code].units.add(child, NAMES[child])
    for child, parent in TREE.items():
        if parent and child in nodes and parent in nodes:
            enrol(nodes[parent], nodes[child], folder)
    return nodes


def snapshot(db: Database, scope: str | None = None) -> dict:
    """Every synced row (values and effective field clocks) in `scope` (a unit's subtree + ancestors)."""
    out = {}
    with db.read() as s:
        for table, model in SYNCED_MODELS.items():
            cols = [c.name for c in model.__table__.columns]
            for row in s.execute(select(model)).scalars():
                if scope is not None and not (row.unit_code.startswith(scope) or scope.startswith(row.unit_code)):
                    continue
                if scope is not None and not getattr(model, "__sync_down__", True):
                    # up-only rows (the audit log) never come down: those of the units above are not here, and
                    # a node that restored a backup does not get back the ones it had already sent up
                    continue
                created = [row.created_hlc, row.origin_node]
                clocks = row.field_clocks or {}
                fields = {c: getattr(row, c) for c in cols if c not in SYNC_COLUMNS}
                eff = {c: list(clocks.get(c, created)) for c in fields}
                out[(table, row.id)] = (fields, eff, row.deleted, row.deleted_hlc, row.row_hlc, row.unit_code)
    return out


def conflict_set(db: Database) -> set:
    with db.read() as s:
        return {(c.table_name, c.row_id, c.field, c.hlc_a, c.node_a, c.hlc_b, c.node_b)
                for c in s.execute(select(SyncConflict)).scalars()}
