"""Every read the bot does, returning plain results (no Telegram, no HTML).

Names are resolved before these functions are called: they take entity ids. Each query is an
indexed lookup bounded by a limit, so latency stays flat as the memory grows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, literal_column, or_, text
from sqlalchemy.orm import aliased, defer
from sqlmodel import Session, col, select

from knowledge.db import FTS_COLUMN
from knowledge.extract.facts import UNCERTAIN
from knowledge.ids import is_row_id
from knowledge.models import (
    Alias,
    Article,
    Attendance,
    Entity,
    Meeting,
    MeetingReport,
    MembershipClaim,
    MembershipTally,
    Mention,
    Quote,
    RoleClaim,
)

# -- result types ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRef:
    """An article cited as evidence."""

    article_id: int
    title: str | None
    source: str | None
    url: str | None
    published: date | None


@dataclass(frozen=True, slots=True)
class Stats:
    articles: int
    people: int
    countries: int
    organizations: int
    meetings: int
    quotes: int
    statements: int


@dataclass(frozen=True, slots=True)
class MemberRow:
    country: str
    status: str
    articles: int


@dataclass(frozen=True, slots=True)
class Members:
    organization: str
    full_name: str | None
    rows: tuple[MemberRow, ...]
    sources: tuple[SourceRef, ...] = ()  # newest by publication date first

    def by_status(self, status: str) -> list[MemberRow]:
        return [r for r in self.rows if r.status == status]


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    id: int
    name: str
    organization: str | None
    body: str | None
    ordinal: int | None
    city: str | None
    country: str | None
    held_on: date | None
    date_text: str | None
    reports: int
    reported: date | None = None  # the earliest publication date of its reports


@dataclass(frozen=True, slots=True)
class QuoteRow:
    id: int
    kind: str
    text: str
    speaker: str | None
    speaker_id: int | None
    role: str | None
    said_on: date | None
    meeting: str | None
    meeting_id: int | None
    source: SourceRef
    speaker_uncertain: bool = False  # the extractor was not sure who said it


@dataclass(slots=True)
class MeetingCard:
    summary: MeetingSummary
    participants: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    quotes: list[QuoteRow] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    organization_id: int | None = None  # what a "Follow" button under the card follows


@dataclass(frozen=True, slots=True)
class RoleRow:
    role: str
    country: str | None
    organization: str | None
    first_seen: date | None
    last_seen: date | None
    articles: int


@dataclass(slots=True)
class PersonCard:
    id: int
    name: str
    country: str | None
    aliases: list[str]
    roles: list[RoleRow]
    meetings: list[MeetingSummary]
    quotes: int
    statements: int
    sources: list[SourceRef]


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # article | quote
    id: int
    title: str
    snippet: str  # with \x02 ... \x03 around matched words (renderers turn them into markup)
    source: SourceRef


@dataclass(slots=True)
class ArticleCard:
    source: SourceRef
    filename: str | None
    ingested_at: object
    meetings: list[MeetingSummary]
    people: list[str]
    members: dict[str, list[str]]
    quotes: list[QuoteRow]


HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"
_FTS_WORD = re.compile(r"\w+", re.UNICODE)

# -- helpers ---------------------------------------------------------------------------------------


# Answers cite articles by title and source; the body stays in the database.
_WITHOUT_TEXT = defer(Article.text)  # type: ignore[arg-type]


def _source(article: Article) -> SourceRef:
    assert article.id is not None
    return SourceRef(article.id, article.title, article.source, article.url, article.published)


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    ids.discard(None)  # type: ignore[arg-type]
    if not ids:
        return {}
    rows = session.exec(select(Entity.id, Entity.name).where(col(Entity.id).in_(ids)))
    return {i: n for i, n in rows}


_NAMED = aliased(Entity, name="named")


def _name_of(entity_id) -> object:
    """An entity's name as a scalar subquery: read by primary key for each row returned, after
    the sort and limit (a join would read it for every matching row)."""
    return select(_NAMED.name).where(_NAMED.id == entity_id).scalar_subquery()


def _summary_select():
    """Meetings as summaries in one statement: organization and place names by primary key, and
    each meeting's report count and first report date from its own report rows."""
    reports = (select(func.count()).select_from(MeetingReport)
               .where(MeetingReport.meeting_id == Meeting.id).correlate(Meeting))
    # each report's date by primary key: min() over a join walked the date index of every article
    published = select(Article.published).where(
        Article.id == MeetingReport.article_id).scalar_subquery()
    first = (select(func.min(published)).select_from(MeetingReport)
             .where(MeetingReport.meeting_id == Meeting.id).correlate(Meeting))
    return select(Meeting.id, Meeting.name, Meeting.organization_id, Meeting.body,
                  Meeting.ordinal, Meeting.held_on, Meeting.date_text,
                  _name_of(Meeting.organization_id).label("organization"),
                  _name_of(Meeting.city_id).label("city"),
                  _name_of(Meeting.country_id).label("country"),
                  reports.scalar_subquery().label("reports"),
                  first.scalar_subquery().label("reported"))


def _summary(row) -> MeetingSummary:
    return MeetingSummary(
        id=row.id, name=row.name, organization=row.organization, body=row.body,
        ordinal=row.ordinal, city=row.city, country=row.country, held_on=row.held_on,
        date_text=row.date_text, reports=row.reports or 0, reported=row.reported)


def _summaries(session: Session, query) -> list[MeetingSummary]:
    """The summaries a `_summary_select()` query (filtered, ordered, limited) finds."""
    return [_summary(row) for row in session.exec(query)]


def _latest_first(query):
    return query.order_by(col(Meeting.held_on).desc().nulls_last(), col(Meeting.id).desc())


# -- the queries -------------------------------------------------------------------------------


def stats(session: Session) -> Stats:
    """Counts of what the bot knows."""
    kinds = dict(session.exec(select(Entity.kind, func.count()).group_by(Entity.kind)).all())
    quote_kinds = dict(session.exec(select(Quote.kind, func.count()).group_by(Quote.kind)).all())
    return Stats(
        articles=session.exec(select(func.count()).select_from(Article)).one(),
        people=kinds.get("person", 0),
        countries=kinds.get("country", 0),
        organizations=kinds.get("organization", 0),
        meetings=session.exec(select(func.count()).select_from(Meeting)).one(),
        quotes=quote_kinds.get("direct", 0),
        statements=quote_kinds.get("reported", 0),
    )


def default_organization(session: Session) -> int | None:
    """The organization most written about (by membership claims, then meetings)."""
    row = session.exec(
        select(MembershipTally.organization_id, func.sum(MembershipTally.articles))
        .group_by(MembershipTally.organization_id)
        .order_by(func.sum(MembershipTally.articles).desc(), MembershipTally.organization_id)
        .limit(1)
    ).first()
    if row:
        return row[0]
    row = session.exec(
        select(Meeting.organization_id, func.count())
        .where(col(Meeting.organization_id).is_not(None))
        .group_by(Meeting.organization_id)
        .order_by(func.count().desc())
        .limit(1)
    ).first()
    return row[0] if row else None


SOURCE_WINDOW = 200  # recent articles among which /members picks its newest sources by date


def members(session: Session, organization_id: int, source_limit: int = 5) -> Members | None:
    """Member states of an organization (observers and guests apart), with their evidence."""
    org = session.get(Entity, organization_id) if is_row_id(organization_id) else None
    if org is None:
        return None
    full = session.exec(
        select(Alias.alias).where(Alias.entity_id == organization_id,
                                  Alias.alias_kind == "official").limit(1)
    ).first()
    grouped = session.exec(  # kept by triggers: a few rows, however many articles
        select(MembershipTally.country_id, MembershipTally.status, MembershipTally.articles,
               MembershipTally.latest_article_id)
        .where(MembershipTally.organization_id == organization_id)
    ).all()
    names = _names(session, {r[0] for r in grouped})
    # the articles that list them, newest by date among the latest SOURCE_WINDOW read
    recent = (select(MembershipClaim.article_id)
              .where(MembershipClaim.organization_id == organization_id).distinct()
              .order_by(col(MembershipClaim.article_id).desc()).limit(SOURCE_WINDOW))
    sources = session.exec(
        select(Article).options(_WITHOUT_TEXT).where(col(Article.id).in_(recent))
        .order_by(col(Article.published).desc().nulls_last(), col(Article.id).desc())
        .limit(source_limit)).all() if grouped else []
    rows = sorted((MemberRow(names.get(cid, "?"), status, n) for cid, status, n, _ in grouped),
                  key=lambda r: r.country)
    return Members(org.name, full, tuple(rows), tuple(_source(a) for a in sources))


def latest_meetings(session: Session, limit: int = 10) -> list[MeetingSummary]:
    """The most recent meetings (by date, then by when they were learned)."""
    return _summaries(session, _latest_first(_summary_select()).limit(limit))


def find_meetings(
    session: Session,
    *,
    organization_id: int | None = None,
    place_ids: list[int] | None = None,
    ordinal: int | None = None,
    year: int | None = None,
    body_words: list[str] | None = None,
    limit: int = 10,
) -> list[MeetingSummary]:
    """Meetings matching every given criterion (place: city or country id)."""
    query = _summary_select()
    if organization_id is not None and not is_row_id(organization_id):
        return []  # an id no row can have: nothing matches
    if place_ids:
        place_ids = [i for i in place_ids if is_row_id(i)]
        if not place_ids:
            return []
    if organization_id is not None:
        query = query.where(Meeting.organization_id == organization_id)
    if place_ids:
        query = query.where(or_(col(Meeting.city_id).in_(place_ids),
                                col(Meeting.country_id).in_(place_ids)))
    if ordinal is not None:
        query = query.where(Meeting.ordinal == ordinal)
    if year is not None:
        query = query.where(or_(
            and_(col(Meeting.held_on) >= date(year, 1, 1),
                 col(Meeting.held_on) <= date(year, 12, 31)),
            col(Meeting.id).in_(
                select(MeetingReport.meeting_id).join(
                    Article, Article.id == MeetingReport.article_id)
                .where(col(Article.published) >= date(year, 1, 1),
                       col(Article.published) <= date(year, 12, 31)))))
    for word in body_words or []:
        pattern = f"%{_like_escape(word.lower())}%"
        query = query.where(or_(func.lower(Meeting.body).like(pattern, escape="\\"),
                                func.lower(Meeting.name).like(pattern, escape="\\")))
    return _summaries(session, _latest_first(query).limit(limit))


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def meeting_card(session: Session, meeting_id: int, quote_limit: int = 20) -> MeetingCard | None:
    """A meeting with who came, who spoke, what they said, and the reports."""
    row = session.exec(_summary_select().where(Meeting.id == meeting_id)).first() if is_row_id(
        meeting_id) else None
    if row is None:
        return None
    card = MeetingCard(_summary(row), organization_id=row.organization_id)
    rows = session.exec(
        select(Attendance.status, Entity.name)
        .join(Entity, Entity.id == Attendance.entity_id)
        .where(Attendance.meeting_id == meeting_id)
        .distinct()
        .order_by(Entity.name)
    ).all()
    by_status: dict[str, list[str]] = defaultdict(list)
    for status, name in rows:
        by_status[status].append(name)
    card.participants = by_status["participant"]
    card.guests = [g for g in by_status["guest"] if g not in card.participants]
    card.speakers = by_status["speaker"]
    card.quotes = quotes(session, meeting_id=meeting_id, kind="direct", limit=quote_limit)
    card.sources = [_source(a) for a in session.exec(
        select(Article).options(_WITHOUT_TEXT)
        .join(MeetingReport, MeetingReport.article_id == Article.id)
        .where(MeetingReport.meeting_id == meeting_id).order_by(col(Article.id)))]
    return card


def quotes(
    session: Session,
    *,
    speaker_id: int | None = None,
    meeting_id: int | None = None,
    words: list[str] | None = None,
    kind: str | None = "direct",
    limit: int = 10,
    offset: int = 0,
) -> list[QuoteRow]:
    """Quotes (or reported statements), newest first, optionally by speaker, meeting or words."""
    if any(i is not None and not is_row_id(i) for i in (speaker_id, meeting_id)):
        return []
    query = _quote_select()
    if kind is not None:
        query = query.where(Quote.kind == kind)
    if speaker_id is not None:
        query = query.where(Quote.speaker_id == speaker_id)
    if meeting_id is not None:
        query = query.where(Quote.meeting_id == meeting_id)
    if words:
        if not fts_query(words):
            return []  # a topic with no searchable word matches nothing
        query = query.where(_fts_filter(session, "quote", words))
    rows = session.exec(
        query.order_by(col(Quote.said_on).desc().nulls_last(), col(Quote.id).desc())
        .offset(offset).limit(limit)
    ).all()
    return _quote_rows(session, rows)


def without_repeats(rows: list[QuoteRow]) -> list[QuoteRow]:
    """`rows` less the reported statements that only repeat a direct quote of the same article
    ("stressed that tariffs must fall" beside “Tariffs must fall”)."""
    quoted: dict[int, list[set[str]]] = defaultdict(list)
    for r in rows:
        if r.kind == "direct":
            quoted[r.source.article_id].append(set(_words(r.text)))
    return [r for r in rows if r.kind == "direct" or not any(
        _repeats(_words(r.text), q) for q in quoted.get(r.source.article_id, ()))]


def _words(text: str) -> list[str]:
    return [w.lower() for w in _FTS_WORD.findall(text)]


def _repeats(statement: list[str], quote: set[str]) -> bool:
    if "that" in statement[:3]:  # "stressed that …": the reporting verb is not content
        statement = statement[statement.index("that") + 1:]
    return bool(statement) and sum(w in quote for w in statement) >= 0.8 * len(statement)


def _quote_select():
    """Quote rows with their article's citation, as plain columns (no ORM objects to build)."""
    return select(Quote.id, Quote.kind, Quote.text, Quote.speaker_name, Quote.speaker_id,
                  Quote.speaker_confidence, Quote.said_on, Quote.meeting_id,
                  col(Article.id).label("article_id"),
                  Article.title, Article.source, Article.url,
                  Article.published).join(Article, Article.id == Quote.article_id)


def _quote_rows(session: Session, rows) -> list[QuoteRow]:
    speaker_ids = {r.speaker_id for r in rows if r.speaker_id}
    roles: dict[int, str] = {}
    for person_id, role in session.exec(
        select(RoleClaim.person_id, RoleClaim.role)
        .where(col(RoleClaim.person_id).in_(speaker_ids))
        .order_by(col(RoleClaim.seen_on).asc().nulls_first(), col(RoleClaim.id))
    ) if speaker_ids else []:
        roles[person_id] = role  # the latest wins
    labels = _meeting_labels(session, {r.meeting_id for r in rows if r.meeting_id})
    return [QuoteRow(
        id=r.id, kind=r.kind, text=r.text, speaker=r.speaker_name, speaker_id=r.speaker_id,
        role=roles.get(r.speaker_id or 0), said_on=r.said_on, meeting=labels.get(r.meeting_id),
        meeting_id=r.meeting_id,
        source=SourceRef(r.article_id, r.title, r.source, r.url, r.published),
        speaker_uncertain=(r.speaker_confidence is not None
                           and r.speaker_confidence < UNCERTAIN))
        for r in rows]


def _meeting_labels(session: Session, meeting_ids: set[int]) -> dict[int, str]:
    """Short labels ("23rd Council of Foreign Ministers, Tehran") of meetings by id."""
    if not meeting_ids:
        return {}
    from knowledge.labels import meeting_label

    rows = session.exec(select(Meeting.id, Meeting.ordinal, Meeting.body, Meeting.name,
                               Meeting.city_id, Meeting.country_id)
                        .where(col(Meeting.id).in_(meeting_ids))).all()
    names = _names(session, {r.city_id for r in rows if r.city_id}
                   | {r.country_id for r in rows if r.country_id})
    return {r.id: meeting_label(r.ordinal, r.body, r.name,
                                names.get(r.city_id or 0) or names.get(r.country_id or 0))
            for r in rows}


# A person's card reads the person's own rows by their entity index, ids first, then those rows
# by primary key. A subquery (`id IN (SELECT ...)` ordered by date or id with a limit) lets
# PostgreSQL walk the whole meeting or article index backwards instead, growing with the memory.


def _person_meeting_ids(session: Session, person_id: int) -> list[int]:
    """The meetings a person attended (their attendance rows only)."""
    return list(session.exec(select(Attendance.meeting_id).where(
        Attendance.entity_id == person_id).group_by(Attendance.meeting_id)))


def _person_article_ids(session: Session, person_id: int, limit: int) -> list[int]:
    """The newest `limit` articles naming a person; "+ 0" sorts the person's mentions, never
    walking the article-id index of every mention."""
    newest = (col(Mention.article_id) + 0).desc()
    return list(session.exec(select(Mention.article_id).where(Mention.entity_id == person_id)
                             .group_by(Mention.article_id).order_by(newest).limit(limit)))


def person_card(session: Session, person_id: int) -> PersonCard | None:
    """A person: roles by date, country, meetings, how much they said, and sources — seven
    statements, each reading the person's own rows by index."""
    if not is_row_id(person_id):
        return None
    said = {kind: select(func.count()).where(Quote.speaker_id == person_id, Quote.kind == kind)
            .scalar_subquery() for kind in ("direct", "reported")}
    person = session.exec(
        select(Entity.name, _name_of(Entity.country_id).label("country"),
               said["direct"].label("direct"), said["reported"].label("reported"))
        .where(Entity.id == person_id, Entity.kind == "person")).first()
    if person is None:
        return None
    roles = sorted(
        (RoleRow(*row) for row in session.exec(
            select(RoleClaim.role, _name_of(RoleClaim.country_id),
                   _name_of(RoleClaim.organization_id), func.min(RoleClaim.seen_on),
                   func.max(RoleClaim.seen_on), func.count(func.distinct(RoleClaim.article_id)))
            .where(RoleClaim.person_id == person_id)
            .group_by(RoleClaim.role, RoleClaim.country_id, RoleClaim.organization_id))),
        key=lambda r: (r.last_seen or date.min, r.articles), reverse=True)
    meeting_ids = _person_meeting_ids(session, person_id)
    meetings = _summaries(session, _latest_first(_summary_select().where(
        col(Meeting.id).in_(meeting_ids))).limit(10)) if meeting_ids else []
    aliases = list(session.exec(
        select(Alias.alias).where(Alias.entity_id == person_id, Alias.alias_kind != "role")
        .order_by(Alias.id).limit(12)))
    article_ids = _person_article_ids(session, person_id, 10)
    sources = [_source(a) for a in session.exec(
        select(Article).options(_WITHOUT_TEXT).where(col(Article.id).in_(article_ids))
        .order_by(col(Article.id).desc()))] if article_ids else []
    country = person.country or (roles[0].country if roles else None)
    return PersonCard(person_id, person.name, country, aliases, roles, meetings, person.direct,
                      person.reported, sources)


def meetings_at(session: Session, place_id: int, limit: int = 10) -> list[MeetingSummary]:
    """Meetings held in a city, or anywhere in a country."""
    return find_meetings(session, place_ids=[place_id], limit=limit)


def speakers_at(session: Session, meeting_ids: list[int]) -> dict[int, list[str]]:
    """Who spoke at each of these meetings."""
    out: dict[int, list[str]] = defaultdict(list)
    meeting_ids = [i for i in meeting_ids if is_row_id(i)]
    if not meeting_ids:
        return out
    for meeting_id, name in session.exec(
        select(Attendance.meeting_id, Entity.name).join(Entity, Entity.id == Attendance.entity_id)
        .where(col(Attendance.meeting_id).in_(meeting_ids), Attendance.status == "speaker")
        .distinct().order_by(Entity.name)
    ):
        out[meeting_id].append(name)
    return out


def fts_query(words: list[str]) -> str:
    """A safe full-text query: each word quoted as a literal term, all required."""
    terms = [w for w in (_FTS_WORD.findall(" ".join(words))) if w][:12]
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


RECENT_WINDOW = 500  # newest rows checked one by one before the full-text index is asked


def _fts_ids(session: Session, table: str, words: list[str], limit: int) -> list[int]:
    """Ids of the newest rows of `table` ("article" or "quote") that contain every word."""
    query = fts_query(words)
    if not query:
        return []
    if session.get_bind().dialect.name == "sqlite":
        # FTS5 walks its doclists in rowid order: newest first costs no pass over every match
        sql = text(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :q "
                   "ORDER BY rowid DESC LIMIT :n")
        return [r[0] for r in session.exec(sql, params={"q": query, "n": limit})]  # type: ignore[call-overload]
    terms = " ".join(_FTS_WORD.findall(" ".join(words)))
    match = f"{FTS_COLUMN} @@ plainto_tsquery('simple', :q)"
    # Frequent words are found among the newest rows at once; rarer ones through the GIN index
    # on the stored vectors, whose matches are then few. (In one query PostgreSQL may misjudge
    # words that never occur together and walk the whole table backwards.)
    recent = text(f"SELECT id FROM {table} WHERE id > (SELECT coalesce(max(id), 0) FROM {table})"
                  f" - :window AND {match} ORDER BY id DESC LIMIT :n")
    params = {"q": terms, "n": limit, "window": RECENT_WINDOW}
    ids = [r[0] for r in session.exec(recent, params=params)]  # type: ignore[call-overload]
    if len(ids) >= limit:
        return ids
    # "id + 0": sort what the index finds; never walk the primary key
    everywhere = text(f"SELECT id FROM {table} WHERE {match} ORDER BY id + 0 DESC LIMIT :n")
    return [r[0] for r in session.exec(everywhere, params=params)]  # type: ignore[call-overload]


def _fts_filter(session: Session, table: str, words: list[str]):
    """A WHERE condition: the row of `table` contains every word (for queries that narrow by
    something more selective first, such as a speaker)."""
    if session.get_bind().dialect.name == "sqlite":
        return text(f"{table}.id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :fq)"
                    ).bindparams(fq=fts_query(words))
    return text(f"{table}.{FTS_COLUMN} @@ plainto_tsquery('simple', :fq)").bindparams(
        fq=" ".join(_FTS_WORD.findall(" ".join(words))))


def search(session: Session, words: list[str], limit: int = 10) -> list[SearchHit]:
    """Full-text search over quotes and articles, with highlighted snippets."""
    hits: list[SearchHit] = []
    quote_ids = _fts_ids(session, "quote", words, limit)
    if quote_ids:
        rows = session.exec(select(Quote, Article).options(_WITHOUT_TEXT)
                            .join(Article, Article.id == Quote.article_id)
                            .where(col(Quote.id).in_(quote_ids))).all()
        order = {qid: i for i, qid in enumerate(quote_ids)}
        for q, article in sorted(rows, key=lambda r: order[r[0].id]):
            hits.append(SearchHit("quote", q.id or 0, q.speaker_name or "unknown speaker",
                                  highlight(q.text, words), _source(article)))
    article_ids = _fts_ids(session, "article", words, limit)
    if article_ids:
        rows2 = session.exec(select(Article).where(col(Article.id).in_(article_ids))).all()
        order = {aid: i for i, aid in enumerate(article_ids)}
        for article in sorted(rows2, key=lambda a: order[a.id]):
            hits.append(SearchHit("article", article.id or 0,
                                  article.title or f"article #{article.id}",
                                  highlight(article.text, words), _source(article)))
    return hits[: limit * 2]


def highlight(body: str, words: list[str], width: int = 160) -> str:
    """A window of `body` around the first matched word, matches wrapped in \\x02...\\x03."""
    terms = [t.lower() for t in _FTS_WORD.findall(" ".join(words)) if t]
    if not terms:
        return body[:width]
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*",
                         re.IGNORECASE)
    first = pattern.search(body)
    at = first.start() if first else 0
    start = max(0, at - width // 3)
    end = min(len(body), start + width)
    if start > 0:  # begin and end on word boundaries, never inside a word
        space = _SPACE.search(body, start, at)
        start = space.end() if space else at
    if end < len(body):
        spaces = [m.start() for m in re.finditer(r"\s", body[max(start, at):end])]
        end = max(start, at) + spaces[-1] if spaces else end
    window = body[start:end]
    window = pattern.sub(lambda m: f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_END}", window)
    return ("…" if start else "") + " ".join(window.split()) + (
        "…" if end < len(body) else "")


_SPACE = re.compile(r"\s+")  # where a snippet may begin or end


def recent_articles(session: Session, limit: int = 10, offset: int = 0) -> list[SourceRef]:
    """Articles, newest ingested first."""
    return [_source(a) for a in session.exec(
        select(Article).options(_WITHOUT_TEXT).order_by(col(Article.id).desc())
        .offset(offset).limit(limit))]


def article_card(session: Session, article_id: int) -> ArticleCard | None:
    """One article with the facts learned from it."""
    article = session.get(Article, article_id) if is_row_id(article_id) else None
    if article is None:
        return None
    meetings = _summaries(session, _summary_select().join(
        MeetingReport, MeetingReport.meeting_id == Meeting.id)
        .where(MeetingReport.article_id == article_id))
    people = list(session.exec(
        select(Entity.name).join(Mention, Mention.entity_id == Entity.id)
        .where(Mention.article_id == article_id, Entity.kind == "person").distinct()))
    members_by_org: dict[str, list[str]] = defaultdict(list)
    org = Entity.__table__.alias("org")  # type: ignore[attr-defined]
    for org_name, country in session.exec(
        select(literal_column("org.name"), Entity.name)
        .select_from(MembershipClaim)
        .join(org, org.c.id == MembershipClaim.organization_id)
        .join(Entity, Entity.id == MembershipClaim.country_id)
        .where(MembershipClaim.article_id == article_id, MembershipClaim.status == "member")
        .order_by(Entity.name)
    ):
        members_by_org[org_name].append(country)
    rows = session.exec(_quote_select().where(Quote.article_id == article_id)
                        .order_by(col(Quote.start))).all()
    return ArticleCard(_source(article), article.filename, article.ingested_at, meetings, people,
                       dict(members_by_org), _quote_rows(session, rows))


def article_row(session: Session, article_id: int) -> Article | None:
    return session.get(Article, article_id) if is_row_id(article_id) else None


def entity(session: Session, entity_id: int) -> Entity | None:
    return session.get(Entity, entity_id) if is_row_id(entity_id) else None


@dataclass(frozen=True, slots=True)
class Examples:
    """Names the memory holds, for examples that answer (/start, /help)."""

    organization: str | None = None
    city: str | None = None
    speaker: str | None = None  # someone quoted
    topic: str | None = None  # a word of one of their quotes
    search: str | None = None  # a word of a recent article's headline


_DULL = frozenset({"about", "after", "again", "against", "their", "there", "these", "those",
                   "which", "while", "would", "could", "should", "every", "other", "being",
                   "where", "today", "said", "says", "with", "from", "that", "this", "have"})


def examples(session: Session) -> Examples:
    """A few names from the newest facts: an organization, a host city, a quoted person and a
    word they used, a word of a headline (a handful of indexed reads)."""
    org_id = default_organization(session)
    org = session.get(Entity, org_id) if org_id else None
    city = next((m.city for m in latest_meetings(session, limit=10) if m.city), None)
    quote = next((q for q in quotes(session, limit=10) if q.speaker_id and q.speaker), None)
    topic = _topic_word(quote.text) if quote else None
    titles = [r.title for r in recent_articles(session, limit=5) if r.title]
    search = next((w for t in titles if (w := _topic_word(t))), None)
    return Examples(org.name if org else None, city, quote.speaker if quote else None, topic,
                    search)


def _topic_word(text: str) -> str | None:
    """The longest plain word of `text` (a topic that certainly occurs in it)."""
    words = [w for w in _FTS_WORD.findall(text) if w.isalpha() and len(w) >= 5
             and w.lower() not in _DULL]
    return max(words, key=len).lower() if words else None
