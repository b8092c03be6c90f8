"""kill -9 a crawl of the sample blog at several points, resume it, and lose nothing.

Each case kills the crawl once the sample server has answered N requests (early, mid-listing,
among the posts), optionally leaves half a WARC record and half a JSON line behind (as a kill
during a write would), then runs `archiver crawl --resume` and checks: every post exactly once,
every page in the WARCs exactly once (robots.txt aside: asked for once per run), no page asked
for twice beyond those in flight, and the archive valid.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.sample_blog.server import SampleBlogServer

# A small delay so the crawl lasts long enough to be killed at a chosen point.
SLOW = ("-s", "DOWNLOAD_DELAY=0.03")
IN_FLIGHT = 8  # CONCURRENT_REQUESTS_PER_DOMAIN under --fast: at most this many lost


def crawl_command(output: Path, url: str, *extra: str) -> list[str]:
    cmd = [sys.executable, "-m", "archiver.cli", "crawl", "--fast", "--output", str(output)]
    return [*cmd, *SLOW, *extra, url]


def kill_after(server: SampleBlogServer, output: Path, answered: int) -> int:
    """Start a crawl, kill -9 it once the server has answered `answered` requests."""
    proc = subprocess.Popen(crawl_command(output, server.url), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while len(server.requests) < answered and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return len(server.requests)


def warc_uris(output: Path) -> Counter[str]:
    uris: Counter[str] = Counter()
    for path in sorted((output / "warc").glob("*.warc.gz*")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    uris[record.rec_headers.get_header("WARC-Target-URI")] += 1
    return uris


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """What an uninterrupted crawl captures (page requisites and linked pages included), the
    server's port left out (each case has its own server)."""
    output = tmp_path_factory.mktemp("whole")
    with SampleBlogServer() as server:
        subprocess.run(crawl_command(output, server.url), capture_output=True, check=True)
        return {uri.split("/", 3)[3] for uri in warc_uris(output)}


def half_written(output: Path) -> None:
    """What a kill in the middle of two writes leaves: half a gzip member, half a line."""
    [open_warc] = (output / "warc").glob("*.warc.gz.open")
    with open_warc.open("ab") as fh:
        fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x0b\x77\x0c\x72")
    with (output / "posts.jsonl").open("ab") as fh:
        fh.write(b'{"url": "http://127.0.0.1/post/half", "title": "Ha')


@pytest.mark.parametrize(
    ("answered", "torn"),
    [(3, False), (40, False), (90, False), (90, True), (150, False)],
    ids=["early", "mid-listing", "among-posts", "mid-write", "among-requisites"],
)
def test_kill_then_resume_loses_nothing(
    tmp_path: Path, answered: int, torn: bool, whole: set[str]
) -> None:
    output = tmp_path / "out"
    with SampleBlogServer() as server:
        before = kill_after(server, output, answered)
        assert before < len(whole)  # killed before the end
        if torn:
            half_written(output)
        done = subprocess.run(
            crawl_command(output, server.url, "--resume"), capture_output=True, text=True
        )
        paths = Counter(request.path for request in server.requests)
    assert done.returncode == 0, done.stderr[-3000:]
    records = [json.loads(line) for line in (output / "posts.jsonl").read_text().splitlines()]
    assert len(records) == len({r["id"] for r in records}) == 60
    uris = warc_uris(output)
    robots = [uri for uri in uris if uri.endswith("/robots.txt")]
    assert {uri.split("/", 3)[3] for uri in uris} == whole and uris[robots[0]] == 2
    assert [uri for uri, n in uris.items() if n > 1] == robots
    twice = {path: n for path, n in paths.items() if n > 1 and path != "/robots.txt"}
    assert sum(n - 1 for n in twice.values()) <= IN_FLIGHT
    assert not list((output / "warc").glob("*.open"))
    check = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "validate", str(output)], capture_output=True
    )
    assert check.returncode == 0, check.stdout[-2000:]
