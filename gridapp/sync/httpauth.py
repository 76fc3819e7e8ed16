"""Signed HTTP requests between a node and its hub (issue #18): the node's enrolment key signs each request.

The signed text binds the method, the path with its query, the SHA-256 of the body, the node, the time and a
random nonce; the hub refuses a signature that does not verify against the key it enrolled for that node, a
time more than `MAX_SKEW_S` away from its own clock, and a nonce it has seen (replay). The package inside
a push is signed and sealed as ever: this only says who is asking, and that the request was not altered or
sent again.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass

from .crypto import NodeKeys, verify

SCHEME = "GRIDHUB1"
MAX_SKEW_S = 300  # a request more than five minutes older or newer than the hub's clock is refused
H_NODE, H_TIME, H_NONCE, H_SIG = "x-grid-node", "x-grid-time", "x-grid-nonce", "x-grid-signature"


def signed_text(method: str, path: str, body_sha256: str, node: str, when: int, nonce: str) -> bytes:
    return "\n".join([SCHEME, method.upper(), path, body_sha256, node, str(when), nonce]).encode()


def sign_request(keys: NodeKeys, node: str, method: str, path: str, body: bytes = b"",
                 *, when: int | None = None, nonce: str | None = None) -> dict[str, str]:
    """The headers that authenticate one request (`path` with its query string, as sent)."""
    when = int(time.time()) if when is None else when
    nonce = secrets.token_hex(16) if nonce is None else nonce
    digest = hashlib.sha256(body).hexdigest()
    sig = keys.sign(signed_text(method, path, digest, node, when, nonce)).hex()
    return {H_NODE: node, H_TIME: str(when), H_NONCE: nonce, H_SIG: sig}


@dataclass(frozen=True)
class SignedRequest:
    node: str
    when: int
    nonce: str
    signature: bytes


class AuthProblem(Exception):
    """Why a request's authentication is refused (a Chinese message and a short code)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def parse_headers(headers: Mapping[str, str]) -> SignedRequest:
    node, when, nonce, sig = (headers.get(h) for h in (H_NODE, H_TIME, H_NONCE, H_SIG))
    if not (node and when and nonce and sig):
        raise AuthProblem("unsigned", "请求没有本机登记密钥的签名，已拒绝。请用网格工作台的“立即同步”或 "
                          "sync push/pull --hub 访问本服务。")
    try:
        stamp = int(when)
        signature = bytes.fromhex(sig)
    except ValueError as exc:
        raise AuthProblem("malformed", "请求的签名格式不正确，已拒绝。") from exc
    if not (4 <= len(nonce) <= 64 and len(node) <= 32 and len(signature) == 64):
        raise AuthProblem("malformed", "请求的签名格式不正确，已拒绝。")
    return SignedRequest(node, stamp, nonce, signature)


def check_request(req: SignedRequest, sign_pub: str, method: str, path: str, body: bytes,
                  *, now: float | None = None) -> None:
    """Raise AuthProblem unless the signature and the time are right (the nonce is the caller's to check)."""
    now = time.time() if now is None else now
    if abs(now - req.when) > MAX_SKEW_S:
        raise AuthProblem("stale", f"请求时间与服务器时间相差超过 {MAX_SKEW_S // 60} 分钟，已拒绝（可能是"
                          "被截获后重发的旧请求，或本机时钟不准）。请校准本机时间后重试。")
    digest = hashlib.sha256(body).hexdigest()
    if not verify(sign_pub, req.signature, signed_text(method, path, digest, req.node, req.when, req.nonce)):
        raise AuthProblem("bad_signature", "请求签名无效：请求被改动过，或不是用登记时的密钥签发的，已拒绝。")
