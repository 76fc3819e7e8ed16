"""Photos of household visits (入户走访) and 八小工程 records: added by who may record them, in scope, made small
like an event's; a file that is no image, the same photo twice, or one out of scope refused with nothing
written; a correction keeps the photos of the version it replaces; read by everyone who reads the record."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from gridapp.core.errors import PermissionDenied, ScopeError, ValidationError
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import ChangeLog, PhotoBlob, RecordPhoto
from gridapp.services.projects import SmallProjectService
from gridapp.services.registry import RegistryService
from gridapp.services.visits import VisitInput, VisitService
from tests.services.test_projects import inp

DAY = dt.date(2026, 6, 15)


def png(w: int, h: int, colour=(30, 120, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), colour).save(buf, "PNG")
    return buf.getvalue()


def person(role: Role, unit: str) -> Principal:
    return Principal(f"u-{role.value}-{unit}", role.value, role, unit, display_name=f"{role.label_zh}甲")


def counts(db) -> tuple[int, int]:
    with db.read() as s:
        return (s.execute(select(func.count()).select_from(RecordPhoto)).scalar_one(),
                s.execute(select(func.count()).select_from(ChangeLog).where(
                    ChangeLog.table_name == "record_photo")).scalar_one())


def test_a_police_officer_photographs_a_visit_and_a_correction_keeps_it(community):
    grid = community.grids[0]
    hid = RegistryService(community.db, community.units.scope()).create_household(grid, "幸福街1号")
    police = VisitService(community.db, person(Role.POLICE, community.code), today=lambda: DAY)
    vid = police.record(VisitInput(hid, DAY, 2, "了解家庭情况"), today=DAY)
    pid = police.add_photo(vid, png(3000, 1500))
    [view] = police.photos(vid)
    assert view.id == pid and (view.width, view.height) == (2000, 1000) and view.added_by == "社区民警甲"
    assert Image.open(io.BytesIO(view.thumb)).size[0] <= 240
    assert Image.open(io.BytesIO(police.photo(vid, pid))).format == "JPEG"
    assert counts(community.db) == (1, 1)  # the record is synced: one change-log entry
    # refused, nothing written: the same photo again, a file that is no image
    with pytest.raises(ValidationError, match="已经添加") as e:
        police.add_photo(vid, png(3000, 1500))
    assert e.value.field == "照片"
    with pytest.raises(ValidationError):
        police.add_photo(vid, b"not an image at all")
    assert counts(community.db) == (1, 1)
    # a grid worker reads the visit's photos but may not add any (recording a visit is the police's)
    worker = VisitService(community.db, person(Role.GRID_WORKER, grid), today=lambda: DAY)
    assert [p.id for p in worker.photos(vid)] == [pid]
    with pytest.raises(PermissionDenied):
        worker.add_photo(vid, png(10, 10))
    # a correction is a new version: the photo shows with it
    new = police.correct(vid, VisitInput(hid, DAY, 3, "了解家庭情况，更正在户人数"), today=DAY)
    assert [p.id for p in police.photos(new)] == [pid]
    second = police.add_photo(new, png(50, 50, (250, 250, 0)))
    assert [p.id for p in police.photos(new)] == [pid, second]
    with community.db.read() as s:
        assert s.execute(select(func.count()).select_from(PhotoBlob)).scalar_one() == 2


def test_a_grid_worker_photographs_an_eight_small_projects_record_of_the_own_grid_only(community):
    g1, g2 = community.grids
    worker = SmallProjectService(community.db, person(Role.GRID_WORKER, g1), today=lambda: DAY)
    rid = worker.record(inp("safety", g1), today=DAY)
    pid = worker.add_photo(rid, png(800, 600))
    assert [p.id for p in worker.photos(rid)] == [pid]
    other = SmallProjectService(community.db, person(Role.GRID_WORKER, g2), today=lambda: DAY)
    with pytest.raises(ScopeError):
        other.add_photo(rid, png(20, 20))
    with pytest.raises(ScopeError):
        other.photos(rid)
    office = SmallProjectService(community.db, person(Role.OFFICE, community.code), today=lambda: DAY)
    assert len(office.photo(rid, pid)) > 0
    for i in range(19):
        worker.add_photo(rid, png(20 + i, 20))
    with pytest.raises(ValidationError, match="最多 20 张"):
        worker.add_photo(rid, png(99, 99))
    assert counts(community.db) == (20, 20)
