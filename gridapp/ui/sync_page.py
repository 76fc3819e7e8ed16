"""同步: enrolment with the levels above and below, writing and importing packages, pending work per peer,
the last exchange with each, a result summary in words, and the conflict list.

All database work runs on the DbRunner; this module sees only the sync service's plain dataclasses.
File choices go through `choose_*` attributes so tests can answer them without a native dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.core.errors import PermissionDenied, ScopeError
from gridapp.core.progress import Progress

from .pages import SYNC_TABLES, UNIT_TABLES, Page
from .runner import DbRunner
from .widgets import (
    button_row,
    cell,
    error_text,
    named,
    page_title,
    push_button,
    read_only_table,
    run_with_progress,
    wrapped,
)

if TYPE_CHECKING:
    from gridapp.services.session import AppSession

def _item(text: Any) -> QTableWidgetItem:
    return cell(text, tip=True)


class SyncPage(Page):
    watches = SYNC_TABLES | UNIT_TABLES  # every write adds to the change log: what waits to be sent

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.session: AppSession | None = None
        self.peers: list[Any] = []
        self.conflicts: list[Any] = []
        self.anomalies: list[Any] = []
        self.own_code = ""
        self.choose_folder = lambda title: QFileDialog.getExistingDirectory(self, title)
        self.choose_open_files = lambda title, pattern: QFileDialog.getOpenFileNames(self, title, "", pattern)[0]
        self.choose_open_file = lambda title, pattern: QFileDialog.getOpenFileName(self, title, "", pattern)[0]
        self.choose_save_file = lambda title, name, pattern: QFileDialog.getSaveFileName(self, title, name, pattern)[0]
        self.choose_text = lambda title, label, text: QInputDialog.getText(self, title, label, text=text)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        title = page_title(self.tr("同步"))
        layout.addWidget(title)
        self.identity = QLabel(self.tr("本机：—"))
        self.identity.setObjectName("syncIdentity")
        layout.addWidget(self.identity)
        self.pending_label = named(wrapped(), "syncPending")
        layout.addWidget(self.pending_label)

        peers_box = QGroupBox(self.tr("上下级"))
        pl = QVBoxLayout(peers_box)
        self.peer_table = read_only_table([self.tr("关系"), self.tr("单位"), self.tr("待发送"), self.tr("上次导出"),
                                           self.tr("上次导入")], "peerTable", row_numbers=True)
        header = self.peer_table.horizontalHeader()
        for col in (0, 1, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(96)  # headers stay readable while the table is empty
        pl.addWidget(self.peer_table)
        self.no_peers = QLabel(self.tr(
            "还没有登记上下级。本机是下级时：点“生成登记申请…”，把申请文件交给上级登记，再点“导入上级证书…”；"
            "本机是上级时：点“登记下级…”，选择下级交来的申请文件。"))
        self.no_peers.setObjectName("noPeers")
        self.no_peers.setWordWrap(True)
        pl.addWidget(self.no_peers)
        self.export_button = push_button(self.tr("为选中的单位写出同步包…"), "exportButton", self.export_selected)
        self.import_button = push_button(self.tr("导入同步包…"), "importButton", self.import_packages)
        self.request_button = push_button(self.tr("生成登记申请…"), "requestButton", self.make_request)
        self.enrol_button = push_button(self.tr("登记下级…"), "enrolButton", self.enrol_child)
        self.accept_button = push_button(self.tr("导入上级证书…"), "acceptButton", self.accept_certificate)
        # a department's own computer (部门终端) asks the office of its own unit, with its department's name
        self.dept_request_button = push_button(
            self.tr("部门终端登记申请…"), "deptRequestButton", self.make_department_request,
            tip=self.tr("本机是某个部门的终端：向本单位综治中心登记，只接收交办给本部门的事件"))
        pl.addLayout(button_row(self.export_button, self.import_button, self.request_button, self.enrol_button,
                                self.accept_button, self.dept_request_button))
        layout.addWidget(peers_box, 2)

        hub_box = QGroupBox(self.tr("同步中心（联网时经网络交换，与 U 盘交换的是同一种同步包）"))
        hl = QHBoxLayout(hub_box)
        self.hub_label = QLabel(self.tr("同步中心地址：未设置（在“设置”中填写）"))
        self.hub_label.setObjectName("hubLabel")
        self.hub_label.setWordWrap(True)
        hl.addWidget(self.hub_label, 1)
        self.sync_now_button = push_button(self.tr("立即同步"), "syncNowButton", self.sync_now)
        hl.addWidget(self.sync_now_button)
        layout.addWidget(hub_box)
        self.hub_last = named(wrapped(), "hubLastResult")
        layout.addWidget(self.hub_last)

        result_box = QGroupBox(self.tr("结果"))
        rl = QVBoxLayout(result_box)
        self.result = QPlainTextEdit()
        self.result.setObjectName("syncResult")
        self.result.setReadOnly(True)
        rl.addWidget(self.result)
        layout.addWidget(result_box, 1)

        conflict_box = QGroupBox(self.tr("冲突"))
        cl = QVBoxLayout(conflict_box)
        self.conflict_table = read_only_table([self.tr("记录"), self.tr("字段"), self.tr("值一"), self.tr("值二"),
                                               self.tr("当前值")], "conflictTable", row_numbers=True)
        self.conflict_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        cl.addWidget(self.conflict_table)
        self.take_a = push_button(self.tr("采用值一"), "takeA", lambda: self.resolve(0))
        self.take_b = push_button(self.tr("采用值二"), "takeB", lambda: self.resolve(1))
        self.edit_value = push_button(self.tr("改为其他值…"), "editValue", lambda: self.resolve(2))
        cl.addLayout(button_row(self.take_a, self.take_b, self.edit_value))
        # offline event steps that contradict the merged timeline: nothing to choose, the advice says what to do
        self.anomaly_label = QLabel(self.tr("事件办理矛盾（离线办理的步骤与同步后的时间线矛盾：保留在时间线中，未计入）"))
        self.anomaly_table = read_only_table([self.tr("事件"), self.tr("发生了什么"), self.tr("现状"),
                                              self.tr("可以怎么办")], "anomalyTable", single=False, row_numbers=True)
        header = self.anomaly_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        cl.addWidget(self.anomaly_label)
        cl.addWidget(self.anomaly_table)
        layout.addWidget(conflict_box, 2)

    # -- data -------------------------------------------------------------------------------------
    def reload(self) -> None:
        session = self.session
        if session is None:
            return

        def load(_p: Progress):
            from gridapp.services.hub_sync import hub_url, last_result

            return (session.sync.status(), (session.sync.conflicts(), session.sync.anomalies()),
                    (hub_url(session.db), last_result(session.db)))

        self.read(load, self._show, label="sync-status", on_error=self._refused)

    refresh = reload

    def _refused(self, exc: BaseException) -> None:
        """A user who may not sync this installation sees why, on the page, and no actions."""
        if not isinstance(exc, (PermissionDenied, ScopeError)):
            self.report_error(exc)
            return
        # the services' messages are Chinese (and name codes only): said here in the UI's language
        reason = (self.tr("本机单位不在您的管辖范围内，同步由本机单位的工作人员进行。") if isinstance(exc, ScopeError)
                  else self.tr("您的角色没有“同步”的权限，同步由本机单位的网格员、网格长、综治中心工作人员或管理员进行。"))
        self.identity.setText(self.tr("您不能在本机进行同步：{reason}").format(reason=reason))
        for button in (self.export_button, self.import_button, self.request_button, self.enrol_button,
                       self.accept_button, self.take_a, self.take_b, self.edit_value, self.sync_now_button,
                       self.dept_request_button):
            button.setEnabled(False)

    def _show(self, result) -> None:
        status, (conflicts, anomalies), (url, last) = result
        for button in (self.export_button, self.import_button, self.request_button, self.enrol_button,
                       self.accept_button, self.take_a, self.take_b, self.edit_value, self.dept_request_button):
            button.setEnabled(True)
        self.hub_url = url
        self.sync_now_button.setEnabled(bool(url))
        self.hub_label.setText(self.tr("同步中心地址：{url}").format(url=url) if url else
                               self.tr("同步中心地址：未设置（在“设置”中填写后可“立即同步”；未联网时照常用 U 盘交换）"))
        self.hub_last.setText(self._last_text(last))
        me = status.identity
        self.own_code = me.unit_code
        self.identity.setText(self.tr("本机：{name}（{code}），指纹 {fp}；未处理的冲突 {n} 处").format(
            name=me.unit_name, code=me.unit_code, fp=me.fingerprint, n=status.open_conflicts)
            + (self.tr("，事件办理矛盾 {n} 处").format(n=len(anomalies)) if anomalies else ""))
        self.peers = status.peers
        parent = next((p for p in status.peers if p.role == "parent"), None)
        if parent is None:
            self.pending_label.setText(self.tr("还没有登记上级：本机的记录还不能报送。"))
        elif parent.pending_total:
            self.pending_label.setText(self.tr("有 {n} 条记录尚未报送上级（{unit}）：请写出同步包交给上级。").format(
                n=f"{parent.pending_total:,}", unit=parent.unit_name))
        else:
            self.pending_label.setText(self.tr("所有记录都已报送上级（{unit}）。").format(unit=parent.unit_name))
        labels = {"org_unit": self.tr("单位"), "building": self.tr("楼栋"), "household": self.tr("户"),
                  "resident": self.tr("居民")}
        self.peer_table.setRowCount(len(self.peers))
        self.no_peers.setVisible(not self.peers)
        for i, p in enumerate(self.peers):
            role = {"parent": self.tr("上级"), "department": self.tr("部门终端")}.get(p.role, self.tr("下级"))
            kinds = "，".join(f"{labels.get(t, t)} {n}" for t, n in sorted(p.pending.items()))
            pending = self.tr("{n} 条").format(n=p.pending_total) + (f"（{kinds}）" if kinds else "")
            for col, text in enumerate((role, f"{p.unit_name}（{p.unit_code}）", pending,
                                        p.last_export_at or self.tr("从未"), p.last_import_at or self.tr("从未"))):
                self.peer_table.setItem(i, col, _item(text))
        if self.peers and not self.peer_table.selectedItems():
            self.peer_table.selectRow(0)
        self.conflicts = conflicts
        self.conflict_table.setRowCount(len(conflicts))
        for i, c in enumerate(conflicts):
            a = self.tr("“{v}”（{who}，{when}）").format(v=c.value_a, who=c.unit_a or c.node_a, when=c.time_a)
            b = self.tr("“{v}”（{who}，{when}）").format(v=c.value_b, who=c.unit_b or c.node_b, when=c.time_b)
            for col, text in enumerate((c.label, c.field_label, a, b, c.current)):
                self.conflict_table.setItem(i, col, _item(text))
        self.anomalies = anomalies
        self.anomaly_label.setVisible(bool(anomalies))
        self.anomaly_table.setVisible(bool(anomalies))
        self.anomaly_table.setRowCount(len(anomalies))
        for i, an in enumerate(anomalies):
            happened = self.tr("{who} {name} 于 {on} 离线“{action}”，未计入：{why}").format(
                who=an.actor_unit, name=an.actor_name, on=an.done_on.isoformat(), action=an.action_label, why=an.reason)
            now = self.tr("{status}（{holder} 持有）").format(status=an.status_label, holder=an.holder)
            for col, text in enumerate((f"{an.number} {an.title}", happened, now, an.advice)):
                self.anomaly_table.setItem(i, col, _item(text))
        if anomalies:
            for col, width in enumerate((180, 320, 140)):
                self.anomaly_table.setColumnWidth(col, width)
            self.anomaly_table.resizeRowsToContents()

    def _say(self, text: str) -> None:
        self.result.setPlainText(text)

    def _last_text(self, last: dict[str, Any] | None) -> str:
        if not last:
            return self.tr("上次与同步中心同步：从未")
        state = self.tr("成功") if last.get("ok") else self.tr("未成功")
        return self.tr("上次与同步中心同步（{when}，{state}）：{message}").format(
            when=last.get("at", ""), state=state, message=last.get("message", ""))

    def sync_now(self) -> None:
        """立即同步: push this installation's changes to the hub, then pull and import what it holds for us
        (on the runner, with progress and cancel; a cut transfer resumes next time)."""
        session = self.session
        if session is None:
            return

        def work(p: Progress):
            from gridapp.services.hub_sync import HubClient

            with HubClient(session.db, principal=session.principal) as client:
                return client.sync_now(p)

        def failed(exc: BaseException) -> None:
            self._say(self.tr("立即同步未完成：{reason}").format(reason=error_text(exc)))
            self.reload()

        def done(report: Any) -> None:
            self._say(report.summary)
            self.reload()

        run_with_progress(self, self.runner, work, label=self.tr("正在与同步中心同步……"), on_done=done,
                          on_error=failed)

    # -- actions ----------------------------------------------------------------------------------
    def export_selected(self) -> None:
        rows = self.peer_table.selectionModel().selectedRows()
        if self.session is None or not rows:
            self._say(self.tr("请先在上下级列表中选择一个单位。"))
            return
        peer = self.peers[rows[0].row()]
        folder = self.choose_folder(self.tr("选择保存同步包的文件夹（如 U 盘）"))
        if not folder:
            return
        session = self.session
        # a department's installation shares this unit's code: named by its node id
        to = peer.node_id if peer.role == "department" else peer.unit_code
        path = Path(folder) / f"{self.own_code}-to-{to}.gridpkg"
        run_with_progress(self, self.runner, lambda _p: session.sync.export(to, path),
                          label=self.tr("正在写出同步包……"), on_done=lambda r: self._say(r.summary()))

    def import_packages(self) -> None:
        if self.session is None:
            return
        files = self.choose_open_files(self.tr("选择要导入的同步包（可多选）"), self.tr("同步包 (*.gridpkg)"))
        if not files:
            return
        session = self.session
        run_with_progress(self, self.runner, lambda _p: session.sync.import_files([Path(f) for f in files]),
                          label=self.tr("正在导入同步包……"),
                          on_done=lambda res: self._say("\n".join(r.summary() for r in res)))

    def make_request(self) -> None:
        if self.session is None:
            return
        path = self.choose_save_file(self.tr("保存登记申请文件"), "enrol-request.json", self.tr("登记申请 (*.json)"))
        if not path:
            return
        session = self.session
        self.write(lambda _p: session.sync.make_request(path), lambda r: self._say(self.tr(
            "已写出登记申请：{path}\n本机指纹：{fp}\n请把申请文件交给上级，并核对上级屏幕上显示的指纹与此一致。"
        ).format(path=path, fp=r.fingerprint)), label="sync-request")

    def make_department_request(self) -> None:
        if self.session is None:
            return
        name, ok = self.choose_text(self.tr("部门终端登记申请"), self.tr("本机所属部门的名称（与综治中心交办时选择的部门一致）："), "")
        name = (name or "").strip()
        if not ok or not name:
            return
        path = self.choose_save_file(self.tr("保存登记申请文件"), "dept-request.json", self.tr("登记申请 (*.json)"))
        if not path:
            return
        session = self.session
        self.write(lambda _p: session.sync.make_request(path, department=name), lambda r: self._say(self.tr(
            "已写出部门终端“{dept}”的登记申请：{path}\n本机指纹：{fp}\n请把申请文件交给本单位综治中心（登记下级…），"
            "并核对其屏幕上显示的指纹与此一致。").format(dept=name, path=path, fp=r.fingerprint)), label="sync-request")

    def enrol_child(self) -> None:
        if self.session is None:
            return
        req = self.choose_open_file(self.tr("选择下级的登记申请文件"), self.tr("登记申请 (*.json)"))
        if not req:
            return
        cert = self.choose_save_file(self.tr("保存登记证书文件"), "enrol-cert.json", self.tr("登记证书 (*.json)"))
        if not cert:
            return
        session = self.session
        self.write(lambda _p: session.sync.enrol(req, cert), lambda r: self._say(self.tr(
            "已登记下级：{name}（{code}）\n下级指纹：{fp}（请与下级屏幕上显示的指纹核对，不一致时不要交付证书）\n"
            "证书已写出：{cert}").format(name=r.unit_name, code=r.unit_code, fp=r.fingerprint, cert=cert)),
                   label="sync-enrol")

    def accept_certificate(self) -> None:
        if self.session is None:
            return
        cert = self.choose_open_file(self.tr("选择上级签发的登记证书"), self.tr("登记证书 (*.json)"))
        if not cert:
            return
        session = self.session
        self.write(lambda _p: session.sync.accept(cert), lambda r: self._say(self.tr(
            "已接受上级证书：{name}（{code}）\n上级指纹：{fp}（请与上级屏幕上显示的指纹核对）").format(
            name=r.unit_name, code=r.unit_code, fp=r.fingerprint)), label="sync-accept")

    def resolve(self, which: int) -> None:
        rows = self.conflict_table.selectionModel().selectedRows()
        if self.session is None or not rows:
            self._say(self.tr("请先在冲突列表中选择一项。"))
            return
        c = self.conflicts[rows[0].row()]
        if which == 2:  # a new value typed by the user
            text, ok = self.choose_text(self.tr("修改冲突的字段"), self.tr("新的值："), str(c.current or ""))
            if not ok:
                return
            value: Any = text
            if isinstance(c.value_a, int) and isinstance(c.value_b, int):
                try:
                    value = int(text)
                except ValueError:
                    self._say(self.tr("请输入整数。"))
                    return
        else:
            value = c.value_a if which == 0 else c.value_b
        take = None if which == 2 else ("a" if which == 0 else "b")  # the stored value, not the masked one shown
        session = self.session
        self.write(lambda _p: session.sync.resolve(c.id, value, take=take),
                   lambda _r: self._say(self.tr("已采用“{v}”，这一修改会在下次同步时发给上下级。").format(v=value)),
                   label="sync-resolve")
