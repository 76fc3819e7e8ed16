"""What a change of the data key costs (a user disabled, or a password reset by the administrator).

    python bench/rekey.py [--residents 100000] [--runs 3]

Builds an encrypted installation with the demo residents, then times, median of --runs:
- `PRAGMA rekey` alone (Database.rekey: every page decrypted and encrypted again under the new key);
- the whole key change as the administrator sees it (UserService.set_disabled: seal the new key to every
  user, rekey, audit row, a backup under the new key);
- the floor, measured in the same run: a plain copy of the file (shutil.copyfile) and an encrypted online
  backup (the backup API, same key), which read or write every page once.
Prints the file size; rekey time grows with the file's pages, so a larger unit scales from these figures.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gridapp.core.permissions import Role  # noqa: E402
from gridapp.db import keystore  # noqa: E402
from gridapp.db.database import copy_online  # noqa: E402
from gridapp.demo import DemoGenerator  # noqa: E402
from gridapp.services.session import AppSession  # noqa: E402
from gridapp.services.users import UserService, create_installation  # noqa: E402

PW = "Measure-2026x"


def median_s(samples: list[float]) -> float:
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--residents", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=None, help="folder for the scratch files (default: a temp dir)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        path = folder / "rekey.sqlite3"
        t = time.perf_counter()
        inst = create_installation(path, unit_code="370303001", unit_name="基准街道", level="town",
                                   admin_name="bench", admin_password=PW)
        DemoGenerator(inst.db, seed=1).run(args.residents)
        users = UserService(inst.db, inst.principal)
        for i in range(args.runs):
            users.add(f"user{i}", PW, Role.VIEWER, "370303001")
        inst.db.close()
        print(f"built {args.residents:,} residents in {time.perf_counter() - t:.0f} s; "
              f"file {path.stat().st_size / 2**20:.0f} MiB")
        session = AppSession.login(path, "bench", PW, daily_backup=False)
        copy, backup, rekey, change = [], [], [], []
        try:
            for i in range(args.runs):
                t = time.perf_counter()
                shutil.copyfile(path, folder / "copy.sqlite3")
                copy.append(time.perf_counter() - t)
                t = time.perf_counter()
                copy_online(path, folder / f"backup{i}.sqlite3", session.db.key)
                backup.append(time.perf_counter() - t)
                (folder / f"backup{i}.sqlite3").unlink()
                t = time.perf_counter()
                session.db.rekey(keystore.new_data_key())  # the key only (the sidecar is not updated here)
                rekey.append(time.perf_counter() - t)
            # put the sidecar's key back in place so that the full change below starts from a consistent file
            kf = keystore.KeyFile.for_db(path)
            session.db.rekey(kf.unlock("bench", PW))
            for i in range(args.runs):
                u = session.users()
                t = time.perf_counter()
                u.set_disabled(f"user{i}", True)
                change.append(time.perf_counter() - t)
                assert u.key_change is not None
        finally:
            session.close()
        print(f"floor: file copy {median_s(copy):.2f} s, encrypted online backup {median_s(backup):.2f} s")
        print(f"PRAGMA rekey {median_s(rekey):.2f} s; whole key change (rekey + seals + audit + backup) "
              f"{median_s(change):.2f} s  (median of {args.runs})")


if __name__ == "__main__":
    main()
