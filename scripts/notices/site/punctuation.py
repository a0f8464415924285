"""Joining short pieces of UI text with each language's own punctuation.

A meta description or a page title is built from several catalog strings; joining them with
". " and " (…)" is English. Japanese and Chinese end sentences with 。 and use full-width
（…）; Thai separates sentences with a space and writes no full stop; Japanese separates items
with ・.
"""

from __future__ import annotations

_FULL_WIDTH = {"ja", "zh"}


def _language(locale: str) -> str:
    return locale.replace("_", "-").split("-")[0].lower()


def sentences(locale: str, *parts: str, end: bool = False) -> str:
    """The non-empty parts as consecutive sentences; the last one ends only with ``end``.

    >>> sentences("en", "Privacy notice", "Effective date: July 3, 2023", "In force.")
    'Privacy notice. Effective date: July 3, 2023. In force.'
    >>> sentences("ja", "プライバシーポリシー", "施行日：2023年7月3日", "施行中", end=True)
    'プライバシーポリシー。施行日：2023年7月3日。施行中。'
    >>> sentences("th", "ประกาศ", "วันที่มีผลใช้บังคับ: 3 กรกฎาคม พ.ศ. 2566", end=True)
    'ประกาศ วันที่มีผลใช้บังคับ: 3 กรกฎาคม พ.ศ. 2566'
    """
    kept = [part.strip() for part in parts if part and part.strip()]
    language = _language(locale)
    out = []
    for n, part in enumerate(kept):
        if n == len(kept) - 1 and not end:
            out.append(part)
        elif language in _FULL_WIDTH:
            out.append(part if part.endswith(("。", "！", "？")) else part.rstrip(".") + "。")
        elif language == "th":
            out.append(part.rstrip("."))
        else:
            out.append(part if part.endswith((".", "!", "?")) else part + ".")
    return ("" if language in _FULL_WIDTH else " ").join(out)


def parenthesized(locale: str, text: str, aside: str) -> str:
    """``text (aside)``, with full-width parentheses and no space in Japanese and Chinese."""
    if _language(locale) in _FULL_WIDTH:
        return f"{text}（{aside}）"
    return f"{text} ({aside})"


def item_separator(locale: str) -> str:
    """What stands between items on one line: ・ in Japanese, a middle dot with spaces elsewhere."""
    return "・" if _language(locale) == "ja" else " · "
