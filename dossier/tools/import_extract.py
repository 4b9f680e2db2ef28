"""Finding the article in a saved web page, with its words taken from the page.

trafilatura (the maintained main-content extractor that scores best on our
corpus, see ``make bench-import``) says which blocks are the article and what
they are: heading, paragraph, list item, quotation, table, caption. It also
normalises their spaces, so each block's words are then looked up in the
page's own text (:mod:`dossier.tools.import_page_text`) and written from
there: a no-break space, a curly quote or a dash stays what the page has. A
block whose words cannot be found in the page is left out and reported.
"""

from __future__ import annotations

import dataclasses
import json
import re

import htmldate
import trafilatura
from lxml import etree

from dossier.tools.import_errors import ImportRefused
from dossier.tools.import_page_text import PageText, collapse, page_text, parse_html, shown_key

# trafilatura's settings that score best on the corpus: no reader comments,
# the precise mode (fewer teasers and link lists), tables kept.
EXTRACTION = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_formatting": True,
    "include_links": False,
    "with_metadata": False,  # ours below: the page's own words, and faster
    "output_format": "python",
}
# Fewer letters and digits (spaces aside), and the page is a menu, a login form or
# an error page: the shortest article in the corpus has 300.
MIN_CHARACTERS = 200
_LEVELS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
_NESTED = {"list", "table", "quote", "graphic"}  # blocks of their own inside a block


@dataclasses.dataclass
class Block:
    kind: str  # "heading", "paragraph", "caption", "item", "quote", "table"
    text: str
    line: int
    level: int = 0  # heading: 2 to 4; list item: its depth, 0 for the outer list
    ordered: bool = False  # list item of a numbered list
    group: int = 0  # the list, quotation or table a block belongs to
    rows: list[list[str]] | None = None  # table: the cells' words, row by row
    start: int = -1  # where its words start in the page's text
    end: int = -1
    src: str = ""  # image: its address in the page


@dataclasses.dataclass
class Page:
    title: str
    title_line: int
    blocks: list[Block]
    missed: list[tuple[int, str]]  # (line, words) trafilatura kept but the page lacks
    metadata: dict[str, str | list[str]]
    links: list[Block] = dataclasses.field(default_factory=list)  # dropped: link lists


def _own_words(element: etree._Element) -> str:
    """An extracted block's words, without the blocks nested in it."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in _NESTED:
            parts.append(_own_words(child))
        elif child.tag == "list":
            parts.append(" ")
        parts.append(child.tail or "")
    if element.tag == "lb":
        parts.insert(0, " ")
    return "".join(parts)


class _Aligner:
    """Takes each extracted block's words from the page, in reading order."""

    def __init__(self, text: PageText):
        self.page = text
        self.cursor = 0
        self.missed: list[tuple[int, str]] = []

    def take(self, words: str) -> tuple[str, int, bool, tuple[int, int]] | None:
        """The page's words for an extracted block, its line, whether it is in
        a figure caption, and its span; None (and reported) if the page lacks them."""
        span = self.page.find(words, self.cursor) or self.page.find(words)
        if span is None:
            span = self.page.find_ends(words, self.cursor)
        if span is None:
            if shown_key(words):
                self.missed.append((self.page.line_at(self.cursor), collapse(words)))
            return None
        self.cursor = max(self.cursor, span[1])
        page = self.page
        return page.words(span), page.line_at(span[0]), page.in_caption(span[0]), span


def _blocks(body: etree._Element, align: _Aligner) -> list[Block]:
    blocks: list[Block] = []
    groups = iter(range(1, 1_000_000))

    def add(kind: str, element: etree._Element, **fields) -> None:
        taken = align.take(_own_words(element))
        if taken is None:
            return
        words, line, caption, (start, end) = taken
        if kind == "paragraph" and caption:
            kind = "caption"
        blocks.append(Block(kind, words, line, start=start, end=end, **fields))

    def walk_list(element: etree._Element, depth: int) -> None:
        group, ordered = next(groups), element.get("rend", "") in {"ol", "decimal"}
        for item in element.iter("item"):
            if _depth(item, element) != 0:
                continue
            add("item", item, level=depth, ordered=ordered, group=group)
            for child in item:
                if child.tag == "list":
                    walk_list(child, depth + 1)

    def visit(child: etree._Element, quote: int = 0) -> None:
        tag = child.tag
        if tag == "head":
            add("heading", child, level=_LEVELS.get(child.get("rend", "h2"), 3))
        elif tag == "list":
            walk_list(child, 0)
        elif tag == "quote":
            group = next(groups)
            if any(c.tag in {"p", "list", "head", "quote"} for c in child):
                walk(child, group)
            else:
                add("quote", child, group=group)
        elif tag == "table":
            table = _table(child, align, next(groups))
            if table:
                blocks.append(table)
        elif tag in {"p", "figcaption", "code", "div", "td"}:
            add("quote" if quote else "paragraph", child, group=quote)
            for nested in child:
                if nested.tag in {"list", "quote", "table"}:
                    visit(nested, quote)

    def walk(element: etree._Element, quote: int = 0) -> None:
        for child in element:
            visit(child, quote)

    walk(body)
    return blocks


def _depth(item: etree._Element, top: etree._Element) -> int:
    depth, parent = 0, item.getparent()
    while parent is not None and parent is not top:
        if parent.tag == "list":
            depth += 1
        parent = parent.getparent()
    return depth


def _table(element: etree._Element, align: _Aligner, group: int) -> Block | None:
    rows: list[list[str]] = []
    line, start, end = 0, -1, -1
    for row in element.iter("row"):
        cells = []
        for cell in row:
            taken = align.take(_own_words(cell)) if shown_key(_own_words(cell)) else None
            cells.append(taken[0] if taken else "")
            if taken and not line:
                line, start = taken[1], taken[3][0]
            if taken:
                end = taken[3][1]
        if any(cells):
            rows.append(cells)
    if not rows:
        return None
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return Block("table", "", line or 1, group=group, rows=rows, start=start, end=end)


def _attribute_words(root: etree._Element, xpath: str) -> list[str]:
    return [w for value in root.xpath(xpath) if (w := collapse(str(value)))]


def _title(root: etree._Element) -> tuple[str, int]:
    """The page's own words for its title: the <h1> that its title tags name
    (an <h1> in an <article>'s <header> too), else og:title, else the first
    <h1> (in the <article> if any), else <title>."""
    social = _attribute_words(
        root, "//meta[@property='og:title' or @name='twitter:title']/@content"
    )
    titles = _attribute_words(root, "//title/text()")
    named_keys = [shown_key(n) for n in social + titles]
    headings = [(h, collapse(h.text_content())) for h in root.iter("h1")]
    headings = [(h, words) for h, words in headings if words]
    for heading, words in headings:
        key = shown_key(words)
        if any(key in n for n in named_keys):
            return words, heading.sourceline or 1
    if social:
        return social[0], 1
    in_article = [(h, w) for h, w in headings if h.xpath("ancestor::article | ancestor::main")]
    for heading, words in in_article + headings:
        return words, heading.sourceline or 1
    if titles:
        return titles[0], 1
    return "", 1


def _json_ld(root: etree._Element) -> list[dict]:
    found: list[dict] = []
    for script in root.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                stack.extend(v for k, v in item.items() if k == "@graph")
    return found


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _authors(root: etree._Element, ld: list[dict]) -> list[str]:
    for item in ld:
        if names := [collapse(n) for n in _names(item.get("author")) if collapse(n)]:
            return list(dict.fromkeys(names))
    metas = _attribute_words(
        root,
        "//meta[@name='author' or @property='article:author' or @name='parsely-author' "
        "or @name='dc.creator' or @name='DC.creator' or @name='byl']/@content",
    )
    metas = [m for m in metas if not m.startswith(("http://", "https://"))]
    if metas:
        return list(dict.fromkeys(metas))
    return list(dict.fromkeys(_attribute_words(root, "//a[@rel='author']//text()")))


def _publication_date(root: etree._Element) -> str | None:
    """The date as precise as the page gives it: the page's date markup gives a
    day; a date found only in its text (htmldate's extensive search) is kept
    to the year when htmldate filled in a missing month and day (-01-01)."""
    date = htmldate.find_date(root, original_date=True, extensive_search=False)
    if date:
        return date
    date = htmldate.find_date(root, original_date=True, extensive_search=True)
    if date and date.endswith("-01-01"):
        return date[:4]
    return date


def _metadata(root: etree._Element) -> dict[str, str | list[str]]:
    """Who wrote it, when, where: from the page's tags, as the page writes them."""
    found: dict[str, str | list[str]] = {}
    ld = _json_ld(root)
    if authors := _authors(root, ld):
        found["authors"] = authors
    if date := _publication_date(root):
        found["date"] = date
    publishers = _attribute_words(
        root, "//meta[@property='og:site_name' or @name='application-name']/@content"
    ) or [n for item in ld for n in _names(item.get("publisher"))]
    if publishers:
        found["publisher"] = collapse(publishers[0])
    for url in root.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content"):
        if url.strip().startswith(("http://", "https://")):
            found["url"] = url.strip()
            break
    declared = "//meta[@http-equiv='content-language' or @http-equiv='Content-Language']/@content"
    languages = [root.get("lang", ""), *_attribute_words(root, declared)]
    for language in languages:
        if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language.strip()):
            found["language"] = language.strip()
            break
    return found


LINK_SHARE = 0.7  # a block this much link text is a teaser or a menu, not the article's
LINK_BLOCK_LENGTH = 400  # ... if shorter than this: a long linked paragraph may be text


def _without_link_lists(blocks: list[Block], text: PageText) -> tuple[list[Block], list[Block]]:
    """The blocks that are not mostly links to other pages ("Related: ..."),
    and those that are (reported to the maintainer as dropped)."""
    kept: list[Block] = []
    dropped: list[Block] = []
    for block in blocks:
        linked = (
            block.start >= 0
            and block.kind in {"paragraph", "item", "heading"}
            and len(block.text) < LINK_BLOCK_LENGTH
            and text.link_share((block.start, block.end)) >= LINK_SHARE
        )
        (dropped if linked else kept).append(block)
    return kept, dropped


def _with_figures(blocks: list[Block], text: PageText) -> list[Block]:
    """The article's images and figure captions, which the extractor leaves
    out (trafilatura drops <figcaption>), put back where the page has them."""
    placed = [b for b in blocks if b.start >= 0]
    if not placed:
        return blocks
    first, last = placed[0].start, max(b.end for b in placed)
    taken = [(b.start, b.end) for b in placed]
    added = [
        Block("image", alt, line, start=offset, end=offset, src=src)
        for offset, src, alt, line in text.images
        if first <= offset < last
    ]
    for span in text.caption_spans():
        start, end = text.trimmed(span)
        if first <= start < last and not any(s <= start < e for s, e in taken):
            words = text.words((start, end))
            added.append(Block("caption", words, text.line_at(start), start=start, end=end))
    if not added:
        return blocks
    added.sort(key=lambda b: (b.start, b.kind != "image"))
    merged: list[Block] = []
    for block in blocks:
        while added and block.start >= 0 and added[0].start < block.start:
            merged.append(added.pop(0))
        merged.append(block)
    return merged + added


def _article_blocks(
    root: etree._Element, html: str, text: PageText
) -> tuple[list[Block], list[tuple[int, str]], list[Block]]:
    """trafilatura's article in the page's words: its precise mode first, its
    fuller one if that found too little (the first pass changes the tree, so
    the second parses the page again). Returns the blocks, the words the page
    lacks, and the blocks dropped as link lists."""
    blocks: list[Block] = []
    links: list[Block] = []
    missed: list[tuple[int, str]] = []
    for tree, mode in (
        (root, {"favor_precision": True, "fast": True}),
        (None, {"favor_recall": True}),
    ):
        document = trafilatura.bare_extraction(
            tree if tree is not None else html, **EXTRACTION, **mode
        )
        if document is None or document.body is None:
            continue
        align = _Aligner(text)
        blocks, links = _without_link_lists(_blocks(document.body, align), text)
        blocks, missed = _with_figures(blocks, text), align.missed
        if _is_article(blocks):
            break
    return blocks, missed, links


def _is_article(blocks: list[Block]) -> bool:
    if any(b.kind == "table" for b in blocks):
        return True
    shown = sum(len(shown_key(b.text)) for b in blocks if b.kind in {"paragraph", "item", "quote"})
    return shown >= MIN_CHARACTERS


def extract(html: str) -> Page:
    """The article of a saved page: title, blocks in the page's words, metadata."""
    root = parse_html(html)
    text = page_text(root)
    title, title_line = _title(root)
    metadata = _metadata(root)
    blocks, missed, links = _article_blocks(root, html, text)  # last: it changes the tree
    if blocks and blocks[0].kind == "heading" and shown_key(blocks[0].text) == shown_key(title):
        blocks = blocks[1:]
    if not _is_article(blocks):
        raise ImportRefused(
            f"no article body found: the page has no text of {MIN_CHARACTERS} letters or more "
            "that could be told apart from its menus and links (a home, login, paywall or "
            "error page?) (fix: save the article's own page with its text, or copy the text "
            "into a .txt file)"
        )
    if not title:
        title = blocks[0].text
    return Page(title, title_line, blocks, missed, metadata, links)
