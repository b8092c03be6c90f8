"""`archiver merge DIR... --output DIR [--copy]`: one collection from a distributed crawl's
worker folders: their WARCs linked (or copied), one replay index, one posts.jsonl."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from archiver.cli.status import COMPLETE, COULD_NOT_START, UNEXPECTED, fail


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "merge", help="one collection from the worker folders of a distributed crawl"
    )
    parser.add_argument(
        "folders", nargs="+", type=Path, metavar="DIR", help="a worker's folder (or a WARC)"
    )
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument(
        "--copy", action="store_true", help="copy the WARC files (default: symbolic links)"
    )
    parser.add_argument(
        "--url",
        action="append",
        default=[],
        help="the blog or tag URL crawled (default: the start URLs in the WARCs' warcinfo)",
    )
    parser.add_argument("--log-level", default="WARNING")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archiver.crawl.output import OutputRefusedError
    from archiver.ops.merge import merge

    logging.basicConfig(level=args.log_level, format="%(levelname)s %(name)s: %(message)s")
    try:
        merged = merge(args.folders, args.output, copy=args.copy, urls=args.url)
    except OutputRefusedError as error:
        fail(str(error), COULD_NOT_START)
    except ValueError as error:
        fail(str(error), UNEXPECTED)
    from archiver import __version__
    from archiver.dataset.card import write_card

    write_card(
        args.output,
        {
            "made by": f"archiver {__version__} merge, from the WARC files of a shared crawl",
            "workers' folders": ", ".join(str(folder) for folder in args.folders),
            "WARC files": ", ".join(path.name for path in merged.warcs),
        },
    )
    print(
        f"Posts: {merged.posts} -> {args.output / 'posts.jsonl'}; "
        f"{len(merged.warcs)} WARC files, index {merged.cdxj}"
    )
    return COMPLETE if merged.posts else UNEXPECTED
