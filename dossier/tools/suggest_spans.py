"""Where an article names something: the spans ``dossier suggest`` weighs.

An article's text is read a paragraph at a time, as a reader sees it (roles
reduced to their words, directive options and fences left out).  A word
written with a capital says it is a name only in the middle of a sentence;
at the start of
a sentence, of a quotation or in a title-case heading it says so only when
the word is rare in English (wordfreq) or written with a capital elsewhere
in the middle of a sentence.  Such words make runs, joined by the small words
names contain ("of", "de", "van", "for the"), then titles (President,
Mullah), country adjectives (Iranian) and possessives are cut off.  Rare
lowercase words (a foreign term) and sentence-case titles in quotation marks
are spans too.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

from dossier.sources.frontmatter import body_lines
from dossier.sources.names import Matcher
from dossier.tools import suggest_lexicon as lexicon

_ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
_EXPLICIT = re.compile(r"^(.*?)\s*<([^<>]*)>\s*$", re.DOTALL)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_TOKEN = re.compile(r"\w+(?:[-’'&]\w+)*|&")
_SENTENCE_END = re.compile(r"[.!?:…]")
_QUOTED = re.compile(r"“([^“”]{3,120})”")
_SPACE = (" ", "\u00a0")
_MARKUP = re.compile(r"^(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)+")

# Small words that join the words of one name.  "of" and "on" join any two
# capitalised words (Ministry of Culture, Olympiad on Astronomy); the others
# only follow a common word written with a capital, as in a title (Rain over
# Lamu, Citizens for the Douro) or, for "and", sit between two (Documents and
# Secrets).  nameparser's particles (de, van, al, bin) join names.
_TITLE_JOINS = frozenset(
    {"for", "over", "under", "from", "but", "in", "to", "with", "at", "by", "against", "without"}
)
_AND = frozenset({"and", "&"})
_LOCATIVE = frozenset({"in", "at", "to", "from"})


@dataclasses.dataclass
class Token:
    text: str
    start: int
    end: int
    weak: bool = False  # at a sentence's, quotation's or title-case line's start
    possessive: bool = False
    gap: str = ""  # the characters before it, back to the previous token

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def acronym(self) -> bool:
        return is_acronym(self.text)


def is_acronym(word: str) -> bool:
    """NCRI, MEK, TV4, NGOs: two or more capitals (digits and a plural s allowed)."""
    core = word.removesuffix("s")
    return len(core) >= 2 and core.isupper() and sum(c.isalpha() for c in core) >= 2


@dataclasses.dataclass
class Mention:
    """One span of the article that may name something."""

    name: str
    line: int
    start: int
    end: int
    shape: str  # "run", "term" (a rare lowercase word) or "quoted" (a title in quotes)
    weak: bool = False  # its first word stands where any word has a capital
    title: str = ""  # the title cut off before it (President, Mullah)
    before: tuple[str, ...] = ()  # up to four words before it, lower case
    after: tuple[str, ...] = ()  # up to three words after it, lower case
    joined: tuple[str, ...] = ()  # the small words that joined its words ("of", "and")
    acronym_after: str = ""  # an acronym in brackets right after it: (NCRI)
    list_id: int | None = None  # the list of names it stands in, if any
    demonym: bool = False  # a country's adjective or a language's name
    adjective: bool = False  # a lowercase word other than "said", "in" or "and" follows
    quoted: bool = False  # between quotation marks, alone
    words: tuple[str, ...] = ()


@dataclasses.dataclass
class Line:
    """A paragraph (or heading) of the article: its text, where its source
    lines start in it, and the spans already in the registry."""

    number: int
    text: str
    known: list[tuple[int, int]]
    starts: tuple[tuple[int, int], ...] = ()  # (offset in text, line number)

    def line_at(self, offset: int) -> int:
        number = self.number
        for start, line in self.starts:
            if start > offset:
                break
            number = line
        return number


def article_lines(path: Path, known_ids: set[str]) -> list[Line]:
    """The article's prose as a reader sees it, a paragraph at a time (its
    lines joined), with the spans of roles that name a registered entity."""
    units: list[list[tuple[int, str]]] = []
    open_unit = False
    for number, raw in body_lines(path.read_text(encoding="utf-8")):
        stripped = raw.strip()
        if not stripped or stripped.startswith((":", "```")):
            open_unit = False  # a blank line, or a directive's fence or option
            continue
        text = _MARKUP.sub("", raw)
        starts_block = text != raw or stripped.startswith("#")
        if open_unit and not starts_block:
            units[-1].append((number, text.strip()))
        else:
            units.append([(number, text.strip())])
        open_unit = not stripped.startswith("#")
    lines = []
    for unit in units:
        joined = "\n".join(_ESCAPED.sub(r"\1", text) for _number, text in unit)
        text, known = _resolve_roles(joined, known_ids)
        breaks = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        starts = tuple(zip(breaks, (n for n, _text in unit), strict=False))
        lines.append(Line(unit[0][0], text.replace("\n", " "), known, starts))
    return lines


def _resolve_roles(text: str, known_ids: set[str]) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    known: list[tuple[int, int]] = []
    position = 0
    length = 0
    for match in _ROLE.finditer(text):
        before = text[position : match.start()]
        parts.append(before)
        length += len(before)
        role, content = match.groups()
        explicit = _EXPLICIT.match(content)
        words, target = (explicit.group(1), explicit.group(2)) if explicit else (content, "")
        if role == "entity":
            words = words if explicit else ""
            if (target or content).strip() in known_ids:
                known.append((length, length + len(words)))
        elif role != "quote":
            words = " " * len(words)  # {no-entity} and other roles: not names to suggest
        parts.append(words)
        length += len(words)
        position = match.end()
    parts.append(text[position:])
    return "".join(parts), known


def tokens(text: str) -> list[Token]:
    found: list[Token] = []
    previous_end = 0
    for start, end in _word_spans(text):
        word = text[start:end]
        token = Token(word, start, end, gap=text[previous_end:start])
        if word.endswith(("’s", "'s")) and len(word) > 3:
            token.text, token.end, token.possessive = word[:-2], end - 2, True
        elif text[end : end + 1] in "’'" and word.endswith("s"):
            token.possessive = not text[end + 1 : end + 2].isalpha()
        previous_end = end
        found.append(token)
    _mark_weak(found, text)
    return found


def _word_spans(text: str) -> Iterator[tuple[int, int]]:
    """Words; a compound with a lowercase word of three letters or more
    (Iranian-born, MOIS-sponsored) is two words, a joined name (Nasim-e,
    Safi-Zamir, Tell-Tale) one."""
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        parts = word.split("-")
        if len(parts) == 1 or not any(p.islower() and len(p) >= 3 for p in parts):
            yield match.span()
            continue
        offset = match.start()
        for part in parts:
            if part:
                yield offset, offset + len(part)
            offset += len(part) + 1


def _mark_weak(found: list[Token], text: str) -> None:
    """Mark the tokens whose capital says nothing: a sentence's or quotation's
    first word, and every word of a line in title case."""
    words = [t for t in found if len(t.text) > 3 and t.text[0].isalpha()]
    one_phrase = not re.search(r"[.!?…][”’\"]? +\S", text.strip())
    capitals = sum(t.capitalised for t in words)
    title_case = one_phrase and 4 <= len(words) <= 20 and capitals >= 0.7 * len(words)
    for index, token in enumerate(found):
        if title_case or index == 0:
            token.weak = True
            continue
        gap = token.gap
        previous = found[index - 1]
        abbreviation = len(previous.text) == 1 or (
            lexicon.is_title(previous.text) and len(previous.text) <= 3
        )
        ended = _SENTENCE_END.search(gap) and not (abbreviation and gap.startswith(". "))
        quoted = re.search('[“‘"]', gap) and not _short_quote(text, token.start)
        token.weak = bool(ended) or bool(quoted)


def _short_quote(text: str, start: int) -> bool:
    """“Resistance Units”, “People’s Councils”: a name in quotation marks
    (a few words, no punctuation), not the start of a quoted sentence."""
    match = re.match(r"([^“”‘’\".,;:!?]{1,60})[”’\"]", text[start:])
    return bool(match) and len(match.group(1).split()) <= 5


class Article:
    """Every mention in an article, with what the article says around them."""

    def __init__(self, lines: list[Line], matcher: Matcher | None = None) -> None:
        self.lines = lines
        self.matcher = matcher
        self.tokens = {line.number: tokens(line.text) for line in lines}
        self.lowercase: set[str] = set()
        self.strong: set[str] = set()  # words written with a capital mid-sentence
        for found in self.tokens.values():
            for token in found:
                for part in token.text.split("-"):
                    if part.islower():
                        self.lowercase.add(part)
                if token.capitalised and not token.weak:
                    self.strong.add(token.text)
        self._lists = 0

    def is_name_word(self, token: Token, following: Token | None = None) -> bool:
        """Whether a capitalised word reads as (part of) a name where it stands;
        ``following``: the next word, when a space separates them."""
        word = token.text
        if not token.capitalised or word.casefold() in lexicon.months_and_days() or word == "I":
            return False
        if token.acronym or word[0].isdigit():
            return True
        if not token.weak:
            return True
        if (
            following is not None
            and not following.weak
            and following.capitalised
            and self.is_name_word(following)
            and not following.acronym
            and (lexicon.is_name_particle(word.lower()) or lexicon.zipf(word) < 5.5)
            and not lexicon.is_title(word)
        ):
            # Sofia Rinaldi, Van Dijk Logistics: a first word that begins a longer name
            return lexicon.is_name_particle(word.lower()) or word.lower() not in self.lowercase
        if word.casefold() in self.lowercase or word.lower() in self.lowercase:
            return False
        if word in self.strong:
            return True
        return not lexicon.is_common(word)

    def mentions(self) -> Iterator[Mention]:
        for line in self.lines:
            found = self.tokens[line.number]
            known = list(line.known)
            if self.matcher is not None:
                known += [(s, e) for s, e, _ids in self.matcher.find(line.text)]
            for mention in self._line_mentions(line, found):
                if not _covered(mention, known, line.text):
                    yield mention

    def _line_mentions(self, line: Line, found: list[Token]) -> Iterator[Mention]:
        runs = list(self._runs(found, line.text))
        self._mark_lists(runs, line.text)
        for run in runs:
            yield from self._trim(run, line, found)
        yield from self._terms(line, found)
        yield from self._quoted_titles(line)

    def _runs(self, found: list[Token], text: str) -> Iterator[list]:
        """Runs of name words, each a list of (token or small word) items."""
        index = 0
        while index < len(found):
            token = found[index]
            following = found[index + 1] if index + 1 < len(found) else None
            if following is not None and following.gap not in _SPACE:
                following = None
            if not self.is_name_word(token, following):
                index += 1
                continue
            run: list = [token]
            joins: list[str] = []
            if index >= 1 and _particle_before(found, index):
                alone = index < 2 or not found[index - 2].capitalised
                if alone or found[index - 1].gap not in _SPACE:
                    run.insert(0, found[index - 1])  # de Vries, van Dijk
            index += 1
            while index < len(found):
                nxt = found[index]
                if run[-1].possessive and not _possessor_common(run[-1], nxt, run):
                    break
                if _spaced(run[-1], nxt) and self.is_name_word(nxt):
                    if run[-1].acronym and _name_at(self, found, index, place=True):
                        break  # MEK Iran: two names
                    run.append(nxt)
                    index += 1
                    continue
                if nxt.gap in _SPACE and nxt.text.isdigit() and len(nxt.text) <= 4:
                    after = text[nxt.end : nxt.end + 1]
                    if after not in ",-–" and not run[-1].text[0].isdigit():
                        run.append(nxt)
                        index += 1
                        continue
                joined = self._join(run[-1], found, index)
                if joined:
                    run += found[index : index + joined]
                    joins += [t.text for t in found[index : index + joined - 1]]
                    index += joined
                    continue
                break
            yield [run, joins]
        return

    def _join(self, last: Token, found: list[Token], index: int) -> int:
        """How many tokens from ``index`` on (the small words and the next name
        word) continue the run that ends with ``last``; 0 if none."""
        words: list[Token] = []
        position = index
        if last.possessive:
            return 0
        while position < len(found) and len(words) < 2:
            token = found[position]
            if token.gap not in _SPACE or not (token.text.islower() or token.text == "&"):
                break
            words.append(token)
            position += 1
        if not words or position >= len(found):
            return 0
        nxt = found[position]
        if nxt.gap not in _SPACE or not self.is_name_word(nxt) or nxt.weak:
            return 0
        small = [w.text for w in words]
        if len(small) == 2 and small[1] != "the":
            return 0
        first = small[0]
        joined = len(words) + 1
        run = self._run_before(found, index)
        if first == "&" or (lexicon.is_name_particle(first) and len(small) == 1):
            return joined
        if first == "of":
            return 0 if len(run) >= 2 and _person_like(run) else joined
        if len(small) == 1 and len(first) <= 3 and lexicon.zipf(first) < 5:
            rare = [t for t in (last, nxt) if lexicon.zipf(t.text) < 3.5]
            return joined if rare else 0  # Nuru ya Pwani, Dar es Salaam
        if first == "the" and len(small) == 1:
            return joined if lexicon.zipf(last.text) >= 5.5 or _is_title_word(last) else 0
        place_follows = _name_at(self, found, position, place=True)
        if first == "on":
            return 0 if place_follows else joined
        title_word = _is_title_word(last)
        if first in _AND:
            right = nxt.capitalised and not nxt.acronym and lexicon.zipf(nxt.text) >= 2.5
            head = last.text.lower() in lexicon.ORGANIZATION_HEADS  # ... Corps and the Ministry
            place = lexicon.is_place(nxt.text)
            return joined if title_word and right and not place and not head else 0
        if first in _TITLE_JOINS:
            if first in _LOCATIVE and place_follows:
                return 0
            return joined if title_word else 0
        return 0

    @staticmethod
    def _run_before(found: list[Token], index: int) -> list[Token]:
        """The capitalised words right before ``index``."""
        run: list[Token] = []
        position = index - 1
        while position >= 0 and found[position].capitalised:
            run.insert(0, found[position])
            if found[position].gap not in _SPACE:
                break
            position -= 1
        return run

    def _mark_lists(self, runs: list[list], text: str) -> None:
        """Number the runs that stand in one list of three or more names."""
        chain: list[list] = []
        for run in runs:
            if chain:
                gap = text[chain[-1][0][-1].end : run[0][0].start]
                if re.fullmatch(r"’?,? (?:and |or )?|’?, etc", gap.replace("\u00a0", " ")):
                    chain.append(run)
                    continue
                self._close(chain)
            chain = [run]
        self._close(chain)

    def _close(self, chain: list[list]) -> None:
        if len(chain) >= 3:
            self._lists += 1
            for run in chain:
                run.append(self._lists)

    def _trim(self, item: list, line: Line, found: list[Token]) -> Iterator[Mention]:
        run: list[Token] = item[0]
        joins: list[str] = item[1]
        list_id = item[2] if len(item) > 2 else None
        title = ""
        # A title and everything before it, when a person's name follows.
        for position in range(len(run) - 2, -1, -1):
            token = run[position]
            if lexicon.is_title(token.text) and lexicon.zipf(token.text) < 6:
                rest = run[position + 1 :]
                in_list = list_id is not None and len(rest) < 2  # Father Taleghani, a film
                if _person_like(rest) and _spaced(token, rest[0]) and not in_list:
                    prefix = run[: position + 1]
                    small = [i for i, t in enumerate(prefix) if t.text.islower()]
                    if small:  # National Security Advisor to | President | Barack Obama
                        item = [prefix[: small[-1]], [], list_id]
                        yield from self._trim(item, line, found)
                        prefix = prefix[small[-1] + 1 :]
                    title = " ".join(t.text for t in prefix)
                    run = rest
                    break
                if rest and rest[0].text == "of" and position == 0:
                    run = rest[1:]
                    if run and run[0].text == "the":
                        run = run[1:]
                    break
        # A country's adjective or a language's name before a name complete without it.
        demonym = False
        while len(run) == 2 and lexicon.is_demonym(run[0].text):
            rest = run[1]
            if rest.acronym or lexicon.zipf(rest.text) < 3.5:
                run = run[1:]  # Iranian IRGC, Iranian Gestapo
                continue
            break
        while run and run[-1].text.islower():
            run = run[:-1]
        if not run:
            return
        if len(run) == 1 and lexicon.is_demonym(run[0].text.split("-")[0]):
            demonym = True
        # Split a run at a possessive whose owner is a name (Khamenei’s Remarks).
        pieces: list[list[Token]] = [[]]
        for position, token in enumerate(run):
            pieces[-1].append(token)
            inside = token.possessive and token is not run[-1]
            if inside and not _possessor_common(token, run[position + 1], pieces[-1]):
                pieces.append([])
        for piece in pieces:
            while piece and (piece[-1].text.islower() or piece[-1].text == "&"):
                piece.pop()
            while piece and piece[0].text.islower():
                if len(piece) > 1 and lexicon.is_name_particle(piece[0].text):
                    break  # de Vries
                piece.pop(0)
            if not piece:
                continue
            piece = _hyphen_parts(piece, self)
            if not piece:
                continue
            first = piece[0]
            name = line.text[first.start : piece[-1].end]
            if first.weak and first.text == "The" and len(piece) > 1:
                piece = piece[1:]
                name = line.text[piece[0].start : piece[-1].end]
            index = found.index(first) if first in found else 0
            last_index = found.index(piece[-1]) if piece[-1] in found else index
            yield Mention(
                name=name,
                line=line.line_at(piece[0].start),
                start=piece[0].start,
                end=piece[-1].end,
                shape="run",
                weak=piece[0].weak,
                title=title if piece is pieces[-1] or len(pieces) == 1 else "",
                before=_context(found[:index], backwards=True, first=piece[0]),
                after=_context(found[last_index + 1 :], backwards=False),
                joined=tuple(joins),
                acronym_after=_acronym_after(line.text, piece[-1].end),
                list_id=list_id,
                demonym=demonym and len(piece) == 1,
                adjective=not piece[-1].possessive and _before_noun(found, last_index),
                quoted=piece[0].gap.endswith(("“", "‘", '"'))
                and line.text[piece[-1].end : piece[-1].end + 1] in ("”", "’", '"'),
                words=tuple(t.text for t in piece),
            )
            title_words = [w for w in title.split() if not lexicon.is_demonym(w)]
            title = " ".join(title_words)
            if len(title_words) == 1 and lexicon.zipf(title) < 4.0:  # Mullah, Ayatollah
                yield Mention(
                    name=title,
                    line=line.line_at(piece[0].start),
                    start=0,
                    end=0,
                    shape="title",
                    words=(title,),
                )
                title = ""

    def _terms(self, line: Line, found: list[Token]) -> Iterator[Mention]:
        """Rare lowercase words: a foreign term the article uses (monafeghin)."""
        for index, token in enumerate(found):
            word = token.text
            if not word.isalpha() or not word.islower() or len(word) < 4:
                continue
            if lexicon.zipf(word) > 0 or any(lexicon.zipf(stem) > 0 for stem in _stems(word)):
                continue
            yield Mention(
                name=word,
                line=line.line_at(token.start),
                start=token.start,
                end=token.end,
                shape="term",
                before=_context(found[:index], backwards=True, first=token),
                after=_context(found[index + 1 :], backwards=False),
                words=(word,),
            )

    def _quoted_titles(self, line: Line) -> Iterator[Mention]:
        """A title in sentence case between quotation marks, inside a sentence:
        “The distraction tactic is costly negligence” runs the title …"""
        for match in _QUOTED.finditer(line.text):
            inner = match.group(1)
            words = inner.split()
            follows = line.text[match.end() : match.end() + 2]
            if not (3 <= len(words) <= 10 and inner[0].isupper()):
                continue
            if re.search(r"[.!?,;:…]", inner) or not re.match(r" [a-z]", follows):
                continue
            if sum(w[0].isupper() for w in words) > len(words) / 2:
                continue  # title case: read as a run already
            yield Mention(
                name=inner,
                line=line.line_at(match.start(1)),
                start=match.start(1),
                end=match.end(1),
                shape="quoted",
                words=tuple(words),
            )


def _is_title_word(token: Token) -> bool:
    """A common word written with a capital, as words of a title are."""
    word = token.text
    return (
        token.capitalised
        and not token.acronym
        and lexicon.is_common(word)
        and not lexicon.is_title(word)
        and not lexicon.is_place(word)
    )


def _person_like(tokens: list[Token]) -> bool:
    """Words that can be a person's name: capitalised, not titles, at least
    one of them rare in English or an initial."""
    if not tokens or len(tokens) > 4:
        return False
    if any(not t.capitalised or lexicon.is_title(t.text) or t.acronym for t in tokens):
        return False
    if tokens[-1].text.lower() in lexicon.ORGANIZATION_HEADS | lexicon.OUTLET_HEADS:
        return False
    return any(len(t.text) == 1 or lexicon.zipf(t.text) < 4.0 for t in tokens)


def _hyphen_parts(piece: list[Token], article: Article) -> list[Token]:
    """Anti-MEK, MOIS-sponsored, Zanzibar-born: the name without the word
    the article otherwise writes in lower case."""
    if len(piece) != 1 or "-" not in piece[0].text:
        return piece
    token = piece[0]
    parts = token.text.split("-")
    common = [p.lower() in article.lowercase or p.islower() for p in parts]
    if not any(common) or all(common):
        return piece
    offset = token.start
    kept = []
    for part, is_common in zip(parts, common, strict=True):
        if not is_common and part[:1].isupper():
            kept.append(dataclasses.replace(token, text=part, start=offset, end=offset + len(part)))
        offset += len(part) + 1
    return kept[:1]


def _stems(word: str) -> list[str]:
    stems = []
    for ending, replacement in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", "")):
        if word.endswith(ending):
            stems.append(word[: -len(ending)] + replacement)
    for ending in ("ing", "ly", "ness", "ment"):
        if word.endswith(ending):
            stems.append(word[: -len(ending)])
    return stems


def _context(found: list[Token], *, backwards: bool, first: Token | None = None) -> tuple[str, ...]:
    """Up to four words before a mention (whose ``first`` word is given), or
    three after it, within its sentence, in lower case."""
    words: list[str] = []
    if first is not None and _SENTENCE_END.search(first.gap):
        return ()
    if backwards:
        for token in reversed(found):
            words.append(token.text.lower())
            if len(words) == 4 or _SENTENCE_END.search(token.gap):
                break
    else:
        for token in found:
            if _SENTENCE_END.search(token.gap):
                break
            words.append(token.text.lower())
            if len(words) == 3:
                break
    return tuple(words)


def _acronym_after(text: str, end: int) -> str:
    match = re.match(r" \(([A-Z][A-Z0-9]+)[ )/]", text[end:])
    return match.group(1) if match else ""


def _covered(mention: Mention, known: list[tuple[int, int]], text: str) -> bool:
    """Whether every word of the mention lies in a registered name's span."""
    if mention.shape == "title":
        return False
    words = [m.span() for m in re.finditer(r"\w+", text[mention.start : mention.end])]
    if not words:
        return False
    return all(
        any(s <= mention.start + a and mention.start + b <= e for s, e in known) for a, b in words
    )


def _spaced(previous: Token, token: Token) -> bool:
    """Only a space between two words (or an initial's full stop: James L. Jones)."""
    if token.gap in _SPACE or (previous.possessive and token.gap in ("’ ", "' ")):
        return True
    abbreviation = len(previous.text) == 1 or (
        lexicon.is_title(previous.text) and len(previous.text) <= 3
    )
    return token.gap in (". ", ".\u00a0") and abbreviation and previous.capitalised


def _possessor_common(owner: Token, nxt: Token, run: list[Token]) -> bool:
    """People’s Councils, The Guide’s Tale, Swahili Translators’ Guild: the
    possessive of a name's first common word (not of a name: Khamenei’s
    Remarks, Iran’s President, the Assembly’s Defence Committee)."""
    words = [t for t in run if t.text != "The" and not lexicon.is_demonym(t.text)]
    return (
        len(words) == 1
        and lexicon.is_common(owner.text)
        and not owner.acronym
        and not lexicon.is_country(owner.text)
        and not lexicon.is_title(nxt.text)
    )


def _before_noun(found: list[Token], index: int) -> bool:
    """Whether the word after ``index`` is a lowercase word, not a common one
    such as "said", "in" or "and" (Swiss sociologist, Arab countries)."""
    if index + 1 >= len(found):
        return False
    nxt = found[index + 1]
    return (
        nxt.gap in _SPACE
        and nxt.text.isalpha()
        and nxt.text.islower()
        and (lexicon.zipf(nxt.text) < 6)
    )


def _particle_before(found: list[Token], index: int) -> bool:
    previous = found[index - 1]
    return lexicon.is_name_particle(previous.text) and found[index].gap in _SPACE


def _name_at(article: Article, found: list[Token], index: int, *, place: bool) -> bool:
    """Whether the capitalised words from ``index`` on name a place."""
    words: list[Token] = []
    while index < len(found) and found[index].capitalised and article.is_name_word(found[index]):
        words.append(found[index])
        if index + 1 < len(found) and found[index + 1].gap not in _SPACE:
            break
        index += 1
    if not words:
        return False
    name = " ".join(t.text for t in words)
    return (
        lexicon.is_place(name)
        or lexicon.is_place(words[0].text)
        or (len(words) > 1 and words[-1].text.lower() in _PLACE_WORDS)
    )


_PLACE_WORDS = frozenset({"island", "islands", "province", "region", "river", "sea", "valley"})
