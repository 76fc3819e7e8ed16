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


def test_an_iphone_heic_photo_is_read_downscaled_and_kept_as_jpeg(event, monkeypatch):
    """HEIC, as iPhones save photos, through pillow-heif (a dependency); without the plug-in the message says what
    to do instead of calling it "not an image"."""
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    buf = io.BytesIO()
    Image.new("RGB", (3024, 4032), (40, 120, 60)).save(buf, format="HEIF", quality=60)
    heic = buf.getvalue()
    assert heic[4:12] == b"ftypheic"
    db, eid = event
    worker = svc(db, Role.GRID_WORKER, GRID1)
    pid = worker.add_photo(eid, heic)
    [p] = worker.photos(eid)
    assert p.id == pid and (p.width, p.height) == (1500, 2000)
    assert Image.open(io.BytesIO(worker.photo(eid, pid))).format == "JPEG"
    import builtins

    real_import = builtins.__import__

    def no_plugin(name, *a, **kw):
        if name == "pillow_heif":
            raise ImportError(name)
        return real_import(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", no_plugin)
    monkeypatch.setattr(Image, "OPEN", {k: v for k, v in Image.OPEN.items() if "HEI" not in k.upper()})
    monkeypatch.setattr(Image, "ID", [i for i in Image.ID if "HEI" not in i.upper()])
    with pytest.raises(ValidationError, match="HEIC 格式"):
        worker.add_photo(eid, heic)
