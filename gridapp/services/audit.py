"""The audit log (PIPL Art. 51, 55): append-only, synced upward, tamper-evident by a hash chain.

Each installation (origin node) chains its own rows in `created_hlc` order: a row's `hash` is SHA-256 over
its canonical content and `prev_hash`, the hash of the node's previous row. Editing, deleting or inserting a
row anywhere breaks a link; `verify()` reports the first broken one. Rows from other nodes arrive by sync
with their own chains and are verified per node.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.core.ids import uuid7
from gridapp.core.permissions import Perm, Principal
from gridapp.core.progress import Progress
from gridapp.core.views import AsDict
from gridapp.db.database import Database
from gridapp.db.models import AuditLog
from gridapp.domain.audit import ACTIONS
from gridapp.sync.changelog import ChangeWriter

from . import paging

HASHED = ("id", "unit_code", "origin_node", "at", "user_id", "username", "role", "action", "target_table",
          "target_id", "detail", "prev_hash")


def row_hash(values: dict[str, Any]) -> str:
    canonical = json.dumps({k: values.get(k) for k in HASHED}, ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def record(db: Database, s: Session, who: Principal | None, action: str, *, unit_code: str,
           target_table: str | None = None, target_id: str | None = None, detail: dict | str | None = None,
           writer: ChangeWriter | None = None, username: str | None = None, prev_hash: str | None = None) -> str:
    """Append one audit row inside the caller's write transaction (so the audit and the act commit together).
    `prev_hash` overrides the chain's head: only a restore uses it (see `chain_head` and `verify_chain`)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action}")
    if who is not None and who.is_system:  # the installation acting for itself: recorded as before, "system"
        username, who = username or who.username, None
    prev = prev_hash if prev_hash is not None else chain_head(s, db.node_id)
    text = detail if isinstance(detail, str) else json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    values = {
        "id": uuid7(), "unit_code": unit_code, "origin_node": db.node_id, "at": now_utc(),
        "user_id": who.user_id if who else None, "username": who.username if who else (username or "system"),
        "role": who.role.value if who else None, "action": action, "target_table": target_table,
        "target_id": target_id, "detail": text, "prev_hash": prev or "",
    }
    values["hash"] = row_hash(values)
    w = writer or ChangeWriter(db, s)
    return w.insert(AuditLog, {k: v for k, v in values.items() if k != "origin_node"})


def chain_head(s: Session, node_id: str) -> str | None:
    """The hash of this node's newest audit row (the next row's `prev_hash`)."""
    return s.execute(select(AuditLog.hash).where(AuditLog.origin_node == node_id)
                     .order_by(AuditLog.created_hlc.desc()).limit(1)).scalar()


def own_chain(s: Session, node_id: str) -> list[tuple[str, str, int, str]]:
    """This node's chain as (hash, prev_hash, created_hlc, action), oldest first (the order `verify_chain` uses)."""
    return [tuple(r) for r in s.execute(  # type: ignore[misc]
        select(AuditLog.hash, AuditLog.prev_hash, AuditLog.created_hlc, AuditLog.action)
        .where(AuditLog.origin_node == node_id).order_by(AuditLog.created_hlc)).tuples()]


# -- the anchor outside the file (issue 12) --------------------------------------------------------------
# A chain kept in the file can be cut short or rewritten by whoever holds the file. So each package to the
# parent carries this node's chain head (position, hash, clock), signed with the node's key; the parent keeps
# the last head per child that extends the one before (it holds the child's audit rows: they travel upward)
# and acknowledges it in every package down. `check` then compares the local chain with that acknowledged head.
ANCHOR_DOMAIN = b"gridapp-audit-head-v1\x00"
ACKED_KEY = "audit_head_acked"  # meta: the head of this node's chain the parent acknowledged
HEAD_KEY = "audit_head:"  # meta prefix at the parent: the last head received from a child


def head_bytes(head: dict[str, Any]) -> bytes:
    body = {k: head[k] for k in ("node", "count", "hash", "hlc")}
    return ANCHOR_DOMAIN + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def chain_anchor(s: Session, node_id: str) -> dict[str, Any] | None:
    """{node, count, hash, hlc} of this node's newest audit row (count: its position in the chain)."""
    chain = own_chain(s, node_id)
    if not chain:
        return None
    h, _prev, hlc, _action = chain[-1]
    return {"node": node_id, "count": len(chain), "hash": h, "hlc": int(hlc)}


def extends(s: Session, node_id: str, new_hash: str, old_hash: str) -> bool | None:
    """Does the chain of `node_id` as held here lead from `new_hash` back to `old_hash`? None if the head
    row is not held here (yet).

    A restore row links to the head of the database it replaced (`prev_hash`: rows after the backup, some
    perhaps never sent) and names the restored head (`restored_head`): through a restore the chain may also
    go back to the restored head, which must be `old_hash` or lie before it (the rows rolled back are here)."""
    rows = s.execute(select(AuditLog.hash, AuditLog.prev_hash, AuditLog.action, AuditLog.detail).where(
        AuditLog.origin_node == node_id)).tuples().all()
    links = {h: p for h, p, _a, _d in rows}
    restored: dict[str, str] = {}
    for h, _p, action, detail in rows:
        if action == "restore":
            try:
                head = json.loads(detail or "{}").get("restored_head")
            except ValueError:
                head = None
            if isinstance(head, str):
                restored[h] = head
    if new_hash not in links:
        return None
    before_old: set[str] = set()  # old_hash and every row before it
    cur: str | None = old_hash
    while cur and cur not in before_old:
        before_old.add(cur)
        cur = links.get(cur)
    cur = new_hash
    seen: set[str] = set()
    while cur and cur not in seen:
        if cur == old_hash:
            return True
        seen.add(cur)
        back = restored.get(cur)
        if back is not None and (back in before_old or back == ""):
            return True
        cur = links.get(cur)
    return False


def anchor_problem(s: Session, node_id: str, acked: dict[str, Any]) -> str | None:
    """Why the local chain no longer holds the head the parent acknowledged (shorter or different), or None.

    A restore later than the acknowledged head rolls back the rows after the backup (they are at the parent):
    the restore row, itself in the chain, accounts for them."""
    chain = own_chain(s, node_id)
    pos, h = int(acked.get("count", 0)), str(acked.get("hash", ""))
    if 1 <= pos <= len(chain) and chain[pos - 1][0] == h:
        return None
    if any(action == "restore" and int(hlc) > int(acked.get("hlc", 0)) for _h, _p, hlc, action in chain):
        return None
    if len(chain) < pos:
        return (f"本机审计日志只有 {len(chain)} 条，少于上级已确认的 {pos} 条（链头 {h[:12]}…）："
                "较新的审计记录被删除了。")
    return (f"本机审计日志的第 {pos} 条与上级已确认的链头（{h[:12]}…）不符：审计记录被改动或重算过。")


@dataclass
class AuditEntry:
    id: str
    at: str
    username: str
    role: str | None
    action: str
    action_label: str
    unit_code: str
    target_table: str | None
    target_id: str | None
    detail: str
    sentence: str = ""  # who did what to which record, in words (services.audit_text)


@dataclass
class ChainReport(AsDict):
    ok: bool
    rows: int
    broken_id: str | None = None
    broken_at: str | None = None
    reason: str = ""


def verify_chain(db: Database) -> ChainReport:
    """Recompute every node's chain; report the first broken link (no permission check: maintenance)."""
    with db.read() as s:
        rows = s.execute(select(AuditLog).order_by(AuditLog.origin_node, AuditLog.created_hlc)).scalars().all()
        count = 0
        prev: dict[str, str] = {}
        seen: set[str] = set()
        for r in rows:
            count += 1
            values = {k: getattr(r, k) for k in HASHED}
            expected_prev = prev.get(r.origin_node, "")
            if r.prev_hash != expected_prev and not _restore_link(r, expected_prev, seen):
                return ChainReport(False, count, r.id, r.at,
                                   f"第 {count} 条记录（{r.at}，{r.username}）之前的记录被删除或插入，链条断开。")
            if row_hash(values) != r.hash:
                return ChainReport(False, count, r.id, r.at,
                                   f"第 {count} 条记录（{r.at}，{r.username}）的内容被改动过。")
            prev[r.origin_node] = r.hash
            seen.add(r.hash)
        return ChainReport(True, count)


def _restore_link(r: AuditLog, expected_prev: str, seen: set[str]) -> bool:
    """A restore continues the chain of the database it replaced (`prev_hash`, the replaced head) and names
    the head of the backup it restored (`restored_head`, hashed with the row). The rows between the two
    were rolled back here, and may be at the parent in whole or in part: the link holds if the row before
    it is the restored head, or the restored head is earlier in this node's chain."""
    if r.action != "restore":
        return False
    try:
        head = json.loads(r.detail or "{}").get("restored_head")
    except ValueError:
        return False
    return head is not None and (head in (expected_prev, "") or head in seen)  # "": the chain's start


class AuditService:
    """Reading, verifying and exporting the log; writing goes through `record()` inside each act."""

    def __init__(self, db: Database, principal: Principal):
        self.db = db
        self.principal = principal

    def log(self, action: str, *, target_table: str | None = None, target_id: str | None = None,
            detail: dict | str | None = None) -> str:
        """A stand-alone entry (printing, exporting) in its own transaction."""
        self.principal.touch()
        with self.db.write() as s:
            return record(self.db, s, self.principal, action, unit_code=self.principal.unit_code,
                          target_table=target_table, target_id=target_id, detail=detail)

    # the audit log's sort keys for the GUI's lazy table (newest first by default)
    LEDGER_SORTS: dict[str, tuple] = {"at": (AuditLog.at, AuditLog.created_hlc), "unit": (AuditLog.unit_code,),
                                      "user": (AuditLog.username,), "action": (AuditLog.action,)}

    def _where(self, since: dt.date | None, until: dt.date | None, username: str | None,
               action: str | None) -> list:
        """The log's filter: the user's unit subtree, a date range (UTC), a user and an action."""
        self.principal.require(Perm.AUDIT)
        where = [AuditLog.unit_code.startswith(self.principal.unit_code)]
        if since is not None:
            where.append(AuditLog.at >= since.isoformat())
        if until is not None:
            where.append(AuditLog.at < (until + dt.timedelta(days=1)).isoformat())
        if username:
            where.append(AuditLog.username == username)
        if action:
            where.append(AuditLog.action == action)
        return where

    def search(self, *, since: dt.date | None = None, until: dt.date | None = None,
               username: str | None = None, action: str | None = None, limit: int | None = None) -> list[AuditEntry]:
        """Entries in the user's unit subtree, newest first, filtered by date range (UTC), user and action
        (all of them unless `limit` is given)."""
        where = self._where(since, until, username, action)
        with self.db.read() as s:
            q = select(AuditLog).where(*where).order_by(AuditLog.at.desc(), AuditLog.created_hlc.desc())
            return self._entries(s, s.execute(q.limit(limit) if limit is not None else q).scalars())

    def ledger_ids(self, *, since: dt.date | None = None, until: dt.date | None = None,
                   username: str | None = None, action: str | None = None, sort: str = "at",
                   descending: bool = True, progress: Progress | None = None) -> list[str]:
        """The ids of the whole filtered log (the filter of `search`) in the order `sort` (a key of
        LEDGER_SORTS), for the GUI's lazy table: no cap; its length is the count. Rows: `ledger_rows`."""
        where = self._where(since, until, username, action)
        with self.db.read() as s:
            stmt = (select(AuditLog.id).where(*where)
                    .order_by(*paging.order_by(self.LEDGER_SORTS, sort, descending, AuditLog.id)))
            return paging.read_ids(s, stmt, progress)

    def ledger_rows(self, ids: Sequence[str]) -> list[AuditEntry | None]:
        """The entries with these ids (from `ledger_ids`) in the given order, each with its sentence; None
        for one outside the user's unit subtree."""
        self.principal.require(Perm.AUDIT)
        unit = self.principal.unit_code
        found: list[AuditLog] = []
        with self.db.read() as s:
            for chunk in paging.chunks(ids):
                found += [r for r in s.execute(select(AuditLog).where(AuditLog.id.in_(chunk))).scalars()
                          if r.unit_code.startswith(unit)]
            return paging.in_order(ids, {e.id: e for e in self._entries(s, found)})

    @staticmethod
    def _entries(s: Any, rows: Iterable[AuditLog]) -> list[AuditEntry]:
        entries = [AuditEntry(r.id, r.at, r.username, r.role, r.action, ACTIONS.get(r.action, r.action),
                              r.unit_code, r.target_table, r.target_id, r.detail) for r in rows]
        from .audit_text import describe

        for entry, sentence in zip(entries, describe(s, entries), strict=True):
            entry.sentence = sentence
        return entries

    def verify(self) -> ChainReport:
        self.principal.require(Perm.AUDIT)
        return verify_chain(self.db)

    def export_csv(self, path: Path | str, **filters: Any) -> int:
        """Write the filtered entries to a CSV file (UTF-8 with BOM, so Excel/WPS read the Chinese)."""
        self.principal.require(Perm.EXPORT)
        entries = self.search(**filters)
        with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(["时间(UTC)", "用户", "角色", "操作", "单位", "对象表", "对象", "详情"])
            for e in entries:
                out.writerow([e.at, e.username, e.role or "", e.action_label, e.unit_code, e.target_table or "",
                              e.target_id or "", e.detail])
        self.log("export", detail={"what": "audit_log", "rows": len(entries), "file": Path(path).name})
        return len(entries)
