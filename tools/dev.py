"""Set up and run the project on a fresh machine (Linux, macOS or Windows), standard library only.

    python3 tools/dev.py demo          make .venv, install, build a 20,000-resident demo database, start the app
    python3 tools/dev.py test          make .venv, install with test tools, run lint, layer contracts and pytest
    python3 tools/dev.py build-check   make .venv, install PyInstaller, build build.spec and check the bundle

Extra arguments after `demo` go to the app (e.g. `--lang en`); after `test`, to pytest.
"""

from __future__ import annotations

import hashlib
import os
import secrets
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


DEMO_USER = "demo"


def demo(args: list[str]) -> None:
    """The demo database is encrypted like a real one, with an administrator `demo` whose random password is
    printed here and kept in demo/demo.sqlite3.demo-password: the login dialog shows it as a hint only when
    that file sits beside the database (only this script writes it; the data are fictional)."""
    ensure_venv("")
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
    run(PY, "-m", "pytest", *args, env=env)


def build_check(args: list[str]) -> None:
    ensure_venv("test,build")
    run("bash", ROOT / "tools" / "build_check.sh", *args)


COMMANDS = {"demo": demo, "test": test, "build-check": build_check}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
