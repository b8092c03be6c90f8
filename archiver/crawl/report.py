"""The crawl report: `<output>/crawl-report.json`, written when the spider closes.

What a reader of the archive needs to trust it: when the crawl ran, what the server answered
(by status), every page lost with its reason, what robots.txt kept out, redirects off the
blog's host, charsets repaired, traps and pagination loops cut short, dates left unparsed and
the WARC files written. Components tell it through `archiver.crawl.events.emit`; the rest comes from
signals and stats.

Extending it: subclass `CrawlReport` and override `sections()` (call super and add keys), or
connect another component to `report_event` with a new kind, which lands under "events".
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, NotConfigured

from archiver.crawl.events import report_event
from archiver.crawl.reach import report_section
from archiver.crawl.start import COULD_NOT_START

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

REPORT_NAME = "crawl-report.json"
ROBOTS_REASON = "Forbidden by robots.txt"
# Outputs, in this process, whose crawl could not start (archiver/crawl/start.py): the report
# there is an earlier crawl's, which neither CrawlReport nor `add_section` touches.
_NOT_STARTED: set[Path] = set()
# Event kinds with a section of their own; any other kind is listed under "events".
SECTIONS = {
    "offhost_redirect": "offhost_redirects",
    "charset": "charset_corrections",
    "pagination_loop": "pagination_loops",
    "dead_end": "dead_ends",
    "requisite_failed": "requisites_failed",  # page requisites (archiver/crawl/reach.py)
    "link_failed": "linked_pages_failed",  # same-host pages reached by a link
}


def failure_reason(failure: Failure) -> str:
    """Why a request failed, in words: status and tries, or the error, or what gave up."""
    request = getattr(failure, "request", None)
    meta = request.meta if request is not None else {}
    response = getattr(failure.value, "response", None)
    if response is not None:
        reason = f"HTTP {response.status}"
    elif isinstance(failure.value, IgnoreRequest):
        reason = str(failure.value) or "ignored"
    elif isinstance(failure.value, DownloadCancelledError) and not str(failure.value):
        # Scrapy stops a body growing past DOWNLOAD_MAXSIZE with a bare cancellation.
        reason = "DownloadCancelledError: body larger than DOWNLOAD_MAXSIZE, download stopped"
    else:
        message = failure.getErrorMessage()
        name = type(failure.value).__name__
        reason = f"{name}: {message}" if message else name
    if meta.get("archiver_giveup"):
        reason += f" ({meta['archiver_giveup']})"
    elif meta.get("retry_times"):
        reason += f" after {meta['retry_times'] + 1} tries"
    return reason


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class CrawlReport:
    def __init__(self, crawler: Crawler, output: Path) -> None:
        self.crawler = crawler
        self.output = output
        self.started: datetime | None = None
        self.statuses: Counter[int] = Counter()
        self.events: dict[str, list[dict[str, str]]] = defaultdict(list)
        self.robots: dict[str, int] = {}  # robots.txt URL -> last status (5xx: all allowed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ARCHIVER_REPORT_ENABLED", True):
            raise NotConfigured("ARCHIVER_REPORT_ENABLED is off")
        report = cls(crawler, Path(crawler.settings.get("ARCHIVER_OUTPUT") or "output"))
        crawler.signals.connect(report.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(report.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(report.event, signal=report_event)
        crawler.signals.connect(report.spider_closed, signal=signals.spider_closed)
        return report

    def spider_opened(self, spider: Spider) -> None:
        self.started = datetime.now(UTC)
        _NOT_STARTED.discard(self.output.resolve())

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        self.statuses[response.status] += 1  # every answer, retried ones included
        if request.url.endswith("/robots.txt"):
            self.robots[request.url] = response.status

    def event(self, kind: str, url: str, reason: str) -> None:
        self.events[kind].append({"url": url, "reason": reason})

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if reason == COULD_NOT_START:  # nothing archived, nothing to report but the log's line
            _NOT_STARTED.add(self.output.resolve())
            return
        report = self.sections(spider, reason)
        self.output.mkdir(parents=True, exist_ok=True)
        path = self.output / REPORT_NAME
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        logger.info(
            "Crawl report %s: %d failed, %d skipped by robots.txt",
            path,
            len(report["failed"]),
            len(report["skipped_by_robots"]),
        )

    def sections(self, spider: Spider, reason: str) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        failed = self.events.get("failed", [])
        report: dict[str, Any] = {
            "started": _iso(self.started) if self.started else None,
            "finished": _iso(datetime.now(UTC)),
            "finish_reason": reason,
            "start_urls": list(getattr(spider, "start_urls_for_warcinfo", [])),
            "requests": stats.get("downloader/request_count", 0),
            "responses_by_status": {str(k): v for k, v in sorted(self.statuses.items())},
            "exceptions": _prefixed(stats, "downloader/exception_type_count/"),
            "retries": stats.get("retry/count", 0),
            "posts": stats.get("archiver/posts", 0),
            "failed": _sorted([e for e in failed if e["reason"] != ROBOTS_REASON]),
            "robots_txt": dict(sorted(self.robots.items())),
            "skipped_by_robots": sorted({e["url"] for e in failed if e["reason"] == ROBOTS_REASON}),
            "posts_incomplete": {
                "empty_body": stats.get("archiver/posts/empty_body", 0),
                "no_title": stats.get("archiver/posts/no_title", 0),
            },
            "dates": {
                "unparsed": stats.get("archiver/date/unparsed", 0),
                "day_only": stats.get("archiver/date/day_only", 0),
            },
            "warc_files": self._warc_files(),
        }
        report.update(report_section(stats))  # requisites and linked pages, apart from pages
        if getattr(spider, "known", None) is not None:  # --update: archiver/ops/update.py
            report["update"] = _prefixed(stats, "archiver/update/")
        for kind, name in SECTIONS.items():
            report[name] = _sorted(self.events.get(kind, []))
        others = {k: v for k, v in self.events.items() if k != "failed" and k not in SECTIONS}
        report["events"] = {kind: _sorted(items) for kind, items in sorted(others.items())}
        return report

    def _warc_files(self) -> list[str]:
        """The WARC files this crawl wrote to (written since it started), relative paths."""
        since = self.started.timestamp() - 1 if self.started else 0
        return sorted(
            str(path.relative_to(self.output))
            for path in (self.output / "warc").glob("*.warc*")
            if path.stat().st_mtime >= since
        )


def add_section(output: Path, name: str, values: dict[str, Any]) -> None:
    """Complete a written crawl-report.json with what is known only later (update merge)."""
    path = output / REPORT_NAME
    if not path.exists() or output.resolve() in _NOT_STARTED:
        return
    report = json.loads(path.read_text(encoding="utf-8"))
    report[name] = {**report.get(name, {}), **values}
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _prefixed(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}


def _sorted(items: list[dict[str, str]]) -> list[dict[str, str]]:
    unique = {(item["url"], item["reason"]): item for item in items}
    return [unique[key] for key in sorted(unique)]
