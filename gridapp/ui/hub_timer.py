"""The background sync with the parent's hub: every few minutes, when a hub address is set, push and pull on the
runner (never on the GUI thread), quietly; the result goes to the status bar and to the 同步 page's last result.
A hub that cannot be reached (offline, down) is only noted: work goes on, and the next round tries again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from gridapp.core.progress import Progress

from .runner import DbRunner

INTERVAL_MIN = 15


class BackgroundSync(QObject):
    synced = Signal(str)  # a line for the status bar

    def __init__(self, runner: DbRunner, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MIN * 60_000):
        super().__init__(parent)
        self.runner = runner
        self.session: Any = None
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)

    def set_session(self, session: Any) -> None:
        from gridapp.core.permissions import Perm

        self.session = session
        if session is not None and (session.principal is None or session.may(Perm.SYNC)):
            self.timer.start()
        else:
            self.timer.stop()

    def stop(self) -> None:
        self.timer.stop()
        self.session = None

    def tick(self) -> None:
        session = self.session
        if session is None or self.running or self.runner.busy_with_user_work:
            return  # the user's own work first; the next round comes soon enough

        def work(p: Progress) -> str | None:
            from gridapp.core.errors import GridappError
            from gridapp.services.hub_sync import HubClient, hub_url

            if not hub_url(session.db):
                return None
            try:
                with HubClient(session.db, principal=session.principal) as client:
                    report = client.sync_now(p)
            except GridappError as exc:
                return self.tr("后台同步未完成：{reason}").format(reason=exc.message)
            return self.tr("后台同步完成：") + " ".join(r.message.split("。")[0] + "。" for r in report.results)

        def done(text: str | None) -> None:
            self.running = False
            if text:
                self.synced.emit(text)

        def failed(exc: BaseException) -> None:
            self.running = False
            self.synced.emit(self.tr("后台同步未完成：{reason}").format(reason=str(exc)))

        self.running = True
        self.runner.submit(work, label="background sync", on_done=done, on_error=failed)
