"""导入… and 导出… on the affairs, visits, disputes and 八小工程 pages: the real buttons clicked as the roles that do
the work, file dialogs answered through the hooks (choose_*), the check shown in full (counts, refused rows
with reasons in a table) before anything is written, 导入 writing the accepted rows, the error workbook, and
an export that says how many rows went where."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from gridapp.core.idnumber import make_id
from gridapp.core.permissions import Principal, Role

DAY = dt.date.today() - dt.timedelta(days=3)


def book(path, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["台账（生成的测试数据）"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def sign_in(window, page_name: str, role: Role, unit: str, name: str = "测试用户"):
    window.session.principal = Principal("u-" + role.value, role.value, role, unit, display_name=name)
    window.show_page(page_name)
    page = getattr(window, f"{page_name}_page")
    page.set_session(window.session)
    return page


def import_through_dialog(qtbot, page, path, tmp_path, *, accepted: int, refused: int, reason: str):
    assert page.import_button.isVisible() and page.import_button.isEnabled()
    page.import_button.click()
    dialog = page.ledger_io.dialog
    assert dialog is not None and dialog.isVisible()
    assert "可识别的列" in dialog.columns.text()
    dialog.choose_import_file = lambda: str(path)
    dialog.browse_button.click()
    qtbot.waitUntil(lambda: "可导入" in dialog.summary.text() or "错误" in dialog.summary.text(), timeout=15000)
    assert f"可导入 {accepted} 行，拒绝 {refused} 行" in dialog.summary.text(), dialog.summary.text()
    assert "尚未写入任何数据" in dialog.summary.text()
    assert dialog.refused.rowCount() == refused
    reasons = [dialog.refused.item(r, 1).text() for r in range(refused)]
    assert any(reason in x for x in reasons), reasons
    # the error workbook through its hook
    errors = tmp_path / "未导入.xlsx"
    dialog.choose_errors_file = lambda: str(errors)
    dialog.errors_button.click()
    qtbot.waitUntil(lambda: "已把" in dialog.summary.text(), timeout=10000)
    ws = openpyxl.load_workbook(errors).active
    assert ws.max_row == refused + 1 and ws.cell(1, ws.max_column).value == "错误原因"
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "已导入" in dialog.summary.text() or "失败" in dialog.summary.text(), timeout=20000)
    assert f"已导入 {accepted} 行，拒绝 {refused} 行" in dialog.summary.text(), dialog.summary.text()
    dialog.close()


def export_through_button(qtbot, page, tmp_path) -> tuple[int, list]:
    out = tmp_path / "导出.xlsx"
    page.ledger_io.choose_export_file = lambda: str(out)
    assert page.export_button.isEnabled()
    page.export_button.click()
    qtbot.waitUntil(lambda: page.ledger_io.message is not None, timeout=20000)
    text = page.ledger_io.message.text()
    page.ledger_io.message.close()
    assert str(out) in text and "已导出" in text
    rows = [list(r) for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    assert f"已导出 {len(rows) - 1} 行" in text
    return len(rows) - 1, rows


def test_affairs_import_and_export_as_a_department(qtbot, window, tmp_path):
    page = sign_in(window, "affairs", Role.DEPARTMENT, window.session.units.scope(), "民政办")
    header = ["事项名称", "申请部门", "政策依据", "网格员职责", "频次", "办理时限"]
    path = book(tmp_path / "事项.xlsx", header, [
        ["生成事项甲", "民政办", "文件", "入户", "每月", "5天"],
        ["生成事项乙", "民政办", "", "", "按需", 3],
        ["生成事项丙", "民政办", "", "", "每两天", 3]])
    import_through_dialog(qtbot, page, path, tmp_path, accepted=2, refused=1, reason="频次")
    names = {v.name for v in window.session.affairs().list(status="applied")}
    assert {"生成事项甲", "生成事项乙"} <= names and "生成事项丙" not in names
    page.status_filter.setCurrentIndex(page.status_filter.findData("applied"))
    n, rows = export_through_button(qtbot, page, tmp_path)
    assert n == len(window.session.affairs().list(status="applied"))
    assert {"生成事项甲", "生成事项乙"} <= {r[0] for r in rows[1:]}


def test_visits_import_and_export_as_police(qtbot, window, tmp_path):
    scope = window.session.units.scope()
    page = sign_in(window, "visits", Role.POLICE, scope, "测试民警")
    hid, grid, address, head = window.session.visits().find_households("", scope, limit=1)[0]
    before = len(window.session.visits().list_visits(scope, household_id=hid))
    header = ["走访日期", "户主姓名", "户主身份证号", "户号", "地址", "走访民警", "在户人数", "走访内容", "问题诉求", "处理情况"]
    path = book(tmp_path / "走访.xlsx", header, [
        [DAY, head, "", "", address, "测试民警", 2, "了解情况", "", ""],
        [DAY, "", "", "", "并不存在的地址1号", "", 1, "走访", "", ""]])
    import_through_dialog(qtbot, page, path, tmp_path, accepted=1, refused=1, reason="找不到地址")
    assert len(window.session.visits().list_visits(scope, household_id=hid)) == before + 1
    n, rows = export_through_button(qtbot, page, tmp_path)
    assert n >= 1 and rows[0][:3] == ["走访日期", "户主姓名", "户主身份证号"]
    assert all(r[2] is None or "*" in r[2] for r in rows[1:])  # the head's ID number masked


def test_disputes_import_and_export_as_a_grid_worker(qtbot, window, tmp_path):
    grid = window.session.disputes().grids()[0][0]
    page = sign_in(window, "disputes", Role.GRID_WORKER, grid, "网格员")
    header = ["纠纷名称", "发生日期", "地点", "纠纷类型", "规模", "涉及人数", "当事人"]
    idn = make_id("370303", dt.date(1985, 2, 3), 11)
    path = book(tmp_path / "纠纷.xlsx", header, [
        ["生成纠纷甲", DAY, "和平路1号", "邻里", "个体", 2, "张某、李某"],
        ["生成纠纷乙", DAY, "和平路2号", "邻里", "个体", 2, f"王某{idn}"]])
    import_through_dialog(qtbot, page, path, tmp_path, accepted=1, refused=1, reason="身份证号")
    names = {d.name for d in window.session.disputes().list_disputes()}
    assert "生成纠纷甲" in names and "生成纠纷乙" not in names
    n, rows = export_through_button(qtbot, page, tmp_path)
    assert n == len(window.session.disputes().list_disputes())
    assert idn not in str(rows)


@pytest.mark.parametrize("role", [Role.GRID_WORKER])
def test_projects_import_and_export_as_a_grid_worker(qtbot, window, tmp_path, role):
    grid = window.session.disputes().grids()[0][0]
    page = sign_in(window, "projects", role, grid, "网格员")
    header = ["类别", "活动名称", "活动日期", "参加人数", "活动内容", "负责人", "服务类型", "服务人数"]
    path = book(tmp_path / "八小.xlsx", header, [
        ["小服务", "生成服务", DAY, 5, "理发", "张明", "助老助残", 12],
        ["小服务", "缺服务人数", DAY, 5, "理发", "张明", "助老助残", ""]])
    import_through_dialog(qtbot, page, path, tmp_path, accepted=1, refused=1, reason="服务人数")
    assert "生成服务" in {p.title for p in window.session.projects().list_projects()}
    n, rows = export_through_button(qtbot, page, tmp_path)
    assert n >= 1 and "生成服务" in {r[2] for r in rows[1:]}


def test_a_viewer_sees_no_import_button(qtbot, window):
    page = sign_in(window, "disputes", Role.VIEWER, window.session.units.scope())
    assert not page.import_button.isVisible() and page.export_button.isEnabled()
    page = sign_in(window, "affairs", Role.POLICE, window.session.units.scope())
    assert not page.import_button.isVisible()
