"""The main window: navigation on the left, pages on the right, the installation in the status bar."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from gridapp.config import Settings, os_user
from gridapp.core.progress import Progress

from . import codetr, shortcuts
from .login import ChangePasswordDialog, LoginDialog, RecoveryKeyDialog, needs_login
from .pages import HomePage, Page, wants_dashboard
from .runner import DbRunner
from .widgets import error_text, show_error

if TYPE_CHECKING:
    from gridapp.services.session import AppSession


def _open_session(path: Path, create: bool = False) -> AppSession:
    """Runs on the worker: the database stack is imported there, while the window is already painting.
    A database without users (no key sidecar) opens as it is; it is never made by the GUI."""
    from gridapp.services.session import AppSession

    return AppSession.open(path, create=create)


def _warm_up() -> None:
    """Import the services and the database layer ahead of their first use (runs on the worker)."""
    from gridapp.services.startup import warm_up

    warm_up()


def _login_session(path: Path, username: str, password: str) -> AppSession:
    """Runs on the worker: unwrap the key with the password (on a thread of its own, beside the imports), open
    (the daily backup is made once the window shows the data: see `_opened`)."""
    from gridapp.services.startup import login_session

    return login_session(path, username, password)


def _create_session(path: Path, code: str, name: str, level: object, admin: str, password: str) -> AppSession:
    from gridapp.services.session import AppSession

    return AppSession.create(path, unit_code=code, unit_name=name, level=level, admin_name=admin,  # type: ignore[arg-type]
                             admin_password=password)


def _make(module: str, cls: str, *args: Any) -> QWidget:
    """Import a page's module and build the page (on its first show: start-up imports and builds none)."""
    return getattr(importlib.import_module(f"{__package__}.{module}"), cls)(*args)


class _Pages(Mapping):
    """The window's pages by key, in navigation order; reading one builds it if it was not built yet."""

    def __init__(self, window: MainWindow):
        self._window = window

    def __getitem__(self, key: str) -> QWidget:
        if key not in self._window._builders:
            raise KeyError(key)
        return self._window.page(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._window._builders)

    def __len__(self) -> int:
        return len(self._window._builders)


class _Activity(QObject):
    """Marks the signed-in user active on every key press or mouse click in the app."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            session = self.window.session
            if session is not None and session.principal is not None and not session.principal.expired:
                session.principal.last_active = session.principal.clock()  # type: ignore[operator]
        return False


class MainWindow(QMainWindow):
    ready = Signal()  # the window shows the installation's data and can be used
    open_failed = Signal(str)

    def __init__(self, runner: DbRunner, settings: Settings, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.db_path = Path(db_path)
        self.session: AppSession | None = None
        self._ready_emitted = False
        self.password_dialog: ChangePasswordDialog | None = None
        self.setWindowTitle(self.tr("网格工作台"))
        self.resize(1280, 720)
        self.setMinimumSize(1000, 600)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setStyleSheet("QListWidget#navigation { font-size: 11pt; } "
                               "QListWidget#navigation::item { padding: 8px 12px; }")
        self.stack = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.home = HomePage()
        self.home.refresh_requested.connect(self.refresh)
        self.home.open_page.connect(self.open_agenda_list)
        self._page_session: AppSession | None = None  # the session the pages show (once the unit is known)
        self._installation: tuple[str, str, Path] | None = None  # for 设置: unit label, node id, file
        self._built: dict[str, QWidget] = {}
        self._builders: dict[str, Callable[[], QWidget]] = {}
        self.pages = _Pages(self)
        for key, label, build in self._page_list():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self._builders[key] = build
            self.stack.addWidget(QWidget())  # a placeholder until the page is first shown
        self.page("home")
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setCurrentRow(0)

        # Ctrl+1 … Ctrl+9 jump to the first nine pages
        for i in range(min(9, self.nav.count())):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _checked=False, row=i: self.nav.setCurrentRow(row))
            self.addAction(action)

        # Ctrl+F search, F5 refresh, Ctrl+N new, Ctrl+P print on the page shown; Enter opens a ledger row
        self.shortcuts = shortcuts.install(self, self.stack.currentWidget)

        bar = self.statusBar()
        self.status_unit = QLabel(self.tr("单位：—"))
        self.status_user = QLabel(self.tr("用户：—"))
        self.status_sync = QLabel(self.tr("上次同步：—"))
        self.status_busy = QLabel()
        # what waits to be sent up is said on the 同步 page, in words; the status bar stays with who and where
        for name, w in (("statusUnit", self.status_unit), ("statusUser", self.status_user),
                        ("statusSync", self.status_sync)):
            w.setObjectName(name)
            bar.addPermanentWidget(w)
        bar.addWidget(self.status_busy)
        self.runner.busy_changed.connect(lambda busy: self.status_busy.setText(self.tr("正在处理……") if busy else ""))
        self.runner.changed.connect(self._on_changed)
        # waiting for another program's write lock, or an operation without its own error display that failed
        self.runner.notice.connect(lambda text: self.statusBar().showMessage(text, 15000))
        # session expiry: checked every 20 s; any key or click counts as activity (watched once the window is
        # ready: see _watch_activity)
        self._expiry = QTimer(self)
        self._expiry.setInterval(20_000)
        self._expiry.timeout.connect(self._check_expiry)
        self._activity = _Activity(self)
        self._watching_activity = False
        from .hub_timer import BackgroundSync

        # with a hub address set (设置), push and pull every few minutes on the runner
        self.background_sync = BackgroundSync(self.runner, self)
        self.background_sync.synced.connect(lambda text: self.statusBar().showMessage(text, 30000))

    def _watch_activity(self) -> None:
        """Install the app-wide filter that marks the user active (once, when the window first shows its data).
        Not earlier: the first objects it is handed whose class PySide does not wrap (Qt's own window objects)
        make PySide create the Python type of every QObject class of QtCore, QtGui and QtWidgets with their enums
        (some 130 enums: about 40 ms of CPU at every start), and a session just signed in needs no activity yet."""
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None and not self._watching_activity:
            app.installEventFilter(self._activity)
            self._watching_activity = True

    # -- pages ------------------------------------------------------------------------------------
    def _page_list(self) -> list[tuple[str, str, Callable[[], QWidget]]]:
        """Every page of the window, in navigation order: its key, its label, and how to build it. The one
        list of pages: navigation, the stack, Ctrl+1…9, sessions and changes all follow it."""
        runner, settings = self.runner, self.settings
        return [
            ("home", self.tr("首页"), lambda: self.home),
            ("residents", self.tr("居民户籍"), lambda: _make("residents_page", "ResidentsPage", runner, settings)),
            ("events", self.tr("事件"), lambda: _make("events_page", "EventsPage", runner)),
            ("affairs", self.tr("网格事务"), lambda: _make("affairs_page", "AffairsPage", runner)),
            ("tasks", self.tr("我的任务"), lambda: _make("tasks_page", "TasksPage", runner)),
            ("visits", self.tr("民警走访"), lambda: _make("visits_page", "VisitsPage", runner)),
            ("worklog", self.tr("民情日志"), lambda: _make("worklog_page", "WorklogPage", runner)),
            ("projects", self.tr("八小工程"), lambda: _make("projects_page", "ProjectsPage", runner)),
            ("disputes", self.tr("矛盾调解"), lambda: _make("disputes_page", "DisputesPage", runner)),
            ("party", self.tr("党建网格"), lambda: _make("party_page", "PartyPage", runner)),
            ("assessment", self.tr("考核"), lambda: _make("assessment_page", "AssessmentPage", runner)),
            ("sync", self.tr("同步"), lambda: _make("sync_page", "SyncPage", runner)),
            ("reports", self.tr("报表"), lambda: _make("reports_page", "ReportsPage", runner, os_user())),
            ("units", self.tr("组织机构"), lambda: _make("units_page", "UnitsPage", runner)),
            ("settings", self.tr("设置"), lambda: _make("settings_page", "SettingsPage", settings)),
        ]

    def page(self, key: str) -> QWidget:
        """The page `key`, built now if it was not yet (it takes its placeholder's place in the stack)."""
        page = self._built.get(key)
        if page is not None:
            return page
        page = self._builders[key]()
        self._built[key] = page
        index = list(self._builders).index(key)
        placeholder = self.stack.widget(index)
        self.stack.insertWidget(index, page)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self._wire(key, page)
        return page

    def built_pages(self) -> dict[str, QWidget]:
        return dict(self._built)

    def __getattr__(self, name: str) -> Any:
        """`window.residents_page` and the like: the page of that key (built on first use)."""
        builders = self.__dict__.get("_builders") or {}
        if name.endswith("_page") and name[:-len("_page")] in builders:
            return self.page(name[:-len("_page")])
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _wire(self, key: str, page: QWidget) -> None:
        """A page just built: its connections to the window, and the session the other pages have."""
        shortcuts.install_enter(key, page)
        if key == "residents":
            page.print_household_card.connect(self._print_household_card)  # type: ignore[attr-defined]
        elif key == "events":
            page.open_page.connect(self.show_page)  # type: ignore[attr-defined]
        elif key == "settings":
            page.relogin_requested.connect(lambda: self.lock(expired=False))  # type: ignore[attr-defined]
            page.restored.connect(self._restored)  # type: ignore[attr-defined]
            if self.session is not None:
                page.set_session(self.session, self.runner)  # type: ignore[attr-defined]
            if self._installation is not None:
                page.show_installation(*self._installation)  # type: ignore[attr-defined]
        if isinstance(page, Page) and self._page_session is not None:
            page.set_session(self._page_session)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        self.page(list(self._builders)[row])
        self.stack.setCurrentIndex(row)

    def _set_page_sessions(self, session: AppSession | None) -> None:
        self._page_session = session
        for page in self._built.values():
            if isinstance(page, Page):
                page.set_session(session)
        self._set_dashboard(session)

    def _set_dashboard(self, session: AppSession | None) -> None:
        """首页's 指标看板 for the roles that read figures (gridapp.ui.dashboard); built when first needed."""
        dash = self.home.dashboard
        if session is not None and wants_dashboard(session.principal):
            if dash is None:
                from .dashboard import IndicatorDashboard  # (its module only for the roles that have one)

                dash = IndicatorDashboard(self.runner)
                self.home.set_dashboard(dash)
            dash.setVisible(True)
            dash.set_session(session)  # type: ignore[attr-defined]
        elif isinstance(dash, Page):
            dash.setVisible(False)
            dash.set_session(None)

    def _print_household_card(self, unit_code: str, household_id: str) -> None:
        """From the household view: show the 报表 page with this household's card."""
        self.show_page("reports")
        self.page("reports").build_household_card(unit_code, household_id)  # type: ignore[attr-defined]

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(list(self._builders).index(key))

    def open_agenda_list(self, key: str) -> None:
        """A 今日待办 card was clicked: its page, showing exactly the list the card counts."""
        self.show_page(key)
        show = getattr(self.page(key), "show_agenda_list", None)
        if callable(show):
            show()

    # -- start-up ---------------------------------------------------------------------------------
    def start(self, *, allow_first_run: bool = True) -> None:
        """Open the database off the GUI thread; on first run, ask for the unit first."""
        self.statusBar().showMessage(self.tr("正在打开数据库……"))
        if not self.db_path.exists():
            if not allow_first_run:
                self.open_failed.emit(self.tr("数据库文件不存在：{path}").format(path=self.db_path))
                return
            self._first_run()
            return
        if needs_login(self.db_path):
            user, password = os.environ.get("GRIDAPP_USER"), os.environ.get("GRIDAPP_PASSWORD")
            if not allow_first_run and user and password:  # --smoke / --screenshot in scripts and benchmarks
                self.runner.submit(lambda p: _login_session(self.db_path, user, password), label="login",
                                   on_done=self._opened, on_error=self._open_error)
                return
            if not allow_first_run:
                self.open_failed.emit(self.tr("数据库已加密，需要登录（可设置 GRIDAPP_USER 和 GRIDAPP_PASSWORD）。"))
                return
            self._login()
            return
        self.runner.submit(lambda p: _open_session(self.db_path), label="open",
                           on_done=self._opened, on_error=self._open_error)

    def _login(self, *, username: str = "", expired: bool = False) -> None:
        # while the user types the password, the worker imports the database stack (about half a second)
        self.runner.submit(lambda _p: _warm_up(), label="warm-up")
        dialog = LoginDialog(self.runner, self.db_path,
                             lambda user, password: _login_session(self.db_path, user, password),
                             username=username, expired=expired, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.session is None:
            self.open_failed.emit(self.tr("未登录，程序退出。"))
            return
        self._opened(dialog.session)

    def lock(self, *, expired: bool = True) -> None:
        """Close the session (expired, or the user asked to log in again) and ask for a login."""
        session, self.session = self.session, None
        self._set_page_sessions(None)
        self._expiry.stop()
        self.background_sync.stop()
        username = session.principal.username if session is not None and session.principal else ""
        if session is not None:
            self.runner.submit(lambda _p: session.close(), label="close")
        self.status_user.setText(self.tr("用户：—"))
        self._login(username=username, expired=expired)

    def _check_expiry(self) -> None:
        session = self.session
        if session is not None and session.principal is not None and session.principal.expired:
            self.lock(expired=True)

    def _restored(self, session: AppSession) -> None:
        self._opened(session)

    def _first_run(self) -> None:
        from .first_run import FirstRunDialog  # only once, on a new installation: not imported at every start

        dialog = FirstRunDialog(str(self.db_path), self, with_admin=True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self.open_failed.emit(self.tr("未设置本单位，程序退出。"))
            return
        code, name, level = dialog.values()
        admin, password = dialog.admin_values()

        def create(_p: Progress) -> AppSession:
            return _create_session(self.db_path, code, name, level, admin, password)

        def created(session: AppSession) -> None:
            if session.recovery_key:
                RecoveryKeyDialog(session.recovery_key, self).exec()
                session.recovery_key = None
            self._opened(session)

        self.runner.submit(create, label="init", on_done=created, on_error=self._open_error)

    def _open_error(self, exc: BaseException) -> None:
        self.statusBar().clearMessage()
        self.open_failed.emit(error_text(exc))

    def _opened(self, session: AppSession) -> None:
        principal = session.principal
        if principal is not None and principal.must_change_password:
            # an administrator set this password: the user chooses an own one before anything else
            users = session.users()
            dialog = ChangePasswordDialog(self.runner, users.change_password, forced=True, parent=self)
            self.password_dialog = dialog
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self.runner.submit(lambda _p: session.close(), label="close")
                self.open_failed.emit(self.tr("未修改初始密码，程序退出。"))
                return
        self.session = session
        self.statusBar().clearMessage()
        principal = session.principal
        if principal is not None:
            self.status_user.setText(self.tr("用户：{user}（{role}）").format(
                user=principal.display_name or principal.username, role=codetr.text(principal.role.label_zh)))
            self._expiry.start()
        else:
            self.status_user.setText(self.tr("用户：未设置用户（未加密的数据库）"))
        settings_page = self._built.get("settings")
        if settings_page is not None:
            settings_page.set_session(session, self.runner)  # type: ignore[attr-defined]
        if session.backup_path is not None:
            self.statusBar().showMessage(
                self.tr("数据库已升级到新版本，升级前的副本保存在 {path}").format(path=session.backup_path), 15000)

        def check_unit(_p: Progress):
            unit = session.installation()
            return unit, (session.units.own_unit() if unit is not None else None)

        def unit_known(units) -> None:
            unit, own = units
            if unit is None:  # the file exists but first-run set-up never finished
                if self.session is not None:
                    self.session.close()
                self.session = None
                self._first_run()
                return
            # the signed-in user's own unit (the installation's only without a user)
            label = codetr.unit_label(own, full=True) if own is not None else codetr.unit_label(unit)
            self.status_unit.setText(self.tr("单位：{label}").format(label=label))
            self._installation = (codetr.unit_label(unit), session.node_id, session.path)
            settings_page = self._built.get("settings")
            if settings_page is not None:
                settings_page.show_installation(*self._installation)  # type: ignore[attr-defined]
            self._set_page_sessions(session)  # the pages not built yet take it when first shown
            self.background_sync.set_session(session)
            self.setWindowTitle(self.tr("网格工作台 — {name}").format(name=unit.name))
            # the counts after the pages' first loads: the window is ready (and can expire) only once they ran
            self.refresh()
            if session.principal is not None:  # the day's automatic backup, after everything the window shows
                self.runner.submit(lambda _p: session.backups().daily(), label="daily backup",
                                   on_error=lambda exc: self.statusBar().showMessage(
                                       self.tr("今日自动备份未完成：{error}").format(error=error_text(exc)), 15000))

        self.runner.submit(check_unit, label="installation", on_done=unit_known, on_error=self._open_error)

    # -- refresh ----------------------------------------------------------------------------------
    def _on_changed(self, tables: frozenset) -> None:
        """The pages watch the runner themselves; the window reads the home page's counts and 今日待办 (and
        the status bar's last sync) again when what they show changed."""
        if tables & HomePage.watches:
            self.refresh()
        elif tables & HomePage.agenda_watches:
            self.refresh_agenda()

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return

        def load(_p: Progress):
            from gridapp.services.stats import child_units

            overview = session.stats.overview()
            return overview, child_units(session.db, session.stats.unit_counts(), session.principal)

        self.runner.submit(load, label="overview", on_done=self._show_overview, on_error=self._op_error)
        if self._ready_emitted:  # at start, once the counts are shown (see _show_overview)
            self.refresh_agenda()

    def refresh_agenda(self) -> None:
        """今日待办 on the home page (a job of its own: the counts above show without waiting for it)."""
        session = self.session
        if session is None:
            return

        def load(_p: Progress):
            from gridapp.services.agenda import build_agenda

            return build_agenda(session.tasks(), session.visits(), session.disputes(), session.affairs(),
                                events=session.events())

        self.runner.submit(load, label="agenda", on_done=self.home.show_agenda, on_error=self._agenda_error)

    def _agenda_error(self, exc: BaseException) -> None:
        """今日待办 is read in the background, not asked for: an expired login is left to the expiry check
        (no login dialog out of the blue), anything else is said on the home page, not in a message box."""
        from gridapp.core.errors import AuthError

        if not isinstance(exc, AuthError):
            self.home.show_agenda_error(error_text(exc))

    def _op_error(self, exc: BaseException) -> None:
        from gridapp.core.errors import AuthError

        if isinstance(exc, AuthError) and self.session is not None:
            self.lock(expired=True)
            return
        show_error(self, exc)

    def _show_overview(self, result) -> None:
        overview, units = result
        self.home.show_overview(overview, units)
        self.status_sync.setText(self.tr("上次同步：{when}").format(
            when=overview.last_sync or self.tr("从未同步")))
        if not self._ready_emitted:
            self._ready_emitted = True
            self._watch_activity()
            self.ready.emit()
            # 今日待办 after the counts, not beside them: its services map the models the start did not need
            # (gridapp.db.area_models), which on the worker would compete for the GIL with showing the counts
            self.refresh_agenda()

    # -- shutdown ---------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if self.runner.busy_with_user_work:
            answer = QMessageBox.question(self, self.tr("正在处理"), self.tr("还有操作正在进行，确定要退出吗？"))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self._expiry.stop()
        self.background_sync.stop()
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None and self._watching_activity:
            app.removeEventFilter(self._activity)
            self._watching_activity = False
        self.runner.shutdown()
        reports_page = self._built.get("reports")
        if reports_page is not None:
            reports_page.close_document()  # type: ignore[attr-defined]
        if self.session is not None:
            self.session.close()
            self.session = None
        super().closeEvent(event)
