"""ZIP archives (of articles, and DOCX containers) opened with caps against zip bombs.

Sizes are checked twice: the sizes the archive declares, before anything is unpacked, and
the bytes really unpacked, counted while reading (declared sizes can lie).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterator

from knowledge.ingest.document import InputError
from knowledge.ingest.limits import Limits, megabytes

_EOCD = b"PK\x05\x06"
# Files a ZIP made on a Mac or Windows carries besides the articles.
_JUNK_NAMES = {"__MACOSX", "Thumbs.db", "desktop.ini"}


def too_big(limits: Limits) -> str:
    return f"unpacks to more than {megabytes(limits.max_unpacked_bytes)}"


def open_zip(data: bytes, filename: str, limits: Limits, max_entries: int | None = None,
             too_many: str | None = None) -> zipfile.ZipFile:
    """The archive, after checking its entry count and declared unpacked size.

    By default a ZIP of articles gets room for folders and junk files beside
    `limits.max_zip_files` (the cap on the articles themselves); a container (DOCX) passes
    its own `max_entries`, and `too_many` as the reason when there are more.
    """
    too_many = too_many or f"more than {max_entries or limits.max_zip_files} files inside"
    max_entries = max_entries or max(limits.max_zip_files * 5, 100)
    if _declared_entries(data) > max_entries:  # before zipfile parses a huge directory
        raise InputError(filename, too_many)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            struct.error, NotImplementedError) as exc:
        raise InputError(filename, "damaged ZIP file") from exc
    if len(infos) > max_entries:
        raise InputError(filename, too_many)
    if sum(i.file_size for i in infos) > limits.max_unpacked_bytes:
        raise InputError(filename, too_big(limits))
    return archive


def _declared_entries(data: bytes) -> int:
    """The entry count the end-of-directory record states (0 when it cannot be read)."""
    at = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if at < 0 or len(data) < at + 22:
        return 0
    return struct.unpack_from("<H", data, at + 10)[0]


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, limit: int,
                too_big: str) -> bytes:
    """A member's bytes, counted while unpacking; InputError(label, too_big) past `limit`."""
    if info.flag_bits & 0x1:
        raise InputError(label, "encrypted file in the ZIP (no password support)")
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(256 * 1024):
                out += chunk
                if len(out) > limit:
                    raise InputError(label, too_big)
    except InputError:
        raise  # (a ValueError too)
    except NotImplementedError as exc:
        raise InputError(label, "packed with a compression method that is not supported") from exc
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError, struct.error) as exc:
        raise InputError(label, "damaged file in the ZIP") from exc
    return bytes(out)


def unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters, ".." parts and NULs (whatever the slashes)."""
    parts = name.replace("\\", "/").split("/")
    return (name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]
            or "\x00" in name)


def _junk(name: str) -> bool:
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    return any(p in _JUNK_NAMES or (p.startswith(".") and p not in {".", ".."}) for p in parts)


def iter_members(data: bytes, filename: str,
                 limits: Limits) -> Iterator[tuple[str, bytes] | InputError]:
    """(path inside the ZIP, bytes) of each article file, in archive order.

    A bad member yields its InputError and the others go on. An archive that cannot be opened
    or has too many files raises InputError; one that unpacks past the cap although its
    declared sizes passed yields InputError(filename, ...) and ends.
    """
    archive = open_zip(data, filename, limits)
    files = [i for i in archive.infolist() if not i.is_dir() and not _junk(i.filename)]
    if not files:
        raise InputError(filename, "ZIP file with no files in it")
    if len(files) > limits.max_zip_files:
        raise InputError(filename, f"more than {limits.max_zip_files} files inside")
    unpacked = 0
    for info in files:
        name = info.filename
        label = f"{filename}/{name}"
        if unsafe_name(name):
            yield InputError(label, "unsafe path inside the ZIP")
            continue
        if info.file_size > limits.max_bytes:
            yield InputError(label, f"file larger than {megabytes(limits.max_bytes)}")
            continue
        left = limits.max_unpacked_bytes - unpacked
        try:
            content = read_member(archive, info, label, min(left, limits.max_bytes),
                                  f"file larger than {megabytes(limits.max_bytes)}")
        except InputError as exc:
            if exc.reason.startswith("file larger") and left < limits.max_bytes:
                yield InputError(filename, too_big(limits))  # declared sizes lied: stop here
                return
            yield exc
            continue
        unpacked += len(content)
        yield name, content
