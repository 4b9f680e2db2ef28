"""Workarounds for Sphinx costs and gaps that large or rebuilt sites meet.

1. ``IndexBuilder.prune`` (sphinx/search/__init__.py) keeps the documents it is
   given with ``set.intersection_update(docnames)`` once per indexed word; the
   HTML builder passes ``env.all_docs``, a dict, so every word converts the
   whole dict into a set again: at 1,000 articles (about 100,000 words), two
   seconds of every build.  A set is passed once instead.
2. ``IndexBuilder.load`` restores the previous index before an incremental
   build but not its ``indexentries``, so pages not rewritten lose theirs: after
   one edit, searching an alias no longer lists its entity page first.  They are
   restored from the previous index (and pruned with the other data).

3. ``IndexBuilder.get_terms`` turns every word's set of pages into a sorted list
   of page numbers with a Python generator per word: at 1,000 articles, about
   1.6 million steps and most of a second on every build, also after a one-page
   edit.  When all the pages are numbered (as after pruning), the same list is
   made by ``sorted(map(...))`` in C.

4. The HTML builder puts a checksum on each page's script and style links; for
   every link of every page it resolves the file's path on disk first (its
   own cache starts after that): 33,000 path resolutions, about 2 s, at 1,000
   articles.  The answer is remembered per (folder, file), as Sphinx already
   remembers it per resolved path for the whole process.

5. Sphinx makes the docutils settings of every document it reads with a new
   ``OptionParser`` (and reads docutils' configuration files again); MyST
   makes one more for a document it then throws away (``options.get(
   "document", make_document())`` builds the default even when given one).
   About 4 ms per document, 12 s of profiled time at 1,000 articles.  The
   settings are made once per set of defaults and copied, each copy with its
   own list of dependencies (Sphinx reads it to know what a page depends on).

6. ``IndexBuilder.feed`` stems, filters and files every word *occurrence* of a
   page (10 million at 1,000 articles), though filing a page under a word
   twice changes nothing.  The page's words reach it without repeats (first
   occurrences, in order; its section titles are left as they are), and the
   stemmer remembers its words for the whole build (``feed`` remembers them
   for one page only).

7. The standard domain lists every document with its title as plain text,
   for the search index and ``objects.inv``, by deep-copying each title node
   and reading its text (``clean_astext``): 3,000 copies, about 50 ms, twice
   in every build that writes a page.  The text is remembered per title node
   (a document read again gets a new one).

8. ``EventManager.emit`` logs every event it emits at debug level, with the
   ``repr`` of all its arguments, made before the logger is asked: for
   ``html-page-context`` the whole page's context with its HTML, 15,000 times
   at 1,000 articles (about a second).  Unless the build shows debug messages
   (``-vv``), neither the text nor the record is made.

All are worth proposing upstream; until then they change nothing but speed and
the completeness of ``searchindex.js``.
"""

from __future__ import annotations

import builtins
import copy
import functools
import logging
import weakref
from typing import TYPE_CHECKING, Any

import myst_parser.mdit_to_docutils.base as myst_base
import sphinx.builders.html as html_builder
import sphinx.domains.std as std_domain
import sphinx.events as sphinx_events
import sphinx.util.docutils as sphinx_docutils
from docutils.utils import DependencyList
from sphinx.search import IndexBuilder

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from optparse import Values

    from sphinx.application import Sphinx

_prune = IndexBuilder.prune
_load = IndexBuilder.load
_get_terms = IndexBuilder.get_terms
_file_checksum = html_builder._file_checksum
_file_checksum_once = functools.cache(_file_checksum)
_sphinx_settings = sphinx_docutils._get_settings
_word_collector = IndexBuilder._word_collector
_myst_settings = myst_base.get_default_settings
_clean_astext = std_domain.clean_astext


def _prune_with_a_set(self: IndexBuilder, docnames: Iterable[str]) -> None:
    kept = docnames if isinstance(docnames, set | frozenset) else set(docnames)
    _prune(self, kept)
    for docname in [d for d in self._index_entries if d not in kept]:
        del self._index_entries[docname]


def _load_with_index_entries(self: IndexBuilder, stream: Any, format: Any) -> None:
    if isinstance(format, str):
        format = self.formats[format]
    frozen: dict[str, Any] = {}

    class Keeping:
        """The index format, keeping what it read."""

        @staticmethod
        def load(source: Any) -> Any:
            frozen.update(format.load(source))
            return frozen

    _load(self, stream, Keeping)
    names = frozen["docnames"]
    restored: dict[str, set[tuple[str, str, str]]] = {}
    for entry, places in frozen.get("indexentries", {}).items():
        for doc, target, main in places:
            restored.setdefault(names[doc], set()).add((entry, target, "main" if main else ""))
    for docname, entries in restored.items():
        self._index_entries.setdefault(docname, sorted(entries))


def terms_of(
    mappings: Iterable[dict[str, set[str]]], fn2index: dict[str, int]
) -> tuple[dict[str, list[int] | int], ...]:
    """Each word → pages map as Sphinx's ``get_terms`` freezes it, in C when it can be."""
    terms: list[dict[str, list[int] | int]] = []
    number = fn2index.__getitem__
    numbered = fn2index.keys()
    for mapping in mappings:
        found: dict[str, list[int] | int] = {}
        for word, pages in mapping.items():
            if len(pages) == 1:
                (page,) = pages
                if page in fn2index:
                    found[word] = fn2index[page]
            elif numbered >= pages:
                found[word] = sorted(map(number, pages))
            else:
                found[word] = sorted(fn2index[page] for page in pages if page in fn2index)
        terms.append(found)
    return tuple(terms)


def _get_terms_in_c(
    self: IndexBuilder, fn2index: dict[str, int]
) -> tuple[dict[str, list[int] | int], dict[str, list[int] | int]]:
    """Sphinx's ``get_terms``, with the per-word generator in C when it can be."""
    return terms_of((self._mapping, self._title_mapping), fn2index)  # type: ignore[return-value]


def _words_once(self: IndexBuilder, doctree: Any) -> Any:
    if not hasattr(self.lang.stem, "cache_info"):
        self.lang.stem = functools.lru_cache(maxsize=1 << 18)(self.lang.stem)
    store = _word_collector(self, doctree)
    store.words = list(dict.fromkeys(store.words))
    store.title_words = list(dict.fromkeys(store.title_words))
    return store


class _SettingsOnce:
    """docutils settings made once per (components, defaults) and copied."""

    def __init__(self, make: Callable[..., Values], size: int = 8) -> None:
        self.make = make
        self.size = size
        self.made: dict[tuple, tuple[Values, Any]] = {}

    def __call__(self, *components: Any, **kwargs: Any) -> Values:
        key = (
            tuple(map(_component_key, components)),
            *sorted((name, _hashable(v)) for name, v in kwargs.items()),
        )
        if key not in self.made:
            if len(self.made) >= self.size:
                del self.made[next(iter(self.made))]
            # The arguments stay referenced, so the ids in the key stay theirs.
            self.made[key] = (self.make(*components, **kwargs), (components, kwargs))
        settings = copy.copy(self.made[key][0])
        settings.record_dependencies = DependencyList()
        return settings


def _component_key(component: Any) -> Any:
    """A component class, or an instance by its class and its own settings
    attributes (Sphinx makes a new parser object for every document)."""
    if isinstance(component, type) or not hasattr(component, "__dict__"):
        return component
    own = vars(component).items()
    settings = tuple(sorted((k, id(v)) for k, v in own if k.startswith(("settings", "config"))))
    return type(component), settings


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return value


_TEXT_OF: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def _clean_astext_once(node: Any) -> str:
    """``clean_astext``, remembered per node (the standard domain calls it on
    title nodes, which are made once and not changed)."""
    text = _TEXT_OF.get(node)
    if text is None:
        text = _TEXT_OF[node] = _clean_astext(node)
    return text


def _unshown_repr(_value: Any) -> str:
    return ""


def _event_debug_only_when_shown(app: Sphinx | None) -> None:
    shown = getattr(app, "verbosity", 0) >= 2  # -vv: Sphinx's debug messages
    # The module's own logger (``sphinx.util.logging.getLogger(__name__)``).
    events_logger = logging.getLogger(f"sphinx.{sphinx_events.__name__}")
    events_logger.setLevel(logging.NOTSET if shown else logging.INFO)
    sphinx_events.repr = builtins.repr if shown else _unshown_repr  # emit's own name


def setup(app: Sphinx) -> None:
    if IndexBuilder.prune is _prune:
        IndexBuilder.prune = _prune_with_a_set
    if IndexBuilder.load is _load:
        IndexBuilder.load = _load_with_index_entries
    if IndexBuilder.get_terms is _get_terms:
        IndexBuilder.get_terms = _get_terms_in_c
    if html_builder._file_checksum is _file_checksum:
        html_builder._file_checksum = _file_checksum_once
    if IndexBuilder._word_collector is _word_collector:
        IndexBuilder._word_collector = _words_once
    if sphinx_docutils._get_settings is _sphinx_settings:
        sphinx_docutils._get_settings = _SettingsOnce(_sphinx_settings)
    if myst_base.get_default_settings is _myst_settings:
        myst_base.get_default_settings = _SettingsOnce(_myst_settings)
    if std_domain.clean_astext is _clean_astext:
        std_domain.clean_astext = _clean_astext_once
    _event_debug_only_when_shown(app)
