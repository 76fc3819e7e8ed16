"""民情日志: a grid worker's daily work log (民情日志) and own household visits (巡查走访), in two tabs.

The grid worker writes a log a day and records patrols of the own grid's households (and raises an event from
a patrol); the grid chief and the office read them and comment on a log (批注). Every read and write runs on
the page's DbRunner; the service (WorklogService) decides who may do what."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gridapp.domain import events as event_rules
from gridapp.domain.clock import today as today_china
from gridapp.domain.worklog import PatrolInput, WorklogInput, check_comment, check_patrol, check_worklog

from . import codetr
from .dates import date_edit, pydate
from .ledger_table import Column, LedgerTable
from .pages import EVENT_TABLES, REGISTRY_TABLES, Page
from .runner import DbRunner
from .widgets import (
    FormDialog,
    button_row,
    choice_box,
    detail_row,
    muted_html,
    named,
    page_frame,
    proportions,
)

WORKLOG_TABLES = frozenset({"patrol", "worklog", "worklog_comment"})


class _Form(FormDialog):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent, problem_name="worklogProblem")


class WorklogForm(_Form):
    """写民情日志: the day and what was done and heard."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("写民情日志"), parent)
        today = today_china()
        self.day = date_edit(today, maximum=today)
        self.form.addRow(self.tr("日期"), self.day)
        self.content = self.text_box(
            self.tr("日志内容"), name="worklogContent", min_height=160, checked=True,
            placeholder=self.tr("今天走访了哪些户、听到什么民情、办了什么事；只写姓名，不写身份证号"))
        self.day.dateChanged.connect(self.check)
        self.check()

    def value(self) -> WorklogInput:
        return WorklogInput(pydate(self.day.date()), self.content.toPlainText())

    def problem_text(self) -> str:
        check_worklog(self.value(), today_china())
        return ""


class PatrolForm(_Form):
    """登记巡查走访: a household of the grid, the day, what was found."""

    def __init__(self, households: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(self.tr("登记巡查走访"), parent)
        today = today_china()
        self.household = named(QComboBox(), "patrolHousehold")
        self.household.setEditable(True)
        self.household.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for hid, address in households:
            self.household.addItem(address, hid)
        self.form.addRow(self.tr("走访户"), self.household)
        self.day = date_edit(today, maximum=today)
        self.form.addRow(self.tr("走访日期"), self.day)
        self.situation = self.text_box(self.tr("走访情况"), name="patrolSituation",
                                       placeholder=self.tr("家庭情况、在家人员、了解到的情况"), max_height=100)
        self.issues = self.text_box(self.tr("发现问题"), name="patrolIssues",
                                    placeholder=self.tr("发现的问题或群众诉求（可上报为事件）"), max_height=80)
        for signal in (self.situation.textChanged, self.issues.textChanged, self.day.dateChanged,
                       self.household.currentIndexChanged):
            signal.connect(self.check)
        self.check()

    def value(self) -> PatrolInput:
        return PatrolInput(self.household.currentData() or "", pydate(self.day.date()),
                           self.situation.toPlainText(), self.issues.toPlainText())

    def problem_text(self) -> str:
        if self.household.currentData() is None:
            return self.tr("本网格没有可选的户。")
        check_patrol(self.value(), today_china())
        return ""


class WorklogCommentForm(_Form):
    """批注: the grid chief's or office's note on a log."""

    def __init__(self, log: Any, parent: QWidget | None = None):
        super().__init__(self.tr("批注：{day} {worker}").format(day=log.log_date, worker=log.worker), parent)
        self.text = self.text_box(self.tr("批注"), name="worklogComment", max_height=100, checked=True)
        self.check()

    def problem_text(self) -> str:
        check_comment(self.text.toPlainText())
        return ""


class PatrolEventForm(_Form):
    """上报事件 from a patrol: class and subclass (from the office's class table of the patrol's grid: retired ones
    not offered), title, urgency (the rest comes from the patrol)."""

    def __init__(self, patrol: Any, classes: event_rules.ClassTable, parent: QWidget | None = None):
        super().__init__(self.tr("从走访上报事件：{address}").format(address=patrol.address), parent)
        self.classes = classes
        self.cls = named(QComboBox(), "patrolEventClass")
        for code, label in classes.classes().items():
            if code != event_rules.DISPUTE_CLASS:  # a dispute goes on the dispute ledger
                self.cls.addItem(f"{code} {codetr.text(label)}", code)
        self.form.addRow(self.tr("事件类别"), self.cls)
        self.subclass = named(QComboBox(), "patrolEventSubclass")
        self.form.addRow(self.tr("小类"), self.subclass)
        self.cls.currentIndexChanged.connect(lambda _i: self._fill_subclass())
        self._fill_subclass()
        self.title = self.line(self.tr("标题"), name="patrolEventTitle")
        self.urgency = choice_box(event_rules.URGENCY.items())
        self.form.addRow(self.tr("紧急程度"), self.urgency)
        self.form.addRow(self.tr("事件描述"), QLabel(patrol.issues or patrol.situation))
        self.title.textChanged.connect(self.check)
        self.check()

    def _fill_subclass(self) -> None:
        codetr.fill_subclasses(self.subclass, self.classes, self.cls.currentData(), self.tr("（无小类）"))

    def problem_text(self) -> str:
        if self.cls.currentData() is None:
            return self.tr("没有可用的事件类别（均已停用），请联系综治中心。")
        return "" if self.title.text().strip() else self.tr("请填写标题。")


class WorklogPage(Page):
    """民情日志 and 巡查走访, each a ledger with the selected record's detail."""

    watches = WORKLOG_TABLES | REGISTRY_TABLES | EVENT_TABLES

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.form: Any = None
        self._log: Any = None
        self._patrol: Any = None
        self.grid_names: dict[str, str] = {}  # code → 和平社区 第1网格 (read with the lists)
        layout, head = page_frame(self, self.tr("民情日志"))
        self.refresh_button = QPushButton(self.tr("刷新"))
        head.addWidget(self.refresh_button)
        self.tabs = named(QTabWidget(), "worklogTabs")
        layout.addWidget(self.tabs, 1)

        # -- 民情日志 -------------------------------------------------------------------------------------
        self.add_log_button = named(QPushButton(self.tr("写民情日志")), "worklogAdd")
        self.comment_button = named(QPushButton(self.tr("批注")), "worklogCommentButton")
        self.log_count = named(QLabel(), "worklogCount")
        self.log_table = LedgerTable(runner, [
            Column(self.tr("日期"), lambda v: v.log_date.isoformat(), sort="date", samples=("2026-12-31",)),
            Column(self.tr("网格员"), lambda v: v.worker, sort="worker", width=90),
            Column(self.tr("网格"), lambda v: self.grid_names.get(v.unit_code, v.unit_code), sort="grid",
                   samples=("和平社区 第10网格",)),
            Column(self.tr("日志内容"), lambda v: v.content.replace("\n", " "), stretch=True,
                   tooltip=lambda v: v.content),
            Column(self.tr("批注"), lambda v: len(v.comments) or "", right=True, samples=("99",)),
        ], name="worklogLedger", sort="date", descending=True, count_label=self.log_count,
            count_text=lambda n: self.tr("共 {n} 篇").format(n=f"{n:,}"))
        self.log_detail = named(QTextBrowser(), "worklogDetail")
        self._add_tab(self.tr("民情日志"), (self.add_log_button, self.comment_button), self.log_count,
                      self.log_table, self.log_detail)

        # -- 巡查走访 -------------------------------------------------------------------------------------
        self.add_patrol_button = named(QPushButton(self.tr("登记巡查走访")), "patrolAdd")
        self.event_button = named(QPushButton(self.tr("上报事件")), "patrolEvent")
        self.patrol_count = named(QLabel(), "patrolCount")
        self.patrol_table = LedgerTable(runner, [
            Column(self.tr("走访日期"), lambda v: v.visited_on.isoformat(), sort="date", samples=("2026-12-31",)),
            Column(self.tr("走访户"), lambda v: v.address, width=180, tooltip=lambda v: v.address),
            Column(self.tr("网格员"), lambda v: v.worker, sort="worker", width=90),
            Column(self.tr("走访情况"), lambda v: v.situation.replace("\n", " "), stretch=True,
                   tooltip=lambda v: v.situation),
            Column(self.tr("发现问题"), lambda v: (v.issues or "").replace("\n", " "), width=200,
                   tooltip=lambda v: v.issues or ""),
            Column(self.tr("事件"), lambda v: self.tr("已上报") if v.event_id else "", samples=(self.tr("已上报"),)),
        ], name="patrolLedger", sort="date", descending=True, count_label=self.patrol_count,
            count_text=lambda n: self.tr("共 {n} 次").format(n=f"{n:,}"))
        self.patrol_detail = named(QTextBrowser(), "patrolDetail")
        self._add_tab(self.tr("巡查走访"), (self.add_patrol_button, self.event_button), self.patrol_count,
                      self.patrol_table, self.patrol_detail)

        self.refresh_button.clicked.connect(self.reload)
        self.add_log_button.clicked.connect(lambda: self.open_worklog())
        self.comment_button.clicked.connect(lambda: self.open_comment())
        self.add_patrol_button.clicked.connect(lambda: self.open_patrol())
        self.event_button.clicked.connect(lambda: self.open_event())
        self.log_table.selection_changed.connect(self._log_selected)
        self.patrol_table.selection_changed.connect(self._patrol_selected)
        self._log_selected(None)
        self._patrol_selected(None)

    def _add_tab(self, title: str, buttons: tuple[QWidget, ...], count: QLabel, table: QWidget,
                 detail: QWidget) -> None:
        """A tab: its buttons and count on top, the ledger with the chosen record's detail beside it."""
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(button_row(*buttons, end=(count,)))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(table)
        split.addWidget(detail)
        proportions(split, (760, 440))
        layout.addWidget(split, 1)
        self.tabs.addTab(tab, title)

    # -- session ----------------------------------------------------------------------------------------

    def _svc(self) -> Any:
        return self.session.worklog()

    def set_session(self, session: Any) -> None:
        self.session = session
        svc = session.worklog() if session is not None else None
        writer = svc is not None and svc.may_write
        commenter = svc is not None and svc.may_comment
        for b in (self.add_log_button, self.add_patrol_button, self.event_button):
            b.setVisible(writer)
        self.comment_button.setVisible(commenter)
        self._update_buttons()
        self.invalidate()

    @property
    def new_button(self) -> QPushButton:
        """Ctrl+N (gridapp.ui.shortcuts): the new-record button of the tab shown."""
        return self.add_patrol_button if self.tabs.currentIndex() == 1 else self.add_log_button

    def reload(self) -> None:
        if self.session is None:
            self.log_table.clear()
            self.patrol_table.clear()
            return
        svc = self._svc()
        self.read(lambda _p: svc.grid_labels(), self._got_grid_names, label="grid names")
        self.log_table.load(lambda sort, desc, _p: svc.worklog_ids(sort=sort, descending=desc), svc.worklog_rows,
                            source=(id(self.session), "logs"))
        self.patrol_table.load(lambda sort, desc, _p: svc.patrol_ids(sort=sort, descending=desc), svc.patrol_rows,
                               source=(id(self.session), "patrols"))

    def _got_grid_names(self, names: dict[str, str]) -> None:
        self.grid_names = names
        self.log_table.viewport().update()

    # -- showing -----------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        self.comment_button.setEnabled(self._log is not None)
        self.event_button.setEnabled(self._patrol is not None and not self._patrol.event_id)

    def _chosen(self, v: Any, detail: QTextBrowser, hint: str) -> bool:
        """A record `v` was chosen (None: none): the buttons follow; without one, `detail` shows the `hint`."""
        self._update_buttons()
        if v is None:
            detail.setHtml(muted_html(hint))
            return False
        return True

    def _log_selected(self, v: Any) -> None:
        self._log = v
        if not self._chosen(v, self.log_detail, self.tr("选择左侧一篇日志查看全文和批注。")):
            return
        comments_title = self.tr("批注（{n} 条）").format(n=len(v.comments))
        none_text = self.tr("暂无批注")
        parts = [f"<h3>{html.escape(str(v.log_date))} {html.escape(v.worker)}</h3>",
                 f"<p style='white-space:pre-wrap'>{html.escape(v.content)}</p>",
                 f"<h4>{html.escape(comments_title)}</h4>"]
        if v.comments:
            parts.append("<table>")
            for c in v.comments:
                parts.append(detail_row(f"{c.commented_on} {c.author}", c.text))
            parts.append("</table>")
        else:
            parts.append(muted_html(none_text))
        self.log_detail.setHtml("".join(parts))

    def _patrol_selected(self, v: Any) -> None:
        self._patrol = v
        if not self._chosen(v, self.patrol_detail, self.tr("选择左侧一次走访查看详情。")):
            return
        event = self.tr("已上报") if v.event_id else self.tr("未上报")
        self.patrol_detail.setHtml("".join([
            f"<h3>{html.escape(v.address)}</h3><table>",
            detail_row(self.tr("走访日期"), v.visited_on), detail_row(self.tr("网格员"), v.worker),
            detail_row(self.tr("网格"), self.grid_names.get(v.unit_code, v.unit_code)), detail_row(self.tr("走访情况"), v.situation),
            detail_row(self.tr("发现问题"), v.issues or "—"), detail_row(self.tr("事件"), event), "</table>"]))

    # -- forms -----------------------------------------------------------------------------------------
    def open_worklog(self) -> WorklogForm | None:
        if self.session is None or not self.add_log_button.isVisible():
            return None
        svc = self._svc()
        form = WorklogForm(self)
        data: list[WorklogInput] = []
        form.accepted.connect(lambda: data.append(form.value()))
        self.open_form(form, lambda _p: svc.add_worklog(data[0]), lambda new_id: self.log_table.reveal_new(
            new_id, self.tr("已保存民情日志。"), self.tr("已保存民情日志。")))
        return form

    def open_patrol(self) -> None:
        """Read the grid's households on the runner, then open the form (the tests find it in `self.form`)."""
        if self.session is None or not self.add_patrol_button.isVisible():
            return
        svc = self._svc()
        self.read(lambda _p: svc.households(), lambda households: self._patrol_form(svc, households),
                  label="patrol households")

    def _patrol_form(self, svc: Any, households: list[tuple[str, str]]) -> None:
        form = PatrolForm(households, self)
        data: list[PatrolInput] = []
        form.accepted.connect(lambda: data.append(form.value()))
        self.open_form(form, lambda _p: svc.add_patrol(data[0]), lambda new_id: self.patrol_table.reveal_new(
            new_id, self.tr("已登记巡查走访。"), self.tr("已登记巡查走访。")))

    def open_comment(self) -> WorklogCommentForm | None:
        log = self._log
        if self.session is None or log is None or not self.comment_button.isEnabled():
            return None
        svc = self._svc()
        form = WorklogCommentForm(log, self)
        text: list[str] = []
        form.accepted.connect(lambda: text.append(form.text.toPlainText()))
        self.open_form(form, lambda _p: svc.comment(log.id, text[0]))
        return form

    def open_event(self) -> None:
        """从走访上报事件: the form opens once the class table of the patrol's grid is read (off the GUI thread)."""
        patrol = self._patrol
        if self.session is None or patrol is None or not self.event_button.isEnabled():
            return
        from gridapp.services.patrol_events import raise_event

        session = self.session

        def show(classes: event_rules.ClassTable) -> None:
            if self.session is not session or self._patrol is None or self._patrol.id != patrol.id:
                return
            form = PatrolEventForm(patrol, classes, self)
            values: dict[str, Any] = {}
            form.accepted.connect(lambda: values.update(
                class_code=form.cls.currentData(), subclass=form.subclass.currentData(), title=form.title.text(),
                urgency=form.urgency.currentData()))
            self.open_form(form, lambda _p: raise_event(session.worklog(), session.events(), patrol.id, **values))

        events = session.events()
        self.read(lambda _p: events.class_table(patrol.unit_code), show, label="event classes")
