"""What a report is printed from: plain, already-masked values (stdlib only).

`gridapp.services.reports` fills these from the database (scope check, masking, labels); the ReportLab
builders in `gridapp.reports` turn them into PDF bytes. Nothing here holds an unmasked ID number or phone
unless the caller was allowed to reveal them and chose to (`ReportHeader.revealed`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ReportHeader:
    """The lines every report prints: what, for which unit, which period, who printed it and when."""

    title: str
    unit_code: str
    unit_full_name: str  # the unit's name with its ancestors', e.g. 城东街道和平社区第1网格
    period: str  # as shown, e.g. 2026年01月
    printed_by: str
    printed_at: str  # local time as shown, e.g. 2026-01-31 09:30
    revealed: bool = False  # full ID numbers and phones are printed


@dataclass(frozen=True)
class ReportData:
    """What every report is printed from: its header; a report's data adds what it lists below it."""

    header: ReportHeader


@dataclass(frozen=True)
class PeriodData(ReportData):
    """The data of a report over a period (as shown, e.g. 2026-01-01 至 2026-01-31)."""

    period_from: str
    period_to: str

    @property
    def period_text(self) -> str:
        return f"统计期：{self.period_from} 至 {self.period_to}"


@dataclass(frozen=True)
class UnitLine:
    """A report's line about a unit (or a class, or the total): its code and name as printed; the line adds its
    figures."""

    code: str
    name: str


def total_line(lines: Sequence[Any]) -> Any | None:
    """The line of `lines` whose kind is "total", if any."""
    return next((ln for ln in lines if ln.kind == "total"), None)


@dataclass(frozen=True)
class RosterRow:
    name: str
    relation: str
    gender: str
    age: str
    id_number: str  # masked unless revealed
    phone: str  # masked unless revealed
    resident_type: str
    tags: str = ""  # care tags (special groups only for roles that may see them), 、-separated


@dataclass(frozen=True)
class RosterHousehold:
    household_no: str
    room: str
    members: list[RosterRow]


@dataclass(frozen=True)
class RosterBuilding:
    name: str
    households: list[RosterHousehold]

    @property
    def residents(self) -> int:
        return sum(len(h.members) for h in self.households)


@dataclass(frozen=True)
class RosterGrid(UnitLine):
    buildings: list[RosterBuilding]

    @property
    def households(self) -> int:
        return sum(len(b.households) for b in self.buildings)

    @property
    def residents(self) -> int:
        return sum(b.residents for b in self.buildings)


@dataclass(frozen=True)
class RosterData(ReportData):
    """实有人口花名册: grids → buildings → households → members, in door-to-door order."""

    grids: list[RosterGrid] = field(default_factory=list)
    scope_note: str = ""  # e.g. the one building the roster is limited to

    @property
    def households(self) -> int:
        return sum(g.households for g in self.grids)

    @property
    def residents(self) -> int:
        return sum(g.residents for g in self.grids)


@dataclass(frozen=True)
class CardMember:
    name: str
    relation: str
    gender: str
    birth_date: str
    age: str
    ethnicity: str
    id_number: str  # masked unless revealed
    phone: str  # masked unless revealed
    resident_type: str
    status: str  # 在册 / 迁出 / 死亡
    tags: str = ""  # care tags (special groups only for roles that may see them), 、-separated


@dataclass(frozen=True)
class HouseholdCard:
    household_no: str
    grid_name: str
    building: str
    room: str
    address: str
    head_name: str
    phone: str  # the household's phone, masked unless revealed
    last_change: str  # local date of the last write to the household or a member
    members: list[CardMember]


@dataclass(frozen=True)
class HouseholdCardsData(ReportData):
    """户卡: one card (page) per household."""

    cards: list[HouseholdCard] = field(default_factory=list)


@dataclass(frozen=True)
class VisitCoverageLine(UnitLine):
    households: int
    visited: int
    rate: str  # as shown, e.g. 93.5%, or — without households
    met: bool
    kind: str = "grid"  # grid | community | total


@dataclass(frozen=True)
class UnvisitedHousehold:
    grid_name: str
    address: str
    head_name: str  # no ID number, no phone: the address and the head are what a visit needs


@dataclass(frozen=True)
class VisitsData(PeriodData):
    """入户走访情况: coverage per grid (and community) against the target, then the households not yet visited."""

    target: str  # as shown, e.g. 100%
    lines: list[VisitCoverageLine] = field(default_factory=list)
    unvisited: list[UnvisitedHousehold] = field(default_factory=list)
    visits: int = 0  # visit records in the period


@dataclass(frozen=True)
class ProjectSummaryLine(UnitLine):
    """One unit's (or the total's) row of the 八小工程 summary: records per kind, in `SmallProjectsData.kinds` order."""

    counts: tuple[int, ...]
    total: int
    participants: int
    served: int
    hazards_found: int
    hazards_fixed: int
    kind: str = "unit"  # unit | total


@dataclass(frozen=True)
class ProjectRecordLine:
    held_on: str
    unit_name: str
    kind_label: str
    title: str
    responsible: str
    participants: str  # "—" when not recorded
    details: str  # the kind's own fields, e.g. 议事形式 议事会；议题 …


@dataclass(frozen=True)
class SmallProjectsData(PeriodData):
    """八小工程开展情况: the summary per unit and kind for a period, then the list of the records."""

    kinds: list[str] = field(default_factory=list)  # the kinds' labels, the summary's column order
    lines: list[ProjectSummaryLine] = field(default_factory=list)
    records: list[ProjectRecordLine] = field(default_factory=list)


@dataclass(frozen=True)
class AssessmentLine:
    rank: int
    code: str
    name: str
    total: str
    scores: list[str]  # one per indicator, as shown
    outcomes: list[str]  # outcome codes (benchmark, notified, key_management, supervised)
    outcome_text: str  # 标杆、通报 …（负面清单）
    policy: str  # GB/T 31000 policy kinds, e.g. 01 表彰奖励
    remark: str = ""  # 连续末位, 重大问题：…


@dataclass(frozen=True)
class AssessmentIndicatorInfo:
    name: str
    max: str
    source: str  # 人工评分 or the automatic source's label
    help: str = ""  # how an automatic figure is computed


@dataclass(frozen=True)
class AssessmentData(ReportData):
    """考核排名: the ranking of one scheme and period (a published version, or the draft), with the breakdown."""

    scheme_name: str
    period: str
    target_label: str
    max_total: str
    status: str  # 第 1 版，2026-12-20 由 … 发布 / 草稿（未发布）…
    rule_text: str
    indicators: list[AssessmentIndicatorInfo] = field(default_factory=list)
    lines: list[AssessmentLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    draft: bool = False  # not published: every page carries a 草稿 watermark


@dataclass(frozen=True)
class IndicatorUnitLine:
    """One unit below in an indicator's ranking (网格工作月报)."""

    rank: int | None
    unit: str  # a grid with its community (和平社区 第1网格)
    value: str  # as shown
    status: str  # 达标 / 接近 / 未达标 / 无数据
    numerator: str
    denominator: str


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator of the plan in the monthly report: value against the target, its trend, the units below."""

    key: str
    name: str
    value: str
    target: str
    status: str  # met | close | missed | no_data
    status_label: str
    numerator: str
    denominator: str
    period: str
    percent: bool
    target_value: float  # in the chart's unit (× 100 for a percentage)
    trend: list[tuple[str, float | None]] = field(default_factory=list)  # in the chart's unit
    below: list[IndicatorUnitLine] = field(default_factory=list)


@dataclass(frozen=True)
class MonthlyData(ReportData):
    """网格工作月报: the indicators with charts, per unit below, the month's work, and the 填报 block."""

    lines: list[IndicatorLine] = field(default_factory=list)
    work: list[tuple[str, str]] = field(default_factory=list)  # (what, figure) of the month's work
    filled_by_unit: str = ""  # 填报单位
    filled_by: str = ""  # 填报人
    reviewer: str = ""  # 审核人 (blank: signed on paper)
    filled_on: str = ""  # 日期
    draft: bool = False


@dataclass(frozen=True)
class EventSummaryLine(UnitLine):
    """One unit's (or one class's, or the total's) row of 事件办理情况: counts and the three rates as printed."""

    total: int
    closed: int
    open: int
    overdue: int
    handled: int
    on_time: int
    on_time_rate: str  # "95.0%" or "—"
    petitions: int  # petitions decided (初信/初访)
    first_handling: int  # of them closed at the first handling
    first_handling_rate: str
    called_back: int
    satisfied: int
    satisfaction_rate: str
    kind: str = "unit"  # unit | class | total


@dataclass(frozen=True)
class EventRecordLine:
    """One event of the period's ledger (事件办理台账)."""

    number: str
    found_on: str
    unit_name: str
    class_label: str
    title: str
    source: str
    status: str
    holder: str
    handler: str
    due: str
    timing: str  # 已逾期 / 即将到期 / 正常 / —


@dataclass(frozen=True)
class EventsData(PeriodData):
    """事件办理情况: per unit and per class counts and rates for the events found in a period, then its ledger."""

    units: list[EventSummaryLine] = field(default_factory=list)
    classes: list[EventSummaryLine] = field(default_factory=list)
    records: list[EventRecordLine] = field(default_factory=list)


@dataclass(frozen=True)
class PartyNetworkLine:
    """One organisation of the network roster (党建网格化组织体系), or a community's heading (kind "community")."""

    kind: str  # community | org
    level: str  # 街道 / 社区 / 网格 / 楼栋 (as shown)
    name: str
    unit: str  # the unit (and building) it sits on, as shown
    secretary: str
    members: str  # a count, or "—" where the role may not see counts
    centres: str  # 党员中心户 under it (a grid's branch, a building's group)


@dataclass(frozen=True)
class PartyNetworkData(ReportData):
    """党建网格化组织体系: the party organisations by community, then the checks' counts and the coverage."""

    lines: list[PartyNetworkLine] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PartyCentreEntry:
    """A 党员中心户 and its linked households (联系户) as (address, head)."""

    grid: str
    address: str
    member: str
    group: str
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PartyCentresData(ReportData):
    """党员中心户联系户名册."""

    centres: list[PartyCentreEntry] = field(default_factory=list)


@dataclass(frozen=True)
class TableColumn:
    """A column of a listed report: its title, relative width on paper, alignment (left | right | center)."""

    title: str
    width: float
    align: str = "left"


@dataclass(frozen=True)
class ReportTable:
    """One table of a listed report: a caption, the columns, the rows (cells as printed) and each row's style
    ("" plain, "group" a group's heading line, "total" a total line). In the workbook it is one sheet."""

    sheet: str  # the workbook's sheet name (≤ 31 characters)
    caption: str
    columns: tuple[TableColumn, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)  # one per row; empty: all plain
    empty: str = "无。"  # printed instead of an empty table


@dataclass(frozen=True)
class SignOff:
    """The 填报单位 / 填报人 / 审核人 / 日期 block a report going upward ends with."""

    unit: str
    by: str
    reviewer: str = ""  # blank: signed on paper
    on: str = ""


@dataclass(frozen=True)
class ListedData(ReportData):
    """A report made of captioned tables (网格事务准入清单, 网格任务完成情况, 矛盾纠纷台账及化解情况): notes on top,
    the tables, the sign-off block at the end; printed by `gridapp.reports.listed`, also as .xlsx."""

    notes: list[str] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)
    sign_off: SignOff | None = None
    landscape: bool = False
