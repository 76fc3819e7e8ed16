"""gridapp.services.reports: catalogue, the scope/permission gate, masked roster and card data, and the PDFs
built from real (demo) data."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select

from gridapp.core.errors import Cancelled, NotFound, ScopeError, ValidationError
from gridapp.core.progress import Progress
from gridapp.core.reportdata import HouseholdCardsData, RosterData
from gridapp.db.models import Household, Resident
from gridapp.reports import render
from gridapp.services.registry import RegistryService
from gridapp.services.reports import (
    PermissionDenied,
    ReportRequest,
    ReportService,
    current_period,
    parse_period,
)
from gridapp.services.units import UnitService
from tests.reports.pdfcheck import FULL_ID, fonts, page_texts

TOWN = "370303001"
GRID = "370303001001001"


@pytest.fixture
def service(demo_db) -> ReportService:
    return ReportService(demo_db)


def roster(service: ReportService, unit: str = GRID, **kw) -> RosterData:
    data = service.prepare(ReportRequest("roster", unit, "2026-01", printed_by="测试员", **kw))
    assert isinstance(data, RosterData)
    return data


def active_in(db, unit: str) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(Resident).where(
            Resident.unit_code.startswith(unit), Resident.deleted.is_(False),
            Resident.status == "active")).scalar_one()


def all_ids(db) -> list[str]:
    with db.read() as s:
        return list(s.execute(select(Resident.id_number)).scalars())


def test_catalogue_names_and_titles(service):
    assert [(r.name, r.title) for r in service.catalogue()] == [("roster", "实有人口花名册"), ("household_card", "户卡"),
                                                               ("visits", "入户走访情况"),
                                                               ("small_projects", "八小工程开展情况"),
                                                               ("assessment", "考核排名"),
                                                               ("events", "事件办理情况"),
                                                               ("party_network", "党建网格化组织体系"),
                                                               ("party_centres", "党员中心户联系户名册"),
                                                               ("monthly", "网格工作月报"),
                                                               ("affairs", "网格事务准入清单"),
                                                               ("tasks", "网格任务完成情况"),
                                                               ("disputes", "矛盾纠纷台账及化解情况")]
    with pytest.raises(ValidationError, match="没有名为"):
        service.info("nope")


def test_unit_choices_are_the_installation_subtree(service):
    codes = [u.code for u in service.unit_choices()]
    assert codes[0] == TOWN and GRID in codes and all(c.startswith(TOWN) for c in codes)


@pytest.mark.parametrize("text,first,last", [
    ("2026-01", dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2025-12", dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
])
def test_parse_period(text, first, last):
    assert parse_period(text) == (first, last)


@pytest.mark.parametrize("bad", ["2026-13", "2026-1", "202601", "", "一月"])
def test_bad_period_is_refused(service, bad):
    with pytest.raises(ValidationError, match="统计期"):
        service.prepare(ReportRequest("roster", GRID, bad))


def test_current_period():
    assert current_period(dt.date(2026, 3, 9)) == "2026-03"


def test_roster_counts_and_order(service, demo_db):
    data = roster(service)
    assert data.residents == active_in(demo_db, GRID) > 0
    assert data.header.unit_full_name.endswith("第1网格") and data.header.unit_full_name.startswith("城东街道")
    assert data.header.period == "2026年01月" and data.header.printed_by == "测试员"
    assert [g.code for g in data.grids] == [GRID]
    names = [b.name for b in data.grids[0].buildings]
    assert names[:3] == ["1号楼", "2号楼", "3号楼"]  # natural order: 2 before 10
    for b in data.grids[0].buildings:
        for h in b.households:
            assert h.members[0].relation == "户主"


def test_roster_of_a_town_covers_every_grid(service, demo_db):
    data = roster(service, TOWN)
    assert data.residents == active_in(demo_db, TOWN)
    assert len(data.grids) == 2


def test_roster_is_masked_by_default(service, demo_db):
    data = roster(service)
    rows = [m for g in data.grids for b in g.buildings for h in b.households for m in h.members]
    assert all("*" in m.id_number and len(m.id_number) == 18 for m in rows)
    assert all(not m.phone or "****" in m.phone for m in rows)
    text = "\n".join(page_texts(render(data)))
    assert not FULL_ID.search(text)
    ids = set(all_ids(demo_db))
    assert not any(i in text for i in ids)


def test_moved_out_residents_leave_the_roster_but_stay_on_the_card(service, demo_db):
    with demo_db.read() as s:
        rid, hid = s.execute(select(Resident.id, Resident.household_id).where(
            Resident.unit_code == GRID, Resident.relation_to_head != "02").limit(1)).one()
    before = roster(service).residents
    RegistryService(demo_db, TOWN).set_status(rid, "moved_out", dt.date(2025, 12, 1))
    assert roster(service).residents == before - 1
    cards = service.prepare(ReportRequest("household_card", GRID, "2026-01", household_id=hid))
    assert [m.status for m in cards.cards[0].members].count("迁出") == 1


def test_out_of_scope_unit_is_refused(service):
    with pytest.raises(ScopeError, match="不在本单位"):
        service.prepare(ReportRequest("roster", "370303002001001", "2026-01"))
    with pytest.raises(ScopeError):
        service.prepare(ReportRequest("household_card", "370304", "2026-01"))


def test_unknown_unit_in_scope_is_not_found(service):
    with pytest.raises(NotFound):
        service.prepare(ReportRequest("roster", "370303001009", "2026-01"))


def test_reveal_is_refused_without_the_permission(service):
    with pytest.raises(PermissionDenied, match="无权"):
        service.prepare(ReportRequest("roster", GRID, "2026-01", reveal=True))


def test_reveal_with_the_permission_prints_full_numbers_and_is_audited(demo_db, caplog):
    service = ReportService(demo_db, may_reveal=True)
    caplog.set_level(logging.INFO, logger="gridapp.services.reports")
    data = roster(service, reveal=True)
    assert data.header.revealed
    text = "\n".join(page_texts(render(data)))
    assert FULL_ID.search(text)
    assert any("reveal=True" in r.getMessage() and GRID in r.getMessage() for r in caplog.records)


def test_every_request_is_audited_even_masked(service, caplog):
    caplog.set_level(logging.INFO, logger="gridapp.services.reports")
    roster(service)
    assert any("report roster" in r.getMessage() and "reveal=False" in r.getMessage() for r in caplog.records)


def test_roster_of_one_building(service, demo_db):
    with demo_db.read() as s:
        bid = s.execute(select(Household.building_id).where(Household.unit_code == GRID).limit(1)).scalar_one()
    data = roster(service, building_id=bid)
    assert len(data.grids[0].buildings) == 1
    with pytest.raises(NotFound):
        roster(service, building_id="nope")


def test_building_outside_the_unit_is_refused(service, demo_db):
    with demo_db.read() as s:
        bid = s.execute(select(Household.building_id).where(
            Household.unit_code == "370303001001002").limit(1)).scalar_one()
    with pytest.raises(ScopeError):
        roster(service, building_id=bid)


def test_empty_unit_says_so(service, demo_db):
    UnitService(demo_db).add("370303001001009", "第9网格")
    data = roster(service, "370303001001009")
    assert data.residents == 0
    texts = page_texts(render(data))
    assert len(texts) == 1 and "没有在册居民" in texts[0]
    cards = service.prepare(ReportRequest("household_card", "370303001001009", "2026-01"))
    assert "没有户" in page_texts(render(cards))[0]


def test_household_cards_of_a_grid(service, demo_db):
    data = service.prepare(ReportRequest("household_card", GRID, "2026-01"))
    assert isinstance(data, HouseholdCardsData)
    with demo_db.read() as s:
        households = s.execute(select(func.count()).select_from(Household).where(
            Household.unit_code == GRID, Household.deleted.is_(False))).scalar_one()
    assert len(data.cards) == households
    first = data.cards[0]
    assert first.head_name and first.members[0].relation == "户主"
    assert dt.date.fromisoformat(first.last_change)
    assert all("*" in m.id_number for c in data.cards for m in c.members)
    assert all(m.birth_date.endswith("年") for c in data.cards for m in c.members)  # no full birth date
    pdf = render(data)
    texts = page_texts(pdf)
    assert len(texts) == households
    assert f"第 {households} 页 / 共 {households} 页" in texts[-1]
    assert "户卡" in texts[0] and first.address in texts[0]
    assert all(fonts(pdf).values())
    assert not FULL_ID.search("\n".join(texts))


def test_household_card_of_one_household(service, demo_db):
    with demo_db.read() as s:
        hid, no = s.execute(select(Household.id, Household.household_no).where(
            Household.unit_code == GRID).limit(1)).one()
    data = service.prepare(ReportRequest("household_card", GRID, "2026-01", household_id=hid))
    assert [c.household_no for c in data.cards] == [no]
    with pytest.raises(ScopeError):
        service.prepare(ReportRequest("household_card", "370303001001002", "2026-01", household_id=hid))
    with pytest.raises(NotFound):
        service.prepare(ReportRequest("household_card", GRID, "2026-01", household_id="missing"))


def test_preparing_can_be_cancelled(service):
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        service.prepare(ReportRequest("roster", GRID, "2026-01"), progress)


def test_building_choices_of_a_grid_in_door_order(service):
    choices = service.building_choices(GRID)
    assert [c.name for c in choices[:3]] == ["1号楼", "2号楼", "3号楼"]
    assert all(c.grid_code == GRID for c in choices)
    with pytest.raises(ScopeError):
        service.building_choices("370303002001001")


def test_a_past_period_still_lists_who_left_after_it(service, demo_db):
    with demo_db.read() as s:
        rid = s.execute(select(Resident.id).where(
            Resident.unit_code == GRID, Resident.relation_to_head != "02").limit(1)).scalar_one()
    today = dt.date.today()
    last_month = current_period(today.replace(day=1) - dt.timedelta(days=1))
    before = service.prepare(ReportRequest("roster", GRID, last_month)).residents
    RegistryService(demo_db, TOWN).set_status(rid, "deceased", today)
    assert service.prepare(ReportRequest("roster", GRID, last_month)).residents == before  # still there then
    assert service.prepare(ReportRequest("roster", GRID, current_period(today))).residents == before - 1


def test_residents_without_household_or_building_are_listed_last(service, demo_db):
    from gridapp.core.idnumber import make_id
    from gridapp.services.registry import ResidentInput

    reg = RegistryService(demo_db, TOWN)
    hid = reg.create_household(GRID, "和平路1号平房", room="东屋")
    reg.create_resident(ResidentInput(GRID, make_id("370303", dt.date(1970, 5, 5), 11), "甲某",
                                      household_id=hid, relation_to_head="02"))
    reg.create_resident(ResidentInput(GRID, make_id("370303", dt.date(1980, 6, 6), 13), "乙某"))
    data = roster(service)
    last = data.grids[0].buildings[-1]
    assert last.name == "（无楼栋）"
    households = {h.household_no: [m.name for m in h.members] for h in last.households}
    assert households == {"": ["甲某"], "（未分户）": ["乙某"]}
    text = "\n".join(page_texts(render(data)))
    assert "（无楼栋）　小计：2 户，2 人" in text


def test_a_household_is_only_for_the_card(service):
    with pytest.raises(ValidationError, match="户卡"):
        roster(service, household_id="x")


def test_a_refused_reveal_is_logged(service, caplog):
    caplog.set_level(logging.INFO, logger="gridapp.services.reports")
    with pytest.raises(PermissionDenied):
        roster(service, reveal=True)
    assert any("refused" in r.getMessage() for r in caplog.records)
