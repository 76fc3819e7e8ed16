"""`assessment schemes|create|score|incident|rank|publish`: assessment schemes, scores, rankings."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from gridapp.cli.context import EXIT_OK, Context, UsageError, subcommands
from gridapp.cli.options import arg, command, lister, need, period, record_id

SCHEME = record_id("方案 id", "scheme")


def register(sub: Any) -> None:
    assess = sub.add_parser("assessment", help="考核：方案、评分、排名（标杆/通报/重点管理/挂牌督办）、发布")
    asub = subcommands(assess, "assessment_command")
    target = need("--target", "被考核单位编码（网格员填其网格编码）")
    command(asub, "schemes", "列出考核方案（本单位及下级的；上级的只列已发布的）", schemes,
            period("只列该考核期：2026、2026-Q1 或 2026-03"))
    command(asub, "create", "为本单位建立考核方案（默认指标和本层级的默认排名规则，之后可在界面中修改）", create,
            need("--name", "方案名称"), need("--period", "考核期：年 2026；网格员也可按季度 2026-Q1 或按月 2026-03"),
            need("--level", "被考核层级：grid 网格员 / community 村社区 / town 镇街 / district 区县",
                 choices=["grid", "community", "town", "district"]),
            arg("--top", type=int, help="前 N 名为标杆（默认按层级）"),
            arg("--bottom", type=int, help="后 M 名通报（默认按层级）"))
    command(asub, "score", "录入一项人工评分（0 到该指标分值）", score, SCHEME, target,
            need("--indicator", "指标代号或名称"), need("--score", "得分", type=float))
    command(asub, "rank", "排名：总分、名次和结果（默认按当前数据计算草稿；--published 看已发布的结果）", rank, SCHEME,
            arg("--published", action="store_true", help="已发布的结果（默认最新版本）"),
            arg("--result-version", type=int, dest="result_version", help="已发布结果的版本号（默认最新）"))
    command(asub, "standing", "考核排名：本单位最新发布的对下级的排名（区县看各镇街，含计入的下级考核成绩）", standing,
            period("考核期：2026、2026-Q1 或 2026-03（默认最近一个有发布结果的考核期）"))
    asi = command(asub, "incident", "标记（或 --clear 取消）被考核单位本期发生重大问题（须写明问题说明）", incident,
                  SCHEME, target)
    mark = asi.add_mutually_exclusive_group(required=True)
    mark.add_argument("--note", help="问题说明")
    mark.add_argument("--clear", action="store_true", help="取消标记")
    command(asub, "publish", "发布当前排名（发布后冻结；再次发布为新版本）", publish, SCHEME,
            arg("--note", help="发布说明"))



def _ranking_text(m: Any) -> str:
    v = m.scheme
    head = (f"{v.unit_name} {v.name}（{v.period}，{v.target_label}，满分 {v.max_total:g}）"
            + (f" 第 {m.version} 版，{m.published_on} 由{m.published_by}发布" if m.version else f" 草稿，按 {m.as_of} 的数据"))
    lines = [head, "名次\t编码\t名称\t总分\t" + "\t".join(i.name for i in v.indicators) + "\t结果"]
    for r in m.rows:
        cells = ["—" if (c := r.cell(i.key)) is None or c.score is None else f"{c.score:g}" for i in v.indicators]
        result = "、".join(r.outcome_labels) + ("（负面清单）" if r.negative_list else "")
        total = "无数据" if r.unranked else f"{r.total:g}"
        lines.append(f"{r.rank_label}\t{r.code}\t{r.name}\t{total}\t" + "\t".join(cells) + f"\t{result or '—'}")
    return "\n".join(lines + m.notes)


schemes = lister(lambda s, a: s.assessment().schemes(a.period), "schemes",
                 lambda v: f"{v.id}\t{v.period}\t{v.unit_name}\t{v.name}\t考核{v.target_label}\t已发布 {v.versions} 版",
                 "没有考核方案。")


def create(ctx: Context) -> int:
    from gridapp.services.assessment import SchemeInput, default_indicators, default_rule

    args = ctx.args
    rule = default_rule(args.level)
    if args.top is not None:
        rule = replace(rule, top_n=args.top)
    if args.bottom is not None:
        rule = replace(rule, bottom_n=args.bottom)
    with ctx.session() as session:
        svc = session.assessment()
        v = svc.get(svc.create_scheme(SchemeInput(args.name, args.period, args.level, default_indicators(args.level),
                                                  rule)))
        ctx.out(v.as_dict(), f"已建立考核方案：{v.name}（{v.period}，考核{v.target_label}）\nid {v.id}\n"
                             f"规则：{v.rule.describe()}")
    return EXIT_OK


def score(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        svc = session.assessment()
        svc.set_score(args.scheme, args.target, args.indicator, args.score)
        v = svc.get(args.scheme)
        ind = v.indicator(args.indicator)
        ctx.out({"scheme": v.id, "target": args.target, "indicator": ind.key, "name": ind.name,
                 "score": round(args.score, 1)},
                f"已评分：{args.target} {ind.name} {round(args.score, 1):g}/{ind.max:g}")
    return EXIT_OK


def incident(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        svc = session.assessment()
        svc.set_incident(args.scheme, args.target, not args.clear, args.note)
        m = svc.rank(args.scheme)
        row = next((r for r in m.rows if r.code == args.target), None)
        ctx.out({"scheme": args.scheme, "target": args.target, "flagged": not args.clear,
                 "note": args.note, "outcomes": list(row.outcomes) if row else []},
                (f"已取消重大问题标记：{args.target}" if args.clear else f"已标记重大问题：{args.target}（{args.note}）")
                + (f"；草稿结果：{'、'.join(row.outcome_labels) or '无'}" if row else ""))
    return EXIT_OK


def rank(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        svc = session.assessment()
        if args.result_version is not None and not args.published:
            raise UsageError("--result-version 只与 --published 一起使用")
        m = svc.result(args.scheme, args.result_version) if args.published else svc.rank(args.scheme)
        ctx.out(m.as_dict(), _ranking_text(m))
    return EXIT_OK


def standing(ctx: Context) -> int:
    with ctx.session() as session:
        m = session.assessment().standing(ctx.args.period)
        if m is None:
            ctx.out({"ranking": None}, "本单位还没有已发布的考核排名" + (f"（{ctx.args.period}）" if ctx.args.period
                                                                else "") + "。")
        else:
            ctx.out({"ranking": m.as_dict()}, _ranking_text(m))
    return EXIT_OK


def publish(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        svc = session.assessment()
        version = svc.publish(args.scheme, args.note)
        m = svc.result(args.scheme, version)
        ctx.out(m.as_dict(), f"已发布第 {version} 版：\n{_ranking_text(m)}")
    return EXIT_OK
