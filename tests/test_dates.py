"""Tests for archiver.dotclear.dates, the French-date gateway."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time

import pytest

from archiver.dotclear.dates import (
    PARIS,
    combine,
    dateparser_calls,
    parse_day,
    parse_machine,
    parse_text_datetime,
    parse_time,
    to_iso,
)

DAY_CASES = [
    ("dimanche 24 décembre 2006", date(2006, 12, 24), "dotclear-default"),
    ("vendredi  1 décembre 2006", date(2006, 12, 1), "space-padded-day"),
    ("1er août 2007", date(2007, 8, 1), "premier"),
    ("le 1er août 2007", date(2007, 8, 1), "le-premier"),
    ("1 er août 2007", date(2007, 8, 1), "premier-spaced"),
    ("jeudi 1 février 2007", date(2007, 2, 1), "fevrier-accent"),
    ("DIMANCHE 25 MARS 2007", date(2007, 3, 25), "upper-case"),
    ("5 fév. 2008", date(2008, 2, 5), "fev-dot"),
    ("mardi 5 fév. 2008", date(2008, 2, 5), "weekday-fev-dot"),
    ("sam. 3 févr. 2007", date(2007, 2, 3), "abbrev-weekday-fevr"),
    ("1 sept. 2007", date(2007, 9, 1), "sept-dot"),
    ("12 aout 2007", date(2007, 8, 12), "aout-no-accent"),
    ("3 fevrier 2007", date(2007, 2, 3), "fevrier-no-accent"),
    ("24 decembre 2006", date(2006, 12, 24), "decembre-no-accent"),
    ("4 juill. 2008", date(2008, 7, 4), "juill-dot"),
    ("7 juil 2010", date(2010, 7, 7), "juil-no-dot"),
    ("dim. 24 déc. 2006", date(2006, 12, 24), "all-abbreviated"),
    ("dimanche\u00a024\u00a0décembre\n   2006 ", date(2006, 12, 24), "nbsp-newline"),
    ("24/12/2006", date(2006, 12, 24), "numeric-slash"),
    ("dimanche 24/12/2006", date(2006, 12, 24), "numeric-weekday"),
    ("24.12.2006", date(2006, 12, 24), "numeric-dot"),
    ("01/02/2007", date(2007, 2, 1), "numeric-day-first"),
    ("24/12/06", date(2006, 12, 24), "numeric-two-digit-year"),
    ("2006-12-24", date(2006, 12, 24), "iso-date"),
    ("Publié le 24 décembre 2006 par Jean", date(2006, 12, 24), "inside-text"),
    ("décembre 24, 2006", date(2006, 12, 24), "month-first-dateparser"),
    ("sept. 2007", None, "no-day"),
    ("décembre 2006", None, "month-year-only"),
    ("", None, "empty"),
    ("   ", None, "blank"),
    ("hello", None, "junk"),
    ("32 décembre 2006", None, "day-32"),
    ("31 février 2007", None, "february-31"),
    ("29 février 2007", None, "february-29-non-leap"),
    ("29 février 2008", date(2008, 2, 29), "february-29-leap"),
    ("dimanche 24 décembre 1850", None, "year-too-old"),
    ("24 décembre 2099", None, "year-too-late"),
    ("12/24/2006", None, "month-day-order-rejected"),
    ("il y a 3 jours", None, "relative-rejected"),
    ("hier", None, "yesterday-rejected"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in DAY_CASES], ids=[c[2] for c in DAY_CASES]
)
def test_parse_day(text: str, expected: date | None) -> None:
    assert parse_day(text) == expected


TIME_CASES = [
    ("15:32", time(15, 32), "colon"),
    ("15h32", time(15, 32), "h"),
    ("14h05", time(14, 5), "h-leading-zero-minute"),
    ("14 h 05", time(14, 5), "h-spaced"),
    ("15H32", time(15, 32), "h-upper"),
    ("à 10:12", time(10, 12), "a-prefix"),
    ("10:12:45", time(10, 12), "seconds-dropped"),
    ("9h", time(9, 0), "hour-only"),
    ("09:05", time(9, 5), "zero-padded"),
    ("0:00", time(0, 0), "midnight"),
    ("23:59", time(23, 59), "last-minute"),
    ("25:00", None, "hour-25"),
    ("24:00", None, "hour-24"),
    ("10:61", None, "minute-61"),
    ("", None, "empty"),
    ("midi", None, "word"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in TIME_CASES], ids=[c[2] for c in TIME_CASES]
)
def test_parse_time(text: str, expected: time | None) -> None:
    assert parse_time(text) == expected


MACHINE_CASES = [
    ("2006-12-24T15:32:00+01:00", "2006-12-24T15:32:00+01:00", "w3cdtf"),
    ("2006-12-24T14:32:00Z", "2006-12-24T15:32:00+01:00", "zulu"),
    ("2006-12-24T15:32+01:00", "2006-12-24T15:32:00+01:00", "no-seconds"),
    ("2006-12-24T15:32:00+0100", "2006-12-24T15:32:00+01:00", "basic-offset"),
    ("2006-12-24T15:32:45.123+01:00", "2006-12-24T15:32:00+01:00", "seconds-zeroed"),
    ("2007-03-25T10:15:00+02:00", "2007-03-25T10:15:00+02:00", "summer-time"),
    ("2006-12-24T15:32:00", "2006-12-24T15:32:00+01:00", "naive-is-paris"),
    ("2007-07-14T10:00:00", "2007-07-14T10:00:00+02:00", "naive-summer"),
    (" 2006-12-24T15:32:00+01:00\n", "2006-12-24T15:32:00+01:00", "surrounding-space"),
    ("Sun, 24 Dec 2006 15:32:00 +0100", "2006-12-24T15:32:00+01:00", "rfc822"),
    ("Sun, 25 Mar 2007 08:15:00 GMT", "2007-03-25T10:15:00+02:00", "rfc822-gmt"),
    ("Sun, 24 Dec 2006 15:32:00 -0000", "2006-12-24T16:32:00+01:00", "rfc822-minus-zero"),
    ("2006-12-24", None, "date-only"),
    ("24 Dec 2006", None, "rfc-date-only"),
    ("1970-01-01T00:00:00Z", None, "epoch-implausible"),
    ("not a date", None, "junk"),
    ("", None, "empty"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in MACHINE_CASES], ids=[c[2] for c in MACHINE_CASES]
)
def test_parse_machine(text: str, expected: str | None) -> None:
    result = parse_machine(text)
    if expected is None:
        assert result is None
    else:
        assert result is not None
        assert result.tzinfo is PARIS
        assert to_iso(result) == expected


COMBINE_CASES = [
    (date(2006, 12, 24), time(15, 32), "2006-12-24T15:32:00+01:00", "winter"),
    (date(2007, 3, 25), time(1, 30), "2007-03-25T01:30:00+01:00", "spring-before"),
    (date(2007, 3, 25), time(2, 30), "2007-03-25T03:30:00+02:00", "spring-gap-forward"),
    (date(2007, 3, 25), time(10, 15), "2007-03-25T10:15:00+02:00", "spring-after"),
    (date(2008, 10, 26), time(2, 30), "2008-10-26T02:30:00+02:00", "fall-ambiguous-first"),
    (date(2008, 10, 26), time(11, 40), "2008-10-26T11:40:00+01:00", "fall-after"),
]


@pytest.mark.parametrize(
    ("day", "at", "expected"),
    [c[:3] for c in COMBINE_CASES],
    ids=[c[3] for c in COMBINE_CASES],
)
def test_combine(day: date, at: time, expected: str) -> None:
    result = combine(day, at)
    assert result.tzinfo is PARIS
    assert to_iso(result) == expected


TEXT_CASES = [
    (
        "Par Jean-Luc Raymond le dimanche 24 décembre 2006, 15:32",
        "2006-12-24T15:32:00+01:00",
        "dotclear-byline",
    ),
    ("le 24/12/2006 à 15h32", "2006-12-24T15:32:00+01:00", "numeric-h"),
    ("Le mardi 5 fév. 2008 à 10:12", "2008-02-05T10:12:00+01:00", "abbreviated-a"),
    ("vendredi  1 décembre 2006\n à 9h", "2006-12-01T09:00:00+01:00", "padded-hour-only"),
    ("15:32, le 24/12/2006", "2006-12-24T15:32:00+01:00", "time-before-day"),
    ("dimanche 25 mars 2007 à 02:30", "2007-03-25T03:30:00+02:00", "dst-gap"),
    ("décembre 24, 2006 à 15:32", "2006-12-24T15:32:00+01:00", "dateparser-day"),
    ("le 24/12/2006", None, "day-without-time"),
    ("à 15:32", None, "time-without-day"),
    ("le 31 février 2007 à 10:00", None, "impossible-day"),
    ("", None, "empty"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in TEXT_CASES], ids=[c[2] for c in TEXT_CASES]
)
def test_parse_text_datetime(text: str, expected: str | None) -> None:
    result = parse_text_datetime(text)
    if expected is None:
        assert result is None
    else:
        assert result is not None
        assert to_iso(result) == expected


TO_ISO_CASES = [
    (datetime(2006, 12, 24, 15, 32, tzinfo=PARIS), "2006-12-24T15:32:00+01:00", "paris"),
    (datetime(2006, 12, 24, 14, 32, tzinfo=UTC), "2006-12-24T15:32:00+01:00", "utc"),
    (datetime(2007, 7, 14, 8, 0, 5, 999, tzinfo=UTC), "2007-07-14T10:00:05+02:00", "micros"),
    (datetime(2006, 12, 24, 15, 32), "2006-12-24T15:32:00+01:00", "naive-is-paris"),
]


@pytest.mark.parametrize(
    ("dt", "expected"), [c[:2] for c in TO_ISO_CASES], ids=[c[2] for c in TO_ISO_CASES]
)
def test_to_iso(dt: datetime, expected: str) -> None:
    assert to_iso(dt) == expected


def test_dateparser_called_once_per_distinct_string() -> None:
    text = "novembre 3, 2009"  # month first: not a fast-path shape, used nowhere else
    before = dateparser_calls()
    assert parse_day(text) == date(2009, 11, 3)
    assert parse_day(text) == date(2009, 11, 3)
    assert dateparser_calls() == before + 1


def test_fast_path_does_not_call_dateparser() -> None:
    before = dateparser_calls()
    assert parse_day("dimanche 24 décembre 2006") == date(2006, 12, 24)
    assert parse_day("lundi 25 décembre 2006") == date(2006, 12, 25)
    assert parse_day("mercredi 31/12/2008") == date(2008, 12, 31)
    assert dateparser_calls() == before


def test_impossible_fast_path_day_is_not_handed_to_dateparser() -> None:
    before = dateparser_calls()
    assert parse_day("30 février 2009") is None
    assert dateparser_calls() == before


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "archiver.dotclear.dates" and r.levelno == logging.WARNING
    ]


def test_junk_logs_one_warning_per_distinct_string(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="archiver.dotclear.dates")
    assert parse_day("zorglub 42 blurp") is None
    assert parse_day("zorglub 42 blurp") is None
    assert _warnings(caplog) == ["Unparseable date 'zorglub 42 blurp'"]


def test_empty_string_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="archiver.dotclear.dates")
    assert parse_day("") is None
    assert parse_time("") is None
    assert parse_machine("") is None
    assert parse_text_datetime("") is None
    assert _warnings(caplog) == []


def test_wrong_weekday_keeps_date_and_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="archiver.dotclear.dates")
    assert parse_day("jeudi 27 décembre 2007") == date(2007, 12, 27)  # really a Thursday
    assert _warnings(caplog) == []
    assert parse_day("lundi 26 décembre 2007") == date(2007, 12, 26)  # a Wednesday
    assert parse_day("lundi 26 décembre 2007") == date(2007, 12, 26)
    messages = _warnings(caplog)
    assert len(messages) == 1
    assert "lundi" in messages[0]
    assert "2007-12-26" in messages[0]
