"""Readers: files, pasted text, ZIPs and URLs to plain article text, with limits.

Every failure is an `InputError` that names the file and says why in plain words.
`fetch_url` lives in `knowledge.ingest.fetch` (it is async and needs the network).
"""

from __future__ import annotations

from knowledge.ingest.document import Document, InputError
from knowledge.ingest.limits import Limits
from knowledge.ingest.readers import iter_archive, read_bytes, read_path, read_text, read_upload

__all__ = ["Document", "InputError", "Limits", "iter_archive", "read_bytes", "read_path",
           "read_text", "read_upload"]
