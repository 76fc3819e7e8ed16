"""The database key and the sidecar file that unlocks it (`gridapp.sqlite3.keys`).

The database file is encrypted with SQLCipher under a random 32-byte data key. That key is stored only
sealed, once per user and once for the recovery key (format 2):

- each user (and the recovery key) has an X25519 key pair; the private key is wrapped under a key derived
  from the password (scrypt, memory-hard) with AES-256-GCM, the user's id *and name* as associated data, so
  a wrap copied under another user's name no longer opens (and the login checks the id against the user row
  in the encrypted database, where the roles live);
- the data key is sealed to each public key (ephemeral X25519 + HKDF-SHA256 + AES-256-GCM, the same
  associated data).

Why the key pairs: when a user is disabled, or the administrator resets a password, the data key is changed
(SQLCipher rekey) and sealed again to every remaining user's public key, which needs no one's password. The
old password, or a wrap kept in an old sidecar, then opens only the copies made before the change (backups).
A change of key writes the new seals beside the old ones first (`next`), rekeys, then keeps only the new
ones, so a crash in between leaves a sidecar that opens the file either way.

Format 1 sidecars (the data key wrapped directly by each password, associated data the user id) still open:
a user's entry is converted at that user's next login, the recovery entry when the recovery key is used or,
if the key changes first, replaced by a new recovery key shown to the administrator.

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
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from gridapp.core.errors import DatabaseError

KEYFILE_SUFFIX = ".keys"
FORMAT = 2
RECOVERY = "recovery"

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


def user_label(user_id: str, username: str) -> str:
    """The associated data binding a user's entry to the user: id and name."""
    return f"user\x00{user_id}\x00{username}"


# the raw forms (not `public_bytes(Encoding.Raw, …)`): the serialization package imports the SSH, DH, RSA … key
# modules, some milliseconds of CPU at every login that only need these 32 bytes
def _raw_public(private: X25519PrivateKey) -> bytes:
    return private.public_key().public_bytes_raw()


def _raw_private(private: X25519PrivateKey) -> bytes:
    return private.private_bytes_raw()


def _seal_key(shared: bytes, ephemeral: bytes, public: bytes, label: str) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral + public, info=b"gridapp-keys-seal\x00" + label.encode("utf-8")
                ).derive(shared)


def seal(data_key: bytes, public: bytes, label: str) -> dict[str, Any]:
    """The data key sealed to an X25519 public key (anyone may seal; only the private key opens)."""
    eph = X25519PrivateKey.generate()
    eph_pub = _raw_public(eph)
    key = _seal_key(eph.exchange(X25519PublicKey.from_public_bytes(public)), eph_pub, public, label)
    nonce = secrets.token_bytes(12)
    return {"eph": _b64(eph_pub), "nonce": _b64(nonce),
            "ct": _b64(AESGCM(key).encrypt(nonce, data_key, label.encode("utf-8")))}


def unseal(sealed: dict[str, Any], private: bytes, label: str) -> bytes | None:
    priv = X25519PrivateKey.from_private_bytes(private)
    eph = _unb64(sealed["eph"])
    key = _seal_key(priv.exchange(X25519PublicKey.from_public_bytes(eph)), eph, _raw_public(priv), label)
    try:
        return AESGCM(key).decrypt(_unb64(sealed["nonce"]), _unb64(sealed["ct"]), label.encode("utf-8"))
    except InvalidTag:
        return None


def new_entry(data_key: bytes, secret: str, label: str) -> dict[str, Any]:
    """A format-2 entry: a fresh key pair, its private key wrapped by `secret`, the data key sealed to it."""
    priv = X25519PrivateKey.generate()
    public = _raw_public(priv)
    return {"public": _b64(public), "private": wrap_key(_raw_private(priv), secret, label),
            "sealed": seal(data_key, public, label)}


def open_entry(entry: dict[str, Any], secret: str, label: str, legacy_label: str | None = None
               ) -> tuple[bytes, bytes | None] | None:
    """(data key, the key a change of key left in `next` or None) from an entry, or None when the secret is
    wrong or the entry was altered or copied from another user. A format-1 entry (`wrap`) is opened with
    `legacy_label` (its associated data was the user id alone)."""
    if "wrap" in entry or "kdf" in entry:  # format 1
        key = unwrap_key(entry.get("wrap", entry), secret, legacy_label or label)
        return None if key is None else (key, None)
    private = unwrap_key(entry["private"], secret, label)
    if private is None:
        return None
    key = unseal(entry["sealed"], private, label)
    if key is None:
        return None
    nxt = unseal(entry["next"], private, label) if entry.get("next") else None
    return key, nxt


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

    # -- entries -------------------------------------------------------------------------------------
    def set_user(self, username: str, user_id: str, data_key: bytes, password: str) -> None:
        """A new key pair for the user, wrapped by the password and bound to id and name."""
        self.users[username] = {"user_id": user_id, **new_entry(data_key, password, user_label(user_id, username))}

    def remove_user(self, username: str) -> None:
        self.users.pop(username, None)

    def is_legacy(self, username: str) -> bool:
        entry = self.users.get(username)
        return entry is not None and "wrap" in entry

    def unlock_all(self, username: str, password: str) -> tuple[str, bytes, bytes | None] | None:
        """(user id the entry is bound to, data key, next data key or None), or None."""
        entry = self.users.get(username)
        if entry is None or not isinstance(entry.get("user_id"), str):
            return None
        got = open_entry(entry, password, user_label(entry["user_id"], username), legacy_label=entry["user_id"])
        return None if got is None else (entry["user_id"], *got)

    def unlock(self, username: str, password: str) -> bytes | None:
        got = self.unlock_all(username, password)
        return None if got is None else got[1]

    def set_recovery(self, data_key: bytes, recovery_key: str) -> dict[str, Any]:
        """A new recovery entry for `data_key` (replacing the old one); returned for a caller to add to."""
        self.recovery = new_entry(data_key, normalise_recovery_key(recovery_key), RECOVERY)
        return self.recovery

    def unlock_recovery_all(self, recovery_key: str) -> tuple[bytes, bytes | None] | None:
        if self.recovery is None:
            return None
        return open_entry(self.recovery, normalise_recovery_key(recovery_key), RECOVERY)

    def unlock_recovery(self, recovery_key: str) -> bytes | None:
        got = self.unlock_recovery_all(recovery_key)
        return None if got is None else got[0]

    # -- changing the data key ---------------------------------------------------------------------------
    def stage_next(self, new_key: bytes) -> list[str]:
        """Seal `new_key` beside the current key (`next`) for every format-2 entry. Returns the users whose
        entries are still format 1 (no public key): they are dropped, and need a password reset."""
        dropped = []
        for name, entry in list(self.users.items()):
            if "public" not in entry:
                dropped.append(name)
                del self.users[name]
                continue
            entry["next"] = seal(new_key, _unb64(entry["public"]), user_label(entry["user_id"], name))
        if self.recovery is not None and "public" in self.recovery:
            self.recovery["next"] = seal(new_key, _unb64(self.recovery["public"]), RECOVERY)
        return dropped

    def commit_next(self) -> None:
        """After the rekey: the staged key becomes the key."""
        for entry in [*self.users.values(), *([self.recovery] if self.recovery else [])]:
            if entry.get("next"):
                entry["sealed"] = entry.pop("next")

    @property
    def recovery_is_legacy(self) -> bool:
        return self.recovery is not None and "public" not in self.recovery
