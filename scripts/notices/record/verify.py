"""``notices verify <site-dir-or-url>``: re-check every published text a built or deployed site serves.

Reads ``/versions.json`` (the list of notices), each notice's versions.json,
then reads every published text and compares the SHA-256 of its bytes with
the one versions.json gives. With ``--content``, nothing the site says is
trusted: the notices, revisions and languages to expect, where each text is
served (:func:`notices.record.served.source_path`) and its hash all come from the
repository's content and published.lock, so a dropped version, a rewritten
versions.json or a ``source_url`` pointing at an untouched copy is caught.

versions.json is input from whoever controls the server: every address in it
must stay inside the site folder or under the site's address, its size and
nesting are limited, and a remote site is read under an overall deadline and
byte budget, so a hostile or broken site gets a message, never a traceback or
a hang.

Over 400 lines as one unit: every read goes through :class:`Site`, whose deadline, byte budget and
nesting limit must hold for each check of the texts it serves.
"""

from __future__ import annotations

import json
import re
import stat
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..content.model import Content, Notice
from ..content.timeline import Timeline
from ..findings import Finding
from .lock import read_lock, sha256_bytes
from .served import source_path

#: Seconds one network read may wait.
TIMEOUT = 30
#: Seconds the whole check of a remote site may take.
DEADLINE = 300
#: Bytes one file may have: no notice or versions.json is near it.
MAX_BYTES = 8 * 1024 * 1024
#: Bytes all downloads together may have.
BUDGET = 256 * 1024 * 1024
#: Arrays and objects inside each other in a versions.json (ours nest 5 deep).
MAX_DEPTH = 32

HINT_BUILD = "rebuild the site from the repository (mkdocs build) and deploy it again"
HINT_DEPLOY = "deploy the whole built site folder, not part of it"
#: versions.json has no entry for the text (reported on its own): only the lock is compared.
NOT_LISTED = object()


class Unreadable(Exception):
    """A file of the site could not be read; the message says why, in plain words."""


class OutOfTime(Unreadable):
    """The deadline or the byte budget is spent: nothing more is fetched."""


class Shape(Exception):
    """versions.json is not laid out as the build writes it; the message says where."""


@dataclass
class Verification:
    checked: int = 0
    findings: list[Finding] = field(default_factory=list)

    def error(self, where: str, message: str, hint: str) -> None:
        self.findings.append(Finding(where, 1, 1, "error", message, hint, "verify"))


def shown(value: object, limit: int = 80) -> str:
    """A value from the site, quoted for a message: control characters escaped, long ones cut.

    >>> shown("a\\x1b[31mb")
    "'a\\\\x1b[31mb'"
    """
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[:limit]
    text = "".join(
        ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}" for ch in text
    )
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true or false", type(None): "null"}.get(
        type(value), "a number"
    )


def safe_relative(rel: str) -> str:
    """A site-relative path that cannot leave the site: no absolute path, '..', backslash or NUL.

    >>> safe_relative("ja/p/2023-07-03/p-2023-07-03-ja.md")
    'ja/p/2023-07-03/p-2023-07-03-ja.md'
    >>> safe_relative("p/../../etc/passwd")
    Traceback (most recent call last):
    notices.record.verify.Unreadable: the address leaves the site ('..')
    """
    if not rel or rel.startswith("/") or re.match(r"[A-Za-z]:", rel):
        raise Unreadable("the address is not a path inside the site")
    if "\\" in rel or not rel.isprintable():
        raise Unreadable(
            f"the address {shown(rel)} holds a backslash or a control character, which no page address has"
        )
    parts = rel.split("/")
    if ".." in parts:
        raise Unreadable("the address leaves the site ('..')")
    return "/".join(p for p in parts if p not in ("", "."))


class Site:
    """Reads site-relative paths from a built folder or a deployed site, never outside it."""

    def __init__(self, target: str, deadline: float = DEADLINE, budget: int = BUDGET) -> None:
        self.remote = target.startswith(("http://", "https://"))
        self.root = (target if target.endswith("/") else target + "/") if self.remote else ""
        self.folder = Path(target)
        self.ends = time.monotonic() + deadline
        self.deadline = deadline
        self.left = budget
        self.spent: str | None = None  # why nothing more is fetched
        self.bases = [self.root] if self.remote else []

    def where(self, rel: str) -> str:
        """Where a path is, as the user can look it up."""
        if self.remote:
            return urllib.parse.urljoin(self.root, urllib.parse.quote(rel))
        return (self.folder / rel).as_posix()

    def relative(self, url: object) -> str:
        """A URL from versions.json as a path inside the site; refused when it points anywhere else."""
        if not isinstance(url, str) or not url:
            raise Unreadable(f"the address is {_kind(url)}, not a URL" if url != "" else "the address is empty")
        try:
            rest = self._path_of(url)
            split = urllib.parse.urlsplit(rest)
        except ValueError:  # urllib: "Invalid IPv6 URL" and the like
            raise Unreadable(f"{shown(url)} is not a URL") from None
        if split.scheme or split.netloc or split.query or split.fragment:
            raise Unreadable(f"{shown(url)} is not a plain address on the site")
        return safe_relative(urllib.parse.unquote(rest))

    def _path_of(self, url: str) -> str:
        for base in self.bases:
            if url.startswith(base):
                return url[len(base) :]
        split = urllib.parse.urlsplit(url)
        if split.scheme or split.netloc:
            raise Unreadable(f"{shown(url)} is not on the site ({shown(split.netloc or split.scheme)})")
        if not url.startswith("/"):
            raise Unreadable(f"{shown(url)} is not an address on the site")
        return url[1:]

    def read(self, rel: str) -> bytes:
        rel = safe_relative(rel)
        return self._fetch(rel) if self.remote else self._read_file(rel)

    def _read_file(self, rel: str) -> bytes:
        path = self.folder / rel
        try:
            inside = path.resolve().is_relative_to(self.folder.resolve())
            info = path.stat()
        except FileNotFoundError:
            raise Unreadable("the file is missing") from None
        except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links
            raise Unreadable(f"the file cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
        if not inside:
            raise Unreadable("the file is a link to a place outside the site folder")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("it is not a file")
        if info.st_size > MAX_BYTES:
            raise Unreadable(f"the file has {info.st_size:,} bytes, more than any notice ({MAX_BYTES:,})")
        try:
            return path.read_bytes()
        except OSError as exc:
            raise Unreadable(f"the file cannot be read ({exc.strerror})") from None

    def _fetch(self, rel: str) -> bytes:
        """Download under the deadline: a thread reads, this one waits no longer than the time left."""
        if self.spent:
            raise OutOfTime(self.spent)
        url = self.where(rel)
        box: dict[str, Any] = {}
        worker = threading.Thread(target=self._download, args=(url, box), daemon=True)
        worker.start()
        worker.join(max(0.0, self.ends - time.monotonic()))
        if worker.is_alive():
            self.spent = f"the site did not answer within {self.deadline:g} s, the time allowed for the whole check"
            raise OutOfTime(self.spent)
        if "error" in box:
            raise box["error"]
        data: bytes = box["data"]
        return data

    def _download(self, url: str, box: dict[str, Any]) -> None:
        try:
            box["data"] = self._get(url)
        except Unreadable as exc:
            box["error"] = exc
        except Exception as exc:  # whatever a broken server makes http.client raise
            box["error"] = Unreadable(f"the site sent a broken answer ({type(exc).__name__})")

    def _get(self, url: str) -> bytes:
        opener = urllib.request.build_opener(_StayOnSite(self.root))
        try:
            with opener.open(url, timeout=TIMEOUT) as response:
                chunks: list[bytes] = []
                size = 0
                while chunk := response.read1(65536):
                    size += len(chunk)
                    if size > MAX_BYTES:
                        raise Unreadable(f"the file is larger than any notice ({MAX_BYTES:,} bytes)")
                    if size > self.left:
                        self.spent = "the site sent more than the check reads in all"
                        raise OutOfTime(self.spent)
                    chunks.append(chunk)
                self.left -= size
                return b"".join(chunks)
        except urllib.error.HTTPError as exc:
            raise Unreadable(f"the site answered {exc.code} {shown(str(exc.reason))}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise Unreadable(f"the site could not be reached ({shown(str(getattr(exc, 'reason', exc)))})") from None


class _StayOnSite(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another address under the site's own."""

    def __init__(self, root: str) -> None:
        self.root = root

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if not newurl.startswith(self.root):
            raise Unreadable(f"the site redirects to {shown(newurl)}, outside the site")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


#: A string (one left open runs to the end, so no quote is scanned twice), or a bracket.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*(?:"|\\?\Z)|[\[{]|[\]}]', re.S)


def nesting(text: str) -> int:
    """How deep arrays and objects nest in a JSON text (strings skipped), without parsing it.

    >>> nesting('{"a": [[1], "[[[["]}')
    3
    """
    depth = deepest = 0
    for m in _JSON_TOKEN.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def read_json(site: Site, rel: str) -> Any:
    data = site.read(rel)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("it is not UTF-8 text") from None
    if nesting(text) > MAX_DEPTH:
        raise Unreadable(f"it nests more than {MAX_DEPTH} levels deep, which no versions.json does")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError; a number of 5,000 digits
        raise Unreadable("it is not JSON") from None


def _object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Shape(f"{what} is {_kind(value)}, not an object")
    return value


def _list(value: object, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise Shape(f"{what} is {_kind(value)}, not a list")
    return value


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise Shape(f"{what} is {_kind(value)}, not text")
    return value


def verify_site(
    target: str,
    content: Content | None = None,
    as_of: date | None = None,
    *,
    deadline: float = DEADLINE,
    budget: int = BUDGET,
) -> Verification:
    """Check every published text ``target`` serves against versions.json.

    With ``content``, every revision published on ``as_of`` (default: today) must be served, at the address
    the build gives it, with the bytes published.lock records.
    """
    site = Site(target, deadline, budget)
    result = Verification()
    listed = _listed_notices(site, result, strict=content is not None)
    if content is None:
        for notice_id, rel in listed.items():
            _verify_listed(site, result, notice_id, rel, None, set())
        if not listed and not result.findings:
            result.error(site.where("versions.json"), "the site lists no published notice", HINT_BUILD)
        return result
    day = as_of or date.today()
    for notice in content.notices:
        if Timeline.of(notice, day).published:
            _verify_notice(site, result, content, day, notice, listed)
    for notice_id in sorted(set(listed) - {n.id for n in content.notices}):
        result.error(
            site.where("versions.json"),
            f"the site lists a notice {shown(notice_id)} that the content folder does not have",
            "check that --content is this site's content folder; else remove the notice and deploy again",
        )
    return result


def _listed_notices(site: Site, result: Verification, *, strict: bool) -> dict[str, str]:
    """Notice id -> site-relative path of its versions.json, as /versions.json lists them."""
    where = site.where("versions.json")
    try:
        index = _object(read_json(site, "versions.json"), "the list of notices")
        _add_base(site, index.get("site"))
        listed: dict[str, str] = {}
        for number, item in enumerate(_list(index.get("notices"), "'notices'"), start=1):
            item = _object(item, f"entry {number} of 'notices'")
            notice_id = _text(item.get("notice"), f"'notice' of entry {number}")
            try:
                listed[notice_id] = site.relative(item.get("versions"))
            except Unreadable as exc:
                result.error(where, f"the list of notices gives {shown(notice_id)} a bad address: {exc}", HINT_BUILD)
        return listed
    except OutOfTime as exc:
        result.error(where, f"cannot read the list of notices: {exc}", HINT_BUILD)
        return {}
    except Unreadable as exc:
        result.error(where, f"cannot read the list of notices: {exc}", HINT_BUILD)
        if site.remote or strict or not site.folder.is_dir():
            return {}
        found = sorted(site.folder.glob("*/versions.json"))  # still check what the folder holds
        return {p.parent.name: p.relative_to(site.folder).as_posix() for p in found}
    except Shape as exc:
        result.error(where, f"the list of notices is not in the expected shape: {exc}", HINT_BUILD)
        return {}


def _add_base(site: Site, base: object) -> None:
    """The site address versions.json writes its URLs under: only a prefix to strip, never where to read."""
    if isinstance(base, str) and base.startswith(("http://", "https://")):
        base = base if base.endswith("/") else base + "/"
        if base not in site.bases:
            site.bases.append(base)


def _versions(site: Site, result: Verification, notice_id: str, rel: str) -> list[dict[str, Any]] | None:
    """The entries of a notice's versions.json, each an object; None (and an error) when unusable."""
    try:
        document = _object(read_json(site, rel), "the file")
        _add_base(site, document.get("site"))
        entries = _list(document.get("versions"), "'versions'")
        return [_object(e, f"entry {i} of 'versions'") for i, e in enumerate(entries, start=1)]
    except Unreadable as exc:
        result.error(site.where(rel), f"cannot read versions.json of {shown(notice_id)}: {exc}", HINT_BUILD)
    except Shape as exc:
        result.error(
            site.where(rel), f"versions.json of {shown(notice_id)} is not in the expected shape: {exc}", HINT_BUILD
        )
    return None


def _texts(version: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    key = shown(version.get("effective"))
    for locale, entry in sorted(_object(version.get("locales"), f"'locales' of {key}").items()):
        yield locale, _object(entry, f"the {shown(locale)} entry of {key}")


def _verify_listed(
    site: Site, result: Verification, notice_id: str, rel: str, lock: dict[str, Any] | None, skip: set[str]
) -> None:
    """Every text a notice's versions.json lists (but the revisions in ``skip``), by its own addresses."""
    versions = _versions(site, result, notice_id, rel)
    for version in versions or []:
        effective = version.get("effective")
        if isinstance(effective, str) and effective in skip:
            continue
        try:
            key = _text(effective, "'effective' of a version")
            for locale, entry in _texts(version):
                label = f"the {shown(locale)[1:-1]} text of {shown(notice_id)[1:-1]} {shown(key)[1:-1]}"
                try:
                    text_rel = site.relative(entry.get("source_url"))
                except Unreadable as exc:
                    message = f"{label} has no source_url" if not entry.get("source_url") else f"{label}: {exc}"
                    result.error(site.where(rel), message, HINT_BUILD)
                    continue
                locked = _locked(lock, key, locale) if lock is not None else None
                _verify_text(site, result, label, text_rel, entry.get("sha256"), locked, lock is not None)
        except Shape as exc:
            result.error(
                site.where(rel), f"versions.json of {shown(notice_id)} is not in the expected shape: {exc}", HINT_BUILD
            )


def _locked(lock: dict[str, Any], key: str, locale: str) -> str | None:
    entry = lock.get(key)
    files = entry.get("files") if isinstance(entry, dict) else None
    text = files.get(f"{locale}.md") if isinstance(files, dict) else None
    digest = text.get("sha256") if isinstance(text, dict) else None
    return str(digest) if digest else None


def _verify_notice(
    site: Site, result: Verification, content: Content, as_of: date, notice: Notice, listed: dict[str, str]
) -> None:
    """Every published text of ``notice``, at the address the build gives it, against published.lock."""
    rel = f"{notice.id}/versions.json"
    if notice.id not in listed:
        result.error(
            site.where("versions.json"),
            f"the list of notices does not list {notice.id}, which is published",
            HINT_BUILD,
        )
    elif listed[notice.id] != rel:
        result.error(
            site.where("versions.json"),
            f"the list of notices points {notice.id} at {shown(listed[notice.id])}; the build puts it at '{rel}'",
            HINT_BUILD,
        )
    lock = read_lock(notice)
    versions = _versions(site, result, notice.id, rel) or []
    by_key = {v.get("effective"): v for v in versions if isinstance(v.get("effective"), str)}
    default = content.locales[0]
    published = Timeline.of(notice, as_of).published
    for revision in published:
        version = by_key.get(revision.key)
        if version is None and versions:
            result.error(
                site.where(rel),
                f"versions.json of {notice.id} does not list revision {revision.key}, which is published",
                HINT_BUILD,
            )
        entries = version.get("locales") if version else None
        entries = entries if isinstance(entries, dict) else {}
        for locale in sorted(revision.documents):
            label = f"the {locale} text of {notice.id} {revision.key}"
            expected = source_path(notice, revision, locale, default)
            entry = entries.get(locale)
            if version is not None and entry is None:
                result.error(site.where(rel), f"versions.json does not list {label}, which is published", HINT_BUILD)
            elif entry is not None and not isinstance(entry, dict):
                problem = f"the '{locale}' entry of '{revision.key}' is {_kind(entry)}, not an object"
                result.error(
                    site.where(rel), f"versions.json of {notice.id} is not in the expected shape: {problem}", HINT_BUILD
                )
                entry = None
            elif entry is not None:
                _check_address(site, result, rel, label, entry, expected)
            cited = entry.get("sha256") if entry is not None else NOT_LISTED
            _verify_text(site, result, label, expected, cited, _locked(lock, revision.key, locale), True)
    _verify_listed(site, result, notice.id, rel, lock, {r.key for r in published})


def _check_address(
    site: Site, result: Verification, rel: str, label: str, entry: dict[str, Any], expected: str
) -> None:
    """versions.json must point a text at the address the build serves it from, not at a copy elsewhere."""
    url = entry.get("source_url")
    if not url:
        result.error(site.where(rel), f"{label} has no source_url", HINT_BUILD)
        return
    try:
        given = site.relative(url)
    except Unreadable as exc:
        result.error(site.where(rel), f"{label}: {exc}", HINT_BUILD)
        return
    if given != expected:
        result.error(
            site.where(rel),
            f"versions.json points {label} at {shown(url)}; the build serves it at '{expected}'",
            "an address in versions.json was changed after the build: " + HINT_BUILD,
        )


def _verify_text(
    site: Site, result: Verification, label: str, rel: str, cited: object, locked: str | None, against_lock: bool
) -> None:
    result.checked += 1
    try:
        data = site.read(rel)
    except Unreadable as exc:
        result.error(site.where(rel), f"{label} is not served: {exc}", HINT_DEPLOY)
        return
    actual = sha256_bytes(data)
    if cited is not NOT_LISTED and actual != cited:
        result.error(
            site.where(rel),
            f"{label} does not match versions.json: its SHA-256 is {actual}, versions.json says {shown(cited)}",
            "the served text was altered after the build: rebuild the site from the repository and deploy it "
            "again, and find out who changed the files on the server",
        )
        return
    if against_lock and locked != actual:
        result.error(
            site.where(rel),
            f"{label} is not the text recorded in published.lock (the lock says {locked})",
            "the deployed site was not built from this repository's published record: rebuild and deploy it",
        )
