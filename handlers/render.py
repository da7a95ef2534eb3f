"""Query results as Telegram HTML blocks; every stored or typed string passes through `esc`."""

from __future__ import annotations

from datetime import date

from handlers.reply import clip, esc, plural
from knowledge import gazetteer
from knowledge.labels import meeting_label
from knowledge.memory import IngestOutcome
from knowledge.queries import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    ArticleCard,
    MeetingCard,
    MeetingSummary,
    Members,
    PersonCard,
    QuoteRow,
    SearchHit,
    SourceRef,
    Stats,
)

QUOTE_CHARS = 900


def when(day: date | None, text: str | None = None) -> str:
    """A date for people: "28 Oct 2025"; a year-less one "28 Oct"."""
    if day is not None:
        return day.strftime("%-d %b %Y")
    if text and text.startswith("--") and len(text) == 7:
        try:
            return date(2000, int(text[2:4]), int(text[5:7])).strftime("%-d %b")
        except ValueError:
            return ""
    return ""


def source(ref: SourceRef) -> str:
    """A source citation: outlet, title (linked when there is a URL), date, article id."""
    title = esc(clip(ref.title or f"article #{ref.article_id}", 90))
    if ref.url and ref.url.startswith(("http://", "https://")):
        title = f'<a href="{esc(ref.url)}">{title}</a>'
    parts = [p for p in (esc(ref.source) if ref.source else "", title,
                         when(ref.published)) if p]
    return f"{' · '.join(parts)} (#{ref.article_id})"


def flagged(country: str) -> str:
    flag = gazetteer.flag(country)
    return f"{flag} {esc(country)}" if flag else esc(country)


def meeting_title(m: MeetingSummary) -> str:
    return esc(meeting_label(m.ordinal, m.body, m.name, None) if m.body else m.name)


def meeting_line(m: MeetingSummary) -> str:
    where = ", ".join(p for p in (m.city, m.country) if p)
    org = f"{m.organization} " if m.organization and m.body else ""
    bits = [f"<b>{esc(org)}{meeting_title(m)}</b>"]
    if where:
        bits.append(esc(where))
    day = when(m.held_on, m.date_text)
    if day:
        bits.append(day)
    return " — ".join(bits)


def stats_block(s: Stats) -> str:
    def count(n: int, word: str) -> str:
        number, noun = plural(n, word).split(" ", 1)
        return f"<b>{number}</b> {noun}"

    return (f"I have read {count(s.articles, 'article')} and know {count(s.people, 'person')}, "
            f"{count(s.organizations, 'organization')}, {count(s.meetings, 'meeting')}, "
            f"{count(s.quotes, 'quote')} and {count(s.statements, 'reported statement')}.")


def members_blocks(m: Members) -> tuple[str, list[str]]:
    name = f"{esc(m.full_name)} ({esc(m.organization)})" if m.full_name else esc(m.organization)
    blocks = []
    for status, heading in (("member", "Members"), ("observer", "Observers"),
                            ("guest", "Guests at its meetings"), ("applicant", "Applicants")):
        rows = m.by_status(status)
        if not rows:
            continue
        lines = [f"<b>{heading}</b> ({len(rows)})"]
        for r in rows:
            articles = plural(r.articles, "article")
            lines.append(f"{flagged(r.country)} — {articles}; newest: {source(r.newest)}")
        blocks.append("\n".join(lines))
    return f"🌐 <b>{name}</b>", blocks


def quote_block(q: QuoteRow, *, with_speaker: bool = True) -> str:
    mark = ("“{}”" if q.kind == "direct" else "…{}").format(esc(clip(q.text, QUOTE_CHARS)))
    who = esc(q.speaker or "unknown speaker")
    if q.role:
        who += f", {esc(q.role)}"
    if q.speaker_uncertain:
        who += " (speaker uncertain)"
    lines = [f"💬 {mark}"]
    if with_speaker:
        lines.append(f"— <b>{who}</b>")
    elif q.speaker_uncertain:
        lines.append("<i>speaker uncertain</i>")
    context = [c for c in (when(q.said_on), esc(q.meeting) if q.meeting else "") if c]
    if context:
        lines.append(" · ".join(context))
    lines.append(f"<i>{source(q.source)}</i>")
    return "\n".join(lines)


def meeting_card_blocks(card: MeetingCard) -> tuple[str, list[str]]:
    m = card.summary
    header = f"🏛 {meeting_line(m)}"
    facts = [f"<i>{esc(m.name)}</i>"] if m.body else []
    if m.organization:
        facts.append(f"Organization: {esc(m.organization)}")
    if card.participants:
        facts.append(f"Members present ({len(card.participants)}): "
                     + ", ".join(flagged(c) for c in card.participants))
    if card.guests:
        facts.append("Guests: " + ", ".join(flagged(c) for c in card.guests))
    if card.speakers:
        facts.append("Spoke: " + ", ".join(esc(s) for s in card.speakers))
    facts.append("Sources:\n" + "\n".join(f"• {source(s)}" for s in card.sources))
    return header, ["\n".join(facts), *(quote_block(q) for q in card.quotes)]


def meeting_list_blocks(meetings: list[MeetingSummary],
                        speakers: dict[int, list[str]] | None = None) -> list[str]:
    blocks = []
    for m in meetings:
        line = f"🏛 {meeting_line(m)}"
        spoke = (speakers or {}).get(m.id)
        if spoke:
            line += "\nSpoke: " + ", ".join(esc(s) for s in spoke)
        reports = plural(m.reports, "report")
        blocks.append(f"{line}\n<i>{reports} · /meeting #{m.id}</i>")
    return blocks


def person_blocks(p: PersonCard) -> tuple[str, list[str]]:
    header = f"👤 <b>{esc(p.name)}</b>" + (f" — {flagged(p.country)}" if p.country else "")
    blocks = []
    if p.roles:
        lines = ["<b>Roles</b>"]
        for r in p.roles:
            of = ", ".join(esc(x) for x in (r.country, r.organization) if x)
            seen = when(r.last_seen) or when(r.first_seen)
            lines.append(f"• {esc(r.role)}" + (f" ({of})" if of else "")
                         + (f" — seen {seen}" if seen else "")
                         + f" · {plural(r.articles, 'article')}")
        blocks.append("\n".join(lines))
    if p.meetings:
        blocks.append("<b>Meetings</b>\n" + "\n".join(f"• {meeting_line(m)}" for m in p.meetings))
    said = f"{plural(p.quotes, 'quote')}, {plural(p.statements, 'reported statement')}"
    blocks.append(f"<b>Said</b>: {said}" + (f" — /quote #{p.id}" if p.quotes else ""))
    others = [a for a in p.aliases if a != p.name]
    if others:
        blocks.append("Also written: " + ", ".join(esc(a) for a in others[:8]))
    if p.sources:
        blocks.append("<b>Sources</b>\n" + "\n".join(f"• {source(s)}" for s in p.sources))
    return header, blocks


def search_blocks(hits: list[SearchHit]) -> list[str]:
    out = []
    for h in hits:
        snippet = esc(h.snippet).replace(HIGHLIGHT_START, "<b>").replace(HIGHLIGHT_END, "</b>")
        icon = "💬" if h.kind == "quote" else "📰"
        out.append(f"{icon} <b>{esc(clip(h.title, 80))}</b>\n{snippet}\n<i>{source(h.source)}</i>")
    return out


def article_blocks(card: ArticleCard) -> tuple[str, list[str]]:
    header = f"📰 {source(card.source)}"
    facts = []
    if card.meetings:
        facts.append("<b>Meetings</b>\n" + "\n".join(f"• {meeting_line(m)}"
                                                      for m in card.meetings))
    if card.people:
        facts.append("<b>People</b>: " + ", ".join(esc(p) for p in card.people))
    for org, countries in card.members.items():
        facts.append(f"<b>Members of {esc(org)}</b> ({len(countries)}): "
                     + ", ".join(flagged(c) for c in countries))
    if not facts and not card.quotes:
        facts.append("No facts were found in this article.")
    return header, [*facts, *(quote_block(q) for q in card.quotes)]


def outcome_line(o: IngestOutcome) -> str:
    """One upload's result, e.g. "Added 'Title' (#12): 1 meeting (4th Interior Ministers,
    Tehran), 1 person, 7 quotes, 10 members of ECO. New: Oman (guest of ECO)."."""
    name = esc(clip(o.title or o.name, 80))
    if o.status == "duplicate":
        kind = "a near-duplicate of" if o.near_duplicate else "already known as"
        stored = f" “{esc(clip(o.duplicate_title, 80))}”" if o.duplicate_title else ""
        return f"⏭ “{name}” is {kind} #{o.duplicate_of}{stored}; not stored again."
    if o.status == "failed":
        return f"❌ {esc(o.name)}: {esc(o.reason or 'failed')}"
    c = o.counts
    parts = []
    if c.get("meetings"):
        parts.append(plural(c["meetings"], "meeting")
                     + (f" ({esc('; '.join(o.meetings))})" if o.meetings else ""))
    if c.get("people"):
        parts.append(plural(c["people"], "person"))
    if c.get("quotes"):
        parts.append(plural(c["quotes"], "quote"))
    if c.get("statements"):
        parts.append(plural(c["statements"], "statement"))
    for org, n in o.members.items():
        parts.append(f"{plural(n, 'member')} of {esc(org)}")
    learned = ", ".join(parts) if parts else "no facts found (stored, so it can be searched)"
    line = f"✅ Added “{name}” (#{o.article_id}): {learned}."
    if o.new_facts:
        line += " New: " + esc(", ".join(o.new_facts[:8])) + "."
    return line
