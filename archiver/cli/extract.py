"""`archiver extract WARC... [--output DIR]`: rebuild posts.jsonl from WARC files, offline."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from archiver import __version__


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "extract", help="rebuild posts.jsonl from WARC files alone (no network)"
    )
    parser.add_argument(
        "warcs", nargs="+", type=Path, metavar="WARC", help="a .warc.gz file or a folder of them"
    )
    parser.add_argument("--output", type=Path, default=Path("extracted"))
    parser.add_argument(
        "--url",
        action="append",
        default=[],
        help="the blog or tag URL crawled (default: the start URLs in the WARCs' warcinfo)",
    )
    parser.add_argument(
        "--pseudonymise-commenters",
        metavar="SALT",
        default="",
        help="replace commenters' names and websites by salted hashes",
    )
    parser.add_argument("--log-level", default="WARNING")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archiver.dataset.card import write_card
    from archiver.ops.extract import expand, extract

    logging.basicConfig(level=args.log_level, format="%(levelname)s %(name)s: %(message)s")
    warcs = list(expand(args.warcs))
    missing = [str(path) for path in warcs if not path.is_file()]
    if missing or not warcs:
        raise SystemExit(f"archiver extract: no such WARC file: {', '.join(missing) or 'none'}")
    try:
        stats, scan = extract(warcs, args.output, urls=args.url, salt=args.pseudonymise_commenters)
    except ValueError as error:
        raise SystemExit(f"archiver extract: {error}") from error
    provenance = {
        "made by": f"archiver {__version__} extract, from WARC files",
        "WARC files": ", ".join(path.name for path in warcs),
        "start URLs": " ".join(scan.start_urls or args.url),
        "crawled with": "; ".join(scan.software),
        "commenters pseudonymised": "yes" if args.pseudonymise_commenters else "no",
    }
    write_card(args.output, provenance)
    posts = stats.get("archiver/posts", 0)
    print(f"Posts: {posts} -> {args.output / 'posts.jsonl'} (card: {args.output / 'README.md'})")
    return 0 if posts else 1
