"""gridapp.services.registry at the registry issue: search (name, pinyin, digits, address), filters, tags with
the sensitive-permission filter, household and building views, moves, status changes and history; the derived
search columns through every write path (ChangeWriter, sync merge, demo)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gridapp.core.errors import PermissionDenied, ScopeError, ValidationError
from gridapp.core.idnumber import make_id
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import AuditLog, Resident
from gridapp.services.registry import RegistryService, ResidentFilter, ResidentInput, search_kind
from gridapp.sync.changelog import ChangeWriter
from gridapp.sync.merge import apply_changes

TODAY = dt.date(2026, 11, 26)
ZHANG = make_id("370303", dt.date(1950, 3, 1), 11)  # male, 76
ZHAO = make_id("370303", dt.date(1990, 7, 9), 22)  # female, 36
LIU = make_id("370303", dt.date(2015, 1, 2), 31)  # male, 11


@pytest.fixture
def reg(community) -> RegistryService:
    return RegistryService(community.db, community.units.scope())


@pytest.fixture
def family(community, reg):
    """One building, two households in grid 1; a third person in grid 2."""
    g1, g2 = community.grids
    b = reg.create_building(g1, "1号楼", address="人民路1号")
    h1 = reg.create_household(g1, "人民路1号1单元101", building_id=b)
    h2 = reg.create_household(g1, "人民路1号1单元102", building_id=b)
    zhang = reg.create_resident(ResidentInput(g1, ZHANG, "张三", household_id=h1, relation_to_head="02",
                                              phone="13912345678", current_address="人民路1号1单元101"))
    zhao = reg.create_resident(ResidentInput(g1, ZHAO, "赵敏", household_id=h1, relation_to_head="10",
                                             phone="0533-7654321", resident_type="2",
                                             current_address="人民路1号1单元101"))
    liu = reg.create_resident(ResidentInput(g2, LIU, "刘晓", current_address="西五路8号"))
    return {"building": b, "h1": h1, "h2": h2, "zhang": zhang, "zhao": zhao, "liu": liu}


def names(views) -> list[str]:
    return [v.name for v in views]


def test_search_kinds():
    assert search_kind("zs") == "pinyin"
    assert search_kind("zhang san") == "pinyin"
    assert search_kind("5678") == "digits"
    assert search_kind("002X") == "digits"
    assert search_kind(ZHANG) == "id"
    assert search_kind("张") == "text"


def test_derived_columns_are_written_and_never_logged(community, family):
    with community.db.read() as s:
        r = s.get(Resident, family["zhang"])
        assert (r.name_pinyin, r.name_initials) == ("zhangsan", "zs")
        assert r.id_rev == ZHANG[::-1] and r.phone_rev == "87654321931"
        from gridapp.sync.changelog import history

        assert all("name_pinyin" not in c.fields for c in history(s, "resident", family["zhang"]))
    with community.db.write() as s, pytest.raises(ValueError):
        ChangeWriter(community.db, s).update(Resident, family["zhang"], {"name_pinyin": "x"})


def test_an_edit_recomputes_the_search_columns(community, reg, family):
    reg.update_resident(family["zhang"], {"name": "章散", "phone": "13800001111"})
    assert names(reg.search("zs")) == ["章散"]
    assert names(reg.search("1111")) == ["章散"]
    assert reg.search("5678") == []


def test_the_sync_merge_recomputes_the_search_columns(community, family):
    db = community.db
    with db.read() as s:
        clock = s.get(Resident, family["zhao"]).row_hlc
    new_id = "0" * 31 + "1"
    remote = [
        {"node_id": "remote0000000001", "node_seq": 1, "table_name": "resident", "row_id": family["zhao"],
         "unit_code": community.grids[0], "op": "update", "hlc": clock + (1 << 24), "fields": {"name": "钱多多"},
         "base": None, "schema_rev": "0004"},
        {"node_id": "remote0000000001", "node_seq": 2, "table_name": "resident", "row_id": new_id,
         "unit_code": community.grids[0], "op": "insert", "hlc": clock + (1 << 24) + 1,
         "fields": {"name": "孙悟空", "id_number": make_id("370303", dt.date(1980, 1, 1), 51), "gender": "1",
                    "birth_date": "1980-01-01", "resident_type": "1", "status": "active"},
         "base": None, "schema_rev": "0004"},
    ]
    with db.write() as s:
        apply_changes(s, remote, dt.datetime(2026, 11, 26))
    with db.read() as s:
        assert s.get(Resident, family["zhao"]).name_initials == "qdd"
        new = s.get(Resident, new_id)
        assert (new.name_pinyin, new.name_initials) == ("sunwukong", "swk") and new.id_rev.endswith("073")


def test_search_by_name_pinyin_digits_and_address(reg, family):
    assert names(reg.search("张")) == ["张三"]
    assert names(reg.search("zs")) == ["张三"]
    assert names(reg.search("ZhangS")) == ["张三"]
    assert names(reg.search("zhao")) == ["赵敏"]
    assert names(reg.search(ZHANG[-4:])) == ["张三"]  # last digits of the ID number
    assert names(reg.search("5678")) == ["张三"]  # last digits of the phone
    assert names(reg.search("139123")) == ["张三"]  # first digits of the phone
    assert names(reg.search("4321")) == ["赵敏"]  # a landline's last digits
    assert names(reg.search(ZHAO)) == ["赵敏"]
    assert names(reg.search("西五路")) == ["刘晓"]
    assert sorted(names(reg.search("1单元101"))) == ["张三", "赵敏"]
    assert reg.search("50%") == [] and reg.search("ww") == []
    v = reg.search("zs")[0]
    assert v.id_number == ZHANG[:6] + "********" + ZHANG[-4:] and "*" in v.phone


def test_filters_by_grid_building_type_and_age(community, reg, family):
    g1, g2 = community.grids
    assert names(reg.search("", ResidentFilter(grid_code=g2))) == ["刘晓"]
    assert sorted(names(reg.search("", ResidentFilter(building_id=family["building"])))) == ["张三", "赵敏"]
    assert names(reg.search("", ResidentFilter(resident_type="2"))) == ["赵敏"]
    assert names(reg.search("", ResidentFilter(age_min=60), today=TODAY)) == ["张三"]
    assert names(reg.search("", ResidentFilter(age_max=11), today=TODAY)) == ["刘晓"]
    assert names(reg.search("", ResidentFilter(age_min=12, age_max=76), today=TODAY)) == ["张三", "赵敏"]
    assert reg.count(ResidentFilter(grid_code=g1)) == 2
    with pytest.raises(ScopeError):
        RegistryService(community.db, g2).search("", ResidentFilter(grid_code=g1))
    assert names(RegistryService(community.db, g2).search("z")) == []


def test_tags_and_the_sensitive_groups(community, reg, family):
    assert reg.add_tag(family["zhang"], "独居老人") and not reg.add_tag(family["zhang"], "独居老人")
    assert reg.add_tag(family["zhang"], "社区矫正")
    with pytest.raises(ValidationError):
        reg.add_tag(family["zhang"], "不存在的标签")
    assert reg.tags_of(family["zhang"]) == ["独居老人", "社区矫正"]
    assert names(reg.search("", ResidentFilter(tag="独居老人"))) == ["张三"]

    worker = RegistryService(community.db, Principal("u1", "worker", Role.GRID_WORKER, community.code))
    chief = RegistryService(community.db, Principal("u2", "chief", Role.GRID_CHIEF, community.code))
    assert worker.tags_of(family["zhang"]) == ["独居老人"]  # the special group is hidden
    assert chief.tags_of(family["zhang"]) == ["独居老人", "社区矫正"]
    with pytest.raises(PermissionDenied):
        worker.search("", ResidentFilter(tag="社区矫正"))
    with pytest.raises(PermissionDenied):
        worker.add_tag(family["zhao"], "吸毒")
    assert names(chief.search("", ResidentFilter(tag="社区矫正"))) == ["张三"]
    assert chief.remove_tag(family["zhang"], "社区矫正") and chief.tags_of(family["zhang"]) == ["独居老人"]
    with community.db.read() as s:
        details = [d for (d,) in s.execute(select(AuditLog.detail).where(AuditLog.username == "chief"))]
    assert any("tag_removed" in d for d in details)


def test_household_and_building_views(reg, family):
    h = reg.household(family["h1"], today=TODAY)
    assert h.head_name == "张三" and h.address == "人民路1号1单元101"
    assert [(m.name, m.relation, m.age) for m in h.members] == [("张三", "户主", 76), ("赵敏", "配偶", 36)]
    b = reg.building(family["building"])
    assert [(a, head, n) for _, a, head, n in b.households] == [
        ("人民路1号1单元101", "张三", 2), ("人民路1号1单元102", None, 0)]


def test_move_status_changes_and_history(reg, family):
    assert reg.move_to_household(family["zhao"], family["h2"], relation="02", on=dt.date(2026, 1, 5))
    assert reg.household(family["h2"]).head_name == "赵敏"
    assert [m.name for m in reg.household(family["h1"]).members] == ["张三"]
    reg.set_status(family["zhang"], "deceased", dt.date(2026, 2, 1))
    assert reg.household(family["h1"]).members == [] and reg.search("zs") == []
    assert names(reg.search("zs", ResidentFilter(status="deceased"))) == ["张三"]
    hist = reg.history(family["zhang"])
    assert [e.op for e in hist] == ["新增", "修改"]
    assert hist[0].fields["姓名"] == "张三" and "*" in hist[0].fields["公民身份号码"]
    assert hist[1].fields == {"状态": "死亡", "状态变更日期": "2026-02-01"}
    assert any(e.fields.get("与户主关系") == "户主" for e in reg.history(family["zhao"]))


def test_demo_residents_carry_search_columns(demo_db):
    with demo_db.read() as s:
        missing = s.execute(select(Resident.id).where(
            (Resident.name_initials.is_(None)) | (Resident.name_initials == "") | Resident.id_rev.is_(None))).first()
    assert missing is None


def test_list_windows_from_either_end_agree(community, reg):
    g1 = community.grids[0]
    for i in range(30):
        reg.create_resident(ResidentInput(g1, make_id("370303", dt.date(1970, 1, 1) + dt.timedelta(days=i), 11),
                                          f"居民{i:02d}"))
    total = reg.count()
    forward = [v.name for v in reg.page(limit=total)]
    assert forward == sorted(forward) and len(forward) == 30
    assert [v.name for v in reg.page(offset=25, limit=10, total=total)] == forward[25:]
    assert [v.name for v in reg.page(offset=20, limit=5, total=total)] == forward[20:25]
    assert [v.name for v in reg.page(offset=0, limit=3, descending=True)] == forward[::-1][:3]
    assert [v.name for v in reg.page(offset=27, limit=3, descending=True, total=total)] == forward[::-1][27:]
    assert reg.grids() == [(g1, "第1网格"), (community.grids[1], "第2网格")]
