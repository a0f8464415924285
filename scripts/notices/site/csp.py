"""The Content-Security-Policy of every page: only the site's own scripts, styles and images.

The theme writes a ``<meta http-equiv="Content-Security-Policy">`` with a
placeholder (overrides/main.html); :func:`apply_policy` fills it in for the
finished page, with the SHA-256 of each inline script the theme put there.
Scripts inside the page's content are never hashed: the content is
sanitized and holds none, and if one ever got in, the policy would block it.
"""

from __future__ import annotations

import base64
import hashlib
import re

PLACEHOLDER = "notices-content-security-policy"
_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")' + re.escape(PLACEHOLDER) + '"')
_INLINE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_DATA_BLOCK = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""", re.IGNORECASE)

#: Everything else: nothing from other sites, no plugins, no <base>, forms only to the site.
_FIXED = (
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",  # the theme's icons are data: SVGs in its stylesheet
    "font-src 'self'",
    "connect-src 'self'",  # the search index and sitemap.xml
    "worker-src 'self'",  # the search worker
    "manifest-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
)


def script_hash(text: str) -> str:
    """The CSP source expression for an inline script.

    >>> script_hash("alert(1)")
    "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes: list[str]) -> str:
    """The whole policy, with ``hashes`` as the only inline scripts allowed."""
    # 'wasm-unsafe-eval' lets the site's own Pagefind search compile its WebAssembly; it allows no eval() of text.
    return "; ".join((" ".join(["script-src 'self' 'wasm-unsafe-eval'", *hashes]), *_FIXED))


def apply_policy(page: str, content: str = "", *, serving: bool = False) -> str:
    """Fill in the page's policy: the theme's inline scripts (outside ``content``) are allowed by hash.

    ``serving``: ``mkdocs serve`` adds a live-reload script to every page it
    serves, different on each request, so the preview on the legal team's
    machine goes without a policy (the built site, the one deployed, has it).
    """
    if PLACEHOLDER not in page:
        return page
    if serving:
        return re.sub(r"<meta http-equiv=\"Content-Security-Policy\" content=\"" + PLACEHOLDER + '">\\s*', "", page)
    theme = page
    if content and content in page:
        theme = page.replace(content, "", 1)
    hashes = sorted(
        {
            script_hash(m.group(2))
            for m in _INLINE_SCRIPT.finditer(theme)
            if "src=" not in (m.group(1) or "") and not _DATA_BLOCK.search(m.group(1) or "")
        }
    )
    return _META.sub(lambda m: m.group(1) + policy(hashes) + '"', page, count=1)
