"""The EPUB of all articles and the feed, offered on the web site.

``make html`` builds the EPUB first; this module copies it into the HTML output
and the ``{downloads}`` directive links to it and to the Atom feed (on web
pages only: an EPUB does not link to itself).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from dossier.features.feed import FEED

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class DownloadsDirective(SphinxDirective):
    """``{downloads}``: links to the EPUB and the Atom feed at the root of the site."""

    def run(self) -> list[nodes.Node]:
        up = "../" * self.env.docname.count("/")
        para = nodes.paragraph(classes=["dossier-downloads"])
        if self.config.dossier_epub_file:
            name = Path(self.config.dossier_epub_file).name
            para += nodes.reference(
                "", "Download every article as an EPUB e-book", refuri=up + name
            )
            para += nodes.Text(" to read offline, or follow new articles with the ")
        else:
            para += nodes.Text("Follow new articles with the ")
        para += nodes.reference("", "Atom feed", refuri=up + FEED)
        para += nodes.Text(".")
        only = addnodes.only(expr="not epub")  # an EPUB does not link to itself
        only += para
        return [only]


def copy_epub(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html" or app.builder.name == "epub":
        return
    configured = app.config.dossier_epub_file
    if not configured:
        return
    source = Path(app.confdir) / configured
    if not source.is_file():
        logger.warning(
            "no EPUB to offer for download at %s (fix: run `make epub` first; `make html` does)",
            source,
            type="dossier",
            subtype="epub",
        )
        return
    shutil.copyfile(source, Path(app.outdir) / source.name)


def setup(app: Sphinx) -> None:
    app.add_config_value("dossier_epub_file", "", "html", types=[str])
    app.add_directive("downloads", DownloadsDirective)
    app.connect("build-finished", copy_epub)
