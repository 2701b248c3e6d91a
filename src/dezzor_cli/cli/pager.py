"""The pager: a listing taller than the terminal is shown through ``less``, as git shows its logs.

Only what a command lists goes through it (``output.emit``), never the
messages on stderr, and only when stdout is a terminal.  The pager is
``$DEZZOR_PAGER``, else ``$PAGER``, else ``less -FRX``; an empty one or
``cat`` means none (git's rule), as does ``--no-pager``.  ``LESS`` is set to
``FRX`` for it unless the user set ``LESS``.  It runs as a child reading our
text on its stdin; one that cannot be started is passed over and the text is
printed directly.  Quitting it early, or pressing Ctrl-C in it, ends the
command quietly with exit 0.  This module is imported only when a command
prints to a terminal, and the subprocess machinery only when a pager is run.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator, Mapping

DEFAULT = "less -FRX"
ENV_VARS = ("DEZZOR_PAGER", "PAGER")  # the first one set decides, even when it is empty
SHELL_CHARS = frozenset("|&;<>()$`*?[#~=%\n")  # a command with these runs through sh, as git's does
NOT_STARTED = (126, 127)  # sh: the command is not executable, or not found
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def command(env: Mapping[str, str]) -> str | None:
    """The pager ``env`` asks for: $DEZZOR_PAGER, else $PAGER, else ``less -FRX``; None for "" or ``cat``."""
    chosen = next((env[name] for name in ENV_VARS if name in env), DEFAULT).strip()
    return None if chosen in ("", "cat") else chosen


def argv(cmd: str) -> list[str]:
    """How to run ``cmd``: split into words, or through ``sh -c`` when it uses the shell's syntax."""
    if not SHELL_CHARS.intersection(cmd):
        import shlex

        with contextlib.suppress(ValueError):  # an unclosed quote: let the shell say so
            words = shlex.split(cmd)
            if words:
                return words
    return ["/bin/sh", "-c", cmd]


def child_env(env: Mapping[str, str]) -> dict[str, str]:
    """The pager's environment: ours, with LESS=FRX (and LV=-c, for lv) unless the user set them."""
    return {"LESS": "FRX", "LV": "-c", **env}


def too_tall(text: str, lines: int, columns: int) -> bool:
    """Whether ``text`` needs more than ``lines - 1`` rows of ``columns`` cells (the last row is the prompt's).

    Long lines count once per row they wrap onto (escape sequences take no room).
    """
    if lines <= 0:
        return False
    if text.count("\n") >= lines:
        return True
    rows = 0
    for line in text.splitlines():
        width = len(_SGR.sub("", line))
        rows += max(1, -(-width // columns)) if columns > 0 else 1
    return rows >= lines


def wanted(text: str) -> bool:
    """Whether ``text`` should be paged: there is a pager, stdout is a terminal, and the text does not fit on it."""
    if command(os.environ) is None:
        return False
    out = sys.stdout
    try:
        if not out.isatty():
            return False
        size = os.get_terminal_size(out.fileno())
    except (AttributeError, ValueError, OSError):
        return False
    return too_tall(text, size.lines, size.columns)


def page(text: str, utf8_bytes: bool = False) -> bool:
    """Show ``text`` through the pager, and wait for the user to leave it.

    False when there is no pager or it could not be started: the caller prints
    the text itself.  ``utf8_bytes`` sends UTF-8 whatever stdout's encoding.
    """
    cmd = command(os.environ)
    if cmd is None:
        return False
    import subprocess

    words = argv(cmd)
    encoding = "utf-8" if utf8_bytes else (getattr(sys.stdout, "encoding", None) or "utf-8")
    data = text.encode(encoding, "surrogateescape" if utf8_bytes else "backslashreplace")
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    try:
        child = subprocess.Popen(words, stdin=subprocess.PIPE, env=child_env(os.environ))  # noqa: S603 - the user's pager
    except (OSError, ValueError):  # not found, not executable: print directly
        return False
    with _ignoring_interrupts():  # Ctrl-C is the pager's (less uses it); we wait for the pager to end
        stdin = child.stdin
        if stdin is not None:
            with contextlib.suppress(OSError, ValueError):  # the user left early: the rest is not wanted
                stdin.write(data)
            with contextlib.suppress(OSError, ValueError):
                stdin.close()
        child.wait()
    return not (words[0] == "/bin/sh" and child.returncode in NOT_STARTED)


@contextlib.contextmanager
def _ignoring_interrupts() -> Iterator[None]:
    """SIGINT and SIGPIPE ignored: Ctrl-C goes to the pager, and a pager that quits is EPIPE, not death."""
    import signal

    saved = {}
    for name in ("SIGINT", "SIGPIPE"):
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError, OSError):  # not the main thread: leave it as it is
                saved[number] = signal.signal(number, signal.SIG_IGN)
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
