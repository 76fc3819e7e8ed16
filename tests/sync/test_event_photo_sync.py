"""Event photos travel with their event (issue 15): up from the grid to the community and the town with identical
bytes, down to the grid when the community adds one; thumbnails always, full images within a budget per package
(the rest asked for by the receiver and brought by the next package); stored once however often they come; a
photo for an event the sender does not own, or bytes not matching their record, refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from gridapp.core.errors import NotFound
from gridapp.core.ids import stable_id
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import EventPhoto, PhotoBlob
from gridapp.services.events import EventInput, EventService
from gridapp.sync import photos as photo_sync
from tests.services.test_sync_ownership import forge
from tests.sync.nodes import C1, G1, G2, TOWN, make_tree

DAY = dt.date(2026, 11, 30)


@pytest.fixture
def tree(template_db: Path, tmp_path: Path):
    nodes = make_tree(template_db, tmp_path, codes=(TOWN, C1, G1, G2))
    yield nodes
    for n in nodes.values():
        n.close()


def svc(node, role: Role, unit: str) -> EventService:
    return EventService(node.db, Principal(f"u{unit}{role.value}", role.value, role, unit, display_name="测试员"),
                        today=DAY)


def jpeg(seed: int, side: int = 900) -> bytes:
    """A photo-like image (noise does not compress away): a few hundred KB once recompressed."""
    import random

    rnd = random.Random(seed)
    img = Image.frombytes("RGB", (side, side), bytes(rnd.getrandbits(8) for _ in range(side * side * 3)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    return buf.getvalue()


def xfer(nodes, a: str, b: str, folder: Path):
    path = folder / f"{a}-to-{b}-{len(list(folder.glob('*.gridpkg')))}.gridpkg"
    nodes[a].sync.export(b, path)
    (res,) = nodes[b].sync.import_files([path])
    assert res.status in ("imported", "already"), res.message
    return res, path


def blobs(node) -> int:
    with node.db.read() as s:
        return s.execute(select(func.count()).select_from(PhotoBlob)).scalar() or 0


def report(node, unit: str = G1) -> str:
    return svc(node, Role.GRID_WORKER, unit).report(EventInput(class_code="05", title="井盖缺失", description="井盖缺失",
                                                               place="幸福街1号", found_on=DAY))


def test_a_grid_photo_reaches_the_community_and_the_town_with_identical_bytes(tree, tmp_path):
    eid = report(tree[G1])
    worker = svc(tree[G1], Role.GRID_WORKER, G1)
    p1 = worker.add_photo(eid, jpeg(1))
    p2 = worker.add_photo(eid, jpeg(2))
    original = {p: worker.photo(eid, p) for p in (p1, p2)}
    thumbs = {v.id: v.thumb for v in worker.photos(eid)}
    res, path = xfer(tree, G1, C1, tmp_path)
    assert res.photos == 4 and res.photos_refused == 0  # two thumbnails, two full images
    xfer(tree, C1, TOWN, tmp_path)
    for code, role in ((C1, Role.OFFICE), (TOWN, Role.OFFICE)):
        office = svc(tree[code], role, code)
        assert {v.id: v.thumb for v in office.photos(eid)} == thumbs
        for p, data in original.items():
            assert office.photo(eid, p) == data
            assert hashlib.sha256(office.photo(eid, p)).hexdigest() == hashlib.sha256(data).hexdigest()
    # a re-import imports nothing twice: the same package, then a new one with nothing new
    (again,) = tree[C1].sync.import_files([path])
    assert again.status == "already"
    res2, _ = xfer(tree, G1, C1, tmp_path)
    assert res2.new == 0 and res2.photos == 0
    assert blobs(tree[C1]) == 2
    with tree[C1].db.read() as s:
        assert s.execute(select(func.count()).select_from(EventPhoto)).scalar() == 2
    # the same photo cannot be attached twice to one event
    with pytest.raises(Exception, match="已经添加"):
        worker.add_photo(eid, jpeg(1))


def test_a_community_photo_goes_down_to_the_events_grid_only(tree, tmp_path):
    eid = report(tree[G1])
    xfer(tree, G1, C1, tmp_path)
    office = svc(tree[C1], Role.OFFICE, C1)
    pid = office.add_photo(eid, jpeg(3))
    xfer(tree, C1, G1, tmp_path)
    xfer(tree, C1, G2, tmp_path)
    assert svc(tree[G1], Role.GRID_WORKER, G1).photo(eid, pid) == office.photo(eid, pid)
    assert blobs(tree[G2]) == 0


def test_full_images_beyond_the_budget_follow_in_the_next_packages(tree, tmp_path, monkeypatch):
    eid = report(tree[G1])
    worker = svc(tree[G1], Role.GRID_WORKER, G1)
    pids = [worker.add_photo(eid, jpeg(10 + i)) for i in range(3)]
    size = len(worker.photo(eid, pids[0]))
    monkeypatch.setattr(photo_sync, "FULL_BUDGET", int(size * 1.5))  # one full image per package
    res, _ = xfer(tree, G1, C1, tmp_path)
    assert res.photos == 4  # three thumbnails, one full image
    office = svc(tree[C1], Role.OFFICE, C1)
    assert all(v.thumb for v in office.photos(eid))
    missing = []
    for p in pids:
        try:
            office.photo(eid, p)
        except NotFound as e:
            assert "尚未同步" in e.message
            missing.append(p)
    assert len(missing) == 2
    for _ in range(2):  # the community says what it lacks; each package from the grid brings one more
        xfer(tree, C1, G1, tmp_path)
        res, _ = xfer(tree, G1, C1, tmp_path)
        assert res.photos == 1
    assert [office.photo(eid, p) for p in pids] == [worker.photo(eid, p) for p in pids]


def test_a_photo_for_another_grids_event_is_refused(tree, tmp_path):
    eid2 = report(tree[G2], G2)
    xfer(tree, G2, C1, tmp_path)
    sha = "ab" * 32
    pid = stable_id("event_photo", f"{eid2}:{sha}")
    forge(tree[G1], "event_photo", pid, "insert", {
        "event_id": eid2, "added_on": DAY.isoformat(), "added_by": "冒充", "width": 10, "height": 10,
        "sha256": sha, "thumb_sha256": sha, "size": 10})
    path = tmp_path / "forged.gridpkg"
    tree[G1].sync.export(C1, path)
    (res,) = tree[C1].sync.import_files([path])
    assert res.status == "refused" and "事件照片" in res.message
    with tree[C1].db.read() as s:
        assert s.get(EventPhoto, pid) is None


def test_bytes_that_do_not_match_their_record_are_dropped(tree, tmp_path):
    eid = report(tree[G1])
    worker = svc(tree[G1], Role.GRID_WORKER, G1)
    pid = worker.add_photo(eid, jpeg(5))
    with tree[G1].db.write() as s:  # a tampered installation swaps the bytes behind the record
        row = s.get(EventPhoto, pid)
        blob = s.get(PhotoBlob, row.sha256)
        blob.data = jpeg(6)
        blob.thumb = b"\xff\xd8 not the thumbnail"
    res, _ = xfer(tree, G1, C1, tmp_path)
    assert res.photos == 0 and res.photos_refused == 2
    office = svc(tree[C1], Role.OFFICE, C1)
    [view] = office.photos(eid)
    assert view.thumb == b""
    with pytest.raises(NotFound):
        office.photo(eid, pid)
