"""Events' arguments written out for the debug log only when it is shown.

``EventManager.emit`` logs every event it emits at debug level, with the
``repr`` of all its arguments, made before the logger is asked: for
``html-page-context`` the whole page's context with its HTML, 15,000 times at
1,000 articles (about a second).  Unless the build shows debug messages
(``-vv``), neither the text nor the record is made: the module's logger is
set to skip debug records, and the name ``repr`` that ``emit`` looks up in its
module returns nothing.
"""

from __future__ import annotations

import builtins
import logging
from typing import TYPE_CHECKING, Any

import sphinx.events as sphinx_events

from dossier.speed.fence import Patch, switched_off

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def unshown_repr(_value: Any) -> str:
    return ""


# ``emit`` finds ``repr`` among its module's names before the builtins.
PATCH = Patch(
    name="event_debug",
    owner=sphinx_events.EventManager,
    attribute="emit",
    replacement=sphinx_events.EventManager.emit,  # emit itself stays
    signature=(
        "(self, name: 'str', *args: 'Any', "
        "allowed_exceptions: 'tuple[type[Exception], ...]' = ()) -> 'list[Any]'"
    ),
    written_for="Sphinx 9.0.4",
    upstream="sphinx-doc/sphinx: EventManager.emit formats its debug message before logging it",
    uses=("repr", "logger", "debug"),
)


def apply(app: Sphinx | None) -> None:
    """Skip the debug text unless ``-vv`` shows it (per application)."""
    PATCH.check()
    shown = getattr(app, "verbosity", 0) >= 2 or switched_off(PATCH.name)
    # The module's own logger (``sphinx.util.logging.getLogger(__name__)``).
    events_logger = logging.getLogger(f"sphinx.{sphinx_events.__name__}")
    events_logger.setLevel(logging.NOTSET if shown else logging.INFO)
    sphinx_events.repr = builtins.repr if shown else unshown_repr  # emit's own name


def installed() -> bool:
    return getattr(sphinx_events, "repr", builtins.repr) is unshown_repr
