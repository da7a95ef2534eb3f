"""Memory: facts from many articles become one knowledge base; ingest is atomic and idempotent."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from knowledge import corrections
from knowledge.ingest.document import Document
from knowledge.models import (
    Alias,
    Article,
    Entity,
    LinkReview,
    Meeting,
    MeetingReport,
    MembershipClaim,
    Mention,
    Quote,
)
from knowledge.uploads import ingest_paths


def doc(text: str, name: str = "a.txt") -> Document:
    return Document(filename=name, text=text, format="txt")


def count(memory, model, *where) -> int:
    with memory.db.session() as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def names(memory, kind: str) -> list[str]:
    with memory.db.session() as s:
        return sorted(s.exec(select(Entity.name).where(Entity.kind == kind)))


ALIYEV_1 = """Azerbaijan Hosts Regional Talks
BAKU (Trend) – Azerbaijani President Ilham Aliyev received the delegations on Tuesday.
"Our doors are open to every neighbour," Ilham Aliyev said at the opening session.
"""
ALIYEV_2 = """A Look Back at Azerbaijan's Early Years
The late Azerbaijani President Heydar Aliyev founded the country's modern oil strategy.
Heydar Aliyev said in 1994 that "oil is our greatest wealth and our greatest duty."
"""
ALIYEV_3 = """Leaders Gather for Caspian Forum
ASHGABAT – Officials from five Caspian states met on Friday for a forum on shipping.
Aliyev said that the Caspian Sea should remain a zone of peace and cooperation.
"""


@pytest.fixture
def corpus_memory(memory, corpus):
    outcomes = list(ingest_paths(memory, [corpus / "articles"], _limits(), by="test"))
    assert [o.status for o in outcomes] == ["added"] * 3, [o.reason for o in outcomes]
    return memory


def _limits():
    from knowledge.ingest.limits import Limits

    return Limits()


def test_corpus_one_entity_per_real_thing(corpus_memory) -> None:
    people = names(corpus_memory, "person")
    for person in ("Masoud Pezeshkian", "Mohammad Javad Zarif", "Emomali Rahmon",
                   "Raşit Meredow", "Hassan Rouhani"):
        assert people.count(person) == 1, people
    assert not any(p in people for p in ("Pezeshkian", "President Pezeshkian", "Zarif")), people
    countries = names(corpus_memory, "country")
    assert "Turkey" in countries and "Türkiye" not in countries
    assert len(countries) == len(set(countries))


def test_corpus_tehran_meeting_is_one_meeting_with_both_reports(corpus_memory) -> None:
    with corpus_memory.db.session() as s:
        tehran = s.exec(select(Entity).where(Entity.kind == "city", Entity.name == "Tehran")).one()
        meetings = s.exec(select(Meeting).where(Meeting.ordinal == 4)).all()
        assert len(meetings) == 1
        assert meetings[0].city_id == tehran.id
        reports = s.exec(select(MeetingReport.article_id)
                         .where(MeetingReport.meeting_id == meetings[0].id)).all()
        assert len(set(reports)) == 2
        iran = s.exec(select(Entity).where(Entity.kind == "country", Entity.name == "Iran")).one()
        assert tehran.country_id == iran.id


def test_corpus_members_merged_with_evidence(corpus_memory) -> None:
    with corpus_memory.db.session() as s:
        eco = s.exec(select(Alias.entity_id).where(Alias.folded == "eco")).first()
        rows = s.exec(select(MembershipClaim.country_id, func.count())
                      .where(MembershipClaim.organization_id == eco,
                             MembershipClaim.status == "member")
                      .group_by(MembershipClaim.country_id)).all()
    assert len(rows) == 10
    assert all(n == 2 for _, n in rows)  # two articles list all ten members


def test_reingest_is_a_noop(corpus_memory, corpus) -> None:
    before = {m.__name__: count(corpus_memory, m) for m in (Article, Entity, Quote, Mention)}
    outcomes = list(ingest_paths(corpus_memory, [corpus / "articles"], _limits(), by="test"))
    assert {o.status for o in outcomes} == {"duplicate"}
    assert all(o.duplicate_of for o in outcomes)
    after = {m.__name__: count(corpus_memory, m) for m in (Article, Entity, Quote, Mention)}
    assert before == after


def test_near_duplicate_with_other_headline_is_reported(memory) -> None:
    body = ALIYEV_1.split("\n", 1)[1] * 3
    first = memory.ingest(doc("Headline One\n" + body))
    second = memory.ingest(doc("A Different Headline Entirely\n" + body, "b.txt"))
    assert first.status == "added"
    assert second.status == "duplicate" and second.near_duplicate
    assert second.duplicate_of == first.article_id
    assert count(memory, Article) == 1


def test_failing_article_leaves_no_rows(memory, monkeypatch: pytest.MonkeyPatch) -> None:
    import knowledge.memory as mem

    def boom(self, facts):
        self.session.flush()
        raise RuntimeError("crash in the middle of storing facts")

    monkeypatch.setattr(mem._Linker, "write", boom)
    with pytest.raises(RuntimeError):
        memory.ingest(doc(ALIYEV_1))
    for model in (Article, Entity, Alias, Mention, Quote, Meeting):
        assert count(memory, model) == 0, model.__name__
    monkeypatch.undo()
    assert memory.ingest(doc(ALIYEV_1)).status == "added"  # and it can be ingested again


def test_people_sharing_a_surname_are_not_merged(memory) -> None:
    memory.ingest(doc(ALIYEV_1, "1.txt"))
    memory.ingest(doc(ALIYEV_2, "2.txt"))
    people = names(memory, "person")
    assert "Ilham Aliyev" in people and "Heydar Aliyev" in people
    memory.ingest(doc(ALIYEV_3, "3.txt"))
    # a bare "Aliyev" cannot be told apart: recorded for an admin, not merged silently
    assert count(memory, LinkReview) >= 1
    resolution = memory.index.resolve("Aliyev", kind="person")
    assert resolution.decision == "ambiguous"


def test_summit_reports_merge_and_delete_removes_what_only_one_said(corpus_memory) -> None:
    """"The recent ECO Summit in Azerbaijan" (one article) and "the recent summit in Khankandi,
    Azerbaijan" (another) are one meeting; deleting the second removes only what it said."""
    with corpus_memory.db.session() as s:
        second = s.exec(select(Article.id).where(Article.filename.like("002%"))).one()
        summits = s.exec(select(Meeting).where(Meeting.body == "Summit")).all()
        assert len(summits) == 1
        khankandi = s.exec(select(Entity.id).where(Entity.name == "Khankandi")).one()
        assert summits[0].city_id == khankandi
    assert corpus_memory.delete_article(second)
    with corpus_memory.db.session() as s:
        # the Tehran meeting stays (another article reports it) with one report left
        meeting = s.exec(select(Meeting).where(Meeting.ordinal == 4)).one()
        assert len(s.exec(select(MeetingReport).where(
            MeetingReport.meeting_id == meeting.id)).all()) == 1
        summit = s.exec(select(Meeting).where(Meeting.body == "Summit")).one()
        assert summit.city_id is None  # only the deleted article placed it in Khankandi
        assert "Khankandi" not in s.exec(select(Entity.name)).all()
    assert count(corpus_memory, Quote, Quote.article_id == second) == 0


def test_reindex_keeps_admin_corrections(corpus_memory) -> None:
    with corpus_memory.db.session() as s:
        zarif = s.exec(select(Entity.id).where(Entity.name == "Mohammad Javad Zarif")).one()
    corpus_memory.apply(lambda s: corrections.add_alias(s, zarif, "Dr. Zarif", actor="t"))
    corpus_memory.apply(lambda s: corrections.rename(s, zarif, "Javad Zarif", actor="t"))
    quotes_before = count(corpus_memory, Quote)
    assert corpus_memory.reindex() == 3
    assert count(corpus_memory, Quote) == quotes_before
    assert "Javad Zarif" in names(corpus_memory, "person")
    assert "Mohammad Javad Zarif" not in names(corpus_memory, "person")
    result = corpus_memory.index.resolve("Dr. Zarif", kind="person")
    assert result.decision == "match" and result.matches[0].name == "Javad Zarif"


def test_merge_then_reindex_stays_merged(memory) -> None:
    memory.ingest(doc(ALIYEV_1, "1.txt"))
    memory.ingest(doc(ALIYEV_2, "2.txt"))
    with memory.db.session() as s:
        ilham = s.exec(select(Entity.id).where(Entity.name == "Ilham Aliyev")).one()
        heydar = s.exec(select(Entity.id).where(Entity.name == "Heydar Aliyev")).one()
    memory.apply(lambda s: corrections.merge(s, ilham, heydar, actor="t"))
    assert "Heydar Aliyev" not in names(memory, "person")
    memory.reindex()
    assert "Heydar Aliyev" not in names(memory, "person")
    with memory.db.session() as s:
        speakers = set(s.exec(select(Quote.speaker_id).where(Quote.kind == "direct")))
    assert speakers == {ilham}


def test_member_and_guest_claims_both_kept(memory) -> None:
    memory.ingest(doc("""Oman Joins Talks
The Economic Cooperation Organization (ECO) opened its 5th Meeting of Transport Ministers in
Islamabad on Monday, with representatives from Oman as special guests.
""", "1.txt"))
    memory.ingest(doc("""A New Member
The Gulf Cooperation Council (GCC) has six member countries — Bahrain, Kuwait, Oman, Qatar,
Saudi Arabia and the United Arab Emirates.
""", "2.txt"))
    with memory.db.session() as s:
        oman = s.exec(select(Entity.id).where(Entity.name == "Oman")).one()
        statuses = set(s.exec(select(MembershipClaim.status).where(
            MembershipClaim.country_id == oman)))
    assert {"member", "guest"} <= statuses  # member of the GCC, guest of the ECO: both kept


SHIPPING = """Shipping Talks Open in Muscat
Delegates from Oman and Qatar met in Muscat on Monday to discuss shipping lanes and port fees.
"""


def test_entities_remembered_between_articles_forget_deleted_ones(memory) -> None:
    """Ingest keeps entities between articles; a deletion that prunes them must not leave the
    next article pointing at rows that are gone."""
    first = memory.ingest(doc(SHIPPING, "one.txt"))
    with memory.db.session() as s:
        qatar = s.exec(select(Entity.id).where(Entity.name == "Qatar")).one()
    assert memory.delete_article(first.article_id)
    assert count(memory, Entity, Entity.id == qatar) == 0  # nothing else named Qatar
    again = memory.ingest(doc(SHIPPING.replace("Monday", "Tuesday") + "Fees rose.\n", "two.txt"))
    assert again.status == "added", again.reason
    with memory.db.session() as s:
        place = s.exec(select(Entity).where(Entity.name == "Qatar")).one()
        assert s.exec(select(func.count()).select_from(Mention)
                      .where(Mention.entity_id == place.id)).one() == 1


def test_failed_article_teaches_the_next_one_nothing(memory, monkeypatch) -> None:
    """What a rolled-back article created is not remembered for the next one."""
    from knowledge import memory as memory_module

    real = memory_module._Linker.memberships

    def boom(self, facts):
        real(self, facts)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(memory_module._Linker, "memberships", boom)
    with pytest.raises(RuntimeError):
        memory.ingest(doc(SHIPPING, "one.txt"))
    assert count(memory, Entity) == 0
    monkeypatch.undo()
    assert memory.ingest(doc(SHIPPING, "one.txt")).status == "added"
    assert names(memory, "country") == ["Oman", "Qatar"]
    assert names(memory, "city") == ["Muscat"]
    assert count(memory, Mention) == 3  # Oman, Qatar, Muscat


def _facts_snapshot(memory) -> dict[str, list]:
    with memory.db.session() as s:
        return {
            "articles": sorted(s.exec(select(Article.filename, Article.title))),
            "entities": sorted(s.exec(select(Entity.kind, Entity.name))),
            "aliases": sorted(s.exec(select(Alias.alias, Alias.alias_kind))),
            "mentions": sorted(s.exec(select(Mention.surface, Mention.start))),
            "quotes": sorted(s.exec(select(Quote.kind, Quote.speaker_name, Quote.text))),
            "meetings": sorted(s.exec(select(Meeting.name, Meeting.held_on))),
            "members": sorted(s.exec(select(MembershipClaim.country_id,
                                            MembershipClaim.status))),
        }


def test_worker_extraction_stores_the_same_facts(tmp_path) -> None:
    """`workers=1` (extraction in another process) stores exactly what in-process ingest does,
    in the same order, and still reports bad files and duplicates."""
    from bot.runtime import DEMO_DIR
    from knowledge.db import Database
    from knowledge.memory import Memory

    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(DEMO_DIR.glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "zz-copy.txt").write_bytes(sorted(DEMO_DIR.glob("*.txt"))[0].read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    runs = {}
    for workers in (0, 1):
        db = Database(f"sqlite:///{tmp_path / f'w{workers}.db'}")
        db.upgrade()
        memory = Memory(db)
        outcomes = list(ingest_paths(memory, [folder], _limits(), by="test", workers=workers))
        runs[workers] = ([(o.name, o.status, o.counts) for o in outcomes],
                         _facts_snapshot(memory))
        db.dispose()
    assert runs[0] == runs[1]
    statuses = [status for _, status, _ in runs[1][0]]
    assert statuses.count("failed") == 1 and statuses.count("duplicate") == 1
    assert statuses.count("added") == len(list(DEMO_DIR.glob("*.txt")))


def _tally_and_truth(memory) -> tuple[list, list]:
    from knowledge.models import MembershipTally

    with memory.db.session() as s:
        tally = sorted(s.exec(select(MembershipTally.organization_id, MembershipTally.country_id,
                                     MembershipTally.status, MembershipTally.articles,
                                     MembershipTally.latest_article_id)).all())
        truth = sorted(s.exec(
            select(MembershipClaim.organization_id, MembershipClaim.country_id,
                   MembershipClaim.status, func.count(),
                   func.max(MembershipClaim.article_id))
            .group_by(MembershipClaim.organization_id, MembershipClaim.country_id,
                      MembershipClaim.status)).all())
    return [tuple(r) for r in tally], [tuple(r) for r in truth]


def test_membership_tally_follows_every_change(memory) -> None:
    """The trigger-kept tally behind /members equals a count of the claims after ingest,
    deletion (cascades), entity merges (updates) and reindex."""
    from bot.runtime import DEMO_DIR

    outcomes = list(ingest_paths(memory, [DEMO_DIR], _limits(), by="test"))
    tally, truth = _tally_and_truth(memory)
    assert tally == truth and len(truth) >= 10
    assert memory.delete_article(outcomes[0].article_id)
    tally, truth = _tally_and_truth(memory)
    assert tally == truth
    claimed = sorted({country for _, country, *_ in truth})  # countries with claims
    assert len(claimed) >= 2
    memory.apply(lambda s: corrections.merge(s, claimed[0], claimed[1], actor="test"))
    tally, truth = _tally_and_truth(memory)
    assert tally == truth
    memory.reindex()
    tally, truth = _tally_and_truth(memory)
    assert tally == truth and truth


def test_planner_statistics_refreshed_as_memory_grows(memory, monkeypatch) -> None:
    """Every ANALYZE_EVERY articles (or a tenth of the memory) the planner's statistics are
    refreshed, so query plans do not depend on autovacuum."""
    from knowledge import memory as memory_module

    calls = []
    monkeypatch.setattr(memory_module, "ANALYZE_EVERY", 3)
    monkeypatch.setattr(memory.db, "analyze", lambda: calls.append(1))
    for i in range(7):
        memory.ingest(doc(SHIPPING.replace("Monday", f"day {i}") + f"Note {i}.\n", f"{i}.txt"))
    assert len(calls) == 2


def test_duplicate_check_reads_a_bounded_number_of_band_holders(memory, monkeypatch) -> None:
    """A band value common to templated text is held by many articles; the check reads only
    the newest BAND_HOLDERS of them, and still finds a copy among them."""
    from sqlmodel import Session

    from knowledge import memory as memory_module
    from knowledge.models import SimhashBand

    monkeypatch.setattr(memory_module, "BAND_HOLDERS", 5)
    first = memory.ingest(doc(ALIYEV_1))
    assert first.status == "added"
    with Session(memory.db.engine) as session:
        bands = [(b.band, b.value) for b in session.exec(
            select(SimhashBand).where(SimhashBand.article_id == first.article_id))]
        holders = memory_module._band_holders(session, bands, 0)
        assert holders and set(holders) == {first.article_id}
    for n in range(12):  # other stories that share every band value of the first
        other = memory.ingest(doc(f"Story {n}\nDelegation {n} of {n * 7} officials met in the "
                                  f"capital on day {n} to discuss {n * 3} shipping routes.",
                                  f"o{n}.txt"))
        assert other.status == "added", other.reason
        with Session(memory.db.engine) as session:
            session.add_all(SimhashBand(article_id=other.article_id, band=b, value=v)
                            for b, v in bands)
            session.commit()
    with Session(memory.db.engine) as session:
        holders = memory_module._band_holders(session, bands, 0)
    assert len(holders) == 5 * len(bands)  # the newest five per band, not all thirteen
    assert first.article_id not in holders
