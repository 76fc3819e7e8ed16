"""Login at start (and again after the session expired), the administrator part of first run, and the
one-time display of the recovery key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gridapp.core.errors import AuthError

from .runner import DbRunner
from .widgets import dialog_buttons, error_text, named, problem_label, show_problem, wrapped

# The sidecar beside an encrypted database holds the wrapped keys (gridapp.db.keystore); the UI only asks
# whether it exists, to know whether to ask for a login, without importing the database stack.
KEYS_SUFFIX = ".keys"
# Written only by tools/dev.py beside the demo database (fictional data): its password shown as a hint.
DEMO_HINT_SUFFIX = ".demo-password"


def needs_login(db_path: Path) -> bool:
    return db_path.with_name(db_path.name + KEYS_SUFFIX).exists()


def demo_hint(db_path: Path) -> str | None:
    hint = db_path.with_name(db_path.name + DEMO_HINT_SUFFIX)
    try:
        return hint.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


class LoginDialog(QDialog):
    """User name and password; the login itself runs on the DB runner while the dialog stays open.

    `login(username, password)` runs on the worker and returns the session; the dialog accepts with
    `self.session` set, or shows the refusal (wrong password with the attempts left, locked for N minutes).
    """

    def __init__(self, runner: DbRunner, db_path: Path, login: Callable[[str, str], Any], *,
                 username: str = "", expired: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self._login = login
        self.session: Any = None
        self.setWindowTitle(self.tr("登录 — 网格工作台"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = named(QLabel(self.tr("登录已超时，请重新输入密码。") if expired else self.tr("请输入用户名和密码。")), "loginIntro")
        layout.addWidget(intro)
        form = QFormLayout()
        self.username = named(QLineEdit(username), "loginUser")
        self.password = named(QLineEdit(), "loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        layout.addLayout(form)
        self.error = problem_label("loginError")
        layout.addWidget(self.error)
        hint = demo_hint(db_path)
        self.hint = QLabel(self.tr("演示数据库（虚构数据）：用户 demo，密码 {password}").format(password=hint)
                           if hint else "")
        self.hint.setObjectName("loginHint")
        self.hint.setVisible(bool(hint))
        self.hint.setStyleSheet("color: #555;")
        layout.addWidget(self.hint)
        self.buttons = dialog_buttons(self, self.tr("登录"), self.tr("退出"), self._try)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()

    def _try(self) -> None:
        user, password = self.username.text().strip(), self.password.text()
        if not user or not password:
            self.error.setText(self.tr("请输入用户名和密码。"))
            return
        self.ok.setEnabled(False)
        self.error.setText(self.tr("正在登录……"))
        self.runner.submit(lambda _p: self._login(user, password), label="login",
                           on_done=self._done, on_error=self._failed)

    def _done(self, session: Any) -> None:
        self.session = session
        self.error.setText("")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.error.setText(exc.message if isinstance(exc, AuthError) else error_text(exc))


class AdminFields:
    """The administrator rows of the first-run dialog: name, password twice, the strength rule."""

    def __init__(self, dialog: QDialog, form: QFormLayout):
        self.name = named(QLineEdit("admin"), "adminName")
        self.password = named(QLineEdit(), "adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(QCoreApplication.translate("AdminFields", "至少 8 位，含字母、数字、符号中的两类"))
        self.again = named(QLineEdit(), "adminPasswordAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(QCoreApplication.translate("AdminFields", "管理员用户名"), self.name)
        form.addRow(QCoreApplication.translate("AdminFields", "管理员密码"), self.password)
        form.addRow(QCoreApplication.translate("AdminFields", "再输入一次"), self.again)

    def problem(self, dialog: QDialog) -> str:
        name, pw = self.name.text().strip(), self.password.text()
        if not name:
            return QCoreApplication.translate("AdminFields", "请填写管理员用户名。")
        if not pw:
            return QCoreApplication.translate("AdminFields", "请设置管理员密码（程序没有默认密码）。")
        if len(pw) < 8:
            return QCoreApplication.translate("AdminFields", "密码至少 8 位。")
        kinds = sum([any(c.isalpha() for c in pw), any(c.isdigit() for c in pw), any(not c.isalnum() for c in pw)])
        if kinds < 2:
            return QCoreApplication.translate("AdminFields", "密码须包含字母、数字、符号中的至少两类。")
        if name.lower() in pw.lower():
            return QCoreApplication.translate("AdminFields", "密码不能包含用户名。")
        if pw != self.again.text():
            return QCoreApplication.translate("AdminFields", "两次输入的密码不一致。")
        return ""


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once, right after first-run set-up."""

    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("恢复密钥（只显示这一次）"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped(self.tr(
            "数据库已加密。请把下面的恢复密钥抄写在纸上，与电脑分开妥善保管。忘记所有密码时，只有用它才能打开数据库。"
            "此密钥只显示这一次，程序不保存它的明文。")))
        self.key = named(QPlainTextEdit(key), "recoveryKey")
        self.key.setReadOnly(True)
        self.key.setFixedHeight(60)
        layout.addWidget(self.key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("我已抄写保存"))
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


class ChangePasswordDialog(QDialog):
    """修改密码: the old password, the new one twice. `change(old, new)` runs on the DB runner (it checks the old
    password and re-wraps the database key); a refusal shows in the dialog, which stays open. `forced`: an
    administrator set the password, and the user must choose an own one before using the app."""

    def __init__(self, runner: DbRunner, change: Callable[[str, str], Any], *, forced: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self._change = change
        self._tried = False  # 修改密码 was pressed: problems show from then on
        self.setWindowTitle(self.tr("修改密码"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("您的密码是管理员设置的初始密码，请先设置自己的密码再使用。") if forced
                       else self.tr("设置新的登录密码（至少 8 位，含字母、数字、符号中的两类）。"))
        intro.setObjectName("passwordIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.old = named(QLineEdit(), "oldPassword")
        self.new = named(QLineEdit(), "newPassword")
        self.again = named(QLineEdit(), "newPasswordAgain")
        for w in (self.old, self.new, self.again):
            w.setEchoMode(QLineEdit.EchoMode.Password)
            w.textChanged.connect(self.check)
        form.addRow(self.tr("原密码"), self.old)
        form.addRow(self.tr("新密码"), self.new)
        form.addRow(self.tr("再输入一次"), self.again)
        layout.addLayout(form)
        self.error = problem_label("passwordError")
        layout.addWidget(self.error)
        self.buttons = dialog_buttons(self, self.tr("修改密码"), self.tr("退出") if forced else self.tr("取消"),
                                      self._try, save=True)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(self.buttons)
        self.old.setFocus()
        self.check()

    def problem(self) -> str:
        old, new = self.old.text(), self.new.text()
        if not old:
            return self.tr("请输入原密码。")
        if len(new) < 8:
            return self.tr("新密码至少 8 位。")
        if new == old:
            return self.tr("新密码不能与原密码相同。")
        if new != self.again.text():
            return self.tr("两次输入的新密码不一致。")
        return ""

    def check(self) -> bool:
        """The first problem under the form; the dialog opens quiet (nothing shown, 修改密码 enabled) until the
        user types into the shown dialog or presses 修改密码."""
        return show_problem(self, self._tried, self.error, self.ok, self.problem())

    def _try(self) -> None:
        self._tried = True
        if not self.check():
            return
        old, new = self.old.text(), self.new.text()
        self.ok.setEnabled(False)
        self.error.setText(self.tr("正在修改……"))
        self.runner.submit(lambda _p: self._change(old, new), label="change password",
                           on_done=lambda _r: self.accept(), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.setText(exc.message if isinstance(exc, AuthError) else error_text(exc))
