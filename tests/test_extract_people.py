"""People on short texts of our own, one class of news language each: the orders a name and its
role come in, honorifics, the country from a nationality, a possessive or "of Y", and the
later mentions that link back to a person."""

from __future__ import annotations

from knowledge.extract.pipeline import extract


def _people(text: str) -> dict[str, tuple[str | None, str | None]]:
    """name -> (role, country) of every person found."""
    return {p.name: (p.role, p.country) for p in extract(text).people}


# --- countries ------------------------------------------------------------------------------

def test_country_is_never_borrowed_from_another_person() -> None:
    people = _people("Ghanaian President Kwame Asante opened the forum in Accra. Secretary "
                     "General Rahim Osman presented the report, and Minister Tomas Varga "
                     "spoke after him.")
    assert people["Kwame Asante"] == ("President", "Ghana")
    assert people["Rahim Osman"][1] is None
    assert people["Tomas Varga"][1] is None


def test_nationality_adjective_of_any_country() -> None:
    people = _people("Bolivian President Ana Quispe met Paraguayan President Luis Benitez and "
                     "Niuean Premier Sione Tama in Asuncion on Friday.")
    assert people["Ana Quispe"][1] == "Bolivia"
    assert people["Luis Benitez"][1] == "Paraguay"
    assert people["Sione Tama"][1] == "Niue"


def test_nationality_of_several_words_and_officials_of_bodies() -> None:
    people = _people("South African President Thabo Mkhize met Sri Lankan Foreign Minister "
                     "Nimal Perera, New Zealand Prime Minister Claire Morton and United Nations "
                     "Secretary-General Ana Lindqvist in Geneva.")
    assert people["Thabo Mkhize"] == ("President", "South Africa")
    assert people["Nimal Perera"] == ("Foreign Minister", "Sri Lanka")
    assert people["Claire Morton"] == ("Prime Minister", "New Zealand")
    assert people["Ana Lindqvist"] == ("Secretary-General", None)


# --- role after the name ----------------------------------------------------------------------

def test_role_after_name_keeps_its_first_word_and_gives_the_country() -> None:
    people = _people("Anwar Hamzah, Deputy Secretary-General of the Union, from Malaysia, "
                     "presented the report. Grace Wanjiru, Prime Minister of Kenya, welcomed "
                     "the guests. Leila Haddad, Minister of Health of Lebanon, spoke last.")
    assert people["Anwar Hamzah"] == ("Deputy Secretary-General", "Malaysia")
    assert people["Grace Wanjiru"] == ("Prime Minister", "Kenya")
    assert people["Leila Haddad"] == ("Health Minister", "Lebanon")


def test_a_list_of_leaders_is_not_apposition() -> None:
    people = _people("The summit drew President Rosa Araya, Hungarian Prime Minister "
                     "Bence Kovacs and Peruvian President Diego Salas, who arrived late.")
    assert people["Rosa Araya"] == ("President", None)
    assert people["Bence Kovacs"] == ("Prime Minister", "Hungary")
    assert people["Diego Salas"] == ("President", "Peru")


def test_a_list_is_not_one_role_of_a_country() -> None:
    people = _people("Argentine President Tomas Ibarra received President Elena Rojas, "
                     "Uruguayan President Martin Sosa and Colombian President Julia Pardo.")
    assert all(" of " not in (role or "") for role, _ in people.values())
    assert people["Martin Sosa"] == ("President", "Uruguay")


# --- later mentions ------------------------------------------------------------------------

def test_any_word_of_a_name_no_one_else_has_names_the_person() -> None:
    facts = extract("Brazilian President Joao Pedro Lago da Cunha hosted Chinese Foreign "
                    "Minister Zhao Lirong in Brasilia.\n\nAt the dinner Lago, whose term ends "
                    "in May, said, \"Our two countries have never been closer than they are "
                    "today.\"\n\nZhao said that China would double its imports of soybeans.")
    assert [(q.speaker, q.confidence >= 0.9) for q in facts.quotes] == [
        ("Joao Pedro Lago da Cunha", True)]
    assert [s.speaker for s in facts.statements] == ["Zhao Lirong"]


# --- roles of any field ---------------------------------------------------------------------

def test_roles_of_long_fields_and_secretaries() -> None:
    people = _people(
        "\"We are ready,\" said IGAD Executive Secretary Amina Dualeh. Uganda's Cabinet Secretary "
        "for Foreign and Diaspora Affairs, Peter Okello, agreed. Rwanda's Minister of Foreign "
        "Affairs and International Cooperation, Claudine Uwase, spoke next, as did the "
        "Commissioner for Political Affairs, Peace and Security, Mrs. Fatou Ba. Minister of "
        "Trade Farid Ali closed the meeting.")
    assert people["Amina Dualeh"] == ("Executive Secretary", None)
    assert people["Peter Okello"][1] == "Uganda"
    assert people["Peter Okello"][0].startswith("Cabinet Secretary")
    assert people["Claudine Uwase"][1] == "Rwanda"
    assert "International Cooperation" in people["Claudine Uwase"][0]
    assert "Peace" in people["Fatou Ba"][0]
    assert people["Farid Ali"] == ("Trade Minister", None)


def test_a_name_ends_at_a_blank_line_and_a_country_is_the_longest_phrase() -> None:
    people = _people("President of the Russian Federation Pavel Orlov\n\nUN Secretary-General "
                     "Maria Lund\n\nDirector of the Centre Tomas Hrabal")
    assert people["Pavel Orlov"] == ("President", "Russia")
    assert "Maria Lund" in people


# --- honorifics ----------------------------------------------------------------------------

def test_honorifics_and_ranks_are_dropped_and_the_country_is_not_the_role() -> None:
    people = _people(
        "The Prime Minister of Barbados, the Honourable Dr. Alan Greaves, chaired the meeting. "
        "Also present were the Prime Minister of Jamaica, the Most Honourable Paula Reid; the "
        "President of Guyana, His Excellency Dr. Omar Baksh; and the Minister of Defence of "
        "Sierra Leone, Brigadier (Rtd) Musa Conteh. Datuk Seri Anwar Ismail, Prime Minister of "
        "Malaysia, and Tan Sri Lim Hock, Senator Dr. Hana Idris's deputy, listened.")
    assert people["Alan Greaves"] == ("Prime Minister", "Barbados")
    assert people["Paula Reid"] == ("Prime Minister", "Jamaica")
    assert people["Omar Baksh"] == ("President", "Guyana")
    assert people["Musa Conteh"] == ("Defence Minister", "Sierra Leone")
    assert people["Anwar Ismail"] == ("Prime Minister", "Malaysia")
    assert not any(w in name for name in people for w in ("Honourable", "Brigadier", "Datuk"))


def test_ambassador_as_a_title_gives_way_to_the_office() -> None:
    people = _people("H.E. Ambassador Yaw Mensah, Minister for Foreign Affairs of the Republic "
                     "of Ghana, opened the session. Kofi Boateng, Minister of Trade of the "
                     "Republic of Ghana, spoke next.")
    assert people["Yaw Mensah"] == ("Foreign Minister", "Ghana")
    assert people["Kofi Boateng"] == ("Trade Minister", "Ghana")


# --- nationality given later -----------------------------------------------------------------

def test_nationality_in_apposition_and_in_a_descriptor_right_after() -> None:
    people = _people(
        "ASEAN Deputy Secretary-General Dr. Minh Tran, a Vietnamese diplomat, briefed the "
        "ministers. SADC Executive Secretary Dr Naledi Sithole, a Botswana national, said the "
        "plan was on track.\n\nThe Secretary General of the Permanent Secretariat, Ambassador "
        "Leyla Aliyeva, is more cautious. The Azerbaijani diplomat says the budget has not "
        "grown in a decade.")
    assert people["Minh Tran"] == ("Deputy Secretary-General", "Vietnam")
    assert people["Naledi Sithole"] == ("Executive Secretary", "Botswana")
    assert people["Leyla Aliyeva"] == ("Secretary-General", "Azerbaijan")


def test_countries_of_several_words_after_a_role_and_a_nationality_inside_it() -> None:
    people = _people(
        "The Prime Minister of Saint Lucia, the Honourable Marcus Joseph, and the Prime "
        "Minister of St. Kitts and Nevis, Dr. Denzil Hart, met Philippine Secretary of Foreign "
        "Affairs Rosa Villanueva. Egyptian President Samir Adel and Qatar's Amir Sheikh "
        "Khalid bin Ali Al-Thani sent envoys.")
    assert people["Marcus Joseph"] == ("Prime Minister", "Saint Lucia")
    assert people["Denzil Hart"] == ("Prime Minister", "Saint Kitts and Nevis")
    assert people["Rosa Villanueva"] == ("Secretary of Foreign Affairs", "Philippines")
    assert people["Samir Adel"] == ("President", "Egypt")
    assert "Lucia" not in people and "Sheikh" not in people


def test_middle_initials_belong_to_the_name() -> None:
    facts = extract("Indonesian Foreign Minister Sri LP Wahyuni met Canadian Trade Minister "
                    "Mary K. Holt in Jakarta. \"We have a deal,\" said Foreign Minister Sri.")
    people = {p.name: (p.role, p.country) for p in facts.people}
    assert people == {"Sri LP Wahyuni": ("Foreign Minister", "Indonesia"),
                      "Mary K. Holt": ("Trade Minister", "Canada")}
    assert facts.quotes[0].speaker == "Sri LP Wahyuni"


def test_country_after_the_name_and_roles_in_a_pair() -> None:
    people = _people("Energy Minister Olek Varga of Estonia and Trade Minister Tomas Brill of "
                     "Latvia signed the deal. Foreign Minister Jane Whitmore of Canada, 58, and "
                     "President Ali Reza of the Islamic Republic of Iran looked on.")
    assert people == {"Olek Varga": ("Energy Minister", "Estonia"),
                      "Tomas Brill": ("Trade Minister", "Latvia"),
                      "Jane Whitmore": ("Foreign Minister", "Canada"),
                      "Ali Reza": ("President", "Iran")}


def test_top_diplomat_the_blocs_chief_and_sheikha() -> None:
    people = _people(
        "Iran's top diplomat Abbas Ghorbani and Kyrgyz PM Adylbek Sadykov attended, as did the "
        "bloc's secretary-general, Timur Bekov. Sheikha Mariam Al Sabah, Kuwait's ambassador "
        "to Turkmenistan, was a guest.")
    assert people["Abbas Ghorbani"] == ("Foreign Minister", "Iran")
    assert people["Adylbek Sadykov"] == ("Prime Minister", "Kyrgyzstan")
    assert people["Timur Bekov"] == ("Secretary-General", None)
    assert people["Mariam Al Sabah"] == ("Ambassador", "Kuwait")


def test_aides_of_someone_named_and_lower_case_modifiers() -> None:
    people = _people("Chinese President Xi Jinping's special envoy Li Wen arrived. Kenya's "
                     "spokesman Peter Otieno and Iran's deputy Foreign Minister Ali Bagheri "
                     "met him.")
    assert people["Li Wen"] == ("Special Envoy", "China")
    assert people["Peter Otieno"] == ("Spokesperson", "Kenya")
    assert people["Ali Bagheri"] == ("Deputy Foreign Minister", "Iran")


def test_role_through_a_copula_or_an_appointment() -> None:
    people = _people(
        "The Secretary General of the Andean Forum, whose office is in Lima, is currently Dr. "
        "Lucia Paredes from Peru. The leaders agreed to name Sione Fifita, a veteran diplomat "
        "from Tonga, as new Secretary General of the Secretariat.")
    assert people["Lucia Paredes"] == ("Secretary-General", "Peru")
    assert people["Sione Fifita"] == ("Secretary-General", "Tonga")


def test_his_minister_serves_the_country_of_the_one_before() -> None:
    people = _people("Oman's Sultan Haitham bin Tariq did not attend. His foreign minister, Badr "
                     "Hamdan, said that Muscat stood ready to host talks.")
    assert people["Badr Hamdan"] == ("Foreign Minister", "Oman")


def test_a_name_after_a_particle_is_not_a_verb() -> None:
    text = "Sultan Qaboos bin Said said the talks would resume."
    assert _people(text) == {"Qaboos bin Said": ("Sultan", None)}
    assert [s.text for s in extract(text).statements] == ["said the talks would resume"]


def test_the_country_a_delegation_or_a_representative_serves() -> None:
    people = _people(
        "The Bahamas was represented by the Minister of Foreign Affairs, the Honourable Delano "
        "Rolle. The Egyptian delegation was led by Foreign Minister Samir Fawzy, while "
        "Uganda's delegation was headed by Vice President Dr. Ruth Nabirye.")
    assert people == {"Delano Rolle": ("Foreign Minister", "Bahamas"),
                      "Samir Fawzy": ("Foreign Minister", "Egypt"),
                      "Ruth Nabirye": ("Vice President", "Uganda")}


def test_who_also_serves_as_and_a_state_councilor() -> None:
    people = _people(
        "The address was given by the Chairperson of the Executive Council, Tendai Moyo, who "
        "also serves as the Foreign Affairs Minister of the Republic of Zimbabwe. Li Ming, the "
        "Chinese State Councilor and Foreign Minister, hosted the talks.")
    assert people["Tendai Moyo"] == ("Chairperson", "Zimbabwe")
    assert people["Li Ming"] == ("State Councilor", "China")


# --- ministries with "and" in their field, "Its minister", "<Role> of the <organization> X" -------

def test_a_ministry_of_two_fields_is_no_name() -> None:
    people = _people("Andean ministers met in Lima. Ecuador's Minister of Foreign Affairs and "
                     "Human Mobility, Lucía Pérez Vega, called for calm. Italy's Minister of "
                     "Infrastructure and Sustainable Mobility, Marco Bellini, agreed.")
    assert set(people) == {"Lucía Pérez Vega", "Marco Bellini"}
    assert people["Lucía Pérez Vega"][1] == "Ecuador"
    assert people["Marco Bellini"][1] == "Italy"


def test_its_minister_belongs_to_the_country_the_sentence_before_opens_with() -> None:
    people = _people("Gulf ministers met in Riyadh. Kuwait, which holds the presidency, chaired "
                     "the session. Its foreign minister, Sheikh Salem bin Nasser Al Sabah, "
                     "called for calm.")
    assert people == {"Salem bin Nasser Al Sabah": ("Foreign Minister", "Kuwait")}


def test_its_officer_of_an_organization_gets_no_country() -> None:
    people = _people("Pacific leaders met in Fiji. The forum opened its session in Suva. Its "
                     "Secretary General, Jone Vakaloloma, called for calm.")
    assert people == {"Jone Vakaloloma": ("Secretary-General", None)}


def test_role_of_an_organization_then_the_name() -> None:
    people = _people("Turkic ministers met in Baku. Secretary General of the OTS Arman "
                     "Tulegenov called for calm. Secretary-General of ASEAN Dr. Kao Lim Hoc "
                     "agreed.")
    assert people == {"Arman Tulegenov": ("Secretary-General", None),
                      "Kao Lim Hoc": ("Secretary-General", None)}


def test_a_country_possessive_before_a_bare_name_that_speaks() -> None:
    text = ("ECOWAS leaders met in Abuja. Nigeria's foreign minister Yusuf Bello insisted the "
            "sanctions would stay, while Senegal's Aminata Diop argued that dialogue was the "
            "only path. Brazil's Petrobras said output rose.")
    people = _people(text)
    assert people == {"Yusuf Bello": ("Foreign Minister", "Nigeria"),
                      "Aminata Diop": (None, "Senegal")}
    said = [(s.speaker, s.text.split()[0]) for s in extract(text).statements]
    assert ("Aminata Diop", "argued") in said


def test_secretariat_and_envoy_titles_in_lower_case() -> None:
    people = _people("SADC ministers met in Gaborone. The bloc's executive secretary, Elias "
                     "Mokgadi, said the budget would rise. Kenya's permanent representative, "
                     "Amina Odhiambo, said the vote was close.")
    assert people == {"Elias Mokgadi": ("Executive Secretary", None),
                      "Amina Odhiambo": ("Permanent Representative", "Kenya")}


def test_its_secretary_general_takes_no_country_from_a_host() -> None:
    people = _people("EAC leaders met. Kenya hosted the EAC summit. Its Secretary General, "
                     "Jane Wambui, called for calm. Chile sent envoys. Its president, Ana Rojas, "
                     "spoke too.")
    assert people == {"Jane Wambui": ("Secretary-General", None),
                      "Ana Rojas": ("President", "Chile")}
