"""八小工程开展情况: the summary of the period per unit and kind (counts, participants, people served, hazards
found and fixed), then the list of the records, oldest first.

A4 landscape (eight kind columns), pre-paginated like the visits report. Names only, no ID numbers or phones.
"""

from __future__ import annotations

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import SmallProjectsData, total_line

from .page import LANDSCAPE, Column, render_tables, table_lines

FONT_SIZE = 8.5
RECORDS = (Column("序号", 32, "right"), Column("日期", 62), Column("单位", 110), Column("类别", 44),
           Column("名称", 160), Column("负责人", 56), Column("人数", 36, "right"), Column("要点", 286))


def _summary_cols(kinds: list[str]) -> tuple[Column, ...]:
    return (Column("单位", 150), *(Column(k, 40, "right") for k in kinds), Column("合计", 40, "right"),
            Column("参与人次", 54, "right"), Column("服务人数", 54, "right"), Column("发现隐患", 54, "right"),
            Column("整改隐患", 54, "right"))


# the report's lines: ("text", str) | ("gap",) | ("head", table) | ("row", table, cells, style)
def _items(data: SmallProjectsData) -> list[tuple]:
    total = total_line(data.lines)
    items: list[tuple] = [
        ("text", f"{data.period_text}　期内八小工程记录 {total.total if total else 0} 条（只计当前版本，已更正或删除的不计）"),
        ("text", "参与人次为各条记录参与人数之和；服务人数为小服务的服务对象人数；隐患为小平安发现和整改的隐患数。"),
        ("gap",), ("head", "sum")]
    for ln in data.lines:
        items.append(("row", "sum", (ln.name, *(str(n) for n in ln.counts), str(ln.total), str(ln.participants),
                                     str(ln.served), str(ln.hazards_found), str(ln.hazards_fixed)), ln.kind))
    items += [("gap",), ("text", f"记录清单：{len(data.records)} 条")]
    items += table_lines("rec", [("row", "rec", (str(i), r.held_on, r.unit_name, r.kind_label, r.title, r.responsible,
                                                 r.participants, r.details), "unit")
                                 for i, r in enumerate(data.records, start=1)], "本期没有八小工程记录。")
    return items


def build_small_projects(data: SmallProjectsData, progress: Progress = NULL_PROGRESS) -> bytes:
    """The report as PDF bytes (A4 landscape)."""
    return render_tables(data.header, LANDSCAPE, _items(data), {"sum": _summary_cols(data.kinds), "rec": RECORDS},
                         font_size=FONT_SIZE, shades={"total": 0.9}, progress=progress)
