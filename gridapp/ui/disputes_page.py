"""矛盾调解: the dispute ledger with filters (status, category, overdue), a summary line (resolved rate,
first-handling closure against 95%), a detail panel with the resolution and supervision history, and the forms
that register, resolve and supervise a dispute (each offered by permission and state). Every read and write
runs on the page's DbRunner; the service (DisputeService) decides who may do what."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gridapp.core import codes
from gridapp.core.permissions import Perm
from gridapp.core.phone import normalize_phone
from gridapp.domain.clock import today as today_china
from gridapp.domain.disputes import OPEN as OPEN_STATUSES
from gridapp.domain.disputes import DisputeInput, validate_dispute

from . import codetr
from .dates import date_edit, pydate, qdate
from .i18n import colon
from .ledger_io import LedgerIO
from .ledger_table import Column, LedgerTable, choice_filter, search_box
from .pages import DISPUTE_TABLES, UNIT_TABLES, Page
from .runner import DbRunner
from .widgets import FormDialog, choice_box, debounce, detail_pane, detail_row, muted_html, named, page_frame

GRID_COLUMN = 6  # the ledger's 网格 column


class _Form(FormDialog):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent, problem_name="disputeProblem")

    def add_resolver(self, dispute: Any, phone_hint: str) -> None:
        """Who resolves the dispute: 化解组织, 责任人 and 联系方式 (the dispute's own, to keep or change)."""
        self.org = self.line(self.tr("化解组织"), name="disputeOrg", text=dispute.resolver_org or "")
        self.person = self.line(self.tr("责任人"), name="disputePerson", text=dispute.resolver or "")
        self.phone = self.line(self.tr("联系方式"), placeholder=phone_hint)

    def resolver(self) -> dict[str, Any]:
        return {"org": self.org.text(), "person": self.person.text(), "phone": self.phone.text()}

    def first_problem(self, *required: tuple[QLineEdit | QPlainTextEdit, str]) -> str:
        """The message of the first `required` field left blank; then the contact number is checked (its
        problem raised as a ValidationError naming 联系方式)."""
        for box, message in required:
            if not (box.toPlainText() if isinstance(box, QPlainTextEdit) else box.text()).strip():
                return message
        normalize_phone(self.phone.text(), field="联系方式")
        return ""


class RegisterForm(_Form):
    """登记矛盾纠纷: the GB/T 31000 event fields."""

    def __init__(self, grids: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(self.tr("登记矛盾纠纷"), parent)
        today = today_china()
        self.grid = choice_box(((code, codetr.named(name, code)) for code, name in grids), "disputeGrid")
        self.form.addRow(self.tr("发生网格"), self.grid)
        self.name = self.line(self.tr("名称"), name="disputeName", placeholder=self.tr("例如 楼上漏水引发邻里纠纷"))
        self.occurred = date_edit(today, maximum=today)
        self.form.addRow(self.tr("发生日期"), self.occurred)
        self.place = self.line(self.tr("地点"), name="disputePlace")
        self.category = choice_box(((code, f"{code} {codetr.text(label)}")
                                    for code, label in codes.DISPUTE_CATEGORY.items()), "disputeCategory")
        self.category.setCurrentIndex(self.category.findData("02"))
        self.form.addRow(self.tr("事件类别"), self.category)
        self.scale = choice_box(((code, f"{code} {codetr.text(label)}") for code, label in codes.DISPUTE_SCALE.items()),
                                "disputeScale")
        self.form.addRow(self.tr("事件规模"), self.scale)
        self.people = named(QSpinBox(), "disputePeople")
        self.people.setRange(0, 100000)
        self.people.setValue(2)
        self.form.addRow(self.tr("涉及人数"), self.people)
        self.parties = self.line(self.tr("主要当事人"), name="disputeParties",
                                 placeholder=self.tr("当事人姓名，用顿号分隔；不要填写身份证号"))
        self.summary = self.text_box(self.tr("简述"), max_height=70)
        self.deadline = date_edit(today + dt.timedelta(days=30))
        self.form.addRow(self.tr("化解时限"), self.deadline)
        self.occurred.dateChanged.connect(
            lambda d: self.deadline.setDate(d.addDays(30)))
        for signal in (self.name.textChanged, self.place.textChanged, self.parties.textChanged,
                       self.summary.textChanged, self.occurred.dateChanged, self.deadline.dateChanged,
                       self.category.currentIndexChanged, self.scale.currentIndexChanged, self.people.valueChanged):
            signal.connect(self.check)
        self.check()

    def value(self) -> DisputeInput:
        return DisputeInput(self.name.text(), pydate(self.occurred.date()), self.place.text(),
                            self.category.currentData(), self.scale.currentData(), self.people.value(),
                            self.summary.toPlainText(), self.parties.text(), pydate(self.deadline.date()),
                            self.grid.currentData())

    def problem_text(self) -> str:
        if self.grid.currentData() is None:
            return self.tr("本单位下没有网格，无法登记。")
        validate_dispute(self.value())
        return ""


class ResolveForm(_Form):
    """登记化解结果: success or not, 化解方式, 化解情况, the date, who resolved it."""

    def __init__(self, dispute: Any, parent: QWidget | None = None):
        super().__init__(self.tr("登记化解结果：{name}").format(name=dispute.name), parent)
        self.dispute = dispute
        today = today_china()
        self.success = named(QComboBox(), "disputeSuccess")
        self.success.addItem(self.tr("成功（已化解）"), True)
        if dispute.status != "escalated":
            self.success.addItem(self.tr("不成功（未化解，上报）"), False)
        self.form.addRow(self.tr("是否成功"), self.success)
        self.method = self.line(self.tr("化解方式"), name="disputeMethod",
                                placeholder=self.tr("例如 人民调解、行政调解、司法调解、当场调解"), text=dispute.method or "")
        self.outcome = self.text_box(self.tr("化解情况"), name="disputeOutcome", max_height=80)
        self.on = date_edit(today, maximum=today)
        self.on.setMinimumDate(qdate(dispute.occurred_on))
        self.form.addRow(self.tr("化解日期"), self.on)
        self.add_resolver(dispute, self.tr("不改可不填"))
        for signal in (self.method.textChanged, self.outcome.textChanged, self.phone.textChanged):
            signal.connect(self.check)
        self.check()

    def problem_text(self) -> str:
        return self.first_problem((self.method, self.tr("请填写化解方式。")),
                                  (self.outcome, self.tr("请填写化解情况。")))

    def values(self) -> dict[str, Any]:
        return {"success": bool(self.success.currentData()), "method": self.method.text(),
                "outcome": self.outcome.toPlainText(), "on": pydate(self.on.date()), **self.resolver()}


class MediateForm(_Form):
    """开始调解: who mediates the dispute (化解组织, 责任人 required), how, and a contact number."""

    def __init__(self, dispute: Any, parent: QWidget | None = None):
        super().__init__(self.tr("开始调解：{name}").format(name=dispute.name), parent)
        self.method = self.line(self.tr("化解方式"), placeholder=self.tr("例如 人民调解、行政调解、司法调解、当场调解"),
                                text=dispute.method or "")
        self.add_resolver(dispute, self.tr("手机或座机"))
        self.org.setPlaceholderText(self.tr("例如 社区人民调解委员会"))
        for signal in (self.org.textChanged, self.person.textChanged, self.phone.textChanged):
            signal.connect(self.check)
        self.check()

    def problem_text(self) -> str:
        return self.first_problem((self.org, self.tr("请填写化解组织。")), (self.person, self.tr("请填写责任人。")))

    def values(self) -> dict[str, Any]:
        return {"method": self.method.text(), **self.resolver()}


class SuperviseForm(_Form):
    """督办: the opinion and the date; the unit and person are the signed-in user's."""

    def __init__(self, dispute: Any, parent: QWidget | None = None):
        super().__init__(self.tr("督办：{name}").format(name=dispute.name), parent)
        today = today_china()
        self.on = date_edit(today, maximum=today)
        self.on.setMinimumDate(qdate(dispute.occurred_on))
        self.form.addRow(self.tr("督办时间"), self.on)
        self.opinion = self.text_box(self.tr("督办意见"), name="disputeOpinion",
                                     placeholder=self.tr("例如 请于三日内化解并报告结果"), max_height=90, checked=True)
        self.check()

    def problem_text(self) -> str:
        return "" if self.opinion.toPlainText().strip() else self.tr("请填写督办意见。")

    def values(self) -> dict[str, Any]:
        return {"opinion": self.opinion.toPlainText(), "on": pydate(self.on.date())}


class DisputesPage(Page):
    """矛盾调解: the ledger, its summary, the detail of one dispute, and the forms."""

    watches = DISPUTE_TABLES | UNIT_TABLES

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.form: _Form | None = None
        self.grids: list[tuple[str, str]] = []
        self.may_supervise = False
        self._current: Any = None
        layout, head = page_frame(self, self.tr("矛盾调解"))
        self.add_button = named(QPushButton(self.tr("登记纠纷")), "disputeAdd")
        self.add_button.setEnabled(False)
        head.addWidget(self.add_button)
        self.ledger_io = LedgerIO(self, runner, "disputes", self.tr("矛盾纠纷台账"),
                                  import_perm=Perm.DISPUTE, filters=self._export_filters,
                                  unit_choices=self._grid_choices)
        self.import_button, self.export_button = self.ledger_io.add_to(head)
        self.refresh_button = QPushButton(self.tr("刷新"))
        head.addWidget(self.refresh_button)

        self.summary = named(QLabel(self.tr("正在读取……")), "disputeSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        filters = QHBoxLayout()
        self.search = search_box("disputeSearch", self.tr("查找：编号、名称、当事人、地点"), 280)
        filters.addWidget(self.search, 1)
        filters.addWidget(QLabel(self.tr("状态")))
        self.status_filter = choice_filter("disputeStatusFilter", self.tr("全部"), [
            (self.tr("未化解（已登记和调解中）"), "open"),
            *((codetr.text(label), code) for code, label in codes.DISPUTE_STATUS.items())])
        filters.addWidget(self.status_filter)
        filters.addWidget(QLabel(self.tr("类别")))
        self.category_filter = choice_filter("disputeCategoryFilter", self.tr("全部"),
                                             ((codetr.text(label), code) for code, label in codes.DISPUTE_CATEGORY.items()))
        filters.addWidget(self.category_filter)
        for box in (self.status_filter, self.category_filter):  # the search box, not the combos, takes the room
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(12)
        self.overdue_filter = named(QCheckBox(self.tr("只看逾期")), "disputeOverdueFilter")
        filters.addWidget(self.overdue_filter)
        filters.addStretch(1)
        self.count_label = named(QLabel(), "disputeCount")
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        split = QSplitter(Qt.Orientation.Horizontal)
        overdue = self.tr("（逾期）")
        t = LedgerTable(runner, [
            Column(self.tr("编号"), lambda d: d.short_number, sort="number", tooltip=lambda d: d.number,
                   samples=("2026-0000-000",)),
            Column(self.tr("发生日期"), lambda d: d.occurred_on.isoformat(), sort="date", samples=("2026-12-31",)),
            Column(self.tr("名称"), lambda d: d.name, sort="name", stretch=True, tooltip=lambda d: d.name),
            Column(self.tr("类别"), lambda d: codetr.text(d.category_label), sort="category", width=88,
                   samples=(codetr.text("邻里"),),  # the header and the commonest class; the rest in the tooltip
                   tooltip=lambda d: codetr.text(d.category_label)),
            Column(self.tr("规模"), lambda d: codetr.text(d.scale_label), sort="scale",
                   samples=[codetr.text(v) for v in codes.DISPUTE_SCALE.values()]),
            Column(self.tr("人数"), lambda d: d.people, sort="people", right=True, width=44),
            Column(self.tr("网格"), lambda d: self._grid_name(d.unit_code), sort="grid", width=96,
                   tooltip=lambda d: f"{self._grid_name(d.unit_code)} ({d.unit_code})"),
            Column(self.tr("状态"), lambda d: codetr.text(d.status_label) + (overdue if d.overdue else ""),
                   sort="status", samples=[codetr.text(v) + (overdue if k in OPEN_STATUSES else "")
                                         for k, v in codes.DISPUTE_STATUS.items()],
                   foreground=lambda d: Qt.GlobalColor.darkRed if d.overdue else None),
            Column(self.tr("化解时限"), lambda d: d.deadline.isoformat(), sort="deadline", samples=("2026-12-31",)),
        ], name="disputeLedger", sort="date", descending=True, count_label=self.count_label,
            count_text=lambda n: self.tr("台账共 {n} 件").format(n=f"{n:,}"))
        t.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table = t
        split.addWidget(t)
        self.mediate_button = named(QPushButton(self.tr("开始调解")), "disputeMediate")
        self.resolve_button = named(QPushButton(self.tr("登记化解结果")), "disputeResolve")
        self.supervise_button = named(QPushButton(self.tr("督办")), "disputeSupervise")
        # the list takes the room (its 名称 column is what is read); the actions wrap under the details in two
        # columns, so the pane is not held at the width of three buttons side by side (wide in English)
        self.detail = detail_pane(split, "disputeDetail", min_width=240, sizes=(940, 240), stretch=(4, 1))
        actions = QGridLayout()
        for i, b in enumerate((self.mediate_button, self.resolve_button, self.supervise_button)):
            actions.addWidget(b, i // 2, i % 2)
        pane_layout = self.detail.parentWidget().layout()  # type: ignore[union-attr]
        assert isinstance(pane_layout, QVBoxLayout)
        pane_layout.addLayout(actions)
        layout.addWidget(split, 1)

        self.refresh_button.clicked.connect(self.reload)
        self.add_button.clicked.connect(lambda: self.open_register())
        self.mediate_button.clicked.connect(lambda: self.open_mediate())
        self.resolve_button.clicked.connect(lambda: self.open_resolve())
        self.supervise_button.clicked.connect(lambda: self.open_supervise())
        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload_ledger())
        self.category_filter.currentIndexChanged.connect(lambda _i: self.reload_ledger())
        self.overdue_filter.toggled.connect(lambda _b: self.reload_ledger())
        self._debounce = debounce(self, self.reload_ledger)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.table.selection_changed.connect(self._selected)
        self._show_detail(None)

    # -- session ----------------------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self.session = session
        may = session is not None and session.may(Perm.DISPUTE)
        self.add_button.setEnabled(may)
        self.add_button.setVisible(may)
        self.ledger_io.set_session(session)
        self.may_supervise = False
        self.invalidate()

    def reload(self) -> None:
        session = self.session
        if session is None:
            return
        svc = session.disputes()
        year = f"{today_china():%Y}"

        def load(_p):
            return svc.summary(None, year), svc.grids(), svc.may_supervise

        self.read(load, self._show_summary, label="dispute summary")
        self.reload_ledger()

    def show_agenda_list(self) -> None:
        """From the 今日待办 card: exactly what it counts, the disputes not yet resolved or escalated."""
        for w in (self.status_filter, self.category_filter, self.overdue_filter, self.search):
            w.blockSignals(True)
        self.search.clear()
        self.status_filter.setCurrentIndex(self.status_filter.findData("open"))
        self.category_filter.setCurrentIndex(0)
        self.overdue_filter.setChecked(False)
        for w in (self.status_filter, self.category_filter, self.overdue_filter, self.search):
            w.blockSignals(False)
        if self.session is not None:
            self.reload_ledger()

    def _export_filters(self) -> dict[str, Any]:
        """What the ledger shows: its search text, status, category and overdue filters."""
        return {"status": self.status_filter.currentData(), "category": self.category_filter.currentData(),
                "overdue": self.overdue_filter.isChecked(), "query": self.search.text().strip() or None}

    def _grid_choices(self) -> list[tuple[str, str]]:  # runs on the runner
        return self.session.disputes().grids()

    def reload_ledger(self) -> None:
        session = self.session
        if session is None:
            return
        svc = session.disputes()
        status, category = self.status_filter.currentData(), self.category_filter.currentData()
        overdue = self.overdue_filter.isChecked()
        query = self.search.text().strip() or None
        self.table.load(lambda sort, desc, p: svc.ledger_ids(status=status, category=category, overdue=overdue,
                                                             sort=sort, descending=desc, progress=p, query=query),
                        svc.ledger_rows, source=(id(session), status, category, overdue, query))

    # -- showing -----------------------------------------------------------------------------------------
    def _grid_name(self, code: str) -> str:
        return dict(self.grids).get(code, code)

    def _show_summary(self, result) -> None:
        m, self.grids, self.may_supervise = result
        # 网格: as wide as the longest grid name (named with its community when the scope spans several: 和平社区
        # 第1网格), within reason; the name column gives the room
        metrics = self.table.fontMetrics()
        wide = max((metrics.horizontalAdvance(label) for _c, label in self.grids), default=0)
        self.table.setColumnWidth(GRID_COLUMN, min(200, max(96, wide + 16)))
        self.table.ledger.refresh_display()
        verdict = {True: self.tr("达标"), False: self.tr("未达标"), None: self.tr("暂无已办结")}[m.target_met]
        self.summary.setText(self.tr(
            "{year}年发生：共 {total} 件，已化解 {resolved} 件，化解率 {rate}；一次性化解率 {first}"
            "（{fn}/{handled}），目标 95%，{verdict}；逾期未化解 {overdue} 件").format(
            year=m.period_start.year, total=m.total, resolved=m.resolved, rate=m.pct(m.resolved_rate),
            first=m.pct(m.first_handling_rate), fn=m.first_handling, handled=m.handled, verdict=verdict,
            overdue=m.overdue))
        self.summary.setStyleSheet("" if m.target_met is not False else "color: #8a4b00;")
        self._update_buttons()

    def _selected(self, d: Any) -> None:
        self._current = d
        self._show_detail(d)

    def _show_detail(self, d: Any) -> None:
        self._update_buttons()
        if d is None:
            hint = self.tr("选择左侧一件纠纷查看详情。")
            self.detail.setHtml(muted_html(hint))
            return

        def row(label: str, value: Any) -> str:
            return detail_row(label, value, "")

        status = codetr.text(d.status_label) + (self.tr("（逾期）") if d.overdue else "")
        resolution_title = self.tr("化解")
        history_title = self.tr("督办记录（{n} 次）").format(n=len(d.supervisions))
        none_text = self.tr("无")
        parts = [f"<h3>{html.escape(d.name)}</h3><table>",
                 row(self.tr("事件编号"), d.short_number), row(self.tr("完整编号"), d.number),
                 row(self.tr("状态"), status),
                 row(self.tr("发生日期"), d.occurred_on), row(self.tr("地点"), d.place),
                 row(self.tr("网格"), self._grid_name(d.unit_code)),
                 row(self.tr("类别 / 规模"), f"{codetr.text(d.category_label)} / {codetr.text(d.scale_label)}"),
                 row(self.tr("涉及人数"), d.people), row(self.tr("主要当事人"), d.parties or "—"),
                 row(self.tr("简述"), d.summary or "—"), row(self.tr("化解时限"), d.deadline), "</table>",
                 f"<h4>{html.escape(resolution_title)}</h4><table>",
                 row(self.tr("化解方式"), d.method or "—"), row(self.tr("化解组织"), d.resolver_org or "—"),
                 row(self.tr("责任人"), d.resolver or "—"), row(self.tr("联系方式"), d.resolver_phone or "—"),
                 row(self.tr("是否成功"), {True: self.tr("是"), False: self.tr("否"), None: "—"}[d.success]),
                 row(self.tr("化解情况"), d.outcome or "—"),
                 row(self.tr("化解日期"), d.resolved_on or "—")]
        if d.escalated_on:
            parts.append(row(self.tr("上报日期"), d.escalated_on))
        if d.status in ("resolved", "escalated"):
            parts.append(row(self.tr("一次性化解"), self.tr("是") if d.first_handling else self.tr("否")))
        parts.append(row(self.tr("考评"), f"{d.evaluated_on} {d.evaluation}" if d.evaluated_on else "—"))
        parts.append("</table>")
        parts.append(f"<h4>{html.escape(history_title)}</h4>")
        if d.supervisions:
            parts.append("<table>")
            for sv in d.supervisions:
                parts.append(row(str(sv.sv_on), f"{sv.sv_unit} {sv.sv_person}{colon()}{sv.opinion}"))
            parts.append("</table>")
        else:
            parts.append(muted_html(none_text))
        self.detail.setHtml("".join(parts))

    def _update_buttons(self) -> None:
        d = self._current
        may_dispute = self.session is not None and self.session.may(Perm.DISPUTE)
        can_resolve = d is not None and (
            (d.status in ("registered", "mediating") and may_dispute)
            or (d.status == "escalated" and self.may_supervise))
        self.mediate_button.setVisible(may_dispute)
        self.mediate_button.setEnabled(may_dispute and d is not None and d.status in ("registered", "mediating"))
        self.resolve_button.setVisible(may_dispute or self.may_supervise)
        self.resolve_button.setEnabled(can_resolve)
        self.supervise_button.setVisible(self.may_supervise)
        self.supervise_button.setEnabled(self.may_supervise and d is not None and d.status != "resolved")

    # -- forms -----------------------------------------------------------------------------------------
    def open_register(self) -> RegisterForm | None:
        if self.session is None or not self.session.may(Perm.DISPUTE):
            return None
        svc = self.session.disputes()
        form = RegisterForm(self.grids, self)
        data: list[DisputeInput] = []
        form.accepted.connect(lambda: data.append(form.value()))  # read on the GUI thread, before the work runs
        self.open_form(form, lambda _p: svc.register(data[0]), lambda new_id: self.table.reveal_new(
            new_id, self.tr("已登记矛盾纠纷“{name}”。").format(name=data[0].name),
            self.tr("已登记矛盾纠纷“{name}”；当前筛选条件下的列表中没有它。").format(name=data[0].name)))
        return form

    def _open_step(self, button: QPushButton, form_type: Callable[[Any, QWidget], Any], act: Callable[..., Any]) -> Any:
        """The form of a step on the selected dispute (its button enabled): on save, `act(service, id, **values)`."""
        d = self._current
        if self.session is None or d is None or not button.isEnabled():
            return None
        svc = self.session.disputes()
        form = form_type(d, self)
        values: dict[str, Any] = {}
        form.accepted.connect(lambda: values.update(form.values()))  # read on the GUI thread first
        self.open_form(form, lambda _p: act(svc, d.id, **values))
        return form

    def open_mediate(self) -> MediateForm | None:
        return self._open_step(self.mediate_button, MediateForm, lambda svc, i, **v: svc.start_mediation(i, **v))

    def open_resolve(self) -> ResolveForm | None:
        return self._open_step(self.resolve_button, ResolveForm, lambda svc, i, **v: svc.resolve(i, **v))

    def open_supervise(self) -> SuperviseForm | None:
        return self._open_step(self.supervise_button, SuperviseForm, lambda svc, i, **v: svc.supervise(i, **v))
