"""Sync use cases (DESIGN.md §4): enrolment, writing and importing packages, status and conflicts.

The scope rules live here; the engine below (`gridapp.sync`) is generic over tables:
- to the parent: every change the parent does not hold (per its acknowledgement) whose unit lies in this
  installation's subtree — its own changes and those relayed from below, with their original identities;
- to a child: only changes whose unit lies in the child's subtree or is one of its ancestors (the items
  that apply to it);
- from a child, a change outside the child's subtree is refused (items owned by a higher level change
  only there); from the parent, a change outside this installation's scope is refused.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import DatabaseError as SADatabaseError

from gridapp import __version__
from gridapp.core.errors import DatabaseError, NotFound, PackageError, SyncError
from gridapp.core.gcpause import gc_paused
from gridapp.core.hlc import ClockDriftError, physical_ms
from gridapp.core.ids import uuid7
from gridapp.core.localtime import ms_to_china, to_china
from gridapp.core.orgcode import ancestors, is_within, level_of, parent_code
from gridapp.core.permissions import Perm, Principal
from gridapp.core.views import AsDict
from gridapp.db.database import SCHEMA_HEAD, Database
from gridapp.db.models import (
    PHOTO_MODELS,
    SYNCED_MODELS,
    ChangeLog,
    EventPhoto,
    Meta,
    OrgUnit,
    SyncConflict,
    SyncNode,
    SyncPackageIn,
    SyncPartIn,
    SyncPeer,
    SyncSeal,
)
from gridapp.sync import knowledge as kn
from gridapp.sync import photos, seals
from gridapp.sync.changelog import (
    HEARD_KEY,
    ChangeWriter,
    answered,
    answers,
    came_home,
    lost_changes,
    mark_home,
    recovering,
    to_forward,
    waits_for,
    wanted_own,
)
from gridapp.sync.crypto import NodeKeys, fingerprint, verify
from gridapp.sync.merge import ApplyResult, apply_changes, table_info
from gridapp.sync.package import PART_SIZE, Package, canonical, encode_part, read_package, write_package

from . import departments, ownership
from .base import InstallationService

REQUEST_KIND = "gridapp-enrol-request"
CERT_KIND = "gridapp-enrol-cert"
TABLE_LABELS = {"org_unit": "单位", "building": "楼栋", "household": "户", "resident": "居民"}
FIELD_LABELS = {
    "name": "名称/姓名", "address": "地址", "phone": "联系电话", "floors": "层数", "kind": "类型", "note": "备注",
    "room": "房号", "household_no": "户号", "building_id": "所在楼栋", "household_id": "所在户",
    "id_number": "公民身份号码", "former_name": "曾用名", "gender": "性别", "birth_date": "出生日期",
    "ethnicity": "民族", "native_place": "籍贯", "marital_status": "婚姻状况", "political_status": "政治面貌",
    "education": "学历", "religion": "宗教信仰", "occupation_category": "职业类别", "occupation": "职业",
    "workplace": "服务处所", "registered_region": "户籍地", "registered_address": "户籍详址",
    "current_region": "现住地", "current_address": "现住详址", "resident_type": "人口类型",
    "relation_to_head": "与户主关系", "status": "状态", "status_date": "状态日期", "level": "层级",
    "parent_code": "上级单位", "code": "单位编码",
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def local_time(value: dt.datetime | None) -> str | None:
    """A stored UTC time as Beijing local time for people."""
    return to_china(value)


def hlc_time(hlc: int) -> str:
    """An HLC as Beijing local time for people."""
    return ms_to_china(physical_ms(hlc))


def kinds_text(counts: dict[str, int]) -> str:
    return "，".join(f"{TABLE_LABELS.get(t, t)} {n}" for t, n in sorted(counts.items()) if n) or "无"


@dataclass
class Identity(AsDict):
    node_id: str
    unit_code: str
    unit_name: str
    fingerprint: str


@dataclass
class EnrolResult(AsDict):
    node_id: str
    unit_code: str
    unit_name: str
    fingerprint: str        # the other side's fingerprint, to compare with its screen
    own_fingerprint: str
    path: str | None = None


@dataclass
class ExportResult(AsDict):
    path: str
    package_id: str
    to_unit: str
    to_node: str
    changes: int
    parts: int
    bytes: int
    by_table: dict[str, int]
    photos: int = 0  # photo bytes carried (thumbnails and full images)

    def summary(self) -> str:
        extra = f"，照片 {self.photos} 项" if self.photos else ""
        return (f"已为 {self.to_unit} 写出同步包 {Path(self.path).name}：{self.changes} 条变更"
                f"（{kinds_text(self.by_table)}）{extra}，{self.parts} 段，{self.bytes / 1024:.1f} KB。")


# what an import's summary adds for each of these fields when it is not zero (or empty), in this order
_IMPORT_NOTES = (
    ("conflicts", "，发现冲突 {} 处（请到“冲突”中处理）"),
    ("refused", "；拒收越权变更 {} 条（上级单位管理的事项只能由上级修改）"),
    ("photos", "，照片 {} 项"),
    ("photos_refused", "；拒收照片 {} 项（本机没有对应的照片记录或内容与记录不符）"),
    ("parts_skipped", "；续传：跳过此前已完成的 {} 段"),
    ("anchor_note", "；{}"),
)


@dataclass
class ImportResult:
    path: str
    status: str = "refused"  # imported | already | refused
    message: str = ""
    package_id: str | None = None
    from_unit: str | None = None
    changes: int = 0
    new: int = 0
    refused: int = 0
    conflicts: int = 0
    rows_created: int = 0
    rows_changed: int = 0
    parts: int = 0
    parts_skipped: int = 0
    by_table: dict[str, int] = field(default_factory=dict)
    anchor_note: str = ""  # a problem with the audit chain head the package carries
    refused_parts: int = 0  # parts refused whole (a change the sender may not make): nothing of them written
    part_reasons: list[str] = field(default_factory=list)
    photos: int = 0  # photo bytes stored (thumbnails and full images)
    photos_refused: int = 0  # photo bytes no record held here names (or not matching their hash): dropped

    def summary(self) -> str:
        name = Path(self.path).name
        if self.status == "refused":
            return f"{name}：未导入。{self.message}"
        if self.status == "already":
            return f"{name}：此前已导入过（来自 {self.from_unit}），本次没有改动。"
        text = (f"{name}：已导入来自 {self.from_unit} 的 {self.changes} 条变更，其中新变更 {self.new} 条"
                f"（{kinds_text(self.by_table)}），新增记录 {self.rows_created} 条，更新记录 {self.rows_changed} 条")
        text += "".join(note.format(getattr(self, name)) for name, note in _IMPORT_NOTES if getattr(self, name))
        if self.refused_parts:
            text += (f"；拒收 {self.refused_parts} 段（该段未写入任何数据，此包保持未完成）：" + "；".join(self.part_reasons))
        return text + "。"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "summary": self.summary()}


@dataclass
class PeerStatus:
    node_id: str
    unit_code: str
    unit_name: str
    role: str
    fingerprint: str
    last_export_at: str | None
    last_import_at: str | None
    pending: dict[str, int]

    @property
    def pending_total(self) -> int:
        return sum(self.pending.values())


@dataclass
class SyncStatus(AsDict):
    identity: Identity
    peers: list[PeerStatus]
    open_conflicts: int
    event_anomalies: int = 0  # offline event steps that contradict the merged timeline (see `anomalies`)


@dataclass
class ConflictInfo(AsDict):
    id: int
    table: str
    row_id: str
    field: str
    value_a: Any
    time_a: str
    node_a: str
    unit_a: str | None
    value_b: Any
    time_b: str
    node_b: str
    unit_b: str | None
    current: Any
    resolved: bool
    label: str = ""
    field_label: str = ""
    masked: bool = False  # the values are masked like the lists: resolve by side (`take`), not by value


DEPARTMENT_KEY = "department"  # meta: the department a department's installation serves
PHOTOS_WANTED = "photos_wanted:"  # meta key prefix: the photo bytes a peer said it lacks (its newest package)
ACKED_AT = "acked_hlc:"  # meta key prefix: the clock of the package whose knowledge a peer's `acked` holds
WANT_AT = "wants_own:"  # meta key prefix: the peer's own rolled-back changes it still wants back (its newest package)


class SyncService(InstallationService):
    """Sync for the whole installation. With a signed-in user (`principal`) every act needs the sync
    permission and a user whose unit covers the installation's unit (a package carries the whole subtree);
    writing and importing packages are recorded in the audit log."""

    def __init__(self, db: Database, principal: Principal | None = None, *,
                 anomalies: Callable[[Database, str], list[Any]] | None = None):
        """`anomalies(db, unit)`: the offline event steps that contradict the merged timeline in the unit's scope
        (services.events.installation_anomalies; given by the session, the area services being independent of
        each other): listed with the conflicts."""
        super().__init__(db, principal)
        self._anomalies = anomalies

    def _guard(self, *extra: Perm) -> None:
        if self.principal.is_system:
            return
        for perm in (Perm.SYNC, *extra):
            self.principal.require(perm)
        code, _ = self._unit()
        self.principal.require_scope(code, "本机单位")

    def _audit(self, action: str, detail: dict[str, Any]) -> None:
        if not self.principal.is_system:
            from .audit import AuditService

            AuditService(self.db, self.principal).log(action, detail={"sync": True, **detail})

    # -- identity and keys ----------------------------------------------------------------------
    def keys(self) -> NodeKeys:
        """This installation's keys, made the first time they are needed."""
        with self.db.read() as s:
            got = {m.key: m.value for m in s.execute(select(Meta).where(
                Meta.key.in_(["sync_sign_key", "sync_box_key"]))).scalars()}
        if len(got) == 2:
            return NodeKeys(got["sync_sign_key"], got["sync_box_key"])
        keys = NodeKeys.generate()
        with self.db.write() as s:
            if s.get(Meta, "sync_sign_key") is None:
                s.add(Meta(key="sync_sign_key", value=keys.sign_priv))
                s.add(Meta(key="sync_box_key", value=keys.box_priv))
            else:  # another writer made them first
                return NodeKeys(s.get(Meta, "sync_sign_key").value, s.get(Meta, "sync_box_key").value)
        return keys

    def _unit(self) -> tuple[str, str]:
        with self.db.read() as s:
            meta = s.get(Meta, "unit_code")
            if meta is None:
                raise SyncError("本机尚未初始化单位，请先设置本单位（init），再进行同步。")
            name = s.execute(select(OrgUnit.name).where(OrgUnit.code == meta.value)).scalar() or meta.value
            return meta.value, name

    def identity(self) -> Identity:
        code, name = self._unit()
        return Identity(self.db.node_id, code, name, self.keys().fingerprint)

    # -- enrolment ------------------------------------------------------------------------------
    def _signed_file(self, body: dict[str, Any], keys: NodeKeys) -> bytes:
        return json.dumps({"body": body, "sig": keys.sign(canonical(body)).hex()}, ensure_ascii=False,
                          indent=1).encode()

    @staticmethod
    def _read_signed(path: Path | str, kind: str, what: str) -> dict[str, Any]:
        try:
            doc = json.loads(Path(path).read_bytes())
            body, sig = doc["body"], bytes.fromhex(doc["sig"])
            if not isinstance(body, dict) or body.get("kind") != kind:
                raise ValueError
            pub_owner = body if kind == REQUEST_KIND else body["parent"]
            if not verify(pub_owner["sign_pub"], sig, canonical(body)):
                raise PackageError(f"{what}签名无效（文件被改动过），已拒绝。")
            return body
        except OSError as exc:
            raise PackageError(f"无法读取{what}“{path}”：{exc.strerror or exc}") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise PackageError(f"“{path}”不是有效的{what}。") from exc

    def department(self) -> str | None:
        """The department this installation serves (a department's own installation, 部门终端), or None."""
        with self.db.read() as s:
            row = s.get(Meta, DEPARTMENT_KEY)
            return row.value if row is not None else None

    def make_request(self, out: Path | str, *, department: str | None = None) -> EnrolResult:
        """Write this installation's enrolment request for its parent level; with `department`, for the office
        of its own unit as that department's installation (it then receives only what is dispatched to the
        department and sends back only its handling of it)."""
        self._guard()
        code, name = self._unit()
        dept = (department or "").strip() or self.department()
        if dept:
            if len(dept) > 50:
                raise SyncError("部门名称不能超过 50 个字。")
            with self.db.write() as s:
                s.merge(Meta(key=DEPARTMENT_KEY, value=dept))
        elif parent_code(code) is None:
            raise SyncError("市级单位没有上级，无需登记。")
        keys = self.keys()
        body = {"kind": REQUEST_KIND, "version": 1, "node_id": self.db.node_id, "unit_code": code,
                "unit_name": name, "level": level_of(code).value, "sign_pub": keys.sign_pub,
                "box_pub": keys.box_pub, "app_version": __version__}
        if dept:
            body["department"] = dept
        Path(out).write_bytes(self._signed_file(body, keys))
        return EnrolResult(self.db.node_id, code, name, keys.fingerprint, keys.fingerprint, str(out))

    def enrol(self, request: Path | str, out: Path | str) -> EnrolResult:
        """Parent level: accept a child's request and write the certificate file it imports."""
        self._guard()
        req = self._read_signed(request, REQUEST_KIND, "登记申请文件")
        code, name = self._unit()
        child = req["unit_code"]
        dept = req.get("department")
        if dept is not None:
            return self._enrol_department(req, out, code, name)
        if parent_code(child) != code:
            raise SyncError(f"申请登记的单位 {req['unit_name']}（{child}）不是本单位 {name}（{code}）的直接下级，"
                            "不能在本机登记。")
        return self._certify(req, out, code, name, child, req["unit_name"], "child", {})

    def _enrol_department(self, req: dict[str, Any], out: Path | str, code: str, name: str) -> EnrolResult:
        """The office enrols a department's installation of its own unit (role "department")."""
        dept = req["department"]
        if not isinstance(dept, str) or not dept.strip() or len(dept) > 50:
            raise SyncError("登记申请中的部门名称无效。")
        if req["unit_code"] != code:
            raise SyncError(f"部门终端 {dept} 属于单位 {req['unit_code']}，不是本单位 {name}（{code}），不能在本机登记。")
        return self._certify(req, out, code, name, code, dept, "department", {"department": dept})

    def _certify(self, req: dict[str, Any], out: Path | str, code: str, name: str, peer_unit: str,
                 peer_name: str, role: str, extra: dict[str, Any]) -> EnrolResult:
        """Record the requesting node as a peer (`role` child | department, of unit `peer_unit`) and write its
        enrolment certificate, signed by this unit (`code`, `name`), to `out`; `extra` goes into the body."""
        if req["node_id"] == self.db.node_id:
            raise SyncError("不能登记本机自己。")
        keys = self.keys()
        fp = fingerprint(req["sign_pub"], req["box_pub"])
        now = _now()
        with self.db.write() as s:
            s.merge(SyncPeer(node_id=req["node_id"], unit_code=peer_unit, unit_name=peer_name, role=role,
                             sign_pub=req["sign_pub"], box_pub=req["box_pub"], fingerprint=fp,
                             enrolled_at=now, acked={}))
            s.merge(SyncNode(node_id=req["node_id"], unit_code=peer_unit, sign_pub=req["sign_pub"]))
        body = {"kind": CERT_KIND, "version": 1, "issued": now.isoformat(), **extra,
                "parent": {"node_id": self.db.node_id, "unit_code": code, "unit_name": name,
                           "sign_pub": keys.sign_pub, "box_pub": keys.box_pub},
                "child": {"node_id": req["node_id"], "unit_code": peer_unit, "sign_pub": req["sign_pub"],
                          "box_pub": req["box_pub"]}}
        Path(out).write_bytes(self._signed_file(body, keys))
        return EnrolResult(req["node_id"], peer_unit, peer_name, fp, keys.fingerprint, str(out))

    def accept(self, cert: Path | str) -> EnrolResult:
        """Child: import the parent's certificate; from then on the two trust each other's packages."""
        self._guard()
        body = self._read_signed(cert, CERT_KIND, "登记证书文件")
        code, _ = self._unit()
        keys = self.keys()
        child, parent = body["child"], body["parent"]
        if child["node_id"] != self.db.node_id or child["sign_pub"] != keys.sign_pub \
                or child["box_pub"] != keys.box_pub:
            raise SyncError("该登记证书不是为本机签发的（节点或密钥不符），已拒绝。")
        mine = self.department()
        if mine is not None or body.get("department") is not None:
            if body.get("department") != mine or parent["unit_code"] != code:
                raise SyncError(f"该证书不是本单位 {code} 的综治中心为本部门终端（{mine or '未设置部门'}）签发的，已拒绝。")
        elif parent["unit_code"] != parent_code(code):
            raise SyncError(f"证书签发单位 {parent['unit_code']} 不是本单位 {code} 的上级，已拒绝。")
        fp = fingerprint(parent["sign_pub"], parent["box_pub"])
        with self.db.write() as s:
            for old in s.execute(select(SyncPeer).where(SyncPeer.role == "parent")).scalars():
                if old.node_id != parent["node_id"]:
                    s.delete(old)  # a replaced parent installation: trust only the new one
            s.merge(SyncPeer(node_id=parent["node_id"], unit_code=parent["unit_code"],
                             unit_name=parent["unit_name"], role="parent", sign_pub=parent["sign_pub"],
                             box_pub=parent["box_pub"], fingerprint=fp, enrolled_at=_now(), acked={}))
            s.merge(SyncNode(node_id=parent["node_id"], unit_code=parent["unit_code"], sign_pub=parent["sign_pub"]))
        return EnrolResult(parent["node_id"], parent["unit_code"], parent["unit_name"], fp, keys.fingerprint)

    # -- peers and scope ------------------------------------------------------------------------
    def peers(self) -> list[SyncPeer]:
        with self.db.read() as s:
            return list(s.execute(select(SyncPeer).order_by(SyncPeer.role.desc(), SyncPeer.unit_code)).scalars())

    def _peer_for(self, unit_code: str) -> SyncPeer:
        with self.db.read() as s:
            # a unit code names its parent or child; a department's installation (same unit as this one) is named
            # by its node id or its department's name
            peer = s.execute(select(SyncPeer).where(or_(
                and_(SyncPeer.unit_code == unit_code, SyncPeer.role != "department"), SyncPeer.node_id == unit_code,
                and_(SyncPeer.role == "department", SyncPeer.unit_name == unit_code)))
                .order_by(SyncPeer.enrolled_at.desc())).scalars().first()
        if peer is None:
            raise SyncError(f"单位 {unit_code} 不是已登记的上级或下级，不能为它导出同步包。请先完成登记。")
        return peer

    def _export_scope(self, s: Any, peer: SyncPeer, own: str) -> Any:
        if peer.role == "department":
            return departments.export_scope(s, own, peer.unit_name)
        if peer.role == "parent" and self.department() is not None:
            return departments.upward_scope(self.db.node_id)
        if peer.role == "parent":
            # our own writes outside our subtree go up too, so the parent refuses them visibly; only
            # changes made in this subtree go up (those from above came from the parent), and the parent's
            # own changes it says it lacks: after restoring a backup it gets back those it had sent only
            # down (the parent's acknowledgement of its own changes is otherwise all it made)
            return or_(and_(or_(kn.unit_filter([own]), ChangeLog.node_id == self.db.node_id),
                            ChangeLog.node_id.in_(list(self._subtree_nodes(s, own)))),
                       ChangeLog.node_id == peer.node_id)
        up_only = [t for t, m in SYNCED_MODELS.items() if not getattr(m, "__sync_down__", True)]
        return and_(kn.unit_filter([peer.unit_code], ancestors(peer.unit_code)),
                    ChangeLog.table_name.notin_(up_only))

    def _accepts(self, peer: SyncPeer, own: str) -> Callable[[str], bool]:
        if peer.role in ("child", "department"):
            return lambda unit: is_within(unit, peer.unit_code)
        above = set(ancestors(own))
        return lambda unit: is_within(unit, own) or unit in above

    def _subtree_nodes(self, s: Any, own: str) -> dict[str, str]:
        nodes = {n.node_id: n.unit_code for n in s.execute(select(SyncNode)).scalars()
                 if is_within(n.unit_code, own)}
        nodes[self.db.node_id] = own
        return nodes

    def _withhold_unheld(self, s: Any, changes: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, int]]:
        """Relayed changes are judged against the rows this node holds before they go up.

        Whether a change may be made can only be judged against its row (the owner), and a child may have
        written a unit code of its own into a change of a row owned elsewhere that this node did not hold when
        the change came (it was kept in the log, unapplied). Relayed unjudged, it would make the parent refuse
        this node's parts. So a relayed change to a row held here under another owner is foreign and never goes
        up (it was never applied here either); one to a row not held yet stays here, and the package's range
        for its origin stops below it, so the parent gets it once this node holds the row and has judged it.
        Returns the changes to send and, per origin, the highest sequence the range may give."""
        own = self.db.node_id
        wanted: dict[str, set[str]] = {}
        for c in changes:
            if c["node_id"] != own and c["table_name"] in SYNCED_MODELS:
                wanted.setdefault(c["table_name"], set()).add(c["row_id"])
        if not wanted:
            return changes, {}
        held: dict[tuple[str, str], str] = {}
        for table, ids in wanted.items():
            model = SYNCED_MODELS[table]
            id_list = list(ids)
            for i in range(0, len(id_list), 500):
                held.update(((table, r), u) for r, u in s.execute(select(model.id, model.unit_code).where(
                    model.id.in_(id_list[i:i + 500]))).tuples())
        out: list[dict[str, Any]] = []
        caps: dict[str, int] = {}
        for c in changes:
            if c["node_id"] != own and c["table_name"] in wanted:
                unit = held.get((c["table_name"], c["row_id"]))
                if unit is not None and unit != c["unit_code"]:
                    continue  # foreign: not applied here, not sent on
                if unit is None and c["op"] != "insert":
                    caps[c["node_id"]] = min(caps.get(c["node_id"], c["node_seq"]), c["node_seq"] - 1)
                    continue
            out.append(c)
        return out, caps

    # -- origin seals ---------------------------------------------------------------------------
    def _relayed_seals(self, s: Any, changes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """The stored seals covering the changes of other origins in an upward package."""
        spans: dict[str, list[int]] = {}
        for c in changes:
            if c["node_id"] != self.db.node_id:
                lo_hi = spans.setdefault(c["node_id"], [c["node_seq"], c["node_seq"]])
                lo_hi[0] = min(lo_hi[0], c["node_seq"])
                lo_hi[1] = max(lo_hi[1], c["node_seq"])
        out = []
        for node, (lo, hi) in spans.items():
            for seal in s.execute(select(SyncSeal).where(SyncSeal.node_id == node, SyncSeal.seq_to >= lo,
                                                         SyncSeal.seq_from <= hi)).scalars():
                out.append(seals.to_wire(seal.node_id, seal.seq_from, seal.seq_to, seal.hashes, seal.sig))
        return out

    def _check_seals(self, pkg: Package, peer: SyncPeer) -> tuple[list[Any], dict[str, str], dict[str, str]]:
        """Every change from a child must match a seal signed by the installation that made it.

        A node id is bound to the key it was first enrolled or registered with: the manifest may register a
        key only for a node this installation does not know yet (or knows without a key) whose unit lies in
        the sender's subtree, never for this installation itself, the sender, or a node already holding a key.

        Returns the parsed seals, the signing keys to store and the unit of every origin the child may speak
        for; PackageError (nothing written) otherwise.
        """
        m = pkg.manifest
        own = self.db.node_id
        with self.db.read() as s:
            directory = {n.node_id: n for n in s.execute(select(SyncNode)).scalars()}
        # this installation's own changes may come back from a child only after a restore, each exactly as it
        # was made here (`_check_own` below): a child cannot speak for this node otherwise
        units = {n: d.unit_code for n, d in directory.items()}
        units[own] = self._unit()[0]
        claimed = m.get("nodes") or {}
        if not isinstance(claimed, dict):
            claimed = {}
        for n, u in claimed.items():
            if n not in units and isinstance(u, str) and is_within(u, peer.unit_code):
                units[n] = u  # a node first seen: placed where the sender says, inside its own subtree only
        signers = {peer.node_id: peer.sign_pub}
        keys = m.get("keys") or {}
        for node, key in (keys.items() if isinstance(keys, dict) else ()):
            if node in signers or node == own or not isinstance(key, str) \
                    or not is_within(units.get(node, "-"), peer.unit_code):
                continue
            known = directory.get(node)
            signers[node] = known.sign_pub if known is not None and known.sign_pub else key
        try:
            parsed = [seals.from_wire(x) for x in m.get("seals") or []]
        except ValueError as exc:
            raise PackageError("同步包中的原始签名无法解析，未写入任何数据。") from exc
        for seal in parsed:
            key = signers.get(seal[0])
            if key is None or not seals.check_seal(seal, key):
                raise PackageError(f"同步包中节点 {seal[0]} 的原始签名无效或无法核实，未写入任何数据。")
        sealed = seals.index(parsed)
        mine = self.db.node_id
        own_changes = [c for part in pkg.parts for c in part if c["node_id"] == mine]
        if own_changes:
            self._check_own(own_changes)
        for part in pkg.parts:
            for c in part:
                if c["node_id"] == mine:
                    continue
                if sealed.get((c["node_id"], c["node_seq"])) != seals.change_hash(c):
                    raise PackageError(
                        f"同步包中有变更（节点 {c['node_id']}，序号 {c['node_seq']}）与制作它的单位的原始签名不符，"
                        "可能在转发途中被改动。未写入任何数据。")
        origins = {n: u for n, u in units.items() if n != own and is_within(u, peer.unit_code)}
        if own_changes:  # checked to be exactly ours: judged as made here
            origins[own] = units[own]
        new_keys = {n: k for n, k in signers.items()
                    if n != peer.node_id and (directory.get(n) is None or not directory[n].sign_pub)}
        return parsed, new_keys, origins

    # -- the audit chain's anchor at the parent ------------------------------------------------------
    def _anchor_fields(self, peer: SyncPeer, keys: NodeKeys) -> dict[str, Any]:
        """Up: this node's signed audit chain head; down: the child's last head this node keeps (signed by it)."""
        from .audit import HEAD_KEY, chain_anchor, head_bytes

        with self.db.read() as s:
            if peer.role == "parent":
                head = chain_anchor(s, self.db.node_id)
                if head is None:
                    return {}
                return {"audit_head": {**head, "sig": keys.sign(head_bytes(head)).hex()}}
            row = s.get(Meta, f"{HEAD_KEY}{peer.node_id}")
            return {"audit_ack": json.loads(row.value)} if row is not None else {}

    def _take_anchor(self, s: Any, peer: SyncPeer, m: dict[str, Any], res: ImportResult, own_pub: str) -> None:
        """From a child: keep its signed head if it extends the one kept before (checked against the child's
        audit rows held here); from the parent: keep the head of our own chain it acknowledges."""
        from .audit import ACKED_KEY, HEAD_KEY, extends, head_bytes

        key, field_ = (HEAD_KEY + peer.node_id, "audit_head") if peer.role == "child" else (ACKED_KEY, "audit_ack")
        head = m.get(field_)
        if not isinstance(head, dict):
            return
        node = peer.node_id if peer.role == "child" else self.db.node_id
        signer = peer.sign_pub if peer.role == "child" else own_pub
        try:
            if head.get("node") != node or not isinstance(head.get("count"), int) or not isinstance(
                    head.get("hash"), str) or not verify(signer, bytes.fromhex(head["sig"]), head_bytes(head)):
                raise ValueError
        except (KeyError, TypeError, ValueError):
            res.anchor_note = "同步包中的审计链头签名无效，已忽略。"
            return
        old_row = s.get(Meta, key)
        old = json.loads(old_row.value) if old_row is not None else None
        if peer.role == "child" and old is not None and old["hash"] != head["hash"]:
            linked = extends(s, node, head["hash"], old["hash"])
            if linked is None:
                return  # the head's row is not here yet: keep the older head for now
            if not linked:
                res.anchor_note = (f"下级 {peer.unit_name}（{peer.unit_code}）的审计日志链头不再包含本机此前确认的第 "
                                   f"{old['count']} 条记录：其审计日志可能被删改，仍保留原确认。")
                return
        s.merge(Meta(key=key, value=json.dumps(head, sort_keys=True)))

    def _check_own(self, changes: Sequence[dict[str, Any]]) -> None:
        """This installation's own changes coming back from a child (after a restore) must be exactly ones it
        had made: one it rolled back (its hash kept at the restore), or one it still holds."""
        with self.db.read() as s:
            lost = lost_changes(s)
            seqs = [c["node_seq"] for c in changes if c["node_seq"] not in lost]
            held = set(s.execute(select(ChangeLog.node_seq).where(
                ChangeLog.node_id == self.db.node_id, ChangeLog.node_seq.between(min(seqs), max(seqs)))).scalars()) \
                if seqs else set()
        for c in changes:
            seq = c["node_seq"]
            genuine = lost[seq] == seals.change_hash(c).hex() if seq in lost else seq in held
            if not genuine:
                raise PackageError(
                    f"同步包中有本机自己的变更（序号 {seq}）与本机制作时不符，可能在转发途中被改动。未写入任何数据。")

    # -- export ---------------------------------------------------------------------------------
    def export(self, to_unit: str, out: Path | str) -> ExportResult:
        self._guard(Perm.EXPORT)
        own, own_name = self._unit()
        peer = self._peer_for(to_unit)
        keys = self.keys()
        with self.db.read() as s:
            old_photos = photos.old_photos_pending(s)
        if old_photos:  # once after the upgrade: the photos from before 0018c join the change log
            with self.db.write() as s:
                photos.log_old_photos(self.db, s)
        with self.db.read() as s:
            nodes = self._subtree_nodes(s, own)
            scope = self._export_scope(s, peer, own)
            changes = kn.select_changes(s, dict(peer.acked or {}), scope)
            changes = self._with_strays(s, peer, scope, changes)
            if peer.role == "department":
                changes = departments.with_history(s, own, peer.unit_name, changes)
            local = kn.knowledge(s)
            said = dict(local)  # the knowledge the package states
            # the clock of the receiver's newest package imported here: that receiver, recovering from a
            # restore, takes this package as its answer only if it was built after hearing from it again
            heard = s.get(Meta, f"{ACKED_AT}{peer.node_id}")
            want = wanted_own(s, self.db.node_id)  # rolled back by a restore and not back yet
            back = recovering(s)
            if back is not None and waits_for(s, peer.node_id, peer.role):
                # after a restore: ask the parent and the children for our rolled-back changes
                said[self.db.node_id] = min(said.get(self.db.node_id, 0), back[0])
            wire_seals: list[dict[str, Any]] = []
            signers: dict[str, str] = {}
            upto = dict(local)  # the knowledge the package's ranges give
            if peer.role == "parent":
                changes, caps = self._withhold_unheld(s, changes)
                for o, n in caps.items():
                    upto[o] = min(upto.get(o, 0), n)
                wire_seals += seals.make_seals(keys, self.db.node_id, changes)
                wire_seals += self._relayed_seals(s, changes)
                signers = {n.node_id: n.sign_pub for n in s.execute(select(SyncNode)).scalars()
                           if n.sign_pub and n.node_id in nodes}
            asked = s.get(Meta, f"{PHOTOS_WANTED}{peer.node_id}")
            blob_parts = photos.build(s, photos.photo_hashes(changes),
                                      photos.parse_wanted(json.loads(asked.value)) if asked is not None else [],
                                      self._photo_scope(s, peer, own))
            photos_wanted = photos.wanted(s)
        allowed = nodes if peer.role == "parent" else None
        ranges = kn.ranges_for(upto, dict(peer.acked or {}), allowed)
        own_range = ranges.get(self.db.node_id)
        if back is not None and own_range is not None:
            # until every peer has sent back our rolled-back changes, we do not say the receiver holds our
            # changes beyond the backup: one that comes home later must still reach it
            own_range[1] = min(own_range[1], back[0])
            if own_range[1] <= own_range[0]:
                del ranges[self.db.node_id]
        by_table: dict[str, int] = {}
        for c in changes:
            by_table[c["table_name"]] = by_table.get(c["table_name"], 0) + 1
        chunks = [changes[i:i + PART_SIZE] for i in range(0, len(changes), PART_SIZE)]
        parts = [encode_part(ch) for ch in chunks]
        manifest = {"package_id": uuid7(), "from_node": self.db.node_id, "from_unit": own,
                    "from_name": own_name, "to_node": peer.node_id, "to_unit": peer.unit_code,
                    "direction": "up" if peer.role == "parent" else "down", "app_version": __version__,
                    "schema_rev": SCHEMA_HEAD, "created": _now().isoformat(), "created_hlc": self.db.hlc.now(),
                    "knowledge": said, "ranges": ranges,
                    "your_own": dict(peer.acked or {}).get(peer.node_id, 0),
                    "your_stamp": int(heard.value) if heard is not None else 0,
                    "want_own": want,
                    "nodes": nodes if peer.role == "parent" else {}, "tables": by_table,
                    "seals": wire_seals, "keys": signers, "photos_wanted": photos_wanted}
        manifest.update(self._anchor_fields(peer, keys))
        data = write_package(keys, peer.box_pub, manifest, parts, [len(ch) for ch in chunks], blob_parts)
        path = Path(out)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        now = _now()
        with self.db.write() as s:
            p = s.get(SyncPeer, peer.node_id)
            p.last_export_at = now
            s.merge(Meta(key="last_sync_at", value=now.isoformat(timespec="seconds")))
        self._audit("export", {"package": manifest["package_id"], "to": peer.unit_code, "changes": len(changes)})
        return ExportResult(str(path), manifest["package_id"], peer.unit_code, peer.node_id, len(changes),
                            len(parts), len(data), by_table, sum(len(items) for _, items in blob_parts))

    def _photo_scope(self, s: Any, peer: SyncPeer, own: str) -> Callable[[str], bool]:
        """Whether `peer` may receive the bytes of a photo (by hash): a record of it lies in what it receives."""
        if peer.role == "parent":
            return lambda _sha: True
        if peer.role == "department":
            events = departments.dispatched(s, own, peer.unit_name)
            return lambda sha: any(e in events for e in s.execute(select(EventPhoto.event_id).where(
                EventPhoto.sha256 == sha, EventPhoto.deleted.is_(False))).scalars())
        above = set(ancestors(peer.unit_code))

        def may_see(sha: str) -> bool:
            for model in PHOTO_MODELS:  # an event's photo, or a visit's or 八小工程 record's
                units = s.execute(select(model.unit_code).where(model.sha256 == sha, model.deleted.is_(False))).scalars()
                if any(is_within(u, peer.unit_code) or u in above for u in units):
                    return True
            return False

        return may_see

    def _with_strays(self, s: Any, peer: SyncPeer, scope: Any, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """`changes` plus, whatever the acknowledgements say: the receiver's own changes it wants back (rolled
        back by a restore, its packages' `want_own`) that this node holds, and this node's own rolled-back
        changes that came home after the receiver was told they were held (`to_forward`). A package made before
        a restore and imported late can leave such a change at one node only; this brings it back round."""
        row = s.get(Meta, f"{WANT_AT}{peer.node_id}")
        wanted = [(peer.node_id, q) for q in (json.loads(row.value) if row is not None else [])]
        wanted += [(self.db.node_id, q) for q in to_forward(s, peer.node_id)]
        if not wanted:
            return changes
        have = {(c["node_id"], c["node_seq"]) for c in changes}
        extra = []
        for node in {n for n, _ in wanted}:
            seqs = [q for n, q in wanted if n == node and (n, q) not in have]
            for i in range(0, len(seqs), 500):
                rows = s.execute(select(*kn.COLS).where(ChangeLog.node_id == node,
                                                        ChangeLog.node_seq.in_(seqs[i:i + 500]), scope)).tuples()
                extra.extend(dict(zip(kn.KEYS, r, strict=True)) for r in rows)
        if not extra:
            return changes
        return sorted([*changes, *extra], key=lambda c: (c["hlc"], c["node_id"], c["node_seq"]))

    # -- import ---------------------------------------------------------------------------------
    def read(self, data: bytes) -> Package:
        keys = self.keys()
        with self.db.read() as s:
            signers = {p.node_id: p.sign_pub for p in s.execute(select(SyncPeer)).scalars()}
        return read_package(data, keys, self.db.node_id, signers.get)

    def import_files(self, paths: Sequence[Path | str], *,
                     _crash_after_part: int | None = None) -> list[ImportResult]:
        """Import several packages, each on its own; one refused package does not stop the others."""
        self._guard(Perm.IMPORT)
        results = []
        for path in paths:
            res = ImportResult(path=str(path))
            try:
                try:
                    data = Path(path).read_bytes()
                except OSError as exc:
                    raise PackageError(f"无法读取文件：{exc.strerror or exc}") from exc
                self.import_bytes(data, res, _crash_after_part=_crash_after_part)
            except SyncError as exc:  # PackageError included
                res.status, res.message = "refused", exc.message
            results.append(res)
        self._audit("import", {"packages": [{"status": r.status, "path": Path(r.path).name} for r in results]})
        return results

    def import_bytes(self, data: bytes, res: ImportResult | None = None, *,
                     _crash_after_part: int | None = None) -> ImportResult:
        # a package decodes into a few hundred thousand small dicts and lists, none of them cyclic: the
        # cyclic garbage collector would walk them again and again while they live (a tenth of the time)
        with gc_paused():
            return self._import_bytes(data, res, _crash_after_part=_crash_after_part)

    def _import_bytes(self, data: bytes, res: ImportResult | None, *,
                      _crash_after_part: int | None) -> ImportResult:
        res = res or ImportResult(path="")
        own, _ = self._unit()
        pkg = self.read(data)
        m = pkg.manifest
        res.package_id = pkg.package_id
        res.from_unit = f"{m['from_name']}（{m['from_unit']}）" if m.get("from_name") else m["from_unit"]
        res.parts = len(pkg.raw_parts)
        with self.db.read() as s:
            peer = s.get(SyncPeer, m["from_node"])
            state = s.get(SyncPackageIn, pkg.package_id)
            done_parts = set(s.execute(select(SyncPartIn.part_no).where(
                SyncPartIn.package_id == pkg.package_id)).scalars())
        if state is not None and state.done:
            res.status = "already"
            return res
        pkg.decode()
        parsed_seals: list[Any] = []
        new_keys: dict[str, str] = {}
        origins: dict[str, str] | None = None
        if peer.role in ("child", "department"):
            parsed_seals, new_keys, origins = self._check_seals(pkg, peer)
        accepts = functools.lru_cache(maxsize=None)(self._accepts(peer, own))  # a few units, many changes
        mine = self.db.node_id
        max_hlc = max((c["hlc"] for part in pkg.parts for c in part), default=0)
        try:
            if max_hlc:
                self.db.hlc.observe(max_hlc)
        except ClockDriftError as exc:
            raise PackageError("同步包中的时间比本机时钟快一天以上，请先校准本机或对方电脑的日期时间。未写入任何数据。") from exc
        now = _now()
        if state is None:
            ranges = dict(m.get("ranges") or {})
            if peer.role in ("child", "department"):
                # a child speaks only for the installations in its own subtree
                with self.db.read() as s:
                    known = {n.node_id: n.unit_code for n in s.execute(select(SyncNode)).scalars()}
                known.update({n: u for n, u in (m.get("nodes") or {}).items() if is_within(u, peer.unit_code)})
                ranges = {o: r for o, r in ranges.items() if is_within(known.get(o, "-"), peer.unit_code)}
            ranges.pop(self.db.node_id, None)
            with self.db.write() as s:
                s.merge(SyncPackageIn(package_id=pkg.package_id, from_node=m["from_node"], parts=len(pkg.parts),
                                      ranges=ranges, done=False, ranges_applied=False, started_at=now))
                for node, seq_from, seq_to, hashes, sig in parsed_seals:
                    if s.get(SyncSeal, (node, seq_from, seq_to)) is None:
                        s.add(SyncSeal(node_id=node, seq_from=seq_from, seq_to=seq_to, hashes=hashes, sig=sig))
                for node, key in new_keys.items():
                    unit = (origins or {}).get(node)
                    known = s.get(SyncNode, node)
                    if known is None and unit and is_within(unit, peer.unit_code):
                        s.add(SyncNode(node_id=node, unit_code=unit, sign_pub=key))
                    elif known is not None and not known.sign_pub and is_within(known.unit_code, peer.unit_code):
                        known.sign_pub = key
        for i, part in enumerate(pkg.parts):
            if i in done_parts:
                res.parts_skipped += 1
                continue
            ok = [c for c in part if accepts(c["unit_code"]) or (peer.role == "child" and c["node_id"] == mine)]
            try:
                with self.db.write() as s:
                    # all or nothing per part (DESIGN.md §4): a change the sender may not make refuses its part
                    absent: dict[str, set[str]] = {}
                    found = ownership.problems(s, ok, origins, absent=absent)
                    if not found and peer.role == "department":
                        found = departments.problems(s, ok, own, peer.unit_name)
                    if found:
                        res.refused_parts += 1
                        res.part_reasons.append(f"第 {i + 1} 段：{ownership.describe(found)}")
                        continue
                    applied: ApplyResult = apply_changes(s, ok, now, absent=absent)
                    s.add(SyncPartIn(package_id=pkg.package_id, part_no=i, changes=len(part),
                                     applied=applied.new, imported_at=now))
                    s.merge(Meta(key="hlc", value=str(self.db.hlc.last)))
            except SADatabaseError as exc:
                if exc.connection_invalidated:  # the database went away (PostgreSQL stopped, the network cut)
                    raise DatabaseError(
                        f"导入同步包第 {i + 1} 段时数据库连接中断；该段已整体回滚，此前的段已导入。数据库恢复后重新导入"
                        "（或重新推送）会从该段继续。") from exc
                raise SyncError(
                    f"同步包第 {i + 1} 段与本机数据冲突，无法写入（{exc.orig}）；该段已整体回滚，此前的段已导入。"
                    "请把此包和本机数据库交技术人员处理。") from exc
            res.refused += len(part) - len(ok)
            res.changes += len(part)
            res.new += applied.new
            res.conflicts += applied.conflicts
            res.rows_created += applied.rows_created
            res.rows_changed += applied.rows_changed
            for t, n in applied.by_table.items():
                res.by_table[t] = res.by_table.get(t, 0) + n
            if _crash_after_part is not None and i >= _crash_after_part:
                raise RuntimeError("simulated crash")  # tests only
        if pkg.blob_parts:
            with self.db.write() as s:
                for raw, info in zip(pkg.blob_parts, m.get("blobs") or [], strict=True):
                    try:
                        items = photos.split(raw, info.get("items"))
                    except ValueError:
                        res.photos_refused += 1
                        continue
                    stored, refused = photos.store(s, items)
                    res.photos += stored
                    res.photos_refused += refused
        if res.refused_parts and not res.changes and not res.parts_skipped:
            res.status = "refused"
            res.message = ("同步包中有发送方无权写入的变更，已整体拒收，未写入任何数据：" + "；".join(res.part_reasons)
                           + "。请联系发送方核查其电脑上的数据。")
            return res
        own_pub = self.keys().sign_pub
        with self.db.write() as s:
            st = s.get(SyncPackageIn, pkg.package_id)
            if not res.refused_parts:  # a refused part keeps the package open: its knowledge is not taken
                st.done, st.finished_at = True, now
            p = s.get(SyncPeer, m["from_node"])
            # what the peer holds is what its newest package says (by the package's clock: packages may
            # arrive out of order). Not the maximum ever said: a peer that restored a backup holds less than
            # it said before, and what it lost must be sent to it again.
            stamp = s.get(Meta, f"{ACKED_AT}{m['from_node']}")
            made = int(m.get("created_hlc") or 0)
            newest = stamp is None or made > int(stamp.value)
            if newest:
                p.acked = {o: int(n) for o, n in (m.get("knowledge") or {}).items()}
                s.merge(Meta(key=f"{ACKED_AT}{m['from_node']}", value=str(made)))
                want = m.get("want_own")
                want = [q for q in want if isinstance(q, int)] if isinstance(want, list) else []
                s.merge(Meta(key=f"{WANT_AT}{m['from_node']}", value=json.dumps(want)))
                s.merge(Meta(key=f"{PHOTOS_WANTED}{m['from_node']}",
                             value=json.dumps(photos.parse_wanted(m.get("photos_wanted")))))
                if isinstance(m.get("your_stamp"), int):
                    s.merge(Meta(key=f"{HEARD_KEY}{m['from_node']}", value=str(m["your_stamp"])))
            acked = dict(p.acked or {})
            p.last_import_at = now
            if newest:  # an older package's head or acknowledgement is older than the one kept
                self._take_anchor(s, p, m, res, own_pub)
            if p.role == "child":
                for node, unit in (m.get("nodes") or {}).items():
                    if is_within(unit, p.unit_code) and node != self.db.node_id and s.get(SyncNode, node) is None:
                        s.add(SyncNode(node_id=node, unit_code=unit))
            elif p.role == "parent":
                s.merge(Meta(key="parent_acked_seq", value=str(acked.get(self.db.node_id, 0))))
            back = recovering(s)
            if back is not None and answers(s, m.get("your_stamp")):
                # the peer built this package knowing we hold our own changes only up to `held`: it brought
                # back every one of the rolled-back changes it had
                yours = m.get("your_own")
                lo = (m.get("ranges") or {}).get(mine, [None])[0]
                if (isinstance(yours, int) and yours <= back[0]) or (p.role == "parent" and (
                        (lo is not None and lo <= back[0]) or (m.get("knowledge") or {}).get(mine, 0) <= back[0])):
                    answered(s, p.node_id, p.role)
            lost = lost_changes(s)
            if lost:  # own rolled-back changes that came home with this package go on to the other peers
                home = came_home(s)
                seqs = [q for q in lost if q not in home]
                back_now = [q for i in range(0, len(seqs), 500) for q in s.execute(select(ChangeLog.node_seq).where(
                    ChangeLog.node_id == mine, ChangeLog.node_seq.in_(seqs[i:i + 500]))).scalars()]
                if back_now:
                    mark_home(s, back_now, self.db.hlc.now())
            s.flush()
            kn.apply_ranges(s, self.db.node_id)
            s.merge(Meta(key="last_sync_at", value=now.isoformat(timespec="seconds")))
        res.status = "imported"
        return res

    # -- status ---------------------------------------------------------------------------------
    def status(self) -> SyncStatus:
        self._guard()
        ident = self.identity()
        own = ident.unit_code
        out = []
        with self.db.read() as s:
            for p in s.execute(select(SyncPeer).order_by(SyncPeer.role.desc(), SyncPeer.unit_code)).scalars():
                pending = kn.count_changes(s, dict(p.acked or {}), self._export_scope(s, p, own))
                out.append(PeerStatus(p.node_id, p.unit_code, p.unit_name, p.role, p.fingerprint,
                                      local_time(p.last_export_at), local_time(p.last_import_at), pending))
        return SyncStatus(ident, out, sum(1 for c in self.conflicts() if not c.resolved), len(self.anomalies()))

    # -- conflicts ------------------------------------------------------------------------------
    def conflicts(self, include_resolved: bool = False) -> list[ConflictInfo]:
        self._guard()
        out = []
        with self.db.read() as s:
            names = dict(s.execute(select(OrgUnit.code, OrgUnit.name)).tuples().all())
            units = {n.node_id: n.unit_code for n in s.execute(select(SyncNode)).scalars()}
            own = s.get(Meta, "unit_code")
            units[self.db.node_id] = own.value if own else None
            units = {n: (f"{names[u]}（{u}）" if u in names else u) for n, u in units.items()}
            for c in s.execute(select(SyncConflict).order_by(SyncConflict.id)).scalars():
                model = SYNCED_MODELS.get(c.table_name)
                row = s.get(model, c.row_id) if model else None
                if row is None:
                    continue
                created = [row.created_hlc, row.origin_node]
                cur = list((row.field_clocks or {}).get(c.field, created))
                resolved = False
                if (cur[0], cur[1]) > (c.hlc_b, c.node_b):
                    writer = s.execute(select(ChangeLog.base).where(
                        ChangeLog.table_name == c.table_name, ChangeLog.row_id == c.row_id,
                        ChangeLog.hlc == cur[0], ChangeLog.node_id == cur[1])).scalar()
                    base = json.loads(writer).get(c.field) if writer else None
                    resolved = base is not None and (int(base[0]), str(base[1])) >= (c.hlc_b, c.node_b)
                if resolved and not include_resolved:
                    continue
                label = getattr(row, "name", None) or getattr(row, "address", None) or c.row_id
                shown = self._shown(c.table_name, c.field)
                out.append(ConflictInfo(
                    c.id, c.table_name, c.row_id, c.field, shown(json.loads(c.value_a) if c.value_a else None),
                    hlc_time(c.hlc_a), c.node_a, units.get(c.node_a),
                    shown(json.loads(c.value_b) if c.value_b else None), hlc_time(c.hlc_b), c.node_b,
                    units.get(c.node_b), shown(_plain(getattr(row, c.field, None))), resolved,
                    f"{TABLE_LABELS.get(c.table_name, c.table_name)}“{label}”", FIELD_LABELS.get(c.field, c.field),
                    shown is not _as_is))
        return out

    def anomalies(self) -> list[Any]:
        """Offline event steps that contradict the merged timeline (services.events.EventAnomaly), for the
        installation's scope: shown with the conflicts (they have no value to choose; the advice says what to do)."""
        self._guard()
        if self._anomalies is None:
            return []
        own, _ = self._unit()
        return self._anomalies(self.db, own)

    def _shown(self, table: str, field: str):
        """How a conflict's values are shown to this user: masked like the lists (ID numbers, phones and
        document numbers without Perm.REVEAL, the birth date as its year; religion and special-group records
        hidden without Perm.SENSITIVE). The administrator, who may not reveal, sees them masked too."""
        from gridapp.core.idnumber import mask_id
        from gridapp.core.permissions import SENSITIVE_FIELDS
        from gridapp.core.phone import mask_phone

        p = self.principal
        if p is None:
            return _as_is
        if (field in SENSITIVE_FIELDS or table in SENSITIVE_TABLES) and not p.may(Perm.SENSITIVE):
            return lambda v: None if v is None else "（无权查看）"
        if p.may(Perm.REVEAL):
            return _as_is
        if field == "id_number":
            return lambda v: mask_id(v) if v else v
        if field == "phone" or field.endswith("_phone"):
            return lambda v: mask_phone(v) if v else v
        if field in ("permit_no", "foreign_doc_no", "doc_no"):
            return lambda v: ("*" * max(len(str(v)) - 4, 2) + str(v)[-4:]) if v else v
        if field == "birth_date":
            return lambda v: f"{str(v)[:4]}年" if v else v
        if field in ("id_rev", "phone_rev"):  # derived search columns: the number reversed
            return lambda v: ("*" * max(len(str(v)) - 4, 0) + str(v)[-4:]) if v else v
        return _as_is

    def resolve(self, conflict_id: int, value: Any = None, *, take: str | None = None) -> None:
        """Resolve a conflict by a new edit of the field: an edited value, or `take` "a" / "b" (one of the two
        stored values: what a user who sees them masked chooses)."""
        self._guard(Perm.EDIT)
        with self.db.write() as s:
            c = s.get(SyncConflict, conflict_id)
            if c is None:
                raise NotFound(f"找不到冲突 {conflict_id}。")
            if take is not None:
                stored = {"a": c.value_a, "b": c.value_b}[take]
                value = json.loads(stored) if stored else None
            model = SYNCED_MODELS[c.table_name]
            ChangeWriter(self.db, s).update(model, c.row_id, {c.field: table_info(c.table_name).decode(
                c.field, value)}, force=True)


SENSITIVE_TABLES = frozenset({"special_group_record", "party_membership", "party_history"})  # whole rows shown only with Perm.SENSITIVE


def _as_is(value: Any) -> Any:
    return value


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
