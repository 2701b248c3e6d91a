"""Shell completion of the names in a store: actors, places and sides.

Typer completes commands, options and choices itself; the ``--actor``,
``--party``, ``--place`` and ``--side`` options name :func:`names` as their
``autocompletion``.  The names come from the store the command line would
read (``--data`` if already typed, else ``$DEZZOR_DATA``, else the bundled
store), decoded for their registries only: nothing is validated, no cache is
read or written, and nothing is printed.  A store that cannot be read
completes nothing.  This module is imported with the options, so it imports
nothing but the standard library and Typer until a completion is asked for.
"""

from collections.abc import Callable
from typing import Any

import typer

REGISTRIES = ("actors", "places", "sides")


def names(*registries: str) -> Callable[[typer.Context, str], list[str]]:
    """The ``autocompletion`` for an option naming records of ``registries`` ("actors", "places", "sides")."""
    unknown = set(registries) - set(REGISTRIES)
    if unknown or not registries:
        raise ValueError(f"no registry {sorted(unknown)!r}; choose from {REGISTRIES}")

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            return candidates(store_names(ctx.params.get("data"), *registries), incomplete)
        except Exception:  # a completion never fails aloud: it offers nothing
            return []

    return complete


def candidates(known: list[str], incomplete: str) -> list[str]:
    """The names in ``known`` that begin with ``incomplete``, ignoring case, sorted.

    Each keeps what was typed and completes the rest in the store's spelling:
    names are matched without regard to case, so "syrian d" completes to
    "syrian democratic Forces" (Typer keeps only what begins with what was typed).
    """
    typed = incomplete.casefold()
    found = {incomplete + name[len(incomplete):] for name in known if name[:len(incomplete)].casefold() == typed}
    return sorted(found, key=lambda n: (n.casefold(), n))


def bash_quotes_names() -> None:
    """Let bash quote the names it inserts, as zsh and fish do.

    Typer's bash script (typer 0.28) registers ``complete -o default -F ...``,
    with which bash would insert "Syrian Democratic Forces" as three words;
    with ``-o filenames`` readline escapes it (``Syrian\\ Democratic\\ Forces``), or
    closes the quote the user opened.  The script is changed only if it is as expected.
    """
    from typer import _completion_shared as shared

    old, new = "complete -o default -F", "complete -o default -o filenames -F"
    script = shared._completion_scripts.get("bash", "")
    if old in script:
        shared._completion_scripts["bash"] = script.replace(old, new)


def store_names(data: str | None, *registries: str) -> list[str]:
    """The names (and aliases; for sides, the ids) in ``registries`` of the store ``data`` names."""
    from ..store.read import find

    path = find(data)
    if str(path) == "-" or not path.is_file():
        return []  # standard input is the user's, not the completion's
    import msgspec

    class Named(msgspec.Struct):
        id: str = ""
        name: str = ""
        aliases: list[str] = []  # msgspec copies mutable defaults

    class Registries(msgspec.Struct):
        actors: list[Named] = []
        places: list[Named] = []
        sides: list[Named] = []

    decoded: Any = msgspec.json.decode(path.read_bytes(), type=Registries)
    out: list[str] = []
    for registry in registries:
        for record in getattr(decoded, registry):
            out += [record.name, *record.aliases, *([record.id] if registry == "sides" else [])]
    return [n for n in out if n and n.isprintable()]
