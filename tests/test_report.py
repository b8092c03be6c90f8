"""The crawl report: failure reasons in words, and crawl-report.json's sections."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from archiver.crawl.events import emit
from archiver.crawl.report import REPORT_NAME, CrawlReport, failure_reason

URL = "http://127.0.0.1:1/post/x"


def _failure(error: Exception, **meta: Any) -> Failure:
    try:
        raise error
    except Exception:
        failure = Failure()
    failure.request = Request(URL, meta=meta)  # type: ignore[attr-defined]
    return failure


def _http_error(status: int) -> HttpError:
    return HttpError(HtmlResponse(URL, status=status, body=b""), "Ignoring non-200 response")


@pytest.mark.parametrize(
    ("error", "meta", "reason"),
    [
        (_http_error(404), {}, "HTTP 404"),
        (_http_error(502), {"retry_times": 2}, "HTTP 502 after 3 tries"),
        (
            _http_error(503),
            {"retry_times": 0, "archiver_giveup": "Retry-After 3600 s > X (300 s)"},
            "HTTP 503 (Retry-After 3600 s > X (300 s))",
        ),
        (IgnoreRequest("Forbidden by robots.txt"), {}, "Forbidden by robots.txt"),
        (IgnoreRequest(), {}, "ignored"),
        (
            DownloadCancelledError(),
            {},
            "DownloadCancelledError: body larger than DOWNLOAD_MAXSIZE, download stopped",
        ),
        (
            DownloadTimeoutError("Getting x took longer than 2.0 seconds."),
            {"retry_times": 2},
            "DownloadTimeoutError: Getting x took longer than 2.0 seconds. after 3 tries",
        ),
        (ValueError(), {}, "ValueError"),
    ],
    ids=[
        "404",
        "502-retried",
        "retry-after-too-long",
        "robots",
        "ignored",
        "maxsize",
        "timeout-retried",
        "bare",
    ],
)
def test_failure_reason(error: Exception, meta: dict[str, Any], reason: str) -> None:
    assert failure_reason(_failure(error, **meta)) == reason


def test_report_sections(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"ARCHIVER_OUTPUT": str(tmp_path)})
    report = CrawlReport.from_crawler(crawler)
    spider = SimpleNamespace(start_urls_for_warcinfo=["http://127.0.0.1:1/"])
    report.spider_opened(spider)  # type: ignore[arg-type]
    for status, url in [(200, "http://127.0.0.1:1/robots.txt"), (503, URL), (200, URL)]:
        response = HtmlResponse(url, status=status, body=b"")
        report.response_downloaded(response, Request(url), spider)  # type: ignore[arg-type]
    emit(crawler, "failed", "http://127.0.0.1:1/tag/TIC", "Forbidden by robots.txt")
    emit(crawler, "failed", URL + "2", "HTTP 502 after 3 tries")
    emit(crawler, "charset", URL, "declared utf-8, bytes are not: decoded as cp1252")
    emit(crawler, "charset", URL, "declared utf-8, bytes are not: decoded as cp1252")  # once
    emit(crawler, "something_new", URL, "why")
    assert crawler.stats is not None
    crawler.stats.set_value("archiver/date/unparsed", 2)
    emit(crawler, "requisite_failed", URL + "style.css", "HTTP 404")
    for name, value in [("fetched", 3), ("failed", 1), ("bytes", 700), ("kind/image", 2)]:
        crawler.stats.set_value(f"archiver/requisites/{name}", value)
    crawler.stats.set_value("archiver/requisites/kind/stylesheet", 1)
    crawler.stats.set_value("archiver/requisites/offhost/cdn.example.net", 4)
    crawler.stats.set_value("archiver/links/excluded/search", 5)
    (tmp_path / "warc").mkdir()
    (tmp_path / "warc" / "a-00000.warc.gz").write_bytes(b"")
    report.spider_closed(spider, "finished")  # type: ignore[arg-type]
    written = json.loads((tmp_path / REPORT_NAME).read_text(encoding="utf-8"))
    assert written["started"] <= written["finished"]
    del written["started"], written["finished"]
    assert written == {
        "finish_reason": "finished",
        "start_urls": ["http://127.0.0.1:1/"],
        "requests": 0,
        "responses_by_status": {"200": 2, "503": 1},
        "exceptions": {},
        "retries": 0,
        "posts": 0,
        "failed": [{"url": URL + "2", "reason": "HTTP 502 after 3 tries"}],
        "robots_txt": {"http://127.0.0.1:1/robots.txt": 200},
        "skipped_by_robots": ["http://127.0.0.1:1/tag/TIC"],
        "posts_incomplete": {"empty_body": 0, "no_title": 0},
        "dates": {"unparsed": 2, "day_only": 0},
        "warc_files": ["warc/a-00000.warc.gz"],
        "offhost_redirects": [],
        "charset_corrections": [
            {"url": URL, "reason": "declared utf-8, bytes are not: decoded as cp1252"}
        ],
        "pagination_loops": [],
        "dead_ends": [],
        "requisites_failed": [{"url": URL + "style.css", "reason": "HTTP 404"}],
        "linked_pages_failed": [],
        "events": {"something_new": [{"url": URL, "reason": "why"}]},
        "requisites": {
            "requested": 0,
            "fetched": 3,
            "failed": 1,
            "bytes": 700,
            "by_kind": {"image": 2, "stylesheet": 1},
            "bytes_by_kind": {},
            "held_from_earlier_crawls": 0,
            "offhost_skipped": {"cdn.example.net": 4},
        },
        "linked_pages": {
            "requested": 0,
            "fetched": 0,
            "failed": 0,
            "categories": 0,
            "held_from_earlier_crawls": 0,
            "excluded": {"search": 5, "calendar": 0, "beyond_walk": 0, "out_of_scope": 0},
        },
    }


def test_report_can_be_switched_off() -> None:
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        CrawlReport.from_crawler(get_crawler(settings_dict={"ARCHIVER_REPORT_ENABLED": False}))
