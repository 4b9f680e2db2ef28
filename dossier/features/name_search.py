"""Finding an entity however its name is spelled: the names index of the search page.

Every name, alias and native name of every entity is written down as its
spelling key (``dossier.sources.spelling``): Mosaddegh, Mossadegh and Mosaddeq
give one key, and so do علي خامنه اي and علی خامنه‌ای.  A person is also filed
under the key of each name's last word, so that "Rajavy" finds both Rajavis.
The index goes to ``_search/names-*.js``, one file per script and key length
(``l11``: Latin keys of 11 letters, ``f4``: Persian keys of 4): a query reads
the file of its own key's length, and for a one-letter typo those of a letter
less and more.  The search page holds the table of those files in a JSON
block; ``dossier-names.js`` puts the entity whose key matches first and says so
when the match is approximate.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.sources import spelling
from dossier.store.domain import get_domain
from dossier.web.search_shards import FOLDER as SEARCH_FOLDER

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from dossier.sources.registry import Entity, Registry

SCRIPTS = ("dossier-spelling.js", "dossier-names.js")
NAMES_PREFIX = "names-"  # the names files in _search/ (the word index's are shard-, words-)


def entity_keys(entity: Entity) -> set[str]:
    """The keys an entity is found by: those of its names, aliases and native
    names, and for a person those of each name's last word."""
    written = [*entity.names, *(name for _language, name in entity.native)]
    if entity.kind == "person":
        written += [word for name in written if (word := spelling.last_word(name))]
    return {key for name in written if (key := spelling.key(name))}


def shard_of(key: str) -> str:
    """``l`` (Latin) or ``f`` (Persian), and the key's length in letters."""
    return f"{'f' if spelling.is_persian(key) else 'l'}{len(key)}"


def names_index(registry: Registry, pages: dict[str, str]) -> dict[str, dict[str, str]]:
    """Shard -> key -> the pages (space-separated) of the entities it names."""
    found: dict[str, dict[str, list[str]]] = {}
    for entity in sorted(registry.entities.values(), key=lambda e: e.id):
        page = pages.get(entity.id)
        if page is None:
            continue
        for key in sorted(entity_keys(entity)):
            found.setdefault(shard_of(key), {}).setdefault(key, []).append(page)
    return {
        shard: {key: " ".join(ids) for key, ids in sorted(keys.items())}
        for shard, keys in sorted(found.items())
    }


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def write_index(folder: Path, index: dict[str, dict[str, str]]) -> dict[str, str]:
    """Write each shard to a file named by its content (if new), remove the
    names files of earlier builds; shard -> file name."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for shard, keys in index.items():
        body = f"DossierSearch.addNames({_json(shard)},{_json(keys)})"
        name = f"{NAMES_PREFIX}{hashlib.sha1(body.encode('utf-8')).hexdigest()[:12]}.js"
        path = folder / name
        if not path.exists():
            path.write_text(body, encoding="utf-8")
        files[shard] = name
    for stale in set(folder.glob(f"{NAMES_PREFIX}*.js")) - {folder / n for n in files.values()}:
        stale.unlink()
    return files


def _entity_pages(app: Sphinx) -> dict[str, str]:
    """Entity id -> its page's document name, relative to the entities' folder."""
    prefix = app.config.dossier_entities_dir.strip("/") + "/"
    return {
        entity_id: target.docname[len(prefix) :]
        for entity_id, target in get_domain(app.env).entity_pages().items()
        if target.docname.startswith(prefix)
    }


def _written_index(app: Sphinx) -> dict[str, str]:
    """``write_index`` of this build's names index, unless the last build of this
    process wrote the same (``dossier serve``: 2,000 entities' keys take 0.1 s)."""
    registry, pages = app.env.dossier_registry, _entity_pages(app)
    folder = Path(app.builder.outdir) / SEARCH_FOLDER
    last = getattr(app.builder, "dossier_names_written", None)
    if last is not None and last[0] is registry and last[1] == pages:
        files = last[2]
        if all((folder / name).exists() for name in files.values()):
            return files
    files = write_index(folder, names_index(registry, pages))
    app.builder.dossier_names_written = (registry, pages, files)
    return files


def _search_page(app: Sphinx, pagename: str, _template: str, context: dict, _doc: Any) -> None:
    """On the search page: the names index written, its table in the page, its scripts."""
    if pagename != "search" or app.builder.format != "html":
        return
    files = _written_index(app)
    table = {"dir": app.config.dossier_entities_dir.strip("/") + "/", "shards": files}
    # Read by dossier-names.js from a data block (not a script: the CSP allows none inline).
    context["dossier_names"] = _json(table).replace("</", "<\\/")
    for name in SCRIPTS:
        app.builder.add_js_file(name)


def setup(app: Sphinx) -> None:
    # After search_shards' scripts: these wrap what dossier-search.js sets up.
    app.connect("html-page-context", _search_page, priority=600)
