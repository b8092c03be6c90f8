"""Coverage audit: the crawl against the blog's own counts (crawl-report.json `coverage`).

The archive page's monthly counts read from saved pages of the three template sets; the audit
on hand-made evidence (months, listings, feeds); then end to end, the sample blog with one
monthly archive page and one home listing page failing for ever, and a post reachable only
through them: the audit names that month with its figures and nothing else, the last line
says it, the exit status is 3 (incomplete). Healed, an `--update` makes the copy complete.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archiver.crawl.coverage import Archived, Audit, Seen, audit, post_month, read_posts
from archiver.dataset.records import Listing
from archiver.dotclear.parsers import parse_archive_counts
from archiver.sample_blog.content import POSTS
from archiver.sample_blog.faults import Faults
from archiver.sample_blog.server import SampleBlogServer
from tests.conftest import Crawl

FIXTURES = Path(__file__).parent / "fixtures" / "archive"
THEMES = ["default", "berlin", "ductile"]


@pytest.mark.parametrize("theme", THEMES)
def test_archive_page_monthly_counts(theme: str) -> None:
    folder = FIXTURES / theme
    url = (folder / "url.txt").read_text(encoding="utf-8").strip()
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    counts = parse_archive_counts(url, (folder / "page.html").read_bytes())
    assert {month: [link, n] for month, (link, n) in counts.items()} == expected
    assert sum(n for _, n in counts.values()) == len(POSTS) == 60


def test_a_page_without_counts_gives_none() -> None:
    page = (Path(__file__).parent / "fixtures/listing/ductile-home/page.html").read_bytes()
    assert parse_archive_counts("http://blog.jeanlucraymond.net/", page) == {}


# --- The audit on hand-made evidence ------------------------------------------------------------
BLOG = "http://blog.example.com/"


def listing(url: str, posts: list[str], page: int | None, of: int | None) -> Listing:
    pages = [f"{BLOG}page/{page + 1}"] if page and of and page < of else []
    return Listing(url, [BLOG + f"post/{p}" for p in posts], pages, page, of)


def record(slug: str, published: str | None = None, month: str | None = None) -> dict[str, Any]:
    listings = [f"{BLOG}archive/{month}"] if month else []
    return {"url": BLOG + "post/" + slug, "published": published, "listings": listings}


def counted(*records: dict[str, Any]) -> Archived:
    """Posts counted as a crawl counts its items (no posts.jsonl to read back here)."""
    posts = Archived(Path("no-posts.jsonl"))
    for post in records:
        posts.add(post)
    return posts


def written(folder: Path, *records: dict[str, Any]) -> Path:
    path = folder / "posts.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in records), encoding="utf-8")
    return path


def test_months_short_for_a_failed_post(tmp_path: Path) -> None:
    months = {"2007-07": (BLOG + "archive/2007/07", 2), "2007-08": (BLOG + "archive/2007/08", 1)}
    seen = Seen(months={(BLOG, month): count for month, count in months.items()})
    seen.listing(
        BLOG + "archive/2007/07", listing(BLOG + "archive/2007/07", ["a", "b"], None, None)
    )
    seen.failed[BLOG + "post/b"] = "HTTP 502 after 4 tries"
    # What the spider still holds: listed posts never recorded, with their listing pages.
    seen.pending = {BLOG + "post/b": [BLOG + "archive/2007/07"], BLOG + "post/x": [BLOG]}
    path = written(tmp_path, record("a", month="2007/07"), record("c", "2007-08-02T10:00:00+02:00"))
    posts = read_posts(path)
    assert audit(seen, posts, update=False) == Audit(
        3,
        "archive",
        2,
        [
            {
                "month": "2007-07",
                "expected": 2,
                "archived": 1,
                "why": f"post {BLOG}post/b failed: HTTP 502 after 4 tries",
            }
        ],
        [],
    )


def test_post_month_prefers_the_archive_listing() -> None:
    assert post_month(record("a", "2007-08-01T00:30:00+02:00", month="2007/07/page/2")) == "2007-07"
    assert post_month(record("a", "2007-08-01T00:30:00+02:00")) == "2007-08"
    assert post_month(record("a")) is None


def test_read_posts_leaves_gone_posts_out(tmp_path: Path) -> None:
    gone = {**record("b"), "gone": {"since": "2026-01-01T00:00:00Z", "status": 404}}
    lines = [record("a", month="2007/07"), gone, record("c", "2008-01-02T10:00:00+01:00")]
    posts = read_posts(written(tmp_path, *lines))
    assert posts.total == 2
    assert posts.by_month == Counter({(BLOG, "2007-07"): 1, (BLOG, "2008-01"): 1})
    assert posts.urls() == {BLOG + "post/a", BLOG + "post/c"}
    assert read_posts(tmp_path / "none.jsonl").total == 0


def test_listing_counts_when_the_theme_shows_no_month_counts() -> None:
    seen = Seen()
    seen.listing(BLOG, listing(BLOG, ["a", "b", "c"], 1, 3))
    seen.listing(BLOG + "page/2", listing(BLOG + "page/2", ["d", "e", "f"], 2, 3))
    seen.listing(BLOG + "page/3", listing(BLOG + "page/3", ["g"], 3, 3))
    done = audit(seen, counted(*(record(p) for p in "abcdef")), update=False)
    assert (done.expected_posts, done.expected_source, done.archived_posts) == (7, "listing", 6)
    assert done.short == [{"listing": BLOG, "expected": 7, "archived": 6, "why": "posts missing"}]
    assert done.line() == f"6 of the 7 posts the blog counts; {BLOG}: 6 of 7"


def test_listing_not_walked_to_its_end() -> None:
    seen = Seen()
    seen.listing(BLOG, listing(BLOG, ["a", "b", "c"], 1, 3))
    seen.failed[BLOG + "page/2"] = "HTTP 500 after 4 tries"
    done = audit(seen, counted(*(record(p) for p in "abc")), update=False)
    assert (done.expected_posts, done.expected_source) == (7, "listing (at least)")
    assert done.unreached_listing_pages == [
        {"url": BLOG + "page/2", "page": 2, "of": 3, "reason": "HTTP 500 after 4 tries"},
        {"url": BLOG + "page/3", "page": 3, "of": 3, "reason": "not linked: page 2 failed"},
    ]
    assert done.short[0]["why"] == (
        f"{BLOG}page/2: HTTP 500 after 4 tries; {BLOG}page/3: not linked: page 2 failed"
    )


def test_a_listing_announcing_endless_pages_lists_a_hundred() -> None:
    seen = Seen()
    seen.listing(BLOG, listing(BLOG, ["a"], 1, 1_000_000_000))
    seen.listing(BLOG + "page/500", listing(BLOG + "page/500", ["b"], 500, 1_000_000_000))
    pages = audit(seen, counted(record("a")), update=False).unreached_listing_pages
    assert [page["page"] for page in pages] == list(range(2, 102))
    assert pages[-1]["and_more"] == 1_000_000_000 - 101 - 1


def test_update_walks_stop_at_known_posts() -> None:
    seen = Seen()
    seen.listing(BLOG, listing(BLOG, ["a", "b"], 1, 2))
    done = audit(seen, counted(*(record(p) for p in "abc")), update=True)
    assert done.unreached_listing_pages == [
        {
            "url": BLOG + "page/2",
            "page": 2,
            "of": 2,
            "reason": "not asked for: an update stops a walk at the first page of known posts",
        }
    ]
    assert done.short == [] and done.line() == "3 of the 3 posts the blog counts"


def test_a_tag_crawl_counts_by_its_tag_listing() -> None:
    tag = BLOG + "tag/TIC"
    seen = Seen()
    seen.listing(tag, Listing(tag, [BLOG + "post/a", BLOG + "post/b"], [], None, None))
    done = audit(seen, counted(*(record(p) for p in "abc")), update=False)
    assert (done.expected_posts, done.expected_source, done.short) == (2, "listing", [])
    assert done.line() == "3 posts, the blog counts 2"


def test_feeds_then_nothing() -> None:
    seen = Seen(feed_posts={BLOG + "post/a", BLOG + "post/b"})
    assert audit(seen, counted(record("a")), update=False) == Audit(2, "feeds", 1, [], [])
    nothing = audit(Seen(), counted(record("a")), update=False)
    assert nothing == Audit(None, "none", 1, [], [])
    assert nothing.line() == "1 posts; the blog shows no count to check them against"


# --- End to end ----------------------------------------------------------------------------------
ALONE = POSTS[18]  # alone in 2007-11, no tag, no category, on the home listing's page 2
FAILING = {"/archive/2007/11": "http-502", "/page/2": "http-502"}


class Failing(Faults):
    """No post fault; the monthly archive of ALONE and the home's page 2 answer 502 for ever."""

    def __init__(self) -> None:
        super().__init__(post_faults={})

    def attach(self, server: SampleBlogServer) -> None:
        super().attach(server)
        self.plan.update(FAILING)

    def heal(self) -> None:
        for path in FAILING:
            del self.plan[path]


@dataclasses.dataclass
class Run:
    returncode: int
    stdout: str
    coverage: dict[str, Any]


def crawl(server: SampleBlogServer, output: Path, *options: str) -> Run:
    # Requisites and linked pages off: a post page links its neighbours, which would reach ALONE.
    # robots.txt not read: the tag it disallows would make the crawl incomplete for that alone.
    cmd = [sys.executable, "-m", "archiver.cli", "crawl", "--fast", "--output", str(output)]
    cmd += ["-s", "RETRY_TIMES=1", "-s", "ARCHIVER_REQUISITES=0", "-s", "ROBOTSTXT_OBEY=0"]
    cmd += [*options, server.url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    report = json.loads((output / "crawl-report.json").read_text(encoding="utf-8"))
    return Run(done.returncode, done.stdout, report["coverage"])


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Run, Run]]:
    output = tmp_path_factory.mktemp("coverage")
    faults = Failing()
    assert ALONE.category is None and not ALONE.tags
    with SampleBlogServer(feed_size=10, faults=faults) as server:
        first = crawl(server, output)
        faults.heal()
        second = crawl(server, output, "--update")
        yield server.url, first, second


def home_pages(base: str, failed: int, after: str) -> list[dict[str, Any]]:
    """The home listing's pages from `failed` to its last (6): the failed one, then `after`."""
    return [
        {
            "url": f"{base}page/{n}",
            "page": n,
            "of": 6,
            "reason": "HTTP 502 after 2 tries" if n == failed else after,
        }
        for n in range(failed, 7)
    ]


@pytest.mark.slow
def test_the_audit_names_the_month_and_nothing_else(runs: tuple[str, Run, Run]) -> None:
    base, first, _ = runs
    assert first.coverage == {
        "expected_posts": 60,
        "expected_source": "archive",
        "archived_posts": 59,
        "complete": False,
        "short": [
            {
                "month": "2007-11",
                "expected": 1,
                "archived": 0,
                "why": f"archive page {base}archive/2007/11 failed: HTTP 502 after 2 tries",
            }
        ],
        "unreached_listing_pages": home_pages(base, 2, "not linked: page 2 failed"),
    }
    last = "Coverage:    59 of the 60 posts the blog counts; 2007-11: 0 of 1"
    assert first.stdout.splitlines()[-1] == last
    assert first.returncode == 3


# Listings an update reads only the first page of (its last post known), and their length. No
# tag's: the one post it fetches (ALONE) has no tag, so no tag listing is read again.
UPDATE_WALKS = [("", 6)]


@pytest.mark.slow
def test_an_update_after_healing_is_complete(runs: tuple[str, Run, Run]) -> None:
    base, _, second = runs
    update_stop = "not asked for: an update stops a walk at the first page of known posts"
    assert second.coverage == {
        "expected_posts": 60,
        "expected_source": "archive",
        "archived_posts": 60,
        "complete": True,
        "short": [],
        "unreached_listing_pages": [
            {"url": f"{base}{listing}page/{n}", "page": n, "of": of, "reason": update_stop}
            for listing, of in UPDATE_WALKS
            for n in range(2, of + 1)
        ],
    }
    assert second.stdout.splitlines()[-1] == "Coverage:    60 of the 60 posts the blog counts"
    assert second.returncode == 0, second.stdout


@pytest.mark.slow
def test_a_whole_crawl_is_complete(default_crawl: Crawl) -> None:
    report = json.loads((default_crawl.output / "crawl-report.json").read_text(encoding="utf-8"))
    assert report["coverage"] == {
        "expected_posts": 60,
        "expected_source": "archive",
        "archived_posts": 60,
        "complete": True,
        "short": [],
        "unreached_listing_pages": [],
    }
