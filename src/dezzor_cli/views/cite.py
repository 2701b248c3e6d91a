"""``cite``: the citation each of a store's sources asks for, and the store's own hash and dezzor's version.

One entry per source (``meta.sources``), with the events of the selection that cite it:

* ACLED: its terms of use and attribution policy ask for a full citation with a link to ACLED's
  website, the date the data were accessed, the filters used to select them, and how they were
  changed or added to.  The entry gives the source's ``citation`` when the store has one, else
  one made of the source's title and address; the access date (``retrieved``), the file and its
  SHA-256; the filters; and the changes dezzor made (the conversion, and the updates in
  ``meta.changes``).
* UCDP: Sundberg & Melander (2013), the paper that introduces the GED, and the release
  (title and ``version``); the release's own paper only when the source's ``citation`` names it
  (its text as the store has it: dezzor invents no reference).
* An article: its title, address and retrieval date.
* Events coded by hand: the source's title and its citation or note, if any.

Nothing is made up: a field the store does not have is said to be missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .model import Lines, View

ACLED_SITE = "https://acleddata.com"
GED_PAPER = ('Sundberg, Ralph, and Erik Melander. 2013. "Introducing the UCDP Georeferenced Event Dataset." '
             "Journal of Peace Research 50(4).")
_GED_BIBTEX = ("@article{sundberg2013ged,\n  author = {Sundberg, Ralph and Melander, Erik},\n"
               "  title = {Introducing the {UCDP} Georeferenced Event Dataset},\n"
               "  journal = {Journal of Peace Research},\n  year = {2013},\n  volume = {50},\n  number = {4}\n}")


def cite_document(meta: Mapping[str, Any], counts: Mapping[str, int], *, filters: Sequence[str], store: str,
                  sha256: str, version: str) -> dict[str, Any]:
    """The data of the citation block: the store, the filters, and one entry per source cited.

    ``counts``: the selected events per source id; with filters, a source none of them cites is left out.
    """
    entries = []
    for s in meta.get("sources", []):
        n = counts.get(s["id"], 0)
        if filters and n == 0:
            continue
        entries.append(_entry(s, n, meta, filters))
    return {"store": store, "sha256": sha256, "dezzor": version, "filters": list(filters), "sources": entries}


def _entry(s: Mapping[str, Any], n: int, meta: Mapping[str, Any], filters: Sequence[str]) -> dict[str, Any]:
    kind = s.get("kind")
    keep = ("id", "kind", "title", "version", "file", "sha256", "url", "retrieved", "licence", "citation")
    entry: dict[str, Any] = {k: s.get(k) for k in keep}
    entry["events"] = n
    references: list[str] = []
    notes: list[str] = []
    if kind == "acled":
        references.append(s.get("citation") or _acled_reference(s))
        notes.append(f"Accessed: {s.get('retrieved') or 'not recorded in the store'}"
                     + (f" (file {s['file']}, SHA-256 {s['sha256']})" if s.get("file") and s.get("sha256") else ""))
        chosen = "; ".join(filters) if filters else "none (every event of the store from this source)"
        notes.append(f"Filters: {chosen}")
        updates = [c for c in meta.get("changes", []) if c.get("source") == s["id"]]
        notes.append("Changes: converted by dezzor into a store of events (one event per ACLED row, the columns "
                     "mapped as dezzor's README describes; ACLED's source and source_scale kept in each citation)"
                     + (f"; {len(updates)} update(s) from newer exports applied" if updates else ""))
        notes.append(f"ACLED is the source of these data, which are publicly available at {ACLED_SITE}.")
    elif kind == "ucdp":
        given = s.get("citation")
        if not (given and "Introducing the UCDP Georeferenced Event Dataset" in given):
            references.append(GED_PAPER)  # the store's citation does not already give it
        if given:
            references.append(given)
        notes.append(f"Release: {s.get('version') or 'not recorded in the store'}")
        if s.get("file"):
            notes.append(f"File: {s['file']}" + (f", SHA-256 {s['sha256']}" if s.get("sha256") else ""))
        if filters:
            notes.append("Filters: " + "; ".join(filters))
    elif kind == "article":
        ref = f'"{s.get("title")}".'
        ref += f" {s['url']}." if s.get("url") else " Address not recorded."
        ref += f" Retrieved {s['retrieved']}." if s.get("retrieved") else " Retrieval date not recorded."
        references.append(ref)
        if s.get("licence"):
            notes.append(f"Licence: {s['licence']}")
    else:
        references.append(s.get("citation") or f"{s.get('title')} (coded by hand).")
    entry["references"] = references
    entry["notes"] = notes
    return entry


def _acled_reference(s: Mapping[str, Any]) -> str:
    title = s.get("title") or "ACLED data"
    when = f" Accessed {s['retrieved']}." if s.get("retrieved") else ""
    return f"Armed Conflict Location & Event Data (ACLED). {title}. {s.get('url') or ACLED_SITE}.{when}"


def _store_line(doc: Mapping[str, Any]) -> str:
    return f"This store: {doc['store']}, SHA-256 {doc['sha256']}; made with dezzor {doc['dezzor']}."


def text_lines(doc: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    for e in doc["sources"]:
        lines.append(f"{e['title']} [{e['id']}, {e['kind']}, {e['events']} event{'s' if e['events'] != 1 else ''}]")
        lines += [f"  {r}" for r in e["references"]]
        lines += [f"  {n}" for n in e["notes"]]
        lines.append("")
    if doc["filters"]:
        lines.append("Filters: " + "; ".join(doc["filters"]))
    lines.append(_store_line(doc))
    return lines


def markdown_lines(doc: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    for e in doc["sources"]:
        lines.append(f"### {_md(e['title'])} (`{e['id']}`, {e['kind']}, {e['events']} "
                     f"event{'s' if e['events'] != 1 else ''})")
        lines.append("")
        lines += [f"- {_md(r)}" for r in e["references"]]
        lines += [f"- {_md(n)}" for n in e["notes"]]
        lines.append("")
    if doc["filters"]:
        lines += ["Filters: " + "; ".join(f"`{f}`" for f in doc["filters"]), ""]
    lines.append(_md(_store_line(doc)))
    return lines


def bibtex_lines(doc: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    for e in doc["sources"]:
        key = _key(e["id"])
        if e["kind"] == "ucdp":
            out += [_GED_BIBTEX, ""]
            out += _misc(f"{key}-release", [
                ("title", e["title"] or "UCDP Georeferenced Event Dataset"),
                ("author", "{Uppsala Conflict Data Program}"),
                ("version", e.get("version")), ("note", e.get("citation"))])
        elif e["kind"] == "acled":
            out += _misc(key, [
                ("title", e["title"]), ("author", "{Armed Conflict Location \\& Event Data (ACLED)}"),
                ("howpublished", f"\\url{{{e.get('url') or ACLED_SITE}}}"), ("urldate", e.get("retrieved")),
                ("note", "; ".join([*e["notes"][1:3], *([e["citation"]] if e.get("citation") else [])]))])
        elif e["kind"] == "article":
            url = f"\\url{{{e['url']}}}" if e.get("url") else None
            out += _misc(key, [("title", e["title"]), ("howpublished", url), ("urldate", e.get("retrieved"))])
        else:
            out += _misc(key, [("title", e["title"]), ("note", e.get("citation"))])
        out.append("")
    out += _misc("dezzor-store", [("title", doc["store"]),
                                  ("note", f"SHA-256 {doc['sha256']}; made with dezzor {doc['dezzor']}"
                                   + (f"; filters: {'; '.join(doc['filters'])}" if doc["filters"] else ""))])
    return out


def _misc(key: str, fields: list[tuple[str, str | None]]) -> list[str]:
    raw = ("{", "\\url")
    body = [f"  {k} = {{{v if v.startswith(raw) else _bib(v)}}}" for k, v in fields if v]
    return [f"@misc{{{key},", ",\n".join(body), "}"]


def _bib(value: str) -> str:
    """A value as BibTeX text: braces balanced away, TeX's special characters escaped."""
    out = value.replace("\\", "/").replace("{", "(").replace("}", ")")
    for ch in "&%$#_":
        out = out.replace(ch, "\\" + ch)
    return out


def _key(source_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_:" else "-" for c in source_id) or "source"


def _md(text: str) -> str:
    """Text that Markdown shows as it is (as render.text.markdown_cell does for table cells; control characters
    are escaped where the lines are printed)."""
    out = text.replace("&", "&amp;")
    for ch in "\\`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out


def cite_view(doc: Mapping[str, Any]) -> View:
    return View(body=Lines(text_lines(doc)), document=dict(doc))
