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
>>> format_date(d, "zh-TW"), format_date(d, "es-ES"), format_date(d, "ko"), format_date(d, "fr")
('2023年7月3日', '3 de julio de 2023', '2023년 7월 3일', '3 juillet 2023')
"""

from __future__ import annotations

import difflib
import os
import re
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
    icu_locale = locale.replace("_", "-")  # BCP 47, region and script kept: zh-TW writes Traditional
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
    notices.content.dates.DateSettingError: as_of is '2026-11-20 10:00', a date with a time; write the date alone, YYYY-MM-DD
    """  # noqa: E501 - the doctest prints the exception with its module path
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
    notices.content.dates.TimeZoneError: 'Asia/Tokio' is not a time zone; did you mean 'Asia/Tokyo'?
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
    at 00:30 UTC is already 09:30 in Tokyo. A malformed or out-of-range
    ``SOURCE_DATE_EPOCH`` is a :class:`DateSettingError`, never a traceback.

    >>> import os; os.environ["SOURCE_DATE_EPOCH"] = "1799942400"  # 2027-01-14T16:00:00Z
    >>> today("Asia/Tokyo"), today("UTC"), today("America/New_York")
    (datetime.date(2027, 1, 15), datetime.date(2027, 1, 14), datetime.date(2027, 1, 14))
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    zone = time_zone(timezone) if timezone else None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isascii() or not epoch.isdigit():
            raise DateSettingError(
                f"SOURCE_DATE_EPOCH is '{epoch}', which is not a number of seconds since 1970-01-01; "
                "set it to e.g. $(git log -1 --format=%ct), or unset it"
            )
        try:
            day = datetime.fromtimestamp(int(epoch), tz=zone or UTC).date()
        except (OverflowError, OSError, ValueError):
            day = date.max
        if not FIRST_DATE <= day <= LAST_DATE:
            raise DateSettingError(
                f"SOURCE_DATE_EPOCH is {epoch}, which is not a date between {FIRST_DATE.year} and "
                f"{LAST_DATE.year}; set it to e.g. $(git log -1 --format=%ct), or unset it"
            )
        return day
    return datetime.now(zone).date() if zone else date.today()
