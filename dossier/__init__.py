"""Sphinx extension that turns MyST articles into a cross-referenced dossier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dossier import (
    aggregates,
    articles,
    descriptions,
    domain,
    downloads,
    entity_pages,
    events,
    feed,
    gc_policy,
    lists,
    mention_view,
    mentions,
    navigation,
    previews,
    quotes,
    scripts,
    search_shards,
    security,
    sitemap,
    sphinx_fixes,
    stubs,
    unchanged_indices,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def start_build(app: Sphinx) -> None:
    """What every build starts with.

    Sphinx runs it at ``builder-inited``, once per application; ``dossier
    serve`` keeps one application and runs it again before each rebuild.
    """
    gc_policy.relax(app)
    stubs.load_registry(app)
    navigation.forget(app)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register every part of the dossier; each module wires its own events."""
    domain.setup(app)
    aggregates.setup(app)
    lists.setup(app)
    articles.setup(app)
    stubs.setup(app)
    mentions.setup(app)
    events.setup(app)
    quotes.setup(app)
    mention_view.setup(app)
    entity_pages.setup(app)
    previews.setup(app)
    navigation.setup(app)
    feed.setup(app)
    descriptions.setup(app)
    downloads.setup(app)
    security.setup(app)
    search_shards.setup(app)
    unchanged_indices.setup(app)
    scripts.setup(app)
    sitemap.setup(app)
    gc_policy.setup(app)
    app.connect("builder-inited", start_build)
    sphinx_fixes.setup(app)
    return {
        "version": __version__,
        "env_version": 6,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
