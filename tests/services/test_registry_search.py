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
from gridapp.domain import clock
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
    # one or two digits match about 1% of everyone: not searched, the caller is told to type more
    short = reg.find("78")
    assert short.too_short and short.rows == [] and not reg.find("678").too_short
    assert names(reg.find("678").rows) == ["张三"]
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
    moved = reg.history(family["zhao"])[-1]  # the move is one change: household (as its address), relation, date
    h2 = reg.household(family["h2"])
    assert moved.op == "修改" and moved.fields["户"].startswith(h2.address)
    assert moved.fields["迁入日期"] == "2026-01-05" and moved.fields["与户主关系"] == "户主"
    assert "状态变更日期" not in moved.fields
    with pytest.raises(ValidationError, match="迁入日期"):
        reg.move_to_household(family["zhao"], family["h1"], on=clock.today() + dt.timedelta(days=1))


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


# -- the address index (FTS) through every write path; search results and truncation ----------------------


def fts_rows(db, text: str, *, keys: bool = False) -> set[int]:
    """Resident rowids the full-text index finds for `text` (no LIKE re-check: the index alone); with `keys`,
    the FTS rowids themselves (the name key above the resident's rowid)."""
    from gridapp.db.search_index import match_expression, resident_rowid

    with db.read() as s:
        conn = s.connection()
        match = match_expression(conn, text)
        if not match:
            return set()
        found = conn.exec_driver_sql("SELECT rowid FROM resident_fts WHERE resident_fts MATCH ?", (match,)).scalars()
        return set(found) if keys else {resident_rowid(k) for k in found}


def like_rows(db, text: str, *, keys: bool = False) -> set[int]:
    from gridapp.db.search_index import fts_key

    with db.read() as s:
        rows = s.connection().exec_driver_sql(
            "SELECT rowid, name FROM resident WHERE current_address LIKE ?", (f"%{text}%",)).all()
    return {fts_key(name, rowid) if keys else rowid for rowid, name in rows}


PROBES = ("人民", "1号", "单元101", "西五路8号", "幸福", "幸福里", "3号", "花园", "8", "号", "路8号")


def assert_index_in_step(db) -> None:
    for probe in PROBES:
        assert fts_rows(db, probe, keys=True) == like_rows(db, probe, keys=True), probe  # keyed by today's name
    with db.read() as s:  # the FTS structure itself is sound
        s.connection().exec_driver_sql("INSERT INTO resident_fts (resident_fts) VALUES ('integrity-check')")


def test_the_address_index_follows_changewriter_inserts_edits_and_deletes(community, reg, family):
    db = community.db
    assert fts_rows(db, "人民") == like_rows(db, "人民") and len(like_rows(db, "人民")) == 2
    assert_index_in_step(db)
    reg.update_resident(family["zhang"], {"current_address": "幸福里3号"})
    assert_index_in_step(db)
    assert fts_rows(db, "人民") == like_rows(db, "人民") and len(like_rows(db, "人民")) == 1
    reg.update_resident(family["zhang"], {"name": "张散"})  # the same first two characters: the key stays
    assert_index_in_step(db)
    reg.update_resident(family["zhang"], {"name": "章三"})  # another first character: the entry moves
    assert_index_in_step(db)
    reg.update_resident(family["liu"], {"current_address": None})
    assert_index_in_step(db)
    reg.update_resident(family["liu"], {"current_address": "花园路8号"})
    assert_index_in_step(db)
    with db.write() as s:
        w = ChangeWriter(db, s)
        w.bulk_insert(Resident, [
            {"unit_code": community.grids[0], "id_number": make_id("370303", dt.date(1960, 1, 1), 40 + i),
             "name": f"批量{i}", "gender": "1", "birth_date": dt.date(1960, 1, 1), "resident_type": "1",
             "status": "active", "current_address": f"幸福花园{i}号"} for i in range(5)])
        w.delete(Resident, family["zhao"])  # a tombstone: the row stays, the search filters it out
    assert_index_in_step(db)
    assert len(fts_rows(db, "幸福")) == 6
    with db.write() as s:  # a hard delete (no path does it today; the trigger covers it all the same)
        s.connection().exec_driver_sql("DELETE FROM resident WHERE id = ?", (family["liu"],))
    assert_index_in_step(db)
    assert "赵敏" not in names(reg.search("人民"))


def test_batches_inside_one_indexing_inserts_are_indexed_once_at_its_end(community, reg, family):
    """An import writes its residents in batches inside one `indexing_inserts`: the batches' own (nested) ones
    leave the indexing to it, and every row is indexed exactly once."""
    from gridapp.db.search_index import indexing_inserts

    db = community.db
    with db.write() as s:
        w = ChangeWriter(db, s)
        with indexing_inserts(s.connection()):
            for batch in range(3):
                w.bulk_insert(Resident, [
                    {"unit_code": community.grids[0], "id_number": make_id("370303", dt.date(1961, 1, 1), 60 + 5 * batch + i),
                     "name": f"分批{batch}{i}", "gender": "1", "birth_date": dt.date(1961, 1, 1), "resident_type": "1",
                     "status": "active", "current_address": f"幸福花园{batch}{i}号"} for i in range(5)])
                assert not fts_rows_in(s, "幸福花园")  # not yet: at the end of the outer one
        assert len(fts_rows_in(s, "幸福花园")) == 15
    assert_index_in_step(db)
    assert len(fts_rows(db, "幸福花园")) == 15
    with db.write() as s:  # the flag does not outlive its block: a later bulk insert indexes itself
        ChangeWriter(db, s).bulk_insert(Resident, [
            {"unit_code": community.grids[0], "id_number": make_id("370303", dt.date(1962, 1, 1), 99),
             "name": "单独", "gender": "1", "birth_date": dt.date(1962, 1, 1), "resident_type": "1",
             "status": "active", "current_address": "幸福花园99号"}])
    assert_index_in_step(db)
    assert len(fts_rows(db, "幸福花园")) == 16


def fts_rows_in(s, text: str) -> set[int]:
    from gridapp.db.search_index import resident_rowid

    return {resident_rowid(k) for k in s.connection().exec_driver_sql(
        "SELECT rowid FROM resident_fts WHERE resident_fts MATCH ?", (f'"{text}"',)).scalars()}


def test_the_address_index_follows_the_sync_merge(community, family):
    db = community.db
    with db.read() as s:
        clock = s.get(Resident, family["zhao"]).row_hlc
    new_id = "0" * 31 + "1"
    remote = [
        {"node_id": "remote0000000001", "node_seq": 1, "table_name": "resident", "row_id": family["zhao"],
         "unit_code": community.grids[0], "op": "update", "hlc": clock + (1 << 24),
         "fields": {"current_address": "幸福里3号"}, "base": None, "schema_rev": "0004"},
        {"node_id": "remote0000000001", "node_seq": 2, "table_name": "resident", "row_id": new_id,
         "unit_code": community.grids[0], "op": "insert", "hlc": clock + (1 << 24) + 1,
         "fields": {"name": "孙悟空", "id_number": make_id("370303", dt.date(1980, 1, 1), 51), "gender": "1",
                    "birth_date": "1980-01-01", "resident_type": "1", "status": "active",
                    "current_address": "花园路8号"},
         "base": None, "schema_rev": "0004"},
    ]
    with db.write() as s:
        apply_changes(s, remote, dt.datetime(2026, 11, 26))
    assert_index_in_step(db)
    reg = RegistryService(db, community.units.scope())
    assert names(reg.search("幸福")) == ["赵敏"] and names(reg.search("花园")) == ["孙悟空"]
    assert names(reg.search("人民")) == ["张三"]
    renamed = [  # another name from another node: the index entry follows the name's key (the merge names it)
        {"node_id": "remote0000000001", "node_seq": 3, "table_name": "resident", "row_id": family["zhao"],
         "unit_code": community.grids[0], "op": "update", "hlc": clock + (1 << 24) + 2,
         "fields": {"name": "钱敏"}, "base": None, "schema_rev": "0004"},
    ]
    with db.write() as s:
        apply_changes(s, renamed, dt.datetime(2026, 11, 26))
    assert_index_in_step(db)
    assert names(reg.search("幸福")) == ["钱敏"]


def test_the_address_index_follows_a_sync_import(template_db, tmp_path):
    from tests.sync.nodes import C1, G1, make_tree

    nodes = make_tree(template_db, tmp_path, codes=(C1, G1))
    try:
        grid = RegistryService(nodes[G1].db, G1)
        rid = grid.create_resident(ResidentInput(G1, ZHANG, "张三", current_address="幸福里3号"))

        def send() -> None:
            path = tmp_path / "up.gridpkg"
            path.unlink(missing_ok=True)
            nodes[G1].sync.export(C1, path)
            assert all(r.status in ("imported", "already") for r in nodes[C1].sync.import_files([path]))

        send()
        up = RegistryService(nodes[C1].db, C1)
        assert names(up.search("幸福")) == ["张三"]
        grid.update_resident(rid, {"current_address": "花园路8号"})
        send()
        assert up.search("幸福") == [] and names(up.search("花园")) == ["张三"]
        assert_index_in_step(nodes[C1].db)
    finally:
        for n in nodes.values():
            n.close()


def test_address_parts_of_two_and_three_characters_and_names_versus_addresses(community, reg, family):
    g1 = community.grids[0]
    for i, (name, addr) in enumerate([("幸福", "和平路3号"), ("王五", "幸福里3号楼"), ("李四", "幸福路12号"),
                                      ("周六", "人民路13号")]):
        reg.create_resident(ResidentInput(g1, make_id("370303", dt.date(1970, 1, 1), 60 + i), name,
                                          current_address=addr))
    # two characters: a name prefix or a part of the address; results in name order (the text's code points)
    assert names(reg.search("幸福")) == sorted(["李四", "王五", "幸福"])
    assert names(reg.search("幸福里")) == ["王五"]  # three
    assert names(reg.search("3号")) == sorted(["王五", "幸福", "周六"])
    assert names(reg.search("13号")) == ["周六"]
    assert names(reg.search("号楼")) == ["王五"]
    assert names(reg.search("福里3")) == ["王五"]
    assert reg.search("幸 福") == []  # the index ignores the space; the re-check does not
    # deleted and moved-out residents, and the filters, still apply
    liu = reg.search("西五路")[0]
    reg.set_status(liu.id, "moved_out", TODAY)
    assert reg.search("西五路") == []
    assert names(reg.search("人民", ResidentFilter(grid_code=g1))) == ["周六", "张三", "赵敏"]
    assert names(reg.search("人民", ResidentFilter(resident_type="2"))) == ["赵敏"]
    assert reg.search("人民", ResidentFilter(grid_code=community.grids[1])) == []


def test_a_search_that_matches_more_than_the_limit_says_so(community, reg, family):
    g1 = community.grids[0]
    for i in range(6):
        reg.create_resident(ResidentInput(g1, make_id("370303", dt.date(1970, 1, 1), 70 + i), f"幸福{i}",
                                          current_address=f"和平路{i}号"))
    full = reg.find("幸福", limit=10)
    assert not full.truncated and names(full.rows) == [f"幸福{i}" for i in range(6)]
    cut = reg.find("幸福", limit=4)
    assert cut.truncated and names(cut.rows) == [f"幸福{i}" for i in range(4)]  # the first four in name order
    assert not reg.find("幸福", limit=6).truncated
    by_address = reg.find("和平路", limit=3)
    assert by_address.truncated and names(by_address.rows) == ["幸福0", "幸福1", "幸福2"]
    everyone = reg.find("", limit=3)
    assert everyone.truncated and len(everyone.rows) == 3
    assert reg.search("和平路", limit=3) == by_address.rows


def test_a_common_address_part_reads_in_name_order_with_the_same_results(community, reg, family, monkeypatch):
    g1 = community.grids[0]
    for i in range(6):
        reg.create_resident(ResidentInput(g1, make_id("370303", dt.date(1971, 1, 1), 80 + i), f"周{i}",
                                          current_address=f"和平路{i}号"))
    few = [reg.find(q, limit=4) for q in ("和平路", "1号", "人民", "平路3")]
    monkeypatch.setattr(RegistryService, "ADDRESS_CHUNK", 1)  # the index's matches read one at a time
    assert [reg.find(q, limit=4) for q in ("和平路", "1号", "人民", "平路3")] == few
    monkeypatch.setattr(RegistryService, "_common_in_names", lambda *_a: True)  # parts of 2: read in name order
    assert [reg.find(q, limit=4) for q in ("和平路", "1号", "人民", "平路3")] == few
    monkeypatch.setattr(RegistryService, "ADDRESS_FEW", 1)  # the index walk gives way after one match: all too
    common = [reg.find(q, limit=4) for q in ("和平路", "1号", "人民", "平路3")]
    assert common == few
    assert [len(r.rows) for r in common] == [4, 3, 2, 1] and common[0].truncated


@pytest.mark.parametrize("chunk,few", [(1, 4000), (3, 4000), (256, 4000), (2, 5)])
@pytest.mark.parametrize("limit", [1, 4, 7, 40])
def test_an_address_search_reads_the_index_in_name_key_order_and_pages_exactly(community, reg, family, monkeypatch,
                                                                               chunk, few, limit):
    """Matches come from the index in the order of the name key (the first two characters): the page is the
    first `limit` in the list's exact order (name, grid, address), across ties on the two characters, names of
    one character, characters past the key's cap, other grids and rows the filters leave out."""
    g1, g2 = community.grids
    given = ["王芳", "王芳", "王", "王五", "王芳芳", "李雷", "李", "𠀋子", "𠀀", "Ann", "阿三", "王二", "王芳"]
    for i, name in enumerate(given):
        reg.create_resident(ResidentInput((g1, g2)[i % 2], make_id("370303", dt.date(1972, 1, 1), 100 + i), name,
                                          current_address=f"同心路{i % 3}号"))
    gone = reg.find("𠀀").rows[0].id
    reg.set_status(gone, "deceased", dt.date(2024, 1, 1))  # out of the default filter
    monkeypatch.setattr(RegistryService, "ADDRESS_CHUNK", chunk)
    monkeypatch.setattr(RegistryService, "ADDRESS_FEW", few)  # 5: the walk gives way to the name-order read
    with community.db.read() as s:
        rows = s.execute(select(Resident.name, Resident.unit_code, Resident.current_address, Resident.id).where(
            Resident.current_address.like("%同心路%"), Resident.status == "active")).all()
    expected = [r[3] for r in sorted(rows)]
    found = reg.find("同心路", limit=limit)
    assert [r.id for r in found.rows] == expected[:limit]
    assert found.truncated == (len(expected) > limit)
    in_g2 = reg.find("同心路", ResidentFilter(grid_code=g2), limit=limit)
    assert [r.id for r in in_g2.rows] == [r[3] for r in sorted(rows) if r[1] == g2][:limit]


# -- the list as an id list ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sort", ["name", "grid", "birth_date", "address"])
@pytest.mark.parametrize("descending", [False, True])
def test_the_id_list_has_the_order_of_the_pages_and_its_windows_read_back(community, reg, family, sort, descending):
    g1, g2 = community.grids
    for i in range(12):  # ties on name, grid, birth date and address, and one without an address
        reg.create_resident(ResidentInput((g1, g2)[i % 2], make_id("370303", dt.date(1980 + i % 3, 1, 1), 90 + i),
                                          ("王芳", "李雷")[i % 2], current_address=None if i == 5 else f"和平路{i % 4}号"))
    f = ResidentFilter()
    ids = reg.id_list(f, sort=sort, descending=descending)
    assert len(ids) == reg.count(f) == 15
    pages = reg.page(f, offset=0, limit=100, sort=sort, descending=descending)
    for start in (0, 4, 11):
        window = reg.rows(ids[start:start + 4])
        assert [v.id for v in window] == [v.id for v in pages[start:start + 4]]
    # the second half read from the end (the old OFFSET path) agrees too
    assert [v.id for v in reg.page(f, offset=10, limit=5, sort=sort, descending=descending, total=15)] == \
        [v.id for v in pages[10:15]]


def test_the_id_list_follows_the_filters_and_rows_leave_out_what_is_gone_or_out_of_scope(community, reg, family):
    g1, g2 = community.grids
    ids = reg.id_list(ResidentFilter(grid_code=g1))
    assert [v.name for v in reg.rows(ids)] == ["张三", "赵敏"]
    assert len(reg.id_list(ResidentFilter(resident_type="2"))) == 1
    everyone = reg.id_list(ResidentFilter())
    reg.set_status(family["liu"], "moved_out", TODAY)
    assert len(reg.id_list(ResidentFilter())) == 2 and len(reg.id_list(ResidentFilter(status=None))) == 3
    grid2 = RegistryService(community.db, g2)
    assert [v.name if v else None for v in grid2.rows(everyone)] == ["刘晓", None, None]  # name order
    assert reg.rows([10**9]) == [None]


def test_writers_index_inserted_rows_in_one_statement(community, reg, family):
    """Inserts are indexed by their writers (ChangeWriter, the sync merge) after the batch, not by a trigger;
    a failed batch leaves nothing; merge updates name the address only where it changed."""
    from sqlalchemy.exc import IntegrityError

    db = community.db
    n = 100

    def people(first: int, prefix: str) -> list[dict]:
        return [{"unit_code": community.grids[0], "id_number": make_id("370303", dt.date(1970, 1, 1), first + i),
                 "name": f"{prefix}{i}", "gender": "1", "birth_date": dt.date(1970, 1, 1), "resident_type": "1",
                 "status": "active", "current_address": None if i % 10 == 0 else f"幸福花园{i}号"}
                for i in range(n)]

    with db.read() as s:
        triggers = set(s.connection().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'resident'").scalars())
    assert triggers == {"resident_fts_au", "resident_fts_ad"}  # no per-row insert trigger
    with db.write() as s:
        ChangeWriter(db, s).bulk_insert(Resident, people(100, "批量"))
    assert_index_in_step(db)
    assert len(fts_rows(db, "幸福花园")) == n - n // 10
    with pytest.raises(IntegrityError), db.write() as s:  # fails inside the batch: nothing is kept
        rows = people(300, "失败")
        rows[0]["id"] = rows[-1]["id"] = "f" * 32
        ChangeWriter(db, s).bulk_insert(Resident, rows)
    assert names(reg.search("失败")) == []
    assert_index_in_step(db)
    # the sync merge: a batch of new residents from another node, then edits (address and not)
    with db.read() as s:
        clock = max(s.execute(select(Resident.row_hlc)).scalars())
    remote = [{"node_id": "remote0000000002", "node_seq": i + 1, "table_name": "resident",
               "row_id": f"{i + 1:032x}", "unit_code": community.grids[0], "op": "insert",
               "hlc": clock + (1 << 24) + i,
               "fields": {"name": f"远方{i}", "id_number": make_id("370303", dt.date(1981, 1, 1), 500 + i),
                          "gender": "1", "birth_date": "1981-01-01", "resident_type": "1", "status": "active",
                          "current_address": f"远方路{i}号"},
               "base": None, "schema_rev": "0007"} for i in range(n)]
    with db.write() as s:
        apply_changes(s, remote, dt.datetime(2026, 11, 26))
    assert_index_in_step(db)
    assert len(fts_rows(db, "远方路")) == n
    edits = [{"node_id": "remote0000000002", "node_seq": n + 1 + i, "table_name": "resident",
              "row_id": f"{i + 1:032x}", "unit_code": community.grids[0], "op": "update",
              "hlc": clock + (2 << 24) + i,
              "fields": {"current_address": f"近邻街{i}号"} if i % 2 else {"name": f"远方改{i}"},
              "base": None, "schema_rev": "0007"} for i in range(n)]
    with db.write() as s:
        apply_changes(s, edits, dt.datetime(2026, 11, 26))
    assert_index_in_step(db)
    assert len(fts_rows(db, "近邻街")) == n // 2 and len(fts_rows(db, "远方路")) == n // 2
    assert len(names(reg.search("远方改"))) == n // 2
    reg.create_resident(ResidentInput(community.grids[0], make_id("370303", dt.date(1999, 9, 9), 71), "单个",
                                      current_address="远方路单个"))
    assert len(fts_rows(db, "远方路")) == n // 2 + 1
    assert_index_in_step(db)


@pytest.mark.parametrize("part", ["号楼", "幸福", "路1", "7号", "东路", "楼"])
def test_a_short_address_part_finds_the_same_whether_probed_common_or_looked_up(demo_db, monkeypatch, part):
    from gridapp.services.registry import RegistryService

    reg = RegistryService(demo_db, "370303001")
    monkeypatch.setattr(RegistryService, "PROBE_ROWS", 10**9)  # never common by the probe: the FTS vocabulary
    looked_up = reg.find(part, limit=50)
    monkeypatch.setattr(RegistryService, "PROBE_ROWS", 40)  # a short probe: common parts skip the vocabulary
    monkeypatch.setattr(RegistryService, "PROBE_EVERY", 40)
    probed = reg.find(part, limit=50)
    assert [r.id for r in probed.rows] == [r.id for r in looked_up.rows]
    assert probed.truncated == looked_up.truncated
    assert all(part in (r.current_address or "") or r.name.startswith(part) for r in probed.rows)
