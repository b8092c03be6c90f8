"""`archiver demo`: serve the bundled sample blog on 127.0.0.1 and crawl it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from archiver.commands.crawl import crawl


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("demo", help="crawl the bundled sample blog on 127.0.0.1")
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--theme", default="default", choices=["default", "berlin", "ductile"])
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archiver.sample_blog.server import SampleBlogServer

    output: Path = args.output
    with SampleBlogServer(theme=args.theme) as server:
        print(f"Sample Dotclear blog ({args.theme} theme) served at {server.url}")
        # The demo's folder is the demo's own: each run replaces the last one.
        status = crawl([server.url], output, fast=True, ARCHIVER_OVERWRITE="1")
    posts = output / "posts.jsonl"
    if posts.exists():
        with posts.open(encoding="utf-8") as fh:
            record = json.loads(fh.readline() or "{}")
        print(f"First record: {record.get('title')!r}, published {record.get('published')}")
    print(f"Done. Outputs are in {output.resolve()}")
    return status
