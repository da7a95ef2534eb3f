"""Member lists and organizations on short texts of our own: official long forms and names with
"and" in them, organizations learned from the text (syllable acronyms, foreign acronyms), every
common way news lists members, and the statuses kept apart from members (observers, dialogue
partners, candidates, associates, former members, guests)."""

from __future__ import annotations

import pytest

from knowledge import gazetteer
from knowledge.extract.organizations import find_organizations
from knowledge.extract.pipeline import extract


def _members(text: str) -> dict[str, list[str]]:
    return extract(text).members()


def _status(text: str, status: str) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {}
    for fact in extract(text).memberships:
        if fact.status == status:
            out.setdefault(fact.organization, set()).add(fact.country)
    return {org: sorted(countries) for org, countries in out.items()}


# --- country names as member lists print them -------------------------------------------------

@pytest.mark.parametrize(("written", "short"), [
    ("Lao PDR", "Laos"), ("Viet Nam", "Vietnam"), ("The Bahamas", "Bahamas"),
    ("St Kitts and Nevis", "Saint Kitts and Nevis"), ("St. Lucia", "Saint Lucia"),
    ("the Republic of Iran", "Iran"), ("Kingdom of the Netherlands", "Netherlands"),
    ("Socialist Republic of Viet Nam", "Vietnam"), ("State of Palestine", "Palestine"),
    ("DR Congo", "Democratic Republic of the Congo"), ("East Timor", "Timor-Leste"),
])
def test_official_and_abbreviated_forms(written: str, short: str) -> None:
    assert gazetteer.canonical_country(written) == short


def test_names_with_and_inside_stay_whole_in_a_list() -> None:
    text = ("Commonwealth leaders met in Kingston. The Commonwealth's members include "
            "Antigua and Barbuda, The Bahamas, Barbados, St. Kitts and Nevis, Trinidad and "
            "Tobago, and St Vincent and the Grenadines.")
    assert _members(text) == {"Commonwealth": [
        "Antigua and Barbuda", "Bahamas", "Barbados", "Saint Kitts and Nevis",
        "Saint Vincent and the Grenadines", "Trinidad and Tobago"]}


def test_asean_in_its_own_spellings() -> None:
    text = ("The ten member states of ASEAN are Brunei Darussalam, Cambodia, Indonesia, Lao PDR, "
            "Malaysia, Myanmar, the Philippines, Singapore, Thailand and Viet Nam.")
    assert _members(text) == {"ASEAN": [
        "Brunei", "Cambodia", "Indonesia", "Laos", "Malaysia", "Myanmar", "Philippines",
        "Singapore", "Thailand", "Vietnam"]}


def test_two_countries_joined_by_and_stay_two() -> None:
    places = [p.name for p in extract("Egypt and the United Arab Emirates signed.").places]
    assert places == ["Egypt", "United Arab Emirates"]


# --- organizations learned from the text -------------------------------------------------------

@pytest.mark.parametrize(("text", "key", "full"), [
    ("The Caspian Trade Community (CASTRACOM) met in Baku.", "CASTRACOM",
     "Caspian Trade Community"),
    ("Envoys of the Mekong-Lancang Cooperation (MLC) met.", "MLC", "Mekong-Lancang Cooperation"),
    ("Ministers of the Alliance of Sahel States (AES) met in Niamey.", "AES",
     "Alliance of Sahel States"),
    ("The Union of Andean Ports (UPA) met.", "UPA", "Union of Andean Ports"),
    ("IGAS (Intergovernmental Agency for the Sahel) met in Bamako.", "IGAS",
     "Intergovernmental Agency for the Sahel"),
    ("The Caspian Development Bank (CaDB) lent more.", "CaDB", "Caspian Development Bank"),
])
def test_acronyms_never_seen_before(text: str, key: str, full: str) -> None:
    assert {f.key: f.full_name for f in find_organizations(text).facts} == {key: full}


def test_bodies_with_acronyms_are_not_organizations() -> None:
    orgs = find_organizations("The Executive Council (EC) and the Peace and Security Council "
                              "(PSC) of the African Union met; the Senior Officials Meeting "
                              "(SOM) followed.")
    assert {f.key for f in orgs.facts} == {"AU"}
    assert set(orgs.bodies) == {"EC", "PSC", "SOM"}


def test_a_new_organization_lists_its_members() -> None:
    text = ("The Caribbean Community (CARICOM) met in Kingston. CARICOM has 15 members: "
            "Antigua and Barbuda, The Bahamas, Barbados, Belize and Trinidad and Tobago, "
            "among others.")
    assert _members(text) == {"CARICOM": [
        "Antigua and Barbuda", "Bahamas", "Barbados", "Belize", "Trinidad and Tobago"]}


# --- member lists in every common form ---------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The Andean Community (CAN) was founded by Bolivia, Colombia and Ecuador in 1969; Peru "
     "joined in 1973 and Chile in 1974.",
     {"Andean Community": ["Bolivia", "Chile", "Colombia", "Ecuador", "Peru"]}),
    ("The Turkic Council was founded by Azerbaijan, Kazakhstan and Turkey; Kyrgyzstan, "
     "Uzbekistan acceded later.",
     {"OTS": ["Azerbaijan", "Kazakhstan", "Kyrgyzstan", "Turkey", "Uzbekistan"]}),
    ("The members of the East African Community (EAC) are Kenya, Uganda, Tanzania, Rwanda and "
     "Burundi.", {"EAC": ["Burundi", "Kenya", "Rwanda", "Tanzania", "Uganda"]}),
    ("Delegates praised SAARC, which includes Bhutan, Nepal, the Maldives and Sri Lanka, for "
     "its patience.", {"SAARC": ["Bhutan", "Maldives", "Nepal", "Sri Lanka"]}),
    ("The Economic Community of West African States (ECOWAS) comprises twelve Member States, "
     "namely Benin, Côte d'Ivoire, The Gambia and Ghana, among others.",
     {"ECOWAS": ["Benin", "Gambia", "Ghana", "Ivory Coast"]}),
    ("The Southern African Development Community (SADC) comprises Angola, the Union of the "
     "Comoros, the Kingdom of Eswatini and the United Republic of Tanzania.",
     {"SADC": ["Angola", "Comoros", "Eswatini", "Tanzania"]}),
])
def test_member_lists_in_more_forms(text: str, expected: dict[str, list[str]]) -> None:
    assert _members(text) == expected


def test_associate_members_are_kept_apart() -> None:
    text = ("Leaders of the Caribbean Community (CARICOM) met. CARICOM's Member States are: "
            "Barbados, Belize, Dominica, and Jamaica. Anguilla, Bermuda and the Cayman Islands "
            "are Associate Members.")
    assert _members(text) == {"CARICOM": ["Barbados", "Belize", "Dominica", "Jamaica"]}
    text = ("Mercosur's full members Argentina, Brazil and Uruguay met associate members Chile "
            "and Peru in Montevideo.")
    assert _members(text) == {"Mercosur": ["Argentina", "Brazil", "Uruguay"]}


def test_former_members_after_a_list_are_not_members() -> None:
    text = ("The CIS is made up of nine members: Armenia, Belarus, Kazakhstan and Russia, among "
            "others. Turkmenistan is an associate member, and Ukraine and Georgia are former "
            "members.")
    assert _members(text) == {"CIS": ["Armenia", "Belarus", "Kazakhstan", "Russia"]}


def test_dialogue_partners_and_counts_list_no_members() -> None:
    text = ("ASEAN has ten members. Its dialogue partners include Australia, Canada, Japan and "
            "the Republic of Korea.")
    assert _members(text) == {}
    assert _status(text, "observer") == {"ASEAN": ["Australia", "Canada", "Japan",
                                                   "South Korea"]}


def test_an_undefined_acronym_is_the_full_name_it_spells() -> None:
    text = ("Bamako will host the IGAS summit on 4 May 2026. The Intergovernmental Agency for "
            "the Sahel, based in Bamako, groups five countries, namely Mali, Niger, Chad, "
            "Burkina Faso and Mauritania. IGAS ministers meet the day before.")
    orgs = find_organizations(text)
    assert {f.key: f.full_name for f in orgs.facts} == {
        "IGAS": "Intergovernmental Agency for the Sahel"}
    assert [key for key, _ in orgs.mentions] == ["IGAS", "IGAS", "IGAS"]
    assert _members(text) == {"IGAS": ["Burkina Faso", "Chad", "Mali", "Mauritania", "Niger"]}


def test_a_defined_full_name_counts_where_it_recurs() -> None:
    text = ("The Alliance of Sahel States (AES) met in Niamey. The European Union sent an envoy. "
            "The Alliance of Sahel States groups Mali, Niger and Burkina Faso.")
    orgs = find_organizations(text)
    assert orgs.main() == "AES"
    assert _members(text) == {"AES": ["Burkina Faso", "Mali", "Niger"]}


def test_a_country_code_or_a_stray_acronym_is_no_organization() -> None:
    orgs = find_organizations("The USA and the UAE met at the Central Asian Water System "
                              "offices; NDC officials said the CAWS talks went well.")
    assert {f.key for f in orgs.facts} == {"CAWS"}


# --- founders, and lists set out line by line ---------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Kenya, Uganda and Tanzania founded the East African Community in 2000.",
     {"EAC": ["Kenya", "Tanzania", "Uganda"]}),
    ("The Southern African Development Community was established in 1992 by Angola, Botswana "
     "and Lesotho, among others.", {"SADC": ["Angola", "Botswana", "Lesotho"]}),
    ("The OECS, whose founders were Grenada, Dominica and Saint Lucia, met in Castries.",
     {"OECS": ["Dominica", "Grenada", "Saint Lucia"]}),
])
def test_founders_are_members(text: str, expected: dict[str, list[str]]) -> None:
    assert _members(text) == expected


def test_founding_words_name_no_members_without_an_organization() -> None:
    text = ("The ASEAN summit opened in Hanoi. A fund was set up by Japan and Korea in 2020. "
            "Thailand, Laos and Cambodia formed a working group.")
    assert _members(text) == {}


@pytest.mark.parametrize("items", [
    "1. Kenya\n2. Uganda, and\n3. the United Republic of Tanzania.\n",
    "\n* Kenya\n\n* Uganda\n* Tanzania\n",
    "- Kenya\n- Uganda\n- Tanzania\n",
])
def test_a_list_set_out_line_by_line(items: str) -> None:
    text = ("EAC ministers met in Arusha on Monday.\n\nThe EAC's member states are:\n" + items
            + "\nMinisters from Kenya and Uganda spoke first.")
    assert _members(text) == {"EAC": ["Kenya", "Tanzania", "Uganda"]}


def test_a_line_list_of_participants_or_observers_is_no_member_list() -> None:
    text = ("EAC ministers met in Arusha.\n\nObservers at the meeting were:\n- Ethiopia\n"
            "- Somalia\n\nThe following attended:\n- Kenya\n- Uganda\n")
    assert _members(text) == {}


def test_members_of_a_delegation_are_no_member_list() -> None:
    text = ("Members of the delegations of Kenya, Uganda and Rwanda attended the EAC meeting, "
            "as did members of the press from Tanzania and Burundi.")
    assert _members(text) == {}


def test_states_and_news_agencies_defined_by_acronym_are_not_organizations() -> None:
    orgs = find_organizations("The Turkish Republic of Northern Cyprus (TRNC) and the United "
                              "Arab Emirates (UAE) joined the Economic Cooperation Organisation’s "
                              "(ECO) talks; the Islamic Republic News Agency (IRNA) reported.")
    assert {f.key: f.full_name for f in orgs.facts} == {
        "ECO": "Economic Cooperation Organisation"}


@pytest.mark.parametrize("text", [
    "The SADC summit opened. Kenya and Uganda are not members.",
    "The SADC summit opened. Countries that are not members, such as Kenya and Uganda, came.",
    "The SADC summit opened. Burundi and Rwanda are expected to become members next year.",
    "The SADC summit opened. Invited to become full members: Burundi, Rwanda and Uganda.",
    "The SADC summit opened. Kenya and Uganda are no longer members.",
])
def test_negated_and_future_membership_lists_no_members(text: str) -> None:
    assert _members(text) == {}


def test_past_accession_after_a_list_is_membership() -> None:
    assert _members("The SADC summit opened. Namibia and Mauritius became members in 1990 "
                    "and 1995.") == {"SADC": ["Mauritius", "Namibia"]}


def test_development_partners_are_no_observers_but_end_a_list() -> None:
    text = ("The SADC summit opened. Its members include Angola, Botswana and Malawi, while "
            "development partners Japan and Norway pledged funds. Dialogue partners India and "
            "China sent envoys.")
    assert _members(text) == {"SADC": ["Angola", "Botswana", "Malawi"]}
    assert _status(text, "observer") == {"SADC": ["China", "India"]}


def test_a_list_in_the_sentence_after_the_count() -> None:
    text = ("Leaders met in Gaborone. The Southern African Development Community has sixteen "
            "member states. They are Angola, Botswana, Malawi and Zambia, among others. They "
            "are Kenya and Uganda's neighbours too.")
    assert _members(text) == {"SADC": ["Angola", "Botswana", "Malawi", "Zambia"]}
    assert _members("Leaders met in Gaborone. Talks ran late. They are Angola and Malawi.") == {}


@pytest.mark.parametrize(("text", "expected"), [
    ("The SCO summit opened. Its members are China, Russia, India (since 2017), Pakistan "
     "(since 2017) and Iran (2023).", ["China", "India", "Iran", "Pakistan", "Russia"]),
    ("The SADC summit opened. Its members include Eswatini (formerly Swaziland), Angola and "
     "Malawi.", ["Angola", "Eswatini", "Malawi"]),
    ("The ASEAN summit opened. Its members are Myanmar (Burma), Laos and Vietnam.",
     ["Laos", "Myanmar", "Vietnam"]),
])
def test_plain_asides_inside_a_list(text: str, expected: list[str]) -> None:
    assert list(_members(text).values()) == [expected]


def test_an_aside_with_a_status_ends_the_list() -> None:
    text = "The SCO summit opened. Its members are China and Russia (Mongolia is an observer)."
    assert _members(text) == {"SCO": ["China", "Russia"]}


def test_acronyms_written_as_words() -> None:
    orgs = find_organizations("Nato allies met Asean and Opec envoys; Brics leaders and Ecowas "
                              "watched. Cicadas sang near the Commonwealths.")
    assert [key for key, _ in orgs.mentions] == ["NATO", "ASEAN", "OPEC", "BRICS", "ECOWAS"]
    assert _members("Asean ministers met in Jakarta. Asean groups Brunei, Cambodia and Laos, "
                    "among others.") == {"ASEAN": ["Brunei", "Cambodia", "Laos"]}


@pytest.mark.parametrize("text", [
    "Kenya, Uganda and Rwanda, the three EAC nations at the talks, signed.",
    "The three EAC nations, Kenya, Uganda and Rwanda, signed.",
    "The EAC states (Kenya, Uganda and Rwanda) signed.",
    "Kenya, Uganda and Rwanda make up the EAC core.",
    "Kenya, Uganda and Rwanda together form the EAC.",
    "Kenya, Uganda and Rwanda are the EAC countries that signed.",
])
def test_the_organization_named_around_a_list(text: str) -> None:
    assert _members("Talks opened in Arusha. " + text) == {"EAC": ["Kenya", "Rwanda", "Uganda"]}


def test_forming_something_else_lists_no_members() -> None:
    assert _members("The EAC summit opened. Kenya, Uganda and Rwanda formed a committee. "
                    "Ghana, Togo and Benin, the non-EAC nations, watched.") == {}


def test_short_forms_of_states_in_capitals() -> None:
    text = ("G7 leaders met in Apulia. The G7 comprises Canada, France, Germany, Italy, Japan, "
            "the U.K. and the U.S. Talks ran late.")
    assert _members(text) == {"G7": ["Canada", "France", "Germany", "Italy", "Japan",
                                     "United Kingdom", "United States"]}
    names = [p.name for p in extract("The US and the UK sent US$5 billion; let us wait.").places]
    assert names == ["United States", "United Kingdom"]


def test_joining_something_else_is_no_membership() -> None:
    assert _members("The EAC comprises Kenya, Uganda and Rwanda; Ethiopia joined the talks in "
                    "Arusha.") == {"EAC": ["Kenya", "Rwanda", "Uganda"]}
    assert _members("The EAC comprises Kenya, Uganda and Rwanda; Somalia joined the bloc in "
                    "2024.") == {"EAC": ["Kenya", "Rwanda", "Somalia", "Uganda"]}


def test_dialogue_partners_named_before_the_status() -> None:
    text = ("The Pacific Islands Forum (PIF) met in Apia. Its members include Samoa, Fiji and "
            "Tonga. Japan, India and France are among the dialogue partners.")
    assert _members(text) == {"PIF": ["Fiji", "Samoa", "Tonga"]}
    assert _status(text, "observer") == {"PIF": ["France", "India", "Japan"]}


@pytest.mark.parametrize("verb", [
    "criticised", "urged", "visited", "called on", "thanked", "welcomed", "are located between"])
def test_a_verb_before_the_countries_makes_them_its_object(verb: str) -> None:
    text = f"NATO ministers met in Brussels. The members {verb} Russia and China on Monday."
    assert _members(text) == {}


def test_a_verb_before_a_status_after_the_list_blocks_it_too() -> None:
    assert _members("NATO ministers met. Russia and China criticised NATO members. Iran, Iraq "
                    "and Syria, which condemned the NATO countries, met.") == {}
    assert _members("NATO ministers met. Norway and Denmark are founding members of "
                    "NATO.") == {"NATO": ["Denmark", "Norway"]}


def test_an_organization_never_abbreviated_still_has_its_members() -> None:
    text = ("Leaders met in Niamey. The Alliance of Sahel States groups Mali, Niger and Burkina "
            "Faso. The Community's Member States are Mali and Niger.")
    assert _members(text) == {"Alliance of Sahel States": ["Burkina Faso", "Mali", "Niger"]}
    assert _members("ECOWAS met. The Council of Ministers comprises Ghana, Togo and "
                    "Benin.") == {"ECOWAS": ["Benin", "Ghana", "Togo"]}


def test_french_acronyms_of_known_bodies() -> None:
    orgs = find_organizations("Ministers of CEDEAO met CEEAC and WAEMU envoys.")
    assert [key for key, _ in orgs.mentions] == ["ECOWAS", "ECCAS", "UEMOA"]


def test_a_list_in_parentheses_right_after_the_cue() -> None:
    text = ("The SADC summit opened. The bloc's four newest members (Comoros, Seychelles, "
            "Madagascar and Mauritius) spoke first.")
    assert _members(text) == {"SADC": ["Comoros", "Madagascar", "Mauritius", "Seychelles"]}


def test_countries_added_to_the_members_are_not_members() -> None:
    assert _members("The SADC summit opened. Its members, as well as Kenya and Uganda, "
                    "agreed. The members, along with Rwanda and Burundi, left.") == {}


def test_a_learned_name_counts_in_its_possessive_forms() -> None:
    orgs = find_organizations("The Alliance of Sahel States (AES) met in Niamey. The Alliance "
                              "of Sahel States’ leaders spoke; the Alliance of Sahel States's "
                              "members agreed.")
    assert [key for key, _ in orgs.mentions] == ["AES", "AES", "AES"]


@pytest.mark.parametrize(("text", "expected"), [
    ("SADC founding members Angola, Botswana and Zambia were joined in 1990 by Namibia and "
     "Lesotho.", ["Angola", "Botswana", "Lesotho", "Namibia", "Zambia"]),
    ("SADC was founded by Angola, Botswana and Zambia, which were later joined by Namibia.",
     ["Angola", "Botswana", "Namibia", "Zambia"]),
    ("SADC members Angola and Botswana were joined by Kenya and Ghana at the talks.",
     ["Angola", "Botswana"]),
])
def test_joined_by_after_a_founders_list(text: str, expected: list[str]) -> None:
    assert _members("Leaders met in Gaborone. " + text) == {"SADC": expected}


def test_a_list_parted_by_semicolons() -> None:
    text = ("The EAC summit opened. The EAC Member States are: the Republic of Kenya; the "
            "Republic of Uganda; the United Republic of Tanzania; and the Republic of Rwanda.")
    assert _members(text) == {"EAC": ["Kenya", "Rwanda", "Tanzania", "Uganda"]}
    text = "The EAC summit opened. Its members are Kenya and Uganda; Ethiopia and Somalia came."
    assert _members(text) == {"EAC": ["Kenya", "Uganda"]}


# --- joiners told in the sentence after a founding list -----------------------------------------

def test_joiners_in_the_next_sentence_with_elided_verbs() -> None:
    text = ("ASEAN was founded by Indonesia, Malaysia and Thailand. Brunei joined in 1984, "
            "Vietnam in 1995, the Philippines in 1997 and Cambodia in 1999.")
    assert _members(text) == {"ASEAN": ["Brunei", "Cambodia", "Indonesia", "Malaysia",
                                        "Philippines", "Thailand", "Vietnam"]}


def test_joiners_carry_over_several_sentences() -> None:
    text = ("Mercosur was founded by Argentina, Brazil, Paraguay and Uruguay. Venezuela was "
            "admitted in 2012. Later, Bolivia joined the bloc in 2024.")
    assert _members(text) == {"Mercosur": ["Argentina", "Bolivia", "Brazil", "Paraguay",
                                           "Uruguay", "Venezuela"]}


def test_a_country_joining_something_else_after_a_list_is_no_member() -> None:
    text = ("The Arab Maghreb Union's members are Algeria, Libya and Morocco. Tunisia joined the "
            "talks on Monday.")
    assert _members(text) == {"AMU": ["Algeria", "Libya", "Morocco"]}


def test_joiners_need_a_member_list_just_before() -> None:
    text = ("Ministers met in Lima on Friday. Chile joined in 2019, officials said, and Peru "
            "in 2020.")
    assert _members(text) == {}


# --- one country's accession told on its own ------------------------------------------------------

@pytest.mark.parametrize(("text", "members"), [
    ("ASEAN ministers met in Vientiane. Timor-Leste became ASEAN's 11th member in 2025.",
     {"ASEAN": ["Timor-Leste"]}),
    ("The SCO summit was held in Astana. Iran joined the SCO in 2023 and Belarus became a "
     "member of the SCO in 2024.", {"SCO": ["Belarus", "Iran"]}),
    ("NATO leaders met in Vilnius. Finland joined NATO in April, and Sweden was admitted to "
     "the alliance a year later.", {"NATO": ["Finland", "Sweden"]}),
    ("EAC leaders met in Arusha. Somalia joined the bloc in 2024.", {"EAC": ["Somalia"]}),
])
def test_a_single_accession_makes_a_member(text: str, members: dict[str, list[str]]) -> None:
    assert _members(text) == members


@pytest.mark.parametrize("text", [
    "The SCO summit was held in Astana. Troops from Iran joined the SCO exercise in May.",
    "NATO leaders met in Vilnius. Finland joined NATO leaders at dinner.",
    "EAC leaders met in Arusha. Kenya joined the group of countries calling for debt relief.",
])
def test_joining_something_of_an_organization_is_no_accession(text: str) -> None:
    assert _members(text) == {}


def test_partner_states_are_members_but_development_partners_are_not() -> None:
    text = ("EAC leaders met in Arusha. The summit brought together the partner states Kenya, "
            "Uganda and Rwanda, while development partners Japan and Germany sent envoys.")
    assert _members(text) == {"EAC": ["Kenya", "Rwanda", "Uganda"]}


def test_the_partner_states_of_an_organization_are_listed() -> None:
    text = ("The EAC summit opened in Arusha. The EAC's six partner states are Kenya, Tanzania, "
            "Uganda, Rwanda, Burundi and South Sudan.")
    assert _members(text) == {"EAC": ["Burundi", "Kenya", "Rwanda", "South Sudan", "Tanzania",
                                      "Uganda"]}


# --- a counted generic noun set off before its list --------------------------------------------

@pytest.mark.parametrize(("text", "members"), [
    ("SAARC foreign ministers met in Kathmandu. The eight-nation grouping – Bangladesh, Bhutan, "
     "India, Nepal and Sri Lanka among them – has not met since 2014.",
     {"SAARC": ["Bangladesh", "Bhutan", "India", "Nepal", "Sri Lanka"]}),
    ("The Quadrilateral Security Dialogue (Quad) met in Tokyo. The four-country grouping of "
     "the United States, Japan, India and Australia discussed shipping.",
     {"Quad": ["Australia", "India", "Japan", "United States"]}),
    ("ASEAN leaders met in Jakarta. The 10-nation bloc (Indonesia, Malaysia, Singapore and "
     "Thailand among them) agreed a code.",
     {"ASEAN": ["Indonesia", "Malaysia", "Singapore", "Thailand"]}),
])
def test_a_counted_bloc_set_off_before_its_list(text: str,
                                                members: dict[str, list[str]]) -> None:
    assert _members(text) == members


def test_a_counted_bloc_followed_by_other_business_lists_nobody() -> None:
    text = ("ASEAN leaders met in Jakarta. The 10-nation bloc: talks with China and Japan "
            "came later.")
    assert _members(text) == {}


@pytest.mark.parametrize(("text", "members"), [
    ("The Gulf Cooperation Council met in Kuwait. Saudi Arabia, Kuwait, Qatar, Bahrain, Oman "
     "and the UAE make up the council.",
     {"GCC": ["Bahrain", "Kuwait", "Oman", "Qatar", "Saudi Arabia", "United Arab Emirates"]}),
    ("The Andean Community met in Lima. Bolivia, Colombia, Ecuador and Peru form the "
     "community.", {"Andean Community": ["Bolivia", "Colombia", "Ecuador", "Peru"]}),
    ("The Arab League met in Cairo. Egypt, Jordan and Iraq urged the council to act.", {}),
])
def test_countries_making_up_the_council_or_community(text: str,
                                                       members: dict[str, list[str]]) -> None:
    assert _members(text) == members


def test_joining_in_an_action_after_a_founding_list_is_no_accession() -> None:
    text = ("ASEAN was founded by Indonesia, Malaysia and Thailand. Vietnam joined in "
            "criticising the plan.")
    assert _members(text) == {"ASEAN": ["Indonesia", "Malaysia", "Thailand"]}
