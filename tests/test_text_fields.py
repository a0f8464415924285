"""YAML text fields escaped for every destination: HTML, attributes, Atom, JSON and e-mail headers.

Written as a hostile translator or a Word paste would: a newline inside a
title, control characters in a summary, markup in a menu title.
"""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from email.message import EmailMessage
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BIN, ROOT
from notices.check import check_content
from notices.diff import diff_revisions
from notices.feeds import atom_feed
from notices.markup.fields import header_text, html_markup, html_text, xml_text
from notices.messages import UiText
from notices.notice_email import email_notice
from notices.render import front_matter
from notices.versions import versions_json

LOCALES = ("en", "ja", "vi", "th")
AS_OF = date(2029, 12, 1)
ATOM = "{http://www.w3.org/2005/Atom}"


def _summary(root: Path, text: str) -> None:
    meta = root / "terms/2030-01-01/revision.yml"
    meta.write_text(meta.read_text("utf-8").replace("en: We now also collect your email.", f"en: {text}", 1), "utf-8")


def test_a_newline_in_a_title_cannot_add_an_e_mail_header(mini_content: Path) -> None:
    notice = check_content(mini_content, LOCALES, AS_OF).content.notices[0]
    old, new = notice.revisions[1], notice.revisions[2]
    message = email_notice(
        notice,
        new,
        diff_revisions(notice, old, new),
        "en",
        UiText.load(ROOT / "locales", "en"),
        as_of_title="Terms\nBcc: everyone@example.com\x07",
        site_url="https://x.example/",
        default_locale="en",
    )
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "Changes to our Terms Bcc: everyone@example.com"
    assert header_text("a\r\nb\u2028c") == "a b c"


def test_the_check_and_notices_notice_on_a_two_line_nav_title(mini_content: Path) -> None:
    meta = mini_content / "terms/notice.yml"
    meta.write_text(meta.read_text("utf-8").replace("  en: Terms", '  en: "Terms\\nBcc: all@example.com"'), "utf-8")
    result = subprocess.run(
        [
            str(BIN / "notices"),
            "notice",
            "terms",
            "2030-01-01",
            "--content",
            str(mini_content),
            "--as-of",
            "2029-12-01",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "terms/notice.yml:4:1: error: 'nav_title: en' runs over more than one line" in result.stderr


def test_control_characters_never_make_the_feed_ill_formed(mini_content: Path) -> None:
    _summary(mini_content, '"We now\\x0b also\\x1b collect your email."')
    result = check_content(mini_content, LOCALES, AS_OF, base=mini_content)
    assert any(f.code == "invisible-character" and f.line == 5 for f in result.errors)
    notice = result.content.notices[0]
    xml = atom_feed(notice, "en", LOCALES, AS_OF, "https://x.example/", title="T\x00erms", entry_title={})
    feed = ET.fromstring(xml)  # well-formed XML
    assert feed.findtext(f"{ATOM}title") == "Terms"
    summaries = [e.findtext(f"{ATOM}summary") for e in feed.iter(f"{ATOM}entry")]
    assert "We now also collect your email." in summaries
    data = json.loads(versions_json(notice, LOCALES, AS_OF, "https://x.example/"))
    assert data["versions"][-1]["summary"]["en"] == "We now\x0b also\x1b collect your email."  # JSON escapes it


def test_front_matter_is_data_and_the_templates_escape_it() -> None:
    assert front_matter({"title": "</title><script>alert(1)</script>"}) == (
        "---\ntitle: </title><script>alert(1)</script>\n---\n\n"
    )
    assert html_markup("</title>") == "&lt;/title&gt;"  # what the theme's templates print
    assert html_text('x" onmouseover="alert(1)') == "x&quot; onmouseover=&quot;alert(1)"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_text_fits_every_destination(text: str) -> None:
    """Whatever a field holds: one header line, well-formed Atom, HTML with no tag or attribute break-out."""
    message = EmailMessage()
    message["Subject"] = header_text(text)
    parsed = email.message_from_string(message.as_string(), policy=email.policy.default)
    assert list(parsed.keys()) == ["Subject"]  # a newline could have started a header of its own
    assert "\n" not in str(parsed["Subject"])
    feed = ET.Element("feed")
    ET.SubElement(feed, "title").text = xml_text(text)
    ET.fromstring(ET.tostring(feed, encoding="unicode"))
    escaped = html_text(text)
    assert not {"<", ">", '"'} & set(escaped)
