"""What listings and feeds tell about posts before the posts are fetched.

The spider (live) and `archiver extract` (from WARC files) both fill a `Discovered` from the
listings and feeds they read, then `annotate` each post with it: its date in the feeds, the
listing pages that list it, and where its page lies in the WARC. One code path for both.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from w3lib.url import canonicalize_url

from archiver.dataset.records import FeedEntry, Listing, Post


@lru_cache(maxsize=8192)
def canonical(url: str) -> str:
    """The post's key: its canonical URL, one string object however often it is met (a post's
    URL meets it in each listing, feed and its page: the latest ones cached)."""
    return sys.intern(canonicalize_url(url))


class Discovered:
    """Feed dates and listing pages by post, keyed by canonical post URL.

    A post's entries are handed over (and dropped) when it is annotated: what stays in memory
    is what is still to be fetched.
    """

    def __init__(self, key: Callable[[str], str] = canonical) -> None:
        # `key`: `canonical`, or a memo of it where the same URLs come back often (extract
        # meets each post URL on several listings; the crawl keeps no such memory).
        self.key = key
        self.feed_dates: dict[str, str] = {}
        # One list per post; its items are the listing URL objects themselves, shared.
        self.listings: dict[str, list[str]] = {}

    def add_feed(self, entries: Iterable[FeedEntry]) -> None:
        for entry in entries:
            if entry.published:
                self.feed_dates.setdefault(self.key(entry.url), entry.published)

    def add_listing(self, listing: Listing) -> None:
        """The posts a listing page lists (its own entries, not its sidebar's links)."""
        self.add_listed(listing.url, listing.post_urls)

    def add_listed(self, listing_url: str, post_urls: Iterable[str]) -> None:
        """The posts listed at `listing_url` (`parsers.listed_posts`, or a `Listing`'s)."""
        for url in post_urls:
            seen_on = self.listings.setdefault(self.key(url), [])
            if listing_url not in seen_on:
                seen_on.append(listing_url)

    def annotate(self, post: Post, warc: dict[str, Any] | None, fetched: str | None = None) -> Post:
        """The feeds' date, the listings, where the page lies and when it was captured."""
        key = self.key(post.url)
        post.dates.feed = self.feed_dates.pop(key, None)
        post.listings = self.listings.pop(key, [])
        post.warc = dict(warc) if warc else None
        post.fetched = fetched
        return post
