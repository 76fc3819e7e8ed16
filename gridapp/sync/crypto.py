"""Keys and sealing for sync packages (DESIGN.md §4).

Each installation holds an Ed25519 signing key and an X25519 key agreement key. A package is signed by
its sender, then sealed to its recipient: an ephemeral X25519 key, HKDF-SHA256 over the shared secret and
both public keys, and ChaCha20-Poly1305 over the body with the clear header as associated data (so the
header cannot be altered either). This is the construction of the age format's X25519 recipient, without
its armour and stanza syntax, which we do not need: our files are read only by gridapp, and keeping
to the `cryptography` package avoids a second crypto dependency.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from gridapp.core.errors import PackageError

_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_NOENC = serialization.NoEncryption()
HKDF_INFO = b"gridapp package v1"


def fingerprint(sign_pub_hex: str, box_pub_hex: str) -> str:
    """A short string two people can read aloud and compare: 5 groups of 4 digits."""
    digest = hashlib.sha256(bytes.fromhex(sign_pub_hex) + bytes.fromhex(box_pub_hex)).digest()
    number = int.from_bytes(digest[:10], "big") % 10**20
    text = f"{number:020d}"
    return "-".join(text[i:i + 4] for i in range(0, 20, 4))


@dataclass(frozen=True)
class NodeKeys:
    """This installation's private keys (hex of the raw 32 bytes)."""

    sign_priv: str
    box_priv: str

    @classmethod
    def generate(cls) -> NodeKeys:
        s = Ed25519PrivateKey.generate().private_bytes(_RAW, _RAW_PRIV, _NOENC)
        b = X25519PrivateKey.generate().private_bytes(_RAW, _RAW_PRIV, _NOENC)
        return cls(s.hex(), b.hex())

    @property
    def _sign(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(self.sign_priv))

    @property
    def _box(self) -> X25519PrivateKey:
        return X25519PrivateKey.from_private_bytes(bytes.fromhex(self.box_priv))

    @property
    def sign_pub(self) -> str:
        return self._sign.public_key().public_bytes(_RAW, _RAW_PUB).hex()

    @property
    def box_pub(self) -> str:
        return self._box.public_key().public_bytes(_RAW, _RAW_PUB).hex()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_pub, self.box_pub)

    def sign(self, data: bytes) -> bytes:
        return self._sign.sign(data)

    def open(self, header: bytes, eph_pub: bytes, nonce: bytes, ciphertext: bytes) -> bytes:
        """Decrypt a body sealed to our box key; PackageError if it was altered or is not for us."""
        try:
            shared = self._box.exchange(X25519PublicKey.from_public_bytes(eph_pub))
            key = _derive(shared, eph_pub, bytes.fromhex(self.box_pub))
            return ChaCha20Poly1305(key).decrypt(nonce, ciphertext, header)
        except (InvalidTag, ValueError) as exc:
            raise PackageError("同步包无法解密：文件不完整、已损坏或被篡改，或不是发给本机的。未写入任何数据。") from exc


def _derive(shared: bytes, eph_pub: bytes, recipient_pub: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_pub + recipient_pub, info=HKDF_INFO).derive(shared)


def seal(recipient_box_pub_hex: str, header: bytes, body: bytes) -> tuple[bytes, bytes, bytes]:
    """Encrypt `body` to the recipient; returns (ephemeral public key, nonce, ciphertext)."""
    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes(_RAW, _RAW_PUB)
    recipient = bytes.fromhex(recipient_box_pub_hex)
    key = _derive(eph.exchange(X25519PublicKey.from_public_bytes(recipient)), eph_pub, recipient)
    nonce = os.urandom(12)
    return eph_pub, nonce, ChaCha20Poly1305(key).encrypt(nonce, body, header)


def verify(sign_pub_hex: str, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(sign_pub_hex)).verify(signature, data)
        return True
    except (InvalidSignature, ValueError):
        return False
