"""The entity registry: YAML files under ``docs/registry/``, one per kind.

Loaded and validated once per build (and by maintainer commands); every problem
is collected with its file and line, so a maintainer sees them all at once.
"""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from dossier.sources.frontmatter import Problem, compose, read_text

# kind -> registry file stem, and the label of its listing page
KINDS: dict[str, tuple[str, str]] = {
    "person": ("people", "People"),
    "organization": ("organizations", "Organizations"),
    "outlet": ("outlets", "Outlets"),
    "place": ("places", "Places"),
    "work": ("works", "Works"),
    "term": ("terms", "Glossary"),
}
KIND_OF_FILE = {stem: kind for kind, (stem, _) in KINDS.items()}
# How a description still to be written starts (``dossier suggest --write`` drafts).
DRAFT_DESCRIPTION = "TODO"

ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "description"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
        "name": {"type": "string", "minLength": 1},
        "sort": {"type": "string", "minLength": 1},
        "aliases": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "pattern": r"^\w(.*\w)?$"},
        },
        "description": {"type": "string", "minLength": 1},
        # The same entity elsewhere (Wikidata, Wikipedia): schema.org's sameAs.
        "same_as": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "pattern": r"^https://[^\s/]+\.[^\s/]+/\S+$"},
        },
        # The name as written in its own language and script: {fa: "مسعود رجوی"},
        # or a list whose first item is the name and the others other spellings.
        "native": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {
                language: {
                    "oneOf": [
                        {"type": "string", "minLength": 1},
                        {
                            "type": "array",
                            "minItems": 1,
                            "uniqueItems": True,
                            "items": {"type": "string", "minLength": 1},
                        },
                    ]
                }
                for language in ("fa",)
            },
        },
        # The language of the name where an article uses it as a foreign word (fa-Latn).
        "lang": {"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Z][a-z]{3})?$"},
    },
}
# Languages and scripts of native names: (language, its script's direction).
NATIVE_LANGUAGES = {"fa": "rtl"}

FIXES = {
    "required": "add the missing key to the entry",
    "additionalProperties": "remove the key; allowed: id, name, sort, aliases, description, "
    "same_as, native, lang",
    "pattern": "ids use lowercase letters, digits and hyphens; aliases start and end "
    "with a letter or digit",
    "oneOf": "write the native name as a string, or a list of strings",
    "type": "see the example entry in README.md",
    "minLength": "give the key a value",
    "uniqueItems": "list each alias or address once",
    "minProperties": "give at least one language, e.g. native: {fa: ...}",
}
# Fixes that depend on the key as well as on what is wrong with it.
KEY_FIXES = {
    ("native", "additionalProperties"): "native names are given for: "
    + ", ".join(NATIVE_LANGUAGES),
    ("lang", "pattern"): "write a language tag with its script, e.g. lang: fa-Latn",
    ("same_as", "pattern"): "write each address in full, starting with https://",
}


@dataclasses.dataclass(frozen=True)
class Entity:
    id: str
    kind: str
    name: str
    sort: str
    aliases: tuple[str, ...]
    description: str
    path: str
    line: int
    same_as: tuple[str, ...] = ()  # addresses of the same entity elsewhere
    # (language, name) pairs; for each language the first is the name, the rest spellings.
    native: tuple[tuple[str, str], ...] = ()
    lang: str | None = None  # of the name, where it is a foreign word (fa-Latn)
    description_line: int = 0  # the line of its description key

    @property
    def is_draft(self) -> bool:
        """A drafted entry whose description a person has still to write."""
        return self.description.startswith(DRAFT_DESCRIPTION)

    @property
    def kind_label(self) -> str:
        return self.kind.capitalize()

    @property
    def preview(self) -> str:
        """Kind and description: what a link's preview and the page description say."""
        return f"{self.kind_label}: {self.description}"

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias: all the strings that mention the entity."""
        return (self.name, *self.aliases)

    @property
    def native_names(self) -> dict[str, tuple[str, ...]]:
        """Language -> the names in it, the name first."""
        found: dict[str, tuple[str, ...]] = {}
        for language, name in self.native:
            found[language] = (*found.get(language, ()), name)
        return found


@dataclasses.dataclass
class Registry:
    entities: dict[str, Entity]
    problems: list[tuple[str, Problem]]  # (path, problem)

    def by_kind(self, kind: str) -> list[Entity]:
        return sorted(
            (e for e in self.entities.values() if e.kind == kind),
            key=lambda e: (e.sort.casefold(), e.id),
        )

    def surface_forms(self) -> dict[str, tuple[str, ...]]:
        """Each string that names an entity -> the ids it may mean."""
        forms: dict[str, list[str]] = {}
        for entity in self.entities.values():
            for name in entity.names:
                ids = forms.setdefault(name, [])
                if entity.id not in ids:
                    ids.append(entity.id)
        return {form: tuple(sorted(ids)) for form, ids in forms.items()}

    def suggest(self, wrong_id: str) -> str | None:
        close = difflib.get_close_matches(wrong_id, list(self.entities), n=1, cutoff=0.6)
        return close[0] if close else None

    def unknown_id_fix(self, wrong_id: str) -> str:
        """The 'fix' part of a message about an id the registry does not have."""
        suggestion = self.suggest(wrong_id)
        return f"did you mean '{suggestion}'?" if suggestion else "add it to the registry"


def _entry_lines(node: yaml.Node) -> list[tuple[int, dict[str, int]]]:
    """(line of the entry, {key: line}) for each entry of a YAML sequence."""
    if not isinstance(node, yaml.SequenceNode):
        return []
    result = []
    for item in node.value:
        keys = {}
        if isinstance(item, yaml.MappingNode):
            keys = {k.value: k.start_mark.line + 1 for k, _ in item.value}
        result.append((item.start_mark.line + 1, keys))
    return result


def _load_file(path: Path, shown: str) -> tuple[list[Entity], list[tuple[str, Problem]]]:
    kind = KIND_OF_FILE.get(path.stem)
    if kind is None:
        known = ", ".join(f"{stem}.yaml" for stem, _ in KINDS.values())
        return [], [(shown, Problem(1, "unknown registry file", f"name it one of: {known}"))]
    try:
        text, not_utf8 = read_text(path)
        if not_utf8:
            return [], [(shown, not_utf8)]
        node = compose(text)
        data = yaml.SafeLoader("").construct_document(node) if node is not None else None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        reason = getattr(err, "problem", None) or str(err)
        line = mark.line + 1 if mark else 1
        return [], [(shown, Problem(line, f"not valid YAML: {reason}", "correct the syntax"))]
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [(shown, Problem(1, "expected a list of entries", "start each with '- id:'"))]
    validator = jsonschema.Draft202012Validator(ENTRY_SCHEMA)
    entities, problems = [], []
    for entry, (line, keys) in zip(data, _entry_lines(node), strict=True):
        errors = list(validator.iter_errors(entry))
        for error in errors:
            key = str(error.path[0]) if error.path else None
            top_level_key = error.validator == "additionalProperties" and key is None
            if top_level_key:
                key = min(set(entry) - set(ENTRY_SCHEMA["properties"]))
            where = f"'{key}': " if key and not top_level_key else ""
            fix = KEY_FIXES.get((key, str(error.validator))) or FIXES.get(
                str(error.validator), "see README.md"
            )
            problems.append((shown, Problem(keys.get(key, line), f"{where}{error.message}", fix)))
        if errors:
            continue
        entities.append(
            Entity(
                id=entry["id"],
                kind=kind,
                name=entry["name"],
                sort=entry.get("sort", entry["name"]),
                aliases=tuple(entry.get("aliases", ())),
                description=" ".join(entry["description"].split()),
                path=shown,
                line=line,
                same_as=tuple(entry.get("same_as", ())),
                native=_native(entry.get("native", {})),
                lang=entry.get("lang"),
                description_line=keys.get("description", line),
            )
        )
    return entities, problems


def _native(names: dict[str, str | list[str]]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (language, " ".join(name.split()))
        for language, written in names.items()
        for name in ([written] if isinstance(written, str) else written)
    )


def load(directory: Path, shown_as: Path | None = None) -> Registry:
    """Read every ``*.yaml`` file of the registry; ``shown_as`` prefixes paths in messages."""
    entities: dict[str, Entity] = {}
    problems: list[tuple[str, Problem]] = []
    for path in sorted(directory.glob("*.yaml")):
        shown = str((shown_as or directory) / path.name)
        found, file_problems = _load_file(path, shown)
        problems += file_problems
        for entity in found:
            first = entities.get(entity.id)
            if first is not None:
                problems.append(
                    (
                        shown,
                        Problem(
                            entity.line,
                            f"duplicate id '{entity.id}' (first defined at {first.path}:"
                            f"{first.line})",
                            "give each entity its own id",
                        ),
                    )
                )
                continue
            entities[entity.id] = entity
    return Registry(entities, problems)
