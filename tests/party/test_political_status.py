"""政治面貌 and the 党员 tag no longer reveal what the sensitive party membership hides: for a user without the
sensitive permission (a grid worker) 政治面貌 reads （无权查看） in the details (form and card), the history and
the resident export, is not written (form, service, import), and the 党员 tag is neither shown, set nor
filtered by; the office (with the permission) sees and sets them, audited as a view of the record."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from gridapp.core.errors import PermissionDenied
from gridapp.core.permissions import SENSITIVE_MASK, Role
from gridapp.db.models import AuditLog, Resident
from gridapp.services.ledger import LedgerService
from gridapp.services.registry import RegistryService, ResidentFilter, ResidentInput

from .conftest import GRID1, TOWN, person


@pytest.fixture
def member(town):
    """A resident of grid 1 whose record says 中共党员 and who carries the 党员 tag (set by the office)."""
    rid = town.residents[town.households["g1b1"][0]]
    office = RegistryService(town.db, person(Role.OFFICE, TOWN))
    office.update_resident(rid, {"political_status": "01"})
    office.add_tag(rid, "党员")
    return rid


def worker(town) -> RegistryService:
    return RegistryService(town.db, person(Role.GRID_WORKER, GRID1))


def test_the_office_sees_the_field_and_the_tag(town, member):
    office = RegistryService(town.db, person(Role.OFFICE, TOWN))
    assert office.details(member)["political_status"] == "01"
    assert "党员" in office.tags_of(member)
    assert [r.id for r in office.search(filters=ResidentFilter(tag="党员"))] == [member]
    assert any(e.fields.get("政治面貌") == "中共党员" for e in office.history(member))


def test_a_grid_worker_sees_it_masked_everywhere_on_the_record(town, member):
    w = worker(town)
    assert w.details(member)["political_status"] == SENSITIVE_MASK
    other = town.residents[town.households["g1b1"][1]]  # no 政治面貌 at all: the mask reads the same
    assert w.details(other)["political_status"] == SENSITIVE_MASK
    shown = [e.fields["政治面貌"] for e in w.history(member) if "政治面貌" in e.fields]
    assert shown == [SENSITIVE_MASK] and "中共党员" not in str([e.fields for e in w.history(member)])
    assert "党员" not in w.tags_of(member)
    with town.db.read() as s:  # the read is audited as a view of the record, like the other sensitive fields
        assert s.execute(select(AuditLog).where(AuditLog.target_id == member, AuditLog.action == "view",
                                                AuditLog.username == "grid_worker001")).first() is not None


def test_a_grid_worker_may_not_write_it_nor_the_tag(town, member):
    w = worker(town)
    for change in ({"political_status": "13"}, {"political_status": None}):
        with pytest.raises(PermissionDenied, match="政治面貌属敏感个人信息"):
            w.update_resident(member, change)
    with town.db.read() as s:
        assert s.get(Resident, member).political_status == "01"
    assert w.update_resident(member, {"occupation": "退休"})  # the rest of the record stays editable
    import datetime as dt

    from gridapp.core.idnumber import make_id

    with pytest.raises(PermissionDenied, match="政治面貌"):
        w.create_resident(ResidentInput(GRID1, make_id("370303", dt.date(1980, 5, 5), 901), "测试新",
                                        extra={"political_status": "01"}))
    with pytest.raises(PermissionDenied):
        w.add_tag(town.residents[town.households["g1b1"][2]], "党员")
    with pytest.raises(PermissionDenied):
        w.remove_tag(member, "党员")
    with pytest.raises(PermissionDenied):  # filtering by it would tell who carries it
        w.search(filters=ResidentFilter(tag="党员"))
    assert w.add_tag(member, "独居老人")  # the other care tags stay the worker's


def test_the_resident_export_masks_it_and_the_import_leaves_it(town, member, tmp_path):
    out = tmp_path / "out.xlsx"
    LedgerService(town.db, person(Role.GRID_WORKER, GRID1)).export(out)
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    col = rows[0].index("政治面貌")
    assert {r[col] for r in rows[1:]} == {SENSITIVE_MASK}
    LedgerService(town.db, person(Role.OFFICE, TOWN)).export(out)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert "中共党员" in {r[col] for r in rows[1:]}
    # a grid worker's import: the 政治面貌 column is not used (named as such), the rest is
    with town.db.read() as s:
        r = s.get(Resident, town.residents[town.households["g1b1"][3]])
        name, idn = r.name, r.id_number
    wb = Workbook()
    sheet = wb.active
    sheet.append(["姓名", "公民身份号码", "政治面貌", "职业"])
    sheet.append([name, idn, "中共党员", "教师"])
    path = tmp_path / "in.xlsx"
    wb.save(path)
    ledger = LedgerService(town.db, person(Role.GRID_WORKER, GRID1))
    plan = ledger.prepare(path, default_grid=GRID1)
    assert any("政治面貌" in h and "无权导入" in h for h in plan.ignored_headers)
    ledger.apply(plan)
    with town.db.read() as s:
        r = s.get(Resident, town.residents[town.households["g1b1"][3]])
        assert (r.political_status, r.occupation) == (None, "教师")


def test_an_export_made_without_the_permission_imports_back_without_clearing_it(town, member, tmp_path):
    out = tmp_path / "masked.xlsx"  # numbers revealed (so that it imports back), 政治面貌 masked
    LedgerService(town.db, person(Role.GRID_WORKER, GRID1)).export(out, reveal=True)
    office = LedgerService(town.db, person(Role.OFFICE, TOWN))
    plan = office.prepare(out)
    # (this made-up town's households read as one per building in a ledger: those rows go back for that)
    assert not any("政治面貌" in r.reason for r in plan.refused)
    office.apply(plan)
    with town.db.read() as s:
        assert s.get(Resident, member).political_status == "01"
