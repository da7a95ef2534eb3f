"""Files and uploads into memory: read (any format, ZIPs unpacked), then ingest each article.

One failing file never stops the others; each outcome names the file and says what happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from knowledge.extract.header import metadata_fields, parse_date
from knowledge.ingest import read_upload
from knowledge.ingest.document import Document, InputError, require_article
from knowledge.ingest.limits import Limits
from knowledge.ingest.readers import read_file
from knowledge.memory import IngestOutcome, Memory, extraction_job
from knowledge.prefetch import with_facts

log = logging.getLogger(__name__)
SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".zip"}


@dataclass(frozen=True, slots=True)
class Meta:
    """Metadata the uploader supplies (caption fields, CLI options)."""

    published: date | None = None
    source: str | None = None
    url: str | None = None


def split_caption(text: str) -> tuple[str, Meta]:
    """Leading "date: …", "source: …", "url: …" lines become metadata; the rest is the body."""
    lines = text.splitlines()
    fields: dict[str, str] = {}
    while lines and (found := metadata_fields(lines[0])):
        fields.update(found)
        lines.pop(0)
    while lines and (found := metadata_fields(lines[-1])):
        fields = {**found, **fields}
        lines.pop()
    return "\n".join(lines), _meta(fields)


def parse_caption(text: str | None, default_url: str | None = None) -> Meta:
    """Metadata from a document's caption (unknown lines are ignored)."""
    fields: dict[str, str] = {}
    for line in (text or "").splitlines():
        if found := metadata_fields(line):
            fields.update(found)
    if default_url and "url" not in fields:
        fields["url"] = default_url
    return _meta(fields)


def _meta(fields: dict[str, str]) -> Meta:
    published = parse_date(fields.get("date"))
    url = fields.get("url")
    return Meta(published=published, source=(fields.get("source") or None),
                url=url if url and url.startswith(("http://", "https://")) else None)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files given, and the article files inside folders given (sorted, recursive)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUFFIXES
                              and not p.name.startswith("."))
        else:
            yield path


def failed(name: str, reason: str) -> IngestOutcome:
    return IngestOutcome(name, "failed", reason=reason)


def ingest_documents(memory: Memory, docs: Iterable[Document | InputError], *,
                     by: str | None, meta: Meta = Meta(),
                     workers: int = 0) -> Iterator[IngestOutcome]:
    """Ingest readers' output; errors become failed outcomes. With `workers`, articles are
    extracted in that many worker processes ahead of the writer."""

    def job(doc: Document | InputError):
        return None if isinstance(doc, InputError) else extraction_job(doc, meta.published)

    for doc, facts in with_facts(docs, job, workers=workers):
        if not isinstance(doc, InputError):
            try:
                require_article(doc)
            except InputError as short:
                doc = short
        if isinstance(doc, InputError):
            yield failed(doc.filename, doc.reason)
            continue
        try:
            yield memory.ingest(doc, by=by, published=meta.published, source=meta.source,
                                url=meta.url, facts=facts)
        except Exception as exc:  # one article's failure must not stop a batch
            log.exception("Storing %s failed", doc.filename)
            yield failed(doc.filename, f"could not be stored ({type(exc).__name__})")


def ingest_bytes(memory: Memory, data: bytes, filename: str, limits: Limits, *,
                 by: str | None, meta: Meta = Meta()) -> Iterator[IngestOutcome]:
    """One upload (a ZIP yields one outcome per member)."""
    try:
        docs = read_upload(data, filename, limits)
    except InputError as exc:
        yield failed(exc.filename, exc.reason)
        return
    yield from ingest_documents(memory, docs, by=by, meta=meta)


def ingest_paths(memory: Memory, paths: Iterable[Path], limits: Limits, *, by: str | None,
                 meta: Meta = Meta(), progress: Callable[[Path], None] | None = None,
                 workers: int = 0) -> Iterator[IngestOutcome]:
    """Files and folders from disk (`workers`: extraction processes ahead of the writer)."""
    yield from ingest_documents(memory, read_paths(paths, limits, progress), by=by, meta=meta,
                                workers=workers)


def read_paths(paths: Iterable[Path], limits: Limits,
               progress: Callable[[Path], None] | None = None
               ) -> Iterator[Document | InputError]:
    """The documents in files and folders (a ZIP gives one per member); errors as values."""
    for path in expand_paths(paths):
        if progress:
            progress(path)
        try:
            yield from read_upload(read_file(path, limits), path.name, limits)
        except InputError as exc:
            yield exc
