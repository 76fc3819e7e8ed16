"""A throwaway PostgreSQL cluster for the hub's tests: Debian's server binaries, initdb in a temp folder,
started on a free port on 127.0.0.1 and removed afterwards. PostgreSQL refuses to run as root: as root the
binaries run as the `postgres` user (which Debian's package creates).

GRIDAPP_TEST_PG=postgresql://user@host:port names an existing server instead (its user may create databases).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def _bindir() -> Path | None:
    for found in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True):
        if (Path(found) / "initdb").exists() and (Path(found) / "pg_ctl").exists():
            return Path(found)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    folder: Path
    bindir: Path
    port: int
    as_user: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}"

    options: str = ""

    def stop(self) -> None:
        self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    def kill(self) -> None:
        """Stop the server at once (`pg_ctl stop -m immediate`: no checkpoint, open transactions cut; the next
        start recovers from the WAL), keeping its data."""
        subprocess.run([*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                        "-w", "stop"], capture_output=True, check=False)

    def start(self) -> None:
        """Start it again (after `kill`) on the same port."""
        run = subprocess.run([*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-o",
                              self.options, "-l", str(self.folder / "log"), "-w", "-t", "60", "start"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start again: {run.stderr.strip()[:300]}")


def start_cluster(*, durable: bool = False) -> tuple[Cluster | None, str]:
    """(the cluster, "") or (None, why there is none). Not `durable` (the default, for speed): fsync and
    synchronous commit off. `durable`: a commit is acknowledged once its WAL is written (fsync stays off: the
    machine does not crash, the server does), so a server stopped at once keeps every commit it acknowledged."""
    bindir = _bindir()
    if bindir is None:
        return None, "没有 PostgreSQL 服务器程序（Debian：apt-get install postgresql）"
    as_user: list[str] = []
    root = os.geteuid() == 0
    # as root the folder must be reachable by the postgres user: under /tmp, not a private TMPDIR
    folder = Path(tempfile.mkdtemp(prefix="gridapp-pg-", dir="/tmp" if root and Path("/tmp").is_dir() else None))
    if root:
        try:
            pg = pwd.getpwnam("postgres")
        except KeyError:
            return None, "以 root 运行且没有 postgres 用户（PostgreSQL 不以 root 运行）"
        runuser = shutil.which("runuser")
        if runuser is None:
            return None, "以 root 运行且没有 runuser"
        os.chown(folder, pg.pw_uid, pg.pw_gid)
        as_user = [runuser, "-u", "postgres", "--"]
    data = folder / "data"
    init = subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                           "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], capture_output=True, text=True)
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        return None, f"initdb 失败：{init.stderr.strip()[:300]}"
    port = _free_port()
    opts = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 "
            + ("-c synchronous_commit=on -c full_page_writes=on" if durable else
               "-c synchronous_commit=off -c full_page_writes=off"))
    start = subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l",
                            str(folder / "log"), "-w", "-t", "60", "start"], capture_output=True, text=True)
    if start.returncode != 0:
        log = (folder / "log").read_text(errors="replace")[-500:] if (folder / "log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        return None, f"PostgreSQL 启动失败：{start.stderr.strip()[:300]} {log}"
    return Cluster(folder, bindir, port, as_user, opts), ""
