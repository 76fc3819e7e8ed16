"""Photo bytes survive backup restores (soak seed 9832572165258453892 of the event walk, reduced).

A grid adds a photo and sends it to its community; then the community and the grid both restore backups made
before the photo. The community keeps the grid's photo record (a restore carries over the changes of other
installations, gridapp.sync.carry) and used to lose its bytes: the grid, its only other holder, had rolled them
back with its own change, so the record went on to the town and back home to the grid and no package could
ever bring its thumbnail or full image. The bytes are carried over with the record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from gridapp.core.permissions import Principal, Role
from gridapp.db.database import open_database
from gridapp.db.models import EventPhoto, PhotoBlob
from gridapp.services.backup import BackupService, restore
from gridapp.services.events import EventInput, EventService
from gridapp.services.sync import SyncService
from gridapp.services.units import UnitService
from tests.sync.nodes import C1, G1, TOWN, Node
from tests.sync.nodes import xfer as nodes_xfer

DAY = dt.date(2026, 11, 30)


def image(seed: int) -> bytes:
    """A small generated image (random pixels)."""
    rnd = random.Random(seed)
    img = Image.frombytes("RGB", (32, 32), bytes(rnd.getrandbits(8) for _ in range(32 * 32 * 3)))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def worker(node: Node) -> EventService:
    return EventService(node.db, Principal(f"u{node.code}", "网格员", Role.GRID_WORKER, node.code,
                                           display_name="测试员"), today=DAY)


def xfer(nodes: dict[str, Node], a: str, b: str, folder: Path) -> None:
    res = nodes_xfer(nodes, a, b, folder)
    assert res.status == "imported" and res.photos_refused == 0, res.summary()


def restore_node(nodes: dict[str, Node], code: str, backup: Path) -> None:
    path = nodes[code].db.path
    restore(nodes[code].db, None, backup)  # closes the database
    db = open_database(path)
    nodes[code] = Node(code, db, SyncService(db), UnitService(db))


def photo_state(node: Node) -> dict[str, tuple[bool, bool]]:
    """Per photo record held: whether its thumbnail and its full image are held, with the right digests."""
    with node.db.read() as s:
        blobs = {b.sha256: b for b in s.execute(select(PhotoBlob)).scalars()}
        out = {}
        for p in s.execute(select(EventPhoto).where(EventPhoto.deleted.is_(False))).scalars():
            b = blobs.get(p.sha256)
            out[p.id] = (b is not None and b.thumb is not None and hashlib.sha256(b.thumb).hexdigest() == p.thumb_sha256,
                         b is not None and b.data is not None and hashlib.sha256(b.data).hexdigest() == p.sha256)
        return out


def test_photo_bytes_survive_when_the_community_and_the_grid_restore(sync_tree, tmp_path):
    eid = worker(sync_tree[G1]).report(EventInput(class_code="05", title="井盖缺失", description="井盖缺失",
                                                  place="幸福街1号", found_on=DAY))
    xfer(sync_tree, G1, C1, tmp_path)
    xfer(sync_tree, C1, TOWN, tmp_path)
    backups = {code: BackupService(sync_tree[code].db, folder=tmp_path / "backups" / code).make() for code in (C1, G1)}
    pid = worker(sync_tree[G1]).add_photo(eid, image(1))
    xfer(sync_tree, G1, C1, tmp_path)  # the record, its thumbnail and its full image reach the community
    restore_node(sync_tree, C1, backups[C1])
    assert photo_state(sync_tree[C1]) == {pid: (True, True)}  # the grid's record carried over, and its bytes with it
    restore_node(sync_tree, G1, backups[G1])
    for _round in range(3):
        for a, b in [(G1, C1), (C1, TOWN), (TOWN, C1), (C1, G1)]:
            xfer(sync_tree, a, b, tmp_path)
    for code in (TOWN, C1, G1):
        assert photo_state(sync_tree[code]) == {pid: (True, True)}, code
