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


_CON = duckdb.connect(":memory:")  # for the many small cases


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


def test_a_word_far_longer_than_any_id_is_compared_with_none(compared: list[str]) -> None:
    """difflib's first test is on lengths alone: no edit distance is computed for ids that fail it."""
    db = _Ids([f"ev-{i:06d}" for i in range(1_000)])
    assert suggest.close_ids_in(db, "ev-0" * 3_000) == []  # type: ignore[arg-type]
    assert compared == [] and db.asked == 0


def test_characters_beyond_those_counted_one_by_one_count_as_often_as_they_occur() -> None:
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"  # 45: the last 5 are not counted one by one
    assert _both([letters[40:] * 2], letters * 2, cutoff=0.15) == ["OPQRSOPQRS"]


def test_a_word_of_many_characters_and_a_long_one() -> None:
    word = "abcdefghijklmnopqrstuvwxyz0123456789-ABCDEFGHIJKLMNOP"  # more distinct characters than are counted
    ids = [word[:k] + word[k + 1:] for k in range(len(word))] + [word[:k] for k in range(10, len(word), 3)]
    found = _both(ids, word)
    assert len(found) == 8 and found[0] == word[1:]  # one character fewer: equal scores, the largest id first
    _both([("ab" * 120)[:k] for k in range(190, 240)], "ab" * 110)  # difflib's junk heuristic (200 or more)


_WIDE = st.text("ab-01AZé\u0301ß日 '%_", min_size=1, max_size=6)  # combining mark, CJK, quote, LIKE's wildcards


@settings(max_examples=60, deadline=None)
@given(word=st.text("ab-01AZé\u0301ß日 '%_KLMNOPQRSTUVWXYZcdefghijklmnopqrstuv", min_size=30, max_size=320),
       pieces=st.lists(st.tuples(st.integers(0, 320), st.integers(0, 320), _WIDE), max_size=30),
       cutoff=st.sampled_from([0.0, 0.2, 0.5, 0.9]))
def test_the_same_list_as_difflib_for_long_words(word: str, pieces: list[tuple[int, int, str]], cutoff: float) -> None:
    """Words of many characters (more than are counted one by one) and of 200 or more (difflib's junk heuristic),
    against ids cut from them with a few characters changed."""
    ids = sorted({(word[a:b] + extra) or extra for a, b, extra in pieces})
    _both(ids, word, cutoff, _CON)


_ID = st.text("ab-019é", min_size=1, max_size=12)  # a real id is ASCII; the bound must hold anyway


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
