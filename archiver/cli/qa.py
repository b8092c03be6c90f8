"""`archiver qa [DIR]`: open captured pages replayed by pywb in headless Chromium, and report
what the archive could not answer and what tried to leave it (archiver/archive/qa.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archiver.archive.qa import KindOf, PageReport

ROW = "{:>6}  {:>9}  {:>10}  {:>5}  {:>7}  {}"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "qa", help="open captured pages through pywb in headless Chromium; report what fails"
    )
    parser.add_argument("output", nargs="?", type=Path, default=Path("output"), metavar="DIR")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--pages",
        type=int,
        metavar="N",
        help="N pages (default: home, each listing kind, 10 posts)",
    )
    which.add_argument("--all", action="store_true", help="every captured HTML page")
    parser.add_argument("--screenshots", type=Path, metavar="DIR", help="a PNG of each page here")
    parser.add_argument(
        "--chromium", metavar="PATH", help="the browser (default: $ARCHIVER_CHROMIUM, `chromium`)"
    )
    parser.add_argument(
        "--timeout", type=float, default=20.0, help="seconds for a page to load (default 20)"
    )
    parser.set_defaults(func=run)


def dotclear_kinds(home: str) -> KindOf:
    """Page kinds as Dotclear's URL shapes tell them, for the blog whose home is `home`."""
    from archiver.dotclear.markup import Blog

    blog = Blog.from_url(home)

    def kind(url: str) -> str:
        found = blog.kind(url)
        return found.value if found is not None else "other"

    return kind


def _row(page: PageReport) -> None:
    failed = (len(page.failed_same_host), len(page.failed_other_host))
    status = page.status if page.error is None else "ERROR"
    print(ROW.format(status or "-", *failed, len(page.leaks), len(page.console_errors), page.url))
    if page.error is not None:
        print(f"        {page.error}")


def run(args: argparse.Namespace) -> int:
    from archiver.archive.qa import (
        REPORT_NAME,
        ChromiumNotFound,
        find_chromium,
        read_pages,
        run_qa,
        sample,
        write_report,
    )

    try:
        chromium = find_chromium(args.chromium)
        pages = read_pages(args.output)
    except ChromiumNotFound as exc:
        print(f"archiver qa: {exc}")
        return 4
    except FileNotFoundError as exc:
        print(f"archiver qa: {exc.filename or exc}: no pages list: crawl first")
        return 2
    if not pages:
        print(f"archiver qa: {args.output} has no captured HTML page to open")
        return 2
    if args.pages is not None and args.pages < 1:
        print("archiver qa: --pages takes a number of pages, 1 or more")
        return 2
    chosen = sample(pages, dotclear_kinds(pages[0].url), args.pages, args.all)
    print(ROW.format("status", "same-host", "other-host", "leaks", "console", "page"))
    try:
        report = run_qa(args.output, chosen, chromium, args.screenshots, args.timeout, _row)
    except ChromiumNotFound as exc:
        print(f"archiver qa: {exc}")
        return 4
    write_report(report, args.output / REPORT_NAME)
    totals = report.totals()
    print(
        f"{totals['pages']} pages: {totals['failed_same_host']} failed same-host sub-requests, "
        f"{totals['failed_other_host']} failed other-host, {totals['leaks']} leaks, "
        f"{totals['console_errors']} console errors, {totals['page_errors']} pages not opened"
    )
    print(f"{'complete' if report.ok else 'INCOMPLETE'}: report in {args.output / REPORT_NAME}")
    return 0 if report.ok else 3
