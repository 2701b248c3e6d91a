"""The console script's entry point.

It answers ``--version`` without loading the CLI framework, lets a closed pipe
end the process the Unix way (SIGPIPE: the shell sees 141, nothing is
printed), and turns Ctrl-C during start-up into exit 130 without a traceback.
"""

from __future__ import annotations

import os
import signal
import sys

from .errors import ExitCode


def main() -> None:
    if hasattr(signal, "SIGPIPE"):
        # `dezzor ... | head`: die quietly like any Unix filter instead of each library
        # catching the broken pipe its own way (Rich and Typer would exit 1).
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        if sys.argv[1:] in (["--version"], ["-V"]):
            _leave(_version())
        from .cli.main import main as run
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        raise SystemExit(ExitCode.INTERRUPTED) from None
    try:
        run()
    except SystemExit as exc:
        _leave(exc.code)
    _leave(0)


def _version() -> int:
    """Print the version without loading the CLI; a closed or full stdout is a one-line error, exit 1."""
    from . import __version__

    try:
        if sys.stdout is None:
            raise OSError("standard output is closed")
        sys.stdout.write(f"dezzor {__version__}\n")
        sys.stdout.flush()
    except OSError as exc:
        if sys.stderr is not None:
            reason = exc.strerror or str(exc)
            sys.stderr.write(f"dezzor: error: cannot write the output: {reason[:1].lower() + reason[1:]}\n")
        return ExitCode.DATA
    return ExitCode.OK


def _leave(code: object) -> None:
    """Flush and end the process without tearing its heap down object by object.

    A large store is millions of objects; the interpreter's orderly shutdown
    would free each one (about a second per million events) after the answer
    is already out.  Nothing is left to clean up by then: files are written
    atomically and closed, and the output streams are flushed here.
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        sys.stderr.write(f"{code}\n")
        status = ExitCode.DATA
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None when the shell closed it: `dezzor timeline >&-`
                stream.flush()
        except (OSError, ValueError):
            status = status or ExitCode.DATA
    os._exit(status)
