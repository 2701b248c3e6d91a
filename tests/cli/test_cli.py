"""The command line end to end: exact output, exit codes, and every command's help."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli import __version__, cli

from ..conftest import Result

Run = Callable[..., Result]


def test_version(run: Run) -> None:
    r = run("--version")
    assert (r.code, r.out, r.err) == (0, f"dezzor {__version__}\n", "")


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        out.append(((*path, name), cmd))
        if hasattr(cmd, "commands"):
            out += _commands(cmd, (*path, name))
    return out


def test_every_command_has_help_text(run: Run) -> None:
    from typer.main import get_command

    commands = _commands(get_command(cli.app))
    assert [" ".join(p) for p, _ in commands] == [
        "actors", "cache", "cache build", "cache remove", "cache verify", "chart", "chart casualties",
        "chart control", "cite", "compare", "control", "diff", "export", "import", "import acled", "import ucdp",
        "kinds", "migrate", "places", "schema", "show", "sql", "summary", "tally", "timeline", "update", "validate",
    ]
    for path, cmd in commands:
        r = run(*path, "--help")
        assert r.code == 0, path
        assert "Usage: dezzor " + " ".join(path) in r.out
        assert len(cmd.help or "") > 20, path


def test_help_keeps_brackets(run: Run) -> None:
    assert "[PATH]" in run("validate", "--help").out


def test_timeline_json_is_the_store_events(run: Run, raw_store: dict[str, Any]) -> None:
    r = run("timeline", "-f", "json")
    assert r.code == 0
    events = r.json()
    assert len(events) == 57
    by_id = {e["id"]: e for e in raw_store["events"]}
    fields = ["id", "date", "date_end", "precision", "date_note", "kind", "actors", "places", "place_precision",
              "casualties", "fatalities", "control_changes", "certainty", "claimed_by", "summary", "source", "also_in",
              "note", "in_range"]  # the store's fields, then where the event lies against the date range (none given)
    defaults = {"date_end": None, "date_note": None, "place_precision": None, "casualties": [], "fatalities": None,
                "control_changes": [], "certainty": "reported", "claimed_by": None, "also_in": [], "note": None}
    nested = {"killed": None, "injured": None, "arrested": None, "certainty": "reported", "claimed_by": None,
              "note": None}
    for e in events:
        assert list(e) == fields  # every field, in model order, whatever the store left out
        stored = {**defaults, **by_id[e["id"]]}  # the store's values, defaults written out
        stored["casualties"] = [{**nested, **c} for c in stored["casualties"]]
        stored["control_changes"] = [{"certainty": "reported", "claimed_by": None, "note": None, **c}
                                     for c in stored["control_changes"]]
        assert e == {**stored, "in_range": None}
    assert events[0]["id"] == "2019-isis-insurgency-begins"
    palmyra = next(e for e in events if e["id"] == "2024-12-07-fsa-captures-palmyra")
    assert palmyra["date_end"] is None and palmyra["also_in"] == [] and palmyra["note"] is None  # absent in the store


def test_timeline_filters(run: Run) -> None:
    r = run("timeline", "-a", "islamic-state", "--since", "1 Dec 2024", "-f", "jsonl")
    assert [json.loads(line)["id"] for line in r.out.splitlines()] == [
        "2024-11-isis-emir-arrested-al-izba",  # undated, 1 November to 2 December
        "2024-12-17-isis-kills-sdf-fighter",
        "2024-12-17-isis-attack-raqqa-checkpoint",
        "2024-12-20-us-strike-isis",
    ]
    r = run("timeline", "-p", "Abu Kamal", "--reverse", "-n", "3", "-f", "jsonl")
    assert [json.loads(line)["id"] for line in r.out.splitlines()] == [
        "2024-12-10-opposition-captures-abu-kamal",
        "2024-12-06-government-withdrawal-east",  # 6-11 December: ends later than the 6 December seizure
        "2024-12-06-sdf-seizes-abu-kamal",
    ]


def test_timeline_table_piped(run: Run) -> None:
    r = run("timeline", "--on", "2024-11-24")
    lines = r.out.splitlines()
    assert lines == [line.rstrip() for line in lines]  # no trailing spaces
    assert lines[0].split() == ["Date", "Kind", "Actors", "Places", "Casualties", "Control", "Summary", "Id"]
    rows = lines[1:]
    assert any(line.startswith("2024-11-24 ") and "SDF: 2 k, 1 inj" in line for line in rows)
    assert any(line.startswith("~2024-11 (month)") for line in rows)
    assert "~ = an uncertain date span only partly inside the date range" in r.err


TIMELINE_CSV = [
    "id", "date", "date_end", "precision", "date_note", "in_range", "kind", "event_type",
    "actors", "actor_roles", "actor_names", "places", "place_names",
    "killed", "killed_max", "killed_best", "injured", "injured_max", "injured_best", "arrested", "arrested_max",
    "arrested_best", "casualties", "control", "control_names", "certainty", "claimed_by", "summary", "source",
    "also_in", "note",
]


def _csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_timeline_csv_has_its_documented_columns_and_scalar_cells_only(run: Run) -> None:
    r = run("timeline", "-f", "csv", "-n", "1")
    header, rows = _csv(r.out)
    assert header == TIMELINE_CSV
    assert rows[0]["id"] == "2019-isis-insurgency-begins" and rows[0]["precision"] == "range"  # "early 2019"
    header, rows = _csv(run("timeline", "-f", "csv", "--since", "Dec 2024", "--until", "Dec 2024").out)
    assert len(rows) == 27
    assert [c for row in rows for c in row.values() if c[:1] in ("[", "{")] == []
    by_id = {row["id"]: row for row in rows}
    strike = by_id["2024-12-03-us-strike-deir-ez-zor-airport"]
    assert (strike["killed"], strike["killed_max"], strike["injured"], strike["injured_max"]) == ("6", "6", "", "")
    assert strike["actors"] == "us-military; saa" and strike["actor_names"] == "United States Armed Forces; Syrian Arab Army"
    assert strike["casualties"] == "saa: 6 killed" and strike["in_range"] == "whole"
    assert strike["places"] == "deir-ez-zor-airport" and strike["place_names"] == "Deir ez-Zor airport"
    taken = by_id["2024-12-06-sdf-takes-deir-ez-zor"]
    assert taken["control"] == "deir-ez-zor: syrian-government -> sdf"
    assert taken["control_names"] == "Deir ez-Zor: Syrian Arab Republic -> Syrian Democratic Forces"
    emir = by_id["2024-11-isis-emir-arrested-al-izba"]  # undated: 1 November to 2 December
    assert (emir["date"], emir["date_end"], emir["in_range"], emir["arrested"]) == ("2024-11-01", "2024-12-02", "partly", "1")
    assert sorted(row["id"] for row in rows if row["in_range"] == "partly") == sorted([
        "2024-11-isis-emir-arrested-al-izba", "2024-11-militias-checkpoints-abu-kamal",
        "2024-12-early-opposition-advance-homs", "2024-11-militia-reinforce-thalathaat",
        "2024-11-30-sdf-consolidates-forces", "2024-11-30-coalition-artillery-mrat",
        "2024-11-30-coalition-artillery-khasham"])
    _, rows = _csv(run("timeline", "-f", "csv", "--since", "2024-11-17", "--until", "2024-11-17").out)
    assert [(r["killed"], r["killed_max"], r["injured"], r["injured_max"]) for r in rows
            if r["id"] == "2024-11-17-isis-attack-sdf-checkpoint"] == [("1", "1", "2", "")]  # 2+ injured: no maximum
    _, rows = _csv(run("timeline", "-f", "csv", "--precision", "week").out)
    assert [(r["id"], r["arrested"], r["arrested_max"], r["casualties"], r["in_range"]) for r in rows] == [
        ("2025-01-sdf-security-operation", "2", "", "(not stated): 2+ arrested", "")]


def test_show_csv_is_the_timeline_row(run: Run) -> None:
    header, rows = _csv(run("show", "2024-12-10-opposition-captures-abu-kamal", "-f", "csv").out)
    assert header == TIMELINE_CSV and len(rows) == 1
    row = rows[0]
    assert (row["certainty"], row["claimed_by"], row["source"], row["also_in"]) == (
        "claimed", "syrian-opposition", "Offensive, paragraph 3", "lead, paragraph 7")
    assert row["actor_roles"] == "initiator; target" and row["in_range"] == ""


def test_empty_result_is_not_an_error(run: Run) -> None:
    r = run("timeline", "--on", "2023-06-01", "-f", "json")
    assert (r.code, r.out, r.err) == (0, "[]\n", "no events matched\n")
    r = run("timeline", "--on", "2023-06-01")
    assert (r.code, r.out, r.err) == (0, "", "no events matched\n")


def test_show(run: Run) -> None:
    r = run("show", "2024-12-03-sdf-claims-seven-villages")
    assert r.code == 0
    assert "Claim" in r.out and "the event as a whole: claimed by Syrian Democratic Forces" in r.out
    assert "Deir ez-Zor offensive (2024), section 'Offensive', paragraph 1" in r.out
    assert "section 'lead', paragraph 7" in r.out
    doc = run("show", "2024-12-03-sdf-claims-seven-villages", "-f", "json").json()
    assert doc["claimed_by"] == "sdf" and len(doc["control_changes"]) == 6


def test_show_unknown_id_suggests(run: Run) -> None:
    r = run("show", "2024-12-20-us-strike-isi")
    assert r.code == 2
    assert r.err.startswith("dezzor: error: no event with id '2024-12-20-us-strike-isi'; did you mean '2024-12-20-us-strike-isis'")


def test_tally_json_contract(run: Run) -> None:
    rows = run("tally", "-f", "json").json()
    sdf = next(r for r in rows if r["group"] == "sdf")
    assert sdf == {
        "group": "sdf", "killed": 9, "killed_max": 9, "killed_best": 9, "injured": 19, "injured_max": None,
        "injured_best": None, "arrested": None, "arrested_max": None, "arrested_best": None,
        "certainty": ["reported"], "events": 6,
    }  # exact figures are their own best estimates; "2+ injured" has none, so the injured sum has none
    unstated = next(r for r in rows if r["group"] is None)
    assert (unstated["arrested"], unstated["arrested_max"]) == (2, None)


def test_sdf_killed_in_november(run: Run) -> None:
    r = run("tally", "--party", "SDF", "--since", "Nov 2024", "--until", "November 2024", "--by", "side", "-f", "json")
    assert r.json() == [{
        "group": "sdf", "killed": 5, "killed_max": 5, "killed_best": 5, "injured": 15, "injured_max": None,
        "injured_best": None, "arrested": None, "arrested_max": None, "arrested_best": None,
        "certainty": ["reported"], "events": 5,
    }]


def test_the_cyclic_collector_is_paused_for_a_commands_answer_and_on_again_after(
        run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from dezzor_cli.views import tally as views

    seen = []
    view = views.tally_view
    monkeypatch.setattr(views, "tally_view", lambda *a, **k: (seen.append(gc.isenabled()), view(*a, **k))[1])
    assert gc.isenabled()
    for args in (["tally", "--by", "month", "-f", "json"], ["tally", "--by", "nonsense"], ["timeline", "-a", "nobody"]):
        assert run(*args).code in (0, 1, 2)
        assert gc.isenabled()  # on again, whatever the outcome
    assert seen == [False]


def test_tally_reconcile(run: Run) -> None:
    rows = {r["group"]: r for r in run("tally", "--reconcile", "-f", "json").json()}
    assert rows["sdf"]["killed"] == 9
    assert rows["sdf"]["reported"]["killed"] == 10
    assert rows["sdf"]["difference"]["killed"] == -1
    assert rows["isis"]["reported"]["arrested"] == 18 and rows["isis"]["reported"]["certainty"] == ["reported", "claimed"]
    assert rows["protesters"]["reported"]["killed_max"] is None
    assert rows["protesters"]["difference"]["killed"] is None
    table = run("tally", "--reconcile").out
    assert "Syrian Arab Republic and allies  killed        15        14          +1" in table


def test_control_on_a_day(run: Run) -> None:
    rows = run("control", "--on", "8 December 2024", "-p", "Abu Kamal", "-f", "json").json()
    assert rows == [{
        "place": "abu-kamal", "holder": "sdf", "since": "2024-12-06", "since_end": "2024-12-06",
        "event": "2024-12-06-sdf-seizes-abu-kamal", "certainty": "reported", "pending": [],
    }]
    rows = run("control", "--on", "8 December 2024", "-p", "Deir ez-Zor", "-f", "json").json()
    assert rows == [{
        "place": "deir-ez-zor", "holder": "sdf", "since": "2024-12-06", "since_end": "2024-12-06",
        "event": "2024-12-06-sdf-takes-deir-ez-zor", "certainty": "reported",
        "pending": [{"to": "syrian-opposition", "event": "2024-12-opposition-takes-deir-ez-zor",
                     "date": "2024-12-07", "date_end": "2024-12-11", "certainty": "reported"}],
    }]


def test_control_history_of_a_place(run: Run) -> None:
    rows = run("control", "-p", "Deir-ez-Zor", "-f", "json").json()
    assert [(r["from"], r["to"], r["event"]) for r in rows] == [
        (None, "syrian-government", None),  # the holder at the start of the record
        ("syrian-government", "sdf", "2024-12-06-sdf-takes-deir-ez-zor"),
        ("sdf", "syrian-opposition", "2024-12-opposition-takes-deir-ez-zor"),
    ]


def test_control_list_by_actor(run: Run) -> None:
    rows = run("control", "-a", "opposition", "-f", "json").json()
    assert [(r["place"], r["to"]) for r in rows] == [
        ("abu-kamal", "syrian-opposition"), ("mayadin", "syrian-opposition"), ("deir-ez-zor", "syrian-opposition")
    ]


def test_registries(run: Run) -> None:
    actors = run("actors", "-f", "json").json()
    assert next(a for a in actors if a["id"] == "asayish")["parent"] == "sdf"
    places = run("places", "-f", "csv").out
    assert "abu-kamal,Abu Kamal" in places
    tree = run("places", "--tree").out
    assert "Seven Villages [seven-villages]" in tree and "Khasham [khasham]" in tree


def test_summary(run: Run) -> None:
    doc = run("summary", "-f", "json").json()
    assert doc["period"] == {"start": "2024-12-03", "end": "2024-12-11"}
    assert doc["events"] == 57 and doc["first_event"] == "2019-isis-insurgency-begins"
    assert len(doc["control_changes"]) == 18
    sides = {s["id"]: s for s in doc["sides"]}
    assert [sup["until"] for sup in sides["government"]["supporters"]] == ["2024-11-30", "2024-12-06"]
    text = run("summary").out
    assert "Syrian opposition victory" in text
    r = run("summary", "-f", "csv")
    assert r.code == 2 and "summary has no CSV form" in r.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline", "-a", "Islamic Stat"], "dezzor: error: unknown actor 'Islamic Stat'; did you mean 'Islamic State'"),
        (["timeline", "-p", "Abu Kamel"], "dezzor: error: unknown place 'Abu Kamel'; did you mean 'Abu Kamal'"),
        (["timeline", "--since", "3 December"], "dezzor: error: --since: '3 December' has no four-digit year"),
        (["timeline", "--until", "05/06/2024"], "dezzor: error: --until: '05/06/2024' could be day/month or month/day"),
        (["timeline", "-k", "battle"], "dezzor: error: unknown kind 'battle'"),
        (["timeline", "-n", "-1"], "dezzor: error: Invalid value for '--limit' / '-n': -1 is not in the range x>=0."),
        (["timeline", "--frobnicate"], "dezzor: error: No such option: --frobnicate"),
        (["timeline", "-f", "yaml"], "dezzor: error: Invalid value for '--format' / '-f'"),
        (["tally", "--by", "year"], "dezzor: error: Invalid value for '--by' / '-b': 'year' is not one of 'actor', "
                                    "'side', 'day', 'week', 'month', 'kind', 'place'."),
        (["tally", "-c", "rumoured"], "dezzor: error: Invalid value for '--certainty' / '-c': 'rumoured' is not one of "
                                      "'reported', 'claimed', 'alleged'."),
        (["chart", "casualties", "--split", "kind"], "dezzor: error: Invalid value for '--split': 'kind' is not one of "
                                                     "'side', 'actor'."),
        (["control", "--on", "2024-12-08", "--since", "2024"], "dezzor: error: --on cannot be combined with --since or --until"),
        (["nonsense"], "dezzor: error: No such command 'nonsense'."),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(run: Run, args: list[str], message: str) -> None:
    r = run(*args)
    assert r.code == 2
    assert r.out == ""
    assert r.err.startswith(message), r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err


def test_data_option_and_environment(run: Run, store_file: Callable[..., Path], small: dict[str, Any],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    p = store_file(small)
    assert [e["id"] for e in run("timeline", "--data", str(p), "-f", "json").json()] == ["e1"]
    monkeypatch.setenv("DEZZOR_DATA", str(p))
    assert [e["id"] for e in run("timeline", "-f", "json").json()] == ["e1"]
    r = run("timeline", "-d", "", "-f", "json")  # an unset variable: never silently another store
    assert (r.code, r.out) == (2, "")
    assert r.err == "dezzor: error: --data is empty; give the path of a store (an unset shell variable?)\n"
    monkeypatch.setenv("DEZZOR_DATA", "")
    r = run("timeline")
    assert (r.code, r.err) == (2, "dezzor: error: $DEZZOR_DATA is set but empty; unset it or give the path of a store\n")


def test_bad_store_exits_1_with_one_line(run: Run, tmp_path: Path) -> None:
    p = tmp_path / "bad.json"
    p.write_text('{"meta": ', encoding="utf-8")
    r = run("timeline", "--data", str(p))
    assert r.code == 1
    assert r.err == f"dezzor: error: {p} is not valid JSON: ends too early at line 1 column 10\n"
    r = run("timeline", "--data", str(tmp_path / "missing.json"))
    assert (r.code, r.err) == (1, f"dezzor: error: no store at {tmp_path / 'missing.json'}\n")


def test_validate(run: Run, store_file: Callable[..., Path], small: dict[str, Any]) -> None:
    r = run("validate")
    assert r.code == 0 and r.out.endswith("valid (57 events, 42 actors, 48 places, 7 reported totals)\n")
    small["events"][0]["casualties"][0]["killed"] = True
    small["events"][0]["actors"][0]["actor"] = "nobody"
    p = store_file(small)
    r = run("validate", str(p))
    assert r.code == 1
    assert r.out.splitlines() == [
        f"{p}: 1 problem",
        '  events[0].casualties[0].killed: a count must be a whole number or {"min": n, "max": n or null}, not true',
    ]  # the schema pass stops before the cross-record pass
    del small["events"][0]["casualties"]
    p = store_file(small)
    r = run("validate", str(p), "--max", "1")
    assert r.out.splitlines() == [f"{p}: 1 problem", "  events[0].actors[0].actor: unknown actor 'nobody'"]


def test_schema(run: Run) -> None:
    schema = run("schema").json()
    assert set(schema["properties"]) == {"meta", "sides", "actors", "places", "events", "reported_totals"}
    assert "from" in schema["$defs"]["ControlChange"]["properties"]
    defs = schema["$defs"]
    assert defs["Meta"]["properties"]["schema_version"]["const"] == 2 and "sources" in defs["Meta"]["required"]
    assert defs["SourceKind"]["enum"] == ["article", "acled", "ucdp", "manual"]
    assert defs["PlacePrecision"]["enum"] == ["exact", "near", "admin2", "admin1", "region", "country", "sea"]
    assert defs["Citation"]["required"] == ["source"]
    assert defs["Citation"]["properties"]["line"] == {"minimum": 1, "title": "Line", "type": "integer"}  # never null
    ranged = defs["Event"]["properties"]["fatalities"]["anyOf"][1]
    assert list(ranged["properties"]) == ["min", "best", "max"] and ranged["required"] == ["min", "max"]
    assert "State-based conflict" in defs["Event"]["properties"]["kind"]["enum"]


def test_hostile_store_strings_are_shown_literally(run: Run, store_file: Callable[..., Path], small: dict[str, Any]) -> None:
    small["events"][0]["summary"] = "[bold]x[/bold] \x1b[31mred\x1b]0;title\x07 \u202edone"
    p = store_file(small)
    out = run("timeline", "--data", str(p)).out
    assert "[bold]x[/bold] \\x1b[31mred\\x1b]0;title\\x07 \\u202edone" in out
    assert run("timeline", "--data", str(p), "-f", "json").json()[0]["summary"] == small["events"][0]["summary"]


def test_internal_errors_are_one_line_and_debug_shows_the_traceback(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from dezzor_cli.query import filters

    def boom(*a: Any, **k: Any) -> Any:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(filters, "select", boom)
    r = run("timeline")
    assert r.code == 3
    assert r.err == "dezzor: error: internal error: RuntimeError: kaboom (rerun with --debug for the traceback)\n"
    with pytest.raises(RuntimeError, match="kaboom"):
        cli.main(["timeline", "--debug"])


def test_python_dash_m_and_the_console_script() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DEZZOR_DATA"}
    r = subprocess.run([sys.executable, "-m", "dezzor_cli", "--version"], capture_output=True, text=True, env=env)
    assert (r.returncode, r.stdout) == (0, f"dezzor {__version__}\n")
    r = subprocess.run([sys.executable, "-m", "dezzor_cli", "kinds", "-f", "jsonl"], capture_output=True, text=True, env=env)
    assert json.loads(r.stdout.splitlines()[0]) == {"kind": "Armed clash", "event_type": "Battles"}


@pytest.mark.parametrize("args", [["timeline"], ["--help"], ["schema"], ["chart", "control"], ["--version"]])
def test_a_closed_pipe_ends_the_console_script_like_any_unix_filter(args: list[str]) -> None:
    code = f"import sys; sys.argv=['dezzor', *{args!r}]; from dezzor_cli.entry import main; main()"
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env={k: v for k, v in os.environ.items() if k != "DEZZOR_DATA"})
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # the reader is gone before anything is written
    err = p.stderr.read().decode()
    p.wait(timeout=20)
    assert err == ""
    assert p.returncode in (0, -13)  # killed by SIGPIPE: a shell reports 141; --version may finish first


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    """The reader leaves after one line of output far larger than any pipe buffer: the writer must be cut off.

    (With the bundled store the whole output fits the 64 KiB buffer, and the child could finish first.)
    """
    from ..conftest import generated_store

    store = generated_store(tmp_path, 3000)  # about 3 MB of JSON Lines
    code = (
        f"import sys; sys.argv=['dezzor','timeline','-f','jsonl','--data',{str(store)!r}]; "
        "from dezzor_cli.cli import main; main()"
    )
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read().decode()
    p.wait(timeout=20)
    assert "Traceback" not in err and "Broken pipe" not in err
    assert p.returncode == 141


def test_heavy_modules_load_only_when_a_command_needs_them() -> None:
    code = (
        "import sys, dezzor_cli.cli, dezzor_cli.entry\n"
        "heavy = ['pydantic.main', 'dezzor_cli.store.model', 'dateutil.parser', 'rich.table', 'rich.console', 'duckdb',\n"
        "         'dezzor_cli.query.filters', 'dezzor_cli.query.tally', 'dezzor_cli.store.read', 'dezzor_cli.views.timeline']\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip() == "[]", r.stderr
    code = "import sys, dezzor_cli.entry\nprint([m for m in ('typer', 'pydantic', 'rich', 'duckdb') if m in sys.modules])\n"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


@pytest.mark.parametrize(("args", "absent"), [
    (["timeline"], ["pydantic", "dezzor_cli.store.model", "dateutil.parser", "rich.table", "rich.console", "duckdb"]),
    (["tally"], ["pydantic", "dezzor_cli.store.model", "dateutil.parser", "rich.table", "rich.console", "duckdb"]),
    (["tally", "--since", "2024-12-01", "-f", "json"], ["pydantic", "dezzor_cli.store.model", "rich.table", "rich.console", "duckdb"]),
    (["control", "--on", "2024-12-08", "-f", "csv"], ["pydantic", "dezzor_cli.store.model", "rich.table", "rich.console", "duckdb"]),
])
def test_queries_on_a_valid_store_import_neither_pydantic_nor_what_the_output_does_not_use(
    args: list[str], absent: list[str]
) -> None:
    """pydantic is the plain reader's: the fast reader reads a valid store without it, and typer < 0.29 never loads it."""
    code = (
        "import sys\nfrom dezzor_cli import cli\n"
        f"try:\n    cli.main({args!r})\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        f"sys.stderr.write(repr([m for m in {absent!r} if m in sys.modules]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # pytest exports COLUMNS; a pipe has none
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and r.stderr.splitlines()[-1] == "[]", r.stderr


def test_version_fast_path_matches_the_cli(run: Run) -> None:
    r = subprocess.run([sys.executable, "-c", "import sys; sys.argv=['dezzor','--version']; from dezzor_cli.entry import main; main()"],
                       capture_output=True, text=True)
    assert r.stdout == run("--version").out == f"dezzor {__version__}\n"


def test_validate_speaks_json(run: Run, store_file: Callable[..., Path], small: dict[str, Any]) -> None:
    r = run("validate", "-f", "json")
    assert r.code == 0
    assert r.json() | {"store": "x"} == {"store": "x", "valid": True, "problems": [], "total": 0, "events": 57,
                                         "actors": 42, "places": 48, "reported_totals": 7}
    small["events"][0]["actors"][0]["actor"] = "nobody"
    p = store_file(small)
    r = run("validate", str(p), "-f", "json")
    assert r.code == 1 and r.err == ""
    assert r.json() == {"store": str(p), "valid": False, "total": 1,
                        "problems": ["events[0].actors[0].actor: unknown actor 'nobody'"]}


# ------------------------------------------------------------------ names as people mean them, ranges, CSV, export

CITY = ["2024-11-30-russians-leave-seven-villages", "2024-12-06-sdf-takes-deir-ez-zor",
        "2024-12-06-government-withdrawal-east", "2024-12-anti-sdf-protests-deir-ez-zor",
        "2024-12-opposition-takes-deir-ez-zor"]


def test_a_city_with_a_governorate_of_its_name_says_so_on_stderr_only(run: Run) -> None:
    r = run("timeline", "-p", "Deir ez-Zor", "-f", "json")
    assert r.code == 0 and [e["id"] for e in r.json()] == CITY  # stdout is the JSON alone
    assert r.err == ("note: -p 'Deir ez-Zor' is the city of Deir ez-Zor (5 events); Deir ez-Zor Governorate around "
                     'it has the same name and would give 45 events: use -p "Deir ez-Zor Governorate"\n')
    r = run("tally", "-p", "Deir ez-Zor", "--since", "2024-12-01", "--until", "2024-12-11", "-f", "json")
    assert r.out == "[]\n"  # no casualties in the city, but the airport strike killed 6 in the governorate
    assert r.err.splitlines() == [
        "note: -p 'Deir ez-Zor' is the city of Deir ez-Zor (no killed figure in 4 events); Deir ez-Zor Governorate "
        'around it has the same name and would give 8 killed in 19 events: use -p "Deir ez-Zor Governorate"',
        "no casualties in the events that matched",
    ]
    r = run("control", "-p", "Deir ez-Zor", "-f", "json")
    assert len(r.json()) == 3 and "(2 change(s) of control)" in r.err
    assert "would give 15 change(s) of control" in r.err  # all 18 but Raqqa's two and Palmyra's
    assert run("timeline", "-p", "Deir ez-Zor city", "-f", "json").err == ""


def test_side_and_party_take_any_name(run: Run) -> None:
    r = run("timeline", "--side", "IS", "-f", "json")
    assert r.code == 0 and [e["id"] for e in r.json()] == [e["id"] for e in run("timeline", "-a", "IS", "-f", "json").json()]
    r = run("tally", "--party", "government", "-f", "json")
    assert r.code == 0
    assert {row["group"]: row["killed"] for row in r.json()} == {"saa": 8, "pro-iranian-militias": 5, "irgc": 2}
    r = run("timeline", "--side", "Civilians")
    assert (r.code, r.err) == (2, "dezzor: error: Civilians is on no side; use --actor 'Civilians' for its events\n")


def test_tally_side_counts_the_sides_own_losses_and_involving_all_in_its_events(run: Run) -> None:
    own = run("tally", "--side", "government", "-f", "json").json()
    assert {row["group"]: (row["killed"], row["killed_max"]) for row in own} == {
        "saa": (8, 8), "pro-iranian-militias": (5, 5), "irgc": (2, 2)}
    assert sum(row["killed"] for row in own) == 15  # the side's own losses
    everyone = run("tally", "--involving", "government", "-f", "json").json()
    assert sum(row["killed"] or 0 for row in everyone) == 17  # every casualty in the events the side took part in
    assert {row["group"] for row in everyone} == {"saa", "pro-iranian-militias", "irgc", "civilians", "sdf", None}
    assert run("tally", "--side", "SAA", "-f", "json").json() == own  # any member names the side
    # --side says whose casualties, whatever selects the events: the government's losses in IS's events
    assert {row["group"]: row["killed"] for row in run("tally", "--side", "government", "-a", "IS", "-f", "json").json()} \
        == {"saa": 2, "irgc": 2}
    r = run("tally", "--reconcile", "--side", "government")
    assert r.code == 2 and "--involving selects the events a side took part in" in r.err


def test_within_and_precision_on_the_command_line(run: Run) -> None:
    def ids(*args: str) -> list[str]:
        return [e["id"] for e in run("timeline", *args, "-f", "json").json()]

    december = ids("--since", "Dec 2024", "--until", "Dec 2024")
    within = ids("--since", "Dec 2024", "--until", "Dec 2024", "--within")
    assert len(december) == 27 and len(within) == 20 and set(within) < set(december)
    assert all(e["in_range"] == "whole" for e in run("timeline", "--since", "Dec 2024", "--within", "-f", "json").json())
    assert ids("--precision", "week", "--precision", "MONTH") == [
        "2024-11-us-operation-al-quriyah", "2024-11-us-operation-mayadin", "2024-11-us-operation-al-asharah",
        "2024-11-iranian-missile-al-shaddadi", "2024-11-coalition-exercise-koniko", "2025-01-sdf-security-operation"]
    r = run("timeline", "--within")
    assert r.code == 2 and "--within keeps the events wholly inside a date range" in r.err
    r = run("timeline", "--precision", "decade")
    assert r.code == 2 and "'decade' is not one of 'day', 'range', 'week', 'month', 'year'" in r.err
    changes = run("control", "--precision", "day", "-f", "json").json()
    assert changes and all(c["precision"] == "day" for c in changes)
    assert all(c["date"] == c["date_end"] for c in changes)
    r = run("control", "--on", "2024-12-08", "--within")
    assert r.code == 2 and "--within and --precision select events" in r.err
    december_tally = run("tally", "--since", "Dec 2024", "--until", "Dec 2024", "--within", "-f", "json")
    assert december_tally.err == ""  # nothing counted reaches outside the range: no note about partial spans


def test_tally_and_control_csv_columns(run: Run) -> None:
    header, rows = _csv(run("tally", "-f", "csv").out)
    assert header == ["group", "group_name", "killed", "killed_max", "killed_best", "injured", "injured_max",
                      "injured_best", "arrested", "arrested_max", "arrested_best", "certainty", "events"]
    sdf = next(r for r in rows if r["group"] == "sdf")
    assert sdf == {"group": "sdf", "group_name": "Syrian Democratic Forces", "killed": "9", "killed_max": "9",
                   "killed_best": "9", "injured": "19", "injured_max": "", "injured_best": "", "arrested": "",
                   "arrested_max": "", "arrested_best": "", "certainty": "reported", "events": "6"}
    assert next(r for r in rows if r["group"] == "")["group_name"] == "(not stated)"
    header, rows = _csv(run("tally", "--reconcile", "-f", "csv").out)
    assert header[:14] == ["group", "group_type", "group_name", "killed", "killed_max", "killed_best", "injured",
                           "injured_max", "injured_best", "arrested", "arrested_max", "arrested_best", "certainty",
                           "events"]
    isis = next(r for r in rows if r["group"] == "isis")
    assert (isis["reported_arrested"], isis["difference_arrested"], isis["difference_arrested_max"]) == ("18", "-17", "-17")
    assert isis["reported_certainty"] == "reported; claimed"
    protesters = next(r for r in rows if r["group"] == "protesters")
    assert (protesters["reported_killed"], protesters["reported_killed_max"], protesters["difference_killed"]) == ("2", "", "")
    header, rows = _csv(run("control", "-p", "Abu Kamal", "-f", "csv").out)
    assert header == ["date", "date_end", "precision", "place", "place_name", "from", "from_name", "to", "to_name",
                      "event", "certainty", "claimed_by"]
    assert rows[-1]["to_name"] == "Syrian opposition" and rows[-1]["claimed_by"] == "syrian-opposition"
    header, rows = _csv(run("control", "--on", "8 Dec 2024", "-p", "Deir ez-Zor city", "-f", "csv").out)
    assert header == ["place", "place_name", "holder", "holder_name", "since", "since_end", "event", "certainty",
                      "pending", "pending_names", "pending_events"]
    assert [(r["holder"], r["pending"], r["pending_names"], r["pending_events"]) for r in rows] == [
        ("sdf", "syrian-opposition", "Syrian opposition", "2024-12-opposition-takes-deir-ez-zor")]


def test_registry_csv_joins_aliases_and_names_the_ids(run: Run) -> None:
    header, rows = _csv(run("actors", "-f", "csv").out)
    assert header == ["id", "name", "short", "aliases", "type", "parent", "parent_name", "side", "side_name", "note"]
    asayish = next(r for r in rows if r["id"] == "asayish")
    assert asayish["aliases"].startswith("Al-Asayish Internal Security Forces; Al-Asayish; ")
    assert (asayish["parent_name"], asayish["side"], asayish["side_name"]) == (
        "Syrian Democratic Forces", "sdf", "Syrian Democratic Forces and supporters")  # inherited
    header, rows = _csv(run("places", "-f", "csv").out)
    assert header == ["id", "name", "aliases", "type", "parent", "parent_name", "lat", "lon", "geonames_id",
                      "initial_holder", "initial_holder_name", "note"]
    assert rows[0] == {"id": "syria", "name": "Syria", "aliases": "", "type": "country", "parent": "",
                       "parent_name": "", "lat": "", "lon": "", "geonames_id": "", "initial_holder": "",
                       "initial_holder_name": "", "note": ""}
    assert [c for row in rows for c in row.values() if c[:1] in ("[", "{")] == []


def test_export_takes_the_timeline_filters(run: Run, tmp_path: Path) -> None:
    window = ("--since", "2024-12-01", "--until", "2024-12-11")
    timeline = [e["id"] for e in run("timeline", *window, "-f", "json").json()]
    r = run("export", "-f", "acled-csv", *window)
    assert r.code == 0
    assert sorted(row["event_id_cnty"] for row in csv.DictReader(io.StringIO(r.out))) == sorted(timeline)
    assert len(timeline) == 24
    out = tmp_path / "dec.json"
    r = run("export", "-f", "json", "-p", "Abu Kamal", *window, "--out", str(out))
    assert r.code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    chosen = [e["id"] for e in run("timeline", "-p", "Abu Kamal", *window, "-f", "json").json()]
    assert sorted(e["id"] for e in doc["events"]) == sorted(chosen)
    assert len(doc["actors"]) == 42 and len(doc["places"]) == 48 and len(doc["reported_totals"]) == 7
    assert run("validate", str(out)).code == 0  # a store of its own
    assert [e["id"] for e in run("timeline", "--data", str(out), "-f", "json").json()] == chosen
    r = run("export", "-f", "timelinejs", "-a", "IS")
    assert len(json.loads(r.out)["events"]) == 16
    whole = run("export", "-f", "json").json()
    assert len(whole["events"]) == 57 and whole["meta"]["record"] == {"start": "2019-01-01", "end": "2025-02-02"}


def test_a_picture_beside_json_lines_has_the_table(run: Run, tmp_path: Path) -> None:
    """The timeline built for JSON Lines still lays out its table when --svg asks for the picture of it."""
    svg = tmp_path / "t.svg"
    r = run("timeline", "-p", "Abu Kamal", "-f", "jsonl", "--svg", str(svg))
    assert r.code == 0, r.err
    ids = [json.loads(line)["id"] for line in r.out.splitlines()]
    assert "2024-12-10-opposition-captures-abu-kamal" in ids
    picture = svg.read_text(encoding="utf-8")
    assert "Abu" in picture and "Kamal" in picture and f"{len(ids)} events" in picture.replace("&#160;", " ")
