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
