"""Crawling a blog from a web archive's captures (`archiver crawl BLOG --from-archive PREFIX`).

A downloader middleware, so the spider routes exactly as it does live. When the crawl has a
replay prefix (spider argument `from_archive`, setting ARCHIVER_FROM_ARCHIVE):

1. before the first request goes out, every capture of the blog's host is listed through the
   archive's CDX API (archiver/archive/cdx.py), politely, through the crawl's own downloader;
2. each request for a URL of any other host than the archive's is rewritten into the raw
   memento `PREFIX<timestamp>id_/<url>` of the capture chosen for it (latest good capture, or
   the closest to ARCHIVER_ARCHIVE_AT), or dropped (`NotArchived`) when none is usable: the
   blog's own host is never contacted, not even for its robots.txt or a name lookup;
3. each memento answered is handed back as the blog's page (`response.replace(url=original)`)
   with the captured headers (`X-Archive-Orig-*`), and the capture it came from in
   `request.meta[ARCHIVE_META]` for the records' provenance.

The WARC capture extension sees the exchange with the archive as it happened (it runs on
`response_downloaded`, before any `process_response`). The archive's own answers (a redirect to
the closest capture, 429 or 503) pass unchanged to Redirect and BackoffRetry; a run of
refusals longer than ARCHIVER_ARCHIVE_MAX_REFUSALS closes the crawl, to be continued later with
--resume. What happened lands in the crawl report's `archive` section.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from datetime import UTC
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urljoin, urlsplit

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred

from archiver.archive import cdx
from archiver.archive.mementos import captured_headers
from archiver.crawl.archived import ARCHIVE_META, REBUILT_EVENT, NotArchived
from archiver.crawl.events import emit, report_event
from archiver.crawl.report import add_section
from archiver.crawl.retry import retry_after
from archiver.dotclear import markup as dc

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

CDX_META = "archiver_cdx"  # a CDX query of the listing
STOP_REASON = "archive_refusing"  # the close reason when the archive keeps refusing
REDIRECTS = frozenset([301, 302, 303, 307, 308])
REFUSALS = frozenset([429, 503])


class FromArchiveMiddleware:
    def __init__(self, crawler: Crawler, prefix: str, api: cdx.Api) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.prefix = cdx.normal_prefix(prefix)
        self.api = api
        parts = urlsplit(self.prefix)
        self.archive_origin = f"{parts.scheme}://{parts.netloc}/"
        self.at = _bound(settings.get("ARCHIVER_ARCHIVE_AT"))
        self.start = _bound(settings.get("ARCHIVER_ARCHIVE_FROM"))
        self.end = _bound(settings.get("ARCHIVER_ARCHIVE_TO"), end=True)
        self.max_refusals = settings.getint("ARCHIVER_ARCHIVE_MAX_REFUSALS", 20)
        self.output = Path(settings.get("ARCHIVER_OUTPUT") or "output")
        self.index: dict[str, list[cdx.Capture]] | None = None
        self.list_error: str | None = None
        self._listing = False
        self._waiting: list[Deferred[None]] = []
        self.refusals = 0  # refusals in a row
        self.stopped = False
        self.lists: dict[str, set[str]] = defaultdict(set)  # report lists by name
        self.waited = 0.0
        self.rebuilt: dict[str, str] = {}  # post URL -> the listing memento it was rebuilt from

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        prefix = crawler.settings.get("ARCHIVER_FROM_ARCHIVE")
        if not prefix:
            raise NotConfigured("ARCHIVER_FROM_ARCHIVE is not set: a live crawl")
        forced = crawler.settings.get("ARCHIVER_ARCHIVE_API")
        api = cdx.Api(forced) if forced else cdx.detect_api(prefix)
        mw = cls(crawler, prefix, api)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(mw.event, signal=report_event)
        return mw

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def is_archive(self, url: str) -> bool:
        return url.startswith(self.archive_origin)

    # -- the listing --------------------------------------------------------------------

    def blogs(self) -> list[dc.Blog]:
        starts = getattr(self.crawler.spider, "start_urls_for_warcinfo", None) or []
        return [dc.Blog.from_url(url) for url in starts]

    async def captures(self) -> dict[str, list[cdx.Capture]]:
        """Every capture of the blogs' hosts by URL key, listed once."""
        if self.index is not None:
            return self.index
        if self._listing:  # another request started the listing: wait for it
            waiter: Deferred[None] = Deferred()
            self._waiting.append(waiter)
            await maybe_deferred_to_future(waiter)
            assert self.index is not None
            return self.index
        self._listing = True
        index: dict[str, list[cdx.Capture]] = defaultdict(list)
        try:
            for host in sorted({cdx.host_of(blog.base) for blog in self.blogs()}):
                for capture in await self._list_host(host):
                    index[capture.key].append(capture)
        except Exception as error:  # isolation boundary: no listing, no crawl (reported)
            self.list_error = f"could not list the archive's captures: {error}"
            self.stats.inc_value("archiver/archive/listing_failed")
            logger.error("%s", self.list_error)
        self.index = dict(index)
        listed = sum(len(found) for found in self.index.values())
        self.stats.set_value("archiver/archive/captures_listed", listed)
        self.stats.set_value("archiver/archive/urls_listed", len(self.index))
        logger.info("The archive lists %d captures of %d URLs", listed, len(self.index))
        waiting, self._waiting = self._waiting, []
        for waiter in waiting:
            waiter.callback(None)
        return self.index

    async def _list_host(self, host: str) -> list[cdx.Capture]:
        endpoint = cdx.cdx_endpoint(self.prefix, self.api)
        found: list[cdx.Capture] = []
        resume_key: str | None = None
        while True:
            url = cdx.query_url(
                endpoint, self.api, host, start=self.start, end=self.end, resume_key=resume_key
            )
            text = await self._fetch(url)
            self.stats.inc_value("archiver/archive/cdx_pages")
            if self.api is cdx.Api.PYWB:
                return cdx.parse_pywb(text)
            page, resume_key = cdx.parse_ia(text)
            found += page
            if not resume_key:
                return found

    async def _fetch(self, url: str) -> str:
        assert self.crawler.engine is not None
        request = Request(url, dont_filter=True, meta={CDX_META: True})
        response = await self.crawler.engine.download_async(request)
        if response.status != 200:
            raise ValueError(f"HTTP {response.status} from {url}")
        return response.body.decode("utf-8")

    # -- requests: to the archive -------------------------------------------------------

    async def process_request(self, request: Request) -> Request | None:
        if self.is_archive(request.url):
            return None  # a memento (retried, redirected) or a CDX query
        index = await self.captures()
        if self.list_error is not None:
            raise NotArchived(self.list_error)
        url = request.url.split("#", 1)[0]
        choice = cdx.choose(index.get(cdx.url_key(url), []), self.at, self.start, self.end)
        capture = self._counted(url, choice)
        memento = cdx.memento_url(self.prefix, capture.timestamp, capture.original)
        meta = {**request.meta, ARCHIVE_META: {"original": request.url, "archive_url": memento}}
        return request.replace(url=memento, meta=meta, dont_filter=True)

    def _counted(self, url: str, choice: cdx.Choice | None) -> cdx.Capture:
        """The capture to read, counted; NotArchived (counted, listed) if there is none."""
        if choice is None or choice.capture is None:
            name = "never_captured" if choice is None else "error_only"
            self.stats.inc_value(f"archiver/archive/{name}")
            self.lists[name].add(url)
            reason = "never captured" if choice is None else "captured only as errors"
            raise NotArchived(f"{reason} in the archive")
        self.stats.inc_value("archiver/archive/chosen")
        self.stats.inc_value(f"archiver/archive/chosen/{choice.outcome}")
        if choice.outcome is cdx.Outcome.FALLEN_BACK:
            self.lists["fallen_back"].add(url)
        return choice.capture

    # -- responses: back to the blog ----------------------------------------------------

    def process_response(self, request: Request, response: Response) -> Response:
        info = request.meta.get(ARCHIVE_META)
        if info is None or not self.is_archive(response.url):
            return response
        target = self._location(response)
        if response.status in REDIRECTS and target is not None and self._closer(info, target):
            self.stats.inc_value("archiver/archive/redirected_to_closest")
            logger.debug("The archive redirects %s to %s", response.url, target)
            return response  # followed by RedirectMiddleware: memento to memento
        if not response.headers.get(b"Memento-Datetime"):  # the archive's own answer
            if response.status in REFUSALS:
                self._refused(request, response)
            return response
        self.refusals = 0
        return self._as_original(request, response, info, target)

    def _location(self, response: Response) -> str | None:
        value = response.headers.get(b"X-Archive-Orig-Location") or response.headers.get(
            b"Location"
        )
        return urljoin(response.url, value.decode("latin-1")) if value else None

    def _closer(self, info: dict[str, Any], target: str) -> bool:
        """Whether a redirect goes to another capture of the same URL (the archive's own)."""
        memento = cdx.parse_memento(self.prefix, target)
        return memento is not None and cdx.url_key(memento[1]) == cdx.url_key(info["original"])

    def _as_original(
        self, request: Request, response: Response, info: dict[str, Any], target: str | None
    ) -> Response:
        timestamp = _memento_timestamp(response) or cdx.parse_memento(self.prefix, response.url)
        info = {
            **info,
            "archive_url": response.url,
            "archived_at": cdx.timestamp_iso(timestamp[0]) if timestamp else None,
        }
        request.meta[ARCHIVE_META] = info
        headers = restored(response.headers)
        if response.status in REDIRECTS and target is not None:
            memento = cdx.parse_memento(self.prefix, target)
            original_target = memento[1] if memento else urljoin(info["original"], target)
            headers[b"Location"] = original_target  # the blog's redirect, followed in the archive
            self.stats.inc_value("archiver/archive/redirects_followed")
        self.stats.inc_value("archiver/archive/mementos")
        return response.replace(url=info["original"], headers=headers)

    def _refused(self, request: Request, response: Response) -> None:
        self.refusals += 1
        self.stats.inc_value("archiver/archive/refused")
        self.stats.inc_value(f"archiver/archive/refused/{response.status}")
        wait = retry_after(response.headers.get(b"Retry-After"))
        if wait is not None:
            self.waited += wait
            self.stats.set_value("archiver/archive/retry_after_seconds", round(self.waited, 3))
        if self.refusals >= self.max_refusals and not self.stopped:
            self.stopped = True
            reason = f"the archive refused {self.refusals} requests in a row"
            logger.error("%s: stopping; continue later with --resume", reason)
            emit(self.crawler, "archive_refusing", request.url, reason)
            assert self.crawler.engine is not None
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=STOP_REASON))

    # -- the report ---------------------------------------------------------------------

    def event(self, kind: str, url: str, reason: str) -> None:
        if kind == REBUILT_EVENT:  # the spider rebuilt a post from a listing (archived.py)
            self.rebuilt[url] = reason.removeprefix("rebuilt from ")

    def spider_closed(self, reason: str) -> None:
        stats = self.stats.get_stats()
        lost = self.lists["never_captured"] | self.lists["error_only"]
        posts = [u for u in sorted(lost) if self._is_post(u) and u not in self.rebuilt]
        chosen = Counter(
            {k.rsplit("/", 1)[1]: v for k, v in stats.items() if "/archive/chosen/" in k}
        )
        add_section(
            self.output,
            "archive",
            {
                "prefix": self.prefix,
                "api": str(self.api),
                "captures_listed": stats.get("archiver/archive/captures_listed", 0),
                "urls_listed": stats.get("archiver/archive/urls_listed", 0),
                "chosen": stats.get("archiver/archive/chosen", 0),
                "chosen_by_outcome": dict(sorted(chosen.items())),
                "fallen_back": sorted(self.lists["fallen_back"]),
                "never_captured": sorted(self.lists["never_captured"]),
                "posts_known_only_by_link": posts,
                "error_only": sorted(self.lists["error_only"]),
                "rebuilt": [{"url": u, "from": m} for u, m in sorted(self.rebuilt.items())],
                "redirected_to_closest": stats.get("archiver/archive/redirected_to_closest", 0),
                "refused": stats.get("archiver/archive/refused", 0),
                "refused_429": stats.get("archiver/archive/refused/429", 0),
                "retry_after_seconds": stats.get("archiver/archive/retry_after_seconds", 0),
                "stopped_refusing": self.stopped,
                "listing_error": self.list_error,
            },
        )

    def _is_post(self, url: str) -> bool:
        return any(blog.kind(url) is dc.Kind.POST for blog in self.blogs())


def restored(headers: Headers) -> Headers:
    """The captured headers (archive/mementos.py), as Scrapy's."""
    pairs = [
        (k.decode("latin-1"), v.decode("latin-1")) for k in headers for v in headers.getlist(k)
    ]
    out = Headers()
    for name, value in captured_headers(pairs):
        out.appendlist(name, value)
    return out


def _memento_timestamp(response: Response) -> tuple[str, str] | None:
    value = response.headers.get(b"Memento-Datetime")
    try:
        moment = parsedate_to_datetime(value.decode("latin-1")) if value else None
    except (TypeError, ValueError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%d%H%M%S"), ""


def _bound(value: str | None, *, end: bool = False) -> str | None:
    return cdx.timestamp_bound(str(value), end=end) if value else None
