"""A grid worker's own household visits (巡查走访, `patrol`) and daily work log (民情日志, `worklog`), which the
grid chief and the office above read and comment on (批注).

Who: a grid worker (or the installation acting for itself) writes patrols and logs for the grid they belong to;
a grid chief or an office (综治中心) reads every log and patrol in their scope and comments on logs; anyone with
Perm.READ reads in scope. Not the police's 入户走访 (services.visits). An event raised from a patrol is composed
in services.patrol_events (area services do not import each other)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, TypeVar

from sqlalchemy import func, select

from gridapp.core.errors import PermissionDenied, ValidationError
from gridapp.core.orgcode import Level, is_within
from gridapp.core.permissions import Perm, Role
from gridapp.core.views import AsDict
from gridapp.db.models import Household, OrgUnit, Patrol, Worklog, WorklogComment
from gridapp.domain import worklog as rules
from gridapp.domain.worklog import PatrolInput, WorklogInput
from gridapp.sync.changelog import ChangeWriter

from . import paging, unitnames
from .base import ScopedService
from .units import unit_in_scope

_V = TypeVar("_V")

__all__ = ["CommentView", "GridWorkFigures", "PatrolInput", "PatrolView", "WorklogInput", "WorklogService", "WorklogView"]

WRITERS = frozenset({Role.GRID_WORKER})  # record patrols and logs: the grid's own worker
COMMENTERS = frozenset({Role.GRID_CHIEF, Role.OFFICE})  # comment on logs: the grid chief, the office above


@dataclass(frozen=True)
class PatrolView(AsDict):
    id: str
    unit_code: str
    household_id: str
    address: str
    visited_on: dt.date
    worker: str
    situation: str
    issues: str | None
    event_id: str | None


@dataclass(frozen=True)
class CommentView:
    id: str
    commented_on: dt.date
    author: str
    author_unit: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "commented_on": self.commented_on.isoformat()}


@dataclass(frozen=True)
class WorklogView:
    id: str
    unit_code: str
    log_date: dt.date
    worker: str
    content: str
    comments: tuple[CommentView, ...]

    @property
    def comment_text(self) -> str:
        return "；".join(f"{c.author}：{c.text}" for c in self.comments)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "unit_code": self.unit_code, "log_date": self.log_date.isoformat(),
                "worker": self.worker, "content": self.content, "comments": [c.as_dict() for c in self.comments]}


@dataclass(frozen=True)
class GridWorkFigures(AsDict):
    """One grid's own work in a period: patrols, distinct households patrolled, events raised from patrols,
    work logs written (the figures an assessment of grid workers' own visits reads)."""

    unit_code: str
    patrols: int
    households: int
    events: int
    worklogs: int


class WorklogService(ScopedService):
    """See the module's docstring."""

    audit_table = "worklog"

    PATROL_SORTS: ClassVar[dict[str, tuple]] = paging.dated_sorts(
        Patrol.visited_on, Patrol.created_hlc, worker=Patrol.worker, grid=Patrol.unit_code)
    WORKLOG_SORTS: ClassVar[dict[str, tuple]] = paging.dated_sorts(
        Worklog.log_date, Worklog.created_hlc, worker=Worklog.worker, grid=Worklog.unit_code)

    # -- who ------------------------------------------------------------------------------------------
    @property
    def may_write(self) -> bool:
        return self._plays(WRITERS)

    @property
    def may_comment(self) -> bool:
        return self._plays(COMMENTERS)

    def _grid(self, s: Any) -> OrgUnit:
        """The grid the worker writes for: a grid worker of a grid (the installation: its unit, a grid)."""
        self._touch()
        if not self._plays(WRITERS):
            raise PermissionDenied(f"巡查走访和民情日志由网格员本人登记；当前用户（{self.principal.role.label_zh}）"
                                   "只能查看和批注。")
        unit = unit_in_scope(s, self.scope, self.scope)
        if unit.level != Level.GRID.value:
            raise ValidationError(f"巡查走访和民情日志记在网格上，您的单位 {unit.code} 不是网格。", field="网格")
        return unit

    # -- writing --------------------------------------------------------------------------------------
    def add_patrol(self, data: PatrolInput) -> str:
        """Record a patrol of a household of the worker's grid; returns its id."""
        values = rules.check_patrol(data, self.today())
        with self.db.write() as s:
            grid = self._grid(s)
            hh = s.get(Household, data.household_id)
            if hh is None or hh.deleted:
                raise ValidationError("找不到所选的户。", field="户")
            rules.household_in_grid(hh.unit_code, grid.code)
            new_id = ChangeWriter(self.db, s).insert(Patrol, {**values, "unit_code": grid.code,
                                                              "worker": self._username[:50]})
            self._audit(s, "create", new_id, grid.code, table="patrol")
            return new_id

    def add_worklog(self, data: WorklogInput) -> str:
        """Write the worker's log of a day (one per worker and day); returns its id."""
        values = rules.check_worklog(data, self.today())
        with self.db.write() as s:
            grid = self._grid(s)
            worker = self._username[:50]
            dup = s.execute(select(Worklog.id).where(
                Worklog.unit_code == grid.code, Worklog.worker == worker, Worklog.log_date == values["log_date"],
                Worklog.deleted.is_(False))).first()
            if dup is not None:
                raise ValidationError(f"{values['log_date']} 的民情日志已经写过（每人每天一篇）。", field="日志日期")
            new_id = ChangeWriter(self.db, s).insert(Worklog, {**values, "unit_code": grid.code, "worker": worker})
            self._audit(s, "create", new_id, grid.code)
            return new_id

    def comment(self, worklog_id: str, text: str) -> str:
        """A grid chief's or office's comment (批注) on a log in scope; returns its id."""
        text_v = rules.check_comment(text)
        self._touch()
        if not self._plays(COMMENTERS):
            raise PermissionDenied(f"民情日志由网格长或综治中心批注；当前用户（{self.principal.role.label_zh}）不能批注。")
        with self.db.write() as s:
            log = self._live(s, Worklog, worklog_id, "民情日志")
            new_id = ChangeWriter(self.db, s).insert(WorklogComment, {
                "unit_code": log.unit_code, "worklog_id": log.id, "commented_on": self.today(),
                "author": self._username[:50], "author_unit": self.scope, "text": text_v})
            self._audit(s, "create", new_id, log.unit_code, table="worklog_comment")
            return new_id

    def link_event(self, patrol_id: str, event_id: str) -> None:
        """Note the event raised from a patrol (once)."""
        with self.db.write() as s:
            self._grid(s)
            row = self._live(s, Patrol, patrol_id, "巡查走访记录")
            if row.event_id:
                raise ValidationError("该走访已上报过事件。", field="事件")
            ChangeWriter(self.db, s).update(Patrol, row.id, {"event_id": event_id})

    # -- reading --------------------------------------------------------------------------------------
    def _where(self, s: Any, model: Any, date_col: Any, unit_code: str | None, date_from: dt.date | None,
               date_to: dt.date | None) -> list:
        self._need(Perm.READ)
        unit = unit_in_scope(s, unit_code, self.scope)
        return [model.unit_code.startswith(unit.code), model.deleted.is_(False),
                *paging.dated(date_col, date_from, date_to)]

    def _one(self, model: Any, rid: str, noun: str, rows: Callable[[Sequence[str]], list[_V | None]]) -> _V:
        """One live row in scope as `rows` shows it (not found or out of scope: refused, naming the `noun`)."""
        self._need(Perm.READ)
        with self.db.read() as s:
            self._live(s, model, rid, noun)
        view = rows([rid])[0]
        assert view is not None
        return view

    def _ids(self, model: Any, date_col: Any, sorts: dict[str, tuple], unit_code: str | None,
             date_from: dt.date | None, date_to: dt.date | None, sort: str, descending: bool) -> list[str]:
        """The ids of `model`'s live rows in a unit (and period), in the ledger's order `sort`."""
        with self.db.read() as s:
            where = self._where(s, model, date_col, unit_code, date_from, date_to)
            stmt = select(model.id).where(*where).order_by(*paging.order_by(sorts, sort, descending, model.id))
            return paging.read_ids(s, stmt)

    def patrol_ids(self, unit_code: str | None = None, *, date_from: dt.date | None = None,
                   date_to: dt.date | None = None, sort: str = "date", descending: bool = True) -> list[str]:
        return self._ids(Patrol, Patrol.visited_on, self.PATROL_SORTS, unit_code, date_from, date_to, sort, descending)

    def patrol_rows(self, ids: Sequence[str]) -> list[PatrolView | None]:
        self._need(Perm.READ)
        with self.db.read() as s:
            found: dict[str, PatrolView] = {}
            for chunk in paging.chunks(ids):
                for p, addr in s.execute(select(Patrol, Household.address).join(
                        Household, Household.id == Patrol.household_id, isouter=True).where(
                        Patrol.id.in_(chunk), Patrol.deleted.is_(False))):
                    if is_within(p.unit_code, self.scope):
                        found[p.id] = PatrolView(p.id, p.unit_code, p.household_id, addr or "", p.visited_on,
                                                 p.worker, p.situation, p.issues, p.event_id)
            return paging.in_order(ids, found)

    def list_patrols(self, unit_code: str | None = None, **kw: Any) -> list[PatrolView]:
        return [v for v in self.patrol_rows(self.patrol_ids(unit_code, **kw)) if v is not None]

    def get_patrol(self, patrol_id: str) -> PatrolView:
        return self._one(Patrol, patrol_id, "巡查走访记录", self.patrol_rows)

    def worklog_ids(self, unit_code: str | None = None, *, date_from: dt.date | None = None,
                    date_to: dt.date | None = None, sort: str = "date", descending: bool = True) -> list[str]:
        return self._ids(Worklog, Worklog.log_date, self.WORKLOG_SORTS, unit_code, date_from, date_to, sort,
                         descending)

    def worklog_rows(self, ids: Sequence[str]) -> list[WorklogView | None]:
        self._need(Perm.READ)
        with self.db.read() as s:
            logs = paging.live_rows(s, Worklog, ids, self._in_scope)
            comments: dict[str, list[CommentView]] = {}
            for chunk in paging.chunks([w.id for w in logs]):
                for c in s.execute(select(WorklogComment).where(
                        WorklogComment.worklog_id.in_(chunk), WorklogComment.deleted.is_(False))
                        .order_by(WorklogComment.commented_on, WorklogComment.created_hlc)).scalars():
                    comments.setdefault(c.worklog_id, []).append(
                        CommentView(c.id, c.commented_on, c.author, c.author_unit, c.text))
            return paging.in_order(ids, {w.id: WorklogView(w.id, w.unit_code, w.log_date, w.worker, w.content,
                                                           tuple(comments.get(w.id, ()))) for w in logs})

    def list_worklogs(self, unit_code: str | None = None, **kw: Any) -> list[WorklogView]:
        return [v for v in self.worklog_rows(self.worklog_ids(unit_code, **kw)) if v is not None]

    def get_worklog(self, worklog_id: str) -> WorklogView:
        return self._one(Worklog, worklog_id, "民情日志", self.worklog_rows)

    def grid_labels(self) -> dict[str, str]:
        """code → label of the grids in scope (the community in front where the scope spans several)."""
        self._need(Perm.READ)
        with self.db.read() as s:
            return unitnames.grid_labels(s, self.scope, include_retired=True)

    def summary(self, unit_code: str | None = None, *, date_from: dt.date | None = None,
                date_to: dt.date | None = None) -> list[GridWorkFigures]:
        """Per grid of the unit (in scope) with any patrol or log in the period: the grid's own work figures."""
        with self.db.read() as s:
            pw = self._where(s, Patrol, Patrol.visited_on, unit_code, date_from, date_to)
            lw = self._where(s, Worklog, Worklog.log_date, unit_code, date_from, date_to)
            figures: dict[str, list[int]] = {}
            for grid, n, hh, ev in s.execute(select(
                    Patrol.unit_code, func.count(), func.count(func.distinct(Patrol.household_id)),
                    func.count(Patrol.event_id)).where(*pw).group_by(Patrol.unit_code)):
                figures[grid] = [n, hh, ev, 0]
            for grid, n in s.execute(select(Worklog.unit_code, func.count()).where(*lw).group_by(Worklog.unit_code)):
                figures.setdefault(grid, [0, 0, 0, 0])[3] = n
            return [GridWorkFigures(g, *v) for g, v in sorted(figures.items())]

    def households(self) -> list[tuple[str, str]]:
        """(id, address) of the live households of the worker's grid, by address: the form's choice."""
        self._need(Perm.READ)
        with self.db.read() as s:
            return [(i, a) for i, a in s.execute(select(Household.id, Household.address).where(
                Household.unit_code.startswith(self.scope), Household.deleted.is_(False))
                .order_by(Household.address).limit(5000))]
