"""How sure each quote's and statement's speaker is, by the kind of evidence that names them
(our own short texts). Below UNCERTAIN (0.6) an answer says "speaker uncertain": a name or a
descriptor only one person could hold next to the speech verb is sure; "he" is sure only when
its person is alone in the window (the previous sentence and its own); speakers carried from
further back, a quote with no attribution of its own that inherits one, a descriptor several
people could hold, and a quote whose own attribution names someone else are uncertain."""

from __future__ import annotations

from knowledge.extract.facts import UNCERTAIN
from knowledge.extract.pipeline import extract

_HEAD = "Grid talks open in Tallinn\n\n"


def _quote(text: str, start: str):
    facts = extract(_HEAD + text)
    found = [q for q in facts.quotes if q.text.startswith(start)]
    assert len(found) == 1, facts.quotes
    return found[0]


def _statement(text: str, start: str):
    facts = extract(_HEAD + text)
    found = [s for s in facts.statements if start in s.text]
    assert len(found) == 1, facts.statements
    return found[0]


# --- explicit attribution in the quote's own sentence: sure -------------------------------------

def test_named_next_to_the_verb_is_sure() -> None:
    text = ("Energy Minister Olek Varga of Estonia opened the forum.\n\n"
            "“Every grid in the north must be tied to its neighbours,” said Varga.")
    q = _quote(text, "Every grid")
    assert q.speaker == "Olek Varga" and q.confidence >= UNCERTAIN


def test_named_subject_of_said_after_an_opening_participle_is_sure() -> None:
    text = ("Pointing to the cold winter, which, as he put it, hit the north hardest, Energy "
            "Minister Olek Varga said: “No village should wait a week for its power again.”")
    q = _quote(text, "No village")
    assert q.speaker == "Olek Varga" and q.confidence >= UNCERTAIN


def test_a_name_after_said_that_is_not_its_subject_is_uncertain() -> None:
    text = ("Energy Minister Olek Varga of Estonia chaired the forum.\n\n"
            "“Every grid in the north must be tied to its neighbours,” said the chair of the "
            "board, standing in for Varga.")
    q = _quote(text, "Every grid")
    assert q.speaker == "Olek Varga" and q.confidence < UNCERTAIN


# --- pronouns -----------------------------------------------------------------------------

def test_he_with_one_man_in_the_previous_sentence_is_sure() -> None:
    text = ("Energy Minister Olek Varga of Estonia opened the forum on Monday.\n\n"
            "“We will share the grid with every neighbour,” he said.")
    q = _quote(text, "We will share")
    assert q.speaker == "Olek Varga" and q.confidence >= UNCERTAIN


def test_he_after_a_sentence_whose_subject_is_him_is_sure() -> None:
    text = ("Energy Minister Olek Varga of Estonia thanked Trade Minister Tomas Brill of "
            "Latvia for the invitation.\n\n“We will share the grid with every neighbour,” he "
            "said.")
    q = _quote(text, "We will share")
    assert q.speaker == "Olek Varga" and q.confidence >= UNCERTAIN


def test_he_with_two_men_sharing_the_previous_sentence_is_uncertain() -> None:
    text = ("Energy Minister Olek Varga of Estonia and Trade Minister Tomas Brill of Latvia "
            "opened the forum on Monday.\n\n“We will share the grid with every neighbour,” he "
            "said.")
    q = _quote(text, "We will share")
    assert q.confidence < UNCERTAIN


def test_statement_by_he_with_two_men_in_the_previous_sentence_is_uncertain() -> None:
    text = ("Energy Minister Olek Varga of Estonia and Trade Minister Tomas Brill of Latvia "
            "opened the forum on Monday. He added that the new cable would be ready by "
            "autumn next year.")
    s = _statement(text, "new cable")
    assert s.confidence < UNCERTAIN


def test_he_carried_from_a_paragraph_earlier_is_uncertain() -> None:
    text = ("Energy Minister Olek Varga of Estonia opened the forum on Monday.\n\n"
            "The talks ran late into the night. Delegates later toured the harbour.\n\n"
            "“We will share the grid with every neighbour,” he said.")
    q = _quote(text, "We will share")
    assert q.speaker == "Olek Varga" and q.confidence < UNCERTAIN


def test_a_chain_of_he_keeps_its_first_link() -> None:
    sure = ("Energy Minister Olek Varga of Estonia opened the forum on Monday. He said that "
            "the cable would be ready by autumn. He added that the price of power would fall "
            "next winter.")
    assert _statement(sure, "price of power").confidence >= UNCERTAIN
    carried = ("Energy Minister Olek Varga of Estonia opened the forum on Monday.\n\n"
               "The talks ran late into the night. Delegates later toured the harbour.\n\n"
               "He said that the cable would be ready by autumn. He added that the price of "
               "power would fall next winter.")
    assert _statement(carried, "price of power").confidence < UNCERTAIN


# --- descriptors ----------------------------------------------------------------------------

def test_a_descriptor_one_person_holds_is_sure() -> None:
    text = ("Energy Minister Olek Varga of Estonia met company heads on Monday.\n\n"
            "The minister said that the cable would be ready by autumn next year.")
    s = _statement(text, "cable would be ready")
    assert s.speaker == "Olek Varga" and s.confidence >= UNCERTAIN


def test_a_descriptor_two_people_could_hold_is_uncertain() -> None:
    text = ("Energy Minister Olek Varga of Estonia met Trade Minister Tomas Brill of Latvia "
            "on Monday.\n\nThe minister said that the cable would be ready by autumn next "
            "year.")
    s = _statement(text, "cable would be ready")
    assert s.confidence < UNCERTAIN


def test_a_descriptor_of_someone_unnamed_makes_the_role_ambiguous() -> None:
    text = ("Estonian President Olek Varga opened the forum. The Latvian president spoke "
            "after him.\n\nThe president said that the cable would be ready by autumn next "
            "year.")
    s = _statement(text, "cable would be ready")
    assert s.speaker == "Olek Varga" and s.confidence < UNCERTAIN


# --- quotes with no attribution of their own ----------------------------------------------

def test_a_quote_right_after_its_speakers_quote_in_the_paragraph_is_sure() -> None:
    text = ("Energy Minister Olek Varga of Estonia opened the forum.\n\n"
            "“Every grid in the north must be tied to its neighbours,” Varga said. “No village "
            "should wait a week for its power again.”")
    q = _quote(text, "No village")
    assert q.speaker == "Olek Varga" and q.confidence >= UNCERTAIN


def test_a_quote_standing_alone_after_other_paragraphs_is_uncertain() -> None:
    text = ("Energy Minister Olek Varga of Estonia opened the forum.\n\n"
            "Delegates later toured the harbour.\n\n"
            "“No village should wait a week for its power again.”")
    q = _quote(text, "No village")
    assert q.speaker == "Olek Varga" and q.confidence < UNCERTAIN


def test_a_quote_of_several_sentences_takes_its_closing_attribution() -> None:
    opening = ("Energy Minister Olek Varga of Estonia and Trade Minister Tomas Brill of Latvia "
               "signed the deal.\n\nVarga said the work would start soon.\n\n")
    same = _quote(opening + "“The route is fixed. Work starts in May,” Varga said.", "The route")
    assert same.speaker == "Olek Varga" and same.confidence >= UNCERTAIN
    other = _quote(opening + "“The route is fixed. Work starts in May,” Brill said.",
                   "The route")
    assert other.speaker == "Olek Varga" and other.confidence < UNCERTAIN  # Brill's, it says
