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

import difflib
import os
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

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


class TimeZoneError(ValueError):
    """A time zone name that the IANA database does not know; the message says what to write."""

    def __init__(self, problem: str, hint: str):
        super().__init__(f"{problem}; {hint}")
        self.problem, self.hint = problem, hint


def time_zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (``Asia/Tokyo``), or a :class:`TimeZoneError` that suggests a fix.

    >>> time_zone("Asia/Tokyo").key
    'Asia/Tokyo'
    >>> time_zone("Asia/Tokio")
    Traceback (most recent call last):
    ...
    notices.dates.TimeZoneError: 'Asia/Tokio' is not a time zone; did you mean 'Asia/Tokyo'?
    """
    cleaned = name.strip()
    try:
        if cleaned and not cleaned.startswith(("/", ".")) and ".." not in cleaned:
            return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    close = difflib.get_close_matches(cleaned, sorted(available_timezones()), n=1, cutoff=0.7)
    hint = f"did you mean '{close[0]}'?" if close else "write an IANA name such as Asia/Tokyo, Asia/Bangkok or UTC"
    raise TimeZoneError(f"'{name}' is not a time zone", hint)


def today(timezone: str | None = None) -> date:
    """Today's date in ``timezone`` (else the machine's), at ``SOURCE_DATE_EPOCH`` if set.

    The notices' own time zone decides when a revision takes effect: a build
    at 00:30 UTC is already 09:30 in Tokyo.

    >>> import os; os.environ["SOURCE_DATE_EPOCH"] = "1799942400"  # 2027-01-14T16:00:00Z
    >>> today("Asia/Tokyo"), today("UTC"), today("America/New_York")
    (datetime.date(2027, 1, 15), datetime.date(2027, 1, 14), datetime.date(2027, 1, 14))
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    zone = time_zone(timezone) if timezone else None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=zone or UTC).date()
    return datetime.now(zone).date() if zone else date.today()
