"""Sphinx configuration for the site (used with ``sphinx-build -c .``)."""

project = "Press Dossier"
author = "The Press Dossier editors"
copyright = "2026, the Press Dossier editors; articles belong to their authors"
language = "en"
version = release = "2026"

extensions = ["myst_parser", "dossier"]

# Paths below are relative to this file, not to docs/.
templates_path = ["docs/_templates"]
html_static_path = ["docs/_static"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# The articles are reproduced exactly: no typographic rewriting of quotes or dashes.
smartquotes = False

myst_enable_extensions = ["colon_fence", "deflist"]
myst_title_to_header = True
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Press Dossier"
html_short_title = "Press Dossier"
html_css_files = ["dossier.css"]
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "navigation_with_keys": True,
}

epub_title = "Press Dossier"
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_show_urls = "no"
