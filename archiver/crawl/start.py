"""A crawl that cannot start ends at once, with one line saying why, and writes nothing.

The spider marks the first request of each scope (the blog's home page, or the tag's listing)
with `START_META`. When every one of them has failed (unreachable host, HTTP error, robots.txt)
or answered with a page that does not look like a Dotclear blog, the spider closes with the
reason `COULD_NOT_START` and the problem in the stat `archiver/start/problem`. No extra request
is made: the start pages are the crawl's own first requests.

The components that write files read that close reason: the WARC capture deletes the files it
opened and builds no index, the crawl report and the dataset card are not written, and
`store_no_empty_feed` keeps the feed export from storing an empty posts.jsonl, or from
emptying an earlier one. A crawl that could not start leaves its output folder as it found it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.extensions.feedexport import FeedExporter
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro

from archiver.dotclear.markup import looks_like_dotclear

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

COULD_NOT_START = "could_not_start"  # the close reason
START_META = "archiver_start"  # request.meta key: the start URL a request is the first of
PROBLEM_STAT = "archiver/start/problem"
FORCE_HINT = "--force (spider argument force=1) crawls it anyway"

# Exceptions by class name, Scrapy's own (2.13+) and Twisted's, in words.
_UNREACHABLE = {
    "DownloadConnectionRefusedError": "connection refused",
    "ConnectionRefusedError": "connection refused",
    "CannotResolveHostError": "no such host (DNS lookup failed)",
    "DNSLookupError": "no such host (DNS lookup failed)",
    "DownloadTimeoutError": "timed out",
    "TimeoutError": "timed out",
    "TCPTimedOutError": "timed out",
    "NoRouteError": "no route to host",
    "ConnectionLost": "connection lost before an answer",
    "ConnectionDone": "connection closed before an answer",
}


def start_url_problem(url: str) -> str | None:
    """Why `url` cannot start a crawl (not http:// or https://, no host), or None."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not an http:// or https:// URL"
    return None


def _causes(error: BaseException) -> list[BaseException]:
    """The error, what it was raised from, and the failures Twisted wraps (`reasons`)."""
    found: list[BaseException] = []
    pending = [error]
    while pending and len(found) < 20:
        current = pending.pop(0)
        found.append(current)
        pending += [r.value for r in getattr(current, "reasons", None) or [] if r.value]
        if current.__cause__ is not None:
            pending.append(current.__cause__)
    return found


def _tls_words(error: BaseException) -> str:
    """pyOpenSSL's error list `[('SSL routines', '', 'wrong version number')]` as its last words."""
    errors = error.args[0] if error.args and isinstance(error.args[0], list) else []
    words = [str(e[-1]) for e in errors if isinstance(e, tuple) and e and e[-1]]
    return "; ".join(words) or str(error) or type(error).__name__


def unreachable_reason(failure: Failure) -> str:
    """Why a start request failed, in a few words: "connection refused", "HTTP 404"..."""
    error = failure.value
    if isinstance(error, HttpError) and error.response is not None:
        return f"it answered HTTP {error.response.status}"
    if isinstance(error, IgnoreRequest):
        return str(error) or "the request was dropped"
    for cause in _causes(error) if error is not None else []:
        module = type(cause).__module__
        if module.startswith(("OpenSSL", "ssl", "service_identity")):
            return f"TLS handshake failed ({_tls_words(cause)})"
        words = _UNREACHABLE.get(type(cause).__name__)
        if words is not None:
            return words
    message = failure.getErrorMessage()
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


class StartWatch:
    """The spider's start requests: answered, failed, or still waited for."""

    def __init__(self, *, force: bool) -> None:
        self.force = force  # crawl a site that does not look like Dotclear anyway
        self.waiting: set[str] = set()
        self.problems: dict[str, str] = {}  # start URL -> what went wrong
        self.started = False

    def expect(self, url: str) -> dict[str, str]:
        """The meta of a start request for `url`."""
        self.waiting.add(url)
        return {START_META: url}

    def answered(self, response: Response) -> str | None:
        """A start page came: None if the crawl goes on from it, else the problem."""
        url = response.meta[START_META]
        self.waiting.discard(url)
        if not self.force:
            html = getattr(response, "text", "")  # a binary answer is no blog either
            dotclear, looked_for = looks_like_dotclear(response.url, html)
            if not dotclear:
                problem = f"{url} does not look like a Dotclear blog ({looked_for}); {FORCE_HINT}"
                self.problems[url] = problem
                return problem
        self.started = True
        return None

    def failed(self, url: str, failure: Failure) -> str:
        """A start request failed, retries spent: the problem."""
        self.waiting.discard(url)
        reason = unreachable_reason(failure)
        reached = failure.check(HttpError, IgnoreRequest)  # an answer, or a rule said no
        verb = "could not archive" if reached else "could not reach"
        self.problems[url] = problem = f"{verb} {url}: {reason}"
        return problem

    def could_not_start(self) -> bool:
        """Every start request is settled and none gave a page to crawl from."""
        return bool(self.problems) and not self.waiting and not self.started

    def message(self) -> str:
        return "; ".join(self.problems.values())

    def give_up_if_no_start(self, crawler: Crawler) -> None:
        """Close the crawl when it could not start.

        Not by raising CloseSpider: from an errback, Scrapy would also log the download error
        again, with its traceback.
        """
        if not self.could_not_start():
            return
        assert crawler.stats is not None and crawler.engine is not None
        crawler.stats.set_value(PROBLEM_STAT, self.message())
        logger.error("%s", self.message())
        deferred_from_coro(crawler.engine.close_spider_async(reason=COULD_NOT_START))


def store_no_empty_feed(crawler: Crawler) -> None:
    """Feeds with no item are not stored, for a crawl that could not start.

    Scrapy stores an empty feed when no item came (FEED_STORE_EMPTY), which would also empty an
    earlier posts.jsonl crawled over with --overwrite. Called from the spider's `closed()`,
    which runs before any extension's spider_closed handler, Scrapy's FeedExporter included.
    """
    exporter = crawler.get_extension(FeedExporter)
    for slot in exporter.slots if exporter is not None else []:
        slot.store_empty = False
