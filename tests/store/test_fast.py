"""The fast reader against the plain one: same rules, same answers.

The fast reader (msgspec) may decline a store, and the plain reader (pydantic)
then decides.  So the one thing it must never do is accept a store the plain
reader refuses, or load different values.  Every test here checks exactly
that, on the bundled store, on hand-made edge cases, on generated stores and
on random mutations of a small store.
"""

from __future__ import annotations

import copy
import json
import typing
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dezzor_cli.errors import StoreError
from dezzor_cli.store import fast, model, normaliser
from dezzor_cli.store.read import build, bundled_path, load, parse
from dezzor_cli.store.records import record

from ..conftest import Result, generated_store, minimal_store, minimal_store_v1

Run = typing.Callable[..., Result]
REPO = Path(__file__).resolve().parents[2]

P = Path("case.json")


def both(data: bytes) -> tuple[Any, Any]:
    """(fast result or None, plain result or None), after checking that fast never exceeds plain."""
    quick = fast.load(data)
    try:
        plain = build(parse(data, P), P)
    except StoreError:
        plain = None
    if quick is not None:
        assert plain is not None, "the fast reader accepted a store the plain reader refuses"
        assert record(quick) == record(plain), "the two readers loaded different values"
    return quick, plain


def dumps(d: Any) -> bytes:
    return json.dumps(d, ensure_ascii=False).encode()


# --------------------------------------------------------------------------- valid stores: fast vouches


def test_the_bundled_store_is_read_fast_with_the_same_values() -> None:
    quick, plain = both(bundled_path().read_bytes())
    assert quick is not None and plain is not None
    assert len(quick.events) == 57 and load(bundled_path()).reader == "fast"


VALID: list[tuple[str, bytes]] = [
    ("minimal", dumps(minimal_store())),
    ("ascii escapes everywhere", json.dumps(minimal_store() | {"meta": {**minimal_store()["meta"], "title": "Dayr az-Zawr — ديرالزور"}}, ensure_ascii=True).encode()),
    ("colons in text", dumps(minimal_store()).replace(b'"A clash."', b'"Time: 10:30; note: \\"a:b\\""')),
    ("explicit nulls and defaults", dumps(minimal_store()).replace(
        b'"killed": 2}', b'"killed": 2, "injured": null, "certainty": "reported", "claimed_by": null, "note": null}')),
    ("whitespace around colons", json.dumps(minimal_store(), indent=3, separators=(" ,", " :  ")).encode()),
    ("count beyond 64 bits", dumps(minimal_store()).replace(b'"killed": 2', b'"killed": 99999999999999999999999')),
    ("integer coordinates", dumps(minimal_store()).replace(b'"type": "country"}', b'"type": "country", "lat": 36, "lon": -40.5}')),
]




def _v2_rich() -> dict[str, Any]:
    """The minimal store with every field version 2 adds: sources of each kind, changes, best estimates,
    fatalities, place precision, codes, and citations of each kind."""
    d = minimal_store()
    d["meta"]["sources"] += [
        {"id": "acled", "kind": "acled", "title": "ACLED CSV file", "file": "syria.csv", "sha256": "ab" * 32,
         "url": "https://acleddata.com", "retrieved": "2026-11-30", "citation": "ACLED: a citation."},
        {"id": "ged", "kind": "ucdp", "title": "UCDP GED", "version": "25.1", "licence": "CC BY 4.0"},
        {"id": "me", "kind": "manual", "title": "Coded by hand"},
    ]
    d["meta"]["changes"] = [{"at": "2026-12-01T08:00:00Z", "source": "acled", "file": "syria.csv",
                             "sha256": "cd" * 32, "rule": "none", "added": 1, "changed": 0, "deleted": 0,
                             "unchanged": 3}]
    d["actors"][2]["codes"] = {"ucdp": "77", "gwno": "652"}
    d["places"][2]["codes"] = {"ucdp_adm1": "Dayr az Zawr: governorate"}
    e = d["events"][0]
    e["place_precision"] = "near"
    e["casualties"][0]["killed"] = {"min": 0, "best": 2, "max": 5}
    e["fatalities"] = {"min": 1, "best": 3, "max": None}
    e["also_in"] = [
        {"source": "acled", "record": "SYR1", "line": 2, "reports": "SOHR: a report", "scale": "National",
         "timestamp": 1733300000},
        {"source": "ged", "record": "77", "relid": "SYR-2024-1-77-1", "line": 3, "reports": "Reuters",
         "number_of_sources": 2, "low": 5, "high": 2},  # UCDP's own low and high, out of order with best 3
        {"source": "me", "note": "coded from a photo"},
    ]
    e2 = copy.deepcopy(e) | {"id": "e2", "kind": "One-sided violence", "fatalities": 4,
                             "source": {"source": "ged", "record": "78"}, "also_in": []}
    d["events"].append(e2)
    return d


VALID += [
    ("version 2, every new field", dumps(_v2_rich())),
    ("a best estimate equal to both ends", dumps(minimal_store()).replace(b'"killed": 2', b'"killed": {"min": 2, "best": 2, "max": 2}')),
]
@pytest.mark.parametrize(("label", "data"), VALID, ids=[v[0] for v in VALID])
def test_valid_stores_are_vouched_for(label: str, data: bytes) -> None:
    quick, plain = both(data)
    assert plain is not None, label
    assert quick is not None, f"{label}: the fast reader declined a valid store"


def test_a_generated_store_is_read_fast_with_the_same_values(tmp_path: Path) -> None:
    out = generated_store(tmp_path, 400, 7)
    quick, plain = both(out.read_bytes())
    assert quick is not None and plain is not None and len(quick.events) == 400


# --------------------------------------------------------------------------- edge cases: fast declines


def _mutated(mutate: Any) -> bytes:
    d = minimal_store()
    mutate(d)
    return dumps(d)


S = dumps(minimal_store())
DECLINED: list[tuple[str, bytes, bool]] = [  # (label, bytes, does the plain reader accept it?)
    ("duplicate count", S.replace(b'"killed": 2', b'"killed": 2, "killed": 3'), False),
    ("duplicate with the same value", S.replace(b'"killed": 2', b'"killed": 2, "killed": 2'), False),
    ("duplicate explicit null", S.replace(b'"killed": 2', b'"note": null, "killed": 2, "note": null'), False),
    ("duplicate spelled with an escape", S.replace(b'"killed": 2', b'"killed": 2, "kill\\u0065d": 2'), False),
    ("duplicate top-level key", S[:-1] + b', "reported_totals": []}', False),
    ("duplicate whose value holds a colon", S.replace(b'"summary": "A clash."', b'"summary": "x: y", "summary": "A clash."'), False),
    ("colon spelled as an escape", S.replace(b'"A clash."', b'"A clash\\u003a noon."'), True),
    ("lone surrogate", S.replace(b'"A clash."', b'"A clash \\ud83d"'), False),
    ("year 9999", S.replace(b'"2024-12-05"', b'"9999-12-05"'), False),
    ("range max below min", S.replace(b'"killed": 2', b'"killed": {"min": 3, "max": 1}'), False),
    ("lat without lon", S.replace(b'"type": "country"}', b'"type": "country", "lat": 36}'), False),
    ("event id with a trailing newline", S.replace(b'"id": "e1"', b'"id": "e1\\n"'), False),
    ("event id in capitals", S.replace(b'"id": "e1"', b'"id": "E1"'), False),
    ("event id too long", S.replace(b'"id": "e1"', b'"id": "' + b"e" * 201 + b'"'), False),
    ("actor id with a trailing newline", _mutated(lambda d: d["actors"].append({"id": "x\n", "name": "X", "type": "Rioters"})), False),
    ("unknown reference", S.replace(b'"actor": "bravo"', b'"actor": "charlie"'), False),
    ("reference with a colon", S.replace(b'"actor": "bravo"', b'"actor": "bra:vo"'), False),
    ("count as float", S.replace(b'"killed": 2', b'"killed": 2.0'), False),
    ("count as boolean", S.replace(b'"killed": 2', b'"killed": true'), False),
    ("date without padding", S.replace(b'"2024-12-05"', b'"2024-12-5"'), False),
    ("date and time", S.replace(b'"2024-12-05"', b'"2024-12-05T00:00:00"'), False),
    ("date not in the calendar", S.replace(b'"2024-12-05"', b'"2024-02-30"'), False),
    ("NaN", S.replace(b'"killed": 2', b'"killed": NaN'), False),
    ("unknown field", S.replace(b'"killed": 2', b'"killed": 2, "wounded": 1'), False),
    ("day event with an end", S.replace(b'"precision": "day"', b'"precision": "day", "date_end": "2024-12-06"'), False),
    ("trailing data", S + b" {}", False),
    ("byte-order mark", b"\xef\xbb\xbf" + S, False),
    ("empty", b"", False),
    ("invalid UTF-8 inside a string", S.replace(b'"A clash."', b'"A cl\xffash."'), False),
    ("the attribute name from_ as a key", S.replace(b'"killed": 2}]', b'"killed": 2}], "control_changes": [{"place": "town", "from_": "bravo", "to": "alpha"}]'), False),
]


@pytest.mark.parametrize(("label", "data", "plain_accepts"), DECLINED, ids=[d[0] for d in DECLINED])
def test_edge_cases_are_left_to_the_plain_reader(label: str, data: bytes, plain_accepts: bool) -> None:
    quick, plain = both(data)
    assert quick is None, f"{label}: the fast reader should decline"
    assert (plain is not None) == plain_accepts, label


V2 = dumps(_v2_rich())
DECLINED_V2: list[tuple[str, bytes, bool]] = [
    ("best as null", S.replace(b'"killed": 2', b'"killed": {"min": 1, "best": null, "max": 3}'), False),
    ("best below min", S.replace(b'"killed": 2', b'"killed": {"min": 1, "best": 0, "max": 3}'), False),
    ("best above max", S.replace(b'"killed": 2', b'"killed": {"min": 1, "best": 4, "max": 3}'), False),
    ("best given twice", S.replace(b'"killed": 2', b'"killed": {"min": 1, "best": 2, "best": 2, "max": 3}'), False),
    ("a citation field as null", S.replace(b'"paragraph": 1}', b'"paragraph": 1, "note": null}'), False),
    ("a citation field given twice", S.replace(b'"paragraph": 1}', b'"paragraph": 1, "paragraph": 1}'), False),
    ("a field of another kind", S.replace(b'"paragraph": 1}', b'"paragraph": 1, "record": "x"}'), False),
    ("an unknown source", S.replace(b'"source": "article", "section"', b'"source": "acled", "section"'), False),
    ("an article citation without a paragraph", S.replace(b', "paragraph": 1}', b'}'), False),
    ("no sources", _mutated(lambda d: d["meta"].update(sources=[])), False),
    ("two sources of one id", _mutated(lambda d: d["meta"]["sources"].append(d["meta"]["sources"][0])), False),
    ("sections of an ACLED source", _mutated(lambda d: d["meta"]["sources"][0].update(kind="acled")), False),
    ("schema version 3", S.replace(b'"schema_version": 2', b'"schema_version": 3'), False),
    ("schema version as text", S.replace(b'"schema_version": 2', b'"schema_version": "2"'), False),
    ("UCDP's low and high in order with best", V2.replace(b'"low": 5, "high": 2', b'"low": 2, "high": 5'), False),
    ("UCDP's low without its high", V2.replace(b'"low": 5, "high": 2', b'"low": 5'), False),
    ("UCDP's low as null", V2.replace(b'"low": 5, "high": 2', b'"low": null, "high": 2'), False),
    ("UCDP's low negative", V2.replace(b'"low": 5, "high": 2', b'"low": -5, "high": 2'), False),
    ("UCDP's high given twice", V2.replace(b'"high": 2', b'"high": 2, "high": 2'), False),
    ("UCDP's low and high beside no best", V2.replace(b'"fatalities": {"min": 1, "best": 3, "max": null}',
                                                      b'"fatalities": {"min": 1, "max": null}'), False),
    ("low and high on an ACLED citation", V2.replace(b'"timestamp": 1733300000', b'"timestamp": 1733300000, "low": 5, "high": 2'), False),
    ("a code scheme in capitals", V2.replace(b'"gwno"', b'"GWNO"'), False),
    ("a code given twice", V2.replace(b'"gwno": "652"', b'"gwno": "652", "gwno": "652"'), False),
    ("a code with a colon given twice", V2.replace(b'"gwno": "652"', b'"gwno": "6:2", "gwno": "652"'), False),
    ("a record cited by two events", V2.replace(b'"record": "78"', b'"record": "77"'), False),
    ("a change at no real time", V2.replace(b'2026-12-01T08:00:00Z', b'2026-13-01T08:00:00Z'), False),
    ("a change of an unknown source", V2.replace(b'"source": "acled", "file"', b'"source": "nobody", "file"'), False),
    ("a sha256 in capitals", V2.replace(b'"ab' + b'ab' * 31 + b'"', b'"AB' + b'ab' * 31 + b'"'), False),
    ("a file with a directory", V2.replace(b'"file": "syria.csv", "sha256": "ab', b'"file": "data/syria.csv", "sha256": "ab'), False),
    ("an unknown place precision", V2.replace(b'"near"', b'"nearby"'), False),
    ("a colon spelled as an escape in a code", V2.replace(b'"77"', b'"7\\u003a7"'), True),
]


@pytest.mark.parametrize(("label", "data", "plain_accepts"), DECLINED_V2, ids=[d[0] for d in DECLINED_V2])
def test_version_2_edge_cases_are_left_to_the_plain_reader(label: str, data: bytes, plain_accepts: bool) -> None:
    quick, plain = both(data)
    assert quick is None, f"{label}: the fast reader should decline"
    assert (plain is not None) == plain_accepts, label


def test_the_new_fields_load_with_the_same_values_from_both_readers() -> None:
    quick, plain = both(V2)
    assert quick is not None and plain is not None
    e = quick.events[0]
    assert (e.place_precision.value, e.fatalities.best, e.casualties[0].killed.best) == ("near", 3, 2)
    assert [c.source for c in e.also_in] == ["acled", "ged", "me"]
    assert record(quick)["events"][0]["also_in"][2] == {"source": "me", "note": "coded from a photo"}
    assert record(quick)["events"][0]["casualties"][0]["killed"] == {"min": 0, "best": 2, "max": 5}
    assert record(quick)["events"][0]["fatalities"] == {"min": 1, "best": 3, "max": None}
    assert record(plain)["actors"][2]["codes"] == {"ucdp": "77", "gwno": "652"}


def test_a_version_1_store_is_read_as_version_2_by_either_reader(tmp_path: Path) -> None:
    p = tmp_path / "v1.json"
    p.write_bytes(dumps(minimal_store_v1()))
    fast_read, plain_read = load(p), load(p, fast=False)
    assert (fast_read.reader, plain_read.reader) == ("fast", "plain")
    assert record(fast_read.store) == record(plain_read.store) == record(build(minimal_store(), P))
    assert p.read_bytes() == dumps(minimal_store_v1())  # never written back


def test_invalid_utf8_gets_the_plain_readers_message(run: Run, tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_bytes(b'{"meta": {"title": "\xff"}}')
    r = run("timeline", "--data", str(p))
    assert (r.code, r.err) == (1, f"dezzor: error: {p} is not valid UTF-8 (byte 20, line 1)\n")


def test_a_declined_store_is_still_loaded_or_refused_by_the_plain_reader(run: Run, tmp_path: Path) -> None:
    good = tmp_path / "escaped.json"
    good.write_bytes(S.replace(b'"A clash."', b'"A clash\\u003a noon."'))
    assert load(good).reader == "plain"
    r = run("timeline", "--data", str(good), "-f", "json")
    assert r.code == 0 and r.json()[0]["summary"] == "A clash: noon."
    bad = tmp_path / "dup.json"
    bad.write_bytes(S.replace(b'"killed": 2', b'"killed": 2, "killed": 2'))
    r = run("timeline", "--data", str(bad))
    assert r.code == 1 and "duplicate key 'killed'" in r.err and r.err.count("\n") == 1


# --------------------------------------------------------------------------- random mutations

TRICKY = st.sampled_from([
    None, True, 0, 1, -1, 2.0, 1.5, 36, 2**63, "", "a", "abc\n", "ABC", "a:b", "e1", "bravo", "town", "lead",
    "x" * 201, "2024-12-05", "2024-12-5", "9999-01-01", "2024-02-30", "reported", "claimed", "day", "week",
    "Armed clash", "State forces", [], ["town"], {}, {"min": 1, "max": None}, {"min": 3, "max": 1},
    {"min": 1}, {"section": "lead", "paragraph": 1}, {"actor": "bravo", "role": "target"},
    {"min": 1, "best": 2, "max": 3}, {"min": 1, "best": 5, "max": 3}, {"min": 1, "best": None, "max": None},
    {"source": "article", "section": "lead", "paragraph": 1}, {"source": "acled", "line": 2}, "article", "acled",
    "near", "region", {"ucdp": "7"}, {"UCDP": "7"}, {"a": "x:y"}, 2, 1733300000, "ucdp", "manual",
])
KEYS = st.sampled_from([
    "id", "date", "date_end", "precision", "kind", "places", "casualties", "certainty", "claimed_by", "summary",
    "note", "party", "killed", "min", "max", "parent", "side", "lat", "lon", "aliases", "name", "type", "paragraph",
    "section", "actor", "role", "from", "to", "place", "schema_version", "surplus",
    "best", "fatalities", "place_precision", "codes", "source", "record", "line", "reports", "scale", "timestamp",
    "relid", "number_of_sources", "kind", "sources", "changes", "sections",
])


def _objects(node: Any, out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        out.append(node)
        for v in node.values():
            _objects(v, out)
    elif isinstance(node, list):
        for v in node:
            _objects(v, out)
    return out


def _with_duplicate(d: Any, target: dict[str, Any], key: str, first: Any) -> bytes:
    """JSON text of ``d`` where ``target`` holds ``key`` twice: first ``first``, then its own value."""
    def enc(node: Any) -> str:
        if isinstance(node, dict):
            items = [f"{json.dumps(k)}: {enc(v)}" for k, v in node.items()]
            if node is target:
                items.insert(0, f"{json.dumps(key)}: {enc(first)}")
            return "{" + ", ".join(items) + "}"
        if isinstance(node, list):
            return "[" + ", ".join(enc(v) for v in node) + "]"
        return json.dumps(node, ensure_ascii=False)

    return enc(d).encode()


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_mutations_never_get_past_the_fast_reader_alone(data: st.DataObject) -> None:
    d = copy.deepcopy(data.draw(st.sampled_from([minimal_store(), _v2_rich()])))
    d["events"].append(copy.deepcopy(d["events"][0]) | {"id": "e3", "control_changes": [
        {"place": "town", "from": "bravo", "to": "alpha"}]})
    for _ in range(data.draw(st.integers(1, 3))):
        objects = _objects(d, [])
        target = data.draw(st.sampled_from(objects))
        action = data.draw(st.sampled_from(["set", "delete", "duplicate"]))
        key = data.draw(KEYS)
        if action == "set":
            target[key] = copy.deepcopy(data.draw(TRICKY))  # the samples themselves must never be mutated
        elif action == "delete" and target:
            target.pop(data.draw(st.sampled_from(sorted(target))))
        elif action == "duplicate" and target:
            key = data.draw(st.sampled_from(sorted(target)))
            both(_with_duplicate(d, target, key, data.draw(TRICKY)))
            return
    both(dumps(d))


# --------------------------------------------------------------------------- the two models agree


def _plain_fields(cls: type[Any]) -> list[tuple[str, bool]]:
    return [(f.alias or name, f.is_required()) for name, f in cls.model_fields.items()]


def _fast_fields(cls: type[Any]) -> list[tuple[str, bool]]:
    return [(f.encode_name, f.required) for f in msgspec.structs.fields(cls)]


@pytest.mark.parametrize("fast_cls", fast.STRUCTS, ids=[c.__name__ for c in fast.STRUCTS])
def test_every_struct_has_the_fields_of_its_model(fast_cls: type[Any]) -> None:
    plain_cls = getattr(model, fast_cls.__name__.rstrip("_"))
    assert _fast_fields(fast_cls) == _plain_fields(plain_cls)
    for f in msgspec.structs.fields(fast_cls):
        if not f.required:  # the fast reader's filled-in default is the model's default
            default = plain_cls.model_fields[f.name].get_default(call_default_factory=True)
            assert eval(normaliser.default_of(f), {"_REPORTED": model.Certainty.reported}) == default, f.name  # noqa: S307


def test_the_same_answers_from_both_readers(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    questions = [
        ["timeline", "-f", "json"],
        ["timeline", "--actor", "Islamic State", "--since", "2024-12-01", "-f", "csv"],
        ["tally", "--by", "side", "-f", "json"],
        ["tally", "--reconcile", "-f", "json"],
        ["control", "--on", "2024-12-08", "-f", "json"],
        ["summary", "-f", "json"],
        ["export", "-f", "json"],
        ["actors", "-f", "json"],
        ["places", "-f", "jsonl"],
    ]
    answers = {}
    for reader in ("fast", "plain"):
        monkeypatch.setenv("DEZZOR_READER", reader)
        answers[reader] = [run(*q) for q in questions]
    for q, a, b in zip(questions, answers["fast"], answers["plain"], strict=True):
        assert a.code == b.code == 0, q
        assert a.out == b.out, q


def test_fast_struct_types_mirror_union_members() -> None:
    """Each optional field can be left out (UNSET), except those left out of a record when unknown (``OMITTED``:
    a range's best, a citation's fields), which default to None and cannot be null."""
    omitted = set()
    for cls in fast.STRUCTS:
        for f in msgspec.structs.fields(cls):
            if (cls.__name__, f.name) in fast.OMITTED:
                assert f.default is None and msgspec.UnsetType not in typing.get_args(f.type), (cls, f.name)
                omitted.add((cls.__name__, f.name))
            elif not f.required:
                assert f.default is msgspec.UNSET and msgspec.UnsetType in typing.get_args(f.type), (cls, f.name)
    assert omitted == fast.OMITTED
