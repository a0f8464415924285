"""One check for every language of a ``notices build``: the first language's process hands its result on.

Each language is its own renderer process, and each needs the checked
content (navigation titles, alternates, feeds). Checking 160 revisions
parses every file with Python-Markdown, several seconds a time: done four
times it cost more than rendering the pages. The first process to take the
generated folder's lock checks and renders, then writes the result here;
the others wait for the lock and read it. When the content has mistakes,
the message is handed on instead, so the others stop at once with it.

The file is trusted only inside one ``notices build``: the parent hands its
processes a random token (``NOTICES_BUILD_TOKEN``) and the file carries an
HMAC of its bytes under it, so a file left behind, or written by anyone
else, is never unpickled.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
from pathlib import Path
from typing import Any

SHARED_RESULT = ".notices-result.pickle"
TOKEN_VARIABLE = "NOTICES_BUILD_TOKEN"
_MAC = hashlib.sha256().digest_size


def new_token() -> str:
    return secrets.token_hex(32)


def _mac(token: str, stamp: str, payload: bytes) -> bytes:
    return hmac.new(token.encode(), stamp.encode() + b"\0" + payload, hashlib.sha256).digest()


def write_shared(folder: Path, token: str, stamp: str, value: Any) -> None:
    """Leave ``value`` for the other languages of this build (atomically: they read it after the lock)."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    path = folder / SHARED_RESULT
    tmp = path.with_name(f"{path.name}.{os.getpid()}")
    tmp.write_bytes(_mac(token, stamp, payload) + payload)
    tmp.replace(path)


def read_shared(folder: Path, token: str, stamp: str) -> Any | None:
    """The value this build's first language left for ``stamp``; None when there is none to trust."""
    try:
        data = (folder / SHARED_RESULT).read_bytes()
    except OSError:
        return None
    mac, payload = data[:_MAC], data[_MAC:]
    if len(mac) != _MAC or not hmac.compare_digest(mac, _mac(token, stamp, payload)):
        return None
    return pickle.loads(payload)


def remove_shared(folder: Path) -> None:
    for path in (folder / SHARED_RESULT, *folder.glob(SHARED_RESULT + ".*")):
        path.unlink(missing_ok=True)
