"""Org units: the installation's own unit and the units below it (scope = the installation's subtree)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from gridapp.core.errors import NotFound, ScopeError, ValidationError
from gridapp.core.ids import stable_id
from gridapp.core.orgcode import Level, is_within, level_of, parent_code, validate_code
from gridapp.core.permissions import Perm, Principal
from gridapp.db.database import Database
from gridapp.db.models import Meta, OrgUnit
from gridapp.sync.changelog import ChangeWriter


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    level: Level
    parent_code: str | None

    @property
    def label(self) -> str:
        return f"{self.name}（{self.code}）"


def _info(row: OrgUnit) -> UnitInfo:
    return UnitInfo(row.code, row.name, Level(row.level), row.parent_code)


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError("单位名称不能为空。", field="单位名称")
    if len(name) > 100:
        raise ValidationError("单位名称不能超过 100 个字。", field="单位名称")
    return name


class UnitService:
    """Units in scope. With a `principal`, the scope is the user's unit subtree (inside the installation's);
    without one, the installation's (first-run set-up, tests, maintenance)."""

    def __init__(self, db: Database, principal: Principal | None = None):
        self.db = db
        self.principal = principal

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
        if self.principal is not None:
            self.principal.touch()
            return self.principal.unit_code
        return unit.code

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

    def add(self, code: str, name: str) -> UnitInfo:
        """Add a unit below the installation's unit (e.g. a community adds its grids)."""
        validate_code(code)
        name = _clean_name(name)
        if self.principal is not None:
            self.principal.require(Perm.MANAGE_UNITS)
        scope = self.scope()
        if code == scope or not is_within(code, scope):
            raise ScopeError(f"单位 {code} 不在本单位 {scope} 的下级范围内，不能添加。", field="单位编码")
        parent = parent_code(code)
        with self.db.write() as s:
            if s.execute(select(OrgUnit.id).where(OrgUnit.code == code)).first():
                raise ValidationError(f"单位编码 {code} 已存在。", field="单位编码")
            if parent and not s.execute(select(OrgUnit.id).where(OrgUnit.code == parent)).first():
                raise ValidationError(f"上级单位 {parent} 尚未建立，请先添加上级单位。", field="单位编码")
            ChangeWriter(self.db, s).insert(OrgUnit, {
                "id": stable_id("org_unit", code), "code": code, "name": name, "level": level_of(code).value, "parent_code": parent,
                "unit_code": code})
        return UnitInfo(code, name, level_of(code), parent)

    def get(self, code: str) -> UnitInfo:
        scope = self.scope()
        if not is_within(code, scope):
            raise ScopeError(f"单位 {code} 不在本单位 {scope} 的范围内。")
        with self.db.read() as s:
            row = s.execute(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))).scalar()
            if row is None:
                raise NotFound(f"找不到单位 {code}。")
            return _info(row)

    def list(self, level: Level | None = None) -> list[UnitInfo]:
        """All live units in scope, in code order."""
        scope = self.scope()
        with self.db.read() as s:
            q = select(OrgUnit).where(OrgUnit.code.startswith(scope), OrgUnit.deleted.is_(False))
            if level is not None:
                q = q.where(OrgUnit.level == level.value)
            return [_info(r) for r in s.execute(q.order_by(OrgUnit.code)).scalars()]


def unit_in_scope(s, code: str | None, scope: str) -> OrgUnit:  # noqa: ANN001
    """The live unit `code` (default: `scope` itself), refused in Chinese outside `scope` or when unknown."""
    code = code or scope
    if not is_within(code, scope):
        raise ScopeError(f"单位 {code} 不在您的管辖范围 {scope} 内。", field="单位")
    unit = s.execute(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))).scalar()
    if unit is None:
        raise NotFound(f"单位 {code} 不存在。", field="单位")
    return unit
