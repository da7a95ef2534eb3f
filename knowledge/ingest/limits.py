"""Limits on outside input (sizes, counts, time), set from the bot's settings."""

from __future__ import annotations

from dataclasses import dataclass, fields

MB = 1024 * 1024


def megabytes(size: int) -> str:
    """A byte count for messages: "20 MB", or "1.5 MB", or "900 bytes" below one MB."""
    if size < MB:
        return f"{size} bytes"
    return f"{size / MB:.1f}".removesuffix(".0") + " MB"


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps every reader enforces; an input over a cap is refused with a clear reason."""

    max_bytes: int = 20 * MB  # one upload or download (Telegram lets bots download 20 MB)
    max_chars: int = 200_000  # article text
    max_pdf_pages: int = 50
    max_zip_files: int = 200
    max_unpacked_bytes: int = 50 * MB  # ZIP and DOCX contents, declared and actual
    fetch_timeout: float = 10.0  # seconds for a whole fetch, redirects included
    max_redirects: int = 3
    allow_private_addresses: bool = False

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool):
                continue
            if value < 0 or (value == 0 and field.name != "max_redirects"):
                raise ValueError(f"Limits.{field.name} must be positive, not {value}")
