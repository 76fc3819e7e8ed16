"""Write the golden sync packages of this release (run once per package format; commit the output).

    python tests/sync/golden/make_golden.py

Later releases must still import these files (tests/sync/test_golden.py). The keys are fixed test keys,
stored next to the packages; they protect nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent.parent))

from gridapp.db.database import open_database  # noqa: E402
from gridapp.db.models import Building, Household, Resident  # noqa: E402
from gridapp.services.sync import SyncService  # noqa: E402
from gridapp.services.units import UnitService  # noqa: E402
from gridapp.sync.changelog import ChangeWriter  # noqa: E402

IDENTITIES = {
    "grid": {"node_id": "601d0000000000a1", "unit": "370303001001001", "name": "和平一网格", "level": "grid",
             "sign": "11" * 32, "box": "22" * 32},
    "community": {"node_id": "601d0000000000b2", "unit": "370303001001", "name": "和平社区",
                  "level": "community", "sign": "33" * 32, "box": "44" * 32},
}


def make_db(folder: Path, who: str):
    ident = IDENTITIES[who]
    path = folder / f"{who}.sqlite3"
    open_database(path, create=True).close()
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE meta SET value = ? WHERE key = 'node_id'", (ident["node_id"],))
        con.execute("INSERT INTO meta (key, value) VALUES ('sync_sign_key', ?), ('sync_box_key', ?)",
                    (ident["sign"], ident["box"]))
    con.close()
    db = open_database(path)
    UnitService(db).initialise(ident["unit"], ident["name"], ident["level"])
    return db


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        grid, comm = make_db(folder, "grid"), make_db(folder, "community")
        SyncService(grid).make_request(folder / "g.req")
        SyncService(comm).enrol(folder / "g.req", folder / "g.cert")
        SyncService(grid).accept(folder / "g.cert")
        with grid.write() as s:
            w = ChangeWriter(grid, s)
            b = w.insert(Building, {"name": "1号楼", "unit_code": "370303001001001", "floors": 6})
            h = w.insert(Household, {"building_id": b, "address": "和平路1号1单元101", "unit_code": "370303001001001"})
            r = w.insert(Resident, {"household_id": h, "id_number": "11010519491231002X", "name": "张三",
                                    "gender": "2", "birth_date": dt.date(1949, 12, 31), "relation_to_head": "02",
                                    "unit_code": "370303001001001"})
            w.update(Resident, r, {"phone": "13800000000"})
            gone = w.insert(Building, {"name": "临时板房", "unit_code": "370303001001001"})
            w.delete(Building, gone)
        SyncService(grid).export("370303001001", HERE / "v1-grid-to-community.gridpkg")
        (HERE / "identities.json").write_text(json.dumps(IDENTITIES, ensure_ascii=False, indent=1) + "\n")
        grid.close()
        comm.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
