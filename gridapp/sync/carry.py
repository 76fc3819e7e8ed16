"""Restoring a backup keeps what other installations sent: their changes carried over from the replaced database.

A restore goes back to the backup's rows, but the changes of other installations (origins) that this node
had received after the backup were made elsewhere and may already have gone on from here: down to a child,
up to the parent. Left out, they would have to come back from whoever still holds them, and that can be no
one able to send them: a town restores and loses its own edit of a grid's building, its community (which had
passed the edit down to the grid) restores too, and only the grid still holds it; a grid sends up only the
changes made in its own subtree, so the edit never travelled again and the grid disagreed with everyone above
it for good. Carried over, every change that has left its origin stays held by every node that received it,
whatever they restore: only this node's own changes go back with the backup (they come home from the peers
that received them: `skip_sequence`, `start_waiting`).

The changes are merged exactly as if a package had brought them (the same merge: field clocks, tombstones,
conflicts, changes kept for rows not held yet); the origin seals and the directory of nodes that go with them
are carried too, so that the changes can be relayed upward again; the knowledge of each other origin is what
the replaced database knew, when that is more (it held those changes, and now so does this one).

Photo bytes (`photo_blob`, local and unsynced) are carried too: a photo record carried over would otherwise be
held here without its bytes, and these may be held nowhere else any more (the grid that took the photo restores
as well: its own photo goes back with its backup). The node would then send the record on, to the parent or a
child, and no package could ever bring its thumbnail or full image. The bytes of this node's own photos rolled
back by the restore are kept as well: their records come home from the peers that received them (`wanted_own`),
and a peer may hold the record without the full image (it goes within a budget per package).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.db.models import PhotoBlob, SyncKnowledge, SyncNode, SyncSeal
from gridapp.sync.knowledge import KEYS, knowledge
from gridapp.sync.merge import apply_changes

BATCH = 5000


def _changes(old: Any, origin: str, above: int) -> Iterator[list[dict[str, Any]]]:
    cur = old.execute(f"SELECT {', '.join(KEYS)} FROM change_log WHERE node_id = ? AND node_seq > ? "
                      "ORDER BY node_seq", (origin, above))
    while True:
        rows = cur.fetchmany(BATCH)
        if not rows:
            return
        out = []
        for r in rows:
            c = dict(zip(KEYS, r, strict=True))
            c["fields_text"], c["base_text"] = c["fields"], c["base"]
            c["fields"] = json.loads(c["fields"])
            c["base"] = json.loads(c["base"]) if c["base"] else None
            out.append(c)
        yield out


def carry_over(session: Session, own_node: str, old: Any, now: dt.datetime) -> int:
    """Merge into the restored database (`session`, inside the restore's write transaction) every change of
    another origin that the replaced database (`old`, a DB-API connection to its copy) held; returns how many
    were new here. Also carries the seals and nodes they need to travel on, and the knowledge."""
    held = knowledge(session)
    old_knowledge = dict(old.execute("SELECT origin_node, max_seq FROM sync_knowledge").fetchall())
    origins = [o for (o,) in old.execute("SELECT DISTINCT node_id FROM change_log").fetchall() if o != own_node]
    new = 0
    for origin in sorted(origins):
        # this node holds every change of `origin` up to its knowledge; the merge skips any it holds above it
        for batch in _changes(old, origin, held.get(origin, 0)):
            new += apply_changes(session, batch, now).new
    nodes = {n.node_id: n for n in session.execute(select(SyncNode)).scalars()}
    for node_id, unit, key in old.execute("SELECT node_id, unit_code, sign_pub FROM sync_node").fetchall():
        known = nodes.get(node_id)
        if known is None:
            session.add(SyncNode(node_id=node_id, unit_code=unit, sign_pub=key))
        elif not known.sign_pub and key and known.unit_code == unit:
            known.sign_pub = key
    seals = {(s.node_id, s.seq_from, s.seq_to) for s in session.execute(
        select(SyncSeal.node_id, SyncSeal.seq_from, SyncSeal.seq_to)).tuples()}
    for node_id, lo, hi, hashes, sig in old.execute(
            "SELECT node_id, seq_from, seq_to, hashes, sig FROM sync_seal").fetchall():
        if node_id != own_node and (node_id, lo, hi) not in seals:
            session.add(SyncSeal(node_id=node_id, seq_from=lo, seq_to=hi, hashes=hashes, sig=sig))
    for origin, n in old_knowledge.items():
        if origin != own_node and int(n) > held.get(origin, 0):
            session.merge(SyncKnowledge(origin_node=origin, max_seq=int(n)))
    carry_photos(session, old)
    return new


def carry_photos(session: Session, old: Any) -> int:
    """Copy into the restored database (`session`) the photo bytes the replaced one (`old`) held and it lacks
    (a missing thumbnail or full image filled in, a missing row added); returns how many were copied. Read one
    photo at a time: full images are large."""
    held = {sha: (t, d) for sha, t, d in session.execute(
        select(PhotoBlob.sha256, PhotoBlob.thumb.is_not(None), PhotoBlob.data.is_not(None))).tuples()}
    table = PhotoBlob.__table__
    copied = 0
    for sha, has_thumb, has_data in old.execute(
            "SELECT sha256, thumb IS NOT NULL, data IS NOT NULL FROM photo_blob ORDER BY sha256").fetchall():
        have_thumb, have_data = held.get(sha, (False, False))
        take = [col for col, there, here in (("thumb", has_thumb, have_thumb), ("data", has_data, have_data))
                if there and not here]
        if not take:
            continue
        row = old.execute(f"SELECT {', '.join(take)} FROM photo_blob WHERE sha256 = ?", (sha,)).fetchone()
        values = dict(zip(take, row, strict=True))
        if sha in held:
            session.execute(table.update().where(table.c.sha256 == sha).values(values))  # type: ignore[attr-defined]
        else:
            session.execute(table.insert().values({"sha256": sha, "thumb": None, "data": None, **values}))  # type: ignore[attr-defined]
        copied += len(take)
    return copied
