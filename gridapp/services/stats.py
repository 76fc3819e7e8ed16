"""Counts per table and per unit, pending changes and last sync: the home page, status bar and `stats`."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from gridapp.core.localtime import to_china
from gridapp.core.orgcode import LEVEL_DIGITS
from gridapp.core.permissions import Perm, Principal
from gridapp.core.views import AsDict
from gridapp.db.database import Database
from gridapp.db.models import SYNCED_MODELS, ChangeLog, Meta, OrgUnit, Resident
from gridapp.sync.changelog import pending_changes

from .base import InstallationService
from .unitnames import label_of


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
class Stats(AsDict):
    node_id: str
    unit_code: str | None
    tables: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    change_log: int = 0
    pending_changes: int = 0
    last_sync: str | None = None
    units: dict[str, dict[str, int]] = field(default_factory=dict)


# the tables stats count: the units and the registry's records of people, households and buildings (named, so a
# new synced area never changes `stats`; the audit log, tags, special-group records — whose count would tell a role
# without Perm.SENSITIVE about sensitive information — and the areas' ledgers are synced too, but not counted here)
COUNTED = {t: SYNCED_MODELS[t] for t in ("org_unit", "building", "household", "resident")}


class StatsService(InstallationService):
    """Counts. With a `principal`, only that user's unit subtree is counted (and the role needs STATS);
    without one (tests, maintenance) the installation's whole database."""

    def __init__(self, db: Database, principal: Principal | None = None):
        super().__init__(db, principal)

    def _check(self) -> str | None:
        if self._itself:
            return None
        self.principal.require(Perm.STATS)
        return self.principal.unit_code

    @staticmethod
    def _in(q, model, scope: str | None):
        # an org unit is in scope by its own code (its `unit_code` is the unit above that made it, its owner)
        column = model.code if model is OrgUnit else model.unit_code
        return q if scope is None else q.where(column.startswith(scope))

    def _meta(self, s, key: str) -> str | None:
        row = s.get(Meta, key)
        return row.value if row else None

    def _pending(self, s) -> int:
        acked = int(self._meta(s, "parent_acked_seq") or 0)
        return pending_changes(s, self.db.node_id, acked)

    def overview(self) -> Overview:
        scope = self._check()
        with self.db.read() as s:
            code = scope or self._meta(s, "unit_code")
            unit = s.execute(select(OrgUnit).where(OrgUnit.code == code)).scalar() if code else None
            counts = {}
            for table in ("resident", "household", "building"):
                model = SYNCED_MODELS[table]
                q = self._in(select(func.count()).select_from(model).where(model.deleted.is_(False)), model, scope)
                if table == "resident":
                    q = q.where(Resident.status == "active")
                counts[table] = s.execute(q).scalar_one()
            # the grids in use, as 组织机构 counts them (a retired grid keeps its history, not its place)
            grids = s.execute(self._in(select(func.count()).select_from(OrgUnit).where(
                OrgUnit.level == "grid", OrgUnit.deleted.is_(False), OrgUnit.retired_on.is_(None)),
                OrgUnit, scope)).scalar_one()
            return Overview(
                unit_code=code, unit_name=label_of(s, unit.code) if unit else None, unit_level=unit.level if unit else None,
                node_id=self.db.node_id, pending_changes=self._pending(s),
                last_sync=_china_time(self._meta(s, "last_sync_at")), residents=counts["resident"],
                households=counts["household"], buildings=counts["building"], grids=grids)

    def stats(self) -> Stats:
        scope = self._check()
        with self.db.read() as s:
            out = Stats(node_id=self.db.node_id, unit_code=scope or self._meta(s, "unit_code"))
            by_owner: dict[str, dict[str, int]] = {}
            for table, model in COUNTED.items():
                rows = s.execute(self._in(
                    select(model.unit_code, model.deleted, func.count()).group_by(model.unit_code, model.deleted),
                    model, scope)).all()
                out.tables[table] = sum(n for _, d, n in rows if not d)
                out.deleted[table] = sum(n for _, d, n in rows if d)
                for owner, d, n in rows:
                    if not d:
                        by_owner.setdefault(owner, {}).setdefault(table, 0)
                        by_owner[owner][table] += n
            out.change_log = s.execute(select(func.count()).select_from(ChangeLog)).scalar_one()
            out.pending_changes = self._pending(s)
            out.last_sync = self._meta(s, "last_sync_at")
            out.units = self._per_unit(s, by_owner, scope, [t for t in COUNTED if t != "org_unit"])
            return out

    def unit_counts(self) -> dict[str, dict[str, int]]:
        """The home page's table: for each unit in scope, the live buildings, households and residents in its
        subtree, counted as `overview` counts them (residents: those in the registry, 在册), so that the units
        below add up to its figures. Only what the table shows: no change log, no deleted rows (`stats` has
        those); the residents are counted from their live index alone, without reading the table."""
        scope = self._check()
        with self.db.read() as s:
            by_owner: dict[str, dict[str, int]] = {}
            for table in ("building", "household", "resident"):
                model = SYNCED_MODELS[table]
                q = select(model.unit_code, func.count()).where(model.deleted.is_(False))
                if model is Resident:
                    q = q.where(Resident.status == "active")
                for owner, n in s.execute(self._in(q, model, scope).group_by(model.unit_code)):
                    by_owner.setdefault(owner, {})[table] = n
            return self._per_unit(s, by_owner, scope, ["building", "household", "resident"])

    def _per_unit(self, s, by_owner: dict[str, dict[str, int]], scope: str | None,
                  tables: list[str]) -> dict[str, dict[str, int]]:
        """Each live unit in scope with the counts of `tables` in its subtree, from the counts by owning unit."""
        totals: dict[str, dict[str, int]] = {}
        for owner, counts in by_owner.items():
            # add each owner's counts to itself and its ancestors: O(owners x levels)
            for prefix in {owner[:n] for n in LEVEL_DIGITS.values() if n <= len(owner)}:
                acc = totals.setdefault(prefix, {})
                for t, n in counts.items():
                    if t in tables:
                        acc[t] = acc.get(t, 0) + n
        units = s.execute(self._in(select(OrgUnit.code).where(OrgUnit.deleted.is_(False)), OrgUnit, scope)
                          .order_by(OrgUnit.code))
        empty = {t: 0 for t in tables}
        return {code: {**empty, **totals.get(code, {})} for (code,) in units}


def child_units(db: Database, counts: dict[str, dict[str, int]], principal: Principal | None = None
                ) -> list[tuple[object, dict[str, int]]]:
    """The (user's or installation's) unit's direct children with their subtree counts (for the home page):
    `counts` as `StatsService.unit_counts` gives them."""
    from .units import UnitService

    units = UnitService(db, principal)
    own = units.installation()
    if own is None:
        return []
    top = units.principal.unit_code
    # a retired unit that still holds records is listed (marked by the page), so the rows add up to the total
    return [(u, counts.get(u.code, {})) for u in units.list(include_retired=True)
            if u.parent_code == top and (not u.retired or any(
                counts.get(u.code, {}).get(t) for t in ("building", "household", "resident")))]


def _china_time(stored_utc: str | None) -> str | None:
    """The last exchange as the offices read it: Beijing time, to the minute (stored as naive UTC)."""
    return to_china(stored_utc)
