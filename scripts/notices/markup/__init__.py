"""The sanitizer's public name: a project's ``mkdocs.yml`` lists ``notices.markup.sanitize``.

The code lives in :mod:`notices.content.markup.sanitize`; this name stays so every existing
``mkdocs.yml`` keeps building.
"""
