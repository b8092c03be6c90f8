"""Many workers, one crawl in Redis (docs/distributed.md).

`archiver status --redis URL` prints the shared crawl's figures per blog and per worker; the
`archiver crawl` options `--redis`, `--worker` and `--keep-alive` are defined here and used by
`crawl.py`. (The module is not `status.py`: that one holds the exit statuses.)
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from archiver.cli.status import COMPLETE, COULD_NOT_START, fail, usage_error


def add_redis_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("many workers, one crawl (docs/distributed.md)")
    group.add_argument(
        "--redis",
        metavar="redis://HOST:PORT/DB",
        help="join the crawl shared in this Redis database (same URLs on every worker); "
        "the worker writes into --output/worker-ID/",
    )
    group.add_argument("--worker", metavar="ID", help="this worker's id (default: HOST-PID)")
    group.add_argument(
        "--keep-alive",
        action="store_true",
        help="with --redis: keep waiting for work when the shared crawl is finished",
    )


def redis_overrides(args: argparse.Namespace) -> dict[str, str]:
    """The settings `--redis`, `--worker` and `--keep-alive` stand for."""
    if not args.redis:
        if args.worker or args.keep_alive:
            usage_error("--worker and --keep-alive go with --redis")
        return {}
    if args.resume or args.update:
        usage_error("--redis crawls resume by themselves: start a worker again, no --resume")
    overrides = {"REDIS_URL": args.redis}
    if args.worker:
        overrides["ARCHIVER_WORKER_ID"] = args.worker
    if args.keep_alive:
        overrides["ARCHIVER_REDIS_KEEP_ALIVE"] = "1"
    return overrides


def joined_output(settings: Any, output: Path) -> Path:
    """The folder this process writes: `output` alone, or its worker's folder in it when
    REDIS_URL is set (Redis reachable, else exit 4 before anything is written)."""
    if not settings.get("REDIS_URL"):
        return output
    from archiver.crawl.shared import redis_problem, worker_folder, worker_id

    problem = redis_problem(settings)
    if problem:
        fail(problem, COULD_NOT_START)
    worker = worker_id(settings)
    settings.set("ARCHIVER_WORKER_ID", worker, priority="cmdline")
    return worker_folder(output, worker)


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "status", help="a shared crawl's progress in Redis: per blog and per worker"
    )
    parser.add_argument("--redis", required=True, metavar="redis://HOST:PORT/DB")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scrapy.settings import Settings

    from archiver.crawl.shared import redis_problem

    settings = Settings({"REDIS_URL": args.redis})
    problem = redis_problem(settings)
    if problem:
        fail(problem.replace("could not start: ", ""), COULD_NOT_START)
    print(report(settings))
    return COMPLETE


def report(settings: Any) -> str:
    from scrapy_redis.connection import get_redis_from_settings

    from archiver.crawl.shared import SharedCrawl

    shared = SharedCrawl(get_redis_from_settings(settings))
    blogs = shared.status()
    head = f"{'blog':<28} {'queued':>7} {'leased':>7} {'done':>7} {'failed':>7} {'requeued':>8}"
    lines = [head]
    for blog, counts in blogs.items():
        lines.append(
            f"{blog:<28} {counts.queued:>7} {counts.leased:>7} {counts.done:>7} "
            f"{counts.failed:>7} {counts.requeued:>8}"
        )
        for worker, figures in sorted(counts.workers.items()):
            lines.append(
                f"  {worker:<26} {'':>7} {figures.get('leased', 0):>7} "
                f"{figures.get('done', 0):>7} {figures.get('failed', 0):>7}"
            )
    lines.append("workers (seconds since last heartbeat):")
    for worker, age in shared.workers().items():
        lines.append(f"  {worker:<26} {age:.1f}")
    lines.append("finished" if shared.finished() else "in progress")
    return "\n".join(lines)
