"""The live progress line: its arithmetic, and what a crawl shows at its end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archiver.crawl.progress import Snapshot
from archiver.sample_blog.server import SampleBlogServer
from tests.conftest import run_crawl

STATS = {
    "downloader/response_count": 40,
    "archiver/posts": 10,
    "archiver/pages/failed": 1,
    "archiver/progress/listing_pages": 30,
    "archiver/progress/posts_known": 60,
    "archiver/pages/listing": 25,
}


def test_line_estimates_what_is_left() -> None:
    snap = Snapshot.of(STATS, elapsed=8.0)
    # 40 fetched + 5 listing pages announced but not fetched + 50 posts named but not fetched
    assert snap.expected() == 95
    assert snap.line() == "pages 40/≈95 · posts 10/60 · errors 1 · 5.0 pages/s · ETA 0:00:11"


def test_line_counts_requisites_and_linked_pages_asked_for() -> None:
    stats = {
        **STATS,
        "archiver/pages/category": 2,  # category pages announce their count as listings do
        "archiver/requisites/requested": 9,
        "archiver/requisites/fetched": 5,
        "archiver/requisites/failed": 1,
        "archiver/links/requested": 7,
        "archiver/links/fetched": 4,
    }
    # 40 + (30 - 27) listing pages + 50 posts + (9 - 6) requisites + (7 - 4) linked pages
    assert Snapshot.of(stats, elapsed=8.0).expected() == 99


def test_line_at_start_has_no_eta() -> None:
    assert Snapshot.of({}, elapsed=0.0).line() == (
        "pages 0/≈0 · posts 0/0 · errors 0 · 0.0 pages/s · ETA ?"
    )


@pytest.mark.parametrize(
    ("options", "pages"),
    [
        # The sample blog's 116 dataset pages (robots.txt, listings, feeds, 60 posts), then its
        # 13 requisites, 74 linked pages (comment feeds, RSS 2, media...) and 6 category pages.
        ((), 116 + 13 + 74 + 6),
        (("--no-requisites",), 116),
    ],
    ids=["requisites", "no-requisites"],
)
def test_crawl_ends_with_a_complete_progress_line(
    tmp_path: Path, options: tuple[str, ...], pages: int
) -> None:
    with SampleBlogServer() as server:
        crawl = run_crawl(server, tmp_path, options=("-s", "ARCHIVER_PROGRESS=1", *options))
    # The subprocess's text mode turns each "\r" into a line break.
    lines = re.findall(r"^pages .*?(?=\x1b\[K)", crawl.log, re.MULTILINE)
    assert re.fullmatch(
        rf"pages {pages}/≈{pages} · posts 60/60 · errors 0 · [\d.]+ pages/s · ETA 0:00:00",
        lines[-1],
    )


def test_no_progress_line_off_a_terminal(tmp_path: Path) -> None:
    with SampleBlogServer() as server:
        crawl = run_crawl(server, tmp_path)
    assert "pages/s · ETA" not in crawl.log
