"""Sync with the parent's hub over HTTP(S) (issue #18): the same packages as on a USB stick, sent and fetched part
by part, each request signed with this installation's enrolment key (gridapp.sync.httpauth).

`HubClient.push()` writes the package for the parent (the same `SyncService.export`) into a spool folder
beside the database and sends it part by part; a transfer cut half-way resumes from the parts the hub holds
(the spooled bytes are sent again as they were, so the hub sees one package). `pull()` asks the hub for a
package of what this installation lacks, fetches it range by range into the spool (resumed the same way) and
imports it with the same `SyncService.import_bytes` as a USB package: a package that came both ways is
imported once. The hub's address is kept in the database (`hub_url`), set in 设置 or given with --hub.

Every failure is a `HubError` with a Chinese message: the hub down or the address wrong, a certificate that
does not match, a hub that is not this installation's parent, and each refusal the hub answers.
"""

from __future__ import annotations

import hashlib
import json
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select

from gridapp.core.errors import SyncError
from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.views import AsDict
from gridapp.db.database import Database
from gridapp.db.models import Meta, SyncPeer
from gridapp.sync import httpauth

from .sync import ImportResult, SyncService

HUB_URL_KEY = "hub_url"
LAST_RESULT_KEY = "hub_last_result"
PART_SIZE = 1024 * 1024
API = "/v1"
JOB_WAIT_S = 10  # how long the hub holds a finish or pull request for its job before answering "still at it"


class HubError(SyncError):
    """Syncing with the hub failed; what was fully imported stays, the rest resumes next time."""


def hub_url(db: Database) -> str | None:
    with db.read() as s:
        row = s.get(Meta, HUB_URL_KEY)
        return row.value if row and row.value else None


def check_url(url: str) -> str:
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HubError(f"同步中心地址“{url}”格式不对，应为 https://主机:端口 或 http://主机:端口。")
    return url


def set_hub_url(db: Database, url: str | None) -> str | None:
    value = check_url(url) if url and url.strip() else None
    with db.write() as s:
        s.merge(Meta(key=HUB_URL_KEY, value=value or ""))
    return value


def last_result(db: Database) -> dict[str, Any] | None:
    with db.read() as s:
        row = s.get(Meta, LAST_RESULT_KEY)
    try:
        return json.loads(row.value) if row and row.value else None
    except ValueError:
        return None


@dataclass
class HubSyncResult(AsDict):
    direction: str  # push | pull
    ok: bool = True
    message: str = ""
    bytes: int = 0
    resumed_from: int = 0  # bytes already at the other end when this transfer started
    package_id: str | None = None
    imported: dict[str, Any] | None = None  # the import's result (on the hub for a push, here for a pull)
    at: str = ""


@dataclass
class HubSyncReport:
    results: list[HubSyncResult] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return "\n".join(r.message for r in self.results)


class HubClient:
    """One installation talking to its parent's hub."""

    def __init__(self, db: Database, url: str | None = None, *, timeout: float = 30.0,
                 verify: bool | str = True, part_size: int = PART_SIZE,
                 transport: httpx.BaseTransport | None = None, principal: Any = None):
        self.db = db
        got = url or hub_url(db)
        if not got:
            raise HubError("尚未设置同步中心地址：请在“设置”中填写，或用 --hub 指定。")
        self.url = check_url(got)
        self.sync = SyncService(db, principal)
        self.part_size = part_size
        tls: bool | ssl.SSLContext = verify if isinstance(verify, bool) else True
        if isinstance(verify, str):  # a CA certificate (PEM) to check the hub's certificate against
            try:
                tls = ssl.create_default_context(cafile=verify)
            except (OSError, ssl.SSLError) as exc:
                raise HubError(f"无法读取 CA 证书文件“{verify}”：{_first_line(exc)}") from exc
        self._http = httpx.Client(base_url=self.url, timeout=timeout, verify=tls, transport=transport)
        self._checked = False

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------------
    @property
    def spool(self) -> Path:
        folder = Path(self.db.path).with_name(Path(self.db.path).name + ".hub")
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _parent(self) -> SyncPeer:
        with self.db.read() as s:
            peer = s.execute(select(SyncPeer).where(SyncPeer.role == "parent")).scalars().first()
        if peer is None:
            raise HubError("本机尚未与上级登记，不能通过同步中心同步。请先完成登记（sync request / accept）。")
        return peer

    def _request(self, method: str, path: str, *, body: bytes = b"", signed: bool = True,
                 params: dict[str, Any] | None = None) -> httpx.Response:
        target = API + path
        if params:
            target += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        for attempt in (1, 2):
            headers = {"content-type": "application/octet-stream"}
            if signed:  # signed anew for a second attempt (a new nonce: the first may have reached the hub)
                headers.update(httpauth.sign_request(self.sync.keys(), self.db.node_id, method, target, body))
            try:
                resp = self._send(method, target, body, headers)
                break
            except httpx.RemoteProtocolError as exc:
                # the hub closed a kept-alive connection as this request went out on it: sent again once (every
                # request of the protocol may be repeated: parts, finish and pull are idempotent)
                if attempt == 2:
                    raise HubError(f"与同步中心 {self.url} 的连接中断（{_first_line(exc)}）；已传完的部分会在下次同步时"
                                   "续传。") from exc
        if resp.status_code >= 400:
            try:
                doc = resp.json()
                message = doc.get("error") or ""
            except ValueError:
                doc, message = {}, ""
            if not message:
                message = (f"同步中心返回错误 {resp.status_code}。" if resp.status_code != 404 else
                           f"地址 {self.url} 不是网格工作台的同步中心（找不到接口）。")
            err = HubError(message)
            err.status = resp.status_code  # type: ignore[attr-defined]
            err.detail = doc  # type: ignore[attr-defined]
            raise err
        return resp

    def _send(self, method: str, target: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
        try:
            return self._http.request(method, target, content=body, headers=headers)
        except httpx.RemoteProtocolError:
            raise  # _request sends it again once
        except httpx.ConnectError as exc:
            if _is_tls(exc):
                raise HubError(f"同步中心 {self.url} 的证书与地址不符或不受信任（{_first_line(exc)}），已停止连接。"
                               "请核对地址，或请管理员检查中心的证书。本机照常工作。") from exc
            raise HubError(f"无法连接同步中心 {self.url}（网络不通、地址有误或中心未运行）。本机照常工作，"
                           "可稍后再点“立即同步”，或改用 U 盘交换同步包。") from exc
        except httpx.TimeoutException as exc:
            raise HubError(f"同步中心 {self.url} 响应超时，本次同步中断；已传完的部分会在下次同步时续传。") from exc
        except httpx.TransportError as exc:
            raise HubError(f"与同步中心 {self.url} 的连接中断（{_first_line(exc)}）；已传完的部分会在下次同步时续传。") from exc

    def _job(self, path: str, doc: dict[str, Any], progress: Progress, text: str) -> dict[str, Any]:
        """A request the hub answers when its job (an import, an export) is done: asked again while the hub says it
        is still at it (202), each time waiting at most JOB_WAIT_S there, well within the request timeout."""
        body = json.dumps({**doc, "wait": JOB_WAIT_S}).encode()
        while True:
            resp = self._request("POST", path, body=body)
            answer = resp.json()
            if resp.status_code != 202:
                return answer
            progress.step(0, 0, text)  # cancel: the hub finishes the job; the next sync collects its outcome

    def check_hub(self) -> dict[str, Any]:
        """The hub says who it is: it must be this installation's parent."""
        try:
            doc = self._request("GET", "/hello", signed=False).json()
        except ValueError as exc:
            raise HubError(f"地址 {self.url} 不是网格工作台的同步中心。") from exc
        if not isinstance(doc, dict) or doc.get("service") != "gridapp-hub":
            raise HubError(f"地址 {self.url} 不是网格工作台的同步中心。")
        parent = self._parent()
        if doc.get("node_id") != parent.node_id:
            raise HubError(f"同步中心 {self.url} 是 {doc.get('unit_name')}（{doc.get('unit_code')}）的，不是本机登记的上级"
                           f" {parent.unit_name}（{parent.unit_code}）：地址可能填错了，未同步。")
        max_part = doc.get("max_part")
        if isinstance(max_part, int) and 0 < max_part < self.part_size:
            self.part_size = max_part  # the hub's limit for one request
        self._checked = True
        return doc

    def _remember(self, result: HubSyncResult) -> None:
        from gridapp.services.sync import _now, local_time

        result.at = local_time(_now()) or ""
        with self.db.write() as s:
            s.merge(Meta(key=LAST_RESULT_KEY, value=json.dumps(result.as_dict(), ensure_ascii=False)))

    # -- push -----------------------------------------------------------------------------------
    def push(self, progress: Progress = NULL_PROGRESS) -> HubSyncResult:
        """Send this installation's changes to the hub (an unfinished earlier push is finished first)."""
        if not self._checked:
            self.check_hub()
        pending = sorted(self.spool.glob("push-*.gridpkg"))
        if pending:
            path = pending[0]
        else:
            parent = self._parent()
            tmp = self.spool / "export.tmp"
            self.sync.export(parent.unit_code, tmp)
            sha = hashlib.sha256(tmp.read_bytes()).hexdigest()
            path = self.spool / f"push-{sha}.gridpkg"
            tmp.replace(path)
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        result = HubSyncResult("push", bytes=len(data))
        start = self._request("POST", "/push", body=json.dumps(
            {"sha256": sha, "size": len(data), "part_size": self.part_size}).encode()).json()
        have = set(start.get("have") or [])
        n = int(start["parts"])
        result.resumed_from = sum(min(self.part_size, len(data) - i * self.part_size) for i in have)
        if start.get("status") != "imported":
            done = result.resumed_from
            for idx in range(n):
                progress.step(done, len(data), f"正在上传同步包：{done / 1024:.0f} / {len(data) / 1024:.0f} KB")
                if idx in have:
                    continue
                chunk = data[idx * self.part_size:(idx + 1) * self.part_size]
                self._request("PUT", f"/push/{sha}/{idx}", body=chunk)
                done += len(chunk)
            progress.step(len(data), len(data), "中心正在导入同步包……")
            try:
                end = self._job(f"/push/{sha}/finish", {}, progress, "中心正在导入同步包……")
            except HubError as exc:
                if getattr(exc, "status", 0) in (403, 413, 422):  # refused for good: not sent again as it is
                    path.unlink(missing_ok=True)
                    result.ok, result.message = False, f"推送被同步中心拒绝：{exc.message}"
                    self._remember(result)
                raise
        else:
            end = start
        path.unlink(missing_ok=True)
        imported = end.get("result") or {}
        result.imported = imported
        result.package_id = imported.get("package_id")
        resumed = f"（续传，此前已传 {result.resumed_from / 1024:.0f} KB）" if result.resumed_from else ""
        result.message = (f"已推送到同步中心{resumed}：{len(data) / 1024:.1f} KB。中心：" + (imported.get("summary") or ""))
        self._remember(result)
        return result

    # -- pull -----------------------------------------------------------------------------------
    def pull(self, progress: Progress = NULL_PROGRESS) -> HubSyncResult:
        """Fetch and import what the hub holds for this installation (an unfinished fetch resumes)."""
        if not self._checked:
            self.check_hub()
        state_path = self.spool / "pull.json"
        part_path = self.spool / "pull.part"
        state = None
        if state_path.exists():
            try:
                state = json.loads(state_path.read_text(encoding="utf-8"))
            except ValueError:
                state = None
        resumed = part_path.stat().st_size if state and part_path.exists() else 0
        data = None
        if state:
            try:
                data = self._fetch(state, part_path, progress)
            except HubError as exc:
                if getattr(exc, "status", 0) != 404:
                    raise
                data, resumed = None, 0  # the hub made a newer package since: ask again
        if data is None:
            part_path.unlink(missing_ok=True)
            unit = self.sync.identity().unit_code
            state = self._job("/pull", {"unit_code": unit}, progress, "中心正在准备同步包……")
            state_path.write_text(json.dumps(state), encoding="utf-8")
            data = self._fetch(state, part_path, progress)
        assert state is not None
        result = HubSyncResult("pull", bytes=len(data), resumed_from=resumed, package_id=state.get("package_id"))
        progress.step(len(data), len(data), "正在导入同步包……")
        res = ImportResult(path=f"{state.get('package_id')}.gridpkg")
        try:
            self.sync.import_bytes(data, res)
        finally:
            part_path.unlink(missing_ok=True)
            state_path.unlink(missing_ok=True)
        result.imported = res.as_dict()
        note = f"（续传，此前已收 {resumed / 1024:.0f} KB）" if resumed else ""
        result.message = f"已从同步中心拉取{note}：{len(data) / 1024:.1f} KB。" + res.summary()
        self._remember(result)
        return result

    def _fetch(self, state: dict[str, Any], part_path: Path, progress: Progress) -> bytes:
        size, sha = int(state["size"]), str(state["sha256"])
        have = part_path.stat().st_size if part_path.exists() else 0
        with part_path.open("ab") as fh:
            while have < size:
                progress.step(have, size, f"正在下载同步包：{have / 1024:.0f} / {size / 1024:.0f} KB")
                chunk = self._request("GET", f"/pull/{sha}",
                                      params={"offset": have, "length": self.part_size}).content
                if not chunk:
                    raise HubError("同步中心返回的同步包不完整，请稍后重试。")
                fh.write(chunk)
                fh.flush()
                have += len(chunk)
        data = part_path.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha:
            part_path.unlink(missing_ok=True)
            raise HubError("下载的同步包校验失败（传输中损坏），已丢弃，请重新同步。未写入任何数据。")
        return data

    def sync_now(self, progress: Progress = NULL_PROGRESS) -> HubSyncReport:
        """立即同步: push, then pull."""
        report = HubSyncReport()
        report.results.append(self.push(progress))
        report.results.append(self.pull(progress))
        return report


def _is_tls(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError) or "CERTIFICATE" in str(seen).upper() or "SSL" in str(seen).upper():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
