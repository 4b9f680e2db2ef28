"""Draft registry entries for suggested names: ``dossier suggest --write``.

Each accepted suggestion is appended to the registry file of its guessed kind
(``people.yaml``, ``places.yaml`` ...) with an id, its name, the variants the
article writes as aliases, and a description that says it is still to be
written.  Existing entries are never touched: the new ones are added at the
end of the file's text, and each file is replaced whole (a temporary file,
then ``os.replace``).  Should the registry not load cleanly afterwards, every
file is put back as it was.  ``dossier check`` reports each such draft until a
person writes its description (``sources.registry.DRAFT_DESCRIPTION``).
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from pathlib import Path

import yaml

from dossier.sources import registry
from dossier.tools.importer import write_atomically
from dossier.tools.suggest import Suggestion

_ALIAS = re.compile(r"^\w(.*\w)?$")


def entity_id(name: str, taken: set[str]) -> str:
    """A new id from the name: ASCII letters, digits and hyphens, unique."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower().replace("’", "").replace("'", ""))
    base = base.strip("-") or "entity"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def entry_text(suggestion: Suggestion, new_id: str, article: str) -> str:
    """One YAML entry, written as the registry's entries are written."""
    aliases = [v for v in suggestion.variants if _ALIAS.match(v) and v != suggestion.name]
    description = (
        f"{registry.DRAFT_DESCRIPTION}: one neutral sentence of ours on this "
        f"{suggestion.kind} and what the articles say of it (drafted by dossier suggest "
        f"from {article}, line {suggestion.line}: {suggestion.kind}, "
        f"{suggestion.confidence:.0%} sure)."
    )
    lines = [f"- id: {new_id}", f"  name: {_scalar(suggestion.name)}"]
    if aliases:
        flow = yaml.safe_dump(aliases, allow_unicode=True, default_flow_style=True, width=1000)
        lines.append(f"  aliases: {flow.strip()}")
    lines.append("  description: >-")
    lines += ["    " + line for line in textwrap.wrap(description, 76)]
    return "\n".join(lines) + "\n"


def _scalar(value: str) -> str:
    """A YAML scalar, quoted only when YAML needs it."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1000)
    return dumped.removesuffix("\n...\n").strip()


def write_drafts(
    directory: Path, suggestions: list[Suggestion], article: str
) -> list[tuple[Path, str, Suggestion]]:
    """Append an entry for each suggestion; (file, id, suggestion) of each."""
    before = registry.load(directory)
    taken = set(before.entities)
    additions: dict[Path, list[str]] = {}
    written: list[tuple[Path, str, Suggestion]] = []
    for suggestion in suggestions:
        stem, _label = registry.KINDS[suggestion.kind]
        path = directory / f"{stem}.yaml"
        new_id = entity_id(suggestion.name, taken)
        additions.setdefault(path, []).append(entry_text(suggestion, new_id, article))
        written.append((path, new_id, suggestion))
    originals = {path: path.read_bytes() if path.exists() else None for path in additions}
    try:
        for path, entries in additions.items():
            old = (originals[path] or b"").decode("utf-8")
            if old and not old.endswith("\n"):
                old += "\n"
            if not old.strip():
                kind = registry.KIND_OF_FILE[path.stem]
                old = f"# Entries of kind {kind}; see README.md, “Entities: the registry”.\n"
            write_atomically(path, old + "".join(entries))
        after = registry.load(directory)
        new_problems = [p for p in after.problems if p not in before.problems]
        if new_problems:
            shown = "; ".join(p.format(path) for path, p in new_problems)
            raise ValueError(f"the drafts would not load: {shown}")
    except BaseException:
        for path, content in originals.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                write_atomically(path, content)
        raise
    return written
