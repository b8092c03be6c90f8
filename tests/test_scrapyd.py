"""A real Scrapyd on 127.0.0.1: deploy the project with scrapyd-deploy, schedule a crawl of the
sample blog through the HTTP API with the CLI's options, wait for it, find its outputs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archiver.sample_blog.server import SampleBlogServer

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def call(url: str, data: dict[str, str] | None = None) -> Any:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(url, data=body, timeout=30) as response:
        return json.load(response)


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\n"
        "items_dir =\nmax_proc = 1\npoll_interval = 0.5\n"
    )
    log = (home / "scrapyd.out").open("w")
    proc = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                call(url + "daemonstatus.json")
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def deploy(url: str, home: Path) -> dict[str, Any]:
    """scrapyd-deploy, with the target named in a ~/.scrapy.cfg of the test's own."""
    home.mkdir()
    (home / ".scrapy.cfg").write_text(f"[deploy:test]\nurl = {url}\nproject = archiver\n")
    env = {**os.environ, "HOME": str(home)}
    done = subprocess.run(
        [str(BIN / "scrapyd-deploy"), "test", "-v", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def wait_finished(url: str, job: str) -> None:
    for _ in range(600):
        jobs = call(url + "listjobs.json?project=archiver")
        if any(j["id"] == job for j in jobs["finished"]):
            return
        time.sleep(0.5)
    raise AssertionError(f"job {job} still not finished: {jobs}")


def test_schedule_a_crawl_through_scrapyd(scrapyd: str, tmp_path: Path) -> None:
    answer = deploy(scrapyd, tmp_path / "home")
    assert answer["status"] == "ok" and answer["spiders"] == 1
    assert call(scrapyd + "listspiders.json?project=archiver")["spiders"] == ["dotclear"]
    output = tmp_path / "out"
    with SampleBlogServer(theme="berlin") as blog:
        job = call(
            scrapyd + "schedule.json",
            {
                "project": "archiver",
                "spider": "dotclear",
                "url": blog.url,
                "output": str(output),
                "fast": "1",
            },
        )["jobid"]
        wait_finished(scrapyd, job)
        requests = len(blog.requests)
        records = [json.loads(line) for line in (output / "posts.jsonl").read_text().splitlines()]
        assert len(records) == len({r["id"] for r in records}) == 60
        # Berlin's blog: 122 pages (listings, feeds, posts, robots.txt), 22 pages they link
        # (categories, RSD, XBEL...) and 16 requisites; none asked for twice.
        assert requests == len({r.path for r in blog.requests}) == 160
        assert len(list((output / "warc").glob("archiver-*.warc.gz"))) == 1
        # The same job again as an update: the same options as `archiver crawl --update`.
        again = {"project": "archiver", "spider": "dotclear", "url": blog.url}
        again |= {"output": str(output), "fast": "1", "update": "1"}
        wait_finished(scrapyd, call(scrapyd + "schedule.json", again)["jobid"])
        answered = {r.path: r.status for r in blog.requests[requests:]}
    # robots.txt, home, tags and archive indexes, the posts feed and the comments feed (which
    # only updates read, captured by the first crawl as a page the blog links), no tag listing
    # (no post fetched carries a tag): all not modified.
    assert len(answered) == 6
    assert {path: status for path, status in answered.items() if status != 304} == {}
    report = json.loads((output / "crawl-report.json").read_text())
    assert report["update"]["kept"] == 60 and report["update"]["not_modified"] == 6
