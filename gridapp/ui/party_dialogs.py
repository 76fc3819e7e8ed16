"""The 党建网格 page's dialogs that change who is in the network: 登记党员 (a resident's membership: 党员 or
预备党员, 组织关系所在党组织, 入党日期 — sensitive, the page offers it only with that permission), 设为党员中心户
(a member's household serves its neighbours) and 联系户 (the households a 中心户 is linked to: a picker of its
grid's households only, warning past about ten). Searches run on the DbRunner; PartyService checks every rule
again when the change is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.domain import party as rules

from . import codetr
from .widgets import (
    ValidatedDialog,
    choice_box,
    debounce,
    error_text,
    item_at,
    named,
    read_only_table,
    wrapped,
)

WARN_STYLE = "color: #a15c00;"
MUTED = QColor("#888888")


def _table(headers: list[str], name: str) -> QTableWidget:
    return read_only_table(headers, name, row_height=24, stretch_last=True)


class MemberDialog(ValidatedDialog):
    """登记党员: find a resident on record (name, or the full ID number), then the status, the organisation the
    membership is kept in (组织关系所在党支部; preselected when the page had one chosen) and the date joined."""

    def __init__(self, runner: Any, svc: Any, orgs: list[Any], *, org_id: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记党员"))
        self.setObjectName("memberDialog")
        self.runner, self.svc = runner, svc
        self.today = svc.today()
        self.found: list[Any] = []
        self._seq = 0
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("党员信息属敏感个人信息（政治面貌），查看和登记均记入审计日志。"))
        note.setStyleSheet("color: #555;")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.search = QLineEdit()
        self.search.setObjectName("memberSearch")
        self.search.setPlaceholderText(self.tr("输入姓名或完整身份证号查找居民"))
        layout.addWidget(self.search)
        self.table = _table([self.tr("姓名"), self.tr("公民身份号码"), self.tr("住址"), self.tr("现为")], "memberFound")
        for col, width in ((0, 80), (1, 150), (2, 230)):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.status = choice_box(((code, codetr.text(label)) for code, label in rules.MEMBER_STATUS.items()),
                                 "memberStatus")
        form.addRow(self.tr("党员身份"), self.status)
        self.org = QComboBox()
        self.org.setObjectName("memberOrg")
        self.org.addItem(self.tr("（未定）"), None)
        self.orgs = {o.id: o for o in orgs if o.kind != "group"}  # 组织关系 is kept in a branch or above
        for o in self.orgs.values():
            self.org.addItem(codetr.named(o.name, o.unit_code), o.id)
        if org_id is not None:
            self.org.setCurrentIndex(max(0, self.org.findData(org_id)))
        form.addRow(self.tr("组织关系所在党组织"), self.org)
        joined_row = QHBoxLayout()
        self.has_joined = QCheckBox(self.tr("已知"))
        self.has_joined.setObjectName("memberHasJoined")
        self.joined = QDateEdit()
        self.joined.setObjectName("memberJoined")
        self.joined.setCalendarPopup(True)
        self.joined.setDisplayFormat("yyyy-MM-dd")
        self.joined.setDate(QDate(2000, 7, 1))
        self.joined.setEnabled(False)
        joined_row.addWidget(self.has_joined)
        joined_row.addWidget(self.joined, 1)
        form.addRow(self.tr("入党日期"), joined_row)
        layout.addLayout(form)
        self.add_problem_and_buttons(layout, accept_text=self.tr("登记"), problem_name="memberProblem")
        self._debounce = debounce(self, self.find_residents)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.table.currentCellChanged.connect(lambda *_a: self._picked())
        self.has_joined.toggled.connect(self.joined.setEnabled)
        self.has_joined.toggled.connect(lambda _b: self.check())
        self.joined.dateChanged.connect(lambda _d: self.check())
        self.org.currentIndexChanged.connect(lambda _i: self.check())
        self.resize(620, 480)

    def find_residents(self) -> None:
        self._seq += 1
        seq, svc, q = self._seq, self.svc, self.search.text()

        def shown(rows: list[Any]) -> None:
            if seq == self._seq:
                self.show_found(rows)

        self.runner.submit(lambda _p: svc.member_candidates(q), label="find residents", on_done=shown,
                           on_error=lambda e: self.problem.setText(error_text(e)))

    def show_found(self, rows: list[Any]) -> None:
        self.found = list(rows)
        self.table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            for col, text in enumerate((c.name, c.id_number, c.address,
                                        codetr.text(c.status_label) if c.status_label else self.tr("非党员"))):
                self.table.setItem(r, col, QTableWidgetItem(text))
        if len(rows) == 1:
            self.table.selectRow(0)
        self.check()

    def _picked(self) -> None:
        c = self.picked()
        if c is not None and c.status_label:  # already a member: change it (the status shown as it is)
            self.status.setCurrentIndex(max(0, self.status.findText(codetr.text(c.status_label))))
        self.check()

    def picked(self) -> Any:
        return item_at(self.found, self.table.currentRow())

    def joined_on(self) -> dt.date | None:
        if not self.has_joined.isChecked():
            return None
        d = self.joined.date()
        return dt.date(d.year(), d.month(), d.day())

    def values(self) -> dict[str, Any]:
        c = self.picked()
        return {"resident_id": c.resident_id if c is not None else None, "name": c.name if c is not None else "",
                "status": self.status.currentData(), "org_id": self.org.currentData(),
                "joined_on": self.joined_on()}

    def problem_text(self) -> str:
        c = self.picked()
        if c is None:
            return self.tr("请先查找并选择一位居民（党员须有居民档案）。")
        org = self.orgs.get(self.org.currentData() or "")
        if org is not None and not c.unit_code.startswith(org.unit_code):
            return self.tr("{org}不在{name}所在网格或其上级（规则：组织关系在本网格或上级党组织）。").format(
                org=org.name, name=c.name)
        j = self.joined_on()
        if j is not None and j > self.today:
            return self.tr("入党日期不能晚于今天。")
        return ""


class CentreDialog(ValidatedDialog):
    """设为党员中心户: a party member in scope whose household is not one yet; the household becomes the 中心户,
    under the group (or branch) of its grid chosen."""

    def __init__(self, candidates: list[Any], orgs: list[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("设为党员中心户"))
        self.setObjectName("centreDialog")
        self.candidates = list(candidates)
        self.orgs = [o for o in orgs if o.kind in ("group", "branch")]
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped(self.tr("党员中心户是党员本人所在的户，联系周边约 {n} 户。").format(n=rules.CENTRE_TARGET)))
        self.filter = QLineEdit()
        self.filter.setObjectName("centreFilter")
        self.filter.setPlaceholderText(self.tr("按姓名或地址筛选"))
        layout.addWidget(self.filter)
        self.table = _table([self.tr("党员"), self.tr("网格"), self.tr("户（住址）")], "centreCandidates")
        self.table.setColumnWidth(0, 90)
        self.table.setColumnWidth(1, 130)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.group = QComboBox()
        self.group.setObjectName("centreGroup")
        form.addRow(self.tr("所属党小组（党支部）"), self.group)
        layout.addLayout(form)
        self.add_problem_and_buttons(layout, accept_text=self.tr("设立"), problem_name="centreProblem")
        self.shown: list[Any] = []
        self.filter.textChanged.connect(lambda _t: self._fill())
        self.table.currentCellChanged.connect(lambda *_a: self._picked())
        self._fill()
        self.resize(560, 460)

    def _fill(self) -> None:
        q = self.filter.text().strip()
        self.shown = [c for c in self.candidates if not q or q in c.name or q in c.address]
        self.table.setRowCount(len(self.shown))
        for r, c in enumerate(self.shown):
            for col, text in enumerate((c.name, c.unit_name or c.unit_code, c.address)):
                self.table.setItem(r, col, QTableWidgetItem(text))
        self._picked()

    def picked(self) -> Any:
        return item_at(self.shown, self.table.currentRow())

    def _picked(self) -> None:
        c = self.picked()
        self.group.clear()
        self.group.addItem(self.tr("（不指定）"), None)
        if c is not None:
            # the group of the member's own building first, then the grid's other groups, then its branch
            mine = [o for o in self.orgs if o.unit_code == c.unit_code]
            for o in sorted(mine, key=lambda o: (o.building_id != c.building_id or o.building_id is None,
                                                 o.kind != "group", o.name)):
                self.group.addItem(o.name, o.id)
            if self.group.count() > 1:
                self.group.setCurrentIndex(1)
        self.check()

    def values(self) -> dict[str, Any]:
        c = self.picked()
        return {"household_id": c.household_id, "resident_id": c.resident_id, "address": c.address,
                "group_id": self.group.currentData()} if c is not None else {}

    def problem_text(self) -> str:
        if not self.candidates:
            return self.tr("本单位范围内没有可担任中心户的党员（须先登记党员，且其户尚不是中心户）。")
        if self.picked() is None:
            return self.tr("请选择担任中心户的党员。")
        return ""


class LinksDialog(ValidatedDialog):
    """联系户: the households of the 中心户's grid (no other is offered: the service refuses them too), ticked
    when linked to this 中心户; one linked to another 中心户 or the 中心户 itself cannot be ticked. Past about
    ten a warning shows (a 中心户 serves about ten households); far more is refused by no rule, only named."""

    def __init__(self, centre: Any, candidates: list[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("联系户：{a}").format(a=centre.address))
        self.setObjectName("linksDialog")
        self.centre = centre
        self.candidates = list(candidates)
        self.before = {c.household_id for c in candidates if c.state == "linked"}
        layout = QVBoxLayout(self)
        head = wrapped(self.tr("党员中心户：{a}（{m}），网格 {g}。勾选本网格内由其联系的户。").format(
            a=centre.address, m=centre.member_name, g=centre.unit_name or centre.unit_code))
        layout.addWidget(head)
        self.filter = QLineEdit()
        self.filter.setObjectName("linksFilter")
        self.filter.setPlaceholderText(self.tr("按地址或户主筛选"))
        layout.addWidget(self.filter)
        self.table = _table(["", self.tr("地址"), self.tr("户主"), self.tr("说明")], "linksTable")
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, 28)
        self.table.setColumnWidth(1, 240)
        self.table.setColumnWidth(2, 80)
        layout.addWidget(self.table, 1)
        self.count = named(wrapped(), "linksCount")
        layout.addWidget(self.count)
        self.add_problem_and_buttons(layout, accept_text=self.tr("保存"), problem_name="linksProblem")
        self.rows: dict[str, int] = {}
        self.table.setRowCount(len(self.candidates))
        for r, c in enumerate(self.candidates):
            box = QTableWidgetItem()
            note = {"self": self.tr("中心户本户"), "other": self.tr("已由 {a} 联系").format(a=c.other),
                    "linked": "", "": ""}[c.state]
            free = c.state in ("linked", "")
            box.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled if free
                         else Qt.ItemFlag.NoItemFlags)
            box.setCheckState(Qt.CheckState.Checked if c.state == "linked" else Qt.CheckState.Unchecked)
            box.setData(Qt.ItemDataRole.UserRole, c.household_id)
            self.table.setItem(r, 0, box)
            for col, text in ((1, c.address), (2, c.head or "—"), (3, note)):
                cell = QTableWidgetItem(text)
                if not free:
                    cell.setForeground(MUTED)
                self.table.setItem(r, col, cell)
            self.rows[c.household_id] = r
        self.table.itemChanged.connect(lambda _i: self.check())
        self.filter.textChanged.connect(lambda _t: self._filter())
        self.resize(620, 560)
        self.check()

    def _filter(self) -> None:
        q = self.filter.text().strip()
        for r, c in enumerate(self.candidates):
            self.table.setRowHidden(r, bool(q) and q not in c.address and q not in c.head)

    def _box(self, row: int) -> QTableWidgetItem:
        item = self.table.item(row, 0)
        assert item is not None
        return item

    def set_linked(self, household_id: str, linked: bool) -> None:
        item = self._box(self.rows[household_id])
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            item.setCheckState(Qt.CheckState.Checked if linked else Qt.CheckState.Unchecked)

    def linked(self) -> set[str]:
        out = set()
        for r in range(self.table.rowCount()):
            item = self._box(r)
            if item.checkState() == Qt.CheckState.Checked and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                out.add(item.data(Qt.ItemDataRole.UserRole))
        return out

    def values(self) -> dict[str, list[str]]:
        now = self.linked()
        return {"add": sorted(now - self.before), "remove": sorted(self.before - now)}

    def check(self) -> bool:
        if hasattr(self, "count"):
            n = len(self.linked())
            text = self.tr("已勾选 {n} 户").format(n=n)
            if n > rules.CENTRE_TARGET:
                text += self.tr("：超过约 {t} 户，一个中心户联系约 {t} 户为宜。").format(t=rules.CENTRE_TARGET)
                if n > rules.CENTRE_TOO_MANY:
                    text += self.tr("将在检查中列为“中心户联系户数不当”。")
            self.count.setText(text)
            self.count.setStyleSheet(WARN_STYLE if n > rules.CENTRE_TARGET else "")
        return super().check()

    def problem_text(self) -> str:
        return ""


def _detail_problem(text: str, missing: str, too_long: str) -> str:
    """The problem of a required detail (a reason, where a relation goes): `missing` when empty, `too_long`
    ({n}: the limit) past rules.DETAIL_MAX characters, else ""."""
    text = text.strip()
    if not text:
        return missing
    return too_long.format(n=rules.DETAIL_MAX) if len(text) > rules.DETAIL_MAX else ""


class _EndingDialog(ValidatedDialog):
    """A dialog that ends something in the network and keeps why in the history: an explanation over a form
    (`self.form`) whose last row is the required detail (`add_detail`: a reason, where a relation goes), the
    problem line and the buttons."""

    def __init__(self, title: str, name: str, explanation: str, min_width: int, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name)
        self.setMinimumWidth(min_width)
        self._box = QVBoxLayout(self)
        self._box.addWidget(wrapped(explanation))
        self.form = QFormLayout()
        self._box.addLayout(self.form)

    def add_detail(self, label: str, name: str, placeholder: str, *, accept_text: str,
                   problem_name: str) -> QLineEdit:
        """The detail's line (named `name`) as the form's last row, then the problem line and the buttons."""
        detail = named(QLineEdit(), name)
        detail.setPlaceholderText(placeholder)
        self.form.addRow(label, detail)
        self.add_problem_and_buttons(self._box, accept_text=accept_text, problem_name=problem_name)
        detail.textChanged.connect(lambda _t: self.check())
        return detail


class RemoveCentreDialog(_EndingDialog):
    """撤销中心户: the 中心户 named with its member and number of 联系户 (they are released with it), and the
    reason, which is required and kept in the history."""

    def __init__(self, centre: Any, parent: QWidget | None = None):
        super().__init__(self.tr("撤销党员中心户"), "removeCentreDialog", self.tr(
            "撤销党员中心户 {a}（党员 {m}）：其 {n} 户联系户随之解除。撤销和解除均记入党建变动记录。").format(
            a=centre.address, m=centre.member_name, n=centre.links), 440, parent)
        self.reason = self.add_detail(self.tr("撤销原因"), "removeCentreReason",
                                      self.tr("如：党员年事已高、外出务工、调整联系范围"), accept_text=self.tr("撤销"),
                                      problem_name="removeCentreProblem")
        self.reason.setMinimumWidth(self.reason.fontMetrics().horizontalAdvance(self.reason.placeholderText()) + 24)

    def values(self) -> dict[str, Any]:
        return {"reason": self.reason.text().strip()}

    def problem_text(self) -> str:
        return _detail_problem(self.reason.text(), self.tr("请填写撤销原因。"), self.tr("撤销原因不能超过 {n} 个字。"))


class EndMemberDialog(_EndingDialog):
    """转出: a party member of the scope (the one of the 中心户 chosen in the tree preselected) and where the
    relation goes (转至…), required and kept in the history. Sensitive: the page offers it only with that
    permission."""

    def __init__(self, members: list[Any], *, resident_id: str | None = None, parent: QWidget | None = None):
        super().__init__(self.tr("组织关系转出"), "endMemberDialog", self.tr(
            "转出后该居民的党员登记结束，党员标签随之去掉；转出记入党建变动记录（敏感信息）。"
            "担任党员中心户的党员须先撤销中心户。"), 460, parent)
        self.member = named(QComboBox(), "endMemberWho")
        for m in members:
            self.member.addItem("  ".join(t for t in (m.name, codetr.text(m.status_label), m.unit_name or m.unit_code,
                                                      m.org_name) if t), m.resident_id)
        if resident_id is not None and self.member.findData(resident_id) >= 0:
            self.member.setCurrentIndex(self.member.findData(resident_id))
        self.form.addRow(self.tr("党员"), self.member)
        self.to = self.add_detail(self.tr("转往何处"), "endMemberTo", self.tr("如：转至张店区某街道党工委"),
                                  accept_text=self.tr("转出"), problem_name="endMemberProblem")
        self.member.currentIndexChanged.connect(lambda _i: self.check())

    def values(self) -> dict[str, Any]:
        return {"resident_id": self.member.currentData(), "name": self.member.currentText().split("　")[0],
                "to": self.to.text().strip()}

    def problem_text(self) -> str:
        if self.member.currentData() is None:
            return self.tr("本单位范围内没有党员登记。")
        return _detail_problem(self.to.text(), self.tr("请填写转往何处。"), self.tr("转往何处不能超过 {n} 个字。"))


class HistoryDialog(QDialog):
    """党建变动记录: the history of the 中心户 chosen in the tree, or of the unit, newest first, filtered by name
    or address as the user types. Entries about a membership come only to roles with the sensitive permission
    (the service leaves them out for the others)."""

    def __init__(self, title: str, rows: list[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("partyHistoryDialog")
        self.rows = list(rows)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.filter = named(QLineEdit(), "historyFilter")
        self.filter.setPlaceholderText(self.tr("按姓名、地址或说明筛选"))
        head.addWidget(self.filter, 1)
        self.count = named(QLabel(), "historyCount")
        head.addWidget(self.count)
        layout.addLayout(head)
        self.table = _table([self.tr("日期"), self.tr("单位"), self.tr("变动"), self.tr("党员"), self.tr("户"),
                             self.tr("说明"), self.tr("经办")], "historyTable")
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        for col, width in ((0, 88), (1, 130), (2, 170), (3, 70), (5, 150)):  # headers whole (English)
            item = self.table.horizontalHeaderItem(col)
            text = item.text() if item is not None else ""
            self.table.setColumnWidth(col, max(width, metrics.horizontalAdvance(text) + 20))
        # 户: as wide as its addresses (a link names its 中心户 too); 说明 takes what is left
        header.setStretchLastSection(False)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.filter.textChanged.connect(lambda _t: self._fill())
        self._fill()
        self.resize(1200, 560)  # within 1366×768

    def _fill(self) -> None:
        q = self.filter.text().strip()
        shown = [h for h in self.rows if not q or q in h.name or q in h.address or q in h.detail]
        self.table.setRowCount(len(shown))
        for r, h in enumerate(shown):
            change = codetr.text(h.action_label)
            if h.status_label:
                change = codetr.named(change, codetr.text(h.status_label))
            place = (self.tr("{a}（中心户 {c}）").format(a=h.household_address, c=h.centre_address)
                     if h.centre_address else h.household_address or h.address)
            for col, text in enumerate((h.on_date.isoformat(), h.unit_name, change, h.name, place, h.detail,
                                        h.actor)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(self.tr("{d}，记录于 {at}").format(d=text, at=h.at) if col == 0 else text)
                self.table.setItem(r, col, cell)
        self.count.setText(self.tr("{n} 条").format(n=len(shown)) if shown or q else self.tr("没有变动记录"))
