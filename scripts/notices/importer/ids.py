"""Section ids from headings: short, ASCII, stable, and the same in every language of the notice.

An id is part of every permanent address (``…/2023-07-03/#purposes-of-use``), so it comes from the
authoritative text's heading without its number (a renumbered section keeps its id). A heading in
another script is transliterated (anyascii: ICU's ``Any-Latin; Latin-ASCII`` is not in icu4py, and
PyICU must be compiled against the system's ICU; see docs/decisions/0024a-import.md).
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from ..sections import SECTION_ID
from .outline import _HEADING_NUMBER

_MAX_WORDS = 6


def slug(heading: str) -> str:
    """An id from a heading: its words, without its number, in ASCII, joined by hyphens.

    >>> slug("1. Types of data collection")
    'types-of-data-collection'
    >>> slug("Mục đích sử dụng")
    'muc-dich-su-dung'
    >>> slug("第3条（個人情報の利用目的）")
    'ge-ren-qing-bao-no-li'
    >>> slug("The Voluntary Basis on Which Customers Provide their Personal Information")
    'voluntary-basis-on-which-customers-provide'
    """
    text = _HEADING_NUMBER.sub("", unicodedata.normalize("NFKC", heading.strip()), count=1)
    text = re.sub(r"^[\s(（【\[]*|[\s)）】\]]*$", "", text)
    # a wide character is a syllable or a word of its own: keep them apart, as ICU's Any-Latin does
    spaced = "".join(f" {c} " if unicodedata.east_asian_width(c) in "WF" else c for c in text)
    ascii_text = anyascii(spaced).lower().replace("&", " and ")
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w]
    if words and words[0] in {"the", "a", "an"} and len(words) > 1:
        words = words[1:]
    return "-".join(words[:_MAX_WORDS]) or "section"


def unique_ids(headings: list[str]) -> list[str]:
    """One id per heading, distinct: a repeated slug gets -2, -3 ….

    >>> unique_ids(["Cookies", "Cookies", "1. Contact"])
    ['cookies', 'cookies-2', 'contact']
    """
    seen: set[str] = set()
    out: list[str] = []
    for heading in headings:
        base = slug(heading)
        if not SECTION_ID.match(base):
            base = "section"
        candidate, n = base, 2
        while candidate in seen:
            candidate, n = f"{base}-{n}", n + 1
        seen.add(candidate)
        out.append(candidate)
    return out
