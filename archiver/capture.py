"""Scrapy extension writing every downloaded HTTP exchange to a WARC file.

It listens to ``signals.response_downloaded``, which the downloader sends as soon as the
download handler returns, before any downloader middleware ``process_response`` runs:
``response.body`` is still the body as transferred (a gzip body is still gzip, since
HttpCompressionMiddleware has not decoded it yet) and redirects, 404s and robots.txt are
all seen. ``request.headers`` are final by then (User-Agent, Accept*, Cookie... are
added by downloader middlewares' ``process_request``).

What Scrapy/Twisted do not give back, hence what the WARC cannot hold exactly:

* the reason phrase (rebuilt from the status code) and header name case (Scrapy
  title-cases names: ``ETag`` becomes ``Etag``); repeated headers are grouped;
* hop-by-hop headers: Twisted keeps ``Transfer-Encoding``, ``Connection`` and
  ``Keep-Alive`` to itself, and Scrapy re-creates ``Content-Length`` (first, from the
  parsed length); a chunked response thus arrives with neither header;
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
from archiver.warc import Exchange, Headers, WarcWriter

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

WARC_1_1_SPEC = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"


def _pairs(headers: Any) -> Headers:
    """Scrapy ``Headers`` as (name, value) pairs, one per value, decoded latin-1."""
    return [
        (key.decode("latin-1"), value.decode("latin-1"))
        for key in headers
        for value in headers.getlist(key)
    ]


def reason_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def exchange_from(request: Request, response: Response, fetched_at: datetime) -> Exchange:
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
        reason=reason_phrase(response.status),
        response_headers=_pairs(response.headers),
        body=response.body,
        fetched_at=fetched_at,
        ip=str(response.ip_address) if response.ip_address else None,
        truncated=truncated,
    )


class WarcCapture:
    """Write ``<ARCHIVER_OUTPUT>/warc/<prefix>-<UTC timestamp>-00000.warc.gz``."""

    def __init__(
        self,
        crawler: Crawler,
        output: Path,
        prefix: str,
        user_agent: str,
        robots_obey: bool,
        operator: str,
    ) -> None:
        self.crawler = crawler
        self.output = output
        self.prefix = prefix
        self.user_agent = user_agent
        self.robots_obey = robots_obey
        self.operator = operator
        self.path: Path | None = None
        self.writer: WarcWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("ARCHIVER_WARC_ENABLED", True):
            raise NotConfigured("ARCHIVER_WARC_ENABLED is off")
        ext = cls(
            crawler,
            output=Path(settings.get("ARCHIVER_OUTPUT") or "output"),
            prefix=settings.get("ARCHIVER_WARC_PREFIX") or "archiver",
            user_agent=settings.get("USER_AGENT") or "",
            robots_obey=settings.getbool("ROBOTSTXT_OBEY"),
            operator=settings.get("ARCHIVER_OPERATOR") or "",
        )
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

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
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        info = self.warcinfo(spider)
        for serial in range(100_000):  # same second as an earlier crawl: next serial
            path = folder / f"{self.prefix}-{stamp}-{serial:05d}.warc.gz"
            try:
                self.writer = WarcWriter(path, info)
                break
            except FileExistsError:
                continue
        else:
            raise RuntimeError(f"no free WARC file name in {folder}")
        self.path = path
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("archiver/warc/path", str(path))
        logger.info("Writing WARC to %s", path)

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        if self.writer is None or not request.url.startswith(("http://", "https://")):
            return  # data:, file:, ftp:... responses are not HTTP exchanges
        stats = self.crawler.stats
        assert stats is not None
        before = self.writer.size
        try:
            self.writer.write(exchange_from(request, response, datetime.now(UTC)))
        except Exception:
            # Signal handler errors are only logged by Scrapy; make them countable too.
            stats.inc_value("archiver/warc/errors")
            logger.exception("Could not write %s to the WARC", request.url)
            return
        stats.inc_value("archiver/warc/records", 2)
        stats.inc_value("archiver/warc/responses")
        stats.inc_value("archiver/warc/bytes", self.writer.size - before)

    def spider_closed(self, spider: Spider) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            logger.info("Closed WARC %s", self.path)
