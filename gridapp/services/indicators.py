"""The plan's indicators (gridapp.domain.indicators) for a unit and a period, for the unit and each unit below
it, computed in SQL (grouped counts, no rows loaded), with the exact list behind each figure (`items`); and the
figures the app did not hold before: police force per unit and year, homicide cases per district and year,
satisfaction surveys.

Who may do what:
- read the figures: Perm.STATS, within the user's scope;
- police force: Perm.INDICATOR (社区民警, 综治中心) for a district (county force) or a town (station) in scope;
- homicide cases: an office (Perm.INDICATOR, role office) for a district in scope;
- satisfaction surveys: an office for a unit in scope.

A period is a month, a quarter or a year, not in the future. An indicator measured by year only (homicides,
police force) reads the year containing the period.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import (
    ARRAY,
    Integer,
    String,
    and_,
    case,
    column,
    exists,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.ids import stable_id
from gridapp.core.orgcode import LEVELS, Level, level_of
from gridapp.core.permissions import Perm, Role
from gridapp.core.views import AsDict
from gridapp.db import inactive_households, visit_periods
from gridapp.db.models import (
    Dispute,
    DisputeSupervision,
    Event,
    EventState,
    EventStep,
    GridTask,
    GridTaskCompletion,
    HomicideCase,
    Household,
    HouseholdVisit,
    OrgUnit,
    Patrol,
    PoliceForce,
    Resident,
    SatisfactionSurvey,
    UnitAssignment,
    User,
)
from gridapp.domain import events as event_rules
from gridapp.domain.disputes import OPEN as DISPUTE_OPEN
from gridapp.domain.indicators import (
    BY_KEY,
    DEFINITIONS,
    FIRST_HANDLING_FACTS,
    FIRST_HANDLING_OTHERWISE,
    INDICATORS,
    Indicator,
    ItemList,
    rate,
)
from gridapp.domain.periods import Period, parse_period
from gridapp.sync.changelog import ChangeWriter

from . import unitnames
from .base import ScopedService

_R = TypeVar("_R")
PERIOD_KINDS = ("month", "quarter", "year")
TREND_PERIODS = 12
BY_FIRST = text("1")  # GROUP BY the first column: a CASE with bound values written twice is evaluated twice a row
GROUPED_TRENDS = ("first_handling", "satisfaction")  # their trends: one query grouped by period (see `trend`)


# -- results --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One unit's figure for one indicator."""

    unit_code: str
    unit_name: str
    numerator: float
    denominator: float
    value: float | None
    status: str
    rank: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"unit_code": self.unit_code, "unit_name": self.unit_name, "numerator": self.numerator,
                "denominator": self.denominator, "value": None if self.value is None else round(self.value, 6),
                "status": self.status, "rank": self.rank}


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    period: Period  # the period measured (the year containing the asked period for a yearly indicator)
    total: Figure
    below: list[Figure] = field(default_factory=list)  # the units below, ranked best first

    def as_dict(self) -> dict[str, Any]:
        i = self.indicator
        return {"key": i.key, "name": i.name, "glossary": i.glossary, "target": i.target, "direction": i.direction,
                "target_text": i.target_text, "period": self.period.key, **self.total.as_dict(),
                "shown": i.shown(self.total.value), "below": [f.as_dict() for f in self.below]}


@dataclass(frozen=True)
class Dashboard:
    unit_code: str
    unit_name: str
    period: Period
    results: list[IndicatorResult]

    def result(self, key: str) -> IndicatorResult:
        return next(r for r in self.results if r.indicator.key == key)

    def as_dict(self) -> dict[str, Any]:
        return {"unit_code": self.unit_code, "unit_name": self.unit_name, "period": self.period.key,
                "indicators": [r.as_dict() for r in self.results]}


@dataclass(frozen=True)
class _UnitRow(AsDict):
    """A row of figures a unit reports (the 3 tables below): its id and unit first."""

    id: str
    unit_code: str
    unit_name: str


@dataclass(frozen=True)
class ForceRow(_UnitRow):
    year: int
    total: int
    community_police: int
    posts: int
    in_committees: int
    note: str | None


@dataclass(frozen=True)
class CaseRow(_UnitRow):
    year: int
    cases: int
    population: int | None
    note: str | None


@dataclass(frozen=True)
class SurveyRow(_UnitRow):
    taken_on: dt.date
    asked: int
    satisfied: int
    source: str


def _yearly(s: Session, model: Any, prefix: str, year: int | None) -> Any:
    """The live rows of a table of yearly figures (police forces, homicide cases) of the units under `prefix`,
    of `year` (None: every year), the latest year first."""
    q = select(model).where(model.deleted.is_(False), model.unit_code.startswith(prefix))
    if year is not None:
        q = q.where(model.year == year)
    return s.execute(q.order_by(model.year.desc(), model.unit_code)).scalars()


# -- the shared first-handling rule in SQL ------------------------------------------------------------------------
def first_handling_sql(facts: dict[str, ColumnElement[Any]]) -> ColumnElement[Any]:
    """domain.indicators.first_handling_closed as a SQL CASE over `facts` (the same table, read in order):
    1 closed at the first handling, 0 no longer possible, NULL still open (not counted)."""
    def lit(v: bool | None) -> Any:
        return literal(None, Integer) if v is None else literal(int(v))
    whens = [(facts[name], lit(verdict)) for name, verdict in FIRST_HANDLING_FACTS if name in facts]
    return case(*whens, else_=lit(FIRST_HANDLING_OTHERWISE))


def event_facts(today: dt.date) -> dict[str, ColumnElement[Any]]:
    st = EventState
    # a supervision (督办) on or before the handling (or today, while unhandled) spoils it, as Rules does
    supervised = exists().where(EventStep.event_id == st.event_id, EventStep.action == "supervise",
                                EventStep.deleted.is_(False),
                                EventStep.done_on <= func.coalesce(st.handled_on, today))
    return {
        "escalated": or_(st.escalated.is_(True), supervised),
        "reopened": st.reopened.is_(True),
        "overdue": and_(st.handle_due.is_not(None), st.handled_on.is_(None), st.handle_due < today),
        "open": func.coalesce(st.status, "reported") != "closed",
        "closed_ok": and_(st.closed_by == st.first_unit, st.handled_on.is_not(None), st.handle_due.is_not(None),
                          st.handled_on <= st.handle_due),
    }


def _dispute_facts(today: dt.date) -> dict[str, ColumnElement[Any]]:
    supervised = exists().where(DisputeSupervision.dispute_id == Dispute.id, DisputeSupervision.deleted.is_(False),
                                Dispute.resolved_on.is_not(None), DisputeSupervision.sv_on <= Dispute.resolved_on)
    open_ = Dispute.status.in_(DISPUTE_OPEN)
    return {
        "escalated": or_(Dispute.escalated_on.is_not(None), Dispute.status == "escalated", supervised),
        "overdue": and_(open_, Dispute.deadline < today),
        "open": open_,
        "closed_ok": and_(Dispute.status == "resolved", Dispute.success.is_(True), Dispute.resolved_on.is_not(None),
                          Dispute.resolved_on <= Dispute.deadline),
    }


def period_key(column: Any, periods: list[Period]) -> ColumnElement[Any]:
    """The key of the period (among `periods`, contiguous, any order) that the date `column` falls in, as a
    binary search of CASEs on the periods' first days (four comparisons a row for twelve periods, not up to
    twenty-four); rows outside the span must be filtered out by the caller (they read as the first or the last)."""
    ordered = sorted(periods, key=lambda q: q.start)

    def node(lo: int, hi: int) -> Any:
        if hi - lo == 1:
            return literal(ordered[lo].key)
        mid = (lo + hi) // 2
        return case((column < ordered[mid].start, node(lo, mid)), else_=node(mid, hi))
    return node(0, len(ordered))


def _span(periods: list[Period]) -> Period:
    return Period.days(min(q.start for q in periods), max(q.end for q in periods))


def _child_digits(code: str) -> int:
    lv = level_of(code)
    return LEVELS[lv.depth + 1].digits if lv != Level.GRID else lv.digits


def _nonneg(value: Any, label: str, *, required: bool = True) -> int | None:
    if value is None or value == "":
        if required:
            raise ValidationError(f"请填写{label}。", field=label)
        return None
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{label}须为整数（“{value}”不是）。", field=label) from None
    if n < 0:
        raise ValidationError(f"{label}不能为负数（{n}）。", field=label)
    return n


Counts = dict[str, tuple[float, float]]  # child code -> (numerator, denominator)


class IndicatorService(ScopedService):
    audit_table = None

    # -- periods and units ----------------------------------------------------------------------------------------
    def period(self, text: str | Period | None) -> Period:
        """The period asked (default: this month), refused when malformed or in the future."""
        if isinstance(text, Period):
            p = text
        elif not text:
            p = Period.containing("month", self.today())
        else:
            p = parse_period(str(text), PERIOD_KINDS, "统计期")
        if p.start > self.today():
            raise ValidationError(f"统计期“{p.key}”尚未开始（今天是 {self.today()}）。", field="统计期")
        return p

    def _unit(self, s: Session, code: str | None) -> OrgUnit:
        """The live org unit `code` (default the user's), refused outside the user's scope. The scope is read from
        the unit's own code, not its row's `unit_code`: a district's row belongs to the city above it (on a city
        hub's database too), yet a district viewer reads the district's figures."""
        code = code or self.scope
        row = s.execute(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))).scalar()
        if row is None:
            raise NotFound(f"找不到该单位（{code}）。", field="单位")
        if not self.principal.covers(row.code):
            raise ScopeError(f"该单位（{code}）不在您的管辖范围 {self.scope} 内。", field="单位")
        return row

    @staticmethod
    def applies(ind: Indicator, code: str) -> bool:
        """The indicator's target applies at the unit's level (a homicide rate is a district's, not a town's)."""
        return level_of(code).depth <= Level(ind.level).depth

    @staticmethod
    def measured(ind: Indicator, period: Period) -> Period:
        return period if period.kind in ind.period_kinds else Period.containing(ind.period_kinds[0], period.start)

    # -- the figures ----------------------------------------------------------------------------------------------
    def compute(self, unit_code: str | None = None, period: str | Period | None = None, *,
                keys: Iterable[str] | None = None, below: bool = True) -> Dashboard:
        """Every indicator (or `keys`) that applies at the unit, for the unit and (with `below`) each unit below it."""
        self._need(Perm.STATS)
        p = self.period(period)
        unit_code = self._scope_unit(unit_code)
        self._fresh_events()
        wanted = [BY_KEY[k] for k in keys] if keys is not None else list(INDICATORS)
        with self.db.read() as s:
            unit = self._unit(s, unit_code)
            names: dict[str, str] = dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(
                OrgUnit.code.startswith(unit.code), func.length(OrgUnit.code) == _child_digits(unit.code),
                OrgUnit.deleted.is_(False))).tuples().all())
            results = [self._result(s, ind, unit, p, names, below) for ind in wanted if self.applies(ind, unit.code)]
        return Dashboard(unit.code, unit.name, p, results)

    def trend(self, key: str, unit_code: str | None = None, period: str | Period | None = None,
              n: int = TREND_PERIODS) -> list[tuple[str, float | None]]:
        """The unit's value over the last `n` periods of the indicator's kind ending with `period`."""
        self._need(Perm.STATS)
        ind = BY_KEY[key]
        p = self.measured(ind, self.period(period))
        unit_code = self._scope_unit(unit_code)
        self._fresh_events()
        periods = [p]
        while len(periods) < n:
            periods.append(periods[-1].previous())
        out: list[tuple[str, float | None]] = []
        with self.db.read() as s:
            unit = self._unit(s, unit_code)
            if key == "visit_rate" and self._kept(s, periods):  # SQLite: from visit_period
                kept = self._visit_rate_kept(s, unit.code, periods, len(unit.code))
                return [(q.key, rate(*kept[q.key].get(unit.code, (0, 0)), ind.scale)) for q in reversed(periods)]
            if key == "visit_rate":  # the households are the same in every period: one pass over the visits
                households = s.execute(select(func.count()).select_from(Household).where(
                    self._active_households(unit.code))).scalar() or 0
                visited = self._visited_by_period(s, unit.code, periods)
                return [(q.key, rate(visited.get(q.key, 0), households, ind.scale)) for q in reversed(periods)]
            if key in GROUPED_TRENDS:  # one grouped query over the twelve periods
                counts = getattr(self, f"_c_{key}")(s, unit.code, p, len(unit.code), periods)
                return [(q.key, rate(counts.get(q.key, (0, 0))[0], counts.get(q.key, (0, 0))[1], ind.scale))
                        for q in reversed(periods)]
            for q in reversed(periods):
                counts = self._counts(s, ind, unit.code, q, len(unit.code))
                num, den = counts.get(unit.code, (0, 0))
                out.append((q.key, rate(num, den, ind.scale)))
        return out

    def _result(self, s: Session, ind: Indicator, unit: OrgUnit, asked: Period, names: dict[str, str],
                below: bool) -> IndicatorResult:
        p = self.measured(ind, asked)
        child = _child_digits(unit.code)
        rank_below = below and child > len(unit.code) and Level(ind.level).depth >= LEVELS[
            level_of(unit.code).depth + 1].depth
        counts = self._counts(s, ind, unit.code, p, child if rank_below else len(unit.code))
        num = sum(n for n, _ in counts.values())
        den = sum(d for _, d in counts.values())
        value = rate(num, den, ind.scale)
        total = Figure(unit.code, unit.name, num, den, value, ind.status(value))
        figs: list[Figure] = []
        if rank_below:
            for code in sorted(set(names) | set(counts)):
                n, d = counts.get(code, (0, 0))
                v = rate(n, d, ind.scale)
                figs.append(Figure(code, names.get(code, code), n, d, v, ind.status(v)))
            sign = -1 if ind.direction == "at_least" else 1
            figs.sort(key=lambda f: (f.value is None, sign * (f.value or 0), f.unit_code))
            figs = [Figure(**{**f.__dict__, "rank": i + 1}) if f.value is not None else f for i, f in enumerate(figs)]
        return IndicatorResult(ind, p, total, figs)

    def _counts(self, s: Session, ind: Indicator, prefix: str, p: Period, digits: int) -> Counts:
        """(numerator, denominator) per unit code cut to `digits` (the units below, or the unit itself)."""
        return getattr(self, f"_c_{ind.key}")(s, prefix, p, digits)

    @staticmethod
    def _merge(*parts: Iterable[Any]) -> Counts:
        out: dict[str, tuple[float, float]] = {}
        for rows in parts:
            for code, n, d in rows:
                a, b = out.get(code, (0, 0))
                out[code] = (a + float(n or 0), b + float(d or 0))
        return {k: (int(n) if n == int(n) else n, int(d) if d == int(d) else d) for k, (n, d) in out.items()}

    def _active_households(self, prefix: str) -> ColumnElement[bool]:
        # written as ix_resident_live_household's own WHERE (`= 0`, the status a literal): the index is used only
        # when the query's terms match it, and `deleted IS 0` or a bound 'active' do not (SQLite then probes the
        # plain household_id index and reads every resident's row: twice the time at a million residents)
        occupied = exists().where(Resident.household_id == Household.id, _live(Resident.deleted),
                                  Resident.status == literal_column("'active'"))
        # LIKE, not a range: SQLite scans the households in their own order, faster than by the unit-code index
        # when the subtree is most of the installation (it always holds only its own subtree and the lines above)
        return and_(Household.unit_code.startswith(prefix), Household.deleted.is_(False), occupied)

    @staticmethod
    def _visited(p: Period) -> ColumnElement[bool]:
        return exists().where(HouseholdVisit.household_id == Household.id, _live(HouseholdVisit.deleted),
                              HouseholdVisit.visit_date >= p.start, HouseholdVisit.visit_date <= p.end)

    def _c_visit_rate(self, s: Session, prefix: str, p: Period, digits: int) -> Counts:
        """One pass over the households: each active one counted, and counted visited when it is among the
        households with a live visit in the period. That set is read once (uncorrelated IN: SQLite builds it from
        ix_household_visit_live, PostgreSQL hashes it), not probed per household (a correlated EXISTS); visits are
        not cut by their own unit code, so a household counts wherever its visits were recorded, as before."""
        if self._kept(s, [p]):
            return self._visit_rate_kept(s, prefix, [p], digits)[p.key]
        key = func.substr(Household.unit_code, 1, digits)
        in_period = select(HouseholdVisit.household_id).where(
            _live(HouseholdVisit.deleted), HouseholdVisit.visit_date >= p.start, HouseholdVisit.visit_date <= p.end)
        if s.get_bind().dialect.name == "postgresql":
            # PostgreSQL runs an IN (SELECT …) inside CASE as a subplan, hashed only when it expects the set to fit
            # in work_mem, else rescanned per household: at a million residents (the hub) the city's month ran for
            # minutes. A left join to the distinct visited households is a hash join, which spills if it must.
            v = in_period.distinct().subquery()
            return self._merge(s.execute(select(key, func.count(v.c.household_id), func.count()).select_from(
                Household).outerjoin(v, v.c.household_id == Household.id).where(
                self._active_households(prefix)).group_by(key)).all())
        visited = case((Household.id.in_(in_period), 1), else_=0)
        return self._merge(s.execute(select(key, func.sum(visited), func.count()).where(
            self._active_households(prefix)).group_by(key)).all())

    @staticmethod
    def _kept(s: Session, periods: list[Period]) -> bool:
        """The visit rate of these periods can be read from visit_period (calendar periods: the table keeps months,
        quarters and years, on SQLite since 0019a and on PostgreSQL since 0021v)."""
        return all(q.kind in visit_periods.KINDS for q in periods)

    def _inactive(self, s: Session, prefix: str) -> list[tuple[str, str]]:
        """(id, unit code) of the households of the subtree the visit rate does not count: deleted, or without a
        live active resident (few). PostgreSQL (the hub, since 0025) keeps them on write (household_inactive);
        SQLite finds them in one pass over the subtree's households."""
        if s.get_bind().dialect.name == "postgresql" and inactive_households.present(s.connection()):
            kept = table(inactive_households.TABLE, column("household_id"), column("unit_code"))
            return [(h, u) for h, u in s.execute(select(kept.c.household_id, kept.c.unit_code).where(
                *_within(kept.c.unit_code, prefix))).tuples()]
        occupied = exists().where(Resident.household_id == Household.id, _live(Resident.deleted),
                                  Resident.status == literal_column("'active'"))
        return [(h, u) for h, u in s.execute(select(Household.id, Household.unit_code).where(
            Household.unit_code.startswith(prefix), ~and_(_live(Household.deleted), occupied))).tuples()]

    def _visit_rate_kept(self, s: Session, prefix: str, periods: list[Period], digits: int) -> dict[str, Counts]:
        """The visit rate's (numerator, denominator) per period key and unit code cut to `digits`, as `_c_visit_rate`
        counts them, from gridapp.db.visit_periods: the households with a live visit in the period under each unit
        (kept on write), less the inactive households' (`_inactive`, whose visits are read); the denominator is
        every household of the unit less the inactive ones."""
        vp = table(visit_periods.TABLE, column("period"), column("unit_code"), column("households"))
        vkey = func.substr(vp.c.unit_code, 1, digits)
        visited: dict[tuple[str, str], int] = {}
        for period, code, n in s.execute(select(vp.c.period, vkey, func.sum(vp.c.households)).where(
                vp.c.period.in_([q.key for q in periods]), *_within(vp.c.unit_code, prefix))
                .group_by(vp.c.period, vkey)).tuples():
            visited[(period, code)] = int(n or 0)
        hkey = func.substr(Household.unit_code, 1, digits)
        totals = {code: int(n) for code, n in s.execute(select(hkey, func.count()).where(
            *_within(Household.unit_code, prefix)).group_by(hkey)).tuples()}
        inactive = self._inactive(s, prefix)
        for _, code in inactive:
            totals[code[:digits]] -= 1
        if inactive:
            span = _span(periods)
            if s.get_bind().dialect.name == "postgresql":
                ids = func.unnest(literal([h for h, _ in inactive], ARRAY(String))).table_valued("value") \
                    .render_derived()  # AS anon(value): PostgreSQL names unnest's column after the alias
            else:
                ids = func.json_each(json.dumps([h for h, _ in inactive])).table_valued("value")
            which = period_key(HouseholdVisit.visit_date, periods)
            for period, code, n in s.execute(
                    select(which, hkey, func.count(func.distinct(HouseholdVisit.household_id)))
                    .join(Household, Household.id == HouseholdVisit.household_id)
                    .where(HouseholdVisit.household_id.in_(select(ids.c.value)), _live(HouseholdVisit.deleted),
                           HouseholdVisit.visit_date >= span.start, HouseholdVisit.visit_date <= span.end)
                    .group_by(BY_FIRST, hkey)).tuples():
                visited[(period, code)] = visited.get((period, code), 0) - int(n)
        out: dict[str, Counts] = {q.key: {} for q in periods}
        for code, den in totals.items():
            if den > 0:
                for q in periods:
                    out[q.key][code] = (visited.get((q.key, code), 0), den)
        return out

    def _visited_by_period(self, s: Session, prefix: str, periods: list[Period]) -> dict[str, int]:
        """Active households of the subtree visited at least once in each period (PostgreSQL; SQLite reads
        visit_period): one pass over the visits of the whole span (a CASE names each visit's period), not one pass over the households per period."""
        which = period_key(HouseholdVisit.visit_date, periods)
        active = select(Household.id).where(self._active_households(prefix))
        rows = s.execute(select(which, func.count(func.distinct(HouseholdVisit.household_id))).where(
            _live(HouseholdVisit.deleted),  # wherever the visit was recorded, as the figure counts it
            HouseholdVisit.visit_date >= min(q.start for q in periods),
            HouseholdVisit.visit_date <= max(q.end for q in periods),
            HouseholdVisit.household_id.in_(active)).group_by(BY_FIRST)).tuples().all()
        return {k: int(n) for k, n in rows if k is not None}

    def _petition_events(self, prefix: str, p: Period) -> list[ColumnElement[bool]]:
        return [Event.deleted.is_(False), Event.unit_code.startswith(prefix), Event.found_on >= p.start,
                Event.found_on <= p.end, Event.source.in_(tuple(event_rules.PETITION_SOURCES)),
                Event.dispute_id.is_(None)]  # an event that is a dispute counts once, as its dispute record

    def _disputes(self, prefix: str, p: Period) -> list[ColumnElement[bool]]:
        return [Dispute.deleted.is_(False), Dispute.unit_code.startswith(prefix), Dispute.occurred_on >= p.start,
                Dispute.occurred_on <= p.end]

    @staticmethod
    def _key(unit: Any, day: Any, digits: int, periods: list[Period] | None) -> ColumnElement[Any]:
        """What the counts are grouped by: the unit code cut to `digits`, or (`periods`, a trend) the period."""
        return func.substr(unit, 1, digits) if periods is None else period_key(day, periods)

    def _c_first_handling(self, s: Session, prefix: str, p: Period, digits: int,
                          periods: list[Period] | None = None) -> Counts:
        today = self.today()
        p = p if periods is None else _span(periods)
        ev = first_handling_sql(event_facts(today))
        ekey = self._key(Event.unit_code, Event.found_on, digits, periods)
        events = s.execute(select(ekey, func.sum(ev), func.count(ev)).join(
            EventState, EventState.event_id == Event.id).where(*self._petition_events(prefix, p)).group_by(ekey)).all()
        dv = first_handling_sql(_dispute_facts(today))
        dkey = self._key(Dispute.unit_code, Dispute.occurred_on, digits, periods)
        disputes = s.execute(select(dkey, func.sum(dv), func.count(dv)).where(
            *self._disputes(prefix, p)).group_by(dkey)).all()
        return self._merge(events, disputes)

    def _c_satisfaction(self, s: Session, prefix: str, p: Period, digits: int,
                        periods: list[Period] | None = None) -> Counts:
        p = p if periods is None else _span(periods)
        ekey = self._key(Event.unit_code, Event.found_on, digits, periods)
        sat = case((EventState.satisfaction.in_(tuple(event_rules.SATISFIED)), 1), else_=0)
        events = s.execute(select(ekey, func.sum(sat), func.count()).join(
            EventState, EventState.event_id == Event.id).where(
            Event.deleted.is_(False), Event.unit_code.startswith(prefix), Event.found_on >= p.start,
            Event.found_on <= p.end, EventState.satisfaction.is_not(None)).group_by(ekey)).all()
        skey = self._key(SatisfactionSurvey.unit_code, SatisfactionSurvey.taken_on, digits, periods)
        surveys = s.execute(select(skey, func.sum(SatisfactionSurvey.satisfied), func.sum(SatisfactionSurvey.asked))
                            .where(SatisfactionSurvey.deleted.is_(False),
                                   SatisfactionSurvey.unit_code.startswith(prefix),
                                   SatisfactionSurvey.taken_on >= p.start, SatisfactionSurvey.taken_on <= p.end)
                            .group_by(skey)).all()
        return self._merge(events, surveys)

    def _c_homicide_rate(self, s: Session, prefix: str, p: Period, digits: int) -> Counts:
        rows = s.execute(select(HomicideCase.unit_code, HomicideCase.cases, HomicideCase.population).where(
            HomicideCase.deleted.is_(False), HomicideCase.unit_code.startswith(prefix),
            HomicideCase.year == p.start.year)).all()
        out: list[tuple[str, Any, Any]] = []
        for code, cases, population in rows:  # one row per district and year: a handful, not the registry
            if population is None:
                population = s.execute(select(func.count()).select_from(Resident).where(
                    *_within(Resident.unit_code, code), Resident.deleted.is_(False),
                    Resident.status == "active")).scalar()
            out.append((code[:digits], cases, population))
        return self._merge(out)

    def _c_station_force(self, s: Session, prefix: str, p: Period, digits: int) -> Counts:
        pf = PoliceForce
        live = [pf.deleted.is_(False), pf.unit_code.startswith(prefix), pf.year == p.start.year]
        key = func.substr(pf.unit_code, 1, digits)
        stations = s.execute(select(key, func.sum(pf.total), literal(0)).where(
            *live, func.length(pf.unit_code) == Level.TOWN.digits).group_by(key)).all()
        county = s.execute(select(key, literal(0), func.sum(pf.total)).where(
            *live, func.length(pf.unit_code) == Level.DISTRICT.digits).group_by(key)).all()
        return self._merge(stations, county)

    def _c_community_force(self, s: Session, prefix: str, p: Period, digits: int) -> Counts:
        pf = PoliceForce
        key = func.substr(pf.unit_code, 1, digits)
        return self._merge(s.execute(select(key, func.sum(pf.community_police), func.sum(pf.total)).where(
            pf.deleted.is_(False), pf.unit_code.startswith(prefix), pf.year == p.start.year,
            func.length(pf.unit_code) == Level.TOWN.digits).group_by(key)).all())

    def _live_grids(self, prefix: str, p: Period) -> list[ColumnElement[bool]]:
        return [OrgUnit.code.startswith(prefix), OrgUnit.level == Level.GRID.value, OrgUnit.deleted.is_(False),
                or_(OrgUnit.retired_on.is_(None), OrgUnit.retired_on > p.end)]

    def _staffed(self, p: Period) -> ColumnElement[bool]:
        at = min(p.end, self.today())
        assigned = exists().where(UnitAssignment.target_code == OrgUnit.code, UnitAssignment.duty == "grid_worker",
                                  UnitAssignment.deleted.is_(False), UnitAssignment.start_on <= at,
                                  or_(UnitAssignment.end_on.is_(None), UnitAssignment.end_on >= at))
        account = exists().where(User.unit_code == OrgUnit.code, User.role == Role.GRID_WORKER.value,
                                 User.disabled.is_(False))
        return or_(assigned, account)

    def _c_grid_staffed(self, s: Session, prefix: str, p: Period, digits: int) -> Counts:
        key = func.substr(OrgUnit.code, 1, digits)
        staffed = case((self._staffed(p), 1), else_=0)
        return self._merge(s.execute(select(key, func.sum(staffed), func.count()).where(
            *self._live_grids(prefix, p)).group_by(key)).all())

    # -- the work figures the assessment scores (domain.indicators.WORK_INDICATORS) --------------------------------
    def grouped(self, s: Session, key: str, prefix: str, p: Period, digits: int) -> Counts:
        """(numerator, denominator) of any definition (`DEFINITIONS`, the plan's or a work figure) per unit code
        of the subtree `prefix` cut to `digits`, over `p` as given (the assessment cuts its period at the day of
        the computation). For a service that has checked its own scope and permission (the assessment, on its
        session `s`): no permission is asked here. Figures that read events need them fresh (`_fresh_events`)."""
        DEFINITIONS[key]
        return getattr(self, f"_c_{key}")(s, prefix, p, digits)

    def _c_tasks_on_time(self, s: Session, prefix: str, p: Period, digits: int) -> Counts:
        """Tasks due in the period and already past due (due before today), done on or before the due date (the
        earliest completion counts) / all of them."""
        last_due = min(p.end, self.today() - dt.timedelta(days=1))
        first_done = select(GridTaskCompletion.task_id, func.min(GridTaskCompletion.done_on).label("done_on")).where(
            GridTaskCompletion.deleted.is_(False), GridTaskCompletion.unit_code.startswith(prefix)).group_by(
            GridTaskCompletion.task_id).subquery()
        key = func.substr(GridTask.unit_code, 1, digits)
        on_time = case((first_done.c.done_on <= GridTask.due_date, 1), else_=0)
        return self._merge(s.execute(select(key, func.sum(on_time), func.count()).select_from(GridTask).outerjoin(
            first_done, first_done.c.task_id == GridTask.id).where(
            GridTask.deleted.is_(False), GridTask.unit_code.startswith(prefix), GridTask.due_date >= p.start,
            GridTask.due_date <= last_due).group_by(key)).all())

    def _c_dispute_first(self, s: Session, prefix: str, p: Period, digits: int) -> Counts:
        """The disputes' half of the first-handling closure rate (the same rule, `first_handling_sql`)."""
        dv = first_handling_sql(_dispute_facts(self.today()))
        key = func.substr(Dispute.unit_code, 1, digits)
        return self._merge(s.execute(select(key, func.sum(dv), func.count(dv)).where(
            *self._disputes(prefix, p)).group_by(key)).all())

    def _c_dispute_resolved(self, s: Session, prefix: str, p: Period, digits: int) -> Counts:
        key = func.substr(Dispute.unit_code, 1, digits)
        resolved = case((Dispute.status == "resolved", 1), else_=0)
        return self._merge(s.execute(select(key, func.sum(resolved), func.count()).where(
            *self._disputes(prefix, p)).group_by(key)).all())

    def _c_registry_complete(self, s: Session, prefix: str, p: Period, digits: int) -> Counts:
        """Active residents with both a phone and a current address, as the registry stands now (not a figure of
        the period)."""
        key = func.substr(Resident.unit_code, 1, digits)
        complete = case(((func.coalesce(func.trim(Resident.phone), "") != "")
                         & (func.coalesce(func.trim(Resident.current_address), "") != ""), 1), else_=0)
        return self._merge(s.execute(select(key, func.sum(complete), func.count()).where(
            Resident.deleted.is_(False), Resident.status == "active", Resident.unit_code.startswith(prefix))
            .group_by(key)).all())

    def _c_patrol_coverage(self, s: Session, prefix: str, p: Period, digits: int) -> Counts:
        """Active households with a live patrol (巡查走访) in the period / active households (the visit rate's
        form, over the grid workers' patrols)."""
        key = func.substr(Household.unit_code, 1, digits)
        in_period = select(Patrol.household_id).where(Patrol.deleted.is_(False), Patrol.visited_on >= p.start,
                                                      Patrol.visited_on <= p.end)
        patrolled = case((Household.id.in_(in_period), 1), else_=0)
        return self._merge(s.execute(select(key, func.sum(patrolled), func.count()).where(
            self._active_households(prefix)).group_by(key)).all())

    # -- the list behind a figure ---------------------------------------------------------------------------------
    def items(self, key: str, unit_code: str | None = None, period: str | Period | None = None,
              *, limit: int | None = None) -> ItemList:
        """The exact records behind the indicator's figure for the unit: those that pull it down (households not
        visited, petitions and disputes not closed at the first handling, call-backs not satisfied and the surveys,
        grids without a full-time grid worker) or, for the entered figures, the records themselves. For a rate
        the list holds denominator − numerator rows (the surveys' rows are listed with their own figures)."""
        self._need(Perm.STATS)
        ind = BY_KEY[key]
        p = self.measured(ind, self.period(period))
        unit_code = self._scope_unit(unit_code)
        self._fresh_events()
        with self.db.read() as s:
            unit = self._unit(s, unit_code)
            labels = unitnames.grid_labels(s, unit.code, include_retired=True)

            def where(code: str) -> str:
                return labels.get(code) or unitnames.label_of(s, code)
            ids: list[str] = []
            rows: list[tuple[str, ...]] = []
            if key == "visit_rate":
                cols: tuple[str, ...] = ("网格", "地址")
                q = select(Household.id, Household.unit_code, Household.address).where(
                    self._active_households(unit.code), ~self._visited(p)).order_by(Household.unit_code,
                                                                                    Household.address)
                for hid, code, address in s.execute(q.limit(limit)):
                    ids.append(hid)
                    rows.append((where(code), address))
            elif key == "first_handling":
                cols = ("类型", "编号", "名称", "单位", "结论")
                ev = first_handling_sql(event_facts(self.today()))
                for eid, number, title, code in s.execute(select(Event.id, Event.number, Event.title, Event.unit_code)
                                                          .join(EventState, EventState.event_id == Event.id)
                                                          .where(*self._petition_events(unit.code, p), ev == 0)
                                                          .order_by(Event.found_on, Event.number).limit(limit)):
                    ids.append(eid)
                    rows.append(("事件", number, title, where(code), "未一次性办结"))
                dv = first_handling_sql(_dispute_facts(self.today()))
                for did, number, name, code in s.execute(select(Dispute.id, Dispute.number, Dispute.name,
                                                                Dispute.unit_code)
                                                         .where(*self._disputes(unit.code, p), dv == 0)
                                                         .order_by(Dispute.occurred_on, Dispute.number).limit(limit)):
                    ids.append(did)
                    rows.append(("矛盾纠纷", number, name, where(code), "未一次性化解"))
            elif key == "satisfaction":
                cols = ("类型", "编号/来源", "名称/日期", "单位", "满意/样本")
                for eid, number, title, code, sat in s.execute(
                        select(Event.id, Event.number, Event.title, Event.unit_code, EventState.satisfaction)
                        .join(EventState, EventState.event_id == Event.id).where(
                            Event.deleted.is_(False), Event.unit_code.startswith(unit.code),
                            Event.found_on >= p.start, Event.found_on <= p.end, EventState.satisfaction.is_not(None),
                            EventState.satisfaction.not_in(tuple(event_rules.SATISFIED)))
                        .order_by(Event.found_on).limit(limit)):
                    ids.append(eid)
                    rows.append(("事件回访", number, title, where(code), event_rules.SATISFACTION.get(sat, sat)))
                for r in self._surveys(s, unit.code, p):
                    ids.append(r.id)
                    rows.append(("满意度调查", r.source, r.taken_on.isoformat(), r.unit_name, f"{r.satisfied}/{r.asked}"))
            elif key == "homicide_rate":
                cols = ("区县", "年度", "命案数", "常住人口")
                for c in self._cases(s, unit.code, p.start.year):
                    ids.append(c.id)
                    rows.append((c.unit_name, str(c.year), str(c.cases), "—" if c.population is None
                                 else str(c.population)))
            elif key in ("station_force", "community_force"):
                cols = ("单位", "年度", "警力总数", "社区民警", "警务室", "进两委")
                for f in self._forces(s, unit.code, p.start.year):
                    ids.append(f.id)
                    rows.append((f.unit_name, str(f.year), str(f.total), str(f.community_police), str(f.posts),
                                 str(f.in_committees)))
            elif key == "grid_staffed":
                cols = ("网格",)
                for code in s.execute(select(OrgUnit.code).where(*self._live_grids(unit.code, p),
                                                                 ~self._staffed(p)).order_by(OrgUnit.code)
                                      .limit(limit)).scalars():
                    ids.append(stable_unit_id(s, code))
                    rows.append((where(code),))
            else:  # pragma: no cover - BY_KEY above refuses unknown keys
                raise KeyError(key)
        return ItemList(key, f"{ind.name}：{ind.list_label}（{unit.name}，{p.key}）", cols, ids, rows, unit.name, p.key)

    # -- the entered figures --------------------------------------------------------------------------------------
    def _need_entry(self, *, office_only: bool) -> None:
        self._need(Perm.INDICATOR)
        if office_only and not self._plays({Role.OFFICE}):
            raise PermissionDenied("命案和满意度调查数据只能由综治中心（办公室）录入。")

    def _year(self, year: Any) -> int:
        y = _nonneg(year, "年度")
        assert y is not None
        if not 2000 <= y <= self.today().year:
            raise ValidationError(f"年度 {y} 不合理（不能晚于今年 {self.today().year}）。", field="年度")
        return y

    def _entry_unit(self, s: Session, code: str, levels: tuple[Level, ...]) -> OrgUnit:
        try:
            lv = level_of(code)
        except ValidationError as e:
            raise ValidationError(str(e), field="单位") from None
        if lv not in levels:
            want = "或".join(x.label_zh for x in levels)
            raise ValidationError(f"单位“{code}”是{lv.label_zh}；这里应为{want}。", field="单位")
        self.principal.require_scope(code, "单位")
        return self._unit(s, code)

    def set_police_force(self, unit_code: str, year: Any, total: Any, *, community_police: Any = 0, posts: Any = 0,
                         in_committees: Any = 0, note: str | None = None) -> str:
        """A district's county force, or a town's police station force with its community police, posts and
        community police in the 两委, for a year (one row per unit and year: set again to correct it)."""
        self._need_entry(office_only=False)
        y = self._year(year)
        t = _nonneg(total, "警力总数")
        cp = _nonneg(community_police, "社区民警", required=False) or 0
        po = _nonneg(posts, "警务室", required=False) or 0
        ic = _nonneg(in_committees, "进两委民警", required=False) or 0
        assert t is not None
        if cp > t:
            raise ValidationError(f"社区民警（{cp}）不能多于该单位警力总数（{t}）。", field="社区民警")
        if ic > cp:
            raise ValidationError(f"进两委民警（{ic}）不能多于社区民警（{cp}）。", field="进两委民警")
        rid = stable_id("police_force", f"{unit_code}:{y}")
        with self.db.write() as s:
            unit = self._entry_unit(s, unit_code, (Level.DISTRICT, Level.TOWN))
            lv = level_of(unit.code)
            live = [PoliceForce.deleted.is_(False), PoliceForce.year == y, PoliceForce.id != rid]
            if lv == Level.DISTRICT:
                if cp:
                    raise ValidationError("区县一级只填全县（区）警力总数；社区民警按镇街（派出所）填。", field="社区民警")
                parts = s.execute(select(func.coalesce(func.sum(PoliceForce.total), 0)).where(
                    *live, PoliceForce.unit_code.startswith(unit.code),
                    func.length(PoliceForce.unit_code) == Level.TOWN.digits)).scalar() or 0
                if t < parts:
                    raise ValidationError(f"县（区）警力总数（{t}）不能少于其下各派出所警力之和（{parts}）。",
                                          field="警力总数")
            else:
                district = unit.code[:Level.DISTRICT.digits]
                county = s.execute(select(PoliceForce.total).where(
                    *live, PoliceForce.unit_code == district)).scalar()
                if county is not None:
                    others = s.execute(select(func.coalesce(func.sum(PoliceForce.total), 0)).where(
                        *live, PoliceForce.unit_code.startswith(district),
                        func.length(PoliceForce.unit_code) == Level.TOWN.digits)).scalar() or 0
                    if others + t > county:
                        raise ValidationError(f"各派出所警力之和（{others + t}）将多于县（区）警力总数（{county}）。",
                                              field="警力总数")
            values = {"year": y, "total": t, "community_police": cp, "posts": po, "in_committees": ic,
                      "note": (note or "").strip()[:200] or None, "recorded_by": self._username}
            self._upsert(s, PoliceForce, rid, unit.code, values)
            self._audit(s, "edit", rid, unit.code, {"year": y, "total": t}, table="police_force")
        return rid

    def _upsert(self, s: Session, model: type, rid: str, unit_code: str, values: dict[str, Any]) -> None:
        w = ChangeWriter(self.db, s)
        row = s.get(model, rid)
        if row is None:
            w.insert(model, {"id": rid, "unit_code": unit_code, **values})
        else:
            w.update(model, rid, {**values, "deleted": False} if row.deleted else values)

    def _scope_unit(self, unit_code: str | None) -> str:
        """The unit whose figures are read (None: the scope's own), refused outside the scope."""
        unit_code = unit_code or self.scope
        self.principal.require_scope(unit_code, "单位")
        return unit_code

    def _yearly_figures(self, unit_code: str | None, year: int | None,
                        read: Callable[[Session, str, int | None], list[_R]]) -> list[_R]:
        self._need(Perm.STATS)
        unit_code = self._scope_unit(unit_code)
        with self.db.read() as s:
            return read(s, unit_code, year)

    def police_forces(self, unit_code: str | None = None, year: int | None = None) -> list[ForceRow]:
        return self._yearly_figures(unit_code, year, self._forces)

    def _forces(self, s: Session, prefix: str, year: int | None) -> list[ForceRow]:
        return [ForceRow(r.id, r.unit_code, unitnames.label_of(s, r.unit_code), r.year, r.total, r.community_police,
                         r.posts, r.in_committees, r.note) for r in _yearly(s, PoliceForce, prefix, year)]

    def set_cases(self, unit_code: str, year: Any, cases: Any, *, population: Any = None,
                  note: str | None = None) -> str:
        """A district's homicide cases in a year, with its resident population (None: the registry's count)."""
        self._need_entry(office_only=True)
        y = self._year(year)
        n = _nonneg(cases, "命案数")
        pop = _nonneg(population, "常住人口", required=False)
        if pop is not None and pop == 0:
            raise ValidationError("常住人口须大于 0。", field="常住人口")
        rid = stable_id("homicide_case", f"{unit_code}:{y}")
        with self.db.write() as s:
            unit = self._entry_unit(s, unit_code, (Level.DISTRICT,))
            self._upsert(s, HomicideCase, rid, unit.code, {"year": y, "cases": n, "population": pop,
                                                           "note": (note or "").strip()[:200] or None,
                                                           "recorded_by": self._username})
            self._audit(s, "edit", rid, unit.code, {"year": y, "cases": n}, table="homicide_case")
        return rid

    def cases(self, unit_code: str | None = None, year: int | None = None) -> list[CaseRow]:
        return self._yearly_figures(unit_code, year, self._cases)

    def _cases(self, s: Session, prefix: str, year: int | None) -> list[CaseRow]:
        return [CaseRow(r.id, r.unit_code, unitnames.label_of(s, r.unit_code), r.year, r.cases, r.population, r.note)
                for r in _yearly(s, HomicideCase, prefix, year)]

    def add_survey(self, unit_code: str, taken_on: dt.date | str, asked: Any, satisfied: Any, source: str) -> str:
        """A satisfaction survey's figures: sample size, satisfied count, who made it, on which day."""
        self._need_entry(office_only=True)
        if isinstance(taken_on, str):
            try:
                taken_on = dt.date.fromisoformat(taken_on.strip())
            except ValueError:
                raise ValidationError(f"调查日期“{taken_on}”应为 2026-03-15 这样的日期。", field="调查日期") from None
        if taken_on > self.today():
            raise ValidationError(f"调查日期（{taken_on}）不能晚于今天（{self.today()}）。", field="调查日期")
        a = _nonneg(asked, "调查样本数")
        sat = _nonneg(satisfied, "满意人数")
        assert a is not None and sat is not None
        if a == 0:
            raise ValidationError("调查样本数须大于 0。", field="调查样本数")
        if sat > a:
            raise ValidationError(f"满意人数（{sat}）不能多于调查样本数（{a}）。", field="满意人数")
        src = (source or "").strip()
        if not src:
            raise ValidationError("请填写调查来源（如：统计局电话调查）。", field="调查来源")
        with self.db.write() as s:
            self.principal.require_scope(unit_code, "单位")
            unit = self._unit(s, unit_code)
            rid = ChangeWriter(self.db, s).insert(SatisfactionSurvey, {
                "unit_code": unit.code, "taken_on": taken_on, "asked": a, "satisfied": sat, "source": src[:100],
                "recorded_by": self._username})
            self._audit(s, "create", rid, unit.code, {"asked": a, "satisfied": sat}, table="satisfaction_survey")
        return rid

    def surveys(self, unit_code: str | None = None, period: str | Period | None = None) -> list[SurveyRow]:
        self._need(Perm.STATS)
        unit_code = self._scope_unit(unit_code)
        p = None if period is None else self.period(period)
        with self.db.read() as s:
            return self._surveys(s, unit_code, p)

    def _surveys(self, s: Session, prefix: str, p: Period | None) -> list[SurveyRow]:
        sv = SatisfactionSurvey
        q = select(sv).where(sv.deleted.is_(False), sv.unit_code.startswith(prefix))
        if p is not None:
            q = q.where(sv.taken_on >= p.start, sv.taken_on <= p.end)
        return [SurveyRow(r.id, r.unit_code, unitnames.label_of(s, r.unit_code), r.taken_on, r.asked, r.satisfied,
                          r.source) for r in s.execute(q.order_by(sv.taken_on.desc(), sv.unit_code)).scalars()]

    # -- the monthly report ---------------------------------------------------------------------------------------
    def monthly(self, unit_code: str, period: str | Period, header: Any, *, filled_by: str = "") -> Any:
        """网格工作月报's data: every indicator with its trend and the units below, and the month's work."""
        from gridapp.core.reportdata import IndicatorLine, IndicatorUnitLine, MonthlyData
        from gridapp.domain.indicators import STATUS_LABELS

        p = self.period(period)
        d = self.compute(unit_code, p)
        lines = []
        for r in d.results:
            i = r.indicator
            factor = 100 if i.unit == "%" else 1
            trend = [(k, None if v is None else v * factor) for k, v in self.trend(i.key, d.unit_code, p)]
            below = [IndicatorUnitLine(f.rank, f.unit_name, i.shown(f.value), STATUS_LABELS[f.status],
                                       _n(f.numerator), _n(f.denominator)) for f in r.below]
            lines.append(IndicatorLine(i.key, i.name, i.shown(r.total.value), i.target_text, r.total.status,
                                       STATUS_LABELS[r.total.status], _n(r.total.numerator),
                                       _n(r.total.denominator), r.period.key, i.unit == "%", i.target * factor,
                                       trend, below))
        with self.db.read() as s:
            work = self._work(s, d.unit_code, p)
        return MonthlyData(header, lines, work, filled_by_unit=header.unit_full_name, filled_by=filled_by,
                           filled_on=self.today().isoformat())

    def _work(self, s: Session, prefix: str, p: Period) -> list[tuple[str, str]]:
        from gridapp.core import codes
        from gridapp.db.models import SmallProject

        def count(model: Any, *where: Any) -> int:
            return int(s.execute(select(func.count()).select_from(model).where(
                model.deleted.is_(False), *_within(model.unit_code, prefix), *where)).scalar() or 0)
        tasks = count(GridTask, GridTask.due_date >= p.start, GridTask.due_date <= p.end)
        done = count(GridTaskCompletion, GridTaskCompletion.done_on >= p.start, GridTaskCompletion.done_on <= p.end)
        out = [("到期网格任务（件）", str(tasks)), ("办结网格任务（件）", str(done)),
               ("入户走访（次）", str(count(HouseholdVisit, HouseholdVisit.visit_date >= p.start,
                                         HouseholdVisit.visit_date <= p.end))),
               ("上报事件（件）", str(count(Event, Event.found_on >= p.start, Event.found_on <= p.end))),
               ("登记矛盾纠纷（起）", str(count(Dispute, *self._disputes(prefix, p)[2:]))),
               ("化解矛盾纠纷（起）", str(count(Dispute, Dispute.resolved_on >= p.start, Dispute.resolved_on <= p.end,
                                             Dispute.status == "resolved")))]
        kinds: dict[str, int] = dict(s.execute(select(SmallProject.kind, func.count()).where(
            SmallProject.deleted.is_(False), SmallProject.unit_code.startswith(prefix),
            SmallProject.held_on >= p.start, SmallProject.held_on <= p.end).group_by(SmallProject.kind)).tuples().all())
        for kind, label in codes.SMALL_PROJECT_KIND.items():
            out.append((f"八小工程·{label}（项）", str(kinds.get(kind, 0))))
        return out

    # -- helpers --------------------------------------------------------------------------------------------------
    def _fresh_events(self) -> None:
        """Fold stale events first (the events service keeps event_state; the figures read it)."""
        from .events import EventService

        EventService(self.db, self.principal, today=self.today)._ensure_fresh()


def _live(deleted: Any) -> ColumnElement[bool]:
    """`deleted = 0` (PostgreSQL: `= false`, which it reads as NOT deleted): the form the partial indexes over live
    rows are declared with (models.LIVE_RESIDENT, ix_household_visit_live); `IS 0` would not match them."""
    return deleted == false()


def _within(column: Any, prefix: str) -> list[ColumnElement[bool]]:
    """`column` lies in the subtree of `prefix`, as a range an index can read (codes are digits; ':' follows '9')."""
    return [column >= prefix, column < prefix + ":"]


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _unit_id(s: Session, code: str) -> str:
    uid = s.execute(select(OrgUnit.id).where(OrgUnit.code == code)).scalar()
    return uid or f"missing:{code}"


def stable_unit_id(s: Session, code: str) -> str:
    """The org unit row id of a grid (what a click on a grid without a grid worker opens)."""
    return _unit_id(s, code)
