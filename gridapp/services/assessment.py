"""考核 (assessment): grid workers' performance assessment by towns and communities, and the rankings of units
(towns by their district, districts by the city), with the outcomes 标杆 / 通报 / 重点管理 / 挂牌督办.

A scheme (`AssessmentScheme`) belongs to the assessing unit (`unit_code`): only that unit writes it, its scores,
its incident marks and its published results (DESIGN.md §4 rule 3; the sync refuses such changes from below,
because every assessment row carries the owner's unit code, never the assessed unit's). One scheme per owner,
ranked level and period; its id is the same on every node.

The ranked rows are the live units of `target_level` in the owner's subtree. A grid worker is assessed through
their grid (users are local to an installation and never synced, so the grid is the identity every level
shares; DOMAIN.md: one full-time grid worker per grid).

Indicators: a name, a maximum score and a source. A manual indicator is scored by the owner's staff, 0..max.
An automatic indicator is a rate times the maximum. A figure of the app's data is computed through its indicator
definition (domain.indicators.ASSESSMENT_SOURCES → services.indicators.IndicatorService.grouped: the very counts
the dashboard shows, one definition each) over the scheme's period up to the day of the computation (`as_of`):
- tasks_on_time 网格任务按时完成率: grid tasks of the unit due in the period and already past their due date
  (due before `as_of`), completed on or before the due date (the earliest completion counts) / all of them;
- dispute_first 矛盾纠纷一次性化解率: disputes that occurred in the period, the first-handling closure rule
  (domain.indicators.first_handling_closed): closed at the first handling / those with a verdict (an open
  dispute past its deadline counts as not closed; one open within it does not count yet);
- dispute_resolved 矛盾纠纷化解率: disputes that occurred in the period, resolved / all;
- visit_coverage 入户走访率 (definition visit_rate): active households (with an active resident) visited at
  least once in the period / all active households;
- registry_complete 人口信息完整率: active residents with both a phone number and a current address / all active
  residents, as the registry stands on the day of computation (not a figure of the period);
- patrol_coverage 巡查走访覆盖率: active households a grid worker patrolled (巡查走访) in the period / all active
  households (the grid workers' default scheme takes it).
And the roll-up, below_results 下级考核成绩 (镇街社会治理考核成绩计入区县成绩): per ranked unit, the totals of the
latest published results of the schemes that unit owns for periods within this one / their maximum totals
(`_rolled_up`; the results come up by sync with the unit's other rows).
A rate with nothing to count (no task due, no dispute, no household; no published result below for the
roll-up) does not take part (不参与): the cell has no score and says so, and the total is the sum of the scores of
the indicators that do take part, rescaled to the scheme's full marks (their maximum scores are the weights;
manual indicators always take part). A unit with nothing to measure at all (无数据) gets no total and is not
ranked: an empty grid must not score full marks. A unit retired on or before the period's last day is not
ranked either (its published results stay as they were). Total = the sum of the indicator scores when every
indicator takes part.

Ranking (decided here; the page and the report print the explanation): equal totals share a rank (1, 2, 2, 4).
Top band: rank <= N (every unit sharing rank N is in it) → benchmark, unless marked with a major incident.
Bottom band: fewer than M units have a lower total (ties at the line are all in) and not in the top band: the top
band wins when N + M is not smaller than the number of units. Bottom band → notified (+ key management when
`bottom_key`). Repeated: in the band `repeat_band` (末位 = no unit lower and not in the top band, or the bottom
band) now and in each of the previous K-1 periods' latest published results of the same owner and ranked level → `repeat_outcome`.
Major incident → `incident_outcome`. Supervised units go on the negative list when the scheme says so.
Outcomes map onto GB/T 31000 policy kinds (codes.OUTCOME_POLICY): benchmark 01 表彰奖励, notified 02 通报,
supervised 05 挂牌督办, key management 99 其他 (重点管理).

Publishing freezes the ranking as a result version (append-only); republishing makes the next version.
Who: Perm.ASSESS and the owner's own unit (综治中心; the grid chief for a community assessing its grid workers)
create schemes, score, mark incidents and publish (audited); everyone with Perm.READ whose unit lies in or above
the owner sees the scheme and its draft ranking; a unit below the owner (the assessed) sees only published
results, and only the rows inside its own unit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy import func, select

from gridapp.core import codes
from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.ids import stable_id
from gridapp.core.orgcode import LEVEL_LABELS_ZH, Level, is_within, level_of
from gridapp.core.permissions import Perm, Principal, Role
from gridapp.db.database import Database
from gridapp.db.models import (
    AssessmentIncident,
    AssessmentResult,
    AssessmentScheme,
    AssessmentScore,
    OrgUnit,
)
from gridapp.domain.assessment import (
    AUTOMATIC,
    NOTE_MAX,
    OUTCOMES,
    RANKS,
    ROLL_UP,
    RULE_NOTE,
    SOURCE_HELP,
    Indicator,
    Note,
    Placing,
    Rule,
    SchemeInput,
    default_indicators,
    default_rule,
    note_text,
    parse_period,
    place,
    previous_period,
    validate_scheme,
)
from gridapp.domain.indicators import ASSESSMENT_SOURCES
from gridapp.domain.periods import Period
from gridapp.sync.changelog import ChangeWriter

from .base import ScopedService

# what each level ranks: the city its districts, a district its towns, a town its communities or grid workers,
# a community its grid workers


# -- the rule and the indicators ---------------------------------------------------------------------------


# The seed's rules (DOMAIN.md): city ranks districts, district ranks towns. For a town or community assessing
# grid workers (or a town its communities) the programme sets no numbers: ours, stated in the glossary.


# -- periods ---------------------------------------------------------------------------------------------------


# -- ranking (pure) --------------------------------------------------------------------------------------------


# -- views -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemeView:
    id: str
    unit_code: str
    unit_name: str
    name: str
    period: str
    target_level: str
    indicators: tuple[Indicator, ...]
    rule: Rule
    created_by: str
    created_on: dt.date
    versions: int  # published versions
    owned: bool  # this user's unit owns it (may score and publish, given the permission)
    visible_full: bool  # this user sees drafts and every row (the owner's unit or above it)

    @property
    def target_label(self) -> str:
        return "网格员" if self.target_level == Level.GRID.value else LEVEL_LABELS_ZH[Level(self.target_level)]

    @property
    def max_total(self) -> float:
        return sum(i.max for i in self.indicators)

    def indicator(self, key_or_name: str) -> Indicator:
        for i in self.indicators:
            if key_or_name in (i.key, i.name):
                return i
        raise NotFound(f"方案“{self.name}”没有指标“{key_or_name}”。", field="指标")

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "unit_code": self.unit_code, "unit_name": self.unit_name, "name": self.name,
                "period": self.period, "target_level": self.target_level, "target_label": self.target_label,
                "indicators": [asdict(i) for i in self.indicators], "rule": asdict(self.rule),
                "rule_text": self.rule.describe(), "created_by": self.created_by,
                "created_on": self.created_on.isoformat(), "versions": self.versions, "max_total": self.max_total}


@dataclass(frozen=True)
class Cell:
    key: str
    score: float | None  # None: a manual score not entered yet
    rate: float | None = None  # automatic: the rate (None with nothing to count)
    numerator: float = 0  # a count (or, for the roll-up, the sum of the totals below)
    denominator: float = 0
    explain: str = ""  # where the number comes from (the page's tooltip)


@dataclass(frozen=True)
class RankRow:
    code: str
    name: str
    cells: tuple[Cell, ...]
    total: float
    rank: int
    outcomes: tuple[str, ...]
    incident: bool = False
    incident_note: str | None = None
    repeat: bool = False
    last: bool = False
    bottom: bool = False
    negative_list: bool = False
    missing: tuple[str, ...] = ()  # manual indicators not scored yet (names)
    unranked: bool = False  # 无数据: nothing to measure, so no rank (`rank` is 0)

    @property
    def rank_label(self) -> str:
        return "不参与" if self.unranked else str(self.rank)

    @property
    def outcome_labels(self) -> list[str]:
        return [codes.ASSESSMENT_OUTCOME[o] for o in self.outcomes]

    @property
    def policy_codes(self) -> list[str]:
        return [codes.OUTCOME_POLICY[o] for o in self.outcomes]

    def cell(self, key: str) -> Cell | None:
        return next((c for c in self.cells if c.key == key), None)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "rank": self.rank, "total": self.total,
                "outcomes": list(self.outcomes), "outcome_labels": self.outcome_labels,
                "policy_kinds": [{"code": c, "label": codes.POLICY_KIND[c] if o != "key_management" else "重点管理"}
                                 for o, c in zip(self.outcomes, self.policy_codes, strict=True)],
                "incident": self.incident, "incident_note": self.incident_note, "repeat": self.repeat,
                "last": self.last, "bottom": self.bottom, "negative_list": self.negative_list,
                "missing": list(self.missing), "unranked": self.unranked,
                "scores": {c.key: {"score": c.score, "rate": c.rate, "numerator": c.numerator,
                                   "denominator": c.denominator, "explain": c.explain} for c in self.cells}}


def _row_from_dict(d: dict[str, Any]) -> RankRow:
    cells = tuple(Cell(k, v.get("score"), v.get("rate"), v.get("numerator", 0), v.get("denominator", 0),
                       v.get("explain", "")) for k, v in (d.get("scores") or {}).items())
    return RankRow(d["code"], d["name"], cells, d["total"], d["rank"], tuple(d.get("outcomes") or ()),
                   d.get("incident", False), d.get("incident_note"), d.get("repeat", False), d.get("last", False),
                   d.get("bottom", False), d.get("negative_list", False), tuple(d.get("missing") or ()),
                   bool(d.get("unranked", False)))


@dataclass(frozen=True)
class Ranking:
    scheme: SchemeView
    rows: list[RankRow]
    as_of: dt.date
    notes: list[str] = field(default_factory=list)  # the explanation and warnings shown with the ranking
    version: int | None = None  # None: the draft computed now
    published_on: dt.date | None = None
    published_by: str | None = None
    note: str | None = None
    note_parts: list[Note] = field(default_factory=list)  # `notes` as templates and fields (for the page)

    @property
    def missing(self) -> int:
        return sum(len(r.missing) for r in self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {"scheme": self.scheme.as_dict(), "as_of": self.as_of.isoformat(), "version": self.version,
                "published_on": self.published_on.isoformat() if self.published_on else None,
                "published_by": self.published_by, "note": self.note, "notes": self.notes,
                "rows": [r.as_dict() for r in self.rows]}


@dataclass(frozen=True)
class ResultInfo:
    version: int
    published_on: dt.date
    published_by: str
    note: str | None
    units: int


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if x == x else "—"


def _rule_of(row: AssessmentScheme) -> Rule:
    return Rule(row.top_n, row.bottom_n, bool(row.bottom_key), row.repeat_periods, row.repeat_band,
                row.repeat_outcome, row.incident_outcome, bool(row.negative_list))


def _indicators_of(raw: list[Any]) -> tuple[Indicator, ...]:
    return tuple(Indicator(d["key"], d["name"], float(d["max"]), d.get("source", "manual")) for d in raw or [])


def _level_below(code: str) -> str | None:
    try:
        ranked = RANKS.get(level_of(code), ())
    except ValidationError:
        return None
    return next((lv.value for lv in ranked if lv != Level.GRID), ranked[0].value if ranked else None)


def scheme_id(owner: str, target_level: str, period: str) -> str:
    return stable_id("assessment_scheme", f"{owner}:{target_level}:{period}")


class AssessmentService(ScopedService):
    """`who` is the signed-in user, or a unit code for the installation acting for itself (demo data, tests):
    then no permission applies and no audit is written; the scope (and ownership within it) still do."""

    def __init__(self, db: Database, who: str | Principal, *, today: Callable[[], dt.date] | None = None,
                 actor: str | None = None):
        super().__init__(db, who, today=today, actor=actor)

    # -- helpers ----------------------------------------------------------------------------------------
    def _read(self) -> None:
        self._need(Perm.READ)

    def may_create(self) -> bool:
        """Whether this user may set up schemes for their own unit (the GUI offers it; the service checks)."""
        if self.principal.is_system:
            return True
        try:
            level = level_of(self.scope)
        except ValidationError:
            return False
        if not self.principal.may(Perm.ASSESS) or level not in RANKS:
            return False
        return self.principal.role != Role.GRID_CHIEF or level == Level.COMMUNITY

    def _owns(self, owner: str, target_level: str) -> bool:
        if self.principal.is_system:
            return is_within(owner, self.scope)
        if not self.principal.may(Perm.ASSESS) or owner != self.principal.unit_code:
            return False
        if self.principal.role == Role.GRID_CHIEF:  # a community's grid chief assesses its grid workers only
            return level_of(owner) == Level.COMMUNITY and target_level == Level.GRID.value
        return True

    def _need_owner(self, row: AssessmentScheme, what: str) -> None:
        self._need(Perm.ASSESS)
        if not self._owns(row.unit_code, row.target_level):
            if row.unit_code == self.principal.unit_code:
                raise PermissionDenied(f"网格长只能考核本社区的网格员，不能{what}方案“{row.name}”。")
            raise ScopeError(f"考核方案“{row.name}”属于单位 {row.unit_code}，只有该单位可以{what}。")

    def _scheme_row(self, s, sid: str) -> AssessmentScheme:
        row = s.get(AssessmentScheme, sid)
        if row is not None and not row.deleted and is_within(self.scope, row.unit_code):  # a scheme from above
            return row
        return self._live(s, AssessmentScheme, sid, "考核方案", hide=True)

    def _full(self, owner: str) -> bool:
        return is_within(owner, self.scope)

    def _view(self, s, row: AssessmentScheme) -> SchemeView:
        versions = s.execute(select(func.count()).select_from(AssessmentResult).where(
            AssessmentResult.scheme_id == row.id, AssessmentResult.deleted.is_(False))).scalar_one()
        name = s.execute(select(OrgUnit.name).where(OrgUnit.code == row.unit_code)).scalar() or row.unit_code
        return SchemeView(row.id, row.unit_code, name, row.name, row.period, row.target_level,
                          _indicators_of(row.indicators), _rule_of(row), row.created_by, row.created_on, versions,
                          self._owns(row.unit_code, row.target_level), self._full(row.unit_code))

    def _audit_scheme(self, s, w: ChangeWriter, action: str, row: AssessmentScheme, detail: dict,
                      table: str, target_id: str | None = None) -> None:
        self._audit(s, action, target_id or row.id, row.unit_code,
                    {"scheme": row.name, "period": row.period, **detail}, table=table, writer=w)

    # -- schemes ----------------------------------------------------------------------------------------
    def schemes(self, period: str | None = None) -> list[SchemeView]:
        """Schemes owned in this unit's subtree, and those owned above it that have a published result (the
        assessed see those); newest period first."""
        self._read()
        with self.db.read() as s:
            rows = s.execute(select(AssessmentScheme).where(AssessmentScheme.deleted.is_(False))).scalars().all()
            out = []
            for r in rows:
                if period is not None and r.period != period:
                    continue
                view = self._view(s, r) if (self._full(r.unit_code) or is_within(self.scope, r.unit_code)) else None
                if view is None or (not view.visible_full and view.versions == 0):
                    continue
                out.append(view)
        out.sort(key=lambda v: (v.unit_code, v.target_level))
        return sorted(out, key=lambda v: v.period, reverse=True)

    def get(self, sid: str) -> SchemeView:
        self._read()
        with self.db.read() as s:
            return self._view(s, self._scheme_row(s, sid))

    def targets(self, owner: str, target_level: str) -> list[tuple[str, str]]:
        """The live units of `target_level` in the owner's subtree (code, name)."""
        with self.db.read() as s:
            return self._targets(s, owner, target_level)

    @staticmethod
    def _targets(s, owner: str, target_level: str) -> list[tuple[str, str]]:
        """(code, name); a grid below a town is named with its community (第1网格 repeats in every community)."""
        rows = [(c, n) for c, n in s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.deleted.is_(False), OrgUnit.level == target_level,
            OrgUnit.code.startswith(owner, autoescape=True)).order_by(OrgUnit.code)).all()]
        if target_level == Level.GRID.value and len(owner) < Level.COMMUNITY.digits:
            parents = dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(
                OrgUnit.deleted.is_(False), OrgUnit.level == Level.COMMUNITY.value,
                OrgUnit.code.startswith(owner, autoescape=True))).all())
            rows = [(c, f"{parents[c[:12]]} {n}" if c[:12] in parents else n) for c, n in rows]
        return rows

    def create_scheme(self, data: SchemeInput, owner: str | None = None) -> str:
        """Set up the scheme of a period for the owner (default: this unit). Returns its id."""
        owner = owner or self.scope
        values = validate_scheme(data, owner)
        self._need(Perm.ASSESS)
        if not self._owns(owner, values["target_level"]):
            if owner == self.principal.unit_code:
                raise PermissionDenied("网格长只能为本社区建立网格员考核方案。")
            raise ScopeError(f"只有单位 {owner} 自己可以为它建立考核方案（本单位 {self.scope}）。", field="考核单位")
        sid = scheme_id(owner, values["target_level"], values["period"])
        with self.db.write() as s:
            unit = s.execute(select(OrgUnit).where(OrgUnit.code == owner, OrgUnit.deleted.is_(False))).scalar()
            if unit is None:
                raise NotFound(f"单位 {owner} 不存在。", field="考核单位")
            if s.get(AssessmentScheme, sid) is not None:
                raise ValidationError(f"{unit.name} {values['period']} 的{LEVEL_LABELS_ZH[Level(values['target_level'])]}"
                                      "考核方案已经建立，请直接修改它。", field="考核期")
            w = ChangeWriter(self.db, s)
            w.insert(AssessmentScheme, {**values, "id": sid, "unit_code": owner, "created_by": self._username,
                                        "created_on": self.today()})
            self._audit_scheme(s, w, "create", s.get(AssessmentScheme, sid), {}, "assessment_scheme")
        return sid

    def update_scheme(self, sid: str, data: SchemeInput) -> bool:
        """Change a scheme's name, indicators and rule (its owner, level and period stay). Results already
        published keep the scheme as it was when they were published."""
        with self.db.write() as s:
            row = self._scheme_row(s, sid)
            self._need_owner(row, "修改")
            if data.period.strip() != row.period or data.target_level != row.target_level:
                raise ValidationError("方案的考核期和被考核层级不能修改；请另建方案。", field="考核期")
            values = validate_scheme(data, row.unit_code)
            w = ChangeWriter(self.db, s)
            changed = w.update(AssessmentScheme, row.id, {k: v for k, v in values.items()
                                                          if k not in ("period", "target_level")})
            if changed:
                self._audit_scheme(s, w, "edit", row, {}, "assessment_scheme")
            return changed

    # -- scores -----------------------------------------------------------------------------------------
    def set_score(self, sid: str, target: str, indicator: str, score: float | None) -> None:
        """Enter (or clear, with None) the manual score of one assessed unit on one indicator."""
        with self.db.write() as s:
            row = self._scheme_row(s, sid)
            self._need_owner(row, "评分")
            view = self._view(s, row)
            ind = view.indicator(indicator)
            targets = self._targets(s, row.unit_code, row.target_level)
            names = dict(targets)
            if target not in names:
                raise NotFound(f"{target} 不是方案“{row.name}”的被考核{view.target_label}。", field="被考核单位")
            n = [c for c, _ in targets].index(target) + 1
            where = f"第 {n} 行“{names[target]}”的指标“{ind.name}”"
            if not ind.manual:
                raise ValidationError(f"{where}由系统根据{ind.source_label}自动计算，不能手工评分。", field=ind.name, row=n)
            if score is not None:
                if isinstance(score, bool) or not isinstance(score, int | float) or math.isnan(score):
                    raise ValidationError(f"{where}得分应为数字。", field=ind.name, row=n)
                if not 0 <= score <= ind.max:
                    raise ValidationError(f"{where}得分 {_fmt(score)} 超出范围，应为 0 到 {_fmt(ind.max)}。",
                                          field=ind.name, row=n)
                score = round(float(score), 1)
            cid = stable_id("assessment_score", f"{row.id}:{target}:{ind.key}")
            w = ChangeWriter(self.db, s)
            existing = s.get(AssessmentScore, cid)
            values = {"score": score, "scored_by": self._username, "scored_on": self.today()}
            if existing is None:
                if score is None:
                    return
                w.insert(AssessmentScore, {"id": cid, "unit_code": row.unit_code, "scheme_id": row.id,
                                           "target_code": target, "indicator": ind.key, **values})
            elif existing.score == score and not existing.deleted:
                return
            else:
                w.update(AssessmentScore, cid, values)
            self._audit_scheme(s, w, "edit", row, {"target": target, "indicator": ind.name, "score": score},
                        "assessment_score", cid)

    def set_incident(self, sid: str, target: str, flagged: bool, note: str | None = None) -> None:
        """Mark (or clear) a major incident (发生重大问题) on an assessed unit; a mark needs a note."""
        note = (note or "").strip() or None
        if flagged and not note:
            raise ValidationError("标记发生重大问题时请写明问题说明。", field="问题说明")
        if note and len(note) > NOTE_MAX:
            raise ValidationError(f"问题说明不能超过 {NOTE_MAX} 个字。", field="问题说明")
        with self.db.write() as s:
            row = self._scheme_row(s, sid)
            self._need_owner(row, "标记重大问题")
            if target not in dict(self._targets(s, row.unit_code, row.target_level)):
                raise NotFound(f"{target} 不是方案“{row.name}”的被考核单位。", field="被考核单位")
            iid = stable_id("assessment_incident", f"{row.id}:{target}")
            w = ChangeWriter(self.db, s)
            values = {"flagged": bool(flagged), "note": note, "set_by": self._username, "set_on": self.today()}
            if s.get(AssessmentIncident, iid) is None:
                if not flagged:
                    return
                w.insert(AssessmentIncident, {"id": iid, "unit_code": row.unit_code, "scheme_id": row.id,
                                              "target_code": target, **values})
            else:
                w.update(AssessmentIncident, iid, values)
            self._audit_scheme(s, w, "edit", row, {"target": target, "incident": bool(flagged)}, "assessment_incident", iid)

    # -- computing ----------------------------------------------------------------------------------------
    def _rates(self, s, source: str, owner: str, targets: list[str], start: dt.date,
               end: dt.date, as_of: dt.date) -> dict[str, tuple[float, float]]:
        """(numerator, denominator) per target for an automatic source: a figure of the app's data through its
        indicator definition (domain.indicators.ASSESSMENT_SOURCES → services.indicators, the very counts the
        dashboard shows), over the period up to `as_of`; or the roll-up of the targets' own published results."""
        if source == ROLL_UP:
            return self._rolled_up(s, targets, start, end)
        out: dict[str, tuple[float, float]] = {t: (0, 0) for t in targets}
        up_to = min(end, as_of)
        if not targets or up_to < start:
            return out
        from .indicators import IndicatorService

        figures = IndicatorService(self.db, self.principal, today=lambda: as_of)
        counts = figures.grouped(s, ASSESSMENT_SOURCES[source], owner, Period.days(start, up_to),
                                 len(targets[0]))
        return {t: counts.get(t, (0, 0)) for t in targets}

    def _rolled_up(self, s, targets: list[str], start: dt.date, end: dt.date) -> dict[str, tuple[float, float]]:
        """下级考核成绩 (镇街社会治理考核成绩计入区县成绩): per target, the totals of every row of the latest
        published version of each scheme the target itself owns for a period within this one (a district's
        ranking of its towns, a town's of its communities or grid workers) / those rows' maximum totals: the
        mean share of full marks its units got. Results published below arrive by sync like any of their rows."""
        out: dict[str, list[float]] = {t: [0.0, 0.0] for t in targets}
        if not targets:
            return {}
        latest: dict[str, AssessmentResult] = {}
        for res in s.execute(select(AssessmentResult).where(
                AssessmentResult.deleted.is_(False), AssessmentResult.unit_code.in_(targets))
                .order_by(AssessmentResult.version, AssessmentResult.created_hlc)).scalars():
            _kind, p_start, p_end = parse_period(res.period)
            if start <= p_start and p_end <= end:
                latest[res.scheme_id] = res  # the last one read is the latest version
        for res in latest.values():
            top = sum(float(i.get("max") or 0) for i in (res.rules or {}).get("indicators") or [])
            for r in res.rows or []:
                if top > 0 and not r.get("unranked"):  # a unit with nothing to measure takes no part
                    out[res.unit_code][0] += float(r.get("total") or 0)
                    out[res.unit_code][1] += top
        return {t: (round(n, 1), round(d, 1)) for t, (n, d) in out.items()}

    def _history(self, s, row: AssessmentScheme) -> tuple[list[dict[str, dict[str, bool]] | None], list[str]]:
        """The latest published bands of the previous K-1 periods of the same owner and level."""
        out: list[dict[str, dict[str, bool]] | None] = []
        periods = []
        period = row.period
        for _ in range(max(0, row.repeat_periods - 1)):
            period = previous_period(period)
            periods.append(period)
            res = s.execute(select(AssessmentResult).where(
                AssessmentResult.deleted.is_(False), AssessmentResult.unit_code == row.unit_code,
                AssessmentResult.target_level == row.target_level, AssessmentResult.period == period)
                .order_by(AssessmentResult.version.desc(), AssessmentResult.created_hlc.desc()).limit(1)).scalar()
            out.append(None if res is None else {r["code"]: {"last": bool(r.get("last")), "bottom": bool(r.get("bottom"))}
                                                  for r in res.rows})
        return out, periods

    def rank(self, sid: str, *, as_of: dt.date | None = None) -> Ranking:
        """The draft ranking computed now: scores (manual and automatic), totals, ranks and outcomes. For the
        owner's unit and the units above it (the assessed see published results only)."""
        self._read()
        as_of = as_of or self.today()
        with self.db.read() as s:
            row = self._scheme_row(s, sid)
            view = self._view(s, row)
            if not view.visible_full:
                raise ScopeError(f"考核方案“{row.name}”的评分和草稿排名只由考核单位 {row.unit_code} 及其上级查看；"
                                 "结果发布后可查看本单位的结果。")
            return self._compute(s, row, view, as_of)

    def _compute(self, s, row: AssessmentScheme, view: SchemeView, as_of: dt.date) -> Ranking:
        _kind, start, end = parse_period(row.period)
        targets = self._targets(s, row.unit_code, row.target_level)
        retired = dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.code.in_([c for c, _ in targets]), OrgUnit.retired_on.is_not(None),
            OrgUnit.retired_on <= end)).tuples().all())
        targets = [(c, n) for c, n in targets if c not in retired]  # a retired unit is not ranked
        codes_ = [c for c, _ in targets]
        manual: dict[tuple[str, str], float | None] = {
            (t, k): v for t, k, v in s.execute(select(
                AssessmentScore.target_code, AssessmentScore.indicator, AssessmentScore.score).where(
                AssessmentScore.scheme_id == row.id, AssessmentScore.deleted.is_(False))).all()}
        incidents = {t: note for t, note in s.execute(select(AssessmentIncident.target_code, AssessmentIncident.note)
                                                      .where(AssessmentIncident.scheme_id == row.id,
                                                             AssessmentIncident.deleted.is_(False),
                                                             AssessmentIncident.flagged.is_(True))).all()}
        rates = {i.source: self._rates(s, i.source, row.unit_code, codes_, start, end, as_of)
                 for i in view.indicators if not i.manual}
        up_to = min(end, as_of)
        cells: dict[str, list[Cell]] = {}
        totals: dict[str, float] = {}
        missing: dict[str, list[str]] = {}
        unrolled: list[str] = []  # targets without a published result of their own below (the roll-up)
        no_data: list[str] = []  # targets with nothing to measure: not ranked
        full = sum(ind.max for ind in view.indicators)
        for code in codes_:
            line = []
            weights = 0.0  # the maximum scores of the indicators that take part
            for ind in view.indicators:
                if ind.manual:
                    v = manual.get((code, ind.key))
                    if v is None:
                        missing.setdefault(code, []).append(ind.name)
                    line.append(Cell(ind.key, v, explain="人工评分" if v is not None else "人工评分（未评）"))
                    weights += ind.max
                    continue
                num, den = rates[ind.source][code]
                rate = None if den == 0 else num / den
                score = None if rate is None else round(rate * ind.max, 1)
                nothing = ("，下级尚无已发布的考核结果，该项不参与" if ind.source == ROLL_UP
                           else "，无可计数据，该项不参与（不计分，总分按参与的指标折算）")
                if ind.source == ROLL_UP and rate is None:
                    unrolled.append(code)
                if rate is not None:
                    weights += ind.max
                explain = (f"{SOURCE_HELP[ind.source]}。{start} 至 {up_to}：{_fmt(num)}/{_fmt(den)}"
                           + (f" = {rate * 100:.1f}%，得分 = 比例 × {_fmt(ind.max)}" if rate is not None else nothing))
                line.append(Cell(ind.key, score, rate, num, den, explain))
            cells[code] = line
            raw = sum(c.score or 0 for c in line)
            if weights <= 0:
                no_data.append(code)
                totals[code] = 0.0
            else:
                totals[code] = round(raw if weights == full else raw * full / weights, 1)
        history, periods = self._history(s, row)
        placing = place({c: v for c, v in totals.items() if c not in no_data}, view.rule, set(incidents), history)
        rows = []
        for code, name in targets:
            p = placing.get(code)
            if p is None:  # nothing to measure: listed, not ranked
                rows.append(RankRow(code, name, tuple(cells[code]), totals[code], 0, (), code in incidents,
                                    incidents.get(code), missing=tuple(missing.get(code, ())), unranked=True))
                continue
            rows.append(RankRow(code, name, tuple(cells[code]), totals[code], p.rank, p.outcomes, code in incidents,
                                incidents.get(code), p.repeat, p.last, p.bottom,
                                view.rule.negative_list and "supervised" in p.outcomes, tuple(missing.get(code, ()))))
        rows.sort(key=lambda r: (r.unranked, r.rank, r.code))
        parts = self._notes(view, [r for r in rows if not r.unranked], history, periods)
        names_ = dict(targets)
        if no_data:
            parts.append(("{units} 无可计数据（无数据），不参与排名。", {"units": "、".join(names_[c] for c in no_data)}))
        if retired:
            parts.append(("{units} 已撤销，不参与排名。", {"units": "、".join(retired[c] for c in sorted(retired))}))
        if unrolled:
            names = dict(targets)
            parts.append(("{units} 还没有已发布的下级考核结果，“下级考核成绩”暂不参与计分。",
                          {"units": "、".join(names[c] for c in unrolled)}))
        return Ranking(view, rows, as_of, [note_text(n) for n in parts], note_parts=parts)

    @staticmethod
    def _notes(view: SchemeView, rows: list[RankRow], history: list, periods: list[str]) -> list[Note]:
        r = view.rule
        notes: list[Note] = [(RULE_NOTE, {"rule": r.describe()})]
        if not rows:
            notes.append(("本单位下没有可考核的{target}。", {"target": view.target_label}))
            return notes
        if len(rows) <= r.top_n + r.bottom_n:
            notes.append(("排名单位 {n} 个，不多于标杆 {top} 名与通报 {bottom} 名之和：标杆优先，"
                          "通报只在标杆以外的单位中确定。可在方案中调整名额。", {"n": len(rows), "top": r.top_n,
                                                             "bottom": r.bottom_n}))
        if r.top_n and any(x.rank <= r.top_n for x in rows):
            line = max(x.rank for x in rows if x.rank <= r.top_n)
            tied = [x for x in rows if x.rank == line]
            if len(tied) > 1 and line + len(tied) - 1 > r.top_n:
                notes.append(("第 {line} 名 {n} 个单位总分并列，并列的都定为标杆。", {"line": line, "n": len(tied)}))
        missing = sum(len(x.missing) for x in rows)
        if missing:
            notes.append(("还有 {n} 项人工评分未填写（按 0 分计入草稿）；全部填写后才能发布。", {"n": missing}))
        if r.repeat_periods >= 2:
            absent = [p for p, h in zip(periods, history, strict=True) if h is None]
            if absent:
                notes.append(("上期（{periods}）没有已发布的结果，本期不判定“连续 {k} 期”情形。",
                              {"periods": "、".join(absent), "k": r.repeat_periods}))
        return notes
        if len(rows) <= r.top_n + r.bottom_n:
            notes.append(f"排名单位 {len(rows)} 个，不多于标杆 {r.top_n} 名与通报 {r.bottom_n} 名之和：标杆优先，"
                         "通报只在标杆以外的单位中确定。可在方案中调整名额。")
        if r.top_n and any(x.rank <= r.top_n for x in rows):
            line = max(x.rank for x in rows if x.rank <= r.top_n)
            tied = [x for x in rows if x.rank == line]
            if len(tied) > 1 and line + len(tied) - 1 > r.top_n:
                notes.append(f"第 {line} 名 {len(tied)} 个单位总分并列，并列的都定为标杆。")
        missing = sum(len(x.missing) for x in rows)
        if missing:
            notes.append(f"还有 {missing} 项人工评分未填写（按 0 分计入草稿）；全部填写后才能发布。")
        if r.repeat_periods >= 2:
            absent = [p for p, h in zip(periods, history, strict=True) if h is None]
            if absent:
                notes.append(f"上期（{'、'.join(absent)}）没有已发布的结果，本期不判定“连续 {r.repeat_periods} 期”情形。")
        return notes

    # -- publishing -------------------------------------------------------------------------------------
    def publish(self, sid: str, note: str | None = None, *, as_of: dt.date | None = None) -> int:
        """Freeze the ranking computed now as the next result version. Every manual score must be entered.
        Returns the version number."""
        note = (note or "").strip() or None
        if note and len(note) > NOTE_MAX:
            raise ValidationError(f"发布说明不能超过 {NOTE_MAX} 个字。", field="发布说明")
        as_of = as_of or self.today()
        with self.db.write() as s:
            row = self._scheme_row(s, sid)
            self._need_owner(row, "发布结果")
            view = self._view(s, row)
            ranking = self._compute(s, row, view, as_of)
            if not ranking.rows:
                raise ValidationError(f"没有可考核的{view.target_label}，不能发布。")
            for n, r in enumerate(ranking.rows, start=1):
                if r.missing:
                    raise ValidationError(f"第 {n} 行“{r.name}”的指标“{r.missing[0]}”还没有评分，全部评分后才能发布。",
                                          field=r.missing[0], row=n)
            version = 1 + (s.execute(select(func.max(AssessmentResult.version)).where(
                AssessmentResult.scheme_id == row.id)).scalar() or 0)
            w = ChangeWriter(self.db, s)
            rid = w.insert(AssessmentResult, {
                "unit_code": row.unit_code, "scheme_id": row.id, "version": version, "period": row.period,
                "target_level": row.target_level, "published_on": as_of, "published_by": self._username,
                "note": note, "rows": [r.as_dict() for r in ranking.rows],
                "rules": {**view.as_dict(), "notes": ranking.notes, "note_parts": ranking.note_parts}})
            self._audit_scheme(s, w, "approve", row, {"publish": version, "units": len(ranking.rows),
                                               "outcomes": {o: sum(o in r.outcomes for r in ranking.rows)
                                                            for o in OUTCOMES}}, "assessment_result", rid)
            return version

    def results(self, sid: str) -> list[ResultInfo]:
        """The published versions of a scheme, newest first."""
        self._read()
        with self.db.read() as s:
            row = self._scheme_row(s, sid)
            res = s.execute(select(AssessmentResult).where(
                AssessmentResult.scheme_id == row.id, AssessmentResult.deleted.is_(False))
                .order_by(AssessmentResult.version.desc(), AssessmentResult.created_hlc.desc())).scalars().all()
            return [ResultInfo(r.version, r.published_on, r.published_by, r.note,
                               sum(1 for x in r.rows if self._full(row.unit_code) or is_within(x["code"], self.scope)))
                    for r in res]

    def standing(self, period: str | None = None) -> Ranking | None:
        """考核排名 of the units below this unit: the latest published result of a scheme this unit owns (a
        district's ranking of its towns, with the towns' own results rolled up when its scheme takes them), for
        `period` (default: the newest period with a published result); a ranking of the level right below comes
        before one of grid workers. None: nothing published yet."""
        self._read()
        if period is not None:
            parse_period(period)  # a malformed period is refused with the field named
        with self.db.read() as s:
            found = s.execute(select(AssessmentResult.scheme_id, AssessmentResult.period,
                                     AssessmentResult.target_level).where(
                AssessmentResult.deleted.is_(False), AssessmentResult.unit_code == self.scope)).all()
        if period is not None:
            found = [f for f in found if f[1] == period]
        if not found:
            return None
        below = _level_below(self.scope)
        _sid, newest, _lv = max(found, key=lambda f: parse_period(f[1])[1:])
        sid = min((f for f in found if f[1] == newest), key=lambda f: (f[2] != below, f[2]))[0]
        return self.result(sid)

    def result(self, sid: str, version: int | None = None) -> Ranking:
        """A published result (default: the latest version), as frozen. The assessed see their own rows only."""
        self._read()
        with self.db.read() as s:
            row = self._scheme_row(s, sid)
            view = self._view(s, row)
            q = select(AssessmentResult).where(AssessmentResult.scheme_id == row.id,
                                               AssessmentResult.deleted.is_(False))
            if version is not None:
                q = q.where(AssessmentResult.version == version)
            res = s.execute(q.order_by(AssessmentResult.version.desc(), AssessmentResult.created_hlc.desc())
                            .limit(1)).scalar()
            if res is None:
                raise NotFound(f"考核方案“{row.name}”还没有" + (f"第 {version} 版" if version else "") + "已发布的结果。")
        rules = res.rules or {}
        frozen = replace(view, name=rules.get("name", view.name),
                         indicators=_indicators_of(rules.get("indicators") or []) or view.indicators,
                         rule=Rule(**rules["rule"]) if rules.get("rule") else view.rule)
        rows = [_row_from_dict(d) for d in res.rows]
        if not view.visible_full:
            rows = [r for r in rows if is_within(r.code, self.scope)]
        parts = [(str(t), dict(f)) for t, f in rules.get("note_parts") or []]  # results published before: none
        return Ranking(frozen, rows, res.published_on, list(rules.get("notes") or []), res.version,
                       res.published_on, res.published_by, res.note, parts)


__all__ = ["AUTOMATIC", "OUTCOMES", "RANKS", "AssessmentService", "Cell", "Indicator", "Placing", "RankRow", "Ranking",
           "ResultInfo", "Rule", "SchemeInput", "SchemeView", "default_indicators", "default_rule", "parse_period",
           "place", "previous_period", "scheme_id", "validate_scheme"]
