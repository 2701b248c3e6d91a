"""dezzor: a command-line chronology and query tool for armed-conflict event data.

Import cost matters (the CLI starts on every call), so this package imports
nothing heavy at module level: pydantic and Rich load only in the
commands that need them.
"""

__version__ = "0.1.0"
