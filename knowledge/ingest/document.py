"""What a reader returns, and the one error type every reader raises."""

from __future__ import annotations

from dataclasses import dataclass


class InputError(ValueError):
    """Input that cannot become an article; the message names the file and says why."""

    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason


@dataclass(slots=True)
class Document:
    """Plain text of one article plus whatever metadata its container carried."""

    filename: str
    text: str
    format: str  # "txt", "md", "html", "pdf", "docx"
    title: str | None = None  # from HTML <title>, DOCX core properties, PDF metadata
    url: str | None = None
    published: str | None = None  # ISO date when the container states it
    source: str | None = None  # outlet, when the container states it


MIN_ARTICLE_WORDS = 8  # fewer words are a note or a test message, not an article


def require_article(doc: Document) -> Document:
    """`doc`, when its text is long enough to be an article; else an InputError says why."""
    words = len(doc.text.split())
    if words < MIN_ARTICLE_WORDS:
        raise InputError(doc.filename, f"too short to be an article ({words} "
                         f"{'word' if words == 1 else 'words'}; an article has at least "
                         f"{MIN_ARTICLE_WORDS})")
    return doc
