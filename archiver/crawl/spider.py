"""The `dotclear` spider: routes a Dotclear 2 blog's pages, nothing else.

Two phases. First the listings (home, tags, monthly archives, each walked by its own
pagination links) and the feeds; post URLs are collected on the way. When that queue runs
dry, the posts are fetched: by then every feed date is known, so a theme that prints only
the day still yields posts timed to the minute.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from lxml.html import HtmlElement
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from archiver.crawl.archived import REBUILD_META, NotArchived, stamp_provenance, stamp_rebuilt
from archiver.crawl.arguments import KnownPosts, PreviousRun, apply_arguments, flag, split_urls
from archiver.crawl.coverage import feed_parsed, listing_parsed  # the coverage audit's
from archiver.crawl.embedded import Embedded
from archiver.crawl.events import emit
from archiver.crawl.listingnews import WALK_META
from archiver.crawl.reach import (
    LINK_META,
    REPLAYED_META,
    REQUISITE_META,
    Reach,
)
from archiver.crawl.recrawl import Recrawl
from archiver.crawl.report import ROBOTS_REASON, failure_reason
from archiver.crawl.scope import LISTING_KINDS, Scope, make_scope
from archiver.crawl.start import (
    COULD_NOT_START,
    START_META,
    StartWatch,
    start_url_problem,
    store_no_empty_feed,
)
from archiver.crawl.traps import ListingWalks
from archiver.dataset.provenance import Discovered, canonical
from archiver.dataset.records import Listing, Post
from archiver.dotclear import markup as dc
from archiver.dotclear.feeds import parse_feed
from archiver.dotclear.parsers import parse_html, parse_listing, parse_post
from archiver.dotclear.rebuild import listing_entry

logger = logging.getLogger(__name__)

# Discovery before posts: the feeds hold the exact times the posts' pages may lack.
PRIORITY_FEED = 30
PRIORITY_LISTING = 20


class DotclearSpider(scrapy.Spider):
    name = "dotclear"
    archiver_output: str  # FEEDS' %(archiver_output)s: the output folder
    reach: Reach  # page requisites and every same-host page (archiver/crawl/reach.py)
    embedded: Embedded  # what pages embed and link, asked for (archiver/crawl/embedded.py)

    def __init__(self, url: str | None = None, urls: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls_for_warcinfo = split_urls(url) + split_urls(urls)
        if not self.start_urls_for_warcinfo:
            raise ValueError("give the blog or tag URL to archive: -a url=http://...")
        problems = [start_url_problem(u) for u in self.start_urls_for_warcinfo]
        if any(problems):
            raise ValueError("; ".join(filter(None, problems)))
        # Start pages that fail or are no Dotclear blog's end the crawl (archiver/crawl/start.py).
        self.starts = StartWatch(force=flag(kwargs.get("force")))
        self.scopes = [make_scope(u) for u in self.start_urls_for_warcinfo]
        self.allowed_domains = sorted({urlsplit(u).hostname or "" for u in self.scopes_urls()})
        self.discovered = Discovered()  # feed dates and listing pages, by post
        self.posts_known: set[str] = set()  # canonical URLs of every post named so far
        self.posts_waiting: dict[str, str] = {}  # canonical URL -> URL, fetched once idle
        self.listings_counted: set[str] = set()  # listing roots whose pages are announced
        self.listings_followed: set[str] = set()  # listing and feed URLs already followed
        self.walks = ListingWalks()  # pagination loops and dead ends
        self.previous: PreviousRun | None = None  # what an interrupted run left (--resume)
        self.known: KnownPosts | None = None  # what earlier crawls left (--update)
        self.recrawl: Recrawl | None = None  # --update: what they leave unasked (crawl/recrawl.py)
        # One bound method for every request: Scrapy caches, for each callback, whether it is
        # a generator returning a value in a WeakKeyDictionary; a method bound anew for each
        # request drops out of it, and each miss reads and parses the method's source again.
        self._route, self._failed = self.route, self.failed

    def scopes_urls(self) -> list[str]:
        return [scope.blog.base for scope in self.scopes]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DotclearSpider:
        # Spider arguments that are settings, so `scrapy crawl`, Scrapyd's schedule.json and
        # `archiver crawl` take the same options (settings are still open here).
        resume, update = apply_arguments(crawler.settings, kwargs)
        if crawler.settings.get("REDIS_URL"):  # one crawl, many workers: crawl/distributed.py
            # Imported only here: redis and scrapy-redis cost a crawl without them 0.13 s CPU.
            from archiver.crawl.distributed import configure as configure_distributed

            configure_distributed(crawler.settings)
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.archiver_output = crawler.settings.get("ARCHIVER_OUTPUT", "output")
        # What earlier runs left is read by the operations layer (archiver.ops), which reads
        # WARCs through this spider's own routing: the settings name its loaders.
        if update:
            urls, full = spider.start_urls_for_warcinfo, flag(kwargs.get("full"))
            output, discovered = spider.archiver_output, spider.discovered
            spider.recrawl = Recrawl.load(crawler, output, urls, discovered, full=full)
            spider.known = spider.recrawl.known
        if resume:
            spider.previous = load_object(crawler.settings["ARCHIVER_RESUME_STATE"]).load(
                Path(spider.archiver_output),
                crawler.settings.copy(),
                spider.start_urls_for_warcinfo,
            )
        spider.reach = Reach.from_settings(
            crawler.settings,
            crawler,
            scopes=spider.scopes,
            followed=spider.listings_followed,
            posts=spider.posts_known,
            held=None if spider.recrawl is None or spider.recrawl.full else spider.known,
        )
        spider.embedded = Embedded(
            spider.reach,
            spider._request,
            spider._wait_for,
            spider.listings_followed,
            PRIORITY_LISTING,
        )
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        for scope, url in zip(self.scopes, self.start_urls_for_warcinfo, strict=True):
            walk = [url] if scope.tag_root else [scope.blog.base, scope.blog.url_for("tags")]
            self.listings_followed.update(walk)  # what the walk asks for (feeds read: _walked)
        if self.previous is not None:  # route again, from the WARC, what was fetched
            self.crawler.stats.set_value("archiver/resume/posts_kept", self.previous.kept)
            for response in itertools.chain(self.previous.responses(), self.previous.embedded()):
                for result in self.route(response):
                    yield result
        watch = self.previous is None  # a resumed crawl has started before
        for scope, url in zip(self.scopes, self.start_urls_for_warcinfo, strict=True):
            first = url if scope.tag_root is not None else scope.blog.base
            meta = self.starts.expect(first) if watch else None
            yield self._request(first, PRIORITY_LISTING, meta=meta)
            if scope.tag_root is not None:
                continue
            # The tags page is a Dotclear route of its own; themes do not always link it.
            yield self._request(scope.blog.url_for("tags"), PRIORITY_LISTING)
        if self.known is not None:  # new comments on known posts
            for blog in {scope.blog.base: scope.blog for scope in self.scopes}.values():
                url = blog.url_for("feed/atom/comments")
                yield self._request(url, PRIORITY_FEED, meta={"comments_feed": True})

    def _request(self, url: str, priority: int, **kwargs: Any) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self._route, errback=self._failed, priority=priority, **kwargs
        )

    def _scope_of(self, url: str) -> Scope | None:
        for scope in self.scopes:
            if scope.wants(url):
                return scope
        return None

    def route(self, response: Response) -> Iterable[Any]:
        if REBUILD_META in response.meta:  # --from-archive: a post from a listing's memento
            yield from self._rebuilt(response)
            return
        if response.meta.get("comments_feed"):  # --update: known posts with new comments
            assert self.recrawl is not None
            for url in self.recrawl.commented(response):
                self._wait_for(url, again=True)
            return
        if START_META in response.meta and not self._start_answered(response):
            return
        if REQUISITE_META in response.meta:
            self.reach.fetched(response.meta[REQUISITE_META], len(response.body))
            yield from self.embedded.named_by(response, response.meta[REQUISITE_META])
            return
        if REPLAYED_META in response.meta:  # --resume: what an earlier run's capture names
            yield from self.embedded.named_by(response)
            return
        if WALK_META in response.meta:  # --update: a listing walked for a post's sake
            yield from self._news_walk_page(response, response.meta[WALK_META])
            return
        yield from self._page(response)

    def _page(self, response: Response) -> Iterable[Any]:
        scope = self._scope_of(response.url)
        kind = scope.blog.kind(response.url) if scope else None
        doc = self._document(response, kind)
        if kind is dc.Kind.POST:
            yield from self._post(response, doc)
        elif kind is dc.Kind.FEED and self._walked(response):
            self._feed(response)
        elif kind in LISTING_KINDS and scope is not None:
            yield from self._listing(response, scope, doc)
        elif kind is dc.Kind.CATEGORY and scope is not None:
            yield from self._listing(response, scope, doc, discover=False)
        elif LINK_META in response.meta:
            self.crawler.stats.inc_value("archiver/links/fetched")
        else:
            logger.info("Not a page to route: %s", response.url)
        if doc is not None and self.reach.requisites:
            yield from self.embedded.of_page(response, doc)

    def _news_walk_page(self, response: Response, root: str) -> Iterable[Any]:
        """A page of a tag's or month's walk that posts wait for: routed, then the posts
        whose last awaited walk this page ends."""
        assert self.recrawl is not None
        try:
            results = list(self._page(response))
        except Exception:  # re-raised (Scrapy reports it): the walk still ends here
            yield from self.recrawl.walked(root, None)
            raise
        yield from results
        yield from self.recrawl.walked(root, results)

    def _start_answered(self, response: Response) -> bool:
        """A start page: False if the crawl does not go on from it (not a Dotclear blog)."""
        problem = self.starts.answered(response)
        if problem is None:
            return True
        self.crawler.stats.inc_value("archiver/pages/failed")
        logger.warning("%s", problem)
        emit(self.crawler, "failed", response.url, problem)
        self.starts.give_up_if_no_start(self.crawler)
        return False

    def _listing(
        self,
        response: Response,
        scope: Scope,
        doc: HtmlElement | None = None,
        *,
        discover: bool = True,  # False for a category: walked, never in a record's listings
    ) -> Iterable[scrapy.Request]:
        listing: Listing = parse_listing(response.url, response.text if doc is None else doc)
        self.crawler.stats.inc_value(f"archiver/pages/{'listing' if discover else 'category'}")
        self._announce(scope.blog, response.url, listing)
        if discover:  # a category is walked for the copy, in no record's listings nor coverage
            self.crawler.signals.send_catch_log(listing_parsed, response=response, listing=listing)
            self.discovered.add_listing(listing)
        for url in listing.post_urls + listing.links.posts:
            self._wait_for(url)
        stop = self.walks.stop(scope.blog, response.url, listing)
        if stop is not None:  # a pagination loop or a dead end (archiver/crawl/traps.py)
            self.crawler.stats.inc_value(f"archiver/listing/{stop[0]}")
            logger.info("Walk stopped at %s: %s", response.url, stop[1])
            emit(self.crawler, stop[0], response.url, stop[1])
            return
        if not listing.post_urls and listing.page_urls:
            logger.info("Empty listing page, pagination not followed: %s", response.url)
            listing.page_urls = []
        if self.recrawl is not None and self.recrawl.caught_up(listing):
            listing.page_urls = []
        yield from self._follow(scope, listing, response.meta.get(WALK_META), discover)

    def _follow(
        self, scope: Scope, listing: Listing, walk: str | None, discover: bool
    ) -> Iterable[scrapy.Request]:
        """A listing page's next pages, feeds and (from the blog's own walk) tags, tags
        page and archives: each asked for once, unless held and not to be read again."""
        pages = len(listing.page_urls)
        follow = listing.page_urls + (listing.links.feeds if discover else [])
        if scope.tag_root is None and discover:
            follow += listing.links.tags + listing.links.tag_index + listing.links.archives
        for n, url in enumerate(follow):
            # Sidebar links repeat on every listing page: each is followed once (Scrapy's
            # dupefilter would drop the copies, at the cost of building each request).
            if url in self.listings_followed:
                continue
            self.listings_followed.add(url)
            blog = scope.blog
            if not self._scope_of(url):
                continue
            if self.recrawl is not None and self.recrawl.skips_listing(blog, url):
                continue  # held: a tag or month read again for a post in it (crawl/recrawl.py)
            if walk is not None and n < pages:  # a walk that posts wait for: its next page
                meta = {WALK_META: walk}
                yield self._request(url, PRIORITY_LISTING, meta=meta, dont_filter=True)
                continue
            is_feed = blog.kind(url) is dc.Kind.FEED
            yield self._request(url, PRIORITY_FEED if is_feed else PRIORITY_LISTING)

    def _announce(self, blog: dc.Blog, url: str, listing: Listing) -> None:
        """Count a listing's pages once, from its own "page N de M", for the progress line."""
        root = blog.listing_root(url)
        if root not in self.listings_counted:
            self.listings_counted.add(root)
            pages = listing.page_count or 1
            self.crawler.stats.inc_value("archiver/progress/listing_pages", pages)

    def _wait_for(self, url: str, *, again: bool = False) -> None:
        """Fetch the post once listings are done (a known post only if `again` or --full)."""
        if url in self.posts_known:  # already canonical and known: a post listed again
            return
        key = canonical(url)
        if key in self.posts_known or not self._scope_of(url):
            return
        if self.recrawl is not None and self.recrawl.skips_post(url, again):
            return
        self.posts_known.add(key)
        self.posts_waiting[key] = key if url == key else url  # one string object, not two
        self.crawler.stats.set_value("archiver/progress/posts_known", len(self.posts_known))

    def _feed(self, response: Response) -> None:
        self.crawler.stats.inc_value("archiver/pages/feed")
        entries = parse_feed(response.url, response.body)
        self.crawler.signals.send_catch_log(feed_parsed, url=response.url, entries=entries)
        self.discovered.add_feed(entries)
        for entry in entries:
            self._wait_for(entry.url, again=self.recrawl is not None and self.recrawl.edited(entry))

    def _post(self, response: Response, doc: HtmlElement | None = None) -> Iterable[Any]:
        # meta["warc"]: where WarcCapture wrote this response (file, offset, length, ids);
        # meta["warc_date"]: when (a revisit's date if the page was not modified).
        post = parse_post(response.url, response.text if doc is None else doc)
        stamp_provenance(post, response.meta)  # read from a web archive's capture?
        warc, fetched = response.meta.get("warc"), response.meta.get("warc_date")
        if self.recrawl is not None:  # --update: its tags' and month's listings walked first
            walks, parked = self.recrawl.read(post, warc, fetched)
            for root, url in walks:
                meta = {WALK_META: root}
                yield self._request(url, PRIORITY_LISTING, meta=meta, dont_filter=True)
            if parked:
                return
        yield self.discovered.annotate(post, warc, fetched)

    def _rebuild(self, url: str, listings: list[str]) -> list[scrapy.Request]:
        """A post the archive has no page of: the next captured listing that shows it."""
        if not listings:
            return []  # known only by a link (the archive section of the report lists it)
        meta = {REBUILD_META: (url, listings[1:])}
        return [self._request(listings[0], PRIORITY_LISTING, meta=meta, dont_filter=True)]

    def _rebuilt(self, response: Response) -> Iterable[Any]:
        url, rest = response.meta[REBUILD_META]
        post = listing_entry(response.url, response.text, url)  # archiver/dotclear/rebuild.py
        if post is None:  # a listing of titles only (a monthly archive...): the next one
            yield from self._rebuild(url, rest)
            return
        stamp_rebuilt(self.crawler, post, response.meta)
        yield self.discovered.annotate(
            post, response.meta.get("warc"), response.meta.get("warc_date")
        )

    def _walked(self, response: Response) -> bool:
        """Whether the listing walk asked for this page (its feeds are read for dates)."""
        urls = [response.url, *response.meta.get("redirect_urls", ())]
        return any(url in self.listings_followed for url in urls)

    def _document(self, response: Response, kind: dc.Kind | None) -> HtmlElement | None:
        """The page parsed once, for the parsers and the requisites; None if not HTML."""
        if kind is dc.Kind.POST or kind is dc.Kind.CATEGORY or kind in LISTING_KINDS:
            return parse_html(response.url, response.text)
        content_type = response.headers.get(b"Content-Type") or b""
        if self.reach.requisites and isinstance(response, TextResponse):
            return parse_html(response.url, response.text) if b"html" in content_type else None
        return None

    def on_idle(self) -> None:
        """Listings and feeds done: fetch the posts they named, a batch each time idle.

        Batches of ARCHIVER_POST_BATCH: handing every post request to Scrapy at once made it
        hold them all (issue #7).
        """
        if not self.posts_waiting and self.recrawl is not None:
            for url in self.recrawl.unlisted(self.posts_known):  # --full: gone?
                self._wait_for(url, again=True)
        if not self.posts_waiting:
            return
        size = max(1, self.crawler.settings.getint("ARCHIVER_POST_BATCH", 1000))
        batch = list(itertools.islice(self.posts_waiting, size))
        logger.info(
            "Listings walked; fetching %d posts (%d more waiting)",
            len(batch),
            len(self.posts_waiting) - len(batch),
        )
        for key in batch:
            self.crawler.engine.crawl(self._request(self.posts_waiting.pop(key), 0))
        raise DontCloseSpider

    def failed(self, failure: Failure) -> Iterable[Post]:
        request = failure.request  # type: ignore[attr-defined]
        self._lost(failure, request)
        walk = request.meta.get(WALK_META)
        if walk is not None and self.recrawl is not None:  # the walk ends here: posts go out
            return self.recrawl.walked(walk, None)
        return []

    def _lost(self, failure: Failure, request: scrapy.Request) -> None:
        reason = failure_reason(failure)
        if REQUISITE_META in request.meta or LINK_META in request.meta:
            self.reach.failed(request, reason, robots=reason == ROBOTS_REASON)
            return
        status = getattr(getattr(failure.value, "response", None), "status", None)
        if self.recrawl is not None and self.recrawl.lost(request, status, reason):
            return
        if failure.check(NotArchived) and START_META not in request.meta:
            # No capture to read it from (counted and reported by FromArchiveMiddleware): a
            # post is rebuilt from a listing that shows it.
            listings = self.discovered.listings.get(canonical(request.url), [])
            for again in self._rebuild(request.url, listings):
                self.crawler.engine.crawl(again)
            return
        self.crawler.stats.inc_value("archiver/pages/failed")
        logger.warning("Failed %s: %s", request.url, reason)
        emit(self.crawler, "failed", request.url, reason)  # into the crawl report
        if START_META in request.meta:
            self.starts.failed(request.meta[START_META], failure)
            self.starts.give_up_if_no_start(self.crawler)

    def closed(self, reason: str) -> None:
        if reason == COULD_NOT_START:  # nothing archived: no posts.jsonl either
            store_no_empty_feed(self.crawler)
        if self.recrawl is not None:
            self.recrawl.close()
        self._release()

    def _release(self) -> None:
        """The walk's sets of URLs, done with: freed before the extensions, whose handlers
        of spider_closed run after this one, index the collection and list its pages, the
        crawl's peak of memory. What they read stays (discovered, gone, known, previous)."""
        for urls in (self.posts_known, self.listings_followed, self.listings_counted):
            urls.clear()
        self.posts_waiting.clear()
        self.walks.pages.clear()
        self.reach.judged.clear()
        self.reach.asked.clear()
        self.reach.offhost.clear()
