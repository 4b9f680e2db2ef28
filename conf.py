"""Sphinx configuration for the site (used with ``sphinx-build -c .``)."""

import os

project = "Press Dossier"
author = "The Press Dossier editors"
copyright = "2026, the Press Dossier editors; articles belong to their authors"
language = "en"
version = release = "2026"

extensions = [
    "myst_parser",
    "dossier",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
]

# Where the site is published: absolute links in the feed, sitemap and
# OpenGraph tags. The .example address is a placeholder; set DOSSIER_BASEURL.
html_baseurl = os.environ.get("DOSSIER_BASEURL", "https://press-dossier.example/")

# Paths below are relative to this file, not to docs/.
templates_path = ["docs/_templates"]
html_static_path = ["docs/_static"]
# sources/: each imported page kept as evidence (`dossier check` compares the
# articles with it); the pages belong to their publishers and are not published.
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "sources"]

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

# sitemap.xml lists every page at its published address.
sitemap_url_scheme = "{link}"
sitemap_show_lastmod = False

# OpenGraph: text only; no social-card images (they need fonts and matplotlib).
ogp_site_url = html_baseurl
ogp_site_name = project
ogp_social_cards = {"enable": False}
ogp_enable_meta_description = True

# The 404 page works at any depth: its links and assets are absolute from here.
notfound_urls_prefix = "/"
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>"
        "<p>There is no page at this address. It may have moved, or the address "
        "may be mistyped.</p>"
        '<ul><li><a href="/index.html">Home page: the list of articles</a></li>'
        '<li><a href="/people.html">People</a>, <a href="/organizations.html">'
        'organizations</a>, <a href="/places.html">places</a> and the '
        '<a href="/glossary.html">glossary</a></li>'
        '<li><a href="/search.html">Search the site</a></li></ul>'
    ),
}
sitemap_excludes = ["404.html", "search.html", "genindex.html"]
