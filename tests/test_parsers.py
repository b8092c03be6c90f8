"""Parsers on saved pages: tests/fixtures/<kind>/<case>/{page.*, url.txt, expected.json}.

The pages are the sample blog's renders under three Dotclear template sets; every expected.json
is written from the sample's source content, not from the parsers' output.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from archiver.dotclear.feeds import parse_feed
from archiver.dotclear.parsers import (
    absolute,
    listed_posts,
    parse_html,
    parse_listing,
    parse_post,
    post_id,
)
from archiver.dotclear.text import block_text

FIXTURES = Path(__file__).parent / "fixtures"
# hrefs whose host is empty: the page's host, as urljoin gives it (not the host of a shared
# resolution's stand-in base, nor the root of the page's host).
EMPTY_HOSTS = {
    "//": "http://blog.example.com/post/a?x=1",
    "http://": "http://blog.example.com/post/a?x=1",
    "//?q": "http://blog.example.com/post/a?q",
    "///p": "http://blog.example.com/p",
    "http:///p": "http://blog.example.com/p",
    "//h.example.org/p": "http://h.example.org/p",
    "/p": "http://blog.example.com/p",
}


def load(kind: str) -> list[tuple[str, str, bytes, Any]]:
    cases = []
    for folder in sorted((FIXTURES / kind).iterdir()):
        page = next(folder.glob("page.*"))
        url = (folder / "url.txt").read_text(encoding="utf-8").strip()
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        cases.append((folder.name, url, page.read_bytes(), expected))
    return cases


def decoded(folder: str, body: bytes) -> str:
    """The page as Scrapy's TextResponse would decode it."""
    return body.decode("iso-8859-1" if "latin1" in folder else "utf-8")


POSTS = load("post")
POST_FIELDS = ["title", "dotclear_id", "author", "category", "tags", "body_text", "dates"]


@pytest.mark.parametrize("field", POST_FIELDS)
@pytest.mark.parametrize(("case", "url", "body", "expected"), POSTS, ids=[c[0] for c in POSTS])
def test_post_field(case: str, url: str, body: bytes, expected: dict, field: str) -> None:
    post = parse_post(url, decoded(case, body))
    value = asdict(post.dates) if field == "dates" else getattr(post, field)
    assert value == expected[field]


@pytest.mark.parametrize(("case", "url", "body", "expected"), POSTS, ids=[c[0] for c in POSTS])
def test_post_comments(case: str, url: str, body: bytes, expected: dict) -> None:
    comments = parse_post(url, decoded(case, body)).comments
    got = [
        {
            "author": c.author,
            "website": c.website,
            "date_text": c.dates.text,
            "body_text": c.body_text,
        }
        for c in comments
    ]
    assert got == expected["comments"]


@pytest.mark.parametrize(("case", "url", "body", "expected"), POSTS, ids=[c[0] for c in POSTS])
def test_post_body_has_no_chrome(case: str, url: str, body: bytes, expected: dict) -> None:
    post = parse_post(url, decoded(case, body))
    for chrome in ("prelude", "sidebar", "post-tags", "comment", "Fil des", "Aller au"):
        assert chrome not in post.body_html
    assert post.body_html.startswith("<p>")
    assert post.url == url
    assert post.id == post_id(url)


def test_post_bytes_input_matches_text_input() -> None:
    case, url, body, _ = next(c for c in POSTS if c[0] == "default-latin1")
    from_bytes = parse_post(url, body)
    from_text = parse_post(url, decoded(case, body))
    assert from_bytes == from_text


LISTINGS = load("listing")
LISTING_FIELDS = ["post_urls", "page_urls", "current_page", "page_count", "day_by_post"]


@pytest.mark.parametrize("field", LISTING_FIELDS)
@pytest.mark.parametrize(
    ("case", "url", "body", "expected"), LISTINGS, ids=[c[0] for c in LISTINGS]
)
def test_listing_field(case: str, url: str, body: bytes, expected: dict, field: str) -> None:
    listing = parse_listing(url, decoded(case, body))
    assert getattr(listing, field) == expected[field]


@pytest.mark.parametrize(
    ("case", "url", "body", "expected"), LISTINGS, ids=[c[0] for c in LISTINGS]
)
def test_listed_posts_are_the_listing_s(case: str, url: str, body: bytes, expected: dict) -> None:
    """`archiver extract`'s lighter read of a listing: its posts, as parse_listing finds them."""
    assert listed_posts(url, decoded(case, body)) == expected["post_urls"]


def test_listed_posts_without_post_blocks_are_its_post_links() -> None:
    html = (
        '<div id="content"><ul><li><a href="/post/2007/01/02/b">b</a></li>'
        '<li><a href="/tag/x">x</a></li><li><a href="/post/2007/01/01/a">a</a></li></ul></div>'
    )
    url = "http://blog.example.org/archive/2007/01"
    want = [
        "http://blog.example.org/post/2007/01/02/b",
        "http://blog.example.org/post/2007/01/01/a",
    ]
    assert listed_posts(url, html) == parse_listing(url, html).post_urls == want


def test_listing_links_sorted_by_url_shape() -> None:
    case, url, body, _ = next(c for c in LISTINGS if c[0] == "default-tag-page2")
    links = parse_listing(url, decoded(case, body)).links
    base = "http://blog.jeanlucraymond.net/"
    assert sorted(links.tags) == sorted(
        base + "tag/" + t
        for t in (
            "Espaces%20Publics%20Num%C3%A9riques",
            "TIC",
            "economie%20sociale%20et%20solidaire",
            "inclusion%20num%C3%A9rique",
            "tendance",
        )
    )
    assert links.tag_index == [base + "tags"]
    assert links.feeds == [
        base + "feed/tag/economie%20sociale%20et%20solidaire/atom",
        base + "feed/atom",
    ]
    assert base + "archive" in links.archives


FEEDS = load("feed")


@pytest.mark.parametrize(("case", "url", "body", "expected"), FEEDS, ids=[c[0] for c in FEEDS])
def test_feed_entries(case: str, url: str, body: bytes, expected: list) -> None:
    assert [asdict(entry) for entry in parse_feed(url, body)] == expected


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Un</p><p>Deux</p>", "Un\n\nDeux"),
        ("<p>Un<br>deux</p>", "Un\ndeux"),
        ("<p>  Un \n  mot  </p>", "Un mot"),
        ("<p>Texte<script>alert(1)</script> fin</p>", "Texte fin"),
        ("<ul><li>a</li><li>b</li></ul>", "a\n\nb"),
        ("<p>deux\u00a0: points</p>", "deux\u00a0: points"),
        ("<p>a <em>b</em> c</p><p></p><p>\u00a0</p>", "a b c"),
    ],
    ids=["paragraphs", "br", "spaces", "script", "list", "nbsp-kept", "empty-dropped"],
)
def test_block_text(html: str, text: str) -> None:
    doc = parse_html("http://blog.example.org/", f"<html><body><div>{html}</div></body></html>")
    assert block_text(doc.xpath("//body/div")) == text


def test_post_id_ignores_host_and_percent_encoding() -> None:
    a = post_id("http://blog.example.org/post/2006/12/24/Z%C3%A9bu")
    b = post_id("https://other.example.net/post/2006/12/24/Zébu")
    # sha1 of the decoded path "/post/2006/12/24/Zébu", first 16 hex digits
    assert a == b == "8c70feaee5ae4bdf"


def test_head_metadata_names_and_their_case() -> None:
    """`date`, `dc.date` and `dc.creator` match in any case, `author` and `dc.title` exactly;
    a blank content is no value; <time datetime> in the content comes first."""
    head = (
        '<meta name="Author" content="Not this one">'
        '<meta name="dc.title" content=" ">'
        '<meta name="DC.Creator" content=" Jean-Luc ">'
        '<meta name="DATE" content="">'
        '<meta name="Dc.DaTe" content="2006-03-27T09:24:00+02:00">'
    )
    body = '<div class="post" id="p1"><div class="post-content"><p>x</p></div></div>'
    page = f"<html><head><title>T - Blog</title>{head}</head><body>{body}</body></html>"
    post = parse_post("http://blog.example.org/post/x", page)
    assert (post.author, post.title) == ("Jean-Luc", "T")
    assert (post.dates.machine, post.dates.machine_source) == (
        "2006-03-27T09:24:00+02:00",
        "meta[name=dc.date]",
    )
    timed = page.replace("<p>x</p>", '<p><time datetime="2006-03-28">x</time></p>')
    timed = timed.replace('class="post"', 'id="content"><div class="post"', 1) + "</div>"
    post = parse_post("http://blog.example.org/post/x", timed)
    assert (post.dates.machine, post.dates.machine_source) == ("2006-03-28", "time[datetime]")


@pytest.mark.parametrize(("href", "url"), EMPTY_HOSTS.items(), ids=EMPTY_HOSTS.keys())
def test_an_empty_host_is_the_pages(href: str, url: str) -> None:
    assert absolute("http://blog.example.com/post/a?x=1", href) == url
