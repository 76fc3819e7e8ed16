"""The search box of 矛盾调解, 我的任务 and 八小工程, in the services: every word found in the ledger's text columns,
in SQL, within the user's scope; LIKE's own signs match themselves; a text too long is refused naming 查找."""

from __future__ import annotations

import datetime as dt

import pytest

from gridapp.core.errors import ValidationError
from gridapp.core.permissions import Principal, Role
from gridapp.domain.disputes import DisputeInput
from gridapp.domain.projects import ProjectInput
from gridapp.services.disputes import DisputeLedger, DisputeService
from gridapp.services.projects import SmallProjectService

DAY = dt.date(2026, 6, 1)


def worker(community, grid: str) -> Principal:
    return Principal("u-w", "w", Role.GRID_WORKER, grid, display_name="网格员")


@pytest.fixture
def disputes(community):
    svc = DisputeService(community.db, community.code)
    g1, g2 = community.grids
    ids = {
        "leak": svc.register(DisputeInput("楼上漏水纠纷", DAY, "幸福路8号", "02", "01", 2, "", "甲某、乙某", None, g1)),
        "noise": svc.register(DisputeInput("夜间噪音纠纷", DAY, "和平路3号", "02", "01", 2, "", "丙某", None, g1)),
        "wage": svc.register(DisputeInput("100%工资纠纷", DAY, "幸福路_9号", "01", "01", 3, "", "丁某", None, g2)),
    }
    return svc, ids


def names(svc, query: str) -> set[str]:
    return {d.name for d in svc.ledger_rows(svc.ledger_ids(query=query)) if d is not None}


def test_disputes_by_name_place_party_number_and_every_word(disputes):
    svc, ids = disputes
    assert names(svc, "漏水") == {"楼上漏水纠纷"}
    assert names(svc, "幸福路") == {"楼上漏水纠纷", "100%工资纠纷"}
    assert names(svc, "丙某") == {"夜间噪音纠纷"}
    assert names(svc, "幸福路 工资") == {"100%工资纠纷"}  # every word
    short = svc.get(ids["noise"]).short_number
    assert names(svc, short) == {"夜间噪音纠纷"}  # said on the phone: 2026-0002-381
    assert names(svc, svc.get(ids["leak"]).number) == {"楼上漏水纠纷"}
    assert names(svc, "") == {"楼上漏水纠纷", "夜间噪音纠纷", "100%工资纠纷"}


def test_like_signs_match_themselves_and_the_search_stays_in_scope(disputes, community):
    svc, _ids = disputes
    assert names(svc, "%") == {"100%工资纠纷"} and names(svc, "路_9") == {"100%工资纠纷"}
    mine = DisputeService(community.db, worker(community, community.grids[0]))
    assert names(mine, "幸福路") == {"楼上漏水纠纷"}  # the other grid's dispute is not found
    rows = {r["name"] for r in DisputeLedger(community.db, community.code).export_rows(query="幸福路")}
    assert rows == {"楼上漏水纠纷", "100%工资纠纷"}  # the export filters as the list does


def test_a_search_text_too_long_is_refused_naming_the_field(disputes):
    svc, _ids = disputes
    with pytest.raises(ValidationError) as e:
        svc.ledger_ids(query="纠" * 101)
    assert e.value.field == "查找"


def test_small_projects_by_responsible_place_and_content(community):
    svc = SmallProjectService(community.db, community.code)
    g1 = community.grids[0]
    svc.record(ProjectInput("service", "义诊进社区", DAY, "量血压", "赵医生", g1, place="广场", participants=5,
                            service_type="01", served=20), recorder="测试登记人")
    svc.record(ProjectInput("safety", "消防巡查", DAY, "楼道堆物清理", "钱队长", g1, place="7号楼", participants=3,
                            hazards_found=2, hazards_fixed=2), recorder="测试登记人")

    def found(q: str) -> set[str]:
        return {p.title for p in svc.ledger_rows(svc.ledger_ids(query=q)) if p is not None}

    assert found("钱队长") == {"消防巡查"} and found("血压") == {"义诊进社区"} and found("广场") == {"义诊进社区"}
    assert found("没有这个") == set()
