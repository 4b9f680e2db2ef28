"""The same sources give the same bytes, in any folder, on any day.

Every date the build stamps comes from the sources (``SOURCE_DATE_EPOCH``, or
the last commit's time: ``dossier.sources.source_date``), which Sphinx then
uses too (the copyright year).  The books (``books``) take it as their
``dc:date`` and ``dcterms:modified``, and ``write_zip`` writes their entries
in a fixed order (``mimetype`` first and stored, as the format requires),
each with the sources' time and the same permissions, where ``zipfile`` would
stamp each with the clock.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from dossier.features import year_pages
from dossier.features.articles import TAGS_DIR
from dossier.sources import source_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

ZIP_EPOCH = 315532800  # 1980-01-01: a zip entry cannot hold an earlier time
FIRST = ("mimetype", "META-INF/container.xml")  # the EPUB format wants mimetype first


def set_source_date(app: Sphinx, config: Config) -> None:
    """Give ``SOURCE_DATE_EPOCH`` its value for this process when it has none.

    Set in the environment, not kept here: Sphinx reads it itself, and
    parallel workers inherit it.
    """
    if source_date.from_environment() is not None:
        return
    generated = (config.dossier_entities_dir, TAGS_DIR, *year_pages.FOLDERS)
    epoch = source_date.source_date_epoch(Path(app.srcdir), generated)
    if epoch is None:
        logger.info("no date for the sources: dates in the output are the build's")
        return
    os.environ[source_date.VARIABLE] = str(epoch)


def _entry_order(name: str) -> tuple[int, str]:
    return (FIRST.index(name), "") if name in FIRST else (len(FIRST), name)


def write_zip(path: Path, entries: dict[str, bytes], epoch: int) -> None:
    """Write ``entries`` to the archive at ``path``: sorted (``mimetype`` first
    and stored, the rest deflated), each dated ``epoch`` with mode 0644.
    Written beside and moved in place: a reader never sees half an archive."""
    when = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    written = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(written, "w") as new:
        for name in sorted(entries, key=_entry_order):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            info.create_system = 3  # Unix, whatever the system building it
            new.writestr(info, entries[name])
    os.replace(written, path)


def normalise_zip(path: Path, epoch: int) -> None:
    """Rewrite the archive at ``path`` as ``write_zip`` writes it."""
    with zipfile.ZipFile(path) as old:
        entries = {info.filename: old.read(info) for info in old.infolist()}
    write_zip(path, entries, epoch)


def setup(app: Sphinx) -> None:
    # Before Sphinx's own handler (priority 800) puts the year into the copyright.
    app.connect("config-inited", set_source_date, priority=100)
