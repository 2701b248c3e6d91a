"""Charts, snapshots and the CLI side of export/import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from dezzor_cli.query import charts
from dezzor_cli.query.index import Index
from dezzor_cli.query.quantities import Qty
from dezzor_cli.views import charts as vcharts

from ..conftest import Result

Run = Callable[..., Result]


def test_casualty_bars_by_week_and_side(ix: Index) -> None:
    bars = charts.casualty_bars(ix, ix.store.events, "week", "side", "killed")
    got = [(b.period, b.group, b.qty, b.in_period) for b in bars]
    assert ("2024-W47", "government", Qty(9, 9), False) in got  # 5 militia + 2 SAA + 2 IRGC
    assert ("2024-W49", "government", Qty(6, 6), True) in got  # the airport strike, inside 3-11 December
    assert ("2024-W51", "islamic-state", Qty(2, 2), False) in got


def test_open_ranges_are_drawn_open_ended(ix: Index, run: Run) -> None:
    out = run("chart", "casualties", "--measure", "injured", "--by", "month").out
    line = next(x for x in out.splitlines() if "Syrian Democratic Forces" in x and "15+" in x)  # November
    assert line.rstrip().endswith(vcharts.OPEN)


def test_conflict_period_is_marked(run: Run) -> None:
    out = run("chart", "casualties", "--by", "week").out.splitlines()
    marked = [x for x in out if x.startswith("*")]
    assert marked and all("2024-W49" in x or x.startswith("*  ") for x in marked)
    assert not any(x.startswith("*") and "2024-W47" in x for x in out)


def test_control_strips(ix: Index) -> None:
    columns, strips = charts.control_strips(ix, None, dt.date(2024, 12, 5), dt.date(2024, 12, 12), buckets=100)
    assert columns[0] == (dt.date(2024, 12, 5),) * 2 and columns[-1] == (dt.date(2024, 12, 12),) * 2
    by_place = {s.place: s.cells for s in strips}
    assert [h for h, _ in by_place["deir-ez-zor"]] == [
        "syrian-government", "sdf", "sdf", "sdf", "sdf", "sdf", "syrian-opposition", "syrian-opposition",
    ]
    # under way at the end of 7-10 December; done by the end of 6 and of 11 December, as `control --on` says
    assert [busy for _, busy in by_place["deir-ez-zor"]] == [False, False, True, True, True, True, False, False]
    # the government began withdrawing on 6 December: under way until the end of 11 December, no one named after
    assert [h for h, _ in by_place["al-quriyah"]] == ["syrian-government"] * 6 + [None, None]
    assert [busy for _, busy in by_place["al-quriyah"]] == [False, True, True, True, True, True, False, False]


def test_control_chart_plain_and_coloured(ix: Index, run: Run) -> None:
    out = run("chart", "control", "-p", "Deir ez-Zor", "-p", "Abu Kamal").out
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith(("Deir", "Abu"))}
    # columns: 5 to 12 December; G government, S SDF, O opposition; lower case = a change under way
    assert "GSSSSOOO" in rows["Abu"]
    assert "GSssssOO" in rows["Deir"]
    r = run("chart", "control", "-p", "Deir ez-Zor", "-p", "Abu Kamal")
    assert "Legend: G Government  O Opposition  S SDF" in r.err  # the legend is not data: stderr
    # colour: the holder's cells share one style, different from another holder's
    columns, strips = charts.control_strips(ix, frozenset({"deir-ez-zor"}), None, None, buckets=100)
    from dezzor_cli.render import charts as rcharts

    view = vcharts.control_chart_view(ix, columns, strips)
    table = rcharts.strip_chart(view.body, fancy=True).renderables[0]  # type: ignore[arg-type, attr-defined]
    strip = table.columns[1]._cells[0]
    styles = {strip.plain[s.start]: str(s.style) for s in strip.spans}
    assert styles["G"] != styles["O"] and "reverse" in styles["O"] and "reverse" in styles["G"] and "reverse" in styles["S"]
    assert "reverse" not in styles["s"]  # a change under way: plain colour, lower case


def test_chart_json_data(run: Run) -> None:
    rows = run("chart", "control", "-p", "Mayadin", "-f", "json").json()
    assert rows[0]["place"] == "mayadin"
    assert [c["to"] for c in rows[0]["changes"]] == [None, "syrian-opposition"]
    # what the strip shows, and the letter of every holder the record names
    assert rows[0]["strip"] == "GgggggOO"  # 5 to 12 December: withdrawing 6-11 December
    assert rows[0]["letters"] == {"syrian-government": "G", "syrian-opposition": "O"}
    assert rows[0]["days_from"] == rows[0]["days"]  # a column a day


def test_svg_and_html_snapshots(run: Run, tmp_path: Path) -> None:
    svg, html = tmp_path / "c.svg", tmp_path / "c.html"
    r = run("chart", "control", "--svg", str(svg), "--html", str(html))
    assert r.code == 0 and f"wrote {svg}" in r.err
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    assert root.tag.endswith("svg")
    text = svg.read_text(encoding="utf-8")
    assert "Abu&#160;Kamal" in text or "Abu Kamal" in text
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Deir ez-Zor" in page
    again = run("tally", "--svg", str(svg))
    assert (again.code, again.out) == (1, "")  # refused before anything is printed or written
    assert again.err == f"dezzor: error: {svg} exists; use --force to replace it\n"
    assert run("tally", "--svg", str(svg), "--force").code == 0
    assert "Casualties" in svg.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- one letter and colour a holder


def test_a_holder_keeps_its_letter_and_colour_whatever_the_filter(ix: Index, run: Run) -> None:
    everything = {h: letter for r in run("chart", "control", "-f", "json").json() for h, letter in r["letters"].items()}
    assert everything == {"sdf": "S", "syrian-government": "G", "saa": "A", "syrian-opposition": "O", "fsa": "F"}
    (abu_kamal,) = run("chart", "control", "-p", "Abu Kamal", "-f", "json").json()
    assert abu_kamal["letters"] == {"syrian-government": "G", "sdf": "S", "syrian-opposition": "O"}
    assert "S SDF" in run("chart", "control", "-p", "Abu Kamal").err
    legend = run("chart", "control").err
    assert "A SAA" in legend and "S SDF" in legend  # the SAA's villages no longer take the SDF's letter
    from dezzor_cli.render import charts as rcharts

    def styles(places: frozenset[str] | None) -> dict[str, str]:
        view = vcharts.control_chart_view(ix, *charts.control_strips(ix, places, None, None, buckets=100))
        table = rcharts.strip_chart(view.body, fancy=True).renderables[0]  # type: ignore[arg-type, attr-defined]
        return {strip.plain[s.start]: str(s.style) for strip in table.columns[1]._cells for s in strip.spans}

    whole, one = styles(None), styles(frozenset({"abu-kamal"}))
    assert one.items() <= whole.items() and one["S"] == whole["S"] == "bold reverse red"  # the store's first holder


def _strip_symbols(out: str) -> set[str]:
    """Every mark in the strips of a plain `chart control` (continuation lines of Changes have none)."""
    header, *rows = out.splitlines()
    axis = re.search(r"  (\d+)  ", header)
    assert axis is not None
    at, end = axis.start(1), axis.end(1)
    return {ch for row in rows for ch in row[at:end] if ch != " "}


@pytest.mark.parametrize("width", [60, 100, 200])
@pytest.mark.parametrize("args", [(), ("-p", "Mayadin", "-p", "Palmyra"), ("--until", "2024-12-08")])
def test_the_legend_lists_every_mark_in_the_strips(
    run: Run, monkeypatch: pytest.MonkeyPatch, width: int, args: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    r = run("chart", "control", *args)
    marks = _strip_symbols(r.out)
    legend = next(line for line in r.err.splitlines() if line.startswith("Legend: "))
    listed = dict(re.findall(r"(?:Legend: |  )([A-Z#]) ([^;]+?)(?=  [A-Z#] |;|\.)", legend))
    for mark in marks:
        if mark.isupper():
            assert mark in listed, (mark, legend)
        elif mark.islower():
            assert mark.upper() in listed and "lower case = that holder, with a change under way" in legend
        else:
            assert {"·": "· no known holder", "?": "? no known holder"}[mark] in legend
    assert set(listed) <= {m.upper() for m in marks}  # and nothing that does not show
    assert all(len(line) <= width for line in r.out.splitlines())
    assert "day" in legend and re.search(r"(One column a day|One column per \d+ days), 2024-", legend)


@pytest.mark.parametrize("width", [40, 60, 80])
@pytest.mark.parametrize(("by", "split", "measure"), [
    ("week", "side", "killed"), ("day", "actor", "killed"), ("month", "side", "injured"), ("week", "actor", "arrested"),
])
def test_casualty_chart_fits_and_keeps_period_labels_whole(
    run: Run, monkeypatch: pytest.MonkeyPatch, width: int, by: str, split: str, measure: str
) -> None:
    args = ("chart", "casualties", "--by", by, "--split", split, "--measure", measure)
    periods = {r["period"] for r in run(*args, "-f", "json").json()}
    monkeypatch.setenv("COLUMNS", str(width))
    r = run(*args)
    lines = r.out.splitlines()
    assert all(len(line) <= width for line in lines), [x for x in lines if len(x) > width]
    assert len(lines) == 1 + len(run(*args, "-f", "json").json())  # a line a bar: nothing wraps
    labels = {line[3:].split("  ")[0] for line in lines[1:] if line[3:4].strip()}
    assert "…" not in "".join(labels) and "2024-…" not in r.out
    assert len(labels) == len(periods)
    assert all(p in labels for p in periods if ".." not in p)  # a span's key is shown as its label


# --------------------------------------------------------------------------- pictures

REMOTE = re.compile(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"'<>)]*|@import|url\((?!#)", re.IGNORECASE)


@pytest.mark.parametrize("args", [("chart", "control"), ("chart", "casualties"), ("tally",), ("timeline",)])
def test_pictures_fetch_nothing_when_opened(run: Run, tmp_path: Path, args: tuple[str, ...]) -> None:
    svg, html = tmp_path / "p.svg", tmp_path / "p.html"
    assert run(*args, "--svg", str(svg), "--html", str(html)).code == 0
    for picture in (svg, html):
        text = picture.read_text(encoding="utf-8")
        found = set(REMOTE.findall(text))
        assert found <= {"http://www.w3.org/2000/svg"}, (picture.name, found)  # the namespace is a name, not fetched
        assert "@font-face" not in text and "cdnjs" not in text
    assert "'Fira Code', 'DejaVu Sans Mono'" in svg.read_text(encoding="utf-8")


@pytest.mark.parametrize(("option", "name", "message"), [
    ("--svg", "chart.png", "--svg chart.png: dezzor cannot write PNG; save --svg chart.svg and convert it with an "
                           "SVG converter (rsvg-convert, Inkscape or ImageMagick)"),
    ("--html", "chart.PNG", "--html chart.PNG: dezzor cannot write PNG; save --svg chart.svg and convert it"),
    ("--html", "chart.svg", "--html writes HTML, but chart.svg ends in .svg (for SVG use --svg); name it chart.html"),
    ("--svg", "chart.htm", "--svg writes SVG, but chart.htm ends in .htm (for HTML use --html); name it chart.svg"),
    ("--svg", "chart.txt", "--svg writes SVG, but chart.txt ends in .txt; name it chart.svg"),
])
def test_a_picture_name_must_match_its_format(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str, name: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    r = run("chart", "control", option, name, "--data", "no-such-store.json")
    assert (r.code, r.out, list(tmp_path.iterdir())) == (2, "", [])  # before the store is even read
    assert r.err.startswith(f"dezzor: error: {message}") and r.err.count("\n") == 1


@pytest.mark.parametrize(("option", "name"), [("--svg", "c.SVG"), ("--html", "c.HTM"), ("--html", "c.html"),
                                              ("--svg", "picture")])
def test_a_matching_or_missing_extension_is_fine(run: Run, tmp_path: Path, option: str, name: str) -> None:
    r = run("chart", "control", option, str(tmp_path / name))
    assert r.code == 0 and (tmp_path / name).is_file()


def test_export_acled_csv(run: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("export", "-f", "acled-csv").out)))
    assert len(rows) == 57
    row = next(r for r in rows if r["event_id_cnty"] == "2024-12-03-us-strike-deir-ez-zor-airport")
    assert (row["event_type"], row["sub_event_type"], row["fatalities"], row["time_precision"]) == (
        "Explosions/Remote violence", "Air/drone strike", "6", "1")  # 3 December: a single day
    assert (row["actor1"], row["actor2"], row["admin1"]) == ("United States Armed Forces", "Syrian Arab Army", "Deir ez-Zor Governorate")


def test_export_import_round_trip(run: Run, tmp_path: Path) -> None:
    csv_path, store_path = tmp_path / "x.csv", tmp_path / "x.json"
    assert run("export", "-f", "acled-csv", "--out", str(csv_path)).code == 0
    r = run("import", "acled", str(csv_path), "--out", str(store_path))
    assert r.code == 0 and "57 events" in r.err
    assert run("validate", str(store_path)).code == 0
    back = {e["id"]: e for e in run("timeline", "--data", str(store_path), "-f", "json").json()}
    assert len(back) == 57
    assert back["2024-12-03-us-strike-deir-ez-zor-airport"]["date"] == "2024-12-03"
    r = run("import", "acled", str(csv_path), "--out", str(store_path))
    assert r.code == 1 and "exists; use --force" in r.err


def test_import_refuses_bad_rows_unless_told(run: Run, tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(run("export", "-f", "acled-csv").out)))[:6]
    rows[3][rows[0].index("event_date")] = "sometime"  # line 4 of the file
    src = tmp_path / "bad.csv"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    src.write_text(buf.getvalue(), encoding="utf-8")
    out = tmp_path / "out.json"
    r = run("import", "acled", str(src), "--out", str(out))
    assert r.code == 1 and "line 4" in r.err and not out.exists()
    r = run("import", "acled", str(src), "--out", str(out), "--skip-bad")
    assert r.code == 0 and "skipped line 4" in r.err and out.exists()
    assert len(json.loads(out.read_text(encoding="utf-8"))["events"]) == 4


def test_export_geojson_lists_what_has_no_coordinates(run: Run) -> None:
    r = run("export", "-f", "geojson")
    doc = r.json()
    assert doc["type"] == "FeatureCollection"
    lon, lat = next(f for f in doc["features"] if f["properties"].get("id") == "2024-12-06-sdf-takes-deir-ez-zor")["geometry"]["coordinates"]
    assert (lat, lon) == (35.33588, 40.14084)
    assert "have no coordinates" in r.err and "2019-isis-insurgency-begins" in r.err
