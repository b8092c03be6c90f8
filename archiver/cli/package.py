"""`archiver package [DIR]`: the crawl's WARCs, index and pages list as one WACZ file.

A crawl leaves its WARC files, CDXJ index and pages list; the WACZ package (for
ReplayWeb.page, or to hand over one file) is a second copy of the WARCs, so it is made on
demand: here, or at the crawl's end with `archiver crawl --wacz`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from archiver.cli.status import COMPLETE, UNEXPECTED, fail


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "package", help="package a crawl's WARCs as archive.wacz (for ReplayWeb.page)"
    )
    parser.add_argument("output", nargs="?", type=Path, default=Path("output"), metavar="DIR")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archiver.archive.indexing import PAGES_NAME, build_collection, collection_warcs, package

    output: Path = args.output
    warcs = collection_warcs(output)
    if not warcs:
        fail(f"{output} has no WARC files: crawl first", UNEXPECTED)
    pages = output / PAGES_NAME
    newest = max(path.stat().st_mtime for path in warcs)
    try:
        if not pages.is_file() or pages.stat().st_mtime < newest:
            build_collection(output)  # no pages list, or one older than a WARC: made again
        wacz = package(output)
    except RuntimeError as error:
        fail(str(error), UNEXPECTED)
    print(f"WACZ: {wacz} ({len(warcs)} WARC files)")
    return COMPLETE
