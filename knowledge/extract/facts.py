"""Plain data the extractor returns: one `ArticleFacts` per article, every fact with its span.

These classes are the contract between extraction (pure: text in, facts out) and memory (facts into
the database). Spans are character offsets into the article text the extractor was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

DatePrecision = Literal["day", "month", "year", "day-no-year"]
SpeakerKind = Literal["person", "organization"]
MembershipStatus = Literal["member", "observer", "guest", "applicant"]
UNCERTAIN = 0.6  # a speaker found with less confidence is shown as uncertain


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) in the article text."""

    start: int
    end: int


@dataclass(slots=True)
class PlaceFact:
    """A country or a city named in the article, canonicalised ("Türkiye" -> "Turkey")."""

    name: str
    kind: Literal["country", "city"]
    country: str | None  # for a city, its country's canonical name; for a country, itself
    surface: str  # as written
    span: Span


@dataclass(slots=True)
class OrganizationFact:
    """An organization, with its full name and acronym when the article gives them."""

    acronym: str | None
    full_name: str | None
    span: Span

    @property
    def key(self) -> str:
        """The short name facts refer to it by (acronym first)."""
        return self.acronym or self.full_name or ""


@dataclass(slots=True)
class PersonFact:
    """A person, with the role and country the article gives them and every mention found."""

    name: str  # the fullest form in the article, e.g. "Masoud Pezeshkian"
    role: str | None  # "President", "Foreign Minister", "Secretary-General"
    country: str | None  # canonical country name
    organization: str | None  # for organization officials ("ECO" for its Secretary-General)
    span: Span  # first full mention
    mentions: list[Span] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)  # other forms seen: "Pezeshkian"


@dataclass(slots=True)
class QuoteFact:
    """A direct quote: the words inside quotation marks, with who said them."""

    speaker: str | None  # PersonFact.name, an organization/ministry, or None if unknown
    speaker_kind: SpeakerKind
    text: str
    span: Span  # of the quoted words (without the marks)
    sentence: Span  # the sentence(s) around it
    meeting: int | None = None  # index into ArticleFacts.meetings
    confidence: float = 1.0  # how sure the speaker is (below UNCERTAIN: say so in answers)


@dataclass(slots=True)
class StatementFact:
    """Reported speech ("He noted that ..."): the reported clause and its speaker."""

    speaker: str | None
    speaker_kind: SpeakerKind
    text: str
    span: Span
    sentence: Span
    meeting: int | None = None
    confidence: float = 1.0


@dataclass(slots=True)
class MeetingFact:
    """A meeting of an organization's body that the article names."""

    name: str  # as written, e.g. "4th Meeting of Interior Ministers of the ECO"
    organization: str | None  # acronym or name, e.g. "ECO"
    body: str | None  # "Interior Ministers", "Council of Foreign Ministers", "Summit"
    ordinal: int | None
    city: str | None
    country: str | None
    date: str | None  # ISO "YYYY-MM-DD"; "--MM-DD" when the year is unknown
    date_precision: DatePrecision | None
    span: Span
    participants: list[str] = field(default_factory=list)  # canonical country names
    guests: list[str] = field(default_factory=list)
    is_main: bool = False  # the meeting the article reports (quotes link to it)


@dataclass(slots=True)
class MembershipFact:
    """An organization's member (or observer, guest, applicant), as the article lists it."""

    organization: str
    country: str
    status: MembershipStatus
    span: Span


@dataclass(slots=True)
class ArticleFacts:
    """Everything the extractor learned from one article."""

    title: str | None = None
    lead: str | None = None  # the body's first sentence (after any dateline), for untitled text
    source: str | None = None  # outlet: "WANA", "Tabnak", "Mehr News Agency"
    url: str | None = None
    dateline_place: str | None = None
    published: str | None = None  # ISO date or "--MM-DD"
    published_precision: DatePrecision | None = None
    language: str = "en"
    places: list[PlaceFact] = field(default_factory=list)
    organizations: list[OrganizationFact] = field(default_factory=list)
    people: list[PersonFact] = field(default_factory=list)
    quotes: list[QuoteFact] = field(default_factory=list)
    statements: list[StatementFact] = field(default_factory=list)
    meetings: list[MeetingFact] = field(default_factory=list)
    memberships: list[MembershipFact] = field(default_factory=list)

    def members(self) -> dict[str, list[str]]:
        """Member countries per organization, sorted, as in the gold schema."""
        out: dict[str, set[str]] = {}
        for m in self.memberships:
            if m.status == "member":
                out.setdefault(m.organization, set()).add(m.country)
        return {org: sorted(countries) for org, countries in sorted(out.items())}

    def to_json(self, article: str) -> dict[str, Any]:
        """The object `ecobot extract --json` prints (the gold schema of shared/corpus)."""
        return {
            "article": article,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "date": self.published,
            "members": self.members(),
            "meetings": [
                {
                    "name": m.name,
                    "ordinal": m.ordinal,
                    "body": m.body,
                    "organization": m.organization,
                    "city": m.city,
                    "country": m.country,
                    "date": m.date if m.date_precision == "day" else None,
                    "participants": m.participants,
                    "guests": m.guests,
                }
                for m in self.meetings
            ],
            "people": [
                {"name": p.name, "role": p.role, "country": p.country} for p in self.people
            ],
            "quotes": [
                {"speaker": q.speaker, "text": q.text, "confidence": q.confidence}
                for q in self.quotes
            ],
            "statements": [
                {"speaker": s.speaker, "text": s.text, "confidence": s.confidence}
                for s in self.statements
            ],
        }
