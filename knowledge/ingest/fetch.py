"""`/add <url>`: download a page with strict limits, checking every hop's address."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from knowledge.ingest.document import Document, InputError
from knowledge.ingest.limits import Limits


async def _check_host(url: str, limits: Limits) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(url, "only http and https addresses can be fetched")
    if not parts.hostname:
        raise InputError(url, "not a web address")
    if limits.allow_private_addresses:
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(url, "the host name does not resolve") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise InputError(url, "refusing a private, loopback or link-local address")


async def fetch_url(url: str, limits: Limits) -> Document:
    """The article at `url` (HTML, PDF, DOCX or text), read like an upload."""
    from knowledge.ingest import read_bytes

    current = url.strip()
    timeout = httpx.Timeout(limits.fetch_timeout)
    async with httpx.AsyncClient(follow_redirects=False, timeout=timeout, trust_env=False,
                                 headers={"User-Agent": "ecobot/0.1 (+article fetcher)"}) as client:
        for _hop in range(limits.max_redirects + 1):
            await _check_host(current, limits)
            try:
                async with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise InputError(url, "redirect without a location")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise InputError(url, f"the server answered {response.status_code}")
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > limits.max_bytes:
                        raise InputError(url, "page larger than the upload limit")
                    body = bytearray()
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) > limits.max_bytes:
                            raise InputError(url, "page larger than the upload limit")
                    kind = response.headers.get("content-type", "").split(";")[0].strip()
            except httpx.TimeoutException as exc:
                raise InputError(url, f"no answer within {limits.fetch_timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise InputError(url, f"could not be fetched ({type(exc).__name__})") from exc
            name = urlsplit(current).path.rsplit("/", 1)[-1] or "page"
            if kind == "text/html" and not name.endswith((".html", ".htm")):
                name += ".html"
            doc = read_bytes(bytes(body), name, limits)
            doc.filename, doc.url = current, doc.url or current
            return doc
    raise InputError(url, f"more than {limits.max_redirects} redirects")
