"""The dataset card: README.md and posts.png written beside posts.jsonl at the end of a crawl."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from matplotlib.image import imread

from archiver.dataset.card import Summary, field_rows, render, summarize, write_card
from archiver.dataset.records import post_schema
from archiver.dotclear.dates import to_iso
from archiver.sample_blog.content import POSTS
from tests.conftest import Crawl


def test_crawl_writes_card_with_counts_from_the_source(default_crawl: Crawl) -> None:
    card = (default_crawl.output / "README.md").read_text(encoding="utf-8")
    first = min(to_iso(p.published) for p in POSTS)
    last = max(to_iso(p.published) for p in POSTS)
    comments = sum(len(p.comments) for p in POSTS)
    untagged = sum(not p.tags for p in POSTS)
    tags = Counter(tag for p in POSTS for tag in p.tags)
    expected = (
        "## Counts\n\n"
        "- posts: 60\n"
        f"- comments: {comments}\n"
        "- dates: 60 minute\n"
        f"- first post: {first}\n"
        f"- last post: {last}\n"
        f"- tags: {len(tags)} ({untagged} posts untagged)\n"
        "- posts traced to a WARC record: 60\n"
    )
    assert expected in card
    assert (comments, untagged, len(tags)) == (16, 8, 5)
    table = "\n".join(
        f"| {tag} | {n} |" for tag, n in sorted(tags.items(), key=lambda t: (-t[1], t[0]))
    )
    assert f"| tag | posts |\n|---|---|\n{table}\n" in card
    assert f"- start URLs: {default_crawl.server.url}\n" in card
    assert "- commenters pseudonymised: no\n" in card
    warc = default_crawl.warcs[0].name
    assert f"- WARC file: {warc}\n" in card


def test_card_lists_every_schema_field(default_crawl: Crawl) -> None:
    card = (default_crawl.output / "README.md").read_text(encoding="utf-8")
    for row in field_rows(post_schema()):
        assert row in card
    assert "| `comments[].published_source` | string or null |" in card
    assert "| `warc.offset` | integer |" in card


def test_crawl_writes_the_plot(default_crawl: Crawl) -> None:
    path = default_crawl.output / "posts.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert imread(path).shape[:2] == (900, 1100)


def test_summary_counts_months_tags_and_precision() -> None:
    records = [
        {"published": "2006-12-24T15:32:00+01:00", "published_precision": "minute",
         "tags": ["TIC"], "comments": [{}], "warc": {"offset": 1}},
        {"published": "2007-02-01T00:00:00+01:00", "published_precision": "day",
         "tags": ["TIC", "tendance"], "comments": [], "warc": None},
        {"published": None, "published_precision": None, "tags": [], "comments": [{}, {}]},
    ]  # fmt: skip
    summary = summarize(records)
    assert summary == Summary(
        posts=3,
        comments=3,
        precision=Counter({"minute": 1, "day": 1, "none": 1}),
        months=Counter({"2006-12": 1, "2007-02": 1}),
        tags=Counter({"TIC": 2, "tendance": 1}),
        untagged=1,
        first="2006-12-24T15:32:00+01:00",
        last="2007-02-01T00:00:00+01:00",
        with_warc=1,
    )
    card = render(summary, {"start URLs": "http://blog.example.org/"})
    assert "- dates: 1 day, 1 minute, 1 none\n" in card
    assert "| TIC | 2 |\n| tendance | 1 |\n" in card


def test_empty_dataset_still_gets_a_card(tmp_path: Path) -> None:
    (tmp_path / "posts.jsonl").write_text("", encoding="utf-8")
    summary = write_card(tmp_path, {})
    assert summary.posts == 0
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "- first post: unknown\n" in card
    assert (tmp_path / "posts.png").exists()
