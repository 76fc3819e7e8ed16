"""Who may write a synced row: the ownership checks every receiver runs on changes from another installation
before it writes them (DESIGN.md §4 rule 3; issue 12).

A change names the unit that owns its row (`unit_code`). The sender's scope check alone trusts that name, so
a tampered installation could write its own unit code into a change of a row owned above it or beside it.
Here a change is judged against what the receiver already holds and against what the row's kind implies:

- a change to a row this node holds (or that an earlier change of the same part creates) must name the row's
  stored owner: a row's unit never changes by sync (the app moves residents only between households of the
  same grid, so no legitimate change moves a row to another unit);
- a new row must carry the owner its kind implies: an org unit is owned by itself under the id derived from its
  code; an assessment scheme (and its scores and incident marks) under the id derived from its owner, level
  and period (or cell); a row that belongs to another row (a tag to its resident, a visit to its household, a
  step to its affair item, a score to its scheme, ...) is owned by that row's unit, where this node holds it;
- from a child, every change must lie in the unit of the installation that made it (its origin), not only in
  the child's subtree: a community may not relay a grid's change about a sibling grid.

`problems()` returns one Chinese sentence per offending change (the first few); the caller refuses the part.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from gridapp.core.ids import stable_id
from gridapp.core.orgcode import is_within

TABLE_LABELS = {"org_unit": "单位", "building": "楼栋", "household": "户", "resident": "居民", "resident_tag": "居民标签",
                "special_group_record": "特殊人群", "affair_item": "网格事务", "affair_step": "事务流程",
                "household_visit": "入户走访", "grid_task": "网格任务", "grid_task_completion": "任务办结",
                "dispute": "矛盾纠纷", "dispute_supervision": "督办", "small_project": "八小工程",
                "assessment_scheme": "考核方案", "assessment_score": "考核评分", "assessment_incident": "重大问题标记",
                "assessment_result": "考核结果", "audit_log": "审计日志", "event": "事件", "event_person": "事件涉及人员",
                "event_step": "事件办理环节", "event_photo": "事件照片", "record_photo": "走访和八小工程照片", "event_limit": "事件办理时限", "event_class": "事件分类", "work_calendar_day": "工作日历",
                "police_force": "警力情况", "homicide_case": "命案情况", "satisfaction_survey": "满意度调查",
                "party_org": "党组织", "party_membership": "党员", "party_centre": "党员中心户",
                "party_centre_link": "中心户联系户", "party_contact": "挂包联系记录", "party_history": "党建变动记录",
                "patrol": "巡查走访", "worklog": "民情日志", "worklog_comment": "民情日志批注"}
# table -> (field, table of the row it points to, how the two owners relate):
# "same": the same unit; "above": the pointed row's unit is this row's unit or above it; "below": the pointed
# row's unit is this row's unit or below it
REFS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "household": (("building_id", "building", "same"),),
    "resident": (("household_id", "household", "same"),),
    "resident_tag": (("resident_id", "resident", "same"),),
    "special_group_record": (("resident_id", "resident", "same"),),
    "affair_item": (("replaces_id", "affair_item", "same"),),
    "affair_step": (("item_id", "affair_item", "same"),),
    "household_visit": (("household_id", "household", "same"), ("replaces", "household_visit", "same")),
    "grid_task": (("item_id", "affair_item", "above"),),
    "grid_task_completion": (("task_id", "grid_task", "same"),),
    "dispute_supervision": (("dispute_id", "dispute", "same"),),
    "small_project": (("dispute_id", "dispute", "below"), ("household_id", "household", "below"),
                      ("replaces", "small_project", "same")),
    "assessment_score": (("scheme_id", "assessment_scheme", "same"),),
    "assessment_incident": (("scheme_id", "assessment_scheme", "same"),),
    "assessment_result": (("scheme_id", "assessment_scheme", "same"),),
    "event_person": (("event_id", "event", "same"),),
    "event_step": (("event_id", "event", "same"),),
    "event_photo": (("event_id", "event", "same"),),
    "record_photo": (("visit_id", "household_visit", "same"), ("project_id", "small_project", "same")),
    "party_org": (("building_id", "building", "same"),),
    "party_membership": (("resident_id", "resident", "same"), ("org_id", "party_org", "above")),
    "party_centre": (("household_id", "household", "same"), ("member_id", "party_membership", "same"),
                     ("group_id", "party_org", "above")),
    "party_centre_link": (("centre_id", "party_centre", "same"), ("household_id", "household", "same")),
    "party_contact": (("centre_id", "party_centre", "same"), ("household_id", "household", "same")),
    "party_history": (("resident_id", "resident", "same"), ("centre_id", "party_centre", "same")),
    "patrol": (("household_id", "household", "same"), ("event_id", "event", "same")),
    "worklog_comment": (("worklog_id", "worklog", "same"),),
}
MAX_REPORTED = 5


def _label(table: str) -> str:
    return TABLE_LABELS.get(table, table)


def _where(c: Mapping[str, Any]) -> str:
    return f"（节点 {c['node_id']}，序号 {c['node_seq']}）"


def _expected_id(table: str, f: Mapping[str, Any], unit: str) -> str | None:
    """The id a new row of a kind with derived ids must have, or None for kinds with free ids."""
    try:
        if table == "org_unit":
            return stable_id("org_unit", str(f.get("code")))
        if table == "assessment_scheme":
            return stable_id("assessment_scheme", f"{unit}:{f.get('target_level')}:{f.get('period')}")
        if table == "assessment_score":
            return stable_id("assessment_score", f"{f.get('scheme_id')}:{f.get('target_code')}:{f.get('indicator')}")
        if table == "assessment_incident":
            return stable_id("assessment_incident", f"{f.get('scheme_id')}:{f.get('target_code')}")
    except (TypeError, ValueError):
        return ""
    return None


def _owners(session: Session, wanted: Mapping[str, set[str]],
            absent: dict[str, set[str]] | None = None) -> dict[tuple[str, str], str]:
    """(table, row id) -> stored unit code, for the rows this node holds; `absent` gets, per table, the ids
    looked up and not held."""
    from gridapp.db.models import SYNCED_MODELS
    from gridapp.sync.merge import chunk_size

    out: dict[tuple[str, str], str] = {}
    conn = session.connection()
    n = chunk_size(session)
    for table, ids in wanted.items():
        if table not in SYNCED_MODELS or not ids:
            continue
        id_list = list(ids)
        held: set[str] = set()
        for i in range(0, len(id_list), n):
            chunk = id_list[i:i + n]
            sql = f"SELECT id, unit_code FROM {table} WHERE id IN ({','.join('?' * len(chunk))})"
            for rid, unit in conn.exec_driver_sql(sql, tuple(chunk)):
                out[(table, rid)] = unit
                held.add(rid)
        if absent is not None:
            absent[table] = ids - held
    return out


def problems(session: Session, changes: Sequence[Mapping[str, Any]],
             origin_units: Mapping[str, str] | None = None, *,
             absent: dict[str, set[str]] | None = None) -> list[str]:
    """Why some of `changes` (one part, in scope for the sender) may not be written here; [] if all may.

    `origin_units`: node id -> unit of the installations below the sender (changes from a child); None for
    changes from the parent. `absent` (optional) gets, per table, the row ids looked up that this node does not
    hold: the merge, in the same write transaction, need not look them up again (`apply_changes(absent=)`)."""
    from gridapp.db.models import SYNCED_MODELS

    wanted: dict[str, set[str]] = defaultdict(set)
    for c in changes:
        table = c["table_name"]
        if table not in SYNCED_MODELS:
            continue
        wanted[table].add(c["row_id"])
        fields = c["fields"] if isinstance(c["fields"], dict) else {}
        for f, target, _rel in REFS.get(table, ()):
            v = fields.get(f)
            if isinstance(v, str):
                wanted[target].add(v)
    owners = _owners(session, wanted, absent)
    out: list[str] = []

    def bad(text: str) -> None:
        out.append(text)

    for c in sorted(changes, key=lambda c: (c["hlc"], c["node_id"], c["node_seq"])):
        table, rid, unit, op = c["table_name"], c["row_id"], c["unit_code"], c["op"]
        if origin_units is not None:
            origin = origin_units.get(c["node_id"])
            if origin is None or not is_within(unit, origin):
                bad(f"{_label(table)}记录 {rid} 的变更声称属于单位 {unit}，不属于制作它的节点"
                    f"（单位 {origin or '未知'}）的范围{_where(c)}")
                continue
        if table not in SYNCED_MODELS:
            continue
        fields = c["fields"] if isinstance(c["fields"], dict) else {}
        stored = owners.get((table, rid))
        if stored is not None:
            if stored != unit:
                bad(f"{_label(table)}记录 {rid} 属于单位 {stored}，变更却声称属于单位 {unit}：不属于发送方的记录"
                    f"不能被它修改或删除{_where(c)}")
                continue
        elif op == "insert":
            expected = _expected_id(table, fields, unit)
            if expected is not None and expected != rid:
                bad(f"新{_label(table)}记录 {rid} 的编号与其所属单位 {unit} 不符（应为 {expected}），"
                    f"不属于发送方的记录不能由它创建{_where(c)}")
                continue
            if table == "org_unit" and fields.get("code") != unit:
                bad(f"单位记录 {fields.get('code')} 的所属单位写成了 {unit}，不属于发送方的单位不能由它创建{_where(c)}")
                continue
            owners[(table, rid)] = unit  # later changes of this part are judged against it
        if table == "org_unit" and op == "update" and "code" in fields and fields["code"] != unit:
            bad(f"单位记录 {rid} 的编码不能改为 {fields['code']}{_where(c)}")
            continue
        row_unit = owners.get((table, rid), unit)
        for f, target, rel in REFS.get(table, ()):
            v = fields.get(f)
            other = owners.get((target, v)) if isinstance(v, str) else None
            if other is None:
                continue
            ok = (other == row_unit if rel == "same" else is_within(row_unit, other) if rel == "above"
                  else is_within(other, row_unit))
            if not ok:
                bad(f"{_label(table)}记录 {rid}（单位 {row_unit}）指向单位 {other} 的{_label(target)}记录 {v}，"
                    f"不属于发送方的记录不能被它挂接{_where(c)}")
                break
        if len(out) >= MAX_REPORTED:
            break
    return out


def describe(problems_: Iterable[str]) -> str:
    items = list(problems_)
    return "；".join(items[:MAX_REPORTED])
