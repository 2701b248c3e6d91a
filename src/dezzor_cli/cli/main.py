"""The command line's single error boundary: run the app and map every outcome to an exit code.

Errors are handled in one place, :func:`main`, which maps them to the exit
codes in :class:`~dezzor_cli.errors.ExitCode` and prints one line on stderr.
``--debug`` (anywhere on the line) re-raises instead, showing the traceback.
"""

import contextlib
import gc
import re
import sys
from typing import Any

import typer

from ..errors import DezzorError, ExitCode, OutputClosed, reason
from . import charts, compare, files, queries, registries, sql, streams, update  # noqa: F401  (each registers its commands on the app)
from .app import app


def _error(message: str) -> None:
    from .output import say

    say(f"dezzor: error: {_clip_values(message)}")


_LONG_QUOTED = re.compile(r"""(['"])([^'"]{57})[^'"]{4,}\1""")


def _clip_values(message: str) -> str:
    """Quoted values over 60 characters cut to 57 and '...': a pasted megabyte is not echoed back."""
    return _LONG_QUOTED.sub(lambda m: f"{m.group(1)}{m.group(2)}...{m.group(1)}", message)


def _refuse_repeats(command: Any, args: list[str]) -> None:
    from ..errors import UsageError
    from .options import repeated_option

    name = repeated_option(command, args)
    if name is not None:
        raise UsageError(f"{name} is given more than once; it takes one value")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with the documented code; the only place errors are turned into output."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args = [a for a in args if a != "--debug"]
    streams.prepare()
    code: int
    try:
        from typer.main import get_command

        command = get_command(app)  # the command tree, built once (a sixtieth of a second): checked, then run
        _refuse_repeats(command, args)
        collecting = gc.isenabled()
        try:  # as app() runs it (its own wrapper only prepares pretty tracebacks, which the app turns off)
            result = command.main(args=args, prog_name="dezzor", standalone_mode=False)
        finally:  # output.load pauses the cyclic collector for the command's answer
            if collecting:
                gc.enable()
        code = result if isinstance(result, int) else ExitCode.OK
    except OutputClosed:
        _silence_stdout()
        code = ExitCode.BROKEN_PIPE
    except DezzorError as exc:
        if debug:
            raise
        _error(exc.message)
        code = exc.exit_code
    except typer.TyperException as exc:  # click's errors: bad option, missing argument, bad choice
        if debug:
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare 'dezzor': the help, as a usage error
            sys.stderr.write(exc.format_message().rstrip("\n") + "\n")
            raise SystemExit(int(ExitCode.USAGE)) from None
        hint = ""
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            hint = f" (see '{ctx.command_path} --help')"
        _error(exc.format_message() + hint)
        code = ExitCode.USAGE if exc.exit_code == 2 else ExitCode.DATA
    except (KeyboardInterrupt, typer.Abort):
        code = ExitCode.INTERRUPTED
        sys.stderr.write("\n")
    except BrokenPipeError:
        _silence_stdout()
        code = ExitCode.BROKEN_PIPE
    except Exception as exc:
        if debug:
            raise
        if isinstance(exc, OSError) and exc.errno in streams.OUTPUT_ERRNOS:  # click printing to a closed or full stdout
            _error(f"cannot write the output: {reason(exc)}")
            code = ExitCode.DATA
        else:  # a bug: one line, and the way to see more
            _error(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)")
            code = ExitCode.INTERNAL
    raise SystemExit(int(code))


def _silence_stdout() -> None:
    """After the reader has gone, point stdout at /dev/null so the interpreter's final flush is quiet."""
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
