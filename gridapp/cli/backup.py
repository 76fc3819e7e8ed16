"""`backup` and `restore`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gridapp.cli.context import EXIT_OK, Context
from gridapp.cli.options import arg, command
from gridapp.core.permissions import Perm


def register(sub: Any) -> None:
    command(sub, "backup", "立即备份数据库（加密数据库的备份同样加密）", backup_,
            arg("--out", type=Path, help="备份文件（默认：数据库旁的 backups 文件夹）"))
    command(sub, "restore", "检查备份后，用它恢复数据库（恢复前先保存当前数据库的副本）", restore_,
            arg("file", type=Path, help="备份文件"))
    command(sub, "clean-photos", "清理不再使用的照片：照片或其记录删除满指定天数后删除其图片数据（每日自动备份后也会清理）",
            clean_photos_, arg("--days", type=int, default=None, help="删除满多少天后清理（默认 30）"),
            arg("--dry-run", action="store_true", help="只统计，不删除"))


def backup_(ctx: Context) -> int:
    with ctx.session() as session:
        ctx.need(session, Perm.BACKUP)
        made = session.backups().make("manual", out=ctx.args.out)
        encrypted = session.db.encrypted
    ctx.out({"backup": str(made), "encrypted": encrypted, "bytes": made.stat().st_size},
            f"已备份到 {made}" + ("（已加密）" if encrypted else ""))
    return EXIT_OK


def restore_(ctx: Context) -> int:
    with ctx.session() as session:
        ctx.need(session, Perm.BACKUP)
        result = session.restore(ctx.args.file)
    ctx.out(result.as_dict(),
            f"已从 {ctx.args.file} 恢复（单位 {result.unit_code}，居民 {result.residents} 人）；恢复前的数据库已另存到 backups 文件夹。")
    return EXIT_OK


def clean_photos_(ctx: Context) -> int:
    with ctx.session() as session:
        ctx.need(session, Perm.BACKUP)
        swept = session.backups().clean_photos(ctx.args.days, dry_run=ctx.args.dry_run)
    verb = "可清理" if ctx.args.dry_run else "已清理"
    ctx.out(swept.as_dict(),
            f"{verb}不再使用的照片 {swept.blobs} 张（{swept.bytes / 1048576:.1f} MB）；"
            f"删除不满 {swept.days} 天的照片 {swept.kept_recent} 张暂时保留。")
    return EXIT_OK
