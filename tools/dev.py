"""Set up and run the project on a fresh machine (Linux, macOS or Windows), standard library only.

    python3 tools/dev.py demo          make .venv, install, build a 20,000-resident demo database, start the app
    python3 tools/dev.py test          make .venv, install with test tools, run lint, layer contracts, mypy and pytest
    python3 tools/dev.py build-check   make .venv, install PyInstaller, build build.spec and check the bundle

Extra arguments after `demo` go to the app (e.g. `--lang en`); after `test`, to pytest.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)
    if code != 0:
        sys.exit(code)


def ensure_venv(extras: str) -> None:
    """Create .venv once and (re)install when pyproject.toml or the extras changed."""
    if sys.version_info < (3, 10):  # noqa: UP036 - this script runs on whatever python3 the machine has
        sys.exit("需要 Python 3.10 或更新版本（Python 3.10+ is required）")
    if not PY.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'app'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(PY, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(digest)


# Libraries the Qt xcb platform plugin (and Qt's GUI library) load, by Debian/Ubuntu package. Qt 6.5+ needs
# libxcb-cursor0 for xcb; a bare Debian or Ubuntu lacks it and several of the others.
QT_XCB_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}

HEADLESS_PLATFORMS = {"offscreen", "minimal", "vnc", "linuxfb", "eglfs", "minimalegl"}


def missing_libraries(ldd_output: str) -> list[str]:
    """The shared libraries `ldd` reports as "not found", in first-seen order, without repeats."""
    found: list[str] = []
    for match in re.finditer(r"^\s*(\S+)\s*=>\s*not found", ldd_output, re.MULTILINE):
        if match.group(1) not in found:
            found.append(match.group(1))
    return found


def packages_for(libraries: list[str]) -> tuple[list[str], list[str]]:
    """(Debian packages to install, libraries with no known package)."""
    packages: list[str] = []
    unknown: list[str] = []
    for lib in libraries:
        package = QT_XCB_PACKAGES.get(lib)
        if package is None:
            unknown.append(lib)
        elif package not in packages:
            packages.append(package)
    return packages, unknown


def qt_platform_problem() -> tuple[list[str], list[str]]:
    """What the Qt xcb platform plugin lacks on this Linux machine: (packages, unknown libraries).
    Empty when nothing is missing, when not on Linux, or when ldd is not available."""
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return [], []
    out = subprocess.run([str(PY), "-c", "import PySide6, os; print(os.path.dirname(PySide6.__file__))"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return [], []
    qt = Path(out.stdout.strip()) / "Qt"
    targets = [qt / "plugins" / "platforms" / "libqxcb.so", *sorted((qt / "lib").glob("libQt6XcbQpa.so*")),
               *sorted((qt / "lib").glob("libQt6Gui.so*"))]
    libraries: list[str] = []
    for target in targets:
        if target.exists():
            ldd = subprocess.run(["ldd", str(target)], capture_output=True, text=True)
            for lib in missing_libraries(ldd.stdout):
                if lib not in libraries:
                    libraries.append(lib)
    return packages_for(libraries)


def check_qt_platform() -> None:
    """Before starting the GUI on Linux: say exactly what the Qt platform plugin needs (and install it where this
    script may: as root with apt-get), instead of Qt's 'could not load the Qt platform plugin "xcb"'."""
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if not sys.platform.startswith("linux") or platform in HEADLESS_PLATFORMS:
        return
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        sys.exit("没有图形界面：DISPLAY 和 WAYLAND_DISPLAY 都未设置。请在桌面会话中运行，"
                 "或在无屏幕的机器上用 `xvfb-run -a python3 tools/dev.py demo`（需安装 xvfb）。\n"
                 "(No display: run this from a desktop session, or under xvfb-run.)")
    packages, unknown = qt_platform_problem()
    if not packages and not unknown:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if packages and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Qt 图形界面缺少系统库，正在安装：{' '.join(packages)}", flush=True)
        subprocess.call(["apt-get", "update", "-qq"])
        if subprocess.call(command, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}) == 0:
            packages, unknown = qt_platform_problem()
            if not packages and not unknown:
                return
    lines = ["Qt 图形界面（xcb 平台插件）缺少系统库，程序无法启动。(The Qt xcb platform plugin lacks system libraries.)"]
    if packages:
        lines.append("请安装（Debian/Ubuntu）：sudo " + " ".join(command))
    if unknown:
        lines.append("还缺少这些库，请用发行版的包管理器安装提供它们的软件包：" + ", ".join(unknown))
    sys.exit("\n".join(lines))


DEMO_USER = "demo"


def demo(args: list[str]) -> None:
    """The demo database is encrypted like a real one, with an administrator `demo` whose random password is
    printed here and kept in demo/demo.sqlite3.demo-password: the login dialog shows it as a hint only when
    that file sits beside the database (only this script writes it; the data are fictional)."""
    ensure_venv("")
    check_qt_platform()
    db = ROOT / "demo" / "demo.sqlite3"
    hint = db.with_name(db.name + ".demo-password")
    if not db.exists():
        password = f"yanshi-{secrets.token_hex(4)}"  # must not contain the user name
        env = {**os.environ, "GRIDAPP_NEW_PASSWORD": password, "GRIDAPP_PASSWORD": password}
        run(PY, "-m", "gridapp", "--db", db, "init", "--unit", "370303001", "--name", "城东街道（演示）",
            "--level", "town", "--admin", DEMO_USER, env=env)
        run(PY, "-m", "gridapp", "--db", db, "--user", DEMO_USER, "demo", "--residents", "20000", "--seed", "1",
            env=env)
        hint.write_text(password, encoding="utf-8")
    if hint.exists():
        print(f"演示数据库登录（demo login）：用户 {DEMO_USER}，密码 {hint.read_text(encoding='utf-8').strip()}")
    run(PY, "main.py", "--db", db, *args)


def test(args: list[str]) -> None:
    ensure_venv("test")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    run(BIN / "ruff", "check", ".", env=env)
    run(BIN / "lint-imports", env=env)
    run(BIN / "mypy", env=env)
    # every test works in its own tmp_path (no shared files or ports), so they run on every core; a later
    # `-n 0` in args runs them in one process
    run(PY, "-m", "pytest", "-n", "auto", *args, env=env)


def build_check(args: list[str]) -> None:
    ensure_venv("test,build")
    run("bash", ROOT / "tools" / "build_check.sh", *args)


COMMANDS = {"demo": demo, "test": test, "build-check": build_check}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
