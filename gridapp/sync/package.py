"""The `.gridpkg` file: a clear header, then a body sealed to the recipient (DESIGN.md §4).

    MAGIC (8) | u32 header length | header (canonical JSON) | ephemeral X25519 key (32) | nonce (12) |
    ChaCha20-Poly1305( u32 manifest length | manifest (canonical JSON) | Ed25519 signature (64) |
                       { u32 part length | part }* { u32 blob part length | blob part }* )
                                                       with MAGIC + header as associated data

The header names the format, the minimum reader version and the sender and recipient, so a package for
another installation, from an unknown sender or from a newer app is refused with a clear message before
any decryption. The manifest lists every part with its SHA-256 and change count. A part is one zlib
stream of JSON in column-wise arrays (shared strings interned, clocks delta-coded), at most
`PART_SIZE` changes, imported in its own transaction. Reading checks everything before returning:
nothing is written for a package that fails any check.

Blob parts (reader version 2) carry photo bytes (gridapp.sync.photos) after the change parts: each is the plain
concatenation of its items, listed in the manifest's `blobs` with the part's SHA-256 and size and, per item, the
content's SHA-256, its kind and length. A package without blobs is written for reader version 1 as before.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gridapp.core.errors import PackageError

from .crypto import NodeKeys, seal, verify

MAGIC = b"GRIDPKG\n"
FORMAT_VERSION = 1
READER_VERSION = 2  # the newest package format this build reads (2: blob parts)
MIN_READER = 1  # the oldest reader able to read what this build writes (a package with blob parts: 2)
BLOB_READER = 2
PART_SIZE = 5000
OPS = {"insert": "i", "update": "u", "delete": "d"}
OPS_BACK = {v: k for k, v in OPS.items()}
_U32 = struct.Struct(">I")
_MAX_HEADER = 64 * 1024

# One change as it travels: the change_log row, with fields/base as JSON text.
CHANGE_KEYS = ("node_id", "node_seq", "table_name", "row_id", "unit_code", "op", "hlc", "fields", "base",
               "schema_rev")


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _bad(detail: str = "") -> PackageError:
    extra = f"（{detail}）" if detail else ""
    return PackageError(f"同步包已损坏或不完整{extra}，未写入任何数据。请重新导出该包。")


# -- parts ----------------------------------------------------------------------------------------

def encode_part(changes: Sequence[dict[str, Any]]) -> bytes:
    """Column-wise JSON of changes (sorted by the caller), zlib-compressed.

    `fields`/`base` travel as the JSON text they are stored as (strings), so the receiver stores them
    without re-encoding.
    """
    interned: dict[str, dict[str, int]] = {"n": {}, "t": {}, "u": {}, "v": {}}

    def idx(kind: str, value: str) -> int:
        table = interned[kind]
        i = table.get(value)
        if i is None:
            i = table[value] = len(table)
        return i

    n, q, t, r, u, v, h = [], [], [], [], [], [], []
    ops = []
    prev_h = 0
    for c in changes:
        n.append(idx("n", c["node_id"]))
        q.append(c["node_seq"])
        t.append(idx("t", c["table_name"]))
        r.append(c["row_id"])
        u.append(idx("u", c["unit_code"]))
        v.append(idx("v", c["schema_rev"]))
        ops.append(OPS[c["op"]])
        h.append(c["hlc"] - prev_h)
        prev_h = c["hlc"]
    text = json.dumps({"nodes": list(interned["n"]), "tables": list(interned["t"]),
                       "units": list(interned["u"]), "revs": list(interned["v"]), "n": n, "q": q, "t": t,
                       "r": r, "u": u, "v": v, "o": "".join(ops), "h": h,
                       "f": [c["fields"] for c in changes], "b": [c["base"] for c in changes]},
                      ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode(), 6)


def decode_part(data: bytes, expected: int) -> list[dict[str, Any]]:
    """Changes of a part, `fields`/`base` parsed (dicts), their text kept in `fields_text`/`base_text`;
    PackageError on anything malformed."""
    try:
        doc = json.loads(zlib.decompress(data))
        nodes, tables, units, revs = doc["nodes"], doc["tables"], doc["units"], doc["revs"]
        cols = [doc[k] for k in ("n", "q", "t", "r", "u", "v", "o", "h", "f", "b")]
        if any(len(col) != expected for col in cols):
            raise ValueError("column length")
        out = []
        hlc = 0
        ftexts, btexts = cols[8], cols[9]
        if not all(isinstance(x, str) for x in ftexts) or not all(x is None or isinstance(x, str) for x in btexts):
            raise ValueError("types")
        # parse all fields/base texts in one call (the texts are stored as they came)
        all_fields = json.loads("[" + ",".join(ftexts) + "]") if ftexts else []
        some = [b for b in btexts if b is not None]
        bases = json.loads("[" + ",".join(some) + "]") if some else []
        # every text is one JSON value exactly when the joined array has as many elements as texts
        if len(all_fields) != expected or len(bases) != len(some):
            raise ValueError("fields")
        parsed_base = iter(bases)
        cols[8] = list(zip(ftexts, all_fields, strict=True))
        cols[9] = [(b, next(parsed_base) if b is not None else None) for b in btexts]
        for ni, seq, ti, rid, ui, vi, op, dh, (ftext, fields), (btext, base) in zip(*cols, strict=True):
            hlc += dh
            if not (isinstance(seq, int) and isinstance(hlc, int) and isinstance(rid, str)
                    and isinstance(fields, dict) and (base is None or isinstance(base, dict))):
                raise ValueError("types")
            out.append({"node_id": nodes[ni], "node_seq": seq, "table_name": tables[ti], "row_id": rid,
                        "unit_code": units[ui], "op": OPS_BACK[op], "hlc": hlc, "fields": fields,
                        "base": base, "schema_rev": revs[vi], "fields_text": ftext, "base_text": btext})
        return out
    except PackageError:
        raise
    except (ValueError, KeyError, TypeError, IndexError, zlib.error, RecursionError) as exc:
        raise _bad("数据段无法解析") from exc


# -- the file -------------------------------------------------------------------------------------

@dataclass
class Package:
    """An authenticated package: every part's hash checked; parts decoded by `decode()`."""

    header: dict[str, Any]
    manifest: dict[str, Any]
    raw_parts: list[bytes] = field(default_factory=list)
    parts: list[list[dict[str, Any]]] = field(default_factory=list)
    blob_parts: list[bytes] = field(default_factory=list)  # photo bytes (manifest["blobs"] lists their items)

    def decode(self) -> Package:
        """Decode every part (PackageError if any is malformed); call before writing anything."""
        if not self.parts and self.raw_parts:
            self.parts = [decode_part(raw, info["changes"])
                          for raw, info in zip(self.raw_parts, self.manifest["parts"], strict=True)]
        return self

    @property
    def package_id(self) -> str:
        return self.manifest["package_id"]

    @property
    def changes(self) -> int:
        return sum(len(p) for p in self.parts)


def write_package(keys: NodeKeys, recipient_box_pub: str, manifest: dict[str, Any],
                  parts: Sequence[bytes], part_counts: Sequence[int],
                  blobs: Sequence[tuple[bytes, list[list[Any]]]] = ()) -> bytes:
    """`blobs`: blob parts, each (bytes, items [content sha256, kind, length]) as gridapp.sync.photos builds them."""
    min_reader = BLOB_READER if blobs else MIN_READER
    manifest = {**manifest, "format": FORMAT_VERSION, "min_reader": min_reader,
                "parts": [{"sha256": hashlib.sha256(p).hexdigest(), "size": len(p), "changes": n}
                          for p, n in zip(parts, part_counts, strict=True)]}
    if blobs:
        manifest["blobs"] = [{"sha256": hashlib.sha256(b).hexdigest(), "size": len(b), "items": items}
                             for b, items in blobs]
    manifest_bytes = canonical(manifest)
    body = b"".join([_U32.pack(len(manifest_bytes)), manifest_bytes, keys.sign(manifest_bytes),
                     *(_U32.pack(len(p)) + p for p in parts), *(_U32.pack(len(b)) + b for b, _ in blobs)])
    header = canonical({"format": FORMAT_VERSION, "min_reader": min_reader,
                        "package_id": manifest["package_id"], "from": manifest["from_node"],
                        "from_unit": manifest["from_unit"], "to": manifest["to_node"],
                        "to_unit": manifest["to_unit"]})
    aad = MAGIC + header
    eph, nonce, ct = seal(recipient_box_pub, aad, body)
    return b"".join([MAGIC, _U32.pack(len(header)), header, eph, nonce, ct])


def read_header(data: bytes) -> tuple[dict[str, Any], bytes, bytes]:
    """(header, associated data, sealed rest); PackageError if this is not a readable package."""
    if data[:len(MAGIC)] != MAGIC:
        raise PackageError("这不是网格工作台的同步包（.gridpkg）文件，未写入任何数据。")
    pos = len(MAGIC)
    if len(data) < pos + 4:
        raise _bad("文件被截断")
    (hlen,) = _U32.unpack_from(data, pos)
    pos += 4
    if hlen > _MAX_HEADER or len(data) < pos + hlen + 44 + 16:
        raise _bad("文件被截断")
    header_bytes = data[pos:pos + hlen]
    try:
        header = json.loads(header_bytes)
        if not isinstance(header, dict):
            raise ValueError
        for k in ("format", "min_reader"):
            if not isinstance(header.get(k), int):
                raise ValueError
        for k in ("package_id", "from", "to", "from_unit", "to_unit"):
            if not isinstance(header.get(k), str):
                raise ValueError
    except ValueError as exc:
        raise _bad("文件头无法解析") from exc
    return header, MAGIC + header_bytes, data[pos + hlen:]


def read_package(data: bytes, keys: NodeKeys, my_node: str,
                 sender_key: Callable[[str], str | None]) -> Package:
    """Open, authenticate and decode a whole package addressed to `my_node`.

    `sender_key(node_id)` returns the enrolled sender's signing key (hex) or None for an unknown sender.
    Every check but the parts' decoding (`Package.decode()`) runs here; failures raise PackageError with a
    Chinese message.
    """
    header, aad, rest = read_header(data)
    if header["min_reader"] > READER_VERSION:
        raise PackageError("该同步包由更新版本的网格工作台生成，本程序无法读取。请先升级程序再导入。未写入任何数据。")
    if header["to"] != my_node:
        raise PackageError(f"该同步包是发给另一台电脑（单位 {header['to_unit']}，节点 {header['to']}）的，"
                           "不是本机，未写入任何数据。")
    sign_pub = sender_key(header["from"])
    if sign_pub is None:
        raise PackageError(f"该同步包来自未登记的发送方（单位 {header['from_unit']}，节点 {header['from']}），"
                           "请先完成上下级登记（enrol）。未写入任何数据。")
    body = keys.open(aad, rest[:32], rest[32:44], rest[44:])
    try:
        (mlen,) = _U32.unpack_from(body, 0)
        manifest_bytes = body[4:4 + mlen]
        signature = body[4 + mlen:4 + mlen + 64]
        if len(manifest_bytes) != mlen or len(signature) != 64:
            raise ValueError
    except (struct.error, ValueError) as exc:
        raise _bad("清单不完整") from exc
    if not verify(sign_pub, signature, manifest_bytes):
        raise PackageError("同步包签名无效：内容被篡改或不是登记的发送方签发的，未写入任何数据。")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as exc:
        raise _bad("清单无法解析") from exc
    if (manifest.get("package_id"), manifest.get("from_node"), manifest.get("to_node")) != (
            header["package_id"], header["from"], header["to"]):
        raise PackageError("同步包的文件头与签名清单不一致（可能被篡改），未写入任何数据。")
    if manifest.get("min_reader", 0) > READER_VERSION:
        raise PackageError("该同步包由更新版本的网格工作台生成，本程序无法读取。请先升级程序再导入。未写入任何数据。")
    pkg = Package(header=header, manifest=manifest)
    pos = 4 + mlen + 64
    for i, info in enumerate(manifest["parts"]):
        if len(body) < pos + 4:
            raise _bad(f"第 {i + 1} 段缺失")
        (plen,) = _U32.unpack_from(body, pos)
        part = body[pos + 4:pos + 4 + plen]
        pos += 4 + plen
        if len(part) != plen or plen != info["size"] or hashlib.sha256(part).hexdigest() != info["sha256"]:
            raise _bad(f"第 {i + 1} 段校验失败")
        pkg.raw_parts.append(part)
    blobs = manifest.get("blobs") or []
    if not isinstance(blobs, list):
        raise _bad("照片段清单无法解析")
    for i, info in enumerate(blobs):
        if len(body) < pos + 4 or not isinstance(info, dict):
            raise _bad(f"照片第 {i + 1} 段缺失")
        (plen,) = _U32.unpack_from(body, pos)
        part = body[pos + 4:pos + 4 + plen]
        pos += 4 + plen
        if len(part) != plen or plen != info.get("size") or hashlib.sha256(part).hexdigest() != info.get("sha256"):
            raise _bad(f"照片第 {i + 1} 段校验失败")
        pkg.blob_parts.append(part)
    if pos != len(body):
        raise _bad("包尾有多余数据")
    return pkg
