"""Photo bytes nobody needs any more are swept (gridapp.sync.photos.sweep), safely with sync.

A photo lives while its record row and its record live (for a visit or an 八小工程 record: the version it was
added to, or a later version correcting it). The bytes of a content hash stay while one photo naming it lives,
or died less than SWEEP_DAYS ago; bytes no photo record names go at once. A node asks its peers only for the
bytes of live photos, so swept bytes are not fetched back, and a change not yet imported that makes a photo
live again (a correction made elsewhere of a record deleted here) brings its bytes back by the usual `wanted`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp.core.hlc import wall_clock_ms
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import PhotoBlob
from gridapp.services.backup import BackupService
from gridapp.services.events import EventInput, EventService
from gridapp.services.projects import SmallProjectService
from gridapp.services.registry import RegistryService
from gridapp.services.visits import VisitInput, VisitService
from gridapp.sync import photos
from tests.services.test_projects import inp
from tests.sync.nodes import C1, G1, make_tree
from tests.sync.test_photo_restore import image, xfer
from tests.sync.test_record_photo_sync import held

DAY = dt.date(2026, 11, 30)
LATER = 31 * 86_400_000  # past the default 30 days


def police(db, unit: str) -> VisitService:
    return VisitService(db, Principal(f"p{unit}", "民警", Role.POLICE, unit, display_name="民警"), today=lambda: DAY)


def blobs(db) -> set[str]:
    with db.read() as s:
        return set(s.execute(select(PhotoBlob.sha256)).scalars())


def sweep(db, shift_ms: int = 0, days: int = photos.SWEEP_DAYS) -> photos.Sweep:
    with db.write() as s:
        return photos.sweep(s, days, now_ms=wall_clock_ms() + shift_ms)


def sha_of(db, record_svc, record_id: str) -> str:
    from gridapp.db.models import RecordPhoto

    (pid,) = [p.id for p in record_svc.photos(record_id)]
    with db.read() as s:
        return s.get(RecordPhoto, pid).sha256


@pytest.fixture
def tree(template_db: Path, tmp_path: Path):
    nodes = make_tree(template_db, tmp_path, codes=(C1, G1))
    yield nodes
    for n in nodes.values():
        n.close()


def test_bytes_of_live_photos_stay_and_those_of_deleted_records_go_after_the_grace_period(community):
    db, grid = community.db, community.grids[0]
    hid = RegistryService(db, community.units.scope()).create_household(grid, "幸福街1号")
    visits = police(db, community.code)
    corrected = visits.record(VisitInput(hid, DAY, 2, "了解家庭情况"), today=DAY)
    visits.add_photo(corrected, image(1))
    kept_sha = sha_of(db, visits, corrected)
    visits.correct(corrected, VisitInput(hid, DAY, 3, "更正在户人数"), today=DAY)  # the photo lives on
    deleted = visits.record(VisitInput(hid, DAY, 1, "回访"), today=DAY)
    visits.add_photo(deleted, image(2))
    gone_sha = sha_of(db, visits, deleted)
    worker = SmallProjectService(db, Principal("w", "网格员", Role.GRID_WORKER, grid, display_name="网格员"),
                                 today=lambda: DAY)
    shared = worker.record(inp("safety", grid, day=DAY), today=DAY)
    worker.add_photo(shared, image(2))  # the same picture on a live 八小工程 record: its bytes stay
    removed = worker.record(inp("safety", grid, day=DAY), today=DAY)
    worker.add_photo(removed, image(3))
    removed_sha = sha_of(db, worker, removed)
    events = EventService(db, Principal("w", "网格员", Role.GRID_WORKER, grid, display_name="网格员"), today=DAY)
    eid = events.report(EventInput(title="路灯不亮", description="三号楼前路灯不亮", place="三号楼", found_on=DAY,
                                   class_code="02", unit_code=grid))
    events.add_photo(eid, image(4))
    with db.write() as s:  # bytes no photo record names (left by an older version): nothing can show them
        s.add(PhotoBlob(sha256="f" * 64, thumb=b"t", data=b"d"))
    visits.delete(deleted)
    worker.remove(removed, "重复录入")
    before = blobs(db)
    assert {kept_sha, gone_sha, removed_sha, "f" * 64} <= before and len(before) == 5

    # within the grace period only the unnamed bytes go; the deleted records' photos are kept for now
    first = sweep(db)
    assert (first.blobs, first.kept_recent) == (1, 1) and blobs(db) == before - {"f" * 64}
    # a month later the deleted 八小工程 record's photo goes; the one shared with a live record stays
    with db.read() as s:
        counted = photos.sweep(s, now_ms=wall_clock_ms() + LATER, dry_run=True)
    assert (counted.blobs, counted.kept_recent) == (1, 0) and blobs(db) == before - {"f" * 64}  # dry run: counted
    later = sweep(db, LATER)
    assert later.blobs == 1 and later.bytes > 0
    assert blobs(db) == before - {"f" * 64, removed_sha}
    assert gone_sha in blobs(db) and kept_sha in blobs(db)
    # what is live still reads: the corrected visit's photo, the shared picture, the event's photo
    assert len(events.photos(eid)) == 1 and events.photo(eid, events.photos(eid)[0].id)
    assert worker.photo(shared, worker.photos(shared)[0].id)
    # and nothing live is asked for again
    with db.read() as s:
        assert photos.wanted(s) == []


def test_a_correction_made_elsewhere_of_a_record_deleted_here_brings_the_bytes_back(tree, tmp_path):
    grid_police, office_police = police(tree[G1].db, G1), police(tree[C1].db, C1)
    hid = RegistryService(tree[G1].db, tree[G1].units.scope()).create_household(G1, "幸福街2号")
    vid = grid_police.record(VisitInput(hid, DAY, 1, "入户了解情况"), today=DAY)
    pid = grid_police.add_photo(vid, image(21))
    sha = sha_of(tree[G1].db, grid_police, vid)
    xfer(tree, G1, C1, tmp_path)
    assert held(tree[C1]) == {pid: (True, True)}
    # offline at the same time: the grid deletes the visit, the community corrects it
    grid_police.delete(vid)
    new = office_police.correct(vid, VisitInput(hid, DAY, 2, "入户了解情况，更正在户人数"), today=DAY)
    # the grid sweeps a month later, before the community's correction came: its bytes go there
    assert sweep(tree[G1].db, LATER).blobs == 1
    assert held(tree[G1]) == {pid: (False, False)}
    with tree[G1].db.read() as s:
        assert photos.wanted(s) == []  # a deleted record's photo is not asked for
    # the community swept nothing: its photo lives (its correction)
    assert sweep(tree[C1].db, LATER).blobs == 0
    # the correction arrives: the photo lives again at the grid, which asks for its bytes and gets them
    xfer(tree, C1, G1, tmp_path)
    with tree[G1].db.read() as s:
        assert photos.wanted(s) == [[sha, "tf"]]
    xfer(tree, G1, C1, tmp_path)  # the grid's package says what it lacks
    xfer(tree, C1, G1, tmp_path)  # the community's next one brings it
    assert held(tree[G1]) == {pid: (True, True)}
    assert [p.id for p in police(tree[G1].db, G1).photos(new)] == [pid]
    assert sweep(tree[G1].db, LATER).blobs == 0


def test_the_daily_backup_sweeps_after_backing_up(community, monkeypatch, tmp_path):
    db, grid = community.db, community.grids[0]
    worker = SmallProjectService(db, Principal("w", "网格员", Role.GRID_WORKER, grid, display_name="网格员"),
                                 today=lambda: DAY)
    rid = worker.record(inp("safety", grid, day=DAY), today=DAY)
    worker.add_photo(rid, image(31))
    worker.remove(rid, "录错了")
    # the daily backup runs for whoever signs in (a grid worker may not back up by hand): it sweeps all the same
    service = BackupService(db, Principal("w", "网格员", Role.GRID_WORKER, grid, display_name="网格员"),
                            folder=tmp_path / "backups")
    assert service.daily() is not None and len(blobs(db)) == 1  # deleted today: kept
    real = photos.wall_clock_ms
    monkeypatch.setattr(photos, "wall_clock_ms", lambda: real() + LATER)
    assert service.daily() is None and len(blobs(db)) == 1  # no new backup today: no sweep either
    backup = service.daily(today=dt.date.today() + dt.timedelta(days=31))
    assert backup is not None and blobs(db) == set()
    # the backup made just before the sweep still holds the bytes
    from gridapp.db.database import open_database

    copy = open_database(backup)
    try:
        assert len(blobs(copy)) == 1
    finally:
        copy.close()


def test_only_an_administrator_sweeps_by_hand(community):
    from gridapp.core.errors import PermissionDenied

    worker = Principal("w", "网格员", Role.GRID_WORKER, community.grids[0], display_name="网格员")
    with pytest.raises(PermissionDenied):
        BackupService(community.db, worker).clean_photos()
    admin = Principal("a", "管理员", Role.ADMIN, community.code, display_name="管理员")
    assert BackupService(community.db, admin).clean_photos(dry_run=True).blobs == 0
