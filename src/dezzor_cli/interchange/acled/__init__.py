"""ACLED's CSV layout, both ways.

Export (:func:`export_rows`, then :func:`to_csv`) writes one row per event in
the column order of an ACLED download (:data:`ACLED_COLUMNS`), following the
ACLED codebook where a store can say what a column means:

* ``event_id_cnty``, ``source``, ``source_scale`` and ``timestamp`` come from the event's citation
  when it cites an ACLED source (``record``, ``reports``, ``scale``, ``timestamp``: what the import
  kept, blank where the row had none); for any other event they are the store's event id, the
  source's title with where in it the event is cited, "Other" and :data:`TIMESTAMP` (0: a store
  has no per-event update time, and a fixed value keeps exports reproducible).
* ``event_date`` is the first day the event may have happened on (ISO
  ``YYYY-MM-DD``); ``time_precision`` is 1 for a day, 2 for a week or a range
  of at most 7 days, 3 for anything longer (a longer range, a month, a year).
* ``event_type`` and ``disorder_type`` follow from the sub-event type (the
  store's ``kind``).  ``disorder_type`` is "Political violence" for Battles,
  Explosions/Remote violence and Violence against civilians, "Demonstrations"
  for Protests and Riots, "Strategic developments" for Strategic developments,
  with the codebook's two exceptions: "Excessive force against protesters" is
  "Political violence; Demonstrations" and "Mob violence" is "Political violence".
* ``actor1`` is the first initiator; ``assoc_actor_1`` the other initiators,
  then supporters, then participants (ACLED has no separate place for them);
  ``actor2`` the first target and ``assoc_actor_2`` the other targets.  Names
  are display names; several are joined with "; " as ACLED does.  An event
  with no initiator puts its first supporter or participant in ``actor1``.
* ``inter1``/``inter2`` are ACLED's numeric actor-type codes (1 State forces ..
  8 External/Other forces, 0 for no actor); ``interaction`` is the two codes
  with the smaller first (12), or ten times the code for a lone actor (20).
* ``civilian_targeting`` is "Civilian targeting" when a target is of type Civilians.
* Geography comes from the event's *first* place: ``location`` is its name;
  ``admin1``/``admin2``/``admin3`` the place itself or its ancestors of type
  governorate (or admin1, province, state), district (admin2) and subdistrict
  (admin3); ``country`` the nearest place of type country, else the root of
  the hierarchy.  ``iso`` (760) and ``region`` ("Middle East") are filled only
  for Syria.  ``latitude``/``longitude`` come from the first place with
  coordinates walking up from the event's place; ``geo_precision`` is 1 when
  the place has its own, 2 when a parent's below governorate level are used,
  3 when the point is a governorate's, region's or country's (even the event's
  own place's: such a point stands for an area, and 3 is how ACLED marks an
  event known only at that level; the import relies on it); all three are
  blank when nothing up the hierarchy has coordinates.  Other places of the event
  are not exported (ACLED has one location per row).  A place name that ends in
  the place's own type in brackets, perhaps numbered ("Deir-ez-Zor (district)",
  "Hajin (location 2)"), is written without it: that is how the import tells apart
  places that share ACLED's name, so the cell is ACLED's name again.
* ``notes`` is the summary (blank for the import's "No notes in the ACLED row.",
  :data:`~.columns.NO_NOTES`).
* ``fatalities`` is the event's own ``fatalities`` (its minimum, for a range), else the sum
  over the casualties of the lowest killed figure (a range counts its minimum, as ACLED
  records the lowest reported number; claimed and alleged figures count too, and ``tags``
  says so).
* ``tags`` is empty unless the event or its killed figures are claimed or
  alleged: "claimed by <actor>", "alleged", "fatalities claimed by <actor>",
  "fatalities alleged".

Import (:func:`read_csv`, or :func:`import_rows` for text) reads an ACLED CSV
download of any country as a stream of rows and builds a store that
:func:`dezzor_cli.store.read.build` accepts; see its docstring.

Round trip: ACLED -> store -> ACLED gives back the same cells in every column (tags other than
certainty aside: they are kept in the event's note, not exported).  ``event_id_cnty``,
``source``, ``source_scale`` and ``timestamp`` (the citation); ``event_date``
and ``year``; ``time_precision`` (2 and 3 become spans the export codes 2 and 3
again); ``sub_event_type`` and the ``event_type`` and ``disorder_type`` derived
from it; the actor columns and ``inter1``, ``inter2``, ``interaction`` and
``civilian_targeting`` (from the actors' types); ``iso``, ``region``, ``country``,
``admin1``-``admin3`` and ``location`` (the place hierarchy); ``latitude``,
``longitude`` and ``geo_precision`` (where the point sits in it); ``notes`` (the
summary); ``fatalities`` (the event's own, and one casualty) and the certainty ``tags``.  A row whose
fatalities carry
two certainties ("fatalities claimed by A; fatalities alleged": the export writes
it for an event whose casualties differ) cannot come back, since a store gives one
figure one certainty: the import refuses it as that row's problem.  Tests check
all this on the bundled store, on bench/generate.py's stores and on hypothesis-made
ones.  For ACLED's own files the same holds except where a cell says more than a
store keeps: dates in ISO form, numbers in Python's
shortest form (35.30 -> 35.3), an actor's name as first spelt and its type as
first coded, ``civilian_targeting`` as the targets' types imply, ``iso`` and
``region`` only for Syria, and a ``geo_precision`` 2 point that other rows of its
areas contradict comes back as the place's own (1; the event's note says so).

The modules, in the order the data flows:

* :mod:`.columns`: the column layout, the codes and the vocabulary both ways share;
* :mod:`.export`: a store -> rows -> CSV text;
* :mod:`.read`: a CSV stream -> records -> rows and per-row problems (:func:`read_csv`);
* :mod:`.parse`: one CSV record -> a checked row, or what is wrong with it;
* :mod:`.build`: checked rows -> events (validated as built, then spooled), actors, places;
* :mod:`.geo`: the place hierarchy and where each row's point goes;
* :mod:`.write`: the spooled events -> the store's JSON, validated piece by piece.
"""

from __future__ import annotations

from .columns import ACLED_COLUMNS, ACLED_SECTION, REQUIRED_COLUMNS, TIMESTAMP, Cell, disorder_type
from .export import export_rows, inter_code, interaction_code, time_precision, to_csv
from .read import Imported, import_rows, read_csv

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_SECTION",
    "REQUIRED_COLUMNS",
    "TIMESTAMP",
    "Cell",
    "Imported",
    "disorder_type",
    "export_rows",
    "import_rows",
    "inter_code",
    "interaction_code",
    "read_csv",
    "time_precision",
    "to_csv",
]
