"""Many workers, one crawl: scrapy-redis over a real redis-server (archiver/crawl/distributed.py).

A redis-server is started on a free loopback port for this module; each test has its own
database. Workers are `archiver crawl --redis` child processes over sample blogs whose posts
differ (post ids are made from the URL's path alone: identical blogs would share them).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import redis
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.archive.reading import whole_records
from archiver.archive.recovery import complete_length
from archiver.cli import main
from archiver.crawl.distributed import LEASE_META, LeasedQueue, configure
from archiver.crawl.shared import SharedCrawl
from archiver.crawl.spider import PRIORITY_LISTING, DotclearSpider
from archiver.ops.merge import merge, place
from archiver.sample_blog.content import POSTS
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.server import SampleBlogServer, ServedRequest
from tests.test_scrapyd import deploy, wait_finished
from tests.test_scrapyd import scrapyd as scrapyd  # noqa: F401 - the fixture, for this module too

DELAY = 0.25  # the politeness delay of the multi-worker crawls, seconds
_databases = itertools.count(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_redis(port: int, *options: str) -> subprocess.Popen[bytes]:
    """A redis-server on 127.0.0.1:port, answering (the caller kills it)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: apt-get install redis-server")
    args = ["--port", str(port), "--bind", "127.0.0.1", "--databases", "64", *options]
    proc = subprocess.Popen([binary, *args], stdout=subprocess.DEVNULL)
    client = redis.StrictRedis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            return proc
        except redis.ConnectionError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise
            time.sleep(0.05)


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    port = free_port()
    proc = start_redis(port, "--save", "")
    try:
        yield port
    finally:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture
def redis_url(redis_port: int) -> Iterator[str]:
    url = f"redis://127.0.0.1:{redis_port}/{next(_databases)}"
    yield url
    redis.StrictRedis.from_url(url).flushdb()


@pytest.fixture
def shared(redis_url: str) -> SharedCrawl:
    return SharedCrawl(redis.StrictRedis.from_url(redis_url))


# --- The shared state in Redis -------------------------------------------------------------


def test_pop_order_priority_first_then_blogs_in_turn(shared: SharedCrawl) -> None:
    shared.push("a:80", 0, b"a1")
    shared.push("a:80", 0, b"a2")
    shared.push("b:80", 0, b"b1")
    shared.push("a:80", PRIORITY_LISTING, b"listing")
    popped = [shared.pop("w1", 60) for _ in range(5)]
    assert [taken[1] if taken else None for taken in popped] == [
        b"listing",
        b"a1",
        b"b1",
        b"a2",
        None,
    ]


def test_counts_per_blog_and_worker(shared: SharedCrawl) -> None:
    shared.push("a:80", 20, b"listing")
    shared.push("a:80", 0, b"post")
    shared.push("b:80", 0, b"other")
    first = shared.pop("w1", 60)
    second = shared.pop("w2", 60)
    assert first is not None and second is not None
    assert shared.release(first[0], "done", "w1")
    assert not shared.release(first[0], "done", "w1")  # once only
    status = shared.status()
    assert sorted(status) == ["a:80", "b:80"]
    a, b = status["a:80"], status["b:80"]
    assert (a.queued, a.leased, a.done, a.failed) == (1, 0, 1, 0)
    assert a.workers == {"w1": {"done": 1}}
    assert (b.queued, b.leased, b.done) == (0, 1, 0)  # its turn came before a's post
    assert b.workers == {"w2": {"leased": 1}}
    assert not shared.finished()


def test_expired_lease_goes_back_to_the_queue(shared: SharedCrawl) -> None:
    shared.push("a:80", 0, b"page")
    taken = shared.pop("dead", 0.05)
    assert taken is not None
    time.sleep(0.2)
    again = shared.pop("alive", 60)
    assert again is not None and again[1] == b"page"
    assert not shared.release(taken[0], "done", "dead")  # too late: counted for no one
    assert shared.release(again[0], "done", "alive")
    status = shared.status()["a:80"]
    assert (status.requeued, status.done, status.workers) == (1, 1, {"alive": {"done": 1}})
    assert shared.finished()


def test_renewed_lease_stays_lent(shared: SharedCrawl) -> None:
    shared.push("a:80", 0, b"page")
    taken = shared.pop("w1", 0.3)
    assert taken is not None
    shared.renew([taken[0]], 60)
    time.sleep(0.5)
    assert shared.requeue_expired() == 0
    assert shared.pop("w2", 60) is None


def test_given_back_leases_are_queued_at_once(shared: SharedCrawl) -> None:
    shared.push("a:80", 0, b"page")
    taken = shared.pop("w1", 60)
    assert taken is not None
    shared.give_back([taken[0]])
    assert shared.status()["a:80"].queued == 1
    again = shared.pop("w2", 60)
    assert again is not None and again[1] == b"page"


def test_host_slot_one_holder_then_the_delay(shared: SharedCrawl) -> None:
    assert shared.acquire("a:80", "w1", 10) == 0
    assert 9 < shared.acquire("a:80", "w2", 10) <= 10  # held: until its holder's deadline
    assert shared.acquire("b:80", "w2", 10) == 0  # another blog is free
    shared.free("a:80", 0.4)
    assert 0.3 < shared.acquire("a:80", "w2", 10) <= 0.4
    time.sleep(0.45)
    assert shared.acquire("a:80", "w2", 10) == 0


def test_configure_switches_a_crawl_to_redis() -> None:
    settings = Settings()
    settings.setmodule("archiver.crawl.settings")
    settings.set("REDIS_URL", "redis://127.0.0.1:1/0", priority="cmdline")
    settings.set("DOWNLOAD_DELAY", 0.7, priority="cmdline")
    settings.set("ARCHIVER_OUTPUT", "out", priority="spider")
    settings.set("ARCHIVER_WORKER_ID", "w/1", priority="cmdline")
    assert configure(settings) == "w_1"
    assert settings["SCHEDULER"] == "archiver.crawl.distributed.SharedScheduler"
    assert settings["SCHEDULER_QUEUE_CLASS"] == "archiver.crawl.distributed.LeasedQueue"
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings.getbool("SCHEDULER_PERSIST")
    assert (settings.getfloat("ARCHIVER_REDIS_DELAY"), settings.getfloat("DOWNLOAD_DELAY")) == (
        0.7,
        0.0,
    )
    assert settings["ARCHIVER_OUTPUT"] == str(Path("out") / "worker-w_1")
    assert settings["ARCHIVER_WARC_PREFIX"] == "archiver-w_1"
    assert settings.getdict("DOWNLOADER_MIDDLEWARES")["archiver.crawl.distributed.HostSlots"] == 960
    assert settings.getdict("SPIDER_MIDDLEWARES")["archiver.crawl.distributed.LeaseRelease"] == 10
    assert settings.getdict("EXTENSIONS")["archiver.crawl.distributed.SharedEnd"] == 100


def test_queue_round_trip_binds_the_spider_callbacks(redis_url: str) -> None:
    settings = Settings()
    settings.setmodule("archiver.crawl.settings")
    settings.setdict({"REDIS_URL": redis_url, "ARCHIVER_WORKER_ID": "w1"}, priority="cmdline")
    crawler = Crawler(DotclearSpider, settings)  # settings still open, as in a crawl
    crawler.spider = spider = DotclearSpider.from_crawler(crawler, url="http://127.0.0.1:9/")
    queue = LeasedQueue(redis.StrictRedis.from_url(redis_url), spider, "dotclear:requests")
    tag = "http://127.0.0.1:9/tag/vrac"
    queue.push(spider._request(tag, PRIORITY_LISTING))
    request = queue.pop()
    assert request is not None and request.url == tag
    assert request.callback is spider._route and request.errback is spider._failed
    assert request.meta[LEASE_META]
    assert tag in spider.listings_followed  # its feed links are this spider's walk's
    assert queue.pop() is None


def test_status_command_prints_blogs_and_workers(
    shared: SharedCrawl, redis_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    shared.push("a:80", 0, b"one")
    shared.push("a:80", 0, b"two")
    taken = shared.pop("w1", 60)
    assert taken is not None
    shared.release(taken[0], "failed", "w1")
    shared.pop("w2", 60)
    assert main(["status", "--redis", redis_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["blog", "queued", "leased", "done", "failed", "requeued"]
    assert lines[1].split() == ["a:80", "0", "1", "0", "1", "0"]
    assert lines[2].split() == ["w1", "0", "0", "1"]
    assert lines[3].split() == ["w2", "1", "0", "0"]
    assert lines[-1] == "in progress"


def test_unreachable_redis_could_not_start(tmp_path: Path) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    done = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "crawl", "http://127.0.0.1:9/"]
        + ["--redis", url, "--output", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 4
    assert done.stderr.startswith(f"archiver: could not start: Redis at {url} is unreachable")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--redis", "redis://127.0.0.1:1/0", "--resume"], "--redis crawls resume by themselves"),
        (["--worker", "w1"], "--worker and --keep-alive go with --redis"),
        (["--keep-alive"], "--worker and --keep-alive go with --redis"),
    ],
    ids=["resume", "worker", "keep-alive"],
)
def test_redis_options_usage_errors(
    options: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["crawl", "http://127.0.0.1:9/", "--output", str(tmp_path / "out"), *options]
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert capsys.readouterr().err.startswith(f"archiver: error: {message}")
    assert not (tmp_path / "out").exists()


# --- Merging worker folders ----------------------------------------------------------------


def write_warc(path: Path, urls: list[str], *, torn: bool = False) -> bytes:
    """Response records for `urls`; `torn`: then half of one more, as a killed crawl leaves."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url in [*urls, "http://a.example.org/torn"] if torn else urls:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
        body = url.encode()
        record = writer.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body), http_headers=http
        )
        before = buffer.tell()
        writer.write_record(record)
        whole = buffer.getvalue()[:before]
    data = buffer.getvalue()
    path.write_bytes(data[: (len(whole) + len(data)) // 2] if torn else data)
    return whole if torn else data


def test_merge_places_links_copies_and_whole_records_of_open_warcs(tmp_path: Path) -> None:
    urls = ["http://a.example.org/1", "http://a.example.org/2"]
    closed = tmp_path / "w1" / "archiver-w1-1.warc.gz"
    opened = tmp_path / "w2" / "archiver-w2-1.warc.gz.open"
    closed.parent.mkdir()
    opened.parent.mkdir()
    write_warc(closed, urls)
    whole = write_warc(opened, urls, torn=True)
    (into := tmp_path / "warc").mkdir()
    linked = place(closed, into, copy=False)
    assert linked.is_symlink() and linked.resolve() == closed.resolve()
    mended = place(opened, into, copy=False)
    assert mended.name == "archiver-w2-1.warc.gz" and mended.read_bytes() == whole
    with mended.open("rb") as fh:
        assert [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh)] == urls
    assert opened.stat().st_size > len(whole)  # the worker's own file left as it was
    (copied := tmp_path / "copies").mkdir()
    copy = place(closed, copied, copy=True)
    assert not copy.is_symlink() and copy.read_bytes() == closed.read_bytes()
    with pytest.raises(ValueError, match="two WARC files are named archiver-w1-1.warc.gz"):
        place(closed, into, copy=False)


# --- Crawls --------------------------------------------------------------------------------


class TimedBlog(SampleBlogServer):
    """A sample blog noting when each request was served (time.monotonic())."""

    def __init__(self, posts: list[SamplePost], **options: Any) -> None:
        super().__init__(posts, **options)
        self.times: list[tuple[float, str]] = []

    def record(self, request: ServedRequest) -> None:
        self.times.append((time.monotonic(), request.path))
        super().record(request)


def blog_posts(name: str, count: int = 12) -> list[SamplePost]:
    """Posts of their own: the sample posts' first `count`, their URLs marked with `name`."""
    return [dataclasses.replace(post, slug=f"{post.slug}-{name}") for post in POSTS[:count]]


def post_paths(server: SampleBlogServer, posts: list[SamplePost]) -> set[str]:
    base = urlsplit(server.url).netloc
    return {f"{base}/post/{post.slug}" for post in posts}


def dataset_paths(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    urls = [urlsplit(json.loads(line)["url"]) for line in lines]
    return [f"{url.netloc}{unquote(url.path)}" for url in urls]


def worker(
    urls: list[str], output: Path, redis_url: str, name: str, *options: str
) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "archiver.cli", "crawl", *urls, "--output", str(output)]
    cmd += options
    cmd += ["--redis", redis_url, "--worker", name, "-s", "ARCHIVER_REQUISITES=0"]
    cmd += ["-s", f"DOWNLOAD_DELAY={DELAY}", "-s", "ARCHIVER_REDIS_GRACE=2"]
    cmd += ["-s", "ARCHIVER_REDIS_LEASE=4", "-s", "ARCHIVER_REDIS_POLL=0.2"]
    cmd += ["-s", "ARCHIVER_REDIS_OUTAGE=30"]
    with (output.parent / f"{name}.log").open("w") as log:  # the child keeps its own copy
        return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, text=True)


def finish(procs: list[subprocess.Popen[str]], timeout: float = 240) -> list[int]:
    deadline = time.monotonic() + timeout
    return [proc.wait(timeout=max(1, deadline - time.monotonic())) for proc in procs]


def kill_all(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def smallest_gap(server: TimedBlog) -> float:
    times = sorted(when for when, _ in server.times)
    return min(b - a for a, b in itertools.pairwise(times))


def fetched_twice(server: SampleBlogServer) -> list[str]:
    counts = Counter(r.path for r in server.requests if r.path != "/robots.txt")
    return sorted(path for path, n in counts.items() if n > 1)


@pytest.mark.slow
def test_several_blogs_in_one_process(tmp_path: Path) -> None:
    posts = [blog_posts("a", 6), blog_posts("b", 6)]
    with TimedBlog(posts[0]) as a, TimedBlog(posts[1], theme="berlin") as b:
        cmd = [sys.executable, "-m", "archiver.cli", "crawl", a.url, b.url, "--fast"]
        cmd += ["-s", "ARCHIVER_REQUISITES=0", "--output", str(tmp_path / "out")]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        got = dataset_paths(tmp_path / "out" / "posts.jsonl")
        assert sorted(got) == sorted(post_paths(a, posts[0]) | post_paths(b, posts[1]))


@pytest.mark.slow
def test_two_workers_three_blogs(tmp_path: Path, redis_url: str) -> None:
    posts = [blog_posts(name) for name in "abc"]
    themes = ["default", "berlin", "ductile"]
    blogs = [TimedBlog(p, theme=t).start() for p, t in zip(posts, themes, strict=True)]
    procs: list[subprocess.Popen[str]] = []
    try:
        urls = [blog.url for blog in blogs]
        procs = [worker(urls, tmp_path / "out", redis_url, name) for name in ("w1", "w2")]
        assert finish(procs) == [0, 0]
    finally:
        kill_all(procs)
        for blog in blogs:
            blog.stop()
    for blog in blogs:
        assert fetched_twice(blog) == []
        # The log notes a request once it is answered: 10 ms allowed for that bookkeeping.
        assert smallest_gap(blog) >= DELAY - 0.01
        assert sum(r.path == "/robots.txt" for r in blog.requests) <= 2  # once per worker
    status = SharedCrawl(redis.StrictRedis.from_url(redis_url)).status()
    done = Counter({w: c.get("done", 0) for b in status.values() for w, c in b.workers.items()})
    assert min(done["w1"], done["w2"]) > 0.25 * sum(done.values())  # both did a fair share
    assert all(b.queued == b.leased == b.failed == 0 for b in status.values())
    folders = [str(folder) for folder in sorted((tmp_path / "out").iterdir())]
    assert main(["merge", *folders, "--output", str(tmp_path / "merged")]) == 0
    expected = set().union(*(post_paths(b, p) for b, p in zip(blogs, posts, strict=True)))
    got = dataset_paths(tmp_path / "merged" / "posts.jsonl")
    assert sorted(got) == sorted(expected)  # every post, once
    warcs = sorted((tmp_path / "merged" / "warc").iterdir())
    assert [w.name.split("-")[1] for w in warcs] == ["w1", "w2"]
    assert all(w.is_symlink() for w in warcs)  # referenced, not copied
    assert (tmp_path / "merged" / "README.md").exists()  # the dataset card
    cdxj = (tmp_path / "merged" / "indexes" / "index.cdxj").read_text(encoding="utf-8")
    assert sum("/post/" in line for line in cdxj.splitlines()) == 36  # one replay index


@pytest.mark.slow
def test_worker_killed_another_started(tmp_path: Path, redis_url: str) -> None:
    posts = [blog_posts(name) for name in "abc"]
    blogs = [TimedBlog(p).start() for p in posts]
    shared = SharedCrawl(redis.StrictRedis.from_url(redis_url))
    procs: list[subprocess.Popen[str]] = []
    out = tmp_path / "out"
    try:
        urls = [blog.url for blog in blogs]
        procs = [worker(urls, out, redis_url, name) for name in ("w1", "w2")]
        deadline = time.monotonic() + 120
        while sum(b.workers.get("w1", {}).get("done", 0) for b in shared.status().values()) < 15:
            assert time.monotonic() < deadline and procs[0].poll() is None
            time.sleep(0.1)
        os.kill(procs[0].pid, signal.SIGKILL)
        procs[0].wait(timeout=30)
        procs.append(worker(urls, out, redis_url, "w3"))
        assert finish(procs[1:]) == [0, 0]
    finally:
        kill_all(procs)
        for blog in blogs:
            blog.stop()
    refetched = [path for blog in blogs for path in fetched_twice(blog)]
    assert len(refetched) <= 8  # at most what the killed worker held
    opened = sorted((out / "worker-w1" / "warc").glob("*.warc.gz.open"))
    assert len(opened) == 1  # killed: left open, read up to its last whole record
    with opened[0].open("rb") as fh:
        kinds = Counter(r.rec_type for r in ArchiveIterator(whole_records(fh, opened[0])))
    assert kinds["response"] >= 15 and complete_length(opened[0]) > 0
    merged = merge(sorted(p for p in out.iterdir() if p.is_dir()), tmp_path / "merged")
    expected = set().union(*(post_paths(b, p) for b, p in zip(blogs, posts, strict=True)))
    assert sorted(dataset_paths(tmp_path / "merged" / "posts.jsonl")) == sorted(expected)
    assert merged.posts == 36
    extracted = tmp_path / "extracted"
    assert main(["extract", str(out), "--output", str(extracted)]) == 0
    assert sorted(dataset_paths(extracted / "posts.jsonl")) == sorted(expected)


def done_by(shared: SharedCrawl, *workers: str) -> int:
    status = shared.status().values()
    return sum(blog.workers.get(name, {}).get("done", 0) for blog in status for name in workers)


@pytest.mark.slow
def test_redis_restarted_mid_crawl(tmp_path: Path) -> None:
    port = free_port()
    persist = ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(tmp_path)]
    servers = [start_redis(port, *persist)]
    redis_url = f"redis://127.0.0.1:{port}/0"
    shared = SharedCrawl(redis.StrictRedis.from_url(redis_url))
    posts = [blog_posts(name) for name in "abc"]
    blogs = [TimedBlog(p).start() for p in posts]
    procs: list[subprocess.Popen[str]] = []
    out = tmp_path / "out"
    try:
        urls = [blog.url for blog in blogs]
        procs = [worker(urls, out, redis_url, name) for name in ("w1", "w2")]
        deadline = time.monotonic() + 120
        while done_by(shared, "w1", "w2") < 15:
            assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
            time.sleep(0.1)
        servers[0].terminate()  # a clean shutdown: the append-only file is whole
        servers[0].wait(timeout=30)
        time.sleep(2)
        servers.append(start_redis(port, *persist))
        assert finish(procs) == [0, 0]
    finally:
        kill_all(procs)
        for server in servers:
            server.kill()
            server.wait(timeout=10)
        for blog in blogs:
            blog.stop()
    logs = "".join((tmp_path / f"{name}.log").read_text() for name in ("w1", "w2"))
    assert "Redis unreachable" in logs  # said, then waited out
    assert len([path for blog in blogs for path in fetched_twice(blog)]) <= 16
    merged = merge(sorted(p for p in out.iterdir() if p.is_dir()), tmp_path / "merged")
    expected = set().union(*(post_paths(b, p) for b, p in zip(blogs, posts, strict=True)))
    assert sorted(dataset_paths(tmp_path / "merged" / "posts.jsonl")) == sorted(expected)
    assert merged.posts == 36


@pytest.mark.slow
def test_keep_alive_worker_waits_for_more(tmp_path: Path, redis_url: str) -> None:
    shared = SharedCrawl(redis.StrictRedis.from_url(redis_url))
    with TimedBlog(blog_posts("k", 3)) as blog:
        proc = worker([blog.url], tmp_path / "out", redis_url, "w1", "--keep-alive")
        try:
            deadline = time.monotonic() + 120
            while not (done_by(shared, "w1") and shared.finished()):
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
            time.sleep(4)  # twice the grace period: a worker without --keep-alive has left
            assert proc.poll() is None
            proc.send_signal(signal.SIGINT)  # Ctrl-C: Scrapy's graceful stop
            assert proc.wait(timeout=60) == 3  # stopped, not finished: incomplete
        finally:
            kill_all([proc])


@pytest.mark.slow
def test_scrapyd_jobs_join_the_shared_crawl(scrapyd: str, tmp_path: Path, redis_url: str) -> None:
    """Scrapyd's schedule.json with setting=REDIS_URL=...: the same switch as --redis."""
    assert deploy(scrapyd, tmp_path / "home")["status"] == "ok"
    posts = blog_posts("s", 6)
    with TimedBlog(posts) as blog:
        jobs = []
        for name in ("s1", "s2"):  # the fixture's Scrapyd runs one job at a time
            settings = [f"REDIS_URL={redis_url}", f"ARCHIVER_WORKER_ID={name}"]
            settings += ["ARCHIVER_REDIS_GRACE=1", "ARCHIVER_REQUISITES=0"]
            form = {"project": "archiver", "spider": "dotclear", "url": blog.url}
            form |= {"output": str(tmp_path / "out"), "fast": "1"}
            body = urllib.parse.urlencode([*form.items(), *(("setting", s) for s in settings)])
            with urllib.request.urlopen(scrapyd + "schedule.json", body.encode(), 30) as answer:
                jobs.append(json.load(answer)["jobid"])
        for job in jobs:
            wait_finished(scrapyd, job)
        assert fetched_twice(blog) == []
    got = dataset_paths(tmp_path / "out" / "worker-s1" / "posts.jsonl")
    assert sorted(got) == sorted(post_paths(blog, posts))
    assert (tmp_path / "out" / "worker-s2" / "posts.jsonl").read_text() == ""  # nothing left
    status = SharedCrawl(redis.StrictRedis.from_url(redis_url)).status()
    assert list(status.values())[0].workers.keys() == {"s1"}
