"""The 同步 page, clicked through: enrol a community with its town, write and import packages, resolve a
conflict. File dialogs are answered through the page's `choose_*` hooks."""

from __future__ import annotations

import pytest

from gridapp.services.session import AppSession
from gridapp.ui.sync_page import SyncPage

TOWN, COMM = "370303001", "370303001001"


@pytest.fixture
def pages(qtbot, runner, demo_db_path, tmp_path):
    town = AppSession.open(demo_db_path)
    comm = AppSession.open(tmp_path / "comm.sqlite3", create=True)
    comm.initialise(COMM, "和平社区", "community")
    tp, cp = SyncPage(runner), SyncPage(runner)
    for p in (tp, cp):
        qtbot.addWidget(p)
        p.show()
    tp.set_session(town)
    cp.set_session(comm)
    qtbot.waitUntil(lambda: "指纹" in tp.identity.text() and "指纹" in cp.identity.text())
    yield tp, cp, town, comm
    runner.shutdown()
    town.close()
    comm.close()


def _click(qtbot, button):
    from PySide6.QtCore import Qt

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_enrol_exchange_and_resolve_a_conflict(qtbot, pages, tmp_path):
    tp, cp, town, comm = pages
    assert tp.no_peers.isVisible() and "生成登记申请" in tp.no_peers.text()  # what to do with no peers yet
    assert cp.pending_label.text() == "还没有登记上级：本机的记录还不能报送。"
    req, cert = tmp_path / "req.json", tmp_path / "cert.json"
    cp.choose_save_file = lambda *a: str(req)
    _click(qtbot, cp.request_button)
    qtbot.waitUntil(lambda: "本机指纹" in cp.result.toPlainText())
    fp = comm.sync.identity().fingerprint
    assert fp in cp.result.toPlainText() and fp in cp.identity.text()

    tp.choose_open_file = lambda *a: str(req)
    tp.choose_save_file = lambda *a: str(cert)
    _click(qtbot, tp.enrol_button)
    qtbot.waitUntil(lambda: "已登记下级" in tp.result.toPlainText())
    assert fp in tp.result.toPlainText()  # the town's screen shows the community's fingerprint
    qtbot.waitUntil(lambda: tp.peer_table.rowCount() == 1)
    assert not tp.no_peers.isVisible()

    cp.choose_open_file = lambda *a: str(cert)
    _click(qtbot, cp.accept_button)
    qtbot.waitUntil(lambda: "已接受上级证书" in cp.result.toPlainText())
    qtbot.waitUntil(lambda: cp.peer_table.rowCount() == 1)
    assert cp.peer_table.item(0, 0).text() == "上级"
    # what waits to be sent up, in words (the community's own unit record at least)
    pending = comm.sync.status().peers[0].pending_total
    assert pending > 0
    qtbot.waitUntil(lambda: cp.pending_label.text().startswith(f"有 {pending:,} 条记录尚未报送上级"))

    # the town writes the community's package to a "USB stick"; the community imports it
    stick = tmp_path / "usb"
    stick.mkdir()
    tp.peer_table.selectRow(0)
    assert "居民" in tp.peer_table.item(0, 2).text()
    tp.choose_folder = lambda *a: str(stick)
    _click(qtbot, tp.export_button)
    qtbot.waitUntil(lambda: "已为" in tp.result.toPlainText(), timeout=10000)
    (pkg,) = stick.glob("*.gridpkg")
    cp.choose_open_files = lambda *a: [str(pkg)]
    _click(qtbot, cp.import_button)
    qtbot.waitUntil(lambda: "已导入" in cp.result.toPlainText(), timeout=10000)
    assert comm.stats.overview().residents > 0

    # both edit the same household offline; after the exchange the conflict is listed on the page
    from gridapp.db.models import Household  # test-only: the page itself never touches the database
    from gridapp.sync.changelog import ChangeWriter

    with comm.db.read() as s:
        hid = s.query(Household.id).filter(Household.unit_code.startswith(COMM)).first()[0]
    for session, phone in ((town, "13900000001"), (comm, "13900000002")):
        with session.db.write() as s:
            ChangeWriter(session.db, s).update(Household, hid, {"phone": phone})
    up = tmp_path / "up.gridpkg"
    comm.sync.export(TOWN, up)
    tp.choose_open_files = lambda *a: [str(up)]
    _click(qtbot, tp.import_button)
    qtbot.waitUntil(lambda: "冲突 1 处" in tp.result.toPlainText(), timeout=10000)
    qtbot.waitUntil(lambda: tp.conflict_table.rowCount() == 1)
    row_text = " ".join(tp.conflict_table.item(0, c).text() for c in range(5))
    assert "13900000001" in row_text and "13900000002" in row_text
    tp.conflict_table.selectRow(0)
    _click(qtbot, tp.take_a)
    qtbot.waitUntil(lambda: tp.conflict_table.rowCount() == 0)
    assert "已采用" in tp.result.toPlainText()
    with town.db.read() as s:
        assert s.get(Household, hid).phone in ("13900000001", "13900000002")


def test_a_conflict_can_be_resolved_by_typing_a_new_value(qtbot, pages, tmp_path):
    tp, cp, town, comm = pages
    from gridapp.db.models import Building
    from gridapp.sync.changelog import ChangeWriter

    req, cert = tmp_path / "r.json", tmp_path / "c.json"
    comm.sync.make_request(req)
    town.sync.enrol(req, cert)
    comm.sync.accept(cert)
    with comm.db.write() as s:
        bid = ChangeWriter(comm.db, s).insert(Building, {"name": "活动室", "unit_code": COMM})
    p1 = tmp_path / "p1.gridpkg"
    comm.sync.export(TOWN, p1)
    town.sync.import_files([p1])
    for session, name in ((town, "活动中心"), (comm, "议事厅")):
        with session.db.write() as s:
            ChangeWriter(session.db, s).update(Building, bid, {"name": name})
    p2 = tmp_path / "p2.gridpkg"
    comm.sync.export(TOWN, p2)
    town.sync.import_files([p2])
    tp.refresh()
    qtbot.waitUntil(lambda: tp.conflict_table.rowCount() == 1)
    tp.conflict_table.selectRow(0)
    tp.choose_text = lambda *a: ("党群服务中心", True)
    _click(qtbot, tp.edit_value)
    qtbot.waitUntil(lambda: tp.conflict_table.rowCount() == 0)
    with town.db.read() as s:
        assert s.get(Building, bid).name == "党群服务中心"


def test_export_without_a_selection_explains(qtbot, pages):
    _, cp, _, _ = pages
    _click(qtbot, cp.export_button)
    assert "请先" in cp.result.toPlainText()


def test_contradicting_offline_event_steps_are_listed_with_what_to_do(qtbot, runner, template_db, tmp_path):
    from gridapp.core.permissions import Role
    from tests.sync.nodes import C1, G1, make_tree
    from tests.sync.test_event_anomalies import closed_event, svc, xfer

    tree = make_tree(template_db, tmp_path, codes=(TOWN, C1, G1))
    try:
        eid = closed_event(tree, tmp_path)
        svc(tree[G1], Role.GRID_WORKER, G1).act(eid, "callback", satisfaction="1")
        svc(tree[C1], Role.OFFICE, C1).act(eid, "callback", satisfaction="2")
        xfer(tree, G1, C1, tmp_path)
    finally:
        for n in tree.values():
            n.close()
    session = AppSession.open(tmp_path / f"{C1}.sqlite3")
    page = SyncPage(runner)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    try:
        page.set_session(session)
        qtbot.waitUntil(lambda: page.anomaly_table.rowCount() == 1)
        assert page.anomaly_table.isVisible() and "事件办理矛盾 1 处" in page.identity.text()
        row = [page.anomaly_table.item(0, c).text() for c in range(4)]
        assert "垃圾堆放" in row[0] and "回访" in row[1] and "未计入" in row[1] and row[3]
        page.grab().save(str(tmp_path / "sync_anomalies.png"))
    finally:
        runner.shutdown()
        session.close()


def test_a_department_computer_asks_its_office_and_is_listed_there(qtbot, pages, tmp_path):
    tp, cp, town, comm = pages
    from gridapp.services.session import AppSession as _Session

    dept = _Session.open(tmp_path / "dept.sqlite3", create=True)
    dept.initialise(TOWN, "城东街道", "town")
    page = SyncPage(tp.runner)
    qtbot.addWidget(page)
    page.show()
    try:
        page.set_session(dept)
        qtbot.waitUntil(lambda: "指纹" in page.identity.text())
        req, cert = tmp_path / "dept.json", tmp_path / "dept-cert.json"
        page.choose_text = lambda *a: ("城管科", True)
        page.choose_save_file = lambda *a: str(req)
        _click(qtbot, page.dept_request_button)
        qtbot.waitUntil(lambda: "城管科" in page.result.toPlainText())
        tp.choose_open_file = lambda *a: str(req)
        tp.choose_save_file = lambda *a: str(cert)
        _click(qtbot, tp.enrol_button)
        qtbot.waitUntil(lambda: tp.peer_table.rowCount() == 1)
        assert tp.peer_table.item(0, 0).text() == "部门终端" and "城管科" in tp.peer_table.item(0, 1).text()
        page.choose_open_file = lambda *a: str(cert)
        _click(qtbot, page.accept_button)
        qtbot.waitUntil(lambda: page.peer_table.rowCount() == 1)
        assert page.peer_table.item(0, 0).text() == "上级"
    finally:
        dept.close()
