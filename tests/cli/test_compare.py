"""dezzor compare: the bundled store (the article) against an ACLED-layout file of the same days.

``data/acled_same_days.csv`` is written by hand in ACLED's column layout and naming (``SDF: Syrian
Democratic Forces``, ``Islamic State (Syria)``, ``Military Forces of Syria (2000-2024)``); it is not
ACLED data.  Its eight rows restate events of the article in other words, with some figures changed
on purpose (the 21 November bomb kills 3, not 2; the 3 December air strike 8, not 6), most of the
article's events left out, and one row the article lacks (SYR9006, looting in Tadmur on 9 December).
Points are the GeoNames points the bundled store gives its places.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ..conftest import Result

Run = Callable[..., Result]
FIXTURE = Path(__file__).parent / "data" / "acled_same_days.csv"
BUNDLED = str(Path(__file__).resolve().parents[2] / "data" / "events.json")
HYPOTHESIS = ("note: a matched pair is a hypothesis for a person to check: it rests on dates, places and actors, "
              "not on what the sources say happened")

SAME_DAY = "same day"
MAYADIN = ("2024-12-opposition-takes-mayadin", "syr9005", 4,
           ["dates overlap: 2024-12-06..12-11 and 2024-12-08", "5.4 km apart (Mayadin, Diban)",
            "both Non-state actor overtakes territory"],
           [{"field": "killed", "a": None, "b": 0}, {"field": "control", "a": ["Mayadin -> Syrian opposition"], "b": []}])
MATCHED = [  # (A, B, score, reasons, differences), in A's date order
    ("2024-11-21-isis-ied-sdf", "syr9001", 11,
     [SAME_DAY, "the same place: Deir ez-Zor Governorate and Deir-ez-Zor", "both name Islamic State",
      "both name Syrian Democratic Forces", "both Remote explosive/landmine/IED"],
     [{"field": "killed", "a": 2, "b": 3}, {"field": "injured", "a": 12, "b": None}]),
    ("2024-11-23-isis-ambush-saa-bishri", "syr9002", 9,
     [SAME_DAY, "the same place: Jabal al-Bishri and Jabal Bishri", "both name Islamic State", "both Armed clash"],
     []),
    ("2024-12-03-sdf-offensive-seven-villages", "syr9004", 9,
     [SAME_DAY, "both at Khasham", "both name Syrian Democratic Forces", "both Armed clash"], []),
    ("2024-12-03-us-strike-deir-ez-zor-airport", "syr9003", 7,
     [SAME_DAY, "the same place: Deir ez-Zor airport and Deir-ez-Zor Airport", "both Air/drone strike"],
     [{"field": "killed", "a": 6, "b": 8}]),
    MAYADIN,
    ("2024-12-10-opposition-captures-abu-kamal", "syr9007", 9,
     [SAME_DAY, "both at Abu Kamal", "both name Syrian Democratic Forces", "both Non-state actor overtakes territory"],
     [{"field": "killed", "a": None, "b": 0}, {"field": "control", "a": ["Abu Kamal -> Syrian opposition"], "b": []}]),
    ("2024-12-17-isis-kills-sdf-fighter", "syr9008", 11,
     [SAME_DAY, "the same place: Deir ez-Zor Governorate and Deir-ez-Zor", "both name Islamic State",
      "both name Syrian Democratic Forces", "both Armed clash"], []),
]  # fmt: skip


def _pairs(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [{"a": a, "b": b, "score": s, "reasons": r, "differences": d} for a, b, s, r, d in rows]


@pytest.fixture
def acled(run: Run, tmp_path: Path) -> str:
    out = tmp_path / "acled.json"
    r = run("import", "acled", str(FIXTURE), "--out", str(out))
    assert r.code == 0, r.err
    return str(out)


def _timeline(run: Run, *filters: str) -> list[str]:
    return [e["id"] for e in run("timeline", *filters, "-f", "json").json()]


def test_the_article_against_an_acled_file_of_the_same_days(run: Run, acled: str) -> None:
    r = run("compare", BUNDLED, acled, "-f", "json")
    assert r.code == 0
    doc = r.json()
    assert list(doc) == ["matched", "only_a", "only_b"]
    assert doc["matched"] == _pairs(MATCHED)
    assert doc["only_b"] == ["syr9006"]  # the looting the article lacks: no event of the article near it
    paired = {m[0] for m in MATCHED}
    assert doc["only_a"] == [eid for eid in _timeline(run) if eid not in paired]  # all the rest, in date order
    assert r.err.splitlines() == ["7 matched, 50 only in A, 1 only in B (pairs scoring at least 4)", HYPOTHESIS]


def test_the_distance_is_the_great_circle_between_the_points() -> None:
    """Mayadin (35.01982, 40.45154) and Diban (35.01498, 40.51028), by the spherical law of cosines."""
    p1, l1, p2, l2 = map(math.radians, (35.01982, 40.45154, 35.01498, 40.51028))
    d = 6371.0088 * math.acos(math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(l2 - l1))
    assert f"{d:.1f} km apart" in MAYADIN[3][1]


def test_min_score_and_dates_apply(run: Run, acled: str) -> None:
    doc = run("compare", BUNDLED, acled, "--min-score", "5", "-f", "json").json()
    assert doc["matched"] == _pairs([m for m in MATCHED if m is not MAYADIN])
    assert doc["only_b"] == ["syr9005", "syr9006"]
    assert "2024-12-opposition-takes-mayadin" in doc["only_a"]

    window = ("--since", "1 Dec 2024", "--until", "10 Dec 2024")
    r = run("compare", BUNDLED, acled, *window, "-f", "json")
    doc = r.json()
    assert [(m["a"], m["b"]) for m in doc["matched"]] == [(m[0], m[1]) for m in MATCHED[2:6]]
    assert doc["only_b"] == ["syr9006"]
    assert doc["only_a"] == [eid for eid in _timeline(run, *window) if eid not in {m[0] for m in MATCHED[2:6]}]
    assert r.err.splitlines()[0] == "4 matched, 20 only in A, 1 only in B (pairs scoring at least 4)"


def test_jsonl_csv_and_table(run: Run, acled: str) -> None:
    rows = [json.loads(line) for line in run("compare", BUNDLED, acled, "-f", "jsonl").out.splitlines()]
    assert [r["status"] for r in rows] == ["matched"] * 7 + ["only_a"] * 50 + ["only_b"]
    assert rows[0] == {"status": "matched", **_pairs(MATCHED[:1])[0]}
    assert rows[-1] == {"status": "only_b", "a": None, "b": "syr9006", "score": None, "reasons": [],
                        "differences": []}

    table = list(csv.reader(io.StringIO(run("compare", BUNDLED, acled, "-f", "csv").out)))
    assert table[0] == ["status", "a", "b", "score", "a_date", "b_date", "reasons", "differences"]
    assert table[1] == ["matched", "2024-11-21-isis-ied-sdf", "syr9001", "11", "2024-11-21", "2024-11-21",
                        "; ".join(MATCHED[0][3]), "killed: 2 (A) / 3 (B); injured: 12 (A) / none (B)"]
    assert table[5] == ["matched", *MAYADIN[:2], "4", "2024-12-06..12-11", "2024-12-08", "; ".join(MAYADIN[3]),
                        "killed: none (A) / 0 (B); control: Mayadin -> Syrian opposition (A) / none (B)"]
    assert table[-1] == ["only_b", "", "syr9006", "", "", "2024-12-09", "", ""]

    out = run("compare", BUNDLED, acled).out
    assert "Matched pairs (each a hypothesis to check)" in out
    assert f"Only in A ({BUNDLED})" in out and f"Only in B ({acled})" in out
    assert "2024-12-09  Looting/property destruction  syr9006  Armed men loot a government depot in the town." in out


def test_ties_go_to_the_lower_ids_and_each_event_is_paired_once(run: Run, tmp_path: Path) -> None:
    """Two identical rows (SYR9010 first in the file, SYR9009 second): the lower id takes the better match."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    header, row = lines[0], next(line for line in lines if line.startswith("SYR9008,"))
    src = tmp_path / "twice.csv"
    src.write_text("\n".join([header, row.replace("SYR9008", "SYR9010"), row.replace("SYR9008", "SYR9009")]) + "\n",
                   encoding="utf-8")
    run("import", "acled", str(src), "--out", str(tmp_path / "twice.json"))
    doc = run("compare", BUNDLED, str(tmp_path / "twice.json"), "--on", "17 Dec 2024", "-f", "json").json()
    assert [(m["a"], m["b"], m["score"]) for m in doc["matched"]] == [  # listed in A's date order, then by id
        ("2024-12-17-isis-attack-raqqa-checkpoint", "syr9010", 8),
        ("2024-12-17-isis-kills-sdf-fighter", "syr9009", 11),
    ]
    assert doc["matched"][0]["reasons"] == [SAME_DAY, "both name Islamic State", "both name Syrian Democratic Forces",
                                            "both Armed clash"]  # Raqqa Governorate is not Deir-ez-Zor
    assert doc["matched"][0]["differences"] == [{"field": "killed", "a": 2, "b": 1},
                                                {"field": "injured", "a": 4, "b": None}]


def test_actors_without_a_shared_name_match_by_side(run: Run, raw_store: dict[str, Any], tmp_path: Path) -> None:
    doc = copy.deepcopy(raw_store)
    for a in doc["actors"]:
        a["name"], a["aliases"] = f"Renamed {a['name']}", []
    other = tmp_path / "renamed.json"
    other.write_text(json.dumps(doc), encoding="utf-8")
    window = ("--on", "10 Dec 2024")
    doc = run("compare", BUNDLED, str(other), *window, "-f", "json").json()
    assert (doc["only_a"], doc["only_b"]) == ([], [])
    assert sorted((m["a"], m["b"]) for m in doc["matched"]) == sorted((eid, eid) for eid in _timeline(run, *window))
    assert doc["matched"][-1] == _pairs([(
        "2024-12-10-opposition-captures-abu-kamal", "2024-12-10-opposition-captures-abu-kamal", 8,
        [SAME_DAY, "both at Abu Kamal",
         "on the same side: Syrian opposition and Renamed Syrian opposition (Syrian opposition (HTS-led))",
         "both Non-state actor overtakes territory"],
        # a new holder is compared by name only: a side is not enough to call two holders the same
        [{"field": "control", "a": ["Abu Kamal -> Syrian opposition"], "b": ["Abu Kamal -> Renamed Syrian opposition"]}],
    )])[0]
    protests = next(m for m in doc["matched"] if m["a"] == "2024-12-anti-sdf-protests-deir-ez-zor")
    assert protests["reasons"] == ["dates overlap: 2024-12-06..12-11 and 2024-12-06..12-11", "both at Deir ez-Zor",
                                   "both Peaceful protest"]  # the protesters are on no side


def test_no_events_in_either_store(run: Run, acled: str) -> None:
    r = run("compare", BUNDLED, acled, "--since", "2030", "-f", "jsonl")
    assert (r.code, r.out, r.err) == (0, "", "no events to compare: neither store has any (in the dates asked for)\n")
    assert run("compare", BUNDLED, acled, "--since", "2030", "-f", "json").json() == {
        "matched": [], "only_a": [], "only_b": []}


def test_a_shared_name_is_not_the_same_place_when_the_points_are_far_apart(run: Run, raw_store: dict[str, Any],
                                                                           tmp_path: Path) -> None:
    doc = copy.deepcopy(raw_store)
    abu_kamal = next(p for p in doc["places"] if p["id"] == "abu-kamal")
    abu_kamal["lat"] += 0.5  # about 56 km north of where A has it
    other = tmp_path / "moved.json"
    other.write_text(json.dumps(doc), encoding="utf-8")
    doc = run("compare", BUNDLED, str(other), "--on", "10 Dec 2024", "-f", "json").json()
    pair = next(m for m in doc["matched"] if m["a"] == "2024-12-10-opposition-captures-abu-kamal")
    assert (pair["b"], pair["score"]) == ("2024-12-10-opposition-captures-abu-kamal", 8)
    assert pair["reasons"] == [SAME_DAY, "both name Syrian opposition", "both name Syrian Democratic Forces",
                               "both Non-state actor overtakes territory"]  # no place evidence at all
    assert pair["differences"] == [{"field": "control", "a": ["Abu Kamal -> Syrian opposition"],
                                    "b": ["Abu Kamal -> Syrian opposition"]}]  # not the same place either


def test_min_score_must_be_positive(run: Run, acled: str) -> None:
    r = run("compare", BUNDLED, acled, "--min-score", "0")
    assert r.code == 2 and "--min-score" in r.err
