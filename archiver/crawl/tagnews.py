"""Update crawl: which tag listings to read again, and the posts that wait for their walks.

An update crawl (`--update` without `--full`) reads a tag's listing again only when it may
hold news:

* a tag new to the copy (its listing's first page is not held): walked with the other
  listings, as a first crawl walks it;
* a tag that a post fetched in this crawl carries (a new post, or a known one fetched again
  because the feeds say it was edited or commented), or carried when it was last crawled (a
  tag it lost no longer lists it; unless the tag left the blog with it, its listing met by
  no walk). Its page tells its tags, its earlier record the old ones.

Any other tag listing held is not asked for: no new post is in it. A post's tags are known
once its page is read, after the listings; its record names the listing pages that show it
(`listings`), so the post waits, parsed, until the walks of its tags' listings are over, and
then goes out as it would after a crawl that walked them first. A tag name that matches no
tag listing the walk met (a theme naming tags unlike their URLs) has every held tag walked:
nothing is lost for it.
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

TAG_WALK_META = "archiver_tag_walk"  # request.meta: the tag listing (its route) a page walks


def tag_root(blog: dc.Blog, url: str) -> str:
    """A tag listing's route without its page: "tag/TIC" for .../tag/TIC/page/2."""
    return blog.listing_root(url).rstrip("/")


def tag_roots(names: Iterable[str]) -> set[str]:
    """The listing routes of tags named as a post page shows them (Dotclear's tag URL is
    the tag's id, percent-encoded; routes are read decoded)."""
    return {f"tag/{name}" for name in names}


def is_tag_head(blog: dc.Blog, url: str) -> bool:
    """A tag listing's first page (its other pages are reached by its own pagination)."""
    return blog.kind(url) is dc.Kind.TAG and not dc.PAGE_SUFFIX.search(blog.route(url) or "")


def walk_pages(results: Iterable[Any], root: str) -> int:
    """How many of a page's `results` are requests for further pages of `root`'s walk."""
    return sum(1 for r in results if isinstance(r, Request) and r.meta.get(TAG_WALK_META) == root)


@dataclass
class Parked:
    """A post read, waiting for the walks of its tags' listings before its record goes out."""

    post: Post
    warc: dict[str, Any] | None
    fetched: str | None
    waits: set[str]  # tag routes whose walks are under way


@dataclass
class TagNews:
    """Per update crawl: the tag listings held and not asked for, the walks under way."""

    known: KnownPosts  # what earlier crawls left: pages held, posts and their tags
    held: dict[str, str] = field(default_factory=dict)  # tag route -> first page's URL
    met: set[str] = field(default_factory=set)  # routes of every tag listing the walk met
    walking: dict[str, int] = field(default_factory=dict)  # tag route -> pages in flight
    parked: list[Parked] = field(default_factory=list)
    unmatched: int = 0  # tag names that matched no listing met (every held tag walked)
    started: int = 0  # walks started for posts

    def defers(self, blog: dc.Blog, url: str) -> bool:
        """Whether a listing link met by the walk is a held tag listing's first page, left
        until a post fetched carries its tag (a new tag's is walked now)."""
        if not is_tag_head(blog, url):
            return False
        root = tag_root(blog, url)
        self.met.add(root)
        if self.known.validators(url) is None:
            return False
        self.held.setdefault(root, url)
        return True

    def read(
        self, post: Post, warc: dict[str, Any] | None, fetched: str | None
    ) -> tuple[list[tuple[str, str]], bool]:
        """A post read: the walks to start for it (tag route, first page's URL), and
        whether it waits for walks (then it is parked here until they end)."""
        before = self.known.posts.get(canonicalize_url(post.url))
        lost = tag_roots(getattr(before, "tags", ())) & self.met  # the others left the blog
        walks, waits = self.walks_for(tag_roots(post.tags) | lost)
        self.started += len(walks)
        if waits:
            self.parked.append(Parked(post, warc, fetched, waits))
        return walks, bool(waits)

    def walks_for(self, roots: set[str]) -> tuple[list[tuple[str, str]], set[str]]:
        """For a post carrying `roots`: the walks to start (route, first page's URL) and the
        routes whose walks the post waits for (those started and those under way)."""
        if not roots <= self.met:
            self.unmatched += len(roots - self.met)
            roots = roots | set(self.held)
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
        stats.set_value("archiver/update/tags_walked", self.started)
        stats.set_value("archiver/update/tags_not_asked", len(self.held))
        if self.unmatched:
            stats.set_value("archiver/update/tag_names_unmatched", self.unmatched)
        if self.parked:  # the crawl cut short before the walks they waited for ended
            stats.set_value("archiver/update/posts_unwritten", len(self.parked))
            logger.warning(
                "%d posts fetched not written: their tags' walks did not end", len(self.parked)
            )
