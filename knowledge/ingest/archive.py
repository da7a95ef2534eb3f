"""ZIP archives (of articles, and DOCX containers) opened with caps against zip bombs."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from knowledge.ingest.document import InputError
from knowledge.ingest.limits import Limits


def open_zip(data: bytes, filename: str, limits: Limits) -> zipfile.ZipFile:
    """The archive, after checking member count and declared sizes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(filename, "damaged ZIP file") from exc
    if len(infos) > limits.max_zip_files * 5:
        raise InputError(filename, f"more than {limits.max_zip_files} files inside")
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_unpacked_bytes:
        raise InputError(filename, f"unpacks to more than "
                                   f"{limits.max_unpacked_bytes // (1024 * 1024)} MB")
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str,
                limit: int) -> bytes:
    """A member's bytes, counting what is really unpacked (declared sizes can lie)."""
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(64 * 1024):
                out += chunk
                if len(out) > limit:
                    raise InputError(filename, f"unpacks to more than "
                                               f"{limit // (1024 * 1024)} MB")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as exc:
        raise InputError(filename, f"damaged or encrypted member {info.filename!r}") from exc
    return bytes(out)


def iter_members(data: bytes, filename: str,
                 limits: Limits) -> Iterator[tuple[str, bytes] | InputError]:
    """(name, bytes) of each article file in a ZIP; a bad member yields its error, not a stop."""
    archive = open_zip(data, filename, limits)
    files = [i for i in archive.infolist() if not i.is_dir()
             and not i.filename.startswith("__MACOSX/")
             and not i.filename.rsplit("/", 1)[-1].startswith(".")]
    if not files:
        raise InputError(filename, "ZIP file with no files in it")
    if len(files) > limits.max_zip_files:
        raise InputError(filename, f"more than {limits.max_zip_files} files inside")
    budget = limits.max_unpacked_bytes
    for info in files:
        name = info.filename
        label = f"{filename}/{name}"
        if name.startswith("/") or ".." in name.split("/") or ":" in name.split("/")[0]:
            yield InputError(label, "unsafe path inside the ZIP")
            continue
        if info.file_size > limits.max_bytes:
            yield InputError(label, f"file larger than {limits.max_bytes // (1024 * 1024)} MB")
            continue
        try:
            content = read_member(archive, info, label, min(budget, limits.max_bytes))
        except InputError as exc:
            yield exc
            continue
        budget -= len(content)
        yield name.rsplit("/", 1)[-1], content
