"""`archiver validate [DIR]`: check a crawl's WARCs, CDXJ, pages list and WACZ, and replay a
sample of its pages in headless Chromium (`archiver qa`) when Chromium is installed."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("validate", help="check a crawl's WARC, CDXJ and WACZ files")
    parser.add_argument("output", nargs="?", type=Path, default=Path("output"), metavar="DIR")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archiver.archive.qa import ChromiumNotFound
    from archiver.archive.validate import browser_check, report, validate
    from archiver.cli.qa import dotclear_kinds

    checks, notes = validate(args.output), []
    try:  # replayed in a browser when one is installed; said when not
        checks.append(browser_check(args.output, dotclear_kinds))
    except ChromiumNotFound as exc:
        notes.append(f"SKIP  replay in headless Chromium (archiver qa): {exc}")
    print(report(args.output, checks, notes))
    return 0 if all(c.ok for c in checks) else 1
