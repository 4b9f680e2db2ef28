"""Our own folders named in Sphinx's configuration, relative to ``conf.py``.

Sphinx hashes configuration values into ``.buildinfo``: an absolute path
there would make two clones in two folders build different bytes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def from_confdir(app: Sphinx, folder: Path) -> str:
    """``folder`` as Sphinx resolves configuration paths: from the
    configuration's folder (absolute only when no relative path leads there,
    as between two drives)."""
    try:
        return os.path.relpath(folder, app.confdir)
    except ValueError:
        return str(folder)
