"""Building the site safely and fast: owned folders, locks, swaps, and one process per language.

Plain Python: nothing here imports MkDocs. The MkDocs plugin and the
``notices build`` command call it.
"""
