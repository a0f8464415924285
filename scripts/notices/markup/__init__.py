"""What a notice's Markdown becomes on the page, decided by the same parse the site uses.

``parse``: the Python-Markdown configuration of the site (the extensions in
mkdocs.yml) and a parse that keeps the element tree for the checks.
``sanitize``: the allowlist every page's HTML goes through, as a
Python-Markdown extension, and the list of what it would remove.
``hidden``: characters and markup that make the page differ from the source.
``fields``: YAML text fields escaped for each destination.
"""
