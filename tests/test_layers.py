"""The package's folders are layers: every import points down, and no module
imports another that imports it back (``ARCHITECTURE.md`` draws them)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dossier"

# Each layer and the layers it may import (its own always included).
MAY_IMPORT = {
    "tools": {"tools", "features", "store", "web", "speed", "sources", "dossier"},
    "features": {"features", "store", "web", "speed", "sources"},
    "store": {"store", "sources"},
    "web": {"web", "speed", "sources"},
    "speed": {"speed"},
    "sources": {"sources"},
    "dossier": {"features", "store", "web", "speed", "sources"},  # __init__: setup()
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "dossier"


def imports_of(path: Path) -> set[str]:
    """The package's modules ``path`` imports, wherever the import stands
    (inside functions and ``TYPE_CHECKING`` blocks too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] == "dossier"}


def graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        # ``from dossier.store import domain`` names a module; ``from
        # dossier.store.domain import get_domain`` names one and a function.
        edges[name] = {target for target in imports_of(path) if target in modules} - {name}
    return edges


def test_every_import_points_down_or_along():
    wrong = []
    for module, targets in sorted(graph().items()):
        for target in sorted(targets):
            if layer_of(target) not in MAY_IMPORT[layer_of(module)]:
                wrong.append(f"{module} imports {target} ({layer_of(target)} is above it)")
    assert wrong == []


def test_no_module_imports_one_that_imports_it_back():
    edges = graph()
    circles = []
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        if module in visiting:
            circles.append(" -> ".join([*visiting[visiting.index(module) :], module]))
            return
        if module in done:
            return
        visiting.append(module)
        for target in sorted(edges.get(module, ())):
            visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(edges):
        if module != "dossier":  # the package's own __init__ lists every part
            visit(module)
    assert circles == []


def test_the_layer_rule_finds_an_upward_import_and_a_circle(tmp_path, monkeypatch):
    """The two tests above fail on a bad import (and name both files)."""
    fake = tmp_path / "dossier"
    for folder in ("sources", "store"):
        (fake / folder).mkdir(parents=True)
        (fake / folder / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    (fake / "sources" / "registry.py").write_text("from dossier.store.domain import KINDS\n")
    (fake / "store" / "domain.py").write_text("from dossier.store import links\n")
    (fake / "store" / "links.py").write_text("from dossier.store.domain import get_domain\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    with pytest.raises(AssertionError, match=r"dossier\.sources\.registry imports dossier\.store"):
        test_every_import_points_down_or_along()
    with pytest.raises(AssertionError, match=r"dossier\.store\.domain -> dossier\.store\.links"):
        test_no_module_imports_one_that_imports_it_back()


REPO = PACKAGE.parent
ARTICLE = next((REPO / "docs" / "articles").glob("*.md"))


@pytest.mark.parametrize(
    "arguments", [["check"], ["suggest", str(ARTICLE)], ["import", "--help"]], ids=lambda a: a[0]
)
def test_the_maintainer_commands_run_without_loading_sphinx(arguments):
    """``dossier check``, ``suggest`` and ``import`` read sources only: Sphinx
    and docutils are not even loaded (``dossier.sources`` never imports them)."""
    code = (
        "import sys\n"
        "from dossier.tools.cli import main\n"
        f"sys.argv = ['dossier', *{arguments!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'sphinx', 'docutils'})\n"
        "print('loaded:', heavy)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert run.stdout.strip().splitlines()[-1] == "loaded: []"
