"""An event raised from a grid worker's patrol (巡查发现): composes EventService.report and WorklogService (the two
area services stay independent of each other, as services.event_disputes does for disputes)."""

from __future__ import annotations

from gridapp.core.errors import ValidationError
from gridapp.domain import events as event_rules

from .events import EventInput, EventService
from .worklog import WorklogService

PATROL_SOURCE = "01"  # 网格员巡查发现


def raise_event(worklog: WorklogService, events: EventService, patrol_id: str, *, class_code: str,
                title: str, description: str | None = None, urgency: str = "1", subclass: str | None = None) -> str:
    """Report an event from a patrol: the patrol's household, grid and date, its issues as the description
    (unless given), source 网格员巡查发现; the patrol then names the event. Returns the event id.

    Two transactions: the event is reported first (refused with nothing written when its input is bad), then
    linked; should the link fail, the event stands on its own and the patrol can be linked again."""
    patrol = worklog.get_patrol(patrol_id)
    if patrol.event_id:
        raise ValidationError("该走访已上报过事件。", field="事件")
    if class_code == event_rules.DISPUTE_CLASS:
        raise ValidationError("矛盾纠纷请登记在矛盾纠纷台账。", field="事件类别")
    text = description or patrol.issues or patrol.situation
    event_id = events.report(EventInput(
        class_code=class_code, subclass=subclass, title=title, description=text, place=patrol.address or "-",
        found_on=patrol.visited_on, urgency=urgency, source=PATROL_SOURCE, unit_code=patrol.unit_code,
        household_id=patrol.household_id))
    worklog.link_event(patrol_id, event_id)
    return event_id
