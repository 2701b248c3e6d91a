"""Names: normalisation, resolution, suggestions and hierarchy."""

from __future__ import annotations

import pytest

from dezzor_cli.errors import UsageError
from dezzor_cli.query.index import Index
from dezzor_cli.query.names import normalise


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Islamic State", "islamic-state"),
        ("Deir ez-Zor", "DEIR EZZOR"),
        ("Ma'izila", "maizila"),
        ("CJTF–OIR", "cjtf-oir"),
        ("Türkiye", "turkiye"),
        ("Dhībān", "dhiban"),
    ],
)
def test_normalise_ignores_case_spacing_punctuation_and_diacritics(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_unknown_names_suggest_the_closest(ix: Index) -> None:
    with pytest.raises(UsageError) as exc:
        ix.actors.resolve("Islamic Stat")
    assert exc.value.message.startswith("unknown actor 'Islamic Stat'; did you mean 'Islamic State'")
    with pytest.raises(UsageError) as exc:
        ix.places.resolve("Abu Kamel")
    assert exc.value.message.startswith("unknown place 'Abu Kamel'; did you mean 'Abu Kamal'")


def test_unknown_name_with_nothing_close_points_to_the_registry(ix: Index) -> None:
    with pytest.raises(UsageError) as exc:
        ix.places.resolve("Timbuktu")
    assert exc.value.message == "unknown place 'Timbuktu'; run 'dezzor places' to list the known names"
