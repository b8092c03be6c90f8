"""Update crawl (`--update`): what earlier crawls left decides what the spider asks again.

The spider routes; this says, for an update, which listing links and posts it skips, where
a listing's walk stops (`caught_up`), which known posts it fetches again (edited, commented,
or, with `--full`, every one), which known posts are gone, and hands the spider the tag and
month listings a post read has news for (archiver/crawl/listingnews.py).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.misc import load_object
from w3lib.url import canonicalize_url

from archiver.archive.warc import warc_date
from archiver.crawl.arguments import KnownPosts
from archiver.crawl.events import emit
from archiver.crawl.listingnews import ListingNews, walk_pages
from archiver.crawl.pipelines import resolve
from archiver.dataset.provenance import Discovered
from archiver.dataset.records import FeedEntry, Listing, Post
from archiver.dotclear import dates
from archiver.dotclear import markup as dc
from archiver.dotclear.feeds import parse_feed

logger = logging.getLogger(__name__)


def post_month(post: Post, feed: str | None) -> str | None:
    """The month ("YYYY-MM") Dotclear files a post under: its publication date in the blog's
    time zone, read as its record's `published` will be (page, else feed, else day text)."""
    found = resolve(dataclasses.replace(post.dates, feed=feed))
    return None if found is None else dates.to_iso(found[0])[:7]


class Recrawl:
    """Per update crawl: what earlier crawls left (`known`) and what it decides."""

    def __init__(
        self,
        crawler: Crawler,
        known: KnownPosts,
        discovered: Discovered,
        *,
        full: bool,
        news: bool,
    ) -> None:
        self.crawler = crawler
        self.known = known
        self.discovered = discovered  # the spider's: feed dates, and listings for records
        self.full = full  # --full: walk every listing, ask for every known post
        # Tag and month listings walked for news only (not with --full, nor --redis: a post's
        # record would wait in this worker for walks another worker may answer).
        self.news = ListingNews(known) if news and not full else None
        self.gone: dict[str, tuple[str, int]] = {}  # known posts answered 404/410: when, status

    @classmethod
    def load(
        cls,
        crawler: Crawler,
        output: str,
        start_urls: list[str],
        discovered: Discovered,
        *,
        full: bool,
    ) -> Recrawl:
        """What the output folder's earlier crawls left, read by the operations layer (its
        WARCs read through the spider's own routing: the settings name the loader)."""
        settings = crawler.settings
        loader = load_object(settings["ARCHIVER_UPDATE_STATE"])
        known = loader.load(Path(output), settings.copy(), start_urls)
        return cls(crawler, known, discovered, full=full, news=not settings.get("REDIS_URL"))

    def skips_listing(self, blog: dc.Blog, url: str) -> bool:
        """A listing link left alone: held and with no news yet (a tag or a month: asked
        for once a post fetched is in it), or settled (a tag's feed)."""
        if self.full:
            return False
        if self.news is not None and self.news.defers(blog, url):
            return True
        if self.known.validators(url) is None:
            return False
        kind = blog.kind(url)
        if kind is dc.Kind.ARCHIVE_MONTH:  # held, and no news told apart (--redis)
            return self.news is None
        return kind is dc.Kind.FEED and not blog.is_blog_feed(url)

    def caught_up(self, listing: Listing) -> bool:
        """The page's last post is known, so are the older ones after it: the walk stops."""
        if self.full or not listing.post_urls or not self.known.knows(listing.post_urls[-1]):
            return False
        self.crawler.stats.inc_value("archiver/update/walks_stopped")
        logger.info("Known posts from here on, walk stopped: %s", listing.url)
        return True

    def skips_post(self, url: str, again: bool) -> bool:
        """A known post not fetched again (unless `again`, or --full)."""
        return not (again or self.full) and self.known.knows(url)

    def edited(self, entry: FeedEntry) -> bool:
        """Whether the feed says a known post was edited since its record."""
        edited = self.known.edited_since(entry)
        if edited:
            self.crawler.stats.inc_value("archiver/update/edited")
        return edited

    def commented(self, response: Response) -> Iterator[str]:
        """The comments feed: the known posts with a comment newer than their record."""
        self.crawler.stats.inc_value("archiver/pages/comments_feed")
        entries = parse_feed(response.url, response.body)
        for entry in entries:
            url = entry.url.split("#", 1)[0]
            if self.known.has_news(url, entry.published):
                self.crawler.stats.inc_value("archiver/update/commented")
                yield url
        if self.known.feed_starts_after(entries):
            self.crawler.stats.inc_value("archiver/update/comments_feed_short")
            reason = "its oldest comment is newer than the last crawl: some may be missed"
            logger.warning("Comments feed %s: %s (use --full)", response.url, reason)
            emit(self.crawler, "comments_feed_short", response.url, reason)

    def read(
        self, post: Post, warc: dict[str, Any] | None, fetched: str | None
    ) -> tuple[list[tuple[str, str]], bool]:
        """A post read: the walks to start for it (route, first page's URL) and whether its
        record waits for walks to end (then `walked` hands it over)."""
        if self.news is None:
            return [], False
        feed = self.discovered.feed_dates.get(self.discovered.key(post.url))
        return self.news.read(post, post_month(post, feed), warc, fetched)

    def walked(self, root: str, results: Iterable[Any] | None) -> list[Post]:
        """A page of `root`'s walk answered with `results` (None: failed, the walk ends):
        the records of the posts whose last awaited walk it ends."""
        if self.news is None:
            return []
        released = self.news.answered(root, walk_pages(results or (), root))
        return [self.discovered.annotate(p.post, p.warc, p.fetched) for p in released]

    def unlisted(self, named: set[str]) -> list[str]:
        """--full, listings done: the known posts listed nowhere now (gone?)."""
        if not self.full:
            return []
        return [post.url for key, post in self.known.posts.items() if key not in named]

    def lost(self, request: Request, status: int | None, reason: str) -> bool:
        """A known post's page answered 404/410: its record is marked (kept). False if the
        failure is no such thing."""
        if status not in (404, 410) or not self.known.knows(request.url):
            return False
        when = request.meta.get("warc_date") or warc_date(datetime.now(UTC))
        self.gone[canonicalize_url(request.url)] = (when, status)
        self.crawler.stats.inc_value("archiver/update/gone_found")
        logger.warning("Known post gone: %s (%s)", request.url, reason)
        emit(self.crawler, "gone", request.url, reason)
        return True

    def close(self) -> None:
        if self.news is not None:
            self.news.close(self.crawler.stats)
