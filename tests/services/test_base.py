"""services.base: one principal (never None), one not-found / out-of-scope check, one clock reaching the services."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from pathlib import Path

import pytest

import gridapp.services as services_pkg
from gridapp.core.errors import NotFound, PermissionDenied, ScopeError
from gridapp.core.permissions import Perm, Principal, Role
from gridapp.domain import clock
from gridapp.services.affairs import AffairService
from gridapp.services.assessment import AssessmentService
from gridapp.services.base import ScopedService
from gridapp.services.disputes import DisputeInput, DisputeService
from gridapp.services.ledger import LedgerService
from gridapp.services.projects import SmallProjectService
from gridapp.services.registry import RegistryService
from gridapp.services.special_groups import SpecialGroupService
from gridapp.services.tasks import TaskService
from gridapp.services.visits import VisitService

AREAS = (AffairService, AssessmentService, DisputeService, LedgerService, SmallProjectService, RegistryService,
         SpecialGroupService, TaskService, VisitService)


def worker(community, grid: str) -> Principal:
    return Principal("u-" + grid, "worker" + grid[-1], Role.GRID_WORKER, grid)


def register(db, who, grid: str) -> str:
    return DisputeService(db, who).register(DisputeInput(
        name="楼上漏水纠纷", occurred_on=dt.date(2026, 6, 1), place="人民路1号", category="02", scale="01", people=2,
        grid_code=grid, deadline=dt.date(2026, 6, 10)), today=dt.date(2026, 6, 2))


@pytest.mark.parametrize("service", AREAS)
def test_no_service_accepts_principal_none(community, service):
    with pytest.raises(TypeError):
        service(community.db, None)
    svc = service(community.db, community.code)  # a unit code: the installation acting for itself there
    assert svc.principal.is_system and svc.principal.unit_code == community.code and svc.scope == community.code


def test_no_service_branches_on_a_missing_principal():
    """The principal is always there: no `principal is None` branches and no `isinstance(who, …)` scattering."""
    folder = Path(inspect.getfile(services_pkg)).parent
    found = [f"{p.name}:{n}" for p in sorted(folder.glob("*.py")) if p.name not in ("base.py", "session.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"principal is (not )?None|isinstance\(who", line)]
    assert found == []


def test_the_system_principal_may_everything_and_never_expires():
    p = Principal.system("370303001001")
    assert all(p.may(perm) for perm in Perm) and not p.expired
    p.require(Perm.SENSITIVE)  # no refusal, no timeout


def test_live_tells_not_found_from_out_of_scope(community):
    first, second = community.grids
    did = register(community.db, community.code, first)
    own = DisputeService(community.db, worker(community, first))
    assert own.get(did).id == did
    other = DisputeService(community.db, worker(community, second))
    with pytest.raises(ScopeError) as info:
        other.get(did)
    assert info.value.message == f"该矛盾纠纷不在您的管辖范围 {second} 内。"
    with pytest.raises(NotFound) as info:
        other.get("no-such-id")
    assert info.value.message == "找不到该矛盾纠纷。"
    # the same check, the same words, in another area
    with community.db.read() as s, pytest.raises(ScopeError, match=f"该居民不在您的管辖范围 {second} 内"):
        from gridapp.db.models import Dispute
        RegistryService(community.db, worker(community, second))._live(
            s, Dispute, did, "居民")


def test_live_hides_rows_where_existence_is_not_told(community):
    """Tasks read out of scope as not found (hide=True): the other grid learns nothing."""
    first, second = community.grids
    with community.db.read() as s, pytest.raises(NotFound, match="找不到该任务"):
        from gridapp.db.models import Dispute
        TaskService(community.db, worker(community, second))._live(
            s, Dispute, register(community.db, community.code, first), "任务", hide=True)


def test_permissions_still_hold_for_people(community):
    police = DisputeService(community.db, Principal("p", "police", Role.POLICE, community.code))
    with pytest.raises(PermissionDenied):
        police.register(DisputeInput(name="纠纷", occurred_on=dt.date(2026, 6, 1), place="某地", category="02",
                                     scale="01", people=2, grid_code=community.grids[0]), today=dt.date(2026, 6, 2))


def test_the_injected_today_reaches_the_services(community):
    did = register(community.db, community.code, community.grids[0])
    svc = DisputeService(community.db, community.code)
    with clock.frozen(dt.date(2026, 6, 5)):
        assert svc.get(did).overdue is False
        assert TaskService(community.db, community.code).today() == dt.date(2026, 6, 5)
        assert AffairService(community.db, community.code).today() == dt.date(2026, 6, 5)
    with clock.frozen(dt.date(2026, 7, 1)):
        assert svc.get(did).overdue is True
        assert AssessmentService(community.db, community.code).today() == dt.date(2026, 7, 1)
    assert clock.today() != dt.date(2026, 7, 1) or dt.date.today() == dt.date(2026, 7, 1)


def test_area_services_share_the_base():
    assert all(issubclass(s, ScopedService) for s in AREAS)


def test_a_resident_is_found_by_key_the_same_way_in_every_area(community):
    """`resident_id` (party, special groups) reads a record id or a full ID number, in scope only; the message
    names the key and says what the area asks of a resident."""
    from gridapp.core.idnumber import make_id
    from gridapp.services.party import PartyService
    from gridapp.services.registry import ResidentInput

    first, second = community.grids
    number = make_id("370303", dt.date(1980, 5, 6), 7)
    rid = RegistryService(community.db, community.code).create_resident(ResidentInput(
        grid_code=first, id_number=number, name="测试甲"))
    chief = Principal("u-chief", "chief", Role.GRID_CHIEF, first)
    for svc in (PartyService(community.db, chief), SpecialGroupService(community.db, chief)):
        assert svc.resident_id(rid) == rid
        assert svc.resident_id(f"  {number.lower()} ") == rid
    other = Principal("u-chief2", "chief2", Role.GRID_CHIEF, second)
    with pytest.raises(NotFound) as info:
        SpecialGroupService(community.db, other).resident_id(number)
    assert info.value.message == f"本单位范围内找不到居民“{number}”（请给出居民编号或完整身份证号）。"
    assert info.value.field == "居民"
    with pytest.raises(NotFound) as info:
        PartyService(community.db, other).resident_id(rid)
    assert info.value.message == f"本单位范围内找不到居民“{rid}”（党员须有居民档案；请给出居民编号或完整身份证号）。"
