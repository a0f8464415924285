"""The preview's web server: the language folders seen as one site, and a page that reloads itself.

Plain Python (``http.server``), bound to this computer only. Each HTML page
gets a small script that asks the server, and waits, for the next change; a
page reloads only when its own address was rendered again. Nothing here is
deployed: built sites never carry this script.
"""

from __future__ import annotations

import contextlib
import html
import http.server
import json
import mimetypes
import os
import posixpath
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path

RELOAD_PATH = "/.notices/reload"
_WAIT_SECONDS = 20.0

_SCRIPT = """<script>
(function () {
  var epoch = %d;
  function wait() {
    fetch("%s?since=" + epoch, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (d) {
      if (d.all || d.urls.indexOf(location.pathname) >= 0) { location.reload(); return; }
      epoch = d.epoch; wait();
    }).catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
</script>"""


def page_urls(dest_uri: str) -> set[str]:
    """The addresses a visitor uses for one output file: ``a/b/index.html`` is also ``/a/b/``."""
    url = "/" + dest_uri
    return {url, url[: -len("index.html")]} if url.endswith("index.html") else {url}


class Changes:
    """A counter of rendered changes, with the addresses each one touched, for the pages that wait."""

    def __init__(self) -> None:
        self.epoch = 0
        self._urls: list[tuple[int, frozenset[str] | None]] = []
        self._cond = threading.Condition()

    def publish(self, urls: Iterable[str] | None) -> None:
        """Tell the waiting pages; ``None`` reloads every page."""
        with self._cond:
            self.epoch += 1
            self._urls.append((self.epoch, None if urls is None else frozenset(urls)))
            del self._urls[:-200]
            self._cond.notify_all()

    def wait(self, since: int, timeout: float = _WAIT_SECONDS) -> dict[str, object]:
        with self._cond:
            self._cond.wait_for(lambda: self.epoch > since, timeout=timeout)
            seen = [urls for epoch, urls in self._urls if epoch > since]
            everything = any(urls is None for urls in seen) or (since < self.epoch and len(seen) == 0)
            merged = sorted({url for urls in seen if urls is not None for url in urls})
            return {"epoch": self.epoch, "all": everything, "urls": merged}


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    #: A restart right after Ctrl+C binds at once: the old connections' TIME-WAIT does not hold the port.
    #: (Windows binds past TIME-WAIT anyway, and there the option would let two servers share a port.)
    allow_reuse_address = os.name != "nt"

    def __init__(
        self,
        address: tuple[str, int],
        roots: Callable[[], list[Path]],
        decorate: Callable[[str, str], str],
        changes: Changes,
        failure: Callable[[], str | None],
        pdf: Callable[[str], Path | None] = lambda url: None,
        error_page: Callable[[str, str], str] | None = None,
    ) -> None:
        """``roots``: the language folders, the default language first; ``decorate(page, url)`` may edit a page."""
        super().__init__(address, _Handler)
        self.roots = roots
        self.decorate = decorate
        self.changes = changes
        self.failure = failure
        self.pdf = pdf
        #: ``error_page(url, error)``: the page shown where nothing was built yet (the first build failed).
        self.error_page = error_page


class _Handler(http.server.BaseHTTPRequestHandler):
    server: PreviewServer

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows what the preview rebuilt, not every request

    def do_GET(self) -> None:
        if not self._from_this_computer():
            self._send(403, "text/plain; charset=utf-8", b"The preview answers only to http://127.0.0.1 and localhost.")
            return
        parsed = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(parsed.path)
        if path == RELOAD_PATH:
            query = urllib.parse.parse_qs(parsed.query)
            try:
                since = int(query.get("since", ["0"])[0])
            except ValueError:
                since = 0
            self._send(200, "application/json", json.dumps(self.server.changes.wait(since)).encode())
            return
        found = self._find(path)
        if found is None and not path.endswith("/") and self._find(path + "/") is not None:
            self.send_response(302)
            self.send_header("Location", urllib.parse.quote(path + "/"))
            self.end_headers()
            return
        status = 200
        if found is None and path.endswith(".pdf") and ".." not in path.split("/"):
            found = self.server.pdf(path)
        if found is None:
            status = 404
            parts = [p for p in path.split("/") if p]
            found = (self._find(f"/{parts[0]}/404.html") if parts else None) or self._find("/404.html")
        if found is None:
            failure = self.server.failure()
            script = _SCRIPT % (self.server.changes.epoch, RELOAD_PATH)  # the page comes back once it is fixed
            if failure and self.server.error_page is not None:  # the error, on every page, until it is fixed
                page = self.server.error_page(path, failure)
                end = page.rfind("</body>")
                body = page[:end] + script + page[end:] if end >= 0 else page + script
                self._send(200, "text/html; charset=utf-8", body.encode())
                return
            body = f"<!doctype html><title>Preview</title><pre>{html.escape(failure or 'Not found')}</pre>{script}"
            self._send(500 if failure else 404, "text/html; charset=utf-8", body.encode())
            return
        data = found.read_bytes()
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if found.suffix == ".html":
            page = self.server.decorate(data.decode("utf-8", errors="replace"), path)
            script = _SCRIPT % (self.server.changes.epoch, RELOAD_PATH)
            end = page.rfind("</body>")
            page = page[:end] + script + page[end:] if end >= 0 else page + script
            data, kind = page.encode("utf-8"), "text/html; charset=utf-8"
        self._send(status, kind, data)

    def _from_this_computer(self) -> bool:
        """Only addresses of this computer: a web page elsewhere cannot read the drafts by renaming itself.

        (A site whose name is pointed at 127.0.0.1, "DNS rebinding", sends its own name as Host.)
        """
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        return host in ("127.0.0.1", "localhost", "::1")

    def _find(self, path: str) -> Path | None:
        rel = posixpath.normpath("/" + path).lstrip("/")
        if path.endswith("/") or not rel or rel == ".":
            rel = posixpath.join(rel, "index.html") if rel not in ("", ".") else "index.html"
        if rel.startswith("..") or "\0" in rel:
            return None
        for root in self.server.roots():
            candidate = root / rel
            if candidate.is_file() and candidate.resolve().is_relative_to(root.resolve()):
                return candidate
        return None

    def _send(self, status: int, kind: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)
