"""No silent wrong answer, no write nobody asked for, nothing lost: the cases of the trust review.

Each test here failed before its fix.  The hardening catalogue (test_hardening.py) covers the
earlier cases; this file continues it.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ..conftest import Result, minimal_store

Run = Callable[..., Result]


def _shell(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``script`` in bash, with ``dezzor`` meaning this interpreter's dezzor_cli."""
    full = {k: v for k, v in os.environ.items() if k not in ("DEZZOR_DATA", "COLUMNS", "NO_COLOR")}
    full.update(env)
    prelude = f'dezzor() {{ "{sys.executable}" -c "import sys; from dezzor_cli.entry import main; sys.argv[0]=\'dezzor\'; main()" "$@"; }}\n'
    return subprocess.run(["bash", "-c", prelude + script], capture_output=True, text=True, env=full, timeout=60)


# --------------------------------------------------------------------------- streams


@pytest.mark.parametrize(("script", "message"), [
    ("dezzor timeline >&-", "dezzor: error: cannot write the output: standard output is closed\n"),
    ("dezzor --version >&-", "dezzor: error: cannot write the output: standard output is closed\n"),
    ("dezzor --help >&-", "dezzor: error: cannot write the output: standard output is closed\n"),
    ("dezzor -V > /dev/full", "dezzor: error: cannot write the output: no space left on device\n"),
    ("dezzor export -f json > /dev/full", "dezzor: error: cannot write the output: no space left on device\n"),
    ("dezzor tally > /dev/full", "dezzor: error: cannot write the output: no space left on device\n"),
    ("dezzor import acled - --out /nonexistent-dir/x.json <&-",
     "dezzor: error: cannot write /nonexistent-dir/x.json: the directory /nonexistent-dir does not exist\n"),
])
def test_a_closed_or_full_stream_is_one_line_and_exit_1(script: str, message: str) -> None:
    r = _shell(script)
    assert (r.returncode, r.stderr) == (1, message)


def test_a_closed_stdin_is_one_line(tmp_path: Path) -> None:
    r = _shell(f"dezzor import acled - --out {tmp_path / 'x.json'} <&-")
    assert (r.returncode, r.stderr) == (1, "dezzor: error: standard input is closed; give a file name instead of '-'\n")
    assert not (tmp_path / "x.json").exists()


def test_a_closed_stderr_silences_only_the_talk() -> None:
    r = _shell("dezzor timeline -n 2 -f jsonl 2>&-")
    assert r.returncode == 0
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == [
        "2019-isis-insurgency-begins", "2024-11-coalition-exercises-al-omar"]


@pytest.mark.parametrize("encoding", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONIOENCODING": ""}])
def test_csv_and_exports_are_utf8_whatever_the_locale(encoding: dict[str, str]) -> None:
    r = _shell("dezzor places -f csv; dezzor export -f acled-csv", **encoding)
    assert r.returncode == 0, r.stderr
    assert "Iraq–Syria border" in r.stdout and "\\u2013" not in r.stdout


# --------------------------------------------------------------------------- writes nobody asked for


def test_an_empty_data_option_is_refused_not_the_bundled_store(run: Run) -> None:
    r = run("cache", "build", "--data", "")
    assert (r.code, r.err) == (2, "dezzor: error: --data is empty; give the path of a store (an unset shell variable?)\n")


def test_a_query_never_writes_through_a_link_at_the_cache_path(tmp_path: Path, run: Run) -> None:
    from dezzor_cli.store.read import bundled_path

    store = tmp_path / "s.json"
    store.write_bytes(bundled_path().read_bytes())
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / ".s.json.dezzor.duckdb").symlink_to(victim)
    assert run("tally", "--data", str(store)).code == 0
    assert victim.read_text() == "precious\n"
    r = run("cache", "build", "--data", str(store))
    assert r.code == 1 and "is a symbolic link; dezzor does not write through it" in r.err
    assert victim.read_text() == "precious\n"
    (tmp_path / ".s.json.dezzor.duckdb").unlink()
    (tmp_path / ".s.json.dezzor.duckdb").symlink_to(store)  # pointed at the store itself
    before = store.read_bytes()
    assert run("tally", "--data", str(store)).code == 0
    assert store.read_bytes() == before


def test_a_cache_is_as_private_as_its_store(tmp_path: Path, run: Run) -> None:
    from dezzor_cli.store.read import bundled_path

    store = tmp_path / "s.json"
    store.write_bytes(bundled_path().read_bytes())
    store.chmod(0o600)
    assert run("cache", "build", "--data", str(store)).code == 0
    assert stat.S_IMODE((tmp_path / ".s.json.dezzor.duckdb").stat().st_mode) == 0o600


def test_output_paths_are_checked_before_any_work_or_output(run: Run, tmp_path: Path) -> None:
    r = run("chart", "casualties", "--svg", str(tmp_path / "missing" / "x.svg"))
    assert (r.code, r.out) == (1, "")
    assert r.err == f"dezzor: error: cannot write {tmp_path / 'missing' / 'x.svg'}: the directory {tmp_path / 'missing'} does not exist\n"
    same = tmp_path / "x"
    r = run("tally", "--svg", str(same), "--html", str(same))
    assert (r.code, r.out, list(tmp_path.iterdir())) == (2, "", [])


def test_an_empty_result_replaces_last_weeks_picture(run: Run, tmp_path: Path) -> None:
    svg = tmp_path / "report.svg"
    def text() -> str:
        return svg.read_text().replace("&#160;", " ")

    assert run("timeline", "--on", "2024-12-06", "--svg", str(svg)).code == 0
    assert "Abu Kamal" in text()
    assert run("timeline", "--on", "1990", "--svg", str(svg), "--force").code == 0
    assert "Abu Kamal" not in text() and "no events matched" in text()


# --------------------------------------------------------------------------- crashes that are now errors


def test_names_too_long_for_the_file_system(run: Run, tmp_path: Path) -> None:
    long = tmp_path / ("a" * 300 + ".json")
    r = run("export", "-f", "json", "--out", str(long))
    assert r.code == 1 and r.err.endswith(": the name is too long for the file system\n") and len(r.err) < 200
    r = run("tally", "--data", str(long))
    assert r.code == 1 and r.err.startswith("dezzor: error: ") and "Traceback" not in r.err
    name = tmp_path / ("b" * 245 + ".json")  # the store's name fits; its cache's would not
    from dezzor_cli.store.read import bundled_path

    name.write_bytes(bundled_path().read_bytes())
    assert run("tally", "--data", str(name)).code == 0
    r = run("cache", "build", "--data", str(name))
    assert r.code == 1 and "too long" in r.err


def test_a_control_change_on_the_first_day_a_date_can_hold(run: Run, store_file: Callable[..., Path]) -> None:
    data = minimal_store()
    event = data["events"][0]
    data["events"] = [
        dict(event, id="e0", date="0001-01-01", control_changes=[{"place": "town", "from": "bravo", "to": "alpha"}]),
        dict(event, control_changes=[{"place": "town", "from": "alpha", "to": "bravo"}]),
    ]
    p = store_file(data)
    r = run("chart", "control", "--data", str(p), "-f", "json")
    assert r.code == 0, r.err
    strip = r.json()[0]
    assert strip["days"][0] >= "0001-01-01" and strip["days"][-1] == "2024-12-06"
    assert strip["holders"][-1] == "bravo"


def test_holder_letters_take_one_cell_whatever_the_script(run: Run, store_file: Callable[..., Path]) -> None:
    data = minimal_store()
    data["actors"] += [
        {"id": "eszett", "name": "Straße", "short": "ß", "type": "Rebel group", "side": "blue"},
        {"id": "cjk", "name": "中国军", "short": "中国", "type": "State forces", "side": "red"},
        {"id": "rtl", "name": "الجيش", "short": "الجيش", "type": "State forces", "side": "red"},
    ]
    event = data["events"][0]
    data["places"][2]["initial_holder"] = "eszett"
    data["events"] = [
        dict(event, id="e1", date="2024-12-02", control_changes=[{"place": "town", "from": "eszett", "to": "cjk"}]),
        dict(event, id="e2", date="2024-12-04", control_changes=[{"place": "town", "from": "cjk", "to": "rtl"}]),
    ]
    p = store_file(data)
    r = run("chart", "control", "--data", str(p))
    assert r.code == 0, r.err
    header, row = r.out.splitlines()[:2]
    strip = row.split()[2]
    days = len(header.split()[1])
    assert len(strip) == days and strip.isascii() and strip.isupper()


def test_an_unknown_key_is_named(run: Run, store_file: Callable[..., Path]) -> None:
    data: dict[str, Any] = minimal_store()
    data["events"][0]["Casualty"] = []
    r = run("validate", str(store_file(data)))
    assert r.out.splitlines()[1] == "  events[0]: unknown key \"Casualty\"; is it misspelt?"


def test_a_huge_bad_value_is_not_echoed_whole(run: Run) -> None:
    for args in (["tally", "--by", "x" * 100_000], ["timeline", "-p", "y" * 100_000], ["timeline", "--on", "z" * 100_000]):
        r = run(*args)
        assert r.code == 2 and len(r.err) < 400 and r.err.count("\n") == 1, args


@pytest.mark.parametrize("args", [
    ["timeline", "--since", "2024", "--since", "2023"],
    ["tally", "-f", "json", "--format", "csv"],
    ["chart", "control", "--since=2024-12-01", "--since", "2024-12-05"],
    ["control", "--on", "2024-12-06", "--on", "2024-12-08"],
])
def test_a_one_value_option_given_twice_is_refused(run: Run, args: list[str]) -> None:
    r = run(*args)
    assert (r.code, r.out) == (2, "")
    assert r.err.endswith("is given more than once; it takes one value\n")


def test_repeatable_options_and_values_that_look_like_options_are_fine(run: Run) -> None:
    assert run("timeline", "-a", "SDF", "-a", "IS", "-n", "1").code == 0
    r = run("timeline", "-s", "--since", "--since", "2024", "-f", "json")  # the search text is "--since"
    assert (r.code, r.out) == (0, "[]\n")


def test_a_deep_place_hierarchy_validates_and_draws(run: Run, store_file: Callable[..., Path]) -> None:
    data = minimal_store()
    depth = 3000
    data["places"] += [{"id": f"p{i}", "name": f"Deep {i}", "type": "area", "parent": f"p{i - 1}" if i else "land"}
                       for i in range(depth)]
    p = store_file(data)
    assert run("validate", str(p)).code == 0
    r = run("places", "--tree", "--data", str(p))
    lines = r.out.splitlines()
    assert r.code == 0 and lines[2] == "    Old Town [town]"
    assert lines[-1] == "  " * depth + f"Deep {depth - 1} [p{depth - 1}]"
