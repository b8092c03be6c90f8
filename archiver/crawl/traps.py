"""Where a listing walk stops: pagination loops and endless (calendar-style) link spaces.

Pure bookkeeping, no Scrapy. A paged listing (home, tag, category, monthly archive) page that
lists no post is a dead end: none of its links is followed, so a calendar whose every month
answers 200 and links the months around it ends at the first empty month. A page whose number
("page N de M", else the URL's /page/N) was already seen at another URL of the same listing
means the pagination loops: its links are not followed again. URL shapes that are not
Dotclear listings (day archives, years outside 1980-2099, query strings) never get this far:
`archiver.dotclear.markup` does not count them as listings at all.
"""

from __future__ import annotations

import re

from w3lib.url import canonicalize_url

from archiver.dataset.records import Listing
from archiver.dotclear import markup as dc

PAGED = frozenset([dc.Kind.HOME, dc.Kind.TAG, dc.Kind.CATEGORY, dc.Kind.ARCHIVE_MONTH])
_PAGE_NUMBER = re.compile(r"(?:^|/)page/(\d+)/?$")


def page_number(route: str) -> int:
    match = _PAGE_NUMBER.search(route)
    return int(match.group(1)) if match else 1


class ListingWalks:
    """Pages seen per listing; says when a walk must stop and why."""

    def __init__(self) -> None:
        # (blog, listing root, page number) -> first URL: one crawl may walk several blogs
        self.pages: dict[tuple[str, str, int], str] = {}

    def stop(self, blog: dc.Blog, url: str, listing: Listing) -> tuple[str, str] | None:
        """None to go on, or (kind, reason): "dead_end" or "pagination_loop"."""
        if blog.kind(url) not in PAGED:
            return None
        if not listing.post_urls:
            return "dead_end", "listing page without posts: its links are not followed"
        root = blog.listing_root(url)
        number = listing.current_page or page_number(blog.route(url) or "")
        key = canonicalize_url(url)
        first = self.pages.setdefault((blog.base, root, number), key)
        if first != key:
            return (
                "pagination_loop",
                f"page {number} of listing {root or '(home)'!r} again, first seen at {first}: "
                "its links are not followed",
            )
        return None
