"""Decoding pages whose declared charset is wrong: the declared one, then detection.

Old blogs moved between hosts and PHP versions; a page declared UTF-8 may hold ISO-8859-1
bytes, and the reverse. Scrapy decodes with the declared charset and replaces what does not
fit with U+FFFD, so "é" would be lost for good in posts.jsonl. Here the declared charset is
tried strictly first; when it does not fit (or when single-byte text is in fact valid UTF-8),
the fallbacks of ARCHIVER_CHARSET_FALLBACKS are tried in order, then charset-normalizer's
guess. What was done is logged, counted (`archiver/charset/corrected`) and reported. The WARC
keeps the bytes as served.
"""

from __future__ import annotations

import codecs
import logging
from typing import TYPE_CHECKING, Self

from scrapy.http import HtmlResponse

from archiver.crawl.events import emit

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

_UTF8 = "utf-8"


def _name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


def _fits(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _detect(body: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    return _name(best.encoding) if best is not None else None


def choose_encoding(
    body: bytes, declared: str, fallbacks: Sequence[str] = (_UTF8, "cp1252")
) -> tuple[str, str | None]:
    """The encoding to decode `body` with, and a note when it is not the declared one."""
    declared = _name(declared)
    if body.isascii():
        return declared, None
    if declared != _UTF8 and _fits(body, _UTF8):
        # Single-byte text is almost never valid UTF-8 by chance: these are UTF-8 bytes.
        return _UTF8, f"declared {declared}, bytes are valid UTF-8: decoded as utf-8"
    if _fits(body, declared):
        return declared, None
    for candidate in [_name(f) for f in fallbacks] + [_detect(body) or ""]:
        if candidate and candidate != declared and _fits(body, candidate):
            return candidate, f"declared {declared}, bytes are not: decoded as {candidate}"
    return declared, f"declared {declared}, no charset fits: undecodable bytes replaced"


class CharsetMiddleware:
    """Downloader middleware (after HttpCompressionMiddleware): re-decode wrongly declared HTML."""

    def __init__(self, crawler: Crawler, fallbacks: list[str]) -> None:
        self.crawler = crawler
        self.fallbacks = fallbacks

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        fallbacks = crawler.settings.getlist("ARCHIVER_CHARSET_FALLBACKS", [_UTF8, "cp1252"])
        return cls(crawler, fallbacks)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse):
            return response
        chosen, note = choose_encoding(response.body, response.encoding, self.fallbacks)
        if note is None:
            return response
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("archiver/charset/corrected")
        logger.warning("Charset of %s: %s", response.url, note)
        emit(self.crawler, "charset", response.url, note)
        return response.replace(encoding=chosen)
