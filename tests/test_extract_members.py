"""Member lists and organizations on short texts of our own: official long forms and names with
"and" in them, organizations learned from the text (syllable acronyms, foreign acronyms), every
common way news lists members, and the statuses kept apart from members (observers, dialogue
partners, candidates, associates, former members, guests)."""

from __future__ import annotations

import pytest

from knowledge import gazetteer
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
    ("Democratic Republic of the Congo", "DR Congo"), ("East Timor", "Timor-Leste"),
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
