"""Photos of household visits (入户走访) and 八小工程 records (现场照片), kept as the event photos are: the file
checked and made small by `services.photos.prepare_photo`, the bytes once per content in `photo_blob`, a synced
`record_photo` row naming the record (`visit_id` or `project_id`) that travels with it.

A visit or a project record is append-only: a correction is a new version that `replaces` the old one (which is
tombstoned). A photo belongs to the version it was added to and is shown with every later version of the same
record, so a correction never loses the photos. The area services (VisitService, SmallProjectService) check who
may add or read, and pass their live record here; this module holds the common part only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gridapp.core.errors import NotFound, ValidationError
from gridapp.core.ids import stable_id
from gridapp.core.permissions import Perm
from gridapp.db.database import Database
from gridapp.db.models import PhotoBlob, RecordPhoto
from gridapp.sync.changelog import ChangeWriter

from .base import ScopedService
from .photos import PreparedPhoto, blob_data, keep_blob, prepare_photo

MAX_PHOTOS = 20  # a record (all its versions together), as an event
FIELDS = {"household_visit": "visit_id", "small_project": "project_id"}


@dataclass(frozen=True)
class RecordPhotoView:
    id: str
    added_on: dt.date
    added_by: str
    width: int
    height: int
    thumb: bytes  # JPEG; empty while a synced photo's thumbnail has not come


def versions(s: Session, model: Any, row: Any) -> list[str]:
    """The ids of a record's versions: itself and those it replaces, newest first."""
    out = [row.id]
    while row is not None and getattr(row, "replaces", None) and row.replaces not in out:
        out.append(row.replaces)
        row = s.get(model, row.replaces)
    return out


def add(db: Database, s: Session, row: Any, photo: PreparedPhoto, *, added_on: dt.date, added_by: str) -> str:
    """Add a photo (`services.photos.prepare_photo`'s, made before the write: the slow part) to a live visit or
    project record `row` (of a table in FIELDS); returns its id. The same photo twice or more than MAX_PHOTOS
    is refused with nothing written."""
    field = FIELDS[row.__tablename__]
    sha = hashlib.sha256(photo.data).hexdigest()
    pid = stable_id("record_photo", f"{row.id}:{sha}")
    ids = versions(s, type(row), row)
    column = getattr(RecordPhoto, field)
    if s.execute(select(RecordPhoto.id).where(column.in_(ids), RecordPhoto.sha256 == sha,
                                              RecordPhoto.deleted.is_(False))).first() is not None:
        raise ValidationError("这张照片已经添加到该记录。", field="照片")
    n = s.execute(select(func.count()).select_from(RecordPhoto).where(
        column.in_(ids), RecordPhoto.deleted.is_(False))).scalar() or 0
    if n >= MAX_PHOTOS:
        raise ValidationError(f"每条记录最多 {MAX_PHOTOS} 张照片。", field="照片")
    thumb_sha = keep_blob(s, photo, sha)
    ChangeWriter(db, s).insert(RecordPhoto, {
        "id": pid, "unit_code": row.unit_code, field: row.id, "added_on": added_on, "added_by": added_by[:50],
        "width": photo.width, "height": photo.height, "sha256": sha, "thumb_sha256": thumb_sha,
        "size": len(photo.data)})
    return pid


def listed(s: Session, row: Any) -> list[RecordPhotoView]:
    """The photos of a record (all its versions), oldest first, with their thumbnails."""
    column = getattr(RecordPhoto, FIELDS[row.__tablename__])
    rows = s.execute(
        select(RecordPhoto.id, RecordPhoto.added_on, RecordPhoto.added_by, RecordPhoto.width, RecordPhoto.height,
               PhotoBlob.thumb).outerjoin(PhotoBlob, PhotoBlob.sha256 == RecordPhoto.sha256)
        .where(column.in_(versions(s, type(row), row)), RecordPhoto.deleted.is_(False))
        .order_by(RecordPhoto.created_hlc, RecordPhoto.id)).all()
    return [RecordPhotoView(pid, on, by, w, h, thumb or b"") for pid, on, by, w, h, thumb in rows]


def image(s: Session, row: Any, photo_id: str) -> bytes:
    """One photo's JPEG (NotFound while only its thumbnail has come by sync)."""
    photo = s.get(RecordPhoto, photo_id)
    field = FIELDS[row.__tablename__]
    if photo is None or photo.deleted or getattr(photo, field) not in versions(s, type(row), row):
        raise NotFound("找不到该照片。")
    return blob_data(s, photo.sha256)


class PhotoRecordService(ScopedService):
    """The base of an area service whose records carry photos (VisitService, SmallProjectService): the photo
    methods, given `_PHOTO_PERM` (the permission to add one) and `_photo_row(s, id)` (the live record in scope)."""

    _PHOTO_PERM: Perm

    def _photo_row(self, s: Session, record_id: str) -> Any:
        raise NotImplementedError

    def add_photo(self, record_id: str, content: bytes) -> str:
        """Add a photo (JPEG/PNG/HEIC, downscaled and recompressed) to a record in scope; returns its id."""
        self._need(self._PHOTO_PERM)
        photo = prepare_photo(content)  # the slow part, outside the write lock
        with self.db.write() as s:
            row = self._photo_row(s, record_id)
            pid = add(self.db, s, row, photo, added_on=self.today(),
                      added_by=self.principal.display_name or self.principal.username)
            self._audit(s, "edit", row.id, row.unit_code, {"photo": pid})
            return pid

    def photos(self, record_id: str) -> list[RecordPhotoView]:
        """The photos of a record (and of the versions it corrects), oldest first, with thumbnails."""
        self._need(Perm.READ)
        with self.db.read() as s:
            return listed(s, self._photo_row(s, record_id))

    def photo(self, record_id: str, photo_id: str) -> bytes:
        """One photo's JPEG (NotFound while only its thumbnail has come by sync)."""
        self._need(Perm.READ)
        with self.db.read() as s:
            return image(s, self._photo_row(s, record_id), photo_id)
