"""Split text into the units a word diff works on, correctly in every script.

Thai and Japanese put no spaces between words, so splitting on spaces (or
diffing characters) garbles them: ICU's dictionary-based word boundaries find
the words. English and Vietnamese get the same ICU rules, which there amount to
words (Vietnamese: syllables, which are space separated), spaces and
punctuation. ICU word boundaries are always grapheme boundaries, so a Thai vowel
or tone mark never leaves its consonant and a Vietnamese tone mark never leaves
its vowel, even in decomposed (NFD) text.

The one contract every caller relies on: the tokens join back to the text.

>>> tokenize("บริษัทคุ้มครองข้อมูล", "th")
['บริษัท', 'คุ้มครอง', 'ข้อมูล']
>>> tokenize("当社は、個人情報を保護します。", "ja")
['当社', 'は', '、', '個人', '情報', 'を', '保護', 'し', 'ます', '。']
>>> tokenize("Quý khách có quyền", "vi")
['Quý', ' ', 'khách', ' ', 'có', ' ', 'quyền']
>>> tokenize("We don't sell it.", "en")
['We', ' ', "don't", ' ', 'sell', ' ', 'it', '.']
"""

from __future__ import annotations

import re
from functools import lru_cache

from icu4py.breakers import WordBreaker
from icu4py.locale import Locale

#: ICU cannot take lone surrogates (they are not text); they become tokens of their own.
_SURROGATES = re.compile(r"([\ud800-\udfff]+)")


@lru_cache(maxsize=16)
def _icu_locale(locale: str) -> Locale:
    return Locale(locale)


def tokenize(text: str, locale: str) -> list[str]:
    """The words, spaces and punctuation of ``text``; ``"".join(result) == text``."""
    if not text:
        return []
    tokens: list[str] = []
    for i, part in enumerate(_SURROGATES.split(text)):
        if not part:
            continue
        if i % 2:
            tokens.append(part)
        else:
            tokens.extend(WordBreaker(part, _icu_locale(locale)))
    return _merge_spaces(tokens)


def _merge_spaces(tokens: list[str]) -> list[str]:
    """One token per run of spaces, so a reflowed line is one change, not many."""
    out: list[str] = []
    for token in tokens:
        if out and token.isspace() and out[-1].isspace():
            out[-1] += token
        else:
            out.append(token)
    return out
