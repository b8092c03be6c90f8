"""Update crawl: which tag and month listings to read again, and the posts that wait for them.

An update crawl (`--update` without `--full`) reads a tag's listing, or a monthly archive,
again only when it may hold news:

* a listing new to the copy (its first page is not held): walked with the other listings,
  as a first crawl walks it;
* a listing that a post fetched in this crawl is in (a new post, or a known one fetched again
  because the feeds say it was edited or commented): its tags, and its month; or was in when
  it was last crawled (a tag it lost, a month its date moved from; unless that listing left
  the blog with it, met by no walk). Its page tells its tags and date, its earlier record
  the old ones.

A post's month is the one Dotclear files it under: its publication date in the blog's time
zone, as its record's `published` gives it (not the creation date its URL may show).

Any other tag listing or month held is not asked for: no new post is in it. A post's tags
and date are known once its page is read, after the listings; its record names the listing
pages that show it (`listings`), so the post waits, parsed, until the walks of its listings
are over, and then goes out as it would after a crawl that walked them first. A tag name, or
a month, that matches no listing the walk met (a theme naming tags unlike their URLs, a post
without a date) has every held listing of its family walked: nothing is lost for it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy import Request
from w3lib.url import canonicalize_url

from archiver.crawl.arguments import KnownPosts
from archiver.dataset.records import Post
from archiver.dotclear import markup as dc

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

WALK_META = "archiver_listing_walk"  # request.meta: the listing (its route) a page walks
NEWS_KINDS = (dc.Kind.TAG, dc.Kind.ARCHIVE_MONTH)
TAGS, MONTHS = "tag", "archive"  # the families, as their routes start
UNDATED = "archive/?"  # the month of a post without a date: matches no listing


def head_root(blog: dc.Blog, url: str) -> str | None:
    """A tag listing's or a monthly archive's route if `url` is its first page ("tag/TIC",
    "archive/2009/05"); None for any other page (its next pages: reached by its pagination)."""
    if blog.kind(url) not in NEWS_KINDS:
        return None
    route = blog.route(url) or ""
    return None if dc.PAGE_SUFFIX.search(route) else route.rstrip("/")


def tag_roots(names: Iterable[str]) -> set[str]:
    """The listing routes of tags named as a post page shows them (Dotclear's tag URL is
    the tag's id, percent-encoded; routes are read decoded)."""
    return {f"{TAGS}/{name}" for name in names}


def month_root(month: str | None) -> str:
    """A monthly archive's route from a month "YYYY-MM" (UNDATED for None)."""
    return f"{MONTHS}/{month[:4]}/{month[5:7]}" if month else UNDATED


def walk_pages(results: Iterable[Any], root: str) -> int:
    """How many of a page's `results` are requests for further pages of `root`'s walk."""
    return sum(1 for r in results if isinstance(r, Request) and r.meta.get(WALK_META) == root)


def _family(root: str) -> str:
    return root.split("/", 1)[0]


@dataclass
class Parked:
    """A post read, waiting for the walks of its listings before its record goes out."""

    post: Post
    warc: dict[str, Any] | None
    fetched: str | None
    waits: set[str]  # listing routes whose walks are under way


@dataclass
class ListingNews:
    """Per update crawl: the tag and month listings held and not asked for, the walks under
    way."""

    known: KnownPosts  # what earlier crawls left: pages held, posts, their tags and months
    held: dict[str, str] = field(default_factory=dict)  # route -> first page's URL
    met: set[str] = field(default_factory=set)  # routes of every such listing the walk met
    walking: dict[str, int] = field(default_factory=dict)  # route -> pages in flight
    parked: list[Parked] = field(default_factory=list)
    unmatched: int = 0  # tag names or months that matched no listing met
    started: dict[str, int] = field(default_factory=dict)  # family -> walks started for posts

    def defers(self, blog: dc.Blog, url: str) -> bool:
        """Whether a listing link met by the walk is a held tag listing's or month's first
        page, left until a post fetched is in it (a new one's is walked now)."""
        root = head_root(blog, url)
        if root is None:
            return False
        self.met.add(root)
        if self.known.validators(url) is None:
            return False
        self.held.setdefault(root, url)
        return True

    def read(
        self, post: Post, month: str | None, warc: dict[str, Any] | None, fetched: str | None
    ) -> tuple[list[tuple[str, str]], bool]:
        """A post read, published in `month` ("YYYY-MM"): the walks to start for it (route,
        first page's URL), and whether it waits for walks (then it is parked here)."""
        before = self.known.posts.get(canonicalize_url(post.url))
        lost: set[str] = set()
        if before is not None:  # the listings it was in (those left the blog: not met)
            lost = (tag_roots(before.tags) | {month_root(before.month)}) & self.met
        walks, waits = self.walks_for(tag_roots(post.tags) | {month_root(month)} | lost)
        for root, _ in walks:
            self.started[_family(root)] = self.started.get(_family(root), 0) + 1
        if waits:
            self.parked.append(Parked(post, warc, fetched, waits))
        return walks, bool(waits)

    def walks_for(self, roots: set[str]) -> tuple[list[tuple[str, str]], set[str]]:
        """For a post in `roots`: the walks to start (route, first page's URL) and the routes
        whose walks the post waits for (those started and those under way)."""
        unmatched = roots - self.met
        self.unmatched += len(unmatched)
        families = {_family(root) for root in unmatched}
        roots = roots | {root for root in self.held if _family(root) in families}
        start = [(root, self.held.pop(root)) for root in sorted(roots) if root in self.held]
        for root, _ in start:
            self.walking[root] = 1
        return start, {root for root in roots if root in self.walking}

    def answered(self, root: str, more: int) -> list[Parked]:
        """One page of `root`'s walk answered, asking for `more` pages of it: the posts
        released if that ends the walk."""
        left = self.walking.get(root, 1) - 1 + more
        if left > 0:
            self.walking[root] = left
            return []
        self.walking.pop(root, None)
        released: list[Parked] = []
        waiting: list[Parked] = []
        for parked in self.parked:
            parked.waits.discard(root)
            (waiting if parked.waits else released).append(parked)
        self.parked = waiting
        return released

    def close(self, stats: StatsCollector) -> None:
        """The crawl's end: what was walked and left, counted."""
        for family, name in ((TAGS, "tags"), (MONTHS, "months")):
            stats.set_value(f"archiver/update/{name}_walked", self.started.get(family, 0))
            left = sum(1 for root in self.held if _family(root) == family)
            stats.set_value(f"archiver/update/{name}_not_asked", left)
        if self.unmatched:
            stats.set_value("archiver/update/listings_unmatched", self.unmatched)
        if self.parked:  # the crawl cut short before the walks they waited for ended
            stats.set_value("archiver/update/posts_unwritten", len(self.parked))
            logger.warning(
                "%d posts fetched not written: their listings' walks did not end", len(self.parked)
            )
