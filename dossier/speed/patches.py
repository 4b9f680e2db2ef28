"""Every change to Sphinx's, docutils' and MyST's internals, installed together.

``setup`` runs first among the dossier's parts: each patch checks its target
before it is installed, and one whose target changed stops the build with
``PatchTargetChangedError``, naming the patch and the fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dossier.speed import (
    asset_checksums,
    compact_index,
    docutils_settings,
    event_debug,
    index_entries_kept,
    index_prune,
    index_terms,
    index_words_once,
    title_text,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from dossier.speed.fence import Patch

PATCHES: tuple[Patch, ...] = (
    index_prune.PATCH,
    index_entries_kept.PATCH,
    index_terms.PATCH,
    asset_checksums.PATCH,
    index_words_once.PATCH,
    *docutils_settings.PATCHES,
    title_text.PATCH,
    *compact_index.PATCHES,
)


def setup(app: Sphinx | None) -> None:
    for patch in PATCHES:
        patch.install()
    event_debug.apply(app)
