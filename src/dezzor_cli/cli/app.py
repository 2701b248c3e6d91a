"""The Typer application and its command groups (the commands register themselves on import)."""

from typing import Annotated

import typer

from .. import __version__

app = typer.Typer(
    name="dezzor",
    help="Query the chronology of the Deir ez-Zor offensive (2024), or any store of the same shape.",
    rich_markup_mode=None,  # help text is shown literally: [brackets] survive
    pretty_exceptions_enable=False,  # no Rich tracebacks, no local variables: main() handles errors
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def group(name: str, help: str) -> typer.Typer:
    """A command group under ``dezzor NAME`` (bare, it prints its help as a usage error)."""
    sub = typer.Typer(help=help, rich_markup_mode=None, no_args_is_help=True)
    app.add_typer(sub, name=name)
    return sub


def _version(value: bool) -> None:
    if value:
        import sys

        sys.stdout.write(f"dezzor {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")] = False,
) -> None:
    """Query the chronology of the Deir ez-Zor offensive (2024), or any store of the same shape.

    Exit codes: 0 success (also when nothing matched), 1 bad store or file,
    2 bad usage, 3 internal error, 130 interrupted, 141 output pipe closed.
    """


chart_app = group("chart", "Charts in the terminal: casualties over time, control over time.")
import_app = group("import", "Build a store from another tool's export.")
cache_app = group("cache", "A validated cache beside a large store, for asking one file many questions.")
