"""Redirects that leave the blog's host are recorded, never followed.

Scrapy's offsite filtering compares host names only: a redirect from 127.0.0.1:8000 to
127.0.0.1:9000, or from http:// to https:// on a parked domain's server, would pass. This
downloader middleware sits before RedirectMiddleware and stops any redirect whose target is not
on the same scheme, host and port as the request; the 3xx response itself is in the WARC.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest
from w3lib.url import safe_url_string

from archiver.crawl.events import emit

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

REDIRECTS = frozenset([301, 302, 303, 307, 308])


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


class OffHostRedirectError(IgnoreRequest):
    """A redirect to another host, recorded and not followed."""


class OffHostRedirectMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status not in REDIRECTS or not location or request.meta.get("dont_redirect"):
            return response
        target = safe_url_string(urljoin(request.url, location.decode("latin-1")))
        if origin(target) == origin(request.url):
            return response
        reason = f"HTTP {response.status} redirect to another host, not followed: {target}"
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("archiver/redirect/offhost")
        logger.warning("%s: %s", request.url, reason)
        emit(self.crawler, "offhost_redirect", request.url, reason)
        raise OffHostRedirectError(reason)
