"""The extractor on articles written for these tests in many styles (outlets, title orders,
quotation styles, organizations) — it is judged on articles it has never seen."""

from __future__ import annotations

from datetime import date

from knowledge.extract.pipeline import extract


def people(text: str, **kw: object) -> dict[str, tuple[str | None, str | None]]:
    return {p.name: (p.role, p.country) for p in extract(text, **kw).people}  # type: ignore[arg-type]


def quotes(text: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in extract(text).quotes]


def test_title_orders() -> None:
    text = ("Aidos Temirbekov, Kazakhstan's foreign minister, said on Friday that trade must grow. "
            "The foreign minister of Uzbekistan, Bakhtiyor Saidov, agreed with him. "
            "Kyrgyz FM Jeenbek Kulubaev also spoke.")
    found = people(text)
    assert found["Aidos Temirbekov"] == ("Foreign Minister", "Kazakhstan")
    assert found["Bakhtiyor Saidov"] == ("Foreign Minister", "Uzbekistan")
    assert found["Jeenbek Kulubaev"] == ("Foreign Minister", "Kyrgyzstan")


def test_organization_official_and_counterpart() -> None:
    text = ("ECO Secretary-General Asad Khan opened the session. Pakistani Foreign Minister "
            "Ishaq Dar met his Turkish counterpart Hakan Fidan on the sidelines.")
    found = {p.name: p for p in extract(text).people}
    assert found["Asad Khan"].role == "Secretary-General"
    assert found["Asad Khan"].organization == "ECO"
    assert (found["Hakan Fidan"].role, found["Hakan Fidan"].country) == ("Foreign Minister",
                                                                          "Turkey")


def test_inverted_and_pronoun_attribution() -> None:
    text = ("Azerbaijani President Ilham Aliyev welcomed the guests.\n"
            "“Our doors are open to every neighbour in the region,” said Aliyev.\n"
            "He added: “Trade corridors will bring our nations closer together.”")
    got = quotes(text)
    assert got == [
        ("Ilham Aliyev", "Our doors are open to every neighbour in the region"),
        ("Ilham Aliyev", "Trade corridors will bring our nations closer together."),
    ]


def test_quote_continued_across_paragraphs() -> None:
    text = ("Tajik President Emomali Rahmon addressed the forum.\n"
            "“Water is the most precious resource of our region, and we must share it fairly.\n"
            "“No country can solve the water crisis alone,” Rahmon said.")
    got = quotes(text)  # one quote over both paragraphs (corpus README, issue #11)
    assert len(got) == 1 and got[0][0] == "Emomali Rahmon"
    assert got[0][1].startswith("Water is the most precious")
    assert got[0][1].endswith("share it fairly. No country can solve the water crisis alone")


def test_names_in_quotation_marks_are_not_quotes() -> None:
    text = ("Ministers discussed the “Silk Road Vision 2040” and the “ECO Trade Agreement”, "
            "known as “ECOTA”. The minister called it “a turning point for the whole region”.")
    assert [t for _, t in quotes(text)] == ["a turning point for the whole region"]


def test_single_quotes_and_apostrophes() -> None:
    text = ("Turkmen Foreign Minister Rashid Meredov said the region’s ministers were ready. "
            "‘We will sign the road agreement this year,’ Meredov said.")
    assert quotes(text) == [("Rashid Meredov", "We will sign the road agreement this year")]


def test_ministry_speaks_for_itself() -> None:
    facts = extract("Iran's Foreign Ministry said that the talks would resume in Tehran.")
    assert [(s.speaker, s.speaker_kind) for s in facts.statements] == [
        ("Iran Foreign Ministry", "organization")]


def test_other_organizations_and_meetings() -> None:
    text = ("ASTANA (Kazinform) – The 24th Meeting of the Council of Heads of State of the "
            "Shanghai Cooperation Organisation (SCO) opened in Astana on Thursday.\n"
            "The recent summit in Tashkent showed the bloc's unity, officials said.")
    facts = extract(text)
    assert facts.source == "Kazinform" and facts.dateline_place == "Astana"
    main = facts.meetings[0]
    assert (main.organization, main.ordinal, main.city, main.country, main.is_main) == (
        "SCO", 24, "Astana", "Kazakhstan", True)
    assert main.body == "Council of Heads of State"
    other = facts.meetings[1]
    assert (other.body, other.city, other.is_main) == ("Summit", "Tashkent", False)


def test_membership_lists_members_and_observers() -> None:
    text = ("The Gulf Cooperation Council (GCC) has six member countries — Bahrain, Kuwait, Oman, "
            "Qatar, Saudi Arabia and the United Arab Emirates. Iran and Turkey attended as "
            "observers. Observer states Mongolia and Belarus were also invited.")
    facts = extract(text)
    assert facts.members() == {"GCC": ["Bahrain", "Kuwait", "Oman", "Qatar", "Saudi Arabia",
                                       "United Arab Emirates"]}
    observers = {m.country for m in facts.memberships if m.status == "observer"}
    assert {"Mongolia", "Belarus"} <= observers


def test_guests_are_not_members_and_attendance() -> None:
    text = ("The 5th Meeting of Energy Ministers of the Economic Cooperation Organization (ECO) "
            "opened in Baku on Monday. Ministers from Iran, Pakistan and Turkey, along with "
            "representatives from Iraq and Qatar as special guests, attended the meeting.")
    meeting = extract(text).meetings[0]
    assert meeting.participants == ["Iran", "Pakistan", "Turkey"]
    assert meeting.guests == ["Iraq", "Qatar"]
    assert extract(text).members() == {}


def test_dateline_dates_and_weekdays() -> None:
    text = ("BAKU, June 2 (Trend) – The 3rd Meeting of Transport Ministers of the Economic "
            "Cooperation Organization (ECO) opened in Tehran on Monday.")
    undated = extract(text)
    assert (undated.source, undated.published, undated.published_precision) == (
        "Trend", "--06-02", "day-no-year")
    assert undated.dateline_place == "Baku"
    assert undated.meetings[0].city == "Tehran"  # the dateline is where it was filed
    assert undated.meetings[0].date is None
    dated = extract(text, published=date(2025, 6, 4))
    assert dated.meetings[0].date == "2025-06-02"  # the Monday before publication



def test_a_weekday_counts_back_from_a_dated_dateline_when_no_date_is_given() -> None:
    text = ("NAIROBI, Kenya, March 3, 2026 (Reuters) – Leaders of the East African Community "
            "(EAC) met here on Friday for their 12th Ordinary Summit.")
    assert extract(text).meetings[0].date == "2026-02-27"  # the Friday before Tuesday 3 March
    # a publication date given with the upload is the one counted back from
    assert extract(text, published=date(2026, 3, 10)).meetings[0].date == "2026-03-06"

def test_descriptors_link_back() -> None:
    text = ("Iranian Foreign Minister Abbas Araghchi arrived in Ashgabat on Sunday. "
            "The top Iranian diplomat said that the two sides would expand trade. "
            "The minister also stressed that rail links were a priority.")
    facts = extract(text)
    assert [s.speaker for s in facts.statements] == ["Abbas Araghchi", "Abbas Araghchi"]


def test_spans_point_at_the_text() -> None:
    text = "Tajik President Emomali Rahmon said “the council must act now on water sharing”."
    facts = extract(text)
    person = facts.people[0]
    assert text[person.span.start:person.span.end] == "Emomali Rahmon"
    quote = facts.quotes[0]
    assert text[quote.span.start:quote.span.end] == "the council must act now on water sharing"


def test_no_facts_in_plain_prose() -> None:
    facts = extract("The weather was pleasant and the markets were calm this week.")
    assert not (facts.people or facts.quotes or facts.meetings or facts.memberships)
