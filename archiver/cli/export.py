"""`archiver export --parquet [--output FILE] [POSTS.jsonl]`: the dataset in another format."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("export", help="convert posts.jsonl (Parquet with pyarrow)")
    parser.add_argument(
        "posts", nargs="?", type=Path, default=Path("output/posts.jsonl"), metavar="POSTS.jsonl"
    )
    parser.add_argument(
        "--parquet", action="store_true", required=True, help="write Parquet (needs pyarrow)"
    )
    parser.add_argument("--output", type=Path, help="default: posts.parquet beside the input")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archiver.dataset.export import to_parquet

    posts: Path = args.posts
    if not posts.is_file():
        raise SystemExit(f"archiver export: no such file: {posts}")
    target: Path = args.output or posts.with_suffix(".parquet")
    try:
        rows = to_parquet(posts, target)
    except (RuntimeError, ValueError) as error:
        raise SystemExit(f"archiver export: {error}") from error
    print(f"{rows} posts -> {target}")
    return 0
