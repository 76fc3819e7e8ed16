"""Org units: the installation's own unit and the units below it (scope = the installation's subtree),
and the people assigned to them (组织机构).

The office (综治中心, Perm.MANAGE_UNITS) of a town or community maintains its units below: add, rename, set a
grid's type and planned households, retire, move a grid to another community of the same town, and assign
people (a grid's full-time grid worker, a community's grid chief and police officers).

Rules:
- Codes nest by prefix (core.orgcode): a new unit's code is its parent's code plus its own segment, checked
  against the parent, which must exist in scope and not be retired. Rows keep stable ids from their code.
- Ownership: a unit is maintained by the unit that made it, a level above it (`managed_by`; by default its
  parent); only users whose unit covers that unit may change it. `unit_code` stays the unit's own code on every
  installation (a unit made at two levels is one row with a stable id, and sync columns do not merge).
- Retire (撤销): the row stays with all the records under its code (history); it has `retired_on` and is left
  out of pickers for new work (`list()`, `unit_in_scope(..., for_new_work=True)`), shown as 已撤销 in lists.
- Move (re-parent): codes embed the parent, and every record of a grid carries the grid's code as its owner
  (`unit_code`, a sync column no write may change), so a grid cannot change community in place. A move makes a
  new grid under the new community (new code, same name, type and households), retires the old one with
  `successor_code` pointing at the new one, and carries the current assignments over. The old grid's records
  stay under the old code as its history; live registry rows are re-registered in the new grid by the office.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.ids import stable_id
from gridapp.core.orgcode import (
    DUTIES,
    GRID_TYPES,
    LEVELS,
    Level,
    is_within,
    level_of,
    parent_code,
    validate_code,
)
from gridapp.core.permissions import Perm, Principal, Role
from gridapp.db.database import Database
from gridapp.db.models import Meta, OrgUnit, UnitAssignment, User
from gridapp.sync.changelog import ChangeWriter

from .base import InstallationService

# which role an assigned user must have for a duty
DUTY_ROLES = {"grid_worker": Role.GRID_WORKER, "grid_chief": Role.GRID_CHIEF, "police": Role.POLICE}


def today_local() -> dt.date:
    from gridapp.domain.clock import today

    return today()


@dataclass(frozen=True)
class AssignmentInfo:
    id: str
    unit_code: str  # the unit assigned to
    duty: str
    person_name: str
    username: str | None
    start_on: dt.date
    end_on: dt.date | None

    @property
    def duty_label(self) -> str:
        return DUTIES[self.duty][1] if self.duty in DUTIES else self.duty

    @property
    def current(self) -> bool:
        return self.end_on is None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "unit_code": self.unit_code, "duty": self.duty, "name": self.person_name,
                "username": self.username, "start_on": self.start_on}


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    level: Level
    parent_code: str | None
    grid_type: str | None = field(default=None, compare=False)
    planned_households: int | None = field(default=None, compare=False)
    retired_on: dt.date | None = field(default=None, compare=False)
    successor_code: str | None = field(default=None, compare=False)
    owner: str | None = field(default=None, compare=False)
    community_name: str | None = field(default=None, compare=False)  # a grid's community, where it was read

    @property
    def label(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def full_label(self) -> str:
        """和平社区 第1网格（370303001001001） for a grid whose community was read; else `label`."""
        if self.community_name:
            return f"{self.community_name} {self.name}（{self.code}）"
        return self.label

    @property
    def retired(self) -> bool:
        return self.retired_on is not None

    @property
    def status_label(self) -> str:
        return "已撤销" if self.retired else "在用"

    @property
    def grid_type_label(self) -> str:
        return GRID_TYPES.get(self.grid_type or "", "")

    def as_dict(self, people: Sequence[AssignmentInfo] = ()) -> dict[str, Any]:
        """The unit with the people assigned to it (`UnitService.assignments(code)`)."""
        return {"code": self.code, "name": self.name, "level": self.level.value, "parent_code": self.parent_code,
                "grid_type": self.grid_type, "planned_households": self.planned_households,
                "status": "retired" if self.retired else "active", "retired_on": self.retired_on,
                "successor_code": self.successor_code, "owner": self.owner,
                "people": [{"id": a.id, "duty": a.duty, "duty_label": a.duty_label, "name": a.person_name,
                            "username": a.username, "start_on": a.start_on} for a in people]}


def _info(row: OrgUnit) -> UnitInfo:
    return UnitInfo(row.code, row.name, Level(row.level), row.parent_code, row.grid_type, row.planned_households,
                    row.retired_on, row.successor_code, _manager(row))


def _manager(row: OrgUnit) -> str:
    """The unit that maintains `row`: the one that made it, else its parent (else itself, for a city)."""
    return row.managed_by or row.parent_code or row.code


def _assignment(row: UnitAssignment) -> AssignmentInfo:
    return AssignmentInfo(row.id, row.target_code, row.duty, row.person_name, row.username, row.start_on, row.end_on)


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError("单位名称不能为空。", field="单位名称")
    if len(name) > 100:
        raise ValidationError("单位名称不能超过 100 个字。", field="单位名称")
    return name


def _grid_fields(level: Level, grid_type: str | None, households: int | None) -> dict:
    if level != Level.GRID:
        if grid_type or households is not None:
            raise ValidationError("网格类型和覆盖户数只用于网格。", field="网格类型")
        return {}
    if grid_type is not None and grid_type not in GRID_TYPES:
        raise ValidationError(f"请选择网格类型：{'、'.join(f'{k}（{v}）' for k, v in GRID_TYPES.items())}。",
                              field="网格类型")
    if households is not None and not (1 <= households <= 5000):
        raise ValidationError("覆盖户数应在 1 到 5000 之间。", field="覆盖户数")
    return {"grid_type": grid_type, "planned_households": households}


class UnitService(InstallationService):
    """Units in scope. With a `principal`, the scope is the user's unit subtree (inside the installation's);
    without one, the installation's (first-run set-up, tests, maintenance)."""

    def __init__(self, db: Database, principal: Principal | None = None):
        super().__init__(db, principal)

    def installation(self) -> UnitInfo | None:
        """The unit this installation was initialised for, or None before first-run set-up."""
        with self.db.read() as s:
            meta = s.get(Meta, "unit_code")
            if meta is None:
                return None
            row = s.execute(select(OrgUnit).where(OrgUnit.code == meta.value)).scalar_one()
            return _info(row)

    def scope(self) -> str:
        unit = self.installation()
        if unit is None:
            raise ValidationError("本机尚未初始化单位，请先设置本单位（init）。")
        self.principal.touch()
        return self.principal.unit_code

    def initialise(self, code: str, name: str, level: Level | str) -> UnitInfo:
        """First-run set-up: record which unit this installation serves."""
        level = Level(level)
        validate_code(code, level)
        name = _clean_name(name)
        existing = self.installation()
        if existing is not None:
            if existing.code == code:
                return existing
            raise ValidationError(
                f"本数据库已初始化为“{existing.label}”，不能改为 {code}。如需服务其他单位，请新建数据库（--db）。",
                field="单位编码")
        with self.db.write() as s:
            w = ChangeWriter(self.db, s)
            row = s.execute(select(OrgUnit).where(OrgUnit.code == code)).scalar_one_or_none()
            if row is None:
                w.insert(OrgUnit, {"id": stable_id("org_unit", code), "code": code, "name": name, "level": level.value,
                                   "parent_code": parent_code(code), "unit_code": code})
            s.add(Meta(key="unit_code", value=code))
        return UnitInfo(code, name, level, parent_code(code))

    # -- maintenance (组织机构) ---------------------------------------------------------------------
    def _manage(self) -> str:
        """The scope of a unit maintainer (Perm.MANAGE_UNITS), refused for other roles."""
        self.principal.require(Perm.MANAGE_UNITS)
        return self.scope()

    def _below(self, code: str, scope: str, what: str = "单位") -> None:
        if code == scope or not is_within(code, scope):
            raise ScopeError(f"{what} {code} 不在本单位 {scope} 的下级范围内。", field="单位编码")

    def _row(self, s, code: str) -> OrgUnit:
        row = s.execute(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))).scalar()
        if row is None:
            raise NotFound(f"找不到单位 {code}。", field="单位编码")
        return row

    def _owned(self, s, code: str, scope: str) -> OrgUnit:
        """A unit below `scope` that this user may change: its owner (the level that made it) is in scope."""
        self._below(code, scope)
        row = self._row(s, code)
        if not is_within(_manager(row), scope):
            raise PermissionDenied(f"单位“{row.name}”（{code}）由上级单位 {_manager(row)} 建立和维护，本单位不能修改。")
        return row

    def full_code(self, parent: str, segment: str) -> str:
        """The code of a new unit below `parent`: `segment` is its own part (3 digits) or the whole code."""
        segment = (segment or "").strip()
        level = level_of(parent)
        if level == Level.GRID:
            raise ValidationError("网格之下不能再设下级单位。", field="上级单位")
        child = LEVELS[level.depth + 1]
        if len(segment) == child.digits - level.digits and segment.isdigit():
            return parent + segment
        return segment

    def add(self, code: str, name: str, *, parent: str | None = None, grid_type: str | None = None,
            planned_households: int | None = None) -> UnitInfo:
        """Add a unit below the user's (or installation's) unit: a community under a town, a grid under a
        community. With `parent`, `code` may be just the unit's own segment (e.g. 003) and is checked against it."""
        if parent:
            code = self.full_code(parent, code)
        validate_code(code)
        name = _clean_name(name)
        level = level_of(code)
        extra = _grid_fields(level, grid_type, planned_households)
        scope = self._manage()
        if code == scope or not is_within(code, scope):
            raise ScopeError(f"单位 {code} 不在本单位 {scope} 的下级范围内，不能添加。", field="单位编码")
        up = parent_code(code)
        if parent and parent != up:
            raise ValidationError(f"单位编码 {code} 不在上级单位 {parent} 之下：{level.label_zh}编码应以上级编码 {parent} 开头，"
                                  f"共 {level.digits} 位。", field="单位编码")
        owner = self.principal.unit_code
        with self.db.write() as s:
            if s.execute(select(OrgUnit.id).where(OrgUnit.code == code)).first():
                raise ValidationError(f"单位编码 {code} 已存在（已撤销的单位也保留其编码，不能重复使用）。", field="单位编码")
            if up:
                above = s.execute(select(OrgUnit).where(OrgUnit.code == up, OrgUnit.deleted.is_(False))).scalar()
                if above is None:
                    raise ValidationError(f"上级单位 {up} 尚未建立，请先添加上级单位。", field="单位编码")
                if above.retired_on is not None:
                    raise ValidationError(f"上级单位“{above.name}”已撤销，不能在其下添加单位。", field="上级单位")
            w = ChangeWriter(self.db, s)
            new_id = w.insert(OrgUnit, {
                "id": stable_id("org_unit", code), "code": code, "name": name, "level": level.value, "parent_code": up,
                "unit_code": code, "managed_by": owner, **extra})
            self._audit(s, "create", new_id, scope, {"what": f"{level.label_zh}“{name}”（{code}）"},
                        table="org_unit", writer=w)
            return _info(self._row(s, code))

    def update(self, code: str, *, name: str | None = None, grid_type: str | None = None,
               planned_households: int | None = None) -> UnitInfo:
        """Rename a unit below, or change a grid's type or planned households (fields not given stay)."""
        scope = self._manage()
        with self.db.write() as s:
            row = self._owned(s, code, scope)
            if row.retired_on is not None:
                raise ValidationError(f"单位“{row.name}”已撤销，不能修改。", field="单位编码")
            changes: dict = {}
            if name is not None:
                changes["name"] = _clean_name(name)
            if grid_type is not None or planned_households is not None:
                changes.update(_grid_fields(
                    Level(row.level), grid_type if grid_type is not None else row.grid_type,
                    planned_households if planned_households is not None else row.planned_households))
            if changes:
                old_name = row.name
                w = ChangeWriter(self.db, s)
                w.update(OrgUnit, row.id, changes)
                self._audit(s, "edit", row.id, scope, {"fields": "、".join(
                    {"name": "名称", "grid_type": "网格类型", "planned_households": "应覆盖户数"}.get(k, k)
                    for k in changes), "what": f"原名称“{old_name}”" if "name" in changes else None},
                    table="org_unit", writer=w)
            return _info(self._row(s, code))

    def rename(self, code: str, name: str) -> UnitInfo:
        return self.update(code, name=name)

    def retire(self, code: str, on: dt.date | None = None, *, move_to: str | None = None) -> UnitInfo:
        """撤销: the unit stays with its history but takes no new work; its current assignments end. With
        `move_to` (a grid being retired), everything it still holds moves to that grid first, in the same
        transaction (`move_records`)."""
        scope = self._manage()
        on = on or today_local()
        with self.db.write() as s:
            if move_to:
                self._move_records(s, code, move_to, scope, everything=True, on=on)
            row = self._owned(s, code, scope)
            if row.retired_on is not None:
                raise ValidationError(f"单位“{row.name}”已于 {row.retired_on} 撤销。", field="单位编码")
            live_children = s.execute(select(OrgUnit.name).where(
                OrgUnit.parent_code == code, OrgUnit.deleted.is_(False), OrgUnit.retired_on.is_(None))).scalars().all()
            if live_children:
                raise ValidationError(f"“{row.name}”下还有未撤销的单位（{'、'.join(live_children[:5])}），请先撤销或迁移它们。",
                                      field="单位编码")
            w = ChangeWriter(self.db, s)
            w.update(OrgUnit, row.id, {"retired_on": on})
            self._end_assignments(s, w, code, on)
            self._audit(s, "delete", row.id, scope, {"what": "撤销单位", "on": on.isoformat(),
                                                     "to": move_to or None}, table="org_unit", writer=w)
            return _info(self._row(s, code))

    def move(self, code: str, to_parent: str, segment: str | None = None, on: dt.date | None = None) -> UnitInfo:
        """Re-parent a grid to another community of the same town: a new grid (new code) under `to_parent`,
        the old one retired with `successor_code` (see the module notes). Returns the new grid."""
        scope = self._manage()
        on = on or today_local()
        if len(code) != Level.GRID.digits or len(to_parent or "") != Level.COMMUNITY.digits:
            raise ValidationError("只能把网格（15 位编码）迁到同一镇街的另一个村（社区）（12 位编码）下。", field="单位编码")
        if parent_code(code) == to_parent:
            raise ValidationError(f"网格 {code} 已在 {to_parent} 之下。", field="上级单位")
        if code[:9] != to_parent[:9]:
            raise ValidationError(f"只能迁到同一镇街（{code[:9]}）的村（社区）下。", field="上级单位")
        self._below(to_parent, scope) if to_parent != scope else None
        with self.db.read() as s:
            old = self._owned(s, code, scope)
            if old.retired_on is not None:
                raise ValidationError(f"网格“{old.name}”已撤销，不能迁移。", field="单位编码")
            target = self._row(s, to_parent)
            if target.retired_on is not None:
                raise ValidationError(f"“{target.name}”已撤销，不能迁入。", field="上级单位")
            if segment is None:  # the next free number under the new community
                used = {c[-3:] for c in s.execute(select(OrgUnit.code).where(OrgUnit.parent_code == to_parent)).scalars()}
                segment = next(f"{i:03d}" for i in range(1, 1000) if f"{i:03d}" not in used)
            name, gtype, households = old.name, old.grid_type, old.planned_households
            current = [_assignment(a) for a in self._assignment_rows(s, code)]
        new = self.add(segment, name, parent=to_parent, grid_type=gtype, planned_households=households)
        with self.db.write() as s:
            row = self._row(s, code)
            w = ChangeWriter(self.db, s)
            w.update(OrgUnit, row.id, {"retired_on": on, "successor_code": new.code})
            self._end_assignments(s, w, code, on)
            owner = self.principal.unit_code
            for a in current:
                w.insert(UnitAssignment, {"unit_code": owner, "target_code": new.code, "duty": a.duty,
                                          "user_id": None, "username": a.username, "person_name": a.person_name,
                                          "start_on": on, "end_on": None})
            self._audit(s, "edit", row.id, scope, {"what": "迁移网格", "to": f"{to_parent}（新编码 {new.code}）",
                                                   "on": on.isoformat()}, table="org_unit", writer=w)
        return new

    # -- moving records between grids (移交户和楼栋: gridapp.services.record_moves) ----------------------------
    def _grid_in_scope(self, s, code: str, scope: str, what: str) -> OrgUnit:
        if len(code or "") != Level.GRID.digits:
            raise ValidationError(f"{what} {code} 不是网格编码（15 位）。", field=what)
        if not is_within(code, scope):
            raise ScopeError(f"{what} {code} 不在本单位 {scope} 的范围内，不能移交。", field=what)
        row = s.execute(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))).scalar()
        if row is None or row.level != Level.GRID.value:
            raise NotFound(f"找不到{what} {code}。", field=what)
        return row

    def _move_records(self, s, from_code: str, to_code: str, scope: str, *, households: Sequence[str] = (),
                      buildings: Sequence[str] = (), everything: bool = False, on: dt.date) -> Any:
        from . import audit, record_moves

        if on > today_local():
            raise ValidationError("移交日期不能晚于今天。", field="移交日期")
        source = self._grid_in_scope(s, from_code, scope, "原网格")
        target = self._grid_in_scope(s, to_code, scope, "目标网格")
        if from_code == to_code:
            raise ValidationError("原网格和目标网格不能相同。", field="目标网格")
        if target.retired_on is not None:
            raise ValidationError(f"目标网格“{target.name}”（{to_code}）已于 {target.retired_on} 撤销，不能迁入户和楼栋；"
                                  "请选择在用的网格。", field="目标网格")
        w = ChangeWriter(self.db, s)
        result = record_moves.move(s, w, from_code, to_code, households=households, buildings=buildings,
                                   everything=everything, on=on)
        from . import party_history  # the party network follows its people and households (issue 17)

        party_history.records_moved(self.db, s, result.ids["resident"], list(result.ids["household"]), to_code,
                            f"{target.name}（{to_code}）", on,
                            self.principal.display_name or self.principal.username)
        if not self._itself:
            audit.record(self.db, s, self.principal, "edit", unit_code=scope, target_table="org_unit",
                         target_id=source.id, writer=w, detail={
                             "what": "移交户和楼栋", "to": f"{target.name}（{to_code}）", "on": on.isoformat(),
                             "buildings": result.buildings, "households": result.households,
                             "residents": result.residents, "everything": everything})
        return result

    def move_records(self, from_code: str, to_code: str, *, households: Sequence[str] = (),
                     buildings: Sequence[str] = (), everything: bool = False, on: dt.date | None = None) -> Any:
        """移交: move households (with their active residents) and buildings (with every household in them) of
        grid `from_code`, or `everything` it holds, to grid `to_code` (live; both inside the user's unit), in one
        transaction, audited. Returns a `record_moves.MoveResult`."""
        scope = self._manage()
        with self.db.write() as s:
            return self._move_records(s, from_code, to_code, scope, households=households, buildings=buildings,
                                      everything=everything, on=on or today_local())

    def grid_records(self, code: str) -> Any:
        """What grid `code` holds that can be moved (`record_moves.GridRecords`)."""
        from . import record_moves

        scope = self._manage()
        with self.db.read() as s:
            self._grid_in_scope(s, code, scope, "网格")
            return record_moves.grid_records(s, code)

    # -- people ---------------------------------------------------------------------------------------
    def _assignment_rows(self, s, code: str, *, current: bool = True) -> list[UnitAssignment]:
        q = select(UnitAssignment).where(UnitAssignment.target_code == code, UnitAssignment.deleted.is_(False))
        if current:
            q = q.where(UnitAssignment.end_on.is_(None))
        return list(s.execute(q.order_by(UnitAssignment.duty, UnitAssignment.person_name)).scalars())

    def _end_assignments(self, s, w: ChangeWriter, code: str, on: dt.date) -> None:
        for a in self._assignment_rows(s, code):
            w.update(UnitAssignment, a.id, {"end_on": max(on, a.start_on)})

    def candidates(self, code: str, duty: str) -> list[tuple[str, str]]:
        """Users who may be assigned `duty` at unit `code`: (username, display name), active accounts in scope
        with the duty's role (a grid worker of that grid; a grid chief or police officer of the community)."""
        scope = self._manage()
        role = DUTY_ROLES.get(duty)
        if role is None:
            return []
        with self.db.read() as s:
            users = s.execute(select(User).where(User.role == role.value, User.disabled.is_(False),
                                                 User.unit_code.startswith(scope)).order_by(User.username)).scalars()
            return [(u.username, u.display_name or u.username) for u in users
                    if u.unit_code == code or (duty != "grid_worker" and is_within(u.unit_code, code))]

    def assign(self, code: str, duty: str, *, username: str | None = None, person_name: str | None = None,
               on: dt.date | None = None) -> AssignmentInfo:
        """Assign a person to a unit: `grid_worker` to a grid, `grid_chief` or `police` to a community. The
        person is an existing user (`username`, with the duty's role) and/or a name (`person_name`)."""
        scope = self._manage()
        if duty not in DUTIES:
            raise ValidationError(f"未知的职责“{duty}”；可选：{'、'.join(f'{k}（{v[1]}）' for k, v in DUTIES.items())}。",
                                  field="职责")
        level, label = DUTIES[duty]
        on = on or today_local()
        if on > today_local():
            raise ValidationError("任职日期不能晚于今天。", field="任职日期")
        with self.db.write() as s:
            self._below(code, scope) if code != scope else None
            unit = self._row(s, code)
            if unit.level != level.value:
                raise ValidationError(f"{label}只能指派到{level.label_zh}，“{unit.name}”是{Level(unit.level).label_zh}。",
                                      field="单位编码")
            if unit.retired_on is not None:
                raise ValidationError(f"“{unit.name}”已撤销，不能指派人员。", field="单位编码")
            user_id = None
            name = (person_name or "").strip()
            if username:
                user = s.execute(select(User).where(User.username == username.strip())).scalar()
                if user is None or not is_within(user.unit_code, scope):
                    raise NotFound(f"找不到本单位范围内的用户“{username}”。", field="用户")
                if user.disabled:
                    raise ValidationError(f"用户“{username}”已停用。", field="用户")
                if user.role != DUTY_ROLES[duty].value:
                    raise ValidationError(f"用户“{username}”的角色是{Role(user.role).label_zh}，不能指派为{label}。", field="用户")
                if not is_within(user.unit_code, code) and not is_within(code, user.unit_code):
                    raise ValidationError(f"用户“{username}”属于单位 {user.unit_code}，不属于“{unit.name}”。", field="用户")
                user_id, username = user.id, user.username
                name = name or user.display_name or user.username
            if not name:
                raise ValidationError("请选择用户或填写姓名。", field="姓名")
            if len(name) > 50:
                raise ValidationError("姓名不能超过 50 个字。", field="姓名")
            for a in self._assignment_rows(s, code):
                if a.duty == duty and ((username and a.username == username) or (not username and a.person_name == name)):
                    raise ValidationError(f"{name}已是“{unit.name}”的{label}。", field="姓名")
            owner = self.principal.unit_code
            w = ChangeWriter(self.db, s)
            new_id = w.insert(UnitAssignment, {
                "unit_code": owner, "target_code": code, "duty": duty, "user_id": user_id, "username": username or None,
                "person_name": name, "start_on": on, "end_on": None})
            self._audit(s, "edit", unit.id, scope, {"what": f"指派{label}：{name}", "on": on.isoformat()},
                        table="org_unit", writer=w)
            return _assignment(s.get_one(UnitAssignment, new_id))

    def unassign(self, assignment_id: str, on: dt.date | None = None) -> AssignmentInfo:
        """End an assignment (离任) on `on` (default today); the row stays as history."""
        scope = self._manage()
        on = on or today_local()
        with self.db.write() as s:
            row = s.get(UnitAssignment, assignment_id)
            if row is None or row.deleted or not is_within(row.target_code, scope):
                raise NotFound(f"找不到人员指派 {assignment_id}。", field="人员")
            if row.end_on is not None:
                raise ValidationError(f"{row.person_name}已于 {row.end_on} 离任。", field="人员")
            if on < row.start_on or on > today_local():
                raise ValidationError(f"离任日期应在 {row.start_on} 到今天之间。", field="离任日期")
            w = ChangeWriter(self.db, s)
            w.update(UnitAssignment, row.id, {"end_on": on})
            unit = s.execute(select(OrgUnit).where(OrgUnit.code == row.target_code)).scalar()
            self._audit(s, "edit", unit.id if unit else None, scope,
                        {"what": f"{DUTIES[row.duty][1] if row.duty in DUTIES else row.duty}{row.person_name}离任",
                         "on": on.isoformat()}, table="org_unit", writer=w)
            return _assignment(s.get_one(UnitAssignment, assignment_id))

    def holdings(self) -> dict[str, tuple[int, int]]:
        """grid code → (live households, active residents) within the user's unit: what a grid still holds
        (撤销 and 迁移 leave these records under the old code, so the forms say how many)."""
        from sqlalchemy import func

        from gridapp.db.models import Household, Resident

        scope = self.principal.unit_code
        with self.db.read() as s:
            households = dict(s.execute(select(Household.unit_code, func.count()).where(
                Household.unit_code.startswith(scope), Household.deleted.is_(False))
                .group_by(Household.unit_code)).tuples().all())
            residents = dict(s.execute(select(Resident.unit_code, func.count()).where(
                Resident.unit_code.startswith(scope), Resident.deleted.is_(False), Resident.status == "active")
                .group_by(Resident.unit_code)).tuples().all())
        return {c: (households.get(c, 0), residents.get(c, 0)) for c in households.keys() | residents.keys()}

    def assignments(self, code: str | None = None, *, current: bool = True) -> list[AssignmentInfo]:
        """The people assigned to units in scope (or to one unit), current ones only by default."""
        scope = self.scope()
        with self.db.read() as s:
            q = select(UnitAssignment).where(UnitAssignment.deleted.is_(False),
                                             UnitAssignment.target_code.startswith(code or scope))
            if code and not is_within(code, scope):
                raise ScopeError(f"单位 {code} 不在本单位 {scope} 的范围内。")
            if current:
                q = q.where(UnitAssignment.end_on.is_(None))
            if code:
                q = q.where(UnitAssignment.target_code == code)
            rows = s.execute(q.order_by(UnitAssignment.target_code, UnitAssignment.duty,
                                        UnitAssignment.start_on)).scalars()
            return [_assignment(r) for r in rows]

    # -- reading ---------------------------------------------------------------------------------------
    def get(self, code: str) -> UnitInfo:
        scope = self.scope()
        if not is_within(code, scope):
            raise ScopeError(f"单位 {code} 不在本单位 {scope} 的范围内。")
        with self.db.read() as s:
            row = s.execute(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))).scalar()
            if row is None:
                raise NotFound(f"找不到单位 {code}。")
            return _info(row)

    def own_unit(self) -> UnitInfo | None:
        """The signed-in user's own unit (the installation's without a user)."""
        if self.installation() is None:
            return None
        code = self.principal.unit_code
        with self.db.read() as s:
            row = s.execute(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))).scalar()
            if row is None:
                return None
            info = _info(row)
            if row.level == Level.GRID.value and row.parent_code:  # named with its community (status bar)
                community = s.execute(select(OrgUnit.name).where(OrgUnit.code == row.parent_code)).scalar()
                info = dataclasses.replace(info, community_name=community)
            return info

    def list(self, level: Level | None = None, *, include_retired: bool = False) -> list[UnitInfo]:
        """Live units in scope, in code order; retired units only with `include_retired` (pickers for new
        work leave them out, lists show them as 已撤销)."""
        scope = self.scope()
        with self.db.read() as s:
            q = select(OrgUnit).where(OrgUnit.code.startswith(scope), OrgUnit.deleted.is_(False))
            if level is not None:
                q = q.where(OrgUnit.level == level.value)
            if not include_retired:
                q = q.where(OrgUnit.retired_on.is_(None))
            return [_info(r) for r in s.execute(q.order_by(OrgUnit.code)).scalars()]


def unit_in_scope(s, code: str | None, scope: str) -> OrgUnit:
    """The live unit `code` (default: `scope` itself), refused in Chinese outside `scope` or when unknown."""
    code = code or scope
    if not is_within(code, scope):
        raise ScopeError(f"单位 {code} 不在您的管辖范围 {scope} 内。", field="单位")
    unit = s.execute(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))).scalar()
    if unit is None:
        raise NotFound(f"单位 {code} 不存在。", field="单位")
    return unit
