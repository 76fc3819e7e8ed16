"""移交户和楼栋: an office moves households (with their residents) and buildings from one grid to another grid
of its unit (`UnitService.move_records`, and `UnitService.retire(..., move_to=)` for a grid retired with its
households still in it).

Every record carries its grid's code as its owner (`unit_code`, a sync column no write may change, and which
each node's ownership check holds fixed: gridapp.services.ownership), and sync sends a grid's node only the rows
of its own code. So a move is not a change of `unit_code` in place: it re-registers the records in the new grid
and closes them in the old one, in one transaction, with one change-log row each, so that every node ends the
same way whichever of the two grids it holds:

- a moved building and household is copied into the new grid (new id, same fields; a household keeps its
  building when the building moves too, else it has none) and the old row is tombstoned;
- each active resident of a moved household (and, when everything of the grid moves, each active resident
  without a household) is copied into the new grid (new id, every field, `status_date` = the move date, shown as
  迁入日期) and the old record is set to 迁出 (`moved_out`) on that date: the old grid keeps the person's history
  (visits, patrols, party rows keep pointing at it); the resident's live tags and special-group records are
  carried over (copied, the old ones tombstoned), so no list shows them twice;
- residents who already left (迁出, 死亡) stay in the old grid as its history.

The old grid's node receives the tombstones and the 迁出 status; the new grid's node the new rows; the nodes above
both. The act is audited once (counts, both grids).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from gridapp.core import codes
from gridapp.core.errors import NotFound, ValidationError
from gridapp.db.derived import derived_columns
from gridapp.db.models import SYNC_COLUMNS, Building, Household, Resident, ResidentTag, SpecialGroupRecord
from gridapp.sync.changelog import ChangeWriter

from .base import DatedView


@dataclass(frozen=True)
class GridRecords:
    """What a grid holds that can be moved (the move dialog's lists)."""

    # (id, name, address, live households in it)
    buildings: list[tuple[str, str, str | None, int]] = field(default_factory=list)
    # (id, address, head's name, active residents, building id)
    households: list[tuple[str, str, str | None, int, str | None]] = field(default_factory=list)
    loose_residents: int = 0  # active residents without a household

    @property
    def empty(self) -> bool:
        return not (self.buildings or self.households or self.loose_residents)


@dataclass(frozen=True)
class MoveResult(DatedView):
    from_code: str
    to_code: str
    on: dt.date
    buildings: int
    households: int
    residents: int
    # old id → new id, per kind ("building", "household", "resident")
    ids: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.from_code, "to": self.to_code, "on": self.on.isoformat(), "buildings": self.buildings,
                "households": self.households, "residents": self.residents, "ids": self.ids}

    @property
    def text(self) -> str:
        return (f"已将 {self.buildings} 栋楼、{self.households} 户、{self.residents} 名在册居民从网格 {self.from_code} "
                f"移交到网格 {self.to_code}（{self.on}）")


def _copy(model: type, row: Any) -> dict[str, Any]:
    """A row's own fields (not the sync columns, not the derived ones), to insert as a new row."""
    skip = set(SYNC_COLUMNS) | set(derived_columns(model))
    return {c.key: getattr(row, c.key) for c in model.__table__.columns if c.key not in skip}  # type: ignore[attr-defined]


def grid_records(s: Any, code: str) -> GridRecords:
    live_res = (Resident.deleted.is_(False), Resident.status == "active")
    counts = dict(s.execute(select(Resident.household_id, func.count()).where(
        Resident.unit_code == code, *live_res).group_by(Resident.household_id)).tuples().all())
    heads = dict(s.execute(select(Resident.household_id, Resident.name).where(
        Resident.unit_code == code, *live_res, Resident.relation_to_head == codes.HEAD_RELATION)).tuples().all())
    households = list(s.execute(select(Household).where(Household.unit_code == code, Household.deleted.is_(False))
                                .order_by(Household.address, Household.id)).scalars())
    in_building: dict[str, int] = {}
    for h in households:
        if h.building_id:
            in_building[h.building_id] = in_building.get(h.building_id, 0) + 1
    buildings = [(b.id, b.name, b.address, in_building.get(b.id, 0)) for b in s.execute(
        select(Building).where(Building.unit_code == code, Building.deleted.is_(False))
        .order_by(Building.name, Building.id)).scalars()]
    return GridRecords(buildings, [(h.id, h.address, heads.get(h.id), counts.get(h.id, 0), h.building_id)
                                   for h in households], counts.get(None, 0))


def _named(s: Any, model: Any, ids: Sequence[str], from_code: str, noun: str, label: str) -> list[Any]:
    """The live rows of `model` named by `ids` (each once, in order), every one of grid `from_code`; the first
    that is not is refused, naming it by its `label` attribute."""
    rows = []
    for rid in dict.fromkeys(ids):
        row = s.get(model, rid)
        if row is None or row.deleted:
            raise NotFound(f"找不到{noun} {rid}。", field=noun)
        if row.unit_code != from_code:
            raise ValidationError(f"{noun}“{getattr(row, label)}”不属于网格 {from_code}。", field=noun)
        rows.append(row)
    return rows


def move(s: Any, w: ChangeWriter, from_code: str, to_code: str, *, households: Sequence[str] = (),
         buildings: Sequence[str] = (), everything: bool = False, on: dt.date) -> MoveResult:
    """Move the named buildings (with every household in them) and households (with their active residents) of
    grid `from_code` into grid `to_code`, or everything the grid holds. The caller has checked the grids (both
    in scope, the target live) and writes the audit row; nothing is written when a named row is refused."""
    moved_b: list[Building] = _named(s, Building, buildings, from_code, "楼栋", "name")
    moved_h: dict[str, Household] = {h.id: h for h in _named(s, Household, households, from_code, "户", "address")}
    if everything:
        moved_b = list(s.execute(select(Building).where(Building.unit_code == from_code,
                                                        Building.deleted.is_(False))).scalars())
        moved_h = {h.id: h for h in s.execute(select(Household).where(
            Household.unit_code == from_code, Household.deleted.is_(False))).scalars()}
    elif moved_b:  # a building moves with every household in it
        for h in s.execute(select(Household).where(Household.building_id.in_([b.id for b in moved_b]),
                                                   Household.deleted.is_(False))).scalars():
            moved_h.setdefault(h.id, h)
    if not (moved_b or moved_h or everything):
        raise ValidationError("请选择要移交的户或楼栋。", field="户")
    residents = list(s.execute(select(Resident).where(
        Resident.unit_code == from_code, Resident.deleted.is_(False), Resident.status == "active",
        Resident.household_id.in_(list(moved_h)) if not everything else Resident.id.is_not(None))
        .order_by(Resident.id)).scalars())
    ids: dict[str, dict[str, str]] = {"building": {}, "household": {}, "resident": {}}
    # the new rows first (a household after its building, a resident after its household: the receivers'
    # ownership check reads them in this order), then the old rows closed
    for b in moved_b:
        ids["building"][b.id] = w.insert(Building, {**_copy(Building, b), "unit_code": to_code})
    for h in moved_h.values():
        ids["household"][h.id] = w.insert(Household, {**_copy(Household, h), "unit_code": to_code,
                                                       "building_id": ids["building"].get(h.building_id or "")})
    old_res = [r.id for r in residents]
    copies = [(r.id, _copy(Resident, r)) for r in residents]
    for rid, _values in copies:  # 迁出 first: the person is never active twice
        w.update(Resident, rid, {"status": "moved_out", "status_date": on})
    for rid, values in copies:
        ids["resident"][rid] = w.insert(Resident, {
            **values, "unit_code": to_code, "status": "active", "status_date": on,
            "household_id": ids["household"].get(values.get("household_id") or "")})
    if old_res:
        for model in (ResidentTag, SpecialGroupRecord):
            for row in list(s.execute(select(model).where(model.resident_id.in_(old_res),
                                                          model.deleted.is_(False))).scalars()):
                w.insert(model, {**_copy(model, row), "unit_code": to_code,
                                 "resident_id": ids["resident"][row.resident_id]})
                w.delete(model, row.id)
    for h in moved_h.values():
        w.delete(Household, h.id)
    for b in moved_b:
        w.delete(Building, b.id)
    return MoveResult(from_code, to_code, on, len(moved_b), len(moved_h), len(residents), ids)
