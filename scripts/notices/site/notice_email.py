"""The material-change notice as an email draft, in one language, for the company's mailer.

A multipart/alternative message (plain text and HTML) with a Subject and a
Content-Language header and no sender address or recipients: the mailer adds those.
It opens with a greeting in the language's register, says how to object or withdraw
consent (and where, from ``organisation: contact:``), and is signed with the
organisation's name in that language. Every piece of content is escaped in the HTML part.
"""

from __future__ import annotations

import html
from datetime import date
from email.message import EmailMessage

from ..content.dates import format_date
from ..content.model import Notice, Revision
from ..diff import SUBSTANTIVE, UNCHANGED, RevisionDiff
from ..diff.lag import lag_upto
from ..diff.markup import visible_text
from ..markup.fields import header_text
from .messages import UiText
from .punctuation import item_separator, parenthesized
from .render import change_label
from .versions import page_url


def email_notice(
    notice: Notice,
    revision: Revision,
    diff: RevisionDiff,
    locale: str,
    ui: UiText,
    *,
    as_of_title: str,
    site_url: str,
    default_locale: str,
    japanese_era: bool = False,
    organisation: str = "",
    contact: str = "",
) -> EmailMessage:
    """The change notice for ``revision`` (compared in ``diff``) in ``locale``."""
    when = format_date(revision.effective, locale, japanese_era=japanese_era)
    subject = ui.text("Changes to our %(notice)s", notice=as_of_title)
    intro = ui.text(
        "We are updating our %(notice)s. The new version takes effect on %(date)s.", notice=as_of_title, date=when
    )
    new_url = page_url(site_url, locale, default_locale, f"{notice.id}/{revision.key}/")
    changes_url = page_url(site_url, locale, default_locale, f"{notice.id}/{revision.key}/changes/")
    rows = []
    for s in (diff.preamble, *diff.sections):
        d = s.locales.get(locale)
        if d is None or s.change == UNCHANGED or d.cls != SUBSTANTIVE:
            continue  # editorial changes (numbering, punctuation) are on the change page
        change, kind = change_label(ui, d.change, d.cls)
        rows.append((visible_text(d.new_heading or d.old_heading), f"{change}{item_separator(locale)}{kind}"))
    summary = revision.summary.get(locale, "")
    language = ui.language_name(notice.authoritative)
    authoritative_url = page_url(site_url, notice.authoritative, default_locale, f"{notice.id}/{revision.key}/")
    lagging: list[str] = []  # paragraphs on translations that lag behind the authoritative text
    since = revision.translated_from.get(locale)
    if since is not None and locale != notice.authoritative:
        lagging.append(
            ui.text(
                "This translation renders the %(language)s text of the version effective %(date)s, not the text of "
                "this version. The %(language)s version prevails.",
                language=language,
                date=format_date(since, locale, japanese_era=japanese_era),
            )
        )
    stale_by_date: dict[str, list[str]] = {}
    doc = revision.documents.get(locale)
    spine = revision.documents.get(notice.authoritative)
    lags = lag_upto(notice, revision, locale) if locale != notice.authoritative else {}
    for sid, stale in lags.items():  # the lags the revision page shows, each dated when it began
        section = (doc.section(sid) if doc else None) or (spine.section(sid) if spine else None)
        heading = visible_text(section.heading) if section else (doc.title if doc else notice.id)
        stale_by_date.setdefault(stale.since or revision.key, []).append(heading)
    for when, headings in sorted(stale_by_date.items()):
        lagging.append(
            ui.text(
                "The %(language)s text of these sections changed on %(date)s, and this translation has not been "
                "updated yet. The %(language)s version prevails:",
                language=language,
                date=format_date(date.fromisoformat(when), locale, japanese_era=japanese_era),
            )
        )
        lagging += [f"- {h}" for h in headings]
    greeting = ui.text("Dear customer,")
    if contact:
        rights = ui.text(
            "If you do not agree with these changes, you may object to the processing of your personal data or "
            "withdraw your consent at any time by writing to us at %(contact)s.",
            contact=contact,
        )
    else:
        rights = ui.text(
            "If you do not agree with these changes, you may object to the processing of your personal data or "
            "withdraw your consent at any time by contacting us."
        )
    read = ui.text("Read the new version: %(url)s", url=new_url)
    every = ui.text("See every change: %(url)s", url=changes_url)

    text = [greeting, "", intro, ""]
    if summary:
        text += [ui.text("Summary"), summary, ""]
    if rows:
        text += [ui.text("Changed sections"), *(f"- {parenthesized(locale, h, label)}" for h, label in rows), ""]
    if lagging:
        text += [ui.text("Translation not yet updated"), *lagging, authoritative_url, ""]
    text += [read, every, "", rights]
    if organisation:
        text += ["", organisation]

    e = html.escape
    parts = [f'<!doctype html><html lang="{e(locale)}"><head><meta charset="utf-8"><title>{e(subject)}</title></head>']
    parts.append(f"<body><p>{e(greeting)}</p><p>{e(intro)}</p>")
    if summary:
        parts.append("<h2>" + e(ui.text("Summary")) + f"</h2><p>{e(summary)}</p>")
    if rows:
        parts.append("<h2>" + e(ui.text("Changed sections")) + "</h2><ul>")
        parts += [f"<li>{e(parenthesized(locale, h, label))}</li>" for h, label in rows]
        parts.append("</ul>")

    def link(url: str) -> str:
        return f'<a href="{e(url)}">{e(url)}</a>'

    if lagging:
        parts.append("<h2>" + e(ui.text("Translation not yet updated")) + "</h2>")
        items = [x[2:] for x in lagging if x.startswith("- ")]
        parts += [f"<p>{e(x)}</p>" for x in lagging if not x.startswith("- ")]
        if items:
            parts.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in items) + "</ul>")
        parts.append(f'<p lang="{e(notice.authoritative)}">{link(authoritative_url)}</p>')

    parts.append("<p>" + ui.html("Read the new version: %(url)s", url=link(new_url)) + "</p>")
    parts.append("<p>" + ui.html("See every change: %(url)s", url=link(changes_url)) + "</p>")
    if contact:
        where = contact if "://" in contact else f"mailto:{contact}" if "@" in contact else ""
        shown = f'<a href="{e(where)}">{e(contact)}</a>' if where else e(contact)
        parts.append(
            "<p>"
            + ui.html(
                "If you do not agree with these changes, you may object to the processing of your personal data or "
                "withdraw your consent at any time by writing to us at %(contact)s.",
                contact=shown,
            )
            + "</p>"
        )
    else:
        parts.append(f"<p>{e(rights)}</p>")
    if organisation:
        parts.append(f"<p>{e(organisation)}</p>")
    parts.append("</body></html>")

    message = EmailMessage()
    message["Subject"] = header_text(subject)  # a newline in a title must not start a header
    # 8bit, not base64: the legal team reads the draft before the mailer sends it.
    message.set_content("\n".join(text) + "\n", subtype="plain", charset="utf-8", cte="8bit")
    message.add_alternative("".join(parts) + "\n", subtype="html", charset="utf-8", cte="8bit")
    message["Content-Language"] = locale  # after set_content, which drops Content-* headers
    return message
