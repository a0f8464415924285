"""Grammar fixes: a word inserted or deleted that only mends the grammar is an editorial change.

"in the background of on some websites" → "in the background on some websites"
changes no practice: the deleted word is a *function word* (an article, a
preposition of relation, "and", "that", a form of "be"), and no number, name,
address or content word changed. Such an insertion or deletion is undone before
the change is classed, so it counts as editorial ("wording").

The lists are small on purpose and per language. They leave out every word
that can change what a notice promises when it alone appears or disappears:
negations (not, no, never, nor, without), modals (may, must, will, can,
should…), quantifiers (all, any, some, only, each), alternatives and conditions
(or, if, unless, except), words of time and scope (before, after, within,
until, under, over, than, as), pronouns and possessives (we, our, your…), and
"have"/"do", which are also verbs of their own ("we have access to" → "we
access"). A word *replaced* by another is never a grammar fix ("from" →
"to"), only one inserted or deleted. A language without a list (today every
language but English) keeps the strict rule: any word changed is substantive.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from .markup import tokens

#: Function words whose insertion or deletion alone changes no practice, by language (lower case).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        {
            # articles
            "a",
            "an",
            "the",
            # prepositions of relation (not of time, scope or exception)
            "of",
            "to",
            "in",
            "on",
            "at",
            "by",
            "for",
            "with",
            "from",
            "into",
            "onto",
            "about",
            "via",
            # conjunction and complementizer
            "and",
            "that",
            # forms of "be" (auxiliary)
            "am",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
        }
    ),
}


def function_words(locale: str) -> frozenset[str]:
    """The function-word list of ``locale``'s language; empty when it has none."""
    return FUNCTION_WORDS.get(locale.replace("_", "-").split("-")[0].lower(), frozenset())


def grammar_only(inserted_or_deleted: str, locale: str) -> bool:
    """Whether a text inserted or deleted whole holds words, all of them function words of ``locale``.

    >>> grammar_only("of ", "en"), grammar_only("days ", "en"), grammar_only("not ", "en"), grammar_only("of", "ja")
    (True, False, False, False)
    >>> grammar_only("[the](https://x.example/)", "en")  # a link is never a grammar fix
    False
    """
    words = function_words(locale)
    if not words:
        return False
    found = [t for t in tokens(inserted_or_deleted, locale) if any(ch.isalnum() for ch in t)]
    return bool(found) and all(t.casefold() in words for t in found)


#: Units of time a number can lose by a slip ("thirty (30) after"), by language.
TIME_UNITS: dict[str, frozenset[str]] = {
    "en": frozenset(
        {"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days"}
        | {"week", "weeks", "month", "months", "year", "years"}
    ),
}


def _words(text: str, locale: str) -> list[str]:
    return [t.casefold() for t in tokens(text, locale) if any(ch.isalnum() for ch in t)]


def restored_unit(before: str, inserted: str, old_text: str, locale: str) -> bool:
    """Whether ``inserted`` restores a number's missing unit as the old text already writes that number.

    "thirty (30) after the terms are changed" → "thirty (30) days after …" in a
    section that already said "thirty (30) days after they are posted": the
    number is unchanged and the section had already given it that unit. A
    unit the section never gave that number ("30 months") is a new period.

    >>> restored_unit("within 30 ", "days ", "within 30 days, or 30 later", "en")
    True
    >>> restored_unit("within 30 ", "months ", "within 30 days, or 30 later", "en")
    False
    """
    units = TIME_UNITS.get(locale.replace("_", "-").split("-")[0].lower(), frozenset())
    added, context = _words(inserted, locale), _words(before, locale)
    if len(added) != 1 or added[0] not in units or not context or not context[-1].isdigit():
        return False
    old = _words(old_text, locale)
    return any(a == context[-1] and b == added[0] for a, b in itertools.pairwise(old))


def undo_grammar_fixes(parts: Iterable[tuple[str, str]], locale: str) -> str:
    """The new text of ``(old, new)`` parts with every grammar fix undone.

    A grammar fix is an insertion or deletion of function words only
    (:func:`grammar_only`), or a number's unit restored (:func:`restored_unit`).

    >>> undo_grammar_fixes([("in the background ", "in the background "), ("of ", ""), ("on", "on")], "en")
    'in the background of on'
    """
    parts = list(parts)
    old_text = "".join(old for old, _ in parts)
    out: list[str] = []
    for old, new in parts:
        undo = old != new and (not old or not new) and grammar_only(old or new, locale)
        undo = undo or (not old and bool(new) and restored_unit("".join(out), new, old_text, locale))
        out.append(old if undo else new)
    return "".join(out)
