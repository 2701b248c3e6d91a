"""'Did you mean' for an event id that is not in the store: difflib's close matches, found quickly in a database.

:func:`close_ids` is :func:`.names.close_matches` (difflib) over every id, the reference.  Over a store's
database with a million events that took 23-28 s, nearly all of it difflib comparing the id asked for
with every other.  :func:`close_ids_in` gives the same list from the database in about 1 s: DuckDB
works out, for every id, a bound that difflib's ``ratio`` cannot exceed (from the characters the two
have in common, and from their edit distance), and difflib scores the ids best bound first, only as
long as one could still be among the best.  ``tests/query/test_suggest.py`` checks that both give
the same list.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter
from collections.abc import Iterable

from ..store.types import QueryableEvents
from .names import CLOSE as N
from .names import close_matches

CUTOFF = 0.5
_COUNTED = 40  # distinct characters counted one by one in SQL; the rest are counted as if every one were shared
_PAGE = 4096  # ids asked for at first; each further page is eight times larger


def close_ids(word: str, ids: Iterable[str], cutoff: float = CUTOFF) -> list[str]:
    """The ids most like ``word``, best first, as difflib finds them (the reference)."""
    return close_matches(word, ids, cutoff)


def storable(text: str) -> bool:
    """Whether a database can hold ``text`` (and so an id can be it): not with a lone surrogate, which is what
    bytes that are not UTF-8 on the command line become."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def close_ids_in(db: QueryableEvents, word: str, cutoff: float = CUTOFF) -> list[str]:
    """What :func:`close_ids` gives for every event id in ``db``, asking difflib about as few of them as can be."""
    counts = Counter(c for c in word if storable(c)).most_common()  # no id holds the others
    counted, rest = counts[:_COUNTED], sum(k for _, k in counts[_COUNTED:])
    params: dict[str, object] = {f"c{i}": c for i, (c, _) in enumerate(counted)} | {"cutoff": cutoff}
    terms = [f"least(length(id) - length(replace(id, $c{i}, '')), {k})" for i, (_, k) in enumerate(counted)]
    shared = f"least({' + '.join(terms) or '0'} + {rest}, length(id))"
    # Twice the characters difflib can match, at most: twice those in common, and the two lengths less their edit
    # distance, counted in characters (each edit leaves a character of one or the other unmatched).
    twice = f"2 * {shared}"
    if storable(word):
        twice, params["word"] = f"least({twice}, length(id) + {len(word)} - levenshtein(id, $word))", word
    query = (f"SELECT id, {twice} AS twice FROM event_rows "
             # difflib's first test, on lengths alone (and so no edit distance for ids that fail it)
             f"WHERE (2 * least(length(id), {len(word)}))::DOUBLE / (length(id) + {len(word)}) >= $cutoff "
             f"ORDER BY twice::DOUBLE / (length(id) + {len(word)}) DESC, id LIMIT $limit OFFSET $offset")
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    found: list[tuple[float, str]] = []  # as get_close_matches collects them
    best: list[float] = []  # the N best scores so far, least first
    offset, limit = 0, _PAGE
    while True:
        rows = db.sql(query, {**params, "limit": limit, "offset": offset})
        for x, twice in rows:
            lengths = len(x) + len(word)
            bound = twice / lengths if lengths else 1.0  # as difflib's ratio is 2.0 * matches / lengths
            if bound < cutoff or (len(best) == N and bound < best[0]):
                return [x for _, x in heapq.nlargest(N, found)]  # no id from here on can be among them
            matcher.set_seq1(x)
            if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and \
                    (score := matcher.ratio()) >= cutoff:
                found.append((score, x))
                if len(best) < N:
                    heapq.heappush(best, score)
                elif score > best[0]:
                    heapq.heapreplace(best, score)
        if len(rows) < limit:
            return [x for _, x in heapq.nlargest(N, found)]
        offset, limit = offset + limit, limit * 8
