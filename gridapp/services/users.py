"""Users, login and the keys of the encrypted database.

First run (`create_installation`) makes an encrypted database under a random data key, the administrator
with a password the person chose, and a recovery key shown once. `login` unwraps the data key with the
user's password (see gridapp.db.keystore), opens the database and returns the `Principal` the services
take. Five failures in a row lock the account for LOCK_MINUTES; the counters live in the key sidecar so
that a wrong password can be counted while the database stays closed.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gridapp.core.errors import AuthError, NotFound, ValidationError
from gridapp.core.ids import uuid7
from gridapp.core.orgcode import Level, validate_code
from gridapp.core.permissions import Perm, Principal, Role
from gridapp.db import keystore
from gridapp.db.database import Database, open_database
from gridapp.db.keystore import KeyFile
from gridapp.db.models import User
from gridapp.db.unlocking import PendingUnlock

from . import audit

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8


def password_problem(password: str, username: str = "") -> str | None:
    """The strength rule, as a Chinese sentence, or None when the password is acceptable."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 位。"
    kinds = sum([any(c.isalpha() for c in password), any(c.isdigit() for c in password),
                 any(not c.isalnum() for c in password)])
    if kinds < 2:
        return "密码须包含字母、数字、符号中的至少两类。"
    if username and username.lower() in password.lower():
        return "密码不能包含用户名。"
    return None


def _check_password(password: str, username: str) -> None:
    problem = password_problem(password, username)
    if problem:
        raise ValidationError(problem, field="密码")


def _clean_username(username: str) -> str:
    name = (username or "").strip()
    if not name:
        raise ValidationError("用户名不能为空。", field="用户名")
    if len(name) > 50 or any(c.isspace() for c in name):
        raise ValidationError("用户名不能含空格，且不超过 50 个字符。", field="用户名")
    return name


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def principal_of(user: User) -> Principal:
    return Principal(user.id, user.username, Role(user.role), user.unit_code, user.display_name,
                     must_change_password=bool(user.must_change_password))


@dataclass
class UserInfo:
    id: str
    username: str
    display_name: str
    role: Role
    unit_code: str
    disabled: bool
    last_login_at: str | None

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "role": self.role.value}


@dataclass
class Installation:
    db: Database
    principal: Principal
    recovery_key: str | None  # shown once to the administrator, never stored in clear


def create_installation(path: Path | str, *, unit_code: str, unit_name: str, level: Level | str,
                        admin_name: str, admin_password: str, encrypt: bool = True) -> Installation:
    """First run: an (encrypted) database for the unit, its administrator and a recovery key."""
    from .units import UnitService

    path = Path(path)
    level = Level(level)
    validate_code(unit_code, level)
    admin_name = _clean_username(admin_name)
    _check_password(admin_password, admin_name)
    if path.exists() and path.stat().st_size > 0:
        raise ValidationError(f"数据库“{path}”已存在，不能重复初始化。", field="数据库")
    key = keystore.new_data_key() if encrypt else None
    db = open_database(path, create=True, key=key)
    try:
        UnitService(db).initialise(unit_code, unit_name, level)
        user_id = uuid7()
        with db.write() as s:
            s.add(User(id=user_id, username=admin_name, display_name=admin_name, role=Role.ADMIN.value,
                       unit_code=unit_code, password_hash=keystore.hash_password(admin_password),
                       disabled=False, created_at=_now(), password_changed_at=_now()))
            admin = principal_of(s.get_one(User, user_id))
            audit.record(db, s, admin, "user", unit_code=unit_code, target_table="app_user", target_id=user_id,
                         detail={"op": "create", "username": admin_name, "role": Role.ADMIN.value})
        recovery = None
        kf = KeyFile.for_db(path)
        if key is not None:
            recovery = keystore.new_recovery_key()
            kf.encrypted = True
            kf.set_user(admin_name, user_id, key, admin_password)
            kf.set_recovery(key, recovery)
        kf.save()
    except Exception:
        db.close()
        raise
    return Installation(db, admin, recovery)


def has_users(db: Database) -> bool:
    with db.read() as s:
        return s.execute(select(User.id).limit(1)).first() is not None


class Authenticator:
    """Logs users in to the database at `path` (and counts failures). `clock` is seconds since the epoch."""

    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self.clock = clock

    def locked_for(self, username: str) -> int:
        """Seconds the account stays locked (0 when it is not locked)."""
        entry = KeyFile.for_db(self.path).failures.get(username) or {}
        return max(0, int(entry.get("locked_until", 0) - self.clock()))

    def _refuse(self, kf: KeyFile, username: str) -> AuthError:
        entry = kf.failures.setdefault(username, {"count": 0, "locked_until": 0})
        entry["count"] = int(entry.get("count", 0)) + 1
        entry["total"] = int(entry.get("total", 0)) + 1
        if entry["count"] >= MAX_FAILURES:
            entry["locked_until"] = self.clock() + LOCK_MINUTES * 60
            entry["count"] = 0
            kf.save()
            return AuthError(f"密码连续错误 {MAX_FAILURES} 次，账户“{username}”已锁定 {LOCK_MINUTES} 分钟。")
        kf.save()
        left = MAX_FAILURES - entry["count"]
        return AuthError(f"用户名或密码不正确。再错 {left} 次，账户将锁定 {LOCK_MINUTES} 分钟。")

    def _check_lock(self, username: str) -> None:
        wait = self.locked_for(username)
        if wait > 0:
            minutes = (wait + 59) // 60
            raise AuthError(f"账户“{username}”因多次密码错误已锁定，请 {minutes} 分钟后再试。")

    def login(self, username: str, password: str, *,
              unlocking: PendingUnlock | None = None) -> tuple[Database, Principal]:
        """`unlocking`: the unwrap of the key with these credentials, already under way (start-up)."""
        username = (username or "").strip()
        if not self.path.exists() or self.path.stat().st_size == 0:
            raise AuthError(f"数据库文件不存在：{self.path}。请先初始化本单位。")
        self._check_lock(username)
        ahead = unlocking is not None and unlocking.username == username
        if ahead:
            assert unlocking is not None
            kf, pending = unlocking.result()
        else:
            kf = KeyFile.for_db(self.path)
        key = None
        bound_id = None
        if kf.encrypted:
            got = pending if ahead else kf.unlock_all(username, password)
            if got is None:
                raise self._refuse(kf, username)
            bound_id, key, nxt = got
            db, key = _open_either(self.path, kf, key, nxt)
        else:
            db = open_database(self.path, key=key)
        try:
            with db.read() as s:  # checked by reading: another program's write never holds up a login
                user = s.execute(select(User).where(User.username == username)).scalar()
                if user is None or (key is None and not keystore.verify_password(password, user.password_hash)):
                    raise self._refuse(kf, username)
                if bound_id is not None and user.id != bound_id:
                    # an entry copied under another user's name: the wrap is bound to its own user's id (and,
                    # from format 2 on, name), and the role is the database's, never the sidecar's
                    raise self._refuse(kf, username)
                if user.disabled:
                    raise AuthError(f"账户“{username}”已停用，请联系管理员。")
                principal = principal_of(user)
            missed = int((kf.failures.get(username) or {}).get("total", 0))
            at = _now()

            def record_login(s) -> None:
                row = s.get(User, principal.user_id)
                if row is not None:
                    row.last_login_at = at
                if missed:
                    audit.record(db, s, principal, "login_failed", unit_code=principal.unit_code,
                                 detail={"failed_attempts_before": missed})
                audit.record(db, s, principal, "login", unit_code=principal.unit_code,
                             detail={"at": at} if at != _now() else None)

            # the login's audit row now, or (another program is writing) with this session's first write
            db.write_soon(record_login)
            changed = False
            if key is not None and kf.is_legacy(username):  # format 1: converted at the first login
                kf.set_user(username, principal.user_id, key, password)
                changed = True
            if username in kf.failures:
                kf.failures.pop(username)
                changed = True
            if changed:
                kf.save()
        except Exception:
            db.close()
            raise
        return db, principal

    def recover(self, recovery_key: str, username: str, new_password: str) -> tuple[Database, Principal]:
        """Forgotten password: the recovery key opens the database and sets a new password for `username`."""
        kf = KeyFile.for_db(self.path)
        got = kf.unlock_recovery_all(recovery_key)
        if got is None:
            raise AuthError("恢复密钥不正确。")
        _check_password(new_password, username)
        db, key = _open_either(self.path, kf, *got)
        if kf.recovery_is_legacy:  # format 1: converted when the recovery key is used
            kf.set_recovery(key, recovery_key)
        try:
            with db.write() as s:
                user = s.execute(select(User).where(User.username == username)).scalar()
                if user is None:
                    raise NotFound(f"找不到用户“{username}”。")
                user.password_hash = keystore.hash_password(new_password)
                user.password_changed_at = _now()
                user.must_change_password = False
                user.disabled = False
                principal = principal_of(user)
                audit.record(db, s, principal, "user", unit_code=user.unit_code, target_table="app_user",
                             target_id=user.id, detail={"op": "recover", "username": username})
            kf.set_user(username, user.id, key, new_password)
            kf.failures.pop(username, None)
            kf.save()
        except Exception:
            db.close()
            raise
        return db, principal


def _open_either(path: Path, kf: KeyFile, key: bytes, nxt: bytes | None) -> tuple[Database, bytes]:
    """Open under the sealed key, or, when a change of key stopped after the rekey but before the sidecar
    was finished, under the staged one (and finish the sidecar)."""
    from gridapp.core.errors import DatabaseError

    try:
        return open_database(path, key=key), key
    except DatabaseError:
        if nxt is None:
            raise
    db = open_database(path, key=nxt)
    kf.commit_next()
    kf.save()
    return db, nxt


@dataclass
class KeyChange:
    """What a change of the data key did: users whose format-1 entries could not be sealed again (they need a
    password reset), a new recovery key to show once (when the old one could not be carried over), the
    seconds the rekey took, and the backup made under the new key."""

    reason: str
    dropped: list[str]
    recovery_key: str | None
    seconds: float
    backup: Path | None = None


def rotate_data_key(db: Database, principal: Principal | None, reason: str, *, remove: str | None = None,
                    reset: tuple[str, str, str] | None = None) -> KeyChange | None:
    """Change the data key of an encrypted database and seal the new one to every remaining user (and the
    recovery key): `remove` drops a user's entry, `reset` = (name, id, new password) gives that user a new key
    pair. The old key, and every entry sealed to it (old sidecars, backups), no longer opens the live file.
    Returns None for an unencrypted database (only the entries change)."""
    kf = KeyFile.for_db(db.path)
    if remove is not None:
        kf.remove_user(remove)
    if db.key is None or not kf.encrypted:
        if reset is not None and db.key is not None:
            kf.set_user(reset[0], reset[1], db.key, reset[2])
        kf.save()
        return None
    started = time.perf_counter()
    new_key = keystore.new_data_key()
    if reset is not None:
        kf.set_user(reset[0], reset[1], db.key, reset[2])
    dropped = kf.stage_next(new_key)
    new_recovery = None
    if kf.recovery is None or kf.recovery_is_legacy:
        # a format-1 recovery entry wraps the key itself: it cannot be sealed again, so a new recovery key
        new_recovery = keystore.new_recovery_key()
        entry = kf.set_recovery(db.key, new_recovery)
        entry["next"] = keystore.seal(new_key, keystore._unb64(entry["public"]), keystore.RECOVERY)
    kf.save()  # both keys sealed: a crash from here on leaves a sidecar that opens the file either way
    old_key = db.key
    db.rekey(new_key)
    kf.commit_next()
    kf.save()
    seconds = time.perf_counter() - started
    with db.write() as s:
        remember_former_key(s, old_key)
        unit = principal.unit_code if principal else (db.meta("unit_code") or "")
        audit.record(db, s, principal, "user", unit_code=unit, detail={
            "op": "rekey", "reason": reason, "dropped": dropped, "new_recovery_key": new_recovery is not None})
    from .backup import BackupService

    made = BackupService(db, principal).make("rekey")  # a backup that opens under the new key
    return KeyChange(reason, dropped, new_recovery, round(seconds, 3), made)


FORMER_KEYS = "former_data_keys"  # meta: the data keys before each change, newest first (to restore backups)


def former_keys(s) -> list[bytes]:
    """The data keys this file had before, read inside the file (so only the current key reveals them): they
    open the backups made before a change of key, for `restore`."""
    import json

    from gridapp.db.models import Meta

    row = s.get(Meta, FORMER_KEYS)
    return [bytes.fromhex(k) for k in json.loads(row.value)] if row else []


def remember_former_key(s, key: bytes, keys: list[bytes] | None = None) -> None:
    import json

    from gridapp.db.models import Meta

    known = [key, *(k for k in (keys if keys is not None else former_keys(s)) if k != key)]
    s.merge(Meta(key=FORMER_KEYS, value=json.dumps([k.hex() for k in known])))


class UserService:
    """设置 > 用户管理: administrators add users within their unit subtree, reset passwords, disable."""

    def __init__(self, db: Database, principal: Principal):
        self.db = db
        self.principal = principal
        self.key_change: KeyChange | None = None  # set by a reset or a disable that changed the data key

    def _keyfile(self) -> KeyFile:
        return KeyFile.for_db(self.db.path)

    def list(self) -> list[UserInfo]:
        self.principal.require(Perm.MANAGE_USERS)
        with self.db.read() as s:
            rows = s.execute(select(User).where(User.unit_code.startswith(self.principal.unit_code))
                             .order_by(User.unit_code, User.username)).scalars()
            return [UserInfo(u.id, u.username, u.display_name, Role(u.role), u.unit_code, u.disabled,
                             u.last_login_at) for u in rows]

    def add(self, username: str, password: str, role: Role | str, unit_code: str,
            display_name: str = "") -> UserInfo:
        self.principal.require(Perm.MANAGE_USERS)
        username = _clean_username(username)
        role = Role(role)
        self.principal.require_scope(unit_code, "新用户的单位")
        _check_password(password, username)
        from gridapp.db.models import OrgUnit

        with self.db.write() as s:
            if s.execute(select(User.id).where(User.username == username)).first():
                raise ValidationError(f"用户名“{username}”已存在。", field="用户名")
            if not s.execute(select(OrgUnit.id).where(OrgUnit.code == unit_code, OrgUnit.deleted.is_(False))).first():
                raise ValidationError(f"单位 {unit_code} 不存在，请先在单位管理中添加。", field="单位")
            if role == Role.GRID_WORKER and len(unit_code) != Level.GRID.digits:
                raise ValidationError("网格员必须属于一个网格（15 位编码）。", field="单位")
            user = User(id=uuid7(), username=username, display_name=(display_name or username).strip(),
                        role=role.value, unit_code=unit_code, password_hash=keystore.hash_password(password),
                        disabled=False, created_at=_now(), password_changed_at=_now(), must_change_password=True)
            s.add(user)
            audit.record(self.db, s, self.principal, "user", unit_code=unit_code, target_table="app_user",
                         target_id=user.id, detail={"op": "create", "username": username, "role": role.value})
            info = UserInfo(user.id, username, user.display_name, role, unit_code, False, None)
        if self.db.key is not None:
            kf = self._keyfile()
            kf.set_user(username, info.id, self.db.key, password)
            kf.save()
        return info

    def _target(self, s, username: str) -> User:
        user = s.execute(select(User).where(User.username == username)).scalar()
        if user is None:
            raise NotFound(f"找不到用户“{username}”。")
        self.principal.require_scope(user.unit_code, f"用户“{username}”")
        return user

    def reset_password(self, username: str, new_password: str) -> None:
        self.principal.require(Perm.MANAGE_USERS)
        _check_password(new_password, username)
        with self.db.write() as s:
            user = self._target(s, username)
            user.password_hash = keystore.hash_password(new_password)
            user.password_changed_at = _now()
            user.must_change_password = username != self.principal.username  # set for another: changed at sign-in
            audit.record(self.db, s, self.principal, "user", unit_code=user.unit_code, target_table="app_user",
                         target_id=user.id, detail={"op": "reset_password", "username": username})
            user_id = user.id
        kf = self._keyfile()
        kf.failures.pop(username, None)
        kf.save()
        # the old password (and a wrap of it kept in any backup's sidecar) must stop opening the live file
        self.key_change = rotate_data_key(self.db, self.principal, "reset_password",
                                          reset=(username, user_id, new_password))

    def set_disabled(self, username: str, disabled: bool) -> bool:
        """Disable or enable an account. Disabling also removes the user's key wrap from the sidecar, so the
        password no longer unlocks the file; an enabled account whose wrap is gone needs a password reset
        before it can log in (returns False in that case)."""
        self.principal.require(Perm.MANAGE_USERS)
        if username == self.principal.username and disabled:
            raise ValidationError("不能停用自己的账户。")
        with self.db.write() as s:
            user = self._target(s, username)
            user.disabled = disabled
            audit.record(self.db, s, self.principal, "user", unit_code=user.unit_code, target_table="app_user",
                         target_id=user.id, detail={"op": "disable" if disabled else "enable", "username": username})
        if disabled:  # the entry goes, and the key changes: an entry kept elsewhere opens old copies only
            self.key_change = rotate_data_key(self.db, self.principal, "disable", remove=username)
        kf = self._keyfile()
        return not kf.encrypted or username in kf.users

    def change_password(self, old: str, new: str) -> None:
        """The signed-in user changes the own password: checked against the old one, the data key re-wrapped
        under the new one in the key sidecar; clears the must-change flag of an administrator-set password."""
        self.principal.touch()
        _check_password(new, self.principal.username)
        if new == old:
            raise ValidationError("新密码不能与原密码相同。", field="新密码")
        with self.db.write() as s:
            user = s.get(User, self.principal.user_id)
            if user is None or not keystore.verify_password(old, user.password_hash):
                raise AuthError("原密码不正确。")
            user.password_hash = keystore.hash_password(new)
            user.password_changed_at = _now()
            user.must_change_password = False
            audit.record(self.db, s, self.principal, "user", unit_code=user.unit_code, target_table="app_user",
                         target_id=user.id, detail={"op": "change_password"})
        if self.db.key is not None:
            kf = self._keyfile()
            kf.set_user(self.principal.username, self.principal.user_id, self.db.key, new)
            kf.save()
        self.principal.must_change_password = False

    change_own_password = change_password
