"""The adapters: the ``notices`` command line, the MkDocs plugin and the preview server.

They import the core (content, record, diff, site, build); no core module imports them."""
