"""`archiver bench [--posts N] [--memory N,N] ...`: the performance benchmark (see the README)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "bench", help="crawl a large synthetic blog on 127.0.0.1 and print performance ratios"
    )
    parser.add_argument("--posts", type=int, default=5000, help="posts of the synthetic blog")
    parser.add_argument(
        "--memory",
        type=_sizes,
        default=(2000, 20000),
        help="blog sizes, comma-separated, whose peak RSS is measured against the bare "
        "spider's ('': none)",
    )
    parser.add_argument("--new-posts", type=int, default=10, help="posts added before a recrawl")
    parser.add_argument(
        "--sample",
        type=int,
        default=1000,
        help="post pages extracted by trafilatura (pip install '.[bench]'; 0: none)",
    )
    parser.add_argument("--theme", choices=("default", "berlin", "ductile"), default="default")
    parser.add_argument("--no-wget", action="store_true", help="skip the wget reference crawl")
    parser.add_argument(
        "--profile", action="store_true", help="one more crawl under pyinstrument (bench extra)"
    )
    parser.add_argument(
        "--cpu-runs",
        type=int,
        default=2,
        help="archiver and bare crawls for the CPU ratio, the least of each compared",
    )
    parser.add_argument("--workdir", type=Path, default=Path("bench-output"))
    parser.add_argument(
        "--distributed",
        action="store_true",
        help="instead: pages/s of 1, 2, 4 --redis workers on 4 sample blogs, Redis memory "
        "per 100,000 queued requests (needs redis-server; about 2 minutes)",
    )
    parser.set_defaults(func=run)


def _sizes(text: str) -> tuple[int, ...]:
    """'2000,20000' -> (2000, 20000); '' or '0' -> ()."""
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of post counts: {text!r}") from None
    return tuple(size for size in sizes if size > 0)


def run(args: argparse.Namespace) -> int:
    if args.distributed:
        return run_distributed(args.workdir / "distributed")
    from archiver.bench.report import render
    from archiver.bench.runner import Options
    from archiver.bench.runner import run as run_bench

    opts = Options(
        posts=args.posts,
        memory=args.memory,
        new_posts=args.new_posts,
        sample=args.sample,
        theme=args.theme,
        wget=not args.no_wget,
        profile=args.profile,
        cpu_runs=max(1, args.cpu_runs),
        workdir=args.workdir,
    )
    results = run_bench(opts, progress=lambda text: print(f"... {text}", flush=True))
    print(render(results))
    print(f"(all numbers: {opts.workdir / 'results.json'})")
    return 0


def run_distributed(workdir: Path) -> int:
    from archiver.bench import distributed

    opts = distributed.Options(workdir=workdir)
    try:
        results = distributed.run(opts, progress=lambda text: print(f"... {text}", flush=True))
    except RuntimeError as error:  # no redis-server, a worker that failed
        print(f"archiver: {error}", file=sys.stderr)
        return 1
    print(distributed.render(results))
    return 0
