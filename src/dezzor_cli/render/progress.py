"""A progress bar on stderr across the phases of long work on a large file."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .text import safe

PROGRESS_FROM_BYTES = 8 * 2**20  # smaller stores load in well under a second: no progress display


@contextmanager
def progress(name: str, size: int, phases: int) -> Iterator[Callable[[str], None]]:
    """A bar across the ``phases`` of a job on ``size`` bytes, only when stderr is a terminal.

    Yields ``step(phase)``: call it as each phase begins.  Small files (under
    ``PROGRESS_FROM_BYTES``) and non-terminals get no display at all.
    """
    try:
        show = size >= PROGRESS_FROM_BYTES and sys.stderr.isatty()
    except (AttributeError, ValueError):
        show = False
    if not show:
        yield _quiet
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    label = safe(f"{name} ({size / 2**20:,.0f} MiB)")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=phases)
        started = 0

        def step(phase: str) -> None:
            nonlocal started
            bar.update(task, description=f"{phase} {label}", completed=started)
            started += 1

        yield step


def _quiet(phase: str) -> None:
    return None
