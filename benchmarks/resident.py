"""The edit-one-article rebuild as `dossier serve` does it: one Sphinx kept in memory.

Run in its own process by ``benchmarks.run``: ``python -m benchmarks.resident
PROJECT ARTICLE SENTENCE`` builds, appends the sentence to the article, builds
again, then once more with no change, then saves the environment as `dossier
serve` does when it stops, and prints the seconds of each (with the documents
the edit made it read and write) as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from dossier.tools.serve import ResidentSite


def main(project: Path, edited: Path, sentence: str) -> dict:
    build = project / "build"
    site = ResidentSite(project / "docs", project, build / "html", build / "html-doctrees")
    first = site.build()
    site.save()
    edited.write_text(edited.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
    time.sleep(0.01)  # a new modification time
    edit = site.build([edited])  # as `dossier serve` passes what its watcher saw change
    search = site.search_seconds  # the search index, written once the pages are out
    record = json.loads((build / "record.json").read_text())
    no_change = site.build()
    # As `dossier serve` does when it stops: the environment saved for the next sphinx-build.
    save = site.save()
    return {
        "first_seconds": round(first, 2),
        "seconds": round(edit, 2),
        "search_seconds": round(search, 2),
        "save_seconds": round(save, 2),
        "read": len(record["read"]),
        "written": len(record["written"]),
        "no_change_seconds": round(no_change, 2),
        "status": site.app.statuscode,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])))
