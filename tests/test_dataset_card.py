"""The dataset card: README.md and posts.svg written beside posts.jsonl at the end of a crawl."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

from archiver.dataset.card import Summary, field_rows, render, summarize, write_card
from archiver.dataset.chart import chart_svg, month_range
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


SVG = "{http://www.w3.org/2000/svg}"


def bars(svg: str) -> list[tuple[str, float, float]]:
    """Each bar's tooltip ("2006-12: 3", "TIC: 2"), width and height."""
    found = []
    for rect in ElementTree.fromstring(svg).iter(SVG + "rect"):
        tip = rect.find(SVG + "title")
        if tip is not None:
            found.append(
                (tip.text or "", float(rect.get("width", 0)), float(rect.get("height", 0)))
            )
    return found


def test_crawl_writes_the_chart(default_crawl: Crawl) -> None:
    svg = (default_crawl.output / "posts.svg").read_text(encoding="utf-8")
    months = Counter(to_iso(p.published)[:7] for p in POSTS)
    tags = Counter(tag for p in POSTS for tag in p.tags)
    expected = [f"{m}: {n}" for m, n in sorted(months.items())]
    expected += [f"{t}: {n}" for t, n in sorted(tags.items(), key=lambda t: (-t[1], t[0]))]
    assert [tip for tip, _, _ in bars(svg)] == expected
    assert "![posts per month and per tag](posts.svg)" in (
        default_crawl.output / "README.md"
    ).read_text(encoding="utf-8")


def test_chart_bars_are_to_scale() -> None:
    months = Counter({"2006-11": 2, "2007-02": 4})
    svg = chart_svg(6, months, Counter({"TIC": 4, "a & b": 1}), top_tags=30)
    found = bars(svg)
    assert [tip for tip, _, _ in found] == ["2006-11: 2", "2007-02: 4", "TIC: 4", "a & b: 1"]
    assert found[0][2] * 2 == found[1][2] == 300.0  # the highest month fills the height
    assert found[2][1] == found[3][1] * 4
    assert month_range(months) == ["2006-11", "2006-12", "2007-01", "2007-02"]
    assert "Posts per tag (2 of 2 tags)" in svg and "a &amp; b" in svg


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
    assert bars((tmp_path / "posts.svg").read_text(encoding="utf-8")) == []
