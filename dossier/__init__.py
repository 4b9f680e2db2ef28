"""Sphinx extension that turns MyST articles into a cross-referenced dossier.

The package is a house in layers; each folder may import only those below it
(``tests/test_layers.py`` keeps it so, and ``ARCHITECTURE.md`` draws it):

- ``tools``: the maintainer's commands (import, check, suggest, serve);
- ``features``: one module per thing a reader sees;
- ``store``: what the build keeps between documents;
- ``web``: how pages reach a browser;
- ``speed``: fenced changes to Sphinx's, docutils' and MyST's internals;
- ``sources``: what maintainers write, read without Sphinx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def start_build(app: Sphinx) -> None:
    """What every build starts with.

    Sphinx runs it at ``builder-inited``, once per application; ``dossier
    serve`` keeps one application and runs it again before each rebuild.
    """
    from dossier.features import stubs, year_pages
    from dossier.speed import gc_policy
    from dossier.web import navigation

    gc_policy.relax(app)
    articles = stubs.article_files(app)  # looked for once: tags and years need them
    stubs.load_registry(app, articles)
    year_pages.write_year_stubs(app, articles)
    navigation.forget(app)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register every part of the dossier; each module wires its own events.

    The order is the order of their handlers for the same event.  The parts
    are imported here, not at the top: the maintainer's commands import this
    package without loading Sphinx.
    """
    from dossier.features import (
        articles,
        books,
        citations,
        corrections,
        dataset,
        drafts,
        entity_pages,
        events,
        feed,
        mentions,
        name_search,
        network,
        quotes,
        reproducible,
        sitemap,
        structured_data,
        stubs,
        year_pages,
    )
    from dossier.speed import doctree_cache, gc_policy, patches, unchanged_indices
    from dossier.store import aggregates, domain, lists, mention_view
    from dossier.web import (
        descriptions,
        navigation,
        previews,
        scripts,
        search_shards,
        security,
        web_only,
    )

    patches.setup(app)  # first: a patch whose target changed stops the build here
    doctree_cache.setup(app)
    reproducible.setup(app)
    domain.setup(app)
    aggregates.setup(app)
    lists.setup(app)
    articles.setup(app)
    corrections.setup(app)  # after articles: its notice goes under the byline
    drafts.setup(app)
    stubs.setup(app)
    mentions.setup(app)
    year_pages.setup(app)
    events.setup(app)
    quotes.setup(app)
    citations.setup(app)  # after mentions: its section is not article text
    mention_view.setup(app)
    entity_pages.setup(app)
    network.setup(app)
    previews.setup(app)
    web_only.setup(app)
    navigation.setup(app)
    feed.setup(app)
    structured_data.setup(app)
    descriptions.setup(app)
    books.setup(app)
    dataset.setup(app)
    security.setup(app)
    search_shards.setup(app)
    name_search.setup(app)
    unchanged_indices.setup(app)
    scripts.setup(app)
    sitemap.setup(app)
    gc_policy.setup(app)
    app.connect("builder-inited", start_build)
    return {
        "version": __version__,
        "env_version": 10,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
