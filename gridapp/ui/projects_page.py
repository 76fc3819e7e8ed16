"""八小工程: the ledger of small-project records (filters: kind, unit, year and month), the summary of the period per
unit and kind, a detail panel with the record's earlier versions, and the form that records or corrects a
record showing only the fields of the chosen kind, validated as you type. Every read and write runs on the
page's DbRunner; the service (SmallProjectService) decides who may do what."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.core import codes
from gridapp.core.permissions import Perm
from gridapp.domain.clock import today as today_china
from gridapp.domain.disputes import short_number
from gridapp.domain.projects import ADOPTION_CHOICES, KIND_FIELDS, KINDS, ProjectInput, validate_project

from . import codetr
from .dates import pydate, qdate
from .ledger_io import LedgerIO
from .ledger_table import Column, LedgerTable, choice_filter, search_box
from .pages import DISPUTE_TABLES, PROJECT_TABLES, UNIT_TABLES, Page
from .photo_strip import PhotoStrip
from .runner import DbRunner
from .widgets import (
    ValidatedDialog,
    code_box,
    debounce,
    detail_pane,
    detail_row,
    muted_html,
    named,
    page_frame,
    wrapped,
)

SUMMARY_ROWS = 7  # the summary table shows this many rows before it scrolls (a community's grids and its total)
OPTIONAL_PEOPLE = ("mediation", "worthy", "notable", "family_motto")


def _text_box(height: int = 54) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setMaximumHeight(height)
    box.setTabChangesFocus(True)
    return box


def _count_box(*, unset: str | None) -> QSpinBox:
    """A count; with `unset`, 0 shows that text and means 'not given'."""
    box = QSpinBox()
    box.setRange(0, 100000)
    if unset is not None:
        box.setSpecialValueText(unset)
    return box


def kind_labels() -> dict[str, str]:
    """The kinds' names in the UI language (codes.SMALL_PROJECT_KIND holds the Chinese)."""
    return {"convention": QCoreApplication.translate("ProjectsPage", "小公约"),
            "consultation": QCoreApplication.translate("ProjectsPage", "小民主"),
            "service": QCoreApplication.translate("ProjectsPage", "小服务"),
            "mediation": QCoreApplication.translate("ProjectsPage", "小调解"),
            "safety": QCoreApplication.translate("ProjectsPage", "小平安"),
            "worthy": QCoreApplication.translate("ProjectsPage", "小乡贤"),
            "notable": QCoreApplication.translate("ProjectsPage", "小名人"),
            "family_motto": QCoreApplication.translate("ProjectsPage", "小家训")}


class ProjectForm(ValidatedDialog):
    """登记 / 更正八小工程记录: the common fields, then only the chosen kind's own; the first problem is shown
    under the form as you type and Save is enabled only without one. Enter saves, Esc cancels."""

    def __init__(self, units: list[tuple[str, str, str]], *, original: Any = None, default_unit: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.original = original
        self.setWindowTitle(self.tr("更正八小工程记录") if original is not None else self.tr("登记八小工程记录"))
        self.setMinimumWidth(560)
        today = today_china()
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)

        self.kind = named(QComboBox(), "projectKind")
        labels = kind_labels()
        for code in KINDS:
            self.kind.addItem(labels[code], code)
        self.form.addRow(self.tr("类别"), self.kind)
        self.unit = named(QComboBox(), "projectUnit")
        for code, name, _level in units:
            self.unit.addItem(codetr.named(name, code), code)
        self.form.addRow(self.tr("所属单位"), self.unit)
        self.title = named(QLineEdit(), "projectTitle")
        self.title.setPlaceholderText(self.tr("例如 修订居民公约、加装电梯议事会、义务理发"))
        self.form.addRow(self.tr("名称"), self.title)
        self.held_on = named(QDateEdit(), "projectDate")
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("yyyy-MM-dd")
        self.held_on.setMaximumDate(qdate(today))
        self.held_on.setDate(qdate(today))
        self.form.addRow(self.tr("日期"), self.held_on)
        self.place = named(QLineEdit(), "projectPlace")
        self.form.addRow(self.tr("地点"), self.place)
        self.participants = _count_box(unset=self.tr("未填"))
        self.participants.setObjectName("projectParticipants")
        self.form.addRow(self.tr("参与人数"), self.participants)
        self.responsible = named(QLineEdit(), "projectResponsible")
        self.responsible.setPlaceholderText(self.tr("负责人姓名"))
        self.form.addRow(self.tr("负责人"), self.responsible)
        self.content = _text_box()
        self.content.setObjectName("projectContent")
        self.form.addRow(self.tr("内容"), self.content)

        # kind-specific fields: shown only for their kind
        self.convention_text = _text_box(80)
        self.convention_text.setObjectName("projectConventionText")
        self.adoption = named(QComboBox(), "projectAdoption")
        self.adoption.setEditable(True)
        self.adoption.addItems(["", *ADOPTION_CHOICES])
        self.meeting_form = code_box("projectMeetingForm", codes.SMALL_PROJECT_MEETING_FORM, empty=self.tr("请选择"))
        self.topic = named(QLineEdit(), "projectTopic")
        self.decision = _text_box()
        self.decision.setObjectName("projectDecision")
        self.service_type = code_box("projectServiceType", codes.SMALL_PROJECT_SERVICE_TYPE, empty=self.tr("请选择"))
        self.served = _count_box(unset=self.tr("未填"))
        self.served.setObjectName("projectServed")
        self.dispute = named(QComboBox(), "projectDispute")
        self.dispute.addItem(self.tr("不关联"), None)
        self.hazards_found = _count_box(unset=None)
        self.hazards_found.setObjectName("projectHazardsFound")
        self.hazards_fixed = _count_box(unset=None)
        self.hazards_fixed.setObjectName("projectHazardsFixed")
        self.person_name = named(QLineEdit(), "projectPerson")
        self.person_name.setPlaceholderText(self.tr("姓名；不要填写身份证号"))
        self.deeds = _text_box(70)
        self.deeds.setObjectName("projectDeeds")
        self.household_search = named(QLineEdit(), "projectHouseholdSearch")
        self.household_search.setPlaceholderText(self.tr("输入地址或户主姓名查找"))
        self.household = named(QComboBox(), "projectHousehold")
        self.household.addItem(self.tr("不关联"), None)
        hh = QWidget()
        hl = QHBoxLayout(hh)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(self.household_search, 1)
        hl.addWidget(self.household, 2)
        self.motto = _text_box()
        self.motto.setObjectName("projectMotto")
        self.specific: dict[str, QWidget] = {
            "convention_text": self.convention_text, "adoption": self.adoption, "meeting_form": self.meeting_form,
            "topic": self.topic, "decision": self.decision, "service_type": self.service_type, "served": self.served,
            "dispute_id": self.dispute, "hazards_found": self.hazards_found, "hazards_fixed": self.hazards_fixed,
            "person_name": self.person_name, "deeds": self.deeds, "household_id": hh, "motto": self.motto,
        }
        labels = {"convention_text": self.tr("公约内容"), "adoption": self.tr("通过方式"),
                  "meeting_form": self.tr("议事形式"), "topic": self.tr("议题"), "decision": self.tr("议定事项"),
                  "service_type": self.tr("服务类型"), "served": self.tr("服务人数"),
                  "dispute_id": self.tr("关联矛盾纠纷"), "hazards_found": self.tr("发现隐患"),
                  "hazards_fixed": self.tr("整改隐患"), "person_name": self.tr("姓名"), "deeds": self.tr("事迹"),
                  "household_id": self.tr("关联户"), "motto": self.tr("家训内容")}
        for name, widget in self.specific.items():
            self.form.addRow(labels[name], widget)
        self.outcome = _text_box(44)
        self.outcome.setObjectName("projectOutcome")
        self.form.addRow(self.tr("成效"), self.outcome)

        self.add_problem_and_buttons(layout, problem_name="projectProblem")
        self.save_button.setDefault(True)

        if default_unit is not None and self.unit.findData(default_unit) >= 0:
            self.unit.setCurrentIndex(self.unit.findData(default_unit))
        if original is not None:
            self._fill(original)
            self.kind.setEnabled(False)  # a correction keeps the kind and the unit
            self.unit.setEnabled(False)
        for signal in (self.title.textChanged, self.place.textChanged, self.responsible.textChanged,
                       self.content.textChanged, self.outcome.textChanged, self.held_on.dateChanged,
                       self.participants.valueChanged, self.convention_text.textChanged,
                       self.adoption.currentTextChanged, self.meeting_form.currentIndexChanged,
                       self.topic.textChanged, self.decision.textChanged, self.service_type.currentIndexChanged,
                       self.served.valueChanged, self.dispute.currentIndexChanged, self.hazards_found.valueChanged,
                       self.hazards_fixed.valueChanged, self.person_name.textChanged, self.deeds.textChanged,
                       self.household.currentIndexChanged, self.motto.textChanged, self.unit.currentIndexChanged):
            signal.connect(self.check)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _fill(self, v: Any) -> None:
        self.kind.setCurrentIndex(self.kind.findData(v.kind))
        if self.unit.findData(v.unit_code) < 0:
            self.unit.addItem(codetr.named(v.unit_name, v.unit_code), v.unit_code)
        self.unit.setCurrentIndex(self.unit.findData(v.unit_code))
        self.title.setText(v.title)
        self.held_on.setDate(qdate(v.held_on))
        self.place.setText(v.place or "")
        self.participants.setValue(v.participants or 0)
        self.responsible.setText(v.responsible)
        self.content.setPlainText(v.content)
        self.outcome.setPlainText(v.outcome or "")
        self.convention_text.setPlainText(v.convention_text or "")
        self.adoption.setCurrentText(v.adoption or "")
        self.meeting_form.setCurrentIndex(max(self.meeting_form.findData(v.meeting_form), 0))
        self.topic.setText(v.topic or "")
        self.decision.setPlainText(v.decision or "")
        self.service_type.setCurrentIndex(max(self.service_type.findData(v.service_type), 0))
        self.served.setValue(v.served or 0)
        if v.dispute_id:
            self.dispute.addItem(short_number(v.dispute_number) if v.dispute_number else v.dispute_id, v.dispute_id)
            self.dispute.setItemData(self.dispute.count() - 1, v.dispute_number, Qt.ItemDataRole.ToolTipRole)
            self.dispute.setCurrentIndex(self.dispute.count() - 1)
        self.hazards_found.setValue(v.hazards_found or 0)
        self.hazards_fixed.setValue(v.hazards_fixed or 0)
        self.person_name.setText(v.person_name or "")
        self.deeds.setPlainText(v.deeds or "")
        if v.household_id:
            self.household.addItem(v.household_address or v.household_id, v.household_id)
            self.household.setCurrentIndex(self.household.count() - 1)
        self.motto.setPlainText(v.motto or "")

    def current_kind(self) -> str:
        return self.kind.currentData()

    def _kind_changed(self, _index: int = -1) -> None:
        own = KIND_FIELDS[self.current_kind()]
        for name, widget in self.specific.items():
            self.form.setRowVisible(widget, name in own)
        self.adjustSize()
        self.check()

    def set_disputes(self, choices: list[tuple[str, str, str]]) -> None:
        keep = self.dispute.currentData()
        self.dispute.blockSignals(True)
        self.dispute.clear()
        self.dispute.addItem(self.tr("不关联"), None)
        for did, number, name in choices:
            self.dispute.addItem(f"{short_number(number)} {name}", did)  # the number said on the phone
            self.dispute.setItemData(self.dispute.count() - 1, number, Qt.ItemDataRole.ToolTipRole)
        if keep is not None and self.dispute.findData(keep) < 0 and self.original is not None:
            self.dispute.addItem(short_number(self.original.dispute_number) if self.original.dispute_number
                                 else keep, keep)
        self.dispute.setCurrentIndex(max(self.dispute.findData(keep), 0))
        self.dispute.blockSignals(False)
        self.check()

    def set_households(self, choices: list[tuple[str, str]]) -> None:
        keep = self.household.currentData()
        keep_text = self.household.currentText()
        self.household.blockSignals(True)
        self.household.clear()
        self.household.addItem(self.tr("不关联"), None)
        for hid, text in choices:
            self.household.addItem(text, hid)
        if keep is not None and self.household.findData(keep) < 0:
            self.household.addItem(keep_text, keep)
        index = self.household.findData(keep) if keep is not None else (1 if choices else 0)
        self.household.setCurrentIndex(max(index, 0))
        self.household.blockSignals(False)
        self.check()

    def value(self) -> ProjectInput:
        kind = self.current_kind()
        own = KIND_FIELDS[kind]

        def text(box: Any) -> str | None:
            t = box.toPlainText() if isinstance(box, QPlainTextEdit) else (
                box.currentText() if isinstance(box, QComboBox) else box.text())
            return t or None

        extra: dict[str, Any] = {
            "convention_text": text(self.convention_text), "adoption": text(self.adoption),
            "meeting_form": self.meeting_form.currentData(), "topic": text(self.topic),
            "decision": text(self.decision), "service_type": self.service_type.currentData(),
            "served": self.served.value() or None, "dispute_id": self.dispute.currentData(),
            "hazards_found": self.hazards_found.value(), "hazards_fixed": self.hazards_fixed.value(),
            "person_name": text(self.person_name), "deeds": text(self.deeds),
            "household_id": self.household.currentData(), "motto": text(self.motto)}
        return ProjectInput(
            kind, self.title.text(), pydate(self.held_on.date()), self.content.toPlainText(),
            self.responsible.text(), self.unit.currentData(), self.place.text() or None,
            self.participants.value() or None, self.outcome.toPlainText() or None,
            **{k: (v if k in own else None) for k, v in extra.items()})

    def problem_text(self) -> str:
        if self.unit.currentData() is None:
            return self.tr("本单位下没有网格或村（社区），无法登记。")
        validate_project(self.value())
        return ""


class RemoveForm(ValidatedDialog):
    """删除记录: the reason is required; the record is tombstoned, not erased."""

    def __init__(self, record: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("删除八小工程记录：{title}").format(title=record.title))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.reason = named(QLineEdit(), "projectRemoveReason")
        self.reason.setPlaceholderText(self.tr("例如 重复登记、登记错误"))
        form.addRow(self.tr("删除原因"), self.reason)
        layout.addLayout(form)
        layout.addWidget(wrapped(self.tr("删除后台账不再显示该记录，记录本身和删除原因仍会保留并同步到上级。")))
        self.add_problem_and_buttons(layout, accept_text=self.tr("删除"), delete=True)
        self.reason.textChanged.connect(self.check)
        self.check()

    def problem_text(self) -> str:
        return "" if self.reason.text().strip() else self.tr("请填写删除原因。")


class ProjectsPage(Page):
    """八小工程: the ledger, the summary of the period, one record's detail and history, and the forms."""

    watches = PROJECT_TABLES | DISPUTE_TABLES | UNIT_TABLES  # 小调解 records link disputes

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.form: QDialog | None = None
        self.units: list[tuple[str, str, str]] = []  # the grids and communities a record may belong to
        self._current: Any = None
        self._history: list[Any] = []
        layout, head = page_frame(self, self.tr("八小工程"))
        self.add_button = named(QPushButton(self.tr("登记记录")), "projectAdd")
        self.add_button.setEnabled(False)
        head.addWidget(self.add_button)
        self.ledger_io = LedgerIO(self, runner, "projects", self.tr("八小工程台账"),
                                  import_perm=Perm.PROJECT, filters=self._export_filters,
                                  unit_choices=self._unit_choices)
        self.import_button, self.export_button = self.ledger_io.add_to(head)
        self.refresh_button = QPushButton(self.tr("刷新"))
        head.addWidget(self.refresh_button)

        filters = QHBoxLayout()
        self.search = search_box("projectSearch", self.tr("查找：名称、地点、内容、负责人"), 180)
        filters.addWidget(self.search, 1)
        filters.addWidget(QLabel(self.tr("类别")))
        kinds = self._kinds = kind_labels()
        self.kind_filter = choice_filter("projectKindFilter", self.tr("全部"), ((kinds[code], code) for code in KINDS))
        filters.addWidget(self.kind_filter)
        filters.addWidget(QLabel(self.tr("单位")))
        self.unit_filter = choice_filter("projectUnitFilter", self.tr("全部"))
        self.unit_filter.setMinimumContentsLength(14)
        filters.addWidget(self.unit_filter)
        filters.addWidget(QLabel(self.tr("年度")))
        self.year = named(QSpinBox(), "projectYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(today_china().year)
        filters.addWidget(self.year)
        self.month = named(QComboBox(), "projectMonth")
        self.month.addItem(self.tr("全年"), None)
        for m in range(1, 13):
            self.month.addItem(self.tr("{m}月").format(m=m), m)
        filters.addWidget(self.month)
        filters.addStretch(1)
        self.count_label = named(QLabel(), "projectCount")
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        sum_headers = [self.tr("单位"), *(kinds[k] for k in KINDS), self.tr("合计"),
                       self.tr("参与人次"), self.tr("服务人数"), self.tr("隐患 发现/整改")]
        st = named(QTableWidget(0, len(sum_headers)), "projectSummary")
        st.setHorizontalHeaderLabels(sum_headers)
        st.verticalHeader().setVisible(False)
        st.verticalHeader().setDefaultSectionSize(22)
        st.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        st.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        st.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        st.setWordWrap(False)
        st.setFixedHeight(22 * 2 + 28)  # resized to its rows (at most SUMMARY_ROWS) when they arrive
        st.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        st.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary_table = st
        layout.addWidget(st)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = t = LedgerTable(runner, [
            Column(self.tr("日期"), lambda v: v.held_on.isoformat(), sort="date", width=92),
            Column(self.tr("类别"), lambda v: self._kinds.get(v.kind, v.kind_label), sort="kind",
                   samples=list(kinds.values())),
            Column(self.tr("名称"), lambda v: v.title, sort="title", stretch=True, tooltip=lambda v: v.title),
            Column(self.tr("单位"), lambda v: v.unit_name, sort="unit", width=110, tooltip=lambda v: v.unit_code),
            Column(self.tr("人数"), lambda v: "—" if v.participants is None else v.participants, sort="participants",
                   right=True, width=48),
            Column(self.tr("负责人"), lambda v: v.responsible, sort="responsible", width=80),
        ], name="projectLedger", sort="date", descending=True, count_label=self.count_label,
            count_text=lambda n: self.tr("台账共 {n} 条").format(n=f"{n:,}"))
        split.addWidget(t)
        self.correct_button = named(QPushButton(self.tr("更正")), "projectCorrect")
        self.remove_button = named(QPushButton(self.tr("删除")), "projectRemove")
        self.photos = PhotoStrip(self, "project")  # 现场照片, between the detail and its buttons
        self.detail = detail_pane(split, "projectDetail", self.correct_button, self.remove_button, min_width=320,
                                  sizes=(700, 420), stretch=(3, 2), extra=self.photos)
        layout.addWidget(split, 1)

        self.refresh_button.clicked.connect(self.reload)
        self.add_button.clicked.connect(lambda: self.open_add())
        self.correct_button.clicked.connect(lambda: self.open_correct())
        self.remove_button.clicked.connect(lambda: self.open_remove())
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.reload_ledger())
        self._debounce = debounce(self, self.reload_ledger)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for signal in (self.unit_filter.currentIndexChanged, self.year.valueChanged, self.month.currentIndexChanged):
            signal.connect(lambda *_a: self.reload_period())
        self.table.selection_changed.connect(self._selected)
        self._show_detail(None)

    # -- session ----------------------------------------------------------------------------------------
    @property
    def may_record(self) -> bool:
        return self.session is not None and self.session.may(Perm.PROJECT)

    def set_session(self, session: Any) -> None:
        self.session = session
        self.add_button.setVisible(self.may_record)
        self.ledger_io.set_session(session)
        self.add_button.setEnabled(False)  # until the units a record may belong to are known
        self.units = []
        self.invalidate()

    def period(self) -> tuple[dt.date, dt.date]:
        year, month = self.year.value(), self.month.currentData()
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        first = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)

    def reload(self) -> None:
        session = self.session
        if session is None:
            return
        svc = session.projects()
        self.read(lambda _p: svc.record_units(), self._show_units, label="project units")
        self.reload_period()

    def reload_period(self) -> None:
        self.reload_summary()
        self.reload_ledger()

    def reload_summary(self) -> None:
        session = self.session
        if session is None:
            return
        svc = session.projects()
        unit, period = self.unit_filter.currentData(), self.period()
        self.read(lambda _p: svc.summary(unit, period), self._show_summary, label="project summary")

    def _export_filters(self) -> dict[str, Any]:
        """What the ledger shows: its search text, kind, unit and period."""
        start, end = self.period()
        return {"kind": self.kind_filter.currentData(), "unit_code": self.unit_filter.currentData(),
                "date_from": start, "date_to": end, "query": self.search.text().strip() or None}

    def _unit_choices(self) -> list[tuple[str, str]]:  # runs on the runner
        return [(code, name) for code, name, _level in self.session.projects().record_units()]

    def reload_ledger(self) -> None:
        session = self.session
        if session is None:
            return
        svc = session.projects()
        kind, unit = self.kind_filter.currentData(), self.unit_filter.currentData()
        start, end = self.period()
        query = self.search.text().strip() or None
        self.table.load(lambda sort, desc, p: svc.ledger_ids(unit, kind=kind, date_from=start, date_to=end,
                                                             sort=sort, descending=desc, progress=p, query=query),
                        svc.ledger_rows, source=(id(session), kind, unit, start, end, query))

    # -- showing -----------------------------------------------------------------------------------------
    def _show_units(self, units) -> None:
        self.units = list(units)
        chosen = self.unit_filter.currentData()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem(self.tr("全部"), None)
        for code, name, level in self.units:
            self.unit_filter.addItem(("　" if level == "grid" and len(self.units) > 1 else "") + name, code)
        self.unit_filter.setCurrentIndex(max(self.unit_filter.findData(chosen), 0))
        self.unit_filter.blockSignals(False)
        self.add_button.setEnabled(self.may_record and bool(self.units))

    def _show_summary(self, m) -> None:
        rows = [*m.rows, m.total] if len(m.rows) != 1 else list(m.rows)
        t = self.summary_table
        t.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = row.name  # the service's 和平社区合计 / 和平社区（本级）, in the UI's language
            if row is m.total:
                name = self.tr("{name}合计").format(name=m.unit_name)
            elif row.code == m.unit_code and row.name != m.unit_name:
                name = self.tr("{name}（本级）").format(name=m.unit_name)
            values = [name, *(row.counts.get(k, 0) for k in KINDS), row.total, row.participants, row.served,
                      f"{row.hazards_found}/{row.hazards_fixed}"]
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if c > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row is m.total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                t.setItem(r, c, item)
        t.setToolTip(self.tr("{start} 至 {end}").format(start=m.period_start, end=m.period_end))
        t.setFixedHeight(22 * max(1, min(len(rows), SUMMARY_ROWS)) + t.horizontalHeader().height() + 4)

    def _selected(self, v: Any) -> None:
        self._current = v
        self._load_history()
        session = self.session
        self.photos.show_for(session.projects() if session is not None else None, v.id if v is not None else None,
                             may_add=self.may_record)

    def _load_history(self) -> None:
        v = self._current
        self._history = []
        self._show_detail(v)
        if v is None or v.replaces is None or self.session is None:
            return
        svc = self.session.projects()

        def shown(history) -> None:
            if self._current is not None and self._current.id == v.id:
                self._history = history
                self._show_detail(v)

        self.read(lambda _p: svc.history(v.id), shown, label="project history")

    def _show_detail(self, v: Any) -> None:
        self._update_buttons()
        if v is None:
            hint = self.tr("选择左侧一条记录查看详情和更正记录。")
            self.detail.setHtml(muted_html(hint))
            return

        def row(label: str, value: Any) -> str:
            return detail_row(label, value, "—")

        parts = [f"<h3>{html.escape(v.title)}</h3><table>",
                 row(self.tr("类别"), self._kinds.get(v.kind, v.kind_label)), row(self.tr("日期"), v.held_on),
                 row(self.tr("单位"), v.unit_name), row(self.tr("地点"), v.place),
                 row(self.tr("参与人数"), v.participants), row(self.tr("负责人"), v.responsible),
                 row(self.tr("内容"), v.content)]
        parts += [row(label, text) for label, text in v.details()]
        parts += [row(self.tr("成效"), v.outcome), row(self.tr("登记人"), v.recorded_by), "</table>"]
        if v.replaces is None:
            never = self.tr("未更正过。")
            parts.append(muted_html(never))
        else:
            title = self.tr("更正记录（{n} 个早先版本）").format(n=len(self._history) or "…")
            parts.append(f"<h4>{html.escape(title)}</h4>")
            for h in self._history:
                facts = "；".join([f"{h.held_on}", h.title, *(f"{label} {text}" for label, text in h.details()),
                                  self.tr("参与 {n} 人").format(n=h.participants) if h.participants else ""])
                by = self.tr("登记人")
                parts.append(f"<p style='margin:2px 0'>{html.escape(facts.strip('；'))}"
                             f"<span style='color:#666'>（{html.escape(by)} {html.escape(h.recorded_by)}）</span></p>")
        self.detail.setHtml("".join(parts))

    def _update_buttons(self) -> None:
        may = self.may_record
        has = self._current is not None
        self.correct_button.setVisible(may)
        self.remove_button.setVisible(may)
        self.correct_button.setEnabled(may and has)
        self.remove_button.setEnabled(may and has)

    # -- forms -----------------------------------------------------------------------------------------
    def _wire_form(self, form: ProjectForm) -> list[ProjectInput]:
        """Load the disputes of the chosen unit (小调解) and the households matching the search (小家训); the
        list returned gets the form's value when it is accepted (read on the GUI thread, before the work runs)."""
        svc = self.session.projects()

        def disputes(*_a: Any) -> None:
            unit = form.unit.currentData()
            if unit is not None and form.current_kind() == "mediation":
                self.read(lambda _p: svc.dispute_choices(unit), form.set_disputes, label="project disputes")

        timer = QTimer(form)
        timer.setSingleShot(True)
        timer.setInterval(250)

        def households() -> None:
            unit, query = form.unit.currentData(), form.household_search.text()
            if unit is not None and form.current_kind() == "family_motto":
                self.read(lambda _p: svc.household_choices(unit, query), form.set_households,
                          label="project households")

        timer.timeout.connect(households)
        form.household_search.textChanged.connect(lambda _t: timer.start())
        form.kind.currentIndexChanged.connect(disputes)
        form.unit.currentIndexChanged.connect(disputes)
        disputes()
        data: list[ProjectInput] = []
        form.accepted.connect(lambda: data.append(form.value()))
        return data

    def _default_unit(self) -> str | None:
        chosen = self.unit_filter.currentData()
        if chosen is not None:
            return chosen
        scope = self.session.principal.unit_code if self.session.principal is not None else None
        codes_ = [c for c, _n, _l in self.units]
        return scope if scope in codes_ else None

    def open_add(self) -> ProjectForm | None:
        if self.session is None or not self.may_record or not self.units:
            return None
        svc = self.session.projects()
        form = ProjectForm(self.units, default_unit=self._default_unit(), parent=self)
        data = self._wire_form(form)
        saved, hidden = self.tr("已登记“{title}”。"), self.tr("已登记“{title}”；当前筛选条件下的列表中没有它。")
        self.open_form(form, lambda _p: svc.record(data[0]), lambda new_id: self.table.reveal_new(
            new_id, saved.format(title=data[0].title), hidden.format(title=data[0].title)), label="small project")
        return form

    def open_correct(self) -> ProjectForm | None:
        v = self._current
        if self.session is None or v is None or not self.correct_button.isEnabled():
            return None
        svc = self.session.projects()
        form = ProjectForm(self.units, original=v, parent=self)
        data = self._wire_form(form)
        self.open_form(form, lambda _p: svc.correct(v.id, data[0]), self.table.keep,
                       label="small project correction")
        return form

    def open_remove(self) -> RemoveForm | None:
        v = self._current
        if self.session is None or v is None or not self.remove_button.isEnabled():
            return None
        svc = self.session.projects()
        form = RemoveForm(v, self)
        reason: list[str] = []
        form.accepted.connect(lambda: reason.append(form.reason.text()))
        self.open_form(form, lambda _p: svc.remove(v.id, reason[0]), label="small project removal")
        return form
