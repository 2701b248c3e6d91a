"""Options declared once and handed to commands as one argument each.

Typer reads a command's options from its signature.  :func:`option_group`
writes that signature: the command's own parameters, then the group's
options; when the command runs, the group's values are taken out and built
into one object (a :class:`~dezzor_cli.query.filters.Filters`, an
:class:`Output`).  Every command that filters or prints thus spells and
documents the shared options alike.  Nothing here evaluates a string: the
command modules do not use postponed annotations, so Typer sees real types.
"""

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import UsageError
from ..render import Format
from ..store.vocab import Precision
from . import completion

if TYPE_CHECKING:
    from ..query.filters import Filters

Command = Callable[..., None]
Spec = dict[str, tuple[Any, Any]]  # parameter name -> (annotation, default)

DataOpt = Annotated[
    str | None,
    typer.Option("--data", "-d", metavar="PATH",
                 help="Store to read (default: $DEZZOR_DATA, else the bundled Deir ez-Zor store)."),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", case_sensitive=False,
                         help="Output format: table, json, jsonl, csv or markdown.")
]


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


ColorOpt = Annotated[Color, typer.Option(
    "--color", case_sensitive=False,
    help="Colour: auto (at a terminal, unless NO_COLOR; FORCE_COLOR forces it), always or never. Tables only.")]
PagerOpt = Annotated[bool, typer.Option(
    "--no-pager", help="Never page the output ($DEZZOR_PAGER, $PAGER or less -FRX at a terminal).")]
RawOpt = Annotated[bool, typer.Option(
    "--raw", help="CSV: do not neutralise cells a spreadsheet would run as formulas.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing --svg, --html or --out file.")]
SvgOpt = Annotated[str | None, typer.Option(
    "--svg", metavar="FILE", help="Also save the table view as an SVG picture.")]
HtmlOpt = Annotated[str | None, typer.Option(
    "--html", metavar="FILE", help="Also save the table view as an HTML page.")]

FILTERS: Spec = {
    "actor": (Annotated[list[str] | None, typer.Option(
        "--actor", "-a", metavar="NAME", autocompletion=completion.names("actors"),
        help="Events involving this actor or its units (any alias; repeatable).")], None),
    "exact": (Annotated[bool, typer.Option("--exact", help="--actor matches the actor itself, not its units.")], False),
    "side": (Annotated[list[str] | None, typer.Option(
        "--side", metavar="SIDE", autocompletion=completion.names("sides", "actors"),
        help="Events involving anyone on this side, named by the side or any of its members (repeatable); "
             "in tally, whose casualties to count.")], None),
    "involving": (Annotated[list[str] | None, typer.Option(
        "--involving", metavar="NAME", autocompletion=completion.names("actors", "sides"),
        help="Events this actor (with its units unless --exact) or side took part in (repeatable); "
             "tally counts every casualty in them.")], None),
    "place": (Annotated[list[str] | None, typer.Option(
        "--place", "-p", metavar="NAME", autocompletion=completion.names("places"),
        help="Events at this place or anywhere inside it (any spelling; repeatable).")], None),
    "since": (Annotated[str | None, typer.Option(
        "--since", metavar="DATE", help="From this date on ('3 Dec 2024', 2024-12, 2024).")], None),
    "until": (Annotated[str | None, typer.Option(
        "--until", metavar="DATE", help="Up to this date; a month or year means its last day.")], None),
    "on": (Annotated[str | None, typer.Option("--on", metavar="DATE", help="On this day (or month, or year).")], None),
    "within": (Annotated[bool, typer.Option(
        "--within", help="Only events whose whole date span lies inside the date range (not those only partly in).")],
        False),
    "precision": (Annotated[list[Precision] | None, typer.Option(
        "--precision", metavar="PRECISION", case_sensitive=False,
        help="Only events dated to a day, range, week, month or year (repeatable: --precision day "
             "--precision week).")], None),
    "kind": (Annotated[list[str] | None, typer.Option(
        "--kind", "-k", metavar="KIND", help="ACLED sub-event or event type (repeatable); see 'dezzor kinds'.")], None),
    "search": (Annotated[str | None, typer.Option(
        "--search", "-s", metavar="TEXT", help="Text in the summary, actor or place names.")], None),
}


def option_group(argname: str, spec: Spec, build: Callable[[dict[str, Any]], Any]) -> Callable[[Command], Command]:
    """Give a command the options in ``spec`` as one argument, ``argname``, made by ``build``."""

    def decorate(fn: Command) -> Command:
        own = [p for p in inspect.signature(fn).parameters.values() if p.name != argname]
        clash = {p.name for p in own} & set(spec)
        if clash:
            raise TypeError(f"{fn.__name__} declares {sorted(clash)} itself and through the group")
        added = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
            for name, (annotation, default) in spec.items()
        ]

        @functools.wraps(fn)
        def command(**kwargs: Any) -> None:
            fn(**{argname: build({name: kwargs.pop(name) for name in spec})}, **kwargs)

        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in (*own, *added)]
        command.__dict__["__signature__"] = inspect.Signature(params)  # what inspect.signature reports
        command.__annotations__ = {p.name: p.annotation for p in params}  # what Typer's type hints read
        del command.__wrapped__  # Typer must see this signature, not fn's
        return command

    return decorate


def build_filters(given: dict[str, Any]) -> "Filters":
    from ..query.filters import Filters  # here, not at import: --help need not load the query layer

    return Filters(
        actors=tuple(given.get("actor") or ()), exact=bool(given.get("exact")),
        sides=tuple(given.get("side") or ()), places=tuple(given.get("place") or ()),
        since=given.get("since"), until=given.get("until"), on=given.get("on"),
        kinds=tuple(given.get("kind") or ()), search=given.get("search"),
        involving=tuple(given.get("involving") or ()), within=bool(given.get("within")),
        precisions=tuple(p.value for p in given.get("precision") or ()),
    )


def filter_options(*names: str, **overrides: Any) -> Callable[[Command], Command]:
    """The shared filter options (all of them, or ``names``) as one ``filters`` argument.

    ``overrides`` replaces an option's declaration where a command reads it differently.
    """
    spec = {n: (overrides.get(n, FILTERS[n][0]), FILTERS[n][1]) for n in names or FILTERS}
    return option_group("filters", spec, build_filters)


@dataclass(frozen=True)
class Output:
    """Where and how a command's view goes: the format, colour, paging, CSV rawness, pictures, and the store to read."""

    fmt: Format = Format.table
    color: Color = Color.auto
    no_pager: bool = False
    raw: bool = False
    svg: str | None = None
    html: str | None = None
    force: bool = False
    data: str | None = None


def output_options(*, raw: bool = True, pictures: bool = True, data: bool = True) -> Callable[[Command], Command]:
    """The shared output options (--format, --color, --no-pager, --raw, --svg, --html, --force, --data) as ``out``.

    ``data=False`` leaves out --data, for a command that names its stores as arguments (diff, compare).
    """
    spec: Spec = {"fmt": (FormatOpt, Format.table), "color": (ColorOpt, Color.auto), "no_pager": (PagerOpt, False)}
    if raw:
        spec["raw"] = (RawOpt, False)
    if pictures:
        spec.update(svg=(SvgOpt, None), html=(HtmlOpt, None), force=(ForceOpt, False))
    if data:
        spec["data"] = (DataOpt, None)
    return option_group("out", spec, checked_output)


def checked_output(given: dict[str, Any]) -> Output:
    """The Output asked for, once every file it names can be written: checked before any work is done."""
    out = Output(**given)
    if out.svg or out.html:
        from ..render.snapshot import check_name  # the extension names the format: .svg, .html or .htm

        for option, name in (("--svg", out.svg), ("--html", out.html)):
            if name:
                check_name(option, name)
    pictures = [p for p in (out.svg, out.html) if p]
    if len(pictures) == 2 and _same_file(*pictures):
        raise UsageError("--svg and --html name the same file; give each its own")
    if pictures:
        from ..atomic import check

        for path in pictures:
            check(path, force=out.force)
    return out


def _same_file(a: str, b: str) -> bool:
    import os

    return os.path.realpath(a) == os.path.realpath(b)


def repeated_option(command: Any, args: list[str]) -> str | None:
    """The first option in ``args`` that takes one value and is given more than once, if any.

    Click keeps the last of ``--since 2024 --since 2023`` without a word; a
    researcher who pasted two dates meant something else.  ``command`` is the
    click command tree; options that are repeatable (``--actor``) or flags are
    not counted, and an option's value is never read as an option.
    """
    at = 0
    while hasattr(command, "commands"):  # down the groups to the command that will run
        while at < len(args) and args[at].startswith("-"):
            at += 1
        if at >= len(args) or args[at] not in command.commands:
            return None
        command = command.commands[args[at]]
        at += 1
    takes_value: dict[str, bool] = {}
    single: dict[str, str] = {}
    for param in getattr(command, "params", ()):
        if getattr(param, "param_type_name", "") != "option":
            continue
        names = [*param.opts, *param.secondary_opts]
        for name in names:
            takes_value[name] = not param.is_flag
            if not param.multiple and not param.is_flag:
                single[name] = max(param.opts, key=len)
    seen: set[str] = set()
    words = iter(args[at:])
    for word in words:
        if word == "--":
            break
        name = word.split("=", 1)[0] if word.startswith("--") else word[:2]
        if name not in takes_value:
            continue
        if name in single:
            if single[name] in seen:
                return single[name]
            seen.add(single[name])
        if takes_value[name] and word == name:
            next(words, None)  # the option's value, whatever it looks like
    return None
