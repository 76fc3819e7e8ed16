"""事件办理情况: for the events found in a period, the figures per unit and per class (events, closed, open,
overdue, on-time handling, first-handling closure of petitions, satisfaction), then 事件办理台账, the list of
those events, oldest first. A4 landscape, pre-paginated like the other reports; the same data as an .xlsx
workbook (`build_events_xlsx`). Titles and places only: no ID numbers or phones.
"""

from __future__ import annotations

import io

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import EventsData, EventSummaryLine, total_line

from .page import LANDSCAPE, Column, render_tables, table_lines

FONT_SIZE = 8.5


def _summary_cols(first: str) -> tuple[Column, ...]:
    return (Column(first, 130), Column("事件数", 44, "right"), Column("已结案", 44, "right"),
            Column("未结案", 44, "right"), Column("逾期", 40, "right"), Column("已办理", 44, "right"),
            Column("按期办理", 50, "right"), Column("按期办理率", 58, "right"), Column("初信初访", 50, "right"),
            Column("一次性化解", 56, "right"), Column("一次性化解率", 66, "right"), Column("回访", 40, "right"),
            Column("满意", 40, "right"), Column("满意率", 50, "right"))


RECORDS = (Column("序号", 30, "right"), Column("编号", 100), Column("发现日期", 60), Column("所在单位", 90),
           Column("类别", 56), Column("标题", 150), Column("来源", 70), Column("状态", 46), Column("受理单位", 80),
           Column("承办单位", 80), Column("期限", 60), Column("时限", 46))
RECORD_HEADS = tuple(c.title for c in RECORDS)


def _cells(ln: EventSummaryLine) -> tuple[str, ...]:
    return (ln.name, str(ln.total), str(ln.closed), str(ln.open), str(ln.overdue), str(ln.handled), str(ln.on_time),
            ln.on_time_rate, str(ln.petitions), str(ln.first_handling), ln.first_handling_rate, str(ln.called_back),
            str(ln.satisfied), ln.satisfaction_rate)


def _items(data: EventsData) -> list[tuple]:
    total = total_line(data.units)
    items: list[tuple] = [
        ("text", f"{data.period_text}　期内发现的事件 {total.total if total else 0} 件"
                 f"（矛盾纠纷在矛盾纠纷台账，另见矛盾调解）"),
        ("text", "按期办理率 = 办理期限内处置反馈的 / 已处置反馈的；满意率 = 满意和基本满意 / 已回访；"),
        ("text", "一次性化解率 = 首次受理单位在时限内办结、未上报、未重新办理、办理前未被督办的初信初访 / 已有结论的初信初访。"),
        ("gap",), ("head", "unit")]
    items += [("row", "unit", _cells(ln), ln.kind) for ln in data.units]
    items += [("gap",), ("head", "class")]
    items += [("row", "class", _cells(ln), ln.kind) for ln in data.classes]
    items += [("gap",), ("text", f"事件办理台账：{len(data.records)} 件")]
    items += table_lines("rec", [("row", "rec", (str(i), r.number, r.found_on, r.unit_name, r.class_label, r.title,
                                                 r.source, r.status, r.holder, r.handler, r.due, r.timing), "unit")
                                 for i, r in enumerate(data.records, start=1)], "本期没有事件。")
    return items


def build_events(data: EventsData, progress: Progress = NULL_PROGRESS) -> bytes:
    """The report as PDF bytes (A4 landscape)."""
    return render_tables(data.header, LANDSCAPE, _items(data),
                         {"unit": _summary_cols("单位"), "class": _summary_cols("类别"), "rec": RECORDS},
                         font_size=FONT_SIZE, shades={"total": 0.9}, progress=progress)


def build_events_xlsx(data: EventsData) -> bytes:
    """The same report as an .xlsx workbook: 按单位, 按类别, 事件办理台账 (with the 填报单位 lines on top)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    h = data.header
    wb = Workbook()
    top = [[h.title], [f"填报单位：{h.unit_full_name}（{h.unit_code}）"],
           [data.period_text], [f"制表人：{h.printed_by}　制表时间：{h.printed_at}"], []]

    def sheet(ws, heads: tuple[str, ...], rows: list[tuple], totals: frozenset[int] | set[int] = frozenset()) -> None:
        for r in top:
            ws.append(r)
        ws["A1"].font = Font(bold=True, size=14)
        ws.append(list(heads))
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for i, row in enumerate(rows):
            ws.append([_number(v) for v in row])
            if i in totals:
                for cell in ws[ws.max_row]:
                    cell.font = Font(bold=True)
        ws.freeze_panes = ws.cell(row=len(top) + 2, column=1)
        for col, width in zip("ABCDEFGHIJKLMN", (24, 10, 10, 10, 8, 10, 10, 12, 10, 12, 14, 8, 8, 10), strict=False):
            ws.column_dimensions[col].width = width

    units = wb.active
    units.title = "按单位"
    sheet(units, tuple(c.title for c in _summary_cols("单位")), [_cells(ln) for ln in data.units],
          {i for i, ln in enumerate(data.units) if ln.kind == "total"})
    sheet(wb.create_sheet("按类别"), tuple(c.title for c in _summary_cols("类别")), [_cells(ln) for ln in data.classes],
          {i for i, ln in enumerate(data.classes) if ln.kind == "total"})
    sheet(wb.create_sheet("事件办理台账"), RECORD_HEADS,
          [(i, r.number, r.found_on, r.unit_name, r.class_label, r.title, r.source, r.status, r.holder, r.handler,
            r.due, r.timing) for i, r in enumerate(data.records, start=1)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _number(value: object) -> object:
    """Counts as numbers (a spreadsheet sums them), everything else as printed."""
    if isinstance(value, str) and value.isdigit() and len(value) < 10:
        return int(value)
    return value
