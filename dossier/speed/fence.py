"""The fence around every change to another project's internals.

Each change is a ``Patch``: the attribute it replaces (module or class, and
name), the signature that attribute had when the patch was written, the
versions it was written against and the upstream issue it would become.
Installing checks the target first: a target that is missing, was replaced
by someone else, or has another signature stops the build with an error that
names the patch and the fix, instead of the patch being skipped in silence.

``DOSSIER_SPEED_OFF`` (names separated by commas, or ``all``) leaves patches
out: the tests build with and without each to show it changes nothing but
speed, and a maintainer can do the same when a build looks wrong.
"""

from __future__ import annotations

import inspect
import os
from dataclasses import dataclass, field
from typing import Any

from sphinx.errors import ExtensionError

OFF_VARIABLE = "DOSSIER_SPEED_OFF"


class PatchTargetChangedError(ExtensionError):
    """A patched target is not what its patch was written for.

    Not a ``ValueError`` or ``OSError``: Sphinx turns those into warnings in
    some places (``load_indexer``), and this must stop the build.
    """

    def __init__(self, patch: str, problem: str, written_for: str) -> None:
        super().__init__(
            f"dossier speed patch '{patch}': {problem} "
            f"(fix: pin the version it was written for, {written_for}, in pyproject.toml, "
            f"or update dossier/speed/{patch}.py for this version; "
            f"{OFF_VARIABLE}={patch} builds without it meanwhile)"
        )
        self.patch = patch


def switched_off(name: str) -> bool:
    """The patch or speed-up is left out by ``DOSSIER_SPEED_OFF``."""
    off = {part.strip() for part in os.environ.get(OFF_VARIABLE, "").split(",")}
    return name in off or "all" in off


def signature_of(function: Any) -> str:
    """What ``inspect`` says of a callable's parameters, as text."""
    try:
        return str(inspect.signature(function))
    except (TypeError, ValueError):
        return "<no signature>"


@dataclass
class Patch:
    """One attribute of another project replaced by ours."""

    name: str  # the module in dossier/speed/ that holds it
    owner: Any  # the module or class whose attribute is replaced
    attribute: str
    replacement: Any
    signature: str  # the target's signature when the patch was written
    written_for: str  # for example "Sphinx 9.0.4"
    upstream: str  # the issue or pull request it would become
    uses: tuple[str, ...] = ()  # names the target's code must still use (``co_names``)
    original: Any = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.original = getattr(self.owner, self.attribute, None)

    @property
    def target(self) -> str:
        owner = getattr(self.owner, "__qualname__", None) or self.owner.__name__
        module = getattr(self.owner, "__module__", None)
        return f"{module}.{owner}.{self.attribute}" if module else f"{owner}.{self.attribute}"

    def check(self) -> None:
        """Raise ``PatchTargetChangedError`` unless the target is the one written for."""
        current = getattr(self.owner, self.attribute, None)
        if current is None or self.original is None:
            self._changed(f"{self.target} is missing")
        if current is not self.original and current is not self.replacement:
            self._changed(f"{self.target} was replaced by {current!r}, not by this patch")
        found = signature_of(self.original)
        if found != self.signature:
            self._changed(f"{self.target} changed signature: {found}, written for {self.signature}")
        code = getattr(getattr(self.original, "__func__", self.original), "__code__", None)
        missing = [name for name in self.uses if code is None or name not in code.co_names]
        if missing:
            self._changed(f"{self.target} no longer uses {', '.join(missing)}")

    def _changed(self, problem: str) -> None:
        raise PatchTargetChangedError(self.name, problem, self.written_for)

    @property
    def installed(self) -> bool:
        return getattr(self.owner, self.attribute, None) is self.replacement

    def install(self) -> None:
        """Check the target, then replace it (once: installing again changes nothing)."""
        self.check()
        if not switched_off(self.name):
            setattr(self.owner, self.attribute, self.replacement)

    def uninstall(self) -> None:
        setattr(self.owner, self.attribute, self.original)


def require(name: str, owner: Any, attribute: str, signature: str, written_for: str) -> None:
    """For a method wrapped on one object (not replaced on its class): raise
    ``PatchTargetChangedError`` unless it is there with the signature written for."""
    Patch(name, owner, attribute, None, signature, written_for, upstream="").check()
