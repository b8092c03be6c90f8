"""Charset repair: the declared charset when it fits, else UTF-8, Windows-1252, detection."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from archiver.crawl.charset import CharsetMiddleware, choose_encoding
from archiver.crawl.events import report_event

FRENCH = "Économie sociale et solidaire : l'été à Nantes, où l'on crée."


@pytest.mark.parametrize(
    ("body", "declared", "expected"),
    [
        (b"plain ascii", "utf-8", ("utf-8", None)),
        (FRENCH.encode("utf-8"), "utf-8", ("utf-8", None)),
        (FRENCH.encode("latin-1"), "iso-8859-1", ("cp1252", None)),
        (FRENCH.encode("cp1252"), "cp1252", ("cp1252", None)),
        (
            FRENCH.encode("latin-1"),
            "utf-8",
            ("cp1252", "declared utf-8, bytes are not: decoded as cp1252"),
        ),
        (
            FRENCH.encode("utf-8"),
            "iso-8859-1",
            ("utf-8", "declared cp1252, bytes are valid UTF-8: decoded as utf-8"),
        ),
        ("Cœur d’ouvrage : 5 €".encode("cp1252"), "cp1252", ("cp1252", None)),
        (
            "Cœur d’ouvrage : 5 €".encode("cp1252"),
            "utf8",
            ("cp1252", "declared utf-8, bytes are not: decoded as cp1252"),
        ),
    ],
    ids=[
        "ascii",
        "utf8-ok",
        "latin1-as-cp1252",
        "cp1252-ok",
        "latin1-declared-utf8",
        "utf8-declared-latin1",
        "windows-1252-chars",
        "windows-1252-declared-utf8",
    ],
)
def test_choose_encoding(body: bytes, declared: str, expected: tuple[str, str | None]) -> None:
    if declared == "iso-8859-1":
        declared = "cp1252"  # what Scrapy (w3lib) makes of ISO-8859-1, as browsers do
    assert choose_encoding(body, declared) == expected


def test_detection_comes_after_the_fallbacks() -> None:
    body = "Привет, это блог о социальной экономике и цифровой инклюзии.".encode("koi8-r")
    encoding, note = choose_encoding(body, "utf-8", fallbacks=["utf-8"])
    assert body.decode(encoding) == "Привет, это блог о социальной экономике и цифровой инклюзии."
    assert note == f"declared utf-8, bytes are not: decoded as {encoding}"


def test_nothing_fits() -> None:
    body = bytes(range(128, 256)) * 3  # no UTF-8, and charset-normalizer has no guess
    assert choose_encoding(body, "utf-8", fallbacks=["utf-8"]) == (
        "utf-8",
        "declared utf-8, no charset fits: undecodable bytes replaced",
    )


def _crawler_events() -> tuple[CharsetMiddleware, list[dict[str, str]]]:
    crawler = get_crawler()
    events: list[dict[str, str]] = []

    def collect(kind: str, url: str, reason: str) -> None:
        events.append({"kind": kind, "url": url, "reason": reason})

    crawler.signals.connect(collect, signal=report_event, weak=False)
    return CharsetMiddleware.from_crawler(crawler), events


def test_middleware_redecodes_and_reports() -> None:
    mw, events = _crawler_events()
    url = "http://127.0.0.1:1/post/x"
    html = f"<html><head><title>{FRENCH}</title></head><body><p>{FRENCH}</p></body></html>"
    response = HtmlResponse(
        url,
        headers={"Content-Type": "text/html; charset=UTF-8"},
        body=html.encode("latin-1"),
        request=Request(url),
    )
    fixed = mw.process_response(Request(url), response)
    assert isinstance(fixed, HtmlResponse)
    assert fixed.text == html
    assert fixed.body == response.body  # the bytes as served stay
    assert events == [
        {
            "kind": "charset",
            "url": url,
            "reason": "declared utf-8, bytes are not: decoded as cp1252",
        }
    ]
    assert mw.crawler.stats is not None
    assert mw.crawler.stats.get_value("archiver/charset/corrected") == 1


def test_middleware_leaves_good_and_non_html_responses_alone() -> None:
    mw, events = _crawler_events()
    url = "http://127.0.0.1:1/feed/atom"
    good = HtmlResponse(url, body=FRENCH.encode("utf-8"), encoding="utf-8")
    xml = TextResponse(url, body=FRENCH.encode("latin-1"), encoding="utf-8")
    assert mw.process_response(Request(url), good) is good
    assert mw.process_response(Request(url), xml) is xml
    assert events == []
