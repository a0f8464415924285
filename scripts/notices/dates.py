"""Dates as each language writes them in a legal notice.

Babel formats Thai dates in the Gregorian calendar, so calendars come from
ICU (icu4py): Thai uses the Buddhist era by default, Japanese may use the
imperial era. Vietnamese notices write ``ngày 3 tháng 7 năm 2023``, which is
not CLDR's long format, hence an explicit pattern.

>>> from datetime import date
>>> d = date(2023, 7, 3)
>>> format_date(d, "en")
'July 3, 2023'
>>> format_date(d, "ja")
'2023年7月3日'
>>> format_date(d, "ja", japanese_era=True)
'令和5年7月3日'
>>> format_date(d, "vi")
'ngày 3 tháng 7 năm 2023'
>>> format_date(d, "th")
'3 กรกฎาคม พ.ศ. 2566'
>>> format_date(d, "th", buddhist_era=False)
'3 กรกฎาคม ค.ศ. 2023'
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from functools import lru_cache

from icu4py.messageformat import MessageFormat

#: ICU message per locale; ``{d}`` is the date. Skeletons (``::``) let ICU
#: order the fields the way the locale does.
_PATTERNS: dict[str, str] = {
    "ja": "{d, date, ::yMMMd}",
    "vi": "{d, date, ::yMMMMd}",
    "th": "{d, date, ::GyMMMMd}",
}
_VI_PATTERN = "{d, date,'ngày' d 'tháng' M 'năm' y}"
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


#: Dates outside these years are typos (0001-01-01, 20240-01-01) and break date arithmetic.
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2999, 12, 31)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A date with a time after it: "write the date alone".
DATE_WITH_TIME = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]")


class DateSettingError(ValueError):
    """A date setting (``as_of``, ``NOTICES_AS_OF``, ``SOURCE_DATE_EPOCH``) that is no usable date."""


def parse_date_setting(value: object, source: str) -> date:
    """A date setting as a date, or :class:`DateSettingError` with a message for the legal team.

    >>> parse_date_setting("2026-12-01", "NOTICES_AS_OF")
    datetime.date(2026, 12, 1)
    >>> parse_date_setting("2026-11-20 10:00", "as_of")
    Traceback (most recent call last):
    ...
    notices.dates.DateSettingError: as_of is '2026-11-20 10:00', a date with a time; write the date alone, YYYY-MM-DD
    """
    if isinstance(value, datetime) or (isinstance(value, str) and DATE_WITH_TIME.match(value.strip())):
        raise DateSettingError(f"{source} is '{value}', a date with a time; write the date alone, YYYY-MM-DD")
    if isinstance(value, date):
        result = value
    else:
        text = str(value).strip()
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError(text)
            result = date.fromisoformat(text)
        except ValueError:
            raise DateSettingError(f"{source} is '{value}', which is not a date; write it as YYYY-MM-DD") from None
    if not FIRST_DATE <= result <= LAST_DATE:
        raise DateSettingError(
            f"{source} is {result.isoformat()}, outside {FIRST_DATE.year}-{LAST_DATE.year}; check the year"
        )
    return result


def today() -> date:
    """Today's date, or the one in ``SOURCE_DATE_EPOCH`` for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isascii() or not epoch.isdigit():
            raise DateSettingError(
                f"SOURCE_DATE_EPOCH is '{epoch}', which is not a number of seconds since 1970-01-01; "
                "set it to e.g. $(git log -1 --format=%ct), or unset it"
            )
        try:
            day = datetime.fromtimestamp(int(epoch), tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            day = date.max
        if not FIRST_DATE <= day <= LAST_DATE:
            raise DateSettingError(
                f"SOURCE_DATE_EPOCH is {epoch}, which is not a date between {FIRST_DATE.year} and "
                f"{LAST_DATE.year}; set it to e.g. $(git log -1 --format=%ct), or unset it"
            )
        return day
    return date.today()
