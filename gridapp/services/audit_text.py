"""The audit log read as sentences for a person: who did what to which record, in words.

`describe(s, entries)` names each entry's record (a resident by name, a household by address, a dispute by
number and name, …) with one query per table for the whole page of entries, and turns the detail (fields
changed, rows exported, the reason given) into words. The raw row stays in the entry for the one-click detail.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.core.permissions import ROLE_LABELS, Role
from gridapp.db import models as m

# the record kinds the log names, in words
TABLES: dict[str, str] = {
    "resident": "居民", "household": "户", "building": "楼栋", "org_unit": "单位",
    "special_group_record": "特殊人群记录", "affair_item": "事务事项", "household_visit": "入户走访记录",
    "grid_task": "网格任务", "dispute": "矛盾纠纷", "event": "事件", "dispute_supervision": "督办记录", "small_project": "八小工程记录",
    "assessment_scheme": "考核方案", "assessment_score": "考核评分", "assessment_result": "考核结果",
    "app_user": "用户", "audit_log": "审计日志",
    "party_org": "党组织", "party_membership": "党员信息", "party_centre": "党员中心户", "party_contact": "挂包联系记录",
    "police_force": "警力情况", "homicide_case": "命案情况", "satisfaction_survey": "满意度调查",
    "patrol": "巡查走访记录", "worklog": "民情日志", "worklog_comment": "民情日志批注",
}

# action → the verb, as in "张三 修改了 居民 李四"
VERBS: dict[str, str] = {
    "login": "登录", "login_failed": "登录失败", "logout": "退出登录", "view": "查看了", "reveal": "查看了完整信息：",
    "create": "新增了", "edit": "修改了", "delete": "删除了", "export": "导出了", "import": "导入了", "print": "打印了",
    "approve": "审核了", "backup": "备份了数据库", "restore": "从备份恢复了数据库", "user": "管理用户：",
}

DETAIL_WORDS: dict[str, str] = {
    "rows": "条数", "file": "文件", "reason": "原因", "status": "状态", "number": "编号", "kind": "类别",
    "what": "内容", "dispute": "纠纷", "replaces": "更正了原记录", "tag_added": "加标签", "tag_removed": "去标签",
    "inserted": "新增", "updated": "更新", "rejected": "拒收", "query": "查询", "count": "结果数",
    "evaluated_on": "考评日期", "fields": "字段", "party_members": "党员人数", "linked": "新增联系户",
    "unlinked": "去掉联系户", "event": "转为事件", "to": "移交到", "on": "日期", "buildings": "楼栋数",
    "households": "户数", "residents": "在册居民数", "everything": "全部移交", "transfer_to": "转往",
    "party_history": "党建变动记录条数",
}

WHAT = {"audit_log": "审计日志", "resident": "居民名单"}
USER_OPS = {"create": "新建", "recover": "用恢复密钥重设密码", "reset_password": "重置密码", "disable": "停用",
            "enable": "启用", "change_password": "修改自己的密码"}


def _names(s: Session, table: str, ids: set[str]) -> dict[str, str]:
    """The words that name each record of `table` among `ids` (missing ones are left out)."""
    if not ids:
        return {}
    ids_list = sorted(ids)
    rows: list[tuple[str, str]] = []

    def fetch(stmt: Any) -> list[Any]:
        return list(s.execute(stmt).all())

    if table == "resident":
        rows = [(i, n) for i, n in fetch(select(m.Resident.id, m.Resident.name).where(m.Resident.id.in_(ids_list)))]
    elif table == "household":
        rows = [(i, a) for i, a in fetch(select(m.Household.id, m.Household.address)
                                         .where(m.Household.id.in_(ids_list)))]
    elif table == "building":
        rows = [(i, n) for i, n in fetch(select(m.Building.id, m.Building.name).where(m.Building.id.in_(ids_list)))]
    elif table == "org_unit":
        rows = [(i, f"{n}（{c}）") for i, n, c in fetch(select(m.OrgUnit.id, m.OrgUnit.name, m.OrgUnit.code)
                                                      .where(m.OrgUnit.id.in_(ids_list)))]
    elif table == "special_group_record":  # named by the person; the group itself is sensitive
        rows = [(i, f"{n}的记录") for i, n in fetch(
            select(m.SpecialGroupRecord.id, m.Resident.name)
            .join(m.Resident, m.Resident.id == m.SpecialGroupRecord.resident_id)
            .where(m.SpecialGroupRecord.id.in_(ids_list)))]
        # a view of the person's records is logged with the resident's id
        rows += [(i, f"{n}的记录") for i, n in fetch(select(m.Resident.id, m.Resident.name)
                                                    .where(m.Resident.id.in_(ids_list)))]
    elif table == "affair_item":
        rows = [(i, f"“{n}”") for i, n in fetch(select(m.AffairItem.id, m.AffairItem.name)
                                                .where(m.AffairItem.id.in_(ids_list)))]
    elif table == "household_visit":
        rows = [(i, f"{a}（{d.isoformat()}）") for i, a, d in fetch(
            select(m.HouseholdVisit.id, m.Household.address, m.HouseholdVisit.visit_date)
            .join(m.Household, m.Household.id == m.HouseholdVisit.household_id)
            .where(m.HouseholdVisit.id.in_(ids_list)))]
    elif table == "grid_task":
        rows = [(i, f"“{t}”") for i, t in fetch(select(m.GridTask.id, m.GridTask.title)
                                                .where(m.GridTask.id.in_(ids_list)))]
    elif table == "dispute":
        rows = [(i, f"{num}“{n}”") for i, num, n in fetch(select(m.Dispute.id, m.Dispute.number, m.Dispute.name)
                                                          .where(m.Dispute.id.in_(ids_list)))]
    elif table == "small_project":
        rows = [(i, f"“{t}”") for i, t in fetch(select(m.SmallProject.id, m.SmallProject.title)
                                                .where(m.SmallProject.id.in_(ids_list)))]
    elif table == "assessment_scheme":
        rows = [(i, f"“{n}”") for i, n in fetch(select(m.AssessmentScheme.id, m.AssessmentScheme.name)
                                                .where(m.AssessmentScheme.id.in_(ids_list)))]
    elif table == "app_user":
        rows = [(i, n) for i, n in fetch(select(m.User.id, m.User.username).where(m.User.id.in_(ids_list)))]
    elif table == "party_membership":  # logged with the resident's id; named by the person, never the status
        rows = [(i, f"{n}的党员信息") for i, n in fetch(select(m.Resident.id, m.Resident.name)
                                                       .where(m.Resident.id.in_(ids_list)))]
    elif table == "party_org":
        rows = [(i, n) for i, n in fetch(select(m.PartyOrg.id, m.PartyOrg.name).where(m.PartyOrg.id.in_(ids_list)))]
    elif table == "party_centre":
        rows = [(i, f"{a}（党员中心户）") for i, a in fetch(
            select(m.PartyCentre.id, m.Household.address).join(m.Household, m.Household.id == m.PartyCentre.household_id)
            .where(m.PartyCentre.id.in_(ids_list)))]
    return dict(rows)


def _detail_words(detail: str, field_labels: dict[str, str]) -> str:
    try:
        data = json.loads(detail) if detail else {}
    except ValueError:
        return detail
    if not isinstance(data, dict):
        return str(data)
    parts: list[str] = []
    for key, value in data.items():
        if key in ("restored_head", "replaces"):
            if key == "replaces":
                parts.append("（更正，原记录作废）")
            continue
        if key == "op":
            parts.insert(0, f"（{USER_OPS.get(str(value), str(value))}）")
        elif key == "username":
            continue  # the record is already named by it
        elif key == "role":
            try:
                parts.append(f"，角色：{ROLE_LABELS[Role(str(value))]}")
            except ValueError:
                parts.append(f"，角色：{value}")
        elif key == "fields" and isinstance(value, list):
            parts.append("：" + "、".join(field_labels.get(str(f), str(f)) for f in value))
        elif key == "what":
            parts.append(f"（{WHAT.get(str(value), str(value))}）")
        elif key == "rows":
            parts.append(f"，共 {value} 条")
        else:
            parts.append(f"，{DETAIL_WORDS.get(key, key)}：{value}")
    text = "".join(parts)
    return text[1:] if text.startswith("，") else text


def describe(s: Session, entries: Sequence[Any]) -> list[str]:
    """One sentence per entry, in order: "张三（网格员）修改了居民 李四：联系电话、现住详址"."""
    from .registry import FIELD_LABELS  # the resident fields' names

    wanted: dict[str, set[str]] = {}
    for e in entries:
        if e.target_table and e.target_id:
            wanted.setdefault(e.target_table, set()).add(e.target_id)
    names = {table: _names(s, table, ids) for table, ids in wanted.items()}
    out: list[str] = []
    for e in entries:
        try:
            role = ROLE_LABELS[Role(e.role)] if e.role else ""
        except ValueError:
            role = e.role or ""
        who = f"{e.username}（{role}）" if role else e.username
        verb = VERBS.get(e.action, e.action)
        target = ""
        if e.target_table:
            kind = TABLES.get(e.target_table, e.target_table)
            name = names.get(e.target_table, {}).get(e.target_id or "")
            if name:
                target = f"{kind} {name}"
            elif e.target_id:
                target = f"{kind}（记录已不在本机）"
            else:
                target = kind
        detail = _detail_words(e.detail, FIELD_LABELS)
        sentence = f"{who}{verb}{target}"
        if detail:
            sentence += detail if detail.startswith(("：", "（")) else f"，{detail}"
        out.append(sentence)
    return out
