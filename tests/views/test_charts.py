"""The chart views: holder letters and colours for the whole store, legends, and layouts that fit the width."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dezzor_cli.query import charts
from dezzor_cli.query.index import Index
from dezzor_cli.store.read import LoadedStore
from dezzor_cli.views import charts as vcharts
from dezzor_cli.views.model import BarChart, StripChart

from ..conftest import minimal_store

HOLDERS = ["sdf", "syrian-government", "saa", "syrian-opposition", "fsa"]  # the store's actor order


def _index(data: dict[str, Any]) -> Index:
    from dezzor_cli.store.model import Store

    return Index(Store.model_validate(data))  # type: ignore[arg-type]


def _control(ix: Index, places: frozenset[str] | None = None, width: int | None = None,
             buckets: int = 100) -> StripChart:
    columns, strips = charts.control_strips(ix, places, None, None, buckets=buckets)
    body = vcharts.control_chart_view(ix, columns, strips, width).body
    assert isinstance(body, StripChart)
    return body


def test_holders_come_from_the_whole_store_in_its_actor_order(ix: Index) -> None:
    # initial holders (the SAA's villages) and both ends of every change, whatever a chart shows
    assert charts.holders(ix) == HOLDERS
    assert vcharts._letters(ix, HOLDERS) == {"sdf": "S", "syrian-government": "G", "saa": "A",
                                              "syrian-opposition": "O", "fsa": "F"}


def test_letters_and_colours_do_not_depend_on_what_a_chart_shows(ix: Index) -> None:
    whole = _control(ix)
    one = _control(ix, frozenset({"abu-kamal"}))
    narrow = _control(ix, width=60, buckets=10)
    for h in one.letters:
        assert one.letters[h] == whole.letters[h] == narrow.letters[h]
        assert one.colours[h] == whole.colours[h] == narrow.colours[h] == HOLDERS.index(h)
    assert set(one.names) == {"syrian-government", "sdf", "syrian-opposition"}  # only what shows is listed
    assert whole.letters["sdf"] == "S" and whole.letters["saa"] == "A"  # the SAA never takes the SDF's "S"


def test_a_letter_is_one_ascii_capital_and_the_27th_holder_gets_a_mark(ix: Index) -> None:
    data = minimal_store()
    data["actors"] = [{"id": f"a{i}", "name": f"Actor {i}", "type": "Rebel group"} for i in range(28)]
    data["actors"] += [{"id": "st", "name": "ﬆ", "short": "ﬆ", "type": "Rebel group"}]  # upper case: "ST"
    data["places"][2]["initial_holder"] = "a0"
    data["events"][0]["actors"] = [{"actor": "a1", "role": "initiator"}]
    data["events"][0]["casualties"] = []
    data["events"][0]["control_changes"] = [
        {"place": "town", "from": f"a{i}", "to": f"a{i + 1}"} for i in range(27)] + [
        {"place": "town", "from": "a27", "to": "st"}]
    small = _index(data)
    letters = vcharts._letters(small, charts.holders(small))
    assert sorted(v for v in letters.values() if v != "#") == list(vcharts.LETTERS)
    assert list(letters.values()).count("#") == 3 and letters["st"] == "#"


def _changing_store() -> dict[str, Any]:
    """Old Town: Bravo leaves on 2 December; Alpha takes it over 4-8 December."""
    data = minimal_store()
    event = data["events"][0]
    data["events"] = [
        dict(event, id="e1", date="2024-12-02", control_changes=[{"place": "town", "from": "bravo", "to": None}]),
        dict(event, id="e2", date="2024-12-04", date_end="2024-12-08", precision="range",
             control_changes=[{"place": "town", "from": None, "to": "alpha"}]),
    ]
    return data


def test_the_legend_explains_every_mark_that_shows() -> None:
    small = _index(_changing_store())
    view = vcharts.control_chart_view(small, *charts.control_strips(small, None, None, None, buckets=100))
    assert isinstance(view.body, StripChart)
    strip = view.records[0]["strip"]
    assert strip == "B··????AA"  # no known holder from 2 December, a change under way 4-7 December
    assert view.caption is not None
    assert view.caption.startswith("Legend: A Alpha Front  B Bravo Army; · no known holder; "
                                   "? no known holder, with a change under way at the end of the column.")
    assert "lower case" not in view.caption  # no holder's change is under way in this strip
    assert view.body.table.rows == [["Old Town", "B··????AA", "2024-12-02 -> ·; 2024-12-04..12-08 -> Alpha Front"]]


def test_the_legend_says_which_days_each_column_covers(ix: Index) -> None:
    columns, strips = charts.control_strips(ix, None, None, None, buckets=10)
    assert [(b - a).days for a, b in columns] == [1] * 6  # every column 2 days; the last ends the day after
    assert columns[0] == (dt.date(2024, 12, 1), dt.date(2024, 12, 2))  # the last change, so the first
    assert columns[-1] == (dt.date(2024, 12, 11), dt.date(2024, 12, 12))  # begins a day early
    view = vcharts.control_chart_view(ix, columns, strips, 60)
    assert view.caption is not None and view.caption.endswith(
        "One column per 2 days, 2024-12-01 to 2024-12-12: the first covers 2024-12-01..12-02, the last "
        "2024-12-11..12-12; each shows the holder at the end of its last day, whose last digit heads the column.")
    assert isinstance(view.body, StripChart) and view.body.axis == "246802"
    daily = vcharts.control_chart_view(ix, *charts.control_strips(ix, None, None, None, buckets=100))
    assert daily.caption is not None and daily.caption.endswith(
        "One column a day, 2024-12-02 to 2024-12-12; each shows the holder at the end of its day, "
        "whose last digit heads the column.")


def test_columns_are_equal_and_end_on_the_last_day_asked_for(ix: Index) -> None:
    for buckets in (3, 4, 7, 10):
        columns, _ = charts.control_strips(ix, None, dt.date(2024, 12, 1), dt.date(2024, 12, 31), buckets)
        lengths = {(b - a).days + 1 for a, b in columns}
        assert len(lengths) == 1 and len(columns) <= buckets, buckets
        assert columns[-1][1] == dt.date(2024, 12, 31) and columns[0][0] <= dt.date(2024, 12, 1) <= columns[0][1]


@pytest.mark.parametrize(("width", "deir", "level"), [
    (None, ["2024-12-06 -> SDF; 2024-12-07..12-11 -> Opposition"], 0),
    (100, ["2024-12-06 -> SDF; 2024-12-07..12-11 -> Opposition"], 0),
    (80, ["12-06 -> SDF; 12-07..12-11 -> Opposition"], 1),  # the year is the span's
    (60, ["12-06 -> S; 12-07..11 -> O"], 3),  # letters, a span within a month to its day
    (40, ["12-06 -> S", "12-07..11 -> O"], 3),  # a change a line: still whole
])
def test_changes_shorten_by_priority_to_fit(ix: Index, width: int | None, deir: list[str], level: int) -> None:
    buckets = 100 if width is None else max(10, width - 60)
    chart = _control(ix, width=width, buckets=buckets)
    rows = {r.place: r for r in chart.rows}
    assert rows["Deir ez-Zor"].changes == deir
    if width is not None:
        place_w = max(len(r.place) for r in chart.rows)
        assert all(place_w + len(chart.axis) + 4 + len(line) <= width for r in chart.rows for line in r.changes)
    if level >= 2:  # the letters in Changes are in the legend too
        assert {"S", "O", "G"} <= {chart.letters[h] for h in chart.names}


def test_a_long_place_name_is_cut_last_and_the_strip_never() -> None:
    data = _changing_store()
    data["places"][2]["name"] = "The Old Town of a Very Long Name Indeed, by the River"
    small = _index(data)
    chart = _control(small, width=40, buckets=10)
    (row,) = chart.rows
    assert row.place.endswith("…") and len(row.place) + 2 + len(chart.axis) + 2 + len(row.changes[0]) <= 40
    assert len(chart.axis) == len(row.cells) == 9


# --------------------------------------------------------------------------- casualties


def _bars(ix: Index, width: int, split: str = "side", by: str = "week", since: str | None = None) -> BarChart:
    from dezzor_cli.query import filters

    events = filters.select(ix, filters.resolve(ix, filters.Filters(since=since)))
    view = vcharts.casualty_chart_view(ix, charts.casualty_bars(ix, events, by, split, "killed"), by, split,
                                       "killed", width)
    assert isinstance(view.body, BarChart)
    return view.body


@pytest.mark.parametrize(("width", "names"), [
    (120, {"Syrian Democratic Forces and supporters", "Syrian Arab Republic and allies", "Islamic State",
           "(no side)"}),
    (60, {"SDF", "Government", "IS", "(no side)"}),  # the leading actor's short name
    (40, {"SDF", "Government", "IS", "(no side)"}),
])
def test_side_names_shorten_and_period_labels_stay_whole(ix: Index, width: int, names: set[str]) -> None:
    chart = _bars(ix, width)
    assert {b.group for b in chart.bars} == names
    assert [b.label for b in chart.bars if b.label] == ["2024-W46", "2024-W47", "2024-W48", "2024-W49", "2024-W51"]
    widest = 1 + 8 + max(len(b.group) for b in chart.bars) + len("Killed") + 4 * 2
    assert all(widest + b.full + b.part + b.open <= width for b in chart.bars)


def test_a_shortened_name_is_explained(ix: Index) -> None:
    from dezzor_cli.query import filters

    events = filters.select(ix, filters.resolve(ix, filters.Filters()))
    view = vcharts.casualty_chart_view(ix, charts.casualty_bars(ix, events, "week", "side", "killed"),
                                       "week", "side", "killed", 60)
    assert view.caption is not None and view.caption.endswith(
        ". Shortened: SDF = Syrian Democratic Forces and supporters, Government = Syrian Arab Republic and allies, "
        "IS = Islamic State")


def test_names_are_cut_with_an_ellipsis_as_a_last_resort(ix: Index, bundled: LoadedStore) -> None:
    chart = _bars(ix, 40, split="actor", by="day")
    assert any(b.group.endswith("…") for b in chart.bars)
    assert all(len(b.group) <= 12 for b in chart.bars)


def test_group_colours_are_the_stores_whatever_the_filter(ix: Index) -> None:
    sides = [s.id for s in ix.store.sides]
    everything = _bars(ix, 100)
    december = _bars(ix, 100, since="2024-12-05")
    colour = {b.group: b.colour for b in everything.bars}
    assert {b.group: b.colour for b in december.bars}.items() <= colour.items()
    assert colour["Syrian Democratic Forces and supporters"] == sides.index("sdf")
    assert colour["(no side)"] == len(sides)
    by_actor = {b.group: b.colour for b in _bars(ix, 100, split="actor").bars}
    # by actor: the actors some casualty figure names, in the store's order, so colours repeat late
    assert by_actor == {"SDF": 0, "Self-Defense Forces": 1, "Asayish": 2, "SAA": 3, "Pro-Iran militias": 4, "IRGC": 5,
                        "IS": 6, "Civilians": 7}
    assert charts.groups(ix, "actor")[-2:] == ["civilians", None]  # no party stated: last


def test_cells_and_clip() -> None:
    assert vcharts.cells("中国") == 4 and vcharts.cells("é") == 1 and vcharts.cells("e\u0301") == 1
    assert vcharts.clip("Syrian Democratic Forces", 10) == "Syrian De…"
    assert vcharts.clip("Syrian Democratic Forces", 8) == "Syrian…"
    assert vcharts.clip("中国军队", 5) == "中国…" and vcharts.clip("SDF", 3) == "SDF"


def test_the_changes_column_is_left_out_only_where_it_has_no_room(ix: Index) -> None:
    chart = _control(ix, width=24, buckets=100)  # narrower than any terminal dezzor lays out for
    assert not chart.show_changes and all(r.changes == [] for r in chart.rows)
    assert "the changes are left out at this width" in chart.legend_tail
    assert len(chart.axis) == 11 and all(len(r.place) <= 9 for r in chart.rows)
