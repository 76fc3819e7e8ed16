"""`indicators`, `police-force set|list`, `cases set|list`, `survey add|list`: the plan's indicators against their
targets for a unit and period (and each unit below), and the figures they need that the app did not hold."""

from __future__ import annotations

from typing import Any

from gridapp.cli.context import EXIT_OK, Context, subcommands
from gridapp.cli.options import arg, command, lister, need, period, saver, unit
from gridapp.domain.indicators import STATUS_LABELS, STATUS_MARKS


def register(sub: Any) -> None:
    command(sub, "indicators", "指标：走访率、一次性办结率、满意度、命案发案率、警力占比、网格员配备，对照目标", indicators,
            unit(), period("统计期：年 YYYY、季度 YYYY-Q1 或 年-月 YYYY-MM（默认本月）"),
            arg("--list", dest="list_key", metavar="KEY",
                help="列出某指标背后的明细（visit_rate、first_handling、satisfaction、homicide_rate、"
                     "station_force、community_force、grid_staffed）"))
    year = arg("--year", type=int, help="年度")
    note = arg("--note", help="备注")

    pf = sub.add_parser("police-force", help="警力情况：县（区）警力总数、派出所警力、社区民警、警务室、进两委")
    ps = subcommands(pf, "police_force_command")
    command(ps, "set", "填写（或更正）某单位某年度的警力", force_set, need("--unit", "区县（全县警力）或镇街（派出所）编码"),
            need("--year", "年度 YYYY"), need("--total", "警力总数（区县：全县警力；镇街：派出所警力）"),
            arg("--community-police", default="0", help="社区民警人数（镇街）"),
            arg("--posts", default="0", help="警务室/警务工作站数（镇街）"),
            arg("--in-committees", default="0", help="进社区两委的社区民警人数（镇街）"), note)
    command(ps, "list", "警力情况列表", force_list, unit(), year)

    cs = sub.add_parser("cases", help="命案情况（区县综治中心录入）：每十万人命案发案率")
    css = subcommands(cs, "cases_command")
    command(css, "set", "填写（或更正）某区县某年度的命案数", cases_set, need("--unit", "区县编码"),
            need("--year", "年度 YYYY"), need("--cases", "命案数"),
            arg("--population", help="常住人口（不填则按在册居民数）"), note)
    command(css, "list", "命案情况列表", cases_list, unit(), year)

    sv = sub.add_parser("survey", help="满意度调查（综治中心录入）：样本数、满意人数、来源")
    svs = subcommands(sv, "survey_command")
    command(svs, "add", "登记一次满意度调查的结果", survey_add, need("--unit", "调查所属单位编码"),
            need("--date", "调查日期 YYYY-MM-DD"), need("--asked", "调查样本数"),
            need("--satisfied", "满意人数（含基本满意）"), need("--source", "调查来源，如：统计局电话调查"))
    command(svs, "list", "满意度调查列表", survey_list, unit(), period("统计期（年、季度或月）"))


def indicators(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        svc = session.indicators()
        if args.list_key:
            from gridapp.domain.indicators import BY_KEY
            if args.list_key not in BY_KEY:
                from gridapp.cli.context import UsageError
                raise UsageError(f"没有指标“{args.list_key}”；可选：{'、'.join(BY_KEY)}")
            show_items(ctx, svc.items(args.list_key, args.unit, args.period))
            return EXIT_OK
        show_dashboard(ctx, svc.compute(args.unit, args.period))
    return EXIT_OK


def show_items(ctx: Context, items: Any) -> None:
    """The list behind a figure (services.indicators.ItemList), as text or JSON (also `hub indicators --list`)."""
    rows = [{"id": i, "cells": list(r)} for i, r in zip(items.ids, items.rows, strict=True)]
    ctx.out({"indicator": items.indicator, "title": items.title, "columns": list(items.columns),
             "count": len(items.ids), "items": rows},
            "\n".join([f"{items.title}：{len(items.ids)} 条", "\t".join(items.columns),
                       *("\t".join(r) for r in items.rows)]))


def show_dashboard(ctx: Context, d: Any) -> None:
    """Every indicator for a unit and the units below (services.indicators.Dashboard), as text or JSON."""
    lines = [f"{d.unit_name}（{d.unit_code}）指标 {d.period.key}"]
    for r in d.results:
        i, t = r.indicator, r.total
        lines.append(f"  {STATUS_MARKS[t.status]} {i.name}\t{i.shown(t.value)}\t目标 {i.target_text}\t"
                     f"{STATUS_LABELS[t.status]}\t（{_n(t.numerator)}/{_n(t.denominator)}，{r.period.key}）")
        for f in r.below:
            lines.append(f"      {f.rank or '—'}. {f.unit_name}\t{i.shown(f.value)}\t{STATUS_LABELS[f.status]}"
                         f"\t（{_n(f.numerator)}/{_n(f.denominator)}）")
    ctx.out(d.as_dict(), "\n".join(lines))


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


force_set = saver(lambda s, a: s.indicators().set_police_force(
    a.unit, a.year, a.total, community_police=a.community_police, posts=a.posts, in_committees=a.in_committees,
    note=a.note), lambda a: f"已保存 {a.unit} {a.year} 年警力：总数 {a.total}，社区民警 {a.community_police}")


force_list = lister(lambda s, a: s.indicators().police_forces(a.unit, a.year), "police_force",
                    lambda r: f"{r.year}\t{r.unit_code}\t{r.unit_name}\t警力 {r.total}\t社区民警 {r.community_police}\t"
                              f"警务室 {r.posts}\t进两委 {r.in_committees}", "没有警力记录。")


cases_set = saver(lambda s, a: s.indicators().set_cases(a.unit, a.year, a.cases, population=a.population,
                                                      note=a.note),
                  lambda a: f"已保存 {a.unit} {a.year} 年命案数 {a.cases}")


cases_list = lister(lambda s, a: s.indicators().cases(a.unit, a.year), "cases",
                    lambda r: f"{r.year}\t{r.unit_code}\t{r.unit_name}\t命案 {r.cases}\t常住人口 "
                              f"{r.population if r.population is not None else '按在册居民'}", "没有命案记录。")


survey_add = saver(lambda s, a: s.indicators().add_survey(a.unit, a.date, a.asked, a.satisfied, a.source),
                   lambda a: f"已登记满意度调查：{a.unit} {a.date} 满意 {a.satisfied}/{a.asked}（{a.source}）")


survey_list = lister(lambda s, a: s.indicators().surveys(a.unit, a.period), "surveys",
                     lambda r: f"{r.taken_on}\t{r.unit_code}\t{r.unit_name}\t满意 {r.satisfied}/{r.asked}\t{r.source}",
                     "没有满意度调查记录。")


