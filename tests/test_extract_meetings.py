"""The article's main meeting as a document-level decision, on short texts of our own written
for each class of news language: organs named with a number, ordinals in words, hosts and
venues said in other sentences, references to earlier and later meetings, virtual meetings."""

from __future__ import annotations

import pytest

from knowledge.extract.facts import MeetingFact
from knowledge.extract.pipeline import extract


def _meetings(text: str) -> list[MeetingFact]:
    return extract(text).meetings


def _main(text: str) -> MeetingFact:
    mains = [m for m in _meetings(text) if m.is_main]
    assert len(mains) == 1, _meetings(text)
    return mains[0]


def _row(m: MeetingFact) -> tuple:
    return (m.organization, m.body, m.ordinal, m.city, m.country, m.date)


# --- organs named with a number: a meeting with no word for "meeting" ------------------------

@pytest.mark.parametrize(("text", "row"), [
    ("The 27th ECO Council of Ministers was held in Istanbul on 8 November 2023. Ministers "
     "adopted a report.", ("ECO", "Council of Ministers", 27, "Istanbul", "Turkey", "2023-11-08")),
    ("Bishkek hosted the 23rd SCO Council of Heads of Government on 26 October 2023.",
     ("SCO", "Council of Heads of Government", 23, "Bishkek", "Kyrgyzstan", "2023-10-26")),
    ("Delegates praised the Thirty-First CIS Council of Foreign Ministers, held in Minsk.",
     ("CIS", "Council of Foreign Ministers", 31, "Minsk", "Belarus", None)),
])
def test_a_numbered_organ_is_a_meeting(text: str, row: tuple) -> None:
    assert _row(_main(text)) == row


def test_an_organ_without_a_number_is_no_meeting() -> None:
    assert _meetings("The ECO Council of Ministers approved the budget last year.") == []


def test_a_virtual_numbered_organ_takes_no_host_from_the_dateline() -> None:
    main = _main("ISLAMABAD - The 10th ECO Council of Ministers was held virtually on 4 March "
                 "2021. Foreign minister Jamal Arif of Pakistan addressed the meeting.")
    assert _row(main) == ("ECO", "Council of Ministers", 10, None, None, "2021-03-04")


@pytest.mark.parametrize(("word", "number"), [
    ("Sixteenth", 16), ("twentieth", 20), ("Twenty-Fifth", 25), ("fortieth", 40)])
def test_ordinals_in_words(word: str, number: int) -> None:
    main = _main(f"The {word} Summit of the Organisation of Islamic Cooperation opened in Cairo "
                 "on 6 February 2013.")
    assert (main.ordinal, main.city, main.organization) == (number, "Cairo", "OIC")


# --- the body is the subject: "BODY held its Nth session", "BODY will meet in X" ---------------

@pytest.mark.parametrize(("text", "row"), [
    ("The Supreme Council of the Gulf Cooperation Council held its 45th session in Doha on 1 "
     "December 2024.", ("GCC", "Supreme Council", 45, "Doha", "Qatar", "2024-12-01")),
    ("The African Union Executive Council opened its 44th Ordinary Session in Addis Ababa on "
     "14 February 2024.", ("AU", "Executive Council", 44, "Addis Ababa", "Ethiopia",
                           "2024-02-14")),
    ("The SCO Heads of Government Council held its 22nd meeting in Bishkek on 25 October 2023.",
     ("SCO", "Heads of Government Council", 22, "Bishkek", "Kyrgyzstan", "2023-10-25")),
])
def test_the_subject_names_the_body_of_its_numbered_session(text: str, row: tuple) -> None:
    assert _row(_main(text)) == row


def test_a_body_that_will_meet_keeps_its_long_name_and_date_and_not_the_dateline() -> None:
    main = _main("MOSCOW, June 2 (TASS) - The Council of Heads of State of the Shanghai "
                 "Cooperation Organisation will meet in Astana on July 4, 2024, aides said.")
    assert _row(main) == ("SCO", "Council of Heads of State", None, "Astana", "Kazakhstan",
                          "2024-07-04")


# --- the organization the article is about ---------------------------------------------------

def test_an_undefined_acronym_before_the_meeting_is_its_organization() -> None:
    text = ("The 21st ECCAS summit opened in Libreville on 3 March 2025. The European Union "
            "pledged funds, and a European Union envoy, Carla Moretti, attended. Ministers "
            "will meet in Kinshasa next year, and the 20th Extraordinary Summit, held in "
            "Malabo, was recalled.")
    meetings = {(m.organization, m.ordinal, m.city) for m in _meetings(text)}
    assert ("ECCAS", 21, "Libreville") in meetings
    assert ("ECCAS", 20, "Malabo") in meetings  # no organization of its own: the article's
    assert not any(m.organization == "EU" for m in _meetings(text))


def test_an_acronym_after_the_full_name_names_the_organization_of_the_meeting() -> None:
    main = _main("The Twelfth Regular Meeting of the Council of Ministers of the Latin American "
                 "Integration Association (ALADI) was held in Lima on 5 May 2025.")
    assert _row(main) == ("ALADI", "Council of Ministers", 12, "Lima", "Peru", "2025-05-05")


@pytest.mark.parametrize("acronym", ["SOM", "US", "COVID-19", "ICT"])
def test_meeting_acronyms_and_countries_are_no_organizations(acronym: str) -> None:
    assert all(m.organization != acronym for m in _meetings(
        f"The {acronym} meeting was held in Geneva on 3 May 2024."))


# --- small capitals and countries named like their capital -----------------------------------

@pytest.mark.parametrize(("text", "city", "country"), [
    ("The 33rd OECS Authority meeting was held in Roseau on 4 June 2025.", "Roseau", "Dominica"),
    ("The 12th summit of the Council of the Baltic Sea States was held in Valletta.",
     "Valletta", "Malta"),
    ("Singapore will host the 48th ASEAN Summit in 2026, the chair said.", "Singapore",
     "Singapore"),
    ("Luxembourg hosted the 20th EU-Asia ministerial meeting of the Asia-Europe Meeting (ASEM).",
     "Luxembourg", "Luxembourg"),
])
def test_small_capitals_and_countries_named_like_their_capital(text: str, city: str,
                                                               country: str) -> None:
    main = _main(text)
    assert (main.city, main.country) == (city, country)


def test_a_country_with_a_capital_of_another_name_gives_no_city() -> None:
    main = _main("Kenya will host the 15th Ordinary Summit of the East African Community.")
    assert (main.city, main.country) == (None, "Kenya")


# --- dates: the first day of a range, only where day and year are fixed; "scheduled for … in X"

@pytest.mark.parametrize(("when", "day"), [
    ("from 3 to 6 July 2026", "2026-07-03"), ("on 3-4 June 2025", "2025-06-03"),
    ("on 30 June - 2 July 2025", "2025-06-30"), ("on June 30 to July 2, 2025", "2025-06-30"),
    ("on the 3rd and 4th of June 2025", "2025-06-03"), ("on November 23-24, 2023", "2023-11-23"),
    ("in November 2021", None), ("on 8 March", None),
])
def test_the_first_day_of_a_range_and_no_date_without_day_and_year(when: str,
                                                                   day: str | None) -> None:
    main = _main(f"The 9th BIMSTEC Summit was held in Bangkok {when}.")
    assert (main.date if main.date_precision == "day" else None) == day


def test_a_scheduled_meeting_takes_its_place_after_the_date() -> None:
    text = ("The conclusions will go to the 69th Ordinary Session of the Authority of Heads of "
            "State and Government of ECOWAS, scheduled for 21 June 2026 in Abuja.")
    main = _main(text)
    assert (main.city, main.date, main.ordinal) == ("Abuja", "2026-06-21", 69)


def test_an_ordinal_before_a_capitalised_word_is_no_day() -> None:
    main = _main("Ministers reviewed the 4th Ministerial Meeting on Tourism of the ECO in Baku.")
    assert (main.city, main.date, main.ordinal) == ("Baku", None, 4)


# --- "met in X, where …", "gathered in X for …": the venue before the meeting's name ---------

@pytest.mark.parametrize(("text", "row"), [
    ("Last month the bloc met in Tbilisi, where the Council of Ministers of Foreign Affairs "
     "of the BSEC held its 50th meeting.",
     ("BSEC", "Council of Ministers of Foreign Affairs", 50, "Tbilisi", "Georgia", None)),
    ("Leaders of the Shanghai Cooperation Organisation gathered in Astana for the bloc's 24th "
     "summit on 3 July 2024.", ("SCO", "Summit", 24, "Astana", "Kazakhstan", "2024-07-03")),
    ("Foreign ministers arrived in Vientiane on Monday to attend the 57th ASEAN Foreign "
     "Ministers' Meeting.", ("ASEAN", "Foreign Ministers", 57, "Vientiane", "Laos", None)),
])
def test_a_venue_before_the_meeting_linked_by_where_or_for(text: str, row: tuple) -> None:
    assert _row(_main(text)) == row



# --- organs that meet with no place, or "in the same city" ------------------------------------

def test_an_organ_that_met_is_a_meeting_of_the_articles_organization() -> None:
    text = ("The 30th ECCAS Summit opened in Libreville on Monday. The Council of Ministers, "
            "which met on Friday to prepare the summit, approved the budget.")
    rows = {(m.organization, m.body, m.city, m.is_main) for m in _meetings(text)}
    assert rows == {("ECCAS", "Summit", "Libreville", True),
                    ("ECCAS", "Council of Ministers", None, False)}


@pytest.mark.parametrize(("host", "city", "country"), [
    ("Djibouti", "Djibouti", "Djibouti"), ("Kampala", "Kampala", "Uganda"),
    ("Kenya", None, "Kenya")])
def test_the_same_city_is_the_last_place_named(host: str, city: str | None,
                                               country: str) -> None:
    text = (f"{host} will host the 16th Ordinary Summit of the IGAD Assembly of Heads of State "
            "and Government on 9 December 2026. The Council of Ministers will meet in the same "
            "city on 8 December.")
    rows = {(m.body, m.city, m.country) for m in _meetings(text)}
    assert rows == {("Summit of Assembly of Heads of State and Government", city, country),
                    ("Council of Ministers", city, country)}, rows


def test_a_council_met_far_from_its_subject_is_no_meeting() -> None:
    text = ("The 30th ECCAS Summit opened in Libreville. The Council of Ministers said the "
            "ministers it sent had met on Friday.")
    assert [m.body for m in _meetings(text)] == ["Summit"]


# --- earlier meetings: "in the same city", a series "in X in 2017 and in Y in 2022" ----------

def test_an_earlier_meeting_in_the_same_city() -> None:
    text = ("The 15th BRICS summit opened in Johannesburg on 22 August 2023. Ten years earlier, "
            "the 5th BRICS summit was held in the same city.")
    rows = {(m.ordinal, m.city, m.is_main) for m in _meetings(text)}
    assert rows == {(15, "Johannesburg", True), (5, "Johannesburg", False)}


def test_a_series_of_earlier_summits_with_years() -> None:
    text = ("Ministers of the Organization of the Black Sea Economic Cooperation (BSEC) met in "
            "Tirana on 3 June 2025. Jubilee summits followed in Yerevan in 2012 and in Sofia "
            "in 2019.")
    rows = {(m.organization, m.city, m.is_main) for m in _meetings(text)}
    assert ("BSEC", "Yerevan", False) in rows and ("BSEC", "Sofia", False) in rows, rows


def test_a_declaration_named_after_a_summit_is_no_meeting() -> None:
    text = ("Leaders signed the Summit Declaration in Istanbul on 25 June 1992. The 33rd "
            "meeting of the BSEC Council of Ministers of Foreign Affairs was held in Baku.")
    main = _main(text)
    assert (main.ordinal, main.city, main.date) == (33, "Baku", None)


# --- "the gathering", "the event": the main meeting's host said in another sentence -----------

@pytest.mark.parametrize(("text", "city"), [
    ("The Organization of Turkic States summit opened on Friday. Kazakhstan's capital Astana "
     "is hosting the gathering for the first time.", "Astana"),
    ("SCO leaders opened their annual summit on 4 July 2024. The two-day gathering is being "
     "held in Astana.", "Astana"),
    ("The ECO summit opened on Thursday. Uzbekistan's Tashkent hosts the event.", "Tashkent"),
])
def test_the_gathering_or_the_event_names_the_main_meetings_host(text: str, city: str) -> None:
    assert _main(text).city == city


@pytest.mark.parametrize("text", [
    "A cultural event was held in Samarkand on Friday. The ECO summit opened on Monday.",
    "Officials attended the event in Tashkent.",
])
def test_an_event_is_never_a_meeting_or_a_host_by_itself(text: str) -> None:
    assert all(m.city is None for m in _meetings(text))


# --- "the 16th edition of", a place read as a one-word name -----------------------------------

@pytest.mark.parametrize(("text", "ordinal"), [
    ("Baku hosted the 16th edition of the ECO summit.", 16),
    ("Baku hosted the twenty-first edition of the SCO summit.", 21)])
def test_the_nth_edition_of_a_meeting(text: str, ordinal: int) -> None:
    main = _main(text)
    assert (main.ordinal, main.city) == (ordinal, "Baku")


def test_a_place_before_a_verb_stays_a_place() -> None:
    text = ("The 25th summit of the Arab League opened in Kuwait City on 25 March 2014. The "
            "previous summit in Doha had called for unity.")
    rows = {(m.city, m.is_main) for m in _meetings(text)}
    assert rows == {("Kuwait City", True), ("Doha", False)}


# --- host and venue together, an acronym after the name, the subject after a dateline ---------

@pytest.mark.parametrize(("text", "row"), [
    ("The summit of the Organization of Turkic States, hosted by Uzbekistan in Samarkand, "
     "opened on 11 November 2022.", ("OTS", "Summit", None, "Samarkand", "Uzbekistan",
                                     "2022-11-11")),
    ("The Senior Officials' Meeting (SOM) of the Organisation of Islamic Cooperation opened in "
     "Jeddah on 5 February 2023.", ("OIC", "Senior Officials", None, "Jeddah", "Saudi Arabia",
                                    "2023-02-05")),
    ("ECO foreign ministers met in Istanbul on 8 November 2023 for the 27th Council of "
     "Ministers.", ("ECO", "Council of Ministers", 27, "Istanbul", "Turkey", "2023-11-08")),
    ("NEW DELHI, June 3 - The SCO Council of Heads of State held a virtual meeting on 4 July "
     "2023, chaired by India.", ("SCO", "Council of Heads of State", None, None, None,
                                 "2023-07-04")),
])
def test_host_and_venue_acronyms_and_subjects_after_a_dateline(text: str, row: tuple) -> None:
    assert _row(_main(text)) == row


# --- a headline in sentence case, then a dateline ---------------------------------------------

def test_a_sentence_case_headline_and_the_dateline_name_the_host() -> None:
    text = ("ASEAN leaders meet in Laos\n\nVIENTIANE (Reuters) - Southeast Asian leaders opened "
            "the 44th ASEAN Summit on Wednesday.")
    facts = extract(text)
    assert facts.title == "ASEAN leaders meet in Laos" and facts.dateline_place == "Vientiane"
    assert (_main(text).city, _main(text).country) == ("Vientiane", "Laos")


def test_a_first_paragraph_that_is_a_sentence_is_no_headline() -> None:
    facts = extract("The 44th ASEAN Summit opened in Vientiane on Wednesday.\n\nLeaders met.")
    assert facts.title is None


# --- "the Kazakh capital", "the venue of X was Y", a building named after a place -------------

@pytest.mark.parametrize(("text", "city", "country"), [
    ("Leaders of the CICA met in the Kazakh capital on 12 October 2022 for their sixth summit.",
     None, "Kazakhstan"),
    ("Zarif spoke at the 23rd Meeting of the ECO Council of Foreign Ministers in the Tajik "
     "capital of Dushanbe.", "Dushanbe", "Tajikistan"),
    ("The venue of the 33rd Arab League summit was Manama, Bahrain, on 16 May 2024.", "Manama",
     "Bahrain"),
])
def test_a_capital_by_nationality_and_the_venue_of(text: str, city: str | None,
                                                   country: str) -> None:
    main = _main(text)
    assert (main.city, main.country) == (city, country)


def test_a_building_named_after_a_place_is_no_host() -> None:
    main = _main("The CIS summit was held at the Palace of Independence on 14 October 2021.")
    assert (main.city, main.country) == (None, None)


def test_a_leading_participle_dates_the_meeting_and_an_acronym_names_its_organization() -> None:
    main = _main("Held in Kampala on 19 January 2024, the 19th Summit of the Non-Aligned Movement "
                 "(NAM) adopted a declaration.")
    assert _row(main) == ("NAM", "Summit", 19, "Kampala", "Uganda", "2024-01-19")


@pytest.mark.parametrize("text", [
    "She was the first Commission president from Germany.",
    "Member states adopted the 10th Committee report in Geneva.",
    "The second Council decision was published.",
])
def test_an_organ_with_a_number_that_is_no_meeting(text: str) -> None:
    assert _meetings(text) == []


def test_a_known_organization_wins_over_an_undefined_acronym_of_the_body() -> None:
    main = _main("The 12th ICT Ministerial Meeting of ASEAN was held in Hanoi.")
    assert (main.organization, main.body, main.ordinal) == ("ASEAN", "ICT Ministers", 12)


# --- "ORG ministers met in X"; a dateline of several words -------------------------------------

def test_an_organizations_ministers_who_met_are_a_meeting_of_their_own() -> None:
    text = ("CAIRO (Reuters) - Arab League foreign ministers met in Cairo on Sunday to prepare "
            "the 33rd Arab League summit, to be held in Manama on 16 May 2024.")
    rows = {(m.organization, m.body, m.ordinal, m.city, m.is_main) for m in _meetings(text)}
    assert rows == {("Arab League", "Foreign Ministers", None, "Cairo", True),
                    ("Arab League", "Summit", 33, "Manama", False)}, rows


def test_a_dateline_of_several_words_refines_a_host_country() -> None:
    text = ("G20 leaders gather in Rio\n\nRIO DE JANEIRO - Leaders of the Group of 20 gathered "
            "on Monday for a two-day summit hosted by Brazil.")
    main = _main(text)
    assert (main.organization, main.city, main.country) == ("G20", "Rio de Janeiro", "Brazil")


@pytest.mark.parametrize(("text", "city", "country"), [
    ("The 16th ECO summit, which Tashkent hosted, adopted a declaration.", "Tashkent",
     "Uzbekistan"),
    ("The 16th ECO summit opened on Monday. The host city, Tashkent, was decorated.",
     "Tashkent", "Uzbekistan"),
    ("The host of the 16th ECO summit, Uzbekistan, welcomed leaders.", None, "Uzbekistan"),
    ("The 16th ECO summit, which Iran attended, ended.", None, None),
])
def test_which_x_hosted_the_host_city_and_the_host_of(text: str, city: str | None,
                                                      country: str | None) -> None:
    main = _main(text)
    assert (main.city, main.country) == (city, country)


def test_a_subject_with_its_acronym_names_the_body() -> None:
    main = _main("The OIC Council of Foreign Ministers (CFM) will hold its 51st session in "
                 "Istanbul on 21 June 2025.")
    assert _row(main) == ("OIC", "Council of Foreign Ministers", 51, "Istanbul", "Turkey",
                          "2025-06-21")


def test_a_session_named_by_its_subject_carries_the_body_in_its_name() -> None:
    main = _main("The Executive Council of the African Union opened its 44th Ordinary Session in "
                 "Addis Ababa.")
    assert main.name == "44th Ordinary Session of the Executive Council"


@pytest.mark.parametrize(("text", "city"), [
    ("The EAC summit, which was scheduled for Arusha on 30 November 2024, was postponed.",
     "Arusha"),
    ("The EAC summit, which was scheduled for Monday, was postponed.", None),
])
def test_scheduled_for_a_city(text: str, city: str | None) -> None:
    assert _main(text).city == city


# --- a dateline that names the city's country or region before the date ----------------------

@pytest.mark.parametrize(("text", "row"), [
    ("NAIROBI, Kenya, March 3, 2026 (Reuters) – Leaders of the East African Community (EAC) met "
     "here on Friday for their 12th Ordinary Summit and agreed on a road plan.",
     ("EAC", "Summit", 12, "Nairobi", "Kenya")),
    ("DODOMA, Tanzania, Nov. 4 – Heads of State of the Southern African Development Community "
     "(SADC) met here on Tuesday for their 30th Ordinary Summit.",
     ("SADC", "Summit", 30, "Dodoma", "Tanzania")),
])
def test_a_dateline_with_a_country_places_the_meeting(text: str, row: tuple) -> None:
    assert _row(_main(text))[:5] == row


# --- "gathered at the headquarters of … in X": a building between the verb and the city -------

@pytest.mark.parametrize(("text", "row"), [
    ("Ministers gathered at the headquarters of the World Trade Organization in Geneva on "
     "Tuesday for the 14th ministerial conference, with the war in Ukraine on the agenda.",
     ("WTO", 14, "Geneva", "Switzerland")),
    ("Finance ministers met at the bank's offices in Manila on 3 May for the 59th Annual Meeting "
     "of the ADB, amid the crisis in Myanmar.", ("ADB", 59, "Manila", "Philippines")),
    ("Leaders met at the Kempinski hotel in Accra for the 71st ECOWAS summit.",
     ("ECOWAS", 71, "Accra", "Ghana")),
])
def test_a_venue_building_before_the_city(text: str, row: tuple) -> None:
    m = _main(text)
    assert (m.organization, m.ordinal, m.city, m.country) == row


def test_a_later_meeting_that_will_take_place_in_a_city() -> None:
    text = ("Ministers met in Lima on Monday for the 33rd APEC ministerial meeting, ahead of the "
            "APEC Economic Leaders' Meeting, which will take place in Santiago in November.")
    leaders = [m for m in _meetings(text) if not m.is_main]
    assert [(m.organization, m.city, m.country) for m in leaders] == [("APEC", "Santiago",
                                                                         "Chile")]


# --- "the Council at the ministerial level": the level is part of the body ---------------------

@pytest.mark.parametrize(("text", "body"), [
    ("The 150th session of the GCC Ministerial Council at the level of foreign ministers opened "
     "in Riyadh on Sunday.", "Ministerial Council at the level of foreign ministers"),
    ("The 44th Ordinary Session of the AU Executive Council at the ministerial level was held in "
     "Accra.", "Executive Council at the ministerial level"),
])
def test_the_level_of_a_council_is_its_body(text: str, body: str) -> None:
    assert _main(text).body == body


# --- a town the gazetteer lacks, placed in a country by the text ------------------------------

@pytest.mark.parametrize(("text", "row"), [
    ("The 20th summit of the Commonwealth of Independent States (CIS) was held in Cholpon-Ata, "
     "Kyrgyzstan, on 5 May 2026.", ("CIS", 20, "Cholpon-Ata", "Kyrgyzstan")),
    ("Ministers of the Organization of Turkic States (OTS) met in the resort town of Sheki, "
     "Republic of Azerbaijan, for their 9th meeting. The 9th meeting in Sheki adopted a plan.",
     ("OTS", 9, "Sheki", "Azerbaijan")),
])
def test_a_small_town_named_with_its_country(text: str, row: tuple) -> None:
    m = _main(text)
    assert (m.organization, m.ordinal, m.city, m.country) == row


def test_a_small_town_once_placed_is_known_again_later() -> None:
    text = ("The OTS foreign ministers met in the city of Shusha, Azerbaijan, on 2 March 2026. "
            "They agreed on the agenda of the Informal Summit of the OTS, to be held in Shusha "
            "on 3 March 2026.")
    later = [m for m in _meetings(text) if m.body == "Informal Summit"]
    assert [(m.city, m.country, m.date) for m in later] == [("Shusha", "Azerbaijan",
                                                            "2026-03-03")]


def test_a_town_with_no_country_after_it_is_no_place() -> None:
    places = extract("The 4th OTS meeting was held in Zorbelund, Kind Regards, on 2 May.").places
    assert [p.name for p in places] == []


# --- small words inside a capitalised name; "the first … of X's year" is no edition -----------

@pytest.mark.parametrize(("text", "row"), [
    ("Lima will host the APEC Ministers Responsible for Trade Meeting on 16-17 May 2027.",
     ("APEC", "Ministers Responsible for Trade", None, "Lima", "Peru", "2027-05-16")),
    ("The 3rd ASEAN Ministers of Foreign Affairs Meeting opened in Hanoi.",
     ("ASEAN", "Ministers of Foreign Affairs", 3, "Hanoi", "Vietnam", None)),
])
def test_small_words_inside_a_meeting_name(text: str, row: tuple) -> None:
    assert _row(_main(text)) == row


@pytest.mark.parametrize("text", [
    "Hanoi will host the ASEAN Ministers of Economy Meeting on 2 June 2027, the first "
    "ministerial gathering of Vietnam's year as chair.",
    "ASEAN ministers met in Hanoi for the third summit of the Vietnamese chairmanship.",
])
def test_the_first_meeting_of_a_chair_year_has_no_ordinal(text: str) -> None:
    assert [m.ordinal for m in _meetings(text)] == [None]


# --- a city written without the "City" of its gazetteer name ----------------------------------

@pytest.mark.parametrize(("text", "place"), [
    ("The 12th ASEAN summit was held in Cebu in January 2007.", ("Cebu", "Philippines")),
    ("The 27th APEC ministerial meeting was held in Jeju on 4 June 2025.",
     ("Jeju", "South Korea")),
])
def test_a_city_without_its_city_suffix(text: str, place: tuple) -> None:
    m = _main(text)
    assert (m.city, m.country) == place


def test_a_common_word_before_city_is_no_city() -> None:
    text = "The 9th CHOGM opened at the International Conference Hall on Monday."
    assert [(p.name, p.kind) for p in extract(text).places] == []


# --- a next meeting a country offered to host; "the first session since …"; online meetings ----

@pytest.mark.parametrize(("text", "host"), [
    ("GCC ministers met in Muscat for their 160th session. They began preparations for the next "
     "summit, which Kuwait has offered to host.", "Kuwait"),
    ("SADC ministers met in Gaborone for their 44th session and discussed the next summit, which "
     "Namibia agreed to host.", "Namibia"),
])
def test_the_next_meeting_a_country_offered_to_host(text: str, host: str) -> None:
    later = [m for m in _meetings(text) if not m.is_main]
    assert [(m.body, m.country) for m in later] == [("Summit", host)]


def test_the_first_session_since_an_event_is_no_edition() -> None:
    text = ("The 70th Nordic Council session opened in Oslo. This is the first session since "
            "Sweden joined NATO.")
    assert [(m.ordinal, m.city) for m in _meetings(text)] == [(70, "Oslo")]


@pytest.mark.parametrize("text", [
    "The Council of Foreign Ministers of the Andean Community (CAN) held an extraordinary meeting "
    "by videoconference on 20 April 2026. A report will go to the meeting of the Andean "
    "Presidential Council planned in Quito in July.",
    "ECOWAS leaders held an emergency summit via video link on 3 May 2026. Proposals will go to "
    "a meeting of the Mediation Council due in Abuja in June.",
])
def test_an_online_meeting_takes_no_venue_from_a_later_placed_one(text: str) -> None:
    m = _main(text)
    assert (m.city, m.country) == (None, None)


# --- "the extraordinary summit held in March": another meeting of the article's organization ---

@pytest.mark.parametrize(("text", "row"), [
    ("EAC leaders met in Arusha for their 25th Ordinary Summit. The summit endorsed decisions of "
     "the extraordinary summit held by video link in March.",
     ("EAC", "Extraordinary Summit", None, None)),
    ("Arab League ministers met in Cairo for the 166th session. They reviewed the resolutions of "
     "the Arab summit held in Baghdad in May 2025.", ("Arab League", "Arab Summit", "Baghdad",
                                                      "Iraq")),
])
def test_a_summit_referred_to_by_when_or_where_it_was_held(text: str, row: tuple) -> None:
    others = [m for m in _meetings(text) if not m.is_main]
    assert [(m.organization, m.body, m.city, m.country) for m in others] == [row]


def test_a_conference_held_elsewhere_is_not_the_organizations() -> None:
    text = ("EAC leaders met in Arusha for their 25th Ordinary Summit. They recalled the climate "
            "conference held in Paris in 2015.")
    assert [m.ordinal for m in _meetings(text)] == [25]


# --- the date said with "on" before the meeting's name -----------------------------------------

@pytest.mark.parametrize(("text", "when"), [
    ("Arab foreign ministers gathered in Cairo on Tuesday, September 8, 2026, for the 166th "
     "ordinary session of the Arab League Council.", "2026-09-08"),
    ("On 14 May 2026, Minister Azamat Orlov took part in the meeting of the Council of Foreign "
     "Ministers of the Organization of Turkic States (OTS), held in Baku.", "2026-05-14"),
    ("SADC leaders met in Harare on 17 August 2027 for their 47th Ordinary Summit.",
     "2027-08-17"),
])
def test_a_date_before_the_meeting_name(text: str, when: str) -> None:
    assert _main(text).date == when


def test_a_date_before_a_past_meeting_is_not_its_date() -> None:
    text = ("SADC leaders met in Harare on 17 August 2027 for their 47th Ordinary Summit. On "
            "Monday, they recalled the previous summit in Luanda.")
    past = [m for m in _meetings(text) if not m.is_main]
    assert [m.date for m in past] == [None]


# --- a meeting held on the sidelines of another shares its venue -------------------------------

@pytest.mark.parametrize(("text", "row"), [
    ("The ECO's 5th Ministerial Meeting on Health is taking place in Geneva within the framework "
     "of the 76th World Health Assembly.", ("WHO", 76, "Geneva", "Switzerland")),
    ("The 12th BSEC ministerial meeting was held in Baku on the sidelines of the 30th OSCE "
     "summit.", ("OSCE", 30, "Baku", "Azerbaijan")),
])
def test_a_meeting_on_the_sidelines_of_another_shares_its_venue(text: str, row: tuple) -> None:
    other = [m for m in _meetings(text) if not m.is_main]
    assert [(m.organization, m.ordinal, m.city, m.country) for m in other] == [row]


def test_a_meeting_ahead_of_another_does_not_share_its_venue() -> None:
    text = ("APEC trade ministers met in Lima for the 33rd APEC ministerial meeting ahead of the "
            "30th APEC Economic Leaders' Meeting.")
    other = [m for m in _meetings(text) if not m.is_main]
    assert [(m.ordinal, m.city) for m in other] == [(30, None)]


# --- a dateline with another spelling of a large city ------------------------------------------

@pytest.mark.parametrize(("text", "place"), [
    ("KATMANDU – Leaders of the SAARC gathered for the 18th SAARC summit on Wednesday.",
     ("Katmandu", "Nepal")),
    ("RANGOON, May 3 (AFP) – The 5th ASEAN summit opened with a call for calm.",
     ("Rangoon", "Myanmar")),
])
def test_a_dateline_in_another_spelling_places_the_meeting(text: str, place: tuple) -> None:
    m = _main(text)
    assert (m.city, m.country) == place


def test_another_spelling_outside_a_dateline_is_no_place() -> None:
    assert [p.name for p in extract("Officials from Rangoon Street met on Friday.").places] == []


# --- "Forum leaders", "a forum communique": the organization or a document, not a meeting ------

def test_the_organizations_short_name_and_its_documents_are_no_meetings() -> None:
    text = ("The leaders of the Pacific Islands Forum (PIF) wound up their summit on Friday by "
            "adopting a forum communique. Forum leaders also named a new secretary general. "
            "The leaders, who hold an annual meeting, praised the host.")
    m = _main(text)
    assert (m.organization, m.body, len(_meetings(text))) == ("PIF", "Summit", 1)


def test_a_named_forum_is_still_a_meeting() -> None:
    text = "The 12th Boao Forum opened in Hainan on Monday; Forum leaders spoke first."
    assert _main(text).ordinal == 12


# --- "…, which was preceded by the Expert Group (EG) Meeting": a linked meeting -----------------

@pytest.mark.parametrize(("text", "row"), [
    ("Ardabil, Iran, was the venue on October 4-5, 2023 for the 5th ECO Ministerial Meeting on "
     "Tourism, which was preceded by the High Level Expert Group (HLEG) Meeting.",
     ("ECO", "High Level Expert Group", "Ardabil", "Iran")),
    ("The 30th SADC Summit was held in Maputo, followed by a Senior Officials Meeting.",
     ("SADC", "Senior Officials", "Maputo", "Mozambique")),
])
def test_a_meeting_preceded_or_followed_by_another(text: str, row: tuple) -> None:
    other = [m for m in _meetings(text) if not m.is_main]
    assert [(m.organization, m.body, m.city, m.country) for m in other] == [row]
