"""The audit log reads as sentences: who did what to which record, in words."""

from __future__ import annotations

from gridapp.services.registry import ResidentInput
from tests.services.test_security import ADMIN_PW, GRID1, sessions, town  # noqa: F401 - fixtures


def test_entries_read_as_sentences_naming_the_record(town, sessions):  # noqa: F811
    path, ids, _ = town
    worker = sessions(path, "worker1")
    reg = worker.registry()
    reg.update_resident(ids[GRID1], {"phone": "13912345678", "current_address": "和平路 1 号"})
    import datetime as dt

    from gridapp.core.idnumber import make_id

    new_id = reg.create_resident(ResidentInput(grid_code=GRID1, id_number=make_id("370303", dt.date(1990, 5, 6), 21),
                                               name="新居民"))
    admin = sessions(path, "admin", ADMIN_PW)
    entries = admin.audit().search(limit=50)
    sentences = [e.sentence for e in entries]
    assert "worker1（网格员）修改了居民 居民1：现住详址、联系电话" in sentences
    assert "worker1（网格员）新增了居民 新居民" in sentences
    assert "worker1（网格员）登录" in sentences
    users = [e.sentence for e in entries if e.action == "user"]
    assert "admin（系统管理员）管理用户：用户 worker1（新建），角色：网格员" in users
    # the raw row stays for the detail
    edit = next(e for e in entries if e.sentence.endswith("现住详址、联系电话"))
    assert edit.target_id == ids[GRID1] and "phone" in edit.detail
    assert new_id in {e.target_id for e in entries}


def test_a_record_no_longer_here_is_said_so():
    from types import SimpleNamespace

    from gridapp.services.audit_text import describe

    class NoRows:
        def execute(self, _stmt):
            return SimpleNamespace(all=lambda: [])

    entry = SimpleNamespace(username="u", role="office", action="delete", target_table="dispute",
                            target_id="x", detail='{"reason": "重复"}')
    assert describe(NoRows(), [entry]) == ["u（综治中心工作人员）删除了矛盾纠纷（记录已不在本机），原因：重复"]
