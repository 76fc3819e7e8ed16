"""Party network on the grids (党建引领): pure rules, no database.

The seed's five levels 街道党工委 → 社区党委（党总支） → 网格党支部 → 楼院党小组 → 党员中心户: a party
organisation (`kind`) sits on one level of the org tree (a group on a building of its grid); a 党员中心户 is a
household whose party member serves about ten nearby households (联系户).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from gridapp.core.permissions import SENSITIVE_MASK

# kind -> (label, the org-tree level it sits on)
ORG_KINDS: dict[str, tuple[str, str]] = {
    "working_committee": ("党工委", "town"),
    "committee": ("党委", "community"),
    "general_branch": ("党总支", "community"),
    "branch": ("党支部", "grid"),
    "group": ("党小组", "grid"),  # on a building (楼栋/院落) of the grid
}
KIND_BY_LABEL = {label: kind for kind, (label, _) in ORG_KINDS.items()}
LEVEL_LABELS = {"town": "街道（乡镇）", "community": "社区（村）", "grid": "网格"}

# membership status (组织关系): the GB/T 4762 political-status codes the resident record also uses
MEMBER_STATUS = {"01": "中共党员", "02": "中共预备党员"}
STATUS_BY_LABEL = {"党员": "01", "正式党员": "01", "中共党员": "01", "预备党员": "02", "中共预备党员": "02"}

CENTRE_TARGET = 10  # a 中心户 serves about ten households
CENTRE_TOO_MANY = 15  # "far more than ten": beyond this the check names it
GROUP_MIN_MEMBERS = 3  # a building with this many party members living in it should have a 党小组

REFUSED_MASK = SENSITIVE_MASK  # one mask for every sensitive field

# party_history.action -> label; the first group states a membership (sensitive: political views)
HISTORY_ACTIONS = {
    "joined": "登记党员", "changed": "党员信息变更", "transferred": "组织关系转出", "ended": "党员登记撤销",
    "moved_out": "迁出", "deceased": "死亡",
    "centre_set": "设立中心户", "centre_revoked": "撤销中心户", "linked": "纳入联系户", "unlinked": "移出联系户",
}
MEMBERSHIP_ACTIONS = frozenset({"joined", "changed", "transferred", "ended", "moved_out", "deceased"})
DETAIL_MAX = 200  # 转出 destination, 撤销 reason


def check_text(value: str | None, what: str, *, required: bool = True) -> str | None:
    """A destination (转至…) or a reason: required unless said otherwise, at most DETAIL_MAX characters."""
    v = (value or "").strip()
    if not v:
        if required:
            raise PartyRuleError(what, f"请填写{what}。", what)
        return None
    if len(v) > DETAIL_MAX:
        raise PartyRuleError(what, f"{what}不能超过 {DETAIL_MAX} 个字。", what)
    return v


CONTACT_EVENT_CLASS = "06"  # 民生诉求: the event class of an issue raised in a 挂包联系 unless one is chosen


class PartyRuleError(ValueError):
    """A rule of the network broken: `rule` names it (shown to the user), `field` the input at fault."""

    def __init__(self, rule: str, message: str, field: str | None = None):
        super().__init__(message)
        self.rule = rule
        self.field = field


def _code(value: str, codes: Mapping[str, object], by_label: Mapping[str, str]) -> tuple[str, str | None]:
    """The text given (stripped) and the code it names, by code or by label (None when neither)."""
    v = (value or "").strip()
    return v, (v if v in codes else by_label.get(v))


def kind_of(value: str) -> str:
    """A kind by code or label (党支部 → branch); refused when unknown."""
    v, code = _code(value, ORG_KINDS, KIND_BY_LABEL)
    if code is not None:
        return code
    raise PartyRuleError("组织类别", f"未知的党组织类别“{v}”；可选：{'、'.join(lb for lb, _ in ORG_KINDS.values())}。",
                         "类别")


def kind_label(kind: str) -> str:
    return ORG_KINDS[kind][0] if kind in ORG_KINDS else kind


def check_placement(kind: str, unit_level: str, *, building_grid: str | None = None,
                    unit_code: str = "") -> None:
    """A kind sits on its own level: a branch only on a grid (党支部建在网格上), a group only on a building of
    the same grid (党小组设在楼栋里)."""
    label, level = ORG_KINDS[kind]
    if unit_level != level:
        rule = "党支部建在网格上" if kind == "branch" else f"{label}设在{LEVEL_LABELS[level]}"
        raise PartyRuleError(rule, f"{label}只能设在{LEVEL_LABELS[level]}上，{unit_code} 不是{LEVEL_LABELS[level]}"
                             f"（规则：{rule}）。", "单位")
    if kind == "group":
        if building_grid is None:
            raise PartyRuleError("党小组设在楼栋里", "党小组须指定所在楼栋（规则：党小组设在楼栋里）。", "楼栋")
        if building_grid != unit_code:
            raise PartyRuleError("党小组设在本网格楼栋里",
                                 f"所选楼栋属于网格 {building_grid}，不在 {unit_code} 内"
                                 "（规则：党小组设在本网格的楼栋里）。", "楼栋")
    elif building_grid is not None:
        raise PartyRuleError("只有党小组设在楼栋里", f"{label}不设在楼栋上，请不要指定楼栋。", "楼栋")


def status_of(value: str) -> str:
    """A membership status by code or label (预备党员 → 02); refused when unknown."""
    v, code = _code(value, MEMBER_STATUS, STATUS_BY_LABEL)
    if code is not None:
        return code
    raise PartyRuleError("党员身份", f"未知的党员身份“{v}”；可选：党员、预备党员。", "党员身份")


def check_joined(joined_on: dt.date | None, birth_date: dt.date, today: dt.date) -> None:
    """入党日期: not in the future, not before the person turned 18."""
    if joined_on is None:
        return
    if joined_on > today:
        raise PartyRuleError("入党日期", f"入党日期（{joined_on}）不能晚于今天。", "入党日期")
    try:
        adult = birth_date.replace(year=birth_date.year + 18)
    except ValueError:  # 29 February
        adult = dt.date(birth_date.year + 18, 3, 1)
    if joined_on < adult:
        raise PartyRuleError("年满十八岁入党", f"入党日期（{joined_on}）早于其年满十八周岁（{adult}）。", "入党日期")


def check_centre_link(centre_grid: str, household_grid: str) -> None:
    if household_grid != centre_grid:
        raise PartyRuleError("联系户在本网格内",
                             f"联系户属于网格 {household_grid}，不在中心户所在网格 {centre_grid} 内"
                             "（规则：中心户只联系本网格的户）。", "联系户")


@dataclass(frozen=True)
class CentreLoad:
    """How a 中心户's number of linked households reads against the rule of about ten."""

    links: int

    @property
    def problem(self) -> str | None:
        if self.links == 0:
            return "未联系任何户"
        if self.links > CENTRE_TOO_MANY:
            return f"联系 {self.links} 户，远多于 {CENTRE_TARGET} 户"
        return None


# -- the checks the plan implies (services.party.PartyService.check): their names, and their details' Chinese words
CHECK_NO_BRANCH = "网格未建党支部"
CHECK_NO_GROUP = "楼栋未设党小组"
CHECK_CHIEF = "网格长不是社区党组织书记"
CHECK_CENTRE = "中心户联系户数不当"
CHECK_UNLINKED = "户未纳入党员联系"
CHECK_MISMATCH = "党员信息不一致"
# CheckItem.code → how its detail reads in Chinese (from CheckItem.args; "said" of a mismatch is a list of
# ("tagged",) / ("political", label) / ("no_tag",), "secretary" None when none is set)
CHECK_DETAILS = {
    "branch_rule": "规则：党支部建在网格上",
    "group_due": "住有党员 {n} 名（{min} 名以上宜设党小组）",
    "no_committee": "社区未设党委（党总支）",
    "no_chief": "社区未指定网格长",
    "chief_not_secretary": "网格长 {chiefs}，{org}书记 {secretary}",
    "centre_none": "未联系任何户",
    "centre_many": "联系 {n} 户，远多于 {target} 户",
    "unlinked": "无党员联系（未纳入任何党员中心户）",
    "unregistered": "{said}，但没有党员登记",
    "misregistered": "登记为{status}，但{said}",
}
MISMATCH_SAID = {"tagged": "标有党员标签", "political": "政治面貌为{label}", "no_tag": "没有党员标签"}


def said_text(said: tuple[tuple[str, ...], ...]) -> str:
    """A mismatch's findings in Chinese: 标有党员标签、政治面貌为中共党员."""
    return "、".join(MISMATCH_SAID[k].format(label=rest[0] if rest else "") for k, *rest in said)
CHECKS = (CHECK_NO_BRANCH, CHECK_NO_GROUP, CHECK_CHIEF, CHECK_CENTRE, CHECK_UNLINKED, CHECK_MISMATCH)
