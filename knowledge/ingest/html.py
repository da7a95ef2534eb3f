"""HTML pages: the article's main text via trafilatura (boilerplate, scripts and styles removed)."""

from __future__ import annotations

import lxml.html
import trafilatura
from lxml import etree

from knowledge.ingest.document import Document
from knowledge.ingest.limits import Limits
from knowledge.ingest.text import clean

_DROP = ("script", "style", "noscript", "template", "iframe", "object", "svg", "head")
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
          "article", "blockquote", "pre", "header", "footer"}


def read_html(source: str, filename: str, limits: Limits) -> Document:
    """Main text, title, date and URL of an HTML page."""
    found = trafilatura.bare_extraction(source, with_metadata=True, include_comments=False,
                                        include_tables=False, favor_recall=True)
    text = found.text if found is not None and found.text else ""
    paragraphs = _paragraph_text(source)
    # trafilatura sometimes drops a short lead paragraph (datelines); when the page's own
    # article paragraphs hold clearly more words, they are the better text
    if len(paragraphs.split()) > 1.15 * len(text.split()):
        text = paragraphs
    if not text.strip():
        text = _fallback_text(source)
    title = found.title if found is not None else None
    body = clean(text or "", filename, limits)
    return Document(filename=filename, text=body, format="html", title=title or None,
                    url=getattr(found, "url", None) or None,
                    published=getattr(found, "date", None) or None,
                    source=getattr(found, "sitename", None) or None)


def _paragraph_text(source: str) -> str:
    """The text of the <p> elements of the page's <article> (or <main>, or whole body)."""
    try:
        root = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError):
        return ""
    scope = (root.xpath("//article") or root.xpath("//main") or [root])[0]
    return "\n\n".join(" ".join(p.text_content().split()) for p in scope.iter("p")
                        if p.text_content().strip())


def _fallback_text(source: str) -> str:
    """Visible text via lxml, for pages trafilatura finds no article in (short snippets)."""
    try:
        root = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _BLOCK:
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        if element.tail:
            parts.append(element.tail)
    return "".join(parts)
