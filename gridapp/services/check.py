"""`check`: is the database file sound, its schema at head, and its change log consistent with its rows?"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import text

from gridapp.db.database import SCHEMA_HEAD, Database, current_revision
from gridapp.db.models import SYNCED_MODELS


@dataclass
class CheckResult:
    integrity: str = ""
    schema_revision: str | None = None
    schema_head: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


class CheckService:
    def __init__(self, db: Database):
        self.db = db

    def run(self) -> CheckResult:
        res = CheckResult(schema_head=SCHEMA_HEAD)
        res.schema_revision = current_revision(self.db.engine)
        if res.schema_revision != res.schema_head:
            res.problems.append(f"数据库结构版本 {res.schema_revision} 不是最新的 {res.schema_head}。")
        with self.db.engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
            res.integrity = "ok" if rows == ["ok"] else "; ".join(rows[:20])
            if rows != ["ok"]:
                res.problems.append(f"SQLite 完整性检查未通过：{res.integrity}")
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            if fk:
                res.problems.append(f"有 {len(fk)} 条记录的外键指向不存在的记录。")
            # this node's own sequence numbers are contiguous from 1 (apart from numbers a restore rolled
            # back, which are never reused), and the knowledge vector says so. Changes from other origins
            # arrive filtered by scope (a grid holds only its part of the town's changes), so gaps in their
            # sequences are normal and their knowledge is checked by sync.
            from sqlalchemy.orm import Session

            from gridapp.sync.changelog import skipped_ranges

            with Session(conn) as s:
                ranges = skipped_ranges(s)
            skipped = sum(b - a + 1 for a, b in ranges)
            for node, n, lo, hi in conn.exec_driver_sql(
                "SELECT node_id, count(*), min(node_seq), max(node_seq) FROM change_log WHERE node_id = ? "
                "GROUP BY node_id", (self.db.node_id,)
            ).all():
                # changes of a skipped range that came back from the parent after the restore are welcome
                inside = sum(conn.exec_driver_sql(
                    "SELECT count(*) FROM change_log WHERE node_id = ? AND node_seq BETWEEN ? AND ?",
                    (node, a, b)).scalar_one() for a, b in ranges)
                hi = max(hi, *(b for _, b in ranges)) if ranges else hi
                if hi != n - inside + skipped or (lo != 1 and not skipped):
                    res.problems.append(f"节点 {node} 的变更序号不连续（{n} 条，序号 {lo}–{hi}）。")
                known = conn.exec_driver_sql(
                    "SELECT max_seq FROM sync_knowledge WHERE origin_node = ?", (node,)).scalar()
                if known != hi:
                    res.problems.append(f"节点 {node} 的已知序号 {known} 与变更日志最大序号 {hi} 不一致。")
            for table in SYNCED_MODELS:
                # every row was written through the change log, and its clock is its newest change's
                missing = conn.execute(text(
                    f"SELECT count(*) FROM {table} r WHERE NOT EXISTS (SELECT 1 FROM change_log c "
                    "WHERE c.table_name = :t AND c.row_id = r.id)"), {"t": table}).scalar()
                if missing:
                    res.problems.append(f"表 {table} 有 {missing} 条记录没有变更日志。")
                stale = conn.execute(text(
                    f"SELECT count(*) FROM {table} r WHERE r.row_hlc != (SELECT max(c.hlc) FROM change_log c "
                    "WHERE c.table_name = :t AND c.row_id = r.id)"), {"t": table}).scalar()
                if stale:
                    res.problems.append(f"表 {table} 有 {stale} 条记录的时钟与其最新变更不一致。")
                orphans = conn.execute(text(
                    f"SELECT count(*) FROM change_log c WHERE c.table_name = :t AND NOT EXISTS "
                    f"(SELECT 1 FROM {table} r WHERE r.id = c.row_id)"), {"t": table}).scalar()
                if orphans:
                    res.problems.append(f"变更日志中有 {orphans} 条指向表 {table} 中不存在的记录。")
        from .audit import verify_chain

        chain = verify_chain(self.db)
        if not chain.ok:
            res.problems.append(f"审计日志哈希链断开：{chain.reason}")
        res.problems += self._anchor()
        return res

    def _anchor(self) -> list[str]:
        """The local chain against the head the parent last acknowledged (kept outside this file)."""
        import json

        from gridapp.db.models import Meta

        from .audit import ACKED_KEY, anchor_problem

        with self.db.read() as s:
            row = s.get(Meta, ACKED_KEY)
            if row is None:
                return []
            try:
                acked = json.loads(row.value)
            except ValueError:
                return ["上级确认的审计链头记录已损坏。"]
            problem = anchor_problem(s, self.db.node_id, acked)
        return [f"审计日志与上级已确认的链头不符：{problem}"] if problem else []
