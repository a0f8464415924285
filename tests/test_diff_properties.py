"""Properties of the diff engine on generated text in all four scripts.

- tokens join back to the text;
- the ops of every locale rebuild both the old and the new text exactly;
- no op boundary falls inside a grapheme cluster (a Thai vowel or tone mark
  never leaves its consonant, a Vietnamese tone mark never leaves its vowel);
- arbitrary documents, parsed and diffed, give a result, never an exception.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icu4py.breakers import CharacterBreaker
from icu4py.locale import Locale

from notices.content.model import Notice, Revision
from notices.content.sections import parse_document
from notices.content.words import tokenize
from notices.diff import diff_revisions, rebuild, text_ops, word_ops
from notices.findings import Reporter

WORDS = {
    "en": ["we", "collect", "your", "name", "email", "address", "and", "share", "it", "with", "partners"],
    "vi": ["chúng", "tôi", "thu", "thập", "dữ", "liệu", "cá", "nhân", "của", "Quý", "khách", "xóa", "quyền"],
    "ja": ["当社", "は", "氏名", "及び", "住所", "を", "取得", "します", "保護", "ため", "ご本人", "同意"],
    "th": ["บริษัท", "เก็บ", "รวบรวม", "ข้อมูล", "ส่วน", "บุคคล", "ของ", "ท่าน", "ใกล้", "ไกล", "ลบ", "สิทธิ"],
}
#: Marks that combine with what comes before them, and invisible characters.
ODD = ["\u0301", "\u0323", "\u0e48", "\u0e49", "\u0e31", "\u200b", "\u200d", "\u200f", "\u202e", "\ufeff"]
PUNCT = [" ", " ", " ", "、", "。", ",", ".", ";", "“", "”", "「", "」", "\n", "\n\n", "\n- ", "\n| ", " | "]


def texts(locale: str) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(WORDS[locale]),
        st.sampled_from(PUNCT),
        st.sampled_from(ODD),
        st.text(max_size=3),
    )
    return st.lists(piece, max_size=40).map("".join)


locales = st.sampled_from(sorted(WORDS))


def grapheme_boundaries(text: str, locale: str) -> set[int]:
    """Code point offsets where a grapheme cluster starts or ends."""
    if any("\ud800" <= ch <= "\udfff" for ch in text):  # not text; ICU cannot take it
        return set(range(len(text) + 1))
    offsets = {0}
    position = 0
    for cluster in CharacterBreaker(text, Locale(locale)):
        position += len(cluster)
        offsets.add(position)
    return offsets


@settings(max_examples=300, deadline=None)
@given(locale=locales, data=st.data())
def test_tokens_join_back(locale: str, data: st.DataObject) -> None:
    text = data.draw(texts(locale))
    assert "".join(tokenize(text, locale)) == text


@settings(max_examples=300, deadline=None)
@given(locale=locales, data=st.data())
def test_word_ops_rebuild_both_texts_and_keep_graphemes_whole(locale: str, data: st.DataObject) -> None:
    old, new = data.draw(texts(locale)), data.draw(texts(locale))
    ops = word_ops(old, new, locale)
    assert rebuild(ops) == (old, new)
    old_cuts, new_cuts = grapheme_boundaries(old, locale), grapheme_boundaries(new, locale)
    o = n = 0
    for op in ops:
        o, n = o + len(op.old), n + len(op.new)
        assert o in old_cuts and n in new_cuts, (op, old, new)


@settings(max_examples=200, deadline=None)
@given(locale=locales, data=st.data())
def test_block_ops_rebuild_both_texts(locale: str, data: st.DataObject) -> None:
    old, new = data.draw(texts(locale)), data.draw(texts(locale))
    assert rebuild(text_ops(old, new, locale)) == (old, new)


def _revision(key: str, sources: dict[str, str]) -> Revision:
    report = Reporter()
    docs = {ll: parse_document(text, Path(f"{ll}.md"), ll, report) for ll, text in sources.items()}
    return Revision("n", Path(key), date.fromisoformat(key), date.fromisoformat(key), False, documents=docs)


heading_ids = st.sampled_from(["a", "b", "c", "purposes", "x-1"])


def documents(locale: str) -> st.SearchStrategy[str]:
    section = st.tuples(heading_ids, texts(locale), texts(locale)).map(
        lambda t: f"## {t[1].splitlines()[0] if t[1].strip() else 'h'} {{#{t[0]}}}\n\n{t[2]}\n"
    )
    return st.tuples(texts(locale), st.lists(section, max_size=5)).map(
        lambda t: "# T\n\n" + t[0] + "\n" + "".join(t[1])
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_arbitrary_documents_diff_without_exceptions(data: st.DataObject) -> None:
    old = _revision("2024-01-01", {ll: data.draw(documents(ll)) for ll in WORDS})
    new = _revision("2025-01-01", {ll: data.draw(documents(ll)) for ll in WORDS})
    notice = Notice("n", Path("n"), "en", 30, 0, {}, {"purposes": "purposes"}, (old, new))
    diff = diff_revisions(notice, old, new)
    assert diff.old == "2024-01-01"
    for section in diff.sections:
        for ll, d in section.locales.items():
            before = old.documents[ll].section(section.id)
            after = new.documents[ll].section(section.id)
            assert rebuild(d.ops) == (before.body if before else "", after.body if after else "")


MARKUP = [
    "[cookie policy](https://shop.example/cookies/)",
    "[cookie policy](https://shop.example/cookie-policy/)",
    "[ポリシー](https://shop.example/a_b/)",
    "<https://shop.example/help/>",
    "[https://shop.example/help/](https://shop.example/help/)",
    "`code_span`",
    "**PayFlow**",
    "*ShipFast*",
    "[a note](#note){: .note}",
    "`x`{: .note}",
    "![logo](logo.png)",
]


def marked_texts(locale: str) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(WORDS[locale]), st.sampled_from([" ", " ", ". ", "\n", "\n\n", "\n- ", " | ", "\n| "])
    )
    return st.lists(st.one_of(piece, st.sampled_from(MARKUP)), max_size=30).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(locale=locales, data=st.data())
def test_redlines_never_split_markup_or_leak_it(locale: str, data: st.DataObject) -> None:
    """Rendered as the site renders it, a redline keeps every link whole and shows no Markdown syntax."""
    import re

    from notices.diff.formats import critic_markup, render_markdown
    from notices.diff.markup import units
    from test_history import LEAKS

    old, new = data.draw(marked_texts(locale)), data.draw(marked_texts(locale))
    ops = text_ops(old, new, locale)
    assert rebuild(ops) == (old, new)
    for op in ops:  # every op boundary is a unit boundary
        for side, text in (("old", op.old), ("new", op.new)):
            assert "".join(u.raw for u in units(text)) == text, side
    html = render_markdown(critic_markup(ops))
    assert not re.search(r"=\"[^\"]*<(ins|del)[ >]", html), f"{old!r} -> {new!r}: <ins>/<del> inside an attribute"

    def seen(markdown_html: str) -> str:
        return re.sub(r"<[^>]+>", "", re.sub(r"<code>.*?</code>", "", markdown_html, flags=re.S))

    shown, before, after = seen(html), seen(render_markdown(old)), seen(render_markdown(new))
    for leak in LEAKS:  # the redline shows no Markdown syntax the texts themselves do not show
        assert shown.count(leak) <= before.count(leak) + after.count(leak), (leak, old, new, html)
