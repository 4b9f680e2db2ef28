"""The checksums on script and style links, remembered per (folder, file).

The HTML builder puts a checksum on each page's script and style links; for
every link of every page it resolves the file's path on disk first (its own
cache starts after that): 33,000 path resolutions, about 2 s, at 1,000
articles.  The answer is remembered per (folder, file), as Sphinx already
remembers it per resolved path for the whole process.
"""

from __future__ import annotations

import functools

import sphinx.builders.html as html_builder

from dossier.speed.fence import Patch

_file_checksum = html_builder._file_checksum
file_checksum_once = functools.cache(_file_checksum)

PATCH = Patch(
    name="asset_checksums",
    owner=html_builder,
    attribute="_file_checksum",
    replacement=file_checksum_once,
    signature="(outdir: 'Path', filename: 'str | os.PathLike[str]') -> 'str'",
    written_for="Sphinx 9.0.4",
    upstream="sphinx-doc/sphinx: _file_checksum resolves the path before its cache",
)
