"""`visits photo add|list|get` and `projects photo add|list|get`: the photos of a police visit (入户走访) or a
八小工程 record. The service decides who may add (who may record the record, in scope) and read; it downscales
and recompresses the file (JPEG/PNG/HEIC) and refuses what is no image or too large, writing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gridapp.cli.context import EXIT_OK, Context
from gridapp.cli.options import arg, command, group, listing, record_id


def register(sub: Any, area: str, record: str, service: str) -> None:
    """The `photo` group under an area's commands: `record` names its record in help and messages, `service`
    the AppSession method giving its service (with add_photo, photos, photo)."""
    ph = group(sub, "photo", f"{record}的照片：添加、列出、取出", f"{area}_photo_command")
    command(ph, "add", f"给一条{record}添加照片（JPEG/PNG/HEIC，缩到 2000 像素以内重新压缩后存入数据库）", _add,
            record_id(f"{record} id"), arg("file", type=Path, help="照片文件"), service=service, record=record)
    command(ph, "list", f"列出一条{record}的照片（先加的在前）", _list, record_id(f"{record} id"),
            service=service, record=record)
    command(ph, "get", "把一张照片存为 JPEG 文件", _get, record_id(f"{record} id"),
            arg("photo_id", help="照片 id（photo list 列出）"), arg("out", type=Path, help="输出的 JPEG 文件"),
            service=service, record=record)


def _read(path: Path) -> bytes:
    """The file's bytes; one larger than a photo may be is refused by its size without reading it whole."""
    from gridapp.core.errors import ValidationError
    from gridapp.services.photos import MAX_INPUT

    if path.is_dir():
        raise ValidationError(f"“{path}”是一个文件夹，请给出照片文件。", field="照片")
    size = path.stat().st_size
    if size > MAX_INPUT:
        raise ValidationError(f"照片“{path.name}”有 {size / 1048576:.0f} MB，超过 {MAX_INPUT // 1048576} MB 的上限。",
                              field="照片")
    return path.read_bytes()


def _dict(p: Any) -> dict[str, Any]:
    return {"id": p.id, "added_on": p.added_on.isoformat(), "added_by": p.added_by, "width": p.width,
            "height": p.height, "thumbnail": bool(p.thumb)}


def _line(p: Any) -> str:
    return f"{p.id}\t{p.added_on}\t{p.added_by}\t{p.width}×{p.height}"


def _add(ctx: Context) -> int:
    args = ctx.args
    content = _read(args.file)  # before signing in: a missing or oversized file costs nothing
    with ctx.session() as session:
        svc = getattr(session, args.service)()
        pid = svc.add_photo(args.id, content)
        view = next(p for p in svc.photos(args.id) if p.id == pid)
    ctx.out(_dict(view), f"已给{args.record} {args.id} 添加照片 {pid}（{view.width}×{view.height}）")
    return EXIT_OK


def _list(ctx: Context) -> int:
    with ctx.session() as session:
        photos = getattr(session, ctx.args.service)().photos(ctx.args.id)
    return listing(ctx, "photos", photos, _line, f"这条{ctx.args.record}没有照片。", as_dict=_dict)


def _get(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        jpeg = getattr(session, args.service)().photo(args.id, args.photo_id)
    args.out.write_bytes(jpeg)
    ctx.out({"id": args.photo_id, "out": str(args.out), "bytes": len(jpeg)},
            f"已把照片 {args.photo_id} 存为 {args.out}（{len(jpeg) / 1024:.0f} KB）")
    return EXIT_OK
