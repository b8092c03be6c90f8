"""Coverage audit: the crawl checked against the blog's own counts (`coverage` in the report).

A Dotclear blog states its numbers: the archive page counts the posts of each month, every
listing says "page N de M", the feeds name their entries. The spider tells this extension
what it parsed (signals `listing_parsed` and `feed_parsed`); the crawl report's events tell
which pages failed and where walks stopped; the posts listed and never recorded are the ones
the spider still holds at the end (`Discovered.listings`). Once posts.jsonl is final
(merged, for an update crawl), the posts it holds are counted against the best evidence:

1. the archive page's monthly counts (`expected_source` "archive"): a month holding fewer
   posts than the blog counts is a shortfall, with why (its page failed, posts failed...);
2. else the blog's (or the start tag's) listing: "page N de M" times the posts a page holds,
   exact once the last page was read, else the least it can be ("listing");
3. else the distinct posts of the blog's feeds, a lower bound ("feeds").

Listing pages announced by "page N de M" and never fetched are listed with the reason, whether
or not a post is missing for it. The verdict (complete or not) is in the stats, for the exit
status: `archiver/coverage/short` counts the shortfalls, `archiver/coverage/line` says it all
in words ("59 of the 60 posts the blog counts; 2007-07: 0 of 1").
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured

from archiver.crawl.events import report_event
from archiver.crawl.report import REPORT_NAME, add_section
from archiver.crawl.traps import page_number
from archiver.dataset.provenance import canonical
from archiver.dataset.records import FeedEntry, Listing
from archiver.dotclear import markup as dc
from archiver.dotclear.parsers import parse_archive_counts

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

# send_catch_log(listing_parsed, response=, listing=) and (feed_parsed, url=, entries=)
listing_parsed = object()
feed_parsed = object()
STOP_KINDS = ("dead_end", "pagination_loop")
UNREACHED_LISTED = 100  # unreached pages listed per listing; beyond, the last one says how many


@dataclass
class Walk:
    """One listing (home, a tag, a month...) as the crawl saw it."""

    prefix: str  # its first page's URL: page N is prefix + "/page/N"
    page_count: int | None = None  # its "page N de M"
    fetched: dict[int, int] = field(default_factory=dict)  # page number -> posts listed
    links: dict[int, str] = field(default_factory=dict)  # page number -> URL as linked

    def page_url(self, number: int) -> str:
        if number in self.links:
            return self.links[number]
        if number == 1:
            return self.prefix
        if self.prefix.endswith(("/", "?")):
            return f"{self.prefix}page/{number}"
        return f"{self.prefix}/page/{number}"

    def per_page(self) -> int | None:
        """Posts a full page holds: the most any page but the last listed."""
        full = [n for page, n in self.fetched.items() if page != self.page_count]
        return max(full) if full else None


@dataclass
class Seen:
    """Everything the crawl told the audit, keyed by canonical URL."""

    # (blog base, "YYYY-MM") -> (the month's archive URL, posts the archive page counts)
    months: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    walks: dict[tuple[str, str], Walk] = field(default_factory=dict)  # (blog, root) ->
    failed: dict[str, str] = field(default_factory=dict)  # URL -> reason
    stops: dict[str, str] = field(default_factory=dict)  # URL -> why its walk stopped
    feed_posts: set[str] = field(default_factory=set)
    # Posts listed and never recorded -> their listing pages: the spider's own bookkeeping
    # (`Discovered.listings`, which drops a post once recorded), read at the end.
    pending: Mapping[str, list[str]] = field(default_factory=dict)

    def listing(self, url: str, listing: Listing) -> None:
        blog = dc.Blog.from_url(url)
        kind = blog.kind(url)
        if kind is dc.Kind.ARCHIVE:
            return
        root = blog.listing_root(url)
        route = blog.route(url) or ""
        number = listing.current_page or page_number(route)
        walk = self.walks.get((blog.base, root))
        if walk is None:
            prefix = blog.base if kind is dc.Kind.HOME else dc.PAGE_SUFFIX.sub("", url)
            walk = self.walks[(blog.base, root)] = Walk(prefix)
        walk.page_count = max(walk.page_count or 0, listing.page_count or 0) or None
        walk.fetched[number] = len(listing.post_urls)
        walk.links.setdefault(number, url)
        for link in listing.page_urls:
            walk.links.setdefault(page_number(blog.route(link) or ""), link)


@dataclass
class Audit:
    expected_posts: int | None
    expected_source: str
    archived_posts: int
    short: list[dict[str, Any]]
    unreached_listing_pages: list[dict[str, Any]]

    def line(self) -> str:
        """The audit in words, for the crawl's last line."""
        if self.expected_posts is None:
            return f"{self.archived_posts} posts; the blog shows no count to check them against"
        head = f"{self.archived_posts} of the {self.expected_posts} posts the blog counts"
        if self.archived_posts > self.expected_posts:  # posts found beyond the listing counted
            head = f"{self.archived_posts} posts, the blog counts {self.expected_posts}"
        parts = [
            f"{item.get('month') or item.get('listing')}: {item['archived']} of {item['expected']}"
            for item in self.short
        ]
        return "; ".join([head, *parts])

    def to_json(self) -> dict[str, Any]:
        return {
            "expected_posts": self.expected_posts,
            "expected_source": self.expected_source,
            "archived_posts": self.archived_posts,
            "complete": not self.short,
            "short": self.short,
            "unreached_listing_pages": self.unreached_listing_pages,
        }


@dataclass
class Archived:
    """The dataset's posts as the audit needs them: counted by blog and month. Their URLs are
    read again from posts.jsonl only to tell why a month is short (no URL held meanwhile)."""

    path: Path  # posts.jsonl
    by_month: Counter[tuple[str, str | None]] = field(default_factory=Counter)
    total: int = 0

    def add(self, record: dict[str, Any]) -> None:
        self.by_month[(dc.Blog.from_url(record["url"]).base, post_month(record))] += 1
        self.total += 1

    def records(self) -> Iterator[dict[str, Any]]:
        """The records of posts.jsonl still on the blog (not `gone`)."""
        if not self.path.exists():
            return
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    record: dict[str, Any] = json.loads(line)
                    if not record.get("gone"):
                        yield record

    def urls(self) -> set[str]:
        return {canonical(record["url"]) for record in self.records()}


def read_posts(path: Path) -> Archived:
    """posts.jsonl counted (after an update's merge or a resume: more than this run's items)."""
    archived = Archived(path)
    for record in archived.records():
        archived.add(record)
    return archived


def post_month(record: dict[str, Any]) -> str | None:
    """The post's month, "YYYY-MM": the monthly archive listing it, else its date's."""
    blog = dc.Blog.from_url(record["url"])
    for url in record.get("listings") or []:
        route = dc.MONTH_ROUTE.match(dc.PAGE_SUFFIX.sub("", blog.route(url) or ""))
        if route:
            return f"{route[1]}-{route[2]}"
    published = record.get("published") or ""
    return published[:7] if len(published) >= 7 else None


def audit(seen: Seen, posts: Archived, *, update: bool) -> Audit:
    """The audit of `posts` (the final dataset) against what the blog said of itself."""
    walks = sorted(seen.walks.values(), key=lambda walk: walk.prefix)
    unreached = [page for walk in walks for page in _unreached(seen, walk, update)]
    archived = posts.total
    if seen.months:
        expected = sum(count for _, count in seen.months.values())
        short = _short_months(seen, posts, update)
        return Audit(expected, "archive", archived, short, unreached)
    walk = _main_walk(seen)
    if walk is not None:
        expected, exact = _listing_count(walk)
        short = []
        if archived < expected:
            why = "; ".join(f"{p['url']}: {p['reason']}" for p in unreached) or "posts missing"
            item = {"listing": walk.prefix, "expected": expected, "archived": archived, "why": why}
            short.append(item)
        source = "listing" if exact else "listing (at least)"
        return Audit(expected, source, archived, short, unreached)
    if seen.feed_posts:
        return Audit(len(seen.feed_posts), "feeds", archived, [], unreached)
    return Audit(None, "none", archived, [], unreached)


def _main_walk(seen: Seen) -> Walk | None:
    """The listing counting the whole crawl: the blog's home, else the one tag crawled."""
    homes = [walk for (_, root), walk in seen.walks.items() if root == ""]
    if homes:
        return homes[0]
    tags = [walk for (_, root), walk in seen.walks.items() if root.startswith("tag/")]
    return tags[0] if len(tags) == 1 else None


def _listing_count(walk: Walk) -> tuple[int, bool]:
    """Posts the listing holds, and whether exactly: (M - 1) full pages and the last one."""
    count = walk.page_count or 1
    per_page = walk.per_page() or 0
    if count in walk.fetched:
        return (count - 1) * per_page + walk.fetched[count], True
    return (count - 1) * per_page + 1, False


def _short_months(seen: Seen, posts: Archived, update: bool) -> list[dict[str, Any]]:
    archived_urls: set[str] = set()  # read once a month is found short
    short = []
    for (base, month), (url, expected) in sorted(seen.months.items()):
        got = posts.by_month[(base, month)]
        if got < expected:
            archived_urls = archived_urls or posts.urls()
            why = _month_why(seen, url, archived_urls, update)
            item = {"month": month, "expected": expected, "archived": got, "why": why}
            short.append(item)
    return short


def _month_why(seen: Seen, url: str, archived: set[str], update: bool) -> str:
    blog = dc.Blog.from_url(url)
    walk = seen.walks.get((blog.base, blog.listing_root(url)))
    failed = seen.failed.get(canonical(url))
    if failed is not None:
        return f"archive page {url} failed: {failed}"
    if walk is None:
        if update:
            return f"archive page {url} not asked for (captured before: an update skips it)"
        return f"archive page {url} not reached"
    here = (blog.base, blog.listing_root(url))
    missing = [
        post
        for post, pages in seen.pending.items()
        if post not in archived and any(_listing_of(page) == here for page in pages)
    ]
    reasons = [
        f"post {post} failed: {seen.failed[post]}" for post in missing if post in seen.failed
    ]
    reasons += [f"post {post} not archived" for post in missing if post not in seen.failed]
    if not missing:
        reasons.append(f"the archive page lists {sum(walk.fetched.values())} posts only")
    return "; ".join(reasons)


def _listing_of(page: str) -> tuple[str, str]:
    blog = dc.Blog.from_url(page)
    return blog.base, blog.listing_root(page)


def _unreached(seen: Seen, walk: Walk, update: bool) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = []
    cause = None  # why the pages after a failed or stopped one were not reached
    count = walk.page_count or 1
    for number in range(1, count + 1):
        if len(pages) == UNREACHED_LISTED:  # "page 1 de 100000": the rest counted, not listed
            rest = count - number + 1 - sum(1 for n in walk.fetched if n >= number)
            pages[-1]["and_more"] = rest
            break
        url = walk.page_url(number)
        if number in walk.fetched:
            stop = seen.stops.get(canonical(url))
            cause = f"not linked: the walk stopped at page {number} ({stop})" if stop else cause
            continue
        failed = seen.failed.get(canonical(url))
        if failed is not None:
            reason = failed
            cause = cause or f"not linked: page {number} failed"
        elif cause is not None:
            reason = cause
        elif update:
            reason = "not asked for: an update stops a walk at the first page of known posts"
        else:
            reason = "not linked from the pages fetched"
        pages.append({"url": url, "page": number, "of": walk.page_count, "reason": reason})
    return pages


class Coverage:
    """Extension: gathers what the blog says of itself; writes `coverage` once posts are final.

    Listed after UpdateMerge in EXTENSIONS (an update's posts.jsonl is merged first).
    """

    def __init__(self, crawler: Crawler, output: Path) -> None:
        self.crawler = crawler
        self.output = output
        self.seen = Seen()
        self.scraped = Archived(output / "posts.jsonl")  # this run's posts, as exported
        self.result: Audit | None = None
        self.closed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ARCHIVER_COVERAGE", True):
            raise NotConfigured("ARCHIVER_COVERAGE is off")
        ext = cls(crawler, Path(crawler.settings.get("ARCHIVER_OUTPUT") or "output"))
        connect = crawler.signals.connect
        connect(ext.listing, signal=listing_parsed)
        connect(ext.feed, signal=feed_parsed)
        connect(ext.event, signal=report_event)
        connect(ext.item_scraped, signal=signals.item_scraped)
        connect(ext.feed_exporter_closed, signal=signals.feed_exporter_closed)
        connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def listing(self, response: Response, listing: Listing) -> None:
        if dc.Blog.from_url(response.url).kind(response.url) is dc.Kind.ARCHIVE:
            base = dc.Blog.from_url(response.url).base
            counts = parse_archive_counts(response.url, response.text)
            self.seen.months.update(((base, month), count) for month, count in counts.items())
        self.seen.listing(response.url, listing)

    def feed(self, url: str, entries: list[FeedEntry]) -> None:
        if dc.Blog.from_url(url).is_blog_feed(url):
            self.seen.feed_posts.update(canonical(entry.url) for entry in entries)

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, dict) and "url" in item:  # a posts.jsonl record
            self.scraped.add(item)

    def event(self, kind: str, url: str, reason: str) -> None:
        if kind == "failed":
            self.seen.failed[canonical(url)] = reason
        elif kind in STOP_KINDS:
            self.seen.stops[canonical(url)] = reason

    def feed_exporter_closed(self) -> None:
        spider = self.crawler.spider
        update = getattr(spider, "known", None) is not None and not getattr(spider, "full", False)
        # posts.jsonl holds more than this run's items after an update's merge or a resume
        earlier = getattr(spider, "known", None) or getattr(spider, "previous", None)
        posts = read_posts(self.output / "posts.jsonl") if earlier is not None else self.scraped
        self.seen.pending = getattr(getattr(spider, "discovered", None), "listings", {})
        self.result = audit(self.seen, posts, update=update)
        self.stats.set_value("archiver/coverage/expected", self.result.expected_posts)
        self.stats.set_value("archiver/coverage/archived", self.result.archived_posts)
        self.stats.set_value("archiver/coverage/short", len(self.result.short))
        self.stats.set_value("archiver/coverage/line", self.result.line())
        logger.info("Coverage: %s", self.result.line())
        self._write()

    def spider_closed(self) -> None:
        self.closed = True  # the report is written: CrawlReport, listed before, wrote it
        self._write()

    def _write(self) -> None:
        """Into crawl-report.json once the audit is done and the report written, whichever
        comes last (the feed exporter may close either side of the report's writing)."""
        if self.result is None or not self.closed or not (self.output / REPORT_NAME).exists():
            return
        add_section(self.output, "coverage", self.result.to_json())
