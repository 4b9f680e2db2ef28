"""Every page's scripts deferred, so the browser fetches them all at once.

Pages carry their Content-Security-Policy in a ``<meta>`` element, which turns
off Chromium's preload scanner: scripts that block the parser are then fetched
one after another, a round trip each.  Deferred scripts are fetched together
and still run in order, after the page is parsed; none of ours, Sphinx's or
furo's needs to run earlier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.builders.html._assets import _JavaScript

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def deferred(script: Any) -> Any:
    """The script, deferred unless it is inline or already async or deferred."""
    if not isinstance(script, _JavaScript) or not script.filename:
        return script
    if {"async", "defer"} & script.attributes.keys():
        return script
    return _JavaScript(
        script.filename, priority=script.priority, **script.attributes, defer="defer"
    )


def _defer_scripts(_app: Sphinx, _pagename: str, _template: str, context: dict, _doc: Any) -> None:
    if "script_files" in context:
        context["script_files"] = [deferred(script) for script in context["script_files"]]


def setup(app: Sphinx) -> None:
    # After every other handler has added its scripts to the page.
    app.connect("html-page-context", _defer_scripts, priority=900)
