"""Parts of a web page that an e-book leaves out, marked where they are made.

Web-only parts (links to files beside the page, the ¶ permalinks, hover
hints) sit in ``only(expr="not epub")`` nodes.  Sphinx drops those for its
EPUB builder; the per-year books (``features.books``) are made from the HTML
build's own pages instead, so this post-transform gives what such a node
holds the class ``WEB_ONLY`` before Sphinx unwraps it for the web page, and
the book drops every element with one of ``WEB_ONLY_CLASSES``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.tags import Tags

if TYPE_CHECKING:
    from sphinx.application import Sphinx

WEB_ONLY = "dossier-web-only"
# Sphinx's permalinks on headings, and ours on paragraphs, carry ``headerlink``.
WEB_ONLY_CLASSES = frozenset((WEB_ONLY, "headerlink"))
NOT_IN_BOOKS = "not epub"  # the expression of an ``only`` node that books leave out
BOOK_TAGS = Tags(["epub", "builder_epub", "format_html"])  # what Sphinx sets for an EPUB


def web_only(*children: nodes.Node) -> addnodes.only:
    """``children`` on web pages only: not in Sphinx's EPUB, not in our books."""
    only = addnodes.only(expr=NOT_IN_BOOKS)
    only += children
    return only


class MarkWebOnly(SphinxPostTransform):
    """On article pages, mark what an ``only`` node keeps for the web but not for
    a book (nothing under Sphinx's own EPUB builder, whose tags are a book's)."""

    default_priority = 49  # before Sphinx's OnlyNodeTransform (50) unwraps them
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        articles = self.config.dossier_articles_dir.strip("/") + "/"
        if not self.env.docname.startswith(articles):
            return  # only articles become chapters: no need to walk 20,000 other pages
        tags = self.env._tags
        for only in self.document.findall(addnodes.only):
            expr = only["expr"]
            if not _keeps(tags, expr) or _keeps(BOOK_TAGS, expr):
                continue
            for n, child in enumerate(list(only.children)):
                if isinstance(child, nodes.Element):
                    child["classes"].append(WEB_ONLY)
                else:
                    only[n] = nodes.inline("", "", child, classes=[WEB_ONLY])


def _keeps(tags: Tags, expr: str) -> bool:
    try:
        return tags.eval_condition(expr)
    except Exception:  # Sphinx reports the bad expression itself
        return True


def setup(app: Sphinx) -> None:
    app.add_post_transform(MarkWebOnly)
