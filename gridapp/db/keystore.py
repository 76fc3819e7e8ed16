"""The database key and the sidecar file that unlocks it (`gridapp.sqlite3.keys`).

The database file is encrypted with SQLCipher under a random 32-byte data key. That key is stored only
wrapped: once per user, under a key-encryption key derived from the user's password (scrypt, memory-hard),
and once under a recovery key shown to the administrator once. Each wrap is AES-256-GCM with the user id
as associated data.

Why a sidecar file and not a table: the wraps must be readable *before* the database can be opened (the
database itself is ciphertext without the key). The sidecar holds nothing that opens the data without a
password: wrapped keys, scrypt salts and parameters, user names, and the failed-login counters (which must
also be updatable when the password was wrong and the database stays closed). Losing the sidecar loses
access except through a backup's copy of it; backups copy it next to the backup file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gridapp.core.errors import DatabaseError

KEYFILE_SUFFIX = ".keys"
FORMAT = 1

# scrypt cost: n=2**15, r=8 needs 32 MiB and ~0.1 s per derivation on a weak laptop. Stored with each
# hash and wrap, so it can be raised later; tests lower SCRYPT_N to keep the suite fast.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def derive(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)


def hash_password(password: str) -> str:
    """`scrypt$n$r$p$salt$hash` (for the users table; verification is constant-time)."""
    salt = secrets.token_bytes(16)
    digest = derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    got = derive(password, _unb64(salt), int(n), int(r), int(p))
    return hmac.compare_digest(got, _unb64(digest))


def new_data_key() -> bytes:
    return secrets.token_bytes(32)


def new_recovery_key() -> str:
    """A recovery key to write down: 32 random bytes as base32 in groups of four (no padding)."""
    raw = base64.b32encode(secrets.token_bytes(30)).decode("ascii").rstrip("=")
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def normalise_recovery_key(text: str) -> str:
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def wrap_key(data_key: bytes, secret: str, label: str) -> dict[str, Any]:
    salt = secrets.token_bytes(16)
    kek = derive(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    nonce = secrets.token_bytes(12)
    ct = AESGCM(kek).encrypt(nonce, data_key, label.encode("utf-8"))
    return {"kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt),
            "nonce": _b64(nonce), "ct": _b64(ct)}


def unwrap_key(wrap: dict[str, Any], secret: str, label: str) -> bytes | None:
    """The data key, or None when the secret is wrong (or the record was altered)."""
    kek = derive(secret, _unb64(wrap["salt"]), int(wrap["n"]), int(wrap["r"]), int(wrap["p"]))
    try:
        return AESGCM(kek).decrypt(_unb64(wrap["nonce"]), _unb64(wrap["ct"]), label.encode("utf-8"))
    except InvalidTag:
        return None


def keyfile_path(db_path: Path | str) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + KEYFILE_SUFFIX)


@dataclass
class KeyFile:
    """The sidecar: {"format", "encrypted", "users": {username: {"user_id", "wrap"}}, "recovery": wrap,
    "failures": {username: {"count", "locked_until"}}}."""

    path: Path
    encrypted: bool = False
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    recovery: dict[str, Any] | None = None
    failures: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def for_db(cls, db_path: Path | str) -> KeyFile:
        path = keyfile_path(db_path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError) as exc:
            raise DatabaseError(f"密钥文件“{path}”已损坏，无法读取（{exc}）。可从备份恢复。") from exc
        return cls(path, bool(raw.get("encrypted")), dict(raw.get("users", {})), raw.get("recovery"),
                   dict(raw.get("failures", {})))

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def save(self) -> None:
        """Write atomically (temp file + replace) so a crash never leaves a half-written sidecar."""
        data = {"format": FORMAT, "encrypted": self.encrypted, "users": self.users, "recovery": self.recovery,
                "failures": self.failures}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)

    # -- wraps -------------------------------------------------------------------------------------
    def set_user(self, username: str, user_id: str, data_key: bytes, password: str) -> None:
        self.users[username] = {"user_id": user_id, "wrap": wrap_key(data_key, password, user_id)}

    def remove_user(self, username: str) -> None:
        self.users.pop(username, None)

    def unlock(self, username: str, password: str) -> bytes | None:
        entry = self.users.get(username)
        if entry is None:
            return None
        return unwrap_key(entry["wrap"], password, entry["user_id"])

    def set_recovery(self, data_key: bytes, recovery_key: str) -> None:
        self.recovery = wrap_key(data_key, normalise_recovery_key(recovery_key), "recovery")

    def unlock_recovery(self, recovery_key: str) -> bytes | None:
        if self.recovery is None:
            return None
        return unwrap_key(self.recovery, normalise_recovery_key(recovery_key), "recovery")
