"""Limits on outside input (sizes, counts, time), set from the bot's settings."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps every reader enforces; an input over a cap is refused with a clear reason."""

    max_bytes: int = 20 * MB  # one upload (Telegram lets bots download 20 MB)
    max_chars: int = 200_000  # article text
    max_pdf_pages: int = 50
    max_zip_files: int = 200
    max_unpacked_bytes: int = 50 * MB  # ZIP and DOCX contents, declared and actual
    fetch_timeout: float = 10.0
    max_redirects: int = 3
    allow_private_addresses: bool = False
