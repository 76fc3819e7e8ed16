"""Photo bytes in sync packages: blob parts beside the change parts (issue 15).

A photo's record (`event_photo`, or `record_photo` for a visit or an 八小工程 record) is a synced row like any
other: it travels with its event (or record), is judged by the
ownership checks and merged by `gridapp.sync.merge`. Its bytes are kept once per content in `photo_blob`
(the SHA-256 of the JPEG) and travel in blob parts (`gridapp.sync.package`), so that a change part stays small
and a package of many photos does not hold them all:

- the thumbnail of every photo record in the package always goes with it (a few KB each);
- full images go within a budget per package (`FULL_BUDGET`), those of the package's own records first;
- every package says which bytes its sender still lacks (`wanted`, in the manifest): the next package the other
  side writes for it brings them, within the budget again. A photo never reaches a node that holds no record of
  it, and a node asks only for photos whose records it holds.

A receiver keeps bytes only when their hash is the one a photo record held there names (the full image: the
record's `sha256`; the thumbnail: its `thumb_sha256`): bytes for a record refused by the ownership checks, or not
matching their hash, are dropped and counted. Storing is idempotent: bytes already held are not written again.

Bytes no photo needs any more are swept (`sweep`, run once a day right after the daily backup, and by
`backup clean-photos`). A photo is *live* while its record row is not tombstoned and the record it shows with
is live: its event, or for a visit or an 八小工程 record, the version it was added to or a later version that
corrects it (a correction tombstones the version it replaces, the photo stays). A photo whose record row is
missing here (not yet arrived) counts as live. The bytes of a content hash are kept while one photo naming it
is live, or died less than `SWEEP_DAYS` ago (by the clock of the tombstone that ended it), so that a change made
elsewhere and not yet imported here (a correction of a record deleted here, the same photo added to another
record) finds them, and the last daily backups still hold them. Should such a change arrive later still, its
photo is live again and `wanted` asks the peers for its bytes as for any photo held without them; a node asks
only for the bytes of live photos, so bytes swept here are not fetched back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from gridapp.core.hlc import physical_ms, wall_clock_ms
from gridapp.core.ids import stable_id
from gridapp.core.views import AsDict
from gridapp.db.database import Database
from gridapp.db.models import (
    PHOTO_MODELS,
    ChangeLog,
    Event,
    EventPhoto,
    HouseholdVisit,
    Meta,
    PhotoBlob,
    RecordPhoto,
    SmallProject,
)
from gridapp.sync.changelog import ChangeWriter

FULL_BUDGET = 24 * 1024 * 1024  # full images per package (bytes); thumbnails come on top
PART_BYTES = 4 * 1024 * 1024  # a blob part holds about this much
MAX_WANTED = 2000  # hashes a package asks for at most
SWEEP_DAYS = 30  # bytes of a photo are kept this long after the photo (or its record) was deleted
THUMB, FULL = "t", "f"
OLD_PHOTOS_LOGGED = "photos_logged_0018c"  # meta: the photos kept from before 0018c have been logged (once)
_PHOTO_TABLES = frozenset(m.__tablename__ for m in PHOTO_MODELS)
_PHOTO_FIELDS = ("event_id", "added_on", "added_by", "width", "height", "sha256", "thumb_sha256", "size", "unit_code")


def old_photos_pending(session: Session) -> bool:
    """Whether the photos kept from before migration 0018c_photo_sync may still wait to be logged."""
    return session.get(Meta, OLD_PHOTOS_LOGGED) is None


def log_old_photos(db: Database, session: Session) -> int:
    """Photos stored before 0018c_photo_sync kept their rows and bytes but have no change-log entry (the migration
    gives them clock 0), so no package ever carried them. Once, on the first export after the upgrade, each live
    one is written again through the change log as an insert of this installation, under the id a photo has
    since 0018c (derived from its event and content; a copy of it added again since is kept and the old row
    dropped): from then on it travels like any other. A meta marker makes it happen once; a photo already
    logged is never logged again. Returns how many were logged."""
    if not old_photos_pending(session):
        return 0
    logged = select(ChangeLog.row_id).where(ChangeLog.table_name == "event_photo")
    old = session.execute(select(EventPhoto).where(
        EventPhoto.created_hlc == 0, EventPhoto.deleted.is_(False), EventPhoto.id.not_in(logged))).scalars().all()
    w = ChangeWriter(db, session)
    n = 0
    for row in old:
        values = {f: getattr(row, f) for f in _PHOTO_FIELDS}
        pid = stable_id("event_photo", f"{row.event_id}:{row.sha256}")
        session.delete(row)  # an unlogged local row: nothing anywhere else refers to it
        session.flush()
        if session.get(EventPhoto, pid) is None:
            w.insert(EventPhoto, {"id": pid, **values})
            n += 1
    session.add(Meta(key=OLD_PHOTOS_LOGGED, value=str(n)))
    return n


def photo_hashes(changes: Iterable[dict[str, Any]]) -> list[str]:
    """The content hashes of the photo records these changes insert (fields as JSON text or parsed)."""
    out: dict[str, None] = {}
    for c in changes:
        if c["table_name"] not in _PHOTO_TABLES or c["op"] != "insert":
            continue
        f = c["fields"]
        if isinstance(f, str):
            try:
                f = json.loads(f)
            except ValueError:
                continue
        sha = f.get("sha256") if isinstance(f, dict) else None
        if isinstance(sha, str):
            out[sha] = None
    return list(out)


def wanted(session: Session, limit: int = MAX_WANTED) -> list[list[str]]:
    """What this node lacks of the photos it holds records of: [sha256, kinds ("t", "f" or "tf")]."""
    held = {sha: (1 if t else 0) + (2 if d else 0) for sha, t, d in session.execute(
        select(PhotoBlob.sha256, PhotoBlob.thumb.is_not(None), PhotoBlob.data.is_not(None))).tuples()}
    out: list[list[str]] = []
    live = liveness(session)
    for sha in sorted(sha for sha, died in live.items() if died is None):
        have = held.get(sha, 0) or 0
        kinds = ("" if have & 1 else THUMB) + ("" if have & 2 else FULL)
        if kinds:
            out.append([sha, kinds])
            if len(out) >= limit:
                break
    return out


# the records a photo shows with: (photo model, its column naming the record, the record's model, its
# `replaces` column or None)
_RECORDS: tuple[tuple[Any, Any, Any, Any], ...] = (
    (EventPhoto, EventPhoto.event_id, Event, None),
    (RecordPhoto, RecordPhoto.visit_id, HouseholdVisit, HouseholdVisit.replaces),
    (RecordPhoto, RecordPhoto.project_id, SmallProject, SmallProject.replaces),
)


def _record_deaths(session: Session, model: Any, replaces: Any, ids: set[str]) -> dict[str, int | None]:
    """For records `ids` of `model`: None while the record lives (for a corrected one: a later version that
    corrects it, at any depth, lives), else the clock of the latest tombstone of it and its later versions.
    A record not held here is counted as living (its row has not come yet)."""
    out: dict[str, int | None] = {rid: None for rid in ids}
    wanted_ids = sorted(ids)
    dead: dict[str, int] = {}
    for i in range(0, len(wanted_ids), 500):
        dead.update((rid, hlc or 0) for rid, hlc in session.execute(select(model.id, model.deleted_hlc).where(
            model.id.in_(wanted_ids[i:i + 500]), model.deleted.is_(True))).tuples())
    if not dead:
        return out
    later: dict[str, list[tuple[str, bool, int]]] = {}  # a version -> the versions correcting it
    if replaces is not None:
        for rid, old, d, hlc in session.execute(select(model.id, replaces, model.deleted, model.deleted_hlc).where(
                replaces.is_not(None))).tuples():
            later.setdefault(old, []).append((rid, bool(d), hlc or 0))
    for rid, hlc in dead.items():
        latest, seen, todo, lives = hlc, {rid}, [rid], False
        while todo and not lives:
            for nid, d, h in later.get(todo.pop(), ()):
                if not d:
                    lives = True
                    break
                latest = max(latest, h)
                if nid not in seen:
                    seen.add(nid)
                    todo.append(nid)
        out[rid] = None if lives else latest
    return out


def liveness(session: Session) -> dict[str, int | None]:
    """Every content hash a photo record held here names: None while one photo naming it is live, else the
    clock (HLC) at which the last of them died (its row or its record tombstoned)."""
    out: dict[str, int | None] = {}

    def note(sha: str, died: int | None) -> None:
        if sha not in out:
            out[sha] = died
        elif out[sha] is not None:
            out[sha] = None if died is None else max(out[sha] or 0, died)

    for photo, column, model, replaces in _RECORDS:
        rows = session.execute(select(photo.sha256, photo.deleted, photo.deleted_hlc, column).where(
            column.is_not(None))).tuples().all()
        deaths = _record_deaths(session, model, replaces, {rid for _s, d, _h, rid in rows if not d})
        for sha, d, hlc, rid in rows:
            note(sha, (hlc or 0) if d else deaths[rid])
    return out


@dataclass
class Sweep(AsDict):
    blobs: int  # bytes of so many photos deleted
    bytes: int  # their full images and thumbnails together
    kept_recent: int  # photos deleted less than `days` ago whose bytes are kept for now
    days: int


def sweep(session: Session, days: int = SWEEP_DAYS, *, now_ms: int | None = None, dry_run: bool = False) -> Sweep:
    """Delete the bytes (`photo_blob`) no live photo needs: those no photo record held here names, and those
    whose every photo died more than `days` days ago. Run it inside a write transaction (the check and the
    delete see the same rows; a photo added meanwhile waits for the lock). `dry_run`: count only."""
    cutoff = (now_ms if now_ms is not None else wall_clock_ms()) - days * 86_400_000
    live = liveness(session)
    gone: list[str] = []
    recent = 0
    for (sha,) in session.execute(select(PhotoBlob.sha256)).tuples():
        if sha not in live:
            gone.append(sha)
        elif live[sha] is not None:
            if physical_ms(live[sha] or 0) < cutoff:
                gone.append(sha)
            else:
                recent += 1
    size = 0
    for i in range(0, len(gone), 500):
        chunk = gone[i:i + 500]
        size += session.execute(select(func.coalesce(func.sum(
            func.coalesce(func.length(PhotoBlob.data), 0) + func.coalesce(func.length(PhotoBlob.thumb), 0)), 0))
            .where(PhotoBlob.sha256.in_(chunk))).scalar() or 0
        if not dry_run:
            session.execute(delete(PhotoBlob).where(PhotoBlob.sha256.in_(chunk)))
    return Sweep(len(gone), int(size), recent, days)


def parse_wanted(value: Any) -> list[list[str]]:
    """A peer's `wanted` list as it came in a manifest (anything malformed left out)."""
    if not isinstance(value, list):
        return []
    return [[w[0], w[1]] for w in value[:MAX_WANTED] if isinstance(w, list) and len(w) == 2
            and isinstance(w[0], str) and len(w[0]) == 64 and isinstance(w[1], str) and set(w[1]) <= {THUMB, FULL}]


def build(session: Session, fresh: Sequence[str], asked: Sequence[Sequence[str]], may_see: Callable[[str], bool],
          budget: int | None = None) -> list[tuple[bytes, list[list[Any]]]]:
    """The blob parts of a package: thumbnails of the `fresh` photos (those the package's records insert) and of
    the ones `asked` for, full images of the fresh ones, then of the asked ones, within `budget`. `may_see(sha)`:
    whether the receiver may hold that photo (a record of it lies in its scope)."""
    budget = FULL_BUDGET if budget is None else budget
    thumbs: dict[str, None] = {}
    fulls: dict[str, None] = {}
    for sha in fresh:
        thumbs[sha] = None
        fulls[sha] = None
    for sha, kinds in asked:
        if not may_see(sha):
            continue
        if THUMB in kinds:
            thumbs[sha] = None
        if FULL in kinds:
            fulls[sha] = None
    parts: list[tuple[bytes, list[list[Any]]]] = []
    chunk: list[bytes] = []
    items: list[list[Any]] = []
    size = 0

    def add(sha: str, kind: str, blob: bytes) -> None:
        nonlocal size, chunk, items
        chunk.append(blob)
        items.append([sha, kind, len(blob)])
        size += len(blob)
        if size >= PART_BYTES:
            parts.append((b"".join(chunk), items))
            chunk, items, size = [], [], 0

    ids = list(dict.fromkeys([*thumbs, *fulls]))
    for i in range(0, len(ids), 200):  # the thumbnails first: read in batches, small
        for sha, thumb in session.execute(select(PhotoBlob.sha256, PhotoBlob.thumb).where(
                PhotoBlob.sha256.in_([x for x in ids[i:i + 200] if x in thumbs]))).tuples():
            if thumb is not None:
                add(sha, THUMB, thumb)
    spent = 0
    for sha in fulls:  # then the full images, one at a time, until the budget is spent
        data = session.execute(select(PhotoBlob.data).where(PhotoBlob.sha256 == sha)).scalar()
        if data is None:
            continue
        if spent + len(data) > budget:
            break
        spent += len(data)
        add(sha, FULL, data)
    if chunk:
        parts.append((b"".join(chunk), items))
    return parts


def split(raw: bytes, items: Any) -> list[tuple[str, str, bytes]]:
    """The (sha256, kind, bytes) of a blob part; ValueError if its item list does not describe it."""
    if not isinstance(items, list):
        raise ValueError("items")
    out = []
    pos = 0
    for it in items:
        if not (isinstance(it, list) and len(it) == 3 and isinstance(it[0], str) and it[1] in (THUMB, FULL)
                and isinstance(it[2], int) and it[2] >= 0):
            raise ValueError("item")
        out.append((it[0], it[1], raw[pos:pos + it[2]]))
        pos += it[2]
    if pos != len(raw):
        raise ValueError("length")
    return out


def store(session: Session, blobs: Sequence[tuple[str, str, bytes]]) -> tuple[int, int]:
    """Keep the bytes a photo record held here names (checked by hash); returns (stored, refused). Bytes already
    held count as neither. The records and the bytes held are read once per batch (Core, not the ORM: a package
    brings hundreds of items)."""
    shas = list(dict.fromkeys(sha for sha, _k, _b in blobs))
    thumbs_of: dict[str, set[str]] = {}
    held: dict[str, list[bool]] = {}
    for i in range(0, len(shas), 500):
        chunk = shas[i:i + 500]
        for model in PHOTO_MODELS:
            for sha, thumb_sha in session.execute(select(model.sha256, model.thumb_sha256).where(
                    model.sha256.in_(chunk))).tuples():
                thumbs_of.setdefault(sha, set()).add(thumb_sha)
        for sha, t, d in session.execute(select(PhotoBlob.sha256, PhotoBlob.thumb.is_not(None),
                                                PhotoBlob.data.is_not(None)).where(PhotoBlob.sha256.in_(chunk))):
            held[sha] = [bool(t), bool(d)]
    new: dict[str, dict[str, bytes | None]] = {}
    stored = refused = 0
    table = PhotoBlob.__table__
    for sha, kind, blob in blobs:
        digest = hashlib.sha256(blob).hexdigest()
        ok = sha in thumbs_of and (digest == sha if kind == FULL else digest in thumbs_of[sha])
        if not ok:
            refused += 1
            continue
        col = "data" if kind == FULL else "thumb"
        have = held.get(sha)
        if have is not None:
            idx = 1 if kind == FULL else 0
            if not have[idx]:
                session.execute(table.update().where(table.c.sha256 == sha).values({col: blob}))  # type: ignore[attr-defined]
                have[idx] = True
                stored += 1
            continue
        row = new.setdefault(sha, {"sha256": sha, "thumb": None, "data": None})  # type: ignore[dict-item]
        if row[col] is None:
            row[col] = blob
            stored += 1
    if new:
        session.execute(table.insert(), list(new.values()))  # type: ignore[attr-defined]
    return stored, refused
