"""The validated cache: used while it matches the store byte for byte, rebuilt otherwise, never believed blindly."""

from __future__ import annotations

import json
import os
import typing
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli.store import cache
from dezzor_cli.store.read import load

from ..conftest import Result, minimal_store

Run = typing.Callable[..., Result]


@pytest.fixture
def cached(tmp_path: Path, run: Run) -> Path:
    p = tmp_path / "store.json"
    p.write_text(json.dumps(minimal_store()), encoding="utf-8")
    r = run("cache", "build", "--data", str(p))
    assert r.code == 0 and "wrote" in r.err and cache.path_for(p).is_file()
    return p


def _killed(run: Run, p: Path) -> Any:
    r = run("tally", "--data", str(p), "-f", "json")
    assert r.code == 0, r.err
    return [(row["group"], row["killed"]) for row in r.json()]


def test_a_built_cache_is_used_and_gives_the_same_answers(cached: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache.path_for(cached).name == ".store.json.dezzor-cache"
    assert load(cached).reader == "cache"
    from_cache = run("timeline", "--data", str(cached), "-f", "json").out
    monkeypatch.setenv("DEZZOR_READER", "plain")  # the plain reader never looks at the cache
    assert load(cached).reader == "plain"
    assert run("timeline", "--data", str(cached), "-f", "json").out == from_cache
    assert _killed(run, cached) == [("bravo", 2)]


def test_no_cache_unless_asked_for(tmp_path: Path) -> None:
    p = tmp_path / "store.json"
    p.write_text(json.dumps(minimal_store()), encoding="utf-8")
    assert load(p).reader == "fast"
    assert not cache.path_for(p).exists()


def test_an_edited_store_is_read_again_and_its_cache_rebuilt(cached: Path, run: Run) -> None:
    st = cached.stat()
    text = cached.read_text(encoding="utf-8").replace('"killed": 2', '"killed": 7')
    cached.write_text(text, encoding="utf-8")
    os.utime(cached, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size and time: only the content hash can tell
    assert cached.stat().st_size == st.st_size
    assert load(cached).reader == "fast"  # not the stale cache ...
    assert _killed(run, cached) == [("bravo", 7)]
    assert load(cached).reader == "cache"  # ... which was rebuilt from the new content


def test_an_edited_store_that_is_now_invalid_is_refused_not_served_from_the_cache(cached: Path, run: Run) -> None:
    cached.write_text(cached.read_text(encoding="utf-8").replace('"killed": 2', '"killed": -2'), encoding="utf-8")
    r = run("tally", "--data", str(cached))
    assert r.code == 1 and "cannot be negative" in r.err


@pytest.mark.parametrize("damage", ["flip a payload byte", "truncate", "garbage", "empty", "wrong header"])
def test_a_damaged_cache_is_rebuilt_not_believed(cached: Path, run: Run, damage: str) -> None:
    cp = cache.path_for(cached)
    blob = bytearray(cp.read_bytes())
    if damage == "flip a payload byte":
        blob[-5] ^= 0x01
    elif damage == "truncate":
        del blob[-20:]
    elif damage == "garbage":
        blob = bytearray(b"\x00\xff" * 50)
    elif damage == "empty":
        blob = bytearray()
    else:
        head, _, payload = bytes(blob).partition(b"\n{")
        blob = bytearray(head + b'\n{"format": 99' + payload[payload.index(b","):])
    cp.write_bytes(bytes(blob))
    assert load(cached).reader == "fast"
    assert _killed(run, cached) == [("bravo", 2)]
    assert load(cached).reader == "cache"


def test_a_cache_from_another_version_is_rebuilt(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    assert load(cached).reader == "fast"
    assert load(cached).reader == "cache"
    assert json.loads(cache.path_for(cached).read_bytes().split(b"\n")[1])["dezzor"] == "0.0.0-other"


def test_validate_checks_the_store_itself(cached: Path, run: Run) -> None:
    r = run("validate", str(cached))
    assert r.code == 0 and "valid (1 events" in r.out


def test_cache_remove(cached: Path, run: Run) -> None:
    r = run("cache", "remove", "--data", str(cached))
    assert r.code == 0 and "removed" in r.err and not cache.path_for(cached).exists()
    r = run("cache", "remove", "--data", str(cached))
    assert r.code == 0 and "nothing to remove" in r.err
    assert load(cached).reader == "fast"


def test_cache_build_for_a_store_the_fast_reader_declines(tmp_path: Path, run: Run) -> None:
    p = tmp_path / "escaped.json"
    p.write_bytes(json.dumps(minimal_store()).replace("A clash.", "A clash\\u003a noon.").encode())
    assert run("cache", "build", "--data", str(p)).code == 0
    loaded = load(p)
    assert loaded.reader == "cache" and loaded.store.events[0].summary == "A clash: noon."


def test_cache_build_on_a_bad_store_writes_nothing(tmp_path: Path, run: Run) -> None:
    p = tmp_path / "bad.json"
    p.write_text("{}", encoding="utf-8")
    r = run("cache", "build", "--data", str(p))
    assert r.code == 1 and r.err.count("\n") == 1
    assert not cache.path_for(p).exists()


def test_a_cache_that_cannot_be_rebuilt_is_a_note_not_an_error(cached: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    cached.write_text(cached.read_text(encoding="utf-8").replace('"killed": 2', '"killed": 4'), encoding="utf-8")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache, "write", refuse)
    r = run("tally", "--data", str(cached), "-f", "json")
    assert r.code == 0 and r.json()[0]["killed"] == 4
    assert "could not be rebuilt: Permission denied" in r.err


def test_a_store_with_numbers_beyond_64_bits_is_answered_but_not_cached(tmp_path: Path, run: Run) -> None:
    p = tmp_path / "big.json"
    p.write_text(json.dumps(minimal_store()).replace('"killed": 2', '"killed": 99999999999999999999999'), encoding="utf-8")
    r = run("cache", "build", "--data", str(p))
    assert r.code == 1 and "beyond 64 bits" in r.err and r.err.count("\n") == 1
    assert not cache.path_for(p).exists()


def test_a_cached_store_edited_to_hold_a_huge_number_still_answers(cached: Path, run: Run) -> None:
    cached.write_text(cached.read_text(encoding="utf-8").replace('"killed": 2', '"killed": 99999999999999999999999'),
                      encoding="utf-8")
    r = run("tally", "--data", str(cached), "-f", "json")
    assert r.code == 0 and r.json()[0]["killed"] == 99999999999999999999999
    assert "could not be rebuilt" in r.err and "beyond 64 bits" in r.err


@pytest.mark.parametrize("where", [".", "/"])
def test_a_directory_is_still_a_directory(run: Run, where: str) -> None:
    for args in (["timeline", "--data", where], ["cache", "remove", "--data", where]):
        r = run(*args)
        assert (r.code, r.err) == (1, f"dezzor: error: {where} is a directory, not a store file\n"), args


def test_a_cache_with_a_header_nested_too_deep_is_rebuilt(cached: Path) -> None:
    cache.path_for(cached).write_bytes(cache.MAGIC + b"[" * 100_000 + b"\n")
    assert load(cached).reader == "fast"
    assert load(cached).reader == "cache"


def test_a_cache_made_under_other_validation_rules_is_rebuilt(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_rules", lambda: "other-rules")
    assert load(cached).reader == "fast"
    assert load(cached).reader == "cache"
    assert json.loads(cache.path_for(cached).read_bytes().split(b"\n")[1])["rules"] == "other-rules"


class _Terminal:
    """A stderr that says it is a terminal, and keeps what is written to it."""

    def __init__(self) -> None:
        import io

        self.buffer = io.StringIO()

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        raise OSError("not a real terminal")

    encoding = "utf-8"


@pytest.mark.parametrize("command", ["load", "cache build", "import"])
def test_long_work_shows_its_phases_on_a_terminal_stderr(cached: Path, monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path, command: str) -> None:
    import sys

    from dezzor_cli import cli
    from dezzor_cli.interchange import acled
    from dezzor_cli.render import progress

    monkeypatch.setattr(progress, "PROGRESS_FROM_BYTES", 0)  # every file counts as large
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    if command == "load":
        load(cached, progress=progress.progress)
        expected = "checking the cache of store.json"
    elif command == "cache build":
        with pytest.raises(SystemExit):
            cli.main(["cache", "build", "--data", str(cached)])
        expected = "writing the cache of store.json"
    else:
        csv = tmp_path / "in.csv"
        csv.write_text(acled.to_csv(acled.export_rows(load(cached).store)), encoding="utf-8")
        with pytest.raises(SystemExit):
            cli.main(["import", "acled", str(csv), "--out", str(tmp_path / "out.json")])
        expected = "writing the store from in.csv"  # the last phase: drawn as the display stops
    assert expected in term.buffer.getvalue()


def test_no_progress_display_off_a_terminal(cached: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from dezzor_cli.render import progress

    monkeypatch.setattr(progress, "PROGRESS_FROM_BYTES", 0)
    capsys.readouterr()
    load(cached, progress=progress.progress)
    assert capsys.readouterr().err == ""


def test_cached_events_behave_as_the_list_they_stand_for(tmp_path: Path, run: Run) -> None:
    import datetime as dt
    import shutil

    from dezzor_cli.store.read import bundled_path

    p = tmp_path / "events.json"
    shutil.copyfile(bundled_path(), p)
    assert run("cache", "build", "--data", str(p)).code == 0
    lazy = cache.read(p).events
    fresh = load(bundled_path()).store.events
    assert isinstance(lazy, cache.LazyEvents) and len(lazy) == len(fresh) == 57
    assert lazy[-1] == fresh[-1] and lazy[3] == fresh[3] and lazy[10:14] == fresh[10:14]
    assert list(lazy) == fresh
    with pytest.raises(IndexError):
        lazy[57]
    for first, last in [(dt.date(2024, 12, 1), dt.date(2024, 12, 11)), (dt.date(2024, 12, 8), dt.date(2024, 12, 8)),
                        (dt.date(2030, 1, 1), dt.date(2030, 12, 31))]:
        assert lazy.overlapping(first, last) == [i for i, e in enumerate(fresh) if e.date <= last and e.end >= first]


def test_the_same_answers_from_the_cache(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from dezzor_cli.store.read import bundled_path

    p = tmp_path / "events.json"
    shutil.copyfile(bundled_path(), p)
    questions = [
        ["timeline", "-f", "json"],
        ["timeline", "--actor", "Islamic State", "--since", "2024-12-01", "-f", "csv"],
        ["timeline", "--on", "2024-12-08", "--reverse", "-n", "3", "-f", "json"],
        ["tally", "--by", "week", "--since", "November 2024", "-f", "json"],
        ["tally", "--reconcile", "-f", "json"],
        ["control", "--on", "2024-12-08", "-f", "json"],
        ["control", "--place", "Abu Kamal", "-f", "json"],
        ["summary", "-f", "json"],
        ["export", "-f", "json"],
        ["export", "-f", "acled-csv"],
        ["show", "2024-12-07-fsa-captures-palmyra", "-f", "json"],
    ]
    monkeypatch.setenv("DEZZOR_READER", "plain")
    plain = [run(*q, "--data", str(p)) for q in questions]
    monkeypatch.delenv("DEZZOR_READER")
    assert run("cache", "build", "--data", str(p)).code == 0 and load(p).reader == "cache"
    for q, expected in zip(questions, plain, strict=True):
        got = run(*q, "--data", str(p))
        assert (got.code, got.out) == (expected.code, expected.out) == (0, expected.out), q


def test_cached_events_decode_in_batches(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from dezzor_cli.store.read import bundled_path

    p = tmp_path / "events.json"
    shutil.copyfile(bundled_path(), p)
    assert run("cache", "build", "--data", str(p)).code == 0
    monkeypatch.setattr(cache.LazyEvents, "BATCH", 5)  # 57 events: 12 batches, the last one short
    lazy = cache.read(p).events
    lazy.preload([56, 3, 3, 40])
    assert [i for i, e in enumerate(lazy._items) if e is not None] == [3, 40, 56]
    assert list(lazy) == load(bundled_path()).store.events
