"""Dates as each language writes them in a legal notice.

Babel formats Thai dates in the Gregorian calendar, so calendars come from
ICU (icu4py): Thai uses the Buddhist era by default, Japanese may use the
imperial era. Vietnamese notices write ``ngày 3 tháng 7 năm 2023``, which is
not CLDR's long format, hence an explicit pattern. The word ``ngày`` (day)
belongs to the sentence, not to the date: after a label ("Ngày hiệu lực:") it
would say "day" twice, so the Vietnamese catalog writes "từ ngày %(date)s" and
the date itself starts with the number.

>>> from datetime import date
>>> d = date(2023, 7, 3)
>>> format_date(d, "en")
'July 3, 2023'
>>> format_date(d, "ja")
'2023年7月3日'
>>> format_date(d, "ja", japanese_era=True)
'令和5年7月3日'
>>> format_date(d, "vi")
'3 tháng 7 năm 2023'
>>> format_date(d, "th")
'3 กรกฎาคม พ.ศ. 2566'
>>> format_date(d, "th", buddhist_era=False)
'3 กรกฎาคม ค.ศ. 2023'
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache

from icu4py.messageformat import MessageFormat

#: ICU message per locale; ``{d}`` is the date. Skeletons (``::``) let ICU
#: order the fields the way the locale does.
_PATTERNS: dict[str, str] = {
    "ja": "{d, date, ::yMMMd}",
    "vi": "{d, date, ::yMMMMd}",
    "th": "{d, date, ::GyMMMMd}",
}
_VI_PATTERN = "{d, date,d 'tháng' M 'năm' y}"
_DEFAULT = "{d, date, long}"


@lru_cache(maxsize=64)
def _formatter(pattern: str, icu_locale: str) -> MessageFormat:
    return MessageFormat(pattern, icu_locale)


@lru_cache(maxsize=4096)  # a long history formats the same dates on every page
def format_date(
    value: date,
    locale: str,
    *,
    japanese_era: bool = False,
    buddhist_era: bool = True,
) -> str:
    """Format ``value`` the way a notice in ``locale`` states its dates."""
    language = locale.split("_")[0].split("-")[0]
    icu_locale = language
    pattern = _PATTERNS.get(language, _DEFAULT)
    if language == "ja" and japanese_era:
        icu_locale, pattern = "ja@calendar=japanese", "{d, date, ::GyMMMd}"
    elif language == "th":
        icu_locale = "th" if buddhist_era else "th@calendar=gregorian"
    elif language == "vi":
        pattern = _VI_PATTERN
    # ICU reads a datetime at local midnight; a plain date keeps the day.
    text: str = _formatter(pattern, icu_locale).format({"d": date(value.year, value.month, value.day)})
    return text.strip()


def today() -> date:
    """Today's date, or the one in ``SOURCE_DATE_EPOCH`` for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        from datetime import UTC, datetime

        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()
