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
