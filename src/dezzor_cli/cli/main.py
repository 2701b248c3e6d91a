"""The command line's single error boundary: run the app and map every outcome to an exit code.

Errors are handled in one place, :func:`main`, which maps them to the exit
codes in :class:`~dezzor_cli.errors.ExitCode` and prints one line on stderr.
``--debug`` (anywhere on the line) re-raises instead, showing the traceback.
"""

import sys
from typing import Optional

import typer

from ..errors import DezzorError, ExitCode, OutputClosed
from . import charts, files, queries, registries  # noqa: F401  (each registers its commands on the app)
from .app import app

def _click_exceptions() -> tuple[type[BaseException], type[BaseException]]:
    try:
        from typer._click.exceptions import ClickException  # typer >= 0.26 vendors click
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click.exceptions import ClickException
    return ClickException, typer.Abort


def _error(message: str) -> None:
    from ..render.text import safe

    sys.stderr.write(f"dezzor: error: {safe(message)}\n")


def main(argv: Optional[list[str]] = None) -> None:
    """Run the CLI and exit with the documented code; the only place errors are turned into output."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args = [a for a in args if a != "--debug"]
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            pass
    ClickException, Abort = _click_exceptions()
    code: int
    try:
        result = app(args=args, prog_name="dezzor", standalone_mode=False)
        code = result if isinstance(result, int) else ExitCode.OK
    except OutputClosed:
        _silence_stdout()
        code = ExitCode.BROKEN_PIPE
    except DezzorError as exc:
        if debug:
            raise
        _error(exc.message)
        code = exc.exit_code
    except ClickException as exc:  # bad option, missing argument, bad choice
        if debug:
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare 'dezzor': the help, as a usage error
            sys.stderr.write(exc.format_message().rstrip("\n") + "\n")  # type: ignore[attr-defined]
            raise SystemExit(int(ExitCode.USAGE)) from None
        hint = ""
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            hint = f" (see '{ctx.command_path} --help')"
        _error(exc.format_message() + hint)  # type: ignore[attr-defined]
        code = ExitCode.USAGE if getattr(exc, "exit_code", 2) == 2 else ExitCode.DATA
    except (KeyboardInterrupt, Abort):
        code = ExitCode.INTERRUPTED
        sys.stderr.write("\n")
    except BrokenPipeError:
        _silence_stdout()
        code = ExitCode.BROKEN_PIPE
    except Exception as exc:  # a bug: one line, and the way to see more
        if debug:
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)")
        code = ExitCode.INTERNAL
    raise SystemExit(int(code))


def _silence_stdout() -> None:
    """After the reader has gone, point stdout at /dev/null so the interpreter's final flush is quiet."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
