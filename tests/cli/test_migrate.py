"""dezzor migrate: a version 1 store written as version 2, atomically, never over the store itself."""

from __future__ import annotations

import json
import typing
from pathlib import Path

from dezzor_cli.store.read import bundled_path, load
from dezzor_cli.store.records import record

from ..conftest import Result, minimal_store, minimal_store_v1

Run = typing.Callable[..., Result]
V1_BUNDLED = Path(__file__).resolve().parents[1] / "store" / "v1" / "events.json"


def test_migrate_writes_the_bundled_store_from_its_version_1(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "v2.json"
    r = run("migrate", str(V1_BUNDLED), "--out", str(out))
    assert (r.code, r.out, r.err) == (0, "", f"wrote {out}\n")
    assert out.read_bytes() == bundled_path().read_bytes()  # the converted bundled store, byte for byte


def test_migrate_of_a_small_store_gives_the_upgraded_document(run: Run, tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(minimal_store_v1()), encoding="utf-8")
    before = old.read_bytes()
    assert run("migrate", str(old), "-o", str(new)).code == 0
    assert json.loads(new.read_text(encoding="utf-8")) == minimal_store()
    assert old.read_bytes() == before
    assert record(load(new).store) == record(load(old).store)


def test_a_version_2_store_is_copied_unchanged_with_a_note(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "copy.json"
    r = run("migrate", str(bundled_path()), "--out", str(out))
    assert r.code == 0 and r.err == (f"note: {bundled_path()} is schema version 2 already; copied unchanged\n"
                                     f"wrote {out}\n")
    assert out.read_bytes() == bundled_path().read_bytes()


def test_migrate_refuses_the_same_path_an_existing_file_and_a_bad_store(run: Run, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps(minimal_store_v1()), encoding="utf-8")
    before = old.read_bytes()
    for out in (old, tmp_path / "." / "old.json"):
        r = run("migrate", str(old), "--out", str(out), "--force")
        assert (r.code, r.err) == (2, f"dezzor: error: --out {out} is STORE itself; migrate writes a new file "
                                      "and never changes STORE\n")
    assert old.read_bytes() == before
    taken = tmp_path / "taken.json"
    taken.write_text("{}", encoding="utf-8")
    r = run("migrate", str(old), "--out", str(taken))
    assert r.code == 1 and "exists; use --force" in r.err and taken.read_text(encoding="utf-8") == "{}"
    assert run("migrate", str(old), "--out", str(taken), "--force").code == 0
    bad = minimal_store_v1()
    bad["events"][0]["source"]["paragraph"] = 9
    old.write_text(json.dumps(bad), encoding="utf-8")
    r = run("migrate", str(old), "--out", str(tmp_path / "never.json"))
    assert r.code == 1 and r.err.count("\n") == 1 and "events[0].source.paragraph" in r.err
    assert not (tmp_path / "never.json").exists()
    r = run("migrate", str(tmp_path / "missing.json"), "--out", str(tmp_path / "never.json"))
    assert (r.code, r.err) == (1, f"dezzor: error: no store at {tmp_path / 'missing.json'}\n")


def test_validate_says_a_store_is_version_1(run: Run, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps(minimal_store_v1()), encoding="utf-8")
    r = run("validate", str(old))
    assert r.code == 0 and r.out.startswith(f"{old}: valid (1 events")
    assert f"note: {old} is schema version 1, read as version 2; 'dezzor migrate' writes it as version 2" in r.err
    assert "schema version" not in run("validate", str(bundled_path())).err


def test_a_schema_version_that_only_equals_2_in_python_is_refused(run: Run, tmp_path: Path) -> None:
    """2.0 and true equal 2 in Python, not in JSON: both readers refuse them; a newer version says so."""
    doc = json.loads(bundled_path().read_text(encoding="utf-8"))
    p = tmp_path / "s.json"
    for version, message in ((2.0, "schema_version must be the whole number 2, not 2.0"),
                             (True, "schema_version must be the whole number 2, not true"),
                             (3.0, "is a store of schema version 3.0; this dezzor reads versions 1 to 2")):
        doc["meta"]["schema_version"] = version
        p.write_text(json.dumps(doc), encoding="utf-8")
        r = run("validate", str(p))
        assert r.code == 1 and message in r.err + r.out, (version, r.err, r.out)
