"""'Did you mean' for an unknown event id: the database's way (query/suggest.py) gives difflib's list."""

from __future__ import annotations

import difflib
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dezzor_cli.query import suggest


class _Ids:
    """Event ids in a database table, as a store's database offers them (only ``sql`` is used)."""

    def __init__(self, ids: list[str], con: duckdb.DuckDBPyConnection | None = None) -> None:
        self.con = con or duckdb.connect(":memory:")
        self.con.execute("CREATE OR REPLACE TABLE event_rows AS SELECT unnest($ids::VARCHAR[]) AS id", {"ids": ids})
        self.asked = 0

    def sql(self, query: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        rows = self.con.execute(query, params or {}).fetchall()
        self.asked += len(rows)
        return rows


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids difflib computed a ratio for."""
    seen: list[str] = []
    real = difflib.SequenceMatcher.ratio

    def ratio(self: difflib.SequenceMatcher[str]) -> float:
        seen.append(str(self.a))
        return real(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", ratio)
    return seen


def _both(ids: list[str], word: str, cutoff: float = suggest.CUTOFF,
          con: duckdb.DuckDBPyConnection | None = None) -> list[str]:
    fast = suggest.close_ids_in(_Ids(ids, con), word, cutoff)  # type: ignore[arg-type]
    assert fast == suggest.close_ids(word, ids, cutoff) == difflib.get_close_matches(word, ids, 8, cutoff)
    return fast


def test_many_ids_are_not_all_compared(compared: list[str]) -> None:
    """50,000 ids of one pattern: the best are found by comparing a few of them, and reading a few more."""
    ids = [f"ev-{i:06d}" for i in range(50_000)]
    db = _Ids(ids)
    found = suggest.close_ids_in(db, "ev-00123")  # type: ignore[arg-type]
    assert len(compared) < 1_000 and db.asked < 5_000, (len(compared), db.asked)
    assert found == difflib.get_close_matches("ev-00123", ids, 8, 0.5)
    assert found[:4] == ["ev-040123", "ev-030123", "ev-020123", "ev-010123"]


@pytest.mark.parametrize(("ids", "word", "expected"), [
    (["2024-12-07-fsa-captures-palmyra", "2024-12-07-fsa-captures-homs", "other"], "2024-12-07-fsa-captures-palmyr",
     ["2024-12-07-fsa-captures-palmyra", "2024-12-07-fsa-captures-homs"]),
    (["abc", "abd", "abe", "xyz"], "ab", ["abe", "abd", "abc"]),  # equal scores: the larger id first, as difflib
    (["abc"], "", []),
    ([], "abc", []),
    (["a-b"], "a'b", ["a-b"]),  # a quote in the word is a parameter, not SQL
    (["tel-abyad", "tal-abyad"], "Tell Abyad é", ["tel-abyad"]),
])
def test_cases(ids: list[str], word: str, expected: list[str]) -> None:
    assert _both(ids, word) == expected


def test_a_word_of_many_characters_and_a_long_one() -> None:
    word = "abcdefghijklmnopqrstuvwxyz0123456789-ABCDEFGHIJKLMNOP"  # more distinct characters than are counted
    ids = [word[:k] + word[k + 1:] for k in range(len(word))] + [word[:k] for k in range(10, len(word), 3)]
    found = _both(ids, word)
    assert len(found) == 8 and found[0] == word[1:]  # one character fewer: equal scores, the largest id first
    _both([("ab" * 120)[:k] for k in range(190, 240)], "ab" * 110)  # difflib's junk heuristic (200 or more)


_ID = st.text("ab-019é", min_size=1, max_size=12)  # a real id is ASCII; the bound must hold anyway
_CON = duckdb.connect(":memory:")


@settings(max_examples=150, deadline=None)
@given(ids=st.lists(_ID, unique=True, max_size=80), word=st.text("ab-019cé' ", max_size=14),
       cutoff=st.sampled_from([0.0, 0.3, 0.5, 0.8, 1.0]), page=st.sampled_from([1, 3, 4096]))
def test_the_same_list_as_difflib(ids: list[str], word: str, cutoff: float, page: int) -> None:
    old = suggest._PAGE
    suggest._PAGE = page  # pages of 1, 8, 64 ... ids too
    try:
        _both(ids, word, cutoff, _CON)
    finally:
        suggest._PAGE = old
