"""Downloader middlewares."""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with every waiting request given the parsed rules.

    Since scrapy/scrapy#6802, requests waiting on a host's robots.txt await one shared Deferred
    through `asFuture`, whose callback returns None: the first waiter gets the rules, every other
    one None, which means "allow everything". Re-reading the stored parser after the wait
    gives each request the rules.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        stored = self._parsers.get(urlparse_cached(request).netloc)
        return parser if isinstance(stored, Deferred) else stored
