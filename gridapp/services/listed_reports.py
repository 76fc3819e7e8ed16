"""The data of the reports made of tables (`ListedData`, printed by `gridapp.reports.listed`):

- 网格事务准入清单 (公示): the admitted affair items in force for the unit on the period's last day (today at the
  latest), its own and those of every unit above it, grouped by the department that asks for them;
- 网格任务完成情况: the grid tasks due in the period, per grid (named with its community): due, done, on time,
  done late, overdue and not done, not yet due; then the overdue tasks;
- 矛盾纠纷台账及化解情况: the disputes that occurred in the period (short numbers), and per unit below the
  resolution figures and the first-handling closure rate (DisputeService.summary, i.e. the shared rule
  domain.indicators.first_handling_closed) against the plan's 95 %.

Each ends with the 填报单位 / 填报人 / 审核人 / 日期 block. `ReportService.prepare` has already checked the
permission and the scope; the area services check them again on their own reads.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import select

from gridapp.core.orgcode import parent_code
from gridapp.core.permissions import Principal
from gridapp.core.reportdata import ListedData, ReportHeader, ReportTable, SignOff, TableColumn
from gridapp.db.database import Database
from gridapp.db.models import OrgUnit
from gridapp.domain import clock
from gridapp.domain.disputes import dispute_first_handling_facts
from gridapp.domain.indicators import first_handling_closed

from . import unitnames

T = TableColumn
NONE = "—"


def pct(part: int, whole: int) -> str:
    return NONE if whole == 0 else f"{part / whole * 100:.1f}%"


class ListedReports:
    def __init__(self, db: Database, principal: Principal, *, today: dt.date | None = None):
        self.db, self.principal = db, principal
        self.today = today or clock.today()

    def _sign_off(self, header: ReportHeader) -> SignOff:
        return SignOff(header.unit_full_name, header.printed_by if header.printed_by != "—" else "",
                       on=self.today.isoformat())

    def grid_names(self, scope: str) -> dict[str, str]:
        """code → "和平社区 第1网格" for the grids in `scope` (retired ones too: their records are history),
        the community in front even when the scope is one community or one grid."""
        with self.db.read() as s:
            labels = unitnames.grid_labels(s, scope, include_retired=True)
            if labels and all(" " not in v for v in labels.values()):  # one community: its name is left out
                community = unitnames.label_of(s, next(iter(labels))[:unitnames.COMMUNITY_CODE_LENGTH])
                labels = {c: f"{community} {v}" for c, v in labels.items()}
        return labels

    def _children(self, code: str) -> list[tuple[str, str]]:
        """The live units right below `code` (code, label; grids with their community), or the unit itself
        when it has none (a grid)."""
        grids = self.grid_names(code)
        with self.db.read() as s:
            rows = s.execute(select(OrgUnit.code, OrgUnit.name).where(
                OrgUnit.code.startswith(code), OrgUnit.deleted.is_(False)).order_by(OrgUnit.code)).tuples().all()
            own = unitnames.label_of(s, code)
        below = [(c, grids.get(c, n)) for c, n in rows if c != code and parent_code(c) == code]
        return below or [(code, grids.get(code, own))]

    # -- 网格事务准入清单 ---------------------------------------------------------------------------------
    def affairs(self, unit_code: str, header: ReportHeader, end: dt.date) -> ListedData:
        from .affairs import AffairService, AffairView

        on = min(end, self.today)
        # (cast: affairs.py's `-> list[...]` reads as its own `list` method to mypy)
        items = cast("list[AffairView]", AffairService(self.db, self.principal, today=lambda: self.today)
                     .in_force(unit_code, on))
        cols = (T("序号", 26, "right"), T("主管部门", 70), T("事项名称", 110), T("依据", 105), T("网格职责", 140),
                T("频次", 34, "center"), T("时限/天", 40, "right"), T("需报送资料", 95), T("准入单位", 70),
                T("有效期", 92))
        by_dept: dict[str, list] = {}
        for item in items:
            by_dept.setdefault(item.department or "（未填部门）", []).append(item)
        rows: list[tuple[str, ...]] = []
        styles: list[str] = []
        for dept in sorted(by_dept):  # grouped by department: named on the group's first line, shaded
            group = sorted(by_dept[dept], key=lambda i: (i.unit_code, i.name))
            for k, i in enumerate(group):
                valid = f"{i.in_force_from or ''} 至 {i.in_force_to or '长期'}"
                rows.append((str(len(rows) + 1), dept if k == 0 else "",
                             i.name + ("（临时）" if i.temporary else ""), i.basis or "", i.duty or "",
                             i.frequency_label if i.frequency else "", str(i.deadline_days or ""),
                             i.required_data or "", i.unit_name, valid))
                styles.append("group" if k == 0 else "")
        n = len(rows)
        per_dept = "、".join(f"{d} {len(g)} 项" for d, g in sorted(by_dept.items()))
        notes = [f"截至 {on}，在本单位生效的网格事务准入事项共 {n} 项（含上级单位准入的）" + (f"：{per_dept}。" if n else "。"),
                 "未列入本清单的事项，不得交由网格承担。公示期间如有意见，请向填报单位反映。"]
        table = ReportTable("准入清单", "网格事务准入清单（按主管部门）", cols, rows, styles,
                            "本单位没有生效的准入事项。")
        return ListedData(header, notes, [table], self._sign_off(header), landscape=True)

    # -- 网格任务完成情况 ---------------------------------------------------------------------------------
    def tasks(self, unit_code: str, header: ReportHeader, start: dt.date, end: dt.date) -> ListedData:
        from .tasks import TaskService

        tasks = [t for t in TaskService(self.db, self.principal, today=lambda: self.today).list(
            unit_code, on=self.today) if start <= t.due_date <= end]
        names = self.grid_names(unit_code)
        counts: dict[str, list[int]] = {g: [0] * 6 for g in names}  # due, done, on time, late, overdue, not due
        for t in tasks:
            row = counts.setdefault(t.unit_code, [0] * 6)
            row[0] += 1
            if t.done_on is not None:
                row[1] += 1
                row[2 if t.done_on <= t.due_date else 3] += 1
            elif t.due_date < self.today:
                row[4] += 1
            else:
                row[5] += 1
        cols = (T("网格", 150), T("应完成", 46, "right"), T("已完成", 46, "right"), T("按时完成", 50, "right"),
                T("逾期完成", 50, "right"), T("逾期未完成", 56, "right"), T("未到期", 46, "right"),
                T("完成率", 50, "right"), T("按时完成率", 58, "right"))

        def line(name: str, c: list[int]) -> tuple[str, ...]:
            return (name, *map(str, c), pct(c[1], c[0]), pct(c[2], c[0]))

        rows = [line(names.get(g, g), counts[g]) for g in sorted(counts)]
        total = [sum(c[k] for c in counts.values()) for k in range(6)]
        rows.append(line("合计", total))
        summary = ReportTable("按网格", "一、各网格任务完成情况", cols, rows, [""] * (len(rows) - 1) + ["total"],
                              "本单位没有网格。")
        late = sorted((t for t in tasks if t.done_on is None and t.due_date < self.today),
                      key=lambda t: (t.due_date, t.unit_code, t.title))
        late_cols = (T("序号", 26, "right"), T("网格", 140), T("任务", 190), T("频次", 40, "center"),
                     T("期限", 62), T("逾期天数", 50, "right"))
        late_rows: list[tuple[str, ...]] = [(str(n), names.get(t.unit_code, t.unit_code), t.title, t.frequency_label if t.frequency else "按需",
                      f"{t.due_date}", str((self.today - t.due_date).days))
                     for n, t in enumerate(late, start=1)]
        overdue = ReportTable("逾期未完成", f"二、逾期未完成的任务（{len(late_rows)} 件）", late_cols, late_rows,
                              empty="没有逾期未完成的任务。")
        notes = [f"统计期：{start} 至 {end}，期限在统计期内的任务 {len(tasks)} 件；完成情况按 {self.today} 计。",
                 "完成率 = 已完成 / 应完成；按时完成率 = 在期限当天或之前完成的 / 应完成。"]
        return ListedData(header, notes, [summary, overdue], self._sign_off(header))

    # -- 矛盾纠纷台账及化解情况 -----------------------------------------------------------------------------
    def disputes(self, unit_code: str, header: ReportHeader, start: dt.date, end: dt.date) -> ListedData:
        from .disputes import TARGET, DisputeService

        svc = DisputeService(self.db, self.principal, today=lambda: self.today)
        cols = (T("单位", 150), T("纠纷数", 44, "right"), T("已化解", 44, "right"), T("调解中", 44, "right"),
                T("已登记", 44, "right"), T("已上报", 44, "right"), T("化解率", 50, "right"), T("逾期", 40, "right"),
                T("已结", 40, "right"), T("一次性化解", 56, "right"), T("一次性化解率", 66, "right"),
                T("目标", 40, "center"))

        def line(name: str, m) -> tuple[str, ...]:
            met = m.target_met
            st = m.by_status
            return (name, str(m.total), str(m.resolved), str(st.get("mediating", 0)), str(st.get("registered", 0)),
                    str(st.get("escalated", 0)), m.pct(m.resolved_rate), str(m.overdue), str(m.handled),
                    str(m.first_handling), m.pct(m.first_handling_rate),
                    NONE if met is None else ("达标" if met else "未达标"))

        children = self._children(unit_code)
        rows = [line(name, svc.summary(code, (start, end), today=self.today)) for code, name in children]
        styles = [""] * len(rows)
        if len(children) > 1 or children[0][0] != unit_code:
            rows.append(line("合计", svc.summary(unit_code, (start, end), today=self.today)))
            styles.append("total")
        resolution = ReportTable("化解情况", "一、矛盾纠纷化解情况（按单位）", cols, rows, styles)
        names = self.grid_names(unit_code)
        found = sorted(svc.list_disputes(unit_code, date_from=start, date_to=end, today=self.today, limit=1_000_000),
                       key=lambda d: (d.occurred_on, d.number))
        led_cols = (T("序号", 26, "right"), T("编号", 74), T("网格", 110), T("发生日期", 58), T("纠纷名称", 130),
                    T("类别", 56), T("规模", 44), T("人数", 30, "right"), T("状态", 66), T("期限", 58),
                    T("化解方式", 56), T("一次性化解", 50, "center"))

        def first(d) -> str:
            """是 closed at the first handling, 否 no longer possible, 办理中 still open and possible: the shared rule."""
            verdict = first_handling_closed(dispute_first_handling_facts(
                d.status, d.success, d.resolved_on, d.escalated_on, d.deadline,
                [sv.sv_on for sv in d.supervisions], self.today))
            return "办理中" if verdict is None else ("是" if verdict else "否")

        led_rows: list[tuple[str, ...]] = [(str(n), d.short_number, names.get(d.unit_code, d.unit_code), f"{d.occurred_on}", d.name,
                     d.category_label, d.scale_label, str(d.people), d.status_label + ("（逾期）" if d.overdue else ""),
                     f"{d.deadline}", d.method or "",
                     first(d)) for n, d in enumerate(found, start=1)]
        ledger = ReportTable("纠纷台账", f"二、矛盾纠纷台账（{len(led_rows)} 件，按发生日期）", led_cols, led_rows,
                             empty="本期没有矛盾纠纷。")
        notes = [f"统计期：{start} 至 {end}，期内发生的矛盾纠纷；状态按 {self.today} 计。",
                 "化解率 = 已化解 / 纠纷数；已结 = 已化解或已上报；一次性化解率（初信初访一次性办结率）= 首次受理时在期限内"
                 f"化解成功、未上报、化解前未被督办的 / 已结，目标 ≥ {TARGET:.0%}。"]
        return ListedData(header, notes, [resolution, ledger], self._sign_off(header), landscape=True)
