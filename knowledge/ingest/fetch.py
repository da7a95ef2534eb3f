"""`/add <url>`: download a page with strict limits, checking every hop's address.

Each hop's host is resolved once, every address it resolves to is checked, and the request
then goes to a checked address (the Host header and TLS name stay the host's), so a DNS
answer that changes between the check and the connection cannot reach a private address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from knowledge.bounds import limit_of
from knowledge.ingest.document import Document, InputError
from knowledge.ingest.inflate import ACCEPTED, capped_body
from knowledge.ingest.limits import Limits, megabytes

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# "scheme:" right at the start, followed by something other than a space
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):(?=\S)")
# schemes that mark a line as an address even when it holds spaces ("data:text/html,<p>a b")
_KNOWN_SCHEMES = {"http", "https", "ftp", "ftps", "sftp", "file", "data", "javascript",
                  "vbscript", "blob", "about", "mailto", "tel", "ws", "wss", "gopher", "ldap",
                  "chrome", "view-source", "jar", "smb", "ssh", "telnet", "irc", "news", "nntp"}
_HEADERS = {"User-Agent": "ecobot/0.1 (+article fetcher)", "Accept": "text/html,*/*;q=0.8",
            "Accept-Encoding": ACCEPTED}


@dataclass(slots=True)
class Download:
    """A fetched body and what the last response said about it."""

    url: str
    body: bytes
    content_type: str
    charset: str | None


def looks_like_address(text: str) -> bool:
    """Whether pasted `text` is meant as an address (of any scheme) rather than an article.

    One line starting with "scheme:" directly followed by more: with no spaces at all
    ("javascript:alert(1)", "example.com:8080/news"), or with a known scheme ("data:…").
    """
    text = text.strip()
    found = _SCHEME.match(text)
    if found is None or "\n" in text:
        return False
    return not any(c.isspace() for c in text) or found.group(1).lower() in _KNOWN_SCHEMES


async def fetch_url(url: str, limits: Limits = Limits()) -> Document:
    """The article at `url` (HTML, PDF, DOCX or text), read like an upload.

    Only http and https; at most `limits.max_redirects` redirects, each hop checked; the
    whole fetch within `limits.fetch_timeout` seconds; the body at most `limits.max_bytes`.
    """
    from knowledge.ingest.readers import read_bytes

    url = url.strip()
    if len(url) > (longest := limit_of("article", "url")):
        raise InputError(url[:80] + "…", f"address longer than {longest} characters")
    try:
        async with asyncio.timeout(limits.fetch_timeout):
            got = await download(url, limits)
    except TimeoutError as exc:
        raise InputError(url, f"no answer within {limits.fetch_timeout:g} s") from exc
    path = httpx.URL(got.url).path
    name = path.rstrip("/").rsplit("/", 1)[-1] or "page"
    if got.content_type in ("text/html", "application/xhtml+xml") and not name.endswith(
            (".html", ".htm")):
        name += ".html"
    doc = await asyncio.to_thread(read_bytes, got.body, name, limits, charset=got.charset)
    doc.filename, doc.url = got.url, doc.url or got.url
    return doc


async def download(url: str, limits: Limits) -> Download:
    """The body at `url` after following (and checking) redirects; no overall timeout."""
    current = url
    for _hop in range(limits.max_redirects + 1):
        target = _parse(current, url)
        addresses = await resolve(target, url, limits)
        async with httpx.AsyncClient(follow_redirects=False, trust_env=False, headers=_HEADERS,
                                     timeout=httpx.Timeout(limits.fetch_timeout)) as client:
            try:
                got = await _get(client, target, addresses, url, limits)
            except httpx.TimeoutException as exc:
                raise InputError(url, f"no answer within {limits.fetch_timeout:g} s") from exc
            except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
                raise InputError(url, f"could not be fetched ({type(exc).__name__})") from exc
        if isinstance(got, Download):
            return got
        current = got
    raise InputError(url, f"more than {limits.max_redirects} redirects")


def _parse(current: str, url: str) -> httpx.URL:
    try:
        target = httpx.URL(current)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise InputError(url, "not a web address") from exc
    if target.scheme not in ("http", "https"):
        looks_like_host = "." in target.scheme or target.scheme == "localhost"  # host:port
        hint = f" (write http://{current.strip()} for a web page)" if looks_like_host else ""
        raise InputError(url, "only http and https addresses can be fetched" + hint)
    if not target.host:
        raise InputError(url, "not a web address")
    return target


async def resolve(target: httpx.URL, url: str, limits: Limits) -> list[str]:
    """The addresses of the URL's host; InputError when any is not public (unless allowed)."""
    port = target.port or (443 if target.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            target.raw_host.decode("ascii"), port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise InputError(url, "the host name does not resolve") from exc
    addresses = list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))
    if not addresses:
        raise InputError(url, "the host name does not resolve")
    if not limits.allow_private_addresses:
        for address in addresses:
            if not is_public(address):
                raise InputError(url, "refusing a private, loopback or link-local address "
                                      f"({target.host})")
    return addresses


def is_public(address: str) -> bool:
    """A global unicast address (IPv4 inside IPv6 judged as the IPv4 address it holds)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (
            ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None)
        if inner is not None and not is_public(str(inner)):
            return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


async def _get(client: httpx.AsyncClient, target: httpx.URL, addresses: list[str], url: str,
               limits: Limits) -> Download | str:
    """The body, or the next URL when the answer is a redirect. Tries each address in turn."""
    headers = {"Host": target.netloc.decode("ascii")}
    extensions = {"sni_hostname": target.raw_host.decode("ascii")} if (
        target.scheme == "https") else {}
    for i, address in enumerate(addresses):
        request = client.build_request("GET", target.copy_with(host=address), headers=headers,
                                       extensions=extensions)
        try:
            response = await client.send(request, stream=True)
        except httpx.ConnectError:
            if i == len(addresses) - 1:
                raise
            continue
        try:
            return await _body(response, target, url, limits)
        finally:
            await response.aclose()
    raise AssertionError("unreachable: addresses is never empty")


async def _body(response: httpx.Response, target: httpx.URL, url: str,
                limits: Limits) -> Download | str:
    if response.is_redirect:
        location = response.headers.get("location", "").strip()
        if not location:
            raise InputError(url, "redirect without a location")
        return urljoin(str(target), location)
    if response.status_code >= 400:
        raise InputError(url, f"the server answered {response.status_code}")
    too_big = f"page larger than {megabytes(limits.max_bytes)}"
    try:
        declared = int(response.headers.get("content-length") or 0)
    except ValueError:
        declared = 0
    if declared > limits.max_bytes:
        raise InputError(url, too_big)
    # raw bytes, decoded here: capped as they decode, one encoding layer at most
    body = await capped_body(response.aiter_raw(), response.headers.get("content-encoding", ""),
                             url, limits.max_bytes, too_big)
    content_type = response.headers.get("content-type", "")
    return Download(url=str(target), body=body,
                    content_type=content_type.split(";")[0].strip().lower(),
                    charset=_charset(content_type))


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip(' "\''):
            return value.strip(' "\'')
    return None
