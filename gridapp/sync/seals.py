"""Origin seals: relayed changes keep the signature of the installation that made them.

Exporting upward, a node signs the run of its own changes it sends: the SHA-256 of each change in
sequence order, signed with its Ed25519 key. The parent stores the seal with the changes; relaying them
further up it sends the stored seals along, with the origin's public key (vouched for by its own signed
manifest). A receiver checks every change that comes from below against a seal of its origin, so a level
in between cannot alter, invent or re-attribute what a grid wrote. A seal holds one hash per change
(128-bit SHA-256) rather than one digest per run so that a change refused on the way (an edit of an item owned higher up)
does not stop the others from being verified. Downward packages carry only the receiver's slice of each
origin's changes; they are covered by the sender's package signature alone.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from collections.abc import Iterable, Sequence
from typing import Any

from .crypto import NodeKeys, verify

_sha256 = hashlib.sha256
HASH = 16  # SHA-256 truncated to 128 bits: a relay would need a second preimage, not a collision
_DOMAIN = b"gridapp-seal-v1\x00"


def change_hash(c: dict[str, Any]) -> bytes:
    """SHA-256 (first 128 bits) of a change as it travels (fields/base as their stored JSON text)."""
    base = c["base_text"] if "base_text" in c else c.get("base")
    fields = c["fields_text"] if "fields_text" in c else c.get("fields")
    # one f-string: the same text as "\x1f".join of the ten values (ints in decimal), built in one step
    text = (f"{c['node_id']}\x1f{c['node_seq']}\x1f{c['table_name']}\x1f{c['row_id']}\x1f{c['unit_code']}\x1f"
            f"{c['op']}\x1f{c['hlc']}\x1f{fields}\x1f{'' if base is None else base}\x1f{c['schema_rev']}")
    return _sha256(text.encode()).digest()[:HASH]


def _signed_bytes(node: str, seq_from: int, seq_to: int, hashes: bytes) -> bytes:
    return _DOMAIN + node.encode() + b"\x00" + struct.pack(">QQ", seq_from, seq_to) + hashes


def make_seals(keys: NodeKeys, node: str, changes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Seal a node's own changes (any order): one seal per run of consecutive sequence numbers (numbers a
    restore rolled back leave a gap between runs)."""
    own = sorted((c for c in changes if c["node_id"] == node), key=lambda c: c["node_seq"])
    runs: list[list[dict[str, Any]]] = []
    for c in own:
        if runs and c["node_seq"] == runs[-1][-1]["node_seq"] + 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    out = []
    for run in runs:
        seq_from, seq_to = run[0]["node_seq"], run[-1]["node_seq"]
        hashes = b"".join(change_hash(c) for c in run)
        sig = keys.sign(_signed_bytes(node, seq_from, seq_to, hashes))
        out.append(to_wire(node, seq_from, seq_to, hashes, sig))
    return out


def to_wire(node: str, seq_from: int, seq_to: int, hashes: bytes, sig: bytes) -> dict[str, Any]:
    return {"node": node, "from": seq_from, "to": seq_to, "hashes": base64.b64encode(hashes).decode(),
            "sig": sig.hex()}


def from_wire(seal: Any) -> tuple[str, int, int, bytes, bytes]:
    """(node, from, to, hashes, sig); ValueError if malformed."""
    try:
        node, seq_from, seq_to = seal["node"], seal["from"], seal["to"]
        hashes = base64.b64decode(seal["hashes"], validate=True)
        sig = bytes.fromhex(seal["sig"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError("malformed seal") from exc
    if not (isinstance(node, str) and isinstance(seq_from, int) and isinstance(seq_to, int)
            and 1 <= seq_from <= seq_to and len(hashes) == (seq_to - seq_from + 1) * HASH and len(sig) == 64):
        raise ValueError("malformed seal")
    return node, seq_from, seq_to, hashes, sig


def check_seal(seal: tuple[str, int, int, bytes, bytes], sign_pub: str) -> bool:
    node, seq_from, seq_to, hashes, sig = seal
    return verify(sign_pub, sig, _signed_bytes(node, seq_from, seq_to, hashes))


def index(seals: Iterable[tuple[str, int, int, bytes, bytes]]) -> dict[tuple[str, int], bytes]:
    """(node, seq) -> the sealed hash of that change."""
    out: dict[tuple[str, int], bytes] = {}
    for node, seq_from, _seq_to, hashes, _sig in seals:
        for i in range(len(hashes) // HASH):
            out[(node, seq_from + i)] = hashes[i * HASH:(i + 1) * HASH]
    return out
