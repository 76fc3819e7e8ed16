"""事件: the event list (filters: status, class, time limit and cards, mine), the detail of one event with its
timeline and a button for exactly each step the service allows the signed-in user now, the report form (people
picked from the resident records, never typed ID numbers) and one small form per step asking what it needs.
Every read and write runs on the page's DbRunner; EventService decides who may do what."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gridapp.core import codes
from gridapp.core.permissions import Perm
from gridapp.domain import events as rules
from gridapp.domain.clock import today as today_china

from . import codetr
from .dates import date_edit, pydate
from .ledger_table import Column, LedgerTable
from .pages import EVENT_TABLES, UNIT_TABLES, Page
from .photo_strip import choose_photo_file, open_photo, photo_item, photo_list, read_photo_file
from .runner import DbRunner
from .widgets import (
    FormDialog,
    button_row,
    code_box,
    debounce,
    error_text,
    muted_html,
    named,
    page_frame,
    proportions,
    wrapped,
)

_THUMB_ROLE = Qt.ItemDataRole.UserRole + 1  # whether a photo item shows its thumbnail (not one still to come)


def _events() -> Any:
    """gridapp.services.events, imported on first use (start-up does not load the service layer)."""
    from gridapp.services import events

    return events


RED, AMBER = "#b3261e", "#8a5a00"
RED_BG, AMBER_BG = "#fde7e4", "#fff4cc"
TIMING_TEXT = {"overdue": "已逾期", "soon": "即将到期", "ok": "正常", "": "—"}

# the buttons, in the order a user meets them
ACTION_ORDER = ("accept", "return", "dispatch", "escalate", "handle", "extend", "extend_ok", "extend_no",
                "verify_ok", "verify_back", "close", "callback", "reopen", "resubmit", "supervise")


def timing_samples() -> list[str]:
    """The time-limit column's widest texts: overdue or due soon, with a red card or a supervision (both at
    once is rare: the tooltip has it)."""
    from types import SimpleNamespace

    return [timing_text(SimpleNamespace(timing=t, due=dt.date(2026, 12, 31), red_cards=red, supervisions=1))
            for t in ("overdue", "soon") for red in (0, 1)]


def timing_text(row: Any) -> str:
    """The time-limit state in words (the colour is never the only sign)."""
    text = codetr.text(TIMING_TEXT.get(row.timing, row.timing))
    if row.due is not None and row.timing:
        text = codetr.text("{state}（{due}）").format(state=text, due=f"{row.due:%m-%d}")
    cards = []
    if row.red_cards:
        cards.append(codetr.text("红牌{n}").format(n=row.red_cards))
    if row.supervisions - row.red_cards > 0:
        cards.append(codetr.text("督办{n}").format(n=row.supervisions - row.red_cards))
    return text + (" · " + codetr.text("、").join(cards) if cards else "")


def _fg(row: Any) -> str | None:
    return {"overdue": RED, "soon": AMBER}.get(row.timing) or (RED if row.red_cards else None)


def _bg(row: Any) -> str | None:
    return {"overdue": RED_BG, "soon": AMBER_BG}.get(row.timing)


class _Form(FormDialog):
    def __init__(self, title: str, parent: QWidget | None = None, *, accept_text: str | None = None):
        super().__init__(title, parent, problem_name="eventProblem", accept_text=accept_text)


class ReportForm(_Form):
    """上报事件: class and subclass, title, what happened, place, date found, people from the resident records,
    urgency, source (12345 with its work-order number, 信访 初信/初访)."""

    def __init__(self, grids: list[tuple[str, str]], runner: DbRunner,
                 search: Callable[[str], list[tuple[str, str]]], parent: QWidget | None = None,
                 classes: rules.ClassTable | None = None):
        super().__init__(self.tr("上报事件"), parent, accept_text=self.tr("上报"))
        self.classes = classes or rules.ClassTable()  # the unit's class table: retired classes not offered
        self.runner = runner
        self._search = search
        self._seq = 0
        today = today_china()
        self.grid = QComboBox()
        self.grid.setObjectName("eventGrid")
        for code, name in grids:
            self.grid.addItem(codetr.named(name, code), code)
        self.form.addRow(self.tr("所在网格"), self.grid)
        cls_row = QHBoxLayout()
        self.class_box = code_box("eventClass", self.classes.classes(), empty=self.tr("（请选择类别）"))
        self.subclass = QComboBox()
        self.subclass.setObjectName("eventSubclass")
        cls_row.addWidget(self.class_box, 1)
        cls_row.addWidget(self.subclass, 1)
        self.form.addRow(self.tr("类别 / 小类"), cls_row)
        self.title_edit = self.line(self.tr("标题"), name="eventTitle", placeholder=self.tr("例如 3号楼燃气管道漏气"))
        self.description = self.text_box(self.tr("事件描述"), name="eventDescription",
                                         placeholder=self.tr("发生了什么；不要填写身份证号"), max_height=70)
        self.place = self.line(self.tr("地点"), name="eventPlace", placeholder=self.tr("地址或楼栋、户"))
        self.found = date_edit(today, maximum=today)
        self.form.addRow(self.tr("发现日期"), self.found)
        self.urgency = code_box("eventUrgency", rules.URGENCY)
        self.form.addRow(self.tr("紧急程度"), self.urgency)
        # an event of class 矛盾纠纷 becomes a dispute record: what the dispute ledger needs besides
        self.dispute_note = QLabel(self.tr("矛盾纠纷登记到矛盾纠纷台账（一件纠纷一条记录），在“矛盾调解”页办理。"))
        self.dispute_note.setObjectName("eventDisputeNote")
        self.dispute_note.setWordWrap(True)
        self.dispute_note.setStyleSheet("color:#1a5fb4")
        self.form.addRow(self.dispute_note)
        dispute_row = QHBoxLayout()
        self.dispute_category = code_box("eventDisputeCategory", codes.DISPUTE_CATEGORY)
        self.dispute_category.setCurrentIndex(self.dispute_category.findData("02"))
        self.dispute_scale = code_box("eventDisputeScale", codes.DISPUTE_SCALE)
        self.dispute_people = QSpinBox()
        self.dispute_people.setRange(1, 100000)
        self.dispute_people.setValue(2)
        self.dispute_people.setSuffix(self.tr(" 人"))
        dispute_row.addWidget(self.dispute_category, 2)
        dispute_row.addWidget(self.dispute_scale, 2)
        dispute_row.addWidget(self.dispute_people, 1)
        self.dispute_label = QLabel(self.tr("纠纷类别 / 规模 / 人数"))
        self.form.addRow(self.dispute_label, dispute_row)
        self._dispute_rows = (self.dispute_note, dispute_row)  # rows shown only for class 矛盾纠纷
        src_row = QHBoxLayout()
        self.source = code_box("eventSource", rules.SOURCE)
        self.work_order = QLineEdit()
        self.work_order.setObjectName("eventWorkOrder")
        self.work_order.setPlaceholderText(self.tr("12345 工单号"))
        src_row.addWidget(self.source, 1)
        src_row.addWidget(self.work_order, 1)
        self.form.addRow(self.tr("来源"), src_row)

        # people involved: found in the resident records, never typed as ID numbers
        people = QVBoxLayout()
        find_row = QHBoxLayout()
        self.person_search = QLineEdit()
        self.person_search.setObjectName("eventPersonSearch")
        self.person_search.setPlaceholderText(self.tr("姓名、拼音首字母或地址，从居民档案中查找"))
        find_row.addWidget(self.person_search, 1)
        people.addLayout(find_row)
        self.found_people = QListWidget()
        self.found_people.setObjectName("eventPersonFound")
        self.found_people.setMaximumHeight(72)
        people.addWidget(self.found_people)
        self.add_person = QPushButton(self.tr("加入涉及人员 ↓"))
        self.add_person.setObjectName("eventPersonAdd")
        self.remove_person = QPushButton(self.tr("移出"))
        people.addLayout(button_row(self.add_person, self.remove_person))
        self.people = QListWidget()
        self.people.setObjectName("eventPeople")
        self.people.setMaximumHeight(56)
        people.addWidget(self.people)
        self.form.addRow(self.tr("涉及人员"), people)

        self._debounce = debounce(self, self.find_people, 300)
        self.person_search.textChanged.connect(lambda _t: self._debounce.start())
        self.person_search.returnPressed.connect(self.find_people)
        self.add_person.clicked.connect(self._add_person)
        self.found_people.itemDoubleClicked.connect(lambda _i: self._add_person())
        self.remove_person.clicked.connect(self._remove_person)
        self.class_box.currentIndexChanged.connect(lambda _i: self._class_changed())
        self.source.currentIndexChanged.connect(lambda _i: self._source_changed())
        for signal in (self.title_edit.textChanged, self.place.textChanged, self.description.textChanged,
                       self.work_order.textChanged, self.found.dateChanged, self.class_box.currentIndexChanged,
                       self.source.currentIndexChanged, self.grid.currentIndexChanged):
            signal.connect(self.check)
        self._class_changed()
        self._source_changed()
        for signal in (self.dispute_scale.currentIndexChanged, self.dispute_people.valueChanged):
            signal.connect(self.check)
        self.check()

    @property
    def is_dispute(self) -> bool:
        return self.class_box.currentData() == rules.DISPUTE_CLASS

    def _class_changed(self) -> None:
        self._fill_subclass()
        for row in self._dispute_rows:
            self.form.setRowVisible(row, self.is_dispute)  # the whole row, with no gap left
        button = self.save_button
        if isinstance(button, QPushButton):
            button.setText(self.tr("登记为矛盾纠纷") if self.is_dispute else self.tr("上报"))

    def dispute_values(self) -> dict[str, Any]:
        return {"category": self.dispute_category.currentData(), "scale": self.dispute_scale.currentData(),
                "people_count": self.dispute_people.value()}

    def _fill_subclass(self) -> None:
        codetr.fill_subclasses(self.subclass, self.classes, self.class_box.currentData(), self.tr("（无小类）"),
                               self.tr("（请选择小类）"))

    def _source_changed(self) -> None:
        hotline = self.source.currentData() == rules.HOTLINE_SOURCE
        self.work_order.setEnabled(hotline)
        if not hotline:
            self.work_order.clear()

    def find_people(self) -> None:
        self._seq += 1
        seq, query = self._seq, self.person_search.text().strip()
        if not query:
            self.found_people.clear()
            return

        def shown(rows: list[tuple[str, str]]) -> None:
            if seq != self._seq:
                return
            self.found_people.clear()
            for rid, label in rows:
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, rid)
                self.found_people.addItem(item)
            if rows:
                self.found_people.setCurrentRow(0)

        def failed(exc: BaseException) -> None:
            if seq == self._seq:
                self.found_people.clear()
                self.problem.setText(error_text(exc))

        self.runner.submit(lambda _p: self._search(query), label="event people", on_done=shown, on_error=failed)

    def _add_person(self) -> None:
        item = self.found_people.currentItem()
        if item is None:
            return
        rid = item.data(Qt.ItemDataRole.UserRole)
        if rid in self.person_ids():
            return
        chosen = QListWidgetItem(item.text())
        chosen.setData(Qt.ItemDataRole.UserRole, rid)
        self.people.addItem(chosen)

    def _remove_person(self) -> None:
        row = self.people.currentRow()
        if row >= 0:
            self.people.takeItem(row)

    def person_ids(self) -> tuple[str, ...]:
        return tuple(self.people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.people.count()))

    def value(self) -> Any:
        return _events().EventInput(
            class_code=self.class_box.currentData(), title=self.title_edit.text(),
            description=self.description.toPlainText(), place=self.place.text(),
            found_on=pydate(self.found.date()), urgency=self.urgency.currentData(),
            source=self.source.currentData(), subclass=self.subclass.currentData(),
            work_order=self.work_order.text() or None, unit_code=self.grid.currentData(), people=self.person_ids())

    def problem_text(self) -> str:
        if self.grid.currentData() is None:
            return self.tr("本单位下没有可上报事件的网格。")
        if self.class_box.currentData() is None:
            return self.tr("请选择事件类别。")
        _events().check_input(self.value(), table=self.classes)
        if self.is_dispute and self.dispute_scale.currentData() == "01" and self.dispute_people.value() > 10:
            return self.tr("个体性纠纷涉及 {n} 人？人数较多时事件规模应为群体性。").format(n=self.dispute_people.value())
        return ""


class ActionForm(_Form):
    """One step on an event, asking exactly what that step needs (reason, target unit, outcome, days,
    satisfaction, supervision level)."""

    def __init__(self, action: str, view: Any, targets: list[tuple[str, str, str | None]],
                 parent: QWidget | None = None):
        label = codetr.text(rules.ACTION[action])
        super().__init__(self.tr("{action}：{title}").format(action=label, title=view.row.title), parent,
                         accept_text=label)
        self.action = action
        self.texts: dict[str, tuple[QPlainTextEdit, str, bool]] = {}
        self.target: QComboBox | None = None
        self.days: QSpinBox | None = None
        self.satisfaction: QComboBox | None = None
        self.level: QComboBox | None = None
        info = QLabel(f"{view.row.number} · {codetr.text(view.row.status_label)}")
        info.setStyleSheet("color:#555")
        self.form.addRow(info)
        if action == "dispatch":
            self.target = QComboBox()
            self.target.setObjectName("eventTarget")
            for code, name, dept in targets:
                self.target.addItem(name, (code, dept))
            self.form.addRow(self.tr("承办单位"), self.target)
        if action == "extend":
            self.days = QSpinBox()
            self.days.setObjectName("eventDays")
            self.days.setRange(1, rules.MAX_EXTENSION_DAYS)
            self.days.setValue(3)
            self.days.setSuffix(self.tr(" 个工作日"))
            self.form.addRow(self.tr("延期天数"), self.days)
        if action == "callback":
            self.satisfaction = code_box("eventSatisfaction", rules.SATISFACTION)
            self.form.addRow(self.tr("满意度"), self.satisfaction)
            self.satisfaction.currentIndexChanged.connect(self.check)
        if action == "supervise":
            self.level = code_box("eventLevel", rules.SUPERVISION_LEVEL)
            self.form.addRow(self.tr("督办级别"), self.level)
        for key, text_label, required in _events().STEP_TEXTS.get(action, ()):
            box = QPlainTextEdit()
            box.setObjectName(f"eventText_{key}")
            box.setMaximumHeight(80)
            star = " *" if required else ""
            self.form.addRow(self.tr(text_label) + star, box)
            self.texts[key] = (box, text_label, required)
            box.textChanged.connect(self.check)
        self.check()

    def problem_text(self) -> str:
        for key, (box, text_label, required) in self.texts.items():
            needed = required or (key == "reason" and self.satisfaction is not None
                                  and self.satisfaction.currentData() == "3")
            _events().check_text(box.toPlainText(), text_label, required=needed)
        if self.target is not None and self.target.currentData() is None:
            return self.tr("没有可交办的单位。")
        return ""

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: box.toPlainText() for k, (box, _l, _r) in self.texts.items()}
        if self.target is not None:
            code, dept = self.target.currentData()
            out["to"] = code
            if dept:
                out["department"] = dept
        if self.days is not None:
            out["days"] = self.days.value()
        if self.satisfaction is not None:
            out["satisfaction"] = self.satisfaction.currentData()
        if self.level is not None:
            out["level"] = self.level.currentData()
        return out


class EventsPage(Page):
    """事件: the list with its filters, one event's detail and timeline with its step buttons, the forms."""

    watches = EVENT_TABLES | UNIT_TABLES | frozenset({"event_photo"})  # photos too: those a sync brings show
    open_page = Signal(str)  # a page of the window to show (矛盾调解, after a dispute was registered here)

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.form: Any = None  # the open form (RunsWork.form), for the tests
        self.grids: list[tuple[str, str]] = []
        self.units: dict[str, str] = {}  # code → name, for holders, handlers and actors
        self.classes: rules.ClassTable | None = None  # the unit's class table (事件分类), for the report form
        self.view: Any = None  # the EventView on show
        self._detail_seq = 0
        self._shown_id: str | None = None  # the event whose detail is on show
        self.action_buttons: dict[str, QPushButton] = {}
        layout, head = page_frame(self, self.tr("事件"))
        self.add_button = QPushButton(self.tr("上报事件"))
        self.add_button.setObjectName("eventAdd")
        self.add_button.setEnabled(False)
        head.addWidget(self.add_button)
        self.settings_button = QPushButton(self.tr("时限与分类设置…"))
        self.settings_button.setObjectName("eventSettings")
        self.settings_button.setVisible(False)
        self.settings_button.clicked.connect(self.open_settings)
        head.addWidget(self.settings_button)
        self.refresh_button = QPushButton(self.tr("刷新"))
        head.addWidget(self.refresh_button)

        self.agenda_line = named(wrapped(), "eventAgenda")
        layout.addWidget(self.agenda_line)
        notice_row = QHBoxLayout()
        self.notice = QLabel()
        self.notice.setObjectName("eventNotice")
        self.notice.setStyleSheet("color:#1a5fb4")
        self.open_disputes = QPushButton(self.tr("打开矛盾调解"))
        self.open_disputes.setObjectName("eventOpenDisputes")
        self.open_disputes.clicked.connect(lambda: self.open_page.emit("disputes"))
        notice_row.addWidget(self.notice)
        notice_row.addWidget(self.open_disputes)
        notice_row.addStretch(1)
        layout.addLayout(notice_row)
        self.notice.setVisible(False)
        self.open_disputes.setVisible(False)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("状态")))
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("eventStatusFilter")
        self.status_filter.addItem(self.tr("全部"), None)
        self.status_filter.addItem(self.tr("未结案"), "open")
        for code, label in rules.STATUS.items():
            self.status_filter.addItem(codetr.text(label), code)
        filters.addWidget(self.status_filter)
        filters.addWidget(QLabel(self.tr("类别")))
        self.class_filter = QComboBox()
        self.class_filter.setObjectName("eventClassFilter")
        self.class_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # filled after show
        self.class_filter.addItem(self.tr("全部"), None)  # the classes come with the unit's class table
        filters.addWidget(self.class_filter)
        filters.addWidget(QLabel(self.tr("时限")))
        self.timing_filter = QComboBox()
        self.timing_filter.setObjectName("eventTimingFilter")
        for text, key in ((self.tr("全部"), None), (self.tr("已逾期（红）"), "overdue"),
                          (self.tr("即将到期（黄）"), "soon"), (self.tr("红牌督办"), "red_card"),
                          (self.tr("黄牌/普通督办"), "yellow_card")):
            self.timing_filter.addItem(text, key)
        filters.addWidget(self.timing_filter)
        self.may_act = False  # the signed-in role can take a step on an event (set_session)
        self.mine_filter = QCheckBox(self.tr("只看待我办理"))
        self.mine_filter.setObjectName("eventMineFilter")
        filters.addWidget(self.mine_filter)
        self.search = QLineEdit()
        self.search.setObjectName("eventSearch")
        self.search.setPlaceholderText(self.tr("标题、编号或地点"))
        hint = self.search.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 24
        self.search.setMinimumWidth(min(hint, 260))  # the hint reads whole in either language
        self.search.setMaximumWidth(max(180, hint))
        filters.addWidget(self.search)
        filters.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("eventCount")
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        split = QSplitter(Qt.Orientation.Horizontal)
        t = LedgerTable(runner, [
            Column(self.tr("编号"), lambda r: r.number, sort="number", width=140),
            Column(self.tr("发现日期"), lambda r: r.found_on.isoformat(), sort="found", width=88),
            # the code columns as wide as their labels in the UI language (English ones are longer), a class at
            # most as wide as the longest built-in one: an office's longer name is in the tooltip
            Column(self.tr("类别"), lambda r: codetr.text(r.class_label), sort="class", width=80,
                   samples=[codetr.text(v) for v in rules.EVENT_CLASS.values()],
                   tooltip=lambda r: codetr.text(r.class_label)),
            Column(self.tr("标题"), lambda r: r.title, stretch=True, tooltip=lambda r: r.title),
            Column(self.tr("紧急"), lambda r: codetr.text(r.urgency_label), width=44,
                   samples=[codetr.text(v) for v in rules.URGENCY.values()],
                   foreground=lambda r: RED if r.urgency_label == "紧急" else None),
            Column(self.tr("状态"), lambda r: codetr.text(r.status_label), sort="status", width=64,
                   samples=[codetr.text(v) for v in rules.STATUS.values()], tooltip=lambda r: codetr.text(r.status_label)),
            Column(self.tr("时限"), timing_text, sort="due", width=150, foreground=_fg, background=_bg,
                   samples=timing_samples(),  # overdue and supervised, in the UI's language (longer in English)
                   tooltip=lambda r: "\n".join(x for x in (timing_text(r), self.tr("期限 {due}").format(due=r.due)
                                                             if r.due else "") if x)),
        ], name="eventLedger", sort="found", descending=True, count_label=self.count_label,
            count_text=lambda n: self.tr("共 {n} 件").format(n=f"{n:,}"))
        self.table = t
        split.addWidget(t)
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(6, 0, 0, 0)
        self.detail = QTextBrowser()
        self.detail.setObjectName("eventDetail")
        self.detail.setOpenLinks(False)
        dl.addWidget(self.detail, 1)
        photo_row = QHBoxLayout()
        self.photo_list = photo_list("eventPhotos", self._open_photo)
        photo_row.addWidget(self.photo_list, 1)
        self.photo_button = QPushButton(self.tr("添加照片…"))
        self.photo_button.setObjectName("eventAddPhoto")
        self.photo_button.clicked.connect(lambda: self.add_photo())
        photo_row.addWidget(self.photo_button)
        dl.addLayout(photo_row)
        self.actions_box = QWidget()
        self.actions_layout = QHBoxLayout(self.actions_box)
        self.actions_layout.setContentsMargins(0, 0, 0, 0)
        self.actions_hint = QLabel()
        self.actions_hint.setStyleSheet("color:#666")
        self.actions_layout.addWidget(self.actions_hint)
        self.actions_layout.addStretch(1)
        dl.addWidget(self.actions_box)
        split.addWidget(detail)
        detail.setMinimumWidth(320)
        proportions(split, (860, 330))  # the list first: its title column is what is read
        layout.addWidget(split, 1)

        self._search_timer = debounce(self, self.reload_ledger, 300)
        self.refresh_button.clicked.connect(self.reload)
        self.add_button.clicked.connect(lambda: self.open_report())
        for box in (self.status_filter, self.class_filter, self.timing_filter):
            box.currentIndexChanged.connect(lambda _i: self.reload_ledger())
        self.mine_filter.toggled.connect(lambda _b: self.reload_ledger())
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.table.selection_changed.connect(self._selected)
        self._show_detail(None)

    # -- session ----------------------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self.session = session
        may = session is not None and session.may(Perm.EVENT)
        self.add_button.setEnabled(may)
        self.add_button.setVisible(may)
        self.settings_button.setVisible(session is not None and session.may(Perm.EVENT_OFFICE))
        # a role that can take no step (领导（只读）) has nothing waiting for it: no 只看待我办理
        self.may_act = session is not None and any(session.may(p) for p in (Perm.EVENT, Perm.EVENT_OFFICE,
                                                                             Perm.SUPERVISE))
        if not self.may_act:
            self.mine_filter.setChecked(False)
        self.mine_filter.setVisible(self.may_act)
        self.view = None
        if session is None:
            self.table.clear()
        self.invalidate()

    def reload(self) -> None:
        session = self.session
        if session is None:
            return
        svc = session.events()

        def load(_p):
            return svc.agenda(), svc.grids(), svc.unit_labels(), svc.class_table()

        self.read(load, self._show_agenda, label="event agenda")
        self.reload_ledger()

    def filters(self) -> dict[str, Any]:
        return {"status": self.status_filter.currentData(), "class_code": self.class_filter.currentData(),
                "timing": self.timing_filter.currentData(), "mine": self.mine_filter.isChecked(),
                "text": self.search.text().strip() or None}

    def reload_ledger(self) -> None:
        session = self.session
        if session is None:
            return
        svc = session.events()
        f = self.filters()
        self.table.load(lambda sort, desc, _p: svc.list_ids(sort=sort, descending=desc, **f), svc.rows,
                        source=(id(session), tuple(sorted(f.items()))))

    def show_agenda_list(self) -> None:
        """From the 今日待办 card: exactly what it counts, the events waiting for this user's step."""
        boxes = (self.status_filter, self.class_filter, self.timing_filter, self.mine_filter, self.search)
        for w in boxes:
            w.blockSignals(True)
        self.status_filter.setCurrentIndex(0)
        self.class_filter.setCurrentIndex(0)
        self.timing_filter.setCurrentIndex(0)
        self.search.clear()
        self.mine_filter.setChecked(self.may_act)
        for w in boxes:
            w.blockSignals(False)
        if self.session is not None:
            self.reload_ledger()

    def _show_agenda(self, result) -> None:
        a, self.grids, self.units, self.classes = result
        self._fill_class_filter(self.classes)
        parts = [(self.tr("待受理"), a.to_accept), (self.tr("待办理"), a.to_handle), (self.tr("待核查"), a.to_verify),
                 (self.tr("待结案"), a.to_close), (self.tr("待回访"), a.to_call_back), (self.tr("被回退"), a.returned),
                 (self.tr("延期待批"), a.extensions)]
        if not self.may_act:  # read-only: only how many of the events the unit holds or handles are overdue
            self.agenda_line.setText(self.tr("本单位经办的事件中已逾期 {n} 件").format(n=a.overdue) if a.overdue
                                     else self.tr("本单位经办的事件没有逾期"))
            self.agenda_line.setStyleSheet(f"color: {RED};" if a.overdue else "")
            return
        text = "　".join(f"{label} {n}" for label, n in parts if n) or self.tr("没有等待您办理的事件")
        if a.overdue:
            text += "　" + self.tr("其中已逾期 {n} 件").format(n=a.overdue)
        self.agenda_line.setText(self.tr("待我办理：") + text)
        self.agenda_line.setStyleSheet(f"color: {RED};" if a.overdue else "")

    def _fill_class_filter(self, table: rules.ClassTable) -> None:
        """类别 as the offices named the classes; retired ones stay (old events carry them), marked 已停用."""
        current = self.class_filter.currentData()
        items = [(codetr.text(e.name) + (self.tr("（已停用）") if e.retired else ""), e.code)
                 for e in table.entries() if e.parent is None]
        if [(self.class_filter.itemText(i), self.class_filter.itemData(i))
                for i in range(1, self.class_filter.count())] == items:
            return
        self.class_filter.blockSignals(True)
        while self.class_filter.count() > 1:
            self.class_filter.removeItem(1)
        for text, code in items:
            self.class_filter.addItem(text, code)
        self.class_filter.setCurrentIndex(max(0, self.class_filter.findData(current)))
        self.class_filter.blockSignals(False)
        if self.class_filter.currentData() != current:  # the class chosen is gone: the list follows 全部
            self.reload_ledger()

    # -- detail ------------------------------------------------------------------------------------------
    def _selected(self, row: Any) -> None:
        self._detail_seq += 1
        seq = self._detail_seq
        if row is None or self.session is None:
            self.view = None
            self._show_detail(None)
            return
        svc = self.session.events()

        def done(result: tuple[Any, list[Any]]) -> None:
            if seq == self._detail_seq:
                self.view = result[0]
                self._show_detail(result[0])
                self._show_photos(result[1])

        self.read(lambda _p: (svc.get(row.id), svc.photos(row.id)), done, label="event detail")

    def _show_photos(self, photos: list[Any]) -> None:
        shown = [(self.photo_list.item(i).data(Qt.ItemDataRole.UserRole), self.photo_list.item(i).data(_THUMB_ROLE))
                 for i in range(self.photo_list.count())]
        if shown == [(ph.id, bool(ph.thumb)) for ph in photos]:
            return  # the same photos read again (a reload of the same event): the list stays as it is
        self.photo_list.clear()
        for ph in photos:
            item = photo_item(ph)
            item.setData(_THUMB_ROLE, bool(ph.thumb))
            self.photo_list.addItem(item)

    def add_photo(self, path: str | None = None) -> None:
        """添加照片: a JPEG/PNG/HEIC file (checked, downscaled and recompressed by the service)."""
        v = self.view
        if self.session is None or v is None:
            return
        if path is None:
            path = choose_photo_file(self)
            if not path:
                return
        svc, eid = self.session.events(), v.row.id

        def work(_p):
            svc.add_photo(eid, read_photo_file(path))
            return svc.photos(eid)

        def done(photos: list[Any]) -> None:
            if self.view is not None and self.view.row.id == eid:
                self._show_photos(photos)

        self.write(work, done, label="event photo")

    def _open_photo(self, item: QListWidgetItem) -> None:
        v = self.view
        if self.session is None or v is None:
            return
        svc, pid = self.session.events(), item.data(Qt.ItemDataRole.UserRole)

        def show(data: bytes) -> None:
            self.photo_dialog = open_photo(self, self.tr("现场照片：{title}").format(title=v.row.title), data)

        self.read(lambda _p: svc.photo(v.row.id, pid), show, label="event photo")

    def _show_detail(self, v: Any) -> None:
        """One event's detail. The same event read again (after a write, a sync, F5) is updated in place: the
        step buttons stay the very same widgets while the steps allowed are the same, the text keeps its scroll
        position, and an open step form is left alone (a click in that moment is never lost)."""
        same = v is not None and self._shown_id == v.row.id
        self._shown_id = v.row.id if v is not None else None
        self._set_actions(v)
        if v is None:
            self.photo_list.clear()
        self.photo_button.setEnabled(v is not None and self.session is not None and self.session.may(Perm.EVENT))
        self.photo_button.setVisible(self.session is not None and self.session.may(Perm.EVENT))
        if v is None:
            hint = self.tr("选择左侧一件事件查看详情和办理。")
            self.detail.setHtml(muted_html(hint))
            return

        def row(label: str, value: Any, style: str = "") -> str:
            return (f"<tr><td style='color:#555;padding-right:8px;white-space:nowrap'>{html.escape(label)}</td>"
                    f"<td style='{style}'>{html.escape('' if value is None else str(value))}</td></tr>")

        r = v.row

        def unit(code: str | None) -> str:
            if not code:
                return "—"
            name = self.units.get(code)
            return codetr.named(name, code) if name else code

        timing_style = {"overdue": f"color:{RED};font-weight:bold", "soon": f"color:{AMBER};font-weight:bold"}
        cls = codetr.text(r.class_label) + (f" / {codetr.text(v.subclass_label)}" if v.subclass_label else "")
        source = codetr.text(r.source_label) + (f"（工单号 {v.work_order}）" if v.work_order else "")
        handler = unit(r.handler) + (f" · {v.handler_dept}" if v.handler_dept else "")
        parts = [f"<h3>{html.escape(r.title)}</h3><table>",
                 row(self.tr("编号"), r.number), row(self.tr("状态"), codetr.text(r.status_label)),
                 row(self.tr("时限"), timing_text(r), timing_style.get(r.timing, "")),
                 row(self.tr("类别"), cls), row(self.tr("紧急程度"), codetr.text(r.urgency_label)),
                 row(self.tr("来源"), source), row(self.tr("发现日期"), r.found_on),
                 row(self.tr("地点"), v.place), row(self.tr("所在单位"), unit(r.unit_code)),
                 row(self.tr("上报人"), v.reporter), row(self.tr("涉及人员"), "、".join(v.people) or "—"),
                 row(self.tr("事件描述"), v.description),
                 row(self.tr("受理单位"), unit(r.holder)), row(self.tr("承办单位"), handler)]
        if v.pending_extension:
            parts.append(row(self.tr("延期申请"), self.tr("{n} 个工作日，待批复").format(n=v.pending_extension),
                             f"color:{AMBER}"))
        if v.satisfaction_label:
            parts.append(row(self.tr("回访满意度"), codetr.text(v.satisfaction_label)))
        if v.first_handling is not None:
            parts.append(row(self.tr("初信初访一次性办结"), self.tr("是") if v.first_handling else self.tr("否")))
        parts.append("</table>")
        parts.append(f"<h4>{html.escape(self.tr('办理过程（{n} 步）').format(n=len(v.timeline)))}</h4><table>")
        for t in v.timeline:
            what = "；".join(f"{_DATA_LABELS.get(k, k)}：{unit(str(x)) if k == 'to' else _data_text(k, x)}"
                            for k, x in t.data.items() if k not in ("grid", "source") and x not in (None, ""))
            who = self.units.get(t.actor_unit, t.actor_unit)
            line = f"{t.actor_name}（{who}）{codetr.text(t.label)}" + (f"：{what}" if what else "")
            if t.anomaly:
                line += self.tr("　【与先前步骤矛盾，未计入：{why}】").format(why=t.anomaly)
            parts.append(row(str(t.done_on), line, f"color:{RED}" if t.anomaly else ""))
        parts.append("</table>")
        bar = self.detail.verticalScrollBar()
        at = bar.value()
        self.detail.setHtml("".join(parts))
        if same:
            bar.setValue(at)

    def _set_actions(self, v: Any) -> None:
        allowed = [a for a in ACTION_ORDER if v is not None and a in v.next_actions]
        if allowed and allowed == list(self.action_buttons):  # the same steps: the same buttons, never rebuilt
            self.actions_hint.setText("")
            return
        for b in self.action_buttons.values():
            self.actions_layout.removeWidget(b)
            b.deleteLater()
        self.action_buttons = {}
        for i, action in enumerate(allowed):
            b = QPushButton(codetr.text(rules.ACTION[action]))
            b.setObjectName(f"eventAction_{action}")
            b.clicked.connect(lambda _c=False, a=action: self.open_action(a))
            self.actions_layout.insertWidget(i, b)
            if self.actions_box.isVisible():  # at once, not on the layout's next pass; never hidden explicitly:
                b.show()  # a button made while the page is not on show appears with it
            self.action_buttons[action] = b
        if v is None:
            self.actions_hint.setText("")
        elif not allowed:
            self.actions_hint.setText(self.tr("该事件当前没有需要您办理的环节。"))
        else:
            self.actions_hint.setText("")

    # -- forms -----------------------------------------------------------------------------------------
    def _open(self, form: _Form, work, on_done=None) -> _Form:
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.accepted.connect(lambda: self.write(work, on_done, label="event"))
        form.finished.connect(lambda _r: setattr(self, "form", None))
        self.form = form
        form.open()
        return form

    def open_report(self) -> ReportForm | None:
        if self.session is None or not self.session.may(Perm.EVENT):
            return None
        session = self.session
        svc = session.events()

        def search(query: str) -> list[tuple[str, str]]:
            rows = session.registry().find(query, limit=20).rows
            return [(r.id, f"{r.name}　{r.id_number}　{r.current_address or ''}".strip()) for r in rows]

        form = ReportForm(self.grids, self.runner, search, self, classes=self.classes)
        data: list[Any] = []
        # read on the GUI thread, before the work runs
        form.accepted.connect(lambda: data.append((form.value(), form.is_dispute, form.dispute_values())))

        def work(_p):
            value, dispute, extra = data[0]
            if dispute:  # one concept, one record: the dispute ledger's
                from gridapp.services.event_disputes import report_dispute

                return "dispute", report_dispute(svc, session.disputes(), value, **extra)
            return "event", svc.report(value)

        def done(result: tuple[str, str]) -> None:
            kind, new_id = result
            if kind == "event":
                self.table.keep(new_id)
                self._say("")
            else:
                self._say(self.tr("已登记为矛盾纠纷，在“矛盾调解”页办理。"), disputes=True)

        self._open(form, work, done)
        return form

    def open_settings(self) -> QDialog | None:
        """时限与分类设置 (offices only): the limits per class, the working-day calendar entries and the class
        table (事件分类)."""
        if self.session is None or not self.session.may(Perm.EVENT_OFFICE):
            return None
        from .event_settings import EventSettingsDialog

        dialog = EventSettingsDialog(self.session.events(), self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "form", None))
        self.form = dialog
        dialog.open()
        return dialog

    def _say(self, text: str, *, disputes: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.open_disputes.setVisible(disputes)

    def open_action(self, action: str) -> ActionForm | None:
        v = self.view
        if self.session is None or v is None or action not in v.next_actions:
            return None
        svc = self.session.events()
        if action == "dispatch":
            # the places it may go are read first (the holder, its departments, the units down to the grid)
            def got(targets: list[tuple[str, str, str | None]]) -> None:
                self._open_action(action, v, targets)

            self.read(lambda _p: svc.dispatch_targets(v.row.id), got, label="dispatch targets")
            return None
        return self._open_action(action, v, [])

    def _open_action(self, action: str, v: Any, targets: list[tuple[str, str, str | None]]) -> ActionForm:
        svc = self.session.events()
        form = ActionForm(action, v, targets, self)
        values: dict[str, Any] = {}
        form.accepted.connect(lambda: values.update(form.values()))  # read on the GUI thread first

        def work(_p):
            svc.act(v.row.id, action, **values)
            return svc.get(v.row.id)

        def done(view: Any) -> None:
            if self.view is not None and self.view.row.id == view.row.id:
                self.view = view
                self._show_detail(view)

        self._open(form, work, done)
        return form


_DATA_LABELS = {"to": "承办单位", "department": "承办部门", "note": "意见", "reason": "原因", "feedback": "处置情况",
                "days": "延期天数", "opinion": "意见", "outcome": "办结情况", "satisfaction": "满意度",
                "level": "督办级别"}


def _data_text(key: str, value: Any) -> str:
    if key == "satisfaction":
        return rules.SATISFACTION.get(str(value), str(value))
    if key == "level":
        return rules.SUPERVISION_LEVEL.get(str(value), str(value))
    return str(value)

