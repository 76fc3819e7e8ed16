"""Ledger reading: what bounding the sheet's extent (ledger.check_extent, issue 11) costs against the reader
itself, on a generated 5-column ledger (python bench/ledger_read.py [ROWS]); and how fast a crafted workbook
naming a cell at XFD1048576 is refused. Generated data only."""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from gridapp.core.idnumber import make_id
from gridapp.services.ledger import LedgerService, check_extent


def ledger(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("居民")
    ws.append(["网格编码", "姓名", "公民身份号码", "联系电话", "现住址"])
    base = dt.date(1950, 1, 1)
    for i in range(rows):
        ws.append(["370303001001001", f"居民{i}", make_id("370303", base + dt.timedelta(days=i % 25000), i % 1000),
                   f"139{i:08d}", f"人民路{i % 300}号"])
    wb.save(path)


def best(fn, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    import python_calamine as calamine

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.xlsx"
        ledger(path, rows)

        def read() -> None:
            wb = calamine.CalamineWorkbook.from_path(str(path))
            for _ in wb.get_sheet_by_name(wb.sheet_names[0]).iter_rows():
                pass

        def inflate() -> None:  # the least any look at the sheet's cells costs: decompressing its XML
            import zipfile

            with zipfile.ZipFile(path) as z, z.open("xl/worksheets/sheet1.xml") as f:
                while f.read(1 << 22):
                    pass

        t_inflate = best(inflate)
        t_read = best(read)
        t_check = best(lambda: check_extent(path))
        t_all = best(lambda: LedgerService._read(path))
        print(f"{rows} rows, {path.stat().st_size / 1e6:.1f} MB: calamine read (floor) {t_read:.2f} s, "
              f"extent check {t_check:.2f} s ({t_check / t_read:.0%} of the floor; decompressing the sheet alone "
              f"{t_inflate:.2f} s), "
              f"LedgerService._read with the check {t_all:.2f} s")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.services.test_ledger_field import crafted  # the same crafted file as the test

        far = crafted(Path(tmp) / "far.xlsx", "XFD1048576", dimension="A1:XFD1048576")
        t = time.perf_counter()
        try:
            LedgerService._read(far)
        except Exception as exc:
            print(f"crafted {far.stat().st_size} B workbook naming XFD1048576 refused in "
                  f"{(time.perf_counter() - t) * 1000:.1f} ms: {exc}")


if __name__ == "__main__":
    main()
