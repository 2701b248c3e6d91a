#!/usr/bin/env python3
"""Write a valid synthetic dezzor store for benchmarks.

    python bench/generate.py --events N --seed S --out FILE

The store has the shape of ``data/events.json`` and passes ``dezzor validate``:
about 55 actors (organisations and their units, on five sides), about 500 places
(Syria > 14 governorates > 65 districts > towns, villages and sites) and N events
between 2015 and 2024, with ACLED sub-event kinds in realistic proportions,
casualties, claims, date spans of every precision, and control changes that are
consistent with the places' holders in the order the validator checks them.

The same N and seed always give a byte-identical file (whatever PYTHONHASHSEED
is).  Only the standard library is used.  Actors, places and the order of the
events' dates are settled first; the events are then streamed to the file in
chunks of 10,000, one compact JSON object per line, so memory stays under
100 MB even for a million events (about 560 MB of JSON).  ``reported_totals``
comes after ``events`` because its figures are derived from the events' sums.
The file is written to a temporary file next to FILE, fsynced, and moved into
place with os.replace only when complete.
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
import unicodedata

# --------------------------------------------------------------------------- helpers


def normalise(name: str) -> str:
    """The key names are compared by (a copy of dezzor_cli.names.normalise)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch)).casefold()


def slug(name: str) -> str:
    """An id for a name: ASCII letters and digits joined by single hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    out, dash = [], False
    for ch in ascii_name:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif out and not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


class Names:
    """Normalised names already taken within one kind of record (sides, actors or places)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.owner: dict[str, str] = {}

    def free(self, name: str, rid: str) -> bool:
        key = normalise(name)
        return bool(key) and self.owner.get(key, rid) == rid

    def claim(self, name: str, rid: str) -> None:
        if not self.free(name, rid):
            raise SystemExit(f"generate.py: bug: {self.what} name {name!r} of {rid!r} is already taken")
        self.owner[normalise(name)] = rid


def lookup_table(weights: dict, size: int) -> list:
    """A list of ``size`` entries in which each key appears in proportion to its weight.

    ``table[int(random() * size)]`` is a weighted choice at the cost of one
    random() call.  Rounding is distributed so every key with weight > 0 appears.
    """
    total = sum(weights.values())
    table: list = []
    acc = 0.0
    for key, w in weights.items():
        acc += w
        upto = max(len(table) + 1, round(acc / total * size)) if w > 0 else len(table)
        table.extend([key] * (upto - len(table)))
    return table[:size] if len(table) >= size else table + [table[-1]] * (size - len(table))


# --------------------------------------------------------------------------- sides and actors

SIDES = [
    # id, name, infobox column, supporters [(actor, until, note)], note
    ("government", "Syrian Arab Republic and allies", 1,
     [("russia", None, None), ("irgc", None, None),
      ("hezbollah", "2024-12-08", "Listed until the fall of the government in December 2024.")], None),
    ("opposition", "Syrian opposition", 2, [("turkey", None, None)], None),
    ("jihadists", "Tahrir al-Sham and allied jihadist groups", 3, [], None),
    ("sdf-and-allies", "Syrian Democratic Forces and allies", 4, [("cjtf-oir", None, None)], None),
    ("islamic-state", "Islamic State", 5, [],
     "Fights every other side; listed in its own infobox column."),
]

# id, name, short, aliases, ACLED type, parent, side, noun for its members, note
S, R, PM, IM, RI, PR, CI, EX = (
    "State forces", "Rebel group", "Political militia", "Identity militia",
    "Rioters", "Protesters", "Civilians", "External/Other forces",
)
ACTORS = [
    ("syrian-government", "Syrian Arab Republic", "Government", ["Syrian government", "Assad government", "the regime"], S, None, "government", "soldiers", None),
    ("saa", "Syrian Arab Army", "SAA", ["SAA", "Syrian Army", "government forces"], S, "syrian-government", None, "soldiers", None),
    ("saa-4th-division", "4th Armoured Division", "4th Division", ["Fourth Division", "4th Mechanised Division"], S, "saa", None, "soldiers", None),
    ("saa-25th-division", "25th Special Mission Forces Division", "25th Division", ["Tiger Forces", "Tiger Division", "25th SMF Division"], S, "saa", None, "soldiers", None),
    ("republican-guard", "Republican Guard", None, ["Syrian Republican Guard"], S, "saa", None, "soldiers", None),
    ("syaaf", "Syrian Arab Air Force", "SyAAF", ["SyAAF", "Syrian Air Force"], S, "syrian-government", None, "airmen", None),
    ("ndf", "National Defence Forces", "NDF", ["NDF", "National Defense Forces"], PM, "syrian-government", None, "militiamen", None),
    ("military-intelligence", "Military Intelligence Directorate", None, ["Syrian Military Intelligence", "Shu'bat al-Mukhabarat al-Askariya"], S, "syrian-government", None, "officers", None),
    ("russia", "Russian Armed Forces", "Russia", ["Russian forces", "Russian military"], EX, None, "government", "soldiers", None),
    ("vks", "Russian Aerospace Forces", "VKS", ["VKS", "Russian Air Force"], EX, "russia", None, "airmen", None),
    ("wagner", "Wagner Group", "Wagner", ["PMC Wagner", "Wagner contractors"], EX, "russia", None, "contractors", "A private military company working with the Russian forces."),
    ("irgc", "Islamic Revolutionary Guard Corps", "IRGC", ["IRGC", "Iranian Revolutionary Guards"], EX, None, "government", "guardsmen", None),
    ("quds-force", "Quds Force", None, ["IRGC-QF", "IRGC Quds Force"], EX, "irgc", None, "officers", None),
    ("fatemiyoun", "Liwa Fatemiyoun", "Fatemiyoun", ["Fatemiyoun Brigade", "Fatemiyoun Division"], IM, "irgc", None, "fighters", None),
    ("baqir-brigade", "Liwa al-Baqir", "Al-Baqir", ["Al-Baqir Brigade", "Baqir Brigade"], IM, "irgc", None, "fighters", None),
    ("hezbollah", "Hezbollah", None, ["Hizballah", "Hizbullah", "Lebanese Hezbollah"], EX, None, "government", "fighters", None),
    ("fsa", "Free Syrian Army", "FSA", ["FSA", "al-Jaysh al-Suri al-Hurr"], R, None, "opposition", "fighters", None),
    ("southern-front", "Southern Front", None, ["Al-Jabha al-Janubiya", "Southern Front of the FSA"], R, "fsa", None, "fighters", None),
    ("maghawir-al-thawra", "Maghawir al-Thawra", "MaT", ["Revolutionary Commando Army", "Jaysh Maghawir al-Thawra"], R, "fsa", None, "fighters", None),
    ("sna", "Syrian National Army", "SNA", ["SNA", "Turkish-backed Syrian National Army", "TFSA"], R, None, "opposition", "fighters", None),
    ("sultan-murad-division", "Sultan Murad Division", "Sultan Murad", ["Firqat al-Sultan Murad"], R, "sna", None, "fighters", None),
    ("hamza-division", "Hamza Division", "Hamza", ["Firqat al-Hamza", "al-Hamzat"], R, "sna", None, "fighters", None),
    ("jaysh-al-islam", "Jaysh al-Islam", "JaI", ["Army of Islam", "JaI"], R, "sna", None, "fighters", None),
    ("ahrar-al-sham", "Ahrar al-Sham", None, ["Harakat Ahrar al-Sham al-Islamiyya", "Ahrar"], R, None, "opposition", "fighters", None),
    ("turkey", "Turkish Armed Forces", "Turkey", ["TAF", "Turkish military", "Turkish forces"], EX, None, "opposition", "soldiers", None),
    ("turkish-air-force", "Turkish Air Force", "TuAF", ["TuAF", "Türk Hava Kuvvetleri"], EX, "turkey", None, "airmen", None),
    ("mit", "National Intelligence Organisation", "MIT", ["MIT", "Turkish intelligence"], EX, "turkey", None, "officers", None),
    ("hts", "Hay'at Tahrir al-Sham", "HTS", ["HTS", "Tahrir al-Sham"], R, None, "jihadists", "fighters", None),
    ("nusra-front", "Al-Nusra Front", "Nusra", ["Jabhat al-Nusra", "Jabhat Fatah al-Sham", "JFS"], R, "hts", None, "fighters", "Merged into HTS in 2017."),
    ("hts-general-security", "General Security Service", "GSS", ["HTS General Security", "Jihaz al-Amn al-Aam"], PM, "hts", None, "officers", None),
    ("red-bands", "Red Bands", None, ["al-Asa'ib al-Hamra"], R, "hts", None, "fighters", None),
    ("hurras-al-din", "Hurras al-Din", None, ["Tanzim Hurras al-Din", "Guardians of Religion"], R, None, "jihadists", "fighters", None),
    ("tip", "Turkistan Islamic Party", "TIP", ["TIP", "Turkestan Islamic Party"], R, None, "jihadists", "fighters", None),
    ("sdf", "Syrian Democratic Forces", "SDF", ["SDF", "QSD"], R, None, "sdf-and-allies", "fighters", None),
    ("ypg", "People's Protection Units", "YPG", ["YPG", "Yekîneyên Parastina Gel"], R, "sdf", None, "fighters", None),
    ("ypj", "Women's Protection Units", "YPJ", ["YPJ"], R, "sdf", None, "fighters", None),
    ("dmc", "Deir ez-Zor Military Council", "DMC", ["DMC", "Deir Ezzor Military Council"], R, "sdf", None, "fighters", None),
    ("manbij-military-council", "Manbij Military Council", "MMC", ["MMC"], R, "sdf", None, "fighters", None),
    ("asayish", "Asayish", None, ["Internal Security Forces", "Asayesh"], PM, "sdf", None, "officers", None),
    ("khabour-guards", "Khabour Guards", None, ["Nattoreh", "Khabour Guard Forces"], IM, "sdf", None, "fighters", None),
    ("sanadid-forces", "Al-Sanadid Forces", "Sanadid", ["Quwat al-Sanadid", "Sanadid Forces"], IM, "sdf", None, "fighters", None),
    ("cjtf-oir", "CJTF–OIR", "Coalition", ["Combined Joint Task Force – Operation Inherent Resolve", "US-led coalition", "international coalition"], EX, None, "sdf-and-allies", "troops", None),
    ("us-military", "United States Armed Forces", "US forces", ["US military", "US forces", "American forces"], EX, "cjtf-oir", None, "troops", None),
    ("usaf", "United States Air Force", "USAF", ["USAF", "US Air Force"], EX, "us-military", None, "airmen", None),
    ("uk-forces", "British Armed Forces", "UK forces", ["British forces", "UK military"], EX, "cjtf-oir", None, "troops", None),
    ("islamic-state", "Islamic State", "IS", ["ISIS", "ISIL", "Daesh", "IS"], R, None, "islamic-state", "militants", None),
    ("wilayat-al-khayr", "Wilayat al-Khayr", None, ["Wilayah al-Khayr", "IS Deir ez-Zor province"], R, "islamic-state", None, "militants", None),
    ("wilayat-al-raqqa", "Wilayat al-Raqqa", None, ["Wilayah al-Raqqa", "IS Raqqa province"], R, "islamic-state", None, "militants", None),
    ("jaysh-khalid", "Khalid ibn al-Walid Army", "JKBW", ["Jaysh Khalid ibn al-Walid", "JKBW"], R, "islamic-state", None, "militants", None),
    ("diwan-al-hisba", "Diwan al-Hisba", "Hisba", ["IS religious police", "Hisba"], PM, "islamic-state", None, "members", None),
    ("tribal-fighters", "Arab tribal fighters (Syria)", "Tribal fighters", ["clan fighters", "tribal militias"], IM, None, None, "fighters",
     "Clan fighters who have fought for and against several sides; not assigned to a side."),
    ("unidentified-armed-group", "Unidentified armed group (Syria)", "Unidentified gunmen", ["unidentified gunmen", "unknown assailants"], PM, None, None, "gunmen", None),
    ("civilians", "Civilians (Syria)", "Civilians", ["civilians", "local residents"], CI, None, None, "civilians", None),
    ("protesters", "Protesters (Syria)", "Protesters", ["protesters", "demonstrators"], PR, None, None, "protesters", None),
    ("rioters", "Rioters (Syria)", "Rioters", ["rioters"], RI, None, None, "people", None),
]

ACTOR = {a[0]: a for a in ACTORS}


def actor_side(aid: str) -> str | None:
    node: str | None = aid
    while node is not None:
        row = ACTOR[node]
        if row[6] is not None:
            return row[6]
        node = row[5]
    return None


def actor_family(aid: str) -> list[str]:
    """``aid`` and its units, in table order."""
    out = [aid]
    for row in ACTORS:
        node = row[5]
        while node is not None:
            if node == aid:
                out.append(row[0])
                break
            node = ACTOR[node][5]
    return out


AIR_FORCES = ["syaaf", "syaaf", "vks", "vks", "usaf", "cjtf-oir", "turkish-air-force"]
ARRESTING = {"government": ["military-intelligence", "saa", "ndf"], "sdf-and-allies": ["asayish", "sdf"],
             "jihadists": ["hts-general-security", "hts"], "opposition": ["sna", "fsa"],
             "islamic-state": ["diwan-al-hisba", "islamic-state"]}

# --------------------------------------------------------------------------- places

# Governorate, capital, centre (lat, lon), spread in degrees, activity weight,
# contenders (actors that may hold its places, most likely first), district seats.
GOVERNORATES = [
    ("Damascus", "Damascus", (33.5138, 36.2765), 0.08, 3, ["syrian-government", "jaysh-al-islam", "fsa"], ["Damascus"]),
    ("Rif Dimashq", "Douma", (33.60, 36.75), 0.55, 9, ["syrian-government", "jaysh-al-islam", "fsa", "nusra-front", "islamic-state"],
     ["Douma", "Al-Tall", "Darayya", "Qatana", "Yabroud", "Al-Nabek", "Al-Qutayfah", "Zabadani", "Qudsaya", "Markaz Rif Dimashq"]),
    ("Aleppo", "Aleppo", (36.25, 37.60), 0.55, 16, ["syrian-government", "sna", "sdf", "hts", "islamic-state", "fsa"],
     ["Aleppo", "Afrin", "Azaz", "Al-Bab", "Manbij", "Jarabulus", "Ayn al-Arab", "Al-Safira", "Dayr Hafir", "Atarib"]),
    ("Idlib", "Idlib", (35.80, 36.62), 0.30, 16, ["hts", "syrian-government", "ahrar-al-sham", "nusra-front", "sna"],
     ["Idlib", "Ariha", "Harem", "Jisr al-Shughur", "Maarrat al-Numan"]),
    ("Hama", "Hama", (35.20, 36.90), 0.40, 9, ["syrian-government", "hts", "fsa", "islamic-state"],
     ["Hama", "Masyaf", "Mahardah", "Salamiyah", "Al-Suqaylabiyah"]),
    ("Homs", "Homs", (34.55, 37.60), 0.75, 8, ["syrian-government", "islamic-state", "fsa"],
     ["Homs", "Al-Rastan", "Talkalakh", "Al-Qusayr", "Al-Mukharram", "Tadmur"]),
    ("Latakia", "Latakia", (35.65, 35.98), 0.20, 4, ["syrian-government", "hts", "tip"],
     ["Latakia", "Jableh", "Al-Haffah", "Al-Qardahah"]),
    ("Tartus", "Tartus", (34.95, 36.05), 0.15, 1, ["syrian-government", "fsa"],
     ["Tartus", "Baniyas", "Safita", "Al-Shaykh Badr", "Duraykish", "Qadmus"]),
    ("Raqqa", "Raqqa", (35.90, 38.80), 0.45, 8, ["islamic-state", "sdf", "syrian-government", "sna"],
     ["Raqqa", "Tell Abyad", "Al-Thawrah"]),
    ("Deir ez-Zor", "Deir ez-Zor", (35.00, 40.35), 0.50, 13, ["islamic-state", "syrian-government", "sdf", "dmc", "tribal-fighters"],
     ["Deir ez-Zor", "Mayadin", "Abu Kamal"]),
    ("Al-Hasakah", "Al-Hasakah", (36.55, 40.90), 0.50, 6, ["sdf", "syrian-government", "islamic-state", "sna"],
     ["Al-Hasakah", "Qamishli", "Ras al-Ayn", "Al-Malikiyah"]),
    ("Daraa", "Daraa", (32.80, 36.20), 0.22, 9, ["syrian-government", "southern-front", "fsa", "jaysh-khalid"],
     ["Daraa", "Izra", "Al-Sanamayn"]),
    ("As-Suwayda", "As-Suwayda", (32.70, 36.75), 0.25, 3, ["syrian-government", "islamic-state", "fsa"],
     ["As-Suwayda", "Salkhad", "Shahba"]),
    ("Quneitra", "Quneitra", (33.10, 35.88), 0.10, 2, ["syrian-government", "fsa", "nusra-front"],
     ["Quneitra", "Fiq"]),
]

GOVERNORATE_ALIASES = {
    "Damascus": ["Muhafazat Dimashq"], "Rif Dimashq": ["Damascus countryside", "Rural Damascus"],
    "Aleppo": ["Aleppo province", "Muhafazat Halab"], "Idlib": ["Idlib province", "Idleb Governorate"],
    "Hama": ["Hama province", "Hamah Governorate"], "Homs": ["Homs province", "Hims Governorate"],
    "Latakia": ["Latakia province", "Al-Ladhiqiyah Governorate"], "Tartus": ["Tartus province", "Tartous Governorate"],
    "Raqqa": ["Raqqa province", "Ar-Raqqah Governorate"], "Deir ez-Zor": ["Deir ez-Zor province", "Dayr az-Zawr Governorate"],
    "Al-Hasakah": ["Hasakah province", "Al-Jazira region"], "Daraa": ["Daraa province", "Hauran"],
    "As-Suwayda": ["Suwayda province", "Jabal al-Druze"], "Quneitra": ["Quneitra province"],
}

# Real-world spellings of the district seats.
SEAT_ALIASES = {
    "Damascus": ["Dimashq", "Al-Sham"], "Aleppo": ["Halab"], "Homs": ["Hims"], "Hama": ["Hamah", "Ḥamāh"],
    "Latakia": ["Al-Ladhiqiyah", "Lattakia"], "Tartus": ["Tartous", "Tortosa"], "Raqqa": ["Ar-Raqqah", "Al-Raqqa"],
    "Deir ez-Zor": ["Dayr az-Zawr", "Deir Ezzor", "Deir al-Zor"], "Al-Hasakah": ["Hasakah", "Hassakeh"],
    "Daraa": ["Dar'a", "Deraa"], "As-Suwayda": ["Sweida", "Suwayda"], "Quneitra": ["Al-Qunaytirah"],
    "Idlib": ["Idleb"], "Manbij": ["Menbij"], "Ayn al-Arab": ["Kobani", "Kobanî"], "Tadmur": ["Palmyra"],
    "Qamishli": ["Al-Qamishli", "Qamishlo"], "Ras al-Ayn": ["Serêkaniyê", "Ra's al-'Ayn"], "Al-Malikiyah": ["Derik"],
    "Afrin": ["Efrin"], "Azaz": ["A'zaz"], "Abu Kamal": ["Albu Kamal", "Al-Bukamal"], "Mayadin": ["Al-Mayadin"],
    "Jisr al-Shughur": ["Jisr ash-Shughur"], "Maarrat al-Numan": ["Ma'arat al-Nu'man"], "Douma": ["Duma"],
    "Tell Abyad": ["Tal Abyad", "Girê Spî"], "Al-Thawrah": ["Tabqa", "Al-Tabqah"], "Yabroud": ["Yabrud"],
}

CAPITAL_COORDS = {
    "Damascus": (33.5102, 36.29128), "Douma": (33.57175, 36.4027), "Aleppo": (36.20124, 37.16117),
    "Idlib": (35.93062, 36.63393), "Hama": (35.13179, 36.75783), "Homs": (34.72682, 36.72339),
    "Latakia": (35.53168, 35.79011), "Tartus": (34.88902, 35.88659), "Raqqa": (35.95283, 39.00788),
    "Deir ez-Zor": (35.33588, 40.14084), "Al-Hasakah": (36.50237, 40.74772), "Daraa": (32.61889, 36.10213),
    "As-Suwayda": (32.70896, 36.56951), "Quneitra": (33.12557, 35.82427),
}

LAT_RANGE = (32.32, 37.31)
LON_RANGE = (35.73, 42.37)

ROOTS = [
    "Abyad", "Ahmar", "Aswad", "Hamra", "Zahra", "Sawda", "Khadra", "Bayda", "Shuhail", "Busayra", "Hajin",
    "Sousa", "Baghuz", "Muhasan", "Tayyana", "Dhiban", "Kasra", "Tabni", "Maadan", "Hatla", "Khasham",
    "Tabiya", "Salihiya", "Jalaa", "Hawija", "Sabkha", "Ghariba", "Shaafa", "Kishma", "Quriya", "Ashara",
    "Darnaj", "Suwaydan", "Jurdhi", "Buqrus", "Marrat", "Husseiniya", "Jneineh", "Sabha", "Mreiya",
    "Hawayij", "Zabari", "Mashkhar", "Tuwaymiya", "Jabriya", "Ruwaished", "Qahtaniya", "Mishrifa",
    "Sukkariya", "Ghabra", "Nasiriya", "Rawda", "Safsafa", "Mazraa", "Qasimiya", "Hamidiya", "Mahmudiya",
    "Rashidiya", "Fadghami", "Markada", "Shaddadi", "Arisha", "Tuwayna", "Kharab", "Uyun", "Duwayr",
    "Sijn", "Suwar", "Baqqara", "Jazra", "Tarif", "Zaghir", "Jaafra", "Hrai", "Mhemideh", "Kubar",
    "Bulayl", "Dablan", "Ghurani", "Atshana", "Nimr", "Hayal", "Kashkiya", "Jaraniya", "Khabour", "Furat",
    "Sfira", "Hader", "Zirba", "Khanasir", "Mallah", "Anadan", "Haritan", "Bayanun", "Tamura", "Rasm",
    "Kurin", "Sarmin", "Binnish", "Taftanaz", "Saraqib", "Kafrouma", "Latamina", "Morek", "Suran",
    "Halfaya", "Taybeh", "Busra", "Nawa", "Inkhil", "Jasim", "Tafas", "Muzayrib", "Yadudah", "Nasib",
]
PREFIXES = ["Tell", "Ain", "Kafr", "Deir", "Khirbet", "Bir", "Ras", "Jisr", "Qasr", "Beit", "Abu", "Umm",
            "Marj", "Sheikh", "Jubb"]
ADJECTIVES = ["al-Kabir", "al-Saghir", "al-Sharqi", "al-Gharbi", "al-Fawqani", "al-Tahtani", "al-Jadid",
              "al-Qadim", "al-Shamali", "al-Janubi"]
PREFIX_VARIANTS = {"Tell": ["Tal", "Tall"], "Ain": ["Ayn", "'Ain"], "Deir": ["Dayr"], "Kafr": ["Kfar", "Kefr"],
                   "Khirbet": ["Khirbat", "Kherbet"], "Bir": ["Beer"], "Jisr": ["Jasr"], "Beit": ["Bayt"],
                   "Sheikh": ["Shaykh"], "Jubb": ["Jubb al"]}
SITES = [("oil field", "{} oil field", 4), ("gas field", "{} gas field", 1), ("airbase", "{} airbase", 2),
         ("border crossing", "{} border crossing", 1), ("dam", "{} dam", 1), ("checkpoint", "{} checkpoint", 2),
         ("hill", "Tell {} hill", 2), ("desert", "{} desert", 2), ("camp", "{} camp", 1)]


def place_variants(name: str, rng: random.Random) -> list[str]:
    """Other spellings a source might use for a synthetic place name."""
    out: list[str] = []
    first, _, rest = name.partition(" ")
    if rest and first in PREFIX_VARIANTS:
        out += [v + " " + rest for v in PREFIX_VARIANTS[first]]
    if name.startswith("Al-"):
        out += [name[3:], "El-" + name[3:], "Al " + name[3:]]
    if name.endswith("a") and not name.endswith("aa"):
        out.append(name + "h")
    if "ou" in name:
        out.append(name.replace("ou", "u"))
    if name[0] in "HSTD" and rng.random() < 0.15:
        out.append({"H": "Ḥ", "S": "Ṣ", "T": "Ṭ", "D": "Ḍ"}[name[0]] + name[1:])
    rng.shuffle(out)
    return out[: rng.choice((0, 1, 1, 2, 2, 3))]


def coord(centre: float, spread: float, lo_hi: tuple[float, float], rng: random.Random) -> float:
    lo, hi = lo_hi
    return round(min(hi, max(lo, centre + rng.uniform(-spread, spread))), 5)


def build_places(rng: random.Random) -> tuple[list[dict], dict]:
    """~500 places and the look-up tables the event generator needs."""
    names = Names("place")
    ids: dict[str, int] = {}
    places: list[dict] = []
    info: list[dict] = []  # per place: governorate index, district index, kind of level

    def add(name: str, ptype: str, parent: str | None, aliases: list[str], gov: int, level: str,
            latlon: tuple[float, float] | None, holder: str | None) -> dict:
        rid = slug(name)
        if rid in ids:
            raise SystemExit(f"generate.py: bug: place id {rid!r} is used twice")
        ids[rid] = len(places)
        names.claim(rid, rid)
        names.claim(name, rid)
        kept = []
        for a in aliases:
            if names.free(a, rid) and normalise(a) != normalise(name):
                names.claim(a, rid)
                kept.append(a)
        rec: dict = {"id": rid, "name": name, "aliases": kept, "type": ptype}
        if parent is not None:
            rec["parent"] = parent
        if latlon is not None:
            rec["lat"], rec["lon"] = latlon
        if holder is not None:
            rec["initial_holder"] = holder
        places.append(rec)
        info.append({"gov": gov, "level": level})
        return rec

    add("Syria", "country", None, ["Syrian Arab Republic", "Suriya"], -1, "country", (34.80208, 38.99682), None)
    districts: list[tuple[int, str, int, tuple[float, float]]] = []  # (gov, district id, seat index, centre)
    for g, (gname, capital, centre, spread, _w, contenders, seats) in enumerate(GOVERNORATES):
        gov = add(f"{gname} Governorate", "governorate", "syria", GOVERNORATE_ALIASES.get(gname, []), g,
                  "governorate", centre, None)
        for seat in seats:
            if seat in CAPITAL_COORDS:
                seat_ll = CAPITAL_COORDS[seat]
            else:
                seat_ll = (coord(centre[0], spread, LAT_RANGE, rng), coord(centre[1], spread, LON_RANGE, rng))
            dist = add(f"{seat} District", "district", gov["id"], [f"Mintaqat {seat}", f"{seat} area"], g,
                       "district", seat_ll if rng.random() < 0.7 else None, None)
            holder = contenders[0] if rng.random() < 0.6 else rng.choice(contenders)
            seat_type = "city" if seat == capital or seat in CAPITAL_COORDS else "town"
            add(seat, seat_type, dist["id"], SEAT_ALIASES.get(seat, []) + place_variants(seat, rng), g,
                           "town", seat_ll, holder if rng.random() < 0.75 else None)
            districts.append((g, dist["id"], len(places) - 1, seat_ll))

    # Towns, villages and sites, spread over the districts by how active their governorate is.
    gov_weight = [gw[4] for gw in GOVERNORATES]
    district_pick = lookup_table({i: gov_weight[d[0]] / len(GOVERNORATES[d[0]][6]) for i, d in enumerate(districts)}, 4000)
    site_pick = lookup_table({s: s[2] for s in SITES}, 100)
    target = 500
    tries = 0
    while len(places) < target and tries < 100_000:
        tries += 1
        g, did, _seat, (slat, slon) = districts[district_pick[int(rng.random() * 4000)]]
        r = rng.random()
        root = rng.choice(ROOTS)
        if r < 0.40:
            name = f"{rng.choice(PREFIXES)} {root}"
        elif r < 0.65:
            name = f"Al-{root}"
        elif r < 0.82:
            name = root
        else:
            name = f"{root} {rng.choice(ADJECTIVES)}"
        ptype = "village" if rng.random() < 0.65 else "town"
        if rng.random() < 0.10:
            ptype, fmt, _ = site_pick[int(rng.random() * 100)]
            name = fmt.format(root)
        if slug(name) in ids or not names.free(name, slug(name)) or not names.free(slug(name), slug(name)):
            continue
        latlon = None
        if rng.random() < 0.55:
            latlon = (coord(slat, 0.25, LAT_RANGE, rng), coord(slon, 0.25, LON_RANGE, rng))
        contenders = GOVERNORATES[g][5]
        holder = None
        if rng.random() < 0.35:
            holder = contenders[0] if rng.random() < 0.5 else rng.choice(contenders)
        add(name, ptype, did, place_variants(name, rng), g, "town", latlon, holder)

    for i, d in enumerate(districts):
        info[d[2]]["district"] = i
    # Attach each town to its district's index for "nearby" picks.
    district_of_id = {d[1]: i for i, d in enumerate(districts)}
    towns_in: list[list[int]] = [[] for _ in districts]
    for i, p in enumerate(places):
        if info[i]["level"] == "town":
            di = district_of_id[p["parent"]]
            info[i]["district"] = di
            towns_in[di].append(i)
        elif info[i]["level"] == "district":
            info[i]["district"] = district_of_id[p["id"]]
    return places, {"info": info, "towns_in": towns_in, "districts": districts, "names": names}


# --------------------------------------------------------------------------- event vocabulary

# Sub-event kinds of events without control changes, in rough ACLED Syria proportions (per mille).
KIND_WEIGHTS = {
    "Shelling/artillery/missile attack": 300, "Armed clash": 180, "Air/drone strike": 120,
    "Attack": 70, "Remote explosive/landmine/IED": 60, "Peaceful protest": 40, "Arrests": 30,
    "Abduction/forced disappearance": 25, "Disrupted weapons use": 25, "Looting/property destruction": 20,
    "Change to group/activity": 15, "Grenade": 12, "Other": 10, "Protest with intervention": 6,
    "Agreement": 6, "Headquarters or base established": 5, "Violent demonstration": 5, "Suicide bomb": 4,
    "Government regains territory": 3, "Non-state actor overtakes territory": 3, "Mob violence": 3,
    "Excessive force against protesters": 2, "Non-violent transfer of territory": 2,
    "Sexual violence": 1, "Chemical weapon": 0.5,
}
# Probability that an event of the kind reports casualties.
CASUALTY_RATE = {
    "Armed clash": 0.8, "Government regains territory": 0.6, "Non-state actor overtakes territory": 0.6,
    "Chemical weapon": 1.0, "Air/drone strike": 0.7, "Suicide bomb": 0.95, "Shelling/artillery/missile attack": 0.55,
    "Remote explosive/landmine/IED": 0.8, "Grenade": 0.7, "Sexual violence": 0.3, "Attack": 0.9,
    "Abduction/forced disappearance": 0.9, "Peaceful protest": 0.0, "Protest with intervention": 0.4,
    "Excessive force against protesters": 0.9, "Violent demonstration": 0.3, "Mob violence": 0.7,
    "Agreement": 0.0, "Arrests": 0.95, "Change to group/activity": 0.05, "Disrupted weapons use": 0.2,
    "Headquarters or base established": 0.0, "Looting/property destruction": 0.1,
    "Non-violent transfer of territory": 0.0, "Other": 0.1,
}

MAIN = {
    "Armed clash": ["{a} and {b} clash in {p}", "Fighting breaks out between {a} and {b} near {p}",
                    "{a} attacks {b} positions around {p}", "Heavy clashes between {a} and {b} in {p}"],
    "Government regains territory": ["{a} retakes {p} from {b}", "{a} recaptures {p} after fighting {b}"],
    "Non-state actor overtakes territory": ["{a} takes {p} from {b}", "{a} overruns {b} positions and seizes {p}"],
    "Chemical weapon": ["A chemical attack attributed to {a} hits {p}", "Chlorine-filled munitions are dropped on {p}"],
    "Air/drone strike": ["{a} aircraft strike {b} targets in {p}", "A drone strike by {a} hits {b} in {p}",
                         "Air strikes by {a} hit {p}"],
    "Suicide bomb": ["A suicide bomber attacks {b} in {p}", "A car bomb driven by a suicide attacker explodes in {p}"],
    "Shelling/artillery/missile attack": ["{a} shells {b} positions in {p}", "Artillery fire by {a} hits {p}",
                                          "{a} fires rockets at {p}", "Mortar rounds fired by {a} land in {p}"],
    "Remote explosive/landmine/IED": ["An improvised explosive device hits a {b} vehicle near {p}",
                                      "A landmine explodes on a road outside {p}", "A roadside bomb targets {b} in {p}"],
    "Grenade": ["A hand grenade is thrown at {b} in {p}", "Attackers throw a grenade at a house in {p}"],
    "Sexual violence": ["Women are reported abused by members of {a} in {p}"],
    "Attack": ["{a} attacks {b} in {p}", "Gunmen from {a} open fire on {b} in {p}",
               "Members of {a} kill a man at his home in {p}"],
    "Abduction/forced disappearance": ["{a} abducts residents of {p}", "Members of {a} seize people at a checkpoint near {p}"],
    "Peaceful protest": ["Residents of {p} protest against worsening living conditions",
                         "Demonstrators gather in the centre of {p}", "People in {p} march to demand the release of detainees"],
    "Protest with intervention": ["{a} disperses a protest in {p}", "A demonstration in {p} is broken up by {a}"],
    "Excessive force against protesters": ["{a} opens fire on protesters in {p}"],
    "Violent demonstration": ["Protesters in {p} set tyres alight and block roads",
                              "A crowd in {p} storms a local council building"],
    "Mob violence": ["A crowd in {p} attacks a man accused of theft", "Residents of {p} clash over land"],
    "Agreement": ["{a} and {b} agree a local truce covering {p}", "{a} and {b} reach a deal over {p}"],
    "Arrests": ["{a} arrests people in a raid on {p}", "{a} detains young men at checkpoints around {p}"],
    "Change to group/activity": ["{a} announces a reorganisation of its units around {p}",
                                 "{a} redeploys its forces near {p}"],
    "Disrupted weapons use": ["{a} defuses explosives planted near {p}", "{a} shoots down a drone over {p}"],
    "Headquarters or base established": ["{a} sets up a new base in {p}", "{a} establishes a command post near {p}"],
    "Looting/property destruction": ["Members of {a} loot shops in {p}", "{a} burns houses in {p}"],
    "Non-violent transfer of territory": ["{b} withdraws from {p} and {a} moves in", "{a} takes over {p} without a fight"],
    "Other": ["{a} is reported active around {p}", "A weapons depot explodes in {p}"],
}
# Targets that are civilians get their own wording.
MAIN_CIVILIANS = {
    "Air/drone strike": ["{a} aircraft bomb residential areas of {p}", "A drone strike by {a} hits a market in {p}"],
    "Shelling/artillery/missile attack": ["{a} shells residential areas of {p}", "Rockets fired by {a} land on homes in {p}"],
    "Suicide bomb": ["A suicide bomber blows himself up in a crowded street in {p}"],
    "Remote explosive/landmine/IED": ["A landmine left by {a} explodes under a farm vehicle near {p}",
                                      "A bomb planted by {a} explodes in a market in {p}"],
    "Grenade": ["Gunmen from {a} throw a grenade into a shop in {p}"],
    "Chemical weapon": ["A chemical attack attributed to {a} hits homes in {p}"],
}
# Control changes where the source names only one party: [to is known, from is known].
CONTROL_ONE_SIDED = {
    False: ["{a} takes control of {p}", "{a} enters {p}"],  # from not stated
    True: ["{a} withdraws from {p}", "{a} pulls out of {p}"],  # to not stated
}
CLAUSES = [
    "according to local monitors", "according to activists in the area", "local sources say", "residents say",
    "as fighting continues in the surrounding countryside", "amid reports of families fleeing towards nearby villages",
    "the second such incident in the area this week", "shortly after dawn", "late in the evening",
    "after a night of sporadic exchanges of fire", "despite a local truce announced days earlier",
    "while reinforcements arrive from the district centre", "near the main road to the district centre",
    "close to a checkpoint on the edge of town", "in an area contested for several months",
    "as both sides accuse each other of breaking the ceasefire", "in {g}",
    "not far from the river crossing", "during a dust storm", "on the eve of a local holiday",
    "a week after a similar attack", "at the height of the harvest season", "sources say",
]
SENTENCES = [
    "Unverified.", "Accounts differ.", "Details remain unclear.", "Neither side comments publicly.",
    "Casualty figures could not be independently verified.",
    "Residents report damage to several homes and a school.",
    "The road between the two villages is closed for several hours.",
    "Medical staff at a nearby clinic report receiving wounded.",
    "Local councils call for the evacuation of civilians.",
    "The area has seen repeated attacks since the start of the year.",
    "Electricity and water supplies are cut for much of the day.",
    "Several families leave for the countryside.",
    "A local commander later describes the situation as stable.",
    "Traders close their shops early.",
    "The incident follows weeks of rising tension in {g}.",
    "Monitors say the toll may rise.",
    "Footage shared online shows smoke over the town.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

# Killed counts: mostly small, with a long tail.
KILLED = [1] * 30 + [2] * 18 + [3] * 12 + [4] * 8 + [5] * 6 + [6] * 4 + [7] * 3 + [8] * 3 + [10] * 3 + \
    [12] * 2 + [15] * 2 + [20] * 2 + [25, 30, 40, 50, 60, 80, 100] + [0] * 5
INJURED = [1] * 20 + [2] * 15 + [3] * 12 + [4] * 8 + [5] * 8 + [6] * 5 + [8] * 5 + [10] * 5 + [15] * 3 + \
    [20] * 3 + [30, 40, 50, 75, 100]
ARRESTED = [1] * 10 + [2] * 10 + [3] * 8 + [4] * 6 + [5] * 6 + [7] * 4 + [10] * 5 + [12] * 3 + [15] * 3 + \
    [20] * 3 + [25, 30, 40, 50, 60, 100]

START = dt.date(2015, 1, 1).toordinal()
END = dt.date(2024, 12, 31).toordinal()
YEAR_WEIGHTS = {2015: 15, 2016: 17, 2017: 17, 2018: 12, 2019: 9, 2020: 7, 2021: 6, 2022: 5, 2023: 6, 2024: 6}
PRECISIONS = ["day", "range", "week", "month", "year"]
CONTROL_RATE = 0.03

# --------------------------------------------------------------------------- generation


def draw_dates(rng: random.Random, n: int) -> list[int]:
    """n packed (start ordinal, span, precision) keys, sorted by start then end."""
    year_pick = lookup_table(YEAR_WEIGHTS, 1000)
    first = {y: dt.date(y, 1, 1).toordinal() for y in YEAR_WEIGHTS}
    length = {y: 366 if calendar.isleap(y) else 365 for y in YEAR_WEIGHTS}
    rnd = rng.random
    keys = [0] * n
    for i in range(n):
        y = year_pick[int(rnd() * 1000)]
        start = first[y] + int(rnd() * length[y])
        p = rnd()
        if p < 0.86:
            span, pc = 0, 0
        elif p < 0.93:  # a range: 2 to 31 days, mostly short
            span, pc = 1 + int(rnd() * rnd() * 30), 1
            if start + span > END:
                start = END - span
        elif p < 0.96:  # a week, Monday to Sunday
            start -= (start - 1) % 7
            if start < START:
                start += 7
            if start + 6 > END:
                start -= 7
            span, pc = 6, 2
        elif p < 0.995:  # a calendar month
            d = dt.date.fromordinal(start)
            start = d.replace(day=1).toordinal()
            span, pc = calendar.monthrange(d.year, d.month)[1] - 1, 3
        else:  # a calendar year
            span, pc = length[y] - 1, 4
            start = first[y]
        keys[i] = (start << 12) | (span << 3) | pc
    keys.sort()
    return keys


class World:
    """Actors, places and the look-up tables events are drawn from."""

    def __init__(self, rng: random.Random) -> None:
        self.places, extra = build_places(rng)
        self.info = extra["info"]
        self.towns_in = extra["towns_in"]
        self.districts = extra["districts"]
        self.label = {a[0]: a[2] or a[1] for a in ACTORS}
        self.label.update({"civilians": "civilians", "protesters": "protesters", "rioters": "rioters",
                           "unidentified-armed-group": "an unidentified armed group", "tribal-fighters": "tribal fighters"})
        self.noun = {a[0]: a[7] for a in ACTORS}
        self.side = {a[0]: actor_side(a[0]) for a in ACTORS}
        self.place_name = [p["name"] for p in self.places]
        self.place_id = [p["id"] for p in self.places]
        gov_index = [i for i, inf in enumerate(self.info) if inf["level"] == "governorate"]
        self.gov_name = [self.places[i]["name"] for i in gov_index]

        # Where events happen: towns mostly, weighted by governorate activity; some at district or governorate level.
        weights: dict[int, float] = {}
        for i, inf in enumerate(self.info):
            if inf["level"] == "country":
                continue
            gw = GOVERNORATES[inf["gov"]][4]
            lvl = inf["level"]
            if lvl == "town":
                ntowns = sum(1 for j in self.info if j["level"] == "town" and j["gov"] == inf["gov"])
                w = 0.86 * gw / ntowns * (3 if self.places[i]["type"] == "city" else 1)
            elif lvl == "district":
                w = 0.10 * gw / len(GOVERNORATES[inf["gov"]][6])
            else:
                w = 0.04 * gw
            weights[i] = w
        self.place_pick = lookup_table(weights, 20000)
        self.control_pick = lookup_table(
            {i: w for i, w in weights.items() if self.info[i]["level"] == "town"}, 20000)

        # Armed actors active in each governorate: the contenders and their units, the top level counted thrice.
        self.pool: list[list[str]] = []
        for g in GOVERNORATES:
            pool: list[str] = []
            for c in g[5]:
                fam = actor_family(c)
                pool += [c, c, *fam]
            for ext, w in (("russia", 1), ("irgc", 1), ("hezbollah", 1), ("cjtf-oir", 1), ("turkey", 1)):
                if actor_side(ext) in {actor_side(c) for c in g[5]}:
                    pool += actor_family(ext)[:2] * w
            pool += ["unidentified-armed-group"]
            self.pool.append(pool)
        self.contenders = [g[5] for g in GOVERNORATES]
        self.governorate_of = [inf["gov"] for inf in self.info]


def plan_control(rng: random.Random, world: World, keys: list[int]) -> dict[int, tuple]:
    """Choose ~3% of events to carry control changes and fill them in, holder by holder.

    Changes are assigned in the order dezzor's validator applies them (event end,
    then start, then event index), so every ``from`` is the holder just before.
    """
    rnd = rng.random
    chosen = [i for i in range(len(keys)) if rnd() < CONTROL_RATE]
    chosen.sort(key=lambda i: ((keys[i] >> 12) + ((keys[i] >> 3) & 511), keys[i] >> 12, i))
    holder: dict[int, str | None] = {}
    for i, p in enumerate(world.places):
        if "initial_holder" in p:
            holder[i] = p["initial_holder"]
    plan: dict[int, tuple] = {}
    npick = len(world.control_pick)
    for i in chosen:
        place = world.control_pick[int(rnd() * npick)]
        g = world.governorate_of[place]
        contenders = world.contenders[g]
        frm = holder[place] if place in holder else (None if rnd() < 0.4 else rng.choice(contenders))
        # A place changes hands between sides; within one side only when no other side contends for it.
        options = [c for c in contenders if frm is None or world.side[c] != world.side[frm]] or \
            [c for c in contenders if c != frm]
        to: str | None = options[0] if rnd() < 0.3 else rng.choice(options)
        if frm is not None and rnd() < 0.04:
            to = None  # the source says who left, not who took over
        changes = [(place, frm, to)]
        if to is not None and rnd() < 0.12:  # the same force takes a second place nearby
            nearby = world.towns_in[world.info[place]["district"]]
            other = nearby[int(rnd() * len(nearby))]
            other_from = holder.get(other)
            same_side = other_from is not None and world.side[other_from] is not None and \
                world.side[other_from] == world.side[to]
            if other != place and other_from != to and not same_side:
                changes.append((other, other_from, to))
        out = []
        for pl, f, t in changes:
            holder[pl] = t
            c = rnd()
            if c < 0.85:
                certainty, claimed_by = "reported", None
            elif c < 0.95:
                certainty, claimed_by = "claimed", (t or f)
            else:
                certainty, claimed_by = "alleged", None
            out.append((pl, f, t, certainty, claimed_by))
        if to is None:
            kind = "Non-violent transfer of territory"
        elif world.side[to] == "government":
            kind = "Government regains territory" if rnd() < 0.8 else "Armed clash"
        else:
            r = rnd()
            kind = ("Non-state actor overtakes territory" if r < 0.7 else
                    "Non-violent transfer of territory" if r < 0.85 else "Armed clash")
        if kind == "Non-violent transfer of territory" and frm is None and to is not None and rnd() < 0.5:
            kind = "Other"
        plan[i] = (kind, out)
    return plan


def build_sections(rng: random.Random) -> list[dict]:
    sections = [{"heading": "lead", "paragraphs": 6}, {"heading": "Background", "paragraphs": 4}]
    for y in YEAR_WEIGHTS:
        sections.append({"heading": str(y), "paragraphs": 10 + int(rng.random() * 31)})
    sections.append({"heading": "Aftermath", "paragraphs": 3})
    return sections


def q(text: str) -> str:
    """``text`` as a JSON string literal (as the json module writes it with ensure_ascii=False)."""
    return json.dumps(text, ensure_ascii=False)


def plain(text: str) -> bool:
    """True when ``text`` can go between JSON quotes as it is (no quote, backslash or control character)."""
    return '"' not in text and "\\" not in text and all(ch >= " " for ch in text)


def build_tails(rng: random.Random, gov_words: int, per_count: int = 30) -> list[list[str]]:
    """Endings for a summary, by how many words they add: tails[k] holds endings of exactly k words.

    An ending is zero to three clauses (", according to local monitors") and then
    zero or more sentences; it always ends the last sentence with a full stop.
    Endings may name the governorate as ``{g}``; ``gov_words`` is how many words
    that name has.
    """
    def words_in(text: str) -> int:
        return text.count(" ") + 1 + (gov_words - 1 if "{g}" in text else 0)

    cw = [(c, words_in(c)) for c in CLAUSES]
    sw = [(t, words_in(t)) for t in SENTENCES]
    tails: list[list[str]] = [["."]] + [[] for _ in range(40)]
    for k in range(1, 41):
        made = 0
        tries = 0
        while made < per_count and tries < per_count * 200:
            tries += 1
            words, parts, open_sentence = 0, [], True
            used: list[str] = []
            while words < k:
                if open_sentence and len(parts) < 3 and rng.random() < 0.55:
                    c, wc = cw[int(rng.random() * len(cw))]
                    if words + wc <= k and c not in used:
                        used.append(c)
                        parts.append(", " + c)
                        words += wc
                        continue
                t, wc = sw[int(rng.random() * len(sw))]
                if words + wc > k or t in used:
                    break
                used.append(t)
                parts.append((". " if open_sentence else " ") + t)
                open_sentence = False
                words += wc
            if words == k:
                if open_sentence:
                    parts.append(".")
                tails[k].append("".join(parts))
                made += 1
        if not tails[k]:
            raise SystemExit(f"generate.py: bug: no summary ending of {k} words")
    return tails


def make_event_writer(rng: random.Random, world: World, plan: dict[int, tuple], sections: list[dict],
                      totals: dict[str, int]):
    """A function (index, key, id) -> one event as compact JSON text.

    The JSON is assembled from pieces escaped once up front (every string an event
    can hold comes from the fixed vocabulary above), which is several times faster
    than building dicts and running them through the json module.
    """
    rnd = rng.random
    kind_pick = lookup_table(KIND_WEIGHTS, 10000)
    place_pick, nplace = world.place_pick, len(world.place_pick)
    pools, contenders = world.pool, world.contenders
    gov_of, info, towns_in = world.governorate_of, world.info, world.towns_in
    place_name = world.place_name
    label, noun, side = world.label, world.noun, world.side
    paragraphs = {s["heading"]: s["paragraphs"] for s in sections}
    lead_paragraphs = paragraphs["lead"]
    nk, ni, na = len(KILLED), len(INJURED), len(ARRESTED)
    air = AIR_FORCES
    civ_targets = {"Attack", "Sexual violence", "Abduction/forced disappearance", "Arrests", "Mob violence",
                   "Looting/property destruction"}
    one_actor = {"Change to group/activity", "Headquarters or base established", "Other", "Disrupted weapons use"}
    battles = {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}
    common = {"Shelling/artillery/missile attack", "Armed clash", "Grenade"}
    town_district = [inf["district"] if inf["level"] == "town" else -1 for inf in info]

    # Everything that goes into the summary text must need no escaping.
    vocabulary = [*label.values(), *noun.values(), *place_name, *world.gov_name, *CLAUSES, *SENTENCES,
                  *(t for ts in MAIN.values() for t in ts), *(t for ts in MAIN_CIVILIANS.values() for t in ts),
                  *(t for ts in CONTROL_ONE_SIDED.values() for t in ts)]
    bad = [t for t in vocabulary if not plain(t)]
    if bad:
        raise SystemExit(f"generate.py: bug: summary vocabulary needs JSON escaping: {bad[:3]}")
    base = {n: build_tails(rng, n) for n in sorted({name.count(" ") + 1 for name in world.gov_name})}
    tails = [[[t.format(g=name) for t in bucket] for bucket in base[name.count(" ") + 1]] for name in world.gov_name]

    aq = {aid: q(aid) for aid in label}
    role_json = {(aid, role): f'{{"actor":{aq[aid]},"role":"{role}"}}'
                 for aid in label for role in ("initiator", "target", "supporter", "participant")}
    place_q = [q(pid) for pid in world.place_id]
    kind_q = {k: q(k) for k in CASUALTY_RATE}
    prec_q = [f',"precision":"{p}"' for p in PRECISIONS]
    sections_q = {h: q(h) for h in paragraphs}

    # Per day: the ISO date, and the source section and paragraph the day falls in.
    first, last = START - 7, END + 400
    iso_of: list[str] = []
    source_of: list[str] = []
    for o in range(first, last):
        d = dt.date.fromordinal(o)
        iso_of.append(d.isoformat())
        heading = str(d.year) if str(d.year) in paragraphs else "Background"
        npara = paragraphs[heading]
        para = min(npara, 1 + int((d.timetuple().tm_yday - 1) / 366 * npara))
        source_of.append(f'"source":{{"source":"article","section":{sections_q[heading]},"paragraph":{para}}}')

    def enemy(pool: list[str], of: str) -> str:
        s = side[of]
        for _ in range(8):
            b = pool[int(rnd() * len(pool))]
            if side[b] != s and b != of:
                return b
        return "unidentified-armed-group" if of != "unidentified-armed-group" else "civilians"

    def count(table: list[int], n: int) -> tuple[str, int, bool]:
        """A count as JSON, its lower bound, and whether it is exact."""
        v = table[int(rnd() * n)]
        r = rnd()
        if r < 0.85:
            return str(v), v, True
        if r < 0.96:
            hi = v + 1 + int(rnd() * (v + 5))
            best = f'"best":{(v + hi) // 2},' if (v + hi) % 2 == 0 else ""  # some ranges have a best estimate
            return f'{{"min":{v},{best}"max":{hi}}}', v, False
        best = f'"best":{v + 1},' if v % 3 == 0 else ""
        return f'{{"min":{v},{best}"max":null}}', v, False

    def event(index: int, key: int, eid: str) -> str:
        start = key >> 12
        span = (key >> 3) & 511
        pc = key & 7
        planned = plan.get(index)
        if planned is not None:
            kind, changes = planned
            pidx = changes[0][0]
        else:
            kind = kind_pick[int(rnd() * 10000)]
            changes = None
            pidx = place_pick[int(rnd() * nplace)]
        g = gov_of[pidx]
        pool = pools[g]
        npool = len(pool)
        places = [pidx]
        if changes is not None:
            if len(changes) > 1:
                places.append(changes[1][0])
        elif rnd() < 0.15 and town_district[pidx] >= 0:
            nearby = towns_in[town_district[pidx]]
            other = nearby[int(rnd() * len(nearby))]
            if other != pidx:
                places.append(other)

        # Actors and their roles.
        if changes is not None:
            frm, to = changes[0][1], changes[0][2]
            if to is None:
                roles = [(frm, "participant")]
            elif frm is None:
                roles = [(to, "initiator")]
            else:
                roles = [(to, "initiator"), (frm, "target")]
        elif kind in common:  # armed clashes, shelling, grenades
            a = pool[int(rnd() * npool)]
            b = "civilians" if kind != "Armed clash" and rnd() < 0.25 else enemy(pool, a)
            roles = [(a, "initiator"), (b, "target")]
        elif kind == "Peaceful protest":
            roles = [("protesters", "participant")]
        elif kind == "Protest with intervention" or kind == "Excessive force against protesters":
            roles = [(contenders[g][0], "initiator"), ("protesters", "target")]
        elif kind == "Violent demonstration":
            roles = [("rioters", "participant")]
        elif kind == "Mob violence":
            roles = [("rioters", "initiator"), ("civilians", "target")]
        elif kind == "Arrests":
            a = contenders[g][0]
            arresting = ARRESTING.get(side[a] or "", [a])
            roles = [(arresting[int(rnd() * len(arresting))], "initiator"), ("civilians", "target")]
        elif kind in civ_targets:
            roles = [(pool[int(rnd() * npool)], "initiator"), ("civilians", "target")]
        elif kind == "Air/drone strike" or kind == "Chemical weapon":
            a = air[int(rnd() * len(air))] if kind == "Air/drone strike" else ("syaaf" if rnd() < 0.8 else "islamic-state")
            roles = [(a, "initiator"), ("civilians" if rnd() < 0.3 else enemy(pool, a), "target")]
        elif kind == "Suicide bomb" or kind == "Remote explosive/landmine/IED":
            a = "islamic-state" if rnd() < 0.6 else "unidentified-armed-group"
            roles = [(a, "initiator"), ("civilians" if rnd() < 0.35 else enemy(pool, a), "target")]
        elif kind in one_actor:
            roles = [(pool[int(rnd() * npool)], "initiator")]
            if kind == "Disrupted weapons use" and rnd() < 0.5:
                roles.append((enemy(pool, roles[0][0]), "target"))
        elif kind == "Government regains territory":
            a = "saa" if rnd() < 0.6 else "syrian-government"
            roles = [(a, "initiator"), (enemy(pool, a), "target")]
        elif kind == "Non-state actor overtakes territory":
            a = enemy(pool, "syrian-government")
            roles = [(a, "initiator"), (enemy(pool, a), "target")]
        else:  # agreements and non-violent transfers
            a = pool[int(rnd() * npool)]
            roles = [(a, "participant"), (enemy(pool, a), "participant")]
        a_id = roles[0][0]
        two = len(roles) == 2
        b_id = roles[1][0] if two else None
        if two and roles[0][1] == "initiator" and b_id != "civilians" and rnd() < 0.12:
            helper = pool[int(rnd() * npool)]
            if side[helper] == side[a_id] and helper != a_id and helper != b_id:
                roles.append((helper, "supporter"))

        # Casualties: whose, how many, and on whose word.
        cas_parts = []
        main_cas = ""
        killed_lo = -1  # the sum of the killed figures' lower bounds (-1: none), for the event's own fatalities
        if rnd() < CASUALTY_RATE[kind]:
            r = rnd()
            if b_id is None:
                party = a_id if r < 0.5 else None
            elif kind in battles:
                party = b_id if r < 0.65 else a_id if r < 0.9 else None
            else:
                party = b_id if r < 0.88 else None
            if party is None and (kind == "Chemical weapon" or kind == "Suicide bomb"):
                party = "civilians"
            parties = [party]
            if kind in battles and b_id is not None and rnd() < 0.35:
                parties.append(a_id if party != a_id else b_id)
            for j, party in enumerate(parties):
                fields = [f'{{"party":{aq[party] if party is not None else "null"}']
                if kind == "Arrests" or kind == "Abduction/forced disappearance":
                    text, _lo, _exact = count(ARRESTED, na)
                    fields.append(f'"arrested":{text}')
                else:
                    r = rnd()
                    if r < 0.8:
                        text, lo, exact = count(KILLED, nk)
                        fields.append(f'"killed":{text}')
                        sk = side[party] if party is not None else None
                        tk = sk or (party if party == "civilians" else "other")
                        totals[tk] = totals.get(tk, 0) + lo
                        killed_lo = max(killed_lo, 0) + lo
                        if j == 0 and exact and lo > 0:
                            main_cas = (f", killing {lo} {noun[party] if party is not None else 'people'}" if lo > 1
                                        else ", leaving one dead")
                    if r >= 0.55:
                        text, _lo, _exact = count(INJURED, ni)
                        fields.append(f'"injured":{text}')
                c = rnd()
                if c < 0.75:
                    fields.append('"certainty":"reported"}')
                elif c < 0.9:
                    fields.append(f'"certainty":"claimed","claimed_by":{aq[roles[int(rnd() * len(roles))][0]]}}}')
                else:
                    fields.append('"certainty":"alleged"}')
                cas_parts.append(",".join(fields))

        # Summary: a main clause for the kind, then an ending that brings it to 15-40 words.
        if changes is not None and (changes[0][1] is None or changes[0][2] is None):
            templates = CONTROL_ONE_SIDED[changes[0][2] is None]
        elif b_id == "civilians" and kind in MAIN_CIVILIANS:
            templates = MAIN_CIVILIANS[kind]
        else:
            templates = MAIN[kind]
        main = templates[int(rnd() * len(templates))].format(
            a=label[a_id], b=label[b_id or "civilians"], p=place_name[pidx])
        main = main[0].upper() + main[1:] + main_cas
        need = 15 + int(rnd() * 26) - (main.count(" ") + 1)
        if need < 0:
            need = 0
        bucket = tails[g][need]
        summary = main + bucket[int(rnd() * len(bucket))]

        # Assemble the event.
        day = start - first
        date_end = f',"date_end":"{iso_of[day + span]}"' if span else ""
        note = ""
        if pc and rnd() < 0.4:
            d = iso_of[day]
            month = MONTHS[int(d[5:7]) - 1]
            if pc == 3:
                note = f',"date_note":"The source says \'in {month} {d[:4]}\'."'
            elif pc == 4:
                note = f',"date_note":"The source says only \'{d[:4]}\'."'
            elif pc == 2:
                note = ',"date_note":"The source says \'that week\'."'
            else:
                note = f',"date_note":"The source says \'in the days after {int(d[8:])} {month}\'."'
        ccs = ""
        if changes is not None:
            cc_parts = []
            for pl, f, t, certainty, claimed_by in changes:
                cc = (f'{{"place":{place_q[pl]},"from":{aq[f] if f is not None else "null"},'
                      f'"to":{aq[t] if t is not None else "null"},"certainty":"{certainty}"')
                if claimed_by is not None:
                    cc += f',"claimed_by":{aq[claimed_by]}'
                if f is None and rnd() < 0.5:
                    cc += ',"note":"The source does not say from whom the place was taken."'
                cc_parts.append(cc + "}")
            ccs = ",".join(cc_parts)
        c = rnd()
        if c < 0.88:
            certainty = '"certainty":"reported"'
        elif c < 0.95:
            claimant = a_id if a_id not in ("civilians", "protesters", "rioters") else "unidentified-armed-group"
            certainty = f'"certainty":"claimed","claimed_by":{aq[claimant]}'
        else:
            certainty = '"certainty":"alleged"'
        also = (f',"also_in":[{{"source":"article","section":"lead","paragraph":{1 + int(rnd() * lead_paragraphs)}}}]'
                if rnd() < 0.04 else "")
        actors = ",".join([role_json[r] for r in roles])
        place_list = ",".join([place_q[p] for p in places])
        cas = ",".join(cas_parts)
        # The event's own fatalities (all parties), for some events, without drawing: the sum of its killed figures,
        # exact or as a range with a best estimate; 0 for some events without casualties.
        fatalities = ""
        if killed_lo >= 0 and index % 4 == 0:
            fatalities = f',"fatalities":{killed_lo}'
        elif killed_lo >= 0 and index % 4 == 1:
            fatalities = f',"fatalities":{{"min":{killed_lo},"best":{killed_lo + 1},"max":{killed_lo + 3}}}'
        elif not cas_parts and index % 7 == 0:
            fatalities = ',"fatalities":0'
        return (f'{{"id":"{eid}","date":"{iso_of[day]}"{date_end}{prec_q[pc]}{note},"kind":{kind_q[kind]},'
                f'"actors":[{actors}],"places":[{place_list}],"casualties":[{cas}]{fatalities},'
                f'"control_changes":[{ccs}],{certainty},"summary":"{summary}",{source_of[day]}{also}}}')

    return event


def build_actors() -> list[dict]:
    names = Names("actor")
    out = []
    for aid, name, short, aliases, atype, parent, side, _noun, note in ACTORS:
        names.claim(aid, aid)
        names.claim(name, aid)
        for a in aliases:
            names.claim(a, aid)
        rec: dict = {"id": aid, "name": name}
        if short is not None:
            rec["short"] = short
        rec["aliases"] = list(aliases)
        rec["type"] = atype
        if parent is not None:
            rec["parent"] = parent
        if side is not None:
            rec["side"] = side
        if note is not None:
            rec["note"] = note
        out.append(rec)
    return out


def build_sides() -> list[dict]:
    names = Names("side")
    out = []
    for sid, name, col, supporters, note in SIDES:
        names.claim(sid, sid)
        names.claim(name, sid)
        rec: dict = {"id": sid, "name": name, "infobox_column": col}
        sups = []
        for actor, until, snote in supporters:
            sup: dict = {"actor": actor}
            if until is not None:
                sup["until"] = until
            if snote is not None:
                sup["note"] = snote
            sups.append(sup)
        if sups:
            rec["supporters"] = sups
        if note is not None:
            rec["note"] = note
        out.append(rec)
    return out


def reported_totals(rng: random.Random, totals: dict[str, int]) -> list[dict]:
    """Infobox-style figures near the events' sums (as real infoboxes are: close, never equal)."""
    out = []
    leaders = {"government": "syrian-government", "opposition": "fsa", "jihadists": "hts",
               "sdf-and-allies": "sdf", "islamic-state": "islamic-state"}
    for sid, _name, col, _sup, _note in SIDES:
        killed = int(totals.get(sid, 0) * (0.8 + rng.random() * 0.5))
        out.append({"id": f"infobox-{sid}-killed", "field": f"Casualties{col}", "side": sid,
                    "party": leaders[sid], "killed": killed, "certainty": "reported", "text": f"{killed:,} killed"})
    claimed = int(totals.get("islamic-state", 0) * (1.5 + rng.random()))
    out.append({"id": "infobox-islamic-state-killed-claimed", "field": "Casualties5", "side": "islamic-state",
                "party": "islamic-state", "killed": {"min": claimed, "max": None}, "certainty": "claimed",
                "claimed_by": "syrian-government", "text": f"{claimed:,}+ killed (government claim)"})
    civ = totals.get("civilians", 0)
    lo, hi = int(civ * 0.9), int(civ * 1.3) + 1
    out.append({"id": "infobox-civilians-killed", "field": "Casualties6", "party": "civilians",
                "killed": {"min": lo, "max": hi}, "certainty": "reported", "text": f"{lo:,}–{hi:,} civilians killed"})
    return out


def write_store(out_path: str, n: int, seed: int) -> int:
    rng = random.Random(seed)
    world = World(rng)
    sections = build_sections(rng)
    keys = draw_dates(rng, n)
    plan = plan_control(rng, world, keys)
    totals: dict[str, int] = {}
    make_event = make_event_writer(rng, world, plan, sections, totals)

    meta = {
        "title": f"Synthetic benchmark store ({n:,} events, seed {seed})",
        "description": "Generated by bench/generate.py for benchmarking dezzor; every record is invented.",
        "period": {"start": dt.date.fromordinal(START).isoformat(), "end": dt.date.fromordinal(END).isoformat()},
        "record": {"start": dt.date.fromordinal(START).isoformat(), "end": dt.date.fromordinal(END).isoformat()},
        "result": "None: the data is synthetic",
        "territory": [],
        "part_of": ["dezzor benchmarks"],
        "location": "Syria",
        "sources": [{"id": "article", "kind": "article", "title": "Synthetic chronology", "licence": "CC0-1.0",
                     "sections": sections}],
        "schema_version": 2,
    }
    head = {"meta": meta, "sides": build_sides(), "actors": build_actors(), "places": world.places}
    width = max(6, len(str(n)))

    directory = os.path.dirname(os.path.abspath(out_path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(out_path) + ".", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            text = json.dumps(head, ensure_ascii=False, indent=2)
            fh.write(text[: text.rindex("}")].rstrip() + ',\n  "events": [')
            chunk: list[str] = []
            lead = "\n    "
            for i in range(n):
                chunk.append(make_event(i, keys[i], f"ev-{i + 1:0{width}d}"))
                if len(chunk) == 10_000 or i == n - 1:
                    fh.write(lead + ",\n    ".join(chunk))
                    lead = ",\n    "
                    chunk = []
            fh.write("\n  ]," if n else "],")
            tail = json.dumps({"reported_totals": reported_totals(rng, totals)}, ensure_ascii=False, indent=2)
            fh.write(tail[1:])
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out_path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    try:
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
    return os.path.getsize(out_path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a valid synthetic dezzor store for benchmarks.")
    ap.add_argument("--events", "-n", type=int, required=True, metavar="N", help="number of events")
    ap.add_argument("--seed", "-s", type=int, default=0, metavar="S", help="random seed (default 0)")
    ap.add_argument("--out", "-o", required=True, metavar="FILE", help="file to write (replaced atomically)")
    args = ap.parse_args(argv)
    if args.events < 0:
        ap.error("--events must be 0 or more")
    t0 = time.perf_counter()
    try:
        size = write_store(args.out, args.events, args.seed)
    except OSError as exc:
        print(f"generate.py: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    took = time.perf_counter() - t0
    print(f"generate.py: {args.events:,} events, {size:,} bytes ({size / 2**20:,.1f} MiB) in {took:.1f} s -> {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
