"""Each page's words reach ``IndexBuilder.feed`` once, not once per occurrence.

``feed`` stems, filters and files every word *occurrence* of a page (10
million at 1,000 articles), though filing a page under a word twice changes
nothing.  The page's words reach it without repeats (first occurrences, in
order; its section titles are left as they are), and the stemmer remembers
its words for the whole build (``feed`` remembers them for one page only).
"""

from __future__ import annotations

import functools
from typing import Any

from sphinx.search import IndexBuilder

from dossier.speed.fence import Patch

_word_collector = IndexBuilder._word_collector


def words_once(self: IndexBuilder, doctree: Any) -> Any:
    if not hasattr(self.lang.stem, "cache_info"):
        self.lang.stem = functools.lru_cache(maxsize=1 << 18)(self.lang.stem)
    store = _word_collector(self, doctree)
    store.words = list(dict.fromkeys(store.words))
    store.title_words = list(dict.fromkeys(store.title_words))
    return store


PATCH = Patch(
    name="index_words_once",
    owner=IndexBuilder,
    attribute="_word_collector",
    replacement=words_once,
    signature="(self, doctree: 'nodes.document') -> 'WordStore'",
    written_for="Sphinx 9.0.4",
    upstream="sphinx-doc/sphinx: IndexBuilder.feed stems every occurrence of a word",
)
