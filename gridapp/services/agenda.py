"""今日待办: what waits for the signed-in user today, for the home page.

Each part is read through its own service, so the same permissions and unit scope apply as on its page; a
part the user may not read (or that does not apply at the unit's level) is None and is not shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gridapp.core.errors import PermissionDenied, ScopeError
from gridapp.core.orgcode import Level, level_of
from gridapp.core.permissions import Perm, Role
from gridapp.domain import clock

from .affairs import AffairService
from .disputes import DisputeService
from .events import EventService
from .tasks import TaskService
from .visits import VisitService

# affair actions that mean "somebody here has to decide" (editing one's own application does not)
DECISIONS = frozenset({"approve", "reject", "publish", "admit"})
# the due-visit list reads every household of the unit: offered up to the town (police work below it)
VISIT_LEVELS = (Level.GRID, Level.COMMUNITY, Level.TOWN)


@dataclass(frozen=True)
class AgendaPart:
    count: int  # what waits
    urgent: int  # of which overdue (or never visited)


@dataclass(frozen=True)
class Agenda:
    on: dt.date
    tasks: AgendaPart | None  # open tasks, overdue ones
    visits: AgendaPart | None  # households due for a police visit, never visited ones
    disputes: AgendaPart | None  # disputes not yet resolved or escalated, past their deadline
    affairs: AgendaPart | None  # affair items waiting for this user's decision, of which the oldest part
    #                             (applications older than 7 days) is "urgent"
    events: AgendaPart | None = None  # events waiting for this user's step (the events page's 只看待我办理),
    #                                   of which overdue


def build_agenda(tasks: TaskService, visits: VisitService, disputes: DisputeService, affairs: AffairService,
                 on: dt.date | None = None, events: EventService | None = None) -> Agenda:
    on = on or clock.today()
    return Agenda(on, _tasks(tasks, on), _visits(visits, on), _disputes(disputes, on), _affairs(affairs, on),
                  _events(events) if events is not None else None)


def _tasks(svc: TaskService, on: dt.date) -> AgendaPart | None:
    """Unfinished tasks (open and overdue: the tasks page's 未完成 list), of which overdue. Shown to those who
    do or hand out the grids' tasks and to the read-only leaders; a police officer's own work is elsewhere."""
    p = svc.principal
    if not (svc.may_write() or svc.may_create() or p.role == Role.VIEWER):
        return None
    try:
        rows = svc.list(on=on)
    except (PermissionDenied, ScopeError):
        return None
    open_ = [t for t in rows if t.status != "done"]
    return AgendaPart(len(open_), sum(t.status == "overdue" for t in open_))


def _visits(svc: VisitService, on: dt.date) -> AgendaPart | None:
    p = svc.principal
    if p is not None and not p.may(Perm.VISIT):
        return None
    try:
        if level_of(svc.scope) not in VISIT_LEVELS:
            return None
        rows = svc.due(None, on)
    except (PermissionDenied, ScopeError):
        return None
    return AgendaPart(len(rows), sum(r.last_visit is None for r in rows))


def _disputes(svc: DisputeService, on: dt.date) -> AgendaPart | None:
    try:
        rows = [d for d in svc.list_disputes(today=on, limit=1_000_000) if d.status in ("registered", "mediating")]
    except (PermissionDenied, ScopeError):
        return None
    return AgendaPart(len(rows), sum(d.overdue for d in rows))


def _affairs(svc: AffairService, on: dt.date) -> AgendaPart | None:
    p = svc.principal
    if not (p.may(Perm.APPROVE) or p.may(Perm.APPLY)):  # nothing of the affair list waits for this role
        return None
    try:
        rows = [a for a in svc.list() if svc.available_actions(a) & DECISIONS]
    except (PermissionDenied, ScopeError):
        return None
    return AgendaPart(len(rows), sum((on - a.applied_on).days > 7 for a in rows if a.applied_on))


def _events(svc: EventService) -> AgendaPart | None:
    """Exactly the list the events page shows with 只看待我办理 (the card opens it), and its overdue part."""
    p = svc.principal
    if p is not None and not (p.may(Perm.EVENT) or p.may(Perm.EVENT_OFFICE)):
        return None
    try:
        mine = svc.list_ids(mine=True)
        if not mine:
            return AgendaPart(0, 0)
        return AgendaPart(len(mine), len(svc.list_ids(mine=True, timing="overdue")))
    except (PermissionDenied, ScopeError):
        return None
