"""Party network on the grids (党建网格, issue 17): party organisations on the org tree, party membership,
党员中心户 with their linked households (联系户), the 挂包联系 contact log, and the checks the plan implies.

Rules (gridapp.domain.party) are refused with the rule named: a branch only on a grid (党支部建在网格上), a
group only on a building of its own grid (党小组设在楼栋里), a 中心户 links households of its own grid only, a
member is a resident on record.

Party membership is political views, sensitive personal information (PIPL Art. 28): read and written only with
Perm.SENSITIVE, every read audited as a view; a role without it sees the field masked ("（无权查看）") and may not
list members. A 党员中心户 and an organisation's secretary are public roles (the plaque on the door): shown by
name to every reader of the grid, without the membership's details.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from sqlalchemy import func, select

from gridapp.core import codes
from gridapp.core.errors import NotFound, PermissionDenied, ValidationError
from gridapp.core.orgcode import ancestors, is_within
from gridapp.core.permissions import Perm
from gridapp.core.progress import Progress
from gridapp.db.models import (
    Building,
    Household,
    OrgUnit,
    PartyCentre,
    PartyCentreLink,
    PartyContact,
    PartyHistory,
    PartyMembership,
    PartyOrg,
    Resident,
    ResidentTag,
    UnitAssignment,
    User,
)
from gridapp.domain import party as rules
from gridapp.domain.indicators import PARTY_COVERAGE, ItemList, rate
from gridapp.domain.party import (  # the checks: names and words in domain, so the UI reads them without the services
    CHECK_CENTRE,
    CHECK_CHIEF,
    CHECK_DETAILS,
    CHECK_MISMATCH,
    CHECK_NO_BRANCH,
    CHECK_NO_GROUP,
    CHECK_UNLINKED,
    said_text,
)
from gridapp.sync.changelog import ChangeWriter

from . import paging
from .base import ScopedService
from .party_history import MEMBER_TAG, record_history, revoke_centre, set_member_tag
from .unitnames import labels_of

MASK = rules.REFUSED_MASK
T = TypeVar("T")


def _ruled(check: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`check(*args, **kwargs)` of domain.party, its PartyRuleError refused as a ValidationError (same words,
    same field)."""
    try:
        return check(*args, **kwargs)
    except rules.PartyRuleError as e:
        raise ValidationError(str(e), field=e.field) from None


@dataclass(frozen=True)
class OrgView:
    id: str
    kind: str
    kind_label: str
    name: str
    unit_code: str
    unit_name: str
    building_id: str | None
    building_name: str
    secretary_name: str
    parent_id: str | None  # the organisation above it in the network (derived from the tree)
    members: int | None  # None: not shown to this role (counts of a sensitive field)
    note: str | None = None


@dataclass(frozen=True)
class MemberView:
    id: str
    resident_id: str
    name: str
    unit_code: str
    status: str  # code, or MASK
    status_label: str
    org_id: str | None
    org_name: str
    joined_on: dt.date | None
    masked: bool = False
    unit_name: str = ""  # the grid with its community (unitnames.labels_of)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "resident_id": self.resident_id, "name": self.name, "unit_code": self.unit_code,
                "unit": self.unit_name, "status": self.status_label, "org": self.org_name,
                "joined_on": self.joined_on.isoformat() if self.joined_on else None}


@dataclass(frozen=True)
class CentreView:
    id: str
    household_id: str
    address: str
    unit_code: str
    member_resident_id: str
    member_name: str
    group_id: str | None
    group_name: str
    since: dt.date | None
    links: int
    unit_name: str = ""  # the grid with its community (unitnames.labels_of)

    @property
    def problem(self) -> str | None:
        return rules.CentreLoad(self.links).problem

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "household_id": self.household_id, "address": self.address,
                "unit_code": self.unit_code, "unit": self.unit_name, "member": self.member_name, "group": self.group_name,
                "since": self.since.isoformat() if self.since else None, "links": self.links}


@dataclass(frozen=True)
class HistoryView:
    """One party_history entry as shown: the person (or 中心户) by name and address, codes as labels."""

    id: str
    on_date: dt.date
    at: str  # when it was written, Beijing time
    action: str
    action_label: str
    unit_code: str
    unit_name: str
    resident_id: str | None
    name: str
    centre_id: str | None
    address: str
    status_label: str
    detail: str
    actor: str
    sensitive: bool
    household_address: str = ""  # `address` is this, with its 中心户's for a link: the parts for the UI's language
    centre_address: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.on_date.isoformat(), "at": self.at, "action": self.action,
                "action_label": self.action_label, "unit_code": self.unit_code, "unit": self.unit_name,
                "resident_id": self.resident_id, "name": self.name, "centre_id": self.centre_id,
                "address": self.address, "status": self.status_label, "detail": self.detail, "actor": self.actor}


@dataclass(frozen=True)
class LinkView:
    id: str
    household_id: str
    address: str
    head: str
    since: dt.date | None


@dataclass(frozen=True)
class LinkCandidate:
    """A household the 联系户 picker offers. state: "linked" (to this 中心户), "other" (to another one, named in
    `other`), "self" (the 中心户 itself), "" (not linked)."""

    household_id: str
    address: str
    head: str
    state: str
    other: str = ""


@dataclass(frozen=True)
class MemberCandidate:
    """A resident offered by the 登记党员 / 设为中心户 dialogs, with the membership they have now ("" none)."""

    resident_id: str
    name: str
    id_number: str  # masked
    unit_code: str
    address: str
    status_label: str
    household_id: str | None = None
    building_id: str | None = None  # the household's building (its 党小组 is the 中心户's default group)
    unit_name: str = ""  # the grid with its community (unitnames.labels_of)


@dataclass(frozen=True)
class ContactView:
    id: str
    contact_date: dt.date
    unit_code: str
    household_id: str
    address: str
    contact_by: str
    content: str
    issue: str | None
    event_id: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.contact_date.isoformat(), "unit_code": self.unit_code,
                "address": self.address, "contact_by": self.contact_by, "content": self.content,
                "issue": self.issue, "event_id": self.event_id}


@dataclass(frozen=True)
class CheckItem:
    rule: str  # the check's name, as shown
    unit_code: str
    subject: str  # what it is about (a grid, building, community, 中心户, household)
    detail: str
    unit_name: str = ""  # the unit as people name it (a grid with its community: unitnames.labels_of)
    # the detail as a code and its parameters (a UI in another language words it from these; CHECK_DETAILS)
    code: str = ""
    args: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "unit_code": self.unit_code, "unit": self.unit_name, "subject": self.subject,
                "detail": self.detail}


@dataclass
class CheckReport:
    items: list[CheckItem] = field(default_factory=list)
    households: int = 0
    covered: int = 0  # households linked to a 中心户 (or being one)

    @property
    def coverage(self) -> float:
        return rate(self.covered, self.households) or 0.0  # PARTY_COVERAGE

    def as_dict(self) -> dict[str, Any]:
        counts = Counter(i.rule for i in self.items)
        return {"households": self.households, "covered": self.covered, "coverage": round(self.coverage, 4),
                "counts": dict(counts), "items": [i.as_dict() for i in self.items]}


@dataclass(frozen=True)
class Coverage:
    """党员联系户覆盖率 of a unit (gridapp.domain.indicators.PARTY_COVERAGE): information, no target."""

    unit_code: str
    unit_name: str
    covered: int
    households: int

    @property
    def value(self) -> float | None:
        return rate(self.covered, self.households)

    def as_dict(self) -> dict[str, Any]:
        v = self.value
        return {"key": PARTY_COVERAGE.key, "name": PARTY_COVERAGE.name, "unit_code": self.unit_code,
                "covered": self.covered, "households": self.households,
                "value": None if v is None else round(v, 4)}


PARTY_POLITICAL = frozenset(rules.MEMBER_STATUS)  # 政治面貌 01 中共党员, 02 中共预备党员


class PartyService(ScopedService):
    """The party network of the user's scope (organisations above it are read too: they flow down)."""

    audit_table = "party_org"

    # -- helpers --------------------------------------------------------------------------------------
    def _unit(self, s: Any, code: str) -> OrgUnit:
        unit = s.execute(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))).scalar()
        if unit is None:
            raise NotFound(f"单位 {code} 不存在。", field="单位")
        return unit

    def _visible_org(self, s: Any, org_id: str, what: str = "党组织") -> PartyOrg:
        """An organisation in scope or above it (the network above flows down and may be referred to)."""
        row = s.get(PartyOrg, org_id) if org_id else None
        if row is None or row.deleted or not (is_within(row.unit_code, self.scope)
                                              or row.unit_code in ancestors(self.scope)):
            raise NotFound(f"找不到该{what}。", field=what)
        return row

    def _resident(self, s: Any, resident_id: str, what: str = "居民") -> Resident:
        row = s.get(Resident, resident_id) if resident_id else None
        if row is None or row.deleted or row.status != "active" or not is_within(row.unit_code, self.scope):
            raise NotFound(f"本单位范围内找不到该{what}的居民档案（规则：党员须有居民档案）。", field=what)
        return row

    def resident_id(self, key: str) -> str:
        """A resident in scope by record id or full ID number (for the command line)."""
        return self._resident_by_key(key, "党员须有居民档案；")

    def household_id(self, key: str) -> str:
        """A household in scope by id, or by its exact address (for the command line)."""
        key = (key or "").strip()
        with self.db.read() as s:
            row = s.get(Household, key) if len(key) == 32 else None
            if row is None:
                rows = list(s.execute(select(Household).where(Household.address == key, Household.deleted.is_(False),
                                                              Household.unit_code.startswith(self.scope))).scalars())
                if len(rows) > 1:
                    raise ValidationError(f"地址“{key}”对应多户，请给出户编号。", field="户")
                row = rows[0] if rows else None
            if row is None or row.deleted or not is_within(row.unit_code, self.scope):
                raise NotFound(f"本单位范围内找不到户“{key}”。", field="户")
            return row.id

    # -- organisations --------------------------------------------------------------------------------
    def add_org(self, kind: str, unit_code: str, *, name: str | None = None, building_id: str | None = None,
                secretary_resident_id: str | None = None, secretary_username: str | None = None,
                secretary_name: str | None = None, note: str | None = None) -> str:
        """Set up a party organisation on a unit of the user's scope (a group on a building of the grid)."""
        self._need(Perm.EDIT)
        kind = _ruled(rules.kind_of, kind)
        with self.db.write() as s:
            self.principal.require_scope(unit_code, "党组织所在单位")
            unit = self._unit(s, unit_code)
            if unit.retired_on is not None:
                raise ValidationError(f"{unit.name}已撤销，不能新建党组织。", field="单位")
            building = None
            if building_id:
                building = s.get(Building, building_id)
                if building is None or building.deleted:
                    raise NotFound("找不到所选楼栋。", field="楼栋")
            _ruled(rules.check_placement, kind, unit.level,
                   building_grid=building.unit_code if building else None, unit_code=unit_code)
            live = select(PartyOrg).where(PartyOrg.unit_code == unit_code, PartyOrg.deleted.is_(False))
            if kind == "group":
                dup = s.execute(live.where(PartyOrg.kind == "group", PartyOrg.building_id == building_id)).scalar()
            elif kind in ("committee", "general_branch"):
                dup = s.execute(live.where(PartyOrg.kind.in_(("committee", "general_branch")))).scalar()
            else:
                dup = s.execute(live.where(PartyOrg.kind == kind)).scalar()
            if dup is not None:
                raise ValidationError(f"{unit.name}{'的' + building.name if building else ''}已有{dup.name}，"
                                      "不能重复设立。", field="类别")
            label = rules.kind_label(kind)
            name = (name or "").strip() or (f"{building.name}党小组" if building else f"{unit.name}{label}")
            if len(name) > 100:
                raise ValidationError("党组织名称不能超过 100 个字。", field="名称")
            sec = self._secretary(s, secretary_resident_id, secretary_username, secretary_name)
            w = ChangeWriter(self.db, s)
            new_id = w.insert(PartyOrg, {"unit_code": unit_code, "kind": kind, "name": name,
                                         "building_id": building_id or None, **sec,
                                         "note": (note or "").strip() or None})
            self._audit(s, "create", new_id, unit_code, {"kind": kind})
            return new_id

    def _secretary(self, s: Any, resident_id: str | None, username: str | None, name: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {"secretary_resident_id": None, "secretary_username": None,
                               "secretary_name": (name or "").strip() or None}
        if resident_id:
            row = self._resident(s, resident_id, "书记")
            out["secretary_resident_id"], out["secretary_name"] = row.id, row.name
        elif username:
            user = s.execute(select(User).where(User.username == username.strip())).scalar()
            if user is None:
                raise NotFound(f"找不到用户“{username}”。", field="书记")
            out["secretary_username"], out["secretary_name"] = user.username, user.display_name or user.username
        if out["secretary_name"] is not None and len(out["secretary_name"]) > 50:
            raise ValidationError("书记姓名不能超过 50 个字。", field="书记")
        return out

    def placement_choices(self) -> tuple[list[tuple[str, str, str]], dict[str, list[tuple[str, str]]]]:
        """Where an organisation may be set up: the units of the scope as (code, name, level), top down, and the
        buildings of each grid as (id, name)."""
        self._need(Perm.READ)
        with self.db.read() as s:
            units = [(c, n, lv) for c, n, lv in s.execute(select(OrgUnit.code, OrgUnit.name, OrgUnit.level).where(
                OrgUnit.deleted.is_(False), OrgUnit.retired_on.is_(None), OrgUnit.code.startswith(self.scope),
                OrgUnit.level.in_(("town", "community", "grid")))).tuples()]
            buildings: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for bid, name, unit in s.execute(select(Building.id, Building.name, Building.unit_code).where(
                    Building.deleted.is_(False), Building.unit_code.startswith(self.scope))
                    .order_by(Building.unit_code, func.length(Building.name), Building.name)).tuples():
                buildings[unit].append((bid, name))
        units.sort(key=lambda u: (len(u[0]), u[0]))
        return units, dict(buildings)

    def set_secretary(self, org_id: str, *, resident_id: str | None = None, username: str | None = None,
                      name: str | None = None) -> None:
        """Name an organisation's secretary (书记; a group's 组长): a resident, a user, or a name alone."""
        self._need(Perm.EDIT)
        with self.db.write() as s:
            org = self._live(s, PartyOrg, org_id, "党组织")
            sec = self._secretary(s, resident_id, username, name)
            ChangeWriter(self.db, s).update(PartyOrg, org_id, sec)
            self._audit(s, "edit", org_id, org.unit_code, {"fields": ["secretary"]})

    def remove_org(self, org_id: str) -> None:
        """Dissolve an organisation (tombstone): refused while members or 中心户 still belong to it."""
        self._need(Perm.EDIT)
        with self.db.write() as s:
            org = self._live(s, PartyOrg, org_id, "党组织")
            used = (s.execute(select(func.count()).select_from(PartyMembership).where(
                PartyMembership.org_id == org_id, PartyMembership.deleted.is_(False))).scalar() or 0) + (
                s.execute(select(func.count()).select_from(PartyCentre).where(
                    PartyCentre.group_id == org_id, PartyCentre.deleted.is_(False))).scalar() or 0)
            if used:
                raise ValidationError(f"{org.name}仍有党员或中心户隶属，请先转出。", field="党组织")
            ChangeWriter(self.db, s).delete(PartyOrg, org_id)
            self._audit(s, "delete", org_id, org.unit_code)

    def orgs(self) -> list[OrgView]:
        """The network: organisations above the user's unit and in its scope, top down (town, community, grid,
        building), each with the organisation above it."""
        self._need(Perm.READ)
        sensitive = self._may(Perm.SENSITIVE)
        above = ancestors(self.scope)
        with self.db.read() as s:
            rows = list(s.execute(select(PartyOrg).where(PartyOrg.deleted.is_(False))).scalars())
            rows = [r for r in rows if is_within(r.unit_code, self.scope) or r.unit_code in above]
            units = labels_of(s, {r.unit_code for r in rows})
            bids = [r.building_id for r in rows if r.building_id]
            buildings = dict(s.execute(select(Building.id, Building.name).where(Building.id.in_(bids))).tuples().all()) \
                if bids else {}
            counts: dict[str, int] = {}
            if sensitive:
                counts = {k: n for k, n in s.execute(select(PartyMembership.org_id, func.count()).where(
                    PartyMembership.deleted.is_(False)).group_by(PartyMembership.org_id)).tuples() if k}
        by_unit: dict[str, list[PartyOrg]] = defaultdict(list)
        for r in rows:
            by_unit[r.unit_code].append(r)

        def parent(r: PartyOrg) -> str | None:
            if r.kind == "group":
                branch = [o for o in by_unit.get(r.unit_code, []) if o.kind == "branch"]
                if branch:
                    return branch[0].id
            for code in reversed(ancestors(r.unit_code)):
                cands = [o for o in by_unit.get(code, []) if o.kind != "group"]
                if cands:
                    return cands[0].id
            return None

        order = {k: i for i, k in enumerate(rules.ORG_KINDS)}
        rows.sort(key=lambda r: (len(r.unit_code), r.unit_code, order.get(r.kind, 9),
                                 buildings.get(r.building_id or "", ""), r.name))
        return [OrgView(r.id, r.kind, rules.kind_label(r.kind), r.name, r.unit_code, units.get(r.unit_code, ""),
                        r.building_id, buildings.get(r.building_id or "", ""), r.secretary_name or "", parent(r),
                        counts.get(r.id, 0) if sensitive else None, r.note) for r in rows]

    # -- members (sensitive) ---------------------------------------------------------------------------
    def set_member(self, resident_id: str, status: str, *, org_id: str | None = None,
                   joined_on: dt.date | None = None, note: str | None = None) -> str:
        """Record (or change) a resident's party membership; returns the membership id."""
        self._need(Perm.EDIT)
        self._need(Perm.SENSITIVE)
        code = _ruled(rules.status_of, status)
        with self.db.write() as s:
            row = self._resident(s, resident_id)
            _ruled(rules.check_joined, joined_on, row.birth_date, self.today())
            if org_id:
                org = self._visible_org(s, org_id, "组织关系所在党组织")
                if not (is_within(row.unit_code, org.unit_code)):
                    raise ValidationError(f"{org.name}不在{row.name}所在网格或其上级（规则：组织关系在本网格或上级党组织）。",
                                          field="党组织")
                if org.kind == "group":
                    raise ValidationError("组织关系须在党支部（或党委、党总支），不在党小组（规则：组织关系所在党组织）。",
                                          field="党组织")
            values = {"status": code, "org_id": org_id or None, "joined_on": joined_on,
                      "note": (note or "").strip() or None}
            w = ChangeWriter(self.db, s)
            cur = s.execute(select(PartyMembership).where(PartyMembership.resident_id == row.id,
                                                          PartyMembership.deleted.is_(False))).scalar()
            today = self.today()
            if cur is None:
                mid = w.insert(PartyMembership, {**values, "unit_code": row.unit_code, "resident_id": row.id})
                action = "create"
                record_history(self.db, s, "joined", row.unit_code, self._username, today, resident_id=row.id,
                               status=code, detail=self._org_text(s, org_id))
            else:
                mid = cur.id
                changed = {k: v for k, v in values.items() if getattr(cur, k) != v}
                was = cur.status
                if changed:
                    w.update(PartyMembership, mid, changed)
                said = []
                if "status" in changed:
                    said.append(f"{rules.MEMBER_STATUS.get(was, was)}→{rules.MEMBER_STATUS[code]}")
                if "org_id" in changed:
                    said.append(f"组织关系：{self._org_text(s, org_id) or '未定'}")
                if "joined_on" in changed:
                    said.append(f"入党日期：{joined_on or '未填'}")
                if said:
                    record_history(self.db, s, "changed", row.unit_code, self._username, today, resident_id=row.id,
                                   status=code, detail="；".join(said))
                action = "edit"
            tagged = set_member_tag(self.db, s, row, True)
            self._audit(s, action, row.id, row.unit_code, {"tag_added": MEMBER_TAG} if tagged else None,
                        table="party_membership")
            return mid

    @staticmethod
    def _org_text(s: Any, org_id: str | None) -> str | None:
        org = s.get(PartyOrg, org_id) if org_id else None
        return org.name if org is not None else None

    def end_member(self, resident_id: str, *, to: str) -> bool:
        """组织关系转出 to `to` (where the relation goes, e.g. 转至张店区某街道党工委): the membership ends (tombstone)
        with a `transferred` history entry naming the destination, and the 党员 tag goes, in one transaction;
        refused while the member serves a 中心户 (撤销 it first, with its reason)."""
        self._need(Perm.EDIT)
        self._need(Perm.SENSITIVE)
        dest = _ruled(rules.check_text, to, "转往何处")
        with self.db.write() as s:
            row = self._resident(s, resident_id)
            cur = s.execute(select(PartyMembership).where(PartyMembership.resident_id == row.id,
                                                          PartyMembership.deleted.is_(False))).scalar()
            if cur is None:
                return False
            if s.execute(select(PartyCentre.id).where(PartyCentre.member_id == cur.id,
                                                      PartyCentre.deleted.is_(False))).first():
                raise ValidationError(f"{row.name}是党员中心户的党员，请先撤销中心户。", field="居民")
            ChangeWriter(self.db, s).delete(PartyMembership, cur.id)
            record_history(self.db, s, "transferred", row.unit_code, self._username, self.today(),
                           resident_id=row.id, status=cur.status, detail=dest)
            set_member_tag(self.db, s, row, False)
            self._audit(s, "delete", row.id, row.unit_code, {"transfer_to": dest}, table="party_membership")
            return True

    def membership_of(self, resident_id: str) -> MemberView | None:
        """A resident's membership as the resident's card shows it: audited; masked without Perm.SENSITIVE
        (the field reads "（无权查看）" whether or not there is one, so the mask tells nothing)."""
        self._need(Perm.READ)
        with self.db.write() as s:
            row = self._live(s, Resident, resident_id, "居民")  # moved-out residents too (their card)
            if not self._may(Perm.SENSITIVE):
                return MemberView("", row.id, row.name, row.unit_code, MASK, MASK, None, MASK, None, masked=True)
            cur = s.execute(select(PartyMembership).where(PartyMembership.resident_id == row.id,
                                                          PartyMembership.deleted.is_(False))).scalar()
            self._audit(s, "view", row.id, row.unit_code, table="party_membership")  # not whether there is one
            if cur is None:
                return None
            org = s.get(PartyOrg, cur.org_id) if cur.org_id else None
            return MemberView(cur.id, row.id, row.name, row.unit_code, cur.status,
                              rules.MEMBER_STATUS.get(cur.status, cur.status), cur.org_id,
                              org.name if org is not None and not org.deleted else "", cur.joined_on)

    def _members_scope(self, unit_code: str | None, refusal: str = "") -> str:
        """The unit (default the scope) whose members are read, in scope; refused without Perm.SENSITIVE (the
        membership is the sensitive field), `refusal` ending the message."""
        self._need(Perm.READ)
        if not self._may(Perm.SENSITIVE):
            raise PermissionDenied(f"当前用户“{self.principal.username}”（{self.principal.role.label_zh}）没有"
                                   f"“{Perm.SENSITIVE.label_zh}”的权限：党员信息属敏感个人信息（政治面貌）{refusal}。")
        scope = unit_code or self.scope
        self.principal.require_scope(scope, "单位")
        return scope

    def members(self, unit_code: str | None = None, *, org_id: str | None = None) -> list[MemberView]:
        """The party members in scope (or of one unit or organisation), by unit and name; audited as a view.
        Refused without Perm.SENSITIVE: the list itself is the sensitive field."""
        scope = self._members_scope(unit_code, "，不能查看名单")
        with self.db.write() as s:
            q = (select(PartyMembership, Resident.name).join(Resident, Resident.id == PartyMembership.resident_id)
                 .where(PartyMembership.deleted.is_(False), PartyMembership.unit_code.startswith(scope)))
            if org_id:
                q = q.where(PartyMembership.org_id == org_id)
            rows = s.execute(q.order_by(PartyMembership.unit_code, Resident.name)).all()
            orgs: dict[str, str] = dict(s.execute(select(PartyOrg.id, PartyOrg.name)).tuples().all())
            units = labels_of(s, {m.unit_code for m, _ in rows})
            self._audit(s, "view", None, scope, {"party_members": len(rows)}, table="party_membership")
            return [MemberView(m.id, m.resident_id, name, m.unit_code, m.status,
                               rules.MEMBER_STATUS.get(m.status, m.status), m.org_id, orgs.get(m.org_id or "", ""),
                               m.joined_on, unit_name=units.get(m.unit_code, m.unit_code)) for m, name in rows]

    # -- 党员中心户 -------------------------------------------------------------------------------------
    def add_centre(self, household_id: str, member_resident_id: str, *, group_id: str | None = None,
                   since: dt.date | None = None, note: str | None = None) -> str:
        """Make a household a 党员中心户, served by its party member (a resident of that household)."""
        self._need(Perm.EDIT)
        self._need(Perm.SENSITIVE)  # it states a person is a party member
        with self.db.write() as s:
            hh = self._live(s, Household, household_id, "户")
            person = self._resident(s, member_resident_id, "中心户党员")
            if person.household_id != hh.id:
                raise ValidationError(f"{person.name}不是该户成员（规则：中心户是党员本人所在的户）。", field="党员")
            m = s.execute(select(PartyMembership).where(PartyMembership.resident_id == person.id,
                                                        PartyMembership.deleted.is_(False))).scalar()
            if m is None:
                raise ValidationError(f"{person.name}没有党员登记，请先登记党员（规则：中心户由党员担任）。",
                                      field="党员")
            if s.execute(select(PartyCentre.id).where(PartyCentre.household_id == hh.id,
                                                      PartyCentre.deleted.is_(False))).first():
                raise ValidationError(f"{hh.address}已是党员中心户。", field="户")
            if group_id:
                g = self._visible_org(s, group_id, "党小组")
                if not is_within(hh.unit_code, g.unit_code) or g.kind not in ("group", "branch"):
                    raise ValidationError(f"{g.name}不是本网格的党小组或党支部。", field="党小组")
            if since is not None and since > self.today():
                raise ValidationError("设立日期不能晚于今天。", field="设立日期")
            w = ChangeWriter(self.db, s)
            cid = w.insert(PartyCentre, {"unit_code": hh.unit_code, "household_id": hh.id, "member_id": m.id,
                                         "group_id": group_id or None, "since": since or self.today(),
                                         "note": (note or "").strip() or None})
            record_history(self.db, s, "centre_set", hh.unit_code, self._username, since or self.today(),
                           centre_id=cid, household_id=hh.id, resident_id=person.id)
            self._audit(s, "create", cid, hh.unit_code, {"household": hh.id}, table="party_centre")
            return cid

    def remove_centre(self, centre_id: str, reason: str) -> int:
        """撤销中心户 for `reason`: the centre and its links end (tombstones), each with a history entry, in one
        transaction. Returns the number of links ended."""
        self._need(Perm.EDIT)
        why = _ruled(rules.check_text, reason, "撤销原因")
        assert why is not None
        with self.db.write() as s:
            c = self._live(s, PartyCentre, centre_id, "党员中心户")
            n = revoke_centre(self.db, s, c, why, self._username, self.today())
            self._audit(s, "delete", centre_id, c.unit_code, {"reason": why, "unlinked": n}, table="party_centre")
            return n

    def link(self, centre_id: str, household_ids: list[str]) -> int:
        """Link households to a 中心户 (联系户): all or none; returns how many were new."""
        self._need(Perm.EDIT)
        with self.db.write() as s:
            c = self._live(s, PartyCentre, centre_id, "党员中心户")
            return self._link(s, c, household_ids)

    def relink(self, centre_id: str, *, add: Sequence[str] = (), remove: Sequence[str] = ()) -> tuple[int, int]:
        """The 联系户 picker's change in one go (all or none): unlink `remove`, then link `add` (households of the
        centre's grid only); returns (linked, unlinked)."""
        self._need(Perm.EDIT)
        with self.db.write() as s:
            c = self._live(s, PartyCentre, centre_id, "党员中心户")
            w = ChangeWriter(self.db, s)
            gone = 0
            if remove:
                for lid, hid in s.execute(select(PartyCentreLink.id, PartyCentreLink.household_id).where(
                        PartyCentreLink.centre_id == centre_id, PartyCentreLink.household_id.in_(list(remove)),
                        PartyCentreLink.deleted.is_(False))).tuples().all():
                    w.delete(PartyCentreLink, lid)
                    record_history(self.db, s, "unlinked", c.unit_code, self._username, self.today(),
                                   centre_id=centre_id, household_id=hid)
                    gone += 1
                if gone:
                    self._audit(s, "edit", centre_id, c.unit_code, {"unlinked": gone}, table="party_centre")
            s.flush()
            return self._link(s, c, list(add)), gone

    def _link(self, s: Any, c: PartyCentre, household_ids: list[str]) -> int:
        centre_id = c.id
        w = ChangeWriter(self.db, s)
        added = 0
        for n, hid in enumerate(dict.fromkeys(household_ids), start=1):
            hh = s.get(Household, hid)
            if hh is None or hh.deleted or not is_within(hh.unit_code, self.scope):
                raise NotFound(f"第 {n} 户：找不到该户。", field="联系户")
            try:
                rules.check_centre_link(c.unit_code, hh.unit_code)
            except rules.PartyRuleError as e:
                raise ValidationError(f"第 {n} 户（{hh.address}）：{e}", field="联系户") from None
            if hh.id == c.household_id:
                raise ValidationError(f"第 {n} 户（{hh.address}）是中心户本身，不必联系自己。", field="联系户")
            other = s.execute(select(PartyCentreLink.centre_id).where(
                PartyCentreLink.household_id == hh.id, PartyCentreLink.deleted.is_(False))).scalar()
            if other == centre_id:
                continue
            if other is not None:
                raise ValidationError(f"第 {n} 户（{hh.address}）已由另一中心户联系（规则：一户由一个中心户联系）。",
                                      field="联系户")
            w.insert(PartyCentreLink, {"unit_code": c.unit_code, "centre_id": centre_id, "household_id": hh.id,
                                       "since": self.today()})
            record_history(self.db, s, "linked", c.unit_code, self._username, self.today(), centre_id=centre_id,
                           household_id=hh.id)
            added += 1
        if added:
            self._audit(s, "edit", centre_id, c.unit_code, {"linked": added}, table="party_centre")
        return added

    def unlink(self, centre_id: str, household_id: str) -> bool:
        self._need(Perm.EDIT)
        with self.db.write() as s:
            c = self._live(s, PartyCentre, centre_id, "党员中心户")
            lid = s.execute(select(PartyCentreLink.id).where(
                PartyCentreLink.centre_id == centre_id, PartyCentreLink.household_id == household_id,
                PartyCentreLink.deleted.is_(False))).scalar()
            if lid is None:
                return False
            ChangeWriter(self.db, s).delete(PartyCentreLink, lid)
            record_history(self.db, s, "unlinked", c.unit_code, self._username, self.today(), centre_id=centre_id,
                           household_id=household_id)
            self._audit(s, "edit", centre_id, c.unit_code, {"unlinked": household_id}, table="party_centre")
            return True

    def centres(self, unit_code: str | None = None) -> list[CentreView]:
        """The 党员中心户 in scope (or one unit of it), by grid and address, with their number of links."""
        self._need(Perm.READ)
        scope = unit_code or self.scope
        self.principal.require_scope(scope, "单位")
        with self.db.read() as s:
            rows = s.execute(
                select(PartyCentre, Household.address, Resident.id, Resident.name)
                .join(Household, Household.id == PartyCentre.household_id)
                .join(PartyMembership, PartyMembership.id == PartyCentre.member_id)
                .join(Resident, Resident.id == PartyMembership.resident_id)
                .where(PartyCentre.deleted.is_(False), PartyCentre.unit_code.startswith(scope))
                .order_by(PartyCentre.unit_code, Household.address)).all()
            links: dict[str, int] = dict(s.execute(select(PartyCentreLink.centre_id, func.count()).where(
                PartyCentreLink.deleted.is_(False), PartyCentreLink.unit_code.startswith(scope))
                .group_by(PartyCentreLink.centre_id)).tuples().all())
            orgs: dict[str, str] = dict(s.execute(select(PartyOrg.id, PartyOrg.name)).tuples().all())
            units = labels_of(s, {c.unit_code for c, *_ in rows})
        return [CentreView(c.id, c.household_id, addr, c.unit_code, rid, name, c.group_id,
                           orgs.get(c.group_id or "", ""), c.since, links.get(c.id, 0),
                           units.get(c.unit_code, c.unit_code)) for c, addr, rid, name in rows]

    def centre_links(self, centre_id: str) -> list[LinkView]:
        """A 中心户's linked households (联系户) with their heads, by address."""
        self._need(Perm.READ)
        with self.db.read() as s:
            self._live(s, PartyCentre, centre_id, "党员中心户")
            rows = s.execute(select(PartyCentreLink.id, Household.id, Household.address, PartyCentreLink.since)
                             .join(Household, Household.id == PartyCentreLink.household_id)
                             .where(PartyCentreLink.centre_id == centre_id, PartyCentreLink.deleted.is_(False))
                             .order_by(Household.address)).all()
            heads = self._heads(s, [r[1] for r in rows])
        return [LinkView(lid, hid, addr, heads.get(hid, ""), since) for lid, hid, addr, since in rows]

    def link_candidates(self, centre_id: str) -> list[LinkCandidate]:
        """What the 联系户 picker offers: every household of the 中心户's grid (and no other), by address, each
        with its head and whether it is linked to this 中心户, to another one, or is the 中心户 itself."""
        self._need(Perm.READ)
        with self.db.read() as s:
            c = self._live(s, PartyCentre, centre_id, "党员中心户")
            self.principal.require_scope(c.unit_code, "党员中心户")
            rows = list(s.execute(select(Household.id, Household.address).where(
                Household.deleted.is_(False), Household.unit_code == c.unit_code)
                .order_by(func.length(Household.address), Household.address)).tuples())
            linked = dict(s.execute(select(PartyCentreLink.household_id, PartyCentreLink.centre_id).where(
                PartyCentreLink.deleted.is_(False), PartyCentreLink.unit_code == c.unit_code)).tuples().all())
            centres = dict(s.execute(select(PartyCentre.id, Household.address)
                                     .join(Household, Household.id == PartyCentre.household_id)
                                     .where(PartyCentre.deleted.is_(False),
                                            PartyCentre.unit_code == c.unit_code)).tuples().all())
            heads = self._heads(s, [h for h, _ in rows])
        out = []
        for hid, addr in rows:
            other = linked.get(hid)
            state = ("self" if hid == c.household_id else "linked" if other == centre_id
                     else "other" if other is not None else "")
            out.append(LinkCandidate(hid, addr, heads.get(hid, ""), state,
                                     centres.get(other or "", "") if state == "other" else ""))
        return out

    def member_candidates(self, query: str, unit_code: str | None = None, *, limit: int = 50) -> list[MemberCandidate]:
        """Residents on record in scope whose name contains `query` (or whose full ID number it is), for the
        登记党员 dialog, each with the membership it has now. Needs Perm.SENSITIVE (it shows membership);
        audited as a view."""
        from gridapp.core.idnumber import mask_id

        scope = self._members_scope(unit_code)
        q = (query or "").strip()
        if not q:
            return []
        with self.db.write() as s:
            cond = Resident.name.contains(q, autoescape=True) if len(q) < 18 \
                else Resident.id_number == q.upper()
            rows = s.execute(select(Resident.id, Resident.name, Resident.id_number, Resident.unit_code,
                                    Household.address, PartyMembership.status)
                             .outerjoin(Household, Household.id == Resident.household_id)
                             .outerjoin(PartyMembership, (PartyMembership.resident_id == Resident.id)
                                        & PartyMembership.deleted.is_(False))
                             .where(Resident.deleted.is_(False), Resident.status == "active",
                                    Resident.unit_code.startswith(scope), cond)
                             .order_by(Resident.name, Resident.unit_code).limit(limit)).all()
            self._audit(s, "view", None, scope, {"party_members": sum(1 for r in rows if r[5])},
                        table="party_membership")
        return [MemberCandidate(rid, name, mask_id(idn), unit, addr or "", rules.MEMBER_STATUS.get(st or "", ""))
                for rid, name, idn, unit, addr, st in rows]

    def centre_candidates(self, unit_code: str | None = None) -> list[MemberCandidate]:
        """The party members in scope who may serve a new 党员中心户 (their household is not one yet), by grid
        and address. Needs Perm.SENSITIVE (it is the member list)."""
        members = self.members(unit_code)
        with self.db.read() as s:
            rows = dict(s.execute(select(Resident.id, Household.address)
                                  .join(Household, Household.id == Resident.household_id)
                                  .where(Resident.id.in_([m.resident_id for m in members]),
                                         Resident.status == "active", Resident.deleted.is_(False),
                                         Household.deleted.is_(False),
                                         Household.id.notin_(select(PartyCentre.household_id).where(
                                             PartyCentre.deleted.is_(False))))).tuples().all()) if members else {}
            homes = {rid: (hid, bid) for rid, hid, bid in s.execute(
                select(Resident.id, Resident.household_id, Household.building_id)
                .join(Household, Household.id == Resident.household_id)
                .where(Resident.id.in_(list(rows)))).tuples()} if rows else {}
        out = [MemberCandidate(m.resident_id, m.name, "", m.unit_code, rows[m.resident_id], m.status_label,
                               *homes.get(m.resident_id, (None, None)), unit_name=m.unit_name)
               for m in members if m.resident_id in rows]
        return sorted(out, key=lambda c: (c.unit_code, len(c.address), c.address, c.name))

    # -- history ----------------------------------------------------------------------------------------
    def history(self, *, resident_id: str | None = None, centre_id: str | None = None,
                unit_code: str | None = None, limit: int = 2000) -> list[HistoryView]:
        """The history of the network's people, newest first: of one resident, one 中心户 (its setting up, links
        and revocation), or the unit (default: the user's). Entries about a membership (political views) only
        for roles with Perm.SENSITIVE, and reading them is audited as a view; the rest (a 中心户 and its links,
        public roles) for every reader of the grid."""
        from .sync import hlc_time
        from .unitnames import labels_of

        self._need(Perm.READ)
        sensitive = self._may(Perm.SENSITIVE)
        scope = unit_code or self.scope
        self.principal.require_scope(scope, "单位")
        with self.db.write() as s:
            q = select(PartyHistory).where(PartyHistory.deleted.is_(False), PartyHistory.unit_code.startswith(scope))
            if resident_id:
                r = s.get(Resident, resident_id)
                if r is None or r.deleted or not is_within(r.unit_code, self.scope):
                    raise NotFound("本单位范围内找不到该居民。", field="居民")
                q = q.where(PartyHistory.resident_id == resident_id)
            if centre_id:
                c = s.get(PartyCentre, centre_id)  # a revoked one too: its history stays
                if c is None or not is_within(c.unit_code, self.scope):
                    raise NotFound("本单位范围内找不到该党员中心户。", field="中心户")
                q = q.where(PartyHistory.centre_id == centre_id)
            if not sensitive:
                q = q.where(PartyHistory.sensitive.is_(False))
            rows = list(s.execute(q.order_by(PartyHistory.created_hlc.desc()).limit(limit)).scalars())
            names = dict(s.execute(select(Resident.id, Resident.name).where(
                Resident.id.in_({h.resident_id for h in rows if h.resident_id}))).tuples().all()) if rows else {}
            hids = {h.household_id for h in rows if h.household_id}
            cids = {h.centre_id for h in rows if h.centre_id}
            centre_home = dict(s.execute(select(PartyCentre.id, PartyCentre.household_id).where(
                PartyCentre.id.in_(cids))).tuples().all()) if cids else {}
            hids |= set(centre_home.values())
            addr = dict(s.execute(select(Household.id, Household.address).where(
                Household.id.in_(hids))).tuples().all()) if hids else {}
            units = labels_of(s, {h.unit_code for h in rows})
            shown_sensitive = sum(1 for h in rows if h.sensitive)
            if shown_sensitive:
                self._audit(s, "view", resident_id, scope, {"party_history": shown_sensitive},
                            table="party_membership")
        out = []
        for h in rows:
            place = plain = addr.get(h.household_id or "", "")
            home = ""
            if h.centre_id and h.action in ("linked", "unlinked"):
                home = addr.get(centre_home.get(h.centre_id, ""), "")
                place = f"{place}（中心户 {home}）" if home else place
            out.append(HistoryView(h.id, h.on_date, hlc_time(h.created_hlc) or "", h.action,
                                   rules.HISTORY_ACTIONS.get(h.action, h.action), h.unit_code,
                                   units.get(h.unit_code, h.unit_code), h.resident_id,
                                   names.get(h.resident_id or "", ""), h.centre_id, place,
                                   rules.MEMBER_STATUS.get(h.status or "", ""), h.detail or "", h.actor,
                                   h.sensitive, plain, home))
        return out

    @staticmethod
    def _heads(s: Any, household_ids: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for i in range(0, len(household_ids), 500):
            chunk = household_ids[i:i + 500]
            for hid, name, rel in s.execute(select(Resident.household_id, Resident.name, Resident.relation_to_head)
                                            .where(Resident.household_id.in_(chunk), Resident.deleted.is_(False),
                                                   Resident.status == "active")
                                            .order_by(Resident.relation_to_head, Resident.name)).tuples():
                if hid not in out or rel in ("01", "02"):
                    out.setdefault(hid, name)
        return out

    # -- 挂包联系 --------------------------------------------------------------------------------------
    def add_contact(self, household_id: str, *, contact_date: dt.date, content: str, issue: str | None = None,
                    contact_by: str | None = None) -> str:
        """Log a party member's contact with a linked household (or the 中心户 itself)."""
        self._need(Perm.EDIT)
        content = (content or "").strip()
        if not content:
            raise ValidationError("请填写联系内容。", field="联系内容")
        if len(content) > 2000 or len(issue or "") > 2000:
            raise ValidationError("联系内容和反映问题各不能超过 2000 个字。", field="联系内容")
        if contact_date > self.today():
            raise ValidationError("联系日期不能晚于今天。", field="联系日期")
        with self.db.write() as s:
            hh = self._live(s, Household, household_id, "户")
            centre_id = s.execute(select(PartyCentreLink.centre_id).where(
                PartyCentreLink.household_id == hh.id, PartyCentreLink.deleted.is_(False))).scalar()
            if centre_id is None:
                centre_id = s.execute(select(PartyCentre.id).where(PartyCentre.household_id == hh.id,
                                                                   PartyCentre.deleted.is_(False))).scalar()
            if centre_id is None:
                raise ValidationError(f"{hh.address}未纳入党员中心户联系，请先把它设为联系户（规则：挂包联系的是联系户）。",
                                      field="户")
            by = (contact_by or "").strip()
            if not by:
                c = s.get(PartyCentre, centre_id)
                m = s.get(PartyMembership, c.member_id) if c is not None else None
                r = s.get(Resident, m.resident_id) if m is not None else None
                by = r.name if r is not None else self._username
            w = ChangeWriter(self.db, s)
            cid = w.insert(PartyContact, {"unit_code": hh.unit_code, "centre_id": centre_id, "household_id": hh.id,
                                          "contact_date": contact_date, "contact_by": by[:50], "content": content,
                                          "issue": (issue or "").strip() or None, "event_id": None})
            self._audit(s, "create", cid, hh.unit_code, table="party_contact")
            return cid

    def raise_event(self, contact_id: str, *, class_code: str | None = None, subclass: str | None = None,
                    title: str | None = None) -> str:
        """The issue a contact raised becomes an event (上报, through the events service); returns its id. The class
        and subclass are checked against the office's class table of the contact's grid; without a class it is
        民生诉求 (06) while that is in use there."""
        from .events import EventInput, EventService

        with self.db.read() as s:
            c = self._live(s, PartyContact, contact_id, "联系记录")
            if not c.issue:
                raise ValidationError("这次联系没有反映问题，不能转为事件。", field="反映问题")
            if c.event_id:
                raise ValidationError("这次联系反映的问题已转为事件。", field="反映问题")
            hh = s.get(Household, c.household_id)
            issue, unit, found, address = c.issue, c.unit_code, c.contact_date, hh.address if hh else ""
        events = EventService(self.db, self.principal, today=self.today)
        if not class_code:
            table = events.class_table(unit)
            if not table.is_active(rules.CONTACT_EVENT_CLASS):
                raise ValidationError(f"默认的事件类别“{table.label(rules.CONTACT_EVENT_CLASS)}”已被综治中心停用，"
                                      "请选择事件类别。", field="事件类别")
            class_code = rules.CONTACT_EVENT_CLASS
        event_id = events.report(EventInput(
            class_code=class_code, subclass=subclass, title=(title or issue.splitlines()[0])[:100],
            description=f"党员挂包联系（{found}，{address}）反映：{issue}", place=address, found_on=found,
            source="02", unit_code=unit, household_id=c.household_id))
        with self.db.write() as s:
            ChangeWriter(self.db, s).update(PartyContact, contact_id, {"event_id": event_id})
            self._audit(s, "edit", contact_id, unit, {"event": event_id}, table="party_contact")
        return event_id

    def contacts(self, unit_code: str | None = None, *, since: dt.date | None = None,
                 household_id: str | None = None, limit: int = 1000) -> list[ContactView]:
        """The contact log in scope, newest first."""
        self._need(Perm.READ)
        scope = unit_code or self.scope
        self.principal.require_scope(scope, "单位")
        with self.db.read() as s:
            q = (select(PartyContact, Household.address).join(Household, Household.id == PartyContact.household_id)
                 .where(PartyContact.deleted.is_(False), PartyContact.unit_code.startswith(scope)))
            if since is not None:
                q = q.where(PartyContact.contact_date >= since)
            if household_id:
                q = q.where(PartyContact.household_id == household_id)
            rows = s.execute(q.order_by(PartyContact.contact_date.desc(), PartyContact.created_hlc.desc())
                             .limit(limit)).all()
        return [ContactView(c.id, c.contact_date, c.unit_code, c.household_id, addr, c.contact_by, c.content,
                            c.issue, c.event_id) for c, addr in rows]

    # the contact log as a ledger (the page's LedgerTable)
    CONTACT_SORTS = paging.dated_sorts(PartyContact.contact_date, PartyContact.created_hlc,
                                       grid=PartyContact.unit_code, by=PartyContact.contact_by)

    def contact_ledger_ids(self, unit_code: str | None = None, *, sort: str = "date", descending: bool = True,
                           progress: Progress | None = None) -> list[str]:
        """The ids of the whole contact log of `unit_code` (default: scope) in the order `sort`; rows:
        `contact_ledger_rows`."""
        self._need(Perm.READ)
        scope = unit_code or self.scope
        self.principal.require_scope(scope, "单位")
        stmt = select(PartyContact.id).where(PartyContact.deleted.is_(False),
                                             PartyContact.unit_code.startswith(scope)).order_by(
            *paging.order_by(self.CONTACT_SORTS, sort, descending, PartyContact.id))
        with self.db.read() as s:
            return paging.read_ids(s, stmt, progress)

    def contact_ledger_rows(self, ids: Sequence[str]) -> list[ContactView | None]:
        self._need(Perm.READ)
        with self.db.read() as s:
            found: dict[str, ContactView] = {}
            for chunk in paging.chunks(ids):
                for c, addr in s.execute(select(PartyContact, Household.address)
                                         .join(Household, Household.id == PartyContact.household_id)
                                         .where(PartyContact.id.in_(chunk), PartyContact.deleted.is_(False))):
                    if is_within(c.unit_code, self.scope):
                        found[c.id] = ContactView(c.id, c.contact_date, c.unit_code, c.household_id, addr,
                                                  c.contact_by, c.content, c.issue, c.event_id)
            return paging.in_order(ids, found)

    # -- checks ---------------------------------------------------------------------------------------
    def check(self) -> CheckReport:
        """The checks the plan implies, over the user's scope (the building check, which counts members, only
        for roles with Perm.SENSITIVE)."""
        self._need(Perm.READ)
        sensitive = self._may(Perm.SENSITIVE)
        scope = self.scope
        rep = CheckReport()
        with self.db.read() as s:
            units = list(s.execute(select(OrgUnit).where(OrgUnit.deleted.is_(False), OrgUnit.retired_on.is_(None),
                                                         OrgUnit.code.startswith(scope))).scalars())
            orgs = list(s.execute(select(PartyOrg).where(PartyOrg.deleted.is_(False),
                                                         PartyOrg.unit_code.startswith(scope))).scalars())
            has: dict[str, set[str]] = defaultdict(set)
            for o in orgs:
                has[o.unit_code].add(o.kind)
            grids = [u for u in units if u.level == "grid"]
            for g in sorted(grids, key=lambda u: u.code):
                if "branch" not in has[g.code]:
                    rep.items.append(CheckItem(CHECK_NO_BRANCH, g.code, g.name, CHECK_DETAILS["branch_rule"],
                                               code="branch_rule"))
            if sensitive:
                group_buildings = {o.building_id for o in orgs if o.kind == "group"}
                per_building = s.execute(
                    select(Building.id, Building.name, Building.unit_code, func.count(PartyMembership.id))
                    .join(Household, Household.building_id == Building.id)
                    .join(Resident, Resident.household_id == Household.id)
                    .join(PartyMembership, PartyMembership.resident_id == Resident.id)
                    .where(PartyMembership.deleted.is_(False), Resident.deleted.is_(False),
                           Resident.status == "active", Building.deleted.is_(False),
                           Building.unit_code.startswith(scope))
                    .group_by(Building.id, Building.name, Building.unit_code)).all()
                for bid, bname, bunit, n in sorted(per_building, key=lambda r: (r[2], r[1])):
                    if n >= rules.GROUP_MIN_MEMBERS and bid not in group_buildings:
                        args = {"n": n, "min": rules.GROUP_MIN_MEMBERS}
                        rep.items.append(CheckItem(CHECK_NO_GROUP, bunit, bname,
                                                   CHECK_DETAILS["group_due"].format(**args), code="group_due",
                                                   args=args))
            today = self.today()
            chiefs: dict[str, list[UnitAssignment]] = defaultdict(list)
            for a in s.execute(select(UnitAssignment).where(
                    UnitAssignment.deleted.is_(False), UnitAssignment.duty == "grid_chief",
                    UnitAssignment.target_code.startswith(scope))).scalars():
                if a.start_on <= today and (a.end_on is None or a.end_on >= today):
                    chiefs[a.target_code].append(a)
            for c in sorted((u for u in units if u.level == "community"), key=lambda u: u.code):
                sec = [o for o in orgs if o.unit_code == c.code and o.kind in ("committee", "general_branch")]
                if not sec:
                    rep.items.append(CheckItem(CHECK_CHIEF, c.code, c.name, CHECK_DETAILS["no_committee"],
                                               code="no_committee"))
                    continue
                o = sec[0]
                names = {a.person_name for a in chiefs.get(c.code, [])}
                users = {a.username for a in chiefs.get(c.code, []) if a.username}
                if not chiefs.get(c.code):
                    rep.items.append(CheckItem(CHECK_CHIEF, c.code, c.name, CHECK_DETAILS["no_chief"],
                                               code="no_chief"))
                elif not ((o.secretary_username and o.secretary_username in users)
                          or (o.secretary_name and o.secretary_name in names)):
                    args = {"chiefs": tuple(sorted(names)), "org": o.name, "secretary": o.secretary_name or None}
                    rep.items.append(CheckItem(CHECK_CHIEF, c.code, c.name, CHECK_DETAILS["chief_not_secretary"].format(
                        chiefs="、".join(args["chiefs"]), org=o.name, secretary=o.secretary_name or "未设"),
                        code="chief_not_secretary", args=args))
            centres = list(s.execute(select(PartyCentre.id, PartyCentre.household_id, PartyCentre.unit_code,
                                            Household.address)
                                     .join(Household, Household.id == PartyCentre.household_id)
                                     .where(PartyCentre.deleted.is_(False),
                                            PartyCentre.unit_code.startswith(scope))).tuples())
            links = list(s.execute(select(PartyCentreLink.centre_id, PartyCentreLink.household_id).where(
                PartyCentreLink.deleted.is_(False), PartyCentreLink.unit_code.startswith(scope))).tuples())
            per_centre = Counter(c for c, _ in links)
            for cid, _hid, unit, addr in sorted(centres, key=lambda r: (r[2], r[3])):
                n = per_centre.get(cid, 0)
                problem = rules.CentreLoad(n).problem
                if problem:
                    rep.items.append(CheckItem(CHECK_CENTRE, unit, addr, problem,
                                               code="centre_none" if n == 0 else "centre_many",
                                               args={"n": n, "target": rules.CENTRE_TARGET}))
            households, covered = self._coverage(s, scope)
            if sensitive:  # it tells who is a party member: only for roles that may see membership
                rep.items += self._mismatches(s, scope)
            rep.households = len(households)
            rep.covered = len(covered)
            unlinked = Counter(u for h, u, _ in households if h not in covered)
            for unit, n in sorted(unlinked.items()):
                rep.items.append(CheckItem(CHECK_UNLINKED, unit, f"{n} 户", CHECK_DETAILS["unlinked"],
                                           code="unlinked", args={"n": n}))
            labels = labels_of(s, {i.unit_code for i in rep.items})
        rep.items = [replace(i, unit_name=labels.get(i.unit_code, i.unit_code)) for i in rep.items]
        return rep

    @staticmethod
    def _mismatches(s: Any, scope: str) -> list[CheckItem]:
        """党员信息不一致: residents on record tagged 党员 or whose 政治面貌 is 中共党员 / 中共预备党员 without a
        membership, and members whose record says otherwise (another 政治面貌, or no 党员 tag)."""
        live = (Resident.deleted.is_(False), Resident.status == "active", Resident.unit_code.startswith(scope))
        members = dict(s.execute(select(PartyMembership.resident_id, PartyMembership.status).join(
            Resident, Resident.id == PartyMembership.resident_id).where(
            PartyMembership.deleted.is_(False), *live)).tuples().all())
        tagged = set(s.execute(select(ResidentTag.resident_id).join(Resident, Resident.id == ResidentTag.resident_id)
                               .where(ResidentTag.deleted.is_(False), ResidentTag.tag == MEMBER_TAG,
                                      *live)).scalars())
        political = dict(s.execute(select(Resident.id, Resident.political_status).where(
            *live, Resident.political_status.in_(PARTY_POLITICAL))).tuples().all())
        everyone = tagged | set(political) | set(members)
        people: dict[str, tuple[str, str, str | None]] = {}
        for chunk in paging.chunks(list(everyone)):
            for rid, name, unit, ps in s.execute(select(Resident.id, Resident.name, Resident.unit_code,
                                                        Resident.political_status)
                                                 .where(Resident.id.in_(chunk))).tuples():
                people[rid] = (name, unit, ps)
        out: list[CheckItem] = []
        for rid in sorted(people, key=lambda r: (people[r][1], people[r][0], r)):
            name, unit, ps = people[rid]
            said: list[tuple[str, ...]] = []
            if rid not in members:
                if rid in tagged:
                    said.append(("tagged",))
                if ps in PARTY_POLITICAL:
                    said.append(("political", rules.MEMBER_STATUS[ps]))
                if said:
                    args: dict[str, Any] = {"said": tuple(said)}
                    out.append(CheckItem(CHECK_MISMATCH, unit, name, CHECK_DETAILS["unregistered"].format(
                        said=said_text(args["said"])), code="unregistered", args=args))
                continue
            st = members[rid]
            if ps and ps != st:
                said.append(("political", codes.label("political", ps)))
            if rid not in tagged:
                said.append(("no_tag",))
            if said:
                args = {"said": tuple(said), "status": rules.MEMBER_STATUS.get(st, st)}
                out.append(CheckItem(CHECK_MISMATCH, unit, name, CHECK_DETAILS["misregistered"].format(
                    said=said_text(args["said"]), status=args["status"]), code="misregistered", args=args))
        return out

    # -- coverage (PARTY_COVERAGE: the one definition the page, the dashboard and the checks use) --------------
    def _coverage(self, s: Any, scope: str) -> tuple[list[tuple[str, str, str]], set[str]]:
        """PARTY_COVERAGE over `scope`: its denominator, the households with a resident on record as (id, unit,
        address), and its numerator, the ids of those a party member is linked to (a 中心户's 联系户 or the
        中心户 itself)."""
        households = list(s.execute(select(Household.id, Household.unit_code, Household.address).where(
            Household.deleted.is_(False), Household.unit_code.startswith(scope))
            .where(Household.id.in_(select(Resident.household_id).where(
                Resident.deleted.is_(False), Resident.status == "active")))).tuples())
        linked = set(s.execute(select(PartyCentreLink.household_id).where(
            PartyCentreLink.deleted.is_(False), PartyCentreLink.unit_code.startswith(scope))).scalars())
        linked |= set(s.execute(select(PartyCentre.household_id).where(
            PartyCentre.deleted.is_(False), PartyCentre.unit_code.startswith(scope))).scalars())
        return households, {h for h, _, _ in households if h in linked}

    def coverage(self, unit_code: str | None = None) -> Coverage:
        """党员联系户覆盖率 (PARTY_COVERAGE) of `unit_code` (default: the user's unit), now."""
        self._need(Perm.READ)
        scope = unit_code or self.scope
        self.principal.require_scope(scope, "单位")
        with self.db.read() as s:
            households, covered = self._coverage(s, scope)
            name = s.execute(select(OrgUnit.name).where(OrgUnit.code == scope)).scalar() or scope
        return Coverage(scope, name, len(covered), len(households))

    def unlinked_households(self, unit_code: str | None = None) -> list[tuple[str, str, str, str]]:
        """The households PARTY_COVERAGE's numerator misses in `unit_code` (default: the user's unit), exactly
        (denominator minus numerator): (id, grid code, address, head), by grid and address."""
        self._need(Perm.READ)
        scope = unit_code or self.scope
        self.principal.require_scope(scope, "单位")
        with self.db.read() as s:
            households, covered = self._coverage(s, scope)
            rows = sorted((r for r in households if r[0] not in covered), key=lambda r: (r[1], len(r[2]), r[2]))
            heads = self._heads(s, [h for h, _, _ in rows])
        return [(h, unit, addr, heads.get(h, "")) for h, unit, addr in rows]

    def unlinked_items(self, unit_code: str | None = None) -> ItemList:
        """The list behind the coverage figure (PARTY_COVERAGE.list_label) in the shape the dashboard shows
        lists (ItemList): the households not linked, with grid, address and head."""
        scope = unit_code or self.scope
        rows = self.unlinked_households(scope)
        with self.db.read() as s:
            names = dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(
                OrgUnit.code.in_({u for _h, u, _a, _n in rows} | {scope}))).tuples().all())
        return ItemList(PARTY_COVERAGE.key, f"{PARTY_COVERAGE.list_label}（{names.get(scope, scope)}）",
                        ("网格", "地址", "户主"), [h for h, *_ in rows],
                        [(names.get(u, u), addr, head or "—") for _h, u, addr, head in rows], names.get(scope, scope))


# -- the member list as a ledger (党员名册 .xlsx, in and out) ---------------------------------------------------
def _member_columns() -> tuple:
    from .xlsx_ledger import Column

    return (
        Column("id_number", ("公民身份号码", "身份证号", "身份证号码", "证件号码"), "idnumber", required=True),
        Column("name", ("姓名",), required=True),
        Column("status", ("党员身份", "党员类别", "政治面貌", "类别"), "code", rules.MEMBER_STATUS,
               rules.STATUS_BY_LABEL, required=True),
        Column("joined_on", ("入党日期", "入党时间"), "date"),
        Column("org", ("所在党组织", "组织关系所在党组织", "所在党支部", "党支部", "支部")),
        Column("note", ("备注",)),
        Column("unit", ("网格",), export_only=True),
    )


def _member_ledger_class() -> type:
    """Built on first use: the ledger machinery (xlsx_ledger) is imported only when a member list is read or
    written."""
    from .xlsx_ledger import AreaLedger, AreaRow

    class PartyMemberLedger(AreaLedger):
        """A branch's member list (党员名册): each row records (or changes) a resident's membership through
        `PartyService.set_member`, found by the full ID number and checked against the name; the organisation
        by its name among those the user sees. Needs the sensitive permission; the export masks ID numbers."""

        area, title, target_table = "party_members", "党员名册", "party_membership"
        columns = _member_columns()
        key_fields = ("id_number", "status")
        perm = Perm.SENSITIVE

        def make_service(self, db: Any) -> PartyService:
            return PartyService(db, self.principal, today=self.today)

        def context(self, s: Any, plan: Any) -> Any:
            orgs: dict[str, list[str]] = defaultdict(list)
            for o in PartyService(self.db, self.principal).orgs():
                if o.kind != "group":
                    orgs[o.name].append(o.id)
            return orgs

        def apply_row(self, svc: PartyService, row: AreaRow, ctx: Any) -> str:
            v = row.values
            rid = svc.resident_id(v["id_number"])
            with svc.db.read() as s:
                res = s.get(Resident, rid)
                if res is not None and res.name != v["name"]:
                    raise ValidationError(f"姓名“{v['name']}”与居民档案中该身份证号的姓名不符。", field="姓名")
            org_id = None
            if v.get("org"):
                found = ctx.get(v["org"], [])
                if len(found) != 1:
                    raise ValidationError(f"找不到党组织“{v['org']}”" if not found else f"党组织“{v['org']}”重名，请改用党组织编号",
                                          field="所在党组织")
                org_id = found[0]
            return svc.set_member(rid, v["status"], org_id=org_id, joined_on=v.get("joined_on"), note=v.get("note"))

        def export(self, out: Any, **kw: Any) -> int:
            if not self._may(Perm.SENSITIVE):  # before the workbook is opened: the list is the sensitive field
                PartyService(self.db, self.principal).members()  # refused with the reason named
            return int(super().export(out, **kw))

        def export_rows(self, *, unit_code: str | None = None) -> list[dict[str, Any]]:  # type: ignore[override]
            from gridapp.core.idnumber import mask_id

            members = PartyService(self.db, self.principal, today=self.today).members(unit_code)
            with self.db.read() as s:
                ids = dict(s.execute(select(Resident.id, Resident.id_number).where(
                    Resident.id.in_([m.resident_id for m in members]))).tuples().all()) if members else {}
            return [{"id_number": mask_id(ids.get(m.resident_id)), "name": m.name, "status": m.status,
                     "joined_on": m.joined_on, "org": m.org_name, "unit": m.unit_code} for m in members]

    return PartyMemberLedger


def member_ledger(db: Any, who: Any) -> Any:
    """The member list ledger (党员名册) for this user."""
    return _member_ledger_class()(db, who)
