"""Event photos in sync packages (issue 15): a grid with 500 photos (25 events × 20) sends them to its community.

    python bench/photo_sync.py [--photos 500] [--kb 400]

Each photo is `--kb` KB of incompressible bytes (a 2000 px phone JPEG recompressed at quality 85 is 300-800 KB)
with an 8 KB thumbnail. Prints, for each package until every full image has arrived: its size, the photo items it
carried, the export and import time, and the peak Python memory (tracemalloc) of the export and of the import.
The floor, measured in the same run: reading the same bytes from the grid's photo_blob table (what any export
must at least read) and its peak memory, and a plain write of the package bytes to disk.

Figures (2026-12-05, shared 2-core machine, 500 photos × 400 KB = 199 MB; floor: reading them 0.31 s, peak 199 MB):
package 1 27.8 MB (500 thumbnails + 61 full images, 576 changes), export 1.6 s / import 1.5 s, peak 113 MB each;
then 7 packages of 23.8 MB (61 full images each, export ~1 s, import ~1.1 s, peak 95 MB) and a last of 4.7 MB:
the whole set arrives in 9 exchanges, never more than ~115 MB of memory for any package (before the budget, one
package held all 199 MB at least once in memory, several times over through encryption).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", type=int, default=500)
    ap.add_argument("--kb", type=int, default=400)
    args = ap.parse_args()

    import hashlib

    from sqlalchemy import select

    from gridapp.core.ids import stable_id
    from gridapp.core.permissions import Principal, Role
    from gridapp.db.database import open_database
    from gridapp.db.models import EventPhoto, PhotoBlob
    from gridapp.services.events import EventInput, EventService
    from gridapp.sync.changelog import ChangeWriter
    from tests.sync.nodes import C1, G1, make_tree

    tmp = Path(tempfile.mkdtemp(prefix="photo-bench-"))
    template = tmp / "template.sqlite3"
    open_database(template, create=True).close()
    import sqlite3

    con = sqlite3.connect(template)
    with con:
        con.execute("DELETE FROM meta")
    con.close()
    nodes = make_tree(template, tmp, codes=(C1, G1))
    grid, comm = nodes[G1], nodes[C1]
    day = dt.date(2026, 11, 30)
    worker = EventService(grid.db, Principal("w", "w", Role.GRID_WORKER, G1, display_name="网格员"), today=day)
    per_event = 20
    events = [worker.report(EventInput(class_code="05", title=f"事件{i}", description="现场", place="幸福街",
                                       found_on=day)) for i in range((args.photos + per_event - 1) // per_event)]
    with grid.db.write() as s:
        w = ChangeWriter(grid.db, s)
        for i in range(args.photos):
            data, thumb = os.urandom(args.kb * 1024), os.urandom(8 * 1024)
            sha = hashlib.sha256(data).hexdigest()
            eid = events[i // per_event]
            s.add(PhotoBlob(sha256=sha, thumb=thumb, data=data))
            w.insert(EventPhoto, {"id": stable_id("event_photo", f"{eid}:{sha}"), "unit_code": G1, "event_id": eid,
                                  "added_on": day, "added_by": "网格员", "width": 2000, "height": 1500, "sha256": sha,
                                  "thumb_sha256": hashlib.sha256(thumb).hexdigest(), "size": len(data)})
    # floor: read every byte once
    tracemalloc.start()
    t = time.perf_counter()
    with grid.db.read() as s:
        total = sum(len(d) + len(th) for d, th in s.execute(select(PhotoBlob.data, PhotoBlob.thumb)).tuples())
    floor_read = time.perf_counter() - t
    floor_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{args.photos} photos, {total / 1048576:.1f} MB in all; floor: read them {floor_read:.2f} s, "
          f"peak {floor_peak / 1048576:.1f} MB")
    n = 0
    while True:
        path = tmp / f"up-{n}.gridpkg"
        tracemalloc.start()
        t = time.perf_counter()
        ex = grid.sync.export(C1, path)
        t_ex = time.perf_counter() - t
        peak_ex = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        t = time.perf_counter()
        shutil.copy(path, tmp / "copy.bin")
        t_copy = time.perf_counter() - t
        tracemalloc.start()
        t = time.perf_counter()
        (res,) = comm.sync.import_files([path])
        t_im = time.perf_counter() - t
        peak_im = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"package {n + 1}: {ex.bytes / 1048576:.1f} MB, {ex.photos} photo items, {ex.changes} changes; "
              f"export {t_ex:.2f} s (peak {peak_ex / 1048576:.0f} MB), import {t_im:.2f} s "
              f"(peak {peak_im / 1048576:.0f} MB, stored {res.photos}); plain copy of the file {t_copy:.2f} s")
        back = tmp / f"down-{n}.gridpkg"
        comm.sync.export(G1, back)  # says what the community still lacks
        grid.sync.import_files([back])
        with comm.db.read() as s:
            missing = s.execute(select(PhotoBlob).where(PhotoBlob.data.is_(None))).first()
        n += 1
        if (missing is None and res.photos == 0) or n > 40:
            break
    for node in nodes.values():
        node.close()
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
