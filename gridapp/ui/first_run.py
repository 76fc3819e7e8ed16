"""First run: which unit does this installation serve? (code + name + level)"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gridapp.core.errors import ValidationError
from gridapp.core.orgcode import LEVEL_DIGITS, LEVELS, Level, validate_code

from .widgets import problem_label


class FirstRunDialog(QDialog):
    """First run: the unit this installation serves and (with `with_admin`) its administrator."""

    def __init__(self, db_path: str, parent: QWidget | None = None, *, with_admin: bool = False):
        super().__init__(parent)
        self.setWindowTitle(self.tr("首次使用：设置本单位"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "请填写本机服务的单位。单位编码按层级逐级嵌套：市 4 位、区县 6 位、镇（街道）9 位、"
            "村（社区）12 位、网格 15 位。设置后不能更改。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setObjectName("unitCode")
        self.code.setPlaceholderText(self.tr("例如 370303001001"))
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,15}"), self))
        self.name = QLineEdit()
        self.name.setObjectName("unitName")
        self.name.setPlaceholderText(self.tr("例如 和平社区"))
        self.level = QComboBox()
        self.level.setObjectName("unitLevel")
        labels = {
            Level.CITY: self.tr("市"), Level.DISTRICT: self.tr("区县"), Level.TOWN: self.tr("镇（街道）"),
            Level.COMMUNITY: self.tr("村（社区）"), Level.GRID: self.tr("网格"),
        }
        for lv in LEVELS:
            self.level.addItem(self.tr("{label}（{digits} 位）").format(label=labels[lv], digits=lv.digits),
                               lv.value)
        self.level.setCurrentIndex(LEVELS.index(Level.COMMUNITY))
        form.addRow(self.tr("单位编码"), self.code)
        form.addRow(self.tr("单位名称"), self.name)
        form.addRow(self.tr("层级"), self.level)
        self.admin = None
        if with_admin:
            from .login import AdminFields

            self.admin = AdminFields(self, form)
        layout.addLayout(form)
        self.error = problem_label("firstRunError")
        layout.addWidget(self.error)
        where = QLabel(self.tr("数据库将保存在：{path}").format(path=db_path))
        where.setWordWrap(True)
        where.setStyleSheet("color: #555;")
        layout.addWidget(where)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.code.textChanged.connect(self._code_changed)
        self.name.textChanged.connect(self._validate)
        self.level.currentIndexChanged.connect(self._validate)
        if self.admin is not None:
            for field in (self.admin.name, self.admin.password, self.admin.again):
                field.textChanged.connect(self._validate)
        self._validate()

    def _code_changed(self, text: str) -> None:
        by_digits = {v: k for k, v in LEVEL_DIGITS.items()}
        if len(text) in by_digits:  # follow the code's length, the user can still see the choice
            self.level.setCurrentIndex(LEVELS.index(by_digits[len(text)]))
        self._validate()

    def admin_values(self) -> tuple[str, str]:
        assert self.admin is not None
        return self.admin.name.text().strip(), self.admin.password.text()

    def values(self) -> tuple[str, str, Level]:
        return self.code.text().strip(), self.name.text().strip(), Level(self.level.currentData())

    def _validate(self) -> bool:
        code, name, level = self.values()
        message = ""
        if code:
            try:
                validate_code(code, level)
            except ValidationError as exc:
                message = exc.message
        if not message and code and not name:
            message = self.tr("请填写单位名称。")
        if not message and code and name and self.admin is not None:
            message = self.admin.problem(self)
        ok = bool(code and name and not message)
        self.error.setText(message)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        return ok

    def accept(self) -> None:
        if self._validate():
            super().accept()
