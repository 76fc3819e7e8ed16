"""党建网格 reports: 党建网格化组织体系 (the network roster by community, with the checks and the coverage) and
党员中心户联系户名册 (each 中心户 and its linked households). A4 portrait, pre-paginated like the visits report;
both also as .xlsx (`party_xlsx`). No ID numbers, no phones, no membership details beyond the counts the
printing role may see."""

from __future__ import annotations

import io
from collections.abc import Sequence

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import PartyCentresData, PartyNetworkData

from .page import PORTRAIT, Column, render_tables

FONT_SIZE = 8.5
NETWORK = (Column("层级", 40, "center"), Column("党组织", 150), Column("所在单位（楼栋）", 140),
           Column("书记（组长）", 70), Column("党员数", 45, "right"), Column("中心户", 45, "right"))
CENTRES = (Column("序号", 34, "right"), Column("联系户地址", 300), Column("户主", 80), Column("备注", 125))
TABLES: dict[str, Sequence[Column]] = {"network": NETWORK, "centres": CENTRES}


def _network_items(data: PartyNetworkData) -> list[tuple]:
    items: list[tuple] = [("text", "党支部建在网格上，党小组设在楼栋里；党员数为组织关系在该党组织的党员。"), ("gap",),
                          ("head", "network")]
    for ln in data.lines:
        if ln.kind == "community":
            items.append(("band", "network", f"{ln.name}（{ln.unit}）"))
        else:
            items.append(("row", "network", (ln.level, ln.name, ln.unit, ln.secretary, ln.members, ln.centres), None))
    if not data.lines:
        items.append(("text", "本单位尚未设立党组织。"))
    items += [("gap",), ("text", "检查与覆盖")]
    items += [("text", "　" + line) for line in data.summary]
    return items


def _centre_items(data: PartyCentresData) -> list[tuple]:
    items: list[tuple] = [("text", f"党员中心户 {len(data.centres)} 个，联系户 "
                                   f"{sum(len(c.links) for c in data.centres)} 户（每个中心户联系约 10 户）。")]
    for c in data.centres:
        items += [("gap",), ("band", "centres", f"{c.grid}　{c.address}　中心户党员：{c.member}"
                                              + (f"　{c.group}" if c.group else "")), ("head", "centres")]
        items += [("row", "centres", (str(i), addr, head or "—", ""), None)
                  for i, (addr, head) in enumerate(c.links, start=1)]
        if not c.links:
            items.append(("text", "　尚无联系户。"))
    if not data.centres:
        items.append(("text", "本单位尚无党员中心户。"))
    return items


def build_party_network(data: PartyNetworkData, progress: Progress = NULL_PROGRESS) -> bytes:
    return render_tables(data.header, PORTRAIT, _network_items(data), TABLES, font_size=FONT_SIZE, progress=progress)


def build_party_centres(data: PartyCentresData, progress: Progress = NULL_PROGRESS) -> bytes:
    return render_tables(data.header, PORTRAIT, _centre_items(data), TABLES, font_size=FONT_SIZE, progress=progress)


def party_xlsx(data: PartyNetworkData | PartyCentresData) -> bytes:
    """The same report as a workbook: one sheet, the title and unit on top, one row per line."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = data.header.title[:31]
    ws.append([data.header.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"单位：{data.header.unit_full_name}（{data.header.unit_code}）",
               f"打印人：{data.header.printed_by}", f"打印时间：{data.header.printed_at}"])
    ws.append([])
    if isinstance(data, PartyNetworkData):
        ws.append(["社区", *(c.title for c in NETWORK)])
        community = ""
        for ln in data.lines:
            if ln.kind == "community":
                community = ln.name
                continue
            ws.append([community, ln.level, ln.name, ln.unit, ln.secretary, ln.members, ln.centres])
        ws.append([])
        for line in data.summary:
            ws.append([line])
        widths = (24, 8, 26, 28, 12, 8, 8)
    else:
        ws.append(["网格", "党员中心户", "中心户党员", "所属党小组", "序号", "联系户地址", "户主"])
        for c in data.centres:
            for i, (addr, head) in enumerate(c.links or [("", "")], start=1):
                ws.append([c.grid, c.address, c.member, c.group, i if addr else "", addr, head])
        widths = (14, 36, 10, 18, 6, 36, 10)
    for col, w in zip("ABCDEFG", widths, strict=False):
        ws.column_dimensions[col].width = w
    for cell in ws[4]:
        cell.font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
