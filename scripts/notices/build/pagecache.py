"""Archived pages rendered once: a manifest of what each built page was made from.

An archived revision or change page can only change if its own generated
Markdown changes, or if what every page shares changes: the templates, the
configuration, the UI catalogs, the navigation, the renderer's version. A
page's key is a hash of both; a page whose output exists and whose key is
the one recorded is not rendered again (the renderer's ``--dirty`` mode
skips it). The manifest lives in the output folder it describes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MANIFEST = ".notices-pages.json"


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def tree_digest(folders: Iterable[Path | None]) -> str:
    """A hash of every file's name and bytes under small folders (templates, catalogs, code)."""
    parts: list[str | bytes] = []
    for folder in folders:
        if folder is None or not folder.is_dir():
            continue
        for dirpath, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                path = Path(dirpath) / name
                if path.suffix in (".pyc", ".mo"):
                    continue
                parts += [str(path.relative_to(folder)), path.read_bytes()]
    return digest(*parts)


class PageCache:
    """The manifest of one output folder: ``dest path -> [key, lastmod]``."""

    def __init__(self, site_dir: Path, shared_key: str) -> None:
        self.site_dir = site_dir
        self.shared_key = shared_key
        self.path = site_dir / MANIFEST
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries: dict[str, list[str]] = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.entries = {}

    def key(self, src_uri: str, text: str, *extra: str) -> str:
        return digest(self.shared_key, src_uri, text, *extra)

    def fresh(self, dest_uri: str, key: str) -> bool:
        entry = self.entries.get(dest_uri)
        return entry is not None and entry[:1] == [key] and (self.site_dir / dest_uri).is_file()

    def lastmod(self, dest_uri: str) -> str | None:
        entry = self.entries.get(dest_uri)
        return entry[1] if entry and len(entry) > 1 and entry[1] else None

    def forget(self, dest_uris: Iterable[str]) -> None:
        """Drop entries before their pages are rebuilt, so a failed build never leaves a stale match."""
        for dest in dest_uris:
            self.entries.pop(dest, None)
        self.save()

    def remember(self, dest_uri: str, key: str, lastmod: str | None) -> None:
        self.entries[dest_uri] = [key, lastmod or ""]

    def keep_only(self, dest_uris: set[str]) -> None:
        self.entries = {k: v for k, v in self.entries.items() if k in dest_uris}

    def save(self) -> None:
        self.site_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}")
        tmp.write_text(json.dumps(self.entries, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)


def renderer_versions() -> str:
    """The versions of the renderer and its Markdown extensions: a new one renders pages again."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("mkdocs", "properdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "pymdown-extensions"):
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            continue
    return ";".join(found)


def nav_fingerprint(items: Any) -> str:
    """Titles and addresses of a navigation tree (sections, pages, links), which every page shows."""
    parts = []
    for item in items or []:
        url = getattr(item, "url", None) or getattr(getattr(item, "file", None), "src_uri", "")
        parts.append(f"{type(item).__name__}:{item.title}:{url}[{nav_fingerprint(getattr(item, 'children', None))}]")
    return ";".join(parts)
