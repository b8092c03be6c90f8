"""Requests: the fewest a full crawl needs (from the blog's truth) and what a crawl made.

The minimum is one GET of robots.txt, each post page, and each listing page: every page of the
home listing and of each tag's listing, the tags page, the archive index and each month's
archive. Feeds are not in it: they are counted apart (the crawler reads them for exact times).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from archiver.sample_blog.model import SamplePost

# Kind of a request target on the sample blog (path-info URLs), first match wins.
_KINDS = (
    ("robots", re.compile(r"/robots\.txt$")),
    ("post", re.compile(r"/post/.+")),
    ("feed", re.compile(r"/feed/.+")),
    ("tags", re.compile(r"/tags$")),
    ("tag", re.compile(r"/tag/[^/]+(?:/page/\d+)?$")),
    ("archive", re.compile(r"/archive$")),
    ("month", re.compile(r"/archive/\d{4}/\d{2}$")),
    ("home", re.compile(r"/(?:page/\d+)?$")),
)
LISTING_KINDS = ("home", "tag", "tags", "archive", "month")


def kind_of(path: str) -> str:
    """ "post", "home", "tag", "tags", "archive", "month", "feed", "robots" or "other"."""
    path = path.split("?", 1)[0]
    return next((kind for kind, pattern in _KINDS if pattern.match(path)), "other")


def _pages(count: int, per_page: int) -> int:
    return max(1, math.ceil(count / per_page))


def minimum_requests(posts: Sequence[SamplePost], per_page: int = 10) -> Counter[str]:
    """The fewest GETs of a full crawl, by kind."""
    tags = Counter(tag for post in posts for tag in post.tags)
    months = {(post.published.year, post.published.month) for post in posts}
    return Counter(
        robots=1,
        post=len(posts),
        home=_pages(len(posts), per_page),
        tag=sum(_pages(count, per_page) for count in tags.values()),
        tags=1,
        archive=1,
        month=len(months),
    )


def heads_touched(new: Sequence[SamplePost]) -> Counter[str]:
    """After publishing `new`: the listing heads (first pages) that now show them, and the
    blog's two feed heads: its posts feed (showing them) and its comments feed."""
    return Counter(
        robots=1,
        feed=2,
        post=len(new),
        home=1,
        tag=len({tag for post in new for tag in post.tags}),
        tags=1,
        archive=1,
        month=len({(post.published.year, post.published.month) for post in new}),
    )


@dataclass(frozen=True)
class Served:
    """The GETs a crawl made, from the sample server's log."""

    by_kind: Counter[str]
    repeats: int  # GETs of a target already fetched in the same crawl

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def without_feeds(self) -> int:
        return self.total - self.by_kind["feed"]


def served(log: Iterable[tuple[str, str, int]]) -> Served:
    seen: set[str] = set()
    kinds: Counter[str] = Counter()
    repeats = 0
    for method, path, _status in log:
        if method != "GET":
            continue
        kinds[kind_of(path)] += 1
        repeats += path in seen
        seen.add(path)
    return Served(kinds, repeats)


def read_log(path: Path) -> list[tuple[str, str, int]]:
    """The server's request log (JSON lines of [method, target, status])."""
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return [(method, target, status) for method, target, status in rows]
