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


def undo_grammar_fixes(parts: Iterable[tuple[str, str]], locale: str) -> str:
    """The new text of ``(old, new)`` parts with every insertion or deletion of function words undone.

    >>> undo_grammar_fixes([("in the background ", "in the background "), ("of ", ""), ("on", "on")], "en")
    'in the background of on'
    """
    out = []
    for old, new in parts:
        undo = old != new and (not old or not new) and grammar_only(old or new, locale)
        out.append(old if undo else new)
    return "".join(out)
