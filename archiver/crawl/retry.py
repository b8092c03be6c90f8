"""Retries with exponential back-off that honour Retry-After.

Scrapy's RetryMiddleware re-queues a failed request at once and ignores Retry-After: a server
answering 503 or 429 to say "come back in a minute" is asked again straight away. This one
waits before handing the retry back: the server's Retry-After when it gives one (seconds or an
HTTP date), else ARCHIVER_RETRY_BACKOFF doubled at each try, capped at
ARCHIVER_RETRY_BACKOFF_MAX. The number of tries stays bounded by RETRY_TIMES. A Retry-After
longer than ARCHIVER_RETRY_AFTER_MAX is not waited for: the URL is given up and reported.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Self

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import reactor
from twisted.internet.task import deferLater

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)


def retry_after(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header value; None when absent or unreadable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff(base: float, cap: float, tries: int) -> float:
    """The wait before try number `tries + 1`: base, 2*base, 4*base... at most cap."""
    return float(min(cap, base * 2 ** max(0, tries - 1)))


async def sleep(seconds: float) -> None:
    if seconds > 0:
        await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class BackoffRetryMiddleware(RetryMiddleware):
    base = 1.0  # ARCHIVER_RETRY_BACKOFF
    cap = 60.0  # ARCHIVER_RETRY_BACKOFF_MAX
    after_max = 300.0  # ARCHIVER_RETRY_AFTER_MAX

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = super().from_crawler(crawler)
        settings = crawler.settings
        mw.base = settings.getfloat("ARCHIVER_RETRY_BACKOFF", 1.0)
        mw.cap = settings.getfloat("ARCHIVER_RETRY_BACKOFF_MAX", 60.0)
        mw.after_max = settings.getfloat("ARCHIVER_RETRY_AFTER_MAX", 300.0)
        return mw

    def _stats_inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        wait = retry_after(response.headers.get("Retry-After"))
        if wait is not None and wait > self.after_max:
            self._stats_inc("archiver/retry/after_too_long")
            request.meta["archiver_giveup"] = (
                f"Retry-After {wait:.0f} s > ARCHIVER_RETRY_AFTER_MAX ({self.after_max:.0f} s)"
            )
            logger.warning("Not retrying %s: %s", request.url, request.meta["archiver_giveup"])
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if wait is not None:
            self._stats_inc("archiver/retry/after_honoured")
        await self._wait(retry, wait)
        return retry

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        retry = super().process_exception(request, exception)
        if retry is not None and not hasattr(retry, "status"):  # a Request, not a Response
            await self._wait(retry, None)  # type: ignore[arg-type]
        return retry

    async def _wait(self, retry: Request, wait: float | None) -> None:
        seconds = (
            wait if wait is not None else backoff(self.base, self.cap, retry.meta["retry_times"])
        )
        retry.meta["archiver_retry_wait"] = seconds
        self._stats_inc("archiver/retry/waits")
        await sleep(seconds)
