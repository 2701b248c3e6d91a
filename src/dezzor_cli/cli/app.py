"""The Typer application and its command groups (the commands register themselves on import).

Typer adds ``--install-completion`` and ``--show-completion`` (bash, zsh, fish);
names from the store complete through :mod:`.completion`.
"""

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .. import __version__
from .completion import bash_quotes_names

SHELLS = frozenset({"bash", "zsh", "fish", "powershell", "pwsh"})  # what Typer's completion knows
COMPLETION_OPTIONS = frozenset({"--show-completion", "--install-completion"})


class Root(TyperGroup):
    """The ``dezzor`` group, whose completion options also take the shell's name.

    Typer's ``--show-completion`` and ``--install-completion`` are flags that
    ask the parent process which shell it is; ``dezzor --show-completion zsh``
    would print the script of the shell it was typed in.  Here a shell named
    after either option (or with ``=``) is the one used.  Bash's script is
    also made to quote the names it completes (see :func:`.completion.bash_quotes_names`).
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: click's Context
        for at, word in enumerate(args):
            if not word.startswith("-"):
                break  # the command: what follows is its own
            name, eq, shell = word.partition("=")
            if not eq and at + 1 < len(args):
                shell = args[at + 1]
            if name not in COMPLETION_OPTIONS or ctx.resilient_parsing:
                continue
            bash_quotes_names()
            if shell in SHELLS:
                param: Any = next(p for p in self.get_params(ctx) if name in p.opts)
                param.callback(ctx, param, shell)  # prints or installs, and exits
            if eq or (shell and not shell.startswith("-") and shell not in self.commands):
                ctx.fail(f"{name} takes bash, zsh, fish, powershell or pwsh, not {shell!r}")
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=Root,
    name="dezzor",
    help="Query the chronology of the Deir ez-Zor offensive (2024), or any store of the same shape.",
    rich_markup_mode=None,  # help text is shown literally: [brackets] survive
    pretty_exceptions_enable=False,  # no Rich tracebacks, no local variables: main() handles errors
    add_completion=True,
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
    no_pager: Annotated[bool, typer.Option(
        "--no-pager", help="Never page the output (as git --no-pager; each command also takes --no-pager).")] = False,
) -> None:
    """Query the chronology of the Deir ez-Zor offensive (2024), or any store of the same shape.

    Exit codes: 0 success (also when nothing matched), 1 bad store or file,
    2 bad usage, 3 internal error, 130 interrupted, 141 output pipe closed.
    """
    from . import output  # loaded by every command anyway

    output.paging = not no_pager  # set for every command: one process may run several (the tests do)


chart_app = group("chart", "Charts in the terminal: casualties over time, control over time.")
import_app = group("import", "Build a store from another tool's export.")
cache_app = group("cache", "A store's database (DuckDB) beside a large store, for asking one file many questions.")
