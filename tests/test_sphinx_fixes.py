"""The search-index prune workaround keeps exactly what Sphinx would keep."""

from __future__ import annotations

from sphinx.search import IndexBuilder

import dossier.sphinx_fixes as fixes


class Index:
    def __init__(self) -> None:
        self._titles = {"a": "A", "b": "B", "c": "C"}
        self._all_titles = {"a": [], "b": [], "c": []}
        self._filenames = {"a": "a.md", "b": "b.md", "c": "c.md"}
        self._mapping = {"word": {"a", "b", "c"}, "other": {"c"}}
        self._title_mapping = {"title": {"b", "c"}}


def test_prune_with_a_dict_keeps_the_same_documents_as_sphinx():
    ours, theirs = Index(), Index()
    fixes._prune_with_a_set(ours, {"a": 1, "c": 2})
    fixes._prune(theirs, {"a": 1, "c": 2})
    assert vars(ours) == vars(theirs)
    assert ours._mapping == {"word": {"a", "c"}, "other": {"c"}}
    fixes.setup(None)  # what the extension does when Sphinx loads it (idempotent)
    fixes.setup(None)
    assert IndexBuilder.prune is fixes._prune_with_a_set
