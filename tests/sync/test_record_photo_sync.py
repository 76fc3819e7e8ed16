"""A photo of an 八小工程 record and of a household visit travels with its record: up to the parent with its
thumbnail and full image (the event photos' blob parts), and down again to a sibling's installation it is not."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp.core.permissions import Principal, Role
from gridapp.db.models import PhotoBlob, RecordPhoto
from gridapp.services.projects import SmallProjectService
from gridapp.services.registry import RegistryService
from gridapp.services.visits import VisitInput, VisitService
from tests.services.test_projects import inp
from tests.sync.nodes import C1, G1, G2, make_tree
from tests.sync.test_photo_restore import image, xfer

DAY = dt.date(2026, 11, 30)


@pytest.fixture
def tree(template_db: Path, tmp_path: Path):
    nodes = make_tree(template_db, tmp_path, codes=(C1, G1, G2))
    yield nodes
    for n in nodes.values():
        n.close()


def held(node) -> dict[str, tuple[bool, bool]]:
    with node.db.read() as s:
        out = {}
        for p in s.execute(select(RecordPhoto).where(RecordPhoto.deleted.is_(False))).scalars():
            b = s.get(PhotoBlob, p.sha256)
            out[p.id] = (b is not None and b.thumb is not None and hashlib.sha256(b.thumb).hexdigest() == p.thumb_sha256,
                         b is not None and b.data is not None and hashlib.sha256(b.data).hexdigest() == p.sha256)
        return out


def test_record_photos_reach_the_parent_with_their_bytes(tree, tmp_path):
    worker = SmallProjectService(tree[G1].db, Principal("w", "网格员", Role.GRID_WORKER, G1, display_name="网格员"),
                                 today=lambda: DAY)
    rid = worker.record(inp("safety", G1, day=DAY), today=DAY)
    p1 = worker.add_photo(rid, image(11))
    hid = RegistryService(tree[G1].db, tree[G1].units.scope()).create_household(G1, "幸福街2号")
    police = VisitService(tree[G1].db, Principal("p", "民警", Role.POLICE, G1, display_name="民警"), today=lambda: DAY)
    vid = police.record(VisitInput(hid, DAY, 1, "入户了解情况"), today=DAY)
    p2 = police.add_photo(vid, image(12))
    xfer(tree, G1, C1, tmp_path)
    assert held(tree[C1]) == {p1: (True, True), p2: (True, True)}
    office = SmallProjectService(tree[C1].db, Principal("o", "综治中心", Role.OFFICE, C1, display_name="综治中心"),
                                 today=lambda: DAY)
    assert [p.id for p in office.photos(rid)] == [p1] and office.photo(rid, p1)
    visits = VisitService(tree[C1].db, Principal("o", "综治中心", Role.OFFICE, C1, display_name="综治中心"),
                          today=lambda: DAY)
    assert [p.id for p in visits.photos(vid)] == [p2]
    # down: the other grid's installation gets neither record nor bytes
    xfer(tree, C1, G2, tmp_path)
    assert held(tree[G2]) == {}
    with tree[G2].db.read() as s:
        assert s.execute(select(PhotoBlob)).first() is None
    xfer(tree, C1, G1, tmp_path)  # and back home: nothing new, nothing lost
    assert held(tree[G1]) == {p1: (True, True), p2: (True, True)}
