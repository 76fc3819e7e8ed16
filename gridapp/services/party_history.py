"""The party network's history and the consequences other areas share (issue 17), kept apart from the party
area (services.party) so that the registry (a resident 迁出 or dies) and the grids' record moves (移交) may write
them in their own transaction without reaching into another area:

- `record_history`: one party_history entry (synced, append only): who did what, when, in which unit; entries
  about a membership are marked sensitive (political views: read only with Perm.SENSITIVE);
- `set_member_tag`: the 党员 care tag follows the membership;
- `revoke_centre`: 撤销中心户 with its links, each with an entry;
- `resident_left`, `household_left`, `records_moved`: a person or household leaving the grid takes the party
  rows with it, so nothing stays pointing at someone no longer on the grid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from gridapp.core.orgcode import is_within
from gridapp.db.models import (
    PartyCentre,
    PartyCentreLink,
    PartyHistory,
    PartyMembership,
    PartyOrg,
    Resident,
    ResidentTag,
)
from gridapp.domain import party as rules
from gridapp.sync.changelog import ChangeWriter

MEMBER_TAG = "党员"  # the care tag that follows a membership (codes.CARE_TAGS; sensitive: SENSITIVE_CARE_TAGS)


def record_history(db: Any, s: Any, action: str, unit_code: str, actor: str, on: dt.date, *,
                   resident_id: str | None = None, centre_id: str | None = None, household_id: str | None = None,
                   status: str | None = None, detail: str | None = None) -> str:
    """Append one party_history entry (synced, append only) in the caller's transaction."""
    assert action in rules.HISTORY_ACTIONS, action
    return ChangeWriter(db, s).insert(PartyHistory, {
        "unit_code": unit_code, "action": action, "on_date": on, "resident_id": resident_id,
        "centre_id": centre_id, "household_id": household_id, "status": status,
        "detail": (detail or "")[:rules.DETAIL_MAX] or None, "actor": (actor or "")[:50] or "—",
        "sensitive": action in rules.MEMBERSHIP_ACTIONS})


def set_member_tag(db: Any, s: Any, resident: Resident, present: bool) -> bool:
    """The 党员 care tag follows the membership: added when one is recorded, removed (every live copy: the same
    tag added on two nodes is two rows) when it ends. Returns whether a tag changed."""
    live = list(s.execute(select(ResidentTag.id).where(ResidentTag.resident_id == resident.id,
                                                       ResidentTag.tag == MEMBER_TAG,
                                                       ResidentTag.deleted.is_(False))).scalars())
    if present and not live:
        ChangeWriter(db, s).insert(ResidentTag, {"unit_code": resident.unit_code, "resident_id": resident.id,
                                                 "tag": MEMBER_TAG, "since": None, "note": None})
        return True
    if not present and live:
        w = ChangeWriter(db, s)
        for tid in live:
            w.delete(ResidentTag, tid)
        return True
    return False


def revoke_centre(db: Any, s: Any, centre: PartyCentre, reason: str, actor: str, on: dt.date) -> int:
    """撤销 a 中心户: its links end (each an `unlinked` entry), then the centre (a `centre_revoked` entry with the
    reason). Returns the number of links ended."""
    w = ChangeWriter(db, s)
    m = s.get(PartyMembership, centre.member_id)
    links = list(s.execute(select(PartyCentreLink).where(PartyCentreLink.centre_id == centre.id,
                                                         PartyCentreLink.deleted.is_(False))).scalars())
    for link in links:
        w.delete(PartyCentreLink, link.id)
        record_history(db, s, "unlinked", centre.unit_code, actor, on, centre_id=centre.id,
                       household_id=link.household_id, detail=f"中心户撤销：{reason}")
    w.delete(PartyCentre, centre.id)
    record_history(db, s, "centre_revoked", centre.unit_code, actor, on, centre_id=centre.id,
                   household_id=centre.household_id, resident_id=m.resident_id if m is not None else None,
                   detail=reason)
    return len(links)


def resident_left(db: Any, s: Any, resident: Resident, status: str, on: dt.date, actor: str) -> None:
    """A resident leaves the grid (迁出 `moved_out`, 死亡 `deceased`): his membership ends with an entry saying
    why, a 中心户 he serves is revoked (its links end), and the 党员 tag that came with it goes, in the caller's
    transaction. Nothing stays pointing at a person no longer on the grid."""
    if status not in ("moved_out", "deceased"):
        return
    why = rules.HISTORY_ACTIONS[status]
    m = s.execute(select(PartyMembership).where(PartyMembership.resident_id == resident.id,
                                                PartyMembership.deleted.is_(False))).scalar()
    if m is not None:
        for c in s.execute(select(PartyCentre).where(PartyCentre.member_id == m.id,
                                                     PartyCentre.deleted.is_(False))).scalars().all():
            revoke_centre(db, s, c, f"党员{resident.name}{why}", actor, on)
        ChangeWriter(db, s).delete(PartyMembership, m.id)
        record_history(db, s, status, resident.unit_code, actor, on, resident_id=resident.id, status=m.status,
                       detail=f"{why}（{on}）")
        set_member_tag(db, s, resident, False)  # a tag without a membership is the registry's (the check names it)


def records_moved(db: Any, s: Any, residents: dict[str, str], households: Sequence[str], to_code: str,
                  to_name: str, on: dt.date, actor: str) -> None:
    """移交 (services.record_moves: households and their residents copied into grid `to_code`, the old rows closed):
    each 中心户 on a moved household or served by a moved member is revoked and each moved household's link
    ends (a 中心户 links households of its own grid only); a moved member's membership follows the new record
    (`residents`: old id → new id), its 组织关系 kept when the organisation sits above the new grid; the old one
    ends with a 迁出 entry, the new one starts with a 登记党员 entry saying where from."""
    reason = f"随户移交至{to_name}"
    for hid in households:
        household_left(db, s, hid, reason, on, actor)
    if not residents:
        return
    w = ChangeWriter(db, s)
    for m in list(s.execute(select(PartyMembership).where(PartyMembership.resident_id.in_(list(residents)),
                                                          PartyMembership.deleted.is_(False))).scalars()):
        for c in s.execute(select(PartyCentre).where(PartyCentre.member_id == m.id,
                                                     PartyCentre.deleted.is_(False))).scalars().all():
            revoke_centre(db, s, c, reason, actor, on)
        org = s.get(PartyOrg, m.org_id) if m.org_id else None
        keep = org is not None and not org.deleted and is_within(to_code, org.unit_code)
        new_rid = residents[m.resident_id]
        w.delete(PartyMembership, m.id)
        record_history(db, s, "moved_out", m.unit_code, actor, on, resident_id=m.resident_id, status=m.status,
                       detail=reason)
        w.insert(PartyMembership, {"unit_code": to_code, "resident_id": new_rid, "status": m.status,
                                   "org_id": m.org_id if keep else None, "joined_on": m.joined_on, "note": m.note})
        record_history(db, s, "joined", to_code, actor, on, resident_id=new_rid, status=m.status,
                       detail=f"随户移交自网格 {m.unit_code}" + ("" if keep or not org else f"；原组织关系{org.name}待重新确定"))


def household_left(db: Any, s: Any, household_id: str, reason: str, on: dt.date, actor: str) -> None:
    """A household leaves the grid (moved to another grid: the old row is tombstoned): a 中心户 on it is revoked
    and its links to a 中心户 end, each with an entry."""
    for c in s.execute(select(PartyCentre).where(PartyCentre.household_id == household_id,
                                                 PartyCentre.deleted.is_(False))).scalars().all():
        revoke_centre(db, s, c, reason, actor, on)
    w = ChangeWriter(db, s)
    for link in s.execute(select(PartyCentreLink).where(PartyCentreLink.household_id == household_id,
                                                        PartyCentreLink.deleted.is_(False))).scalars().all():
        w.delete(PartyCentreLink, link.id)
        record_history(db, s, "unlinked", link.unit_code, actor, on, centre_id=link.centre_id,
                       household_id=household_id, detail=reason)
