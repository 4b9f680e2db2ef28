"""Names in an article that the registry lacks, with a guess of their kind.

``suggest_spans`` finds where the article names something, on the text as it
is (so a longer unknown name, "Shiraz University", wins over the registered
"Shiraz" inside it); spans wholly made of registered names are left out.
Here the spans become suggestions: one per name, its other spellings and a
last name used alone gathered as variants, each with its count, first line
and guessed kind (``suggest_kinds``).
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from pathlib import Path

from dossier.sources.names import Matcher
from dossier.sources.registry import Registry
from dossier.tools import suggest_kinds, suggest_lexicon
from dossier.tools.suggest_spans import Article, Mention, article_lines, is_acronym

Ambiguous = tuple[str, int, tuple[str, ...]]  # alias, first line, the ids it may mean
_THE = re.compile(r"^(?:the|The)[ \u00a0]+")
_LANGUAGE_NOUN = frozenset({"in", "into", "from", "of", "speak", "speaks", "spoken", "learn"})


@dataclasses.dataclass(frozen=True)
class Suggestion:
    name: str
    kind: str
    confidence: float  # the guessed kind's share of the evidence, 0 to 1
    count: int
    line: int  # the first line that names it
    variants: tuple[str, ...] = ()  # the other ways the article writes it

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "confidence": self.confidence,
            "count": self.count,
            "line": self.line,
            "variants": list(self.variants),
        }


def key(name: str) -> str:
    """One key for every way of writing a name: no leading "the", case,
    accents or the spelling variants of ``sources.spelling``."""
    name = _THE.sub("", name)
    if is_acronym(name) and name.endswith("s"):
        name = name[:-1]
    return suggest_lexicon.fold(name) or name.casefold()


def suggestions(path: Path, known: Registry) -> tuple[list[Suggestion], list[Ambiguous]]:
    forms = known.surface_forms()
    matcher = Matcher(forms)
    lines = article_lines(path, set(known.entities))
    ambiguous: dict[str, tuple[int, tuple[str, ...]]] = {}
    for line in lines:
        for start, end, ids in matcher.find(line.text):
            inside_role = any(s <= start and end <= e for s, e in line.known)
            if len(ids) > 1 and not inside_role:
                ambiguous.setdefault(line.text[start:end], (line.line_at(start), ids))
    listed = sorted(((a, n, ids) for a, (n, ids) in ambiguous.items()), key=lambda x: x[1])
    known_keys = {key(form) for form in forms}
    article = Article(lines, matcher)
    mentions = [m for m in article.mentions() if not _known(m, known_keys)]
    return _suggest(mentions, article.lowercase, known_keys), listed


def _known(mention: Mention, known_keys: set[str]) -> bool:
    """Registered, or a country's adjective before a registered name (Iranian
    Intelligence Ministry)."""
    if key(mention.name) in known_keys:
        return True
    first, _, rest = mention.name.partition(" ")
    return bool(rest) and suggest_lexicon.is_demonym(first) and key(rest) in known_keys


def _suggest(
    mentions: list[Mention], lowercase: set[str], known_keys: set[str]
) -> list[Suggestion]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[key(mention.name)].append(mention)
    _split_lists_of_titles(groups, known_keys)
    aliases: dict[str, list[str]] = defaultdict(list)
    _merge_acronyms(groups)
    _merge_spellings(groups)
    _merge_last_names(groups, aliases)
    _merge_heads(groups)
    kept = {k: ms for k, ms in groups.items() if _worth_listing(ms, k in aliases, lowercase)}
    points = {k: suggest_kinds.guess(ms, aliases.get(k, ())) for k, ms in kept.items()}
    lists: dict[int, list[dict[str, float]]] = defaultdict(list)
    for k, ms in kept.items():
        for list_id in {m.list_id for m in ms if m.list_id is not None}:
            lists[list_id].append(points[k])
    found = []
    for k, ms in kept.items():
        shared = [p for i in {m.list_id for m in ms} if i is not None for p in lists[i]]
        own = points[k]
        lent = suggest_kinds.share([p for p in shared if p is not own], own)
        name = _display_name(ms)
        kind, confidence = suggest_kinds.decide(lent, name)
        variants = []
        for mention in ms:
            form = _THE.sub("", mention.name) if mention.name != name else name
            if form != name and form not in variants and mention.shape != "title":
                variants.append(form)
        found.append(
            Suggestion(name, kind, confidence, len(ms), min(m.line for m in ms), tuple(variants))
        )
    return sorted(found, key=lambda s: (-s.count, s.line, s.name))


def _display_name(mentions: list[Mention]) -> str:
    """The full name (not a last name or an acronym alone), the form written
    most often mid-sentence among those."""
    counts: dict[str, int] = defaultdict(int)
    for mention in mentions:
        counts[mention.name] += 2 if not mention.weak else 1
    return max(
        counts,
        key=lambda n: (len(n.split()) > 1, counts[n], len(n.split()), -_first(mentions, n)),
    )


def _first(mentions: list[Mention], name: str) -> int:
    return next(i for i, m in enumerate(mentions) if m.name == name)


def _split_lists_of_titles(groups: dict[str, list[Mention]], known_keys: set[str]) -> None:
    """ "Time Regained and Nothing but Strategy": two names, when one of them
    is named alone elsewhere."""
    for group_key in list(groups):
        mentions = groups[group_key]
        name = mentions[0].name
        if " and " not in name or "and" not in mentions[0].joined:
            continue
        parts = [p for p in name.split(" and ") if p]
        if len(parts) < 2 or not any(key(p) in groups or key(p) in known_keys for p in parts):
            continue
        del groups[group_key]
        for mention in mentions:
            offset = mention.start
            for part in parts:
                start = mention.name.index(part, offset - mention.start) + mention.start
                piece = dataclasses.replace(
                    mention,
                    name=part,
                    start=start,
                    end=start + len(part),
                    words=tuple(part.split()),
                )
                if key(part) not in known_keys:
                    groups[key(part)].append(piece)
                offset = start + len(part)


def _merge_acronyms(groups: dict[str, list[Mention]]) -> None:
    """National Council of Resistance of Iran (NCRI): one name."""
    for group_key in list(groups):
        mentions = groups.get(group_key)
        if not mentions:
            continue
        acronym = next((m.acronym_after for m in mentions if m.acronym_after), "")
        if not acronym or key(acronym) == group_key:
            continue
        words = [w for w in mentions[0].words if w[:1].isupper()]
        initials = "".join(w[0] for w in words)
        if not acronym.startswith(initials[:2]) and not initials.startswith(acronym[:2]):
            continue
        other = groups.pop(key(acronym), [])
        mentions += other


def _merge_spellings(groups: dict[str, list[Mention]]) -> None:
    """Teheran and Tehran: one word written with or without a vowel inside."""
    singles = {k: ms for k, ms in groups.items() if len(ms[0].words) == 1 and len(k) >= 5}
    for group_key in sorted(singles, key=len, reverse=True):
        for position in range(1, len(group_key) - 1):
            if group_key[position] not in "aeiou":
                continue
            shorter = group_key[:position] + group_key[position + 1 :]
            if shorter in groups and group_key in groups and shorter != group_key:
                bigger, smaller = (
                    (shorter, group_key)
                    if len(groups[shorter]) >= len(groups[group_key])
                    else (group_key, shorter)
                )
                groups[bigger] += groups.pop(smaller)
                break


def _merge_last_names(groups: dict[str, list[Mention]], aliases: dict[str, list[str]]) -> None:
    """Tavares, after Helena Tavares: the person's last name used alone."""
    by_last: dict[str, list[str]] = defaultdict(list)
    for group_key, mentions in groups.items():
        words = [w for w in mentions[0].words if not suggest_lexicon.is_name_particle(w.lower())]
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            by_last[key(words[-1])].append(group_key)
    for group_key in list(groups):
        mentions = groups[group_key]
        words = [w for w in mentions[0].words if not suggest_lexicon.is_name_particle(w.lower())]
        last = key(words[-1]) if words else ""
        if len(words) != 1 or last not in by_last:
            continue
        owners = [o for o in by_last[last] if o != group_key]
        if len(owners) != 1 or owners[0] not in groups:
            continue
        owner = groups[owners[0]]
        word = words[0]
        if suggest_lexicon.is_common(word, 3.5) or not _person_name(owner):
            continue
        kind, _confidence = suggest_kinds.decide(suggest_kinds.guess(owner), owner[0].name)
        if kind != "person":
            continue  # Kermanshah, after the outlet Nasim-e Kermanshah
        owner += groups.pop(group_key)
        aliases[owners[0]].append(mentions[0].name)


def _person_name(mentions: list[Mention]) -> bool:
    if any(m.title for m in mentions):
        return True
    words = mentions[0].words
    heads = suggest_kinds.ORGANIZATION_HEADS | suggest_kinds.OUTLET_HEADS
    if words[-1].lower() in heads or suggest_lexicon.is_place(" ".join(words)):
        return False
    # a first name may be a common word (Matt, Grace); the last name is rare
    return not suggest_lexicon.is_common(words[-1], 3.5) and not any(
        suggest_lexicon.is_common(w, 5.5) for w in words
    )


def _merge_heads(groups: dict[str, list[Mention]]) -> None:
    """the Commission, after the European Commission: an organization named
    by its last word alone."""
    by_head: dict[str, list[str]] = defaultdict(list)
    for group_key, mentions in groups.items():
        words = mentions[0].words
        if len(words) >= 2 and words[-1].lower() in suggest_kinds.ORGANIZATION_HEADS:
            by_head[key(words[-1])].append(group_key)
    for group_key in list(groups):
        owners = by_head.get(group_key, [])
        if len(owners) == 1 and len(groups[group_key][0].words) == 1 and owners[0] in groups:
            groups[owners[0]] += groups.pop(group_key)


def _worth_listing(mentions: list[Mention], has_alias: bool, lowercase: set[str]) -> bool:
    """Leave out a lone common word with a capital, a country's adjective and a
    word the article also writes in lower case."""
    first = mentions[0]
    if first.shape != "run" or len(first.words) > 1 or has_alias:
        return True
    word = first.name
    if first.demonym or suggest_lexicon.is_demonym(word):
        language = suggest_lexicon.is_language(word)
        return language and any(m.before[:1] and m.before[0] in _LANGUAGE_NOUN for m in mentions)
    if is_acronym(word):
        return not suggest_lexicon.is_common(word, 5.0)  # TV, US: abbreviations of words
    if suggest_lexicon.is_common(word, 3.3) and all(m.adjective for m in mentions):
        return False  # Western special-interest groups, the Swiss cooperative
    if all(m.quoted for m in mentions) and suggest_lexicon.is_common(word, 3.5):
        return False  # the “Mothers” demonstration: a word in quotation marks
    if not suggest_lexicon.is_common(word, 3.5):
        return True
    if any(m.list_id is not None for m in mentions):
        return True
    if word.lower() in lowercase:
        return False
    # Never written in lower case: a place, or a name that is also a word (Instagram).
    return suggest_lexicon.is_place(word) or not suggest_lexicon.is_common(word, 5.0)
