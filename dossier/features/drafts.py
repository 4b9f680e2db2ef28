"""Drafts: an imported article is a draft (``draft: true``) until the
maintainer publishes it by removing that line.

``make html`` leaves every draft out before Sphinx even looks
for documents (``exclude_patterns``, computed when the configuration is
read), so no page, list, feed, sitemap, book or search index has it, and the
build says which drafts it left out. ``dossier serve`` sets
``dossier_show_drafts``: a draft is previewed at once, marked as a draft.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from dossier.sources import frontmatter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

DRAFT_NOTE = (
    "Draft: this article is previewed only. `make html` leaves it out until "
    "“draft: true” is removed from its front matter."
)


HEAD_BYTES = 4096


def is_draft(path: Path) -> bool:
    """Every build asks this of every article: a front matter that does not
    contain the word is answered from the file's first bytes, without parsing
    (at 10,000 articles, reading and parsing each took 20 s per build)."""
    try:
        with path.open("rb") as file:
            head = file.read(HEAD_BYTES)
        end = head.find(b"\n---", 3)
        if head.startswith(b"---") and end != -1 and b"draft" not in head[:end]:
            return False
        return frontmatter.read(path).data.get("draft") is True
    except (OSError, UnicodeDecodeError):
        return False


def _leave_out_drafts(app: Sphinx, config: Config) -> None:
    if config.dossier_show_drafts:
        return
    folder = config.dossier_articles_dir.strip("/")
    drafts = sorted(p for p in (Path(app.srcdir) / folder).glob("*.md") if is_draft(p))
    if not drafts:
        return
    config.exclude_patterns = [*config.exclude_patterns, *(f"{folder}/{p.name}" for p in drafts)]
    logger.info(
        "left out %d draft(s), not published until 'draft: true' is removed: %s",
        len(drafts),
        ", ".join(f"{folder}/{p.name}" for p in drafts),
    )


def mark_draft(doctree: nodes.document) -> None:
    """A note at the top of a previewed draft, under its title."""
    note = nodes.paragraph("", DRAFT_NOTE, classes=["draft-mark"])
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, note)
    else:
        doctree.insert(0, note)


def setup(app: Sphinx) -> None:
    # Not an "env" value: what it changes reaches Sphinx through exclude_patterns
    # (itself one), so an environment built without drafts serves as it is when
    # there are none, instead of every document being read again.
    app.add_config_value("dossier_show_drafts", False, "", types=[bool])
    app.connect("config-inited", _leave_out_drafts)
