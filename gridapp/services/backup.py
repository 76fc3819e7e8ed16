"""Backups: daily (kept KEEP_DAYS days), before every migration and import, on demand; verified restore.

Right after the day's automatic backup the bytes of photos deleted more than `photos.SWEEP_DAYS` days ago are
swept (`clean_photos`, `gridapp.sync.photos.sweep`): the backups of the last KEEP_DAYS days still hold them.

A backup of an encrypted database is made with SQLite's backup API under the same key, so it is encrypted
too; the key sidecar is copied beside it. Restoring verifies the file first (opens under this database's
key, integrity check, known schema revision, same installation unit), then runs the checks of `check` on a
copy of it (change log consistent with the rows, audit chain; an emptied audit or change log is refused),
keeps a copy of the current file, then copies the backup in with the backup API (safe while WAL files exist).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gridapp.core.errors import DatabaseError, DatabaseLocked, ValidationError
from gridapp.core.permissions import Perm, Principal
from gridapp.core.views import AsDict
from gridapp.db.database import PART_SUFFIX, Database, backup_file, connect_raw, copy_online, known_revisions
from gridapp.db.keystore import keyfile_path

from . import audit
from .base import InstallationService

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KEEP_DAYS = 14
log = logging.getLogger(__name__)
_STAMP = re.compile(r"-(\d{8})-(\d{6})-([a-z0-9.-]+?)(?:-\d+)?$")


@dataclass
class BackupInfo:
    path: Path
    when: dt.datetime
    reason: str
    size: int


@dataclass
class VerifyResult(AsDict):
    ok: bool
    problems: list[str]
    unit_code: str | None = None
    schema_revision: str | None = None
    residents: int = 0


def default_folder(db_path: Path) -> Path:
    return db_path.parent / "backups"


def parse_name(path: Path) -> tuple[dt.datetime, str] | None:
    m = _STAMP.search(path.stem)
    if not m:
        return None
    return dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S"), m.group(3)


def broken(path: Path) -> bool:
    """A file that cannot be a complete backup: missing, empty, or not a whole number of SQLite pages
    (SQLite and SQLCipher files grow by whole pages of at least 512 bytes)."""
    try:
        size = path.stat().st_size
    except OSError:
        return True
    return size < 512 or size % 512 != 0


def verify_backup(path: Path | str, key: bytes | None, expect_unit: str | None = None) -> VerifyResult:
    """Can this backup be restored here? Opens it read-only under `key`; never changes it."""
    path = Path(path)
    problems: list[str] = []
    if not path.is_file():
        return VerifyResult(False, [f"备份文件不存在：{path}"])
    try:
        conn = connect_raw(path, key)
    except Exception as exc:
        return VerifyResult(False, [f"无法打开备份：{exc}"])
    res = VerifyResult(True, problems)
    try:
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        except Exception:
            return VerifyResult(False, ["备份无法读取：不是本数据库的备份（密钥不同），或文件已损坏。"])
        if rows != ["ok"]:
            problems.append("备份文件完整性检查未通过：" + "; ".join(rows[:5]))
        try:
            res.schema_revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            unit = conn.execute("SELECT value FROM meta WHERE key = 'unit_code'").fetchone()
            res.unit_code = unit[0] if unit else None
            res.residents = conn.execute("SELECT count(*) FROM resident WHERE deleted = 0").fetchone()[0]
        except Exception as exc:
            problems.append(f"备份不是网格工作台的数据库：{exc}")
    finally:
        conn.close()
    if res.schema_revision and res.schema_revision not in known_revisions():
        problems.append(f"备份来自更新版本的程序（结构版本 {res.schema_revision}），无法恢复。")
    if expect_unit and res.unit_code != expect_unit:
        problems.append(f"备份属于单位 {res.unit_code}，不是本机的单位 {expect_unit}。")
    res.ok = not problems
    return res


def restore_file(db_path: Path, backup: Path, key: bytes | None) -> None:
    """Copy `backup` over the (closed) database at `db_path` with the backup API."""
    copy_online(backup, db_path, key)


class BackupService(InstallationService):
    def __init__(self, db: Database, principal: Principal | None = None, folder: Path | None = None):
        super().__init__(db, principal)
        self.folder = folder or default_folder(db.path)

    def _audit(self, action: str, detail: dict, *, soon: bool = False) -> None:
        unit = self.principal.unit_code

        def record(s) -> None:
            audit.record(self.db, s, self.principal, action, unit_code=unit, detail=detail)

        if soon:  # the daily backup at login: never held up by another program's write (see Database.write_soon)
            self.db.write_soon(record)
        else:
            with self.db.write() as s:
                record(s)

    def make(self, reason: str = "manual", out: Path | None = None) -> Path:
        """A backup now. `reason` is part of the name: manual, daily, pre-import, pre-restore, …"""
        if reason == "manual":
            self.principal.require(Perm.BACKUP)
        if out is not None:
            out = Path(out)
            if out.exists():
                raise ValidationError(f"文件“{out}”已存在，请换一个文件名。")
            made = backup_file(self.db.path, reason, out.parent, self.db.key)
            made.rename(out)
            if keyfile_path(made).exists():
                keyfile_path(made).rename(keyfile_path(out))
            made = out
        else:
            made = backup_file(self.db.path, reason, self.folder, self.db.key)
        self._audit("backup", {"reason": reason, "file": made.name}, soon=reason == "daily")
        return made

    def list(self) -> list[BackupInfo]:
        if not self.folder.is_dir():
            return []
        out = []
        for p in self.folder.glob(f"{self.db.path.stem}-*{self.db.path.suffix}"):
            parsed = parse_name(p)
            if parsed and not broken(p):
                out.append(BackupInfo(p, parsed[0], parsed[1], p.stat().st_size))
        return sorted(out, key=lambda b: b.when, reverse=True)

    def clean_broken(self, min_age_s: float = 600.0) -> list[Path]:
        """Delete what an interrupted backup left: `.part` files (older than `min_age_s`, so one being
        written by another process stays) and backups too short to be a database (a 0-byte file from a
        version that wrote backups in place). Returns the deleted paths."""
        if not self.folder.is_dir():
            return []
        gone = []
        now = time.time()
        stem = self.db.path.stem
        for p in self.folder.glob(f"{stem}-*{PART_SUFFIX}"):
            with contextlib.suppress(OSError):
                if now - p.stat().st_mtime >= min_age_s:
                    p.unlink()
                    gone.append(p)
        for p in self.folder.glob(f"{stem}-*{self.db.path.suffix}"):
            if parse_name(p) and broken(p):
                with contextlib.suppress(OSError):
                    p.unlink()
                    keyfile_path(p).unlink(missing_ok=True)
                    gone.append(p)
        return gone

    def daily(self, keep_days: int = KEEP_DAYS, today: dt.date | None = None) -> Path | None:
        """Make today's automatic backup if there is none yet; delete automatic ones older than keep_days."""
        today = today or dt.date.today()  # the backup files are stamped in the machine's local time (db.database)
        self.clean_broken()
        existing = self.list()  # a broken backup never counts
        made = None
        if not any(b.reason == "daily" and b.when.date() == today for b in existing):
            made = self.make("daily")
        for b in existing:
            if b.reason == "daily" and (today - b.when.date()).days > keep_days:
                b.path.unlink(missing_ok=True)
                keyfile_path(b.path).unlink(missing_ok=True)
        if made is not None:  # once a day, after the backup that still holds the bytes
            try:
                swept = self._sweep_photos(None, dry_run=False, lock_wait=0.5)
                if swept.blobs:
                    log.info("photo bytes swept: %s photos, %s bytes", swept.blobs, swept.bytes)
            except DatabaseLocked:  # another program writes: tomorrow, then
                log.info("photo sweep skipped: the database is busy")
        return made

    def clean_photos(self, days: int | None = None, *, dry_run: bool = False, lock_wait: float | None = None):
        """Delete the bytes of photos no live record shows any more (deleted, or their record deleted) more
        than `days` days ago (default `photos.SWEEP_DAYS`), and bytes no photo record names; returns the counts
        (`photos.Sweep`). Administrators (backup permission) when a user asks; the daily backup runs it itself."""
        self.principal.require(Perm.BACKUP)
        return self._sweep_photos(days, dry_run=dry_run, lock_wait=lock_wait)

    def _sweep_photos(self, days: int | None, *, dry_run: bool, lock_wait: float | None):
        """`clean_photos` without the permission check: the daily backup's own upkeep, whoever signed in."""
        from gridapp.sync import photos

        days = photos.SWEEP_DAYS if days is None else days
        if days < 0:
            raise ValidationError("保留天数不能为负数。", field="天数")
        if dry_run:
            with self.db.read() as s:
                return photos.sweep(s, days, dry_run=True)
        with self.db.write(lock_wait=lock_wait) as s:
            return photos.sweep(s, days)

    def verify(self, path: Path | str) -> VerifyResult:
        return verify_backup(path, self.db.key, self.db.meta("unit_code"))

    def check_backup(self, path: Path | str) -> list[str]:
        """The checks of `check` run on a copy of the backup (integrity, foreign keys, change log consistent
        with the rows, audit chain), plus: an audit log without a single row of this installation is refused
        (an installation with users audits its own set-up). The backup itself is never changed."""
        import shutil
        import tempfile

        from gridapp.db.database import open_database

        from .check import CheckService

        with tempfile.TemporaryDirectory(prefix="gridapp-restore-", dir=self.db.path.parent) as tmp:
            copy = Path(tmp) / Path(path).name
            shutil.copyfile(path, copy)
            try:
                other = open_database(copy, key=self.db.key)
            except DatabaseError as exc:
                return [exc.message]
            try:
                problems = list(CheckService(other).run().problems)
                with other.read() as s:
                    from sqlalchemy import func, select

                    from gridapp.db.models import AuditLog, User

                    own_audit = s.execute(select(func.count()).select_from(AuditLog).where(
                        AuditLog.origin_node == other.node_id)).scalar_one()
                    has_users = s.execute(select(User.id).limit(1)).first() is not None
                # an installation with users audited at least the creation of its administrator (rows without
                # their change log are reported by `check` above)
                if has_users and not own_audit:
                    problems.append("备份中本机的审计日志是空的（可能被清空）。")
            finally:
                other.close()
        return problems


def restore(db: Database, principal: Principal | None, backup: Path | str) -> tuple[Path, VerifyResult]:
    """Verify `backup`, keep a copy of the current file, replace it. Closes `db`: open it again after.

    Returns the copy of the file as it was before the restore, and the verification result.
    """
    service = BackupService(db, principal)
    service.principal.require(Perm.BACKUP)
    backup = Path(backup)
    result = service.verify(backup)
    with db.read() as s:
        from .users import former_keys

        keys_before = former_keys(s)
    converted = None
    if not result.ok and db.key is not None and keys_before:
        # made before a change of the data key: open it under the key it had, copy it under the current one
        for old in keys_before:
            if verify_backup(backup, old, db.meta("unit_code")).ok:
                converted = _under_current_key(backup, old, db)
                result = service.verify(converted)
                break
    try:
        return _restore_checked(db, principal, backup, converted or backup, service, result, keys_before)
    finally:
        if converted is not None:
            converted.unlink(missing_ok=True)


def _under_current_key(backup: Path, old_key: bytes, db: Database) -> Path:
    """A copy of a backup made under an earlier data key, encrypted under the current one (sqlcipher_export)."""
    target = db.path.parent / f".{backup.stem}-rekeyed{backup.suffix}"
    target.unlink(missing_ok=True)
    conn = connect_raw(backup, old_key)
    try:
        conn.isolation_level = None
        conn.execute(f"ATTACH DATABASE ? AS current KEY \"x'{db.key.hex()}'\"", (str(target),))
        conn.execute("SELECT sqlcipher_export('current')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA current.user_version = {int(version)}")
        conn.execute("DETACH DATABASE current")
    finally:
        conn.close()
    return target


def _restore_checked(db: Database, principal: Principal | None, backup: Path, source: Path,
                     service: BackupService, result: VerifyResult, keys_before: list[bytes]
                     ) -> tuple[Path, VerifyResult]:
    if result.ok:  # then the same checks as `check`, on a copy, before anything is replaced
        result.problems.extend(service.check_backup(source))
        result.ok = not result.problems
    if not result.ok:
        raise DatabaseError("备份未通过检查，未恢复（当前数据库未作任何改动）：" + "；".join(result.problems))
    before = service.make("pre-restore")
    from sqlalchemy import func, select

    from gridapp.core.hlc import ClockDriftError
    from gridapp.db.models import ChangeLog, SyncKnowledge, SyncPeer
    from gridapp.sync.changelog import seq_floor, skip_sequence, start_waiting

    from . import disputes

    kept = _own_held(source, db.key, db.node_id)
    with db.read() as s:  # how far this node had numbered its changes (and its disputes), before going back
        # this node's changes the backup lacks, as the file holds them now: read here, not from the pre-restore
        # copy (its own audit row, written after the copy was made, is one of them)
        made = _own_changes(s, db.node_id, kept)
        dispute_numbers = disputes.issued_numbers(s, db.node_id)
        replaced_head = audit.chain_head(s, db.node_id)
        issued = max(s.execute(select(func.max(ChangeLog.node_seq)).where(ChangeLog.node_id == db.node_id)).scalar()
                     or 0, s.execute(select(SyncKnowledge.max_seq).where(
                         SyncKnowledge.origin_node == db.node_id)).scalar() or 0, seq_floor(s))
    clock = db.hlc.last
    path, key = db.path, db.key
    db.close()
    restore_file(path, source, key)
    from gridapp.db.database import open_database

    reopened = open_database(path, key=key)
    try:
        with reopened.write() as s:
            # Changes made after the backup may already be at the parent under their sequence numbers: the
            # restored database continues above them instead of issuing those numbers again.
            with contextlib.suppress(ClockDriftError):
                reopened.hlc.observe(clock)
            skipped = skip_sequence(s, reopened.node_id, issued)
            if skipped is not None:
                # the rolled-back changes may have reached the parent or a child: wait for both sides to send
                # back what they hold (checked against the changes as this node had made them)
                peers = s.execute(select(SyncPeer.node_id)).scalars().all()
                lo, hi = skipped
                start_waiting(s, peers, {q: h for q, h in made.items() if lo <= q <= hi}, since=reopened.hlc.now())
            # the changes other installations made stay (they may be held nowhere else that can send them)
            _carry_over(s, before, key, reopened.node_id)
            if keys_before:  # the keys of the file as it was (the backup may predate some changes of key)
                from .users import former_keys, remember_former_key

                remember_former_key(s, keys_before[0], [*keys_before, *former_keys(s)])
            disputes.keep_number_floors(s, dispute_numbers)
            unit = principal.unit_code if principal else (result.unit_code or "")
            # the restore's audit row continues the replaced database's chain (rows after the backup may
            # already be at the parent) and names the restored head, so both chains verify
            restored_head = audit.chain_head(s, reopened.node_id)
            detail = {"file": backup.name, "previous_copy": before.name}
            if replaced_head and replaced_head != restored_head:
                detail["restored_head"] = restored_head or ""
            audit.record(reopened, s, principal, "restore", unit_code=unit, detail=detail,
                         prev_hash=replaced_head if "restored_head" in detail else None)
    finally:
        reopened.close()
    return before, result


def _carry_over(session: Session, copy: Path, key: bytes | None, node_id: str) -> None:
    """Merge the changes of other installations the replaced database (`copy`) held (gridapp.sync.carry)."""
    from gridapp.sync.carry import carry_over

    conn = connect_raw(copy, key)
    try:
        carry_over(session, node_id, conn, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
    finally:
        conn.close()


def _own_held(path: Path, key: bytes | None, node_id: str) -> int:
    """The highest sequence number of this node's changes in the backup at `path`."""
    conn = connect_raw(path, key)
    try:
        return int(conn.execute("SELECT coalesce(max(node_seq), 0) FROM change_log WHERE node_id = ?",
                                (node_id,)).fetchone()[0])
    finally:
        conn.close()


def _own_changes(s: Session, node_id: str, above: int) -> dict[int, str]:
    """seq -> change hash of this node's changes numbered above `above` in the database about to be replaced,
    and of those an earlier restore had rolled back and not yet got back."""
    from sqlalchemy import select

    from gridapp.db.models import ChangeLog
    from gridapp.sync.changelog import lost_changes
    from gridapp.sync.knowledge import COLS, KEYS
    from gridapp.sync.seals import change_hash

    out = {q: h for q, h in lost_changes(s).items() if q > above}
    for r in s.execute(select(*COLS).where(ChangeLog.node_id == node_id, ChangeLog.node_seq > above)).tuples():
        c = dict(zip(KEYS, r, strict=True))
        out[c["node_seq"]] = change_hash(c).hex()
    return out
