"""Reports: the catalogue, who may print what, and the data a report prints (scoped, masked, labelled).

The PDF itself is drawn by `gridapp.reports` (`render(data)`); front ends do
`data = ReportService(db).prepare(request, progress)` then `render(data, progress)`.

Every request passes `_authorize`, the one place that decides whether it may run: the signed-in user needs
the export permission, the unit must lie in the user's subtree (UnitService), full ID numbers need the
reveal permission, and every print (with the reveal choice) is written to the audit log. Without a
principal (an unencrypted database with no users: tests, tools) the installation's subtree is the scope
and full numbers need a service built with `may_reveal=True`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy import and_, or_, select

from gridapp.core import codes
from gridapp.core.errors import NotFound, PermissionDenied, ValidationError
from gridapp.core.hlc import physical_ms
from gridapp.core.idnumber import mask_id
from gridapp.core.localtime import CHINA_TIME, ms_to_china
from gridapp.core.orgcode import is_within, level_of, parent_code
from gridapp.core.permissions import Perm, Principal, visible_tags
from gridapp.core.phone import mask_phone
from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import (
    AssessmentData,
    AssessmentIndicatorInfo,
    AssessmentLine,
    CardMember,
    EventRecordLine,
    EventsData,
    EventSummaryLine,
    HouseholdCard,
    HouseholdCardsData,
    ListedData,
    MonthlyData,
    PartyCentreEntry,
    PartyCentresData,
    PartyNetworkData,
    PartyNetworkLine,
    ProjectRecordLine,
    ProjectSummaryLine,
    ReportHeader,
    RosterBuilding,
    RosterData,
    RosterGrid,
    RosterHousehold,
    RosterRow,
    SmallProjectsData,
    UnvisitedHousehold,
    VisitCoverageLine,
    VisitsData,
)
from gridapp.db.database import Database
from gridapp.db.models import Building, Household, OrgUnit, Resident, ResidentTag
from gridapp.domain import clock
from gridapp.domain.periods import parse_days
from gridapp.domain.reports import ReportRequest

from .audit import AuditService
from .base import InstallationService
from .registry import age_in_year, age_on
from .unitnames import COMMUNITY_CODE_LENGTH, labels_of
from .units import UnitInfo, UnitService

log = logging.getLogger(__name__)

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
NO_BUILDING = "（无楼栋）"
NO_HOUSEHOLD = "（未分户）"


@dataclass(frozen=True)
class ReportInfo:
    name: str
    title: str
    description: str
    landscape: bool
    whole_year: bool = False  # the period may also be a whole year (YYYY)

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "title": self.title, "description": self.description}


CATALOGUE = (
    ReportInfo("roster", "实有人口花名册",
               "在册居民名单，按网格、楼栋、户排列，供入户走访使用；含每户人数、楼栋和网格小计及总计。", True),
    ReportInfo("household_card", "户卡",
               "每户一页：地址、家庭成员及与户主关系、最后变更日期，供存档。", False),
    ReportInfo("visits", "入户走访情况",
               "统计期内各网格的民警入户走访率（对照 100% 目标）及尚未走访的户（地址、户主）。", False, True),
    ReportInfo("small_projects", "八小工程开展情况",
               "统计期内各单位八小工程（小公约、小民主、小服务、小调解、小平安、小乡贤、小名人、小家训）的件数、"
               "参与人次、服务人数、隐患整改，及记录清单。", True, True),
    ReportInfo("assessment", "考核排名",
               "本单位考核方案的排名：各被考核对象的指标得分、总分、名次和结果（标杆、通报、重点管理、挂牌督办），"
               "及排名规则和指标说明；已发布的取最新版本，未发布的为草稿。", True, True),
    ReportInfo("events", "事件办理情况",
               "统计期内发现的事件：各单位和各类别的件数、已结案、办理中、逾期，按期办结率、初信初访一次性化解率、"
               "回访满意率，及事件办理台账。", True, True),
    ReportInfo("party_network", "党建网格化组织体系",
               "按社区列出街道党工委、社区党委（党总支）、网格党支部、楼栋党小组及其书记（组长）、党员数、党员中心户数，"
               "及检查发现和党员联系覆盖情况；也可导出 .xlsx。", False),
    ReportInfo("party_centres", "党员中心户联系户名册",
               "每个党员中心户：所在网格、地址、中心户党员、所属党小组，及其联系户的地址和户主；也可导出 .xlsx。", False),
    ReportInfo("monthly", "网格工作月报",
               "本月各项指标对照目标（走访率、一次性办结率、满意度、命案发案率、警力占比、网格员配备）、近 12 期趋势图、"
               "下级单位排名，及本月任务、走访、事件、纠纷、八小工程；末尾为填报单位、填报人、审核人、日期。", False),
    ReportInfo("affairs", "网格事务准入清单",
               "供公示：统计期末（至今）在本单位生效的网格事务准入事项（含上级单位准入的），按主管部门分组，"
               "列出依据、网格职责、频次、时限、需报送资料和有效期；末尾为填报单位、填报人、审核人、日期；也可导出 .xlsx。",
               True),
    ReportInfo("tasks", "网格任务完成情况",
               "期限在统计期内的网格任务，按网格（带社区名）统计应完成、已完成、按时完成、逾期完成、逾期未完成、未到期和"
               "完成率，及逾期未完成的任务；末尾为填报单位、填报人、审核人、日期；也可导出 .xlsx。", False, True),
    ReportInfo("disputes", "矛盾纠纷台账及化解情况",
               "统计期内发生的矛盾纠纷：各下级单位的化解情况（化解率、一次性化解率对照 95% 目标），及矛盾纠纷台账"
               "（短编号、网格、类别、状态、是否一次性化解）；末尾为填报单位、填报人、审核人、日期；也可导出 .xlsx。",
               True, True),
)
PARTY_REPORTS = ("party_network", "party_centres")
LISTED = ("affairs", "tasks", "disputes")  # the reports made of tables (ListedData, reports.listed)
YEARLY = ("visits", "small_projects", "events", "tasks", "disputes")  # reports that also take a whole year (YYYY) as the period


@dataclass(frozen=True)
class BuildingChoice:
    id: str
    name: str
    grid_code: str


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """'YYYY-MM' → first and last day of that month."""
    return parse_days(text, ("month",))


def current_period(today: dt.date | None = None) -> str:
    today = today or clock.today()
    return f"{today:%Y-%m}"


def _age(born: dt.date | None, on: dt.date, reveal: bool = False) -> str:
    """The age on `on`, or masked (the default) the age reached in `on`'s year: the exact age changes on the
    birthday, so reports of several periods would tell the birth month and, with the masked ID, the number."""
    if born is None:
        return ""
    return str(max(age_on(born, on), 0)) if reveal else str(age_in_year(born, on))


def _natural(text: str | None) -> tuple:
    """Sort key putting 2号楼 before 10号楼."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text or "") if p)


def _member_key(relation: str | None, born: dt.date | None) -> tuple:
    return (0 if relation == codes.HEAD_RELATION else 1, relation or "99", born or dt.date.max)


def _local_date(hlc: int) -> str:
    return ms_to_china(physical_ms(hlc), "%Y-%m-%d")


class ReportService(InstallationService):
    def __init__(self, db: Database, principal: Principal | None = None, *, may_reveal: bool = False):
        super().__init__(db, principal)
        self.units = UnitService(db, principal)
        # only without a principal (no users: tests, tools); a signed-in user's role decides otherwise
        self.may_reveal = may_reveal

    @property
    def can_reveal(self) -> bool:
        """Whether this user may choose full numbers (the GUI offers the choice only then)."""
        if self.principal.is_system:
            return self.may_reveal
        return self.principal.may(Perm.REVEAL)

    # -- catalogue ----------------------------------------------------------------------------------
    def catalogue(self) -> list[ReportInfo]:
        return list(CATALOGUE)

    def info(self, name: str) -> ReportInfo:
        for report in CATALOGUE:
            if report.name == name:
                return report
        names = "、".join(r.name for r in CATALOGUE)
        raise ValidationError(f"没有名为“{name}”的报表。可用的报表：{names}。", field="报表")

    def unit_choices(self) -> list[UnitInfo]:
        """The units a report may be printed for: the installation's subtree (retired units too: their
        history can still be printed)."""
        return self.units.list(include_retired=True)

    def building_choices(self, unit_code: str) -> list[BuildingChoice]:
        """The live buildings of a unit in scope (a roster or cards may be limited to one), in door order."""
        unit = self.units.get(unit_code)
        with self.db.read() as s:
            rows = s.execute(select(Building.id, Building.name, Building.unit_code).where(
                Building.unit_code.startswith(unit.code), Building.deleted.is_(False))).all()
        return [BuildingChoice(*r) for r in sorted(rows, key=lambda r: (r[2], _natural(r[1]), r[0]))]

    # -- the one gate -------------------------------------------------------------------------------
    def _authorize(self, request: ReportRequest) -> UnitInfo:
        """Scope and permission for one request; every report goes through here before any data is read."""
        self.principal.require(Perm.EXPORT)
        unit = self.units.get(request.unit_code)  # ScopeError outside the user's (installation's) subtree
        if request.reveal and not self.can_reveal:
            log.warning("report %s unit=%s: full numbers refused (by=%s)", request.name, unit.code,
                        request.printed_by or "-")
            raise PermissionDenied("当前用户无权打印完整的身份证号码和电话，报表只能脱敏打印。")
        self._audit(request, unit)
        return unit

    def _audit(self, request: ReportRequest, unit: UnitInfo) -> None:
        """Record who printed which report of which unit, and whether full numbers were chosen."""
        if not self.principal.is_system:
            AuditService(self.db, self.principal).log(
                "print", detail={"report": request.name, "unit": unit.code, "period": request.period,
                                 "reveal": request.reveal, "building": request.building_id,
                                 "household": request.household_id})
        log.info("report %s unit=%s period=%s reveal=%s by=%s", request.name, unit.code, request.period,
                 request.reveal, request.printed_by or "-")

    # -- data ---------------------------------------------------------------------------------------
    def prepare(self, request: ReportRequest,
                progress: Progress = NULL_PROGRESS
                ) -> (RosterData | HouseholdCardsData | VisitsData | SmallProjectsData | AssessmentData
                    | EventsData | PartyNetworkData | PartyCentresData | MonthlyData | ListedData):
        info = self.info(request.name)
        if info.name in YEARLY:  # a visit rate is also asked for a whole year (the rule is twice a year)
            from .visits import parse_period as visit_period

            period_start, period_end = visit_period(request.period)
        elif info.name == "assessment":  # a year, a quarter or a month
            from .assessment import parse_period as assessment_period

            _kind, period_start, period_end = assessment_period(request.period)
        else:
            period_start, period_end = parse_period(request.period)
        whole_year = (period_start.month, period_end.month) == (1, 12) and period_start.day == 1
        if request.household_id is not None and info.name != "household_card":
            raise ValidationError("只有户卡可以按户打印。", field="户")
        unit = self._authorize(request)
        progress.step(0, 1, "正在读取数据")
        header = ReportHeader(
            title=info.title, unit_code=unit.code, unit_full_name=self._full_name(unit.code),
            period=f"{period_end:%Y}年" if whole_year else f"{period_end:%Y}年{period_end:%m}月", printed_by=request.printed_by or "—",
            printed_at=dt.datetime.now(CHINA_TIME).strftime("%Y-%m-%d %H:%M"), revealed=request.reveal)
        if info.name == "roster":
            return self._roster(request, unit, header, period_end, progress)
        if info.name == "visits":
            return self._visits(unit, header, request.period)
        if info.name == "small_projects":
            return self._small_projects(unit, header, period_start, period_end)
        if info.name == "assessment":
            return self._assessment(unit, header, request)
        if info.name == "events":
            return self._events(unit, header, period_start, period_end)
        if info.name == "party_network":
            return self._party_network(unit, header)
        if info.name == "party_centres":
            return self._party_centres(unit, header)
        if info.name in LISTED:
            return self._listed(info.name, unit, header, period_start, period_end)
        if info.name == "monthly":
            from .indicators import IndicatorService

            return IndicatorService(self.db, self.principal).monthly(unit.code, request.period, header,
                                                                     filled_by=request.printed_by or "")
        return self._household_cards(request, unit, header, period_end, progress)

    def _listed(self, name: str, unit: UnitInfo, header: ReportHeader, start: dt.date, end: dt.date) -> ListedData:
        """网格事务准入清单, 网格任务完成情况, 矛盾纠纷台账及化解情况 (services.listed_reports)."""
        from .listed_reports import ListedReports

        reports = ListedReports(self.db, self.principal)
        if name == "affairs":
            return reports.affairs(unit.code, header, end)
        if name == "tasks":
            return reports.tasks(unit.code, header, start, end)
        return reports.disputes(unit.code, header, start, end)

    def _full_name(self, code: str) -> str:
        chain = [code]
        while (parent := parent_code(chain[-1])) is not None:
            chain.append(parent)
        with self.db.read() as s:
            names = dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(
                OrgUnit.code.in_(chain), OrgUnit.deleted.is_(False))).all())
        return "".join(names[c] for c in reversed(chain) if c in names)

    def _grid_names(self, s, code: str) -> dict[str, str]:
        return dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.code.startswith(code), OrgUnit.deleted.is_(False))).all())

    def _check_building(self, s, building_id: str, unit: UnitInfo) -> Building:
        return self._live(s, Building, building_id, "楼栋", within=unit.code)

    def _tags(self, s, unit_code: str) -> dict[str, str]:
        """Each resident's live tags in the unit, as the user may see them (special groups need the
        sensitive permission), in the care-tag list's order."""
        rows = s.execute(select(ResidentTag.resident_id, ResidentTag.tag).where(
            ResidentTag.unit_code.startswith(unit_code), ResidentTag.deleted.is_(False))).all()
        by_resident: dict[str, list[str]] = {}
        for rid, tag in rows:
            by_resident.setdefault(rid, []).append(tag)
        order = {t: i for i, t in enumerate(codes.CARE_TAGS)}
        return {rid: "、".join(sorted(visible_tags(self.principal, ts), key=lambda t: (order.get(t, 99), t)))
                for rid, ts in by_resident.items()}

    def _mask(self, request: ReportRequest, id_number: str | None, phone: str | None) -> tuple[str, str]:
        if request.reveal:
            return id_number or "", phone or ""
        return mask_id(id_number), mask_phone(phone)

    def _roster(self, request: ReportRequest, unit: UnitInfo, header: ReportHeader, on: dt.date,
                progress: Progress) -> RosterData:
        """Residents on the register at the end of the period: active ones, and those who moved out or died
        after it. (Move-in dates are not recorded, so people registered after the period are included.)"""
        live_household = and_(Household.id == Resident.household_id, Household.deleted.is_(False))
        live_building = and_(Building.id == Household.building_id, Building.deleted.is_(False))
        q = (select(Resident.unit_code, Resident.household_id, Resident.name, Resident.relation_to_head,
                    Resident.gender, Resident.birth_date, Resident.id_number, Resident.phone,
                    Resident.resident_type, Household.household_no, Household.room, Building.id, Building.name,
                    Resident.id)
             .outerjoin(Household, live_household).outerjoin(Building, live_building)
             .where(Resident.unit_code.startswith(unit.code), Resident.deleted.is_(False),
                    or_(Resident.status == "active", Resident.status_date > on)))
        scope_note = ""
        with self.db.read() as s:
            if request.building_id is not None:
                building = self._check_building(s, request.building_id, unit)
                q = q.where(Household.building_id == building.id)
                scope_note = building.name
            names = self._grid_names(s, unit.code)
            rows = s.execute(q).all()
            tags = self._tags(s, unit.code)
        progress.step(0, 1, f"已读取 {len(rows)} 人")

        # grid → building → household → members, in door-to-door order
        tree: dict[str, dict[tuple, dict[tuple, list]]] = {}
        for r in rows:
            (grid, hid, name, rel, gender, born, idn, phone, rtype, hno, room, bid, bname, _rid) = r
            bkey = (_natural(bname) if bid else ((2, 0, ""),), bid or "", bname or NO_BUILDING)
            hkey = (_natural(room) if hid else ((2, 0, ""),), _natural(hno), hid or "", hno or "", room or "")
            tree.setdefault(grid, {}).setdefault(bkey, {}).setdefault(hkey, []).append(r)
        grids = []
        for grid in sorted(tree):
            buildings = []
            for bkey in sorted(tree[grid]):
                households = []
                for hkey in sorted(tree[grid][bkey]):
                    members = sorted(tree[grid][bkey][hkey], key=lambda r: _member_key(r[3], r[5]))
                    out = []
                    for (_g, _h, name, rel, gender, born, idn, phone, rtype, *_rest, rid) in members:
                        idn, phone = self._mask(request, idn, phone)
                        out.append(RosterRow(name, codes.label("relation", rel), codes.label("gender", gender),
                                             _age(born, on, request.reveal), idn, phone, codes.label("resident_type", rtype),
                                             tags.get(rid, "")))
                    hid, hno, room = hkey[2], hkey[3], hkey[4]
                    households.append(RosterHousehold(hno if hid else NO_HOUSEHOLD, room, out))
                buildings.append(RosterBuilding(bkey[2], households))
            grids.append(RosterGrid(grid, names.get(grid, grid), buildings))
        return RosterData(header, grids, scope_note)

    def _visits(self, unit: UnitInfo, header: ReportHeader, period: str) -> VisitsData:
        """入户走访情况 of one month: coverage per grid and community, then the households not visited."""
        from .visits import VisitService
        from .visits import parse_period as visit_period

        start, end = visit_period(period)
        svc = VisitService(self.db, self.principal)
        cov = svc.coverage(unit.code, start, end)
        unvisited = svc.not_visited(unit.code, start, end)
        visits = svc.count(unit.code, start, end)
        names = {g.code: g.name for g in cov.grids}
        lines = [VisitCoverageLine(r.code, r.name, r.households, r.visited, r.rate_text, r.met, kind)
                 for rows, kind in ((cov.grids, "grid"), (cov.communities, "community")) for r in rows]
        if unit.level.value != "grid":
            t = cov.total
            lines.append(VisitCoverageLine(t.code, f"{t.name}合计", t.households, t.visited, t.rate_text, t.met,
                                           "total"))
        return VisitsData(header, f"{start}", f"{end}", f"{cov.target:.0%}", lines,
                          [UnvisitedHousehold(names.get(g, g), address, head or "") for _h, g, address, head in unvisited],
                          visits)

    def _party_network(self, unit: UnitInfo, header: ReportHeader) -> PartyNetworkData:
        """党建网格化组织体系 of the unit: the organisations above and in it, grouped by community."""
        from .party import PartyService

        svc = PartyService(self.db, self.principal.unit_code if self.principal.is_system else self.principal)
        svc.principal.require_scope(unit.code, "单位")
        svc.scope = unit.code  # narrowed to the unit printed (inside the user's scope: checked above)
        orgs = [o for o in svc.orgs() if is_within(o.unit_code, unit.code) or unit.code.startswith(o.unit_code)]
        # grouped by community: the organisations above the communities first, then each community's own 党委 with
        # its grids' branches and groups under one heading (a stable sort keeps the levels' order within it)
        orgs.sort(key=lambda o: o.unit_code[:COMMUNITY_CODE_LENGTH] if len(o.unit_code) >= COMMUNITY_CODE_LENGTH
                  else "")
        centres = svc.centres(unit.code)
        per_org = Counter(c.group_id for c in centres)
        report = svc.check()
        levels = {"town": "街道", "community": "社区", "grid": "网格"}
        lines: list[PartyNetworkLine] = []
        community = None
        for o in orgs:
            code = o.unit_code[:12] if len(o.unit_code) >= 12 else None
            if code and code != community:
                community = code
                lines.append(PartyNetworkLine("community", "", self._full_name(code), code, "", "", ""))
            level = "楼栋" if o.building_id else levels.get(level_of(o.unit_code).value, "")
            where = f"{o.unit_name} {o.building_name}".strip()
            lines.append(PartyNetworkLine("org", level, o.name, where, o.secretary_name or "未设",
                                          "—" if o.members is None else str(o.members),
                                          str(per_org.get(o.id, 0)) if per_org.get(o.id) else ""))
        counts = Counter(i.rule for i in report.items)
        summary = [f"党组织 {len(orgs)} 个，党员中心户 {len(centres)} 个；党员联系覆盖 {report.covered}/{report.households} 户"
                   f"（{report.coverage:.0%}）。"]
        summary += [f"{rule}：{n} 项" for rule, n in counts.items()] or ["检查未发现问题。"]
        return PartyNetworkData(header, lines, summary)

    def _party_centres(self, unit: UnitInfo, header: ReportHeader) -> PartyCentresData:
        """党员中心户联系户名册 of the unit."""
        from .party import PartyService

        svc = PartyService(self.db, self.principal.unit_code if self.principal.is_system else self.principal)
        svc.principal.require_scope(unit.code, "单位")
        names = self._grid_names_all(unit.code)
        if len(unit.code) < COMMUNITY_CODE_LENGTH:  # grids of several communities: each with its community
            with self.db.read() as s:
                names = labels_of(s, names)
        entries = [PartyCentreEntry(names.get(c.unit_code, c.unit_code), c.address, c.member_name, c.group_name,
                                    [(x.address, x.head) for x in svc.centre_links(c.id)])
                   for c in svc.centres(unit.code)]
        return PartyCentresData(header, entries)

    def _grid_names_all(self, code: str) -> dict[str, str]:
        with self.db.read() as s:
            return dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(
                OrgUnit.code.startswith(code), OrgUnit.deleted.is_(False))).tuples().all())

    def _small_projects(self, unit: UnitInfo, header: ReportHeader, start: dt.date,
                        end: dt.date) -> SmallProjectsData:
        """八小工程开展情况: the summary per unit and kind, then the records of the period, oldest first."""
        from .projects import KINDS, SmallProjectService

        svc = SmallProjectService(self.db, self.principal)
        m = svc.summary(unit.code, (start, end))
        records = svc.list_projects(unit.code, date_from=start, date_to=end, limit=100_000)

        def line(r, kind: str) -> ProjectSummaryLine:
            return ProjectSummaryLine(r.code, r.name, tuple(r.counts[k] for k in KINDS), r.total, r.participants,
                                      r.served, r.hazards_found, r.hazards_fixed, kind)

        lines = [line(r, "unit") for r in m.rows] + [line(m.total, "total")]
        rows = [ProjectRecordLine(f"{v.held_on}", v.unit_name, v.kind_label, v.title, v.responsible,
                                  "—" if v.participants is None else str(v.participants),
                                  "；".join(f"{label} {text}" for label, text in v.details()))
                for v in sorted(records, key=lambda v: (v.held_on, v.unit_code, v.recorded_at))]
        return SmallProjectsData(header, f"{start}", f"{end}", [codes.SMALL_PROJECT_KIND[k] for k in KINDS], lines,
                                 rows)
    def _assessment(self, unit: UnitInfo, header: ReportHeader, request: ReportRequest) -> AssessmentData:
        """The unit's scheme of the period (for a month or quarter with no scheme of its own: the quarter's,
        then the year's); its latest published version, or the draft computed now."""
        from .assessment import SOURCE_HELP, AssessmentService

        svc = AssessmentService(self.db, self.principal)
        if request.scheme_id:
            view = svc.get(request.scheme_id)
            if view.unit_code != unit.code:
                raise ValidationError(f"考核方案“{view.name}”不属于单位 {unit.code}。", field="考核方案")
        else:
            p = request.period.strip()
            tries = [p]
            if len(p) == 7 and p[4] == "-" and p[5:].isdigit():
                tries += [f"{p[:4]}-Q{(int(p[5:]) - 1) // 3 + 1}", p[:4]]
            elif "Q" in p:
                tries.append(p[:4])
            view = None
            for period in tries:
                own = [v for v in svc.schemes(period) if v.unit_code == unit.code]
                if own:
                    view = sorted(own, key=lambda v: v.target_level != "grid")[0]
                    break
            if view is None:
                raise NotFound(f"单位 {unit.name} 在 {request.period} 没有考核方案。", field="考核方案")
        m = svc.result(view.id) if view.versions else svc.rank(view.id)
        header = replace(header, period=m.scheme.period if "Q" in m.scheme.period or len(m.scheme.period) == 7
                         else f"{m.scheme.period}年")
        status = (f"第 {m.version} 版，{m.published_on} 由{m.published_by}发布" if m.version
                  else f"草稿（未发布），按 {m.as_of} 的数据计算")
        inds = list(m.scheme.indicators)
        lines = []
        for r in m.rows:
            remark = []
            if r.repeat:
                remark.append(f"连续 {m.scheme.rule.repeat_periods} 期{codes.REPEAT_BAND[m.scheme.rule.repeat_band]}")
            if r.incident:
                remark.append(f"重大问题：{r.incident_note or ''}")
            if r.missing:
                remark.append("未评：" + "、".join(r.missing))
            scores = ["—" if (c := r.cell(i.key)) is None or c.score is None else f"{c.score:g}" for i in inds]
            lines.append(AssessmentLine(
                r.rank, r.code, r.name, "无数据" if r.unranked else f"{r.total:g}", scores, list(r.outcomes),
                "、".join(r.outcome_labels) + ("（负面清单）" if r.negative_list else ""),
                "、".join(f"{c} {codes.POLICY_KIND[c] if o != 'key_management' else '重点管理'}"
                         for o, c in zip(r.outcomes, r.policy_codes, strict=True)), "；".join(remark)))
        return AssessmentData(
            header, m.scheme.name, m.scheme.period, m.scheme.target_label, f"{m.scheme.max_total:g}", status,
            m.scheme.rule.describe(),
            [AssessmentIndicatorInfo(i.name, f"{i.max:g}", i.source_label, SOURCE_HELP.get(i.source, "")) for i in inds],
            lines, [n for n in m.notes if not n.startswith("排名规则")] + ([f"发布说明：{m.note}"] if m.note else []),
            draft=not m.version)

    def _events(self, unit: UnitInfo, header: ReportHeader, start: dt.date, end: dt.date) -> EventsData:
        """事件办理情况: the events found in the period, per child unit (the unit itself for a grid) and per class,
        with the total; then the ledger of those events, oldest first."""
        from gridapp.domain import events as rules

        from .events import EventService

        svc = EventService(self.db, self.principal)
        with self.db.read() as s:
            names = self._grid_names(s, unit.code)
            # the ledger's grids with their community in front where grids of several communities appear
            ledger_names = labels_of(s, names) if len(unit.code) < COMMUNITY_CODE_LENGTH else names
        children = sorted(c for c in names if c != unit.code and parent_code(c) == unit.code)

        def child(code: str, _cls: str) -> str:
            return next((c for c in children if code.startswith(c)), unit.code)

        by_unit = svc.summaries(start, end, unit.code, child)
        by_class = svc.summaries(start, end, unit.code, lambda _u, cls: cls)
        total = svc.summary(start, end, unit.code)

        def pct(rate: float | None) -> str:
            return "—" if rate is None else f"{rate:.1%}"

        def line(m, code: str, name: str, kind: str) -> EventSummaryLine:
            closed = m.by_status.get(rules.STATUS["closed"], 0)
            return EventSummaryLine(code, name, m.total, closed, m.total - closed, m.overdue, m.handled, m.on_time,
                                    pct(m.on_time_rate), m.petitions_decided, m.first_handling_closed,
                                    pct(m.first_handling_closure_rate), m.called_back, m.satisfied,
                                    pct(m.satisfaction_rate), kind)

        units = [line(by_unit[c], c, names.get(c, c), "unit") for c in [*children, unit.code] if c in by_unit]
        # the classes as the unit's offices named them, in the table's order (retired ones too: old events)
        table = svc.class_table(unit.code)
        classes = [line(by_class[e.code], e.code, table.label(e.code), "class") for e in table.entries()
                   if e.parent is None and e.code in by_class]
        total_line = line(total, unit.code, "合计", "total")
        ids = svc.list_ids(unit_code=unit.code, found_from=start, found_to=end, sort="found", descending=False)
        timing = {"overdue": "已逾期", "soon": "即将到期", "ok": "正常", "": "—"}
        records = [EventRecordLine(r.number, f"{r.found_on}", ledger_names.get(r.unit_code, r.unit_code),
                                   r.class_label, r.title, r.source_label, r.status_label,
                                   ledger_names.get(r.holder, r.holder),
                                   ledger_names.get(r.handler or "", r.handler or "—"), f"{r.due}" if r.due else "—",
                                   timing.get(r.timing, r.timing))
                   for r in svc.rows(ids)]
        return EventsData(header, f"{start}", f"{end}", [*units, total_line], [*classes, total_line], records)

    def _household_cards(self, request: ReportRequest, unit: UnitInfo, header: ReportHeader, on: dt.date,
                         progress: Progress) -> HouseholdCardsData:
        hq = (select(Household, Building.name)
              .outerjoin(Building, and_(Building.id == Household.building_id, Building.deleted.is_(False)))
              .where(Household.unit_code.startswith(unit.code), Household.deleted.is_(False)))
        rq = select(Resident).where(Resident.deleted.is_(False), Resident.household_id.is_not(None))
        with self.db.read() as s:
            if request.household_id is not None:
                household = self._live(s, Household, request.household_id, "户", within=unit.code)
                hq = hq.where(Household.id == household.id)
                rq = rq.where(Resident.household_id == household.id)
            else:
                rq = rq.where(Resident.unit_code.startswith(unit.code))
            if request.building_id is not None:
                hq = hq.where(Household.building_id == self._check_building(s, request.building_id, unit).id)
            names = self._grid_names(s, unit.code)
            households = s.execute(hq).all()
            members: dict[str, list[Resident]] = {}
            for r in s.execute(rq).scalars():
                members.setdefault(r.household_id, []).append(r)
            tags = self._tags(s, unit.code)
            s.expunge_all()
        progress.step(0, 1, f"已读取 {len(households)} 户")

        def order(item: tuple[Household, str | None]) -> tuple:
            h, bname = item
            return (h.unit_code, _natural(bname), _natural(h.room), _natural(h.household_no), h.id)

        status_order = list(codes.RESIDENT_STATUS)
        cards = []
        for h, bname in sorted(households, key=order):
            people = sorted(members.get(h.id, []), key=lambda r: (
                status_order.index(r.status) if r.status in status_order else 9, *_member_key(
                    r.relation_to_head, r.birth_date)))
            head = next((p.name for p in people if p.relation_to_head == codes.HEAD_RELATION
                         and p.status == "active"), "")
            last = max([h.row_hlc, *(p.row_hlc for p in people)])
            out = []
            for p in people:
                idn, phone = self._mask(request, p.id_number, p.phone)
                born = f"{p.birth_date:%Y-%m-%d}" if request.reveal else f"{p.birth_date:%Y}年"
                out.append(CardMember(
                    p.name, codes.label("relation", p.relation_to_head), codes.label("gender", p.gender), born,
                    _age(p.birth_date, on, request.reveal), codes.label("ethnicity", p.ethnicity), idn, phone,
                    codes.label("resident_type", p.resident_type), codes.label("resident_status", p.status),
                    tags.get(p.id, "")))
            _, hphone = self._mask(request, None, h.phone)
            cards.append(HouseholdCard(h.household_no or "", names.get(h.unit_code, h.unit_code), bname or "",
                                       h.room or "", h.address, head, hphone, _local_date(last), out))
        return HouseholdCardsData(header, cards)
