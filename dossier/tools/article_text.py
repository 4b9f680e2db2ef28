"""An article's paragraphs and headings as a reader sees their words.

The MyST source is read with MyST's own Markdown parser, so escapes are
resolved exactly as the build resolves them, roles are reduced to their words,
and the directives we add (events, captions, quotations) are looked into.
Each unit keeps its source line and any markup the parser found in it: raw
HTML or an emphasis, a link or code that the article's text did not mean.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

_OPTION_LINES = re.compile(r"\A((?::[\w-]+:.*\n)*)")
_ROLE_WORDS = re.compile(r"^(.*?)(?:\s*<[^<>]*>)?$", re.DOTALL)
_DIRECTIVES_WITH_TEXT = ("container", "quote")
# Inline tokens that would show something other than the characters typed.
_MARKUP = {
    "html_inline": "raw HTML",
    "em_open": "emphasis (* or _)",
    "strong_open": "strong emphasis (** or __)",
    "code_inline": "code (backticks)",
    "link_open": "a link ([...](...))",
}
_BLOCK_MARKUP = {
    "html_block": "raw HTML",
    "code_block": "an indented code block",
    "hr": "a thematic break (---)",
}


@dataclasses.dataclass
class Unit:
    line: int
    kind: str  # "heading" or "paragraph" (list items, quotations and cells too)
    words: str
    markup: list[str]


@functools.cache
def _parser() -> Any:
    """MyST's Markdown as the site's configuration reads it (``conf.py``:
    colon fences, definition lists), built from markdown-it's plugins as
    myst-parser builds it, without loading docutils for a maintainer's command."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.myst_blocks import myst_block_plugin
    from mdit_py_plugins.myst_role import myst_role_plugin

    return (
        MarkdownIt("commonmark")
        .enable("table")
        .use(myst_block_plugin)
        .use(myst_role_plugin)
        .use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
        .use(colon_fence_plugin)
        .use(deflist_plugin)
    )


def _inline_words(token: Any) -> tuple[str, list[str]]:
    parts: list[str] = []
    markup: list[str] = []
    for child in token.children or []:
        if child.type in _MARKUP:
            markup.append(_MARKUP[child.type])
        if child.type in {"text", "code_inline", "html_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "myst_role":
            parts.append(_ROLE_WORDS.match(child.content).group(1))
        elif child.type == "image" and "//" in str(child.attrs.get("src", "")):
            markup.append("an image from another server")
    return "".join(parts), markup


def units(text: str, first_line: int = 1) -> list[Unit]:
    """Every paragraph, heading, list item, quotation and table cell of a MyST
    body (``first_line``: the body's first line in its file)."""
    found: list[Unit] = []
    tokens = _parser().parse(text)
    heading = False
    for token in tokens:
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "heading_open":
            heading = True
        elif token.type == "inline":
            words, markup = _inline_words(token)
            found.append(Unit(line, "heading" if heading else "paragraph", words, markup))
            heading = False
        elif token.type in _BLOCK_MARKUP:
            found.append(Unit(line, "paragraph", token.content, [_BLOCK_MARKUP[token.type]]))
        elif token.type in {"fence", "colon_fence"}:
            info = token.info.strip()
            name = info[1 : info.find("}")] if info.startswith("{") else ""
            if name in _DIRECTIVES_WITH_TEXT:
                options = _OPTION_LINES.match(token.content).group(1)
                found += units(token.content[len(options) :], line + 1 + options.count("\n"))
            elif not name:
                found.append(Unit(line, "paragraph", token.content, ["a code block (```)"]))
    return found


def body_start(text: str) -> tuple[str, int]:
    """The text after the front matter, and the line it starts on."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=1):
            if line.strip() == "---":
                return "\n".join(lines[number + 1 :]), number + 2
    return text, 1


def article_units(text: str) -> list[Unit]:
    body, start = body_start(text)
    return units(body, start)
