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
from archiver.bench.copy import complete_copy
from archiver.bench.report import _offline as offline_lines
from archiver.bench.report import ratios
from archiver.bench.runner import recrawl_flags
from archiver.bench.serve import CachedSite
from archiver.bench.synth import TAGS, synthetic_post, synthetic_posts
from archiver.sample_blog.site import SampleSite

SMALL = 200
# A dataset-only crawl of the 200-post blog: 20 home pages, 41 pages over the 12 tags' listings,
# 3 months of archives (its feeds are read for times, counted apart).
DATASET = {"robots": 1, "post": 200, "home": 20, "tag": 41, "tags": 1, "archive": 1, "month": 3}
# A complete copy: the dataset's pages, 15 pages over the 3 categories' listings, 32 feeds (the
# blog's posts and comments feeds in Atom and RSS 2, each tag's and category's), each post's
# comment feed, the RSD and XBEL documents (other), and 49 requisites: 9 theme and plugin files,
# the favicon, 40 pictures (every 5th post's).
MINIMUM = {**DATASET, "category": 15, "feed": 32, "comments_feed": 200, "asset": 49, "other": 2}
PHOTOS = {f"/public/images/photo-{i}.jpg" for i in range(0, SMALL, 5)}
FEEDS = 13  # a dataset-only crawl's: the blog's Atom feed and each tag's
# An update after 10 new posts: robots.txt, the tags page, the archive index and the blog's two
# Atom feeds again, the listings down to their first held post (their month's page, held, too),
# and what the copy lacks.
UPDATE = {
    **dict.fromkeys(("robots", "tags", "archive", "month"), 1),
    **{"feed": 2, "home": 2, "tag": 12, "post": 10, "comments_feed": 10, "asset": 2},
}


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
        ("/feed/atom/comments", "feed"),
        ("/feed/atom/comments/12", "comments_feed"),
        ("/category/Initiatives", "category"),
        ("/category/Initiatives/page/2", "category"),
        ("/themes/default/style.css", "asset"),
        ("/?pf=jquery/3.5.1/jquery.js", "asset"),
        ("/index.php?tf=img/top.png", "asset"),
        ("/public/images/.atelier-micro-credit_sq.jpg", "asset"),
        ("/favicon.ico", "asset"),
        ("/rsd", "other"),
    ],
    ids=lambda value: str(value),
)
def test_kind_of(path: str, kind: str) -> None:
    assert counts.kind_of(path) == kind


def test_minimum_and_served() -> None:
    assert counts.minimum_requests(CachedSite(synthetic_posts(SMALL))) == Counter(MINIMUM)
    assert counts.dataset_minimum(synthetic_posts(SMALL)) == Counter(DATASET)
    made = counts.served([("GET", "/", 200), ("GET", "/tags", 200), ("GET", "/", 200)])
    assert (made.total, made.repeats, made.by_kind) == (3, 1, Counter(home=2, tags=1))


def test_complete_copy_requisites_are_the_files_the_site_serves() -> None:
    site = CachedSite(synthetic_posts(SMALL))
    assets = {path for path in complete_copy(site) if counts.kind_of(path) == "asset"}
    assert assets - set(site.asset_paths()) == PHOTOS  # the synthetic posts' own pictures
    assert len(assets & set(site.asset_paths())) == 9
    assert all(site.render("http://127.0.0.1:1/", path).status == 200 for path in assets)


def test_update_targets_ask_only_what_the_copy_lacks() -> None:
    new = synthetic_posts(10, start=SMALL)
    before = CachedSite(synthetic_posts(SMALL))
    after = CachedSite([*before.blog.source, *new])
    targets = counts.update_targets(frozenset(complete_copy(before)), after, new)
    # The home listing's first two pages (the second ends with a held post), the head of each
    # tag's listing, the 10 new posts with their comment feeds and pictures (posts 200, 205).
    assert counts.by_kind(targets) == Counter(UPDATE)
    assert sorted(t for t in targets if counts.kind_of(t) == "asset") == [
        "/public/images/photo-200.jpg",
        "/public/images/photo-205.jpg",
    ]


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    workdir = tmp_path_factory.mktemp("bench") / "work"
    cmd = [sys.executable, "-m", "archiver.cli", "bench", "--posts", str(SMALL), "--memory", ""]
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
    assert (numbers["minimum"], numbers["minimum_dataset"]) == (MINIMUM, DATASET)
    assert numbers["crawl"]["by_kind"] == MINIMUM
    assert numbers["crawl"]["repeats"] == 0
    assert numbers["bare"]["by_kind"] == numbers["crawl"]["by_kind"]  # the same pages
    found = ratios(numbers)
    assert (found["requests"], found["requests_dataset"]) == (1.0, 1.0)
    dataset_only = numbers["dataset_only"]  # --no-requisites: the feeds it reads for times
    assert (dataset_only["by_kind"], dataset_only["repeats"]) == ({**DATASET, "feed": FEEDS}, 0)


def test_small_run_recrawl(small_run: tuple[Path, dict[str, Any]]) -> None:
    _, numbers = small_run
    again = numbers["recrawl"]
    assert again["target"] == UPDATE
    assert again["new_posts_found"] == 10
    if recrawl_flags():  # an incremental mode exists: it must meet the target
        assert again["total"] <= sum(again["target"].values())
        assert again["beyond_target"] == []  # nothing held asked again (the pictures above all)
    else:  # no incremental mode: a full recrawl, a complete copy of the 210-post blog again
        full = counts.minimum_requests(CachedSite(synthetic_posts(SMALL + 10)))
        assert (again["by_kind"], again["repeats"]) == (dict(full), 0)
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
    floor = offline["floor"]  # every post page parsed once (and the listings and feeds)
    assert (floor["posts"], floor["per_second"]) == (SMALL, round(SMALL / floor["seconds"], 1))


def test_floor_ratio_and_line() -> None:
    scored = {"posts": 100, "title": 1.0, "day": 1.0, "minute": 1.0, "text": 1.0}
    offline = {
        "archiver extract": {**scored, "per_second": 600.0},
        "parse_post": {**scored, "per_second": 1500.0},
        "trafilatura": {**scored, "per_second": 200.0},
        "floor": {"posts": 100, "seconds": 0.04, "per_second": 2500.0},
        "dateparser_calls": 0,
        "distinct_date_strings": 3,
    }
    numbers = {"minimum": {"post": 100}, "crawl": {"total": 100}, "offline": offline}
    found = ratios(numbers)
    assert (found["extraction_speed"], found["parser_speed"], found["floor_speed"]) == (
        3.0,
        7.5,
        12.5,
    )
    assert offline_lines(numbers, found)[5] == (
        "   floor: the WARC read once and lxml's parse of the posts, listings and feeds, "
        "nothing selected: 2500.0 posts/s = 12.5x trafilatura, the most an extract parsing "
        "with lxml could reach"
    )


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
    # Every HTML page captured: the dataset's (robots.txt aside) and the categories' listings;
    # feeds, the RSD and XBEL documents and the requisites are not HTML.
    assert len(written) == sum(DATASET.values()) - 1 + MINIMUM["category"] == 281
    assert all(page["title"] != page["url"] for page in written)


def test_small_run_times_the_crawls_end_inside_the_crawl(
    small_run: tuple[Path, dict[str, Any]],
) -> None:
    """bench/endclock.py: the clock's file written at the crawl's exit, its share of the CPU."""
    workdir, numbers = small_run
    clock = json.loads((workdir / "end-clock.json").read_text(encoding="utf-8"))
    close, crawl = numbers["close"], numbers["crawl"]
    assert close["close_cpu_s"] == clock["close_cpu_s"] == close["cpu_s"]
    assert close["pages"] == crawl["pages"] == sum(MINIMUM.values())
    assert 0 < close["cpu_s"] < crawl["cpu_s"]
    assert close["children_cpu_s"] == 0  # no child process at the end of a crawl now
