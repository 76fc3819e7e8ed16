"""An area ledger's import (issue 14): a generated dispute ledger of N rows (python bench/area_ledger.py [ROWS])
checked (the preview: every row through DisputeService inside a transaction that is rolled back) and imported
(the same, committed in one transaction), against the floor: the same N disputes registered one by one through
the service, each in its own transaction (what N `disputes add` would do, without the start-up). Plain SQLite
in a temporary folder; generated data only."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.database import open_database
from gridapp.services.disputes import DisputeInput, DisputeLedger, DisputeService
from gridapp.services.units import UnitService

GRID = "370303001001001"


def database(path: Path):
    db = open_database(path, create=True)
    units = UnitService(db)
    units.initialise("370303001001", "和平社区", Level.COMMUNITY)
    units.add(GRID, "第1网格")
    return db


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    from openpyxl import Workbook

    day = dt.date.today() - dt.timedelta(days=3)
    worker = Principal("u1", "worker", Role.GRID_WORKER, GRID, display_name="网格员")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "纠纷.xlsx"
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("纠纷")
        ws.append(["纠纷名称", "发生日期", "地点", "纠纷类型", "规模", "涉及人数", "当事人"])
        for i in range(rows):
            ws.append([f"纠纷{i}", day, f"和平路{i % 300}号", "邻里", "个体", 2, "张某、李某"])
        wb.save(path)

        db = database(Path(tmp) / "a.sqlite3")
        ledger = DisputeLedger(db, worker)
        t = time.perf_counter()
        plan = ledger.prepare(path)
        checked = time.perf_counter() - t
        t = time.perf_counter()
        ledger.apply(plan)
        applied = time.perf_counter() - t
        assert plan.counts["accepted"] == rows, plan.refused[:3]

        floor_db = database(Path(tmp) / "b.sqlite3")
        svc = DisputeService(floor_db, worker)
        t = time.perf_counter()
        for i in range(rows):
            svc.register(DisputeInput(f"纠纷{i}", day, f"和平路{i % 300}号", "02", "01", 2, parties="张某、李某"))
        floor = time.perf_counter() - t
    print(f"{rows} rows: check (preview) {checked:.2f} s, import {applied:.2f} s; "
          f"floor (one service call and transaction per row) {floor:.2f} s")


if __name__ == "__main__":
    main()
