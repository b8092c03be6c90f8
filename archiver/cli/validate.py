"""`archiver validate [DIR]`: check a crawl's WARCs, CDXJ, pages list and WACZ."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("validate", help="check a crawl's WARC, CDXJ and WACZ files")
    parser.add_argument("output", nargs="?", type=Path, default=Path("output"), metavar="DIR")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archiver.archive.validate import report, validate

    checks = validate(args.output)
    print(report(args.output, checks))
    return 0 if all(c.ok for c in checks) else 1
