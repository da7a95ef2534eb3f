"""Resolver: what users type -> entities, with match/ambiguous/none decisions."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge import gazetteer
from knowledge.resolve import AliasEntry, AliasIndex

PEOPLE = {
    1: ("Masoud Pezeshkian", "Iran", "President"),
    2: ("Mohammad Javad Zarif", "Iran", "Foreign Minister"),
    3: ("Emomali Rahmon", "Tajikistan", "President"),
    4: ("Raşit Meredow", "Turkmenistan", "Foreign Minister"),
    5: ("Hassan Rouhani", "Iran", "President"),
    6: ("Ilham Aliyev", "Azerbaijan", "President"),
    7: ("Heydar Aliyev", "Azerbaijan", "President"),
    8: ("Shahbaz Sharif", "Pakistan", "Prime Minister"),
    9: ("Sadyr Japarov", "Kyrgyzstan", "President"),
}


def build() -> AliasIndex:
    entries = []
    for eid, (name, country, role) in PEOPLE.items():
        entries += [AliasEntry(eid, "person", name, name),
                    AliasEntry(eid, "person", name, name.split()[-1], "surname")]
        demonym = next(a for a, k in gazetteer.country_aliases(country) if k == "demonym")
        entries.append(AliasEntry(eid, "person", name, f"{demonym} {role}", "role"))
    eid = 100
    for country in ("Iran", "Turkey", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Azerbaijan",
                    "Pakistan", "Uzbekistan", "Kazakhstan", "Afghanistan", "Oman", "Iraq"):
        eid += 1
        entries.append(AliasEntry(eid, "country", country, country))
        entries += [AliasEntry(eid, "country", country, a, k)
                    for a, k in gazetteer.country_aliases(country)]
    for city in ("Tehran", "Dushanbe", "Khankandi", "Ashgabat", "Baku", "Bishkek"):
        eid += 1
        entries.append(AliasEntry(eid, "city", city, city))
        entries += [AliasEntry(eid, "city", city, a, "spelling")
                    for a in gazetteer.city_aliases(city)]
    entries += [AliasEntry(200, "organization", "ECO", "ECO"),
                AliasEntry(200, "organization", "ECO", "Economic Cooperation Organization",
                           "official"),
                AliasEntry(201, "organization", "SCO", "SCO"),
                AliasEntry(201, "organization", "SCO", "Shanghai Cooperation Organisation",
                           "official")]
    rng = random.Random(7)  # distractors: generated people who must not steal answers
    first = ["Ali", "Reza", "Farid", "Nurlan", "Timur", "Omar", "Aziz", "Rustam", "Murat",
             "Kemal", "Sardor", "Bakhyt", "Javid", "Sergei", "Ivan"]
    last = ["Karimov", "Nazarov", "Hasanov", "Rahimi", "Hosseini", "Yilmaz", "Demir",
            "Sultanov", "Ivanov", "Qureshi", "Tokayev", "Bayramov", "Rashidov", "Mahmoudi"]
    for i in range(400):
        name = f"{rng.choice(first)} {rng.choice(last)}{rng.choice(['', 'a', 'ov'])}"
        entries.append(AliasEntry(1000 + i, "person", name, name))
    return AliasIndex(entries)


INDEX = build()


@pytest.mark.parametrize(("query", "expected"), [
    ("pezeshkian", "Masoud Pezeshkian"), ("Pezeshkyan", "Masoud Pezeshkian"),
    ("Pezeshkiyan", "Masoud Pezeshkian"), ("President Pezeshkian", "Masoud Pezeshkian"),
    ("Пезешкиан", "Masoud Pezeshkian"), ("پزشکیان", "Masoud Pezeshkian"),
    ("zariff", "Mohammad Javad Zarif"), ("Javad Zarif", "Mohammad Javad Zarif"),
    ("Зариф", "Mohammad Javad Zarif"), ("ظریف", "Mohammad Javad Zarif"),
    ("Rakhmon", "Emomali Rahmon"), ("Emomalii Rakhmon", "Emomali Rahmon"),
    ("Meredov", "Raşit Meredow"), ("Rashid Meredov", "Raşit Meredow"),
    ("Rohani", "Hassan Rouhani"), ("Shehbaz Sharif", "Shahbaz Sharif"),
    ("Zhaparov", "Sadyr Japarov"),
    ("Teheran", "Tehran"), ("tehran city", "Tehran"), ("Тегеран", "Tehran"), ("تهران", "Tehran"),
    ("Dushanbeh", "Dushanbe"), ("Душанбе", "Dushanbe"), ("Khankendi", "Khankandi"),
    ("Ashkhabad", "Ashgabat"), ("Pishpek", "Bishkek"),
    ("Turkiye", "Turkey"), ("Republic of Türkiye", "Turkey"), ("kirgizstan", "Kyrgyzstan"),
    ("Kyrgyz Republic", "Kyrgyzstan"), ("Islamic Republic of Iran", "Iran"),
    ("Tajik", "Tajikistan"), ("Turkmen", "Turkmenistan"), ("Uzbek", "Uzbekistan"),
    ("eco", "ECO"), ("Economic Cooperation Organisation", "ECO"),
    ("shanghai cooperation organization", "SCO"),
])
def test_confident_matches(query: str, expected: str) -> None:
    result = INDEX.resolve(query)
    assert result.decision == "match", result
    assert result.matches[0].name == expected
    assert result.matches[0].why


@pytest.mark.parametrize("query", ["Vladimir Putin", "Joe Biden", "Putin", "Xi Jinping",
                                   "Emmanuel Macron", "zzzz", "the", "Atlantis"])
def test_unknown_names_are_none(query: str) -> None:
    assert INDEX.resolve(query).decision == "none"


@pytest.mark.parametrize(("query", "names"), [
    ("Aliyev", {"Ilham Aliyev", "Heydar Aliyev"}),
    ("the Iranian president", {"Masoud Pezeshkian", "Hassan Rouhani"}),
    ("president", {"Masoud Pezeshkian", "Hassan Rouhani", "Emomali Rahmon"}),
])
def test_shared_names_are_ambiguous_not_guessed(query: str, names: set[str]) -> None:
    result = INDEX.resolve(query)
    assert result.decision == "ambiguous"
    assert names <= {m.name for m in result.matches}


def test_kind_filter() -> None:
    assert INDEX.resolve("Tajik", kind="person").decision != "match"
    assert INDEX.resolve("Tehran", kind="person").decision == "none"
    assert INDEX.resolve("Tehran", kind="place").matches[0].name == "Tehran"
    assert INDEX.resolve("Iran", kind="place").matches[0].kind == "country"
    with pytest.raises(ValueError):
        INDEX.resolve("x", kind="planet")


def test_incremental_add_and_remove() -> None:
    index = build()
    assert index.resolve("Tokayev Kassym").decision != "match"
    index.add([AliasEntry(500, "person", "Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev"),
               AliasEntry(500, "person", "Kassym-Jomart Tokayev", "Tokayev", "surname")])
    assert index.resolve("Kassym-Jomart Tokayev").matches[0].entity_id == 500
    index.remove_entity(1)
    assert all(m.entity_id != 1 for m in index.resolve("Pezeshkian").matches)


def test_json_shape() -> None:
    data = INDEX.resolve("zarif").to_json()
    assert data["query"] == "zarif" and data["decision"] == "match"
    assert set(data["matches"][0]) == {"name", "kind", "score", "why", "entity_id"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_query_is_answered(query: str) -> None:
    result = INDEX.resolve(query)
    assert result.decision in {"match", "ambiguous", "none"}
