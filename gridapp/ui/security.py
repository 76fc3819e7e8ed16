"""设置 > 用户管理, 审计日志, 备份与恢复. Shown only to roles that may use them; the services refuse anyway."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.core.localtime import to_china
from gridapp.core.permissions import ROLE_LABELS, Perm, Role
from gridapp.domain import clock
from gridapp.domain.audit import ACTIONS

from . import codetr
from .ledger_table import Column, LedgerTable
from .runner import DbRunner
from .widgets import RunsWork, choice_box, dialog_buttons, item_at, named, read_only_table, run_with_progress

if TYPE_CHECKING:
    from gridapp.services.session import AppSession




def local_time(iso: str | None) -> str:
    """A stored UTC ISO time as Beijing time, to the second."""
    return to_china(iso, "%Y-%m-%d %H:%M:%S") or ""


def _table(headers: list[str]) -> QTableWidget:
    t = read_only_table(headers, stretch_last=True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return t


class AddUserDialog(QDialog):
    def __init__(self, scope: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("新增用户"))
        self.setMinimumWidth(420)  # room for a unit code and a role's name (longer in English)
        form = QFormLayout(self)
        self.username = named(QLineEdit(), "newUserName")
        self.display = named(QLineEdit(), "newUserDisplay")
        self.role = choice_box(((role.value, codetr.text(ROLE_LABELS[role])) for role in Role), "newUserRole")
        self.unit = named(QLineEdit(scope), "newUserUnit")
        self.password = named(QLineEdit(), "newUserPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("姓名"), self.display)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("所属单位编码"), self.unit)
        form.addRow(self.tr("初始密码"), self.password)
        self.buttons = dialog_buttons(self, self.tr("确定"), self.tr("取消"))
        form.addRow(self.buttons)

    def values(self) -> dict[str, Any]:
        return {"username": self.username.text().strip(), "display_name": self.display.text().strip(),
                "role": self.role.currentData(), "unit_code": self.unit.text().strip(),
                "password": self.password.text()}


class UsersPanel(RunsWork, QGroupBox):
    def __init__(self, session: AppSession, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("用户管理"))
        self.setObjectName("usersPanel")
        self.session, self.runner = session, runner
        layout = QVBoxLayout(self)
        self.table = _table([self.tr("用户名"), self.tr("姓名"), self.tr("角色"), self.tr("单位"), self.tr("状态"),
                             self.tr("上次登录")])
        self.table.setObjectName("usersTable")
        self.table.setMinimumHeight(160)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = named(QPushButton(self.tr("新增用户…")), "addUser")
        self.reset_button = QPushButton(self.tr("重置密码…"))
        self.disable_button = QPushButton(self.tr("停用/启用"))
        for b in (self.add_button, self.reset_button, self.disable_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_button.clicked.connect(self._add)
        self.reset_button.clicked.connect(self._reset)
        self.disable_button.clicked.connect(self._toggle)
        self.users: list[Any] = []
        self.reload()

    def reload(self) -> None:
        session = self.session
        self.read(lambda _p: session.users().list(), label="users", on_done=self._show)

    def _show(self, users: list[Any]) -> None:
        self.users = users
        self.table.setRowCount(len(users))
        for r, u in enumerate(users):
            for c, text in enumerate([u.username, u.display_name, codetr.text(u.role.label_zh), u.unit_code,
                                      self.tr("已停用") if u.disabled else self.tr("正常"), local_time(u.last_login_at)]):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def _selected(self) -> Any:
        return item_at(self.users, self.table.currentRow())

    def _add(self) -> None:
        principal = self.session.principal  # the page is for a signed-in administrator
        dialog = AddUserDialog(principal.unit_code if principal is not None else "", self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        v = dialog.values()
        session = self.session
        self.write(lambda _p: session.users().add(v["username"], v["password"], v["role"], v["unit_code"],
                                                  v["display_name"]),
                   label="add user", on_done=lambda _u: self.reload())

    def _reset(self) -> None:
        user = self._selected()
        if user is None:
            return
        password, ok = QInputDialog.getText(self, self.tr("重置密码"),
                                            self.tr("用户 {name} 的新密码：").format(name=user.username),
                                            QLineEdit.EchoMode.Password)
        if not ok:
            return
        session = self.session

        def reset(_p: Any) -> Any:
            users = session.users()
            users.reset_password(user.username, password)
            return users.key_change

        def done(change: Any) -> None:
            QMessageBox.information(self, self.tr("重置密码"), self.tr("已重置 {name} 的密码。").format(
                name=user.username))
            self._key_changed(change)

        self.write(reset, label="reset", on_done=done)

    def _key_changed(self, change: Any) -> None:
        """After a reset or a disable the data key changed: say so, name users who need a reset, show a new
        recovery key once."""
        if change is None:
            return
        text = self.tr("数据库密钥已更换：旧密码和旧密钥文件只能打开更换前的备份，请妥善处置这些备份。")
        if change.dropped:
            text += "\n" + self.tr("以下用户自升级后尚未登录过，请为其重置密码：{names}").format(
                names="、".join(change.dropped))
        QMessageBox.information(self, self.tr("更换密钥"), text)
        if change.recovery_key:
            from .login import RecoveryKeyDialog

            RecoveryKeyDialog(change.recovery_key, self).exec()

    def _toggle(self) -> None:
        user = self._selected()
        if user is None:
            return
        session = self.session

        def toggle(_p: Any) -> tuple[bool, Any]:
            users = session.users()
            return users.set_disabled(user.username, not user.disabled), users.key_change

        def done(result: tuple[bool, Any]) -> None:
            can_login, change = result
            self.reload()
            if user.disabled and not can_login:
                QMessageBox.information(self, self.tr("停用/启用"), self.tr(
                    "已启用 {name}。停用时其密码已失效，请为其重置密码后再登录。").format(name=user.username))
            self._key_changed(change)

        self.write(toggle, label="disable", on_done=done)


class AuditDialog(RunsWork, QDialog):
    """The audit log with filters (date range, user, action), chain verification and CSV export."""

    def __init__(self, session: AppSession, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.setWindowTitle(self.tr("审计日志"))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-30))
        self.until = QDateEdit(today)
        for box in (self.since, self.until):  # ISO dates, as everywhere else (not the locale's 11/6/26)
            box.setCalendarPopup(True)
            box.setDisplayFormat("yyyy-MM-dd")
        self.user = named(QLineEdit(), "auditUser")
        self.user.setPlaceholderText(self.tr("全部用户"))
        self.action = named(QComboBox(), "auditAction")
        self.action.addItem(self.tr("全部操作"), "")
        for code, label in ACTIONS.items():
            self.action.addItem(label, code)
        self.search_button = named(QPushButton(self.tr("查询")), "auditSearch")
        for label, w in ((self.tr("从"), self.since), (self.tr("到"), self.until), (self.tr("用户"), self.user),
                         (self.tr("操作"), self.action)):
            filters.addWidget(QLabel(label))
            filters.addWidget(w)
        filters.addWidget(self.search_button)
        layout.addLayout(filters)
        # each entry as a sentence (who did what to which record); the raw row one click away, below
        # every entry of the filter, read lazily (no cap), newest first; a click on 时间 or 单位 sorts
        self.status = named(QLabel(), "auditStatus")
        self.table = LedgerTable(runner, [
            Column(self.tr("时间"), lambda e: local_time(e.at), sort="at", width=150),
            Column(self.tr("记录"), lambda e: e.sentence or f"{e.username} {e.action_label}", stretch=True,
                   tooltip=lambda e: e.sentence or f"{e.username} {e.action_label}"),
            Column(self.tr("单位"), lambda e: e.unit_code, sort="unit", width=130, tooltip=lambda e: e.unit_code),
        ], name="auditTable", sort="at", descending=True, count_label=self.status)
        layout.addWidget(self.table, 1)
        self.raw = named(QPlainTextEdit(), "auditRaw")
        self.raw.setReadOnly(True)
        self.raw.setMaximumHeight(110)
        self.raw.setPlaceholderText(self.tr("选中一条记录，这里显示它的原始内容。"))
        layout.addWidget(self.raw)
        self.table.selection_changed.connect(self._show_raw)
        bottom = QHBoxLayout()
        self.verify_button = named(QPushButton(self.tr("校验完整性")), "auditVerify")
        self.export_button = QPushButton(self.tr("导出 CSV…"))
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)
        self.search_button.clicked.connect(self.search)
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(self.export)
        self.search()

    def _filters(self) -> dict[str, Any]:
        return {"since": self.since.date().toPython(), "until": self.until.date().toPython(),
                "username": self.user.text().strip() or None, "action": self.action.currentData() or None}

    def search(self) -> None:
        f, audit = self._filters(), self.session.audit()
        self.raw.clear()
        self.table.load(lambda sort, desc, p: audit.ledger_ids(**f, sort=sort, descending=desc, progress=p),
                        audit.ledger_rows, source=tuple(f.values()), on_error=self.report_error)

    def _show_raw(self, e: Any) -> None:
        if e is None:
            self.raw.clear()
            return
        self.raw.setPlainText("\n".join((
            self.tr("时间（UTC）：{v}").format(v=e.at),
            self.tr("用户：{user}　角色：{role}　操作：{action}（{code}）").format(
                user=e.username, role=e.role or "—", action=e.action_label, code=e.action),
            self.tr("单位：{unit}　对象：{table} {id}").format(unit=e.unit_code, table=e.target_table or "—",
                                                          id=e.target_id or ""),
            self.tr("详情：{detail}").format(detail=e.detail or "—"))))

    def verify(self) -> None:
        session = self.session

        def shown(report: Any) -> None:
            self.status.setText(self.tr("审计日志完整：{n} 条记录，哈希链未断。").format(n=report.rows) if report.ok
                                else self.tr("审计日志被改动：{reason}").format(reason=report.reason))

        self.read(lambda _p: session.audit().verify(), label="verify", on_done=shown)

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出审计日志"), f"audit-{clock.today()}.csv",
                                              self.tr("CSV 文件 (*.csv)"))
        if not path:
            return
        f, session = self._filters(), self.session
        run_with_progress(self, self.runner, lambda _p: session.audit().export_csv(path, **f),
                          label=self.tr("正在导出审计日志……"),
                          on_done=lambda n: self.status.setText(self.tr("已导出 {n} 条到 {path}").format(n=n, path=path)))


class BackupPanel(RunsWork, QGroupBox):
    restored = Signal(object)  # the reopened session

    def __init__(self, session: AppSession, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("备份与恢复"))
        self.session, self.runner = session, runner
        layout = QHBoxLayout(self)
        self.backup_button = named(QPushButton(self.tr("立即备份")), "backupNow")
        self.restore_button = named(QPushButton(self.tr("从备份恢复…")), "restoreBackup")
        self.note = named(QLabel(self.tr("每天自动备份一次，保留 14 天；升级和导入前也会自动备份。")), "backupNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.backup_button)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.note, 1)
        self.backup_button.clicked.connect(self.backup)
        self.restore_button.clicked.connect(self.choose_restore)

    def backup(self) -> None:
        session = self.session
        run_with_progress(self, self.runner, lambda _p: session.backups().make(), label=self.tr("正在备份……"),
                          on_done=lambda p: self.note.setText(self.tr("已备份到 {path}").format(path=p)))

    def choose_restore(self) -> None:
        folder = str(self.session.path.parent / "backups")
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择备份文件"), folder,
                                              self.tr("数据库备份 (*.sqlite3);;所有文件 (*)"))
        if path:
            self.restore(path)

    def restore(self, path: str) -> None:
        """Verify first, then ask, then restore (the current database is kept as a copy)."""
        session = self.session

        def verified(result: Any) -> None:
            if not result.ok:
                QMessageBox.warning(self, self.tr("备份未通过检查"), "\n".join(result.problems))
                return
            answer = QMessageBox.question(self, self.tr("从备份恢复"), self.tr(
                "备份检查通过（单位 {unit}，居民 {n} 人）。恢复后，备份之后的修改将丢失（当前数据库会先另存一份）。确定恢复吗？"
            ).format(unit=result.unit_code, n=result.residents))
            if answer != QMessageBox.StandardButton.Yes:
                return

            def do(_p: Any) -> AppSession:
                session.restore(path)
                return session

            run_with_progress(self, self.runner, do, label=self.tr("正在恢复……"),
                              on_done=lambda s: self.restored.emit(s))

        self.read(lambda _p: session.backups().verify(path), label="verify backup", on_done=verified)


def may(session: AppSession, perm: Perm) -> bool:
    return session.principal is not None and session.principal.may(perm)
