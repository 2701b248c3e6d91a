"""The console script's entry point.

It answers ``--version`` without loading the CLI framework, lets a closed pipe
end the process the Unix way (SIGPIPE: the shell sees 141, nothing is
printed), and turns Ctrl-C during start-up into exit 130 without a traceback.
"""

from __future__ import annotations

import signal
import sys


def main() -> None:
    if hasattr(signal, "SIGPIPE"):
        # `dezzor ... | head`: die quietly like any Unix filter instead of each library
        # catching the broken pipe its own way (Rich and Typer would exit 1).
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        if sys.argv[1:] in (["--version"], ["-V"]):
            from . import __version__

            sys.stdout.write(f"dezzor {__version__}\n")
            sys.stdout.flush()
            raise SystemExit(0)
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        raise SystemExit(130) from None
    run()
