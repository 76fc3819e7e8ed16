"""GUI start-up: settings → QApplication (font, translation) → main window → open/upgrade the database."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path

from gridapp import APP_NAME, __version__
from gridapp.config import LANGUAGES, Settings, data_dir, default_db_path

_T0 = time.perf_counter()


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="gridapp", description="网格工作台")
    p.add_argument("--db", type=Path, help="数据库文件（默认在用户数据目录）")
    p.add_argument("--lang", choices=list(LANGUAGES), help="界面语言（默认取设置）")
    p.add_argument("--version", action="store_true", help="显示版本号后退出")
    p.add_argument("--smoke", action="store_true",
                   help="启动到窗口可用后立即退出，并打印用时（用于安装检查和性能测量）")
    p.add_argument("--screenshot", type=Path, help="窗口可用后保存截图到此文件，然后退出")
    p.add_argument("--page", help="启动后显示的页面（home、settings 等）")
    return p.parse_args(argv)


def _setup_logging() -> None:
    """Log to stderr and to a rotating file in the data folder (no personal data is ever logged)."""
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        handlers.append(RotatingFileHandler(folder / "gridapp.log", maxBytes=1_000_000, backupCount=3,
                                            encoding="utf-8"))
    except OSError:
        pass  # a read-only profile must not stop the app from starting
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        handlers=handlers)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _skip_pyside_source_scan() -> None:
    """Once PySide6 is imported it reads the source of every module imported after it (SQLAlchemy, the models,
    the services, the pages: about 0.1 s of CPU at each start) to find `from __feature__ import ...`, which
    gridapp never uses. The PyInstaller bundle has no sources, so there every module is already treated as
    not using features; this does the same when run from source. Harmless if PySide changes the hook."""
    try:
        from PySide6.support import feature

        if callable(getattr(feature, "_mod_uses_pyside", None)):
            feature._mod_uses_pyside = lambda _module: False
    except Exception:
        pass


def run(argv: Sequence[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.version:
        print(f"gridapp {__version__}")
        return 0
    _setup_logging()

    from PySide6.QtCore import QCoreApplication, QTimer

    _skip_pyside_source_scan()
    from PySide6.QtWidgets import QApplication, QMessageBox

    from gridapp.ui.i18n import install_font, install_translation
    from gridapp.ui.main_window import MainWindow
    from gridapp.ui.runner import DbRunner

    settings = Settings.load()
    language = args.lang or settings.language
    db_path = args.db or default_db_path()

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    install_font(app)
    install_translation(app, language)

    runner = DbRunner()
    window = MainWindow(runner, settings, db_path)
    status = {"code": 0}

    def failed(message: str) -> None:
        status["code"] = 1
        if not (args.smoke or args.screenshot):
            QMessageBox.critical(window, QCoreApplication.translate("app", "无法打开数据库"), message)
        else:
            print(message, file=sys.stderr)
        window.close()
        app.quit()

    def ready() -> None:
        if args.page:
            window.show_page(args.page)
        if args.smoke:
            # and the CPU time spent to get here (every thread, interpreter start included): bench/startup.py
            print(f"ready in {time.perf_counter() - _T0:.3f} s, cpu {time.process_time():.3f} s", flush=True)
        if args.screenshot:
            # a page loads its data on the worker once shown: give it a moment before the picture
            def shoot() -> None:
                window.grab().save(str(args.screenshot))
                window.close()

            QTimer.singleShot(1500 if args.page else 0, shoot)
        elif args.smoke:
            QTimer.singleShot(0, window.close)

    window.open_failed.connect(failed)
    window.ready.connect(ready)
    window.show()
    QTimer.singleShot(0, lambda: window.start(allow_first_run=not (args.smoke or args.screenshot)))
    code = app.exec()
    runner.shutdown()
    return status["code"] or code
