"""Making untrusted strings safe to show.

Store strings are data.  Before they reach a terminal, a Markdown file or a
spreadsheet, control characters, escape sequences and bidirectional
overrides are replaced by visible escapes (``\\x1b``, ``\\u202e``), so they
can be seen but can never act.
"""

from __future__ import annotations

import re

# Characters that act instead of showing: DEL, C1 controls, and the invisible ones that reorder or hide text.
INVISIBLE = "\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb"
_UNSAFE = re.compile(f"[\x00-\x1f{INVISIBLE}]|[\ud800-\udfff]")  # C0 controls too: a cell is one line


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def safe(text: object) -> str:
    """``text`` with every control or invisible formatting character shown as an escape."""
    s = text if isinstance(text, str) else str(text)
    return _UNSAFE.sub(_escape, s)


_MD = re.compile(r"([\\`*_\[\]<>|])")


def markdown_cell(text: object) -> str:
    """Safe text for a Markdown table cell: nothing can close the cell, start HTML or format."""
    s = safe(text).replace("&", "&amp;")
    return _MD.sub(r"\\\1", s)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_cell(text: str) -> str:
    """OWASP's rule: a text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text
