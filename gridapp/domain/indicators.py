"""The plan's indicators as data (one definition each, see docs/GLOSSARY.md): name, glossary name, where the
numerator and the denominator come from, target and direction, the level the target applies to, the period kinds
it is measured over; and the shared rules the figures use (`first_handling_closed`, `status`).

The services (`gridapp.services.indicators`), the dashboard, the reports and the CLI all compute through
`INDICATORS`; nothing here reads a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# -- the first-handling closure rule (初信初访一次性办结), one rule for events and disputes ------------------------
# Facts, in order, the first one true decides: escalated (上报/督办 before closing), reopened, overdue (the handling
# limit passed while not handled), open (not closed yet: still possible), closed_ok (closed by the first unit that
# accepted it, within its limit, successfully). None of them: closed, but not by the first unit / late / failed.
FIRST_HANDLING_FACTS: tuple[tuple[str, bool | None], ...] = (
    ("escalated", False),
    ("reopened", False),
    ("overdue", False),
    ("open", None),
    ("closed_ok", True),
)
FIRST_HANDLING_OTHERWISE = False


def first_handling_closed(facts: Mapping[str, bool | None]) -> bool | None:
    """The first-handling closure verdict of one petition or dispute: True closed at the first handling, False
    no longer possible, None still open and possible (not counted). `facts` names the FIRST_HANDLING_FACTS that
    hold (missing ones are false). The SQL form (services.indicators.first_handling_sql) reads the same table."""
    for fact, verdict in FIRST_HANDLING_FACTS:
        if facts.get(fact):
            return verdict
    return FIRST_HANDLING_OTHERWISE


# -- indicator definitions ----------------------------------------------------------------------------------------
AT_LEAST = "at_least"
AT_MOST_BELOW = "below"  # strictly below the target

MET, CLOSE, MISSED, NO_DATA = "met", "close", "missed", "no_data"
STATUS_LABELS = {MET: "达标", CLOSE: "接近", MISSED: "未达标", NO_DATA: "无数据"}
STATUS_MARKS = {MET: "✓", CLOSE: "≈", MISSED: "✗", NO_DATA: "—"}


@dataclass(frozen=True)
class Indicator:
    """One indicator of the plan. `value = numerator / denominator * scale`; `close` is the band (in the value's
    own unit) just short of the target that reads as 接近 rather than 未达标."""

    key: str
    name: str  # the Chinese name the UI and the reports show
    glossary: str  # the English name (docs/GLOSSARY.md)
    numerator: str  # where the numerator comes from (shown on the card's tooltip and in the report's notes)
    denominator: str
    target: float
    direction: str  # AT_LEAST | AT_MOST_BELOW
    level: str  # the lowest level the target applies to (orgcode Level value); units below it are not ranked
    period_kinds: tuple[str, ...]  # kinds measured as such; other periods measure over the year containing them
    unit: str = "%"  # "%" (value × 100 shown with %) or "" (a plain figure)
    scale: float = 1.0
    close: float = 0.05
    list_label: str = ""  # what the list behind the figure holds

    def status(self, value: float | None) -> str:
        return status(self, value)

    def shown(self, value: float | None) -> str:
        if value is None:
            return "—"
        if self.unit == "%":
            return f"{value * 100:.1f}%"
        return f"{value:.2f}"

    @property
    def target_text(self) -> str:
        op = "≥" if self.direction == AT_LEAST else "<"
        if self.unit == "%":
            return f"{op} {self.target * 100:g}%"
        return f"{op} {self.target:g}"


def status(ind: Indicator, value: float | None) -> str:
    """met / close / missed against the target (None: no data)."""
    if value is None:
        return NO_DATA
    if ind.direction == AT_LEAST:
        if value >= ind.target - 1e-12:
            return MET
        return CLOSE if value >= ind.target - ind.close else MISSED
    if value < ind.target:
        return MET
    return CLOSE if value < ind.target + ind.close else MISSED


def rate(numerator: float, denominator: float, scale: float = 1.0) -> float | None:
    """numerator / denominator × scale; no denominator gives no rate."""
    return None if not denominator else numerator / denominator * scale


INDICATORS: tuple[Indicator, ...] = (
    Indicator("visit_rate", "社区民警入户走访率", "household visit rate",
              "本期至少走访一次的在册户（household_visit）", "有在册居民的户（household + resident）",
              1.0, AT_LEAST, "grid", ("month", "quarter", "year"), close=0.05, list_label="本期未走访的户"),
    Indicator("first_handling", "初信初访一次性办结率", "first-handling closure rate",
              "一次性办结的初信初访事件和矛盾纠纷（event + dispute）", "已有结论的初信初访事件和矛盾纠纷",
              0.95, AT_LEAST, "grid", ("month", "quarter", "year"), close=0.03, list_label="未一次性办结的事件和纠纷"),
    Indicator("satisfaction", "平安建设满意度", "public safety satisfaction rate",
              "回访满意/基本满意的事件 + 调查中满意人数", "已回访事件 + 调查样本数（satisfaction_survey）",
              0.96, AT_LEAST, "community", ("month", "quarter", "year"), close=0.02, list_label="回访不满意的事件和调查"),
    Indicator("homicide_rate", "每十万人命案发案率", "homicide rate per 100,000",
              "本年命案数（homicide_case，区县录入）", "常住人口（区县录入，未录入时为在册居民数）",
              0.65, AT_MOST_BELOW, "district", ("year",), unit="", scale=100_000, close=0.1,
              list_label="命案记录"),
    Indicator("station_force", "派出所警力占比", "police station force share",
              "各派出所警力之和（police_force，镇街级）", "县（区）公安警力总数（police_force，区县级）",
              0.45, AT_LEAST, "district", ("year",), close=0.03, list_label="警力记录"),
    Indicator("community_force", "社区警力占比", "community police share",
              "社区民警数（police_force）", "派出所警力（police_force，镇街级）",
              0.40, AT_LEAST, "town", ("year",), close=0.03, list_label="警力记录"),
    Indicator("grid_staffed", "专职网格员配备率", "grid staffing rate",
              "有专职网格员的网格（unit_assignment 职责 grid_worker，或本机该网格的网格员账号）", "在用网格（org_unit）",
              1.0, AT_LEAST, "grid", ("month", "quarter", "year"), close=0.05, list_label="没有专职网格员的网格"),
)
BY_KEY: dict[str, Indicator] = {i.key: i for i in INDICATORS}

# The work figures the assessment scores (考核's automatic indicators) beside the plan's: the plan sets them no
# target, so theirs is full marks (the assessment scores rate × the indicator's maximum); they are not on the
# dashboard. A figure "in the period" is measured up to the day of the computation.
WORK_INDICATORS: tuple[Indicator, ...] = (
    Indicator("tasks_on_time", "网格任务按时完成率", "grid task on-time rate",
              "本期已到截止日期、在截止日期当天或之前办结的网格任务（最早一次办结为准）",
              "本期内已到截止日期的网格任务（grid_task）",
              1.0, AT_LEAST, "grid", ("month", "quarter", "year"), list_label="未按时完成的网格任务"),
    Indicator("dispute_first", "矛盾纠纷一次性化解率", "dispute first-handling closure rate",
              "本期发生、一次性化解的矛盾纠纷（初信初访一次性办结的同一规则）",
              "本期发生、已有结论的矛盾纠纷（办理中未超期的不计）",
              1.0, AT_LEAST, "grid", ("month", "quarter", "year"), list_label="未一次性化解的矛盾纠纷"),
    Indicator("dispute_resolved", "矛盾纠纷化解率", "dispute resolution rate",
              "本期发生、已化解的矛盾纠纷", "本期发生的矛盾纠纷（dispute）",
              1.0, AT_LEAST, "grid", ("month", "quarter", "year"), list_label="未化解的矛盾纠纷"),
    Indicator("registry_complete", "人口信息完整率", "registry completeness rate",
              "电话和现住址都已登记的在册居民（以计算当天的台账为准）", "在册居民（resident）",
              1.0, AT_LEAST, "grid", ("month", "quarter", "year"), list_label="信息不完整的居民"),
    Indicator("patrol_coverage", "网格员巡查走访覆盖率", "patrol coverage rate",
              "本期网格员至少巡查走访一次的在册户（patrol）", "有在册居民的户（household + resident）",
              1.0, AT_LEAST, "grid", ("month", "quarter", "year"), list_label="本期未巡查走访的户"),
)
DEFINITIONS: dict[str, Indicator] = {i.key: i for i in (*INDICATORS, *WORK_INDICATORS)}
"""Every indicator definition by key: the plan's (`INDICATORS`, the dashboard's) and the work figures."""

# 考核's automatic sources (codes.ASSESSMENT_SOURCE, the key a scheme stores) → the definition each is computed
# by; a source not here is not a figure of the app's data (manual scoring, the roll-up of published results).
ASSESSMENT_SOURCES: dict[str, str] = {
    "tasks_on_time": "tasks_on_time",
    "dispute_first": "dispute_first",
    "dispute_resolved": "dispute_resolved",
    "visit_coverage": "visit_rate",
    "registry_complete": "registry_complete",
    "patrol_coverage": "patrol_coverage",
}

# -- figures shown as information (no target in the plan) ---------------------------------------------------------
@dataclass(frozen=True)
class ItemList:
    """The exact records behind a figure: `ids` and, per id, the cells under `columns`; the unit and period it
    is of (so that a UI can word the title in its own language). The dashboard shows every list in this shape
    (services.indicators' figures, the party coverage's missing households)."""

    indicator: str
    title: str
    columns: tuple[str, ...]
    ids: list[str]
    rows: list[tuple[str, ...]]
    unit_name: str = ""
    period: str = ""


@dataclass(frozen=True)
class Information:
    """A figure the plan asks for without setting a target: measured now (not over a period), never rated nor
    ranked, shown on the dashboard as information. `value = numerator / denominator` (a share)."""

    key: str
    name: str
    glossary: str
    numerator: str
    denominator: str
    list_label: str  # what the list behind the figure holds (the households the numerator misses)
    source: str  # where the plan asks for it (no target given)

    def shown(self, value: float | None) -> str:
        return "—" if value is None else f"{value * 100:.1f}%"


# The seed (建立党员挂包联系机制 … 五级网络) names the mechanism and sets no target: information, not an indicator.
PARTY_COVERAGE = Information(
    "party_coverage", "党员联系户覆盖率", "party member household coverage",
    "由党员中心户联系的户（party_centre_link）及党员中心户本户（party_centre）", "有在册居民的户（household + resident）",
    "未纳入党员联系的户", "建立党员挂包联系机制（方案未设目标值）")
INFORMATION: tuple[Information, ...] = (PARTY_COVERAGE,)
