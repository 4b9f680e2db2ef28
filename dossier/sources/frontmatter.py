"""The article front-matter schema, and reading it with line numbers.

Used both by the Sphinx build and by maintainer commands, so that both report
the same problems at the same lines.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"

# One correction made after publication (``dossier.sources.corrections``).
CORRECTION: dict[str, Any] = {
    "type": "object",
    "required": ["date", "change", "reason"],
    "properties": {
        "date": {"type": "string", "format": "date"},  # a day that exists, YYYY-MM-DD
        "change": {"type": "string", "minLength": 1},
        "reason": {"type": "string", "minLength": 1},
        "paragraph": {"type": "string", "minLength": 1},
    },
    "additionalProperties": False,
}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["title", "date", "summary", "tags", "source"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "date": {"type": "string", "pattern": DATE_PATTERN},
        "summary": {"type": "string", "minLength": 1},
        "tags": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "uniqueItems": True,
        },
        "source": {"type": "string", "minLength": 1},
        "corrections": {"type": "array", "items": CORRECTION},
        # Optional: who wrote and who published the original, as the source names
        # them, and its address; the page's structured data and citation use them
        # (`dossier import` writes them from the page's metadata).
        "author": {
            "oneOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
            ]
        },
        "publisher": {"type": "string", "minLength": 1},
        "url": {"type": "string", "pattern": r"^https?://\S+$"},
        "language": {"type": "string", "minLength": 2},
        # The imported input, kept under docs/sources/ as evidence, and its SHA-256.
        "source_file": {"type": "string", "pattern": r"^sources/[A-Za-z0-9._-]+$"},
        "source_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        # A draft is previewed by `make serve` and left out of `make html`.
        "draft": {"type": "boolean"},
    },
}

_VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)

FIXES = {
    "required": "add the field to the front matter between the '---' lines",
    "pattern": "write the date as YYYY, YYYY-MM or YYYY-MM-DD, in quotes",
    "type": "see the example front matter in README.md",
    "minLength": "give the field a value",
    "uniqueItems": "list each tag once",
    "oneOf": "write one name, or a list of names: [First Author, Second Author]",
}
FIELD_FIXES = {
    ("url", "pattern"): "write the original's full address, starting with https://",
    ("source_file", "pattern"): "write the stored page's path, e.g. sources/my-article.html.gz",
    ("source_sha256", "pattern"): (
        "write the stored page's SHA-256 (64 hexadecimal digits), as imported"
    ),
}

CORRECTION_FIXES = {
    "required": "give each correction its date, change (what changed) and reason (why)",
    "format": "write the day of the correction as YYYY-MM-DD, in quotes",
    "type": "list each correction as 'date:', 'change:' and 'reason:' lines (see README.md)",
    "minLength": "give the field a value",
    "additionalProperties": "a correction has date, change, reason and optionally paragraph",
}

_FENCE = re.compile(r"^---\s*$")


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster


def compose(text: str) -> yaml.Node | None:
    """Parse YAML into nodes that keep their line numbers.

    libyaml does the work; on an error the pure-Python parser runs again for
    its clearer message (and the same line).
    """
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, where it is, and how to fix it."""

    line: int
    message: str
    fix: str

    def format(self, path: str | Path) -> str:
        return f"{path}:{self.line}: {self.message} (fix: {self.fix})"


@dataclasses.dataclass
class FrontMatter:
    data: dict[str, Any]
    key_lines: dict[str, int]
    problems: list[Problem]


def _split(text: str) -> tuple[str, int] | None:
    """Return the YAML between the opening and closing fences, and its end line."""
    lines = text.splitlines()
    if not lines or not _FENCE.match(lines[0]):
        return None
    for number, line in enumerate(lines[1:], start=2):
        if _FENCE.match(line):
            return "\n".join(lines[1 : number - 1]), number
    return None


def body_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of everything after the front matter."""
    split = _split(text)
    start = split[1] if split else 0
    return list(enumerate(text.splitlines()[start:], start=start + 1))


def _key_lines(node: yaml.Node) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        key.value: key.start_mark.line + 2
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }


def _node_line(node: yaml.Node | None, path: list[Any]) -> int | None:
    """The line of the value at ``path`` (keys and list positions): of its key
    in a mapping, of its first line in a list; None when it is not there."""
    line = None
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            found = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
            pair = next(((k, v) for k, v in found if k.value == step), None)
            if pair is None:
                return line
            line, node = pair[0].start_mark.line + 2, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                return line
            node = node.value[step]
            line = node.start_mark.line + 2
        else:
            return line
    return line


def _as_text(value: Any) -> Any:
    """An unquoted YAML date or year means the same as the string."""
    if isinstance(value, datetime.date | int) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return value


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Accept an unquoted YAML date or year, in the article's and its corrections' dates."""
    if "date" in data:
        data = {**data, "date": _as_text(data["date"])}
    corrections = data.get("corrections")
    if isinstance(corrections, list):
        data["corrections"] = [
            {**item, "date": _as_text(item["date"])}
            if isinstance(item, dict) and "date" in item
            else item
            for item in corrections
        ]
    return data


def _where(path: list[Any]) -> str:
    """'title', or 'corrections' item 2 'date': the field an error is about."""
    words = []
    for step in path:
        words.append(f"item {step + 1}" if isinstance(step, int) else f"'{step}'")
    return " ".join(words)


def _error_order(error: jsonschema.ValidationError) -> list[tuple[int, str]]:
    return [(step, "") if isinstance(step, int) else (-1, step) for step in error.path]


def parse(text: str) -> FrontMatter:
    """Parse and validate the front matter at the top of an article."""
    split = _split(text)
    if split is None:
        return FrontMatter(
            {}, {}, [Problem(1, "no front matter", "start the file with a '---' block")]
        )
    body, _end = split
    try:
        node = compose(body)
        data = yaml.SafeLoader("").construct_document(node) if node is not None else None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(err, "problem", None) or str(err)
        context, context_mark = getattr(err, "context", None), getattr(err, "context_mark", None)
        if context and context_mark:
            reason += f", {context} that starts on line {context_mark.line + 2}"
        return FrontMatter(
            {},
            {},
            [Problem(line, f"front matter is not valid YAML: {reason}", "correct the YAML syntax")],
        )
    if not isinstance(data, dict):
        return FrontMatter(
            {}, {}, [Problem(2, "front matter is not a mapping", "write 'key: value' lines")]
        )
    key_lines = _key_lines(node)
    data = _normalise(data)
    problems = []
    for error in sorted(_VALIDATOR.iter_errors(data), key=_error_order):
        path = list(error.path)
        if path and path[0] == "corrections":
            # a missing field of a correction is placed at the correction's line
            line = _node_line(node, path) or key_lines.get("corrections", 1)
            fix = CORRECTION_FIXES.get(str(error.validator), "see README.md")
        else:
            path = [] if error.validator == "required" else path[:1]
            line = key_lines.get(path[0], 1) if path else 1
            fix = FIELD_FIXES.get((str(path[0]), str(error.validator))) if path else None
            fix = fix or FIXES.get(str(error.validator), "see README.md")
        where = f"{_where(path)}: " if path else ""
        problems.append(Problem(line, f"{where}{error.message}", fix))
    return FrontMatter(data, key_lines, problems)


def read_text(path: Path, fix: str = "save the file as UTF-8") -> tuple[str, Problem | None]:
    """A file's text, or the line and byte where it stops being UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return "", Problem(line, f"not UTF-8 text (byte 0x{data[err.start]:02x})", fix)


def read(path: Path) -> FrontMatter:
    """The file's front matter, parsed once while the file stays the same (the
    build reads it for the tag pages, then again with the article)."""
    stat = path.stat()
    return _read(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4096)
def _read(path: str, _mtime: int, _size: int) -> FrontMatter:
    return parse(Path(path).read_text(encoding="utf-8"))
