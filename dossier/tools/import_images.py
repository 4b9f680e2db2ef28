"""An imported article's images, copied next to it: never linked from the
publisher's server.

A saved page's images come from the folder the browser saved beside it (an
address outside that folder is not followed); a page imported from its
address has its images downloaded with the same limits as the page. Only
JPEG, PNG, GIF and WebP files, recognised by their first bytes, are kept;
every image left out is reported.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import urllib.parse
from pathlib import Path

from dossier.tools import import_fetch
from dossier.tools.import_errors import ImportRefused
from dossier.tools.import_extract import Block

IMAGES_DIR = "images"  # under docs/articles/: images/<slug>/<name>
MAX_IMAGE_BYTES = 8 * 1024 * 1024
_KINDS = (
    (b"\xff\xd8\xff", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
)
_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclasses.dataclass
class Placed:
    blocks: list[Block]  # image blocks' src now the copy's path, from the article
    files: dict[Path, bytes]  # what to write, under docs/articles/
    left_out: list[tuple[int, str]]  # (line, why)


def image_kind(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return next((ext for magic, ext in _KINDS if data.startswith(magic)), None)


def _from_folder(src: str, folder: Path) -> bytes:
    if "://" in src or src.startswith("//"):
        raise ImportRefused("an address on another server, not in the saved page's folder")
    path = (folder / urllib.parse.unquote(src.split("?")[0].split("#")[0])).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        raise ImportRefused("not found beside the saved page")
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise ImportRefused(f"larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB")
    return path.read_bytes()


def _from_address(src: str, page_url: str, timeout: float) -> bytes:
    address = urllib.parse.urljoin(page_url, src)
    fetched = import_fetch.fetch(address, timeout, MAX_IMAGE_BYTES, accept="image/")
    return fetched.data


def place(
    blocks: list[Block],
    slug: str,
    *,
    folder: Path | None = None,
    page_url: str | None = None,
    timeout: float = import_fetch.TIMEOUT,
) -> Placed:
    """Copy each image block's file beside the article, or leave the block out."""
    kept: list[Block] = []
    files: dict[Path, bytes] = {}
    left_out: list[tuple[int, str]] = []
    for block in blocks:
        if block.kind != "image":
            kept.append(block)
            continue
        try:
            if page_url:
                data = _from_address(block.src, page_url, timeout)
            elif folder is not None:
                data = _from_folder(block.src, folder)
            else:
                raise ImportRefused("no saved folder to copy it from")
        except ImportRefused as why:
            left_out.append((block.line, f"image {block.src[:80]} left out: {why}"))
            continue
        kind = image_kind(data)
        if kind is None:
            left_out.append((block.line, f"image {block.src[:80]} left out: not a JPEG, PNG, "
                             "GIF or WebP file"))  # fmt: skip
            continue
        stem = _SAFE.sub("-", Path(urllib.parse.urlsplit(block.src).path).stem).strip("-")
        name = f"{stem[:40] or 'image'}-{hashlib.sha256(data).hexdigest()[:8]}{kind}"
        relative = Path(IMAGES_DIR) / slug / name
        files[relative] = data
        kept.append(dataclasses.replace(block, src=relative.as_posix()))
    return Placed(kept, files, left_out)
