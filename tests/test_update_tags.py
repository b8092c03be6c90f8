"""Update crawl: which tag listings are read again (archiver/crawl/tagnews.py), on known inputs.

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

from archiver.crawl.tagnews import TAG_WALK_META, TagNews, is_tag_head, tag_root, walk_pages
from archiver.dataset.records import FeedEntry, Post
from archiver.dotclear import markup as dc
from archiver.ops.update import KnownPost

BASE = "http://blog.example.org/"
BLOG = dc.Blog(BASE)
HELD = ["TIC", "tendance", "inclusion numérique"]  # tag listings an earlier crawl captured
NEW_TAG = "mutuelles"  # its listing is not held
OLD = BASE + "post/2006/03/14/Premier-billet"


def tag_url(name: str) -> str:
    return BASE + "tag/" + name.replace(" ", "%20").replace("é", "%C3%A9")


@dataclass
class Earlier:
    """What earlier crawls left (the KnownPosts protocol): pages held, posts known."""

    posts: Mapping[str, Any] = field(default_factory=dict)

    def knows(self, url: str) -> bool:
        return url in self.posts

    def validators(self, url: str) -> object | None:
        return object() if url in {tag_url(name) for name in HELD} else None

    def edited_since(self, entry: FeedEntry) -> bool:
        return False

    def has_news(self, url: str, comment_date: str | None) -> bool:
        return False

    def feed_starts_after(self, entries: list[FeedEntry]) -> bool:
        return False


def post(slug: str, *tags: str) -> Post:
    return Post(BASE + "post/" + slug, slug, 1, slug, None, None, list(tags), "", "", [], [], [])


def news(known: Earlier | None = None) -> TagNews:
    """A walk that met every tag listing (the tags page names them all)."""
    tags = TagNews(known or Earlier())
    for name in [*HELD, NEW_TAG]:
        tags.defers(BLOG, tag_url(name))
    return tags


@pytest.mark.parametrize(
    ("url", "head"),
    [
        (tag_url("TIC"), True),
        (tag_url("inclusion numérique"), True),
        (BASE + "tag/TIC/page/2", False),
        (BASE + "tags", False),
        (BASE + "feed/tag/TIC/atom", False),
        (BASE + "page/2", False),
    ],
    ids=["tag", "encoded", "page-2", "tags-page", "tag-feed", "home-page-2"],
)
def test_only_a_tag_listings_first_page_is_a_head(url: str, head: bool) -> None:
    assert is_tag_head(BLOG, url) is head


def test_held_tag_listings_wait_and_a_new_tags_is_walked_now() -> None:
    tags = TagNews(Earlier())
    met = [tags.defers(BLOG, tag_url(name)) for name in [*HELD, NEW_TAG]]
    assert met == [True, True, True, False]
    assert tags.defers(BLOG, BASE + "tag/TIC/page/2") is False  # a walk's next page
    assert tags.held == {tag_root(BLOG, tag_url(name)): tag_url(name) for name in HELD}
    assert tags.met == {"tag/TIC", "tag/tendance", "tag/inclusion numérique", "tag/mutuelles"}


def test_a_post_starts_the_walks_of_its_held_tags_and_waits_for_them() -> None:
    tags = news()
    first = post("a", "TIC", NEW_TAG)
    assert tags.read(first, None, None) == ([("tag/TIC", tag_url("TIC"))], True)
    second = post("b", "TIC")  # the walk is under way: waits, starts nothing
    assert tags.read(second, {"filename": "x"}, "2026-01-01T00:00:00Z") == ([], True)
    assert tags.read(post("c", NEW_TAG), None, None) == ([], False)  # walked with listings
    assert tags.read(post("d"), None, None) == ([], False)  # no tag
    assert tags.answered("tag/TIC", 1) == []  # its page 2 asked for: not over yet
    released = tags.answered("tag/TIC", 0)
    assert [(p.post, p.warc, p.fetched) for p in released] == [
        (first, None, None),
        (second, {"filename": "x"}, "2026-01-01T00:00:00Z"),
    ]
    assert tags.parked == [] and tags.walking == {}
    assert tags.read(post("e", "TIC"), None, None) == ([], False)  # walked already
    assert sorted(tags.held) == ["tag/inclusion numérique", "tag/tendance"]  # never asked


def test_a_post_waiting_for_two_walks_goes_when_both_end() -> None:
    tags = news()
    both = post("a", "TIC", "tendance")
    walks, parked = tags.read(both, None, None)
    assert [root for root, _ in walks] == ["tag/TIC", "tag/tendance"] and parked
    assert tags.answered("tag/tendance", 0) == []
    assert [p.post for p in tags.answered("tag/TIC", 0)] == [both]


def test_a_post_fetched_again_has_the_listing_of_a_tag_it_lost_read_again() -> None:
    before = {OLD: KnownPost(OLD, None, None, ("tendance", "a tag gone from the blog"))}
    tags = news(Earlier(before))
    walks, parked = tags.read(post("2006/03/14/Premier-billet", "TIC"), None, None)
    assert walks == [("tag/TIC", tag_url("TIC")), ("tag/tendance", tag_url("tendance"))]
    assert parked and tags.unmatched == 0  # a tag no walk met any more: nothing to read


def test_a_tag_name_matching_no_listing_has_every_held_tag_walked() -> None:
    tags = news()
    walks, parked = tags.read(post("a", "Tic"), None, None)  # a theme naming tags otherwise
    assert sorted(root for root, _ in walks) == sorted(f"tag/{name}" for name in HELD)
    assert parked and tags.unmatched == 1 and tags.held == {}


def test_a_walks_next_pages_are_counted_from_a_pages_requests() -> None:
    results = [
        Request(BASE + "tag/TIC/page/2", meta={TAG_WALK_META: "tag/TIC"}),
        Request(BASE + "feed/tag/TIC/atom"),
        Request(BASE + "tag/x/page/2", meta={TAG_WALK_META: "tag/x"}),
        post("a"),
    ]
    assert walk_pages(results, "tag/TIC") == 1


def test_the_crawls_end_counts_walks_and_posts_left_waiting(caplog: Any) -> None:
    tags = news()
    tags.read(post("a", "TIC"), None, None)
    stats = MemoryStatsCollector(get_crawler())
    tags.close(stats)
    assert stats.get_stats() == {
        "archiver/update/tags_walked": 1,
        "archiver/update/tags_not_asked": 2,
        "archiver/update/posts_unwritten": 1,
    }
    assert "1 posts fetched not written" in caplog.text
