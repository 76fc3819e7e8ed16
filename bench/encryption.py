"""What the encryption at rest costs: the same workload on an unencrypted and an SQLCipher database.

    python bench/encryption.py [--residents 20000] [--runs 5]

Workload per mode: create the installation (unit, administrator), generate the demo residents, then
timed typical operations — login (key unwrap / hash check, scrypt n=2**15), open + home overview,
full stats, listing a grid's residents, an ID-number suffix search, a one-record edit (with its audit row),
a backup — and the GUI's cold start to a usable window (`main.py --smoke`, fresh process each run).
Medians over --runs. Run it on an otherwise idle machine; numbers go in the issue note.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.startup import time_to_ready  # noqa: E402
from gridapp.db.models import Resident  # noqa: E402
from gridapp.demo import DemoGenerator  # noqa: E402
from gridapp.services.backup import BackupService  # noqa: E402
from gridapp.services.session import AppSession  # noqa: E402
from gridapp.services.users import create_installation  # noqa: E402

PW = "Measure-2026x"


def median_ms(fn: Callable[[], object], runs: int) -> float:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out) * 1000


def one_mode(folder: Path, encrypt: bool, residents: int, runs: int) -> dict[str, float]:
    path = folder / ("enc.sqlite3" if encrypt else "plain.sqlite3")
    res: dict[str, float] = {}
    t = time.perf_counter()
    inst = create_installation(path, unit_code="370303001", unit_name="基准街道", level="town", admin_name="bench",
                               admin_password=PW, encrypt=encrypt)
    res["create installation"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    DemoGenerator(inst.db, seed=1).run(residents)
    res[f"generate {residents} residents"] = (time.perf_counter() - t) * 1000
    inst.db.close()

    def login() -> AppSession:
        return AppSession.login(path, "bench", PW, daily_backup=False)

    def login_close() -> None:
        login().close()

    res["login (unwrap/verify + open)"] = median_ms(login_close, runs)

    def open_overview() -> None:
        s = login()
        s.stats.overview()
        s.close()

    res["login + home overview"] = median_ms(open_overview, runs)
    s = login()
    with s.db.read() as r:
        grid = r.execute(select(Resident.unit_code).limit(1)).scalar_one()
        some = r.execute(select(Resident.id, Resident.id_number).limit(1)).one()
    reg = s.registry()
    res["full stats"] = median_ms(s.stats.stats, runs)
    res["list a grid (500 rows, masked)"] = median_ms(lambda: reg.list_residents(grid, limit=500), runs)

    def suffix_search() -> None:
        with s.db.read() as r:
            r.execute(select(Resident.id).where(Resident.id_number.like(f"%{some.id_number[-4:]}"))).all()

    res["ID suffix search (scan)"] = median_ms(suffix_search, runs)
    res["view one record (audited)"] = median_ms(lambda: reg.get_resident(some.id), runs)
    backups = BackupService(s.db, None, folder / ("b-enc" if encrypt else "b-plain"))
    res["backup"] = median_ms(lambda: backups.make("bench"), max(1, runs // 2))
    s.close()
    res["file size MB"] = path.stat().st_size / 1e6
    return res


def gui_cold_starts(folder: Path, runs: int) -> dict[str, float]:
    """`main.py --smoke` on both files, alternating plain and encrypted so that drift hits both alike."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GRIDAPP_USER": "bench", "GRIDAPP_PASSWORD": PW,
           "GRIDAPP_CONFIG_DIR": str(folder / "cfg")}
    cmds = {name: [sys.executable, "main.py", "--db", str(folder / f"{name}.sqlite3"), "--smoke"]
            for name in ("plain", "enc")}
    for cmd in cmds.values():
        time_to_ready(cmd, env)  # the first start also makes the day's backup; warm the file cache
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(time_to_ready(cmd, env) * 1000)
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--residents", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain = one_mode(Path(tmp), False, args.residents, args.runs)
        enc = one_mode(Path(tmp), True, args.residents, args.runs)
        gui = gui_cold_starts(Path(tmp), args.runs)
        plain["GUI cold start to usable window"], enc["GUI cold start to usable window"] = gui["plain"], gui["enc"]
    print(f"{'operation':40} {'plain':>10} {'SQLCipher':>10} {'ratio':>7}")
    for k in plain:
        unit = "" if k == "file size MB" else " ms"
        print(f"{k:40} {plain[k]:>8.1f}{unit:3} {enc[k]:>8.1f}{unit:3} {enc[k] / plain[k]:>6.2f}x")


if __name__ == "__main__":
    main()
