"""Photos from phones (JPEG, PNG; HEIC through pillow-heif, a dependency), checked and made small on import:
at most MAX_INPUT bytes in, an image by its content (not its name), downscaled to at most MAX_SIDE pixels on
the longer side and recompressed as JPEG, with a thumbnail. Pillow (ReportLab's own dependency) does the work.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from gridapp.core.errors import NotFound, ValidationError
from gridapp.db.models import PhotoBlob

MAX_INPUT = 25 * 1024 * 1024  # a phone's photo is 2-8 MB; 25 MB leaves room, 200 MB is refused
MAX_SIDE = 2000
THUMB_SIDE = 240
QUALITY = 85
FORMATS = {"JPEG", "PNG", "HEIF", "MPO", "WEBP"}


@dataclass(frozen=True)
class PreparedPhoto:
    data: bytes  # JPEG
    thumb: bytes  # JPEG
    width: int
    height: int


def _open(content: bytes, label: str):
    from PIL import Image, UnidentifiedImageError

    try:  # HEIC/HEIF from iPhones, where the plug-in is installed
        from pillow_heif import register_heif_opener

        register_heif_opener()
    except ImportError:
        pass
    Image.MAX_IMAGE_PIXELS = 60_000_000  # a photo, not a decompression bomb
    try:
        img = Image.open(io.BytesIO(content))
        img.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        if content[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
            raise ValidationError(f"{label}是 HEIC 格式，本机不能读取：请在手机上改存为 JPEG 后再添加。",
                                  field=label) from exc
        raise ValidationError(f"{label}不是图片（支持 JPEG、PNG），请选择照片文件。", field=label) from exc
    if (img.format or "").upper() not in FORMATS:
        raise ValidationError(f"{label}的格式 {img.format} 不支持（支持 JPEG、PNG、HEIC）。", field=label)
    return img


def prepare_photo(content: bytes, label: str = "照片") -> PreparedPhoto:
    """The photo downscaled and recompressed, or ValidationError naming the rule (too large, not an image)."""
    from PIL import ImageOps

    if not content:
        raise ValidationError(f"{label}是空文件。", field=label)
    if len(content) > MAX_INPUT:
        raise ValidationError(f"{label}有 {len(content) / 1048576:.0f} MB，超过 {MAX_INPUT // 1048576} MB 的上限。",
                              field=label)
    img = _open(content, label)
    img = ImageOps.exif_transpose(img)  # upright as taken
    if img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    img.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=QUALITY, optimize=True)
    small = img.copy()
    small.thumbnail((THUMB_SIDE, THUMB_SIDE))
    thumb = io.BytesIO()
    small.save(thumb, "JPEG", quality=80)
    return PreparedPhoto(out.getvalue(), thumb.getvalue(), img.width, img.height)


def keep_blob(s: Any, photo: PreparedPhoto, sha: str) -> str:
    """Store a prepared photo's bytes once per content in `photo_blob` (sha = its JPEG's SHA-256), completing a
    row that came by sync for another record or event with what it misses; returns its thumbnail's SHA-256."""
    blob = s.get(PhotoBlob, sha)
    if blob is None:
        s.add(PhotoBlob(sha256=sha, thumb=photo.thumb, data=photo.data))
    else:  # the same bytes came by sync for another record or event: complete what is missing
        blob.thumb = blob.thumb or photo.thumb
        blob.data = blob.data or photo.data
    return hashlib.sha256(blob.thumb if blob is not None and blob.thumb else photo.thumb).hexdigest()


def blob_data(s: Any, sha: str) -> bytes:
    """A stored photo's JPEG (NotFound while only its thumbnail has come by sync)."""
    data = s.execute(select(PhotoBlob.data).where(PhotoBlob.sha256 == sha)).scalar()
    if data is None:
        raise NotFound("该照片的原图尚未同步到本机（已有缩略图），下次同步后再查看。")
    return data
