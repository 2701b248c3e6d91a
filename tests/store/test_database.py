"""A store's database: built only when asked for, used while it matches the store, never believed blindly."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli.errors import StoreError
from dezzor_cli.store import build, database, tables
from dezzor_cli.store.read import bundled_path, load

from ..conftest import Result, minimal_store

Run = typing.Callable[..., Result]


@pytest.fixture
def built(tmp_path: Path, run: Run) -> Path:
    p = tmp_path / "store.json"
    p.write_text(json.dumps(minimal_store()), encoding="utf-8")
    r = run("cache", "build", "--data", str(p))
    assert r.code == 0 and "wrote" in r.err and database.path_for(p).is_file(), r.err
    return p


def _killed(run: Run, p: Path) -> Any:
    r = run("tally", "--data", str(p), "-f", "json")
    assert r.code == 0, r.err
    return [(row["group"], row["killed"]) for row in r.json()], r.err


def test_a_built_database_is_used_and_gives_the_same_answers(built: Path, run: Run,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    assert database.path_for(built).name == ".store.json.dezzor.duckdb"
    assert load(built).reader == "database"
    through = run("timeline", "--data", str(built), "-f", "json")
    monkeypatch.setenv("DEZZOR_READER", "plain")  # the plain reader never looks at the database
    assert load(built).reader == "plain"
    assert run("timeline", "--data", str(built), "-f", "json") == through
    assert _killed(run, built) == ([("bravo", 2)], "")


def test_no_database_unless_asked_for(tmp_path: Path, run: Run) -> None:
    p = tmp_path / "store.json"
    p.write_text(json.dumps(minimal_store()), encoding="utf-8")
    assert load(p).reader == "fast"
    assert run("tally", "--data", str(p)).code == 0
    assert sorted(x.name for x in tmp_path.iterdir()) == ["store.json"]


def test_the_database_takes_the_stores_mode(tmp_path: Path, run: Run) -> None:
    p = tmp_path / "store.json"
    p.write_text(json.dumps(minimal_store()), encoding="utf-8")
    p.chmod(0o600)
    assert run("cache", "build", "--data", str(p)).code == 0
    assert stat.S_IMODE(database.path_for(p).stat().st_mode) == 0o600
    assert sorted(x.name for x in tmp_path.iterdir()) == [".store.json.dezzor.duckdb", "store.json"]  # no leftovers


def test_an_edited_store_is_read_itself_with_a_note_and_the_database_is_left_alone(built: Path, run: Run) -> None:
    st = built.stat()
    db = database.path_for(built).read_bytes()
    text = built.read_text(encoding="utf-8").replace('"killed": 2', '"killed": 7')
    built.write_text(text, encoding="utf-8")
    os.utime(built, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size and modification time: the change time tells
    assert built.stat().st_size == st.st_size and built.stat().st_mtime_ns == st.st_mtime_ns
    rows, err = _killed(run, built)
    assert rows == [("bravo", 7)]
    assert "has changed since its database was built" in err and "'dezzor cache build' rebuilds it" in err
    assert database.path_for(built).read_bytes() == db  # a query never writes one
    assert run("cache", "build", "--data", str(built)).code == 0
    assert _killed(run, built) == ([("bravo", 7)], "")


def test_an_edited_store_that_is_now_invalid_is_refused_not_answered_from_the_database(built: Path, run: Run) -> None:
    built.write_text(built.read_text(encoding="utf-8").replace('"killed": 2', '"killed": -2'), encoding="utf-8")
    r = run("tally", "--data", str(built))
    assert r.code == 1 and "cannot be negative" in r.err


@pytest.mark.parametrize(("part", "what"), [("dezzor", "another dezzor"), ("duckdb", "another DuckDB"),
                                            ("rules", "other validation rules"), ("format", "another format")])
def test_a_database_made_by_another_dezzor_duckdb_or_rules_is_ignored_with_a_note(
        built: Path, run: Run, monkeypatch: pytest.MonkeyPatch, part: str, what: str) -> None:
    mine = database.identity()
    monkeypatch.setattr(database, "identity", lambda: {**mine, part: "other"})
    assert load(built).reader == "fast"
    rows, err = _killed(run, built)
    assert rows == [("bravo", 2)] and f"was made by {what}" in err and "rebuilds it" in err


def test_a_database_of_an_earlier_format_is_ignored_with_a_note(tmp_path: Path, run: Run,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # 2: schema 2 added best estimates and the events' fatalities; 3: casualty rows carry their event's date span
    assert database.FORMAT == 3
    p = tmp_path / "store.json"
    p.write_text(json.dumps(minimal_store()), encoding="utf-8")
    for earlier in (1, 2):
        with monkeypatch.context() as m:
            m.setattr(database, "FORMAT", earlier)
            assert run("cache", "build", "--data", str(p)).code == 0
        rows, err = _killed(run, p)
        assert rows == [("bravo", 2)]
        assert err == (f"dezzor: note: {database.path_for(p)} was made by another format (format {earlier}, not 3); "
                       "reading the store itself; 'dezzor cache build' rebuilds it\n")


def test_the_tables_hold_best_estimates_and_the_events_fatalities(tmp_path: Path) -> None:
    d = minimal_store()
    d["events"][0]["casualties"][0]["killed"] = {"min": 1, "best": 2, "max": None}
    d["events"][0]["fatalities"] = {"min": 3, "best": 4, "max": 9}
    store = load_bytes(d, tmp_path)
    con = build.in_memory(store)
    assert con.execute("SELECT killed_min, killed_max, killed_best FROM casualties").fetchall() == [(1, None, 2)]
    assert con.execute("SELECT fatalities_min, fatalities_max, fatalities_best FROM event_rows").fetchall() == [
        (3, 9, 4)]
    assert con.execute("SELECT measure, min, max, best FROM casualty_figures").fetchall() == [("killed", 1, None, 2)]


def test_casualty_rows_carry_their_events_date_span_and_precision(tmp_path: Path) -> None:
    d = minimal_store()
    second = json.loads(json.dumps(d["events"][0]))
    second.update(id="e2", date="2024-12-06", date_end="2024-12-09", precision="range")
    second["casualties"] = [{"party": "alpha", "killed": 1}, {"party": "bravo", "killed": 3}]
    d["events"].append(second)
    con = build.in_memory(load_bytes(d, tmp_path))
    assert con.execute("SELECT event, position, date, last_day, precision FROM casualties ORDER BY event, position"
                       ).fetchall() == [(0, 0, dt.date(2024, 12, 5), dt.date(2024, 12, 5), "day"),
                                        (1, 0, dt.date(2024, 12, 6), dt.date(2024, 12, 9), "range"),
                                        (1, 1, dt.date(2024, 12, 6), dt.date(2024, 12, 9), "range")]


def load_bytes(d: dict[str, Any], tmp_path: Path) -> Any:
    p = tmp_path / "best.json"
    p.write_text(json.dumps(d), encoding="utf-8")
    return load(p).store


@pytest.mark.parametrize("damage", ["garbage", "truncate", "empty", "not ours"])
def test_a_damaged_database_is_not_believed(built: Path, run: Run, damage: str) -> None:
    target = database.path_for(built)
    blob = target.read_bytes()
    if damage == "garbage":
        target.write_bytes(b"\x00\xff" * 5000)
    elif damage == "truncate":
        target.write_bytes(blob[: len(blob) // 3])
    elif damage == "empty":
        target.write_bytes(b"")
    else:
        import duckdb

        target.unlink()
        duckdb.connect(str(target)).close()  # a database, but not one dezzor made
    rows, err = _killed(run, built)
    assert rows == [("bravo", 2)] and "dezzor: note:" in err and "rebuilds it" in err
    assert run("cache", "build", "--data", str(built)).code == 0 and load(built).reader == "database"


def test_a_link_where_the_database_goes_is_never_followed(built: Path, run: Run, tmp_path: Path) -> None:
    target = database.path_for(built)
    elsewhere = tmp_path / "elsewhere.duckdb"
    target.rename(elsewhere)
    target.symlink_to(elsewhere)
    rows, err = _killed(run, built)
    assert rows == [("bravo", 2)] and "is a symbolic link; dezzor does not read through it" in err
    r = run("cache", "build", "--data", str(built))
    assert r.code == 1 and "is a symbolic link; dezzor does not write through it" in r.err
    assert target.is_symlink() and elsewhere.is_file()
    r = run("cache", "remove", "--data", str(built))
    assert r.code == 0 and not os.path.lexists(target) and elsewhere.is_file()  # the link goes, not its target


def test_cache_verify(built: Path, run: Run) -> None:
    r = run("cache", "verify", "--data", str(built))
    assert r.code == 0 and "matches" in r.err and "1 events" in r.err
    built.write_text(built.read_text(encoding="utf-8").replace('"killed": 2', '"killed": 3'), encoding="utf-8")
    r = run("cache", "verify", "--data", str(built))
    assert r.code == 1 and r.err.count("\n") == 1
    assert "does not match" in r.err and "SHA-256" in r.err and "modification time, change time or inode" in r.err
    database.path_for(built).unlink()
    r = run("cache", "verify", "--data", str(built))
    assert r.code == 1 and "has no database; 'dezzor cache build' makes one" in r.err


def test_cache_verify_reads_every_table_and_record(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    target = database.path_for(built)
    mode = target.stat().st_mode
    st = built.stat()
    con = duckdb.connect(str(target))
    con.execute("UPDATE event_records SET record = '{\"id\": 1}'")
    con.execute("DELETE FROM event_actors")
    con.close()
    os.utime(built, ns=(st.st_atime_ns, st.st_mtime_ns))
    target.chmod(mode)
    _, problems = build.verify(built)
    assert any("event_actors has 0 rows, and 2 were written" in p for p in problems), problems
    assert any("does not decode" in p for p in problems), problems
    assert any("do not match the record of the same number" in p for p in problems), problems


def test_cache_build_on_a_bad_store_writes_nothing(tmp_path: Path, run: Run) -> None:
    p = tmp_path / "bad.json"
    p.write_text("{}", encoding="utf-8")
    r = run("cache", "build", "--data", str(p))
    assert r.code == 1 and r.err.count("\n") == 1
    assert sorted(x.name for x in tmp_path.iterdir()) == ["bad.json"]


@pytest.mark.parametrize(("label", "problem", "message"), [
    ("an unknown actor in the last event", lambda es: es[-1]["actors"][0].update(actor="nobody"),
     "unknown actor 'nobody'"),
    ("a year the fast reader leaves to the plain one", lambda es: es[-1].update(date="9999-01-01"), "9999"),
    ("an event of the wrong shape after others", lambda es: es[-1].update(kind=7), "kind"),
])
def test_a_store_found_bad_after_some_events_went_to_duckdb_gets_no_database(
        tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, label: str, problem: Any, message: str) -> None:
    """cache build hands DuckDB each run of events before the store is known to be valid: when the store turns out
    bad, what DuckDB was given is thrown away and the plain reader's message is the answer."""
    data = json.loads(bundled_path().read_text(encoding="utf-8"))
    problem(data["events"])
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(tables, "BATCH", 5)
    monkeypatch.setattr(build, "BATCH", 5)  # 57 events: 11 runs go to DuckDB before the last is read
    r = run("cache", "build", "--data", str(p))
    assert r.code == 1 and r.err.count("\n") == 1 and message in r.err, (label, r.err)
    assert r.err == run("timeline", "--data", str(p)).err, label  # the reader's own message, as any command says it
    assert sorted(x.name for x in tmp_path.iterdir()) == ["bad.json"], label


@pytest.mark.parametrize("where", ["casualty", "reported total"])
def test_a_store_with_numbers_beyond_64_bits_is_answered_but_gets_no_database(tmp_path: Path, run: Run,
                                                                            where: str) -> None:
    data = minimal_store()
    if where == "casualty":
        data["events"][0]["casualties"][0]["killed"] = 99999999999999999999999
    else:
        data["reported_totals"] = [{"id": "r1", "field": "Casualties1", "party": "bravo",
                                    "killed": {"min": 1, "max": 2**64}, "text": "many"}]
    p = tmp_path / "big.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    r = run("cache", "build", "--data", str(p))
    assert r.code == 1 and "a whole number beyond 64 bits" in r.err
    assert sorted(x.name for x in tmp_path.iterdir()) == ["big.json"]
    assert run("tally", "--data", str(p), "-f", "json").code == 0


def test_a_store_only_the_plain_reader_reads_gets_a_database(tmp_path: Path, run: Run) -> None:
    p = tmp_path / "escaped.json"
    p.write_bytes(json.dumps(minimal_store()).replace("A clash.", "A clash\\u003a noon.").encode())
    assert load(p).reader == "plain"
    assert run("cache", "build", "--data", str(p)).code == 0
    loaded = load(p)
    assert loaded.reader == "database" and loaded.store.events[0].summary == "A clash: noon."


def test_cache_remove_deletes_the_database_and_an_old_cache(built: Path, run: Run) -> None:
    legacy = database.legacy_path(built)
    legacy.write_bytes(b"dezzor-cache\n")
    r = run("cache", "remove", "--data", str(built))
    assert r.code == 0 and "removed" in r.err and not database.path_for(built).exists() and not legacy.exists()
    r = run("cache", "remove", "--data", str(built))
    assert r.code == 0 and "nothing to remove" in r.err
    assert load(built).reader == "fast"


@pytest.mark.parametrize("where", [".", "/"])
def test_a_directory_is_still_a_directory(run: Run, where: str) -> None:
    for args in (["timeline", "--data", where], ["cache", "remove", "--data", where],
                 ["cache", "verify", "--data", where]):
        r = run(*args)
        assert (r.code, r.err) == (1, f"dezzor: error: {where} is a directory, not a store file\n"), args


def test_events_read_through_the_database_behave_as_the_list_they_stand_for(tmp_path: Path, run: Run) -> None:
    p = tmp_path / "events.json"
    shutil.copyfile(bundled_path(), p)
    assert run("cache", "build", "--data", str(p)).code == 0
    lazy = load(p).store.events
    fresh = load(bundled_path()).store.events
    assert isinstance(lazy, database.DatabaseEvents) and len(lazy) == len(fresh) == 57
    assert lazy[-1] == fresh[-1] and lazy[3] == fresh[3] and lazy[10:14] == fresh[10:14]
    assert list(lazy) == list(fresh)
    with pytest.raises(IndexError):
        lazy[57]
    assert lazy.control_sequence() == [(i, j) for i, j in __import__("dezzor_cli.store.checks", fromlist=["x"])
                                       .control_sequence(load(bundled_path()).store)]


def test_a_store_built_in_many_chunks_is_the_same(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "events.json"
    shutil.copyfile(bundled_path(), p)
    monkeypatch.setattr(tables, "BATCH", 7)  # 57 events: 9 chunks, the last one short
    assert run("cache", "build", "--data", str(p)).code == 0
    assert run("cache", "verify", "--data", str(p)).code == 0
    assert list(load(p).store.events) == list(load(bundled_path()).store.events)
    for q in (["timeline", "-f", "json"], ["tally", "--by", "week", "-f", "json"], ["control", "-f", "json"]):
        assert run(*q, "--data", str(p)).out == run(*q).out, q


def test_cache_build_shows_its_phases_on_a_terminal(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from dezzor_cli import cli
    from dezzor_cli.render import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(progress, "PROGRESS_FROM_BYTES", 0)  # every file counts as large
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    with pytest.raises(SystemExit):
        cli.main(["cache", "build", "--data", str(built)])
    assert "writing the database of store.json" in term.getvalue()


def test_duckdb_is_imported_only_where_a_database_is_used(built: Path) -> None:
    code = ("import sys\nfrom dezzor_cli import cli\n"
            "try:\n    cli.main(sys.argv[1:])\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "sys.stderr.write(repr(sorted({'duckdb', '_duckdb'} & set(sys.modules))))\n")
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}

    def imports(*args: str) -> bool:
        r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
        assert r.returncode == 0, r.stderr
        return r.stderr.splitlines()[-1] != "[]"

    assert not imports("timeline")  # the bundled store, which has no database
    assert not imports("--version")
    assert imports("timeline", "--data", str(built))
    # a query reads the database through DuckDB's engine alone, not the whole package (store/database.py, ENGINE)
    r = subprocess.run([sys.executable, "-c", code, "tally", "-f", "json", "--data", str(built)], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 0 and r.stderr.splitlines()[-1] == "['_duckdb']", r.stderr


def _bad(tmp_path: Path) -> Path:
    data = json.loads(bundled_path().read_text(encoding="utf-8"))
    data["events"][-1]["actors"][0]["actor"] = "no-such-actor"
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    return p


def test_a_store_that_changes_while_it_is_built_leaves_nothing_behind(tmp_path: Path) -> None:
    import threading

    p = tmp_path / "store.json"
    shutil.copyfile(bundled_path(), p)
    threads = threading.active_count()

    def step(phase: str) -> None:
        if phase == "validating":
            os.utime(p, ns=(1, 1))

    with pytest.raises(StoreError, match="changed while it was being read"):
        build.build_beside(p, step)
    assert sorted(x.name for x in tmp_path.iterdir()) == ["store.json"]
    assert threading.active_count() == threads  # DuckDB's reader thread has ended


def test_a_link_where_the_database_goes_does_not_hide_an_invalid_store(tmp_path: Path, run: Run) -> None:
    p = _bad(tmp_path)
    database.path_for(p).symlink_to(tmp_path / "elsewhere")
    r = run("cache", "build", "--data", str(p))
    assert r.code == 1 and r.err == run("timeline", "--data", str(p)).err.splitlines(keepends=True)[-1]
    assert "no-such-actor" in r.err and database.path_for(p).is_symlink()


@pytest.mark.parametrize("valid", [True, False])
def test_a_disk_that_fills_up_during_a_build(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch,
                                             valid: bool) -> None:
    """A run of events that cannot be written: the store's own error if it is invalid, else the disk's; nothing
    is left beside the store either way."""
    import errno

    if valid:
        p = tmp_path / "store.json"
        shutil.copyfile(bundled_path(), p)
    else:
        p = _bad(tmp_path)
    expected = run("timeline", "--data", str(p)).err
    real = Path.write_bytes

    def full(self: Path, data: Any) -> int:
        if self.name.startswith("events-"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    monkeypatch.setattr(build, "BATCH", 10)
    r = run("cache", "build", "--data", str(p))
    assert r.code == 1 and r.err.count("\n") == 1
    if valid:
        assert r.err == f"dezzor: error: cannot write the database of {p}: no space left on device\n"
    else:
        assert r.err == expected and "no-such-actor" in r.err
    assert sorted(x.name for x in tmp_path.iterdir()) == [p.name]


def test_a_database_in_memory_keeps_at_most_two_runs_waiting_on_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """dezzor sql and export -f parquet fill a database in memory from a validated store: its runs wait on disk
    (in the temporary folder) two at a time at most, not all at once."""
    waiting: list[int] = []
    real = tables.Filling.put

    def put(self: Any, events: Any, start: int) -> None:
        waiting.append(len(list(self.folder.glob("events-*"))))
        real(self, events, start)

    monkeypatch.setattr(tables.Filling, "put", put)
    monkeypatch.setattr(tables, "BATCH", 3)  # 57 events: 19 runs
    con = build.in_memory(load(bundled_path()).store)
    assert con.execute("SELECT count(*) FROM event_rows").fetchall() == [(57,)]
    assert len(waiting) == 19 and max(waiting) <= 2


@pytest.mark.parametrize(("how", "steps"), [
    ("cache build", {"put", "vouched", "close"}),
    ("cache build, store invalid", {"put", "vouched"}),
    ("cache build, a store only the plain reader reads", {"put", "close"}),
    ("in memory", {"put", "close"}),
])
def test_the_interpreter_lock_is_handed_over_often_while_duckdb_reads(tmp_path: Path, run: Run,
                                                                     monkeypatch: pytest.MonkeyPatch, how: str,
                                                                     steps: set[str]) -> None:
    """DuckDB's client waits for the interpreter lock between a statement's tasks: while it reads beside Python
    (as each run is handed over, during the cross-record checks, while Python waits for it to finish), a thread
    waiting for the lock gets it within 0.1 ms, not 5 ms; after, Python's own setting stands."""
    from dezzor_cli.store import staged

    seen: list[tuple[str, float]] = []

    def spy(owner: Any, name: str) -> None:
        real = getattr(owner, name)

        def spied(*args: Any, **kwargs: Any) -> Any:
            seen.append((name, sys.getswitchinterval()))
            return real(*args, **kwargs)
        monkeypatch.setattr(owner, name, spied)

    spy(tables.Filling, "put")
    spy(tables.Filling, "close")
    spy(staged.Staged, "vouched")
    monkeypatch.setattr(tables, "BATCH", 20)
    monkeypatch.setattr(build, "BATCH", 20)
    data = json.loads(bundled_path().read_text(encoding="utf-8"))
    python_s, before = sys.getswitchinterval(), 0.004
    sys.setswitchinterval(before)
    try:
        if how == "in memory":
            build.in_memory(load(bundled_path()).store).close()
        else:
            p = tmp_path / "store.json"
            if how.endswith("invalid"):
                p = _bad(tmp_path)
            elif how.endswith("plain reader reads"):
                data = minimal_store()
                p.write_bytes(json.dumps(data).replace("A clash.", "A clash\\u003a noon.").encode())
            else:
                shutil.copyfile(bundled_path(), p)
            r = run("cache", "build", "--data", str(p))
            assert (r.code == 0) != how.endswith("invalid"), r.err
        after = sys.getswitchinterval()
    finally:
        sys.setswitchinterval(python_s)
    assert {name for name, _ in seen} == steps
    assert [name for name, _ in seen].count("put") == -(-len(data["events"]) // 20)
    assert [s for _, s in seen] == pytest.approx([tables.SWITCH_INTERVAL] * len(seen))
    assert after == pytest.approx(before)
