"""A cap on the doctrees Sphinx keeps in memory during a build.

Sphinx keeps every doctree it reads until it writes that page
(``env._write_doc_doctree_cache``) and the pickled bytes of every doctree it
loads again for the rest of the process (``env._pickled_doctree_cache``).
Neither has a bound (sphinx-doc/sphinx#11124; #12431 calls it "a potentially
unbounded memory increase").  Measured on the bench corpus at 1,000 articles,
a serial build held 575 MB after reading with the first cache and 182 MB
without it; at 10,000 articles it alone would pass a hosted builder's 3 GB.

Here both caches become capped dicts: the first ``limit`` doctrees read stay
(Sphinx writes pages in the order it read them, so those are hits) and the
rest are loaded from their pickle when their page is written, about 10 ms for
an article.  The upstream change would be a size limit on both caches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from dossier.speed.fence import Patch, PatchTargetChangedError, switched_off

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NAME = "doctree_cache"
WRITTEN_FOR = "Sphinx 9.0.4"
DOCTREES_KEPT = 400  # about 160 MB of article doctrees
PICKLES_KEPT = 64  # pages loaded again within a build (the root page, toctrees)


class CappedCache(dict):
    """A dict that takes no new key once it holds ``limit`` of them (and counts those)."""

    def __init__(self, limit: int, *args: Any) -> None:
        super().__init__(*args)
        self.limit = limit
        self.turned_away = 0

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self or len(self) < self.limit:
            super().__setitem__(key, value)
        else:
            self.turned_away += 1


# Where Sphinx uses the two caches: if one of these stops naming its cache, the
# cap no longer means what it says here.
_DOCTREE = "nodes.document"
USES = (
    (
        Builder, "write_doctree", "_write_doc_doctree_cache",
        f"(self, docname: 'str', doctree: '{_DOCTREE}', *, _cache: 'bool' = True) -> 'None'",
    ),
    (
        BuildEnvironment, "get_and_resolve_doctree", "_write_doc_doctree_cache",
        "(self, docname: 'str', builder: 'Builder', *, tags: 'Tags' = Ellipsis, "
        f"doctree: '{_DOCTREE} | None' = None, prune_toctrees: 'bool' = True, "
        f"includehidden: 'bool' = False) -> '{_DOCTREE}'",
    ),
    (
        BuildEnvironment, "get_doctree", "_pickled_doctree_cache",
        f"(self, docname: 'str') -> '{_DOCTREE}'",
    ),
)  # fmt: skip


def check_targets() -> None:
    """Raise ``PatchTargetChangedError`` unless Sphinx still uses both caches as written for."""
    for owner, method, cache, signature in USES:
        Patch(NAME, owner, method, None, signature, WRITTEN_FOR, "", uses=(cache,)).check()


def cap(app: Sphinx, env: BuildEnvironment, *_args: Any) -> None:
    """At ``env-before-read-docs``: cap the caches of this build's environment."""
    if switched_off(NAME):
        return
    for attribute, limit in (
        ("_write_doc_doctree_cache", DOCTREES_KEPT),
        ("_pickled_doctree_cache", PICKLES_KEPT),
    ):
        cache = getattr(env, attribute, None)
        if not isinstance(cache, dict):
            raise PatchTargetChangedError(
                NAME, f"BuildEnvironment.{attribute} is {type(cache).__name__}, not dict",
                WRITTEN_FOR,
            )  # fmt: skip
        if not isinstance(cache, CappedCache):
            setattr(env, attribute, CappedCache(limit, cache))


def setup(app: Sphinx) -> None:
    check_targets()
    app.connect("env-before-read-docs", cap)
