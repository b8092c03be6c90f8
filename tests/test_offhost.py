"""Redirects off the blog's host (scheme, host and port) are recorded and not followed."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from archiver.crawl.events import report_event
from archiver.crawl.offhost import OffHostRedirectError, OffHostRedirectMiddleware, origin

URL = "http://127.0.0.1:8000/post/x"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://Blog.Example.org/a", ("http", "blog.example.org", 80)),
        ("http://blog.example.org:80/a", ("http", "blog.example.org", 80)),
        ("https://blog.example.org/a", ("https", "blog.example.org", 443)),
        ("http://127.0.0.1:8000/", ("http", "127.0.0.1", 8000)),
    ],
)
def test_origin(url: str, expected: tuple[str, str, int]) -> None:
    assert origin(url) == expected


def _redirect(location: str, status: int = 302) -> HtmlResponse:
    return HtmlResponse(URL, status=status, headers={"Location": location}, body=b"")


@pytest.mark.parametrize(
    "location",
    ["/post/y", "http://127.0.0.1:8000/post/y", "y", "http://127.0.0.1:8000/tag/a b"],
)
def test_same_host_redirects_pass(location: str) -> None:
    mw = OffHostRedirectMiddleware.from_crawler(get_crawler())
    response = _redirect(location)
    assert mw.process_response(Request(URL), response) is response


@pytest.mark.parametrize(
    ("location", "target"),
    [
        ("http://127.0.0.1:9000/post/x", "http://127.0.0.1:9000/post/x"),
        ("https://127.0.0.1:8000/post/x", "https://127.0.0.1:8000/post/x"),
        ("//parking.example.com/?q=blog", "http://parking.example.com/?q=blog"),
    ],
)
def test_offhost_redirects_are_stopped_and_reported(location: str, target: str) -> None:
    crawler = get_crawler()
    events: list[tuple[str, str, str]] = []
    crawler.signals.connect(
        lambda kind, url, reason: events.append((kind, url, reason)),
        signal=report_event,
        weak=False,
    )
    mw = OffHostRedirectMiddleware.from_crawler(crawler)
    reason = f"HTTP 301 redirect to another host, not followed: {target}"
    with pytest.raises(OffHostRedirectError, match="^" + reason.replace("?", r"\?") + "$"):
        mw.process_response(Request(URL), _redirect(location, 301))
    assert events == [("offhost_redirect", URL, reason)]
    assert crawler.stats is not None
    assert crawler.stats.get_value("archiver/redirect/offhost") == 1


def test_non_redirects_and_dont_redirect_pass() -> None:
    mw = OffHostRedirectMiddleware.from_crawler(get_crawler())
    ok = HtmlResponse(URL, status=200, headers={"Location": "http://other.example.org/"}, body=b"")
    assert mw.process_response(Request(URL), ok) is ok
    response = _redirect("http://other.example.org/")
    request = Request(URL, meta={"dont_redirect": True})
    assert mw.process_response(request, response) is response
