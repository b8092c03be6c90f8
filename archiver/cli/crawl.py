"""`archiver crawl URL... [--output DIR] [--fast]`: archive Dotclear blogs or tags."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from archiver.cli.status import COMPLETE, COULD_NOT_START, INCOMPLETE, fail, usage_error
from archiver.cli.workers import add_redis_options, joined_output, redis_overrides


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("crawl", help="archive Dotclear blogs or tags")
    parser.add_argument("urls", nargs="+", metavar="URL", help="a blog root or a tag URL")
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument(
        "--fast", action="store_true", help="no politeness delays (for a blog on your machine)"
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="crawl into an output folder that holds another crawl (replaces posts.jsonl)",
    )
    parser.add_argument(
        "--no-requisites",
        action="store_true",
        help="a dataset-only crawl: no page requisites (stylesheets, scripts, pictures, fonts) "
        "and no pages beyond the dataset's (categories, comment feeds, media...)",
    )
    parser.add_argument(
        "--requisites-hosts",
        metavar="HOST[,HOST...]",
        help="also fetch the requisites these other hosts serve (host or host:port), or 'all'",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted crawl in --output (after Ctrl-C, SIGTERM or kill -9)",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="recrawl into --output: conditional requests, only new and changed posts "
        "fetched, posts.jsonl merged in place (a first crawl if --output is empty)",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="with --update: walk every listing and ask again for every known post "
        "(finds posts gone)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="crawl a start URL that does not look like a Dotclear blog anyway",
    )
    parser.add_argument(
        "--wacz",
        action="store_true",
        help="also package the WARCs as archive.wacz at the end (a second copy on disk; "
        "later: archiver package DIR)",
    )
    _archive_options(parser)
    add_redis_options(parser)  # --redis, --worker, --keep-alive (cli/workers.py)
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument(
        "--pseudonymise-commenters",
        metavar="SALT",
        help="commenters' names and websites as salted hashes in posts.jsonl (not in the WARC)",
    )
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy or ARCHIVER_* setting (see docs/settings.md)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archiver.crawl.start import start_url_problem

    for url in args.urls:  # before anything is created
        problem = start_url_problem(url)
        if problem:
            usage_error(problem)
    overrides = dict(_setting(item) for item in args.set)
    overrides.update(redis_overrides(args))
    if args.pseudonymise_commenters:
        overrides["ARCHIVER_PSEUDONYMISE_SALT"] = args.pseudonymise_commenters
    if args.overwrite:
        overrides["ARCHIVER_OVERWRITE"] = "1"
    if args.no_requisites:
        overrides["ARCHIVER_REQUISITES"] = "0"
    if args.requisites_hosts:
        overrides["ARCHIVER_REQUISITES_HOSTS"] = args.requisites_hosts
    if args.wacz:
        overrides["ARCHIVER_WACZ_ENABLED"] = "1"
    if args.full and not args.update:
        usage_error("--full goes with --update")
    if args.update and args.resume:
        usage_error("--resume an interrupted crawl first, then --update")
    return crawl(
        args.urls,
        args.output,
        fast=args.fast,
        resume=args.resume,
        update=args.update,
        full=args.full,
        force=args.force,
        log_level=args.log_level,
        archive=_archive_arguments(args),
        **overrides,
    )


def _archive_options(parser: argparse.ArgumentParser) -> None:
    """Crawling the blog from a web archive's captures (docs/from-archive.md)."""
    group = parser.add_argument_group("from a web archive")
    group.add_argument(
        "--from-archive",
        metavar="PREFIX",
        help="read the blog from this web archive's captures, never from its own host: "
        "https://web.archive.org/web/ or a pywb collection http://HOST/COLL/",
    )
    group.add_argument("--archive-api", choices=["ia", "pywb"], help="the CDX API to list with")
    group.add_argument("--at", metavar="YYYYMMDD[hhmmss]", help="the captures closest to then")
    group.add_argument("--from", dest="archive_from", metavar="YYYYMMDD[hhmmss]")
    group.add_argument("--to", dest="archive_to", metavar="YYYYMMDD[hhmmss]")


def _archive_arguments(args: argparse.Namespace) -> dict[str, str]:
    """The archive options as spider arguments (archiver/crawl/fromarchive.py)."""
    names = ("from_archive", "archive_api", "at", "archive_from", "archive_to")
    given = {name: getattr(args, name, None) for name in names}
    if any(given.values()) and not given["from_archive"]:
        usage_error("--archive-api, --at, --from and --to go with --from-archive")
    return {name: value for name, value in given.items() if value}


def _setting(item: str) -> tuple[str, str]:
    name, sep, value = item.partition("=")
    if not sep or not name:
        usage_error(f"--set takes NAME=VALUE, not {item!r}")
    return name, value


def crawl(
    urls: Sequence[str],
    output: Path,
    *,
    fast: bool,
    resume: bool = False,
    update: bool = False,
    full: bool = False,
    force: bool = False,
    log_level: str = "INFO",
    archive: dict[str, str] | None = None,
    **overrides: str,
) -> int:
    """Run the dotclear spider over `urls` into `output`; returns the exit status (0 or 3).

    Exits (SystemExit, one line on stderr) with status 4 when the output folder is refused or
    the crawl could not start; then nothing is left in `output` (archiver/crawl/start.py).
    """
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "archiver.crawl.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    settings.setdict(overrides, priority="cmdline")
    from archiver.crawl.output import OutputRefusedError, check_output
    from archiver.crawl.start import COULD_NOT_START as NOT_STARTED
    from archiver.crawl.start import PROBLEM_STAT

    folder = joined_output(settings, output)  # with REDIS_URL: the worker's own folder
    try:  # the OutputGuard extension checks again, for `scrapy crawl` and Scrapyd
        overwrite = resume or update or settings.getbool("ARCHIVER_OVERWRITE")
        check_output(folder, overwrite=overwrite)
    except OutputRefusedError as error:
        fail(str(error), COULD_NOT_START)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("dotclear")
    # The same spider arguments as `scrapy crawl dotclear -a ...` and Scrapyd's schedule.json.
    process.crawl(
        crawler,
        urls=list(urls),
        output=str(output),
        fast="1" if fast else "",
        resume="1" if resume else "",
        update="1" if update else "",
        full="1" if full else "",
        force="1" if force else "",
        **(archive or {}),  # from_archive=PREFIX, at=...
    )
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    if stats.get("finish_reason") == NOT_STARTED:  # the crawl removed what it wrote
        fail(stats.get(PROBLEM_STAT) or "the crawl could not start", COULD_NOT_START)
    print(summary(folder, stats))
    if stats.get("finish_reason") != "finished" or stats.get("archiver/pages/failed", 0):
        return INCOMPLETE
    if stats.get("archiver/coverage/short", 0):  # fewer posts than the blog counts somewhere
        return INCOMPLETE
    return COMPLETE


def summary(output: Path, stats: dict[str, Any]) -> str:
    warcs = sorted((output / "warc").glob("*.warc.gz"))
    return "\n".join(
        [
            "",
            f"Posts:       {stats.get('archiver/posts', 0)} -> {output / 'posts.jsonl'}",
            *_update_line(stats),
            *_archive_line(stats),
            f"Pages:       {stats.get('downloader/response_count', 0)} fetched, "
            f"{stats.get('archiver/pages/failed', 0)} failed",
            f"Requisites:  {stats.get('archiver/requisites/fetched', 0)} fetched "
            f"({stats.get('archiver/requisites/bytes', 0)} bytes), "
            f"{stats.get('archiver/requisites/failed', 0)} failed; linked pages: "
            f"{stats.get('archiver/links/fetched', 0)} fetched, "
            f"{stats.get('archiver/links/failed', 0)} failed",
            f"Dates:       {stats.get('archiver/date/unparsed', 0)} unparsed, "
            f"{stats.get('archiver/date/day_only', 0)} day only",
            f"WARC files:  {', '.join(str(w) for w in warcs) or 'none'}",
            f"WACZ:        {stats.get('archiver/wacz/path', 'none (archiver package)')} "
            f"({stats.get('archiver/wacz/pages', 0)} pages); check: archiver validate {output}",
            *_coverage_line(stats),
        ]
    )


def _coverage_line(stats: dict[str, Any]) -> list[str]:
    """Last: how complete the copy is, by the blog's own counts (archiver/crawl/coverage.py)."""
    line = stats.get("archiver/coverage/line")
    return [f"Coverage:    {line}"] if line else []


def _archive_line(stats: dict[str, Any]) -> list[str]:
    """--from-archive: what the archive held and gave (crawl-report.json's archive section)."""
    if "archiver/archive/captures_listed" not in stats:
        return []

    def n(name: str) -> Any:
        return stats.get(f"archiver/archive/{name}", 0)

    return [
        f"Archive:     {n('captures_listed')} captures listed, {n('mementos')} read "
        f"({n('chosen/fallen_back')} fallen back), {n('never_captured')} never captured, "
        f"{n('error_only')} errors only, {n('rebuilt')} posts rebuilt from listings; "
        f"{n('refused')} refused (429/503), {n('retry_after_seconds')} s asked to wait"
    ]


def _update_line(stats: dict[str, Any]) -> list[str]:
    if "archiver/update/new" not in stats:
        return []
    counts = ", ".join(
        f"{stats.get(f'archiver/update/{name}', 0)} {name}"
        for name in ("new", "changed", "unchanged", "gone", "kept")
    )
    not_modified = stats.get("archiver/update/not_modified", 0)
    return [f"Update:      {counts}; {not_modified} pages not modified (304)"]
