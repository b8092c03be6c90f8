"""`archiver bench --distributed` (archiver/bench/distributed.py) in a tiny run: the figures'
structure and exact counts (pages, posts, queued requests), never their times.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
import redis

from archiver.bench.distributed import Options, redis_server, render, run

# A blog of 3 sample posts, crawled without requisites: home, tags index, archive, its one
# month, the blog's feed, 3 tags and their 3 feeds, 3 posts.
PAGES_PER_BLOG = 14


@pytest.mark.slow
def test_tiny_run_prints_exact_counts(tmp_path: Path) -> None:
    opts = Options(workers=(1, 2), blogs=2, posts=3, queued=1000, workdir=tmp_path)
    results = run(opts)
    lines = render(results).splitlines()
    assert lines[0].startswith(
        "Distributed crawl: 2 sample blogs of 3 posts on 127.0.0.1, delay 0.2 s per blog, "
        "redis-server "
    )
    assert lines[1] == "ideal: 2 blogs / 0.2 s = 10.0 pages/s, whatever the number of workers"
    assert lines[3].split() == [
        *("workers", "pages", "posts", "twice", "crawl", "s", "wall", "s"),
        *("pages/s", "ideal", "of", "ideal"),
    ]
    rows = [line.split() for line in lines[4:6]]
    # Every page once, every post in the workers' datasets, with 1 worker as with 2.
    assert [row[:4] for row in rows] == [["1", "28", "6", "0"], ["2", "28", "6", "0"]]
    assert all(re.fullmatch(r"\d+\.\d", cell) for row in rows for cell in row[4:8])
    assert all(row[7] == "10.0" and re.fullmatch(r"\d+%", row[8]) for row in rows)
    assert [c.workers for c in results.crawls] == [1, 2]
    assert all(0 < c.window < c.wall for c in results.crawls)
    assert lines[7].startswith("Redis memory: 1,000 post requests queued (queue and dupefilter), ")
    assert re.fullmatch(
        r"used_memory [\d,]+ -> [\d,]+ bytes: \d+\.\d MiB per 100,000 queued requests", lines[8]
    )
    assert re.fullmatch(r"MEMORY USAGE: queue \d+\.\d MiB, dupefilter \d+\.\d MiB", lines[9])
    assert results.memory.queued == 1000 and results.memory.used_after > results.memory.used_before
    logs = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("*/w*.log"))
    assert logs == ["workers-1/w1.log", "workers-2/w1.log", "workers-2/w2.log"]


def test_redis_server_stopped_after_use() -> None:
    with redis_server() as port:
        assert redis.StrictRedis(port=port).ping()
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port)):
        pass


def test_missing_redis_server_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without redis-server
    with (
        pytest.raises(
            RuntimeError, match=r"^redis-server is missing: apt-get install redis-server$"
        ),
        redis_server(),
    ):
        pass
