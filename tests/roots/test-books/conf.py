extensions = ["myst_parser", "dossier"]
project = "Test Dossier"
myst_title_to_header = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
html_baseurl = "https://example.org/dossier/"
