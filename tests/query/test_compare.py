"""query.compare's parts: how names are compared, distances, and the figures a pair is compared by."""

from __future__ import annotations

from types import SimpleNamespace

from dezzor_cli.query.compare import _count_json, _summed, km, name_keys
from dezzor_cli.query.quantities import Qty


def test_name_keys_drop_a_bracketed_qualifier_and_split_acleds_abbreviations() -> None:
    assert name_keys("SDF: Syrian Democratic Forces") == ["sdfsyriandemocraticforces", "sdf", "syriandemocraticforces"]
    assert name_keys("Islamic State (Syria)") == ["islamicstatesyria", "islamicstate"]
    assert name_keys("Military Forces of Syria (2000-2024)") == ["militaryforcesofsyria20002024", "militaryforcesofsyria"]
    assert name_keys("Deir-ez-Zor (location)") == ["deirezzorlocation", "deirezzor"]
    assert name_keys("Al-Ma'ezalyah") == ["almaezalyah"]


def test_km_needs_both_points() -> None:
    here = SimpleNamespace(lat=35.0, lon=40.0)
    assert km(here, here) == 0.0  # type: ignore[arg-type]
    assert km(here, SimpleNamespace(lat=None, lon=None)) is None  # type: ignore[arg-type]
    one_degree = km(here, SimpleNamespace(lat=36.0, lon=40.0))  # type: ignore[arg-type]
    assert one_degree is not None and round(one_degree, 1) == 111.2  # a degree of latitude


def test_compare_takes_an_events_own_fatalities_over_the_sum_of_its_parties() -> None:
    """A store of schema version 2 gives an event's deaths in all (ACLED's fatalities) beside whose they were."""
    parties = [SimpleNamespace(killed=2, injured=None, arrested=None), SimpleNamespace(killed=1, injured=4,
                                                                                      arrested=None)]
    v1 = SimpleNamespace(casualties=parties, fatalities=None)  # a version 1 store is read as version 2: no total
    assert _summed(v1) == {"killed": Qty(3, 3), "injured": Qty(4, 4), "arrested": None}  # type: ignore[arg-type]
    v2 = SimpleNamespace(casualties=parties, fatalities=SimpleNamespace(min=3, max=5, best=None))
    assert _summed(v2) == {"killed": Qty(3, 5), "injured": Qty(4, 4), "arrested": None}  # type: ignore[arg-type]
    assert _summed(SimpleNamespace(casualties=parties, fatalities=None))["killed"] == Qty(3, 3)  # type: ignore[arg-type]


def test_a_differing_figure_keeps_its_best_estimate_in_json() -> None:
    """Two figures that differ only in their best estimate must not look alike in JSON."""
    assert _count_json(Qty(2, 5, 3)) == {"min": 2, "best": 3, "max": 5}
    assert _count_json(Qty(2, 5, 4)) != _count_json(Qty(2, 5, 3))
    assert _count_json(Qty(2, None)) == {"min": 2, "max": None}
    assert _count_json(Qty(4, 4)) == 4
    assert _count_json(None) is None
