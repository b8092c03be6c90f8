"""Reach: the verdict on each link, decided once, and what it keeps in memory to do so."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from archiver.crawl.reach import OFFHOST_MEMO, Reach, Verdict
from archiver.crawl.scope import make_scope
from archiver.crawl.spider import DotclearSpider
from archiver.dataset.provenance import canonical

BLOG = "http://blog.example.org/"
POST = BLOG + "post/2006/12/24/Noel"
COMMENTS = BLOG + "feed/atom/comments/12"
CATEGORY = BLOG + "category/Voyages"
SEARCH = BLOG + "?q=noel"
HOME_PAGE = BLOG + "page/3"
OFF_HOST = "http://www.example.net/projet/12"


def make_reach(held: Callable[[str], object | None] | None = None) -> Reach:
    class Held:
        def validators(self, url: str) -> object | None:
            return held(url) if held else None

    crawler = get_crawler()
    return Reach(
        crawler, [make_scope(BLOG)], followed=set(), posts=set(), held=Held() if held else None
    )


@pytest.mark.parametrize(
    ("url", "verdict", "stat"),
    [
        (POST, Verdict.POST, None),
        (COMMENTS, Verdict.PAGE, "archiver/links/requested"),
        (CATEGORY, Verdict.CATEGORY, None),
        (SEARCH, None, "archiver/links/excluded/search"),
        (HOME_PAGE, None, "archiver/links/excluded/beyond_walk"),
        (OFF_HOST, None, None),
    ],
    ids=["post", "comments-feed", "category", "search", "beyond-walk", "off-host"],
)
def test_each_link_judged_once(url: str, verdict: Verdict | None, stat: str | None) -> None:
    reach = make_reach()
    assert reach.judge(url) is verdict
    assert reach.judge(url) is None  # met again: nothing more to do
    assert reach.judge(url) is None
    stats = reach.stats.get_stats()
    counted = {k: v for k, v in stats.items() if k.startswith("archiver/links/")}
    assert counted == ({stat: 1} if stat else {})


def test_judged_keeps_only_what_no_other_set_tells() -> None:
    reach = make_reach()
    key = canonical(POST)  # what the spider's set of posts holds (interned)
    reach.posts.add(key)
    for url in (POST, COMMENTS, CATEGORY, SEARCH, OFF_HOST):
        reach.judge(url)
    assert reach.judged == {POST, CATEGORY, SEARCH}
    assert next(url for url in reach.judged if url == POST) is key  # one string object
    assert reach.asked == {COMMENTS}
    assert reach.offhost == {OFF_HOST}  # remembered a while, within a bound


def test_offhost_links_remembered_within_a_bound() -> None:
    reach = make_reach()
    links = [f"http://www.example.net/projet/{n}" for n in range(OFFHOST_MEMO + 1)]
    assert [reach.judge(url) for url in links] == [None] * len(links)
    assert reach.offhost == {links[-1]}  # full at OFFHOST_MEMO: forgotten, then the last one
    assert reach.judge(links[0]) is None  # forgotten: told again by its host
    assert reach.judged == set()
    assert reach.stats.get_stats() == {}


def test_held_page_judged_once() -> None:
    reach = make_reach(held=lambda url: "etag" if url == COMMENTS else None)
    assert reach.judge(COMMENTS) is None
    assert reach.judge(COMMENTS) is None
    assert reach.judge(POST) is Verdict.POST  # a post is never held back here
    assert reach.stats.get_value("archiver/links/held") == 1
    assert reach.judged == {COMMENTS, POST}
    assert reach.asked == set()


def test_closed_spider_releases_its_sets_of_urls() -> None:
    settings = Settings()
    settings.setmodule("archiver.crawl.settings")
    crawler = Crawler(DotclearSpider, settings)  # settings still open, as in a crawl
    crawler.spider = spider = DotclearSpider.from_crawler(crawler, url=BLOG)
    crawler.stats = MemoryStatsCollector(crawler)
    spider._wait_for(POST)
    spider.listings_followed.add(HOME_PAGE)
    assert spider.reach.judge(COMMENTS) is Verdict.PAGE
    assert spider.reach.judge(CATEGORY) is Verdict.CATEGORY
    spider.discovered.add_listed(BLOG, [POST])
    spider.closed("finished")
    assert (spider.posts_known, spider.posts_waiting, spider.listings_followed) == (
        set(),
        {},
        set(),
    )
    assert (spider.reach.judged, spider.reach.asked) == (set(), set())
    assert spider.discovered.listings == {POST: [BLOG]}  # read by the coverage audit at close
