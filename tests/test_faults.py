"""Crawls of the sample blog in fault mode: every fault of `archiver/sample_blog/faults.py`.

One crawl serves them all (they sit on different URLs), a second one a robots.txt that fails.
Each runs `archiver crawl` in a subprocess, with short timeouts and back-off, and its peak
memory is measured from the kernel's account of that child (os.wait4).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.dotclear.parsers import parse_post
from archiver.sample_blog.content import POSTS
from archiver.sample_blog.faults import (
    UNPARSEABLE_DATE,
    WINDOWS_1252_TEXT,
    Faults,
    gzip_bomb,
)
from archiver.sample_blog.server import SampleBlogServer
from archiver.sample_blog.site import SampleSite

SETTINGS = {
    "RETRY_TIMES": "2",  # 3 tries in all
    "DOWNLOAD_TIMEOUT": "3",  # under faults.SLOW_SECONDS
    "ARCHIVER_RETRY_BACKOFF": "0.1",  # far under the servers' Retry-After: 1
    "ARCHIVER_RETRY_BACKOFF_MAX": "0.4",
}
MEMORY_BOUND_MB = 400
LOST = {7: "http-502", 13: "reset", 29: "redirect-offhost", 31: "huge", 33: "gzip-bomb"}


@dataclass
class FaultCrawl:
    server: SampleBlogServer
    faults: Faults
    output: Path
    returncode: int
    max_rss_mb: float
    records: dict[int, dict[str, Any]]  # by dotclear_id
    report: dict[str, Any]
    log: str

    def url(self, path: str) -> str:
        return self.server.url.rstrip("/") + quote(path, safe="/:,()'!*")

    def statuses(self, fault: str) -> list[int]:
        return [hit.status for hit in self.faults.hits_of(fault)]


def run_measured(server: SampleBlogServer, output: Path, faults: Faults) -> FaultCrawl:
    cmd = [sys.executable, "-m", "archiver.cli", "crawl", "--fast", "--output", str(output)]
    for name, value in SETTINGS.items():
        cmd += ["-s", f"{name}={value}"]
    log_path = output.with_suffix(".log")
    with log_path.open("w") as log:
        child = subprocess.Popen([*cmd, server.url], stdout=log, stderr=log)
        _, status, usage = os.wait4(child.pid, 0)  # reaped here: its own resource usage
        child.returncode = os.waitstatus_to_exitcode(status)
    posts = output / "posts.jsonl"
    lines = posts.read_text(encoding="utf-8").splitlines()
    records = {rec["dotclear_id"]: rec for rec in map(json.loads, lines)}
    report = json.loads((output / "crawl-report.json").read_text(encoding="utf-8"))
    return FaultCrawl(
        server,
        faults,
        output,
        child.returncode,
        usage.ru_maxrss / 1024,  # kilobytes on Linux
        records,
        report,
        log_path.read_text(encoding="utf-8"),
    )


@pytest.fixture(scope="module")
def offhost() -> Iterator[SampleBlogServer]:
    """Where the off-host redirect points: it must never be asked anything."""
    with SampleBlogServer() as server:
        yield server


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, offhost: SampleBlogServer) -> FaultCrawl:
    faults = Faults(offhost=offhost.url)
    with SampleBlogServer(faults=faults) as server:
        return run_measured(server, tmp_path_factory.mktemp("faults") / "out", faults)


@pytest.fixture(scope="module")
def robots_fails(tmp_path_factory: pytest.TempPathFactory) -> FaultCrawl:
    faults = Faults(robots="fail", post_faults={})
    with SampleBlogServer(POSTS[:12], faults=faults) as server:
        return run_measured(server, tmp_path_factory.mktemp("robots") / "out", faults)


def _path(index: int) -> str:
    return f"/post/{POSTS[index].slug}"


# --- What was recovered, what was lost -------------------------------------------------------


def test_every_post_served_in_the_end_is_recovered(hostile: FaultCrawl) -> None:
    expected = {post.id for i, post in enumerate(POSTS) if i not in LOST}
    assert set(hostile.records) == expected
    assert hostile.report["posts"] == 55
    assert hostile.returncode == 3  # archived, some pages failed: the copy is incomplete


def test_every_lost_post_is_reported_with_its_reason(hostile: FaultCrawl) -> None:
    failed = {item["url"]: item["reason"] for item in hostile.report["failed"]}
    assert sorted(failed) == sorted(hostile.url(_path(i)) for i in LOST)
    assert failed[hostile.url(_path(7))] == "HTTP 502 after 3 tries"
    assert failed[hostile.url(_path(13))] == "ResponseDataLossError after 3 tries"
    offhost = hostile.faults.offhost.rstrip("/")
    assert failed[hostile.url(_path(29))] == (
        "HTTP 302 redirect to another host, not followed: "
        + offhost
        + quote(_path(29), safe="/:()'!*")
    )
    assert failed[hostile.url(_path(31))] == (
        "DownloadCancelledError: body larger than DOWNLOAD_MAXSIZE, download stopped"
    )
    assert failed[hostile.url(_path(33))].endswith(
        "exceeded DOWNLOAD_MAXSIZE (33554432 B) during decompression."
    )


@pytest.mark.parametrize(
    ("fault", "statuses"),
    [
        ("http-503-retry-after", [503, 503, 200]),
        ("http-500-once", [500, 200]),
        ("http-429-retry-after", [429, 200]),
        ("http-502", [502, 502, 502]),
        ("reset-twice", [0, 0, 200]),
        ("reset", [0, 0, 0]),
        ("redirect-offhost", [302]),
        ("huge", [200]),
        ("gzip-bomb", [200]),
    ],
)
def test_requests_made_per_fault_are_bounded(
    hostile: FaultCrawl, fault: str, statuses: list[int]
) -> None:
    assert hostile.statuses(fault) == statuses


def test_a_timeout_is_retried(hostile: FaultCrawl) -> None:
    hits = hostile.faults.hits_of("slow-once")
    assert len(hits) == 2 and hits[1].status == 200  # the first one answers too late
    assert hits[1].at - hits[0].at >= float(SETTINGS["DOWNLOAD_TIMEOUT"])
    assert POSTS[9].id in hostile.records


@pytest.mark.parametrize("fault", ["http-503-retry-after", "http-429-retry-after"])
def test_retry_after_is_honoured(hostile: FaultCrawl, fault: str) -> None:
    times = [hit.at for hit in hostile.faults.hits_of(fault)]
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert gaps and min(gaps) >= 1.0  # Retry-After: 1, ten times the back-off of 0.1 s


def test_no_request_leaves_the_blog_host(hostile: FaultCrawl, offhost: SampleBlogServer) -> None:
    assert offhost.requests == []
    redirects = hostile.report["offhost_redirects"]
    assert [item["url"] for item in redirects] == [hostile.url(_path(29))]


def test_memory_stays_bounded_on_the_huge_page_and_the_gzip_bomb(hostile: FaultCrawl) -> None:
    assert hostile.statuses("huge") == [200] and hostile.statuses("gzip-bomb") == [200]
    assert hostile.max_rss_mb < MEMORY_BOUND_MB


# --- Bad markup, bad encodings, bad dates ------------------------------------------------------


def _clean_text(index: int) -> str:
    site = SampleSite()
    page = site.render("http://127.0.0.1:1/", quote(_path(index)))
    return parse_post("http://127.0.0.1:1" + quote(_path(index)), page.body).body_text


def test_truncated_html_keeps_what_arrived(hostile: FaultCrawl) -> None:
    record = hostile.records[POSTS[14].id]
    assert record["title"] == POSTS[14].title
    assert record["body_text"] == _clean_text(14).split("\n\n")[0]
    assert record["published"] == POSTS[14].published.isoformat()


@pytest.mark.parametrize("index", [17, 19], ids=["latin1-declared-utf8", "utf8-declared-latin1"])
def test_wrongly_declared_charset_is_detected(hostile: FaultCrawl, index: int) -> None:
    record = hostile.records[POSTS[index].id]
    assert record["title"] == POSTS[index].title
    assert record["body_text"] == _clean_text(index)


def test_charset_corrections_are_reported(hostile: FaultCrawl) -> None:
    assert hostile.report["charset_corrections"] == sorted(
        [
            {
                "url": hostile.url(_path(17)),
                "reason": "declared utf-8, bytes are not: decoded as cp1252",
            },
            {
                "url": hostile.url(_path(19)),
                "reason": "declared cp1252, bytes are valid UTF-8: decoded as utf-8",
            },
        ],
        key=lambda item: item["url"],
    )
    assert "archiver/charset/corrected': 2" in hostile.log


def test_windows_1252_characters_in_a_latin1_page(hostile: FaultCrawl) -> None:
    record = hostile.records[POSTS[22].id]
    assert record["body_text"] == WINDOWS_1252_TEXT + "\n\n" + _clean_text(22)


def test_missing_and_unparseable_dates_give_null_and_are_counted(hostile: FaultCrawl) -> None:
    missing, unreadable = hostile.records[POSTS[23].id], hostile.records[POSTS[25].id]
    assert (missing["published"], missing["published_source"]) == (None, None)
    assert (unreadable["published"], unreadable["published_source"]) == (None, None)
    assert UNPARSEABLE_DATE in unreadable["published_raw"]
    assert missing["title"] == POSTS[23].title and unreadable["title"] == POSTS[25].title
    assert hostile.report["dates"]["unparsed"] == 2


def test_empty_body_is_kept_and_counted(hostile: FaultCrawl) -> None:
    record = hostile.records[POSTS[27].id]
    assert (record["title"], record["body_text"], record["body_html"]) == (POSTS[27].title, "", "")
    assert hostile.report["posts_incomplete"] == {"empty_body": 1, "no_title": 0}


# --- Traps and robots.txt ----------------------------------------------------------------------


def _months_around_posts() -> tuple[set[str], set[str]]:
    months = {(p.published.year, p.published.month) for p in POSTS}
    around = set()
    for year, month in months:
        index = year * 12 + month - 1
        around |= {(i // 12, i % 12 + 1) for i in (index - 1, index + 1)}
    as_paths = lambda ms: {f"/archive/{y:04d}/{m:02d}" for y, m in ms}  # noqa: E731
    return as_paths(months), as_paths(around - months)


def test_calendar_link_space_stops_at_the_first_empty_month(hostile: FaultCrawl) -> None:
    with_posts, empty = _months_around_posts()
    requested = [r.path for r in hostile.server.requests if r.path.startswith("/archive/")]
    months = [path for path in requested if re.fullmatch(r"/archive/\d{4}/\d{2}", path)]
    assert sorted(months) == sorted(with_posts | empty)  # each once, none further
    assert [path for path in requested if path.count("/") > 3] == []  # no day archive
    dead_ends = [item["url"] for item in hostile.report["dead_ends"]]
    assert dead_ends == sorted(hostile.url(path) for path in empty)


def test_pagination_loop_is_detected_and_not_followed(hostile: FaultCrawl) -> None:
    loop = "/tag/economie%20sociale%20et%20solidaire/page/1"
    requested = [r.path for r in hostile.server.requests]
    assert requested.count(loop) == 1
    assert [item["url"] for item in hostile.report["pagination_loops"]] == [
        hostile.server.url.rstrip("/") + loop
    ]


def test_robots_txt_disallowing_a_tag(hostile: FaultCrawl) -> None:
    assert hostile.statuses("robots-disallow-tag") == [200]
    assert not [r for r in hostile.server.requests if r.path.startswith("/tag/TIC")]
    assert hostile.report["skipped_by_robots"] == [hostile.server.url + "tag/TIC"]


def test_robots_txt_that_fails_allows_the_crawl(robots_fails: FaultCrawl) -> None:
    assert robots_fails.statuses("robots-fail") == [500, 500, 500]
    assert set(robots_fails.records) == {post.id for post in POSTS[:12]}
    assert robots_fails.report["robots_txt"] == {robots_fails.server.url + "robots.txt": 500}
    assert robots_fails.report["failed"] == [] and robots_fails.returncode == 0


# --- The WARC keeps what the server sent -------------------------------------------------------


def test_warc_keeps_error_responses_and_the_bomb_as_sent(hostile: FaultCrawl) -> None:
    statuses: dict[str, list[int]] = {}
    bodies: dict[str, bytes] = {}
    for name in hostile.report["warc_files"]:
        with (hostile.output / name).open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type not in ("response", "revisit"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                statuses.setdefault(url, []).append(int(record.http_headers.get_statuscode()))
                if record.rec_type == "response":
                    bodies[url] = record.raw_stream.read()
    assert statuses[hostile.url(_path(7))] == [502, 502, 502]
    assert statuses[hostile.url(_path(1))] == [503, 503, 200]
    assert statuses[hostile.url(_path(29))] == [302]
    assert bodies[hostile.url(_path(33))] == gzip_bomb()  # still gzip, as served
