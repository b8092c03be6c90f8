"""`archiver bench --distributed`: the shared crawl (issue 17) measured on loopback.

Two figures, side by side in one run:

- pages per second for 1, 2 and 4 workers (`archiver crawl --redis` child processes) on a few
  sample blogs, each blog with its own posts and a politeness delay. The delay holds per blog for
  the whole crawl, so the ideal is `blogs / delay` whatever the number of workers: more workers
  do not make a blog answer sooner. Pages per second are counted between the first and the last
  page the blogs served (Python's start-up and the workers' grace period left out); the wall
  time of the workers is printed beside them.
- Redis memory per 100,000 queued requests: real serialised requests (the spider's own, posts
  of four blogs) pushed through the crawl's queue (`LeasedQueue`) and duplicate filter
  (scrapy-redis's `RFPDupeFilter`), `INFO memory` used_memory before and after.

It starts its own redis-server (Debian's package) on a free 127.0.0.1 port and stops it.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redis
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy_redis.dupefilter import RFPDupeFilter

from archiver.crawl.distributed import LeasedQueue
from archiver.crawl.shared import SharedCrawl
from archiver.crawl.spider import DotclearSpider
from archiver.sample_blog.content import POSTS
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.server import SampleBlogServer, ServedRequest

ROBOTS = "/robots.txt"  # read once per worker and blog: not counted among the pages


@dataclasses.dataclass(frozen=True)
class Options:
    workers: tuple[int, ...] = (1, 2, 4)
    blogs: int = 4
    posts: int = 60  # per blog, at most the sample blog's 60
    delay: float = 0.2  # seconds between two requests to one blog, crawl-wide
    queued: int = 100_000  # requests pushed for the memory figure
    workdir: Path = Path("bench-output/distributed")
    timeout: float = 240.0  # seconds one crawl may take before its workers are killed


@dataclasses.dataclass(frozen=True)
class CrawlFigures:
    workers: int
    pages: int  # requests served, robots.txt left out
    posts: int  # distinct posts in the workers' posts.jsonl files
    twice: int  # pages served more than once
    window: float  # seconds from the first page served to the last
    wall: float  # seconds from the workers' start to their exit

    @property
    def rate(self) -> float:
        return (self.pages - 1) / self.window if self.window > 0 else 0.0


@dataclasses.dataclass(frozen=True)
class MemoryFigures:
    queued: int
    used_before: int  # bytes, INFO memory used_memory
    used_after: int
    request_bytes: float  # a serialised request's mean size in the queue
    queue_bytes: int  # MEMORY USAGE of the queue's sorted set
    dupefilter_bytes: int  # and of the duplicate filter's set of fingerprints

    @property
    def per_100k(self) -> float:
        return (self.used_after - self.used_before) * 100_000 / self.queued


@dataclasses.dataclass(frozen=True)
class Results:
    options: Options
    redis_version: str
    crawls: list[CrawlFigures]
    memory: MemoryFigures

    @property
    def ideal(self) -> float:
        return self.options.blogs / self.options.delay


class TimedBlog(SampleBlogServer):
    """A sample blog noting when each request was served."""

    def __init__(self, posts: list[SamplePost], **options: Any) -> None:
        super().__init__(posts, **options)
        self.served: list[tuple[float, str]] = []  # (time.monotonic(), path), robots.txt aside

    def record(self, request: ServedRequest) -> None:
        if request.path != ROBOTS:
            self.served.append((time.monotonic(), request.path))
        super().record(request)


def blog_posts(name: str, count: int) -> list[SamplePost]:
    """The sample's first posts, their slugs, tags and category marked with the blog's name.

    Slugs: post ids come from the URL path. Tags and categories: a crawl of blogs sharing a
    tag name reads that tag's feed on one blog only (docs/distributed.md, "Figures"), so the
    pages served would depend on which worker walks what first.
    """
    return [
        dataclasses.replace(
            post,
            slug=f"{post.slug}-{name}",
            tags=tuple(f"{tag} {name}" for tag in post.tags),
            category=None if post.category is None else f"{post.category} {name}",
        )
        for post in POSTS[:count]
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def redis_server() -> Iterator[int]:
    """A redis-server of its own on a free loopback port, no persistence; stopped after."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is missing: apt-get install redis-server")
    port = free_port()
    args = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen([binary, *args], stdout=subprocess.DEVNULL)
    try:
        client = redis.StrictRedis(port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"redis-server did not answer on port {port}") from None
                time.sleep(0.05)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def worker_command(
    urls: list[str], out: Path, redis_url: str, name: str, delay: float
) -> list[str]:
    cmd = [sys.executable, "-m", "archiver.cli", "crawl", *urls, "--output", str(out)]
    cmd += ["--redis", redis_url, "--worker", name, "--no-requisites"]
    cmd += ["-s", f"DOWNLOAD_DELAY={delay}", "-s", "ARCHIVER_REDIS_GRACE=2"]
    cmd += ["-s", "ARCHIVER_REDIS_POLL=0.1", "-s", "LOG_LEVEL=INFO"]
    return cmd


def run_workers(cmds: list[list[str]], logs: Path, timeout: float) -> float:
    """Start the workers, wait for all (at most `timeout` s), kill any left; wall seconds."""
    procs: list[subprocess.Popen[bytes]] = []
    start = time.monotonic()
    try:
        for n, cmd in enumerate(cmds, 1):
            with (logs / f"w{n}.log").open("wb") as log:  # the child keeps its own copy
                procs.append(subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT))
        deadline = start + timeout
        codes = [p.wait(timeout=max(0.1, deadline - time.monotonic())) for p in procs]
        wall = time.monotonic() - start
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
    if any(codes):
        raise RuntimeError(f"workers exited {codes}: see {logs}/w*.log")
    return wall


def dataset_posts(out: Path) -> int:
    urls = set()
    for path in sorted(out.glob("worker-*/posts.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            urls.add(json.loads(line)["url"])
    return len(urls)


def measure_crawl(
    workers: int, blogs: list[TimedBlog], redis_url: str, folder: Path, opts: Options
) -> CrawlFigures:
    """One shared crawl of every blog by `workers` workers, from an empty Redis database."""
    for blog in blogs:
        blog.served.clear()
    folder.mkdir(parents=True, exist_ok=True)
    out, urls = folder / "out", [blog.url for blog in blogs]
    names = [f"w{n}" for n in range(1, workers + 1)]
    cmds = [worker_command(urls, out, redis_url, name, opts.delay) for name in names]
    wall = run_workers(cmds, folder, opts.timeout)
    times = sorted(when for blog in blogs for when, _ in blog.served)
    served = Counter((blog.url, path) for blog in blogs for _, path in blog.served)
    return CrawlFigures(
        workers=workers,
        pages=sum(served.values()),
        posts=dataset_posts(out),
        twice=sum(1 for n in served.values() if n > 1),
        window=times[-1] - times[0] if times else 0.0,
        wall=wall,
    )


def queue_memory(redis_url: str, count: int, blogs: int) -> MemoryFigures:
    """`count` post requests of `blogs` blogs through the crawl's queue and dupefilter."""
    server = redis.StrictRedis.from_url(redis_url)
    server.flushdb()
    settings = Settings()
    settings.setmodule("archiver.crawl.settings")
    settings.setdict({"REDIS_URL": redis_url, "ARCHIVER_WORKER_ID": "bench"}, priority="cmdline")
    bases = [f"http://127.0.0.1:{8001 + n}/" for n in range(blogs)]
    crawler = Crawler(DotclearSpider, settings)
    crawler.spider = spider = DotclearSpider.from_crawler(crawler, urls=",".join(bases))
    shared = SharedCrawl(server)
    queue = LeasedQueue(server, spider, shared.queue_key)
    dupefilter = RFPDupeFilter(server, shared.dupefilter_key)
    before = int(server.info("memory")["used_memory"])
    for n in range(count):
        post = POSTS[n % len(POSTS)]
        url = f"{bases[n % blogs]}post/{post.slug}-{n}"
        request = spider._request(url, 0)
        if not dupefilter.request_seen(request):
            queue.push(request)
    after = int(server.info("memory")["used_memory"])
    sample = server.zrange(shared.queue_key, 0, 999)
    mean = sum(len(member) for member in sample) / max(1, len(sample))
    queued = int(server.zcard(shared.queue_key))
    usage = [
        int(server.execute_command("MEMORY", "USAGE", key, "SAMPLES", "0"))
        for key in (shared.queue_key, shared.dupefilter_key)
    ]
    server.flushdb()
    return MemoryFigures(queued, before, after, mean, *usage)


def run(opts: Options, progress: Callable[[str], None] = lambda text: None) -> Results:
    names = "abcdefghijklmnopqrstuvwxyz"[: opts.blogs]
    blogs = [TimedBlog(blog_posts(name, opts.posts)) for name in names]
    for blog in blogs:
        blog.start()
    databases = itertools.count(1)
    try:
        with redis_server() as port:
            version = redis.StrictRedis(port=port).info("server")["redis_version"]
            crawls = []
            for workers in opts.workers:
                progress(f"{workers} worker(s) on {opts.blogs} blogs")
                url = f"redis://127.0.0.1:{port}/{next(databases)}"
                folder = opts.workdir / f"workers-{workers}"
                shutil.rmtree(folder, ignore_errors=True)
                crawls.append(measure_crawl(workers, blogs, url, folder, opts))
            progress(f"{opts.queued:,} requests queued in Redis")
            memory = queue_memory(f"redis://127.0.0.1:{port}/0", opts.queued, opts.blogs)
    finally:
        for blog in blogs:
            blog.stop()
    return Results(opts, str(version), crawls, memory)


def render(results: Results) -> str:
    opts = results.options
    lines = [
        f"Distributed crawl: {opts.blogs} sample blogs of {opts.posts} posts on 127.0.0.1, "
        f"delay {opts.delay:g} s per blog, redis-server {results.redis_version}",
        f"ideal: {opts.blogs} blogs / {opts.delay:g} s = {results.ideal:.1f} pages/s, "
        "whatever the number of workers",
        "",
        "workers  pages  posts  twice  crawl s  wall s  pages/s  ideal  of ideal",
    ]
    for c in results.crawls:
        lines.append(
            f"{c.workers:>7}  {c.pages:>5}  {c.posts:>5}  {c.twice:>5}  {c.window:>7.1f}  "
            f"{c.wall:>6.1f}  {c.rate:>7.1f}  {results.ideal:>5.1f}  {c.rate / results.ideal:>7.0%}"
        )
    m = results.memory
    lines += [
        "",
        f"Redis memory: {m.queued:,} post requests queued (queue and dupefilter), "
        f"{m.request_bytes:.0f} bytes a serialised request",
        f"used_memory {m.used_before:,} -> {m.used_after:,} bytes: "
        f"{m.per_100k / 2**20:.1f} MiB per 100,000 queued requests",
        f"MEMORY USAGE: queue {m.queue_bytes / 2**20:.1f} MiB, "
        f"dupefilter {m.dupefilter_bytes / 2**20:.1f} MiB",
    ]
    return "\n".join(lines)
