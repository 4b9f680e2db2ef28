"""Writing imported blocks as MyST so that a reader sees exactly the page's text.

Every character Markdown or HTML would read as markup is escaped with a
backslash (CommonMark shows an escaped ASCII punctuation mark as itself), so
``*word*``, ``<script>``, a line starting ``1.`` or ``>`` reach the built page,
the feed and the EPUB as the characters the publisher wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from dossier.tools.import_extract import Block

# Inline: emphasis, code, links and images, raw HTML and autolinks, escapes.
_INLINE = re.compile(r"([\\`*_\[\]<>])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # "&amp;" would show as "&"
# At a line's start: headings, quotes, lists, thematic breaks, fences, MyST
# comments (%), targets ((name)=), block breaks (+++) and directives (:::).
_LINE_START = re.compile(r"^([#>+\-=%:~|(]|\d{1,9}(?=[.)]))")
_TRAILING_HASHES = re.compile(r"(\s)(#+)$")


def escape_inline(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    return _ENTITY.sub(r"\\&", text)


def escape_block(text: str) -> str:
    """A paragraph's text, safe to write as one Markdown line."""
    text = escape_inline(text)
    match = _LINE_START.match(text)
    if match and match.group(1)[0].isdigit():
        end = match.end()
        return text[:end] + "\\" + text[end:]
    if match:
        return "\\" + text
    return text


def escape_heading(text: str) -> str:
    return _TRAILING_HASHES.sub(lambda m: m.group(1) + "\\#" * len(m.group(2)), escape_inline(text))


def escape_cell(text: str) -> str:
    return escape_inline(text).replace("|", "\\|")


def yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter(fields: Mapping[str, object]) -> list[str]:
    """YAML lines, strings always quoted (a title may hold ``: `` or ``#``)."""
    lines = ["---"]
    for key, value in fields.items():
        if key == "summary":
            lines += ["summary: >-", f"  {value}"]
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(yaml_string(str(v)) for v in value)}]")
        else:
            lines.append(f"{key}: {yaml_string(str(value))}")
    return [*lines, "---", ""]


def _table(rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(escape_cell(c) for c in rows[0]) + " |"]
    lines.append("|" + " --- |" * len(rows[0]))
    lines += ["| " + " | ".join(escape_cell(c) for c in row) + " |" for row in rows[1:]]
    return lines


def body(blocks: Iterable[Block]) -> list[str]:
    """The article's blocks as MyST lines: headings, paragraphs, captions,
    lists (nested by depth), quotations and tables."""
    lines: list[str] = []
    previous: Block | None = None
    widths: dict[int, int] = {}
    numbers: dict[int, int] = {}
    for block in blocks:
        if block.kind == "image" and "//" in block.src:
            continue  # never linked from the publisher's server (import_images copies it)
        joined = previous is not None and previous.kind == block.kind == "item"
        quoted = previous is not None and previous.kind == block.kind == "quote"
        quoted = quoted and previous.group == block.group
        if lines and lines[-1] != "" and not joined:
            lines.append(">" if quoted else "")
        if block.kind == "heading":
            lines.append("#" * max(2, min(block.level or 2, 4)) + " " + escape_heading(block.text))
        elif block.kind == "image":
            lines.append(f"![{escape_inline(block.text)}]({block.src})")
        elif block.kind == "caption":
            lines += ["```{container} image-caption", escape_block(block.text), "```"]
        elif block.kind == "item":
            if not joined:
                numbers.clear()
            numbers[block.group] = numbers.get(block.group, 0) + 1
            marker = f"{numbers[block.group]}." if block.ordered else "-"
            indent = sum(widths.get(d, 2) for d in range(block.level))
            widths[block.level] = len(marker) + 1
            lines.append(" " * indent + marker + " " + escape_block(block.text))
        elif block.kind == "quote":
            lines.append("> " + escape_block(block.text))
        elif block.kind == "table" and block.rows:
            lines += _table(block.rows)
        else:
            lines.append(escape_block(block.text))
        previous = block
    return [*lines, ""]
