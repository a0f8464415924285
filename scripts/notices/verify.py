"""``notices verify <site-dir-or-url>``: re-check every published text a built or deployed site serves.

Reads ``/versions.json`` (the list of notices), each notice's versions.json,
then downloads every ``source_url`` and compares the SHA-256 of its bytes with
the one versions.json gives. With ``--content``, the hashes must also be the
ones in the repository's published.lock, so a site whose versions.json was
rewritten to match altered texts is caught too. Nothing is trusted that the
site itself does not serve; URLs are fetched with urllib, with a timeout and
a size limit.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import Finding
from .lock import read_lock, sha256_bytes
from .model import Content

TIMEOUT = 30
MAX_BYTES = 8 * 1024 * 1024


class Unreadable(Exception):
    """A file of the site could not be read; the message says why, in plain words."""


@dataclass
class Verification:
    checked: int = 0
    findings: list[Finding] = field(default_factory=list)

    def error(self, where: str, message: str, hint: str) -> None:
        self.findings.append(Finding(where, 1, 1, "error", message, hint, "verify"))


def _reader(target: str) -> tuple[Callable[[str], bytes], Callable[[str], str]]:
    """(read a site-relative path, show where that path is) for a folder or an http(s) URL."""
    if target.startswith(("http://", "https://")):
        root = target if target.endswith("/") else target + "/"

        def fetch(rel: str) -> bytes:
            url = urllib.parse.urljoin(root, urllib.parse.quote(rel))
            try:
                with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
                    data: bytes = response.read(MAX_BYTES + 1)
            except urllib.error.HTTPError as exc:
                raise Unreadable(f"the site answered {exc.code} {exc.reason}") from None
            except (urllib.error.URLError, OSError) as exc:
                raise Unreadable(f"the site could not be reached ({getattr(exc, 'reason', exc)})") from None
            if len(data) > MAX_BYTES:
                raise Unreadable("the file is larger than any notice")
            return data

        return fetch, lambda rel: urllib.parse.urljoin(root, urllib.parse.quote(rel))
    folder = Path(target)

    def read(rel: str) -> bytes:
        path = folder / rel
        if ".." in Path(rel).parts:
            raise Unreadable("the address leaves the site folder")
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise Unreadable("the file is missing") from None
        except OSError as exc:
            raise Unreadable(f"the file cannot be read ({exc.strerror})") from None

    return read, lambda rel: (folder / rel).as_posix()


def _relative(url: str, site: str) -> str:
    """A URL from versions.json as a path inside the site.

    >>> _relative("https://ex.org/ja/p/2023-07-03/p-2023-07-03-ja.md", "https://ex.org/")
    'ja/p/2023-07-03/p-2023-07-03-ja.md'
    >>> _relative("/p/versions.json", "/")
    'p/versions.json'
    """
    if site and url.startswith(site):
        return urllib.parse.unquote(url[len(site) :])
    return urllib.parse.unquote(urllib.parse.urlparse(url).path.lstrip("/"))


def _json(read: Callable[[str], bytes], rel: str) -> Any:
    try:
        return json.loads(read(rel).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise Unreadable("it is not JSON") from None


def verify_site(target: str, content: Content | None = None) -> Verification:
    """Check every published text ``target`` serves against versions.json (and the lock when given)."""
    read, where = _reader(target)
    result = Verification()
    hint_build = "rebuild the site from the repository (mkdocs build) and deploy it again"
    try:
        index = _json(read, "versions.json")
        site = str(index.get("site", "/"))
        notices = [(str(n["notice"]), _relative(str(n["versions"]), site)) for n in index.get("notices", [])]
    except Unreadable as exc:
        if not Path(target).is_dir():
            result.error(where("versions.json"), f"cannot read the list of notices: {exc}", hint_build)
            return result
        notices = [
            (p.parent.name, p.relative_to(target).as_posix()) for p in sorted(Path(target).glob("*/versions.json"))
        ]
        site = "/"
    except (AttributeError, KeyError, TypeError):
        result.error(where("versions.json"), "the list of notices is not in the expected shape", hint_build)
        return result
    if not notices:
        result.error(where("versions.json"), "the site lists no published notice", hint_build)
    locks = {n.id: read_lock(n) for n in content.notices} if content else {}
    for notice_id, rel in notices:
        try:
            document = _json(read, rel)
            site = str(document.get("site", site))
            versions = document["versions"]
        except Unreadable as exc:
            result.error(where(rel), f"cannot read versions.json of '{notice_id}': {exc}", hint_build)
            continue
        except (AttributeError, KeyError, TypeError):
            result.error(where(rel), f"versions.json of '{notice_id}' is not in the expected shape", hint_build)
            continue
        for version in versions:
            key = str(version.get("effective"))
            for locale, entry in sorted((version.get("locales") or {}).items()):
                if not entry.get("source_url"):
                    continue
                _verify_text(result, read, where, site, notice_id, key, locale, entry, locks)
    return result


def _verify_text(
    result: Verification,
    read: Callable[[str], bytes],
    where: Callable[[str], str],
    site: str,
    notice_id: str,
    key: str,
    locale: str,
    entry: dict[str, Any],
    locks: dict[str, dict[str, Any]],
) -> None:
    rel = _relative(str(entry["source_url"]), site)
    label = f"the {locale} text of {notice_id} {key}"
    result.checked += 1
    try:
        data = read(rel)
    except Unreadable as exc:
        result.error(where(rel), f"{label} is not served: {exc}", "deploy the whole built site folder, not part of it")
        return
    actual, cited = sha256_bytes(data), str(entry.get("sha256"))
    if actual != cited:
        result.error(
            where(rel),
            f"{label} does not match versions.json: its SHA-256 is {actual}, versions.json says {cited}",
            "the served text was altered after the build: rebuild the site from the repository and deploy it "
            "again, and find out who changed the files on the server",
        )
        return
    if notice_id in locks:
        locked = ((locks[notice_id].get(key) or {}).get("files") or {}).get(f"{locale}.md") or {}
        if locked.get("sha256") != actual:
            result.error(
                where(rel),
                f"{label} is not the text recorded in published.lock (the lock says {locked.get('sha256')})",
                "the deployed site was not built from this repository's published record: rebuild and deploy it",
            )
