"""考核 (assessment) as pure rules (standard library only): a scheme's indicators and ranking rule, their check
(`validate_scheme`), the defaults, the periods, and the ranking itself (`place`). The definitions are in the
service's docstring (gridapp.services.assessment); the page imports these directly."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from gridapp.core import codes
from gridapp.core.errors import ValidationError
from gridapp.core.orgcode import LEVEL_LABELS_ZH, Level, level_of

from .periods import parse_period as _parse_period

OUTCOMES = tuple(codes.ASSESSMENT_OUTCOME)  # benchmark, notified, key_management, supervised (display order)
AUTOMATIC = tuple(k for k in codes.ASSESSMENT_SOURCE if k != "manual")
MAX_INDICATORS = 12
NAME_MAX = 30
SCORE_MAX = 1000.0
NOTE_MAX = 500
# what each level ranks: the city its districts, a district its towns, a town its communities or grid workers,
# a community its grid workers
RANKS = {Level.CITY: (Level.DISTRICT,), Level.DISTRICT: (Level.TOWN,), Level.TOWN: (Level.GRID, Level.COMMUNITY),
         Level.COMMUNITY: (Level.GRID,)}
PERIOD_KINDS = ("year", "quarter", "month")  # 考核期 (`gridapp.domain.periods`)

SOURCE_HELP = {
    "tasks_on_time": "网格任务：本期内已到截止日期的任务中，在截止日期当天或之前办结的比例（最早一次办结为准）",
    "dispute_first": "矛盾纠纷：本期发生且已有结论（已化解、已上报，或办理中已超期）的纠纷中，一次性化解的比例"
                     "（与初信初访一次性办结率同一规则）",
    "dispute_resolved": "矛盾纠纷：本期发生的纠纷中，已化解的比例",
    "visit_coverage": "民警走访：有在册居民的户中，本期至少走访一次的比例",
    "registry_complete": "居民户籍：在册居民中，电话和现住址都已登记的比例（以计算当天的台账为准）",
    "patrol_coverage": "网格员巡查走访：有在册居民的户中，本期网格员至少巡查走访一次的比例",
    "below_results": "被考核单位自己发布的期内考核结果中，其下级单位总分之和 ÷ 满分之和（镇街成绩计入区县成绩）",
}
ROLL_UP = "below_results"  # the source that rolls the published results of the units below up


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    max: float
    source: str = "manual"

    @property
    def manual(self) -> bool:
        return self.source == "manual"

    @property
    def source_label(self) -> str:
        return codes.ASSESSMENT_SOURCE.get(self.source, self.source)


@dataclass(frozen=True)
class Rule:
    top_n: int  # 前 N 名 → 标杆
    bottom_n: int  # 后 M 名 → 通报
    bottom_key: bool = False  # 后 M 名同时纳入重点管理
    repeat_periods: int = 2  # 连续 K 期
    repeat_band: str = "last"  # last 末位 | bottom 后 M 名
    repeat_outcome: str = "key_management"
    incident_outcome: str | None = None  # 发生重大问题 → 该结果；None: 不设
    negative_list: bool = False  # 挂牌督办的单位纳入负面清单

    def describe(self) -> str:
        """The rule in words, as the page and the report print it."""
        return "；".join(note_text(p) for p in rule_parts(self)) + "。" + RULE_TAIL


# The seed's rules (DOMAIN.md): city ranks districts, district ranks towns. For a town or community assessing
# grid workers (or a town its communities) the programme sets no numbers: ours, stated in the glossary.
DEFAULT_RULES: dict[Level, Rule] = {
    Level.DISTRICT: Rule(3, 2, False, 2, "last", "key_management", None, False),
    Level.TOWN: Rule(10, 5, True, 2, "bottom", "supervised", "supervised", True),
    Level.COMMUNITY: Rule(3, 2, False, 2, "last", "key_management", "notified", False),
    Level.GRID: Rule(3, 2, False, 2, "last", "key_management", "notified", False),
}


# A note shown with a ranking: a Chinese template with {named} fields, and its fields. The CLI, the report and
# the stored result print `note_text`; the page translates the template (its English in the "codes" context)
# and the code labels among the fields.
Note = tuple[str, dict[str, Any]]
RULE_NOTE = "排名规则：{rule}"  # the first note: its field is the rule in words (the page words it anew)
RULE_TAIL = ("并列的总分名次相同；标杆线上并列的都是标杆，通报线上并列的都通报；排名单位不多于两项名额之和时标杆优先；"
             "发生重大问题的不评标杆。")


def note_text(note: Note) -> str:
    template, fields = note
    return template.format(**fields)


def rule_parts(rule: Rule) -> list[Note]:
    """The rule's clauses (joined with "；" and followed by RULE_TAIL they are `Rule.describe()`)."""
    parts: list[Note] = [("前 {n} 名为标杆", {"n": rule.top_n}),
                         ("后 {n} 名通报并纳入重点管理" if rule.bottom_key else "后 {n} 名通报", {"n": rule.bottom_n})]
    if rule.repeat_periods >= 2:
        outcome = codes.ASSESSMENT_OUTCOME[rule.repeat_outcome]
        if rule.repeat_band == "last":
            parts.append(("连续 {k} 期末位：{outcome}", {"k": rule.repeat_periods, "outcome": outcome}))
        else:
            parts.append(("连续 {k} 期后 {n} 名：{outcome}", {"k": rule.repeat_periods, "n": rule.bottom_n,
                                                       "outcome": outcome}))
    if rule.incident_outcome:
        parts.append(("发生重大问题：{outcome}", {"outcome": codes.ASSESSMENT_OUTCOME[rule.incident_outcome]}))
    if rule.negative_list:
        parts.append(("挂牌督办的纳入负面清单", {}))
    return parts


def default_indicators(target_level: Level | str) -> list[Indicator]:
    """A starting list of indicators (100 points); the owner edits it."""
    level = Level(target_level)
    auto = [Indicator("a1", "网格任务按时完成", 25, "tasks_on_time"),
            Indicator("a2", "矛盾纠纷一次性化解", 20, "dispute_first"),
            Indicator("a3", "入户走访覆盖", 15, "visit_coverage"),
            Indicator("a4", "人口信息完整", 15, "registry_complete")]
    if level == Level.GRID:  # a grid worker: their own patrols, not the police's household visits
        auto[2] = Indicator("a3", "巡查走访覆盖", 15, "patrol_coverage")
        return [*auto, Indicator("m1", "日常工作表现", 15), Indicator("m2", "群众满意度", 10)]
    if level == Level.DISTRICT:  # 镇(街道)社会治理考核成绩计入区县成绩: the district's own ranking of its towns
        auto = [Indicator("a1", "网格任务按时完成", 20, "tasks_on_time"),
                Indicator("a2", "矛盾纠纷一次性化解", 15, "dispute_first"),
                Indicator("a3", "入户走访覆盖", 10, "visit_coverage"),
                Indicator("a4", "人口信息完整", 10, "registry_complete"),
                Indicator("r1", "镇街考核成绩", 20, ROLL_UP)]
    return [*auto, Indicator("m1", "综治中心规范化建设", 15), Indicator("m2", "平安建设满意度", 10)]


def default_rule(target_level: Level | str) -> Rule:
    return DEFAULT_RULES[Level(target_level)]


def parse_period(text: str) -> tuple[str, dt.date, dt.date]:
    """'2026' (year), '2026-Q1' (quarter) or '2026-03' (month) → (kind, first day, last day)."""
    p = _parse_period(text, PERIOD_KINDS, "考核期")
    return p.kind, p.start, p.end


def previous_period(text: str) -> str:
    return _parse_period(text, PERIOD_KINDS, "考核期").previous().key


@dataclass(frozen=True)
class Placing:
    rank: int
    top: bool  # in the top band (rank <= N), before the incident rule
    bottom: bool  # in the bottom band (after the top band's precedence)
    last: bool  # no unit has a lower total (with two or more units, and not in the top band)
    repeat: bool
    outcomes: tuple[str, ...]


def place(totals: dict[str, float], rule: Rule, incidents: set[str] = frozenset(),  # type: ignore[assignment]
          history: list[dict[str, dict[str, bool]] | None] | None = None) -> dict[str, Placing]:
    """Ranks and outcomes for `totals` (code → total) under `rule`. `history` holds, most recent first, the
    previous periods' published bands (code → {"last": bool, "bottom": bool}), None for a period without a
    published result (then nothing runs 'K periods running')."""
    history = history or []
    values = list(totals.values())
    n = len(values)
    out: dict[str, Placing] = {}
    for code, total in totals.items():
        rank = 1 + sum(v > total for v in values)
        lower = sum(v < total for v in values)
        top = rank <= rule.top_n
        bottom = lower < rule.bottom_n and not top
        last = n > 1 and lower == 0 and not top  # the top band wins here too
        found: list[str] = []
        if top and code not in incidents:
            found.append("benchmark")
        if bottom:
            found.append("notified")
            if rule.bottom_key:
                found.append("key_management")
        band = "last" if rule.repeat_band == "last" else "bottom"
        now = last if band == "last" else bottom
        needed = rule.repeat_periods - 1
        repeat = (rule.repeat_periods >= 2 and now and len(history) >= needed
                  and all(h is not None and h.get(code, {}).get(band, False) for h in history[:needed]))
        if repeat:
            found.append(rule.repeat_outcome)
        if code in incidents and rule.incident_outcome:
            found.append(rule.incident_outcome)
        outcomes = tuple(o for o in OUTCOMES if o in found)
        out[code] = Placing(rank, top, bottom, last, repeat, outcomes)
    return out


@dataclass(frozen=True)
class SchemeInput:
    name: str
    period: str
    target_level: str
    indicators: list[Indicator]
    rule: Rule


def validate_scheme(data: SchemeInput, owner: str) -> dict[str, Any]:
    """Check a scheme; returns its column values. Raises ValidationError naming the field."""
    name = (data.name or "").strip()
    if not name:
        raise ValidationError("请填写方案名称。", field="方案名称")
    if len(name) > 100:
        raise ValidationError("方案名称不能超过 100 个字。", field="方案名称")
    kind, _s, _e = parse_period(data.period)
    owner_level = level_of(owner)
    try:
        target = Level(data.target_level)
    except ValueError:
        raise ValidationError(f"被考核层级“{data.target_level}”无效。", field="被考核层级") from None
    allowed = RANKS.get(owner_level, ())
    if target not in allowed:
        what = "、".join(LEVEL_LABELS_ZH[lv] for lv in allowed) or "（无）"
        raise ValidationError(f"{LEVEL_LABELS_ZH[owner_level]}只能考核其下的{what}，不能考核{LEVEL_LABELS_ZH[target]}。",
                              field="被考核层级")
    if kind != "year" and target != Level.GRID:
        raise ValidationError("单位排名按年度进行；按季度或按月考核只用于网格员。", field="考核期")
    inds = list(data.indicators or [])
    if not inds:
        raise ValidationError("至少要有一项考核指标。", field="指标")
    if len(inds) > MAX_INDICATORS:
        raise ValidationError(f"考核指标最多 {MAX_INDICATORS} 项。", field="指标")
    seen_names: set[str] = set()
    seen_keys: set[str] = set()
    clean = []
    for n, ind in enumerate(inds, start=1):
        iname = (ind.name or "").strip()
        if not iname:
            raise ValidationError(f"第 {n} 项指标没有名称。", field="指标名称", row=n)
        if len(iname) > NAME_MAX:
            raise ValidationError(f"指标“{iname}”的名称不能超过 {NAME_MAX} 个字。", field="指标名称", row=n)
        if iname in seen_names:
            raise ValidationError(f"指标“{iname}”重复。", field="指标名称", row=n)
        if ind.source not in codes.ASSESSMENT_SOURCE:
            raise ValidationError(f"指标“{iname}”的来源“{ind.source}”无效。", field="指标来源", row=n)
        if ind.source == ROLL_UP and target == Level.GRID:
            raise ValidationError(f"指标“{iname}”：网格员没有下级的考核结果，“下级考核成绩”只用于单位排名。",
                                  field="指标来源", row=n)
        mx = ind.max
        if isinstance(mx, bool) or not isinstance(mx, int | float) or math.isnan(mx) or not 0 < mx <= SCORE_MAX:
            raise ValidationError(f"指标“{iname}”的分值应大于 0、不超过 {SCORE_MAX:.0f}。", field="分值", row=n)
        key = (ind.key or "").strip() or f"k{n}"
        if key in seen_keys or len(key) > 8:
            raise ValidationError(f"指标“{iname}”的代号“{key}”重复或过长。", field="指标", row=n)
        seen_names.add(iname)
        seen_keys.add(key)
        clean.append({"key": key, "name": iname, "max": round(float(mx), 1), "source": ind.source})
    r = data.rule
    for label, value, lo in (("标杆名额", r.top_n, 0), ("通报名额", r.bottom_n, 0), ("连续期数", r.repeat_periods, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= 999:
            raise ValidationError(f"{label}应为 0 到 999 的整数。", field=label)
    if r.repeat_periods == 1:
        raise ValidationError("连续期数应为 0（不设）或至少 2。", field="连续期数")
    if r.repeat_band not in codes.REPEAT_BAND:
        raise ValidationError(f"连续情形“{r.repeat_band}”无效（last 末位 / bottom 后几名）。", field="连续情形")
    if r.repeat_outcome not in ("key_management", "supervised"):
        raise ValidationError("连续情形的结果应为重点管理或挂牌督办。", field="连续情形结果")
    if r.incident_outcome not in (None, "", "notified", "key_management", "supervised"):
        raise ValidationError("发生重大问题的结果应为通报、重点管理或挂牌督办（或不设）。", field="重大问题结果")
    return {"name": name, "period": data.period.strip(), "target_level": target.value, "indicators": clean,
            "top_n": r.top_n, "bottom_n": r.bottom_n, "bottom_key": bool(r.bottom_key),
            "repeat_periods": r.repeat_periods, "repeat_band": r.repeat_band, "repeat_outcome": r.repeat_outcome,
            "incident_outcome": r.incident_outcome or None, "negative_list": bool(r.negative_list)}
