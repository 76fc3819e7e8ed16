"""考核: choose a scheme and a version (the draft computed from today's data, or a published version), a score
sheet (rows = the assessed grid workers or units, columns = indicators; manual cells edited inline and checked
as typed, automatic cells read-only with a tooltip saying where the number comes from), the ranking with its
outcome badges (标杆 green, 通报 orange, 重点管理 and 挂牌督办 red) and the explanation of the rule, the scheme
form, the major-incident mark and publishing with a confirmation. Every read and write runs on the page's
DbRunner; the service (AssessmentService) decides who may do what."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp.core import codes
from gridapp.core.orgcode import LEVEL_LABELS_ZH, Level, level_of
from gridapp.core.permissions import Perm
from gridapp.domain.assessment import (
    RANKS,
    RULE_NOTE,
    RULE_TAIL,
    Indicator,
    Note,
    Rule,
    SchemeInput,
    default_indicators,
    default_rule,
    rule_parts,
    validate_scheme,
)
from gridapp.domain.clock import today as today_china

from . import codetr
from .i18n import enumeration, semicolon
from .notify import status_message
from .pages import (
    ASSESSMENT_TABLES,
    DISPUTE_TABLES,
    REGISTRY_TABLES,
    TASK_TABLES,
    UNIT_TABLES,
    VISIT_TABLES,
    Page,
)
from .runner import DbRunner
from .widgets import ERROR_STYLE, ValidatedDialog, button_row, named, page_title, wrapped

BADGE_COLORS = {"benchmark": "#2e7d32", "notified": "#e65100", "key_management": "#c62828", "supervised": "#8e0000"}
AUTO_BG = QColor("#f1f3f4")
MISSING_BG = QColor("#fff4e5")
ROLE = Qt.ItemDataRole.UserRole

def badges(outcomes: tuple[str, ...] | list[str], negative: bool = False) -> str:
    """The outcomes as coloured badges (rich text for a QLabel)."""
    parts = [f"<span style='background:{BADGE_COLORS[o]};color:white;'>&nbsp;"
             f"{html.escape(codetr.text(codes.ASSESSMENT_OUTCOME[o]))}"
             "&nbsp;</span>" for o in outcomes]
    if negative:
        parts.append("<span style='color:#8e0000;'>" + QCoreApplication.translate("AssessmentPage", "负面清单") + "</span>")
    return "&nbsp;".join(parts)


def _note(note: Note) -> str:
    """A note in the UI's language: its template and the code labels among its fields translated."""
    template, fields = note
    return codetr.text(template).format(**{k: codetr.text(v) if isinstance(v, str) else v for k, v in fields.items()})


def note_text(note: Note, rule: Rule) -> str:
    """A ranking's note as the page shows it; the rule's note worded anew from the rule, clause by clause."""
    if note[0] == RULE_NOTE:
        words = semicolon().join(_note(p) for p in rule_parts(rule)) + codetr.text("。") + codetr.text(RULE_TAIL)
        return codetr.text(RULE_NOTE).format(rule=words)
    return _note(note)


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


class SchemeForm(ValidatedDialog):
    """新建 / 修改考核方案: name, period, ranked level, the indicators and the ranking rule, checked as typed."""

    def __init__(self, owner: str, view: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.owner = owner
        self.view = view
        self.setWindowTitle(self.tr("修改考核方案") if view else self.tr("新建考核方案"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = named(QLineEdit(view.name if view else ""), "schemeName")
        form.addRow(self.tr("方案名称"), self.name)
        self.period = named(QLineEdit(view.period if view else f"{today_china():%Y}"), "schemePeriod")
        self.period.setPlaceholderText(self.tr("年 2026；网格员也可按季度 2026-Q1 或按月 2026-03"))
        self.period.setEnabled(view is None)
        form.addRow(self.tr("考核期"), self.period)
        self.level = named(QComboBox(), "schemeLevel")
        for lv in RANKS.get(level_of(owner), ()):
            self.level.addItem(self.tr("网格员") if lv == Level.GRID else codetr.text(LEVEL_LABELS_ZH[lv]), lv.value)
        if view is not None:
            self.level.setCurrentIndex(max(0, self.level.findData(view.target_level)))
        self.level.setEnabled(view is None)
        form.addRow(self.tr("被考核"), self.level)
        layout.addLayout(form)

        layout.addWidget(QLabel(self.tr("考核指标（分值即权重；自动指标由系统按本期数据计算）")))
        self.indicators = named(QTableWidget(0, 3), "schemeIndicators")
        self.indicators.setHorizontalHeaderLabels([self.tr("指标名称"), self.tr("分值"), self.tr("来源")])
        self.indicators.verticalHeader().setDefaultSectionSize(26)
        self.indicators.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.indicators.setColumnWidth(1, 80)
        self.indicators.setColumnWidth(2, 200)
        self.indicators.setMinimumHeight(200)
        layout.addWidget(self.indicators)
        self.add_row = QPushButton(self.tr("添加指标"))
        self.remove_row = QPushButton(self.tr("删除所选指标"))
        self.total = QLabel()
        row_buttons = button_row(self.add_row, self.remove_row, end=(self.total,))
        layout.addLayout(row_buttons)

        rules = QGridLayout()
        self.top = named(QSpinBox(), "schemeTop")
        self.top.setRange(0, 999)
        self.bottom = named(QSpinBox(), "schemeBottom")
        self.bottom.setRange(0, 999)
        self.bottom_key = QCheckBox(self.tr("后几名同时纳入重点管理"))
        self.repeat = QSpinBox()
        self.repeat.setRange(0, 10)
        self.repeat.setSpecialValueText(self.tr("不设"))
        self.band = QComboBox()
        for code, label in codes.REPEAT_BAND.items():
            self.band.addItem(codetr.text(label), code)
        self.repeat_outcome = QComboBox()
        for code in ("key_management", "supervised"):
            self.repeat_outcome.addItem(codetr.text(codes.ASSESSMENT_OUTCOME[code]), code)
        self.incident = named(QComboBox(), "schemeIncident")
        self.incident.addItem(self.tr("不设"), None)
        for code in ("notified", "key_management", "supervised"):
            self.incident.addItem(codetr.text(codes.ASSESSMENT_OUTCOME[code]), code)
        self.negative = QCheckBox(self.tr("挂牌督办的纳入负面清单"))
        # the rule reads as two sentences, a word (a label) or a field in each cell
        for row, cells in enumerate((
                (self.tr("前"), self.top, self.tr("名为标杆；后"), self.bottom, self.tr("名通报"), self.bottom_key),
                (self.tr("连续"), self.repeat, self.tr("期处于"), self.band, self.tr("则"), self.repeat_outcome))):
            for col, cell in enumerate(cells):
                rules.addWidget(QLabel(cell) if isinstance(cell, str) else cell, row, col)
        rules.addWidget(QLabel(self.tr("发生重大问题")), 2, 0, 1, 2)
        rules.addWidget(self.incident, 2, 2, 1, 2)
        rules.addWidget(self.negative, 2, 4, 1, 2)
        layout.addLayout(rules)

        self.add_problem_and_buttons(layout, problem_name="schemeProblem")

        if view is not None:
            self._load(list(view.indicators), view.rule)
        else:
            self._defaults()
            self.level.currentIndexChanged.connect(lambda _i: self._defaults())
        self.add_row.clicked.connect(lambda: (self._add(Indicator("", "", 10)), self.check()))
        self.remove_row.clicked.connect(self._remove)
        self.indicators.itemChanged.connect(lambda _i: self.check())
        for sig in (self.name.textChanged, self.period.textChanged, self.top.valueChanged, self.bottom.valueChanged,
                    self.repeat.valueChanged):
            sig.connect(self.check)
        self.check()

    def _defaults(self) -> None:
        level = self.level.currentData() or Level.GRID.value
        self._load(default_indicators(level), default_rule(level))
        if not self.name.text().strip() or self.name.text().endswith(self.tr("考核")):
            label = self.level.currentText()
            self.name.setText(self.tr("{period}年{label}考核").format(period=self.period.text()[:4], label=label))

    def _load(self, inds: list[Indicator], rule: Rule) -> None:
        self.indicators.blockSignals(True)
        self.indicators.setRowCount(0)
        for ind in inds:
            self._add(ind)
        self.indicators.blockSignals(False)
        self.top.setValue(rule.top_n)
        self.bottom.setValue(rule.bottom_n)
        self.bottom_key.setChecked(rule.bottom_key)
        self.repeat.setValue(rule.repeat_periods)
        self.band.setCurrentIndex(max(0, self.band.findData(rule.repeat_band)))
        self.repeat_outcome.setCurrentIndex(max(0, self.repeat_outcome.findData(rule.repeat_outcome)))
        self.incident.setCurrentIndex(max(0, self.incident.findData(rule.incident_outcome)))
        self.negative.setChecked(rule.negative_list)

    def _add(self, ind: Indicator) -> None:
        t = self.indicators
        r = t.rowCount()
        t.insertRow(r)
        name = QTableWidgetItem(ind.name)
        name.setData(ROLE, ind.key)
        t.setItem(r, 0, name)
        t.setItem(r, 1, QTableWidgetItem(_num(ind.max)))
        source = QComboBox()
        for code, label in codes.ASSESSMENT_SOURCE.items():
            source.addItem(codetr.text(label), code)
        source.setCurrentIndex(max(0, source.findData(ind.source)))
        source.currentIndexChanged.connect(lambda _i: self.check())
        t.setCellWidget(r, 2, source)

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.indicators.selectedIndexes()}, reverse=True)
        for r in rows:
            self.indicators.removeRow(r)
        self.check()

    def value(self) -> SchemeInput:
        inds = []
        used = set()
        for r in range(self.indicators.rowCount()):
            name_item = self.indicators.item(r, 0)
            max_item = self.indicators.item(r, 1)
            text = (max_item.text() if max_item else "").strip()
            try:
                mx = float(text)
            except ValueError:
                mx = float("nan")
            key = (name_item.data(ROLE) if name_item else "") or ""
            if not key or key in used:
                key = next(f"k{n}" for n in range(1, 99) if f"k{n}" not in used and not self._key_taken(f"k{n}"))
            used.add(key)
            source = self.indicators.cellWidget(r, 2)
            inds.append(Indicator(key, name_item.text() if name_item else "", mx,
                                  source.currentData() if source else "manual"))
        rule = Rule(self.top.value(), self.bottom.value(), self.bottom_key.isChecked(), self.repeat.value(),
                    self.band.currentData(), self.repeat_outcome.currentData(), self.incident.currentData(),
                    self.negative.isChecked())
        return SchemeInput(self.name.text(), self.period.text(), self.level.currentData() or "", inds, rule)

    def _key_taken(self, key: str) -> bool:
        return any((self.indicators.item(r, 0) and self.indicators.item(r, 0).data(ROLE) == key)
                   for r in range(self.indicators.rowCount()))

    def problem_text(self) -> str:
        data = self.value()
        for n, ind in enumerate(data.indicators, start=1):
            if ind.max != ind.max:
                return self.tr("第 {n} 项指标的分值应为数字。").format(n=n)
        self.total.setText(self.tr("满分 {total}").format(total=_num(sum(i.max for i in data.indicators))))
        validate_scheme(data, self.owner)
        return ""


class IncidentForm(ValidatedDialog):
    """发生重大问题: the mark and its note (a mark needs a note)."""

    def __init__(self, name: str, flagged: bool, note: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("重大问题：{name}").format(name=name))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.flagged = named(QCheckBox(self.tr("本期发生重大问题")), "incidentFlag")
        self.flagged.setChecked(flagged)
        layout.addWidget(self.flagged)
        self.note = named(QPlainTextEdit(note or ""), "incidentNote")
        self.note.setPlaceholderText(self.tr("问题说明，例如 发生一起较大安全生产事故"))
        self.note.setMaximumHeight(90)
        layout.addWidget(self.note)
        self.add_problem_and_buttons(layout)
        self.flagged.toggled.connect(lambda _b: self.check())
        self.note.textChanged.connect(self.check)
        self.check()

    def problem_text(self) -> str:
        return self.tr("请写明问题说明。") if self.flagged.isChecked() and not self.note.toPlainText().strip() else ""


class AssessmentPage(Page):
    """考核: the scheme and version choice, the score sheet, the ranking, and the acts on them."""

    # the scheme's tables, and what its automatic indicators are computed from
    watches = (ASSESSMENT_TABLES | UNIT_TABLES | TASK_TABLES | DISPUTE_TABLES | VISIT_TABLES | REGISTRY_TABLES)

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.form: QDialog | None = None
        self.view: Any = None  # the SchemeView shown
        self.ranking: Any = None  # the Ranking shown (draft or published)
        self.results: list[Any] = []
        self._schemes: list[Any] = []
        self._filling = False
        self._want_version: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        head = QHBoxLayout()
        head.addWidget(page_title(self.tr("考核")))
        head.addSpacing(12)
        self.scheme_box = named(QComboBox(), "assessmentScheme")
        # gives way to the version box and the buttons at 1366 px (the full name is in the list and the tooltip)
        self.scheme_box.setMinimumContentsLength(16)
        self.scheme_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scheme_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.scheme_box.currentTextChanged.connect(self.scheme_box.setToolTip)
        head.addWidget(self.scheme_box)
        self.version_box = named(QComboBox(), "assessmentVersion")
        self.version_box.setMinimumWidth(200)
        self.version_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # never squeezed below its text (草稿（按当前数据计算） is long in English); the scheme box gives way
        self.version_box.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        head.addWidget(self.version_box)  # no stretch after it: the scheme box takes the spare width
        self.new_button = named(QPushButton(self.tr("新建方案")), "assessmentNew")
        self.edit_button = named(QPushButton(self.tr("方案设置")), "assessmentEdit")
        self.incident_button = named(QPushButton(self.tr("重大问题")), "assessmentIncident")
        self.publish_button = named(QPushButton(self.tr("发布结果")), "assessmentPublish")
        self.refresh_button = QPushButton(self.tr("刷新"))
        for b in (self.new_button, self.edit_button, self.incident_button, self.publish_button, self.refresh_button):
            head.addWidget(b)
        layout.addLayout(head)

        self.info = named(QLabel(self.tr("正在读取……")), "assessmentInfo")
        self.info.setWordWrap(True)
        layout.addWidget(self.info)

        self.tabs = QTabWidget()
        self.sheet = self._table("assessmentSheet")
        self.sheet.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.sheet.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.ranking_table = self._table("assessmentRanking")
        self.ranking_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ranking_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabs.addTab(self.sheet, self.tr("评分表"))
        self.tabs.addTab(self.ranking_table, self.tr("排名"))
        layout.addWidget(self.tabs, 1)

        self.problem = named(QLabel(), "assessmentProblem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.notes = named(wrapped(), "assessmentNotes")
        self.notes.setStyleSheet("color: #444;")
        layout.addWidget(self.notes)

        self.refresh_button.clicked.connect(self.reload)
        self.scheme_box.currentIndexChanged.connect(lambda _i: self._scheme_chosen())
        self.version_box.currentIndexChanged.connect(lambda _i: self._version_chosen())
        self.new_button.clicked.connect(lambda: self.open_new())
        self.edit_button.clicked.connect(lambda: self.open_edit())
        self.incident_button.clicked.connect(lambda: self.open_incident())
        self.publish_button.clicked.connect(lambda: self.publish())
        self.sheet.itemChanged.connect(self._cell_edited)
        self.sheet.itemSelectionChanged.connect(self._update_buttons)
        self.ranking_table.itemSelectionChanged.connect(self._update_buttons)
        self.tabs.currentChanged.connect(lambda _i: self._update_buttons())
        self._update_buttons()

    @staticmethod
    def _table(name: str) -> QTableWidget:
        t = QTableWidget(0, 0)
        t.setObjectName(name)
        t.verticalHeader().setVisible(False)
        t.verticalHeader().setDefaultSectionSize(26)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setWordWrap(False)
        t.setAlternatingRowColors(False)
        return t

    # -- session ----------------------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self.session = session
        self.view = self.ranking = None
        self._update_buttons()
        self.invalidate()

    def _svc(self) -> Any:
        return self.session.assessment()

    def may_create(self) -> bool:
        return self.session is not None and self.session.may(Perm.ASSESS) and self._svc().may_create()

    def reload(self) -> None:
        if self.session is None:
            return
        svc = self._svc()
        self.read(lambda _p: svc.schemes(), self._show_schemes, label="assessment schemes")

    def _show_schemes(self, schemes: list[Any]) -> None:
        keep = self.scheme_box.currentData()
        self._schemes = schemes
        self.scheme_box.blockSignals(True)
        self.scheme_box.clear()
        for v in schemes:
            self.scheme_box.addItem(f"{v.period} {v.unit_name} {v.name}", v.id)
        metrics = self.scheme_box.fontMetrics()  # the open list shows every name whole
        self.scheme_box.view().setMinimumWidth(max((metrics.horizontalAdvance(self.scheme_box.itemText(i)) + 40
                                                    for i in range(self.scheme_box.count())), default=0))
        index = self.scheme_box.findData(keep) if keep else -1
        self.scheme_box.setCurrentIndex(index if index >= 0 else (0 if schemes else -1))
        self.scheme_box.blockSignals(False)
        if not schemes:
            self.view = self.ranking = None
            self.version_box.clear()
            self.sheet.setRowCount(0)
            self.ranking_table.setRowCount(0)
            self.info.setText(self.tr("还没有考核方案。") + (self.tr("点击“新建方案”为本单位建立。") if self.may_create()
                                                          else self.tr("考核单位发布结果后，可在这里查看本单位的结果。")))
            self.notes.setText("")
            self._update_buttons()
            return
        self.load_scheme()

    def _scheme_chosen(self) -> None:
        self._want_version = None
        self.version_box.blockSignals(True)
        self.version_box.clear()
        self.version_box.blockSignals(False)
        self.load_scheme()

    def _version_chosen(self) -> None:
        if not self._filling:
            self._want_version = self.version_box.currentData()
            self.load_scheme()

    def load_scheme(self) -> None:
        sid = self.scheme_box.currentData()
        if self.session is None or sid is None:
            return
        svc = self._svc()
        want = self._want_version if self._want_version is not None else self.version_box.currentData()

        def load(_p):
            view = svc.get(sid)
            results = svc.results(sid)
            if want or not view.visible_full:
                if not results:
                    return view, results, None
                return view, results, svc.result(sid, want or None)
            return view, results, svc.rank(sid)

        self.read(load, self._show_scheme, label="assessment")

    # -- showing ------------------------------------------------------------------------------------------
    def _show_scheme(self, result) -> None:
        self.view, self.results, self.ranking = result
        v, m = self.view, self.ranking
        self._filling = True
        self.version_box.clear()
        if v.visible_full:
            self.version_box.addItem(self.tr("草稿（按当前数据计算）"), 0)
        for r in self.results:
            self.version_box.addItem(self.tr("第 {n} 版（{day} 发布）").format(n=r.version, day=r.published_on), r.version)
        current = m.version if m is not None and m.version else 0
        self.version_box.setCurrentIndex(max(0, self.version_box.findData(current)))
        self._filling = False
        self._want_version = None
        status = (self.tr("已发布 {n} 版").format(n=len(self.results)) if self.results else self.tr("尚未发布"))
        if m is None:
            self.info.setText(self.tr("{unit} {name}（{period}，考核{target}）：{status}。").format(
                unit=v.unit_name, name=v.name, period=v.period, target=codetr.text(v.target_label), status=status))
            self.sheet.setRowCount(0)
            self.ranking_table.setRowCount(0)
            self.notes.setText("")
            self._update_buttons()
            return
        what = (self.tr("第 {n} 版，{day} 由{who}发布，已冻结").format(n=m.version, day=m.published_on, who=m.published_by)
                if m.version else self.tr("草稿，按 {day} 的数据计算，评分修改后随时更新").format(day=m.as_of))
        self.info.setText(self.tr("{unit} {name}（{period}，考核{target}，满分 {total}）：{what}；{status}。").format(
            unit=v.unit_name, name=m.scheme.name, period=v.period, target=codetr.text(v.target_label),
            total=_num(m.scheme.max_total), what=what, status=status))
        self._fill_sheet(m)
        self._fill_ranking(m)
        notes = [note_text(n, m.scheme.rule) for n in m.note_parts] if m.note_parts else list(m.notes)
        self.notes.setText("\n".join(notes + ([self.tr("发布说明：") + m.note] if m.note else [])))
        self.problem.setText("")
        self._update_buttons()

    def _editable(self) -> bool:
        m = self.ranking
        return (m is not None and m.version is None and self.view is not None and self.view.owned
                and self.session is not None and self.session.may(Perm.ASSESS))

    def _fill_sheet(self, m: Any) -> None:
        inds = list(m.scheme.indicators)
        editable = self._editable()
        headers = ([self.tr("被考核")] + [(self.tr("{name}\n（{max}分）") if i.manual else self.tr("{name}\n（{max}分·自动）"))
                                          .format(name=codetr.text(i.name), max=_num(i.max)) for i in inds]
                   + [self.tr("总分"), self.tr("重大问题")])
        t = self.sheet
        t.blockSignals(True)
        t.clear()
        t.setColumnCount(len(headers))
        t.setHorizontalHeaderLabels(headers)
        rows = sorted(m.rows, key=lambda r: r.code)
        t.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = QTableWidgetItem(row.name)
            name.setToolTip(row.code)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            name.setData(ROLE, row.code)
            t.setItem(r, 0, name)
            for c, ind in enumerate(inds, start=1):
                cell = row.cell(ind.key)
                item = QTableWidgetItem(_num(cell.score if cell else None))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(ROLE, (row.code, ind.key, ind.max, ind.name, r + 1, row.name))
                if ind.manual and editable:
                    item.setToolTip(self.tr("人工评分，0 到 {max}；双击或直接输入修改，清空即撤销").format(max=_num(ind.max)))
                    if cell is None or cell.score is None:
                        item.setBackground(QBrush(MISSING_BG))
                else:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setToolTip(cell.explain if cell and cell.explain else self.tr("人工评分"))
                    if not ind.manual:
                        item.setBackground(QBrush(AUTO_BG))
                t.setItem(r, c, item)
            total = QTableWidgetItem(_num(row.total))
            total.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            total.setFlags(total.flags() & ~Qt.ItemFlag.ItemIsEditable)
            t.setItem(r, len(inds) + 1, total)
            inc = QTableWidgetItem(self.tr("是") if row.incident else "")
            inc.setToolTip(row.incident_note or "")
            inc.setFlags(inc.flags() & ~Qt.ItemFlag.ItemIsEditable)
            t.setItem(r, len(inds) + 2, inc)
        t.resizeColumnsToContents()
        t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        t.blockSignals(False)

    def _fill_ranking(self, m: Any) -> None:
        t = self.ranking_table
        headers = [self.tr("名次"), self.tr("被考核"), self.tr("总分"), self.tr("结果"), self.tr("政策措施"), self.tr("说明")]
        t.clear()
        t.setColumnCount(len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setRowCount(len(m.rows))
        for r, row in enumerate(m.rows):
            why = []
            if row.repeat:
                why.append(self.tr("连续 {k} 期{band}").format(
                    k=m.scheme.rule.repeat_periods, band=codetr.text(codes.REPEAT_BAND[m.scheme.rule.repeat_band])))
            if row.incident:
                why.append(self.tr("重大问题：{note}").format(note=row.incident_note or ""))
            kinds = enumeration().join(
                f"{c} {codetr.text(codes.POLICY_KIND[c] if o != 'key_management' else codes.ASSESSMENT_OUTCOME[o])}"
                for o, c in zip(row.outcomes, row.policy_codes, strict=True))
            if row.unranked:
                why.append(self.tr("无可计数据，不参与排名"))
            values = [self.tr("不参与") if row.unranked else str(row.rank), row.name,
                      self.tr("无数据") if row.unranked else _num(row.total), "", kinds, semicolon().join(why)]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(ROLE, row.code)
                if c in (0, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 3:
                    item.setData(ROLE + 1, "、".join(row.outcome_labels))  # the badges' text, for tests
                t.setItem(r, c, item)
            label = named(QLabel(badges(row.outcomes, row.negative_list)), "assessmentBadges")
            label.setTextFormat(Qt.TextFormat.RichText)
            t.setCellWidget(r, 3, label)
        t.resizeColumnsToContents()
        t.setColumnWidth(3, max(t.columnWidth(3), 190))
        t.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

    def _update_buttons(self) -> None:
        owned = self.view is not None and self.view.owned and self.session is not None \
            and self.session.may(Perm.ASSESS)
        self.new_button.setVisible(self.may_create())
        self.edit_button.setVisible(owned)
        self.incident_button.setVisible(owned)
        self.publish_button.setVisible(owned)
        draft = self.ranking is not None and self.ranking.version is None
        self.edit_button.setEnabled(owned)
        self.publish_button.setEnabled(owned and draft and bool(self.ranking.rows) and not self.ranking.missing)
        self.publish_button.setToolTip(self.tr("所有人工评分填写完整后才能发布") if owned and draft
                                       and self.ranking.missing else "")
        self.incident_button.setEnabled(owned and draft and self._selected_code() is not None)

    def _selected_code(self) -> str | None:
        t = self.sheet if self.tabs.currentIndex() == 0 else self.ranking_table
        items = t.selectedItems()
        if not items:
            return None
        first = t.item(items[0].row(), 0 if t is self.sheet else 1)
        return first.data(ROLE) if first is not None else None

    # -- acts -------------------------------------------------------------------------------------------
    def _cell_edited(self, item: QTableWidgetItem) -> None:
        info = item.data(ROLE)
        if not isinstance(info, tuple | list) or len(info) != 6 or not self._editable():
            return
        code, key, mx, ind_name, row_no, row_name = info
        text = item.text().strip()
        where = self.tr("第 {n} 行“{name}”的指标“{ind}”").format(n=row_no, name=row_name, ind=ind_name)
        score: float | None
        if not text:
            score = None
        else:
            try:
                score = float(text)
            except ValueError:
                self._refuse(item, where + self.tr("得分应为数字。"))
                return
            if not 0 <= score <= mx:
                self._refuse(item, where + self.tr("得分 {v} 超出范围，应为 0 到 {max}。").format(v=text, max=_num(mx)))
                return
        self.problem.setText("")
        svc, sid = self._svc(), self.view.id
        self.write(lambda _p: svc.set_score(sid, code, key, score), label="assessment score",
                   on_error=self._score_failed)

    def _score_failed(self, exc: BaseException) -> None:
        self.problem.setText(str(exc))
        self.load_scheme()

    def _refuse(self, item: QTableWidgetItem, message: str) -> None:
        self.problem.setText(message)
        code, key = item.data(ROLE)[0], item.data(ROLE)[1]
        row = next((r for r in self.ranking.rows if r.code == code), None) if self.ranking else None
        cell = row.cell(key) if row else None
        self.sheet.blockSignals(True)
        item.setText(_num(cell.score if cell else None))
        self.sheet.blockSignals(False)

    def open_new(self) -> SchemeForm | None:
        if not self.may_create():
            return None
        svc = self._svc()
        form = SchemeForm(svc.scope, None, self)
        data: list[SchemeInput] = []
        form.accepted.connect(lambda: data.append(form.value()))  # read on the GUI thread, before the work runs

        def created(sid: str) -> None:
            self._want_version = None
            self.scheme_box.blockSignals(True)
            self.scheme_box.addItem("", sid)
            self.scheme_box.setCurrentIndex(self.scheme_box.count() - 1)
            self.scheme_box.blockSignals(False)
            status_message(self, self.tr("已新建考核方案“{name}”。").format(name=data[0].name))

        self.open_form(form, lambda _p: svc.create_scheme(data[0]), created)
        return form

    def open_edit(self) -> SchemeForm | None:
        if self.view is None or not self.edit_button.isVisible():
            return None
        svc, view = self._svc(), self.view
        form = SchemeForm(view.unit_code, view, self)
        data: list[SchemeInput] = []
        form.accepted.connect(lambda: data.append(form.value()))
        self.open_form(form, lambda _p: svc.update_scheme(view.id, data[0]))
        return form

    def open_incident(self) -> IncidentForm | None:
        code = self._selected_code()
        if self.ranking is None or code is None or not self.incident_button.isEnabled():
            return None
        row = next(r for r in self.ranking.rows if r.code == code)
        svc, sid = self._svc(), self.view.id
        form = IncidentForm(row.name, row.incident, row.incident_note, self)
        values: dict[str, Any] = {}
        form.accepted.connect(lambda: values.update(flagged=form.flagged.isChecked(), note=form.note.toPlainText()))
        self.open_form(form, lambda _p: svc.set_incident(sid, code, values["flagged"], values["note"]))
        return form

    def publish(self) -> None:
        if not self.publish_button.isEnabled():
            return
        m, svc, sid = self.ranking, self._svc(), self.view.id
        counts = enumeration().join(f"{codetr.text(codes.ASSESSMENT_OUTCOME[o])} {sum(o in r.outcomes for r in m.rows)}"
                          for o in codes.ASSESSMENT_OUTCOME)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("发布考核结果"), self.tr(
            "发布“{name}”（{period}）的排名：{n} 个被考核对象，{counts}。\n发布后本版结果冻结，不再随评分和数据变化；"
            "再次发布为第 {next} 版，之前的版本保留。确定发布？").format(
            name=m.scheme.name, period=m.scheme.period, n=len(m.rows), counts=counts, next=len(self.results) + 1),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("发布"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.setObjectName("assessmentConfirm")
        if box.exec() != QMessageBox.StandardButton.Yes:
            return

        def published(version: int) -> None:
            self._want_version = version

        self.write(lambda _p: svc.publish(sid), published, label="assessment publish")


__all__ = ["AssessmentPage", "IncidentForm", "SchemeForm", "badges"]
