"""The registry commands: actors, places, kinds."""

from typing import Annotated

import typer

from ..render import Format
from .app import app
from .options import Color, ColorOpt, FormatOpt, Output, output_options
from .output import emit, load


@app.command()
@output_options()
def actors(
    tree: Annotated[bool, typer.Option(
        "--tree", "-t", help="Show the hierarchy (organisations and their units).")] = False,
    out: Output = Output(),
) -> None:
    """The actor registry: names, aliases, type, parent organisation and side."""
    from ..views.registries import actors_view

    ix = load(out.data)
    emit(actors_view(ix, tree), out)


@app.command()
@output_options()
def places(
    tree: Annotated[bool, typer.Option(
        "--tree", "-t", help="Show the hierarchy (governorates and what lies in them).")] = False,
    out: Output = Output(),
) -> None:
    """The place registry: spellings, type, parent area, coordinates and holder at the start."""
    from ..views.registries import places_view

    ix = load(out.data)
    emit(places_view(ix, tree), out)


@app.command()
def kinds(fmt: FormatOpt = Format.table, color: ColorOpt = Color.auto) -> None:
    """The event kinds --kind accepts: ACLED's sub-event types and the event type of each."""
    from ..views.registries import kinds_view

    emit(kinds_view(), Output(fmt=fmt, color=color))
