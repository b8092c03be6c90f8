"""The benchmark (`archiver bench`): its synthetic blog, its request counts, and its small mode
run end to end as a smoke test. Correctness only: no timing is asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from archiver.archive.indexing import CDXJ_NAME, PAGES_NAME, collection_warcs, page_list
from archiver.bench import counts
from archiver.bench.report import ratios
from archiver.bench.runner import recrawl_flags
from archiver.bench.serve import CachedSite
from archiver.bench.synth import TAGS, synthetic_post, synthetic_posts
from archiver.sample_blog.site import SampleSite

SMALL = 200
# The 200-post blog: 20 home pages, 41 pages over the 12 tags' listings, 3 months of archives.
MINIMUM = {"robots": 1, "post": 200, "home": 20, "tag": 41, "tags": 1, "archive": 1, "month": 3}
FEEDS = 13  # the blog's Atom feed and each tag's


def test_synthetic_posts_are_deterministic_and_unique() -> None:
    posts = synthetic_posts(SMALL)
    assert posts == synthetic_posts(SMALL)
    assert len({p.slug for p in posts}) == len({p.id for p in posts}) == SMALL
    assert synthetic_posts(3, start=SMALL) == [synthetic_post(i) for i in (200, 201, 202)]
    assert {tag for p in posts for tag in p.tags} == set(TAGS)
    assert sum(1 for p in posts if not p.tags) == 19
    assert sum(len(p.comments) for p in posts) == 168


def test_synthetic_post_shape() -> None:
    post = synthetic_post(3)
    assert post.slug == (
        "2006/01/03/Billet-3-:-collectif-atelier-numérique-insertion-médiation-mutuelle-"
        "quartier-à-l-été-2006"
    )
    assert post.published.isoformat() == "2006-01-03T09:21:00+01:00"
    assert (post.tags, post.category) == (("tendance",), None)
    assert [c.author for c in post.comments] == ["Marie", "Paul", "Zoé & Co", "Marie"]


def test_cached_site_renders_as_the_sample_site() -> None:
    posts = synthetic_posts(40)
    fast, plain = CachedSite(posts), SampleSite(posts)
    paths = fast.page_paths()
    assert len(paths) == len(set(paths)) == 5 + 4 + 12 * 2 + 12 + 3 * 2 + 1 + 40
    for path in paths:
        assert fast.render("http://127.0.0.1:1/", path) == plain.render("http://127.0.0.1:1/", path)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/robots.txt", "robots"),
        ("/", "home"),
        ("/page/12", "home"),
        ("/post/2006/01/02/Billet-0", "post"),
        ("/tag/inclusion%20num%C3%A9rique/page/3", "tag"),
        ("/tags", "tags"),
        ("/archive", "archive"),
        ("/archive/2006/03", "month"),
        ("/feed/tag/TIC/atom", "feed"),
        ("/category/Initiatives", "other"),
    ],
    ids=lambda value: str(value),
)
def test_kind_of(path: str, kind: str) -> None:
    assert counts.kind_of(path) == kind


def test_minimum_and_served() -> None:
    assert counts.minimum_requests(synthetic_posts(SMALL)) == Counter(MINIMUM)
    made = counts.served([("GET", "/", 200), ("GET", "/tags", 200), ("GET", "/", 200)])
    assert (made.total, made.repeats, made.by_kind) == (3, 1, Counter(home=2, tags=1))


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    workdir = tmp_path_factory.mktemp("bench") / "work"
    cmd = [sys.executable, "-m", "archiver.cli", "bench", "--posts", str(SMALL), "--big", "0"]
    cmd += ["--sample", "0", "--no-wget", "--cpu-runs", "1", "--workdir", str(workdir)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return workdir, json.loads((workdir / "results.json").read_text())


def test_small_run_archives_every_post_once(small_run: tuple[Path, dict[str, Any]]) -> None:
    workdir, _ = small_run
    lines = (workdir / "full" / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    slugs = [unquote(urlsplit(json.loads(line)["url"]).path)[len("/post/") :] for line in lines]
    assert sorted(slugs) == sorted(p.slug for p in synthetic_posts(SMALL))


def test_small_run_requests(small_run: tuple[Path, dict[str, Any]]) -> None:
    _, numbers = small_run
    assert numbers["minimum"] == MINIMUM
    assert numbers["crawl"]["by_kind"] == {**MINIMUM, "feed": FEEDS}
    assert numbers["crawl"]["repeats"] == 0
    assert numbers["bare"]["by_kind"] == numbers["crawl"]["by_kind"]  # the same pages
    found = ratios(numbers)
    assert found["requests"] == 280 / 267
    assert found["requests_without_feeds"] == 1.0


def test_small_run_recrawl(small_run: tuple[Path, dict[str, Any]]) -> None:
    _, numbers = small_run
    again = numbers["recrawl"]
    assert again["target"] == {**dict.fromkeys(MINIMUM, 1), "post": 10, "tag": 12, "feed": 2}
    assert again["new_posts_found"] == 10
    if recrawl_flags():  # an incremental mode exists: it must meet the target
        assert again["total"] <= sum(again["target"].values())
    else:  # today: a full recrawl, every page of the 210-post blog again
        full = {**MINIMUM, "post": 210, "home": 21, "tag": 44, "feed": FEEDS}
        assert (again["by_kind"], again["repeats"]) == (full, 0)
    if "resume_probe" in numbers:  # `crawl --resume` over the finished crawl ran cleanly
        assert numbers["resume_probe"]["returncode"] == 0


def test_small_run_offline_extraction(small_run: tuple[Path, dict[str, Any]]) -> None:
    _, numbers = small_run
    offline = numbers["offline"]
    ours = offline["archiver extract"]
    assert (offline["unique_posts"], ours["posts"]) == (SMALL, SMALL)
    assert (ours["title"], ours["day"], ours["minute"], ours["text"]) == (1.0, 1.0, 1.0, 1.0)
    parsers = offline["parse_post"]
    assert parsers["posts"] == SMALL
    assert (parsers["title"], parsers["day"], parsers["minute"], parsers["text"]) == (1, 1, 1, 1)
    # Every synthetic date takes the fast path: dateparser is never needed.
    assert (offline["dateparser_calls"], offline["distinct_date_strings"]) == (0, 368)
    assert "trafilatura" not in offline


def test_small_run_pages_list_read_through_the_index(
    small_run: tuple[Path, dict[str, Any]],
) -> None:
    """The crawl's pages.jsonl, made from the records the CDXJ lists (heads inflated only), is
    what reading every record of the WARC gives."""
    output = small_run[0] / "full"
    lines = (output / PAGES_NAME).read_text(encoding="utf-8").splitlines()
    written = [json.loads(line) for line in lines[1:]]
    warcs = collection_warcs(output)
    assert written == page_list(warcs) == page_list(warcs, output / CDXJ_NAME)
    assert len(written) == sum(MINIMUM.values()) - 1  # every HTML page, robots.txt aside
    assert all(page["title"] != page["url"] for page in written)
