"""A live progress line for crawls run on a terminal.

    pages 84/≈131 · posts 38/60 · errors 0 · 12.3 pages/s · ETA 0:00:04

The expected total comes from the listings' own "page N de M" (stat
`archiver/progress/listing_pages`, added by the spider when it first sees a listing or a
category), from the posts the listings named, and from the page requisites and linked pages
requested but not yet answered (archiver/crawl/reach.py counts them as it schedules them); it
grows as the crawl discovers listings, so the ETA is an estimate that firms up once the tags
page and the archives are read. Every page is counted: dataset pages, requisites and linked pages.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import IO, Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

_LISTINGS = ("listing", "category")  # both announce their page count (spider._announce)
_OTHERS = ("requisites", "links")  # what reach.py requests besides the walk and the posts
_ENDS = ("fetched", "failed")


@dataclass(frozen=True)
class Snapshot:
    pages: int
    posts: int
    errors: int
    listing_pages: int  # announced by the listings' pagination
    posts_known: int  # named by listings and feeds
    listings_fetched: int  # listing and category pages
    others_asked: int  # requisites and linked pages requested
    others_done: int  # ... answered, or failed
    elapsed: float

    @classmethod
    def of(cls, stats: dict[str, Any], elapsed: float) -> Snapshot:
        return cls(
            pages=stats.get("downloader/response_count", 0),
            posts=stats.get("archiver/posts", 0),
            errors=stats.get("archiver/pages/failed", 0),
            listing_pages=stats.get("archiver/progress/listing_pages", 0),
            posts_known=stats.get("archiver/progress/posts_known", 0),
            listings_fetched=sum(stats.get(f"archiver/pages/{k}", 0) for k in _LISTINGS),
            others_asked=sum(stats.get(f"archiver/{k}/requested", 0) for k in _OTHERS),
            others_done=sum(stats.get(f"archiver/{k}/{end}", 0) for k in _OTHERS for end in _ENDS),
            elapsed=elapsed,
        )

    def expected(self) -> int:
        """Pages still to come, at least: listing pages announced, the posts named, and the
        requisites and linked pages asked for."""
        listings_left = max(self.listing_pages - self.listings_fetched, 0)
        others_left = max(self.others_asked - self.others_done, 0)
        return self.pages + listings_left + max(self.posts_known - self.posts, 0) + others_left

    def line(self) -> str:
        rate = self.pages / self.elapsed if self.elapsed > 0 else 0.0
        expected = self.expected()
        left = expected - self.pages
        eta = str(timedelta(seconds=round(left / rate))) if rate > 0 else "?"
        return (
            f"pages {self.pages}/≈{expected} · posts {self.posts}/{self.posts_known} · "
            f"errors {self.errors} · {rate:.1f} pages/s · ETA {eta}"
        )


class Progress:
    """Rewrites one line of stderr every ARCHIVER_PROGRESS_INTERVAL seconds."""

    def __init__(self, crawler: Crawler, stream: IO[str], interval: float) -> None:
        self.crawler = crawler
        self.stream = stream
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mode = str(crawler.settings.get("ARCHIVER_PROGRESS", "auto")).lower()
        if mode in ("0", "false", "off") or (mode == "auto" and not sys.stderr.isatty()):
            raise NotConfigured("progress line: not on a terminal")
        ext = cls(crawler, sys.stderr, crawler.settings.getfloat("ARCHIVER_PROGRESS_INTERVAL"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def snapshot(self) -> Snapshot:
        assert self.crawler.stats is not None
        return Snapshot.of(self.crawler.stats.get_stats(), time.monotonic() - self.started)

    def show(self, end: str = "") -> None:
        self.stream.write("\r" + self.snapshot().line() + "\x1b[K" + end)
        self.stream.flush()

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.show(end="\n")
