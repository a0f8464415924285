"""How far an erratum may change a published text: a correction, never an amendment.

The rule (docs/errata.md explains it to the legal team), applied to the text
as first published and the text now, word by word:

- no number or date may change (``30`` → ``60`` days, ``2024-01-01``);
- no address may change or go (an e-mail address, a web address); words already
  there may be made a link (``[words](https://...)``), since the words stay;
- a name (a capitalised word, not the first of a sentence or line) may change only as a spelling fix, by at most
  :data:`NAME_LETTERS` letters (``Mozila`` → ``Mozilla``, never ``Acme`` → ``Apex``);
- at most :data:`WORDS_PER_ERRATUM` words change for each erratum of that
  language (a letter of Thai, Chinese or Japanese, written without spaces,
  counts as a word).

Past that the change is a new revision, with its own date and notice period.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

#: Words (or letters of a script without spaces) one erratum may change.
WORDS_PER_ERRATUM = 10
#: Letters a capitalised word (a name) may change by in a spelling fix.
NAME_LETTERS = 2

_TOKEN = re.compile(
    r"(?P<address>https?://[^\s)>\]]+|www\.[^\s)>\]]+|[^\s@()<>\[\]]+@[^\s@()<>\[\]]+\.[^\s@()<>\[\]]+)"
    r"|(?P<number>\d+(?:[.,:/\-]\d+)*)"
    r"|(?P<word>[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0370-\u03ff\u0400-\u04ff]+(?:['\u2019\-][A-Za-z\u00c0-\u024f\u1e00-\u1eff]+)*)"
    r"|(?P<other>\S)"
)


#: Marks after which a capital letter starts a sentence, a heading or an item, not a name.
_STARTERS = frozenset(".!?:;#*->|")


@dataclass(frozen=True)
class _Token:
    text: str
    kind: str  # address | number | word | other
    line: int
    initial: bool  # the first word of a line or a sentence

    @property
    def is_name(self) -> bool:
        return self.kind == "word" and self.text[:1].isupper() and not self.initial


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for match in _TOKEN.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        before = out[-1] if out else None
        initial = before is None or before.line != line or before.text in _STARTERS or before.kind == "number"
        out.append(_Token(match.group(), match.lastgroup or "other", line, initial))
    return out


def _letters_apart(a: str, b: str) -> int:
    """The Levenshtein distance of two short words.

    >>> _letters_apart("Mozila", "Mozilla")
    1
    """
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _is_link_target(tokens: list[_Token], index: int) -> bool:
    """Whether the address at ``index`` is the target of a Markdown link, ``[words](address)``."""
    return index >= 2 and tokens[index - 1].text == "(" and tokens[index - 2].text == "]"


def _shown(tokens: list[_Token]) -> str:
    return "'" + " ".join(t.text for t in tokens)[:60] + "'" if tokens else "nothing"


def beyond_erratum(old: str, new: str, errata: int) -> tuple[int, str] | None:
    """(line in ``new``, why) when ``new`` changes ``old`` more than ``errata`` corrections may; else None.

    >>> beyond_erratum("Keep it 30 days.", "Keep it 60 days.", 1)
    (1, "a number or date changed: '30' became '60'")
    >>> beyond_erratum("We colect data.", "We collect data.", 1) is None
    True
    """
    before, after = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, [t.text for t in before], [t.text for t in after], autojunk=False)
    changed = 0
    first_line = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        gone, came = before[i1:i2], after[j1:j2]
        line = came[0].line if came else (after[j1].line if j1 < len(after) else (after[-1].line if after else 1))
        first_line = first_line or line
        change = f"{_shown(gone)} became {_shown(came)}"
        if any(t.kind == "number" for t in gone + came):
            return line, f"a number or date changed: {change}"
        linked = [k for k in range(j1, j2) if after[k].kind == "address" and _is_link_target(after, k)]
        if any(t.kind == "address" for t in gone) or len(linked) < sum(t.kind == "address" for t in came):
            return line, f"an address changed: {change}"
        names = [t for t in gone + came if t.is_name]
        if names:
            spelling = len(gone) == len(came) == 1 and _letters_apart(gone[0].text, came[0].text) <= NAME_LETTERS
            if not spelling:
                return line, f"a name changed: {change}"
        changed += max(i2 - i1, j2 - j1)
    allowed = WORDS_PER_ERRATUM * max(errata, 0)
    if changed > allowed:
        return first_line or 1, (
            f"{changed} words changed, more than {max(errata, 0)} erratum(s) may correct "
            f"({WORDS_PER_ERRATUM} words each)"
        )
    return None
