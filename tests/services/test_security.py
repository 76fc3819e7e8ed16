"""Users, login, lockout, expiry, permissions, scope, masking, audit chain, encryption, backups."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from sqlalchemy import update

from gridapp.core.errors import AuthError, DatabaseError, PermissionDenied, ScopeError, ValidationError
from gridapp.core.idnumber import make_id
from gridapp.core.permissions import PERMISSIONS, Perm, Principal, Role
from gridapp.db.database import open_database
from gridapp.db.keystore import KeyFile, keyfile_path
from gridapp.db.models import AuditLog
from gridapp.services import users as users_mod
from gridapp.services.audit import AuditService, verify_chain
from gridapp.services.backup import BackupService, verify_backup
from gridapp.services.registry import RegistryService, ResidentInput
from gridapp.services.session import AppSession, needs_login
from gridapp.services.units import UnitService
from gridapp.services.users import Authenticator, UserService, create_installation, password_problem

TOWN = "370303001"
COMM = "370303001001"
GRID1, GRID2 = "370303001001001", "370303001001002"
OTHER_COMM = "370303001002"
OTHER_GRID = "370303001002001"
ADMIN_PW = "Guard-2026!"
PW = "grid2026pw"


@pytest.fixture
def town(tmp_path):
    """An encrypted town installation with two communities, three grids, users and residents."""
    path = tmp_path / "town.sqlite3"
    inst = create_installation(path, unit_code=TOWN, unit_name="城东街道", level="town", admin_name="admin",
                               admin_password=ADMIN_PW)
    db, admin = inst.db, inst.principal
    units = UnitService(db, admin)
    units.add(COMM, "和平社区")
    units.add(GRID1, "第1网格")
    units.add(GRID2, "第2网格")
    units.add(OTHER_COMM, "光明社区")
    units.add(OTHER_GRID, "光明第1网格")
    us = UserService(db, admin)
    us.add("worker1", PW, Role.GRID_WORKER, GRID1, "张网格")
    us.add("chief", PW, Role.GRID_CHIEF, COMM)
    us.add("viewer", PW, Role.VIEWER, TOWN)
    us.add("office2", PW, Role.OFFICE, OTHER_COMM)
    reg = RegistryService(db, TOWN)  # the installation itself seeds the data
    ids = {}
    for i, grid in enumerate((GRID1, GRID2, OTHER_GRID), start=1):
        ids[grid] = reg.create_resident(ResidentInput(
            grid_code=grid, id_number=make_id("370303", dt.date(1980, 1, i), 11 + 2 * i), name=f"居民{i}",
            phone=f"1381234{i:04d}"))
    db.close()
    yield path, ids, inst.recovery_key


def login(path, user, pw=PW) -> AppSession:
    return AppSession.login(path, user, pw, daily_backup=False)


@pytest.fixture
def sessions():
    opened = []

    def _login(path, user, pw=PW):
        s = login(path, user, pw)
        opened.append(s)
        return s

    yield _login
    for s in opened:
        s.close()


# -- passwords, login, lockout, expiry ---------------------------------------------------------------


def test_password_rule():
    assert password_problem("short1") == "密码至少 8 位。"
    assert "两类" in password_problem("onlyletters")
    assert "用户名" in password_problem("admin12345", "admin")
    assert password_problem("grid2026pw") is None


def test_first_run_refuses_a_weak_admin_password_and_makes_no_file(tmp_path):
    path = tmp_path / "x.sqlite3"
    with pytest.raises(ValidationError, match="至少 8 位"):
        create_installation(path, unit_code=COMM, unit_name="和平社区", level="community", admin_name="admin",
                            admin_password="123")
    assert not path.exists()


def test_login_each_user_unwraps_the_key(town, sessions):
    path, _, _ = town
    for name in ("admin", "worker1", "chief", "viewer"):
        s = sessions(path, name, ADMIN_PW if name == "admin" else PW)
        assert s.principal.username == name and s.db.encrypted
    assert sessions(path, "worker1").principal.role is Role.GRID_WORKER


def test_wrong_password_and_unknown_user_are_refused_in_chinese(town):
    path, _, _ = town
    with pytest.raises(AuthError, match="用户名或密码不正确。再错 4 次"):
        login(path, "worker1", "wrong-password1")
    with pytest.raises(AuthError, match="用户名或密码不正确"):
        login(path, "nobody", PW)


def test_five_failures_lock_the_account_with_the_time_shown(town):
    path, _, _ = town
    now = [1_000_000.0]
    auth = Authenticator(path, clock=lambda: now[0])
    for _ in range(4):
        with pytest.raises(AuthError, match="再错"):
            auth.login("worker1", "bad-pass-1")
    with pytest.raises(AuthError, match="已锁定 15 分钟"):
        auth.login("worker1", "bad-pass-1")
    with pytest.raises(AuthError, match="请 15 分钟后再试"):
        auth.login("worker1", PW)  # even the right password while locked
    now[0] += 14 * 60
    with pytest.raises(AuthError, match="请 1 分钟后再试"):
        auth.login("worker1", PW)
    now[0] += 61
    db, principal = auth.login("worker1", PW)
    try:
        assert principal.username == "worker1"
        entries = AuditService(db, Principal("x", "x", Role.ADMIN, TOWN)).search(action="login_failed")
        assert json.loads(entries[0].detail) == {"failed_attempts_before": 5}
    finally:
        db.close()
    assert "worker1" not in KeyFile.for_db(path).failures



def test_a_key_unwrap_started_ahead_logs_in_and_counts_failures_as_the_login_does(town):
    """Start-up starts the unwrap (scrypt) on a thread of its own while it imports the database stack: the login
    judges its result as its own (a wrong password counts, a lock-out is checked first, another name's unwrap
    is not used)."""
    from gridapp.db.unlocking import PendingUnlock

    path, _, _ = town
    s = AppSession.login(path, "worker1", PW, daily_backup=False, unlocking=PendingUnlock(path, " worker1 ", PW))
    try:
        assert s.principal.username == "worker1" and s.db.encrypted
    finally:
        s.close()
    with pytest.raises(AuthError, match="再错 4 次"):
        AppSession.login(path, "worker1", "bad-pass-1", unlocking=PendingUnlock(path, "worker1", "bad-pass-1"))
    # an unwrap made for another name is not used: the login unwraps its own
    s = AppSession.login(path, "chief", PW, daily_backup=False, unlocking=PendingUnlock(path, "worker1", "x"))
    s.close()
    now = [2_000_000.0]
    auth = Authenticator(path, clock=lambda: now[0])
    for _ in range(4):
        with pytest.raises(AuthError):
            auth.login("worker1", "bad-pass-1", unlocking=PendingUnlock(path, "worker1", "bad-pass-1"))
    with pytest.raises(AuthError, match="请 15 分钟后再试"):  # locked: the right password's unwrap is not taken
        auth.login("worker1", PW, unlocking=PendingUnlock(path, "worker1", PW))
    missing = PendingUnlock(path.parent / "nowhere.sqlite3", "worker1", PW)
    assert missing.result()[1] is None  # no key file: nothing unwrapped, nothing raised on the thread

def test_disabled_account_is_refused_and_its_key_wrap_removed(town, sessions):
    path, _, _ = town
    admin = sessions(path, "admin", ADMIN_PW)
    assert admin.users().set_disabled("worker1", True) is False
    assert "worker1" not in KeyFile.for_db(path).users  # the password no longer unlocks the file
    with pytest.raises(AuthError, match="用户名或密码不正确"):
        login(path, "worker1")
    assert admin.users().set_disabled("worker1", False) is False  # enabled, but needs a new password
    admin.users().reset_password("worker1", "again-2026x")
    login(path, "worker1", "again-2026x").close()
    with pytest.raises(ValidationError, match="不能停用自己"):
        admin.users().set_disabled("admin", True)


def test_session_expires_after_inactivity(town, sessions):
    path, ids, _ = town
    s = sessions(path, "worker1")
    now = [0.0]
    s.principal.clock = lambda: now[0]
    s.principal.last_active = 0.0
    s.registry().get_resident(ids[GRID1])
    now[0] += s.principal.timeout_s + 1
    with pytest.raises(AuthError, match="登录已超时"):
        s.registry().get_resident(ids[GRID1])
    with pytest.raises(AuthError, match="登录已超时"):
        s.stats.overview()


# -- encryption ----------------------------------------------------------------------------------------


def test_the_file_is_unreadable_without_the_key(town):
    path, _, _ = town
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM resident").fetchone()
    with pytest.raises(DatabaseError, match="已加密，需要用户登录"):
        open_database(path)
    with pytest.raises(DatabaseError, match="无法解密"):
        open_database(path, key=b"\x00" * 32)
    assert "居民" not in path.read_bytes().decode("utf-8", "ignore")
    assert needs_login(path)
    with pytest.raises(AuthError, match="请先登录"):
        AppSession.open(path)


def test_the_sidecar_holds_no_key_in_clear(town):
    path, _, recovery = town
    kf = KeyFile.for_db(path)
    assert kf.encrypted and set(kf.users) == {"admin", "worker1", "chief", "viewer", "office2"}
    text = keyfile_path(path).read_text(encoding="utf-8")
    assert PW not in text and ADMIN_PW not in text and recovery.replace("-", "") not in text.replace("-", "")


def test_recovery_key_resets_the_admin_password(town):
    path, _, recovery = town
    assert recovery and len(recovery.replace("-", "")) == 48
    with pytest.raises(AuthError, match="恢复密钥不正确"):
        Authenticator(path).recover("AAAA-BBBB", "admin", "New-pass-2026")
    db, principal = Authenticator(path).recover(recovery.lower(), "admin", "New-pass-2026")
    db.close()
    login(path, "admin", "New-pass-2026").close()
    with pytest.raises(AuthError):
        login(path, "admin", ADMIN_PW)


def test_password_reset_and_own_change_rewrap_the_key(town, sessions):
    path, _, _ = town
    sessions(path, "admin", ADMIN_PW).users().reset_password("worker1", "reset-2026x")
    w = sessions(path, "worker1", "reset-2026x")
    UserService(w.db, w.principal).change_own_password("reset-2026x", "mine-2026x")
    login(path, "worker1", "mine-2026x").close()
    with pytest.raises(AuthError):
        login(path, "worker1", "reset-2026x")


# -- permissions and scope -----------------------------------------------------------------------------


def test_permission_table_is_complete_and_admin_cannot_reveal():
    assert set(PERMISSIONS) == set(Role)
    assert not PERMISSIONS[Role.ADMIN] & {Perm.REVEAL, Perm.SENSITIVE, Perm.EDIT}
    assert Perm.READ not in PERMISSIONS[Role.DEPARTMENT]


def test_users_without_permission_are_refused_with_a_clear_message(town, sessions):
    path, ids, _ = town
    viewer = sessions(path, "viewer")
    with pytest.raises(PermissionDenied, match="“viewer”（领导（只读））没有“修改居民信息”的权限"):
        viewer.registry().update_resident(ids[GRID1], {"name": "改名"})
    with pytest.raises(PermissionDenied, match="查看完整证件号和电话"):
        viewer.registry().get_resident(ids[GRID1], reveal=True)
    with pytest.raises(PermissionDenied, match="管理用户"):
        UserService(viewer.db, viewer.principal).add("x1", PW, Role.VIEWER, TOWN)
    worker = sessions(path, "worker1")
    with pytest.raises(PermissionDenied, match="查看审计日志"):
        AuditService(worker.db, worker.principal).search()
    with pytest.raises(PermissionDenied, match="备份与恢复"):
        worker.backups().make()
    admin = sessions(path, "admin", ADMIN_PW)
    with pytest.raises(PermissionDenied, match="修改居民信息"):
        admin.registry().create_resident(ResidentInput(GRID1, make_id("370303", dt.date(1990, 5, 5), 21), "新人"))


def test_grid_worker_sees_and_writes_only_the_own_grid(town, sessions):
    path, ids, _ = town
    w = sessions(path, "worker1")
    reg = w.registry()
    assert [v.id for v in reg.list_residents()] == [ids[GRID1]]
    with pytest.raises(ScopeError, match="不在"):
        reg.get_resident(ids[GRID2])
    with pytest.raises(ScopeError):
        reg.update_resident(ids[GRID2], {"name": "越权"})
    with pytest.raises(ScopeError):
        reg.create_resident(ResidentInput(GRID2, make_id("370303", dt.date(1990, 5, 5), 21), "越权"))
    with pytest.raises(ScopeError):
        reg.list_residents(GRID2)
    assert w.stats.overview().residents == 1
    assert set(w.stats.stats().units) == {GRID1}
    assert [u.code for u in w.units.list()] == [GRID1]
    with pytest.raises(ScopeError):
        w.units.get(COMM)


def test_community_chief_sees_the_subtree_not_the_sibling_community(town, sessions):
    path, ids, _ = town
    c = sessions(path, "chief")
    assert {v.id for v in c.registry().list_residents()} == {ids[GRID1], ids[GRID2]}
    with pytest.raises(ScopeError):
        c.registry().get_resident(ids[OTHER_GRID])
    assert c.stats.overview().residents == 2
    o = sessions(path, "office2")
    assert [v.id for v in o.registry().list_residents()] == [ids[OTHER_GRID]]
    v = sessions(path, "viewer")
    assert len(v.registry().list_residents()) == 3


def test_admin_adds_users_only_within_scope(town, sessions):
    path, _, _ = town
    admin = sessions(path, "admin", ADMIN_PW)
    with pytest.raises(ValidationError, match="网格员必须属于一个网格"):
        admin.users().add("w2", PW, Role.GRID_WORKER, COMM)
    with pytest.raises(ScopeError):
        admin.users().add("w3", PW, Role.VIEWER, "370303002")
    with pytest.raises(ValidationError, match="已存在"):
        admin.users().add("worker1", PW, Role.VIEWER, TOWN)
    names = {u.username for u in admin.users().list()}
    assert names == {"admin", "worker1", "chief", "viewer", "office2"}
    # a community office user who could manage users would only see its own subtree: the list is scoped
    o = sessions(path, "office2")
    with pytest.raises(PermissionDenied):
        o.users().list()


# -- masking and reveal --------------------------------------------------------------------------------


def test_ids_and_phones_are_masked_by_default_and_reveal_is_logged(town, sessions, tmp_path):
    path, ids, _ = town
    w = sessions(path, "worker1")
    v = w.registry().get_resident(ids[GRID1])
    assert v.id_number.startswith("370303") and "********" in v.id_number and not v.revealed
    assert v.phone == "138****0001"
    full = w.registry().get_resident(ids[GRID1], reveal=True, reason="核对户籍")
    assert full.id_number.isalnum() and full.phone == "13812340001"
    admin = sessions(path, "admin", ADMIN_PW)
    entries = admin.audit().search(username="worker1")
    actions = [e.action for e in entries]
    assert actions[:3] == ["reveal", "view", "login"]
    assert entries[0].target_id == ids[GRID1] and entries[0].unit_code == GRID1
    # exports mask by default
    out = tmp_path / "roster.csv"
    assert w.registry().export_residents_csv(out) == 1
    text = out.read_text(encoding="utf-8-sig")
    assert full.id_number not in text and v.id_number in text
    assert admin.audit().search(action="export")[0].username == "worker1"


def test_sensitive_fields_only_for_roles_with_that_permission(town, sessions):
    path, ids, _ = town
    chief = sessions(path, "chief")
    chief.registry().update_resident(ids[GRID1], {"religion": "佛教"})
    assert chief.registry().get_resident(ids[GRID1]).religion == "佛教"
    assert sessions(path, "worker1").registry().get_resident(ids[GRID1]).religion is None
    assert sessions(path, "viewer").registry().get_resident(ids[GRID1]).religion is None


# -- audit chain ---------------------------------------------------------------------------------------


def test_audit_rows_ride_the_change_log_and_the_chain_verifies(town, sessions):
    path, ids, _ = town
    admin = sessions(path, "admin", ADMIN_PW)
    report = admin.audit().verify()
    assert report.ok and report.rows > 5
    from sqlalchemy import func, select

    from gridapp.db.models import ChangeLog

    with admin.db.read() as s:
        logged = s.execute(select(func.count()).select_from(ChangeLog)
                           .where(ChangeLog.table_name == "audit_log")).scalar_one()
    assert logged == report.rows


@pytest.mark.parametrize("tamper", ["edit", "delete"])
def test_a_tampered_audit_row_is_detected(town, sessions, tamper):
    path, ids, _ = town
    admin = sessions(path, "admin", ADMIN_PW)
    rows = admin.audit().search()
    victim = rows[len(rows) // 2]
    with admin.db.write() as s:
        if tamper == "edit":
            s.execute(update(AuditLog).where(AuditLog.id == victim.id).values(username="someone-else"))
        else:
            s.execute(AuditLog.__table__.delete().where(AuditLog.id == victim.id))
    report = verify_chain(admin.db)
    assert not report.ok
    if tamper == "edit":
        assert report.broken_id == victim.id and "改动" in report.reason
    else:
        assert "删除或插入" in report.reason


def test_a_restore_row_links_the_chains_but_only_to_its_own_restored_head(town, sessions):
    """A restore's audit row may skip rolled-back rows, naming the head it restored; a forged 'restore'
    naming a head that is not in the chain, or any other row that skips, still breaks the chain."""
    from gridapp.services import audit

    path, _, _ = town
    admin = sessions(path, "admin", ADMIN_PW)
    db = admin.db
    with db.read() as s:
        head = audit.chain_head(s, db.node_id)
    with db.write() as s:  # as a restore writes it: continuing a replaced head, naming the restored one
        audit.record(db, s, None, "restore", unit_code=admin.principal.unit_code,
                     detail={"file": "x", "restored_head": head}, prev_hash="f" * 64)
    assert verify_chain(db).ok
    with db.write() as s:
        audit.record(db, s, None, "restore", unit_code=admin.principal.unit_code,
                     detail={"file": "y", "restored_head": "e" * 64}, prev_hash="f" * 64)
    assert not verify_chain(db).ok


def test_a_row_that_skips_without_being_a_restore_breaks_the_chain(town, sessions):
    from gridapp.services import audit

    path, _, _ = town
    admin = sessions(path, "admin", ADMIN_PW)
    with admin.db.write() as s:
        audit.record(admin.db, s, None, "backup", unit_code=admin.principal.unit_code, detail={}, prev_hash="f" * 64)
    report = verify_chain(admin.db)
    assert not report.ok and "删除或插入" in report.reason


def test_audit_filters_and_csv_export(town, sessions, tmp_path):
    path, _, _ = town
    admin = sessions(path, "admin", ADMIN_PW)
    today = dt.datetime.now(dt.timezone.utc).date()
    assert admin.audit().search(since=today + dt.timedelta(days=1)) == []
    logins = admin.audit().search(since=today, until=today, action="login")
    assert logins and all(e.action == "login" for e in logins)
    n = admin.audit().export_csv(tmp_path / "audit.csv", action="user")
    assert n == 5  # the administrator and the four users the fixture added
    assert "用户管理" in (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")


# -- backups -------------------------------------------------------------------------------------------


def test_backup_is_encrypted_verified_and_restored(town, sessions):
    path, ids, _ = town
    admin = sessions(path, "admin", ADMIN_PW)
    made = admin.backups().make()
    assert made.read_bytes()[:16] != b"SQLite format 3\x00" and keyfile_path(made).exists()
    assert verify_backup(made, admin.db.key, TOWN).ok
    assert not verify_backup(made, b"\x01" * 32).ok
    chief = sessions(path, "chief")
    chief.registry().update_resident(ids[GRID1], {"name": "改过的名字"})
    result = admin.restore(made)
    assert result.ok and result.residents == 3
    assert admin.registry().get_resident(ids[GRID1]).name == "居民1"
    assert admin.audit().search(action="restore")


def test_restore_never_reissues_change_numbers_the_parent_may_hold(town, sessions):
    """Changes made after a backup may already have gone up to the parent under their sequence numbers;
    after restoring the backup, new changes continue above them, and `check` accepts the rolled-back gap."""
    from sqlalchemy import func, select

    from gridapp.db.models import ChangeLog, SyncKnowledge
    from gridapp.services.check import CheckService
    from gridapp.sync.changelog import skipped_ranges

    path, ids, _ = town
    admin = sessions(path, "admin", ADMIN_PW)
    made = admin.backups().make()
    chief = sessions(path, "chief")
    for i in range(3):
        chief.registry().update_resident(ids[GRID1], {"name": f"改名{i}"})

    def own_max(db) -> int:
        with db.read() as s:
            return s.execute(select(func.max(ChangeLog.node_seq)).where(
                ChangeLog.node_id == db.node_id)).scalar()

    issued = own_max(chief.db)
    admin.restore(made)
    back = sessions(path, "admin", ADMIN_PW)
    with back.db.read() as s:
        (lo, hi), = skipped_ranges(s)
    assert hi >= issued and lo <= issued - 2  # the three renames (and the logins after the backup) are skipped
    sessions(path, "chief").registry().update_resident(ids[GRID1], {"name": "恢复后改名"})
    assert own_max(back.db) > hi
    with back.db.read() as s:
        assert s.get(SyncKnowledge, back.db.node_id).max_seq == own_max(back.db)
    result = CheckService(back.db).run()  # contiguous apart from the skipped numbers
    assert result.ok, result.problems


def test_restore_refuses_a_backup_of_another_installation(town, sessions, tmp_path):
    path, _, _ = town
    other = create_installation(tmp_path / "other.sqlite3", unit_code=COMM, unit_name="和平社区",
                                level="community", admin_name="admin", admin_password=ADMIN_PW)
    foreign = other.db.path
    other.db.close()
    admin = sessions(path, "admin", ADMIN_PW)
    with pytest.raises(DatabaseError, match="未通过检查"):
        admin.restore(foreign)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"junk" * 1000)
    with pytest.raises(DatabaseError, match="未通过检查"):
        admin.restore(garbage)


def test_daily_backup_once_a_day_and_old_ones_pruned(town, sessions):
    path, _, _ = town
    admin = sessions(path, "admin", ADMIN_PW)
    svc = BackupService(admin.db)
    first = svc.daily()
    assert first is not None and svc.daily() is None
    old = first.with_name(first.name.replace(first.name.split("-")[1], "20200101"))
    first.rename(old)
    keyfile_path(first).rename(keyfile_path(old))
    made = svc.daily(keep_days=14)
    assert made is not None and not old.exists()


def test_login_makes_the_daily_backup(town):
    path, _, _ = town
    s = AppSession.login(path, "worker1", PW)
    try:
        assert [b.reason for b in BackupService(s.db).list()] == ["daily"]
    finally:
        s.close()


def test_a_plain_database_without_users_still_opens(db_path):
    s = AppSession.open(db_path)
    try:
        assert s.principal is None and not s.db.encrypted
    finally:
        s.close()


def test_unencrypted_installation_login_checks_the_hash(tmp_path):
    inst = create_installation(tmp_path / "plain.sqlite3", unit_code=COMM, unit_name="和平社区",
                               level="community", admin_name="admin", admin_password=ADMIN_PW, encrypt=False)
    inst.db.close()
    assert inst.recovery_key is None
    login(tmp_path / "plain.sqlite3", "admin", ADMIN_PW).close()
    with pytest.raises(AuthError):
        login(tmp_path / "plain.sqlite3", "admin", "Wrong-2026")


def test_kdf_cost_is_stored_with_each_hash():
    from gridapp.db import keystore

    h = keystore.hash_password("abc12345")
    assert h.startswith(f"scrypt${keystore.SCRYPT_N}$8$1$") and keystore.verify_password("abc12345", h)
    assert users_mod.MAX_FAILURES == 5


def test_a_damaged_key_sidecar_is_reported_in_chinese(town):
    path, _, _ = town
    keyfile_path(path).write_text("{not json", encoding="utf-8")
    with pytest.raises(DatabaseError, match="密钥文件.*已损坏"):
        login(path, "worker1")


def test_an_altered_key_wrap_does_not_unlock(town):
    path, _, _ = town
    raw = json.loads(keyfile_path(path).read_text(encoding="utf-8"))
    # give worker1 the administrator's wrap: AES-GCM binds each wrap to its user id
    for part in ("public", "private", "sealed"):
        raw["users"]["worker1"][part] = raw["users"]["admin"][part]
    keyfile_path(path).write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(AuthError, match="用户名或密码不正确"):
        login(path, "worker1", ADMIN_PW)


def test_special_group_tags_need_the_sensitive_permission():
    from gridapp.core.permissions import visible_tags

    tags = ["低保", "社区矫正", "独居老人", "严重精神障碍"]
    police = Principal("u", "p", Role.POLICE, TOWN)
    worker = Principal("u", "w", Role.GRID_WORKER, GRID1)
    assert visible_tags(police, tags) == tags
    assert visible_tags(worker, tags) == ["低保", "独居老人"]


# -- reports obey the user's role and scope, and every print is audited ---------------------------------


def test_reports_follow_the_users_scope_and_are_audited(town, sessions):
    from gridapp.reports import render
    from gridapp.services.reports import ReportRequest

    path, ids, _ = town
    worker = sessions(path, "worker1")
    data = worker.reports.prepare(ReportRequest("roster", GRID1, "2026-01", printed_by="张网格"))
    assert data.residents == 1
    with pytest.raises(ScopeError):  # the neighbouring grid is outside a grid worker's scope
        worker.reports.prepare(ReportRequest("roster", GRID2, "2026-01"))
    assert [u.code for u in worker.reports.unit_choices()] == [GRID1]
    admin = sessions(path, "admin", ADMIN_PW)
    entries = AuditService(admin.db, admin.principal).search(action="print")
    assert len(entries) == 1 and entries[0].username == "worker1"
    assert "roster" in entries[0].detail and GRID1 in entries[0].detail
    text = render(data).decode("latin-1")
    assert "%PDF" in text


def test_reveal_in_reports_needs_the_reveal_permission(town, sessions):
    from gridapp.services.reports import ReportRequest

    path, _, _ = town
    viewer = sessions(path, "viewer")  # a viewer may print, masked, but never full numbers
    assert not viewer.reports.can_reveal
    with pytest.raises(PermissionDenied):
        viewer.reports.prepare(ReportRequest("roster", TOWN, "2026-01", reveal=True))
    viewer.reports.prepare(ReportRequest("roster", TOWN, "2026-01"))
    chief = sessions(path, "chief")
    assert chief.reports.can_reveal
    data = chief.reports.prepare(ReportRequest("roster", COMM, "2026-01", reveal=True))
    assert data.header.revealed
    admin = sessions(path, "admin", ADMIN_PW)
    entry = AuditService(admin.db, admin.principal).search(action="print")[0]
    assert entry.username == "chief"
    assert '"reveal": true' in entry.detail or "'reveal': True" in entry.detail


def test_a_department_applicant_cannot_print_reports(town, sessions, tmp_path):
    from gridapp.services.reports import ReportRequest

    path, _, _ = town
    admin = sessions(path, "admin", ADMIN_PW)
    UserService(admin.db, admin.principal).add("dept", PW, Role.DEPARTMENT, TOWN)
    dept = sessions(path, "dept")
    with pytest.raises(PermissionDenied, match="导出"):
        dept.reports.prepare(ReportRequest("roster", TOWN, "2026-01"))


def test_reports_print_care_tags_and_special_groups_only_for_roles_that_may_see_them(town, sessions):
    from gridapp.reports import render
    from gridapp.services.reports import ReportRequest
    from tests.reports.pdfcheck import page_texts

    path, ids, _ = town
    chief = sessions(path, "chief")  # 网格长: may see special groups
    reg = RegistryService(chief.db, chief.principal)
    reg.add_tag(ids[GRID1], "低保")
    reg.add_tag(ids[GRID1], "社区矫正")
    household = RegistryService(chief.db, TOWN).create_household(GRID1, "和平路1号1单元101")
    RegistryService(chief.db, TOWN).update_resident(ids[GRID1], {"household_id": household})
    roster = chief.reports.prepare(ReportRequest("roster", GRID1, "2026-01"))
    row = roster.grids[0].buildings[0].households[0].members[0]
    assert row.tags == "低保、社区矫正"
    assert "关爱标签" in "\n".join(page_texts(render(roster)))
    worker = sessions(path, "worker1")  # 网格员: care tags yes, special groups no
    for name in ("roster", "household_card"):
        data = worker.reports.prepare(ReportRequest(name, GRID1, "2026-01"))
        text = "\n".join(page_texts(render(data)))
        assert "低保" in text and "社区矫正" not in text
