"""The chart commands: casualties over time, control over time."""

from typing import TYPE_CHECKING, Annotated

import typer

from ..query.choices import Bucket, Measure, Split
from .app import chart_app
from .options import Output, filter_options, output_options
from .output import emit, load, width

if TYPE_CHECKING:
    from ..query.filters import Filters


@chart_app.command("casualties")
@output_options()
@filter_options()
def chart_casualties(
    filters: "Filters",
    by: Annotated[Bucket, typer.Option("--by", "-b", case_sensitive=False, help="Bucket by day, week or month.")]
    = Bucket.week,
    split: Annotated[Split, typer.Option("--split", case_sensitive=False, help="Split each bucket by side or actor.")]
    = Split.side,
    measure: Annotated[Measure, typer.Option(
        "--measure", "-m", case_sensitive=False, help="killed, injured or arrested.")] = Measure.killed,
    out: Output = Output(),
) -> None:
    """Casualties over time as bars per day, week or month, split by side or actor."""
    from ..query.charts import casualty_bars
    from ..query.filters import resolve, select
    from ..views.charts import casualty_chart_view

    ix = load(out.data)
    bars = casualty_bars(ix, select(ix, resolve(ix, filters)), by, split, measure)
    emit(casualty_chart_view(ix, bars, by.value, split.value, measure.value, width()), out)


@chart_app.command("control")
@output_options()
@filter_options("actor", "exact", "side", "place", "since", "until")
def chart_control(filters: "Filters", out: Output = Output()) -> None:
    """Control over time: a strip per place that changed hands, one column per day (or group of days)."""
    import dataclasses

    from ..query import dates
    from ..query.charts import control_strips, holding
    from ..query.filters import resolve
    from ..views.charts import control_chart_view

    window = dates.window(filters.since, filters.until, None)  # the chart's columns, not an event filter
    ix = load(out.data)
    c = resolve(ix, dataclasses.replace(filters, since=None, until=None))
    start = window.start if window is not None and filters.since else None
    end = window.end if window is not None and filters.until else None
    columns, strips = control_strips(ix, c.place_ids, start, end, buckets=max(10, width() - 60))
    emit(control_chart_view(ix, columns, holding(strips, c.actor_ids), width()), out)
