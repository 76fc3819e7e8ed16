"""What every command shares: the parser class, exit codes, opening the database as the signed-in user and
closing it, `--json` output, passwords, progress on a terminal and the output-file check.

A command module registers its commands with `register(subparsers)`, each leaf parser naming its handler
(`set_defaults(func=handler)`); a handler takes the `Context` of the run and returns the exit code. Refusals are
raised (GridappError, UsageError) and turned into Chinese messages and exit codes by `gridapp.cli.main`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from gridapp.config import default_db_path
from gridapp.core.errors import AuthError, ValidationError
from gridapp.core.progress import Progress

if TYPE_CHECKING:
    from gridapp.core.permissions import Perm
    from gridapp.services.session import AppSession

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
PASSWORD_ENV = "GRIDAPP_PASSWORD"  # the signed-in user's password, for scripts
NEW_PASSWORD_ENV = "GRIDAPP_NEW_PASSWORD"  # the password of a user being created (init --admin, users add)
OUTPUT_ARGS = ("out", "errors")  # every option or argument that names a file the command writes


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse would print English usage and exit 2 itself
        raise UsageError(message)


def date_arg(text: str) -> dt.date:
    """An argparse type: a date written 2026-01-31, refused in Chinese otherwise."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”请写成 2026-01-31") from None


def subcommands(parser: argparse.ArgumentParser, dest: str, *, required: bool = True) -> Any:
    """The subparsers of a command group (`users list`, `users add` …)."""
    return parser.add_subparsers(dest=dest, parser_class=Parser, required=required)


def json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true")


def password(prompt: str) -> str:
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin or not sys.stdin.isatty():
        raise AuthError(f"需要密码：请在终端中运行以便输入密码，或设置环境变量 {PASSWORD_ENV}。")
    return getpass.getpass(prompt)


def new_password(prompt: str) -> str:
    if os.environ.get(NEW_PASSWORD_ENV):
        return os.environ[NEW_PASSWORD_ENV]
    if not sys.stdin or not sys.stdin.isatty():
        raise AuthError(f"需要设置密码：请在终端中运行以便输入，或设置环境变量 {NEW_PASSWORD_ENV}。")
    first = getpass.getpass(prompt)
    if getpass.getpass("再输入一次：") != first:
        raise ValidationError("两次输入的密码不一致。", field="密码")
    return first


class Context:
    """One run of one command: its parsed arguments and, once opened, the session of the signed-in user."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.login_password: str | None = None  # the password the user signed in with (users passwd)

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    @property
    def db_path(self) -> Path:
        return self.args.db or default_db_path()

    def out(self, data: dict, text: str) -> None:
        """Print the result: `data` as JSON with --json, else `text`."""
        if self.json:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            print(text)

    def open(self) -> AppSession:
        """Log in (`--user`) when the database has users; a plain database without users opens as it is.
        The caller closes the session (or uses `session()`)."""
        from gridapp.db.database import open_database
        from gridapp.services.session import AppSession, needs_login

        args = self.args
        path = self.db_path
        if path.exists() and needs_login(path):
            if not args.user:
                raise AuthError("该数据库已加密并设置了用户，请用 --user 指定用户名登录。")
            secret = password(f"用户 {args.user} 的密码：")
            session = AppSession.login(path, args.user, secret)
            self.login_password = secret
            if session.principal is not None and session.principal.must_change_password \
                    and (args.command, getattr(args, "users_command", None)) != ("users", "passwd"):
                session.close()
                raise AuthError(f"用户“{args.user}”的密码是管理员设置的初始密码，须先修改后才能使用：请运行 "
                                f"python -m gridapp --user {args.user} users passwd。")
            return session
        return AppSession(open_database(path))

    @contextmanager
    def session(self) -> Iterator[AppSession]:
        """The signed-in session for the block; closed after it, whatever happens."""
        session = self.open()
        try:
            yield session
        finally:
            session.close()

    @staticmethod
    def need(session: AppSession, perm: Perm) -> None:
        if session.principal is not None:
            session.principal.require(perm)

    def progress(self) -> Progress:
        return Progress(self.tty_progress())

    def tty_progress(self) -> Callable[[int, int, str], None]:
        """Progress as `done/total text` on stderr, at most twice a second, only on a terminal without --json."""
        last = [0.0]
        as_json = self.json

        def report(done: int, total: int, text: str) -> None:
            now = time.perf_counter()
            if not as_json and sys.stderr.isatty() and now - last[0] > 0.5:
                last[0] = now
                print(f"\r{done}/{total} {text}", end="", file=sys.stderr, flush=True)

        return report

    def end_progress_line(self) -> None:
        if not self.json and sys.stderr.isatty():
            print(file=sys.stderr)


def output_path_problem(path: Path) -> str | None:
    """Why `path` cannot be written (in Chinese, naming it), or None. Checked before any work is done."""
    folder = path.parent
    if path.is_dir():
        return f"输出路径“{path}”是一个文件夹，请给出文件名。"
    if not folder.exists():
        return f"无法写入“{path}”：文件夹“{folder}”不存在。请先建立该文件夹，或换一个路径。"
    if not folder.is_dir():
        return f"无法写入“{path}”：“{folder}”不是文件夹。"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"无法写入“{path}”：没有写入文件夹“{folder}”的权限。"
    if path.exists() and not os.access(path, os.W_OK):
        return f"无法写入“{path}”：该文件只读或没有写入权限。"
    return None


def check_output_paths(args: argparse.Namespace) -> None:
    """Refuse a command whose output file cannot be written, before it logs in or does any work."""
    for name in OUTPUT_ARGS:
        value = getattr(args, name, None)
        if isinstance(value, Path):
            problem = output_path_problem(value)
            if problem:
                raise ValidationError(problem)
