"""The one gateway for French dates found on a Dotclear 2 blog.

Dotclear 2 renders dates with PHP ``strftime`` in French ("dimanche 24 décembre 2006",
"vendredi  1 décembre 2006", "24/12/2006", "15:32") and its feeds use W3CDTF
("2006-12-24T15:32:00+01:00") or RFC 822 ("Sun, 24 Dec 2006 15:32:00 +0100").

Every function here is pure (apart from logging and caches) and never raises on bad input:
it returns ``None`` and logs one warning per distinct unparseable string.  Datetimes are
always aware and expressed in Europe/Paris, with seconds and microseconds dropped where the
source is a machine timestamp.

Day texts go through a compiled regex with a French month table first (fast path); only the
shapes it does not know reach ``dateparser`` (one lazily built, reused ``DateDataParser``).
"""

from __future__ import annotations

import email.utils
import logging
import re
import unicodedata
from datetime import UTC, date, datetime, time
from functools import cache, lru_cache
from typing import Any
from zoneinfo import ZoneInfo

logger = logging.getLogger(__name__)

PARIS = ZoneInfo("Europe/Paris")

MIN_YEAR = 1995
MAX_YEAR = 2035

_CACHE_SIZE = 4096
# dateparser is slow on long free text and never succeeds on it with strict parsing.
_FALLBACK_MAX_CHARS = 64

_MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6, "jun": 6,
    "juillet": 7, "juill": 7, "juil": 7, "jul": 7,
    "aout": 8, "aou": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip

_WEEKDAYS: dict[str, int] = {
    "lundi": 0, "lun": 0,
    "mardi": 1, "mar": 1,
    "mercredi": 2, "mer": 2,
    "jeudi": 3, "jeu": 3,
    "vendredi": 4, "ven": 4,
    "samedi": 5, "sam": 5,
    "dimanche": 6, "dim": 6,
}  # fmt: skip


def _alternation(words: dict[str, int]) -> str:
    """Regex alternation of ``words``, longest first so "juillet" wins over "juil"."""
    return "|".join(sorted(words, key=len, reverse=True))


# Matched against normalized text (lower case, no accents, single spaces).
_DAY_RE = re.compile(
    rf"""
    (?<!\w)
    (?:(?P<wd>{_alternation(_WEEKDAYS)})\.?,?\s(?:le\s)?)?
    (?:
        (?P<d>\d{{1,2}})\s?(?:er|e)?\s(?P<mon>{_alternation(_MONTHS)})(?![a-z])\.?,?\s
        (?P<y>\d{{4}})
      | (?P<nd>\d{{1,2}})(?P<sep>[/.-])(?P<nm>\d{{1,2}})(?P=sep)(?P<ny>\d{{4}}|\d{{2}})
      | (?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})
    )
    (?!\d)
    """,
    re.VERBOSE,
)

_TIME_RE = re.compile(
    r"""
    (?<![\d:])
    (?P<h>\d{1,2})
    (?: :(?P<m>\d{2})(?::\d{2})?      # 15:32, 10:12:45 (seconds dropped)
      | \s?h\s?(?P<hm>\d{2})?         # 15h32, 14 h 05, 9h
    )
    (?![\d:a-z])
    """,
    re.VERBOSE,
)

_ISO_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?"
)
_RFC_TIME_RE = re.compile(r"\d{1,2}:\d{2}")
# What sits between a day and its time: "24 décembre 2006, à 15:32".
_TRAILING_RE = re.compile(r"(?:[\s,-]|\ba\b)+$")

_DATEPARSER_SETTINGS: dict[str, Any] = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "DATE_ORDER": "DMY",
    # Without this, "il y a 3 jours" or "hier" come back as dates relative to *now*.
    "PARSERS": ["custom-formats", "absolute-time"],
}

_dateparser_calls = 0


def dateparser_calls() -> int:
    """How many times the dateparser fallback has actually been invoked in this process."""
    return _dateparser_calls


def _normalize(text: str) -> str:
    """Lower case, accents stripped, nbsp and runs of whitespace collapsed to one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def _plausible(day: date) -> bool:
    return MIN_YEAR <= day.year <= MAX_YEAR


def _make_date(year: int, month: int, day: int) -> date | None:
    """A plausible date, or None for impossible (31 February) or out-of-range values."""
    try:
        result = date(year, month, day)
    except ValueError:
        return None
    return result if _plausible(result) else None


def _two_digit_year(year: int) -> int:
    return 2000 + year if 2000 + year <= MAX_YEAR else 1900 + year


def _date_from_match(match: re.Match[str]) -> date | None:
    """The date held by a ``_DAY_RE`` match, checked against its weekday if any."""
    if match["d"]:
        day = _make_date(int(match["y"]), _MONTHS[match["mon"]], int(match["d"]))
    elif match["nd"]:
        year = int(match["ny"])
        year = _two_digit_year(year) if len(match["ny"]) == 2 else year
        day = _make_date(year, int(match["nm"]), int(match["nd"]))
    else:
        day = _make_date(int(match["iy"]), int(match["im"]), int(match["id"]))
    weekday = match["wd"]
    if day is not None and weekday and _WEEKDAYS[weekday] != day.weekday():
        logger.warning(
            "Weekday %r disagrees with %s in %r", weekday, day.isoformat(), match.group(0)
        )
    return day


@cache
def _parser() -> Any:
    """The single DateDataParser, built on first use (loading French data is slow)."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["fr"], settings=_DATEPARSER_SETTINGS)


@lru_cache(maxsize=_CACHE_SIZE)
def _dateparser_day(text: str) -> date | None:
    """dateparser fallback, at most one call per distinct (whitespace-collapsed) string."""
    global _dateparser_calls
    _dateparser_calls += 1
    try:
        found = _parser().get_date_data(text).date_obj
    except Exception:  # dateparser has raised odd errors on odd input; never propagate
        logger.debug("dateparser failed on %r", text, exc_info=True)
        return None
    if found is None:
        return None
    day: date = found.date()
    return day if _plausible(day) else None


@lru_cache(maxsize=_CACHE_SIZE)
def _day(text: str) -> date | None:
    """parse_day without the failure warning (so callers can warn about their own input)."""
    match = _DAY_RE.search(_normalize(text))
    if match:
        # The fast path is decisive: "31 février 2007" must not be "repaired" by dateparser.
        return _date_from_match(match)
    collapsed = " ".join(text.split())
    if not any(c.isdigit() for c in collapsed) or len(collapsed) > _FALLBACK_MAX_CHARS:
        return None
    return _dateparser_day(collapsed)


@lru_cache(maxsize=_CACHE_SIZE)
def parse_day(text: str) -> date | None:
    """Parse a French day text ("dimanche 24 décembre 2006", "1er août 2007", "24/12/2006").

    Accepts weekday names (checked against the date: a mismatch is logged, the date kept),
    "1er", abbreviated months with or without dot, missing accents, any case and stray
    whitespace.  Returns None for texts without a full day, month and year, impossible dates
    and years outside MIN_YEAR..MAX_YEAR.
    """
    result = _day(text)
    if result is None and text.strip():
        logger.warning("Unparseable date %r", text)
    return result


def _time_from_match(match: re.Match[str]) -> time | None:
    hour = int(match["h"])
    minute = int(match["m"] or match["hm"] or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


@lru_cache(maxsize=_CACHE_SIZE)
def parse_time(text: str) -> time | None:
    """Parse a time of day: "15:32", "15h32", "à 10:12", "10:12:45" (seconds dropped), "9h"."""
    match = _TIME_RE.search(_normalize(text))
    result = _time_from_match(match) if match else None
    if result is None and text.strip():
        logger.warning("Unparseable date %r", text)
    return result


def combine(day: date, at: time) -> datetime:
    """The aware Europe/Paris datetime for local wall-clock ``at`` on ``day``.

    DST transitions are resolved as wall clocks do:

    * a non-existent time (spring-forward gap, 2007-03-25 02:30) is shifted forward by the
      length of the gap, giving 03:30+02:00;
    * an ambiguous time (fall-back, 2008-10-26 02:30) takes its first occurrence (fold=0),
      giving 02:30+02:00.
    """
    naive = datetime.combine(day, at.replace(tzinfo=None))
    local = naive.replace(tzinfo=PARIS, fold=0)
    # For a time in the gap, fold=0 applies the pre-transition offset; the UTC round trip
    # then lands on the shifted-forward wall-clock time.
    round_trip = local.astimezone(UTC).astimezone(PARIS)
    return local if round_trip.replace(tzinfo=None) == naive else round_trip


def _to_paris(moment: datetime) -> datetime | None:
    """Naive means Paris local time; result in Paris, to the minute, plausible year only."""
    if moment.tzinfo is None:
        local = combine(moment.date(), moment.time())
    else:
        local = moment.astimezone(PARIS)
    local = local.replace(second=0, microsecond=0)
    return local if _plausible(local.date()) else None


def _iso_datetime(text: str) -> datetime | None:
    if not _ISO_RE.fullmatch(text):
        return None  # also rejects date-only values: there is no time to report
    try:
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None


def _rfc_datetime(text: str) -> datetime | None:
    if not _RFC_TIME_RE.search(text):
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        # "-0000" and unknown zone names ("CET"): UTC, as RFC 5322 section 4.3 says.
        moment = moment.replace(tzinfo=UTC)
    return moment


@lru_cache(maxsize=_CACHE_SIZE)
def parse_machine(text: str) -> datetime | None:
    """Parse a feed timestamp: ISO 8601 / W3CDTF or RFC 822 / 2822, into Paris time.

    "2006-12-24T14:32:00Z" and "Sun, 24 Dec 2006 14:32:00 GMT" both give 15:32+01:00.  ISO
    values without offset are taken as Paris local time.  Seconds and microseconds are
    dropped.  Date-only values and years outside MIN_YEAR..MAX_YEAR give None.
    """
    cleaned = text.strip()
    moment = _iso_datetime(cleaned) or _rfc_datetime(cleaned)
    result = _to_paris(moment) if moment else None
    if result is None and cleaned:
        logger.warning("Unparseable date %r", text)
    return result


def _find_time(normalized: str, start: int, end: int) -> time | None:
    """The time after the day text, else before it (never inside it)."""
    for part in (normalized[end:], normalized[:start]):
        match = _TIME_RE.search(part)
        if match:
            return _time_from_match(match)
    return None


@lru_cache(maxsize=_CACHE_SIZE)
def parse_text_datetime(text: str) -> datetime | None:
    """Parse free French text holding a day and a time into an aware Paris datetime.

    "Par Jean-Luc Raymond le dimanche 24 décembre 2006, 15:32" -> 2006-12-24T15:32+01:00.
    A day without a time gives None (logged at DEBUG only: the caller may settle for the day).
    """
    normalized = _normalize(text)
    match = _DAY_RE.search(normalized)
    if match:
        day = _date_from_match(match)
        at = _find_time(normalized, match.start(), match.end())
    else:
        time_match = _TIME_RE.search(normalized)
        rest = normalized[: time_match.start()] if time_match else normalized
        rest = _TRAILING_RE.sub("", rest)
        day = _day(rest) if rest else None
        at = _time_from_match(time_match) if time_match else None
    if day is None:
        if text.strip():
            logger.warning("Unparseable date %r", text)
        return None
    if at is None:
        logger.debug("Day without time in %r", text)
        return None
    return combine(day, at)


def to_iso(dt: datetime) -> str:
    """ISO 8601 in Paris time to the second: "2006-12-24T15:32:00+01:00" (naive = Paris)."""
    local = combine(dt.date(), dt.time()) if dt.tzinfo is None else dt.astimezone(PARIS)
    return local.replace(microsecond=0).isoformat(timespec="seconds")


__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "PARIS",
    "combine",
    "dateparser_calls",
    "parse_day",
    "parse_machine",
    "parse_text_datetime",
    "parse_time",
    "to_iso",
]
