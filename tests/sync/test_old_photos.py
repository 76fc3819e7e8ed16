"""Photos stored before migration 0018c_photo_sync: the migration kept their rows and bytes without change-log
entries, so they never left the node. The first export after the upgrade logs them once (a meta marker), then
they travel like any other: the parent gets the record and the bytes.

The grid's database is put back at the 0018b state for real (alembic down to 0018c, 0018c's tables replaced by
0016d's, the photo stored as 0016d stored it, stamped 0018b), then opened: the app upgrades it as it would."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.core.ids import stable_id
from gridapp.core.permissions import Principal, Role
from gridapp.db.database import alembic_config, open_database
from gridapp.db.models import ChangeLog, EventPhoto, Meta, PhotoBlob
from gridapp.services.events import EventInput, EventService
from gridapp.services.photos import prepare_photo
from gridapp.services.sync import SyncService
from gridapp.services.units import UnitService
from gridapp.sync.photos import OLD_PHOTOS_LOGGED
from tests.sync.nodes import C1, G1, Node, make_tree
from tests.sync.test_photo_restore import image, xfer

DAY = dt.date(2026, 11, 30)


@pytest.fixture
def tree(template_db: Path, tmp_path: Path):
    nodes = make_tree(template_db, tmp_path, codes=(C1, G1))
    yield nodes
    for n in nodes.values():
        n.close()


def back_to_0018b_with_a_photo(node: Node, event_id: str, content: bytes) -> str:
    """Take the grid's database down to 0018b and store a photo in 0016d's table; returns the photo's old id."""
    from alembic import command

    path = node.db.path
    with node.db.engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0018c")  # 0020 and 0019a go down by their own downgrades
    node.close()
    photo = prepare_photo(content)
    con = sqlite3.connect(path)
    with con:
        con.execute("DROP TABLE event_photo")
        con.execute("DROP TABLE photo_blob")
        con.execute("CREATE TABLE event_photo (id VARCHAR(32) NOT NULL, event_id VARCHAR(32) NOT NULL, unit_code "
                    "VARCHAR(15) NOT NULL, added_on DATE NOT NULL, added_by VARCHAR(50) NOT NULL, width INTEGER NOT "
                    "NULL, height INTEGER NOT NULL, data BLOB NOT NULL, thumb BLOB NOT NULL, deleted BOOLEAN DEFAULT "
                    "'0' NOT NULL, CONSTRAINT pk_event_photo PRIMARY KEY (id))")
        con.execute("CREATE INDEX ix_event_photo_event_id ON event_photo (event_id)")
        con.execute("INSERT INTO event_photo VALUES ('oldphoto0016d', ?, ?, ?, '网格员', ?, ?, ?, ?, 0)",
                    (event_id, G1, DAY.isoformat(), photo.width, photo.height, photo.data, photo.thumb))
        con.execute("UPDATE alembic_version SET version_num = '0018b'")
        # a database at 0018b never had the marker (the export above, at head, wrote it)
        assert con.execute("DELETE FROM meta WHERE key = ?", (OLD_PHOTOS_LOGGED,)).rowcount == 1
    con.close()
    return "oldphoto0016d"


def reopen(nodes: dict[str, Node], code: str, tmp_path: Path) -> None:
    db = open_database(nodes[code].db.path, backup_dir=tmp_path / "bk")
    assert db.upgraded_from == "0018b"
    nodes[code] = Node(code, db, SyncService(db), UnitService(db))


def photo_rows(node: Node) -> list[tuple[str, str, bool, bool]]:
    with node.db.read() as s:
        out = []
        for p in s.execute(select(EventPhoto).where(EventPhoto.deleted.is_(False))).scalars():
            b = s.get(PhotoBlob, p.sha256)
            out.append((p.id, p.event_id, b is not None and b.data is not None
                        and hashlib.sha256(b.data).hexdigest() == p.sha256, b is not None and b.thumb is not None))
        return out


def photo_changes(node: Node) -> int:
    with node.db.read() as s:
        return s.execute(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.table_name == "event_photo")).scalar_one()


def test_a_photo_from_before_0018c_reaches_the_parent_after_the_upgrade(tree, tmp_path):
    worker = EventService(tree[G1].db, Principal("w", "网格员", Role.GRID_WORKER, G1, display_name="网格员"),
                          today=DAY)
    eid = worker.report(EventInput(class_code="05", title="井盖缺失", description="井盖缺失", place="幸福街1号",
                                   found_on=DAY))
    xfer(tree, G1, C1, tmp_path)  # the event was synced before 0018c (events travel since 0015i)
    back_to_0018b_with_a_photo(tree[G1], eid, image(7))
    reopen(tree, G1, tmp_path)
    # as the migration leaves it: the record and bytes, no change-log entry, clock 0
    [(old_id, _e, full, thumb)] = photo_rows(tree[G1])
    assert old_id == "oldphoto0016d" and full and thumb and photo_changes(tree[G1]) == 0

    xfer(tree, G1, C1, tmp_path)  # the first export after the upgrade logs it, and carries it
    new_id = stable_id("event_photo", f"{eid}:{_sha(tree[G1])}")  # the id a photo has had since 0018c
    assert photo_rows(tree[G1]) == [(new_id, eid, True, True)] and photo_changes(tree[G1]) == 1
    assert photo_rows(tree[C1]) == [(new_id, eid, True, True)]  # the parent holds the record and the bytes
    office = EventService(tree[C1].db, Principal("o", "综治中心", Role.OFFICE, C1, display_name="综治中心"), today=DAY)
    assert [p.id for p in office.photos(eid)] == [new_id]
    assert hashlib.sha256(office.photo(eid, new_id)).hexdigest() == _sha(tree[G1])
    with tree[G1].db.read() as s:
        assert s.get(Meta, OLD_PHOTOS_LOGGED).value == "1"

    # once: later exports log nothing again, and the photo is not sent twice
    xfer(tree, G1, C1, tmp_path)
    xfer(tree, C1, G1, tmp_path)
    assert photo_changes(tree[G1]) == 1 and len(photo_rows(tree[C1])) == 1 and len(photo_rows(tree[G1])) == 1


def _sha(node: Node) -> str:
    with node.db.read() as s:
        return s.execute(select(EventPhoto.sha256)).scalar_one()
