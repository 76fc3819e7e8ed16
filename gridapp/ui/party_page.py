"""党建网格: the party network on the grids as a tree (党工委 → 党委/党总支 → 网格党支部 → 楼栋党小组 → 党员中心户
and their 联系户), the checks the plan implies with the coverage of households by party members, and the 挂包联系
log (a raised issue can become an event). Everything runs on the DbRunner; PartyService decides who may do
what (membership details and member counts only with the sensitive permission).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.core.permissions import Perm
from gridapp.core.progress import Progress
from gridapp.domain import events as event_rules
from gridapp.domain import party as rules
from gridapp.domain.party import CHECKS

from . import codetr
from .i18n import enumeration
from .ledger_table import Column, LedgerTable
from .pages import PARTY_TABLES, REGISTRY_TABLES, UNIT_TABLES, Page
from .runner import DbRunner
from .widgets import ValidatedDialog, choice_box, page_frame, push_button

PROBLEM_FG = QColor("#b3261e")
ROLE = Qt.ItemDataRole.UserRole


class OrgDialog(ValidatedDialog):
    """设立党组织: kind, the unit it sits on (a group: also the building), name, secretary."""

    def __init__(self, units: list[tuple[str, str, str]], buildings: dict[str, list[tuple[str, str]]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("设立党组织"))
        self.setMinimumWidth(460)
        self.units, self.buildings = units, buildings
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("orgKind")
        for kind, (label, _level) in rules.ORG_KINDS.items():
            self.kind_box.addItem(codetr.text(label), kind)
        form.addRow(self.tr("类别"), self.kind_box)
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("orgUnit")
        form.addRow(self.tr("所在单位"), self.unit_box)
        self.building_box = QComboBox()
        self.building_box.setObjectName("orgBuilding")
        form.addRow(self.tr("所在楼栋"), self.building_box)
        self.name = QLineEdit()
        self.name.setObjectName("orgName")
        self.name.setPlaceholderText(self.tr("默认按单位或楼栋名称"))
        form.addRow(self.tr("名称"), self.name)
        self.secretary = QLineEdit()
        self.secretary.setObjectName("orgSecretary")
        form.addRow(self.tr("书记（组长）"), self.secretary)
        self.add_problem_and_buttons(layout, accept_text=self.tr("设立"), problem_name="orgProblem")
        self.kind_box.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.unit_box.currentIndexChanged.connect(lambda _i: self._unit_changed())
        self.building_box.currentIndexChanged.connect(lambda _i: self.check())
        self.name.textChanged.connect(lambda _t: self.check())
        self.secretary.textChanged.connect(lambda _t: self.check())
        self._kind_changed()

    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def _kind_changed(self) -> None:
        level = rules.ORG_KINDS[self.kind()][1]
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        for code, name, lv in self.units:
            if lv == level:  # only the units the kind may sit on are offered (the service refuses the rest)
                self.unit_box.addItem(codetr.named(name, code), code)
        self.unit_box.blockSignals(False)
        self._unit_changed()

    def _unit_changed(self) -> None:
        group = self.kind() == "group"
        self.building_box.clear()
        self.building_box.setEnabled(group)
        if group:
            for bid, name in self.buildings.get(self.unit_box.currentData() or "", []):
                self.building_box.addItem(name, bid)
        self.check()

    def values(self) -> dict[str, Any]:
        return {"kind": self.kind(), "unit_code": self.unit_box.currentData(),
                "building_id": self.building_box.currentData() if self.kind() == "group" else None,
                "name": self.name.text().strip() or None, "secretary_name": self.secretary.text().strip() or None}

    def problem_text(self) -> str:
        label = rules.kind_label(self.kind())
        if self.unit_box.currentData() is None:
            return self.tr("本单位范围内没有可设立{kind}的单位。").format(kind=codetr.text(label))
        if self.kind() == "group" and self.building_box.currentData() is None:
            return self.tr("该网格还没有楼栋：党小组设在楼栋里。")
        if len(self.name.text().strip()) > 100:
            return self.tr("名称不能超过 100 个字。")
        if len(self.secretary.text().strip()) > 50:
            return self.tr("书记姓名不能超过 50 个字。")
        return ""


class ContactDialog(ValidatedDialog):
    """记录联系: one of the 中心户's households (itself or a linked one), date, content, the issue raised."""

    def __init__(self, centre: str, households: list[tuple[str, str]], today: dt.date,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("记录挂包联系"))
        self.setMinimumWidth(480)
        self.today = today
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("党员中心户：{c}").format(c=centre)))
        form = QFormLayout()
        layout.addLayout(form)
        self.household_box = choice_box(households, "contactHousehold")
        form.addRow(self.tr("联系户"), self.household_box)
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setObjectName("contactDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("联系日期"), self.date)
        self.content = QPlainTextEdit()
        self.content.setObjectName("contactContent")
        self.content.setMaximumHeight(80)
        form.addRow(self.tr("联系内容"), self.content)
        self.issue = QPlainTextEdit()
        self.issue.setObjectName("contactIssue")
        self.issue.setPlaceholderText(self.tr("没有可不填；有问题的可在记录后转为事件上报"))
        self.issue.setMaximumHeight(60)
        form.addRow(self.tr("反映问题"), self.issue)
        self.add_problem_and_buttons(layout, accept_text=self.tr("记录"), problem_name="contactProblem")
        self.content.textChanged.connect(self.check)
        self.issue.textChanged.connect(self.check)
        self.date.dateChanged.connect(lambda _d: self.check())

    def when(self) -> dt.date:
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())

    def values(self) -> dict[str, Any]:
        return {"household_id": self.household_box.currentData(), "contact_date": self.when(),
                "content": self.content.toPlainText().strip(), "issue": self.issue.toPlainText().strip() or None}

    def problem_text(self) -> str:
        if self.household_box.currentData() is None:
            return self.tr("该中心户还没有联系户。")
        if not self.content.toPlainText().strip():
            return self.tr("请填写联系内容。")
        if self.when() > self.today:
            return self.tr("联系日期不能晚于今天。")
        return ""


class ContactEventDialog(ValidatedDialog):
    """问题转为事件: the class and subclass, from the office's class table of the contact's grid (retired ones not
    offered, 矛盾纠纷 not: it goes on the dispute ledger); 民生诉求 chosen while it is in use."""

    def __init__(self, issue: str, classes: event_rules.ClassTable, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("问题转为事件"))
        self.setMinimumWidth(420)
        self.classes = classes
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("反映问题：{issue}").format(issue=issue))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        layout.addLayout(form)
        self.class_box = QComboBox()
        self.class_box.setObjectName("contactEventClass")
        for code, label in classes.classes().items():
            if code != event_rules.DISPUTE_CLASS:
                self.class_box.addItem(codetr.text(label), code)
        self.class_box.setCurrentIndex(max(0, self.class_box.findData(rules.CONTACT_EVENT_CLASS)))
        form.addRow(self.tr("事件类别"), self.class_box)
        self.subclass = QComboBox()
        self.subclass.setObjectName("contactEventSubclass")
        form.addRow(self.tr("小类"), self.subclass)
        self.add_problem_and_buttons(layout, accept_text=self.tr("上报"), problem_name="contactEventProblem")
        self.class_box.currentIndexChanged.connect(lambda _i: self._fill_subclass())
        self._fill_subclass()

    def _fill_subclass(self) -> None:
        codetr.fill_subclasses(self.subclass, self.classes, self.class_box.currentData(), self.tr("（无小类）"))
        self.check()

    def values(self) -> dict[str, Any]:
        return {"class_code": self.class_box.currentData(), "subclass": self.subclass.currentData()}

    def problem_text(self) -> str:
        if self.class_box.currentData() is None:
            return self.tr("没有可用的事件类别（均已停用），请联系综治中心。")
        return ""



class PartyPage(Page):
    """党建网格: network tree, checks and coverage, the contact log."""

    watches = PARTY_TABLES | UNIT_TABLES | REGISTRY_TABLES

    def __init__(self, runner: DbRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.note = ""
        layout, head = page_frame(self, self.tr("党建网格"))
        pick_centre = self.tr("先在左侧选择一个党员中心户")
        self.add_org_button = push_button(self.tr("设立党组织…"), "partyAddOrg", self.add_org)
        self.member_button = push_button(self.tr("登记党员…"), "partySetMember", self.set_member, tip=self.tr(
            "登记居民的党员身份、组织关系所在党组织和入党日期（敏感信息）；先在左侧选择党组织则登记到该组织"))
        self.centre_button = push_button(self.tr("设为中心户…"), "partyAddCentre", self.add_centre,
                                         tip=self.tr("把一位党员所在的户设为党员中心户"))
        self.links_button = push_button(self.tr("联系户…"), "partyLinks", self.edit_links, tip=pick_centre,
                                        enabled=False)
        self.contact_button = push_button(self.tr("记录联系…"), "partyAddContact", self.add_contact, tip=pick_centre,
                                          enabled=False)
        self.event_button = push_button(self.tr("问题转为事件"), "partyRaiseEvent", self.raise_event,
                                        tip=self.tr("把所选联系记录反映的问题作为事件上报"), enabled=False)
        self.refresh_button = push_button(self.tr("刷新"), None, self.reload)
        for b in (self.add_org_button, self.member_button, self.centre_button, self.links_button,
                  self.contact_button, self.event_button, self.refresh_button):
            head.addWidget(b)
        self.remove_centre_button = push_button(
            self.tr("撤销中心户…"), "partyRemoveCentre", self.remove_centre,
            tip=self.tr("先在左侧选择一个党员中心户；撤销原因记入党建变动记录"), enabled=False)
        self.end_member_button = push_button(self.tr("转出…"), "partyEndMember", self.end_member,
                                             tip=self.tr("党员组织关系转出（敏感信息）；转往何处记入党建变动记录"))
        self.history_button = push_button(
            self.tr("历史…"), "partyHistory", self.show_history,
            tip=self.tr("党建变动记录：左侧选中党员中心户时为该中心户的，否则为本单位的"))
        self.summary = QLabel(self.tr("正在读取……"))
        self.summary.setObjectName("partySummary")
        self.summary.setWordWrap(True)
        # the acts that end something, and the history that keeps it: a row of their own under the summary
        changes = QHBoxLayout()
        changes.addWidget(self.summary, 1)
        changes.addWidget(self.remove_centre_button)
        changes.addWidget(self.end_member_button)
        changes.addWidget(self.history_button)
        layout.addLayout(changes)

        split = self.split = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(split, 1)
        self.tree = QTreeWidget()
        self.tree.setObjectName("partyTree")
        self.tree.setIndentation(16)
        self.tree.setHeaderLabels([self.tr("组织体系"), self.tr("书记 / 党员"), self.tr("党员数 / 联系户")])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 80), (2, 92)):  # at least as wide as the header text (longer in English)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            text = self.tree.headerItem().text(col)
            self.tree.setColumnWidth(col, max(width, header.fontMetrics().horizontalAdvance(text) + 16))
        split.addWidget(self.tree)

        right = QSplitter(Qt.Orientation.Vertical)
        checks_box = QWidget()
        cl = QVBoxLayout(checks_box)
        cl.setContentsMargins(8, 0, 0, 0)
        cl.addWidget(QLabel(self.tr("检查")))
        self.checks = QTableWidget(0, 4)
        self.checks.setObjectName("partyChecks")
        self.checks.setHorizontalHeaderLabels([self.tr("检查项"), self.tr("单位"), self.tr("对象"), self.tr("说明")])
        self.checks.verticalHeader().setVisible(False)
        self.checks.verticalHeader().setDefaultSectionSize(24)
        self.checks.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.checks.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.checks.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.checks.setColumnWidth(0, max(176, *(self.checks.fontMetrics().horizontalAdvance(codetr.text(c)) + 16
                                                 for c in CHECKS)))
        self.checks.setColumnWidth(1, 120)
        self.checks.setColumnWidth(2, 90)
        cl.addWidget(self.checks)
        right.addWidget(checks_box)
        log_box = QWidget()
        ll = QVBoxLayout(log_box)
        ll.setContentsMargins(8, 0, 0, 0)
        log_head = QHBoxLayout()
        log_head.addWidget(QLabel(self.tr("挂包联系记录")))
        log_head.addStretch(1)
        self.log_count = QLabel()
        log_head.addWidget(self.log_count)
        ll.addLayout(log_head)
        self.log = LedgerTable(runner, [
            Column(self.tr("日期"), lambda c: c.contact_date.isoformat(), sort="date", width=88),
            Column(self.tr("联系户"), lambda c: c.address, width=200, tooltip=lambda c: c.address),
            Column(self.tr("联系人"), lambda c: c.contact_by, sort="by", width=70),
            Column(self.tr("内容"), lambda c: c.content, stretch=True, tooltip=lambda c: c.content),
            Column(self.tr("反映问题"), lambda c: c.issue or "", width=130, tooltip=lambda c: c.issue or "",
                   foreground=lambda c: PROBLEM_FG if c.issue and not c.event_id else None),
            Column(self.tr("事件"), lambda c: self.tr("已上报") if c.event_id else "", width=56),
        ], name="partyLog", sort="date", descending=True, count_label=self.log_count)
        ll.addWidget(self.log)
        right.addWidget(log_box)
        right.setSizes([260, 320])
        split.addWidget(right)
        split.setStretchFactor(0, 3)  # the tree's names (楼栋党小组, 党员中心户 and address) need the width
        split.setStretchFactor(1, 4)
        split.setSizes([540, 790])

        self.tree.currentItemChanged.connect(lambda *_a: self._tree_selected())
        self.log.selection_changed.connect(lambda _c: self._log_selected())

    # -- session ----------------------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self.session = session
        may_edit = session is not None and session.may(Perm.EDIT)
        self.add_org_button.setVisible(may_edit)
        self.contact_button.setVisible(may_edit)
        # membership is sensitive (political views): offered only to roles that may see it (the service refuses too)
        sensitive = may_edit and session.may(Perm.SENSITIVE)
        self.member_button.setVisible(sensitive)
        self.centre_button.setVisible(sensitive)
        self.end_member_button.setVisible(sensitive)
        self.remove_centre_button.setVisible(may_edit)
        self.links_button.setVisible(may_edit)
        self.event_button.setVisible(session is not None and session.may(Perm.EVENT))
        self.invalidate()

    def reload(self) -> None:
        session = self.session
        if session is None:
            self.tree.clear()
            self.checks.setRowCount(0)
            return
        svc = session.party()

        def load(_p: Progress):
            centres = svc.centres()
            return svc.orgs(), centres, svc.check()

        self.read(load, self._show, label="party network")
        self.log.load(lambda sort, desc, p: svc.contact_ledger_ids(sort=sort, descending=desc, progress=p),
                      svc.contact_ledger_rows, source=id(session))

    # -- acts -------------------------------------------------------------------------------------------
    def add_org(self) -> None:
        session = self.session
        if session is None:
            return
        svc = session.party()

        def ask(choices) -> None:
            units, buildings = choices
            v = self.accepted(OrgDialog(units, buildings, self), "org_dialog")
            if v is None:
                return

            def done(_oid) -> None:
                self.note = self.tr("已设立{kind}。").format(kind=codetr.text(rules.kind_label(v["kind"])))

            self.write(lambda _p: svc.add_org(v["kind"], v["unit_code"], name=v["name"], building_id=v["building_id"],
                                              secretary_name=v["secretary_name"]), done, label="add party org")

        self.read(lambda _p: svc.placement_choices(), ask, label="party placements")

    def selected_centre(self) -> Any:
        item = self.tree.currentItem()
        data = item.data(0, ROLE) if item is not None else None
        return data[1] if isinstance(data, tuple) and data[0] == "centre" else None

    def add_contact(self) -> None:
        session, centre = self.session, self.selected_centre()
        if session is None or centre is None:
            return
        svc = session.party()

        def ask(links) -> None:
            households = [(centre.household_id, self.tr("{a}（中心户本户）").format(a=centre.address))]
            households += [(x.household_id, f"{x.address}　{x.head}") for x in links]
            v = self.accepted(ContactDialog(codetr.named(centre.address, centre.member_name), households, svc.today(), self),
                              "contact_dialog")
            if v is None:
                return

            def done(_cid) -> None:
                self.note = self.tr("已记录联系。")

            self.write(lambda _p: svc.add_contact(v["household_id"], contact_date=v["contact_date"],
                                                  content=v["content"], issue=v["issue"]), done, label="add contact")

        self.read(lambda _p: svc.centre_links(centre.id), ask, label="centre links")

    def selected_org(self) -> Any:
        item = self.tree.currentItem()
        data = item.data(0, ROLE) if item is not None else None
        return data[1] if isinstance(data, tuple) and data[0] == "org" else None

    def set_member(self) -> None:
        """登记党员 (to the organisation chosen in the tree, if one is): the dialog finds the resident."""
        from .party_dialogs import MemberDialog

        session = self.session
        if session is None:
            return
        svc, org = session.party(), self.selected_org()

        def ask(orgs) -> None:
            v = self.accepted(MemberDialog(self.runner, svc, orgs, org_id=org.id if org is not None else None,
                                           parent=self), "member_dialog")
            if v is None:
                return

            def done(_mid) -> None:
                self.note = self.tr("已登记党员{name}。").format(name=v["name"])

            self.write(lambda _p: svc.set_member(v["resident_id"], v["status"], org_id=v["org_id"],
                                                 joined_on=v["joined_on"]), done, label="set party member")

        self.read(lambda _p: svc.orgs(), ask, label="party orgs")

    def add_centre(self) -> None:
        """设为党员中心户: a member whose household is not one yet, under a group of the grid."""
        from .party_dialogs import CentreDialog

        session = self.session
        if session is None:
            return
        svc = session.party()

        def ask(result) -> None:
            candidates, orgs = result
            v = self.accepted(CentreDialog(candidates, orgs, self), "centre_dialog")
            if v is None:
                return

            def done(_cid) -> None:
                self.note = self.tr("已设立党员中心户{a}，请勾选其联系户。").format(a=v["address"])

            self.write(lambda _p: svc.add_centre(v["household_id"], v["resident_id"], group_id=v["group_id"]),
                       done, label="add party centre")

        self.read(lambda _p: (svc.centre_candidates(), svc.orgs()), ask, label="centre candidates")

    def edit_links(self) -> None:
        """联系户 of the chosen 中心户: tick or untick its grid's households; written in one go."""
        from .party_dialogs import LinksDialog

        session, centre = self.session, self.selected_centre()
        if session is None or centre is None:
            return
        svc = session.party()

        def ask(candidates) -> None:
            v = self.accepted(LinksDialog(centre, candidates, self), "links_dialog")
            if v is None:
                return
            if not v["add"] and not v["remove"]:
                return

            def done(result) -> None:
                added, removed = result
                self.note = self.tr("联系户已更新：新增 {a} 户，移除 {r} 户。").format(a=added, r=removed)

            self.write(lambda _p: svc.relink(centre.id, add=v["add"], remove=v["remove"]), done,
                       label="party centre links")

        self.read(lambda _p: svc.link_candidates(centre.id), ask, label="link candidates")

    def remove_centre(self) -> None:
        """撤销中心户 (the one chosen in the tree), with its reason: the centre and its links end, kept in the
        history."""
        from .party_dialogs import RemoveCentreDialog

        session, centre = self.session, self.selected_centre()
        if session is None or centre is None:
            return
        svc = session.party()
        v = self.accepted(RemoveCentreDialog(centre, self), "remove_centre_dialog")
        if v is None:
            return
        reason = v["reason"]

        def done(n) -> None:
            self.note = self.tr("已撤销党员中心户{a}，解除联系户 {n} 户。").format(a=centre.address, n=n)

        self.write(lambda _p: svc.remove_centre(centre.id, reason), done, label="remove party centre")

    def end_member(self) -> None:
        """转出: a member of the scope (the chosen 中心户's member preselected) to where the relation goes."""
        from .party_dialogs import EndMemberDialog

        session = self.session
        if session is None:
            return
        svc, centre = session.party(), self.selected_centre()

        def ask(members) -> None:
            v = self.accepted(EndMemberDialog(members, parent=self,
                                              resident_id=centre.member_resident_id if centre is not None else None),
                              "end_member_dialog")
            if v is None:
                return

            def done(_ended) -> None:
                self.note = self.tr("{name}的组织关系已转出。").format(name=v["name"])

            self.write(lambda _p: svc.end_member(v["resident_id"], to=v["to"]), done, label="end party member")

        self.read(lambda _p: svc.members(), ask, label="party members")

    def show_history(self) -> None:
        """党建变动记录 of the 中心户 chosen in the tree, or of the unit."""
        from .party_dialogs import HistoryDialog

        session = self.session
        if session is None:
            return
        svc, centre = session.party(), self.selected_centre()
        title = (self.tr("党建变动记录：党员中心户 {a}").format(a=centre.address) if centre is not None
                 else self.tr("党建变动记录：本单位"))

        def show(rows) -> None:
            dialog = HistoryDialog(title, rows, self)
            self.history_dialog = dialog
            dialog.exec()

        self.read(lambda _p: svc.history(centre_id=centre.id if centre is not None else None), show,
                  label="party history")

    def raise_event(self) -> None:
        session, contact = self.session, self.log.selected()
        if session is None or contact is None or not contact.issue or contact.event_id:
            return
        svc, events = session.party(), session.events()

        def ask(classes: event_rules.ClassTable) -> None:
            v = self.accepted(ContactEventDialog(contact.issue, classes, self), "event_dialog")
            if v is None:
                return

            def done(_eid) -> None:
                self.note = self.tr("问题已转为事件上报。")

            self.event_button.setEnabled(False)
            self.write(lambda _p: svc.raise_event(contact.id, **v), done, label="raise event")

        self.read(lambda _p: events.class_table(contact.unit_code), ask, label="event classes")

    # -- showing ----------------------------------------------------------------------------------------
    def _show(self, result) -> None:
        orgs, centres, report = result
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for o in orgs:
            label = o.name if o.name.endswith(o.kind_label) else codetr.named(o.name, codetr.text(o.kind_label))
            item = QTreeWidgetItem([label, o.secretary_name or self.tr("未设书记"),
                                    "—" if o.members is None else str(o.members)])
            item.setData(0, ROLE, ("org", o))
            item.setToolTip(0, codetr.named(o.unit_name, o.unit_code))
            parent = items.get(o.parent_id or "")
            (parent.addChild(item) if parent is not None else self.tree.addTopLevelItem(item))
            items[o.id] = item
        for c in centres:
            item = QTreeWidgetItem([self.tr("党员中心户　{a}").format(a=c.address), c.member_name,
                                    self.tr("{n} 户").format(n=c.links)])
            item.setData(0, ROLE, ("centre", c))
            item.setToolTip(0, f"{c.unit_name}　{c.address}")
            if c.problem:
                item.setForeground(2, PROBLEM_FG)
                item.setToolTip(2, c.problem)
            parent = items.get(c.group_id or "")
            (parent.addChild(item) if parent is not None else self.tree.addTopLevelItem(item))
        self.tree.expandToDepth(2)
        self._fit_tree()
        self.checks.setRowCount(len(report.items))
        for row, it in enumerate(report.items):
            subject = self.tr("{n} 户").format(n=it.args["n"]) if it.code == "unlinked" else it.subject
            for col, value in enumerate((codetr.text(it.rule), it.unit_name or it.unit_code, subject,
                                         self._check_detail(it))):
                cell = QTableWidgetItem(value)
                cell.setToolTip(codetr.named(value, it.unit_code) if col == 1 else value)
                cell.setData(ROLE, it.unit_code if col == 1 else None)
                self.checks.setItem(row, col, cell)
        # 对象: as wide as its longest entry (287 households, a building, a grid), within reason
        cells = (self.checks.item(r, 2) for r in range(self.checks.rowCount()))
        wide = max((self.checks.fontMetrics().horizontalAdvance(c.text()) for c in cells if c is not None), default=0)
        self.checks.setColumnWidth(2, min(220, max(90, wide + 16)))
        text = self.tr("党组织 {o} 个，党员中心户 {c} 个；党员联系覆盖 {cov}/{hh} 户（{pct:.0%}）；检查发现 {n} 项。").format(
            o=len(orgs), c=len(centres), cov=report.covered, hh=report.households, pct=report.coverage,
            n=len(report.items))
        if self.note:
            text = f"{self.note}　{text}"
            self.note = ""
        self.summary.setText(text)
        self._tree_selected()

    def _check_detail(self, it: Any) -> str:
        """A check's detail in the UI's language, worded from its code and parameters (the service's Chinese
        sentence when the code is one this page does not know)."""
        a = it.args
        if it.code == "group_due":
            return self.tr("住有党员 {n} 名（{min} 名以上宜设党小组）").format(n=a["n"], min=a["min"])
        if it.code == "chief_not_secretary":
            return self.tr("网格长 {chiefs}，{org}书记 {secretary}").format(
                chiefs=enumeration().join(a["chiefs"]), org=a["org"], secretary=a["secretary"] or self.tr("未设"))
        if it.code == "centre_many":
            return self.tr("联系 {n} 户，远多于 {target} 户").format(n=a["n"], target=a["target"])
        if it.code in ("unregistered", "misregistered"):
            said = enumeration().join(
                self.tr("标有党员标签") if kind == "tagged" else self.tr("没有党员标签") if kind == "no_tag"
                else self.tr("政治面貌为{label}").format(label=codetr.text(rest[0])) for kind, *rest in a["said"])
            if it.code == "unregistered":
                return self.tr("{said}，但没有党员登记").format(said=said)
            return self.tr("登记为{status}，但{said}").format(status=codetr.text(a["status"]), said=said)
        fixed = {"branch_rule": self.tr("规则：党支部建在网格上"), "no_committee": self.tr("社区未设党委（党总支）"),
                 "no_chief": self.tr("社区未指定网格长"), "centre_none": self.tr("未联系任何户"),
                 "unlinked": self.tr("无党员联系（未纳入任何党员中心户）")}
        return fixed.get(it.code, it.detail)

    def _fit_tree(self) -> None:
        """The tree as wide as its names need (党员中心户 and its address, indented under its group), taken from
        the right-hand side up to half the page (the checks and the contact log need the rest); whatever still
        does not fit is in the tooltip."""
        need = self.tree.sizeHintForColumn(0) + sum(self.tree.columnWidth(c) for c in (1, 2))
        need += self.tree.frameWidth() * 2 + self.tree.verticalScrollBar().sizeHint().width() + 8
        sizes = self.split.sizes()
        total = sum(sizes)
        if total > 0 and sizes[0] < need:
            left = min(need, total // 2)
            self.split.setSizes([left, total - left])

    def _tree_selected(self) -> None:
        centre = self.selected_centre() is not None
        self.contact_button.setEnabled(centre)
        self.links_button.setEnabled(centre)
        self.remove_centre_button.setEnabled(centre)

    def _log_selected(self) -> None:
        c = self.log.selected()
        self.event_button.setEnabled(c is not None and bool(c.issue) and not c.event_id)

