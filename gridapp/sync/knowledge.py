"""What a node holds and what to send: knowledge vectors, scoped change selection, knowledge ranges.

A node's knowledge `k[O] = n` means: it holds every change of origin O with sequence <= n that lies in
its scope (its subtree and the units above it). A package brings ranges `O: [from, to]` meaning "with
this package you hold O's changes in your scope up to `to`, provided you held them up to `from`"; the
receiver applies a range once its own knowledge reaches `from` (packages may arrive in any order).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from gridapp.db.models import ChangeLog, SyncKnowledge, SyncPackageIn

COLS = (ChangeLog.node_id, ChangeLog.node_seq, ChangeLog.table_name, ChangeLog.row_id, ChangeLog.unit_code,
        ChangeLog.op, ChangeLog.hlc, ChangeLog.fields, ChangeLog.base, ChangeLog.schema_rev)
KEYS = tuple(c.key for c in COLS)


def knowledge(session: Session) -> dict[str, int]:
    return dict(session.execute(select(SyncKnowledge.origin_node, SyncKnowledge.max_seq)).tuples().all())


def origins(session: Session) -> list[str]:
    return list(session.execute(select(ChangeLog.node_id).distinct()).scalars())


def unit_filter(prefixes: Sequence[str], exact: Sequence[str] = ()) -> Any:
    """SQL condition: the change's unit lies under one of `prefixes` or is one of `exact`."""
    conds = [ChangeLog.unit_code.startswith(p, autoescape=True) for p in prefixes]
    if exact:
        conds.append(ChangeLog.unit_code.in_(list(exact)))
    return or_(*conds)


def _beyond(session: Session, acked: dict[str, int]) -> list[Any]:
    return [and_(ChangeLog.node_id == o, ChangeLog.node_seq > acked.get(o, 0)) for o in origins(session)]


def select_changes(session: Session, acked: dict[str, int], scope: Any) -> list[dict[str, Any]]:
    """Changes beyond `acked` within `scope`, in (hlc, node, seq) order, fields/base as JSON text."""
    out: list[dict[str, Any]] = []
    for cond in _beyond(session, acked):
        rows = session.execute(select(*COLS).where(cond, scope)).tuples()
        out.extend(dict(zip(KEYS, r, strict=True)) for r in rows)
    out.sort(key=lambda c: (c["hlc"], c["node_id"], c["node_seq"]))
    return out


def count_changes(session: Session, acked: dict[str, int], scope: Any) -> dict[str, int]:
    """Pending changes beyond `acked` within `scope`, by table."""
    counts: dict[str, int] = {}
    for cond in _beyond(session, acked):
        for table, n in session.execute(select(ChangeLog.table_name, func.count()).where(cond, scope)
                                        .group_by(ChangeLog.table_name)).tuples():
            counts[table] = counts.get(table, 0) + n
    return counts


def ranges_for(local: dict[str, int], acked: dict[str, int], allowed: Iterable[str] | None) -> dict[str, list[int]]:
    """The ranges a package brings: for each origin (or each allowed one), acked -> local knowledge."""
    keep = set(allowed) if allowed is not None else None
    return {o: [acked.get(o, 0), n] for o, n in local.items()
            if n > acked.get(o, 0) and (keep is None or o in keep)}


def apply_ranges(session: Session, own_node: str) -> dict[str, int]:
    """Advance knowledge by the ranges of completed packages, repeatedly, while they connect."""
    k = knowledge(session)
    pending = list(session.execute(select(SyncPackageIn).where(
        SyncPackageIn.done.is_(True), SyncPackageIn.ranges_applied.is_(False))).scalars())
    changed: dict[str, int] = {}
    progress = True
    while progress:
        progress = False
        for pkg in pending:
            for o, (lo, hi) in (pkg.ranges or {}).items():
                if o == own_node:
                    continue
                if k.get(o, 0) >= lo and hi > k.get(o, 0):
                    k[o] = changed[o] = hi
                    progress = True
    for o, n in changed.items():
        session.merge(SyncKnowledge(origin_node=o, max_seq=n))
    for pkg in pending:
        if all(o == own_node or k.get(o, 0) >= hi for o, (_, hi) in (pkg.ranges or {}).items()):
            pkg.ranges_applied = True
    return changed
