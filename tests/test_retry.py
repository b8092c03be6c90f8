"""Back-off retries: Retry-After read in both forms, doubling waits, bounded give-up."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from archiver.crawl.retry import BackoffRetryMiddleware, backoff, retry_after

NOW = datetime(2026, 10, 21, 7, 27, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1", 1.0),
        (b"120", 120.0),
        (" 30 ", 30.0),
        ("Wed, 21 Oct 2026 07:28:00 GMT", 60.0),
        ("Wed, 21 Oct 2026 07:00:00 GMT", 0.0),  # already past: no wait
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
    ids=[
        "seconds",
        "bytes",
        "spaces",
        "http-date",
        "past-date",
        "word",
        "negative",
        "empty",
        "none",
    ],
)
def test_retry_after(value: str | bytes | None, seconds: float | None) -> None:
    assert retry_after(value, NOW) == seconds


@pytest.mark.parametrize(
    ("tries", "seconds"), [(0, 0.5), (1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 5.0), (30, 5.0)]
)
def test_backoff_doubles_up_to_its_cap(tries: int, seconds: float) -> None:
    assert backoff(0.5, 5.0, tries) == seconds


def _middleware(**settings: object) -> BackoffRetryMiddleware:
    crawler = get_crawler(settings_dict=settings)
    return BackoffRetryMiddleware.from_crawler(crawler)


def test_settings_are_read() -> None:
    mw = _middleware(
        ARCHIVER_RETRY_BACKOFF=0.25, ARCHIVER_RETRY_BACKOFF_MAX=8, ARCHIVER_RETRY_AFTER_MAX=90
    )
    assert (mw.base, mw.cap, mw.after_max) == (0.25, 8.0, 90.0)


def test_a_retry_after_over_the_maximum_gives_the_url_up() -> None:
    mw = _middleware(ARCHIVER_RETRY_AFTER_MAX=10)
    request = Request("http://127.0.0.1:1/post/x")
    response = HtmlResponse(
        request.url, status=503, headers={"Retry-After": "3600"}, body=b"", request=request
    )
    assert asyncio.run(mw.process_response(request, response)) is response
    assert request.meta["archiver_giveup"] == "Retry-After 3600 s > ARCHIVER_RETRY_AFTER_MAX (10 s)"
    assert mw.crawler.stats is not None
    assert mw.crawler.stats.get_value("archiver/retry/after_too_long") == 1


@pytest.mark.parametrize("status", [200, 404, 301])
def test_other_statuses_pass_through(status: int) -> None:
    mw = _middleware()
    request = Request("http://127.0.0.1:1/post/x")
    response = HtmlResponse(request.url, status=status, body=b"", request=request)
    assert asyncio.run(mw.process_response(request, response)) is response
    assert "retry_times" not in request.meta
