"""Step 7, the shell around the library: options in, one view out, errors mapped to exit codes.

* :mod:`.app`: the Typer application and its groups;
* :mod:`.options`: the option groups shared by commands (filters, output);
* :mod:`.output`: loading with progress, and emitting a view;
* :mod:`.queries`, :mod:`.registries`, :mod:`.charts`, :mod:`.files`: the commands;
* :mod:`.main`: the one error boundary.
"""

from .app import app
from .main import main

__all__ = ["app", "main"]
