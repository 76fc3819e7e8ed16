"""gridapp.services.agenda: 今日待办 on the home page, each part through its own service (roles, scope)."""

from __future__ import annotations

from gridapp.core.permissions import Principal, Role
from gridapp.services.affairs import AffairInput, AffairService
from gridapp.services.agenda import build_agenda
from gridapp.services.disputes import DisputeService
from gridapp.services.tasks import TaskService
from gridapp.services.visits import VisitService, today_local

TOWN = "370303001"
GRID = "370303001001001"


def agenda_for(db, role: Role, unit: str):
    p = Principal("u-" + role.value, role.value, role, unit)
    return build_agenda(TaskService(db, p), VisitService(db, p), DisputeService(db, p), AffairService(db, p))


def test_the_office_sees_every_part_with_the_figures_of_its_pages(demo_db):
    a = agenda_for(demo_db, Role.OFFICE, TOWN)
    tasks = TaskService(demo_db, TOWN).list()
    assert a.tasks.count == sum(t.status != "done" for t in tasks)
    assert a.tasks.urgent == sum(t.status == "overdue" for t in tasks)
    due = VisitService(demo_db, TOWN).due()
    assert a.visits.count == len(due) > 0 and a.visits.urgent == sum(d.last_visit is None for d in due)
    open_ = [d for d in DisputeService(demo_db, TOWN).list_disputes(limit=100000)
             if d.status in ("registered", "mediating")]
    assert a.disputes.count == len(open_) and a.disputes.urgent == sum(d.overdue for d in open_)
    assert a.affairs is not None and a.on == today_local()


def test_a_new_application_waits_for_the_approver_not_for_the_applicant(demo_db):
    before = agenda_for(demo_db, Role.OFFICE, TOWN).affairs.count
    dept = AffairService(demo_db, Principal("d", "d", Role.DEPARTMENT, TOWN))
    dept.apply(AffairInput(name="燃气入户宣传", department="住建局", basis="《城镇燃气管理条例》",
                           duty="入户发放宣传材料", frequency="06", deadline_days=3))
    assert agenda_for(demo_db, Role.OFFICE, TOWN).affairs.count == before + 1
    assert agenda_for(demo_db, Role.DEPARTMENT, TOWN).affairs.count == 0  # it may only edit its own


def test_a_grid_worker_sees_the_grid_only_and_no_police_list(demo_db):
    a = agenda_for(demo_db, Role.GRID_WORKER, GRID)
    assert a.visits is None  # the due-visit list is the police's and the office's work
    assert a.tasks.count == sum(t.status != "done" for t in TaskService(demo_db, GRID).list())
    assert a.tasks.count < agenda_for(demo_db, Role.OFFICE, TOWN).tasks.count
    police = agenda_for(demo_db, Role.POLICE, GRID)
    assert police.visits is not None and police.visits.count == len(VisitService(demo_db, GRID).due())


def test_events_waiting_for_the_user_are_the_events_pages_mine_list(demo_db):
    import datetime as dt

    from gridapp.services.events import EventInput, EventService

    community = GRID[:12]
    today = today_local()
    worker = EventService(demo_db, Principal("w", "w", Role.GRID_WORKER, GRID))
    eid = worker.report(EventInput(class_code="05", subclass="0502", title="路灯不亮", description="3号楼前路灯不亮",
                                   place="幸福街3号", found_on=today - dt.timedelta(days=0)))
    office_p = Principal("o", "o", Role.OFFICE, community)
    p = office_p

    def events_part(principal):
        return build_agenda(TaskService(demo_db, principal), VisitService(demo_db, principal),
                            DisputeService(demo_db, principal), AffairService(demo_db, principal),
                            events=EventService(demo_db, principal)).events

    part = events_part(p)
    office = EventService(demo_db, office_p)
    assert part is not None and part.count == len(office.list_ids(mine=True)) >= 1
    assert eid in office.list_ids(mine=True)
    office.act(eid, "accept")
    office.act(eid, "dispatch", to=GRID)
    assert eid in worker.list_ids(mine=True)
    assert events_part(Principal("w", "w", Role.GRID_WORKER, GRID)).count == len(worker.list_ids(mine=True))
    # a reader with neither event permission has no such part
    assert events_part(Principal("v", "v", Role.VIEWER, GRID)) is None
