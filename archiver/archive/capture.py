"""Scrapy extension writing every downloaded HTTP exchange to a WARC file.

It listens to ``signals.response_downloaded``, which the downloader sends as soon as the
download handler returns, before any downloader middleware ``process_response`` runs:
``response.body`` is still the body as transferred (a gzip body is still gzip, since
HttpCompressionMiddleware has not decoded it yet) and redirects, 404s and robots.txt are
all seen. ``request.headers`` are final by then (User-Agent, Accept*, Cookie... are
added by downloader middlewares' ``process_request``).

What Scrapy/Twisted do not give back, hence what the WARC cannot hold exactly (see
archiver/archive/wire.py, the download handler that recovers the rest):

* with the wire handler (the project's ``DOWNLOAD_HANDLERS``): the reason phrase as sent,
  and the connection headers Twisted keeps to itself (``Transfer-Encoding``,
  ``Connection``, ``Keep-Alive``, the sent ``Content-Length``) are recorded; the writer
  then renames ``Transfer-Encoding`` to ``X-Orig-Transfer-Encoding`` (the body is stored
  de-chunked) and fixes ``Content-Length``;
* without it: the reason phrase is rebuilt from the status code, and a chunked response
  arrives with neither ``Transfer-Encoding`` nor ``Content-Length``;
* never: header name case (Scrapy title-cases names: ``ETag`` becomes ``Etag``), the
  relative order of different headers (repeated ones are grouped at the first);
* on the request side, Twisted adds ``Host`` (the writer adds it) and ``Content-Length``
  for a body or a POST/PUT (added here).
"""

from __future__ import annotations

import http
import logging
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured

from archiver import __version__
from archiver.archive.indexing import build_collection
from archiver.archive.liveindex import LiveIndex
from archiver.archive.mementos import MEMENTO_META, write_original
from archiver.archive.revisits import CaptureIndex, outlinks
from archiver.archive.warc import (
    OPEN_SUFFIX,
    Capture,
    Exchange,
    Headers,
    RecordLocation,
    WarcWriter,
    payload_digest,
    warc_date,
)
from archiver.archive.wire import META_KEY as WIRE_META_KEY

# request.meta key: the earlier Capture whose validators a conditional request sent
# (archiver/conditional.py); a 304 answer is written as a revisit of it.
NOT_MODIFIED_META = "archiver_revalidating"

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

DEFAULT_MAX_SIZE = 1_000_000_000  # bytes: 1 GB
# The capture's counters (archiver/warc/records, bytes, responses...) reach the crawl's stats
# every this many exchanges, at each WARC file's end and at the crawl's: Scrapy's stats
# collector costs 1.6 us a call through its deprecation wrapper, and an exchange made five.
# Nothing reads them during a crawl (the progress line and the report read other counters).
PUBLISH_EVERY = 64
WARC_1_1_SPEC = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
# The close reason of a crawl that could not start (archiver/crawl/start.py): its WARC files,
# robots.txt or error pages at most, are deleted, and no index is built.
COULD_NOT_START = "could_not_start"


def _pairs(headers: Any) -> Headers:
    """Scrapy ``Headers`` as (name, value) pairs, one per value, decoded latin-1.

    Read as the dict they are (names already normalised, each to its list of values): what
    ``getlist`` gives for each name, without normalising each name again.
    """
    return [
        (key.decode("latin-1"), value.decode("latin-1"))
        for key, values in dict.items(headers)
        for value in values
    ]


def _response_headers(response: Response, conn_headers: Headers) -> Headers:
    """Scrapy's headers, plus the connection headers only the wire handler saw.

    Scrapy re-creates ``Content-Length`` from the parsed length; the wire's own value
    replaces it (same place), so a wrong length sent by the server stays visible.
    """
    headers = _pairs(response.headers)
    if not conn_headers:
        return headers
    wire_lengths = [v for k, v in conn_headers if k.lower() == "content-length"]
    if wire_lengths:
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    return headers + [(_canonical(k), v) for k, v in conn_headers]


def _canonical(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


def reason_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def exchange_from(request: Request, response: Response, fetched_at: datetime) -> Exchange:
    wire = request.meta.get(WIRE_META_KEY) or {}
    request_headers = _pairs(request.headers)
    wants_length = request.body or request.method.upper() in ("POST", "PUT")
    if wants_length and b"Content-Length" not in request.headers:
        request_headers.append(("Content-Length", str(len(request.body))))
    truncated = None
    if "dataloss" in response.flags:
        truncated = "disconnect"
    elif "download_stopped" in response.flags:
        truncated = "unspecified"
    return Exchange(
        url=request.url,
        method=request.method,
        request_headers=request_headers,
        request_body=request.body,
        protocol=response.protocol or "HTTP/1.1",
        status=response.status,
        reason=wire["reason"] if "reason" in wire else reason_phrase(response.status),
        response_headers=_response_headers(response, wire.get("conn_headers", [])),
        body=response.body,
        fetched_at=fetched_at,
        ip=str(response.ip_address) if response.ip_address else None,
        truncated=truncated,
    )


class WarcCapture:
    """Write ``<ARCHIVER_OUTPUT>/warc/<prefix>-<UTC timestamp>-<serial>.warc.gz`` files.

    A new file is started once one reaches ``ARCHIVER_WARC_MAX_SIZE`` bytes. Each
    response record's location goes to ``request.meta["warc"]`` (see
    :meth:`RecordLocation.as_meta`). A payload already captured for the same URL in the
    collection (the ``warc/`` folder) is written as a revisit record, and then
    ``meta["warc"]`` names the earlier response record, the one holding the body.
    At the close, the collection's CDXJ index and pages list (``ARCHIVER_WARC_INDEX``), made
    from the lines written with the records, and its WACZ (``ARCHIVER_WACZ_ENABLED``).
    """

    def __init__(
        self,
        crawler: Crawler,
        output: Path,
        prefix: str,
        user_agent: str,
        robots_obey: bool,
        operator: str,
        max_size: int = DEFAULT_MAX_SIZE,
        package: bool = False,
        with_outlinks: bool = True,
        index: bool = True,
    ) -> None:
        self.crawler = crawler
        self.output = output
        self.prefix = prefix
        self.user_agent = user_agent
        self.robots_obey = robots_obey
        self.operator = operator
        self.max_size = max_size
        self.package = package
        self.index = index or package  # a package holds the pages list
        self.live: LiveIndex | None = None
        self.with_outlinks = with_outlinks
        self.path: Path | None = None
        self.paths: list[Path] = []
        self.writer: WarcWriter | None = None
        self.earlier = CaptureIndex()
        self._info: dict[str, str] = {}
        self._serial = 0
        self._in_file = 0  # exchanges in the current file
        self._counts: dict[str, int] = {}  # not yet in the crawl's stats (PUBLISH_EVERY)
        self._unpublished = 0  # exchanges counted in _counts
        self._made: list[Path] = []  # folders this crawl created (removed if it could not start)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("ARCHIVER_WARC_ENABLED", True):
            raise NotConfigured("ARCHIVER_WARC_ENABLED is off")
        max_size = settings.getint("ARCHIVER_WARC_MAX_SIZE", DEFAULT_MAX_SIZE)
        if max_size <= 0:
            raise ValueError(f"ARCHIVER_WARC_MAX_SIZE must be positive, not {max_size}")
        ext = cls(
            crawler,
            output=Path(settings.get("ARCHIVER_OUTPUT") or "output"),
            prefix=settings.get("ARCHIVER_WARC_PREFIX") or "archiver",
            user_agent=settings.get("USER_AGENT") or "",
            robots_obey=settings.getbool("ROBOTSTXT_OBEY"),
            operator=settings.get("ARCHIVER_OPERATOR") or "",
            max_size=max_size,
            package=settings.getbool("ARCHIVER_WACZ_ENABLED", False),
            index=settings.getbool("ARCHIVER_WARC_INDEX", True),
            with_outlinks=settings.getbool("ARCHIVER_WARC_OUTLINKS", True),
        )
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def warcinfo(self, spider: Spider) -> dict[str, str]:
        start_urls = " ".join(getattr(spider, "start_urls_for_warcinfo", None) or [])
        return {
            "software": f"archiver/{__version__} (Scrapy/{scrapy.__version__}; "
            f"warcio/{version('warcio')})",
            "format": "WARC File Format 1.1",
            "conformsTo": WARC_1_1_SPEC,
            "isPartOf": self.prefix,
            "description": f"Dotclear 2 blog archive; start URLs: {start_urls}"
            if start_urls
            else "Dotclear 2 blog archive",
            "robots": "obey" if self.robots_obey else "ignore",
            "http-header-user-agent": self.user_agent,
            "operator": self.operator,
        }

    def spider_opened(self, spider: Spider) -> None:
        folder = self.output / "warc"
        self._made = [p for p in (folder, *folder.parents) if not p.exists()]
        folder.mkdir(parents=True, exist_ok=True)
        self.earlier.close()
        self.earlier = CaptureIndex.scan(folder)
        if self.earlier.unreadable:
            self.stats.inc_value("archiver/warc/earlier_unreadable", len(self.earlier.unreadable))
        for unclosed in sorted(folder.glob(f"*.warc.gz{OPEN_SUFFIX}")):
            self.stats.inc_value("archiver/warc/unclosed_found")
            logger.warning("%s was never closed (a crawl stopped early); not used", unclosed)
        self._info = self.warcinfo(spider)
        self.live = LiveIndex() if self.index else None
        self._open_next()

    def _open_next(self) -> None:
        folder = self.output / "warc"
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        while self._serial < 100_000:  # a name taken (same second): next serial
            path = folder / f"{self.prefix}-{stamp}-{self._serial:05d}.warc.gz"
            self._serial += 1
            try:
                listener = self.live.add if self.live is not None else None
                self.writer = WarcWriter(path, self._info, on_record=listener)
                break
            except FileExistsError:
                continue
        else:
            raise RuntimeError(f"no free WARC file name in {folder}")
        self.path = path
        self._in_file = 0
        self.paths.append(path)
        self.stats.set_value("archiver/warc/path", str(path))
        self.stats.inc_value("archiver/warc/files")
        logger.info("Writing WARC to %s", path)

    def _count(self, key: str, count: int = 1) -> None:
        self._counts[key] = self._counts.get(key, 0) + count

    def publish(self) -> None:
        """Add the counts made since the last time to the crawl's stats."""
        for key, count in self._counts.items():
            self.stats.inc_value(key, count)
        self._counts.clear()
        self._unpublished = 0

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        if self.writer is None or not request.url.startswith(("http://", "https://")):
            return  # data:, file:, ftp:... responses are not HTTP exchanges
        if self._in_file and self.writer.size >= self.max_size:
            self.writer.close()  # full: the next exchange goes to a new file
            self.publish()
            self._open_next()
        before = self.writer.size
        try:
            location, date = self._write(request, response)
        except Exception:
            # Signal handler errors are only logged by Scrapy; make them countable too.
            self.stats.inc_value("archiver/warc/errors")
            logger.exception("Could not write %s to the WARC", request.url)
            return
        request.meta["warc"] = location.as_meta()
        request.meta["warc_date"] = date  # of this capture: a post's crawls field
        self._count("archiver/warc/bytes", self.writer.size - before)
        self._in_file += 1
        self._unpublished += 1
        if self._unpublished >= PUBLISH_EVERY:
            self.publish()

    def _write(self, request: Request, response: Response) -> tuple[RecordLocation, str]:
        """Write the exchange; where the body lies (maybe an earlier record), and WARC-Date."""
        assert self.writer is not None
        exchange = exchange_from(request, response, datetime.now(UTC))
        date = warc_date(exchange.fetched_at)
        digest = payload_digest(exchange.body)
        url = exchange.url.split("#", 1)[0]
        candidate = exchange.body and 200 <= exchange.status < 300
        earlier = self.earlier.get(url, digest) if candidate else None
        if exchange.status == 304 and NOT_MODIFIED_META in request.meta:
            earlier = request.meta[NOT_MODIFIED_META]  # whose validators were sent
            self._count("archiver/warc/not_modified")
        written = self.writer.write(exchange, revisit_of=earlier, digest=digest)
        self._count("archiver/warc/records", 2)
        self._count(f"archiver/warc/{'revisits' if earlier else 'responses'}")
        if earlier is None and 200 <= exchange.status < 300:
            self.earlier.add(url, digest, Capture(url, date, written.record_id, written))
        try:
            links = outlinks(exchange, response) if self.with_outlinks else None
        except ValueError as exc:
            self._count("archiver/warc/outlinks_errors")
            logger.warning("%s", exc)
            links = None
        if links is not None:
            self.writer.write_metadata(exchange, written.record_id, links)
            self._count("archiver/warc/records")
            self._count("archiver/warc/metadata")
        if earlier is not None and earlier.location is not None:
            self._original(request, exchange, earlier.location, earlier.date)
            return earlier.location, date  # a revisit has no body: name the record that has it
        self._original(request, exchange, written, date)
        return written, date

    def _original(
        self, request: Request, exchange: Exchange, payload: RecordLocation, fetched: str
    ) -> None:
        """--from-archive: a memento recorded at the blog's own URL too (archive/mementos.py)."""
        memento = request.meta.get(MEMENTO_META)
        if memento is None or self.writer is None or not 200 <= exchange.status < 400:
            return
        if write_original(self.writer, exchange, memento["original"], payload, fetched):
            self._count("archiver/warc/records")
            self._count("archiver/warc/originals")

    def spider_closed(self, spider: Spider, reason: str = "finished") -> None:
        self.publish()  # before the report and the stats dump read them
        self.earlier.close()
        if self.writer is None:
            return
        self.writer.close()
        self.writer = None
        if reason == COULD_NOT_START:
            self._close_live()
            self.discard()
            return
        logger.info("Closed WARC %s", self.path)
        if self.index:
            self._build()

    def _build(self) -> None:
        """The collection's index and pages list (and WACZ): an error is counted, not raised."""
        try:
            built = build_collection(self.output, live=self.live, wacz=self.package)
        except Exception:
            self.stats.inc_value("archiver/wacz/errors")
            logger.exception("Could not index and package %s", self.output)
            return
        finally:
            self._close_live()
        self.stats.set_value("archiver/wacz/pages", built.pages)
        if built.wacz is not None:
            self.stats.set_value("archiver/wacz/path", str(built.wacz))
            logger.info("Indexed %s, %d pages, packaged %s", built.cdxj, built.pages, built.wacz)
        else:
            logger.info("Indexed %s, %d pages", built.cdxj, built.pages)

    def _close_live(self) -> None:
        if self.live is not None:
            self.live.close()
            self.live = None

    def discard(self) -> None:
        """Delete the WARC files of this crawl, and the folders it created if left empty."""
        for path in self.paths:
            path.unlink(missing_ok=True)
        for folder in self._made:  # deepest first
            try:
                folder.rmdir()
            except OSError:  # not empty: something else is in it
                break
        logger.info("Nothing archived: %d WARC files deleted", len(self.paths))
