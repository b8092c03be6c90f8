"""One crawl, many workers: scrapy-redis's scheduler, queue and dupefilter, with leases.

A crawl with REDIS_URL set (`archiver crawl --redis URL`, `-s REDIS_URL=...`, Scrapyd) is
switched over by `configure()`, called by the spider while settings are still open. Every
worker started with the same URLs and Redis joins the same crawl: the start requests of the
second and later ones are dropped by the shared dupefilter, and all take work from one queue.

scrapy-redis 0.9.1 predates Scrapy's async `start()`, so its `RedisSpider` is not used; the
adapter is this module and `archiver/crawl/shared.py`:

- `LeasedQueue`, scrapy-redis's `PriorityQueue` whose pop lends a request instead of removing
  it (`SharedCrawl.pop`); its callbacks bound again to the spider's one `route`/`failed`.
- `SharedScheduler`, scrapy-redis's `Scheduler`: a request handed back (a retry, a redirect)
  returns its lease.
- `LeaseRelease` (spider middleware) and `LeaseFailures` (downloader middleware): a lease is
  returned once the response's output (new requests, the posts found) is queued, or once the
  download failed for good.
- `HostSlots` (downloader middleware): one request per blog in flight for the whole crawl,
  the delay and Retry-After kept in Redis.
- `SharedEnd` (extension): heartbeat and lease renewal; the worker stops when the shared crawl
  is over (nothing queued, nothing lent, for ARCHIVER_REDIS_GRACE seconds).
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from archiver.crawl.shared import PatientRedis, SharedCrawl, blog_key, worker_folder, worker_id
from archiver.dotclear import markup as dc

logger = logging.getLogger(__name__)

LEASE_META = "archiver_lease"  # request.meta: the lease id of a request taken from Redis
SLOT_META = "archiver_slot"  # request.meta: the blog whose shared slot this request holds
# Above `-s` (cmdline, 40): these follow from REDIS_URL and must hold together.
PRIORITY = 45
# The pages the spider's walk asks for (spider.py: LISTING_KINDS, feeds, categories).
WALKED = frozenset(
    [
        dc.Kind.HOME,
        dc.Kind.TAG,
        dc.Kind.TAG_INDEX,
        dc.Kind.ARCHIVE,
        dc.Kind.ARCHIVE_MONTH,
        dc.Kind.FEED,
        dc.Kind.CATEGORY,
    ]
)


def configure(settings: BaseSettings) -> str:
    """Switch a crawl with REDIS_URL over to the shared queue; returns the worker's id."""
    worker = worker_id(settings)
    delay = settings.getfloat("ARCHIVER_REDIS_DELAY", -1.0)
    if delay < 0:  # the politeness delay, now kept per blog in Redis for every worker
        delay = settings.getfloat("DOWNLOAD_DELAY")
    output = worker_folder(Path(settings.get("ARCHIVER_OUTPUT") or "output"), worker)
    prefix = settings.get("ARCHIVER_WARC_PREFIX") or "archiver"
    here = "archiver.crawl.distributed"
    changes: dict[str, Any] = {
        "ARCHIVER_WORKER_ID": worker,
        "ARCHIVER_REDIS_DELAY": delay,
        "ARCHIVER_OUTPUT": str(output),
        "ARCHIVER_WARC_PREFIX": f"{prefix}-{worker}",
        "SCHEDULER": f"{here}.SharedScheduler",
        "SCHEDULER_QUEUE_CLASS": f"{here}.LeasedQueue",
        "SCHEDULER_PERSIST": True,  # the first worker to stop must not wipe the crawl
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        # A Redis restart is waited out (ARCHIVER_REDIS_OUTAGE), not a crash of every worker.
        "REDIS_PARAMS": {
            **settings.getdict("REDIS_PARAMS"),
            "redis_cls": "archiver.crawl.shared.PatientRedis",
        },
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        # The shared slots (HostSlots) space the requests; local delays would add to them.
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.getint("CONCURRENT_REQUESTS"),
        # A worker's posts are a share of the blog's: the merge (ops/merge.py) has them all.
        "ARCHIVER_COVERAGE": False,
    }
    for name, value in changes.items():
        settings.set(name, value, priority=PRIORITY)
    for name, component, order in (
        ("DOWNLOADER_MIDDLEWARES", "HostSlots", 960),  # nearest the download
        ("DOWNLOADER_MIDDLEWARES", "LeaseFailures", 10),  # the last to see a failure
        ("SPIDER_MIDDLEWARES", "LeaseRelease", 10),  # the last to see the output
        ("EXTENSIONS", "SharedEnd", 100),
    ):
        merged = {**settings.getdict(name), f"{here}.{component}": order}
        settings.set(name, merged, priority=PRIORITY)
    return worker


class Worker:
    """This process's side of the shared crawl: its id and the leases it holds."""

    _of: weakref.WeakKeyDictionary[Crawler, Worker] = weakref.WeakKeyDictionary()

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.shared = SharedCrawl(get_redis_from_settings(settings), crawler.spidercls.name)
        self.name = settings.get("ARCHIVER_WORKER_ID") or worker_id(settings)
        self.lease_seconds = settings.getfloat("ARCHIVER_REDIS_LEASE", 60.0)
        PatientRedis.outage = settings.getfloat("ARCHIVER_REDIS_OUTAGE", 60.0)
        self.held: set[str] = set()

    @classmethod
    def of(cls, crawler: Crawler) -> Worker:
        if crawler not in cls._of:
            cls._of[crawler] = cls(crawler)
        return cls._of[crawler]

    def finish(self, lease: str | None, outcome: str) -> None:
        if lease is None or lease not in self.held:
            return
        self.held.discard(lease)
        if not self.shared.release(lease, outcome, self.name):
            self._stat("archiver/redis/late_releases")  # lease expired meanwhile: requeued
        elif outcome:
            self._stat(f"archiver/redis/{outcome}")

    def _stat(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)


def _configured(crawler: Crawler) -> None:
    if not crawler.settings.get("REDIS_URL"):
        raise NotConfigured("no REDIS_URL: a crawl of one process")


class LeasedQueue(PriorityQueue):  # type: ignore[misc]
    """scrapy-redis's priority queue; a pop lends the request (see SharedCrawl.pop)."""

    def __init__(self, server: Any, spider: Spider, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.worker = Worker.of(spider.crawler)

    def push(self, request: Request) -> None:
        data = self._encode_request(request)
        self.worker.shared.push(blog_key(request.url), request.priority, data)

    def pop(self, timeout: int = 0) -> Request | None:
        taken = self.worker.shared.pop(self.worker.name, self.worker.lease_seconds)
        if taken is None:
            return None
        lease, data = taken
        request: Request = self._decode_request(data)
        request.meta[LEASE_META] = lease
        self.worker.held.add(lease)
        adopt(self.spider, request)
        return request


def adopt(spider: Spider, request: Request) -> None:
    """A request another worker may have made, made this worker's own.

    Callbacks come back from Redis as freshly bound methods: the spider's single bound ones
    are put back (spider.py: Scrapy caches per callback). A listing or feed becomes one this
    spider's walk asked for: its feed dates are read and its links not asked for again.
    """
    for name in ("callback", "errback"):
        method = getattr(request, name)
        bound = getattr(spider, f"_{getattr(method, '__name__', '')}", None)
        if method is not None and bound is not None and bound == method:
            setattr(request, name, bound)
    dotclear: Any = spider  # the dotclear spider (spider.py): its scopes and walk
    scope = dotclear._scope_of(request.url) if hasattr(dotclear, "_scope_of") else None
    if scope is not None and scope.blog.kind(request.url) in WALKED:
        dotclear.listings_followed.add(request.url)


class SharedScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's scheduler; a request re-queued by a middleware gives its lease back.

    Its enqueue and dequeue are redone here, the same steps, for one reason: 0.9.1 passes
    `spider=` to StatsCollector.inc_value, which Scrapy 2.19 deprecates (a warning a request).
    """

    def enqueue_request(self, request: Request) -> bool:
        lease = request.meta.pop(LEASE_META, None)
        accepted = bool(request.dont_filter or not self.df.request_seen(request))
        if accepted:
            self.queue.push(request)
            self._stat("scheduler/enqueued/redis")
        else:
            self.df.log(request, self.spider)
        if lease is not None:  # a retry or a redirect: the new request carries the work
            Worker.of(self.spider.crawler).finish(lease, "")
        return accepted

    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop()
        if request is not None:
            self._stat("scheduler/dequeued/redis")
        return request

    def _stat(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)


def _flush_posts(spider: Spider) -> None:
    """Posts the spider holds for its second phase go to the shared queue now: held in one
    process's memory, they would die with it (their listing's lease is returned)."""
    waiting = getattr(spider, "posts_waiting", None)
    if not waiting:
        return
    engine = spider.crawler.engine
    assert engine is not None
    dotclear: Any = spider
    for key in list(waiting):
        engine.crawl(dotclear._request(waiting.pop(key), 0))


class LeaseRelease:
    """Spider middleware: a response's lease returned once its output is queued."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        _configured(crawler)
        return cls(crawler)

    def _done(self, response: Response, failed: bool = False) -> None:
        assert self.crawler.spider is not None
        _flush_posts(self.crawler.spider)
        outcome = "failed" if failed or response.status >= 400 else "done"
        Worker.of(self.crawler).finish(response.meta.get(LEASE_META), outcome)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        yield from result
        self._done(response)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for item in result:
            yield item
        self._done(response)

    def process_spider_exception(self, response: Response, exception: Exception) -> None:
        self._done(response, failed=True)


class LeaseFailures:
    """Downloader middleware, outermost: a download failed for good returns its lease."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        _configured(crawler)
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        Worker.of(self.crawler).finish(request.meta.get(LEASE_META), "failed")


class HostSlots:
    """Downloader middleware: per blog, one request in flight and the delay, crawl-wide."""

    def __init__(self, crawler: Crawler) -> None:
        self.worker = Worker.of(crawler)
        self.delay = crawler.settings.getfloat("ARCHIVER_REDIS_DELAY", 1.0)
        self.hold = crawler.settings.getfloat("DOWNLOAD_TIMEOUT", 180) + 30  # a dead holder
        self.poll = crawler.settings.getfloat("ARCHIVER_REDIS_POLL", 0.5)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        _configured(crawler)
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        # Imported here: retry.py imports Twisted's reactor, which the spider module (that
        # imports this one) must not install before Scrapy picks the asyncio one.
        from archiver.crawl.retry import sleep

        blog = blog_key(request.url)
        waited = 0.0
        while True:
            wait = self.worker.shared.acquire(blog, self.worker.name, self.hold)
            if not wait:
                break
            pause = min(wait, self.poll)
            waited += pause
            await sleep(pause)
        request.meta[SLOT_META] = blog
        if waited and self.stats is not None:
            self.stats.inc_value("archiver/redis/slot_waits")

    def process_response(self, request: Request, response: Response) -> Response:
        from archiver.crawl.retry import retry_after

        pause = 0.0
        if response.status in (429, 503):  # every worker waits as long as the server asks
            pause = retry_after(response.headers.get("Retry-After")) or 0.0
        self._free(request, pause)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._free(request, 0.0)

    def _free(self, request: Request, pause: float) -> None:
        blog = request.meta.pop(SLOT_META, None)
        if blog is not None:
            self.worker.shared.free(blog, max(self.delay, pause))


class SharedEnd:
    """Extension: heartbeat, lease renewal, and the end of the shared crawl."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.worker = Worker.of(crawler)
        self.keep_alive = settings.getbool("ARCHIVER_REDIS_KEEP_ALIVE")
        self.grace = settings.getfloat("ARCHIVER_REDIS_GRACE", 5.0)
        self.poll = settings.getfloat("ARCHIVER_REDIS_POLL", 0.5)
        self.idle_since: float | None = None
        self.renewed = 0.0
        self.loop = LoopingCall(self.tick)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        _configured(crawler)
        end = cls(crawler)
        crawler.signals.connect(end.opened, signal=signals.spider_opened)
        crawler.signals.connect(end.idle, signal=signals.spider_idle)
        crawler.signals.connect(end.closed, signal=signals.spider_closed)
        return end

    def opened(self) -> None:
        logger.info("Worker %s joins the crawl in Redis", self.worker.name)
        self.loop.start(self.poll)

    def tick(self) -> None:
        """Heartbeat; leases renewed at a third of their time; the engine asked for work
        (else it looks at the shared queue only every 5 s)."""
        self.worker.shared.beat(self.worker.name)
        if time.monotonic() - self.renewed > self.worker.lease_seconds / 3:
            self.worker.shared.renew(sorted(self.worker.held), self.worker.lease_seconds)
            self.renewed = time.monotonic()
        slot = getattr(self.crawler.engine, "_slot", None)  # Scrapy 2.19's engine
        if slot is not None and slot.closing is None:
            slot.nextcall.schedule()

    def idle(self) -> None:
        if self.keep_alive or not self.worker.shared.finished():
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.grace:
            raise DontCloseSpider
        logger.info("The shared crawl is finished: nothing queued, nothing lent")

    def closed(self) -> None:
        if self.loop.running:
            self.loop.stop()
        if self.worker.held:  # stopped early: what it held goes back at once
            self.worker.shared.give_back(sorted(self.worker.held))
            self.worker.held.clear()
