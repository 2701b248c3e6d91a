"""UCDP's Georeferenced Event Dataset (GED) CSV -> a store of schema 2 (``dezzor import ucdp``).

Reads the CSV as UCDP publishes it: the yearly releases (``GEDEvent_v25_1.csv``, with a header
row) and the monthly candidate files (``GEDEvent_v24_0_11.csv``), some of which have no header
row (how the first line is told apart: :mod:`.read`).  The release is read from a file name
of UCDP's naming or given with ``--release``; the command says which.

Each row becomes one event (the codes' meanings are the GED codebook's):

=====================================  ======================================================================
GED columns                            the store
=====================================  ======================================================================
``id``                                 event id ``ucdp-<id>``; the citation's ``record`` (the key ``update``
                                       matches on); a repeated id is a row error
``relid``                              the citation's ``relid`` (absent when blank, as in GED 19.1)
``type_of_violence``                   ``kind``: 1 "State-based conflict", 2 "Non-state conflict",
                                       3 "One-sided violence" (event type "Organised violence")
``side_a``, ``side_b`` with            one actor per UCDP actor id (``side_x_new_id``), first spelling as the
``side_x_new_id``, ``side_x_dset_id``, name (others as aliases), ``codes`` ``{"ucdp": new id, "ucdp_dset":
``gwnoa``, ``gwnob``                   dset id, "gwno": gwno}`` (each when given; gwnob is blank for a side
                                       that is not a state).  Type: a side with a gwno is "State forces";
                                       "Civilians" is "Civilians"; the non-government side of a state-based
                                       conflict is "Rebel group"; any other side "External/Other forces",
                                       noted as unknown (UCDP does not type non-state actors).  Roles: in
                                       one-sided violence side_a is initiator and side_b target; otherwise
                                       both are participants (UCDP's sides say nothing of who attacked)
``date_start``, ``date_end``,          ``date`` and ``date_end`` (UCDP's span); ``precision`` from the span's
``date_prec``                          shape: day, week (Monday-Sunday, date_prec 3), month (a calendar
                                       month, 4), year (a calendar year, 5), else range; ``date_note`` says
                                       what UCDP's date_prec 2-5 means
``where_prec``                         ``place_precision``: 1 exact, 2 near, 3 admin2, 4 admin1, 5 region,
                                       6 country, 7 sea
``country``, ``country_id``,           places country > admin1 > admin2 > the location ``where_coordinates``
``adm_1``, ``adm_2``,                  names (type "location"; "region" for where_prec 5, "sea" for 7).
``where_coordinates``, ``latitude``,   The point is the location's; for where_prec 3, 4 and 6 (a centroid)
``longitude``, ``geom_wkt``,           it is the adm_2's, adm_1's or country's own when where_coordinates
``priogrid_gid``                       names that area.  ``codes``: ``{"gwno": country_id}`` on the country,
                                       ``{"priogrid": gid}`` on the place holding the point.  geom_wkt must
                                       be the same point
``deaths_a``, ``deaths_b``,            ``casualties``: one per party whose best figure is above 0 -- side A,
``deaths_civilians``,                  side B, civilians (the "Civilians" actor), unknown (party null) --
``deaths_unknown``                     killed ``{"min": 0, "best": deaths_x, "max": high}``: UCDP gives a
                                       low and high only for the whole event, so a party's figure is known
                                       only to lie between none and the event's high (the top of the
                                       event's range, when UCDP's high is below its best or low)
``low``, ``best``, ``high``            the event's ``fatalities`` ``{"min": low, "best": best, "max": high}``
                                       (the number when all three agree), so a sum over whole events gives
                                       UCDP's low, best and high exactly; best 0 and high 5 stays that.
                                       best must be the sum of the four deaths figures, or the row is an
                                       error.  A row whose three are out of order (the codebook allows it
                                       for lower clarity) is kept: the fatalities are the range spanning
                                       all three, ``{"min": min(low, best, high), "best": best, "max":
                                       max(low, best, high)}``; UCDP's own low and high stay in the
                                       citation (``low``, ``high``, written only then), the note says so,
                                       and the parties' ranges end at that max.  Sums then give UCDP's
                                       best, not its low and high
``number_of_sources``                  the citation's ``number_of_sources`` (absent for -1: unknown)
``source_article``                     the citation's ``reports`` (its first 20,000 characters, a store's
                                       limit; the note says when it is cut: GED 25.1 has longer ones)
``conflict_new_id``,                   the event's ``note``: "UCDP conflict <id> (<name>), dyad <id> (<name>)",
``conflict_name``, ``dyad_new_id``,    then low, best and high out of order if they are, event_clarity 2
``dyad_name``, ``event_clarity``,      (lower clarity: the figures may sum several incidents), a
``code_status``,                       code_status other than "Clear", where_description and
``where_description``,                 source_original when given
``source_original``
(none: rows have no narrative)         ``summary``: made from the fields, and saying so ("State-based
                                       conflict between A and B in Hajin town (Syria): 3 killed (best
                                       estimate; low 2, high 5). Generated from UCDP's fields.")
=====================================  ======================================================================

Not kept: ``year`` (the date says it), ``active_year``, ``conflict_dset_id``, ``dyad_dset_id``,
``source_office``, ``source_date``, ``source_headline`` and ``region``.

``meta.sources`` has one source ``{"id": "ucdp", "kind": "ucdp"}`` with the release as ``version``,
the file's name and SHA-256 (of the bytes read), UCDP's download page, the licence its download
page states (CC BY 4.0), and the citation UCDP asks for: Sundberg and Melander (2013), the
yearly paper of the release where known (20.1 to 25.1: :data:`.columns.YEARLY_PAPERS`;
none is invented for others), Hegre et al. (2020) for a candidate release, and the release.

The modules, in the order the data flows: :mod:`.columns` (layout, codes, releases, citations),
:mod:`.read` (a CSV stream -> rows and problems, the first line, the store), :mod:`.parse` (one
row's cells), :mod:`.build` (a row's event, the actors), :mod:`.geo` (places and points); and
back, :mod:`.export` (a store's UCDP events -> GED rows, ``dezzor export -f ucdp``).  The
CSV streaming is :mod:`dezzor_cli.interchange.csvstream`, the batches of validated events
:mod:`dezzor_cli.interchange.batches`, both shared with the ACLED import, whose writer
(:func:`dezzor_cli.interchange.acled.write.store_chunks`) writes the store.
"""
