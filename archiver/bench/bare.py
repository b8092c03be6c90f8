"""The CPU baseline: a bare Scrapy spider that follows the same links and does nothing else.

    python -m archiver.bench.bare URL --allow paths.txt

It runs with archiver's own settings and `--fast` (same concurrency, robots.txt, User-Agent,
middlewares) minus what archiver adds on top of fetching: no item pipelines, no WARC capture,
no posts.jsonl. From every page and stylesheet it follows the `href`s, `src`s and CSS `url()`s
and `@import`s whose path (and query) is listed in `--allow` (one request target a line: the
pages and requisites archiver's crawl fetched), so both crawls fetch the same URLs; it parses
nothing beyond finding those references with one regular expression.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from w3lib.url import safe_url_string

_REFERENCE = re.compile(
    r'(?:href|src)="([^"#]+)|url\(\s*[\'"]?([^\'")#\s]+)|@import\s+[\'"]([^\'"#]+)'
)


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, url: str, allow: frozenset[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url
        self.allow = allow
        self.seen: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.url)
        yield scrapy.Request(urljoin(self.url, "tags"))

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):  # a picture, a font: names nothing
            return
        for found in _REFERENCE.findall(response.text):
            href = next(group for group in found if group)
            url = safe_url_string(urljoin(response.url, href.replace("&amp;", "&")))
            parts = urlsplit(url)
            target = parts.path + ("?" + parts.query if parts.query else "")
            if target in self.allow and target not in self.seen:
                self.seen.add(target)
                yield scrapy.Request(url)


def bare_settings() -> Any:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "archiver.crawl.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict(settings.getdict("ARCHIVER_FAST_SETTINGS"), priority="cmdline")
    for name in ("ITEM_PIPELINES", "EXTENSIONS", "FEEDS"):
        settings.set(name, {}, priority="cmdline")
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    return settings


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--allow", type=Path, required=True)
    args = parser.parse_args(argv)
    from scrapy.crawler import CrawlerProcess

    allow = frozenset(args.allow.read_text(encoding="utf-8").split())
    process = CrawlerProcess(bare_settings(), install_root_handler=True)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, url=args.url, allow=allow)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(f"responses: {stats.get('downloader/response_count', 0)}")


if __name__ == "__main__":
    main()
