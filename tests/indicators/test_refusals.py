"""Refusals with the field named and nothing written; roles and scope; the new records travel by sync."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Role
from gridapp.db.models import SYNCED_MODELS, ChangeLog, OrgUnit, PoliceForce
from gridapp.services.units import UnitService

from .conftest import ind

DISTRICT, TOWN1, TOWN2 = "370303", "370303001", "370303002"


@pytest.fixture
def district(db):
    units = UnitService(db)
    units.initialise(DISTRICT, "张店区", Level.DISTRICT)
    units.add(TOWN1, "城东街道")
    units.add(TOWN2, "城西街道")
    units.add(f"{TOWN1}001", "和平社区")
    return db


def rows(db) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(PoliceForce)).scalar()


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"total": "abc"}, "警力总数"),
    ({"total": -1}, "警力总数"),
    ({"total": 10, "community_police": 11}, "社区民警"),
    ({"total": 10, "community_police": 5, "in_committees": 6}, "进两委民警"),
    ({"total": 10, "year": 2030}, "年度"),
])
def test_force_figures_refused_with_the_field(district, kwargs, field):
    args = {"year": 2026, **kwargs}
    with pytest.raises(ValidationError) as e:
        ind(district, unit=DISTRICT).set_police_force(TOWN1, args.pop("year"), args.pop("total"), **args)
    assert e.value.field == field and field in str(e.value)
    assert rows(district) == 0


def test_force_levels_scope_and_roles(district):
    with pytest.raises(ValidationError) as e:
        ind(district, unit=DISTRICT).set_police_force(f"{TOWN1}001", 2026, 5)
    assert e.value.field == "单位"
    with pytest.raises(ScopeError):
        ind(district, unit=TOWN2).set_police_force(TOWN1, 2026, 5)
    with pytest.raises(PermissionDenied):
        ind(district, Role.GRID_WORKER, TOWN1).set_police_force(TOWN1, 2026, 5)
    ind(district, Role.POLICE, TOWN1).set_police_force(TOWN1, 2026, 50, community_police=20)
    ind(district, Role.POLICE, TOWN1).set_police_force(TOWN1, 2026, 60, community_police=25)  # a correction
    assert rows(district) == 1
    with pytest.raises(ValidationError) as e:  # the county below its stations
        ind(district, unit=DISTRICT).set_police_force(DISTRICT, 2026, 59)
    assert e.value.field == "警力总数"
    with pytest.raises(PermissionDenied):  # homicides and surveys: the office only
        ind(district, Role.POLICE, TOWN1).add_survey(TOWN1, "2026-11-01", 10, 9, "问卷")
    with pytest.raises(ValidationError) as e:
        ind(district, unit=DISTRICT).set_cases(TOWN1, 2026, 1)
    assert e.value.field == "单位"


def test_surveys_refused_and_reading_out_of_scope(district):
    svc = ind(district, unit=TOWN1)
    for args, field in (((TOWN1, "2026-11-01", 0, 0, "问卷"), "调查样本数"),
                        ((TOWN1, "2026-13-01", 10, 1, "问卷"), "调查日期"),
                        ((TOWN1, "2026-11-01", 10, 1, "  "), "调查来源"),
                        ((TOWN1, "2026-11-01", 10, -1, "问卷"), "满意人数")):
        with pytest.raises(ValidationError) as e:
            svc.add_survey(*args)
        assert e.value.field == field
    with pytest.raises(ScopeError):
        svc.add_survey(TOWN2, "2026-11-01", 10, 1, "问卷")
    with pytest.raises(ScopeError):
        svc.compute(TOWN2, "2026-11")
    with pytest.raises(ValidationError) as e:
        svc.compute(None, "2027-01")
    assert e.value.field == "统计期"
    with pytest.raises(NotFound):
        ind(district, unit=DISTRICT).compute("370303009", "2026-11")


def test_the_new_records_are_synced_tables(district):
    assert {"police_force", "homicide_case", "satisfaction_survey"} <= set(SYNCED_MODELS)
    svc = ind(district, unit=DISTRICT)
    svc.set_police_force(DISTRICT, 2026, 500)
    svc.set_cases(DISTRICT, 2026, 2)
    svc.add_survey(TOWN1, "2026-11-02", 20, 19, "电话调查")
    with district.read() as s:
        tables = set(s.execute(select(ChangeLog.table_name)).scalars())
    assert {"police_force", "homicide_case", "satisfaction_survey"} <= tables


def test_a_district_viewer_reads_its_figures_on_a_city_database(db):
    """On a city's database (the hub's) the district's own org_unit row belongs to the city above it; the
    district's viewer still reads the district's figures, and not a sibling district's."""
    units = UnitService(db)
    units.initialise("3703", "淄博市", Level.CITY)
    units.add(DISTRICT, "张店区")
    units.add("370304", "博山区")
    units.add(TOWN1, "城东街道")
    with db.write() as s:  # as the rows arrive on the hub: each unit's row carries its parent's code
        for code in (DISTRICT, "370304"):
            s.execute(update(OrgUnit).where(OrgUnit.code == code).values(unit_code="3703"))
        s.execute(update(OrgUnit).where(OrgUnit.code == TOWN1).values(unit_code=DISTRICT))
    viewer = ind(db, Role.VIEWER, DISTRICT)
    d = viewer.compute(DISTRICT, "2026-11")
    assert d.unit_code == DISTRICT and d.results
    assert viewer.compute(None, "2026-11").unit_code == DISTRICT
    assert viewer.trend("visit_rate", None, "2026-11")
    with pytest.raises(ScopeError) as e:
        viewer.compute("370304", "2026-11")
    assert "370304" in str(e.value)
