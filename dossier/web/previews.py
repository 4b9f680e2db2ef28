"""Entity and glossary links that look distinct and preview on hover and focus.

The link titles (kind and description) are set where the links are resolved
(``DossierDomain.preview``); this module ships the script and styles, served
from the site itself, with the script that keeps search terms out of storage.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dossier.web.folders import from_confdir

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"


def _add_assets(app: Sphinx) -> None:
    """Web pages get the script and styles; an EPUB keeps the plain titles."""
    if app.builder.format != "html" or app.builder.name == "epub":
        return
    app.config.html_static_path.append(from_confdir(app, STATIC))
    app.add_js_file("dossier-privacy.js", priority=100)
    app.add_js_file("dossier-previews.js", loading_method="defer")
    app.add_css_file("dossier-previews.css")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _add_assets)
