"""设置: language, and facts about this installation and its database file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp import __version__
from gridapp.config import LANGUAGES, Settings

from . import codetr
from .i18n import running_language
from .widgets import named, page_title


class SettingsPage(QWidget):
    language_changed = Signal(str)
    relogin_requested = Signal()
    restored = Signal(object)  # the session after a restore from backup

    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        title = page_title(self.tr("设置"))
        layout.addWidget(title)

        lang_box = QGroupBox(self.tr("界面语言"))
        lang_layout = QHBoxLayout(lang_box)
        self.language = named(QComboBox(), "languageCombo")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        # the language the app runs in (started with --lang it may not be the saved one)
        self.running = running_language()
        self.language.setCurrentIndex(max(0, self.language.findData(self.running)))
        self.language.setToolTip(self.tr("更改后重新启动程序生效。"))
        self.language.currentIndexChanged.connect(self._language_chosen)
        lang_layout.addWidget(self.language)
        self.language_note = named(QLabel(), "languageNote")
        self.language_note.setWordWrap(True)
        lang_layout.addWidget(self.language_note, 1)
        if settings.language != self.running:
            self.language_note.setText(self.tr("本次按启动参数以{running}运行；设置中保存的是{saved}，"
                                               "不带参数启动时使用。").format(
                running=LANGUAGES.get(self.running, self.running), saved=LANGUAGES[settings.language]))
        layout.addWidget(lang_box)

        info_box = QGroupBox(self.tr("本机信息"))
        self.info = QFormLayout(info_box)
        self.unit_value = QLabel("—")
        self.node_value = QLabel("—")
        self.path_value = QLabel("—")
        self.path_value.setWordWrap(True)
        for label in (self.unit_value, self.node_value, self.path_value):
            label.setTextInteractionFlags(label.textInteractionFlags() | label.textInteractionFlags().TextSelectableByMouse)
        self.info.addRow(self.tr("本单位"), self.unit_value)
        self.info.addRow(self.tr("节点标识"), self.node_value)
        self.info.addRow(self.tr("数据库文件"), self.path_value)
        self.info.addRow(self.tr("程序版本"), QLabel(__version__))
        self.open_folder = QPushButton(self.tr("打开数据文件夹"))
        self.open_folder.setEnabled(False)
        self.open_folder.clicked.connect(self._open_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.open_folder)
        folder_row.addStretch(1)
        self.info.addRow("", folder_row)
        layout.addWidget(info_box)
        # filled by set_session() according to the signed-in user's permissions
        self.security_box = QWidget()
        self.security = QVBoxLayout(self.security_box)
        self.security.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.security_box)
        layout.addStretch(1)
        self._db_path: Path | None = None
        self.users_panel = None
        self.backup_panel = None
        self.audit_button = None

    def show_installation(self, unit_label: str, node_id: str, db_path: Path) -> None:
        self.unit_value.setText(unit_label)
        self.node_value.setText(node_id)
        self.path_value.setText(str(db_path))
        self._db_path = db_path
        self.open_folder.setEnabled(True)

    def set_session(self, session, runner) -> None:
        """Show the account panel and what the user's role may use: 用户管理, 审计日志, 备份与恢复."""
        from gridapp.core.permissions import Perm

        from .security import AuditDialog, BackupPanel, UsersPanel, may

        while self.security.count():
            w = self.security.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.users_panel = self.backup_panel = self.audit_button = None
        principal = session.principal
        if principal is None:
            return
        account = QGroupBox(self.tr("当前用户"))
        row = QHBoxLayout(account)
        who = QLabel(self.tr("{user}（{role}），管辖范围 {unit}").format(
            user=principal.display_name or principal.username, role=codetr.text(principal.role.label_zh),
            unit=principal.unit_code))
        who.setObjectName("accountLabel")
        row.addWidget(who, 1)
        if may(session, Perm.AUDIT):
            self.audit_button = named(QPushButton(self.tr("审计日志…")), "openAudit")
            self.audit_button.clicked.connect(lambda: AuditDialog(session, runner, self).exec())
            row.addWidget(self.audit_button)
        from .login import ChangePasswordDialog

        self.password_button = named(QPushButton(self.tr("修改密码…")), "changePassword")
        users = session.users()
        self.password_button.clicked.connect(
            lambda _c=False: ChangePasswordDialog(runner, users.change_password, parent=self).exec())
        row.addWidget(self.password_button)
        relogin = named(QPushButton(self.tr("锁定/切换用户")), "relogin")
        relogin.clicked.connect(self.relogin_requested)
        row.addWidget(relogin)
        self.security.addWidget(account)
        if may(session, Perm.SYNC):
            self.security.addWidget(self._hub_box(session, runner))
        if may(session, Perm.MANAGE_USERS):
            self.users_panel = UsersPanel(session, runner, self)
            self.security.addWidget(self.users_panel)
        if may(session, Perm.BACKUP):
            self.backup_panel = BackupPanel(session, runner, self)
            self.backup_panel.restored.connect(self.restored)
            self.security.addWidget(self.backup_panel)

    def _hub_box(self, session, runner) -> QGroupBox:
        """同步中心: the address of the parent's hub (saved in the database; 立即同步 is on the 同步 page)."""
        from gridapp.services.hub_sync import hub_url, set_hub_url

        box = QGroupBox(self.tr("同步中心"))
        row = QHBoxLayout(box)
        row.addWidget(QLabel(self.tr("上级同步中心地址")))
        self.hub_url_edit = QLineEdit()
        self.hub_url_edit.setObjectName("hubUrlEdit")
        self.hub_url_edit.setPlaceholderText("https://sync.example.gov.cn:8443")
        row.addWidget(self.hub_url_edit, 1)
        save = QPushButton(self.tr("保存"))
        save.setObjectName("saveHubUrl")
        row.addWidget(save)
        self.hub_note = QLabel()
        self.hub_note.setObjectName("hubNote")
        row.addWidget(self.hub_note)
        runner.submit(lambda _p: hub_url(session.db), label="hub-url",
                      on_done=lambda url: self.hub_url_edit.setText(url or ""))

        def saved(url) -> None:
            self.hub_url_edit.setText(url or "")
            self.hub_note.setText(self.tr("已保存") if url else self.tr("已清除"))

        def failed(exc: BaseException) -> None:
            from .widgets import error_text

            self.hub_note.setText(error_text(exc))

        def save_url() -> None:
            text = self.hub_url_edit.text()
            runner.submit(lambda _p: set_hub_url(session.db, text), label="hub-url-save", on_done=saved,
                          on_error=failed)

        save.clicked.connect(save_url)
        return box

    def _language_chosen(self) -> None:
        code = self.language.currentData()
        if code == self.settings.language:
            self.language_note.setText("" if code == self.running else self.tr("重新启动程序后生效。"))
            return
        self.settings.language = code
        self.settings.save()
        self.language_note.setText(self.tr("已保存。") if code == self.running
                                   else self.tr("已保存，重新启动程序后生效。"))
        self.language_changed.emit(code)

    def _open_folder(self) -> None:
        if self._db_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._db_path.parent)))
