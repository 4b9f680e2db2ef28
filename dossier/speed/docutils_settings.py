"""docutils settings made once per set of defaults, and copied for each document.

Sphinx makes the docutils settings of every document it reads with a new
``OptionParser`` (and reads docutils' configuration files again); MyST makes
one more for a document it then throws away (``options.get("document",
make_document())`` builds the default even when given one).  About 4 ms per
document, 12 s of profiled time at 1,000 articles.  The settings are made once
per set of defaults and copied; each copy has its own lists, dictionaries and
sets (a transform that changes one changes no other document's), and its own
list of dependencies (Sphinx reads it to know what a page depends on).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import myst_parser.mdit_to_docutils.base as myst_base
import sphinx.util.docutils as sphinx_docutils
from docutils.utils import DependencyList

from dossier.speed.fence import Patch

if TYPE_CHECKING:
    from collections.abc import Callable
    from optparse import Values

_sphinx_settings = sphinx_docutils._get_settings
_myst_settings = myst_base.get_default_settings


class SettingsOnce:
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
        for name, value in vars(settings).items():
            if isinstance(value, list | dict | set):
                setattr(settings, name, own_copy(value))
        settings.record_dependencies = DependencyList()
        return settings


def own_copy(value: Any) -> Any:
    """Lists, dictionaries and sets copied through; anything else shared (the
    settings hold Sphinx's environment, which must stay the one object)."""
    if isinstance(value, list):
        return [own_copy(item) for item in value]
    if isinstance(value, dict):
        return {key: own_copy(item) for key, item in value.items()}
    if isinstance(value, set):
        return set(value)
    return value


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


SPHINX_PATCH = Patch(
    name="docutils_settings",
    owner=sphinx_docutils,
    attribute="_get_settings",
    replacement=SettingsOnce(_sphinx_settings),
    signature=(
        "(*components: 'Component | type[Component]', defaults: 'Mapping[str, Any]', "
        "read_config_files: 'bool' = False) -> 'Values'"
    ),
    written_for="Sphinx 9.0.4",
    upstream="sphinx-doc/sphinx: a new docutils OptionParser for every document read",
)
MYST_PATCH = Patch(
    name="docutils_settings",
    owner=myst_base,
    attribute="get_default_settings",
    replacement=SettingsOnce(_myst_settings),
    signature="(*components: 'SettingsSpec') -> 'Values'",
    written_for="myst-parser 5.2.0",
    upstream=(
        "executablebooks/MyST-Parser: make_document() built as a default when a document is given"
    ),
)
PATCHES = (SPHINX_PATCH, MYST_PATCH)
