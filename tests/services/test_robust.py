"""Field robustness: interrupted backups, a missing key sidecar, another process holding the write lock."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from gridapp.core.errors import DatabaseError
from gridapp.db import database as database_mod
from gridapp.db.database import PART_SUFFIX
from gridapp.db.keystore import keyfile_path
from gridapp.services.backup import BackupService
from gridapp.services.session import AppSession
from gridapp.services.users import create_installation

UNIT = "370303001001"
ADMIN_PW = "Guard-2026!"


@pytest.fixture
def secure(tmp_path):
    path = tmp_path / "gridapp.sqlite3"
    inst = create_installation(path, unit_code=UNIT, unit_name="和平社区", level="community", admin_name="admin",
                               admin_password=ADMIN_PW)
    inst.db.close()
    return path


def _login(path):
    return AppSession.login(path, "admin", ADMIN_PW, daily_backup=False)


def test_a_zero_byte_daily_backup_left_by_a_kill_never_counts(secure):
    s = _login(secure)
    try:
        svc = BackupService(s.db)
        svc.folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.date.today().strftime("%Y%m%d") + "-000001"  # earlier today
        dead = svc.folder / f"{secure.stem}-{stamp}-daily{secure.suffix}"
        dead.write_bytes(b"")  # what the old in-place copy left when the app was killed
        assert svc.list() == []
        made = svc.daily()
        assert made is not None and made != dead and made.stat().st_size > 0
        assert not dead.exists()
        assert [b.path for b in svc.list()] == [made]
        assert svc.verify(made).ok
        assert keyfile_path(made).exists()
    finally:
        s.close()


def test_a_backup_killed_half_way_leaves_no_backup_and_the_next_one_is_made(secure, monkeypatch):
    s = _login(secure)
    try:
        svc = BackupService(s.db)
        real_copy = database_mod.copy_online

        def killed(src, dst, key=None):
            real_copy(src, dst, key)
            with open(dst, "r+b") as fh:
                fh.truncate(1000)  # half a file on disk, then the process dies
            raise KeyboardInterrupt

        monkeypatch.setattr(database_mod, "copy_online", killed)
        with pytest.raises(KeyboardInterrupt):
            svc.daily()
        monkeypatch.setattr(database_mod, "copy_online", real_copy)
        assert svc.list() == []
        assert not [p for p in svc.folder.iterdir() if p.name.endswith(secure.suffix)]
        made = svc.daily()
        assert made is not None and svc.verify(made).ok
    finally:
        s.close()


def test_a_stale_part_file_is_cleaned_and_ignored(secure):
    s = _login(secure)
    try:
        svc = BackupService(s.db)
        svc.folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        stale = svc.folder / f"{secure.stem}-{stamp}-daily{secure.suffix}{PART_SUFFIX}"
        stale.write_bytes(b"x" * 4096)
        old = time.time() - 3600
        os.utime(stale, (old, old))
        made = svc.daily()
        assert made is not None and not stale.exists()
        assert [b.path for b in svc.list()] == [made]
    finally:
        s.close()


def test_a_missing_key_sidecar_is_named_not_called_corruption(secure):
    keyfile_path(secure).rename(secure.with_name("moved-away.keys"))
    with pytest.raises(DatabaseError) as info:
        AppSession.open(secure)
    msg = info.value.message
    assert "找不到密钥文件“gridapp.sqlite3.keys”" in msg and "backups" in msg and ".keys" in msg


class Holder:
    """Another program's connection holding the write lock (BEGIN IMMEDIATE) until released."""

    def __init__(self, path):
        from gridapp.db.database import connect_raw
        from gridapp.db.keystore import KeyFile

        self.conn = connect_raw(path, KeyFile.for_db(path).unlock("admin", ADMIN_PW))
        self.conn.isolation_level = None
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO meta (key, value) VALUES ('holder', 'x')")

    def release(self):
        self.conn.execute("ROLLBACK")
        self.conn.close()


def _audit_actions(path):
    from gridapp.db.database import connect_raw
    from gridapp.db.keystore import KeyFile

    conn = connect_raw(path, KeyFile.for_db(path).unlock("admin", ADMIN_PW))
    try:
        return [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY created_hlc")]
    finally:
        conn.close()


@pytest.fixture
def notices_seen():
    from gridapp.core import notices

    seen: list[str] = []
    previous = notices.set_listener(seen.append)
    yield seen
    notices.set_listener(previous)


def test_login_and_reading_are_not_held_up_by_another_programs_write(secure, monkeypatch, notices_seen):
    from gridapp.db import database

    monkeypatch.setattr(database, "LOCK_WAIT_S", 2.0)
    before = _audit_actions(secure).count("login")
    holder = Holder(secure)
    try:
        s = AppSession.login(secure, "admin", ADMIN_PW)  # with its daily backup
        assert s.stats.stats() is not None
        assert s.db.pending_writes == 2  # the login's audit row and the backup's wait for the lock
        assert [b.reason for b in BackupService(s.db).list()] == ["daily"]
    finally:
        holder.release()
    s.close()  # the deferred rows are written once the lock is free
    assert _audit_actions(secure).count("login") == before + 1 and "backup" in _audit_actions(secure)


def test_a_write_waits_with_a_notice_then_refuses_cleanly(secure, monkeypatch, notices_seen):
    from gridapp.core.errors import DatabaseLocked
    from gridapp.db import database
    from gridapp.services.units import UnitService

    monkeypatch.setattr(database, "LOCK_WAIT_S", 2.0)
    s = _login(secure)
    holder = Holder(secure)
    try:
        with pytest.raises(DatabaseLocked) as info:
            UnitService(s.db, s.principal).add("370303001001001", "第1网格")
        assert "另一个程序占用" in info.value.message and "没有写入任何数据" in info.value.message
        assert any("正在等待" in n for n in notices_seen)
    finally:
        holder.release()
    try:
        assert [u.code for u in UnitService(s.db, s.principal).list()] == [UNIT]
        UnitService(s.db, s.principal).add("370303001001001", "第1网格")  # the lock is free: it goes through
    finally:
        s.close()
