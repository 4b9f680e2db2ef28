"""``IndexBuilder.load`` keeps the previous index's ``indexentries``.

Sphinx restores the previous index before an incremental build but not its
index entries, so pages not rewritten lose theirs: after one edit, searching
an alias no longer lists its entity page first.  They are restored from the
previous index (and pruned with the other data).

If the index file's shape is not the one this was written for, the build
stops with ``PatchTargetChangedError``: a ``ValueError`` here would be turned by
Sphinx's ``load_indexer`` into a warning and a partial index.
"""

from __future__ import annotations

from typing import Any

from sphinx.search import IndexBuilder

from dossier.speed.fence import Patch, PatchTargetChangedError

_load = IndexBuilder.load
WRITTEN_FOR = "Sphinx 9.0.4"


def load_with_index_entries(self: IndexBuilder, stream: Any, format: Any) -> None:
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
    restore_index_entries(self, frozen)


def restore_index_entries(index: IndexBuilder, frozen: dict[str, Any]) -> None:
    """Each page's index entries, as ``feed`` filed them, from the index read."""
    try:
        names = frozen["docnames"]
        restored: dict[str, set[tuple[str, str, str]]] = {}
        for entry, places in frozen.get("indexentries", {}).items():
            for doc, target, main in places:
                restored.setdefault(names[doc], set()).add((entry, target, "main" if main else ""))
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise PatchTargetChangedError(
            "index_entries_kept",
            f"the search index read back has another shape ({type(error).__name__}: {error})",
            WRITTEN_FOR,
        ) from error
    for docname, entries in restored.items():
        index._index_entries.setdefault(docname, sorted(entries))


PATCH = Patch(
    name="index_entries_kept",
    owner=IndexBuilder,
    attribute="load",
    replacement=load_with_index_entries,
    signature="(self, stream: '_ReadableStream[str | bytes]', format: 'Any') -> 'None'",
    written_for=WRITTEN_FOR,
    upstream="sphinx-doc/sphinx: IndexBuilder.load drops indexentries on incremental builds",
)
