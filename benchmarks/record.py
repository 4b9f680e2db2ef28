"""A Sphinx extension for benchmark builds: which documents were read and written."""

from __future__ import annotations

import json
from pathlib import Path


def setup(app):
    seen = {"read": [], "written": []}
    app.connect("env-before-read-docs", lambda _a, _e, docnames: seen["read"].extend(docnames))
    app.connect("doctree-resolved", lambda _a, _t, docname: seen["written"].append(docname))

    def save(app, exception):
        if exception is None:
            Path(app.outdir, "..", "record.json").write_text(json.dumps(seen), encoding="utf-8")
        for docnames in seen.values():
            docnames.clear()  # one record per build, also when one process builds again

    app.connect("build-finished", save)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
