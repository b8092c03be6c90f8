"""The crawl's end timed from inside the crawl: CPU from the spider's close to the exit.

A Scrapy extension the benchmark adds to its crawls (`-s BENCH_END_CLOCK=FILE`): connected
first to `spider_closed`, it notes the process's CPU time when the close begins, and at the
process's exit writes the CPU spent since (the WARC closed, the index sorted, the pages list,
the report, the feed finished, the dataset card...), child processes included, as JSON.
"""

from __future__ import annotations

import atexit
import json
import resource
import time
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

SETTING = "BENCH_END_CLOCK"
EXTENSION = "archiver.bench.endclock.EndClock"


def _cpu() -> tuple[float, float]:
    """This process's CPU seconds, and its waited-for children's."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time(), children.ru_utime + children.ru_stime


class EndClock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.closing: tuple[float, float] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EndClock:
        path = crawler.settings.get(SETTING)
        if not path:
            raise NotConfigured(f"{SETTING} is not set")
        clock = cls(Path(path))
        crawler.signals.connect(clock.spider_closed, signal=signals.spider_closed)
        atexit.register(clock.write)
        return clock

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.closing = _cpu()

    def write(self) -> None:
        if self.closing is None:
            return
        now = _cpu()
        own, children = now[0] - self.closing[0], now[1] - self.closing[1]
        numbers = {"close_cpu_s": round(own + children, 3), "children_cpu_s": round(children, 3)}
        self.path.write_text(json.dumps(numbers) + "\n", encoding="utf-8")


def crawl_settings(path: Path) -> list[str]:
    """`archiver crawl` arguments adding the clock first among the crawl's extensions."""
    from archiver.crawl import settings

    extensions = {EXTENSION: -100, **settings.EXTENSIONS}
    return ["-s", f"EXTENSIONS={json.dumps(extensions)}", "-s", f"{SETTING}={path}"]
