"""Lists on pages built from all documents: timeline, quotations, A–Z listings,
an entity's events, quotations and neighbours.

At 1,000 articles these lists hold hundreds of thousands of docutils nodes,
which cost seconds to create, write and index.  Each list is described once as
plain data; HTML builders get, as one node, the HTML Sphinx writes for the
nodes (same tags, attributes, escaping and line breaks), and the search index
the same words; other builders get the nodes.  (Mention links in articles
are written the same way, with ``prerendered`` and ``encode``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a page of the site (a relative URI, as the builder makes it)."""

    uri: str
    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    content: str | Link


Inline = str | Link | Strong


@dataclass(frozen=True, slots=True)
class Para:
    parts: tuple[Inline, ...]
    classes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Item:
    paras: tuple[Para, ...]
    classes: tuple[str, ...] = ()
    anchor: str = ""  # the item's id, for links to it


class prerendered(nodes.General, nodes.Element):  # noqa: N801 (docutils style)
    """HTML written as it is (``html``); its text, if any, is the words to index."""


def bullet_list(
    app: Sphinx, items: list[Item], classes: list[str], searched: bool = True
) -> nodes.Element:
    """The list as one HTML node for HTML builders, as nodes for the others.

    ``searched``: whether the search index must get its words (a list in a
    section or with a class kept out of the index needs none).
    """
    if app.builder.format == "html":
        return as_html(items, classes, searched)
    return as_nodes(items, classes)


def as_html(items: list[Item], classes: list[str], searched: bool = True) -> prerendered:
    words: list[str] | None = [] if searched else None
    node = prerendered(html=_list_html(items, classes, words))
    if words:
        node += nodes.Text("\n".join(words))
    return node


def as_nodes(items: list[Item], classes: list[str]) -> nodes.bullet_list:
    listing = nodes.bullet_list(classes=classes)
    listing += [_item_node(item) for item in items]
    return listing


# --- HTML, as docutils' and Sphinx's HTML5 writer make it -------------------------


def encode(text: str) -> str:
    """Escaped as docutils escapes text and attributes (``'`` kept, ``@`` encoded)."""
    return escape(text, quote=False).replace('"', "&quot;").replace("@", "&#64;")


def _class(classes: tuple[str, ...] | list[str]) -> str:
    return f' class="{encode(" ".join(classes))}"' if classes else ""


def _inline_html(part: Inline, out: list[str], words: list[str] | None) -> None:
    if isinstance(part, str):
        out.append(encode(part))
        if words is not None:
            words.append(part)
    elif isinstance(part, Link):
        out.append(f'<a class="reference internal" href="{encode(part.uri or "#")}">')
        _inline_html(part.text, out, words)
        out.append("</a>")
    else:
        out.append("<strong>")
        _inline_html(part.content, out, words)
        out.append("</strong>")


def _list_html(items: list[Item], classes: list[str], words: list[str] | None) -> str:
    # docutils calls a list "simple" (compact) when no item has two paragraphs,
    # and ends a paragraph with a line break unless it is its item's only child.
    simple = all(len(item.paras) < 2 for item in items)
    out = [f"<ul{_class([*classes, 'simple'] if simple else classes)}>\n"]
    for item in items:
        anchor = f' id="{encode(item.anchor)}"' if item.anchor else ""
        out.append(f"<li{_class(item.classes)}{anchor}>")
        end = "</p>" if len(item.paras) == 1 else "</p>\n"
        for para in item.paras:
            out.append(f"<p{_class(para.classes)}>")
            for part in para.parts:
                _inline_html(part, out, words)
            out.append(end)
        out.append("</li>\n")
    out.append("</ul>\n")
    return "".join(out)


def visit_prerendered(translator: HTML5Translator, node: prerendered) -> None:
    translator.body.append(node["html"])
    raise nodes.SkipNode


# --- nodes, for other builders ---------------------------------------------------


def _inline_node(part: Inline) -> nodes.Node:
    if isinstance(part, str):
        return nodes.Text(part)
    if isinstance(part, Link):
        return nodes.reference("", part.text, internal=True, refuri=part.uri)
    return nodes.strong("", "", _inline_node(part.content))


def _item_node(item: Item) -> nodes.Element:
    node = nodes.list_item(classes=list(item.classes), ids=[item.anchor] if item.anchor else [])
    for para in item.paras:
        paragraph = nodes.paragraph(classes=list(para.classes))
        paragraph += [_inline_node(part) for part in para.parts]
        node += paragraph
    return node


def setup(app: Sphinx) -> None:
    app.add_node(prerendered, html=(visit_prerendered, None))
