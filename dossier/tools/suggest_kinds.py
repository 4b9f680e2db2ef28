"""Guessing what kind of thing a suggested name is, and how sure the guess is.

Each kind gathers points from what the libraries know of the name (a place
in the gazetteers, a person or an organization for probablepeople, a title
before it for nameparser, a rare lowercase word for wordfreq), from the shape
of the name ("University of …", "… News", "… TV", a title's small words) and
from the words around it (a newspaper, a book, "said").  Names in one list
(Tehran, Mashhad, Neyshabur) lend each other their points.  The confidence is
the winning kind's share of all the points.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from dossier.tools import suggest_lexicon as lexicon
from dossier.tools.suggest_lexicon import (
    ORGANIZATION_HEADS,
    ORGANIZATION_STARTS,
    OUTLET_HEADS,
    OUTLET_STARTS,
    PLACE_HEADS,
    PLACE_STARTS,
)
from dossier.tools.suggest_spans import Mention, is_acronym

KINDS = ("person", "organization", "outlet", "place", "work", "term")

# Words next to a name that say what it is.
OUTLET_CONTEXT = frozenset(
    [
        "newspaper",
        "newspapers",
        "magazine",
        "website",
        "site",
        "agency",
        "agencies",
        "broadcaster",
        "channel",
        "station",
        "radio",
        "daily",
        "weekly",
        "paper",
        "outlet",
        "tv",
    ]
)
WORK_CONTEXT = frozenset(
    [
        "book",
        "books",
        "novel",
        "film",
        "films",
        "documentary",
        "documentaries",
        "album",
        "collection",
        "report",
        "study",
        "pamphlet",
        "plan",
        "series",
        "title",
        "titles",
        "song",
        "songs",
        "play",
        "programme",
        "program",
        "anthology",
        "poem",
        "poems",
        "essay",
        "feature",
        "production",
        "productions",
    ]
)
WORK_VERBS = frozenset(["called", "titled", "entitled", "named"])
ORGANIZATION_CONTEXT = frozenset(
    [
        "union",
        "unions",
        "association",
        "cooperative",
        "bank",
        "producer",
        "company",
        "firm",
        "operator",
        "group",
        "party",
        "movement",
        "body",
        "regulator",
        "charity",
        "trust",
        "foundation",
        "institute",
        "manufacturer",
        "maker",
        "retailer",
        "insurer",
        "carrier",
        "airline",
        "publisher",
        "orchestra",
        "band",
        "team",
        "club",
        "federation",
        "coalition",
    ]
)
PERSON_VERBS = frozenset(
    [
        "said",
        "says",
        "told",
        "tells",
        "argues",
        "argued",
        "explains",
        "explained",
        "recounts",
        "wrote",
        "writes",
        "added",
        "answered",
        "asked",
        "declined",
        "warned",
        "replied",
        "thinks",
        "believes",
    ]
)
PLACE_PREPOSITIONS = frozenset(["in", "from", "to", "at", "near", "across", "throughout", "around"])
PLACE_CONTEXT = frozenset(
    [
        "settlement",
        "camp",
        "village",
        "city",
        "town",
        "province",
        "region",
        "district",
        "county",
        "capital",
        "island",
        "river",
        "valley",
    ]
)


def guess(mentions: list[Mention], aliases: Iterable[str] = ()) -> dict[str, float]:
    """Points per kind for one name, from all its mentions."""
    points: Counter[str] = Counter()
    name = mentions[0].name
    words = name.split()
    lower = [w.lower().strip("’'") for w in words]
    shapes = {m.shape for m in mentions}
    if "term" in shapes:
        points["term"] += 4
    if "title" in shapes:
        points["term"] += 4
    if "quoted" in shapes:
        points["work"] += 4
    if any(m.title for m in mentions):
        points["person"] += 4
    if any(m.demonym for m in mentions):
        points["term"] += 2
    if lexicon.is_place(name) and not is_acronym(name):
        points["place"] += 4 if len(words) > 1 else 3 if not lexicon.is_common(name, 4.5) else 2
    head, start = lower[-1], lower[0]
    if head in ORGANIZATION_HEADS or start in ORGANIZATION_STARTS:
        points["organization"] += 3
    if head in OUTLET_HEADS or start in OUTLET_STARTS:
        points["outlet"] += 3.5
    if (head in PLACE_HEADS or start in PLACE_STARTS) and len(words) > 1:
        points["place"] += 2.5
    if is_acronym(name):
        # NGOs, a so-called NGO: a common noun; a CIA coup: a name as an adjective
        plural = any(m.name.endswith("s") for m in mentions) or any(
            m.before[:1] in (("a",), ("an",)) and not m.adjective for m in mentions
        )
        points["term" if plural else "organization"] += 2
    if any(lexicon.is_title(w) and lexicon.zipf(w) < 6 for w in words):
        points["term"] += 1.5  # Supreme Guide, National Security Advisor: an office
    if len(words) > 1 and not is_acronym(name):
        _shape_points(words, mentions, points)
    for mention in mentions:
        _context_points(mention, points)
    if aliases:
        points["person"] += 2  # a last name used alone, after the full name
    return dict(points)


def _shape_points(words: list[str], mentions: list[Mention], points: Counter[str]) -> None:
    lower = [w.lower() for w in words]
    small = [w for w in lower if w in ("the", "and", "but", "over", "under", "from", "in", "a")]
    if words[0] == "The" and not any(m.weak for m in mentions):
        points["work"] += 1.5
    if small:
        points["work"] += 1.0
    common = [w for w in words if w[0].isupper() and lexicon.is_common(w, 3.5)]
    rare = [w for w in words if w[0].isupper() and not lexicon.is_common(w, 3.5)]
    heads = ORGANIZATION_HEADS | OUTLET_HEADS | PLACE_HEADS
    titles = any(lexicon.is_title(w) and lexicon.zipf(w) < 6 for w in words)
    if common and not rare and not any(w in heads for w in lower) and not titles:
        points["work"] += 1.0
    # A person's name: two to four words, the last one rare (Helena Tavares, Marieke de Vries)
    names = [w for w in words if not lexicon.is_name_particle(w)]
    alphabetic = all(w.replace("-", "").replace(".", "").isalpha() for w in names)
    last_rare = not lexicon.is_common(names[-1], 3.5)
    first_not_common = not lexicon.is_common(names[0], 5.0)
    heads = ORGANIZATION_HEADS | OUTLET_HEADS | PLACE_HEADS
    shaped = 2 <= len(names) <= 4 and alphabetic and last_rare and first_not_common
    if shaped and not small and not any(w.lower() in heads for w in names) and "of" not in lower:
        points["person"] += 1.5
    reading = lexicon.person_or_organization(" ".join(words))
    if reading == "person" and not small and len(words) <= 3:
        points["person"] += 1.5
    elif reading == "organization":
        points["organization"] += 1


def _context_points(mention: Mention, points: Counter[str]) -> None:
    before, after = mention.before, mention.after
    near = set(before[:3]) | set(after[:3])
    next_to = set(before[:1]) | set(after[:1])  # the Erja News website, the magazine Le Point
    if near & OUTLET_CONTEXT:
        points["outlet"] += 4 if next_to & OUTLET_CONTEXT else 1.5
    if near & WORK_CONTEXT or set(before[:1]) & WORK_VERBS:
        points["work"] += 2.5 if next_to & WORK_CONTEXT else 1.5
    if set(after[:1]) & PLACE_CONTEXT:
        points["place"] += 3  # the Ashraf 3 settlement, Eastern Azerbaijan province
    if before[:1] == ("the",) and mention.shape == "run" and len(mention.words) > 1:
        points["person"] -= 1  # the Mujahedin-e Khalq: not a person's name
    if before[:2] in (("as", "such"), ("like", "names")):
        points["work"] += 0.5
    if set(before[:3]) & ORGANIZATION_CONTEXT:
        points["organization"] += 2
    if after[:1] == ("who",):
        points["person"] += 1.5
    if after[:1] and after[0] in PERSON_VERBS and mention.shape == "run":
        points["person"] += 0.5
    if before[:1] and before[0] in PLACE_PREPOSITIONS and mention.shape == "run":
        points["place"] += 0.5
    elif len(before) >= 2 and before[0] == "the" and before[1] in PLACE_PREPOSITIONS:
        points["place"] += 0.5  # from the sea to the Alps
    if before[:1] and lexicon.is_title(before[0]) and lexicon.zipf(before[0]) < 6:
        points["person"] += 1.5  # the novelist Amina Salim
    if mention.before[:1] == ("the",) and mention.shape == "run":
        points["organization"] += 1 if len(mention.words) > 1 else 0.3


def share(others: list[dict[str, float]], member: dict[str, float]) -> dict[str, float]:
    """A member's points, and half of the points of the others in its lists."""
    result = Counter(member)
    for points in others:
        for kind, value in points.items():
            result[kind] += value / 2
    return dict(result)


def decide(points: dict[str, float], name: str) -> tuple[str, float]:
    """The kind with the most points and its share of all points (a default
    when nothing spoke: a rare single word is taken for a person's name)."""
    prior = {"person": 0.6, "organization": 0.5, "place": 0.4, "term": 0.3, "work": 0.2}
    if len(name.split()) > 1:
        prior["organization"] += 0.3
    scores = Counter(prior)
    scores.update(points)
    kind, best = max(scores.items(), key=lambda item: (item[1], -KINDS.index(item[0])))
    total = sum(v for v in scores.values() if v > 0)
    return kind, round(best / total, 2) if total else 0.0
