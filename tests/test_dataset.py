"""The bundled Deir ez-Zor store: what was coded from each paragraph, and the facts that matter most."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

import pytest

from dezzor_cli.query import control as qcontrol
from dezzor_cli.query import tally as qtally
from dezzor_cli.query.index import Index
from dezzor_cli.query.names import normalise
from dezzor_cli.query.quantities import Qty
from dezzor_cli.store.read import LoadedStore

from .conftest import ARTICLE

# Every paragraph of the source and the events coded from it (primary source only; also_in listed apart).
PARAGRAPHS: dict[tuple[str, int], list[str]] = {
    ("lead", 7): ["2024-12-opposition-takes-mayadin"],
    ("lead", 20): [],  # an overview of the clashes, no incident of its own
    ("lead", 21): [],  # restates the 3 December offensive (also_in of the Offensive event)
    ("Background", 1): ["2019-isis-insurgency-begins"],
    ("Background", 2): [
        "2024-11-hts-offensive-launched",
        "2024-12-early-opposition-advance-homs",
        "2024-12-07-fsa-captures-palmyra",
    ],
    ("Initial clashes with ISIS", 1): [
        "2024-11-17-isis-attack-sdf-checkpoint",
        "2024-11-19-usaf-strike-al-qoriya-desert",
        "2024-11-us-operation-al-quriyah",
        "2024-11-us-operation-mayadin",
        "2024-11-us-operation-al-asharah",
        "2024-11-iranian-missile-al-shaddadi",
        "2024-11-coalition-exercises-al-omar",
        "2024-11-coalition-exercise-al-tanf",
    ],
    ("Initial clashes with ISIS", 2): [
        "2024-11-21-isis-ied-sdf",
        "2024-11-23-isis-ambush-saa-bishri",
        "2024-11-23-isis-ambush-irgc-maezalyah",
        "2024-11-24-isis-landmine-ghariba",
        "2024-11-25-isis-asayish-clash-khorafy",
        "2024-11-25-isis-kills-driver-al-makman",
    ],
    ("Initial clashes with ISIS", 3): [
        "2024-11-27-russian-strikes-bishri",
        "2024-11-27-russian-strikes-rasafa",
        "2024-11-27-isis-fire-hawayej-checkpoint",
        "2024-11-28-isis-fire-jurthi",
        "2024-11-coalition-exercise-koniko",
        "2024-11-29-strikes-maizila-desert",
    ],
    ("Initial clashes with ISIS", 4): ["2024-11-militias-checkpoints-abu-kamal"],
    ("Initial clashes with ISIS", 5): [
        "2024-11-militia-reinforce-thalathaat",
        "2024-11-27-centcom-strike-militia-arms",
    ],
    ("Russian withdrawal", 1): [
        "2024-11-30-russians-leave-seven-villages",
        "2024-11-30-sdf-consolidates-forces",
        "2024-11-30-coalition-artillery-mrat",
        "2024-11-30-coalition-artillery-khasham",
        "2024-11-isis-emir-arrested-al-izba",
    ],
    ("Offensive", 1): [
        "2024-12-03-sdf-offensive-seven-villages",
        "2024-12-03-sdf-captures-al-husseiniyah",
        "2024-12-03-coalition-strikes-militias",
        "2024-12-03-sdf-claims-seven-villages",
        "2024-12-03-us-strike-deir-ez-zor-airport",
    ],
    ("Offensive", 2): [
        "2024-12-05-sdf-takes-thawra-oil-field",
        "2024-12-05-sdf-takes-resafa",
        "2024-12-05-sdf-positions-safyan-anbaj",
        "2024-12-06-government-withdrawal-east",
        "2024-12-06-sdf-takes-deir-ez-zor",
        "2024-12-06-sdf-seizes-abu-kamal",
    ],
    ("Offensive", 3): [
        "2024-12-anti-sdf-protests-deir-ez-zor",
        "2024-12-sdf-arab-defections",
        "2024-12-10-opposition-captures-abu-kamal",
    ],
    ("Offensive", 4): ["2024-12-opposition-takes-deir-ez-zor"],
    ("Aftermath", 1): [
        "2024-12-17-isis-kills-sdf-fighter",
        "2024-12-17-isis-attack-raqqa-checkpoint",
        "2024-12-20-us-strike-isis",
    ],
    ("Aftermath", 2): [
        "2025-01-20-gunmen-attack-sdf-diban",
        "2025-01-20-gunmen-attack-sdf-abu-hamam",
        "2025-01-gunmen-pledge-al-hafl",
        "2025-01-sdf-reinforcements-deir-ez-zor",
        "2025-01-21-sdf-retakes-positions",
        "2025-01-sdf-security-operation",
    ],
}


def coded(bundled: LoadedStore) -> dict[tuple[str, int], list[str]]:
    out: dict[tuple[str, int], list[str]] = defaultdict(list)
    for e in bundled.store.events:
        out[(e.source.section, e.source.paragraph)].append(e.id)
    return out


@pytest.mark.parametrize("paragraph", sorted(PARAGRAPHS), ids=lambda p: f"{p[0]}-{p[1]}")
def test_events_coded_from_each_paragraph(bundled: LoadedStore, paragraph: tuple[str, int]) -> None:
    assert sorted(coded(bundled).get(paragraph, [])) == sorted(PARAGRAPHS[paragraph])


def test_no_event_is_coded_from_a_paragraph_the_table_does_not_know(bundled: LoadedStore) -> None:
    assert set(coded(bundled)) <= set(PARAGRAPHS)
    assert sum(len(v) for v in PARAGRAPHS.values()) == len(bundled.store.events) == 57


def test_lead_restatements_point_back_to_the_events(bundled: LoadedStore) -> None:
    also = {(s.section, s.paragraph): e.id for e in bundled.store.events for s in e.also_in}
    assert also[("lead", 21)] == "2024-12-03-sdf-offensive-seven-villages"
    pointing_at_territory_line = {e.id for e in bundled.store.events for s in e.also_in if (s.section, s.paragraph) == ("lead", 7)}
    assert pointing_at_territory_line == {
        "2024-12-03-sdf-claims-seven-villages",
        "2024-12-06-government-withdrawal-east",
        "2024-12-06-sdf-takes-deir-ez-zor",
        "2024-12-10-opposition-captures-abu-kamal",
        "2024-12-opposition-takes-deir-ez-zor",
    }


def _event(ix: Index, eid: str) -> Any:
    return ix.event[eid]


@pytest.mark.parametrize(
    ("eid", "date", "end", "precision"),
    [
        ("2024-11-19-usaf-strike-al-qoriya-desert", "2024-11-19", "2024-11-19", "day"),  # "two days later" than 17 Nov
        ("2024-11-28-isis-fire-jurthi", "2024-11-28", "2024-11-28", "day"),  # "the following day" after 27 Nov
        ("2024-12-05-sdf-takes-thawra-oil-field", "2024-12-05", "2024-12-05", "day"),  # "two days later" than 3 Dec
        ("2024-12-06-sdf-takes-deir-ez-zor", "2024-12-06", "2024-12-06", "day"),  # "the next day"
        ("2025-01-21-sdf-retakes-positions", "2025-01-21", "2025-01-21", "day"),  # "end of the next day"
        ("2024-11-coalition-exercises-al-omar", "2024-11-01", "2024-11-18", "range"),  # "earlier in November"
        ("2024-11-hts-offensive-launched", "2024-11-21", "2024-11-30", "range"),  # "late November"
        ("2025-01-sdf-security-operation", "2025-01-27", "2025-02-02", "week"),  # "the following week"
        ("2019-isis-insurgency-begins", "2019-01-01", "2019-04-30", "range"),  # "early 2019": its first third
        ("2024-12-06-sdf-seizes-abu-kamal", "2024-12-06", "2024-12-06", "day"),  # "also", after the 6 December entry
        ("2024-12-opposition-takes-deir-ez-zor", "2024-12-07", "2024-12-11", "range"),  # "by the end of 11 December"
        ("2024-12-03-sdf-captures-al-husseiniyah", "2024-12-03", "2024-12-03", "day"),  # undated sentence of 3 Dec
        ("2024-12-06-government-withdrawal-east", "2024-12-06", "2024-12-11", "range"),  # "began withdrawing" on 6 Dec
        ("2025-01-gunmen-pledge-al-hafl", "2025-01-20", "2025-02-02", "range"),  # "later": no end given
        ("2024-11-us-operation-mayadin", "2024-11-01", "2024-11-30", "month"),  # undated "additional operations"
    ],
)
def test_dates_keep_their_precision(ix: Index, eid: str, date: str, end: str, precision: str) -> None:
    e = _event(ix, eid)
    assert (e.date.isoformat(), e.end.isoformat(), e.precision.value) == (date, end, precision)


def _counts(ix: Index, eid: str) -> list[tuple[str | None, Any, Any, Any, str]]:
    def plain(v: Any) -> Any:
        return v if v is None or isinstance(v, int) else (v.min, v.max)

    return [
        (c.party, plain(c.killed), plain(c.injured), plain(c.arrested), c.certainty.value)
        for c in _event(ix, eid).casualties
    ]


@pytest.mark.parametrize(
    ("eid", "expected"),
    [
        ("2024-11-17-isis-attack-sdf-checkpoint", [("sdf", 1, (2, None), None, "reported")]),  # "injured others"
        ("2024-11-19-usaf-strike-al-qoriya-desert", [("pro-iranian-militias", 5, None, None, "reported")]),
        ("2024-11-21-isis-ied-sdf", [("sdf", 2, 12, None, "reported")]),
        ("2024-11-23-isis-ambush-saa-bishri", [("saa", 2, None, None, "reported")]),
        ("2024-11-23-isis-ambush-irgc-maezalyah", [("irgc", 2, None, None, "reported"), (None, None, 2, None, "reported")]),
        ("2024-11-24-isis-landmine-ghariba", [("sdf", 2, 1, None, "reported")]),
        ("2024-11-25-isis-asayish-clash-khorafy", [("asayish", 0, 0, None, "reported"), ("isis", 0, 0, None, "reported")]),
        ("2024-11-25-isis-kills-driver-al-makman", [("civilians", 1, None, None, "reported")]),
        ("2024-11-isis-emir-arrested-al-izba", [("isis", None, None, 1, "reported")]),
        ("2024-12-03-sdf-offensive-seven-villages", [("sdf", 1, None, None, "reported"), ("civilians", 1, None, None, "reported")]),
        ("2024-12-03-us-strike-deir-ez-zor-airport", [("saa", 6, None, None, "reported")]),
        ("2024-12-17-isis-kills-sdf-fighter", [("sdf", 1, None, None, "reported")]),
        ("2024-12-17-isis-attack-raqqa-checkpoint", [("sdf", 2, 4, None, "reported")]),
        ("2024-12-20-us-strike-isis", [("isis", 2, None, None, "reported")]),
        ("2025-01-sdf-security-operation", [(None, None, None, (2, None), "reported")]),
        ("2024-11-27-russian-strikes-bishri", []),  # the source gives no casualties: none are invented
    ],
)
def test_casualty_figures(ix: Index, eid: str, expected: list[Any]) -> None:
    assert _counts(ix, eid) == expected


def test_control_changes_in_order(bundled: LoadedStore, ix: Index) -> None:
    rows = [(ch.place, ch.from_, ch.to, ch.certainty, ch.event.end.isoformat()) for ch in qcontrol.changes(bundled.store)]
    assert rows == [
        ("al-husseiniyah", "saa", "sdf", "reported", "2024-12-03"),
        ("al-salihiyah", "saa", "sdf", "claimed", "2024-12-03"),
        ("hatla", "saa", "sdf", "claimed", "2024-12-03"),
        ("mrat", "saa", "sdf", "claimed", "2024-12-03"),
        ("mazloum", "saa", "sdf", "claimed", "2024-12-03"),
        ("khasham", "saa", "sdf", "claimed", "2024-12-03"),
        ("tabiyet-jazira", "saa", "sdf", "claimed", "2024-12-03"),
        ("thawra-oil-field", "syrian-government", "sdf", "reported", "2024-12-05"),
        ("al-rasafa", "syrian-government", "sdf", "reported", "2024-12-05"),
        ("deir-ez-zor", "syrian-government", "sdf", "reported", "2024-12-06"),
        ("abu-kamal", "syrian-government", None, "reported", "2024-12-06"),
        ("abu-kamal", None, "sdf", "reported", "2024-12-06"),
        ("palmyra", None, "fsa", "reported", "2024-12-07"),
        ("abu-kamal", "sdf", "syrian-opposition", "claimed", "2024-12-10"),
        ("mayadin", "syrian-government", None, "reported", "2024-12-11"),
        ("al-quriyah", "syrian-government", None, "reported", "2024-12-11"),
        ("mayadin", None, "syrian-opposition", "reported", "2024-12-11"),
        ("deir-ez-zor", "sdf", "syrian-opposition", "reported", "2024-12-11"),
    ]


def test_claims_name_their_claimant(ix: Index) -> None:
    claim = _event(ix, "2024-12-03-sdf-claims-seven-villages")
    assert (claim.certainty.value, claim.claimed_by) == ("claimed", "sdf")
    assert {cc.claimed_by for cc in claim.control_changes} == {"sdf"}
    announced = _event(ix, "2024-12-10-opposition-captures-abu-kamal")
    assert (announced.certainty.value, announced.claimed_by) == ("claimed", "syrian-opposition")
    assert _event(ix, "2024-12-sdf-arab-defections").certainty.value == "alleged"  # "reportedly"


def test_infobox_totals_are_kept_apart_from_events(bundled: LoadedStore) -> None:
    rows = [
        (r.field, r.side, r.party, r.killed if not hasattr(r.killed, "min") else (r.killed.min, r.killed.max),
         r.arrested, r.certainty.value, r.claimed_by)
        for r in bundled.store.reported_totals
    ]
    assert rows == [
        ("Casualties1", "sdf", "sdf", 10, None, "reported", None),
        ("Casualties2", "government", None, 12, None, "reported", None),
        ("Casualties2", "government", None, 2, None, "reported", None),
        ("Casualties3", "islamic-state", "isis", 2, None, "reported", None),
        ("Casualties3", "islamic-state", "isis", None, 18, "claimed", "sdf"),
        ("Casualties4", "opposition", "protesters", (2, None), None, "alleged", None),
        ("Casualties5", None, "civilians", 1, None, "reported", None),
    ]


@pytest.mark.parametrize(
    ("spelling", "place"),
    [
        ("Al-Husseiniyah", "al-husseiniyah"), ("Al-Hussainiyah", "al-husseiniyah"), ("Husseiniya", "al-husseiniyah"),
        ("Mrat", "mrat"), ("Marrat", "mrat"), ("Marat", "mrat"),
        ("Al-Salihiyah", "al-salihiyah"), ("Salhiya", "al-salihiyah"),
        ("Tabiyet Jazira", "tabiyet-jazira"), ("Tabiya", "tabiyet-jazira"),
        ("Al-Rasafa", "al-rasafa"), ("Resafa", "al-rasafa"),
        ("Al-Bushri desert", "jabal-al-bishri"), ("Al-Boshra Mountain", "jabal-al-bishri"),
        ("Al-Ma'ezalyah", "al-maezalyah"), ("Ma'izila Desert", "al-maezalyah"),
        ("Koniko gas field", "koniko-gas-field"), ("Koniko Gas Field", "koniko-gas-field"),
        ("Deir Ezzor", "deir-ez-zor"), ("deir ezzor", "deir-ez-zor"), ("Deir-ez-Zor", "deir-ez-zor"),
        ("Khasham Pocket", "seven-villages"), ("Seven Villages", "seven-villages"),
        ("Iraq–Syria border", "iraq-syria-border"), ("Iraq-Syria border", "iraq-syria-border"), ("Iraqi border", "iraq-syria-border"),
        ("Al-Qoriya Desert", "al-qoriya-desert"), ("Al-Quriyah", "al-quriyah"),
        ("Al-Raqqa countryside", "raqqa-governorate"), ("Al-Hasakah", "hasakah-governorate"),
    ],
)
def test_every_spelling_of_a_place_resolves(ix: Index, spelling: str, place: str) -> None:
    assert ix.places.resolve(spelling) == place


@pytest.mark.parametrize(
    ("spelling", "actor"),
    [
        ("ISIS", "isis"), ("islamic state", "isis"), ("Islamic-State", "isis"), ("Daesh", "isis"), ("ISIL", "isis"),
        ("SDF", "sdf"), ("Syrian Democratic Forces", "sdf"), ("Al-Asayish Internal Security Forces", "asayish"),
        ("Self-Defense Forces", "self-defense-forces"), ("SAA", "saa"), ("Syrian Army", "saa"),
        ("pro-government forces", "syrian-government"), ("Iranian-aligned militias", "pro-iranian-militias"),
        ("Iran-backed militias", "pro-iranian-militias"), ("Fatemiyoun militia", "fatemiyoun"),
        ("Tahrir al-Sham", "hts"), ("HTS", "hts"), ("CJTF-OIR", "cjtf-oir"), ("CJTF–OIR", "cjtf-oir"),
        ("US-led international coalition", "cjtf-oir"), ("Iranian Revolutionary Guard Corps", "irgc"),
        ("Russian air forces", "russia"), ("U.S. Central Command", "centcom"), ("unidentified aircraft", "unidentified-aircraft"),
    ],
)
def test_every_name_of_an_actor_resolves(ix: Index, spelling: str, actor: str) -> None:
    assert ix.actors.resolve(spelling) == actor


@pytest.mark.parametrize(
    ("registry", "spelling", "record"),
    [  # spellings users type that the article does not use: transliterations and common short forms
        ("places", "Mayadeen", "mayadin"), ("places", "Al-Mayadeen", "mayadin"),
        ("places", "Boukamal", "abu-kamal"), ("places", "Albukamal", "abu-kamal"), ("places", "Al-Boukamal", "abu-kamal"),
        ("places", "Abou Kamal", "abu-kamal"), ("places", "Deir el-Zor", "deir-ez-zor"), ("places", "Deir Zor", "deir-ez-zor"),
        ("places", "Dayr al-Zawr", "deir-ez-zor"), ("places", "Deir el-Zor Governorate", "deir-ez-zor-governorate"),
        ("places", "Dayr az Zawr province", "deir-ez-zor-governorate"), ("places", "Ar-Raqqa", "raqqa-governorate"),
        ("places", "Hasaka", "hasakah-governorate"), ("places", "Ashara", "al-asharah"), ("places", "Quriya", "al-quriyah"),
        ("places", "Jebel Bishri", "jabal-al-bishri"), ("places", "Shaddadi", "al-shaddadi-base"),
        ("places", "Dimashq", "damascus"), ("places", "Furat", "euphrates"),
        ("actors", "Daish", "isis"), ("actors", "Islamic State group", "isis"),
        ("actors", "Islamic State in Iraq and the Levant", "isis"), ("actors", "Qasad", "sdf"), ("actors", "QSD", "sdf"),
        ("actors", "Hayat Tahrir al Sham", "hts"), ("actors", "Hayat Tahrir ash-Sham", "hts"),
        ("actors", "Syrian regime", "syrian-government"), ("actors", "Kataib Hizbollah", "hezbollah-iraq"),
        ("actors", "PMU", "pmf"), ("actors", "Popular Mobilization Units", "pmf"), ("actors", "USA", "us-military"),
        ("actors", "Revolutionary Guards", "irgc"), ("actors", "Asayesh", "asayish"), ("actors", "Fatemiyun", "fatemiyoun"),
        ("actors", "Maghaweir al-Thowra", "fsa"),
    ],
)
def test_spellings_users_type_resolve(ix: Index, registry: str, spelling: str, record: str) -> None:
    assert getattr(ix, registry).resolve(spelling) == record


def test_added_spellings_keep_the_city_and_its_governorate_apart(ix: Index) -> None:
    for city, governorate in [("Deir el-Zor", "Deir el-Zor Governorate"), ("Deir al-Zour", "Deir al-Zour Governorate"),
                              ("Dayr al-Zawr", "Dayr al-Zawr Governorate")]:
        assert ix.places.resolve(city) == "deir-ez-zor"
        assert ix.places.resolve(governorate) == "deir-ez-zor-governorate"
        assert ix.places.broader_same_name(city, "deir-ez-zor") == ["deir-ez-zor-governorate"]
    assert "government" not in ix.actors.keys  # --party government stays the whole side, not the state's forces


def test_hierarchies(ix: Index) -> None:
    assert ix.actors.descendants("sdf") == {
        "sdf", "ypg", "ypj", "dmc", "self-defense-forces", "asayish", "sdf-arab-elements",
    }
    assert ix.actors.descendants("pro-iranian-militias") == {
        "pro-iranian-militias", "hashemiyoun", "47th-regiment", "hezbollah-iraq", "fatemiyoun",
    }
    assert ix.side_of("47th-regiment") == "government"
    assert ix.side_of("asayish") == "sdf"
    assert ix.places.ancestors("ghariba-al-sharqiya") == ["al-sawr", "deir-ez-zor-governorate", "syria"]
    assert set(ix.places.descendants("seven-villages")) == {
        "seven-villages", "al-husseiniyah", "al-salihiyah", "hatla", "mrat", "mazloum", "khasham", "tabiyet-jazira",
    }


def test_initial_holders(bundled: LoadedStore) -> None:
    held = {p.id: p.initial_holder for p in bundled.store.places if p.initial_holder}
    assert held == {
        "deir-ez-zor": "syrian-government", "mayadin": "syrian-government", "abu-kamal": "syrian-government",
        "al-quriyah": "syrian-government", "thawra-oil-field": "syrian-government", "al-rasafa": "syrian-government",
        **dict.fromkeys(
            ["al-husseiniyah", "al-salihiyah", "hatla", "mrat", "mazloum", "khasham", "tabiyet-jazira"], "saa"
        ),
    }


def test_coordinates_only_from_the_gazetteer(bundled: LoadedStore) -> None:
    with_coords = {p.id: (p.lat, p.lon, p.geonames_id) for p in bundled.store.places if p.lat is not None}
    assert with_coords == {
        "deir-ez-zor": (35.33588, 40.14084, 170794),
        "mayadin": (35.01982, 40.45154, 173480),
        "abu-kamal": (34.45226, 40.91854, 174448),
        "al-asharah": (34.92133, 40.56007, 174036),
        "palmyra": (34.5624, 38.28402, 163808),
        "damascus": (33.5102, 36.29128, 170654),
        "diban": (35.01498, 40.51028, 170691),
    }


def test_period_and_record(bundled: LoadedStore) -> None:
    meta = bundled.store.meta
    assert (meta.period.start, meta.period.end) == (dt.date(2024, 12, 3), dt.date(2024, 12, 11))
    assert meta.result == "Syrian opposition victory"


# ------------------------------------------------------------------ against the article itself

needs_article = pytest.mark.skipif(not ARTICLE.is_file(), reason="the source article is not beside the checkout")


def _article_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {"lead": []}
    current = "lead"
    for i, line in enumerate(ARTICLE.read_text(encoding="utf-8").splitlines()):
        m = re.match(r"^=+\s*(.*?)\s*=+$", line.strip())
        if m:
            if i > 0:
                current = m.group(1)
                sections[current] = []
            continue
        if line.strip():
            sections[current].append(line)
    return sections


@needs_article
def test_paragraph_counts_match_the_article(bundled: LoadedStore) -> None:
    counts = {h: len(p) for h, p in _article_sections().items()}
    assert {s.heading: s.paragraphs for s in bundled.store.meta.sources[0].sections} == counts


@needs_article
def test_every_place_and_actor_name_the_events_use_is_spelled_in_the_article_or_is_an_alias(bundled: LoadedStore) -> None:
    text = normalise(ARTICLE.read_text(encoding="utf-8"))
    missing = [
        p.id for p in bundled.store.places
        if not any(normalise(n) in text for n in (p.name, *p.aliases))
    ]
    assert missing == []


@needs_article
def test_summaries_are_in_our_own_words(bundled: LoadedStore) -> None:
    words = re.findall(r"[\w'’-]+", ARTICLE.read_text(encoding="utf-8").lower())
    grams = {tuple(words[i : i + 6]) for i in range(len(words) - 5)}
    meta = bundled.store.meta
    texts = {e.id: e.summary for e in bundled.store.events}
    texts.update({f"meta.territory[{i}]": t for i, t in enumerate(meta.territory)})
    texts["meta.description"] = meta.description or ""
    copied = []
    for where, text in texts.items():
        w = re.findall(r"[\w'’-]+", text.lower())
        if any(tuple(w[i : i + 6]) in grams for i in range(len(w) - 5)):
            copied.append(where)
    assert copied == []


# ------------------------------------------------------------------ corrections from the second reading of the article


def test_the_account_of_3_december_is_dated_3_december_by_one_rule(ix: Index) -> None:
    # Offensive, paragraph 1 opens "on 3 December"; no later sentence names a time of its own, so by the rule
    # for undated sentences (README, "How the bundled store was coded") every event coded from it is 3 December.
    spans = {
        e.id: (e.date.isoformat(), e.end.isoformat(), e.precision.value)
        for e in ix.store.events
        if (e.source.section, e.source.paragraph) == ("Offensive", 1)
    }
    assert spans == dict.fromkeys(PARAGRAPHS[("Offensive", 1)], ("2024-12-03", "2024-12-03", "day"))
    undated = set(PARAGRAPHS[("Offensive", 1)]) - {"2024-12-03-sdf-offensive-seven-villages"}
    assert all("rule for undated sentences" in (_event(ix, eid).date_note or "") for eid in undated)
    # "They managed to capture the village of Al-Hussainiyah": the SDF holds it at the end of 3 December
    on_3 = {h.place: (h.holder, [p.to for p in h.pending]) for h in qcontrol.state_on(ix, dt.date(2024, 12, 3))}
    assert on_3["al-husseiniyah"] == ("sdf", [])
    assert on_3["khasham"] == ("sdf", [])  # the claimed villages too


def test_injured_others_is_plural(ix: Index) -> None:
    (checkpoint,) = _event(ix, "2024-11-17-isis-attack-sdf-checkpoint").casualties
    assert (checkpoint.party, checkpoint.killed, checkpoint.injured.min, checkpoint.injured.max) == ("sdf", 1, 2, None)
    rows = {r.group: r for r in qtally.tally(ix, ix.store.events, "actor")}
    assert rows["sdf"].counts["injured"] == Qty(19, None)  # 2+ + 12 + 1 + 4
    assert str(rows["sdf"].counts["injured"]) == "19+"


def test_the_sdf_is_not_a_supporter_of_the_strikes_that_helped_it(ix: Index) -> None:
    strikes = _event(ix, "2024-12-03-coalition-strikes-militias")
    assert [(a.actor, a.role) for a in strikes.actors] == [("cjtf-oir", "initiator"), ("pro-iranian-militias", "target")]
    assert "beneficiary" in (strikes.note or "")
    offensive = _event(ix, "2024-12-03-sdf-offensive-seven-villages")
    assert ("cjtf-oir", "supporter") in [(a.actor, a.role) for a in offensive.actors]  # the support runs this way


def test_early_2019_is_not_the_whole_of_2019(ix: Index) -> None:
    e = _event(ix, "2019-isis-insurgency-begins")
    assert (e.date, e.end, e.precision.value) == (dt.date(2019, 1, 1), dt.date(2019, 4, 30), "range")
    assert "'in early 2019'" in (e.date_note or "")


def test_the_sdf_consolidates_its_forces_and_does_not_mass_troops(ix: Index) -> None:
    summary = _event(ix, "2024-11-30-sdf-consolidates-forces").summary
    assert "consolidates its forces" in summary
    assert "mass" not in summary.lower()


def test_government_forces_that_began_withdrawing_were_not_gone_that_day(ix: Index) -> None:
    e = _event(ix, "2024-12-06-government-withdrawal-east")
    assert (e.date, e.end, e.precision.value) == (dt.date(2024, 12, 6), dt.date(2024, 12, 11), "range")
    assert [(cc.place, cc.from_, cc.to) for cc in e.control_changes] == [
        ("mayadin", "syrian-government", None), ("al-quriyah", "syrian-government", None),
    ]

    def state(day: dt.date) -> dict[str, tuple[str | None, list[str | None]]]:
        return {h.place: (h.holder, [p.to for p in h.pending]) for h in qcontrol.state_on(ix, day)}

    on_6 = state(dt.date(2024, 12, 6))
    assert on_6["mayadin"] == ("syrian-government", [None, "syrian-opposition"])  # leaving, not yet gone
    assert on_6["al-quriyah"] == ("syrian-government", [None])
    assert on_6["deir-ez-zor"] == ("sdf", [])  # "took full control of it by the end of the day"
    assert on_6["abu-kamal"] == ("sdf", [])  # "the SDF also seized Abu Kamal"
    assert state(dt.date(2024, 12, 10))["mayadin"] == ("syrian-government", [None, "syrian-opposition"])
    on_11 = state(dt.date(2024, 12, 11))
    assert on_11["mayadin"] == ("syrian-opposition", [])  # the infobox: "by 11 December"
    assert on_11["al-quriyah"] == (None, [])  # gone by the end of the offensive; no successor named


def test_event_ids_fit_a_40_column_terminal(raw_store: dict[str, Any]) -> None:
    long = [e["id"] for e in raw_store["events"] if len(e["id"]) > 40]
    assert long == []
