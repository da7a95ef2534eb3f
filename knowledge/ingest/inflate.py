"""A response body read with its size capped after decoding, in bounded steps.

httpx would decode each chunk whole (a few KB of gzip can become gigabytes in one call) and
apply any number of stacked `Content-Encoding` layers. Here the raw bytes are read, at most
one layer (gzip or deflate) is undone, each step yields at most `STEP` decoded bytes with the
event loop free in between, and reading stops as soon as the decoded total passes the cap.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterator

from knowledge.ingest.document import InputError

STEP = 64 * 1024  # decoded bytes per step; the event loop runs between steps
ACCEPTED = "gzip, deflate"  # what the fetcher asks for, and all it decodes
_IDENTITY = {"", "identity"}


def decoder_for(content_encoding: str, url: str) -> _Inflater | None:
    """The decoder for a response's `Content-Encoding` (None: the body is not encoded)."""
    layers = [c.strip().lower() for c in content_encoding.split(",")]
    layers = [c for c in layers if c not in _IDENTITY]
    if not layers:
        return None
    if len(layers) > 1:
        raise InputError(url, f"refusing a page encoded {len(layers)} times over "
                              f"({', '.join(layers)}); one content encoding at most")
    if layers[0] in ("gzip", "x-gzip"):
        return _Inflater(zlib.MAX_WBITS | 16)
    if layers[0] == "deflate":
        return _Inflater(zlib.MAX_WBITS, raw_fallback=True)
    raise InputError(url, f"the page's content encoding ({layers[0]}) is not supported")


class _Inflater:
    """gzip (several members too) or deflate (zlib-wrapped or raw), in bounded steps."""

    def __init__(self, wbits: int, raw_fallback: bool = False) -> None:
        self._wbits = wbits
        self._raw_fallback = raw_fallback
        self._inflate = zlib.decompressobj(wbits)
        self._ended = False

    def decode(self, data: bytes) -> tuple[bytes, bytes]:
        """At most STEP decoded bytes of `data`, and the input still to decode after them
        (bytes after the end of the stream that start no new gzip member are dropped)."""
        if self._ended:
            return b"", b""
        try:
            out = self._inflate.decompress(data, STEP)
        except zlib.error:
            if not self._raw_fallback:
                raise
            self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent unwrapped
            out = self._inflate.decompress(data, STEP)
        self._raw_fallback = False
        if not self._inflate.eof:
            return out, self._inflate.unconsumed_tail
        rest = self._inflate.unused_data
        if rest.startswith(b"\x1f\x8b") and self._wbits & 16:  # the next gzip member
            self._inflate = zlib.decompressobj(self._wbits)
            return out, rest
        self._ended = True
        return out, b""


async def capped_body(raw: AsyncIterator[bytes], content_encoding: str, url: str,
                      max_bytes: int, too_big: str) -> bytes:
    """The decoded body of raw chunks; InputError(`too_big`) past `max_bytes` decoded (or
    raw) bytes, a clear InputError for stacked, unknown or broken encodings."""
    inflater = decoder_for(content_encoding, url)
    body = bytearray()
    wire = 0
    async for chunk in raw:
        wire += len(chunk)
        if wire > max_bytes:
            raise InputError(url, too_big)
        if inflater is None:
            body += chunk
            continue
        rest = chunk
        while rest:
            try:
                out, left = inflater.decode(rest)
            except zlib.error as exc:
                raise InputError(url, "the page's compressed data is damaged") from exc
            body += out
            if len(body) > max_bytes:
                raise InputError(url, too_big)
            if not out and left == rest:  # no progress: nothing more to decode here
                break
            rest = left
            await asyncio.sleep(0)  # the deadline (asyncio.timeout) can fire here
    return bytes(body)
