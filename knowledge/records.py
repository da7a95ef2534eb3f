"""Files to extraction records (the gold schema): the one path `ecobot extract` and `ecobot eval`
share, so what is scored is exactly what is printed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from knowledge.ingest import read_upload
from knowledge.ingest.document import InputError
from knowledge.ingest.limits import Limits
from knowledge.ingest.readers import read_file


def file_records(path: Path, limits: Limits = Limits()) -> list[dict[str, Any] | InputError]:
    """One record per article of the file (a ZIP holds several), or an InputError for each part
    that cannot be read."""
    from knowledge.extract.pipeline import extract
    from knowledge.memory import parse_iso_date

    try:
        docs = read_upload(read_file(path, limits), path.name, limits)
    except (InputError, OSError) as exc:
        return [exc if isinstance(exc, InputError) else InputError(str(path), str(exc))]
    return [doc if isinstance(doc, InputError) else
            extract(doc.text, published=parse_iso_date(doc.published),
                    title=doc.title).to_json(doc.filename)
            for doc in docs]
