"""Finding a unit's households by address or head's name, for the forms that link a record to a household
(a police visit, a 小家训 record). A query helper shared by the area services, not an area of its own."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from gridapp.core import codes
from gridapp.db.models import Household, Resident


def like_escaped(text: str) -> str:
    """`text` for a LIKE pattern with escape character "\\": its own %, _ and \\ match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matching_households(s: Any, unit_code: str, query: str, limit: int) -> list[tuple[str, str, str, str | None]]:
    """Live households in `unit_code`'s subtree whose address or head's name contains `query` (all when empty):
    (id, grid code, address, head's name or None), in grid and address order, at most `limit`; one row per
    household even where a sync race left it two heads."""
    q = like_escaped(query.strip())
    head = (select(Resident.household_id, Resident.name).where(
        Resident.unit_code.startswith(unit_code), Resident.relation_to_head == codes.HEAD_RELATION,
        Resident.deleted.is_(False), Resident.status == "active").subquery())
    stmt = (select(Household.id, Household.unit_code, Household.address, head.c.name)
            .outerjoin(head, head.c.household_id == Household.id)
            .where(Household.unit_code.startswith(unit_code), Household.deleted.is_(False)))
    if q:
        stmt = stmt.where(Household.address.like(f"%{q}%", escape="\\") | head.c.name.like(f"%{q}%", escape="\\"))
    rows = s.execute(stmt.order_by(Household.unit_code, Household.address).limit(limit * 2)).all()
    seen: dict[str, tuple[str, str, str, str | None]] = {}
    for hid, grid, address, name in rows:
        seen.setdefault(hid, (hid, grid, address, name))
    return list(seen.values())[:limit]
