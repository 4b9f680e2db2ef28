"""Page descriptions for search engines and link previews (meta and OpenGraph).

Articles are described by their summary and entity pages by their entry's
description, instead of by the first words OpenGraph finds on the page.  On the
other pages OpenGraph's own description is kept, repaired where it cut its text
in the middle of an HTML character reference (sphinxext-opengraph escapes,
then shortens, so ``L'Opinion`` can end as ``L&#x27...``, which is invalid).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_CUT_REFERENCE = re.compile(r"&#?\w*\.\.\.\"")


def describe(env: BuildEnvironment, docname: str, text: str) -> None:
    """Use ``text`` as the page's description (call while the page is read)."""
    env.metadata[docname].update({"description": text, "og:description": text})


def _meta_description(app: Sphinx, pagename: str, templatename: str, context, doctree) -> None:
    text = (context.get("meta") or {}).get("description")
    if text and app.builder.name != "epub":
        context["metatags"] = context.get("metatags", "") + (
            f'\n<meta name="description" content="{html.escape(text)}">'
        )


def _repair_cut_references(app: Sphinx, pagename: str, templatename: str, context, doctree):
    if "metatags" in context:
        context["metatags"] = _CUT_REFERENCE.sub('..."', context["metatags"])


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _meta_description, priority=400)  # before OpenGraph
    app.connect("html-page-context", _repair_cut_references, priority=900)  # after it
