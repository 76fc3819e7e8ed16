"""Ledgers as grids keep them, and as people leave them (issue 11): no grid column, everyday relation words,
title and blank rows, stray spaces, full-width digits, lower-case x, IDs Excel turned into numbers, control
characters, renaming by upsert, a sheet whose extent would exhaust memory, output folders that do not exist.
All data generated (core.idnumber.make_id)."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select, update

from gridapp.core import codes
from gridapp.core.errors import ValidationError
from gridapp.core.idnumber import make_id, parse_id
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import Resident
from gridapp.services.ledger import NUMERIC_ID, GridRequired, LedgerService
from gridapp.services.registry import RegistryService, ResidentInput
from gridapp.services.units import UnitService


def person(n: int, *, female: bool = False, year: int = 1970) -> str:
    """A valid generated ID number; `n` makes it unique (the sequence's parity gives the gender)."""
    seq = 2 * n + (0 if female else 1)
    return make_id("370303", dt.date(year + n % 30, 1 + n % 12, 1 + n % 28), seq % 1000)


def save(path: Path, rows: list[list], merge_title: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    if merge_title:
        ws.append([merge_title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def residents(db) -> dict[str, Resident]:
    with db.read() as s:
        return {r.id_number: r for r in s.execute(select(Resident)).scalars()}


def worker(community, grid: str) -> LedgerService:
    return LedgerService(community.db, Principal("w", "网格员", Role.GRID_WORKER, grid))


def office(community) -> LedgerService:
    return LedgerService(community.db, Principal("o", "综治", Role.OFFICE, community.code))


# -- 1. a ledger without a 网格编码 column --------------------------------------------------------------------
def test_a_grid_workers_own_ledger_goes_to_the_own_grid(community, tmp_path):
    grid = community.grids[1]
    path = save(tmp_path / "l.xlsx", [["姓名", "身份证号"], ["张三", person(1)], ["李四", person(2)]])
    plan = worker(community, grid).prepare(path)
    assert plan.counts["inserted"] == 2 and plan.counts["rejected"] == 0
    worker(community, grid).apply(plan)
    assert {r.unit_code for r in residents(community.db).values()} == {grid}


def test_an_installation_that_is_a_grid_takes_the_ledger_without_a_grid_column(db, tmp_path):
    grid = "370303001001003"
    UnitService(db).initialise(grid, "第3网格", Level.GRID)
    path = save(tmp_path / "l.xlsx", [["姓名", "身份证号"], ["张三", person(1)]])
    ledger = LedgerService(db, grid)
    ledger.apply(ledger.prepare(path))
    assert [r.unit_code for r in residents(db).values()] == [grid]


def test_above_a_grid_the_ledger_is_refused_once_with_the_grids_to_choose(community, tmp_path):
    path = save(tmp_path / "l.xlsx", [["姓名", "身份证号"], ["张三", person(1)], ["李四", person(2)]])
    with pytest.raises(GridRequired) as err:
        office(community).prepare(path)
    assert err.value.choices == [(community.grids[0], "和平社区 第1网格"), (community.grids[1], "和平社区 第2网格")]
    assert "网格编码" in err.value.message
    plan = office(community).prepare(path, default_grid=community.grids[1])
    assert plan.counts["inserted"] == 2 and {r.grid_code for r in plan.rows} == {community.grids[1]}
    with pytest.raises(ValidationError, match="不存在"):
        office(community).prepare(path, default_grid="370303001001009")
    with pytest.raises(ValidationError, match="范围"):
        worker(community, community.grids[0]).prepare(path, default_grid=community.grids[1])


def test_a_grid_column_may_name_the_grid(community, tmp_path):
    path = save(tmp_path / "l.xlsx", [["网格", "姓名", "身份证号"], ["第2网格", "张三", person(1)],
                                      ["和平社区 第1网格", "李四", person(2)], ["第9网格", "王五", person(3)]])
    plan = office(community).prepare(path)
    assert [r.grid_code for r in plan.rows[:2]] == [community.grids[1], community.grids[0]]
    assert [r.row_no for r in plan.refused] == [4] and "第9网格" in plan.refused[0].reason


# -- 2. 与户主关系: the whole GB/T 4761 table and the everyday words -------------------------------------------------
EVERYDAY = {"户主": "02", "本人": "01", "配偶": "10", "妻": "12", "妻子": "12", "夫": "11", "丈夫": "11",
            "儿子": "20", "长子": "22", "次子": "23", "女儿": "30", "长女": "32", "孙子": "41", "孙女": "42",
            "外孙": "43", "外孙女": "44", "儿媳": "38", "媳妇": "38", "女婿": "28", "哥哥": "71", "弟弟": "73",
            "姐姐": "75", "妹妹": "77", "嫂子": "72", "弟媳": "74", "父亲": "51", "爸爸": "51", "母亲": "52",
            "妈妈": "52", "公公": "53", "婆婆": "54", "岳父": "55", "岳母": "56", "侄子": "93", "侄女": "94",
            "外甥": "95", "外甥女": "96", "保姆": "99", "租户": "99", "同住": "99", "孙子、孙女或外孙子、外孙女": "40"}


def test_the_relation_table_is_the_whole_standard():
    assert len(codes.RELATION) == 84 and codes.RELATION["97"] == "其他亲属" and codes.RELATION["80"] == "其他"
    assert codes.RELATION["41"] == "孙子" and codes.RELATION["92"] == "表兄弟、表姐妹"
    assert all(code in codes.RELATION for code in codes.RELATION_WORDS.values())


def test_everyday_relation_words_are_read_and_exported_as_labels_that_read_back(community, tmp_path):
    grid = community.grids[0]
    words = list(EVERYDAY) + list(codes.RELATION.values())
    rows = [["网格编码", "姓名", "身份证号", "与户主关系"]]
    rows += [[grid, f"人{i}", person(i), w] for i, w in enumerate(words)]
    ledger = LedgerService(community.db, community.code)
    plan = ledger.prepare(save(tmp_path / "l.xlsx", rows))
    assert plan.counts["rejected"] == 0 and plan.counts["inserted"] == len(words)
    stored = {r.values["name"]: r.values["relation_to_head"] for r in plan.rows}
    for i, w in enumerate(words):
        expected = EVERYDAY.get(w) or next(c for c, label in codes.RELATION.items() if label == w)
        assert stored[f"人{i}"] == expected, w
    ledger.apply(plan)
    out = tmp_path / "out.xlsx"
    LedgerService(community.db, community.code).export(out, reveal=True)
    exported = list(load_workbook(out).active.iter_rows(values_only=True))
    col = exported[0].index("与户主关系")
    assert {r[col] for r in exported[1:]} <= set(codes.RELATION.values())
    assert ledger.prepare(out).counts["unchanged"] == len(stored)  # the labels read back as the same codes


def test_two_heads_written_as_everyday_words_are_still_two_heads(community, tmp_path):
    grid = community.grids[0]
    path = save(tmp_path / "l.xlsx", [["网格编码", "姓名", "身份证号", "户号", "现住址", "与户主关系"],
                                      [grid, "甲", person(1), "1", "人民路1号", "户主"],
                                      [grid, "乙", person(2), "1", "人民路1号", "孙子"]])
    plan = LedgerService(community.db, community.code).prepare(path)
    assert plan.counts == {"inserted": 2, "updated": 0, "unchanged": 0, "rejected": 0, "converted_15": 0,
                           "households": 1, "buildings": 0}


# -- 3./4. a ledger as people leave it ---------------------------------------------------------------------------
def messy_ledger(path: Path, n_good: int = 12) -> tuple[Path, dict]:
    """A "real-ledger-like" workbook: a merged title row, a note row, the header, no grid column, blank rows,
    spaces of every kind, lower-case x, full-width digits, IDs Excel turned into numbers, everyday relation
    words. Returns the path and what an import must make of it."""
    full = str.maketrans("0123456789", "０１２３４５６７８９")
    rows: list[list] = [["填表单位：和平社区第1网格    填表日期：2026年11月", *[None] * 8],
                        ["序号", "姓 名", "性别", "公民身份号码", "与户主关系", "联系电话", "户号", "现住址", "备注"]]
    expect = {"inserted": 0, "refused": {}, "names": {}, "relations": {}}
    relations = ["户主", "儿子", "孙女", "儿媳", "外孙", "婆婆", "女婿", "哥哥", "妹妹", "岳母", "父亲", "外孙女"]
    x_ids = [i for i in range(200) if make_id("370303", dt.date(1975, 3, 3), i).endswith("X")]
    for i in range(n_good):
        idn = person(10 + i, female=i % 2 == 1)
        name = "张" + "一二三四五六七八九十甲乙"[i]
        cell, name_cell, phone = idn, name, f"1390000{i:04d}"
        if i % 4 == 0:
            name_cell = f" {name[0]}\u3000{name[1]}\u00a0"  # spaced out to line up, full-width and no-break spaces
        if i % 4 == 1:
            cell = idn.translate(full)  # typed with a Chinese input method: full-width digits
            phone = phone.translate(full)
        if i % 4 == 2:
            cell = f"\u00a0{idn[:6]} {idn[6:14]} {idn[14:]} "  # grouped with spaces, a no-break space in front
        household = str(i // 4 + 1)
        rel = relations[i] if i % 4 else "户主"
        rows.append([i + 1, name_cell, "女" if i % 2 else "男", cell, rel, phone, household, f"人民路{household}号", ""])
        if i % 3 == 0:
            rows.append([None, "  ", None, None, "", None, None, None, None])  # a blank row (spaces only)
        expect["names"][idn] = name
        expect["relations"][idn] = "02" if not i % 4 else codes.RELATION_WORDS.get(rel) or next(
            c for c, label in codes.RELATION.items() if label == rel)
    x_id = make_id("370303", dt.date(1975, 3, 3), x_ids[0])
    rows.append([90, "李x", "男" if x_ids[0] % 2 else "女", x_id.lower(), "户主", None, "9", "人民路9号", ""])
    expect["names"][x_id] = "李x"
    bad = person(60)
    first = len(rows) + 1  # the sheet row of the last line so far (the merged title is row 1)
    rows.append([91, "王数", "男", float(bad), "户主", None, "10", "人民路10号", ""])  # Excel made it a number
    rows.append([92, "王科", "男", "3.70303E+17", "户主", None, "11", "人民路11号", ""])  # …and shown as 3.7E+17
    whole = next(p for p in (person(n) for n in range(61, 90)) if not p.endswith("X"))
    rows.append([93, "王整", "男", int(whole), "儿子", None, "12", "人民路12号", ""])  # an int cell
    rows.append([94, "王短", "男", "37030319", "儿子", None, "12", "人民路12号", ""])  # cut short
    rows.append([95, "王亲", "男", person(62), "表舅", None, "12", "人民路12号", ""])  # not a relation we read
    expect["refused"] = {first + 1: NUMERIC_ID, first + 2: NUMERIC_ID, first + 3: NUMERIC_ID,
                         first + 4: "18 位", first + 5: "与户主关系"}
    expect["inserted"] = n_good + 1
    return save(path, rows, merge_title="和平社区第1网格实有人口台账"), expect


def test_a_real_ledger_like_workbook_imports_what_can_be_imported(community, tmp_path):
    grid = community.grids[0]
    path, expect = messy_ledger(tmp_path / "台账.xlsx")
    ledger = worker(community, grid)
    plan = ledger.prepare(path)
    reasons = {r.row_no: r.reason for r in plan.refused}
    assert set(reasons) == set(expect["refused"]), reasons
    for row_no, why in expect["refused"].items():
        assert why in reasons[row_no], (row_no, reasons[row_no])
    assert reasons[min(expect["refused"])] == NUMERIC_ID  # exactly that sentence
    assert plan.counts["inserted"] == expect["inserted"] and plan.counts["rejected"] == 5
    assert plan.ignored_headers == ["序号", "备注"]
    ledger.apply(plan)
    got = residents(community.db)
    assert {k: r.name for k, r in got.items()} == expect["names"]
    assert all(got[k].relation_to_head == v for k, v in expect["relations"].items())
    assert {r.unit_code for r in got.values()} == {grid}
    assert all(r.phone is None or r.phone.isdigit() for r in got.values())
    assert ledger.prepare(path).counts["unchanged"] == expect["inserted"]


def test_an_id_number_excel_stored_as_a_number_never_overwrites_anybody(community, tmp_path):
    """A float keeps about 16 digits: some mangled numbers still pass the check digit, as somebody else's."""
    grid = community.grids[0]
    for seq in range(1, 1000):
        real = make_id("370303", dt.date(1985, 6, 15), seq)
        if real.endswith("X"):
            continue
        mangled = str(int(float(real)))
        if mangled != real:
            try:
                parse_id(mangled)
            except ValidationError:
                continue
            break
    else:  # pragma: no cover - the search always finds one
        pytest.fail("no mangled number passes the check digit")
    reg = RegistryService(community.db, community.code)
    reg.create_resident(ResidentInput(grid, mangled, "原住户", phone="13900000000"))
    path = save(tmp_path / "l.xlsx", [["网格编码", "姓名", "公民身份号码", "联系电话"],
                                      [grid, "新来的", float(real), "13911111111"]])
    plan = LedgerService(community.db, community.code).prepare(path)
    assert [r.reason for r in plan.refused] == [NUMERIC_ID]
    assert NUMERIC_ID == "身份证号被 Excel 存成了数字，请把该列设为文本后重新录入"
    who = residents(community.db)[mangled]
    assert (who.name, who.phone) == ("原住户", "13900000000")


# -- 5. an upsert never renames a person -------------------------------------------------------------------------
def test_the_same_id_number_with_another_name_is_refused_naming_both(community, tmp_path):
    grid = community.grids[0]
    idn = person(5)
    RegistryService(community.db, community.code).create_resident(ResidentInput(grid, idn, "张三", phone="13900000001"))
    path = save(tmp_path / "l.xlsx", [["网格编码", "姓名", "身份证号", "联系电话"],
                                      [grid, "李四", idn, "13900000002"], [grid, "张 三", idn.lower(), None]])
    plan = worker(community, grid).prepare(path)
    assert len(plan.refused) == 2  # the number twice in one file: both rows back
    path = save(tmp_path / "m.xlsx", [["网格编码", "姓名", "身份证号", "联系电话"], [grid, "李四", idn, "13900000002"]])
    plan = worker(community, grid).prepare(path)
    assert [r.row_no for r in plan.refused] == [2]
    reason = plan.refused[0].reason
    assert "“张三”" in reason and "“李四”" in reason and idn not in reason  # the number masked
    spaced = save(tmp_path / "n.xlsx", [["网格编码", "姓名", "身份证号", "联系电话"], [grid, "张\u3000三", idn, "13900000002"]])
    assert worker(community, grid).prepare(spaced).counts["updated"] == 1  # the same name, spaced out
    assert residents(community.db)[idn].name == "张三"


# -- 6. control characters ---------------------------------------------------------------------------------------
def test_control_characters_are_cleaned_on_the_way_in_and_never_crash_a_writer(community, tmp_path):
    grid = community.grids[0]
    path = save(tmp_path / "l.xlsx", [["网格编码", "姓名", "身份证号", "现住址", "职业"],
                                      [grid, "王_x0001_五", person(1), "人民路_x0007_1号", "教师_x001F_"],
                                      [grid, "坏_x0002_行", "123", "人民路2号", None]])
    ledger = LedgerService(community.db, community.code)
    plan = ledger.prepare(path)
    assert plan.counts["inserted"] == 1 and plan.counts["rejected"] == 1
    assert "\x02" in plan.refused[0].raw[1]  # the refused row as it was …
    errors = tmp_path / "errors.xlsx"
    assert ledger.write_errors(plan, errors) == 1  # … goes out without the character, not as a crash
    assert list(load_workbook(errors).active.iter_rows(values_only=True))[1][2] == "坏行"
    ledger.apply(plan)
    got = next(iter(residents(community.db).values()))
    assert (got.name, got.current_address, got.occupation) == ("王五", "人民路1号", "教师")
    # the form's way in drops them too
    zhao = RegistryService(community.db, community.code).create_resident(
        ResidentInput(grid, person(2), "赵\x03六", current_address="人民路3号"))
    assert residents(community.db)[person(2)].name == "赵六"
    # a database that already holds such characters (an older version, a sync) still exports
    with community.db.write() as s:
        s.execute(update(Resident).where(Resident.id == zhao).values(current_address="人民路\x013号"))
    out = tmp_path / "out.xlsx"
    assert ledger.export(out) == 2
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    col = rows[0].index("现住址")
    assert sorted(r[col] for r in rows[1:]) == ["人民路1号", "人民路3号"]
    from gridapp.reports import render
    from gridapp.services.reports import ReportRequest, ReportService

    roster = ReportService(community.db).prepare(ReportRequest("roster", grid, "2026-01", printed_by="测试员"))
    assert render(roster).startswith(b"%PDF")  # the PDF writers take such text as it is


# -- 7. a sheet whose extent would take the memory of the machine ------------------------------------------------
def crafted(path: Path, far_cell: str, *, dimension: str | None = None, unnumbered: int = 0) -> Path:
    """A small real workbook whose sheet XML is edited to name a cell at `far_cell` (and to hold `unnumbered`
    cells without a reference in its first row: each takes the next column)."""
    wb = Workbook()
    wb.active.append(["姓名", "公民身份号码"])
    wb.active.append(["张三", "11010519491231002X"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                row = re.match(r"[A-Z]+(\d+)", far_cell)[1]  # type: ignore[index]
                text = text.replace("</sheetData>", f'<row r="{row}"><c r="{far_cell}" t="inlineStr"><is><t>x</t>'
                                                    f"</is></c></row></sheetData>")
                text = text.replace('<row r="1">', '<row r="1">' + '<c t="inlineStr"><is><t>y</t></is></c>' * unnumbered)
                if dimension:
                    text = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', text)
                data = text.encode()
            z.writestr(item, data)
    return path


READ_IN_A_SMALL_PROCESS = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))  # 1.5 GB, not 512 GiB
    from pathlib import Path
    from gridapp.core.errors import ValidationError
    from gridapp.services.ledger import LedgerService
    try:
        LedgerService._read(Path(sys.argv[1]))
    except ValidationError as exc:
        print("REFUSED", exc.message)
    else:
        print("READ")
""")


@pytest.mark.parametrize(("far_cell", "unnumbered"), [("XFD1048576", 0), ("GR1048576", 0), ("A1099999", 0),
                                                     ("ZZ2", 0), ("B900000", 0), ("A3", 250)])
def test_a_workbook_naming_a_far_away_cell_is_refused_before_it_is_laid_out(tmp_path, far_cell, unnumbered):
    path = crafted(tmp_path / "far.xlsx", far_cell, dimension=f"A1:{far_cell}", unnumbered=unnumbered)
    assert path.stat().st_size < 10_000
    done = subprocess.run([sys.executable, "-c", READ_IN_A_SMALL_PROCESS, str(path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]  # without the check: killed allocating the sheet
    assert done.stdout.startswith("REFUSED") and "上限" in done.stdout


def test_a_dimension_alone_does_not_refuse_and_wide_real_ledgers_still_read(community, tmp_path):
    path = crafted(tmp_path / "dim.xlsx", "B3", dimension="A1:XFD1048576")  # the reader trusts the cells
    assert LedgerService._read(path)[2]
    wide = tmp_path / "wide.xlsx"
    LedgerService(community.db, community.code).export(wide)  # 37 columns: AA… columns are fine
    header = [f"列{i}" for i in range(150)]
    save(tmp_path / "w.xlsx", [["姓名", "身份证号", *header], ["张三", person(1), *range(150)]])
    assert LedgerService._read(tmp_path / "w.xlsx")[2][0][1][1] == person(1)


# -- output paths that do not exist -------------------------------------------------------------------------------
def test_writing_into_a_folder_that_does_not_exist_is_said_in_chinese(community, tmp_path):
    ledger = LedgerService(community.db, community.code)
    with pytest.raises(ValidationError, match="文件夹.*不存在"):
        ledger.export(tmp_path / "没有这个文件夹" / "out.xlsx")
    path = save(tmp_path / "l.xlsx", [["网格编码", "姓名", "身份证号"], [community.grids[0], "张三", "123"]])
    with pytest.raises(ValidationError, match="不存在"):
        ledger.write_errors(ledger.prepare(path), tmp_path / "nope" / "e.xlsx")
