"""A saved page's own text, as one string a reader would see, with where each
piece came from.

The extraction library finds the article's blocks but rewrites their spaces
(a no-break space becomes a space); the words we write are taken from here
instead, so that every paragraph is the page's text character for character.
The same text is what ``dossier check`` compares an article with later.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

import lxml.html
from lxml import etree

# Elements a browser starts on a new line: their text never runs into the next.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)
# Never shown as text.
SKIPPED_TAGS = frozenset(
    ["script", "style", "template", "noscript", "head", "svg", "math", "iframe", "object"]
)
_ASCII_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # not \s: a no-break space is article text
# What is not compared: any space (no-break ones too) and invisible joiners.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SHOWN = re.compile(rf"[^\s{_INVISIBLE}]+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def collapse(text: str) -> str:
    """ASCII spaces and line breaks to one space; no-break spaces stay."""
    return _ASCII_SPACES.sub(" ", text).strip(" ")


def shown_key(text: str) -> str:
    """The text without any space: what two renderings of the same words share."""
    return "".join(_SHOWN.findall(text))


def parse_html(text: str) -> etree._Element:
    """The page's tree (lxml: the parser trafilatura uses too)."""
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html><body></body></html>")


@dataclasses.dataclass
class PageText:
    """The page's visible text, and for each character the element it is in."""

    text: str
    _starts: list[int]  # offset in text where each piece starts
    _lines: list[int]  # the source line of each piece
    _captions: list[bool]  # whether each piece is in a <figcaption>
    _links: list[bool]  # whether each piece is in a link (<a href>)
    images: list[tuple[int, str, str, int]] = dataclasses.field(default_factory=list)
    # each <img>: (offset in text, its address, its alt text, its line)
    _key: str = ""
    _key_starts: list[int] = dataclasses.field(default_factory=list)
    _key_offsets: list[int] = dataclasses.field(default_factory=list)

    def __post_init__(self) -> None:
        parts, key_starts, offsets, length = [], [], [], 0
        for match in _SHOWN.finditer(self.text):
            parts.append(match.group(0))
            key_starts.append(length)
            offsets.append(match.start())
            length += len(match.group(0))
        self._key = "".join(parts)
        self._key_starts, self._key_offsets = key_starts, offsets

    def _text_offset(self, key_index: int) -> int:
        run = bisect.bisect_right(self._key_starts, key_index) - 1
        return self._key_offsets[run] + key_index - self._key_starts[run]

    def find(self, words: str, start: int = 0) -> tuple[int, int] | None:
        """Where ``words`` stand in the page, spaces aside, at or after ``start``
        (a text offset): the (start, end) offsets of the page's own characters."""
        key = shown_key(words)
        if not key:
            return None
        key_from = bisect.bisect_left(self._key_offsets, start)
        key_from = (
            self._key_starts[key_from] if key_from < len(self._key_starts) else len(self._key)
        )
        found = self._key.find(key, key_from)
        if found < 0:
            return None
        return self._text_offset(found), self._text_offset(found + len(key) - 1) + 1

    def find_ends(self, words: str, start: int = 0, ends: int = 40) -> tuple[int, int] | None:
        """Where a block starts and ends when the extractor left words out of
        its middle (a link, a footnote mark): the page's whole span between
        its first and last ``ends`` characters, if not much longer than it."""
        key = shown_key(words)
        if len(key) < 3 * ends:
            return None
        head = self.find(key[:ends], start)
        if head is None:
            return None
        tail = self.find(key[-ends:], head[0])
        if tail is None:
            return None
        span = head[0], tail[1]
        if len(shown_key(self.text[span[0] : span[1]])) > 1.5 * len(key) + 200:
            return None
        return span

    def line_at(self, offset: int) -> int:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self._lines[index] if index >= 0 else 1

    def in_caption(self, offset: int) -> bool:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and self._captions[index]

    def link_share(self, span: tuple[int, int]) -> float:
        """How much of a span's shown text is link text."""
        first = bisect.bisect_right(self._starts, span[0]) - 1
        shown = linked = 0
        for index in range(max(first, 0), len(self._starts)):
            start = self._starts[index]
            if start >= span[1]:
                break
            piece = self.text[max(start, span[0]) : min(self._next_start(index), span[1])]
            count = len(piece) - piece.count(" ") - piece.count("\n")
            shown += count
            linked += count if self._links[index] else 0
        return linked / shown if shown else 0.0

    def caption_spans(self) -> list[tuple[int, int]]:
        """Where each <figcaption>'s text stands (its pieces run together)."""
        spans: list[tuple[int, int]] = []
        for index, start in enumerate(self._starts):
            if not self._captions[index]:
                continue
            end = start + len(self.text[start : self._next_start(index)])
            if spans and spans[-1][1] == start and self._captions[index - 1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return [s for s in spans if shown_key(self.text[s[0] : s[1]])]

    def _next_start(self, index: int) -> int:
        return self._starts[index + 1] if index + 1 < len(self._starts) else len(self.text)

    def trimmed(self, span: tuple[int, int]) -> tuple[int, int]:
        """The span without the spaces at its ends."""
        words = self.text[span[0] : span[1]]
        start = span[0] + len(words) - len(words.lstrip())
        return start, start + len(words.strip())

    def words(self, span: tuple[int, int]) -> str:
        return collapse(self.text[span[0] : span[1]])

    def collapsed(self) -> str:
        return collapse(self.text)


SMALL_IMAGE = 100  # pixels: an <img> this narrow or low is an icon, a logo or a tracker


def image_address(element: etree._Element) -> str | None:
    """An <img>'s own address (a lazy-loading page keeps it in data-src), or
    None for an icon or an inline data: image."""
    for size in (element.get("width", ""), element.get("height", "")):
        if size.isdigit() and int(size) < SMALL_IMAGE:
            return None
    for name in ("src", "data-src", "data-lazy-src", "data-original"):
        value = (element.get(name) or "").strip()
        if value and not value.startswith("data:"):
            return value
    return None


def page_text(root: etree._Element) -> PageText:
    """Walk the tree in reading order, a line break around each block element
    (the tree loses its comments, nothing a reader sees)."""
    pieces: list[str] = []
    starts: list[int] = []
    lines: list[int] = []
    captions: list[bool] = []
    links: list[bool] = []
    link_depth = 0
    images: list[tuple[int, str, str, int]] = []
    length = 0
    caption_depth = 0
    line = 1
    # Comments hide nothing from a reader: their tails join the text around them.
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            line = element.sourceline or line
            if not tag or tag in SKIPPED_TAGS:
                walker.skip_subtree()
                continue
            if tag == "figcaption":
                caption_depth += 1
            if tag == "a" and element.get("href"):
                link_depth += 1
            elif tag == "img" and (src := image_address(element)):
                images.append((length, src, collapse(element.get("alt", "")), line))
            texts = ("\n", element.text) if tag in BLOCK_TAGS else (element.text,)
        else:
            if tag and tag not in SKIPPED_TAGS:
                if tag == "figcaption":
                    caption_depth -= 1
                if tag == "a" and element.get("href"):
                    link_depth -= 1
                texts = ("\n", element.tail) if tag in BLOCK_TAGS else (element.tail,)
            else:
                texts = (element.tail,)
        for text in texts:
            if text:
                pieces.append(text)
                starts.append(length)
                lines.append(line)
                captions.append(caption_depth > 0)
                links.append(link_depth > 0)
                length += len(text)
    return PageText("".join(pieces), starts, lines, captions, links, images=images)


def text_of_source(data: str, is_html: bool) -> str:
    """The words a stored source shows, collapsed: what an article is checked against."""
    if is_html:
        return page_text(parse_html(data)).collapsed()
    return collapse(data)
