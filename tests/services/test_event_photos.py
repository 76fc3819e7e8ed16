"""Event photos: an image is downscaled and recompressed on import; a file that is no image, an empty or a
too large one is refused with the rule named and nothing stored; only who may see the event reads them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from gridapp.core.errors import ScopeError, ValidationError
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.services import photos
from gridapp.services.events import EventInput, EventService
from gridapp.services.units import UnitService

TOWN, COMMUNITY, COMMUNITY2 = "370303001", "370303001001", "370303001002"
GRID1, GRID3 = "370303001001001", "370303001002001"
MON = dt.date(2026, 11, 30)


def svc(db, role: Role, unit: str) -> EventService:
    return EventService(db, Principal(f"u{unit}{role.value}", role.value, role, unit, display_name="测试"), today=MON)


def png(w: int, h: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", (w, h), (200, 30, 30, 255)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def event(db):
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    units.add(COMMUNITY, "和平社区")
    units.add(COMMUNITY2, "幸福社区")
    units.add(GRID1, "第1网格")
    units.add(GRID3, "第1网格")
    eid = svc(db, Role.GRID_WORKER, GRID1).report(EventInput(class_code="05", title="井盖缺失", description="井盖缺失",
                                                             place="幸福街1号", found_on=MON))
    return db, eid


def test_a_photo_is_downscaled_and_read_back(event):
    db, eid = event
    worker = svc(db, Role.GRID_WORKER, GRID1)
    pid = worker.add_photo(eid, png(4000, 3000))
    [p] = worker.photos(eid)
    assert p.id == pid and (p.width, p.height) == (2000, 1500) and p.added_by == "测试"
    assert Image.open(io.BytesIO(p.thumb)).size[0] <= photos.THUMB_SIDE
    data = svc(db, Role.OFFICE, COMMUNITY).photo(eid, pid)
    assert Image.open(io.BytesIO(data)).format == "JPEG"
    with pytest.raises(ScopeError):
        svc(db, Role.OFFICE, COMMUNITY2).photos(eid)


def test_bad_files_are_refused_and_nothing_stored(event, monkeypatch):
    db, eid = event
    worker = svc(db, Role.GRID_WORKER, GRID1)
    with pytest.raises(ValidationError, match="不是图片"):
        worker.add_photo(eid, b"%PDF-1.4 not a photo" * 100)
    with pytest.raises(ValidationError, match="空文件"):
        worker.add_photo(eid, b"")
    monkeypatch.setattr(photos, "MAX_INPUT", 1000)
    with pytest.raises(ValidationError, match="上限"):
        worker.add_photo(eid, png(400, 400) + b"\0" * 2000)
    assert worker.photos(eid) == []
    with pytest.raises(ScopeError):  # another community's grid worker
        svc(db, Role.GRID_WORKER, GRID3).add_photo(eid, png(10, 10))
