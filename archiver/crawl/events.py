"""One signal for what the crawl report must tell: a page lost, skipped, refused or repaired.

Components send it with `emit(crawler, kind, url, reason)`; the crawl report (`report.py`)
collects it. Kinds in use: "failed", "robots", "offhost_redirect", "charset",
"pagination_loop", "dead_end".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

report_event = object()  # send_catch_log(report_event, kind=, url=, reason=)


def emit(crawler: Crawler, kind: str, url: str, reason: str) -> None:
    crawler.signals.send_catch_log(report_event, kind=kind, url=url, reason=reason)
