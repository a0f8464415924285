"""What a reader sees of a Markdown text: inline units, visible text and pass-through tokens.

A redline that cuts a link in two puts ``<del>`` into its address and shows raw
Markdown. So the diff treats every inline construct a reader sees as one thing
(a link, an autolink, an image, inline code, emphasis, raw HTML, an attribute
list) as one *unit*: a word diff never splits a unit, and the renderer knows
what each unit shows (its visible text and, for links, its address).

Two texts are editorially the same when a reader sees the same words, numbers,
addresses and names (:func:`editorial_key`): link syntax, letter case,
whitespace, punctuation, numbering and Unicode normalization do not count.
Numbers, e-mail addresses and code are compared exactly; a web address by its
site (:func:`site`): a page that moved on the same site, a locale segment,
tracking parameters, http→https or a trailing slash is an address update,
while a link to another organisation's domain is a different address.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

from ..words import tokenize

LINK, AUTOLINK, IMAGE, CODE, EMPHASIS, HTML_TAG, ATTR_LIST, TEXT = (
    "link",
    "autolink",
    "image",
    "code",
    "emphasis",
    "html",
    "attr_list",
    "text",
)

_ATTR = r"\{:?[ \t]*(?:(?:[#.][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+))[ \t]*)+\}"
_DEST = r"(?:<[^<>\n]*>|(?:[^()\s]|\((?:[^()\s])*\))*)(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?"
_LABEL = r"(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*"
_UNIT = re.compile(
    rf"(?P<code>(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`)(?:{_ATTR})?)"
    rf"|(?P<image>!\[(?P<alt>{_LABEL})\]\((?P<src>{_DEST})\)(?:{_ATTR})?)"
    rf"|(?P<link>\[(?P<text>{_LABEL})\](?:\((?P<href>{_DEST})\)|\[(?P<ref>[^\[\]\n]*)\])(?:{_ATTR})?)"
    r"|(?P<autolink><(?P<auto>(?:https?|ftp|mailto):[^<>\s]+|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>(?:" + _ATTR + r")?)"
    r"|(?P<html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    rf"|(?P<attr>{_ATTR})"
    r"|(?P<emphasis>(?<![*\\])(?P<em>\*\*|\*)(?=\S)(?P<inner>.+?)(?<=\S)(?P=em)(?!\*)(?:" + _ATTR + r")?)"
    r"|(?P<underscore>(?<![\w_\\])(?P<uem>__|_)(?=\S)(?P<uinner>.+?)(?<=\S)(?P=uem)(?![\w_])(?:" + _ATTR + r")?)",
    re.S,
)
_TRAILING_ATTR = re.compile(_ATTR + r"$")


@dataclass(frozen=True)
class Unit:
    """One piece of a text: a Markdown construct a reader sees as one thing, or plain text."""

    kind: str
    raw: str
    #: What a reader sees: link text, image alt text, code, emphasised words; "" for attribute lists.
    visible: str
    #: The address of a link, autolink or image; "" otherwise.
    href: str = ""

    @property
    def invisible(self) -> bool:
        """Attribute lists and HTML tags change no word a reader sees."""
        return self.kind in (ATTR_LIST, HTML_TAG)


def _clean_dest(dest: str) -> str:
    dest = dest.strip()
    m = re.match(r"^(\S+|<[^>]*>)(?:\s+[\"'].*)?$", dest, re.S)
    if m:
        dest = m.group(1)
    return dest[1:-1] if dest.startswith("<") and dest.endswith(">") else dest


def _unit(m: re.Match[str]) -> Unit:
    raw = m.group(0)
    if m.group("code") is not None:
        ticks = m.group("ticks")
        code = _TRAILING_ATTR.sub("", raw)
        return Unit(CODE, raw, code[len(ticks) : -len(ticks)].strip(" "))
    if m.group("image") is not None:
        return Unit(IMAGE, raw, visible_text(m.group("alt")), _clean_dest(m.group("src")))
    if m.group("link") is not None:
        href = _clean_dest(m.group("href")) if m.group("href") is not None else f"[{m.group('ref')}]"
        return Unit(LINK, raw, visible_text(m.group("text")), href)
    if m.group("autolink") is not None:
        auto = m.group("auto")
        href = auto if ":" in auto.split("@")[0] else f"mailto:{auto}"
        return Unit(AUTOLINK, raw, auto.removeprefix("mailto:"), href)
    if m.group("html") is not None:
        return Unit(HTML_TAG, raw, "")
    if m.group("attr") is not None:
        return Unit(ATTR_LIST, raw, "")
    marker = m.group("em") or m.group("uem")
    inner = _TRAILING_ATTR.sub("", raw)[len(marker) : -len(marker)]
    return Unit(EMPHASIS, raw, visible_text(inner))


@lru_cache(maxsize=8192)
def units(text: str) -> tuple[Unit, ...]:
    """``text`` as a sequence of units and plain-text runs; the raw parts join back to ``text``.

    >>> [(u.kind, u.raw) for u in units("See [our policy](https://x.example/a) now{: .x}")]
    [('text', 'See '), ('link', '[our policy](https://x.example/a)'), ('text', ' now'), ('attr_list', '{: .x}')]
    """
    out: list[Unit] = []
    at = 0
    for m in _UNIT.finditer(text):
        if m.start() > at:
            plain = text[at : m.start()]
            out.append(Unit(TEXT, plain, plain))
        out.append(_unit(m))
        at = m.end()
    if at < len(text):
        out.append(Unit(TEXT, text[at:], text[at:]))
    return tuple(out)


def visible_text(text: str) -> str:
    """The words a reader sees, without Markdown syntax.

    >>> visible_text("Read **the** [cookie policy](https://x.example/cookies/){: .ext} and `a_b`.")
    'Read the cookie policy and a_b.'
    """
    return "".join(u.visible for u in units(text)).replace("\\", "")


def tokens(text: str, locale: str) -> list[str]:
    """Word-diff tokens: each unit whole, the plain text in between by ICU word boundaries."""
    out: list[str] = []
    for u in units(text):
        if u.kind == TEXT:
            out.extend(tokenize(u.raw, locale))
        else:
            out.append(u.raw)
    return out


# --- comparing what a reader sees -------------------------------------------

#: Quote marks of every script, folded to one.
_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
    }
)
#: A number at the start of a heading, paragraph or list item: "2.", "10)", "(3)", "iv.", "2.1".
#: Spaces and tabs only, not ``\s``: ``^\s*`` ran across runs of empty lines (quadratic).
_NUMBERING = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?(?:\(?(?:\d+|[ivxlc]+|[a-z])[.)]|\d+(?:\.\d+)+)[ \t]+")
#: A line that is a list item: a bullet, or a number followed by "." or ")".
_LIST_LINE = re.compile(r"^[ \t]*(?:[-*+]|\(?(?:\d+|[ivxlc]+|[a-z])[.)])[ \t]+")


def strip_numbering(text: str) -> str:
    """``text`` without the numbers of its headings, paragraphs and list items.

    Only a line that starts a block is numbered: the first line, a line after
    a blank one, or a list item right after another. A number that starts a
    wrapped line of a sentence is text ("… for\\n1.5 years" is not "1.5").

    >>> strip_numbering("8. Cookies")
    'Cookies'
    >>> strip_numbering("We keep it for\\n1.5 years.\\n\\n2.1 Sharing\\n\\n1. one\\n2. two")
    'We keep it for\\n1.5 years.\\n\\nSharing\\n\\none\\ntwo'
    """
    out = []
    starts_block, in_list = True, False
    for line in text.split("\n"):
        if not line.strip():
            starts_block = True
            out.append(line)
            continue
        is_item = _LIST_LINE.match(line) is not None
        if starts_block:
            in_list = is_item
        if starts_block or (in_list and is_item):
            line = _NUMBERING.sub("", line, count=1)
        out.append(line)
        starts_block = False
    return "\n".join(out)


_URL = r"(?:https?|ftp)://[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}]|www\.[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}]"
#: Tried only where a run of address characters starts: else unspaced Thai or Japanese is rescanned per character.
_EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_NUMBER = r"\d+(?:[.,:/-]\d+)*"
_PROTECTED = re.compile(rf"(?P<url>{_URL})|(?P<email>{_EMAIL})|(?P<number>{_NUMBER})")
#: Latin-script names that pass through translation: GitHub, PayPal, AWS, Auth0, iOS.
_NAME = re.compile(
    r"(?<![\w.@/-])(?:[A-Za-z]*[a-z][A-Z][A-Za-z0-9]*|[A-Z][A-Z0-9]+|[A-Za-z]+[0-9][A-Za-z0-9]*)(?![\w@/-])"
)


#: Three or more capitalised words in a row are a heading in capitals ("SUGGEST RELEVANT CONTENT"), not names.
_SHOUTING = re.compile(r"(?<![\w])[A-Z]+(?:[ \t]+[A-Z]+){2,}(?![\w])")


def _digits(text: str) -> str:
    """Digits of every script as ASCII: ๓๐ and ３０ are 30."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


@lru_cache(maxsize=1)
def _suffixes() -> PublicSuffixList:
    """The Public Suffix List the package ships (no download at run time)."""
    return PublicSuffixList()


#: The notice's own site when its address is unknown (no ``site_url``): where its relative links point.
OWN_SITE = "site:(this site)"


def own_site(site_url: str) -> str:
    """The site of the notice's own address (``site_url`` in mkdocs.yml), or :data:`OWN_SITE` without one.

    >>> own_site("https://www.mozilla.org/"), own_site("")
    ('site:mozilla.org', 'site:(this site)')
    """
    found = site(site_url) if site_url else ""
    return found if found.startswith("site:") else OWN_SITE


@lru_cache(maxsize=4096)
def site(address: str, own: str = OWN_SITE) -> str:
    """The organisation a web address belongs to: its registrable domain; other addresses unchanged.

    Two addresses on the same registrable domain (the Public Suffix List's
    "private suffix": ``support.mozilla.org`` and ``www.mozilla.org`` are both
    ``mozilla.org``; ``a.github.io`` and ``b.github.io`` are two sites) point
    to the same organisation, whatever their scheme, path, locale segment or
    parameters. A relative link or an anchor (``#contact``, ``../cookies/``) is
    on the notice's own site, ``own`` (:func:`own_site`), so ``#data-tools``
    and ``https://www.mozilla.org/privacy/websites/#data-tools`` are one site
    when the notice's address is on mozilla.org. E-mail addresses and
    reference links (``[ref]``) stay as they are.

    >>> site("http://www.mozilla.org/en-US/privacy/?utm_source=x") == site("https://support.mozilla.org/kb/x/")
    True
    >>> site("https://www.mozilla.org/privacy/") == site("https://www.mozilla.example/privacy/")
    False
    >>> site("#contact"), site("mailto:privacy@x.example"), site("privacy@x.example")
    ('site:(this site)', 'mailto:privacy@x.example', 'privacy@x.example')
    >>> site("#data-tools", own_site("https://www.mozilla.org/")) == site("https://www.mozilla.org/privacy/#data-tools")
    True
    """
    text = address.strip()
    if text.lower().startswith("www."):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return address
    if not parts.scheme and not parts.netloc and text and not text.startswith("[") and "@" not in text:
        return own  # a relative link or an anchor: a page of the notice's own site (an e-mail address is not)
    if parts.scheme.lower() not in ("http", "https", "ftp") or not host:
        return address
    try:
        ipaddress.ip_address(host)
        return f"site:{host}"
    except ValueError:
        pass
    return "site:" + (_suffixes().privatesuffix(host) or host)


def _words_key(text: str, own: str = OWN_SITE) -> str:
    """Plain text without case, whitespace and punctuation; numbers kept exactly, web addresses by site."""
    out = []
    at = 0
    for m in _PROTECTED.finditer(text):
        out.append(_loose(text[at : m.start()]))
        out.append("\x01" + (site(m.group(0), own) if m.group("url") else m.group(0)) + "\x01")
        at = m.end()
    out.append(_loose(text[at:]))
    return "".join(out)


def _loose(text: str) -> str:
    return "".join(ch for ch in text.casefold() if not (ch.isspace() or unicodedata.category(ch)[0] in "PZ"))


@lru_cache(maxsize=4096)
def editorial_key(text: str, own: str = OWN_SITE) -> str:
    """What stays when only editorial changes are made; equal keys mean an editorial change.

    Link syntax, case, whitespace, punctuation, quote marks, numbering and
    Unicode normalization (full-width letters, composed accents) do not count,
    nor does a web address's move within its site (``own`` is the notice's
    own site, where relative links point: :func:`own_site`); numbers, e-mail
    addresses, inline code and a link's site do.

    >>> editorial_key("<https://x.example/>") == editorial_key("[https://x.example/](https://x.example/)")
    True
    >>> editorial_key("Github") == editorial_key("GitHub") == editorial_key("ＧｉｔＨｕｂ")
    True
    >>> editorial_key("[policy](https://x.example/cookies/)") == editorial_key("[policy](https://x.example/c/)")
    True
    >>> editorial_key("[policy](https://x.example/cookies/)") == editorial_key("[policy](https://y.example/cookies/)")
    False
    >>> editorial_key("within 30 days") == editorial_key("within 3.0 days")
    False
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _digits(strip_numbering(text))
    out = []
    for u in units(text):
        if u.kind == TEXT:
            out.append(_words_key(u.raw, own))
        elif u.kind == CODE:
            out.append("\x02" + u.visible + "\x02")
        elif u.kind == HTML_TAG:
            out.append("\x03" + re.sub(r"\s+", " ", u.raw) + "\x03")
        elif u.kind != ATTR_LIST:
            out.append(_words_key(u.visible, own))
            if u.href:
                out.append("\x04" + site(u.href.removeprefix("mailto:"), own) + "\x04")
    return "".join(out)


def addresses(text: str) -> tuple[str, ...]:
    """The web and e-mail addresses ``text`` links to or shows, in order: an address update changes only these.

    >>> addresses("See [docs](https://x.example/a) or https://x.example/b.")
    ('https://x.example/a', 'https://x.example/b')
    """
    out: list[str] = []
    for u in units(unicodedata.normalize("NFKC", text)):
        if u.href and not u.href.startswith("["):
            out.append(u.href)
        if u.kind in (TEXT, AUTOLINK):
            out += [m.group(0) for m in _PROTECTED.finditer(u.visible) if m.group("url") and m.group(0) != u.href]
    return tuple(out)


def pass_through(text: str) -> Counter[str]:
    """Tokens a translation carries over unchanged: addresses, e-mails, numbers, Latin-script names.

    >>> sorted(pass_through("Write to privacy@x.example within 30 days, via [GitHub](https://github.com/x)."))
    ['30', 'GitHub', 'https://github.com/x', 'privacy@x.example']
    >>> sorted(pass_through("SUGGEST RELEVANT CONTENT from AWS under the EU GDPR"))  # a heading in capitals
    ['AWS', 'EU', 'GDPR']
    """
    text = unicodedata.normalize("NFKC", strip_numbering(text))
    found: Counter[str] = Counter()
    for u in units(text):
        if u.href and not u.href.startswith(("#", "[")):
            found[u.href.removeprefix("mailto:")] += 1
        if u.kind in (ATTR_LIST, HTML_TAG):
            continue
        visible = u.visible if u.kind != TEXT else u.raw
        if u.kind == CODE:
            found[visible] += 1
            continue
        rest = []
        at = 0
        for m in _PROTECTED.finditer(visible):
            token = m.group(0)
            if not (u.href and token.removeprefix("mailto:") == u.href.removeprefix("mailto:")):
                found[_digits(token)] += 1
            rest.append(visible[at : m.start()])
            at = m.end()
        rest.append(visible[at:])
        for name in _NAME.findall(_SHOUTING.sub(" ", " ".join(rest))):
            found[name] += 1
    return found


def present_in(token: str, text: str) -> bool:
    """Whether a translation shows ``token``: as text, as an address, or as digits of any script."""
    normal = _digits(unicodedata.normalize("NFKC", text))
    if re.fullmatch(_NUMBER, token):
        bare = re.escape(token.replace(",", ""))
        return re.search(rf"(?<![\d.,]){bare}(?![\d]|[.,]\d)", normal.replace(",", "")) is not None
    return token in normal
