"""The base of every area service: who acts (a `Principal`, never None), in which scope, and the three
preambles every act repeats: `_need` (the role may do it, the session is alive), `_live` (the row exists and
lies in scope: one check, one message) and `_audit` (a person's act recorded; the installation acting for
itself, `Principal.system`, is not audited, as before).

A service is built as `Service(db, who)`: `who` is the signed-in user's `Principal`, or a unit code for the
installation acting for itself within that unit (demo data, sync, tests): resolved here, once, to
`Principal.system(code)`. `None` is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from gridapp.core.errors import NotFound, ScopeError
from gridapp.core.orgcode import is_within
from gridapp.core.permissions import Perm, Principal
from gridapp.db.database import Database
from gridapp.domain import clock

from . import audit


class DatedView:
    """A mixin for a service's view dataclass: `as_dict()` is its fields with dates written 2026-01-31 (JSON)."""

    def as_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.__dict__.items()}


def as_principal(who: Principal | str) -> Principal:
    """The one place a unit code becomes the installation's own principal for that unit."""
    if isinstance(who, Principal):
        return who
    if isinstance(who, str) and who:
        return Principal.system(who)
    raise TypeError(f"a service needs the signed-in user (Principal) or a unit code, not {who!r}")


class _Rows:
    """`_live` and `_audit`, shared by both bases (each gives `principal`: an attribute or a property).
    Subclasses set `audit_table` when their rows live in one table."""

    audit_table: ClassVar[str | None] = None
    db: Database

    if TYPE_CHECKING:
        @property
        def principal(self) -> Principal: ...

    # -- rows -----------------------------------------------------------------------------------------
    def _live(self, s: Any, model: type, row_id: str, what: str, *, ref: str = "", gone: str = "",
              field: str | None = None, within: str | None = None, hide: bool = False) -> Any:
        """The live (not deleted) row `row_id` of `model` in scope (`within`, default the user's unit), else
        NotFound "找不到该{what}{gone}。" or ScopeError "该{what}{ref}不在您的管辖范围 … 内。" (`hide`: out of
        scope reads as not found, where even the row's existence is not to be told)."""
        row = s.get(model, row_id)
        scope = self.principal.unit_code if within is None else within
        if row is None or row.deleted or (hide and not is_within(row.unit_code, scope)):
            raise NotFound(f"找不到该{what}{gone}。", field=field)
        if not is_within(row.unit_code, scope):
            raise ScopeError(f"该{what}{ref}不在您的管辖范围 {scope} 内。", field=field)
        return row

    def _audit(self, s: Any, action: str, row_id: str | None = None, unit_code: str | None = None,
               detail: dict | str | None = None, *, table: str | None = None, writer: Any = None) -> None:
        """Record a person's act in the audit chain, in the act's own transaction (not the installation's)."""
        if self.principal.is_system:
            return
        if isinstance(detail, dict):  # a field with nothing to say is left out of the sentence
            detail = {k: v for k, v in detail.items() if v is not None}
        audit.record(self.db, s, self.principal, action, unit_code=unit_code or self.principal.unit_code,
                     target_table=table or self.audit_table, target_id=row_id, detail=detail, writer=writer)


class ScopedService(_Rows):
    """See the module's docstring. Subclasses set `audit_table` when their rows live in one table."""

    def __init__(self, db: Database, who: Principal | str, *, today: Callable[[], dt.date] | None = None,
                 actor: str | None = None):
        self.db = db
        self.principal: Principal = as_principal(who)
        self.scope: str = self.principal.unit_code
        self.actor = actor  # the name steps carry when the installation acts for itself (the demo's people)
        self.today: Callable[[], dt.date] = today if today is not None else clock.today

    # -- who ------------------------------------------------------------------------------------------
    @property
    def _username(self) -> str:
        """The name an act carries: the user's display name, or the installation's actor ("system")."""
        if self.principal.is_system:
            return self.actor or self.principal.username
        return self.principal.display_name or self.principal.username

    @property
    def _person(self) -> str | None:
        """The signed-in person's name (display name, else user name); None when the installation acts."""
        if self.principal.is_system:
            return None
        return self.principal.display_name or self.principal.username

    @property
    def _audited(self) -> bool:
        """Whether acts are audited: a person's are, the installation's own are not (see `_audit`)."""
        return not self.principal.is_system

    def _plays(self, roles: Any) -> bool:
        """The user has one of `roles` (the installation plays every role)."""
        return self.principal.is_system or self.principal.role in roles

    def _need(self, perm: Perm) -> None:
        self.principal.require(perm)

    def _may(self, perm: Perm) -> bool:
        return self.principal.may(perm)

    def _in_scope(self, unit_code: str) -> bool:
        return is_within(unit_code, self.scope)

    def _touch(self) -> None:
        self.principal.touch()

    def _count_live(self, model: Any, unit_code: str | None, *where: Any) -> int:
        """Live rows of `model` (`deleted` false, `where` true) in a unit of the scope and below it; the user's
        unit when `unit_code` is None. Refused when the unit is outside the scope."""
        from sqlalchemy import func, select

        from .units import unit_in_scope

        self._need(Perm.READ)
        with self.db.read() as s:
            unit = unit_in_scope(s, unit_code, self.scope)
            return s.execute(select(func.count()).select_from(model).where(
                # the subtree as a range, which the unit-code indexes read (a LIKE with a bound pattern reads
                # every row; codes are digits and ':' follows '9')
                model.unit_code >= unit.code, model.unit_code < unit.code + ":", model.deleted.is_(False),
                *where)).scalar_one()

    def _resident_by_key(self, key: str, hint: str = "") -> str:
        """A resident in scope by record id or full ID number (for the command line); else NotFound naming the
        key, with `hint` (what the area asks of the resident) before the usual advice."""
        from sqlalchemy import select

        from gridapp.db.models import Resident

        key = (key or "").strip()
        with self.db.read() as s:
            row = s.get(Resident, key) if len(key) == 32 else None
            if row is None:
                row = s.execute(select(Resident).where(Resident.id_number == key.upper(), Resident.deleted.is_(False))
                                .order_by(Resident.status)).scalars().first()
            if row is None or row.deleted or not is_within(row.unit_code, self.scope):
                raise NotFound(f"本单位范围内找不到居民“{key}”（{hint}请给出居民编号或完整身份证号）。", field="居民")
            return row.id

    # -- audit ----------------------------------------------------------------------------------------



def installation_unit(db: Database) -> str:
    """The code of the unit this installation serves (refused before first-run set-up)."""
    from gridapp.core.errors import ValidationError

    code = db.meta("unit_code")
    if not code:
        raise ValidationError("本机尚未初始化单位，请先设置本单位（init）。")
    return code


class InstallationService(_Rows):
    """The base of the installation-wide services (units, stats, backup, reports, sync): built with the signed-in
    user's `Principal`, or without one for the installation itself, which is resolved here, on first use, to
    `Principal.system(<the installation's unit>)` (first-run set-up reads the units before the unit exists)."""

    def __init__(self, db: Database, who: Principal | str | None = None):
        self.db = db
        self._who = who

    @property
    def _itself(self) -> bool:
        """The installation acts for itself (asked without resolving: its unit may not be set up yet)."""
        return not isinstance(self._who, Principal) or self._who.is_system

    @property
    def principal(self) -> Principal:
        if not isinstance(self._who, Principal):
            self._who = as_principal(self._who or installation_unit(self.db))
        return self._who
