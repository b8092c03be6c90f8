"""`archiver demo`: serve the bundled sample blog on 127.0.0.1 and crawl it."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from archiver.cli.crawl import crawl

MARK = ".archiver-demo"  # the folder holds a demo's crawl, which the next demo replaces
# posts.png: the chart an older demo drew, removed with the rest
DEMO_OUTPUTS = (
    *("posts.jsonl", "crawl-report.json", "README.md", "posts.svg", "posts.png", "archive.wacz"),
)
DEMO_FOLDERS = ("warc", "indexes", "pages")


def clear_previous_demo(output: Path) -> None:
    """Remove the outputs of an earlier demo (each demo serves the blog on a new port, so its
    archive would not add up with the last one's); a folder without the mark is left alone and
    the crawl's output guard refuses it if it holds another crawl."""
    if not (output / MARK).exists():
        return
    for name in DEMO_OUTPUTS:
        (output / name).unlink(missing_ok=True)
    for name in DEMO_FOLDERS:
        shutil.rmtree(output / name, ignore_errors=True)
    (output / MARK).unlink()


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("demo", help="crawl the bundled sample blog on 127.0.0.1")
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--theme", default="default", choices=["default", "berlin", "ductile"])
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archiver.sample_blog.server import SampleBlogServer

    output: Path = args.output
    clear_previous_demo(output)
    with SampleBlogServer(theme=args.theme) as server:
        print(f"Sample Dotclear blog ({args.theme} theme) served at {server.url}")
        # packaged too, as the README shows: the copy opens in ReplayWeb.page as one file
        status = crawl([server.url], output, fast=True, ARCHIVER_WACZ_ENABLED="1")
    (output / MARK).touch()
    posts = output / "posts.jsonl"
    if posts.exists():
        with posts.open(encoding="utf-8") as fh:
            record = json.loads(fh.readline() or "{}")
        print(f"First record: {record.get('title')!r}, published {record.get('published')}")
    print(f"Done. Outputs are in {output.resolve()}")
    return status
