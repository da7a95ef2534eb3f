"""Speech on short texts of our own, one class of news language each: who speaks a quote or a
reported clause, in the orders and forms news uses, with a confidence that flags doubt."""

from __future__ import annotations

from knowledge.extract.pipeline import extract

SURE = 0.9


def _quotes(text: str) -> list[tuple[str | None, str, bool]]:
    """(speaker, first words, sure) of every quote."""
    return [(q.speaker, " ".join(q.text.split()[:3]), q.confidence >= SURE)
            for q in extract(text).quotes]


def test_quote_of_several_sentences_named_only_after_it() -> None:
    text = ("Leaders of the Nile Basin states meet in Kampala next week.\n\n\"The talks are "
            "not a ritual. We want a timetable for the dam, with names and dates,\" said NBI "
            "Executive Secretary Joseph Mugisha, a Ugandan engineer.")
    quotes = _quotes(text)
    assert quotes == [("Joseph Mugisha", "The talks are", True)]
    assert extract(text).people[0].country == "Uganda"


def test_plural_nouns_are_not_speech_verbs() -> None:
    facts = extract("Leaders of the Nile Basin states meet in Kampala. The Lake Victoria "
                    "notes were read out. Foreign Minister Ruth Achieng states that the deal "
                    "is ready.")
    assert [p.name for p in facts.people] == ["Ruth Achieng"]


def test_quote_over_two_paragraphs_is_one_and_said_mr_names_the_speaker() -> None:
    text = ("Ministers of the Danube states met in Vienna.\n\n“Barges carry less every year. "
            "The river is silting up.\n\n“If we do not dredge now, we will lose the route,” "
            "said Mr. Karel NOVAK, Minister of Transport of the Czech Republic.")
    facts = extract(text)
    assert [(q.speaker, q.text) for q in facts.quotes] == [(
        "Karel NOVAK", "Barges carry less every year. The river is silting up. If we do not "
        "dredge now, we will lose the route")]
    assert facts.quotes[0].confidence >= SURE
    assert facts.people[0].country == "Czech Republic"


def test_a_verb_joined_after_a_quoted_phrase_is_a_statement() -> None:
    facts = extract("Opening the session, Kenyan Foreign Minister Ruth Achieng said the gangs "
                    "had turned \"people into tools\" and warned that smugglers moved faster "
                    "than police.")
    assert [(s.speaker, s.text.split()[0]) for s in facts.statements] == [
        ("Ruth Achieng", "said"), ("Ruth Achieng", "warned")]


def test_the_chair_and_the_host_are_who_chaired_and_hosted() -> None:
    text = ("The Prime Minister of Barbados, Dr. Alan Greaves, chaired the talks. The meeting "
            "was hosted by Kenyan President Amina Wekesa. Special guest was the President of "
            "Ghana, Kofi Mensah, who called for an Africa-Caribbean summit.\n\n"
            "In his address, the Chair said that the region \"cannot build on borrowed money\". "
            "\"Every storm we rebuild the same roads,\" he said.\n\n"
            "\"Our doors stay open,\" the host said.")
    assert _quotes(text) == [("Alan Greaves", "cannot build on", False),
                             ("Alan Greaves", "Every storm we", False),
                             ("Amina Wekesa", "Our doors stay", False)]
    facts = extract(text)
    assert all(q.confidence >= 0.6 for q in facts.quotes)


def test_the_chair_of_something_else_is_not_who_chaired() -> None:
    text = ("Energy Minister Olek Varga of Estonia chaired the forum.\n\n\"Every grid must be "
            "tied to its neighbours,\" said the chair of the board, standing in for Varga.")
    assert extract(text).quotes[0].confidence < 0.6


def test_a_cabinet_secretary_is_the_minister_of_a_later_descriptor() -> None:
    facts = extract("Kenya's Cabinet Secretary for Foreign Affairs, Wanjiru Kamau, said Nairobi "
                    "would push for corridors. The Kenyan minister also noted that the last "
                    "summit had produced commitments that \"never left the paper\".")
    assert [s.speaker for s in facts.statements] == ["Wanjiru Kamau", "Wanjiru Kamau"]
    assert facts.quotes[0].speaker == "Wanjiru Kamau"


def test_a_descriptor_in_apposition_names_and_places_the_speaker() -> None:
    text = ("Kazakh Deputy Prime Minister Dana Serikova said her government would pay a third "
            "of the cost.\n\nThe Turkmen minister, Berdi Atayev, was more cautious. \"Money is "
            "not the only problem,\" Atayev said. According to him, the border crossings must "
            "be simplified first.\n\nThe Kazakh minister noted that the first trains could run "
            "in 2028.")
    facts = extract(text)
    assert {p.name: (p.role, p.country) for p in facts.people}["Berdi Atayev"] == (
        "Minister", "Turkmenistan")
    assert [(s.speaker, s.confidence >= 0.6) for s in facts.statements] == [
        ("Dana Serikova", True), ("Berdi Atayev", True), ("Dana Serikova", True)]


def test_the_host_in_apposition_and_a_bracket_before_the_verb() -> None:
    facts = extract("The host, Fijian President Josaia Vunidilo, welcomed the delegates. \"You "
                    "are all family here,\" the host said.\n\nNew Zealand Foreign Minister Anna "
                    "Reid (pictured) urged the richer members to pay more.")
    assert [(q.speaker, q.confidence >= 0.6) for q in facts.quotes] == [
        ("Josaia Vunidilo", True)]
    assert [s.speaker for s in facts.statements] == ["Anna Reid"]


def test_a_quote_after_a_paragraph_ending_in_added_colon_and_social_media() -> None:
    facts = extract("UN Secretary-General Carla Mendes addressed the ministers. \"Water must "
                    "unite,\" Mendes told reporters.\n\nEthiopian Water Minister Abebe Tadesse "
                    "disagreed.\n\nMendes added:\n\n\"We will not leave this room without a "
                    "plan.\"\n\nTadesse later wrote on social media that progress had been made.")
    assert [(q.speaker, q.confidence >= 0.6) for q in facts.quotes] == [
        ("Carla Mendes", True), ("Carla Mendes", True)]
    assert [(s.speaker, s.text.split()[0]) for s in facts.statements] == [
        ("Abebe Tadesse", "wrote")]


def test_a_quote_of_someone_unnamed_is_nobody_named_here() -> None:
    facts = extract("Turkish Foreign Minister Hakan Yildiz met his Greek counterpart Nikos "
                    "Dendias in Athens.\n\n\"We have to be patient,\" said Dendias.\n\n\"No "
                    "agreement is possible this year,\" a senior official said.\n\n\"The talks "
                    "will continue,\" the foreign ministry said in a statement.\n\n\"We are "
                    "ready,\" the Greek minister said.")
    assert [q.speaker for q in facts.quotes] == ["Nikos Dendias", None, None, "Nikos Dendias"]


def test_she_is_never_read_as_a_man_when_a_woman_is_named() -> None:
    facts = extract("Ms Anna Berg, the Swedish trade minister, opened the forum. Finnish Prime "
                    "Minister Mikko Lahti spoke next about energy.\n\n\"We need open markets,\" "
                    "she said.")
    assert {p.name: (p.role, p.country) for p in facts.people}["Anna Berg"] == (
        "Trade Minister", "Sweden")
    assert facts.quotes[0].speaker == "Anna Berg"
    facts = extract("Mr Mikko Lahti, the Finnish prime minister, opened the forum.\n\n\"We need "
                    "open markets,\" she said.")
    assert facts.quotes[0].confidence < 0.6  # a man by his title: "she" is someone else


def test_he_keeps_the_last_speaker_when_only_another_man_has_a_title() -> None:
    facts = extract("OIC Secretary General Omar Bakri thanked King Faisal for the summit. "
                    "\"King Faisal, he said, has ordered a new headquarters,\" the report "
                    "added.\n\nBakri said, \"He is a friend,\" and he stressed that unity "
                    "mattered.")
    assert [s.speaker for s in facts.statements][-1] == "Omar Bakri"


def test_quoted_as_saying_reports_a_statement() -> None:
    facts = extract("Chinese President Xi Jinping's special envoy Li Wen told the meeting that "
                    "Beijing supported the plan. The envoy was quoted as saying that China would "
                    "fund two projects.")
    assert [(s.speaker, s.text.split()[0]) for s in facts.statements] == [
        ("Li Wen", "told"), ("Li Wen", "saying")]


def test_names_and_themes_in_quotation_marks_are_not_quotes() -> None:
    facts = extract("Foreign Minister Ali Reza said the so-called \"axis of open trade\" was "
                    "dead. The summit, held under the theme \"together we grow stronger\", "
                    "ended. \"We will continue,\" Reza said.")
    assert [q.text for q in facts.quotes] == ["We will continue"]


def test_noting_after_a_comma_reports_but_a_warning_noun_does_not() -> None:
    facts = extract("The outgoing chair, Zambian President Mary Banda, reviewed the year, noting "
                    "that the bloc had sent observers to three states. Foreign Minister Paul Obi "
                    "sounded a stark warning on Friday as he urged members to act. Obi said the "
                    "fund was empty, noting that donors had left.")
    assert [(s.speaker, s.text.split()[0]) for s in facts.statements] == [
        ("Mary Banda", "noting"), ("Paul Obi", "urged"), ("Paul Obi", "said")]


def test_a_nationality_descriptor_prefers_the_person_of_that_country() -> None:
    facts = extract("Lindiwe Mabaso, the Kenyan foreign minister, arrived with Roads Minister "
                    "Farzaneh Sadegh.\n\nThe Kenyan minister said that the region needs more "
                    "investment in railways.")
    assert [(s.speaker, s.confidence >= 0.6) for s in facts.statements] == [
        ("Lindiwe Mabaso", True)]


def _said(text: str) -> list[tuple[str, str]]:
    """(speaker, first three words) of every reported statement."""
    return [(s.speaker, " ".join(s.text.split()[:3])) for s in extract(text).statements]


def test_a_relative_clause_between_name_and_verb_names_nobody() -> None:
    text = ("Foreign ministers of Mercosur met in Asunción. The talks were chaired by "
            "Paraguay's Foreign Minister Tomás Benítez Ayala. Argentina's Foreign Minister "
            "Lucía Ferraro spoke too. Ferraro, who took the floor after the chair, said Buenos "
            "Aires would cut its beef tariffs by half.")
    assert _said(text) == [("Lucía Ferraro", "said Buenos Aires")]


def test_a_relative_clause_naming_someone_else_keeps_the_subject() -> None:
    text = ("Nordic ministers met in Oslo. Norway's Prime Minister Jonas Lie and Danish "
            "Prime Minister Mette Holm attended. Holm, who sat beside Lie, told reporters that "
            "the grid needed new cables.")
    assert _said(text) == [("Mette Holm", "told reporters that")]


def test_a_quoted_title_does_not_hide_the_subject_she_refers_to() -> None:
    text = ("Sweden's Prime Minister Karl Ekdahl said the region needed more cables. "
            "Norway's Prime Minister, Ingrid Solberg, recalled the plan \"Grid North 2030\". "
            "She said her government would fund half of the work.")
    assert _said(text)[-1] == ("Ingrid Solberg", "said her government")


def test_a_participle_right_after_a_quoted_phrase_reports_a_clause() -> None:
    text = ("Ministers of the Andean Community met in Lima. Secretary-General Tomás Ruiz "
            "described the drought as \"a disaster by any measure\", warning that crops had "
            "failed in four more provinces.")
    assert ("Tomás Ruiz", "warning that crops") in _said(text)


def test_that_before_a_quoted_fragment_makes_it_reported_speech() -> None:
    text = ("Trade ministers met in Lima. Chile's Trade Minister Pablo Soto told reporters "
            "that he would table a report on exporters and stressed that \"the next shock will "
            "not wait for us\".")
    assert _said(text) == [("Pablo Soto", "told reporters that"),
                           ("Pablo Soto", "stressed that the")]


def test_a_capitalised_quote_after_that_stays_a_quote() -> None:
    text = ("Trade ministers met in Lima. Chile's Trade Minister Pablo Soto stressed that "
            "\"We cannot wait for the next shock to act together.\"")
    assert _said(text) == []


def test_said_one_thing_and_that_another_reports_two() -> None:
    text = ("Trade ministers met in Lima. Chile's Trade Minister Pablo Soto said the tariff "
            "would fall in July and that revenue would be shared among the members.")
    assert [s.text for s in extract(text).statements] == [
        "said the tariff would fall in July",
        "said that revenue would be shared among the members"]


def test_and_that_after_an_inner_that_stays_one_statement() -> None:
    text = ("Trade ministers met in Lima. Chile's Trade Minister Pablo Soto said Santiago "
            "shared the view that tariffs must fall and that the region must act.")
    assert len(extract(text).statements) == 1


def test_a_participle_after_a_comma_is_the_sentence_subjects() -> None:
    text = ("Trade ministers met in Lima. Chile's Trade Minister Pablo Soto spoke first. "
            "Peru's Foreign Minister Rosa Quiroga was less hopeful than Soto, noting that "
            "\"the talks may stall before July\".")
    assert _said(text) == [("Rosa Quiroga", "noting that the")]


def test_a_participle_after_an_object_named_keeps_the_subject() -> None:
    text = ("Trade ministers met in Lima. Peru's Foreign Minister Rosa Quiroga welcomed "
            "Chilean Trade Minister Pablo Soto, stressing that both ports would open in May.")
    assert {speaker for speaker, _ in _said(text)} == {"Rosa Quiroga"}


def test_the_head_of_a_national_ministry_is_its_minister() -> None:
    text = ("On 3 May, Minister of Foreign Affairs of the Kyrgyz Republic Aibek Toktomushev "
            "took part in the meeting in Baku. Minister of Foreign Affairs of the Republic of "
            "Azerbaijan Rauf Guliyev opened it. In his speech, the Head of the Kyrgyz foreign "
            "ministry noted the importance of the rail link.")
    assert _said(text) == [("Aibek Toktomushev", "noted the importance")]


def test_the_head_of_a_ministry_nobody_here_holds_speaks_for_the_ministry() -> None:
    text = ("Ministers met in Baku. Kazakh Foreign Minister Dana Nurlanova attended. The head "
            "of the Uzbek foreign ministry noted the importance of the rail link.")
    assert all(speaker != "Dana Nurlanova" for speaker, _ in _said(text))


def test_an_inverted_attribution_with_told_and_its_audience() -> None:
    for tail in ("told reporters.", "told the summit on Friday.", "told Reuters in an interview."):
        text = ("ECOWAS leaders met in Abuja. The standby force will be ready by June, "
                f"Commission President Omar Tall {tail}")
        assert _said(text) == [("Omar Tall", "The standby force")], tail


def test_told_with_an_order_is_no_inverted_attribution() -> None:
    text = ("ECOWAS leaders met in Abuja. The standby force will be ready by June, Commission "
            "President Omar Tall told them to prepare.")
    assert _said(text) == []


def test_saying_after_a_comma_reports_a_clause() -> None:
    text = ("SADC ministers met in Gaborone. Zambian Energy Minister Chanda Mwale agreed, saying "
            "power cuts had cost mines dearly. A note saying the plan was late circulated.")
    assert _said(text) == [("Chanda Mwale", "saying power cuts")]


def test_saying_before_a_full_quote_is_no_statement() -> None:
    text = ("SADC ministers met in Gaborone. Zambian Energy Minister Chanda Mwale agreed, "
            "saying: \"Power cuts cost us dearly.\"")
    assert _said(text) == []


def test_two_subjects_joined_by_and_both_report() -> None:
    text = ("SADC ministers met in Gaborone. Lesotho's Prime Minister Sam Matekane and "
            "Eswatini's Prime Minister Russell Mavimbela both said the plan was welcome.")
    assert _said(text) == [("Sam Matekane", "said the plan"),
                           ("Russell Mavimbela", "said the plan")]


def test_a_name_in_an_opening_phrase_is_no_co_subject() -> None:
    text = ("SADC ministers met in Gaborone. After meeting Sam Matekane, Lesotho's prime "
            "minister, Russell Mavimbela said the plan was welcome.")
    assert _said(text) == [("Russell Mavimbela", "said the plan")]


def test_a_contrast_ends_the_clause_and_hands_over_to_the_next_speaker() -> None:
    text = ("ECOWAS leaders met in Abuja. Nigeria's foreign minister Yusuf Bello insisted the "
            "sanctions would stay, while Senegal's Aminata Diop argued that dialogue was the "
            "only path.")
    assert [(s.speaker, s.text) for s in extract(text).statements] == [
        ("Yusuf Bello", "insisted the sanctions would stay"),
        ("Aminata Diop", "argued that dialogue was the only path")]
