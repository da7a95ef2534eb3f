"""Gazetteer: every form of a country or city maps to one canonical name."""

from __future__ import annotations

import pytest

from knowledge import gazetteer


@pytest.mark.parametrize(("text", "country"), [
    ("Islamic Republic of Iran", "Iran"), ("Iranian", "Iran"), ("Türkiye", "Turkey"),
    ("Republic of Türkiye", "Turkey"), ("Turkish", "Turkey"), ("Kyrgyz Republic", "Kyrgyzstan"),
    ("Kirgizstan", "Kyrgyzstan"), ("Tajik", "Tajikistan"), ("Turkmen", "Turkmenistan"),
    ("Republic of Azerbaijan", "Azerbaijan"), ("Azeri", "Azerbaijan"),
    ("Russian Federation", "Russia"), ("UAE", "United Arab Emirates"), ("the Netherlands",
                                                                        "Netherlands"),
    ("Omani", "Oman"), ("Afghan", "Afghanistan"), ("Kazakh", "Kazakhstan"),
])
def test_country_forms(text: str, country: str) -> None:
    assert gazetteer.canonical_country(text) == country


@pytest.mark.parametrize("text", ["Monday", "President", "Zarif", "IRN", "", "Organization"])
def test_not_countries(text: str) -> None:
    assert gazetteer.canonical_country(text) is None


@pytest.mark.parametrize(("text", "city", "country"), [
    ("Tehran", "Tehran", "Iran"), ("Teheran", "Tehran", "Iran"),
    ("Dushanbe", "Dushanbe", "Tajikistan"), ("Khankendi", "Khankandi", "Azerbaijan"),
    ("Xankəndi", "Khankandi", "Azerbaijan"), ("Ashkhabad", "Ashgabat", "Turkmenistan"),
    ("Nur-Sultan", "Astana", "Kazakhstan"),
])
def test_cities(text: str, city: str, country: str) -> None:
    assert gazetteer.city(text) == (city, country)


def test_aliases_and_flags() -> None:
    kinds = dict(gazetteer.country_aliases("Iran"))
    assert kinds["Islamic Republic of Iran"] == "official"
    assert kinds["Iranian"] == "demonym"
    assert "Ashkhabad" in gazetteer.city_aliases("Ashgabat")
    assert "Тегеран" in gazetteer.city_aliases("Tehran")
    assert gazetteer.flag("Iran") == "🇮🇷"
    assert gazetteer.flag("Nowhere") == ""
    assert len(gazetteer.countries()) > 240
