"""The grid's patrols and logs flow up to the community and the town; the office's comment flows back down."""

from __future__ import annotations

from sqlalchemy import select

from gridapp.core.permissions import Principal, Role
from gridapp.db.models import Patrol, Worklog, WorklogComment
from gridapp.domain.worklog import PatrolInput, WorklogInput
from gridapp.services.registry import RegistryService
from gridapp.services.worklog import WorklogService
from tests.sync.nodes import C1, G1, TOWN, make_tree, xfer

from .conftest import TODAY


def ids(node, model) -> set[str]:
    with node.db.read() as s:
        return set(s.execute(select(model.id).where(model.deleted.is_(False))).scalars())


def test_up_and_the_comment_down(sync_tree, tmp_path):
    hid = RegistryService(sync_tree[G1].db, G1).create_household(G1, "测试路1号")
    worker = WorklogService(sync_tree[G1].db, Principal("u1", "w", Role.GRID_WORKER, G1, display_name="网格员甲"),
                            today=lambda: TODAY)
    pid = worker.add_patrol(PatrolInput(hid, TODAY, "了解情况"))
    lid = worker.add_worklog(WorklogInput(TODAY, "今天走访一户"))
    xfer(sync_tree, G1, C1, tmp_path)
    xfer(sync_tree, C1, TOWN, tmp_path)
    assert pid in ids(sync_tree[TOWN], Patrol) and lid in ids(sync_tree[TOWN], Worklog)
    chief = WorklogService(sync_tree[C1].db, Principal("u2", "o", Role.OFFICE, C1, display_name="社区综治中心"),
                           today=lambda: TODAY)
    assert [v.content for v in chief.list_worklogs()] == ["今天走访一户"]
    cid = chief.comment(lid, "请跟进")
    xfer(sync_tree, C1, G1, tmp_path)
    assert cid in ids(sync_tree[G1], WorklogComment)
    assert [c.text for c in worker.get_worklog(lid).comments] == ["请跟进"]


def test_a_grid_cannot_record_a_patrol_of_a_sibling_grids_household(template_db, tmp_path):
    from gridapp.core.ids import uuid7
    from tests.services.test_sync_ownership import forge
    from tests.sync.nodes import G2

    nodes = make_tree(template_db, tmp_path)
    try:
        hid = RegistryService(nodes[G2].db, G2).create_household(G2, "测试路2号")
        xfer(nodes, G2, C1, tmp_path)
        forge(nodes[G1], "patrol", uuid7(), "insert", {"household_id": hid, "visited_on": TODAY.isoformat(),
                                                       "worker": "x", "situation": "冒充"})
        path = tmp_path / "forged.gridpkg"
        nodes[G1].sync.export(C1, path)
        (res,) = nodes[C1].sync.import_files([path])
        assert res.status == "refused"
        assert ids(nodes[C1], Patrol) == set()
    finally:
        for n in nodes.values():
            n.close()
