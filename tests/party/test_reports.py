"""The two party reports: what they list, the member counts a role without the sensitive permission does not
see, and the PDFs' text (rendered and read back)."""

from __future__ import annotations

import datetime as dt

from gridapp.core.permissions import Role
from gridapp.reports import party_xlsx, render
from gridapp.services.reports import ReportRequest, ReportService

from .conftest import COMMUNITY, GRID1, TOWN, party, person


def setup_network(town):
    p = party(town.db, Role.OFFICE, TOWN)
    p.add_org("党工委", TOWN, secretary_name="甲书记")
    p.add_org("党委", COMMUNITY, secretary_name="乙书记")
    b1 = p.add_org("党支部", GRID1, secretary_name="丙书记")
    g = p.add_org("党小组", GRID1, building_id=town.buildings["g1b1"], secretary_name="丁组长")
    hh = town.households["g1b1"]
    p.set_member(town.residents[hh[0]], "党员", org_id=b1, joined_on=dt.date(2000, 7, 1))
    c = p.add_centre(hh[0], town.residents[hh[0]], group_id=g)
    p.link(c, hh[1:5])
    return p


def text_of(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def test_network_roster_and_centre_list(town):
    setup_network(town)
    office = ReportService(town.db, person(Role.OFFICE, TOWN, "综治中心"))
    data = office.prepare(ReportRequest("party_network", COMMUNITY, "2026-12", printed_by="clerk"))
    orgs = [(ln.level, ln.name, ln.secretary, ln.members) for ln in data.lines if ln.kind == "org"]
    assert orgs == [("街道", "城东街道党工委", "甲书记", "0"), ("社区", "和平社区党委", "乙书记", "0"),
                    ("网格", "第1网格党支部", "丙书记", "1"), ("楼栋", "1区1号楼党小组", "丁组长", "0")]
    assert any("网格未建党支部" in line for line in data.summary)
    text = text_of(render(data))
    assert "党建网格化组织体系" in text and "第1网格党支部" in text and "丙书记" in text
    centres = office.prepare(ReportRequest("party_centres", COMMUNITY, "2026-12", printed_by="clerk"))
    [entry] = centres.centres
    assert entry.member == "测试001" and len(entry.links) == 4 and entry.group == "1区1号楼党小组"
    text = text_of(render(centres))
    assert "党员中心户联系户名册" in text and entry.links[0][0] in text
    assert party_xlsx(centres)[:2] == b"PK"


def test_a_role_without_the_sensitive_permission_sees_no_member_counts(town):
    setup_network(town)
    viewer = ReportService(town.db, person(Role.VIEWER, COMMUNITY, "领导"))
    data = viewer.prepare(ReportRequest("party_network", COMMUNITY, "2026-12", printed_by="viewer"))
    assert {ln.members for ln in data.lines if ln.kind == "org"} == {"—"}
    assert not any("楼栋未设党小组" in line for line in data.summary)


def test_the_town_roster_puts_each_community_under_one_heading(town):
    """A town's roster: the town's 党工委, then each community's 党委 with its grids' branches under one heading (the
    communities' 党委 used to be listed first, so every community's heading stood twice); the 中心户 list names each
    grid with its community."""
    from gridapp.services.units import UnitService

    p = setup_network(town)
    UnitService(town.db).add("370303001002", "幸福社区")
    UnitService(town.db).add("370303001002001", "第1网格")
    p.add_org("党委", "370303001002", secretary_name="戊书记")
    p.add_org("党支部", "370303001002001", secretary_name="己书记")
    office = ReportService(town.db, person(Role.OFFICE, TOWN, "综治中心"))
    data = office.prepare(ReportRequest("party_network", TOWN, "2026-12", printed_by="clerk"))
    headings = [ln.unit for ln in data.lines if ln.kind == "community"]
    assert headings == [COMMUNITY, "370303001002"]
    assert [(ln.level, ln.name) for ln in data.lines if ln.kind == "org"] == [
        ("街道", "城东街道党工委"), ("社区", "和平社区党委"), ("网格", "第1网格党支部"), ("楼栋", "1区1号楼党小组"),
        ("社区", "幸福社区党委"), ("网格", "第1网格党支部")]
    centres = office.prepare(ReportRequest("party_centres", TOWN, "2026-12", printed_by="clerk"))
    assert [e.grid for e in centres.centres] == ["和平社区 第1网格"]
