"""`archiver diff OLD NEW [--json] [--exit-code]`: posts added, removed and edited since OLD."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "diff", help="posts added, removed and edited between two crawls (or posts.jsonl files)"
    )
    parser.add_argument("old", type=Path, metavar="OLD", help="a crawl's folder or a posts.jsonl")
    parser.add_argument("new", type=Path, metavar="NEW", help="a later one")
    parser.add_argument(
        "--json", action="store_true", help="one JSON object a line: url, change, fields, details"
    )
    parser.add_argument(
        "--exit-code", action="store_true", help="exit 1 when anything changed (for cron)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archiver.ops.diff import changes, posts_file, summary

    for path in (args.old, args.new):
        if not posts_file(path).is_file():
            print(f"archiver diff: no posts.jsonl at {path}", file=sys.stderr)
            return 2
    if args.json:  # streamed: a line per change as it is found
        changed = False
        for change in changes(args.old, args.new):
            print(json.dumps(change.to_json(), ensure_ascii=False))
            changed = True
    else:
        found = list(changes(args.old, args.new))
        changed = bool(found)
        print(summary(found, args.old, args.new))
    return 1 if args.exit_code and changed else 0
