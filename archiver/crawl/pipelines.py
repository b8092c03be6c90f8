"""Item pipelines: one post record each, dates resolved, then the JSON shape written.

Dates are resolved from the best source available, in order: a machine-readable date in the
page, the post's entry in the blog's feeds, the French text (day and time), the day alone.
A date that cannot be parsed keeps its raw text; the record is never dropped for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from archiver.dataset.pseudonymise import pseudonymise
from archiver.dataset.records import Comment, DateEvidence, Post
from archiver.dotclear import dates
from archiver.dotclear.sanitize import safe_html

logger = logging.getLogger(__name__)


class DedupPipeline:
    """One record per post, however many URLs or listings led to it.

    Keyed by host and id: the id is read from the path alone (stable when a blog moves), so two
    blogs of one crawl may each have a post at the same path.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        # host -> ids: a (host, id) tuple and a host string a post cost 120 bytes more
        self.seen: dict[str, set[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Post) -> Post:
        ids = self.seen.setdefault((urlsplit(item.url).hostname or "").lower(), set())
        if item.id in ids:
            self.stats.inc_value("archiver/posts/duplicate")
            raise DropItem(f"duplicate post {item.id} at {item.url}")
        ids.add(item.id)
        return item

    def close_spider(self) -> None:
        self.seen.clear()  # before the crawl's close, its peak of memory (spider_closed)


Resolved = tuple[datetime, str, str, str]  # when, raw text, source, precision


def _machine(ev: DateEvidence) -> Resolved | None:
    when = dates.parse_machine(ev.machine) if ev.machine else None
    return (
        (when, ev.machine, ev.machine_source or "machine", "minute")
        if when and ev.machine
        else None
    )


def _feed(ev: DateEvidence) -> Resolved | None:
    when = dates.parse_machine(ev.feed) if ev.feed else None
    return (when, ev.feed, "feed", "minute") if when and ev.feed else None


def _text(ev: DateEvidence) -> Resolved | None:
    when = dates.parse_text_datetime(ev.text) if ev.text else None
    return (when, ev.text, ev.text_source or "text", "minute") if when and ev.text else None


def _day(ev: DateEvidence) -> Resolved | None:
    day = dates.parse_day(ev.day) if ev.day else None
    if day is None or ev.day is None:
        return None
    midnight = datetime(day.year, day.month, day.day, tzinfo=dates.PARIS)
    return midnight, ev.day, ev.day_source or "day", "day"


CASCADE: tuple[Callable[[DateEvidence], Resolved | None], ...] = (_machine, _feed, _text, _day)


def resolve(ev: DateEvidence) -> Resolved | None:
    """The first source in the cascade that parses."""
    for step in CASCADE:
        found = step(ev)
        if found:
            return found
    return None


def raw_evidence(ev: DateEvidence) -> str | None:
    return ev.text or ev.day or ev.machine or ev.feed


class DatesPipeline:
    """French and machine dates -> ISO 8601 with the Europe/Paris offset of that date."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatesPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Post) -> Post:
        found = resolve(item.dates)
        if found is None:
            item.published_raw = raw_evidence(item.dates)
            self.stats.inc_value("archiver/date/unparsed")
            logger.warning("No parseable date for %s (raw: %r)", item.url, item.published_raw)
        else:
            when, item.published_raw, item.published_source, item.published_precision = found
            item.published = dates.to_iso(when)
            self.stats.inc_value(f"archiver/date/source/{item.published_source}")
            if item.published_precision == "day":
                self.stats.inc_value("archiver/date/day_only")
                logger.warning("Only the day is known for %s (%s)", item.url, item.published_raw)
        for comment in item.comments:
            self._comment(item, comment)
        return item

    def _comment(self, item: Post, comment: Comment) -> None:
        comment.published_raw = comment.dates.text
        comment.published_source = comment.dates.text_source if comment.dates.text else None
        when = dates.parse_text_datetime(comment.dates.text) if comment.dates.text else None
        if when is None:
            self.stats.inc_value("archiver/date/comment_unparsed")
            logger.warning("Unparsed comment date on %s: %r", item.url, comment.published_raw)
            return
        comment.published = dates.to_iso(when)


class SanitizePipeline:
    """`body_html` safe to display (dotclear/sanitize.py); the page as served is in the WARC."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SanitizePipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Post) -> Post:
        clean = safe_html(item.url, item.body_html)
        if clean != item.body_html:
            self.stats.inc_value("archiver/html/rewritten")
        item.body_html = clean
        return item


class PseudonymisePipeline:
    """Commenters' names and websites as salted hashes, when ARCHIVER_PSEUDONYMISE_SALT is set."""

    def __init__(self, stats: StatsCollector, salt: str) -> None:
        self.stats = stats
        self.salt = salt

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PseudonymisePipeline:
        salt = crawler.settings.get("ARCHIVER_PSEUDONYMISE_SALT") or ""
        if not salt:
            raise NotConfigured("ARCHIVER_PSEUDONYMISE_SALT is not set")
        assert crawler.stats is not None
        return cls(crawler.stats, salt)

    def process_item(self, item: Post) -> Post:
        pseudonymise(item.comments, self.salt)
        self.stats.inc_value("archiver/comments/pseudonymised", len(item.comments))
        return item


class RecordPipeline:
    """The record as posts.jsonl holds it (see the README's field table)."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Post) -> dict[str, Any]:
        self.stats.inc_value("archiver/posts")
        # Kept, never dropped: an empty or untitled post is what the server sent (#6).
        if not item.body_text.strip():
            self.stats.inc_value("archiver/posts/empty_body")
            logger.warning("Post with an empty body: %s", item.url)
        if not item.title:
            self.stats.inc_value("archiver/posts/no_title")
            logger.warning("Post without a title: %s", item.url)
        return item.to_json()
