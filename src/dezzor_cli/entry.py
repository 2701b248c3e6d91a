"""The console script's entry point: answers ``--version`` without loading the CLI framework."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from . import __version__

        sys.stdout.write(f"dezzor {__version__}\n")
        raise SystemExit(0)
    from .cli import main as run

    run()
