"""`projects add|correct|remove|list|summary|import|export|photo`: the eight small projects (八小工程)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gridapp.cli import ledgers, photos
from gridapp.cli.context import EXIT_OK, Context, UsageError, date_arg, json_flag, subcommands
from gridapp.cli.options import add_args, arg, command, date_range, listing, need, record_id, unit
from gridapp.config import os_user
from gridapp.core import codes

# `projects correct` options: (flag, type, ProjectInput field); `add` takes the same and --kind, --unit
FIELDS = (("--title", str, "title"), ("--date", date_arg, "held_on"), ("--content", str, "content"),
          ("--responsible", str, "responsible"), ("--place", str, "place"), ("--participants", int, "participants"),
          ("--outcome", str, "outcome"), ("--convention-text", str, "convention_text"),
          ("--adoption", str, "adoption"), ("--meeting-form", str, "meeting_form"), ("--topic", str, "topic"),
          ("--decision", str, "decision"), ("--service-type", str, "service_type"), ("--served", int, "served"),
          ("--dispute", str, "dispute_id"), ("--hazards-found", int, "hazards_found"),
          ("--hazards-fixed", int, "hazards_fixed"), ("--person", str, "person_name"), ("--deeds", str, "deeds"),
          ("--household", str, "household_id"), ("--motto", str, "motto"))


def _dest(flag: str) -> str:
    return flag[2:].replace("-", "_")


def register(sub: Any) -> None:
    projects = sub.add_parser("projects", help="八小工程：登记、台账、统计")
    ps = subcommands(projects, "projects_command")
    psx = ledgers.register(ps, "projects", "八小工程台账（每行一条记录）", "--unit")
    add_args(psx, unit("只导出该单位（本单位范围内）的记录"),
             arg("--kind", choices=list(codes.SMALL_PROJECT_KIND), help="只导出该类别"),
             arg("--search", help="只导出查找到的记录：每个词都出现在名称、地点、内容或负责人中"),
             date_range("日期起 YYYY-MM-DD", "日期止 YYYY-MM-DD"))
    pa = ps.add_parser("add", help="登记一条八小工程记录（网格员、网格长、综治中心）")
    pa.add_argument("--kind", required=True, choices=list(codes.SMALL_PROJECT_KIND),
                    help="类别：" + " ".join(f"{k} {v}" for k, v in codes.SMALL_PROJECT_KIND.items()))
    pa.add_argument("--title", required=True, help="名称")
    pa.add_argument("--date", required=True, type=date_arg, help="日期 YYYY-MM-DD（举办、通过或开展的日期）")
    pa.add_argument("--content", required=True, help="内容")
    pa.add_argument("--responsible", required=True, help="负责人（姓名）")
    pa.add_argument("--unit", help="所属网格或村（社区）编码（本单位是网格或社区时可省略）")
    pa.add_argument("--place", help="地点")
    pa.add_argument("--participants", type=int, help="参与人数（小公约、小民主、小服务、小平安必填）")
    pa.add_argument("--outcome", help="成效")
    pa.add_argument("--convention-text", help="小公约：公约内容")
    pa.add_argument("--adoption", help="小公约：通过方式，如 村民会议表决")
    pa.add_argument("--meeting-form", help="小民主：议事形式代码 " + " ".join(
        f"{k} {v}" for k, v in codes.SMALL_PROJECT_MEETING_FORM.items()))
    pa.add_argument("--topic", help="小民主：议题")
    pa.add_argument("--decision", help="小民主：议定事项")
    pa.add_argument("--service-type", help="小服务：服务类型代码 " + " ".join(
        f"{k} {v}" for k, v in codes.SMALL_PROJECT_SERVICE_TYPE.items()))
    pa.add_argument("--served", type=int, help="小服务：服务人数")
    pa.add_argument("--dispute", help="小调解：关联的矛盾纠纷 id（可选，须为同一网格的纠纷）")
    pa.add_argument("--hazards-found", type=int, help="小平安：发现隐患数")
    pa.add_argument("--hazards-fixed", type=int, help="小平安：整改隐患数")
    pa.add_argument("--person", help="小乡贤、小名人：姓名（不填身份证号）")
    pa.add_argument("--deeds", help="小乡贤、小名人：事迹")
    pa.add_argument("--household", help="小家训：关联户 id（可选）")
    pa.add_argument("--motto", help="小家训：家训内容")
    json_flag(pa)
    pa.set_defaults(func=add)
    command(ps, "correct", "更正一条八小工程记录：登记新版本取代原记录（类别和所属单位不变；未给出的项不变）", correct,
            record_id("要更正的记录 id"),
            [arg(flag, type=kind, help="见 projects add 的同名项（不填则不变）") for flag, kind, _field in FIELDS])
    command(ps, "remove", "删除一条误登记的八小工程记录（写明原因；留痕，不物理删除）", remove, record_id("记录 id"),
            need("--reason", "删除原因"))
    command(ps, "list", "八小工程台账（日期新的在前，只列当前版本）", list_, unit(),
            arg("--kind", choices=list(codes.SMALL_PROJECT_KIND), help="只列某一类别"), date_range(),
            arg("--year", type=int, help="统计年度（与 --from/--to 二选一）"))
    command(ps, "summary", "统计：各单位、各类别的件数，参与人次，服务人数，隐患发现和整改数", summary, unit(), date_range(),
            arg("--year", type=int, help="统计年度（与 --from/--to 二选一；默认本年）"))
    photos.register(ps, "projects", "八小工程记录", "projects")


def _line(v: Any) -> str:
    extra = "，".join(f"{label} {text}" for label, text in v.details() if len(text) <= 30)
    people = "" if v.participants is None else f"\t{v.participants}人"
    return f"{v.held_on}\t{v.kind_label}\t{v.unit_name}\t{v.title}{people}\t负责人 {v.responsible}" + (
        f"\t{extra}" if extra else "")


def _period(ctx: Context, *, default_year: bool) -> tuple[dt.date | None, dt.date | None]:
    args = ctx.args
    if args.year is not None and (args.date_from or args.date_to):
        raise UsageError("--year 与 --from/--to 只能选一种")
    if args.year is not None:
        if not 2000 <= args.year <= 2100:
            raise UsageError(f"年度 {args.year} 不合理")
        return dt.date(args.year, 1, 1), dt.date(args.year, 12, 31)
    start, end = args.date_from, args.date_to
    if start and end and end < start:
        raise UsageError(f"截止日期 {end} 早于起始日期 {start}")
    if default_year and start is None and end is None:
        from gridapp.domain import clock

        year = clock.today().year
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return start, end


def add(ctx: Context) -> int:
    from gridapp.services.projects import ProjectInput

    args = ctx.args
    given = {field: getattr(args, _dest(flag)) for flag, _kind, field in FIELDS}
    with ctx.session() as session:
        svc = session.projects()
        v = svc.get(svc.record(ProjectInput(kind=args.kind, unit_code=args.unit, **given), recorder=os_user()))
        ctx.out(v.as_dict(), f"已登记八小工程：{_line(v)}\nid {v.id}")
    return EXIT_OK


def correct(ctx: Context) -> int:
    args = ctx.args
    given = {field: value for flag, _kind, field in FIELDS if (value := getattr(args, _dest(flag))) is not None}
    with ctx.session() as session:
        svc = session.projects()
        new = svc.get(svc.patch(args.id, given, recorder=os_user()))  # the fields not given stay as they were
        ctx.out(new.as_dict(), f"已更正八小工程：{_line(new)}\n新版本 id {new.id}")
    return EXIT_OK


def remove(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        svc = session.projects()
        v = svc.get(args.id)
        svc.remove(args.id, args.reason)
        ctx.out({"id": v.id, "removed": True, "reason": args.reason},
                f"已删除八小工程记录：{v.held_on} {v.title}（原因：{args.reason}）")
    return EXIT_OK


def list_(ctx: Context) -> int:
    args = ctx.args
    start, end = _period(ctx, default_year=False)
    with ctx.session() as session:
        rows = session.projects().list_projects(args.unit, kind=args.kind, date_from=start, date_to=end)
        return listing(ctx, "projects", rows, _line, "没有八小工程记录。")


def summary(ctx: Context) -> int:
    start, end = _period(ctx, default_year=True)
    with ctx.session() as session:
        m = session.projects().summary(ctx.args.unit, (start or dt.date(2000, 1, 1), end or dt.date(2100, 12, 31)))

        def line(r: Any) -> str:
            kinds = "，".join(f"{codes.SMALL_PROJECT_KIND[k]} {n}" for k, n in r.counts.items() if n) or "—"
            return (f"{r.name}：共 {r.total} 件（{kinds}）；参与 {r.participants} 人次，服务 {r.served} 人，"
                    f"隐患发现 {r.hazards_found} 处、整改 {r.hazards_fixed} 处")

        text = [f"八小工程 {m.period_start} 至 {m.period_end}"] + [f"  {line(r)}" for r in m.rows] + [line(m.total)]
        ctx.out(m.as_dict(), "\n".join(text))
    return EXIT_OK
