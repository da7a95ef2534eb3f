"""HTML pages: the article's main text via trafilatura; lxml for the fallbacks.

Scripts, styles and other invisible parts never reach the text: trafilatura drops them, and
every fallback reads a tree they were removed from first.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy

import lxml.html
import trafilatura
from lxml import etree

from knowledge.ingest.document import Document, InputError
from knowledge.ingest.limits import Limits
from knowledge.ingest.text import clean

log = logging.getLogger(__name__)
logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it logs every page it finds empty

MAX_DEPTH = 255  # elements libxml2 nests before it stops reading the page
_CODE = ("script", "style", "noscript", "template")
_INVISIBLE = ("script", "iframe", "object", "embed", "svg", "math", "canvas", "head", "title",
              "meta", "link", "button", "select")
_BLOCK = {"p", "div", "br", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
          "article", "aside", "blockquote", "pre", "header", "footer", "main", "figure",
          "figcaption", "table", "ul", "ol", "hr", "address", "form", "fieldset", "details"}


def read_html(source: str, filename: str, limits: Limits) -> Document:
    """Main text, title, date, URL and site name of an HTML page."""
    root = _parse(source, filename)
    if root is not None:
        _drop(root, _CODE, keep_json=True)
    # trafilatura reads a copy without code (JSON-LD metadata stays: it is data, not code)
    found = _trafilatura(deepcopy(root) if root is not None else source)
    text = (found.text or "") if found is not None else ""
    title = (found.title if found is not None else None) or (
        _title(root) if root is not None else None)
    paragraphs, scoped = "", False
    if root is not None:
        _drop(root, _INVISIBLE)
        scoped = bool(root.xpath("//article|//main"))
        paragraphs = _paragraph_text(root)
    # trafilatura sometimes drops a short lead paragraph (a dateline); when the <p>s of the
    # page's <article> or <main> hold clearly more words, they are the better text
    if (scoped or not text.strip()) and len(paragraphs.split()) > 1.15 * len(text.split()):
        text = paragraphs
    if not text.strip() and root is not None:
        text = _block_text(root)
    return Document(filename=filename, text=clean(text, filename, limits, "no text in the page"),
                    format="html", title=title or None,
                    url=getattr(found, "url", None) or None,
                    published=getattr(found, "date", None) or None,
                    source=getattr(found, "sitename", None) or None)


def visible_text(fragment: str, filename: str = "HTML") -> str:
    """The text a browser would show for an HTML fragment (no scripts, styles or tags)."""
    root = _parse(fragment, filename)
    if root is None:
        return ""
    _drop(root, _CODE + _INVISIBLE)
    return _block_text(root)


# Dates from the page's metadata only (meta tags, JSON-LD, <time>, the URL): the extensive
# search reads free text and turns a footer's "© 2025" into 1 January 2025 (issue 13, bug 4).
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


def _trafilatura(source: str | lxml.html.HtmlElement) -> trafilatura.settings.Document | None:
    try:
        return trafilatura.bare_extraction(source, with_metadata=True, include_comments=False,
                                           include_tables=False, favor_recall=True,
                                           date_extraction_params=_DATE_PARAMS)
    except Exception:  # a third-party parser on untrusted input: the fallbacks take over
        log.warning("trafilatura failed on a page", exc_info=True)
        return None


# Code elements are cut out of the source before parsing: malformed markup around them
# (`<word <script>…`) can make a parser read their content as text. Linear: each search for a
# closing tag either moves past it or proves there is none further on.
_CODE_OPEN = re.compile(r"<(script|style|noscript|template)\b([^>]*)>", re.IGNORECASE)
_CODE_CLOSE = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE)
               for tag in ("script", "style", "noscript", "template")}


def _strip_code(source: str) -> str:
    parts: list[str] = []
    done = 0
    unclosed: set[str] = set()
    position = 0
    while (opening := _CODE_OPEN.search(source, position)) is not None:
        tag = opening.group(1).lower()
        position = opening.end()
        if tag in unclosed or (tag == "script" and "ld+json" in opening.group(2).lower()):
            continue  # JSON-LD is data (headline, date), read later, never shown
        closing = _CODE_CLOSE[tag].search(source, position)
        if closing is None:
            unclosed.add(tag)
            continue
        parts += [source[done:opening.start()], " "]
        done = position = closing.end()
    return "".join(parts) + source[done:]


# characters XML cannot hold: lxml refuses them when text moves between elements
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _parse(source: str, filename: str) -> lxml.html.HtmlElement | None:
    """The page's tree; InputError when it nests deeper than libxml2 reads (everything past
    that depth, to the end of the page, would be silently lost)."""
    source = _NOT_XML.sub(" ", _strip_code(source))
    # bytes and an explicit encoding: lxml refuses str input that declares its own encoding
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(source.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    if any("Excessive depth" in error.message for error in parser.error_log):
        raise InputError(filename, f"HTML nested more than {MAX_DEPTH} levels deep; "
                                   "the text inside cannot be read")
    return root


def _drop(root: lxml.html.HtmlElement, tags: tuple[str, ...], keep_json: bool = False) -> None:
    for element in list(root.iter(*tags)):
        if keep_json and element.tag == "script" and (
                element.get("type") or "").strip().lower() == "application/ld+json":
            continue  # structured data (headline, date), never executed or shown
        if element.getparent() is not None:
            element.drop_tree()  # keeps the tail text, which is visible


def _title(root: lxml.html.HtmlElement) -> str | None:
    for path in ("//title", "//h1"):
        for element in root.xpath(path):
            text = " ".join(element.text_content().split())
            if text:
                return text
    return None


def _paragraph_text(root: lxml.html.HtmlElement) -> str:
    """The text of the <p> elements of the page's <article> (or <main>, or whole page)."""
    scope = (root.xpath("//article") or root.xpath("//main") or [root])[0]
    return "\n\n".join(" ".join(p.text_content().split()) for p in scope.iter("p")
                       if p.text_content().strip())


def _block_text(root: lxml.html.HtmlElement) -> str:
    """All visible text, a line break around each block element."""
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        if event == "start":
            if element.tag in _BLOCK:
                parts.append("\n")
            if element.text:
                parts.append(element.text)
        else:
            if element.tag in _BLOCK:
                parts.append("\n")
            if element.tail and element is not root:
                parts.append(element.tail)
    return "".join(parts)
