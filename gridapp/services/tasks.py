"""A grid worker's tasks (我的任务), made by rule from the admitted affair items in force.

The programme's rule: no task reaches a grid worker unless it comes from an admitted item in force
(`AffairService.in_force`). `generate(unit, on)` makes, for every grid of the unit and every item in force
for that grid on `on` with a recurring frequency (每日/每周/每月/每季度/每年), the task of the period
containing `on` if it is missing. Items not in force (pending, rejected, withdrawn, lapsed temporary items,
adjusted old versions after their end) never produce a task; tasks made earlier stay as history.
A 按需 item's task is made by hand (`create`) by a grid chief or the office, only while the item is in force.

Periods (decided here): daily 2026-11-26; weekly ISO week 2026-W48 (Monday to Sunday); monthly 2026-11;
quarterly 2026-Q4; yearly 2026. A task starts on the later of the period's first day and the item's first
day in force; it is due `deadline_days` days later counting the start day (start + deadline_days - 1),
or at the period's end when the item sets no deadline.

Ids: a generated task's id is `stable_id("grid_task", "item:grid:period")`, so the same task generated on
two offline nodes (a grid and its community) is one row after sync. The task row is written once; its
completion is a separate append-only `GridTaskCompletion` (a late duplicate insert merges as field writes
and could otherwise overwrite a completion). Status is derived: done when a live completion exists, else
overdue after the due date, else open.

Who may do what: listing needs Perm.READ in scope; generating and completing are for the grid worker of the
grid, the grid chief and the office (`WRITERS`, within their scope); 按需 tasks need Perm.APPROVE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select

from gridapp.core import codes
from gridapp.core.errors import PermissionDenied, ScopeError, ValidationError
from gridapp.core.ids import stable_id
from gridapp.core.orgcode import LEVEL_DIGITS, Level, is_within, level_of
from gridapp.core.permissions import Perm, Principal, Role
from gridapp.core.progress import Progress
from gridapp.core.views import AsDict
from gridapp.db.database import Database
from gridapp.db.models import AffairItem, GridTask, GridTaskCompletion, OrgUnit
from gridapp.domain.tasks import (
    NOTE_MAX,
    ON_DEMAND,
    RECURRING,
    STATUS,
    TITLE_MAX,
    period_of,
    status_of,
)
from gridapp.sync.changelog import ChangeWriter

from . import paging
from .affairs import AffairService, AffairView
from .base import DatedView, ScopedService
from .unitnames import filter_choices, grid_labels

WRITERS = (Role.GRID_WORKER, Role.GRID_CHIEF, Role.OFFICE)


def task_id(item_id: str, grid: str, period_key: str) -> str:
    """The id every node derives alike for an item's task of a period in a grid."""
    return stable_id("grid_task", f"{item_id}:{grid}:{period_key}")


def task_dates(item: AffairView, on: dt.date, grid_from: dt.date | None = None) -> tuple[str, dt.date, dt.date]:
    """(period key, start, due date) of a recurring item's task of the period containing `on`. `grid_from`: the
    grid's first day, when it began within the period (a grid made today): the task starts then, so a new
    grid never gets a task already overdue."""
    assert item.frequency is not None
    key, start, end = period_of(item.frequency, on)
    if item.in_force_from is not None and item.in_force_from > start:
        start = item.in_force_from
    if grid_from is not None and start < grid_from <= on:
        start = grid_from
    due = start + dt.timedelta(days=item.deadline_days - 1) if item.deadline_days else end
    return key, start, due


@dataclass(frozen=True)
class TaskView(DatedView):
    id: str
    unit_code: str  # the grid
    unit_name: str
    item_id: str
    title: str
    frequency: str | None
    frequency_label: str
    period_key: str | None
    period_start: dt.date
    due_date: dt.date
    status: str  # open | overdue | done
    status_label: str
    done_on: dt.date | None
    done_by: str | None
    note: str | None
    created_by: str | None
    # the affair item it comes from, for the worker's reference
    item_name: str
    department: str | None
    duty: str | None
    basis: str | None
    required_data: str | None


@dataclass(frozen=True)
class GenerateResult(AsDict):
    created: int
    existing: int
    grids: int


def _common_prefix(codes_: list[str]) -> str:
    """The longest unit code prefix shared by the codes (the unit the rows were listed in, at most)."""
    first, last = min(codes_), max(codes_)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    for length in sorted(LEVEL_DIGITS.values(), reverse=True):  # cut to a whole unit's code
        if length <= n:
            return first[:length]
    return ""


class TaskService(ScopedService):
    """`who` is the signed-in user, or a unit code for the installation acting for itself (demo data,
    tests): then no permission applies and no audit is written, but the scope and the rule still do."""

    audit_table = "grid_task"

    def __init__(self, db: Database, who: str | Principal, *, today: Callable[[], dt.date] | None = None,
                 actor: str | None = None):
        super().__init__(db, who, today=today, actor=actor)

    # -- helpers ----------------------------------------------------------------------------------
    def _check_scope(self, code: str) -> None:
        level_of(code)
        if not is_within(code, self.scope):
            raise ScopeError(f"单位 {code} 不在本单位 {self.scope} 的范围内。")

    def _need_writer(self, what: str) -> None:
        p = self.principal
        p.touch()
        if not self._plays(WRITERS):
            raise PermissionDenied(f"当前用户“{p.username}”（{p.role.label_zh}）不能{what}；"
                                   "只有本网格的网格员、网格长和综治中心可以。")

    def may_write(self) -> bool:
        """Whether this user may generate and complete tasks (the GUI offers it; the service checks again)."""
        return self._plays(WRITERS)

    def may_create(self) -> bool:
        return self.principal.may(Perm.APPROVE)

    def grids(self, unit_code: str | None = None) -> list[tuple[str, str]]:
        """(code, label) of the live grids in the unit (default: this user's unit), each named with its
        community when the unit spans several (`unitnames.grid_labels`)."""
        unit = unit_code or self.scope
        self._check_scope(unit)
        with self.db.read() as s:
            return list(grid_labels(s, unit).items())

    def filter_choices(self) -> list[tuple[str, str, str]]:
        """(code, label, level) for the list's unit filter: communities (when several) and their grids."""
        with self.db.read() as s:
            return filter_choices(s, self.scope)

    def _first_days(self, grids: list[str]) -> dict[str, dt.date]:
        """grid → its first day: the Beijing date its row was made (its creation clock, the same on every
        node), for the grids of `grids`."""
        from gridapp.core.hlc import physical_ms
        from gridapp.core.localtime import CHINA_TIME

        out: dict[str, dt.date] = {}
        with self.db.read() as s:
            for i in range(0, len(grids), 500):
                for code, hlc in s.execute(select(OrgUnit.code, OrgUnit.created_hlc).where(
                        OrgUnit.code.in_(grids[i:i + 500]))).tuples():
                    out[code] = dt.datetime.fromtimestamp(physical_ms(hlc) / 1000, CHINA_TIME).date()
        return out

    # -- generation -------------------------------------------------------------------------------
    def generate(self, unit_code: str | None = None, on: dt.date | None = None) -> GenerateResult:
        """Make the current period's task of every recurring item in force for every grid of the unit on
        `on`, where missing. Idempotent."""
        unit = unit_code or self.scope
        self._check_scope(unit)
        self._need_writer("生成任务")
        on = on or self.today()
        if on > self.today():
            raise ValidationError(f"不能为将来的日期（{on}）生成任务。", field="日期")
        affairs = AffairService(self.db, self.scope, today=self.today)
        grids = self.grids(unit)
        began = self._first_days([g for g, _n in grids])
        planned: dict[str, dict[str, Any]] = {}
        replaced: dict[str, tuple[str, str, str]] = {}  # new id -> the id the replaced version's task would have
        for grid, _name in grids:
            for item in affairs.in_force(grid, on):
                if item.frequency not in RECURRING:
                    continue
                key, start, due = task_dates(item, on, began.get(grid))
                tid = task_id(item.id, grid, key)
                planned[tid] = {"id": tid, "unit_code": grid, "item_id": item.id, "title": item.name,
                                "frequency": item.frequency, "period_key": key, "period_start": start,
                                "due_date": due}
                if item.replaces_id:  # an adjustment admitted mid-period: the old version's task counts
                    replaced[tid] = (item.replaces_id, grid, key)
        if not planned:
            return GenerateResult(0, 0, len(grids))
        with self.db.write() as s:
            ids = list(planned)
            have: set[str] = set()
            for i in range(0, len(ids), 500):  # a district's tasks would pass SQLite's bound-parameter limit
                have.update(s.execute(select(GridTask.id).where(GridTask.id.in_(ids[i:i + 500]))).scalars())
            for tid, (old, grid, key) in replaced.items():
                if tid not in have and s.execute(select(GridTask.id).where(
                        GridTask.item_id == old, GridTask.unit_code == grid, GridTask.period_key == key,
                        GridTask.deleted.is_(False))).first():
                    have.add(tid)
            new = [v for k, v in planned.items() if k not in have]
            if new:
                w = ChangeWriter(self.db, s)
                w.bulk_insert(GridTask, new)
                self._audit(s, "create", None, unit, {"tasks": "generate", "on": on.isoformat(), "created": len(new)},
                            writer=w)
        return GenerateResult(len(new), len(planned) - len(new), len(grids))

    def on_demand_items(self, grid: str) -> list[AffairView]:
        """The 按需 items in force for the grid today: what a grid chief or the office may hand out by hand."""
        self._check_scope(grid)
        items = AffairService(self.db, self.scope, today=self.today).in_force(grid, self.today())
        return sorted((i for i in items if i.frequency == ON_DEMAND), key=lambda i: i.name)

    def on_demand_choices(self, unit_code: str | None = None) -> list[tuple[AffairView, list[str]]]:
        """For handing out to several grids at once: each 按需 item in force today for at least one grid of the
        unit (default: the user's unit), with the grids (codes, in order) it is in force for."""
        unit = unit_code or self.scope
        self._check_scope(unit)
        affairs = AffairService(self.db, self.scope, today=self.today)
        today = self.today()
        found: dict[str, tuple[AffairView, list[str]]] = {}
        for grid, _label in self.grids(unit):
            for item in affairs.in_force(grid, today):
                if item.frequency == ON_DEMAND:
                    found.setdefault(item.id, (item, []))[1].append(grid)
        return sorted(found.values(), key=lambda pair: pair[0].name)

    def create(self, item_id: str, grid: str, title: str | None = None, due: dt.date | None = None) -> str:
        """A 按需 task made by hand by the grid chief or the office, from an item in force for the grid
        today. Returns its id."""
        return self.create_many(item_id, [grid], title, due)[0]

    def create_many(self, item_id: str, grids: list[str], title: str | None = None,
                    due: dt.date | None = None) -> list[str]:
        """The same 按需 task handed out to several grids in one step: every grid is checked first (in scope,
        a grid, the item in force for it today), and either all get their task or none does. Returns the ids
        in the order of `grids`."""
        self._need(Perm.APPROVE)
        grids = list(dict.fromkeys(grids))
        if not grids:
            raise ValidationError("请至少选择一个网格。", field="网格")
        for grid in grids:
            self._check_scope(grid)
            if level_of(grid) is not Level.GRID:
                raise ValidationError(f"任务只能派给网格；{grid} 不是网格。", field="网格")
        today = self.today()
        title = (title or "").strip() or None
        if title is not None and len(title) > TITLE_MAX:
            raise ValidationError(f"任务名称不能超过 {TITLE_MAX} 个字。", field="任务名称")
        if due is not None and due < today:
            raise ValidationError(f"截止日期（{due}）不能早于今天（{today}）。", field="截止日期")
        affairs = AffairService(self.db, self.scope, today=self.today)
        item = None
        missing: list[str] = []
        for grid in grids:
            found = next((i for i in affairs.in_force(grid, today) if i.id == item_id), None)
            if found is None:
                missing.append(grid)
            else:
                item = found
        if missing:
            with self.db.read() as s:
                known = s.get(AffairItem, item_id)
                labels = grid_labels(s, self.scope)
            name = f"“{known.name}”" if known is not None and not known.deleted else item_id
            where = "、".join(labels.get(g, g) for g in missing)
            raise ValidationError(f"事项{name}今天（{today}）不在网格 {where} 的有效事项清单中，不能派发任务："
                                  "只有已准入并在有效期内的事项才能成为网格员的任务。", field="网格")
        assert item is not None
        if item.frequency != ON_DEMAND:
            raise ValidationError(f"事项“{item.name}”是{item.frequency_label}事项，任务按规则自动生成；"
                                  "只有按需事项需要手工派发。")
        if due is None:
            due = today + dt.timedelta(days=(item.deadline_days or 1) - 1)
        ids: list[str] = []
        with self.db.write() as s:
            w = ChangeWriter(self.db, s)
            for grid in grids:
                new_id = w.insert(GridTask, {"unit_code": grid, "item_id": item.id, "title": title or item.name,
                                             "frequency": item.frequency, "period_key": None, "period_start": today,
                                             "due_date": due, "created_by": self._username})
                ids.append(new_id)
                self._audit(s, "create", new_id, grid, {"tasks": "create", "item": item.name}, writer=w)
        return ids

    # -- reading ----------------------------------------------------------------------------------
    def list(self, unit_code: str | None = None, status: str | None = None,
             on: dt.date | None = None) -> list[TaskView]:
        """The tasks of the grids in the unit (default: this user's unit): open and overdue first by due
        date, then done ones, latest first. `status` filters by the status on `on` (default today)."""
        self._need(Perm.READ)
        if status is not None and status not in STATUS and status != "pending":
            raise ValidationError(f"状态“{status}”无效；可选：{'、'.join(STATUS)}、pending。", field="状态")
        unit = unit_code or self.scope
        self._check_scope(unit)
        on = on or self.today()
        with self.db.read() as s:
            rows = s.execute(select(GridTask).where(GridTask.deleted.is_(False),
                                                    GridTask.unit_code.startswith(unit, autoescape=True))).scalars().all()
            views = self._views(s, rows, on)
        if status == "pending":  # not done yet, overdue or not: what 今日待办 counts
            views = [v for v in views if v.status != "done"]
        elif status is not None:
            views = [v for v in views if v.status == status]
        return sorted(views, key=lambda v: (v.status == "done", v.due_date if v.status != "done" else dt.date.min,
                                            -(v.done_on or dt.date.min).toordinal(), v.title, v.id))

    # -- the paged ledger (the GUI's lazy table) ---------------------------------------------------------
    # orders of the task list (TasksPage's header): key -> columns, each ending with the task's id; "default"
    # is the order of `list`: open and overdue first by due date, then the done ones, latest first
    @staticmethod
    def _done_on():
        return (select(func.min(GridTaskCompletion.done_on)).where(
            GridTaskCompletion.task_id == GridTask.id, GridTaskCompletion.deleted.is_(False))
            .correlate(GridTask).scalar_subquery())

    def _ledger_sorts(self) -> dict[str, tuple]:
        done_on = self._done_on()
        done = done_on.is_not(None)
        return {"default": (done, case((done, None), else_=GridTask.due_date), (done_on, False), GridTask.title),
                "grid": (GridTask.unit_code, GridTask.due_date), "title": (GridTask.title, GridTask.due_date),
                "period": (GridTask.period_key, GridTask.unit_code), "due": (GridTask.due_date, GridTask.title),
                "done": (done_on, GridTask.due_date)}

    def _ledger_where(self, unit_code: str | None, status: str | None, on: dt.date, query: str | None = None) -> list:
        """The conditions of `list`'s filters (checked as it checks them), within the scope. `query` (the
        search box): every word in the task's title, its affair item's name or department, or its grid's name."""
        self._need(Perm.READ)
        if status is not None and status not in STATUS and status != "pending":
            raise ValidationError(f"状态“{status}”无效；可选：{'、'.join(STATUS)}、pending。", field="状态")
        unit = unit_code or self.scope
        self._check_scope(unit)
        where = [GridTask.deleted.is_(False), GridTask.unit_code.startswith(unit, autoescape=True)]
        done = self._done_on().is_not(None)
        if status in ("pending", "open", "overdue"):
            where.append(~done)
        if status == "open":
            where.append(GridTask.due_date >= on)
        elif status == "overdue":
            where.append(GridTask.due_date < on)
        elif status == "done":
            where.append(done)
        item = select(AffairItem).where(AffairItem.id == GridTask.item_id).correlate(GridTask)
        grid = (select(OrgUnit.name).where(OrgUnit.code == GridTask.unit_code).correlate(GridTask)
                .limit(1).scalar_subquery())
        where += paging.searched(query, GridTask.title, item.with_only_columns(AffairItem.name).scalar_subquery(),
                                 item.with_only_columns(AffairItem.department).scalar_subquery(), grid)
        return where

    def ledger_ids(self, unit_code: str | None = None, status: str | None = None, on: dt.date | None = None, *,
                   sort: str = "default", descending: bool = False, progress: Progress | None = None,
                   query: str | None = None) -> list[str]:
        """The ids of the whole task list (the filters of `list`, and the search `query`) in the order `sort`,
        for the GUI's lazy table: no cap; its length is the count. Rows: `ledger_rows`."""
        on = on or self.today()
        where = self._ledger_where(unit_code, status, on, query)
        stmt = select(GridTask.id).where(*where).order_by(
            *paging.order_by(self._ledger_sorts(), sort, descending, GridTask.id))
        with self.db.read() as s:
            return paging.read_ids(s, stmt, progress)

    def ledger_counts(self, unit_code: str | None = None, status: str | None = None,
                      on: dt.date | None = None, query: str | None = None) -> dict[str, int]:
        """How many tasks of the list (the filters of `list`) are open, overdue and done, counted in SQL."""
        on = on or self.today()
        where = self._ledger_where(unit_code, status, on, query)
        done = self._done_on().is_not(None)
        st = case((done, "done"), (GridTask.due_date < on, "overdue"), else_="open")
        out = dict.fromkeys(STATUS, 0)
        with self.db.read() as s:
            out.update(s.execute(select(st, func.count()).where(*where).group_by(st)).all())
        return out

    def ledger_rows(self, ids: Sequence[str], on: dt.date | None = None) -> list[TaskView | None]:
        """The tasks with these ids (from `ledger_ids`) in the given order; None where one was removed or
        left the scope since."""
        self._need(Perm.READ)
        on = on or self.today()
        with self.db.read() as s:
            rows = paging.live_rows(s, GridTask, ids, self._in_scope)
            return paging.in_order(ids, {v.id: v for v in self._views(s, rows, on)})

    EXPORT_HEADERS = ("状态", "网格", "任务", "事项", "申请部门", "频次", "周期", "截止日期", "完成日期", "办理人", "办理结果")

    def export(self, out: Any, unit_code: str | None = None, status: str | None = None, *,
               query: str | None = None, sort: str = "default", descending: bool = False,
               on: dt.date | None = None, progress: Progress | None = None) -> int:
        """The task list as the page shows it (unit, status, search, order) as .xlsx, one row a task; audited.
        Returns the number of rows written. Tasks hold no personal data, so nothing is masked."""
        from openpyxl import Workbook

        from .xlsx_ledger import _save, check_output, safe_cell

        self._need(Perm.EXPORT)
        on = on or self.today()
        out = check_output(out)
        ids = self.ledger_ids(unit_code, status, on, sort=sort, descending=descending, query=query)
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("网格任务")
        ws.append(list(self.EXPORT_HEADERS))
        n = 0
        for chunk in paging.chunks(ids):
            for t in self.ledger_rows(chunk, on):
                if t is None:
                    continue
                ws.append([safe_cell(v) for v in (
                    t.status_label, t.unit_name, t.title, t.item_name, t.department, t.frequency_label,
                    t.period_key or "按需", t.due_date, t.done_on, t.done_by, t.note)])
                n += 1
            if progress is not None:
                progress.step(n, len(ids), "导出任务")
        _save(wb, out)
        if self._audited:
            with self.db.write() as s:
                self._audit(s, "export", None, unit_code or self.scope,
                            {"rows": n, "file": out.name, "format": "xlsx", "status": status, "query": query or None})
        return n

    def get(self, task_id_: str, on: dt.date | None = None) -> TaskView:
        self._need(Perm.READ)
        with self.db.read() as s:
            row = self._task(s, task_id_)
            return self._views(s, [row], on or self.today())[0]

    def _task(self, s, task_id_: str) -> GridTask:
        return self._live(s, GridTask, task_id_, "任务", hide=True)

    @staticmethod
    def _views(s, rows: list[GridTask], on: dt.date) -> list[TaskView]:
        if not rows:
            return []
        ids = [r.id for r in rows]
        done: dict[str, GridTaskCompletion] = {}
        for i in range(0, len(ids), 500):
            for c in s.execute(select(GridTaskCompletion).where(
                    GridTaskCompletion.task_id.in_(ids[i:i + 500]), GridTaskCompletion.deleted.is_(False))
                    .order_by(GridTaskCompletion.done_on, GridTaskCompletion.created_hlc)).scalars():
                done.setdefault(c.task_id, c)  # two offline completions: the earliest counts
        item_ids = list({r.item_id for r in rows})
        items = {i.id: i for i in s.execute(select(AffairItem).where(AffairItem.id.in_(item_ids))).scalars()}
        names = grid_labels(s, _common_prefix([r.unit_code for r in rows]), include_retired=True)
        out = []
        for r in rows:
            c = done.get(r.id)
            it = items.get(r.item_id)
            st = status_of(r.due_date, c.done_on if c else None, on)
            out.append(TaskView(
                id=r.id, unit_code=r.unit_code, unit_name=names.get(r.unit_code, r.unit_code), item_id=r.item_id,
                title=r.title, frequency=r.frequency, frequency_label=codes.label("affair_frequency", r.frequency),
                period_key=r.period_key, period_start=r.period_start, due_date=r.due_date, status=st,
                status_label=STATUS[st], done_on=c.done_on if c else None, done_by=c.done_by if c else None,
                note=c.note if c else None, created_by=r.created_by,
                item_name=it.name if it else r.title, department=it.department if it else None, duty=it.duty if it else None,
                basis=it.basis if it else None, required_data=it.required_data if it else None))
        return out

    # -- completing -------------------------------------------------------------------------------
    def complete(self, task_id_: str, note: str | None = None, on: dt.date | None = None) -> None:
        """Mark a task done on `on` (default today) with a result note."""
        self._need_writer("办结任务")
        today = self.today()
        on = on or today
        note = (note or "").strip() or None
        if note is not None and len(note) > NOTE_MAX:
            raise ValidationError(f"办理结果不能超过 {NOTE_MAX} 个字。", field="办理结果")
        if on > today:
            raise ValidationError(f"完成日期（{on}）不能晚于今天（{today}）。", field="完成日期")
        with self.db.write() as s:
            task = self._task(s, task_id_)
            if self.principal.role is Role.GRID_WORKER \
                    and task.unit_code != self.principal.unit_code:
                raise ScopeError(f"任务“{task.title}”属于网格 {task.unit_code}，只有该网格的网格员可以办结。")
            if on < task.period_start:
                raise ValidationError(f"完成日期（{on}）早于任务开始日期（{task.period_start}）。", field="完成日期")
            prior = s.execute(select(GridTaskCompletion).where(
                GridTaskCompletion.task_id == task.id, GridTaskCompletion.deleted.is_(False))).scalars().first()
            if prior is not None:
                raise ValidationError(f"任务“{task.title}”已由{prior.done_by}于 {prior.done_on} 办结，不能重复办结。")
            w = ChangeWriter(self.db, s)
            w.insert(GridTaskCompletion, {"unit_code": task.unit_code, "task_id": task.id, "done_on": on,
                                          "done_by": self._username, "note": note})
            self._audit(s, "edit", task.id, task.unit_code, {"tasks": "done", "title": task.title, "on": on.isoformat()},
                        writer=w)

    def create_for_unit(self, item_id: str, title: str | None = None, due: dt.date | None = None,
                        unit_code: str | None = None) -> list[str]:
        """派发给全部网格: the 按需 task to every grid of the unit (default: the user's unit) that the item is in
        force for today (as the GUI's dialog ticks them), in one step as `create_many`. Returns the ids in grid
        code order."""
        self._need(Perm.APPROVE)
        unit = unit_code or self.scope
        grids = next((g for item, g in self.on_demand_choices(unit) if item.id == item_id), None)
        if not grids:
            raise ValidationError(f"事项 {item_id} 今天不是 {unit} 范围内任何网格的有效按需事项，不能派发任务："
                                  "只有已准入并在有效期内的按需事项才能派发给网格。", field="事项")
        return self.create_many(item_id, grids, title, due)
