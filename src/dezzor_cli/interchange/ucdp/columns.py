"""UCDP GED's column layout, its codes, its file names and the citations UCDP asks for: tables and pure functions.

The codes' meanings are those of the UCDP GED codebook (as its versions 19.1-25.1 give them),
told here in our own words.
"""

from __future__ import annotations

import re

GED_COLUMNS: list[str] = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
]  # fmt: skip  -- the 49 columns of the published CSV, in their order (a file without a header has these)

# Columns an import cannot do without, when the file has a header; the others are read when present
# (GED 19.1 has 42 columns: no relid, code_status, *_dset_id or where_description).
REQUIRED_COLUMNS: list[str] = [
    "id", "type_of_violence", "conflict_new_id", "conflict_name", "dyad_new_id", "dyad_name",
    "side_a_new_id", "side_a", "side_b_new_id", "side_b", "number_of_sources", "source_article",
    "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude", "country",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
]  # fmt: skip

SOURCE_ID = "ucdp"  # the id of the store's UCDP source (meta.sources) that every imported event cites
EVENT_TYPE = "Organised violence"  # the event type of the three kinds below

# type_of_violence -> the store's kind.
KINDS: dict[int, str] = {1: "State-based conflict", 2: "Non-state conflict", 3: "One-sided violence"}

# where_prec -> the store's place_precision.
PLACE_PRECISION: dict[int, str] = {
    1: "exact",  # the place named, with its own coordinates
    2: "near",  # within about 25 km of a known point
    3: "admin2",  # only the second-order administrative division (its centroid)
    4: "admin1",  # only the first-order administrative division (its centroid)
    5: "region",  # a linear feature or an area larger than admin1 but smaller than the country
    6: "country",  # only the country (its centroid)
    7: "sea",  # international waters or airspace
}

# date_prec -> what it says, kept in the event's date_note when it is not 1.
DATE_PREC: dict[int, str] = {
    1: "the exact day is known",
    2: "the source gives a span of two to six days",
    3: "the source gives only the week",
    4: "the source gives only a span of up to a month",
    5: "the source gives only a span longer than a month, within a year",
}

# event_clarity 2, kept in the event's note.
LOW_CLARITY = (
    "UCDP event_clarity 2: lower clarity; UCDP could not tell the single incidents of this event apart, "
    "so it may sum several"
)

# --------------------------------------------------------------------------- releases

# UCDP's file names: a yearly release GEDEvent_v25_1.csv (25.1), a monthly candidate GEDEvent_v24_0_11.csv (24.0.11).
_RELEASE_FILE = re.compile(r"GEDEvent_v([0-9]{1,3})_([0-9]{1,3})(?:_([0-9]{1,3}))?\.csv", re.IGNORECASE)
_RELEASE = re.compile(r"[0-9]{1,3}\.[0-9]{1,3}(?:\.[0-9]{1,3})?")


def release_of(file_name: str) -> str | None:
    """The release a file name of UCDP's naming says (``GEDEvent_v25_1.csv`` -> "25.1"), or None.

    Only the two forms above are read; any other name (such as the quarterly candidate
    ``GEDEvent_v23_01_23_12.csv``) says nothing, and the release must be given.
    """
    m = _RELEASE_FILE.fullmatch(file_name)
    if m is None:
        return None
    return ".".join(str(int(g)) for g in m.groups() if g is not None)


def is_release(text: str) -> bool:
    """Whether ``text`` is written as UCDP writes a release: 25.1, or 24.0.11 for a candidate month."""
    return _RELEASE.fullmatch(text) is not None


def is_candidate(release: str) -> bool:
    """A monthly candidate release (24.0.11) rather than a yearly one (25.1)."""
    return release.count(".") == 2


SUNDBERG_MELANDER = (
    "Sundberg, Ralph and Erik Melander (2013) Introducing the UCDP Georeferenced Event Dataset. "
    "Journal of Peace Research 50(4)."
)
CANDIDATE_PAPER = (
    "Hegre, Håvard, Mihai Croicu, Kristine Eck, and Stina Högbladh (2020). Introducing the UCDP Candidate "
    "Events Dataset. Research & Politics 7(3)."
)
# The paper UCDP's download page asks users of a yearly release to cite beside Sundberg and Melander, by the
# release's first number; only those found in UCDP's own words or its users' citations of them.
YEARLY_PAPERS: dict[str, str] = {
    "20": "Pettersson, Therese & Magnus Öberg (2020) Organized violence, 1989-2019. Journal of Peace Research 57(4).",
    "22": "Davies, Shawn, Therese Pettersson & Magnus Öberg (2022). Organized violence 1989-2021 and drone "
          "warfare. Journal of Peace Research 59(4).",
    # 21 and 23 as the journal lists them (IDEAS/RePEc: joupea v58 i4 p809-825, v60 i4 p691-708)
    "21": "Pettersson, Therése, Shawn Davies, Amber Deniz, Garoun Engström, Nanar Hawach, Stina Högbladh, Margareta "
          "Sollenberg & Magnus Öberg (2021). Organized violence 1989–2020, with a special emphasis on Syria. "
          "Journal of Peace Research 58(4).",
    "23": "Davies, Shawn, Therése Pettersson & Magnus Öberg (2023). Organized violence 1989–2022, and the return "
          "of conflict between states. Journal of Peace Research 60(4).",
    "24": "Davies, Shawn, Garoun Engström, Therese Pettersson & Magnus Öberg (2024). Organized violence "
          "1989-2023, and the prevalence of organized crime groups. Journal of Peace Research 61(4).",
    "25": "Davies, S., Pettersson, T., Sollenberg, M., & Öberg, M. (2025). Organized violence 1989–2024, and the "
          "challenges of identifying civilian victims. Journal of Peace Research, 62(4).",
}


def title(release: str) -> str:
    if is_candidate(release):
        return f"UCDP Candidate Events Dataset, release {release}"
    return f"UCDP Georeferenced Event Dataset (GED) Global version {release}"


def citation(release: str) -> str:
    """The citation UCDP asks for with this release: its papers, then the release (the codebook asks for it)."""
    if is_candidate(release):
        papers = [CANDIDATE_PAPER, SUNDBERG_MELANDER]
    else:
        yearly = YEARLY_PAPERS.get(release.split(".")[0])
        papers = [yearly, SUNDBERG_MELANDER] if yearly else [SUNDBERG_MELANDER]
    return " ".join([*papers, f"{title(release)}, Uppsala Conflict Data Program, Uppsala University."])
