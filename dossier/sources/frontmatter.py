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
        # Written by `dossier import`: the page's metadata, as the page gives it.
        "authors": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "publisher": {"type": "string", "minLength": 1},
        "url": {"type": "string", "pattern": "^https?://"},
        "language": {"type": "string", "minLength": 2},
        # The imported input, kept under docs/sources/ as evidence, and its SHA-256.
        "source_file": {"type": "string", "pattern": r"^sources/[A-Za-z0-9._-]+$"},
        "source_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        # A draft is previewed by `make serve` and left out of `make html`.
        "draft": {"type": "boolean"},
    },
}

PATTERN_FIXES = {
    "url": "write the page's address, starting with http:// or https://",
    "source_file": "write the stored page's path, e.g. sources/my-article.html.gz",
    "source_sha256": "write the stored page's SHA-256 (64 hexadecimal digits), as imported",
}

_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

FIXES = {
    "required": "add the field to the front matter between the '---' lines",
    "pattern": "write the date as YYYY, YYYY-MM or YYYY-MM-DD, in quotes",
    "type": "see the example front matter in README.md",
    "minLength": "give the field a value",
    "uniqueItems": "list each tag once",
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


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Accept an unquoted YAML date or year: both mean the same as the string."""
    date = data.get("date")
    if isinstance(date, datetime.date | int) and not isinstance(date, bool):
        data = {**data, "date": date.isoformat() if isinstance(date, datetime.date) else str(date)}
    return data


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
    for error in sorted(_VALIDATOR.iter_errors(data), key=lambda e: list(e.path)):
        field = str(error.path[0]) if error.path else None
        if error.validator == "required":
            field = None
        line = key_lines.get(field, 1) if field else 1
        where = f"'{field}': " if field else ""
        problems.append(
            Problem(
                line,
                f"{where}{error.message}",
                (error.validator == "pattern" and PATTERN_FIXES.get(field or ""))
                or FIXES.get(str(error.validator), "see README.md"),
            )
        )
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
