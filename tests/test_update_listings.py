"""Update crawl: which tag and month listings are read again (archiver/crawl/listingnews.py),
on known inputs.

The crawl itself (requests counted from the sample server's log) is in test_update.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from scrapy import Request
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from archiver.crawl.listingnews import WALK_META, ListingNews, head_root, month_root, walk_pages
from archiver.crawl.recrawl import post_month
from archiver.dataset.records import DateEvidence, FeedEntry, Post
from archiver.dotclear import markup as dc
from archiver.ops.update import KnownPost

BASE = "http://blog.example.org/"
BLOG = dc.Blog(BASE)
HELD = ["TIC", "tendance", "inclusion numérique"]  # tag listings an earlier crawl captured
NEW_TAG = "mutuelles"  # its listing is not held
HELD_MONTHS = ["2009-03", "2009-04"]  # monthly archives an earlier crawl captured
NEW_MONTH = "2009-05"  # not held: walked with the listings
OLD = BASE + "post/2006/03/14/Premier-billet"


def tag_url(name: str) -> str:
    return BASE + "tag/" + name.replace(" ", "%20").replace("é", "%C3%A9")


def month_url(month: str) -> str:
    return BASE + month_root(month)


@dataclass
class Earlier:
    """What earlier crawls left (the KnownPosts protocol): pages held, posts known."""

    posts: Mapping[str, Any] = field(default_factory=dict)

    def knows(self, url: str) -> bool:
        return url in self.posts

    def validators(self, url: str) -> object | None:
        held = {tag_url(name) for name in HELD} | {month_url(m) for m in HELD_MONTHS}
        return object() if url in held else None

    def edited_since(self, entry: FeedEntry) -> bool:
        return False

    def has_news(self, url: str, comment_date: str | None) -> bool:
        return False

    def feed_starts_after(self, entries: list[FeedEntry]) -> bool:
        return False


def post(slug: str, *tags: str) -> Post:
    return Post(BASE + "post/" + slug, slug, 1, slug, None, None, list(tags), "", "", [], [], [])


def news(known: Earlier | None = None) -> ListingNews:
    """A walk that met every tag listing (the tags page names them all) and every month (the
    archive page)."""
    found = ListingNews(known or Earlier())
    for url in [tag_url(name) for name in [*HELD, NEW_TAG]]:
        found.defers(BLOG, url)
    for url in [month_url(month) for month in [*HELD_MONTHS, NEW_MONTH]]:
        found.defers(BLOG, url)
    return found


def read(found: ListingNews, item: Post, month: str | None = NEW_MONTH, *rest: Any) -> Any:
    """A post read (published in `month`: by default the new one, walked already)."""
    warc, fetched = rest or (None, None)
    return found.read(item, month, warc, fetched)


@pytest.mark.parametrize(
    ("url", "root"),
    [
        (tag_url("TIC"), "tag/TIC"),
        (tag_url("inclusion numérique"), "tag/inclusion numérique"),
        (BASE + "archive/2009/04", "archive/2009/04"),
        (BASE + "tag/TIC/page/2", None),
        (BASE + "archive/2009/04/page/2", None),
        (BASE + "archive", None),
        (BASE + "tags", None),
        (BASE + "feed/tag/TIC/atom", None),
        (BASE + "page/2", None),
        (BASE + "post/2009/04/01/billet", None),
    ],
    ids=["tag", "encoded", "month", "page-2", "month-page-2", "archive", "tags", "tag-feed",
         "home-page-2", "post"],
)  # fmt: skip
def test_only_a_tag_listings_or_a_months_first_page_is_a_head(url: str, root: str | None) -> None:
    assert head_root(BLOG, url) == root


def test_held_listings_wait_and_a_new_tags_or_months_is_walked_now() -> None:
    found = ListingNews(Earlier())
    tags = [found.defers(BLOG, tag_url(name)) for name in [*HELD, NEW_TAG]]
    months = [found.defers(BLOG, month_url(month)) for month in [*HELD_MONTHS, NEW_MONTH]]
    assert (tags, months) == ([True, True, True, False], [True, True, False])
    assert found.defers(BLOG, BASE + "tag/TIC/page/2") is False  # a walk's next page
    assert found.held == {
        "tag/TIC": tag_url("TIC"),
        "tag/tendance": tag_url("tendance"),
        "tag/inclusion numérique": tag_url("inclusion numérique"),
        "archive/2009/03": BASE + "archive/2009/03",
        "archive/2009/04": BASE + "archive/2009/04",
    }
    assert found.met == {"tag/TIC", "tag/tendance", "tag/inclusion numérique", "tag/mutuelles"} | {
        "archive/2009/03",
        "archive/2009/04",
        "archive/2009/05",
    }


def test_a_post_starts_the_walks_of_its_held_tags_and_waits_for_them() -> None:
    found = news()
    first = post("a", "TIC", NEW_TAG)
    assert read(found, first) == ([("tag/TIC", tag_url("TIC"))], True)
    second = post("b", "TIC")  # the walk is under way: waits, starts nothing
    fetched = "2026-01-01T00:00:00Z"
    assert read(found, second, NEW_MONTH, {"filename": "x"}, fetched) == ([], True)
    assert read(found, post("c", NEW_TAG)) == ([], False)  # walked with listings
    assert read(found, post("d")) == ([], False)  # no tag
    assert found.answered("tag/TIC", 1) == []  # its page 2 asked for: not over yet
    released = found.answered("tag/TIC", 0)
    assert [(p.post, p.warc, p.fetched) for p in released] == [
        (first, None, None),
        (second, {"filename": "x"}, fetched),
    ]
    assert found.parked == [] and found.walking == {}
    assert read(found, post("e", "TIC")) == ([], False)  # walked already
    assert sorted(found.held) == [
        "archive/2009/03",
        "archive/2009/04",
        "tag/inclusion numérique",
        "tag/tendance",
    ]  # never asked


def test_a_post_in_a_held_month_starts_its_walk_and_waits_for_it() -> None:
    found = news()
    first = post("2009/05/01/a")  # created in May (its URL), published in April
    assert read(found, first, "2009-04") == ([("archive/2009/04", month_url("2009-04"))], True)
    second = post("b", "TIC")  # the month's walk under way, its tag's started
    assert read(found, second, "2009-04") == ([("tag/TIC", tag_url("TIC"))], True)
    assert [p.post for p in found.answered("archive/2009/04", 0)] == [first]
    assert [p.post for p in found.answered("tag/TIC", 0)] == [second]
    assert read(found, post("c"), "2009-04") == ([], False)  # walked already
    assert sorted(found.held) == ["archive/2009/03", "tag/inclusion numérique", "tag/tendance"]


def test_a_post_waiting_for_two_walks_goes_when_both_end() -> None:
    found = news()
    both = post("a", "TIC", "tendance")
    walks, parked = read(found, both)
    assert [root for root, _ in walks] == ["tag/TIC", "tag/tendance"] and parked
    assert found.answered("tag/tendance", 0) == []
    assert [p.post for p in found.answered("tag/TIC", 0)] == [both]


def test_a_post_fetched_again_has_the_listings_of_a_tag_and_a_month_it_left_read_again() -> None:
    tags = ("tendance", "a tag gone from the blog")
    before = {OLD: KnownPost(OLD, None, None, tags, "2009-03")}  # its date moved to April
    found = news(Earlier(before))
    walks, parked = read(found, post("2006/03/14/Premier-billet", "TIC"), "2009-04")
    assert walks == [
        ("archive/2009/03", month_url("2009-03")),
        ("archive/2009/04", month_url("2009-04")),
        ("tag/TIC", tag_url("TIC")),
        ("tag/tendance", tag_url("tendance")),
    ]
    assert parked and found.unmatched == 0  # a tag no walk met any more: nothing to read


def test_a_tag_name_matching_no_listing_has_every_held_tag_walked() -> None:
    found = news()
    walks, parked = read(found, post("a", "Tic"))  # a theme naming tags otherwise
    assert sorted(root for root, _ in walks) == sorted(f"tag/{name}" for name in HELD)
    assert (
        parked
        and found.unmatched == 1
        and sorted(found.held) == sorted(month_root(month) for month in HELD_MONTHS)
    )


def test_a_post_without_a_date_has_every_held_month_walked() -> None:
    found = news()
    walks, parked = read(found, post("a"), None)
    assert walks == [(month_root(m), month_url(m)) for m in HELD_MONTHS]
    assert parked and found.unmatched == 1 and len(found.held) == len(HELD)


def test_a_walks_next_pages_are_counted_from_a_pages_requests() -> None:
    results = [
        Request(BASE + "tag/TIC/page/2", meta={WALK_META: "tag/TIC"}),
        Request(BASE + "feed/tag/TIC/atom"),
        Request(BASE + "tag/x/page/2", meta={WALK_META: "tag/x"}),
        post("a"),
    ]
    assert walk_pages(results, "tag/TIC") == 1


def dated(**evidence: str) -> Post:
    item = post("2009/05/01/Nouveau-billet")  # the URL's date: when it was created
    item.dates = DateEvidence(**evidence)
    return item


@pytest.mark.parametrize(
    ("item", "feed", "month"),
    [
        (dated(machine="2009-04-30T23:50:00+02:00"), None, "2009-04"),
        (dated(machine="2009-04-30T22:30:00Z"), None, "2009-05"),  # 00:30 in Paris
        (dated(machine="2009-05-31T23:30:00Z"), None, "2009-06"),
        (dated(text="Par Jean, jeudi 30 avril 2009, 23:50"), None, "2009-04"),
        (dated(day="jeudi 30 avril 2009"), "2009-04-30T22:30:00Z", "2009-05"),  # the feed's
        (dated(day="jeudi 30 avril 2009"), None, "2009-04"),
        (dated(), None, None),
    ],
    ids=["page", "utc", "utc-month-end", "text", "feed-before-day", "day", "undated"],
)
def test_a_posts_month_is_its_published_date_in_the_blogs_time_zone(
    item: Post, feed: str | None, month: str | None
) -> None:
    assert post_month(item, feed) == month


def test_the_crawls_end_counts_walks_and_posts_left_waiting(caplog: Any) -> None:
    found = news()
    read(found, post("a", "TIC"), "2009-04")
    stats = MemoryStatsCollector(get_crawler())
    found.close(stats)
    assert stats.get_stats() == {
        "archiver/update/tags_walked": 1,
        "archiver/update/tags_not_asked": 2,
        "archiver/update/months_walked": 1,
        "archiver/update/months_not_asked": 1,
        "archiver/update/posts_unwritten": 1,
    }
    assert "1 posts fetched not written" in caplog.text
