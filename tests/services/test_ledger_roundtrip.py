"""The resident export holds every field of the record, and the import reads each back: export, import into a
fresh database, the same records (issue 14). Places (籍贯, 户籍地, 现住地) go out by name and come back as their
GB/T 2260 code; a name typed in a ledger or a form is stored as the code, an ambiguous one refused naming the
candidates. Masked as the other sensitive columns are. All people generated (core.idnumber.make_id)."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from gridapp.core.errors import ValidationError
from gridapp.core.idnumber import make_id
from gridapp.core.orgcode import Level
from gridapp.core.permissions import SENSITIVE_MASK, Principal, Role
from gridapp.db.models import Building, Household, Resident
from gridapp.services.ledger import LedgerService
from gridapp.services.registry import RESIDENT_EDITABLE, RegistryService, ResidentInput
from gridapp.services.units import UnitService

A = make_id("370303", dt.date(1971, 3, 9), 13)
B = make_id("110101", dt.date(1995, 11, 2), 24)
C = make_id("370303", dt.date(2012, 6, 1), 35)
FIELDS = sorted(RESIDENT_EDITABLE - {"household_id"}) + ["resident_type", "status"]


def office(code: str) -> Principal:
    return Principal("u-office", "office", Role.OFFICE, code, display_name="综治中心测试员")


def people(db) -> dict[str, dict]:
    """Every resident's record by ID number, with its household's 户号 and building's name."""
    with db.read() as s:
        rows = s.execute(select(Resident, Household.household_no, Building.name)
                         .outerjoin(Household, Resident.household_id == Household.id)
                         .outerjoin(Building, Household.building_id == Building.id)
                         .where(Resident.deleted.is_(False))).tuples().all()
        return {r.id_number: {**{f: getattr(r, f) for f in FIELDS}, "grid": r.unit_code, "household_no": no,
                              "building": building} for r, no, building in rows}


@pytest.fixture
def filled(community):
    """Three people with every field filled (places typed by name), two of them in one household of a building."""
    reg = RegistryService(community.db, office(community.code))
    grid = community.grids[0]
    building = reg.create_building(grid, "7号楼")
    home = reg.create_household(grid, "幸福路7号楼1单元101", building_id=building, household_no="H0007",
                                room="1-101")
    a = reg.create_resident(ResidentInput(grid, A, "测试甲", phone="13900000007", relation_to_head="01",
                                          current_address="幸福路7号楼1单元101", extra={
        "former_name": "测试甲曾", "native_place": "山东省淄博市张店区", "registered_region": "淄博市张店区",
        "registered_address": "张店区人民路1号", "current_region": "张店区", "marital_status": "20",
        "political_status": "03", "education": "20", "occupation_category": "2", "occupation": "教师",
        "workplace": "某某学校", "religion": "无"}))
    b = reg.create_resident(ResidentInput(grid, B, "测试乙", ethnicity="03", relation_to_head="10",
                                          current_address="幸福路7号楼1单元101", extra={
        "native_place": "北京市东城区", "registered_region": "110101", "current_region": "济南市市中区",
        "marital_status": "20", "education": "30", "occupation": "医生"}))
    for rid in (a, b):
        reg.move_to_household(rid, home)
    reg.create_resident(ResidentInput(community.grids[1], C, "测试丙", extra={"native_place": "370303"}))
    return community


def test_places_typed_by_name_are_stored_as_their_code(filled):
    got = people(filled.db)
    assert (got[A]["native_place"], got[A]["registered_region"], got[A]["current_region"]) == (
        "370303", "370303", "370303")
    assert got[B]["native_place"] == "110101" and got[B]["current_region"] == "370103"


def test_an_ambiguous_place_is_refused_naming_the_candidates_and_nothing_is_written(filled):
    reg = RegistryService(filled.db, office(filled.code))
    before = people(filled.db)
    with filled.db.read() as s:
        rid = s.execute(select(Resident.id).where(Resident.id_number == A)).scalar_one()
    with pytest.raises(ValidationError) as e:
        reg.update_resident(rid, {"current_region": "市中区", "occupation": "司机"})
    assert e.value.field == "现住地" and "济南市市中区（370103）" in e.value.message
    assert "枣庄市市中区（370402）" in e.value.message
    assert people(filled.db) == before


def test_export_then_import_into_a_fresh_database_gives_the_same_records(filled, fresh_copy, open_db, tmp_path):
    out = tmp_path / "居民.xlsx"
    n = LedgerService(filled.db, office(filled.code)).export(out, reveal=True)
    assert n == 3
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    for column in ("户籍地", "籍贯", "现住地", "户籍详址", "现住址", "曾用名", "民族", "婚姻状况", "政治面貌", "学历",
                   "职业类别", "职业", "服务处所", "宗教信仰", "户号", "楼栋"):
        assert column in header, column
    row = {h: c.value for h, c in zip(header, next(r for r in ws.iter_rows(min_row=2) if r[2].value == A),
                                      strict=True)}
    assert row["籍贯"] == "山东省淄博市张店区" and row["户籍地"] == "山东省淄博市张店区"  # names, not codes

    fresh = open_db(fresh_copy("fresh"))
    units = UnitService(fresh)
    units.initialise(filled.code, "和平社区", Level.COMMUNITY)
    for i, grid in enumerate(filled.grids, start=1):
        units.add(grid, f"第{i}网格")
    ledger = LedgerService(fresh, office(filled.code))
    plan = ledger.prepare(out)
    assert plan.counts["rejected"] == 0, [(r.row_no, r.reason) for r in plan.refused]
    ledger.apply(plan)
    assert people(fresh) == people(filled.db)


def test_a_role_without_the_sensitive_permission_exports_them_masked(filled, tmp_path):
    out = tmp_path / "居民.xlsx"
    worker = Principal("u-w", "w", Role.GRID_WORKER, filled.grids[0], display_name="网格员")
    LedgerService(filled.db, worker).export(out)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    rows = [{h: c.value for h, c in zip(header, r, strict=True)} for r in ws.iter_rows(min_row=2)]
    row = next(r for r in rows if r["姓名"] == "测试甲")
    assert row["政治面貌"] == SENSITIVE_MASK and row["宗教信仰"] == SENSITIVE_MASK
    assert "*" in row["公民身份号码"] and "*" in row["联系电话"]
    assert row["籍贯"] == "山东省淄博市张店区"  # a place is not sensitive


def test_a_ledger_row_names_its_places_and_an_ambiguous_one_is_refused(community, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["网格编码", "姓名", "身份证号", "籍贯", "户籍地", "现住地"])
    ws.append([community.grids[0], "测试丁", make_id("370303", dt.date(1980, 1, 1), 41), "淄博市张店区", "张店区",
               "370303"])
    ws.append([community.grids[0], "测试戊", make_id("370303", dt.date(1981, 1, 1), 52), "市中区", "", ""])
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    ledger = LedgerService(community.db, office(community.code))
    plan = ledger.prepare(path)
    assert plan.counts["rejected"] == 1
    refused = plan.refused[0]
    assert refused.row_no == 3 and "籍贯" in refused.reason and "济南市市中区（370103）" in refused.reason
    ledger.apply(plan)
    got = people(community.db)
    assert [(p["native_place"], p["registered_region"], p["current_region"]) for p in got.values()] == [
        ("370303", "370303", "370303")]
