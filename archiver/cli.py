"""The `archiver` command: crawl a blog, or run the demo on the bundled sample blog."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FAST_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


def crawl(urls: Sequence[str], output: Path, *, fast: bool, log_level: str = "INFO") -> int:
    """Run the dotclear spider over `urls` into `output`; returns the process exit status."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "archiver.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("ARCHIVER_OUTPUT", str(output), priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    if fast:
        settings.setdict(FAST_SETTINGS, priority="cmdline")
    output.mkdir(parents=True, exist_ok=True)
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler("dotclear")
    process.crawl(crawler, urls=list(urls))
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    _summary(output, stats)
    if not stats.get("archiver/posts", 0):
        return 1  # nothing archived
    return 2 if stats.get("archiver/pages/failed", 0) else 0  # 2: archived, some pages failed


def _summary(output: Path, stats: dict[str, Any]) -> None:
    warcs = sorted((output / "warc").glob("*.warc.gz"))
    lines = [
        "",
        f"Posts:       {stats.get('archiver/posts', 0)} -> {output / 'posts.jsonl'}",
        f"Pages:       {stats.get('downloader/response_count', 0)} fetched, "
        f"{stats.get('archiver/pages/failed', 0)} failed",
        f"Dates:       {stats.get('archiver/date/unparsed', 0)} unparsed, "
        f"{stats.get('archiver/date/day_only', 0)} day only",
        f"WARC files:  {', '.join(str(w) for w in warcs) or 'none'}",
    ]
    print("\n".join(lines))


def demo(output: Path, theme: str) -> int:
    """Serve the bundled sample blog on 127.0.0.1 and crawl it."""
    from archiver.sample_blog.server import SampleBlogServer

    with SampleBlogServer(theme=theme) as server:
        print(f"Sample Dotclear blog ({theme} theme) served at {server.url}")
        status = crawl([server.url], output, fast=True)
    first = output / "posts.jsonl"
    if first.exists():
        with first.open(encoding="utf-8") as fh:
            record = json.loads(fh.readline() or "{}")
        print(f"First record: {record.get('title')!r}, published {record.get('published')}")
    print(f"Done. Outputs are in {output.resolve()}")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="archiver", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    crawl_cmd = commands.add_parser("crawl", help="archive Dotclear blogs or tags")
    crawl_cmd.add_argument("urls", nargs="+", metavar="URL", help="a blog root or a tag URL")
    crawl_cmd.add_argument("--output", type=Path, default=Path("output"))
    crawl_cmd.add_argument(
        "--fast", action="store_true", help="no politeness delays (for a blog on your machine)"
    )
    crawl_cmd.add_argument("--log-level", default="INFO")
    demo_cmd = commands.add_parser("demo", help="crawl the bundled sample blog on 127.0.0.1")
    demo_cmd.add_argument("--output", type=Path, default=Path("output"))
    demo_cmd.add_argument("--theme", default="default", choices=["default", "berlin", "ductile"])
    args = parser.parse_args(argv)
    if args.command == "crawl":
        return crawl(args.urls, args.output, fast=args.fast, log_level=args.log_level)
    return demo(args.output, args.theme)


if __name__ == "__main__":
    sys.exit(main())
