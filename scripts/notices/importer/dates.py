"""Dates read from a notice's own words, in each language's convention.

"Revised on July 3, 2023", 2018年11月11日制定, "ngày 1 tháng 7 năm 2023", 3 กรกฎาคม พ.ศ. 2566.

Real notices state their history in prose, in each language's convention, and copies taken from web pages
mangle it (``20181111日制定】``: the year, month and day run together, the bracket lost). Each pattern
here is a convention seen in published notices; what none of them reads is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from babel.dates import get_month_names

#: What a dated line says happened: the text took effect, was revised, or was first established.
EVENTS = ("established", "revised", "effective")

_EN_MONTHS = {name.lower(): n for n, name in get_month_names("wide", locale="en").items()}
_EN_MONTHS.update({name.lower().rstrip("."): n for n, name in get_month_names("abbreviated", locale="en").items()})
_TH_MONTHS = {name: n for n, name in get_month_names("wide", locale="th").items()}
_TH_MONTHS.update({name.replace(".", ""): n for n, name in get_month_names("abbreviated", locale="th").items()})

# Words that say which event a date records, per language; the first that matches wins.
_EVENT_WORDS: tuple[tuple[str, str], ...] = (
    ("established", r"established|enacted|adopted|制定|ban hành lần đầu|ประกาศใช้ครั้งแรก|จัดทำ"),
    ("effective", r"effective|take[s]? effect|in force|施行|có hiệu lực|มีผลบังคับ|มีผลใช้บังคับ"),
    ("revised", r"revised|amended|updated|last updated|改定|改訂|改正|sửa đổi|cập nhật|แก้ไข|ปรับปรุง"),
)

_MONTH_EN = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_MONTH_TH = "|".join(sorted((re.escape(m) for m in _TH_MONTHS), key=len, reverse=True))
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b({_MONTH_EN})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE), "mdy"),
    (re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_EN})\.?,?\s+(\d{{4}})\b", re.IGNORECASE), "dmy_en"),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "ymd"),
    # a copy that lost the separators: 20181111日制定 (the 日 and the event word keep it a date)
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})\s*日"), "ymd"),
    (re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE), "dmy"),
    (re.compile(rf"(\d{{1,2}})\s+({_MONTH_TH})\s+(?:พ\.?\s?ศ\.?\s*)?(\d{{4}})"), "dmy_th"),
    (re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])"), "ymd"),
    (re.compile(r"(?<![\d/])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])"), "ymd"),
)


@dataclass(frozen=True)
class DatedLine:
    """A date the text states, with what happened on it and the line that says so."""

    when: date
    event: str
    line: int
    text: str


def _thai_year(year: int) -> int:
    """A Thai notice writes the Buddhist era (พ.ศ. 2566 = 2023); years past 2400 are taken as such."""
    return year - 543 if year > 2400 else year


def find_dates(text: str) -> list[date]:
    """Every date written in ``text``, in order, in any of the conventions above.

    >>> find_dates("Revised on July 28, 2017 and 3 July 2023")
    [datetime.date(2017, 7, 28), datetime.date(2023, 7, 3)]
    >>> find_dates("20181111日制定】")
    [datetime.date(2018, 11, 11)]
    >>> find_dates("ประกาศ ณ วันที่ 3 กรกฎาคม พ.ศ. 2566")
    [datetime.date(2023, 7, 3)]
    """
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []
    for pattern, order in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            a, b, c = m.groups()
            try:
                if order == "mdy":
                    when = date(int(c), _EN_MONTHS[a.lower().rstrip(".")], int(b))
                elif order == "dmy_en":
                    when = date(int(c), _EN_MONTHS[b.lower().rstrip(".")], int(a))
                elif order == "dmy":
                    when = date(int(c), int(b), int(a))
                elif order == "dmy_th":
                    when = date(_thai_year(int(c)), _TH_MONTHS[b.replace(".", "")], int(a))
                else:
                    when = date(int(a), int(b), int(c))
            except (ValueError, KeyError):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), when))
    return [when for _, when in sorted(found)]


def event_of(text: str) -> str | None:
    """Which event a dated line records, from its own words; None when it says none."""
    for event, words in _EVENT_WORDS:
        if re.search(words, text, re.IGNORECASE):
            return event
    return None


def dated_lines(lines: list[tuple[int, str]]) -> list[DatedLine]:
    """The lines that state an event with a date ("Established November 20, 2001"), oldest first."""
    out: list[DatedLine] = []
    for number, text in lines:
        event = event_of(text)
        if event is None:
            continue
        for when in find_dates(text)[:1]:
            out.append(DatedLine(when, event, number, text.strip()))
    return sorted(out, key=lambda d: (d.when, d.line))


def is_history_line(text: str) -> bool:
    """A short line that only records an event and its date, like those in a notice's closing history.

    >>> is_history_line("Revised on March 31, 2022")
    True
    >>> is_history_line("Changes to this policy take effect from February 4, 2015, the date the page was posted.")
    False
    """
    stripped = text.strip(" 【】[]()（）")
    if len(stripped) > 60 or event_of(stripped) is None or not find_dates(stripped):
        return False
    return not re.search(r"[.。]\s*\S", stripped)
