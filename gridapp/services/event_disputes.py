"""An event of class 矛盾纠纷 becomes a dispute record (one concept, one record: GB/T 31000 keeps 矛盾纠纷 as its
own module, so the dispute ledger holds it and handles it: mediation, resolution, escalation, supervision).

The two area services stay independent of each other (import-linter); this module composes them: the event
form's fields are checked as an event's, then registered through DisputeService as the dispute's.
"""

from __future__ import annotations

from gridapp.core.errors import ValidationError
from gridapp.core.permissions import Perm
from gridapp.domain import events as rules

from .disputes import DisputeInput, DisputeService
from .events import EventInput, EventService, check_input


def report_dispute(events: EventService, disputes: DisputeService, data: EventInput, *, category: str = "99",
                   scale: str = "01", people_count: int | None = None) -> str:
    """Register an event of class 矛盾纠纷 as a dispute: title → 名称, found → 发生日期, place, description (with
    its source and 12345 work-order number) → 简述, the people picked from the resident records → 主要当事人
    (names) and 涉及人数 (unless given). Returns the dispute id; nothing is written when any field is refused."""
    events.principal.require(Perm.EVENT)
    if data.class_code != rules.DISPUTE_CLASS:
        raise ValidationError("只有“矛盾纠纷”类事件登记为矛盾纠纷。", field="事件类别")
    # the office's class table of the dispute's grid (a subclass it added under 矛盾纠纷, or the class retired)
    values = check_input(data, events.today(), events.class_table(data.unit_code or events.scope))
    names = events.people_names(data.people)
    source = rules.SOURCE[values["source"]] + (f"，工单号 {values['work_order']}" if values["work_order"] else "")
    count = people_count if people_count is not None else max(len(names), 1)
    return disputes.register(DisputeInput(
        name=values["title"], occurred_on=values["found_on"], place=values["place"], category=category,
        scale=scale, people=count, summary=f"{values['description']}（来源：{source}）",
        parties="、".join(names) or None, grid_code=data.unit_code or events.scope), today=events.today())
