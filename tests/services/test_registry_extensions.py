"""gridapp.services.registry (part 2) and gridapp.services.special_groups: the 户籍/流动/境外 extensions, special-group
records (sensitive), moving between households, the building list of a grid."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gridapp.core import codes
from gridapp.core.errors import PermissionDenied, ScopeError, ValidationError
from gridapp.core.idnumber import make_id
from gridapp.core.permissions import SENSITIVE_GROUPS, Principal, Role
from gridapp.db.models import AuditLog, ChangeLog, SpecialGroupRecord
from gridapp.services.registry import RegistryService, ResidentInput, validate_resident

LOCAL = make_id("370303", dt.date(1960, 5, 1), 11)
FLOAT = make_id("410105", dt.date(1990, 7, 9), 22)
FOREIGN = make_id("370303", dt.date(1988, 3, 3), 33)
TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def reg(community) -> RegistryService:
    return RegistryService(community.db, community.units.scope())


@pytest.fixture
def people(community, reg):
    g1, g2 = community.grids
    b = reg.create_building(g1, "2号楼", address="人民路2号")
    reg.create_building(g1, "10号楼", address="人民路10号")
    h1 = reg.create_household(g1, "人民路2号1单元101", building_id=b)
    h2 = reg.create_household(g1, "人民路2号1单元102", building_id=b)
    h3 = reg.create_household(g2, "东风街9号")
    local = reg.create_resident(ResidentInput(g1, LOCAL, "王建国", household_id=h1, relation_to_head="02",
                                              extra={"household_match": "01"}))
    flow = reg.create_resident(ResidentInput(g1, FLOAT, "李梅", household_id=h2, relation_to_head="02",
                                             resident_type="2"))
    return {"g1": g1, "g2": g2, "b": b, "h1": h1, "h2": h2, "h3": h3, "local": local, "flow": flow}


def principal(community, role: Role, name: str) -> RegistryService:
    return RegistryService(community.db, Principal("u-" + name, name, role, community.code))


# -- the type extensions ----------------------------------------------------------------------------------


def base(**kw):
    return {"name": "李梅", "id_number": FLOAT, "resident_type": "2", **kw}


def test_floating_fields_are_checked_with_the_field_named():
    out = validate_resident(base(inflow_reason="01", permit_type="01", permit_no=" 3703001 ",
                                 permit_registered="2025-01-02", permit_expires=dt.date(2026, 1, 2),
                                 dwelling_type="02", key_attention=1))
    assert out["permit_no"] == "3703001" and out["permit_registered"] == dt.date(2025, 1, 2)
    assert out["key_attention"] is True
    with pytest.raises(ValidationError, match="流入原因代码“77”") as e:
        validate_resident(base(inflow_reason="77"))
    assert e.value.field == "流入原因"
    with pytest.raises(ValidationError, match="证件到期日期.*必须晚于登记日期") as e:
        validate_resident(base(permit_registered=dt.date(2025, 1, 2), permit_expires=dt.date(2025, 1, 2)))
    assert e.value.field == "证件到期日期"
    with pytest.raises(ValidationError, match="登记日期请写成"):
        validate_resident(base(permit_registered="2025/1/2"))


def test_each_types_fields_only_for_that_type():
    with pytest.raises(ValidationError, match="“流入原因”只用于流动人口") as e:
        validate_resident(base(resident_type="1", inflow_reason="01"))
    assert e.value.field == "流入原因"
    with pytest.raises(ValidationError, match="“国籍”只用于境外人员"):
        validate_resident(base(nationality="KOR"))
    with pytest.raises(ValidationError, match="人户一致标识”只用于户籍人口"):
        validate_resident(base(household_match="01"))
    # an emptied field is no value: a type change that clears the old type's fields passes
    assert validate_resident(base(resident_type="1", inflow_reason="  ", household_match="02"))["inflow_reason"] is None


def test_foreign_fields_and_dates_in_order():
    data = {"name": "KIM MINSU", "id_number": FOREIGN, "resident_type": "4", "foreign_surname": "KIM",
            "foreign_given_name": "MINSU", "chinese_name": "金敏洙", "nationality": "KOR", "foreign_doc_type": "414",
            "foreign_doc_no": "M1234567", "visit_purpose": "01", "arrival_date": dt.date(2025, 3, 1),
            "departure_date": dt.date(2027, 3, 1)}
    assert validate_resident(data)["nationality"] == "KOR"
    with pytest.raises(ValidationError, match="预计离开日期.*必须晚于抵达日期"):
        validate_resident({**data, "departure_date": dt.date(2025, 2, 1)})
    with pytest.raises(ValidationError, match="国籍代码“XXX”"):
        validate_resident({**data, "nationality": "XXX"})
    with pytest.raises(ValidationError, match="证件代码代码|证件代码“"):
        validate_resident({**data, "foreign_doc_type": "000"})


def test_editing_the_extension_and_the_history_shows_labels(reg, people):
    assert reg.update_resident(people["flow"], {"inflow_reason": "03", "dwelling_type": "02", "key_attention": True,
                                                "permit_registered": dt.date(2025, 5, 1)})
    with pytest.raises(ValidationError, match="证件到期日期"):
        reg.update_resident(people["flow"], {"permit_expires": dt.date(2025, 4, 1)})
    with pytest.raises(ValidationError, match="只用于流动人口"):  # the old type's fields must go with the type
        reg.update_resident(people["flow"], {"resident_type": "1"})
    assert reg.update_resident(people["flow"], {"resident_type": "1", "inflow_reason": None, "dwelling_type": None,
                                                "key_attention": None, "permit_registered": None})
    last_two = reg.history(people["flow"])[-2:]
    assert last_two[0].fields["流入原因"] == "经商" and last_two[0].fields["住所类型"] == "租赁房"
    assert last_two[0].fields["是否重点关注"] == "是" and last_two[0].fields["登记日期"] == "2025-05-01"
    assert last_two[1].fields["人口类型"] == "户籍人口"
    d = reg.details(people["flow"])
    assert d["resident_type"] == "1" and d["inflow_reason"] is None


# -- special groups ---------------------------------------------------------------------------------------


def test_special_group_names_are_the_sensitive_tags():
    assert set(codes.SPECIAL_GROUPS) == SENSITIVE_GROUPS


def test_a_record_implies_its_tag_and_ending_it_removes_the_tag(community, people):
    chief = principal(community, Role.GRID_CHIEF, "chief")
    groups = chief.special_groups()
    rid = groups.add(people["local"], "社区矫正", category="02", offense="盗窃罪", start_date=dt.date(2025, 1, 1),
                     today=TODAY)
    assert chief.tags_of(people["local"]) == ["社区矫正"]
    with pytest.raises(ValidationError, match="未解除的“社区矫正”记录"):
        groups.add(people["local"], "社区矫正", category="01", start_date=dt.date(2025, 2, 1), today=TODAY)
    with pytest.raises(ValidationError, match="未解除的“社区矫正”记录"):
        chief.remove_tag(people["local"], "社区矫正")  # the tag follows the record, not the other way
    with pytest.raises(ValidationError, match="未解除的“社区矫正”记录"):  # one refused tag: nothing is written
        chief.set_tags(people["local"], add=["低保"], remove=["社区矫正"])
    assert chief.tags_of(people["local"]) == ["社区矫正"]
    assert chief.set_tags(people["local"], add=["低保", "党员"]) == 2
    assert chief.set_tags(people["local"], add=["低保"], remove=["党员", "低保"]) == 2  # add kept, then removed
    assert chief.tags_of(people["local"]) == ["社区矫正"]
    [view] = groups.of_resident(people["local"])
    assert (view.group, view.category_label, view.offense, view.active) == ("社区矫正", "缓刑", "盗窃罪", True)
    with pytest.raises(ValidationError, match="解除日期.*不能早于起始日期"):
        groups.end(rid, dt.date(2024, 12, 31), today=TODAY)
    assert groups.end(rid, dt.date(2026, 1, 1), today=TODAY)
    assert chief.tags_of(people["local"]) == []
    assert not groups.of_resident(people["local"])[0].active
    # a new record for the same group is allowed once the old one ended
    groups.add(people["local"], "社区矫正", category="03", start_date=dt.date(2026, 2, 1), today=TODAY)
    assert chief.tags_of(people["local"]) == ["社区矫正"]


def test_each_group_has_its_own_key_fields(community, people):
    groups = principal(community, Role.GRID_CHIEF, "chief").special_groups()
    day = dt.date(2025, 1, 1)
    with pytest.raises(ValidationError, match="请选择管控情况"):
        groups.add(people["local"], "吸毒", start_date=day, today=TODAY)
    with pytest.raises(ValidationError, match="人员类型代码“42”"):
        groups.add(people["local"], "重点青少年", category="42", start_date=day, today=TODAY)
    with pytest.raises(ValidationError, match="艾滋病危险人员没有分类代码"):
        groups.add(people["local"], "艾滋病危险人员", category="01", start_date=day, today=TODAY)
    with pytest.raises(ValidationError, match="吸毒不登记原罪名"):
        groups.add(people["local"], "吸毒", category="01", offense="x", start_date=day, today=TODAY)
    with pytest.raises(ValidationError, match="起始日期不能晚于今天"):
        groups.add(people["local"], "刑满释放", start_date=TODAY + dt.timedelta(days=1), today=TODAY)
    with pytest.raises(ValidationError, match="未知的特殊人群类别"):
        groups.add(people["local"], "低保", start_date=day, today=TODAY)
    groups.add(people["local"], "留守人员", category="01", start_date=day, today=TODAY)
    assert [v.category_label for v in groups.of_resident(people["local"])] == ["留守老人"]


def test_special_groups_need_the_sensitive_permission_for_every_read_and_write(community, people):
    chief = principal(community, Role.GRID_CHIEF, "chief")
    rid = chief.special_groups().add(people["local"], "刑满释放", start_date=dt.date(2024, 6, 1), today=TODAY)
    for role in (Role.GRID_WORKER, Role.VIEWER, Role.ADMIN):
        other = principal(community, role, role.value).special_groups()
        with pytest.raises(PermissionDenied):
            other.of_resident(people["local"])
        with pytest.raises(PermissionDenied):
            other.add(people["flow"], "刑满释放", start_date=dt.date(2024, 6, 1), today=TODAY)
        with pytest.raises(PermissionDenied):
            other.end(rid, dt.date(2025, 1, 1), today=TODAY)
    with community.db.read() as s:
        assert s.execute(select(SpecialGroupRecord.end_date).where(SpecialGroupRecord.id == rid)).scalar() is None
    worker = principal(community, Role.GRID_WORKER, "worker")
    assert worker.tags_of(people["local"]) == []  # nor the tag it implies
    assert "religion" not in worker.details(people["local"])
    # police may read (SENSITIVE) but not write (no EDIT)
    police = principal(community, Role.POLICE, "police").special_groups()
    assert [v.group for v in police.of_resident(people["local"])] == ["刑满释放"]
    with pytest.raises(PermissionDenied):
        police.end(rid, dt.date(2025, 1, 1), today=TODAY)


def test_every_read_of_special_groups_is_audited(community, people):
    chief = principal(community, Role.GRID_CHIEF, "chief")
    chief.special_groups().add(people["local"], "严重精神障碍", category="1", start_date=dt.date(2024, 6, 1),
                               today=TODAY)
    police = principal(community, Role.POLICE, "police")
    police.special_groups().of_resident(people["local"])
    police.special_groups().of_resident(people["local"])
    with community.db.read() as s:
        rows = s.execute(select(AuditLog.username, AuditLog.action, AuditLog.target_table).where(
            AuditLog.target_table == "special_group_record")).all()
    assert rows.count(("police", "view", "special_group_record")) == 2
    assert ("chief", "create", "special_group_record") in rows


def test_special_group_records_are_synced_rows_of_the_grid(community, people):
    groups = principal(community, Role.GRID_CHIEF, "chief").special_groups()
    rid = groups.add(people["local"], "刑满释放", start_date=dt.date(2024, 6, 1), today=TODAY)
    with community.db.read() as s:
        rec = s.get(SpecialGroupRecord, rid)
        assert rec.unit_code == people["g1"]
        logged = s.execute(select(ChangeLog.table_name).where(ChangeLog.row_id == rid)).scalars().all()
    assert logged == ["special_group_record"]


# -- moving, finding households, buildings ------------------------------------------------------------------


def test_find_households_by_address_or_head_and_move(reg, people):
    found = reg.find_households(people["g1"], "王建")
    assert [(a, h) for _, a, h in found] == [("人民路2号1单元101", "王建国")]
    assert len(reg.find_households(people["g1"], "人民路2号")) == 2
    assert reg.find_households(people["g1"], "东风街") == []  # another grid's household is not offered
    assert reg.move_to_household(people["flow"], people["h1"], relation="99", on=dt.date(2026, 3, 1))
    assert reg.household_of(people["flow"]) == people["h1"]
    entry = reg.history(people["flow"])[-1]
    assert entry.fields["与户主关系"] == "非亲属" and entry.fields["迁入日期"] == "2026-03-01"
    with pytest.raises(ValidationError, match="只能迁入同一网格内的户"):
        reg.move_to_household(people["flow"], people["h3"], relation="99")
    with pytest.raises(ScopeError):
        RegistryService(reg.db, people["g2"]).find_households(people["g1"])


def test_buildings_of_a_grid_in_number_order(reg, people):
    assert [(n, c) for _, n, _, c in reg.buildings_of(people["g1"])] == [("2号楼", 2), ("10号楼", 0)]
