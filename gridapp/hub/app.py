"""The hub's HTTP interface (ASGI, FastAPI under uvicorn): enrolled nodes push and pull the very packages they
would carry on a USB stick.

    GET  /v1/hello                         who this hub is (unauthenticated: the client checks it is its parent)
    POST /v1/push                          {"sha256", "size", "part_size"}: start or resume a push
    PUT  /v1/push/{sha256}/{index}         one part's bytes
    POST /v1/push/{sha256}/finish          check the whole, import it (the same import as a USB package)
    POST /v1/pull                          {"unit_code"}: a package of what the node lacks
    GET  /v1/pull/{sha256}?offset=&length= bytes of it (resumable)

Every request but hello is signed with the node's enrolment key (gridapp.sync.httpauth); the node must be
an enrolled peer of this hub. Each refusal answers a JSON `{"code": ..., "error": "<Chinese>"}` with its HTTP
status: 401 unsigned/bad signature/stale time, 403 not enrolled or claiming another unit, 409 a replayed
request or an unfinished push, 413 too large, 422 a corrupt or refused package, 429 too many requests (counted in the database, so several worker processes share the limit).

The database work is synchronous (SQLAlchemy), run in the thread pool; imports are serialized by the
database's one-writer lock, as on a desktop. The two requests that may take long (finish: the import; pull: the
export) are jobs: an import runs in the hub's one import thread (imports take the writer lock one after the other
anyway), an export in one of two export threads, and a request waits for its job at most the `wait` seconds its
body asks for (`{"wait": 10}`), answering 202 `{"status": "importing"|"preparing"}` if the job is not done; the
client asks again (the same request, newly signed) and gets the job's outcome. So no request outlasts a client's
or a proxy's timeout however many nodes queue behind one another (100 nodes pushing at once: the last one's import
waits for 99 others). A request without `wait` (an older client) waits for its job to the end, as before.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import and_, func, select
from starlette.concurrency import run_in_threadpool

from gridapp.core.errors import DatabaseError, GridappError
from gridapp.db.database import Database
from gridapp.db.models import SyncPeer
from gridapp.services.sync import ImportResult, SyncService
from gridapp.sync import httpauth
from gridapp.sync.package import read_header

from . import store

log = logging.getLogger(__name__)
API = "/v1"
MB = 1024 * 1024


def size_text(n: float) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.0f} KB"


@dataclass
class HubSettings:
    max_package: int = 512 * MB  # a bigger package is refused before any of it is stored
    max_part: int = 4 * MB  # one request's body
    rate_per_minute: int = 600  # requests per node per minute
    nonce_window_s: int = 2 * httpauth.MAX_SKEW_S


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


@dataclass
class Caller:
    node: str
    unit_code: str
    unit_name: str
    role: str


class Hub:
    """The node behind the HTTP interface: its database and its sync service."""

    def __init__(self, db: Database, settings: HubSettings | None = None):
        self.db = db
        self.settings = settings or HubSettings()
        self.sync = SyncService(db)
        self._last_purge = 0.0
        store.ensure_tables(db.engine)
        # the long requests' jobs (see the module's doc): by (kind, node, package), the future and when it started
        self._importer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hub-import")
        self._exporter = ThreadPoolExecutor(max_workers=2, thread_name_prefix="hub-export")
        self._jobs: dict[tuple[str, str, str], tuple[Future[Any], float]] = {}
        self._jobs_lock = threading.Lock()

    # -- long requests as jobs ------------------------------------------------------------------
    JOB_KEPT_S = 300.0  # a finished job nobody asked for again is forgotten after this (its outcome is in the database)

    def job(self, kind: str, caller: Caller, key: str, fn: Callable[..., dict[str, Any]], *args: Any) -> Future[Any]:
        """The running (or finished, not yet collected) job `kind` of `caller` for `key`, or a new one."""
        slot = (kind, caller.node, key)
        with self._jobs_lock:
            got = self._jobs.get(slot)
            if got is not None and not (got[0].done() and time.monotonic() - got[1] > self.JOB_KEPT_S):
                return got[0]
            pool = self._importer if kind == "import" else self._exporter
            fut = pool.submit(fn, *args)
            self._jobs[slot] = (fut, time.monotonic())
            return fut

    def collected(self, kind: str, caller: Caller, key: str, fut: Future[Any]) -> None:
        """The job's outcome was given to its node: a later request starts afresh (reading the database)."""
        with self._jobs_lock:
            slot = (kind, caller.node, key)
            if slot in self._jobs and self._jobs[slot][0] is fut:
                del self._jobs[slot]

    def close(self) -> None:
        """Let the jobs running finish (an import commits part by part), take no new ones."""
        self._importer.shutdown(wait=True, cancel_futures=True)
        self._exporter.shutdown(wait=True, cancel_futures=True)

    # -- authentication -------------------------------------------------------------------------
    def authenticate(self, method: str, path: str, headers: Any, body: bytes) -> Caller:
        try:
            req = httpauth.parse_headers(headers)
        except httpauth.AuthProblem as exc:
            raise Refusal(401, exc.code, exc.message) from exc
        with self.db.read() as s:
            peer = s.get(SyncPeer, req.node)
        if peer is None:
            raise Refusal(403, "not_enrolled", f"节点 {req.node} 未在本中心登记，已拒绝。请先用登记申请文件在本中心"
                          "完成登记（hub enrol），再把证书导入本机（sync accept）。")
        try:
            httpauth.check_request(req, peer.sign_pub, method, path, body)
        except httpauth.AuthProblem as exc:
            raise Refusal(401, exc.code, exc.message) from exc
        seen = dt.datetime.fromtimestamp(req.when, dt.timezone.utc).replace(tzinfo=None)
        with self.db.engine.begin() as conn:
            # the rate limit lives in the database with the nonces: every worker serving the hub counts the same
            if not store.count_request(conn, req.node, self.settings.rate_per_minute):
                raise Refusal(429, "rate_limited", f"请求过于频繁（每分钟至多 {self.settings.rate_per_minute} 次），"
                              "请稍后再同步。")
            if not store.remember_nonce(conn, req.node, req.nonce, seen):
                raise Refusal(409, "replay", "重复的请求（同一签名的请求已处理过，可能被截获后重放），已拒绝。")
            if time.monotonic() - self._last_purge > 60:
                self._last_purge = time.monotonic()
                store.forget_nonces(conn, store.now() - dt.timedelta(seconds=self.settings.nonce_window_s))
                store.forget_counts(conn)
        return Caller(peer.node_id, peer.unit_code, peer.unit_name, peer.role)

    # -- push -----------------------------------------------------------------------------------
    def start_push(self, caller: Caller, doc: dict[str, Any]) -> dict[str, Any]:
        sha, size, part_size = doc.get("sha256"), doc.get("size"), doc.get("part_size")
        if not (isinstance(sha, str) and len(sha) == 64 and isinstance(size, int) and isinstance(part_size, int)
                and size > 0 and 0 < part_size):
            raise Refusal(400, "bad_request", "推送请求缺少包的校验值、大小或分段大小。")
        if size > self.settings.max_package:
            raise Refusal(413, "too_large", f"同步包大小 {size_text(size)} 超过本中心的上限 "
                          f"{size_text(self.settings.max_package)}，已拒绝。请改用 U 盘交换，或请管理员调整上限。")
        if part_size > self.settings.max_part:
            raise Refusal(413, "part_too_large", f"分段大小超过上限 {size_text(self.settings.max_part)}。")
        with self.db.engine.begin() as conn:
            row = store.upload_row(conn, caller.node, sha)
            if row is not None and (row.size != size or row.part_size != part_size or row.status == "refused"):
                store.drop_parts(conn, caller.node, sha)
                conn.execute(store.upload_table.delete().where(and_(
                    store.upload_table.c.node_id == caller.node, store.upload_table.c.sha256 == sha)))
                row = None
            if row is None:
                store.start_upload(conn, caller.node, sha, size, part_size)
                status, have = "open", []
            else:
                status, have = row.status, store.parts_held(conn, caller.node, sha)
        out: dict[str, Any] = {"status": status, "parts": store.parts_of(size, part_size), "have": have}
        if status == "imported" and row is not None:
            out["result"] = json.loads(row.result or "{}")
        return out

    def put_part(self, caller: Caller, sha: str, idx: int, data: bytes) -> dict[str, Any]:
        with self.db.engine.begin() as conn:
            row = store.upload_row(conn, caller.node, sha)
            if row is None:
                raise Refusal(404, "no_upload", "没有这个推送（可能已过期），请重新开始推送。")
            n = store.parts_of(row.size, row.part_size)
            if not 0 <= idx < n:
                raise Refusal(400, "bad_part", f"分段序号 {idx} 超出范围（共 {n} 段）。")
            expected = row.part_size if idx < n - 1 else row.size - row.part_size * (n - 1)
            if len(data) != expected:
                raise Refusal(400, "bad_part", f"第 {idx + 1} 段长度不对（应为 {expected} 字节，收到 {len(data)} 字节）。")
            if row.status == "open":
                store.put_part(conn, caller.node, sha, idx, data)
        return {"ok": True}

    def finish_push(self, caller: Caller, sha: str) -> dict[str, Any]:
        with self.db.engine.begin() as conn:
            row = store.upload_row(conn, caller.node, sha)
            if row is None:
                raise Refusal(404, "no_upload", "没有这个推送（可能已过期），请重新开始推送。")
            if row.status == "imported":
                return {"status": "imported", "result": json.loads(row.result or "{}")}
            if row.status == "refused":  # asked again after a refusal (its parts are gone): the same refusal
                raise Refusal(422, "refused", json.loads(row.result or "{}").get("error") or "同步包已被拒收。")
            n = store.parts_of(row.size, row.part_size)
            missing = sorted(set(range(n)) - set(store.parts_held(conn, caller.node, sha)))
            if missing:
                raise Refusal(409, "incomplete", f"同步包尚未传完（缺 {len(missing)} 段），请继续推送。",
                              missing=missing)
            data = store.assemble(conn, caller.node, sha)
        if len(data) != row.size or hashlib.sha256(data).hexdigest() != sha:
            with self.db.engine.begin() as conn:
                store.drop_parts(conn, caller.node, sha)
            raise Refusal(422, "transfer_corrupt", "传输后的同步包与发送方的校验值不一致（传输中损坏），已丢弃，"
                          "请重新推送。未写入任何数据。")
        try:
            header = read_header(data)[0]
        except GridappError as exc:
            self._refused(caller, sha, exc.message)
            raise Refusal(422, "bad_package", exc.message) from exc
        if header["from"] != caller.node or header["from_unit"] != caller.unit_code:
            message = (f"同步包由单位 {header['from_unit']}（节点 {header['from']}）签发，与发起推送的已登记节点"
                       f"（{caller.unit_name}，{caller.unit_code}）不符：不能代替另一个单位推送，已拒绝。")
            self._refused(caller, sha, message)
            raise Refusal(403, "wrong_unit", message)
        res = ImportResult(path=f"{header['package_id']}.gridpkg")
        try:
            self.sync.import_bytes(data, res)
        except DatabaseError as exc:  # PostgreSQL went away mid-import: the parts done stay, the rest resumes
            raise Refusal(503, "database_unavailable", exc.message + "请稍后重试。") from exc
        except GridappError as exc:
            self._refused(caller, sha, exc.message)
            raise Refusal(422, "refused", exc.message) from exc
        out = res.as_dict()
        with self.db.engine.begin() as conn:
            store.finish_upload(conn, caller.node, sha, "imported", json.dumps(out, ensure_ascii=False))
        return {"status": "imported", "result": out}

    def _refused(self, caller: Caller, sha: str, message: str) -> None:
        with self.db.engine.begin() as conn:
            store.finish_upload(conn, caller.node, sha, "refused", json.dumps({"error": message}, ensure_ascii=False))

    # -- pull -----------------------------------------------------------------------------------
    def make_pull(self, caller: Caller, doc: dict[str, Any]) -> dict[str, Any]:
        claimed = doc.get("unit_code")
        if claimed is not None and claimed != caller.unit_code:
            raise Refusal(403, "wrong_unit", f"节点 {caller.node} 登记的单位是 {caller.unit_name}（{caller.unit_code}），"
                          f"不能领取单位 {claimed} 的同步包，已拒绝。")
        with tempfile.TemporaryDirectory(prefix="gridapp-hub-") as tmp:
            path = Path(tmp) / "out.gridpkg"
            res = self.sync.export(caller.node, path)  # by node: a department's installation shares a unit code
            data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        with self.db.engine.begin() as conn:
            store.put_download(conn, caller.node, sha, res.package_id, data)
        return {"sha256": sha, "size": len(data), "package_id": res.package_id, "changes": res.changes}

    def read_pull(self, caller: Caller, sha: str, offset: int, length: int) -> bytes:
        length = min(length, self.settings.max_part)
        t = store.download_table
        with self.db.engine.connect() as conn:
            got = conn.execute(select(func.substr(t.c.data, offset + 1, length)).where(and_(
                t.c.node_id == caller.node, t.c.sha256 == sha))).first()
        if got is None:
            raise Refusal(404, "no_download", "这个同步包已不在本中心（已被更新的包取代），请重新拉取。")
        return bytes(got[0] or b"")

    def hello(self) -> dict[str, Any]:
        me = self.sync.identity()
        return {"node_id": me.node_id, "unit_code": me.unit_code, "unit_name": me.unit_name,
                "fingerprint": me.fingerprint, "service": "gridapp-hub", "api": 1,
                "max_package": self.settings.max_package, "max_part": self.settings.max_part}


def _refusal(exc: Refusal) -> JSONResponse:
    return JSONResponse({"code": exc.code, "error": exc.message, **exc.extra}, status_code=exc.status)


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Refusal(413, "body_too_large", f"请求内容超过上限 {size_text(limit)}，已拒绝。")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refusal(413, "body_too_large", f"请求内容超过上限 {size_text(limit)}，已拒绝。")
        chunks.append(chunk)
    return b"".join(chunks)


def _target(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def create_app(hub: Hub) -> FastAPI:
    app = FastAPI(title="gridapp hub", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.hub = hub
    limit = hub.settings.max_part + 64 * 1024

    async def authed(request: Request) -> tuple[Caller, bytes]:
        body = await _body(request, limit)
        caller = await run_in_threadpool(hub.authenticate, request.method, _target(request), request.headers, body)
        return caller, body

    def json_of(body: bytes) -> dict[str, Any]:
        try:
            doc = json.loads(body or b"{}")
        except ValueError as exc:
            raise Refusal(400, "bad_request", "请求内容不是有效的 JSON。") from exc
        if not isinstance(doc, dict):
            raise Refusal(400, "bad_request", "请求内容不是有效的 JSON 对象。")
        return doc

    @app.exception_handler(Refusal)
    async def _on_refusal(_request: Request, exc: Refusal) -> JSONResponse:
        return _refusal(exc)

    @app.exception_handler(GridappError)
    async def _on_error(_request: Request, exc: GridappError) -> JSONResponse:
        return JSONResponse({"code": "refused", "error": exc.message}, status_code=422)

    @app.exception_handler(Exception)
    async def _on_crash(_request: Request, exc: Exception) -> JSONResponse:
        # the database went away mid-import, a bug: what was committed stays (parts received, parts imported),
        # the node retries and the import resumes at the first part not done
        log.error("hub request failed", exc_info=exc)
        return JSONResponse({"code": "internal", "error": "同步中心内部错误（如数据库中断），本次未完成；已收到和已导入的"
                             "部分都已保存，请稍后重试（会从中断处继续）。"}, status_code=500)

    @app.get(f"{API}/hello")
    async def hello() -> dict[str, Any]:
        return await run_in_threadpool(hub.hello)

    @app.post(f"{API}/push")
    async def push(request: Request) -> dict[str, Any]:
        caller, body = await authed(request)
        return await run_in_threadpool(hub.start_push, caller, json_of(body))

    @app.put(API + "/push/{sha}/{idx}")
    async def push_part(sha: str, idx: int, request: Request) -> dict[str, Any]:
        caller, body = await authed(request)
        return await run_in_threadpool(hub.put_part, caller, sha, idx, body)

    def wait_of(doc: dict[str, Any]) -> float | None:
        wait = doc.get("wait")
        if wait is None:
            return None  # an older client: the answer when the job is done
        if not isinstance(wait, (int, float)) or isinstance(wait, bool) or wait < 0:
            raise Refusal(400, "bad_request", "请求中的等待时间（wait）无效。")
        return min(float(wait), 60.0)

    async def outcome(kind: str, caller: Caller, key: str, fut: Future[Any], wait: float | None,
                      pending: str) -> Any:
        """The job's answer, or 202 `{"status": pending}` when it is not done within `wait` seconds."""
        waiting = asyncio.wrap_future(fut)
        try:
            if wait is None:
                result = await waiting
            else:
                result = await asyncio.wait_for(asyncio.shield(waiting), timeout=wait)
        except asyncio.TimeoutError:
            return JSONResponse({"status": pending}, status_code=202)
        except BaseException:
            hub.collected(kind, caller, key, fut)
            raise
        hub.collected(kind, caller, key, fut)
        return result

    @app.post(API + "/push/{sha}/finish")
    async def push_finish(sha: str, request: Request) -> Any:
        caller, body = await authed(request)
        wait = wait_of(json_of(body))
        fut = hub.job("import", caller, sha, hub.finish_push, caller, sha)
        return await outcome("import", caller, sha, fut, wait, "importing")

    @app.post(f"{API}/pull")
    async def pull(request: Request) -> Any:
        caller, body = await authed(request)
        doc = json_of(body)
        wait = wait_of(doc)
        key = str(doc.get("unit_code"))
        fut = hub.job("export", caller, key, hub.make_pull, caller, doc)
        return await outcome("export", caller, key, fut, wait, "preparing")

    @app.get(API + "/pull/{sha}")
    async def pull_bytes(sha: str, request: Request, offset: int = 0, length: int = MB) -> Response:
        caller, _body_bytes = await authed(request)
        data = await run_in_threadpool(hub.read_pull, caller, sha, max(0, offset), max(1, length))
        return Response(data, media_type="application/octet-stream")

    return app
