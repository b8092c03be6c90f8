"""Requests: the fewest a full crawl needs (from the blog's truth) and what a crawl made.

The minimum is a complete copy's (archiver/bench/copy.py walks the blog's own rendering for
it): one GET of robots.txt and of every same-host page a visitor can reach (posts, listings,
categories, feeds of every flavour, each post's comment feed...) and of every requisite the
pages and stylesheets embed ("asset": theme, plugin and media files, the favicon), each once.
The dataset's minimum (a `--no-requisites` crawl's) is kept beside it: robots.txt, each post
page and each listing page (home and each tag's, with their pagination, the tags page, the
archive index and each month's); feeds are not in it (the crawler reads them for exact times).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from archiver.bench.copy import complete_copy, named_by
from archiver.sample_blog.blog import Urls
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.site import SampleSite

# Kind of a request target on the sample blog (path-info URLs), first match wins.
_KINDS = (
    ("robots", re.compile(r"/robots\.txt$")),
    ("post", re.compile(r"/post/.+")),
    ("comments_feed", re.compile(r"/feed/[^/]+/comments/\d+$")),  # one post's
    ("feed", re.compile(r"/feed/.+")),
    ("category", re.compile(r"/category/.+")),
    ("asset", re.compile(r"/(?:themes|public)/.+|/favicon\.ico$")),
    ("tags", re.compile(r"/tags$")),
    ("tag", re.compile(r"/tag/[^/]+(?:/page/\d+)?$")),
    ("archive", re.compile(r"/archive$")),
    ("month", re.compile(r"/archive/\d{4}/\d{2}$")),
    ("home", re.compile(r"/(?:page/\d+)?$")),
)
LISTING_KINDS = ("home", "tag", "tags", "archive", "month")
DATASET_KINDS = ("robots", "post", *LISTING_KINDS)
_ASSET_QUERY = re.compile(r"(?:^|&)[tp]f=")  # Dotclear's theme and plugin files: ?tf=, ?pf=


def kind_of(path: str) -> str:
    """ "post", "home", "tag", "tags", "archive", "month", "feed", "comments_feed", "category",
    "asset", "robots" or "other" (the RSD and XBEL documents)."""
    path, _, query = path.partition("?")
    if _ASSET_QUERY.search(query):
        return "asset"
    return next((kind for kind, pattern in _KINDS if pattern.match(path)), "other")


def _pages(count: int, per_page: int) -> int:
    return max(1, math.ceil(count / per_page))


def by_kind(paths: Iterable[str]) -> Counter[str]:
    return Counter(kind_of(path) for path in paths)


def minimum_requests(site: SampleSite) -> Counter[str]:
    """The fewest GETs of a complete copy, by kind."""
    return by_kind(complete_copy(site))


def dataset_minimum(posts: Sequence[SamplePost], per_page: int = 10) -> Counter[str]:
    """The fewest GETs of a dataset-only crawl (`--no-requisites`), by kind, feeds aside."""
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


# What an update crawl reads again whatever changed: robots.txt, the tags page, the archive
# index, the blog's posts feed and its comments feed (news of held posts).
_REREAD = ("/robots.txt", "/tags", "/archive", "/feed/atom", "/feed/atom/comments")


def update_targets(
    held: Collection[str], after: SampleSite, new: Sequence[SamplePost]
) -> list[str]:
    """After publishing `new` (the newest posts of `after`): what an update crawl over a
    complete copy (`held`: its request targets, complete_copy's) has to ask for. What it reads
    again (_REREAD), each listing that shows a new post from its head down to the first page
    whose last post was held before (the home listing, each of their tags'), each of their
    months' page (a month shows all its posts on one page; a held one is read again), the new
    posts, and
    whatever those pages link or embed that the copy lacks (the new posts' comment feeds and
    pictures, a new month...) but a listing's further pages (the walk stops where the held
    posts start)."""
    urls, per_page = Urls("/"), after.opts.per_page
    tags = Counter(tag for post in new for tag in post.tags)
    walked = list(_REREAD) + _listing_heads("/", len(new), len(after.blog.posts), per_page)
    for tag, count in sorted(tags.items()):
        total = len(after.blog.with_tag(tag))
        walked += _listing_heads(urls.tag(tag), count, total, per_page)
    months = sorted({(post.published.year, post.published.month) for post in new})
    walked += [urls.archive(year, month) for year, month in months]
    walked += [urls.post(post) for post in new]
    fresh = [
        path
        for path in named_by(after, walked)
        if path not in held and kind_of(path) not in ("home", "tag")
    ]
    return list(dict.fromkeys(walked + fresh))


def _listing_heads(root: str, new: int, total: int, per_page: int) -> list[str]:
    """A listing's pages down to the first one that ends with a post held before."""
    pages = min(new // per_page + 1, _pages(total, per_page))
    return [root] + [root.rstrip("/") + f"/page/{n}" for n in range(2, pages + 1)]


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
