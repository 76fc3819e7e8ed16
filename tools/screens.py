"""Screenshots of every page and every dialog, to look at (offscreen, no display needed).

    PYTHONPATH=. .venv/bin/python tools/screens.py --out /tmp/screens
    PYTHONPATH=. .venv/bin/python tools/screens.py --lang en --size 1920x1080 --role police --pages visits --dialogs

A demo town (城东街道, 1,200 residents, seed 7, as the UI tests use; encrypted, with a user per role) is made in
a temporary folder; each run works on a copy (the dialogs' buttons may write). The window signs in as that
role's user, through the login the app uses (office: 综治中心 of the town; worker: 和平社区 第1网格's grid
worker; police: 和平社区's officer; admin), opens each page by its navigation entry and saves
`<lang>-<size>-<role>-<page>.png`. With
`--dialogs` it then clicks, on each page, every enabled button that opens a dialog (the first row of the page's
tables selected first) and saves each dialog that opens as `…-<page>-dlg-<n>-<title>.png`, then closes it
unsaved (Cancel/Esc; message boxes answered No). Buttons that sign out or quit are left alone.

Look at the PNGs (an image viewer); nothing here judges them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROLES = {  # user name: role, unit, display name (made up)
    "office": ("office", "370303001", "林书文"),
    "worker": ("grid_worker", "370303001001001", "周晓梅"),
    "police": ("police", "370303001001", "赵立新"),
    "admin": ("admin", "370303001", "管理员"),
}
PASSWORD = "Screens-2026-demo"
# dialogs a page opens from its context menu, not a button: the page's methods, called with the first row chosen
MENU_DIALOGS = {"residents": ("edit_tags", "show_special_groups", "move_selected")}
SKIP = re.compile(r"退出|注销|锁定|Sign out|Quit|Lock|恢复|Restore|删除|Delete|同步|Sync now|导出|Export|打印|Print|"
                  r"保存|Save|生成|Make|Generate|检查|Check now|备份|Back up")


def demo(folder: Path) -> Path:
    from sqlalchemy import update

    from gridapp.db.models import User
    from gridapp.demo import DemoGenerator
    from gridapp.services.session import AppSession
    from gridapp.services.users import UserService

    path = folder / "demo.sqlite3"
    session = AppSession.create(path, unit_code="370303001", unit_name="城东街道", level="town", admin_name="admin",
                                admin_password=PASSWORD)
    try:
        DemoGenerator(session.db, seed=7).run(1200)
        assert session.principal is not None
        users = UserService(session.db, session.principal)
        for name, (role, unit, display) in ROLES.items():
            if name != "admin":
                users.add(name, PASSWORD, role, unit, display)
        with session.db.write() as s:  # set here, not by an administrator: no change asked at sign-in
            s.execute(update(User).values(must_change_password=False))
    finally:
        session.close()
    return path


def settle(app, runner, seconds: float = 0.3, limit: float = 20.0) -> None:
    """Process events until the database runner has been idle for `seconds` (at most `limit`)."""
    end = time.monotonic() + limit
    idle_since = None
    while time.monotonic() < end:
        app.processEvents()
        if runner.busy:
            idle_since = None
        elif idle_since is None:
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since >= seconds:
            return
        time.sleep(0.02)


def slug(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", text).strip("_")[:40] or "dialog"


class Grabber:
    """Saves each dialog that opens (modal or not), then closes it; driven by a timer so that dialogs shown
    from a nested event loop (exec, QMessageBox statics) are caught too."""

    def __init__(self, app, runner, prefix: Path):
        from PySide6.QtCore import QTimer

        self.app, self.runner, self.prefix = app, runner, prefix
        self.seen: set[int] = set()
        self.saved: list[Path] = []
        self.timer = QTimer()
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.tick)
        self.pending: dict[int, float] = {}

    def tick(self) -> None:
        from PySide6.QtWidgets import QDialog, QMessageBox

        for w in self.app.topLevelWidgets():
            if not isinstance(w, QDialog) or not w.isVisible():
                continue
            key = id(w)
            first = self.pending.setdefault(key, time.monotonic())
            if self.runner.busy and time.monotonic() - first < 10:
                continue  # its data is still being read
            if time.monotonic() - first < 0.6:
                continue  # let it lay itself out
            if key not in self.seen:
                self.seen.add(key)
                path = Path(f"{self.prefix}-dlg-{len(self.saved) + 1:02d}-{slug(w.windowTitle())}.png")
                w.grab().save(str(path))
                self.saved.append(path)
                print(f"  {path.name}  {w.width()}x{w.height()}", flush=True)
            self.pending.pop(key, None)
            if isinstance(w, QMessageBox):
                no = w.button(QMessageBox.StandardButton.No) or w.button(QMessageBox.StandardButton.Cancel)
                if no is not None:
                    no.click()
                    continue
            w.reject()


def page_buttons(page):
    from PySide6.QtWidgets import QAbstractButton, QCheckBox, QRadioButton

    out = []
    for b in page.findChildren(QAbstractButton):
        if isinstance(b, (QCheckBox, QRadioButton)) or not b.isVisible() or not b.isEnabled():
            continue
        text = b.text().replace("&", "")
        if not text or SKIP.search(text):
            continue
        out.append(b)
    return out


def _leaf(model, index, last: bool):
    """The first (or last) leaf under `index` of a tree model."""
    while model.rowCount(index) > 0:
        index = model.index(model.rowCount(index) - 1 if last else 0, 0, index)
    return index


def select_rows(page, how: str) -> None:
    """Select in each table or tree of the page its first row ("first"), or in a tree its first or last leaf
    ("first-leaf", "last-leaf"): the buttons that act on a chosen row (a grid, a 中心户) then open their dialogs."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView

    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if isinstance(view, QHeaderView):  # shares its view's selection: setting it would undo the view's
            continue
        if not view.isVisible() or model is None or model.rowCount() == 0:
            continue
        if how == "first" or not isinstance(view, QTreeView):
            index = model.index(0, 0)
        else:
            view.expandAll()
            index = _leaf(model, QModelIndex(), how == "last-leaf")
        view.setCurrentIndex(index)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("screens"))
    ap.add_argument("--lang", default="zh_CN,en", help="zh_CN, en or both (comma-separated)")
    ap.add_argument("--size", default="1366x768,1920x1080")
    ap.add_argument("--role", default="office", help=",".join(ROLES) + " (comma-separated)")
    ap.add_argument("--pages", default="", help="page keys (default: all), e.g. residents,party")
    ap.add_argument("--dialogs", action="store_true", help="also open and save the dialogs of each page")
    args = ap.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from gridapp.config import Settings
    from gridapp.db.keystore import keyfile_path
    from gridapp.ui.i18n import install_font, install_translation
    from gridapp.ui.main_window import MainWindow
    from gridapp.ui.runner import DbRunner

    tmp = Path(tempfile.mkdtemp(prefix="gridapp-screens-"))
    # the app's settings (language, dialog sizes) and Qt's own (file dialogs) stay in the temporary folder
    os.environ["GRIDAPP_CONFIG_DIR"] = str(tmp / "config")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "xdg")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        source = demo(tmp)
        for lang in args.lang.split(","):
            install_translation(app, lang)
            install_font(app)
            for size in args.size.split(","):
                w, h = (int(x) for x in size.split("x"))
                for role in args.role.split(","):
                    run = tmp / f"run-{lang}-{size}-{role}"
                    run.mkdir()
                    db = run / "demo.sqlite3"
                    shutil.copyfile(source, db)
                    shutil.copyfile(keyfile_path(source), keyfile_path(db))
                    os.environ["GRIDAPP_USER"], os.environ["GRIDAPP_PASSWORD"] = role, PASSWORD
                    runner = DbRunner()
                    win = MainWindow(runner, Settings(language=lang), db)
                    win.resize(w, h)
                    win.show()
                    win.start(allow_first_run=False)
                    settle(app, runner, 1.0, limit=60)
                    if win.session is None:
                        raise SystemExit(f"sign-in as {role} failed")
                    keys = [k for k, _label, _b in win._page_list()]
                    wanted = [k for k in (args.pages.split(",") if args.pages else keys) if k in keys]
                    stem = f"{lang}-{size}-{role}"
                    for key in wanted:
                        win.nav.setCurrentRow(keys.index(key))
                        settle(app, runner)
                        path = args.out / f"{stem}-{key}.png"
                        win.grab().save(str(path))
                        print(path, flush=True)
                        if not args.dialogs:
                            continue
                        page = win.page(key)
                        grabber = Grabber(app, runner, args.out / f"{stem}-{key}")
                        grabber.timer.start()
                        clicked: set[str] = set()
                        for how in ("first", "first-leaf", "last-leaf"):
                            select_rows(page, how)
                            settle(app, runner, 0.3)
                            for button in page_buttons(page):
                                text = button.text()
                                if text in clicked or not button.isVisible() or not button.isEnabled():
                                    continue
                                clicked.add(text)
                                select_rows(page, how)
                                settle(app, runner, 0.2)
                                print(f" click {text!r}", flush=True)
                                button.click()
                                settle(app, runner, 0.8)
                        for method in MENU_DIALOGS.get(key, ()):
                            select_rows(page, "first")
                            settle(app, runner, 0.3)
                            print(f" menu {method}", flush=True)
                            getattr(page, method)()
                            settle(app, runner, 1.5)
                        grabber.timer.stop()
                    win.close()
                    runner.shutdown()
                    win.deleteLater()
                    app.processEvents()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
