"""The search index that ``dossier serve`` keeps between builds, updated word by word.

After a one-article edit Sphinx prunes the rewritten page from every word of
the index and turns every word's set of pages into a sorted list again: at
1,000 articles (50,000 words) over half a second per build.  The kept index
remembers which words each page is filed under and which pages were pruned or
fed since it was last frozen: pruning touches only a pruned page's words, and
freezing only the words whose pages changed.  The result is the same as
Sphinx's (a test compares them).

It learns a page's words by noting the ``setdefault`` calls of Sphinx's
``feed``.  The first page fed in a process is checked against a full scan of
the index: if ``feed`` files words some other way, the build stops with
``PatchTargetChangedError`` instead of keeping a wrong index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dossier.speed.fence import PatchTargetChangedError, switched_off
from dossier.speed.index_terms import terms_of

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.search import IndexBuilder

Terms = dict[str, list[int] | int]
_feed_checked = False  # the first feed of the process was checked (``check_noted``)


def wanted() -> bool:
    """``dossier serve`` keeps its index this way unless ``DOSSIER_SPEED_OFF`` says not."""
    return not switched_off("kept_index")


class _Noting(dict):
    """A word → pages map that notes the words a page is added to (``feed`` adds
    a page with ``setdefault(word, set()).add(page)``)."""

    added: set[str]

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.added.add(key)
        return super().setdefault(key, default)


class KeptIndex:
    """Installs itself on one ``IndexBuilder`` and replaces its ``prune``,
    ``feed`` and ``get_terms`` with word-by-word versions."""

    def __init__(self, indexer: IndexBuilder) -> None:
        self.indexer = indexer
        self.maps = (_Noting(indexer._mapping), _Noting(indexer._title_mapping))
        indexer._mapping, indexer._title_mapping = self.maps
        self.words_of: dict[str, tuple[set[str], set[str]]] = {}
        for part, mapping in enumerate(self.maps):
            for word, pages in mapping.items():
                for page in pages:
                    self.words_of.setdefault(page, (set(), set()))[part].add(word)
        self.pruned: dict[str, tuple[set[str], set[str]]] = {}  # page -> its words then
        self.fed: set[str] = set()  # pages fed since the last freeze
        # Frozen now, after the first build (which Sphinx numbers the same way
        # in ``freeze``), so that the first edit too redoes only its words.
        fn2index = {page: number for number, page in enumerate(sorted(indexer._titles))}
        terms, title_terms = terms_of(self.maps, fn2index)
        self.frozen: tuple[dict[str, int], Terms, Terms] = (fn2index, terms, title_terms)
        self._feed = indexer.feed
        indexer.prune, indexer.feed, indexer.get_terms = self.prune, self.feed, self.get_terms

    def prune(self, docnames: Iterable[str]) -> None:
        """Keep only ``docnames``: remove the others from the words they are filed under."""
        kept = docnames if isinstance(docnames, set | frozenset) else set(docnames)
        index = self.indexer
        for page in [page for page in index._titles if page not in kept]:
            words = self.words_of.pop(page, (set(), set()))
            for part, held in enumerate(words):
                for word in held:
                    self.maps[part][word].discard(page)
            self.pruned.setdefault(page, words)  # as at the last freeze
            for held in (index._titles, index._filenames, index._all_titles, index._index_entries):
                held.pop(page, None)

    def feed(self, docname: str, *args: Any, **kwargs: Any) -> None:
        for mapping in self.maps:
            mapping.added = set()
        self._feed(docname, *args, **kwargs)
        self.words_of[docname] = (self.maps[0].added, self.maps[1].added)
        self.fed.add(docname)
        global _feed_checked
        if not _feed_checked:
            self.check_noted(docname)
            _feed_checked = True

    def check_noted(self, docname: str) -> None:
        """The words noted for ``docname`` are all the words it is filed under."""
        for part, mapping in enumerate(self.maps):
            filed = {word for word, pages in mapping.items() if docname in pages}
            if filed != self.words_of[docname][part]:
                raise PatchTargetChangedError(
                    "kept_index",
                    "IndexBuilder.feed no longer files words with setdefault "
                    f"({len(filed)} words filed, {len(mapping.added)} noted)",
                    "Sphinx 9.0.4",
                )

    def _changes(self) -> tuple[set[str], set[str]]:
        """The words whose pages changed since the last freeze: those a page pruned
        or fed is filed under before or after, but not both (a page fed again
        with the same words changes none)."""
        changed: tuple[set[str], set[str]] = (set(), set())
        nothing = (set(), set())
        for page in self.fed | self.pruned.keys():
            before, after = self.pruned.get(page, nothing), self.words_of.get(page, nothing)
            for part in (0, 1):
                changed[part].update(before[part] ^ after[part])
        self.pruned.clear()
        self.fed.clear()
        return changed

    def get_terms(self, fn2index: dict[str, int]) -> tuple[Terms, Terms]:
        """Sphinx's ``get_terms``: from the last result, only changed words are redone."""
        changed = self._changes()
        if self.frozen[0] != fn2index:  # pages were added or removed: all renumbered
            terms = terms_of(self.maps, fn2index)
            self.frozen = (dict(fn2index), *terms)
        else:
            # Every page of the maps is numbered (pruned ones left them), so
            # each changed word gets a value again.
            for part, mapping in enumerate(self.maps):
                redone = {word: mapping[word] for word in changed[part]}
                self.frozen[1 + part].update(terms_of((redone,), fn2index)[0])
        return dict(self.frozen[1]), dict(self.frozen[2])
