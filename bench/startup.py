"""Cold start to a usable window: the app on a demo database against a bare PySide6 window.

    python bench/startup.py [--residents 20000] [--runs 7]

"Usable" means the main window is shown and the home page shows the database's counts (the app's
`--smoke` flag prints "ready in X s" at that moment and exits). Both programs are started as fresh
processes with the same interpreter and QT_QPA_PLATFORM=offscreen; the figure is wall time from spawning
the process to the "ready" line (interpreter start and imports included), median of the runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_to_ready(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("ready in"):
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError(f"{cmd} never became ready")
    proc.wait(timeout=60)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--residents", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        env["GRIDAPP_CONFIG_DIR"] = str(Path(tmp) / "config")
        db = Path(tmp) / "bench.sqlite3"
        # an encrypted database, as the app makes; --smoke logs in from GRIDAPP_USER / GRIDAPP_PASSWORD
        env.update(GRIDAPP_NEW_PASSWORD="Measure-2026x", GRIDAPP_PASSWORD="Measure-2026x", GRIDAPP_USER="bench")
        subprocess.run([sys.executable, "-m", "gridapp", "--db", str(db), "init", "--unit", "370303001",
                        "--name", "基准街道", "--level", "town", "--admin", "bench"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gridapp", "--db", str(db), "--user", "bench", "demo", "--residents",
                        str(args.residents)], cwd=ROOT, env=env, check=True, capture_output=True)
        demo_s = time.perf_counter() - t
        size_mb = db.stat().st_size / 1e6
        app_cmd = [sys.executable, "main.py", "--db", str(db), "--smoke"]
        bare_cmd = [sys.executable, "bench/bare_window.py"]
        time_to_ready(app_cmd, env)  # warm the OS file cache once for both, as a second start would be
        time_to_ready(bare_cmd, env)
        app_runs, bare_runs = [], []
        for _ in range(args.runs):
            app_runs.append(time_to_ready(app_cmd, env))
            bare_runs.append(time_to_ready(bare_cmd, env))
    app_med, bare_med = statistics.median(app_runs), statistics.median(bare_runs)
    print(f"demo database: {args.residents} residents, {size_mb:.1f} MB, generated in {demo_s:.1f} s")
    print(f"bare PySide6 window : median {bare_med * 1000:.0f} ms  (min {min(bare_runs) * 1000:.0f}, "
          f"max {max(bare_runs) * 1000:.0f}) over {args.runs} runs")
    print(f"gridapp usable window: median {app_med * 1000:.0f} ms  (min {min(app_runs) * 1000:.0f}, "
          f"max {max(app_runs) * 1000:.0f}) over {args.runs} runs")
    print(f"overhead over bare window: {(app_med - bare_med) * 1000:.0f} ms ({app_med / bare_med:.2f}x)")


if __name__ == "__main__":
    main()
