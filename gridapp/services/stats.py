"""Counts per table and per unit, pending changes and last sync: the home page, status bar and `stats`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import func, select

from gridapp.core.orgcode import LEVEL_DIGITS
from gridapp.db.database import Database
from gridapp.db.models import SYNCED_MODELS, ChangeLog, Meta, OrgUnit
from gridapp.sync.changelog import pending_changes


@dataclass
class Overview:
    """What the status bar and the home page show."""

    unit_code: str | None
    unit_name: str | None
    unit_level: str | None
    node_id: str
    pending_changes: int
    last_sync: str | None
    residents: int = 0
    households: int = 0
    buildings: int = 0
    grids: int = 0


@dataclass
class Stats:
    node_id: str
    unit_code: str | None
    tables: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    change_log: int = 0
    pending_changes: int = 0
    last_sync: str | None = None
    units: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


class StatsService:
    def __init__(self, db: Database):
        self.db = db

    def _meta(self, s, key: str) -> str | None:  # noqa: ANN001
        row = s.get(Meta, key)
        return row.value if row else None

    def _pending(self, s) -> int:  # noqa: ANN001
        acked = int(self._meta(s, "parent_acked_seq") or 0)
        return pending_changes(s, self.db.node_id, acked)

    def overview(self) -> Overview:
        with self.db.read() as s:
            code = self._meta(s, "unit_code")
            unit = s.execute(select(OrgUnit).where(OrgUnit.code == code)).scalar() if code else None
            counts = {}
            for table in ("resident", "household", "building"):
                model = SYNCED_MODELS[table]
                q = select(func.count()).select_from(model).where(model.deleted.is_(False))
                if table == "resident":
                    q = q.where(model.status == "active")
                counts[table] = s.execute(q).scalar_one()
            grids = s.execute(select(func.count()).select_from(OrgUnit).where(
                OrgUnit.level == "grid", OrgUnit.deleted.is_(False))).scalar_one()
            return Overview(
                unit_code=code, unit_name=unit.name if unit else None, unit_level=unit.level if unit else None,
                node_id=self.db.node_id, pending_changes=self._pending(s),
                last_sync=self._meta(s, "last_sync_at"), residents=counts["resident"],
                households=counts["household"], buildings=counts["building"], grids=grids)

    def stats(self) -> Stats:
        with self.db.read() as s:
            out = Stats(node_id=self.db.node_id, unit_code=self._meta(s, "unit_code"))
            by_owner: dict[str, dict[str, int]] = {}
            for table, model in SYNCED_MODELS.items():
                rows = s.execute(
                    select(model.unit_code, model.deleted, func.count()).group_by(model.unit_code, model.deleted)
                ).all()
                out.tables[table] = sum(n for _, d, n in rows if not d)
                out.deleted[table] = sum(n for _, d, n in rows if d)
                for owner, d, n in rows:
                    if not d:
                        by_owner.setdefault(owner, {}).setdefault(table, 0)
                        by_owner[owner][table] += n
            out.change_log = s.execute(select(func.count()).select_from(ChangeLog)).scalar_one()
            out.pending_changes = self._pending(s)
            out.last_sync = self._meta(s, "last_sync_at")
            totals: dict[str, dict[str, int]] = {}
            for owner, counts in by_owner.items():
                # add each owner's counts to itself and its ancestors: O(owners x levels)
                for prefix in {owner[:n] for n in LEVEL_DIGITS.values() if n <= len(owner)}:
                    acc = totals.setdefault(prefix, {})
                    for t, n in counts.items():
                        if t != "org_unit":
                            acc[t] = acc.get(t, 0) + n
            units = s.execute(select(OrgUnit.code).where(OrgUnit.deleted.is_(False)).order_by(OrgUnit.code))
            empty = {t: 0 for t in SYNCED_MODELS if t != "org_unit"}
            out.units = {code: {**empty, **totals.get(code, {})} for (code,) in units}
            return out


def child_units(db: Database, stats: Stats) -> list[tuple[object, dict[str, int]]]:
    """The installation unit's direct children with their subtree counts (for the home page)."""
    from .units import UnitService

    units = UnitService(db)
    own = units.installation()
    if own is None:
        return []
    return [(u, stats.units.get(u.code, {})) for u in units.list() if u.parent_code == own.code]
